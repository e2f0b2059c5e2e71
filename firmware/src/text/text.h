/*
 * text.h - the character classes Chinese layout needs, and
 * line-break opportunities under the clreq 禁则 levels.  Pure functions, no
 * I/O.  Depends on base.
 */
#ifndef BL_TEXT_H
#define BL_TEXT_H

#include "core/base.h"
#include "core/utf8.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Character classes used by layout.  Punctuation classes follow clreq. */
typedef enum {
    BL_CC_OTHER = 0,  /* symbols and anything unclassified */
    BL_CC_HAN,        /* ideographs, kana, hangul, full-width letters */
    BL_CC_LATIN,      /* Latin, Greek, Cyrillic letters */
    BL_CC_DIGIT,      /* 0-9, full-width and superscript digits */
    BL_CC_SPACE,      /* U+0020, U+3000 and other spaces */
    BL_CC_OPEN,       /* opening brackets and quotes: “‘（《「『【〔［｛〈〖 ( [ { */
    BL_CC_CLOSE,      /* closing brackets and quotes: ”’）》」』】〕］｝〉〗 ) ] } */
    BL_CC_PAUSE,      /* pause marks 、，：；and , : ; (in-sentence) */
    BL_CC_STOP,       /* stop marks 。．！？‼⁇⁈⁉ and . ! ? */
    BL_CC_MIDDLE,     /* interpuncts ·・‧ */
    BL_CC_CONNECTOR,  /* – ～ ~ - and a single — */
    BL_CC_DASH,       /* — U+2014 and ⸺ (the 2-em dash is two of these or one ⸺) */
    BL_CC_ELLIPSIS,   /* … ⋯ */
    BL_CC_SOLIDUS,    /* / ／ */
    BL_CC_PREFIX,     /* ¥ ￥ $ £ € # № + ± − (stick to the number they prefix) */
    BL_CC_POSTFIX,    /* % ％ ‰ ‱ ℃ ℉ ° ′ ″ (stick to the number before) */
    BL_CC_COUNT
} bl_char_class;

bl_char_class bl_text_class(uint32_t cp);

/* True for a superscript digit (¹ ² ³ ⁰ ⁴-⁹): class BL_CC_DIGIT, so m² and
 * 10³ are one unit. */
bool bl_text_is_superscript(uint32_t cp);

/* True for a CJK ideograph: the unified ideographs with extension A, the
 * compatibility ideographs and the supplementary planes 2 and 3 (the
 * later extensions).  The one Han range of the program: the classes above,
 * the article keys and the importer's page tests all use it. */
bool bl_text_is_ideograph(uint32_t cp);

/* True for a character shown as an emoji by default (Unicode 15's
 * Emoji_Presentation property: 🎉 📅 👍, the regional indicators of flags).
 * bl_text_class sets these like ideographs (BL_CC_HAN): upright in
 * vertical text, a break opportunity on either side. */
bool bl_text_is_emoji(uint32_t cp);

/* The end of the sequence that starts at cps[i] and is drawn as one glyph:
 * a base with the variation selectors, skin-tone modifiers, tag characters
 * and keycap mark after it (☎️ 👍🏽 1️⃣), pictographs joined by ZWJ
 * (👨‍👩‍👧), or a pair of regional indicators (🇨🇳).  At least i + 1.
 * *emoji (may be NULL) says whether the sequence asks for an emoji
 * (colour) glyph: an emoji by default without VS15, or any base with VS16,
 * a modifier, a keycap mark, tags or a ZWJ.  Callers walk a text from its
 * start, sequence by sequence (flags pair up from the first indicator). */
size_t bl_text_cluster_end(const uint32_t *cps, size_t n, size_t i, bool *emoji);

/* True for CJK punctuation whose glyph occupies half of a 1 em box, i.e.
 * the classes that take part in punctuation compression. */
bool bl_text_is_compressible(uint32_t cp);

/* Line-break levels: clreq's 禁则 levels, then CSS Text 3's line-break
 * levels for Chinese (loose/normal/strict, as the web-platform-tests
 * css/css-text/i18n/zh check them; typesetting.md maps them to clreq's).
 * Number units, words, —— and …… and clreq's push-in hold at every level. */
typedef enum {
    BL_KINSOKU_NONE,
    BL_KINSOKU_BASIC,
    BL_KINSOKU_GB,
    BL_KINSOKU_STRICT,
    BL_KINSOKU_CSS_LOOSE,
    BL_KINSOKU_CSS_NORMAL,
    BL_KINSOKU_CSS_STRICT
} bl_kinsoku;

/* Parses "none|basic|gb|strict" (clreq); returns false if unknown. */
bool bl_kinsoku_parse(const char *s, bl_kinsoku *out);

/* Parses a CSS line-break level "loose|normal|strict" into its
 * BL_KINSOKU_CSS_* value; returns false if unknown. */
bool bl_line_break_parse(const char *s, bl_kinsoku *out);

/* The name of a level: "basic", ..., "css-loose", ... */
const char *bl_kinsoku_name(bl_kinsoku level);

/* True if cp may not start a line / may not end a line at this level.  At
 * CSS loose, a few marks (：；！？・ ℃ ° ...) may start a line only after
 * an ideograph: bl_text_breaks applies that context. */
bool bl_text_no_start(uint32_t cp, bl_kinsoku level);
bool bl_text_no_end(uint32_t cp, bl_kinsoku level);

/* Fills brk[i] (for i in 1..n-1) with true where a line may break between
 * cps[i-1] and cps[i]; brk[0] is false.  Never splits (at any level): ——,
 * ……, a number unit (signs and prefixes + - ± − ¥ $ ￥ №, digits joined by
 * : / . , - × and their full-width forms, then its unit: ℃ ℉ % ‰ ° ′ ″,
 * Latin letters, superscripts, km/h; so 17:00 -5℃ 1/2 3×4 +8.6% 1:500
 * ￥12.50 2026-03-14 25km/h m²), No.5, a number with the Han character
 * after it (3月), a Latin word; honours the
 * no-start/no-end tables at the given level.  A break after a space is
 * allowed (the space is then dropped at the line end by layout).  Never
 * breaks inside a sequence of bl_text_cluster_end (not before a ZWJ, a
 * variation selector, a modifier or a tag, not after a ZWJ, not inside a
 * flag); an emoji breaks like an ideograph. */
void bl_text_breaks(const uint32_t *cps, size_t n, bl_kinsoku level, bool *brk);

#endif
