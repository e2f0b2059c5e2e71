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
# The Traditional faces (BL_FONTS_TC, on by default; also turned on when an
# installed demo article says lang: zh-Hant, zh-TW or zh-HK): the TC faces
# of the same families, subset to the common Big5 set (the 5401 常用字 of
# Big5 level 1 and the 409 symbols of rows A1-A3, with iconv -f BIG5 as GB
# 2312 is), what OpenCC's s2tw makes of GB 2312's level-1 hanzi (the board's script = traditional: ordinary Simplified text
# converted has no box), the same punctuation ranges, and every character of the
# Traditional articles in assets/articles and tests/data (hant-*.txt),
# keeping the zh-Hant (ZHT) language system.  An HK article uses them too
# when no HK face is installed (render/engine.c).
#
# The subsetter is bl-fontsubset (toolchain/fontsubset/), a HarfBuzz tool
# built for the build machine also when cross-compiling: see fontsubset.c
# for why not the hb-subset command.
#
# This file is also a script (cmake -P) for the build steps:
#   -DBL_FONTS_STEP=charset -DBL_CHARSET_DIR=DIR -DBL_TEXT_C=FILE [-DBL_OPENCC=opencc]
#       writes DIR/gb2312.txt, DIR/big5.txt, DIR/s2tw.txt and DIR/unicodes.txt
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

    # Big5's common set: the symbols of rows A1-A3 and level 1, the 5401
    # 常用字 from A440 to C67E; each row by columns 40-7E and A1-FE.
    # 5810 characters (409 symbols, 5401 hanzi).
    set(raw "")
    foreach(row RANGE 161 198)
      foreach(col RANGE 64 254)
        if((col GREATER 126 AND col LESS 161) OR (row EQUAL 198 AND col GREATER 126))
          continue()
        endif()
        string(ASCII ${row} ${col} 10 ch)
        string(APPEND raw "${ch}")
      endforeach()
    endforeach()
    file(WRITE ${BL_CHARSET_DIR}/big5.raw "${raw}")
    execute_process(COMMAND ${BL_ICONV} -c -f BIG5 -t UTF-8 ${BL_CHARSET_DIR}/big5.raw
      OUTPUT_FILE ${BL_CHARSET_DIR}/big5.tmp RESULT_VARIABLE rc ERROR_VARIABLE err)
    file(STRINGS ${BL_CHARSET_DIR}/big5.tmp chars ENCODING UTF-8 REGEX ".")
    list(LENGTH chars n)
    if(NOT n EQUAL 5810)
      message(FATAL_ERROR "iconv -f BIG5 gave ${n} characters, not 5810 (${rc}: ${err})")
    endif()
    file(RENAME ${BL_CHARSET_DIR}/big5.tmp ${BL_CHARSET_DIR}/big5.txt)
    file(REMOVE ${BL_CHARSET_DIR}/big5.raw)

    # What a board with script = traditional makes of ordinary Simplified
    # text: the 3755 level-1 hanzi of GB 2312 (after its 682 symbols)
    # through OpenCC's s2tw (the conversion the board
    # uses, content/script.c): 93 characters outside Big5's common set,
    # such as 饋 (反馈).  Needs the opencc command.
    if(BL_OPENCC)
      file(STRINGS ${BL_CHARSET_DIR}/gb2312.txt chars ENCODING UTF-8 REGEX ".")
      list(SUBLIST chars 682 3755 chars)
      list(JOIN chars "\n" text)
      file(WRITE ${BL_CHARSET_DIR}/gb2312-1.txt "${text}\n")
      execute_process(COMMAND ${BL_OPENCC} -c s2tw.json -i ${BL_CHARSET_DIR}/gb2312-1.txt -o ${BL_CHARSET_DIR}/s2tw.tmp
        RESULT_VARIABLE rc ERROR_VARIABLE err)
      if(rc)
        message(FATAL_ERROR "opencc -c s2tw.json failed (${rc}: ${err})")
      endif()
      file(RENAME ${BL_CHARSET_DIR}/s2tw.tmp ${BL_CHARSET_DIR}/s2tw.txt)
    else()
      file(WRITE ${BL_CHARSET_DIR}/s2tw.txt "")
    endif()

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
option(BL_FONTS_TC "Also install subset Noto CJK TC faces (the common Big5 set) for Traditional articles" ON)
set(BL_NOTO_DIR /usr/share/fonts/opentype/noto CACHE PATH
    "Where the build machine's full Noto CJK collections are (Debian's fonts-noto-cjk)")

if(NOT BL_SUBSET_FONTS)
  return()
endif()

# Traditional content asks for the TC faces: a demo article in zh-Hant,
# zh-TW or zh-HK installs them even with -DBL_FONTS_TC=OFF.
file(GLOB _bl_demo_articles ${CMAKE_SOURCE_DIR}/assets/articles/*.txt)
set(_bl_tc_content "")
foreach(f IN LISTS _bl_demo_articles)
  file(STRINGS ${f} _bl_lang REGEX "^(lang|语言) *[:：] *[zZ][hH][-_]([hH][aA][nN][tT]|[tT][wW]|[hH][kK]|[mM][oO])")
  if(_bl_lang)
    list(APPEND _bl_tc_content ${f})
  endif()
endforeach()
if(_bl_tc_content AND NOT BL_FONTS_TC)
  message(STATUS "baolan: installing the TC subset fonts: the demo content has Traditional articles")
  set(BL_FONTS_TC ON)
endif()

# The faces the board uses (assets/theme.ini: body, headline, sans and
# fallback faces, and their TC counterparts for Traditional articles):
# output file | family | style | characters (gb2312 or big5) | language
# system kept.
set(BL_SUBSET_FACES
  "NotoSerifCJKsc-Regular-subset.otf|Noto Serif CJK SC|Regular|gb2312|ZHS"
  "NotoSansCJKsc-Regular-subset.otf|Noto Sans CJK SC|Regular|gb2312|ZHS"
  "NotoSansCJKsc-Bold-subset.otf|Noto Sans CJK SC|Bold|gb2312|ZHS")
if(BL_FONTS_TC)
  list(APPEND BL_SUBSET_FACES
    "NotoSerifCJKtc-Regular-subset.otf|Noto Serif CJK TC|Regular|big5|ZHT"
    "NotoSansCJKtc-Regular-subset.otf|Noto Sans CJK TC|Regular|big5|ZHT"
    "NotoSansCJKtc-Bold-subset.otf|Noto Sans CJK TC|Bold|big5|ZHT")
endif()

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

# OpenCC's command line (Debian: opencc) lists what script = traditional
# makes of GB 2312 for the TC faces.
find_program(BL_OPENCC_COMMAND opencc)
if(BL_FONTS_TC AND NOT BL_OPENCC_COMMAND)
  message(STATUS "baolan: no opencc command (apt-get install opencc): the TC subset fonts will lack "
                 "93 characters (饋 …) that script = traditional makes of ordinary Simplified text")
endif()
add_custom_command(OUTPUT ${_bl_charset}/gb2312.txt ${_bl_charset}/big5.txt ${_bl_charset}/s2tw.txt
                          ${_bl_charset}/unicodes.txt
  COMMAND ${CMAKE_COMMAND} -DBL_FONTS_STEP=charset -DBL_CHARSET_DIR=${_bl_charset} -DBL_OPENCC=${BL_OPENCC_COMMAND}
          -DBL_TEXT_C=${CMAKE_SOURCE_DIR}/firmware/src/text/text.c -P ${_bl_fonts_script}
  DEPENDS ${_bl_fonts_script} ${CMAKE_SOURCE_DIR}/firmware/src/text/text.c
  COMMENT "Listing the characters of the subset fonts (GB 2312, Big5 and punctuation)"
  VERBATIM)

# Every character of the installed content and of the program's strings.
file(GLOB_RECURSE _bl_content_text CONFIGURE_DEPENDS
  ${CMAKE_SOURCE_DIR}/assets/articles/*.txt
  ${CMAKE_SOURCE_DIR}/firmware/src/*.c
  ${CMAKE_SOURCE_DIR}/firmware/src/*.h)
list(APPEND _bl_content_text ${CMAKE_SOURCE_DIR}/assets/baolan.ini ${CMAKE_SOURCE_DIR}/assets/theme.ini)
list(SORT _bl_content_text)
set(_bl_text_args_gb2312 --text ${_bl_charset}/gb2312.txt)
foreach(f IN LISTS _bl_content_text)
  list(APPEND _bl_text_args_gb2312 --text ${f})
endforeach()
# The TC faces: Big5 and every character of the Traditional articles.
file(GLOB _bl_tc_text CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/data/hant-*.txt)
list(APPEND _bl_tc_text ${_bl_tc_content})
list(SORT _bl_tc_text)
set(_bl_text_args_big5 --text ${_bl_charset}/big5.txt --text ${_bl_charset}/s2tw.txt)
foreach(f IN LISTS _bl_tc_text)
  list(APPEND _bl_text_args_big5 --text ${f})
endforeach()
list(APPEND _bl_content_text ${_bl_tc_text})
file(GLOB _bl_noto_files ${BL_NOTO_DIR}/*.ttc ${BL_NOTO_DIR}/*.otf)

set(BL_SUBSET_FONT_FILES "")
foreach(face IN LISTS BL_SUBSET_FACES)
  string(REPLACE "|" ";" face "${face}")
  list(GET face 0 file)
  list(GET face 1 family)
  list(GET face 2 style)
  list(GET face 3 set)
  list(GET face 4 language)
  add_custom_command(OUTPUT ${_bl_fonts_dir}/${file}
    COMMAND ${BL_FONTSUBSET} --font ${BL_NOTO_DIR} --family ${family} --style ${style}
            --out ${_bl_fonts_dir}/${file} ${_bl_text_args_${set}} --unicodes-file ${_bl_charset}/unicodes.txt
            --language ${language}
    DEPENDS ${BL_FONTSUBSET} ${_bl_charset}/${set}.txt ${_bl_charset}/unicodes.txt ${_bl_content_text}
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
