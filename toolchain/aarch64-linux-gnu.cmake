# Cross-build for 64-bit ARM boards (arm64): Debian 12's cross compiler and
# a sysroot of Debian 12 arm64 packages (toolchain/sysroot.sh arm64).
# CMAKE_CROSSCOMPILING_EMULATOR makes ctest run the tests under qemu-user.
set(BL_DEB_ARCH arm64)
set(BL_TRIPLET aarch64-linux-gnu)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(BL_QEMU qemu-aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/cross-common.cmake)
