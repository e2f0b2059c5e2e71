# The Debian package: CPack's DEB generator over the install rules
# (firmware/CMakeLists.txt, toolchain/install.cmake, toolchain/fonts.cmake).
#
#   toolchain/dev.sh deb [amd64|arm64|armhf]
#
# or by hand: configure with -DCMAKE_INSTALL_PREFIX=/usr (natively, or with
# a cross toolchain file), build, then `cpack -G DEB` in the build folder:
# baolan_VERSION_ARCH.deb.  The package installs the program, the demo
# content and theme, the subset fonts, /etc/baolan/baolan.ini (a conffile)
# and the systemd unit; its maintainer scripts (firmware/debian/) create the
# system user baolan and /var/lib/baolan and enable the unit, and a purge
# takes them away again.
#
# Depends are listed, not computed: dpkg-shlibdeps cannot read a cross
# build's libraries from a sysroot, and the GPU libraries are loaded by
# SDL at run time, not linked.  tests/boot/ installs the package into a
# minimal Debian 12 with nothing but these and boots it.  The versions are what dpkg-shlibdeps
# gives for the amd64 build against Debian 12; libc6 2.34 is also where the
# 64-bit time functions of the armhf build begin.  libsystemd0 (sd_notify,
# sd_watchdog_enabled: 209) and libdrm2 (the connector's DPMS property:
# 2.4.3) and libqrencode4 (QRcode_encodeString8bit, QRcode_free: 3.2.0)
# are from their symbols files; both are on every Debian that has
# SDL2's KMSDRM and systemd anyway.
# Included from the top CMakeLists.txt, after fonts.cmake and install.cmake.

set(BL_DEB_MAINTAINER "baolan maintainers <baolan@localhost>" CACHE STRING
    "Maintainer field of the Debian package")

if(NOT BL_DEB_ARCH)
  # Native builds: the build machine's architecture.  The cross toolchain
  # files set BL_DEB_ARCH themselves.
  if(CMAKE_CROSSCOMPILING)
    message(WARNING "cross-compiling without BL_DEB_ARCH: the .deb's architecture will be wrong")
  endif()
  find_program(BL_DPKG dpkg)
  if(BL_DPKG)
    execute_process(COMMAND ${BL_DPKG} --print-architecture OUTPUT_VARIABLE BL_DEB_ARCH
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
  else()
    set(BL_DEB_ARCH amd64)
  endif()
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME baolan)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR baolan)
set(CPACK_PACKAGE_CONTACT "${BL_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Chinese community news board for kiosk screens")
# The long description, one line per line of the control file.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
  "baolan (报栏) shows Chinese news articles on a community noticeboard"
  "screen, typeset the way a newspaper does (line-breaking rules, punctuation"
  "compression, justified horizontal or vertical columns) and rotated with"
  "headline screens, a ticker and night hours, fullscreen on the console of"
  "a small board (KMSDRM) without X or Wayland."
  ""
  "The package starts the board at boot (baolan.service, as the system user"
  "baolan) with the configuration /etc/baolan/baolan.ini, and brings the"
  "demo articles and the Noto CJK SC faces it needs, subset to GB 2312.")
set(CPACK_STRIP_FILES TRUE)
# Install with DESTDIR into the package root, so the absolute destinations
# (/etc/baolan, /lib/systemd/system) land inside the package.
set(CPACK_SET_DESTDIR ON)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${BL_DEB_ARCH})
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(_bl_depends
  "libc6 (>= 2.34)"
  "libfreetype6 (>= 2.2.1)"
  "libharfbuzz0b (>= 5.1.0)"
  "libpng16-16 (>= 1.6.2-1)"
  "libsdl2-2.0-0 (>= 2.0.12)"
  "libsdl2-ttf-2.0-0 (>= 2.0.15)"
  "libsystemd0 (>= 209)"
  "libdrm2 (>= 2.4.3)"
  "libqrencode4 (>= 3.2.0)"
  "libsdl2-image-2.0-0 (>= 2.0.2)"
  "libexif12 (>= 0.6.21)"
  "libpoppler-glib8 (>= 22.02.0)"
  "libcairo2 (>= 1.10.0)"
  "libopencc1.1 (>= 1.1.0)"
  "libmicrohttpd12 (>= 0.9.75)"
  "libsodium23 (>= 1.0.18)"
  "libcjson1 (>= 1.7.10)"
  "libgnutls30 (>= 3.7.0)"
  "libmosquitto1 (>= 2.0.11)"
  "libcurl4 (>= 7.85.0)"
  "libxml2 (>= 2.9.10)"
  # What SDL's KMSDRM backend loads at run time (dlopen, so dpkg-shlibdeps
  # would not find them either): EGL through glvnd with Mesa behind it, the
  # GLES 2 library of the renderer the unit asks for (opengles2), and
  # Mesa's DRI drivers, which GBM and EGL open for the GPU (virtio_gpu,
  # kms_swrast for a plain framebuffer such as bochs, the SoC's own on ARM
  # boards).  Without them the board finds no display and runs headless.
  "libegl1"
  "libegl-mesa0"
  "libgles2"
  "libgl1-mesa-dri"
  "adduser")
if(BL_SUBSET_FONTS)
  # The faces are in the package; the full collections only widen what a
  # character outside the subset falls back to.
  set(CPACK_DEBIAN_PACKAGE_SUGGESTS "fonts-noto-cjk, fonts-noto-color-emoji, fonts-hanazono")
else()
  list(APPEND _bl_depends fonts-noto-cjk)
  # every emoji and the rest of Extension B, in the theme's chain
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "fonts-noto-color-emoji, fonts-hanazono")
endif()
list(JOIN _bl_depends ", " CPACK_DEBIAN_PACKAGE_DEPENDS)

# Maintainer scripts and the conffile list.
file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/debian/conffiles CONTENT "@BL_CONFIG_FILE@\n" @ONLY)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${CMAKE_SOURCE_DIR}/firmware/debian/postinst
  ${CMAKE_SOURCE_DIR}/firmware/debian/prerm
  ${CMAKE_SOURCE_DIR}/firmware/debian/postrm
  ${CMAKE_BINARY_DIR}/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

# The program finds its data through the prefix it was configured with
# (BL_DATA_DIR): refuse a package whose files would not be where it looks.
file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/CPackProjectConfig.cmake CONTENT [[
if(CPACK_GENERATOR STREQUAL "DEB" AND NOT "@CMAKE_INSTALL_PREFIX@" STREQUAL "/usr")
  message(FATAL_ERROR "baolan: the Debian package needs a build configured with "
                      "-DCMAKE_INSTALL_PREFIX=/usr (this one has @CMAKE_INSTALL_PREFIX@)")
endif()
]] @ONLY)
set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_BINARY_DIR}/CPackProjectConfig.cmake)

include(CPack)
