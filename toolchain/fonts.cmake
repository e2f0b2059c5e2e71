# The firmware's fonts: the faces the board uses, subset from Debian's
# fonts-noto-cjk at build time to what a board needs, so that a board
# without the full 90 MB of CJK collections renders every demo page
# identically (README "Fonts").
#
# Included from the top CMakeLists.txt.  With BL_SUBSET_FONTS (the default)
# `cmake --install` and `cpack` build the target bl_fonts first, and install
# its faces to share/baolan/fonts/ beside fonts.list (whose `dir = .` makes
# the board look there first, then in /usr/share/fonts/opentype/noto for full
# fonts).  A plain build never subsets: `cmake --build build --target
# bl_fonts` does it by hand.
#
# What is kept: every two-byte GB 2312 character (generated with glibc's
# iconv), ASCII, Latin-1, general punctuation, CJK symbols and punctuation,
# the full-width forms, every code point of the line-breaking tables in
# firmware/src/text/text.c, and every character of the demo articles, the
# configuration and theme, and the program's sources (its fixed UI strings:
# 暂无新闻, 第…页, 年月日, 星期日一二三四五六, ◆, …).  The layout
# features the board shapes with, the vertical metrics and BASE stay.
#
# Emoji and CJK Extension B (issue 11): Noto Color Emoji (fonts-noto-color-
# emoji) cut to the emoji of toolchain/fonts-emoji.txt and the sequences
# made of them (about 1000 glyphs, 2.4 MB; the whole RGI set is the full
# 10.5 MB font), and HanaMinB (fonts-hanazono) cut to the 2108 Extension B
# characters of toolchain/fonts-extb.txt (about 1 MB).  Each is made only
# when its Debian font is on the build machine.
#
# The subsetter is bl-fontsubset (toolchain/fontsubset/), a HarfBuzz tool
# built for the build machine also when cross-compiling: see fontsubset.c
# for why not the hb-subset command.
#
# This file is also a script (cmake -P) for the build steps:
#   -DBL_FONTS_STEP=charset -DBL_CHARSET_DIR=DIR -DBL_TEXT_C=FILE
#       writes DIR/gb2312.txt and DIR/unicodes.txt
#   -DBL_FONTS_STEP=report -DBL_FONTS_DIR=DIR
#       prints the size of every subset face in DIR

if(CMAKE_SCRIPT_MODE_FILE)
  cmake_minimum_required(VERSION 3.22)

  if(BL_FONTS_STEP STREQUAL "charset")
    # GB 2312: rows A1-F7 by columns A1-FE, one code a line; iconv -c drops
    # the unassigned ones.  7445 characters (682 symbols, 6763 hanzi).
    find_program(BL_ICONV iconv REQUIRED)
    set(raw "")
    foreach(row RANGE 161 247)
      foreach(col RANGE 161 254)
        string(ASCII ${row} ${col} 10 ch)
        string(APPEND raw "${ch}")
      endforeach()
    endforeach()
    file(MAKE_DIRECTORY ${BL_CHARSET_DIR})
    file(WRITE ${BL_CHARSET_DIR}/gb2312.raw "${raw}")
    execute_process(COMMAND ${BL_ICONV} -c -f GB2312 -t UTF-8 ${BL_CHARSET_DIR}/gb2312.raw
      OUTPUT_FILE ${BL_CHARSET_DIR}/gb2312.tmp RESULT_VARIABLE rc ERROR_VARIABLE err)
    file(STRINGS ${BL_CHARSET_DIR}/gb2312.tmp chars ENCODING UTF-8 REGEX ".")
    list(LENGTH chars n)
    if(NOT n EQUAL 7445)
      message(FATAL_ERROR "iconv -f GB2312 gave ${n} characters, not 7445 (${rc}: ${err})")
    endif()
    file(RENAME ${BL_CHARSET_DIR}/gb2312.tmp ${BL_CHARSET_DIR}/gb2312.txt)
    file(REMOVE ${BL_CHARSET_DIR}/gb2312.raw)

    # Ranges, and the code points of text.c's punctuation table ({0x3001, BL_CC_PAUSE}).
    set(ranges
      "20-7E      # ASCII"
      "A0-FF      # Latin-1: no-break space, ¥ £ ° · × ÷"
      "2000-206F  # general punctuation: spaces, dashes, quotes, ‰ ′ ″ ‼ ⁇ ⁈ ⁉ …"
      "3000-303F  # CJK symbols and punctuation"
      "FF01-FF5E  # full-width forms"
      "FFE0-FFE6  # full-width signs ￠ ￡ ￥"
      "FFFD       # what invalid UTF-8 becomes"
      "# firmware/src/text/text.c")
    file(STRINGS ${BL_TEXT_C} table REGEX "^ *\\{0x[0-9A-Fa-f]+, BL_CC_")
    foreach(line IN LISTS table)
      string(REGEX REPLACE "^ *\\{0x([0-9A-Fa-f]+),.*" "\\1" cp "${line}")
      list(APPEND ranges ${cp})
    endforeach()
    list(JOIN ranges "\n" text)
    file(WRITE ${BL_CHARSET_DIR}/unicodes.txt "${text}\n")
    return()
  endif()

  if(BL_FONTS_STEP STREQUAL "report")
    file(GLOB faces ${BL_FONTS_DIR}/*-subset.otf ${BL_FONTS_DIR}/*-subset.ttf)
    set(total 0)
    foreach(f IN LISTS faces)
      file(SIZE ${f} size)
      math(EXPR total "${total} + ${size}")
      math(EXPR kib "${size} / 1024")
      get_filename_component(name ${f} NAME)
      message(STATUS "baolan: ${name}: ${kib} KiB")
    endforeach()
    math(EXPR kib "${total} / 1024")
    message(STATUS "baolan: subset fonts: ${kib} KiB in all")
    return()
  endif()

  message(FATAL_ERROR "fonts.cmake: unknown BL_FONTS_STEP '${BL_FONTS_STEP}'")
endif()

# ---- included from CMakeLists.txt ------------------------------------------

option(BL_SUBSET_FONTS "Install subset Noto CJK SC faces with the firmware (made when installing)" ON)
set(BL_NOTO_DIR /usr/share/fonts/opentype/noto CACHE PATH
    "Where the build machine's full Noto CJK collections are (Debian's fonts-noto-cjk)")

if(NOT BL_SUBSET_FONTS)
  return()
endif()

# The faces the board uses (assets/theme.ini: body, headline, sans and
# fallback faces): output file | family | style.
set(BL_SUBSET_FACES
  "NotoSerifCJKsc-Regular-subset.otf|Noto Serif CJK SC|Regular"
  "NotoSansCJKsc-Regular-subset.otf|Noto Sans CJK SC|Regular"
  "NotoSansCJKsc-Bold-subset.otf|Noto Sans CJK SC|Bold")

set(_bl_fonts_script ${CMAKE_CURRENT_LIST_FILE})
set(_bl_fonts_dir ${CMAKE_BINARY_DIR}/fonts)
set(_bl_charset ${_bl_fonts_dir}/charset)

# The subsetter, configured and built as a project of its own with the
# build machine's compiler: none of the cross toolchain's settings reach it.
set(_bl_tool_dir ${CMAKE_BINARY_DIR}/fontsubset)
set(BL_FONTSUBSET ${_bl_tool_dir}/bl-fontsubset)
add_custom_command(OUTPUT ${BL_FONTSUBSET}
  COMMAND ${CMAKE_COMMAND} -E env --unset=CMAKE_TOOLCHAIN_FILE --unset=PKG_CONFIG_LIBDIR
          --unset=PKG_CONFIG_SYSROOT_DIR --unset=PKG_CONFIG_PATH --unset=CC --unset=CFLAGS --unset=LDFLAGS
          ${CMAKE_COMMAND} -S ${CMAKE_SOURCE_DIR}/toolchain/fontsubset -B ${_bl_tool_dir}
          -G ${CMAKE_GENERATOR} -DCMAKE_MAKE_PROGRAM=${CMAKE_MAKE_PROGRAM} -DCMAKE_BUILD_TYPE=Release
  COMMAND ${CMAKE_COMMAND} --build ${_bl_tool_dir}
  DEPENDS ${CMAKE_SOURCE_DIR}/toolchain/fontsubset/fontsubset.c
          ${CMAKE_SOURCE_DIR}/toolchain/fontsubset/CMakeLists.txt
  COMMENT "Building bl-fontsubset for the build machine"
  VERBATIM)

add_custom_command(OUTPUT ${_bl_charset}/gb2312.txt ${_bl_charset}/unicodes.txt
  COMMAND ${CMAKE_COMMAND} -DBL_FONTS_STEP=charset -DBL_CHARSET_DIR=${_bl_charset}
          -DBL_TEXT_C=${CMAKE_SOURCE_DIR}/firmware/src/text/text.c -P ${_bl_fonts_script}
  DEPENDS ${_bl_fonts_script} ${CMAKE_SOURCE_DIR}/firmware/src/text/text.c
  COMMENT "Listing the characters of the subset fonts (GB 2312 and punctuation)"
  VERBATIM)

# Every character of the installed content and of the program's strings.
file(GLOB_RECURSE _bl_content_text CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/assets/articles/*.txt
  ${CMAKE_SOURCE_DIR}/firmware/src/*.c
  ${CMAKE_SOURCE_DIR}/firmware/src/*.h)
list(APPEND _bl_content_text ${CMAKE_SOURCE_DIR}/assets/baolan.ini ${CMAKE_SOURCE_DIR}/assets/theme.ini)
list(SORT _bl_content_text)
set(_bl_text_args --text ${_bl_charset}/gb2312.txt)
foreach(f IN LISTS _bl_content_text)
  list(APPEND _bl_text_args --text ${f})
endforeach()
file(GLOB _bl_noto_files ${BL_NOTO_DIR}/*.ttc ${BL_NOTO_DIR}/*.otf)

set(BL_SUBSET_FONT_FILES "")
foreach(face IN LISTS BL_SUBSET_FACES)
  string(REPLACE "|" ";" face "${face}")
  list(GET face 0 file)
  list(GET face 1 family)
  list(GET face 2 style)
  add_custom_command(OUTPUT ${_bl_fonts_dir}/${file}
    COMMAND ${BL_FONTSUBSET} --font ${BL_NOTO_DIR} --family ${family} --style ${style}
            --out ${_bl_fonts_dir}/${file} ${_bl_text_args} --unicodes-file ${_bl_charset}/unicodes.txt
    DEPENDS ${BL_FONTSUBSET} ${_bl_charset}/gb2312.txt ${_bl_charset}/unicodes.txt ${_bl_content_text}
            ${_bl_noto_files}
    COMMENT "Subsetting ${family} ${style}"
    VERBATIM)
  list(APPEND BL_SUBSET_FONT_FILES ${_bl_fonts_dir}/${file})
endforeach()

# Emoji and Extension B: their own character lists, no GB 2312.
set(BL_EMOJI_DIR /usr/share/fonts/truetype/noto CACHE PATH
    "Where the build machine's Noto Color Emoji is (Debian's fonts-noto-color-emoji)")
set(BL_HANAZONO_DIR /usr/share/fonts/truetype/hanazono CACHE PATH
    "Where the build machine's HanaMinB is (Debian's fonts-hanazono)")
foreach(face
    "NotoColorEmoji-subset.ttf|Noto Color Emoji|${BL_EMOJI_DIR}/NotoColorEmoji.ttf|--text|fonts-emoji.txt"
    "HanaMinB-subset.ttf|HanaMinB|${BL_HANAZONO_DIR}/HanaMinB.ttf|--unicodes-file|fonts-extb.txt")
  string(REPLACE "|" ";" face "${face}")
  list(GET face 0 file)
  list(GET face 1 family)
  list(GET face 2 src)
  list(GET face 3 how)
  list(GET face 4 list)
  if(NOT EXISTS ${src})
    message(STATUS "baolan: ${src} not found: the firmware gets no ${family} subset")
    continue()
  endif()
  add_custom_command(OUTPUT ${_bl_fonts_dir}/${file}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${_bl_fonts_dir}
    COMMAND ${BL_FONTSUBSET} --font ${src} --family ${family} --style Regular
            --out ${_bl_fonts_dir}/${file} ${how} ${CMAKE_SOURCE_DIR}/toolchain/${list}
    DEPENDS ${BL_FONTSUBSET} ${src} ${CMAKE_SOURCE_DIR}/toolchain/${list}
    COMMENT "Subsetting ${family}"
    VERBATIM)
  list(APPEND BL_SUBSET_FONT_FILES ${_bl_fonts_dir}/${file})
endforeach()

add_custom_target(bl_fonts
  COMMAND ${CMAKE_COMMAND} -DBL_FONTS_STEP=report -DBL_FONTS_DIR=${_bl_fonts_dir} -P ${_bl_fonts_script}
  DEPENDS ${BL_SUBSET_FONT_FILES}
  COMMENT "The firmware's subset fonts"
  VERBATIM)

# Installing builds them first (they are not part of `all`), then installs them.
install(CODE "
  message(STATUS \"baolan: making the subset fonts (target bl_fonts)\")
  execute_process(COMMAND \"${CMAKE_COMMAND}\" --build \"${CMAKE_BINARY_DIR}\" --target bl_fonts
                  RESULT_VARIABLE _bl_rc)
  if(_bl_rc)
    message(FATAL_ERROR \"baolan: the subset fonts failed (${CMAKE_BINARY_DIR}, target bl_fonts); \"
                        \"-DBL_SUBSET_FONTS=OFF installs without them\")
  endif()")
install(FILES ${BL_SUBSET_FONT_FILES} DESTINATION ${CMAKE_INSTALL_DATADIR}/baolan/fonts)
