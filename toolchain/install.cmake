# What `cmake --install` lays out besides the program (firmware/CMakeLists.txt
# installs bin/baolan) and the subset fonts (toolchain/fonts.cmake):
#
#   share/baolan/assets/articles/*.txt   the demo content
#   share/baolan/assets/theme.ini        the theme
#   share/baolan/assets/admin/           the web page (baolan admin)
#   share/baolan/fonts/fonts.list        where the board looks for faces
#   share/baolan/fonts/LICENSE-OFL-1.1.txt
#   /etc/baolan/baolan.ini               the configuration (SYSCONFDIR), with the
#                                        kiosk's content folder and inbox in
#                                        /var/lib/baolan
#   /lib/systemd/system/baolan.service   the kiosk unit
#   /lib/systemd/system/baolan-admin.service  the web page (off until a password is set)
#   /lib/udev/rules.d/70-baolan-drm.rules the GPU as a systemd device, which
#                                        the unit waits for
#
# The program finds share/baolan through BL_DATA_DIR (the top CMakeLists.txt),
# so the prefix configured is the prefix it runs from: the Debian package
# needs -DCMAKE_INSTALL_PREFIX=/usr (toolchain/package.cmake checks).  With
# that prefix GNUInstallDirs puts the configuration in /etc; with another
# (/usr/local) in PREFIX/etc, and the unit names that binary and that file.
# Included from the top CMakeLists.txt.

install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/articles/
  DESTINATION ${CMAKE_INSTALL_DATADIR}/baolan/assets/articles
  FILES_MATCHING PATTERN "*.txt")
install(FILES ${CMAKE_SOURCE_DIR}/assets/theme.ini DESTINATION ${CMAKE_INSTALL_DATADIR}/baolan/assets)
install(DIRECTORY ${CMAKE_SOURCE_DIR}/assets/admin/ DESTINATION ${CMAKE_INSTALL_DATADIR}/baolan/assets/admin)
install(FILES ${CMAKE_SOURCE_DIR}/fonts/fonts.list ${CMAKE_SOURCE_DIR}/fonts/LICENSE-OFL-1.1.txt
  DESTINATION ${CMAKE_INSTALL_DATADIR}/baolan/fonts)

# The installed configuration is the example with the kiosk's content
# folder and inbox filled in: /var/lib/baolan/content and .../inbox, which
# the unit may read and write (ReadWritePaths) and the package's postinst
# makes (the content folder seeded once with the demo articles).  Purging the
# package keeps both (firmware/debian/postrm).
set(BL_STATE_DIR /var/lib/baolan CACHE PATH "The board's state folder on an installed kiosk (content, inbox)")
set(BL_CONFIG_FILE ${CMAKE_INSTALL_FULL_SYSCONFDIR}/baolan/baolan.ini)
file(READ ${CMAKE_SOURCE_DIR}/assets/baolan.ini _bl_ini)
string(REGEX REPLACE "\nfolder = +# [^\n]*" "\nfolder = ${BL_STATE_DIR}/content   # the articles on screen; put yours here" _bl_ini "${_bl_ini}")
string(REGEX REPLACE "\ninbox = +# [^\n]*" "\ninbox = ${BL_STATE_DIR}/inbox       # raw newspaper pages dropped here are imported into the folder above" _bl_ini "${_bl_ini}")
# the kiosk's control socket, in the board unit's RuntimeDirectory, where
# baolan-admin.service (the same user) finds it
string(REGEX REPLACE "\ncontrol = +# [^\n]*" "\ncontrol = /run/baolan/control.sock  # the socket baolan admin talks to the board through" _bl_ini "${_bl_ini}")
if(NOT _bl_ini MATCHES "folder = ${BL_STATE_DIR}/content" OR NOT _bl_ini MATCHES "inbox = ${BL_STATE_DIR}/inbox"
   OR NOT _bl_ini MATCHES "control = /run/baolan/control.sock")
  message(FATAL_ERROR "assets/baolan.ini: the [content] folder and inbox lines are not where toolchain/install.cmake looks for them")
endif()
file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/etc/baolan.ini CONTENT "${_bl_ini}" @ONLY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/assets/baolan.ini)
install(FILES ${CMAKE_BINARY_DIR}/etc/baolan.ini DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/baolan)

# Debian 12 keeps packaged units in /lib/systemd/system; other prefixes get
# PREFIX/lib/systemd/system (which systemd also reads for /usr/local).
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(_bl_unit_dir /lib/systemd/system)
else()
  set(_bl_unit_dir ${CMAKE_INSTALL_PREFIX}/lib/systemd/system)
endif()
set(BL_SYSTEMD_UNIT_DIR ${_bl_unit_dir} CACHE PATH "Where the systemd unit baolan.service is installed")
string(REPLACE "/systemd/system" "/udev/rules.d" _bl_udev_dir "${_bl_unit_dir}")
install(FILES ${CMAKE_SOURCE_DIR}/firmware/systemd/70-baolan-drm.rules DESTINATION ${_bl_udev_dir})

# The units name the installed program and configuration (and the admin
# unit the password file beside it).
get_filename_component(_bl_config_dir ${BL_CONFIG_FILE} DIRECTORY)
foreach(_bl_u baolan.service baolan-admin.service)
  file(READ ${CMAKE_SOURCE_DIR}/firmware/systemd/${_bl_u} _bl_unit)
  string(REPLACE "/usr/bin/baolan" "${CMAKE_INSTALL_FULL_BINDIR}/baolan" _bl_unit "${_bl_unit}")
  string(REPLACE "/etc/baolan/" "${_bl_config_dir}/" _bl_unit "${_bl_unit}")
  file(CONFIGURE OUTPUT ${CMAKE_BINARY_DIR}/systemd/${_bl_u} CONTENT "${_bl_unit}" @ONLY)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/firmware/systemd/${_bl_u})
  install(FILES ${CMAKE_BINARY_DIR}/systemd/${_bl_u} DESTINATION ${BL_SYSTEMD_UNIT_DIR})
endforeach()
