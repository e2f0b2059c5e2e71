# What the ARM toolchain files share; they set BL_DEB_ARCH, BL_TRIPLET,
# CMAKE_SYSTEM_PROCESSOR and BL_QEMU first.
set(CMAKE_SYSTEM_NAME Linux)
if(DEFINED ENV{BL_SYSROOT_BASE})
  set(BL_SYSROOT $ENV{BL_SYSROOT_BASE}/sysroot-${BL_DEB_ARCH})
else()
  set(BL_SYSROOT /var/cache/baolan-build/sysroot-${BL_DEB_ARCH})
endif()
if(NOT EXISTS ${BL_SYSROOT}/.baolan-sysroot)
  message(FATAL_ERROR "no ${BL_DEB_ARCH} sysroot at ${BL_SYSROOT}: run toolchain/sysroot.sh ${BL_DEB_ARCH}")
endif()
set(CMAKE_SYSROOT ${BL_SYSROOT})
set(CMAKE_C_COMPILER ${BL_TRIPLET}-gcc)
set(CMAKE_FIND_ROOT_PATH ${BL_SYSROOT})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# pkg-config reads the sysroot's .pc files and prefixes their paths
set(ENV{PKG_CONFIG_SYSROOT_DIR} ${BL_SYSROOT})
set(ENV{PKG_CONFIG_LIBDIR} ${BL_SYSROOT}/usr/lib/${BL_TRIPLET}/pkgconfig:${BL_SYSROOT}/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")
# the linker must find the libraries' own dependencies in the sysroot
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,-rpath-link,${BL_SYSROOT}/usr/lib/${BL_TRIPLET} -Wl,-rpath-link,${BL_SYSROOT}/lib/${BL_TRIPLET}")
# tests run under qemu-user with the sysroot as the target's root
set(CMAKE_CROSSCOMPILING_EMULATOR ${BL_QEMU};-L;${BL_SYSROOT})
