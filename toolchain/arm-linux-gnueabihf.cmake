# Cross-build for 32-bit ARM boards (armhf): Debian 12's cross compiler and
# a sysroot of Debian 12 armhf packages (toolchain/sysroot.sh armhf).
set(BL_DEB_ARCH armhf)
set(BL_TRIPLET arm-linux-gnueabihf)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(BL_QEMU qemu-arm)
include(${CMAKE_CURRENT_LIST_DIR}/cross-common.cmake)
