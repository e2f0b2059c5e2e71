/*
 * text.c - character classes and line-break opportunities
 * for Chinese layout.  The 禁则 tables are the clreq lists quoted in
 * shared design notes (typesetting.md); a table of about a hundred code
 * points is exact where UAX #14 engines are not.
 */
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

/* ---- character classes ------------------------------------------------ */

typedef struct {
    uint32_t cp;
    uint8_t cls;
} cp_class;

/* Punctuation and symbols with a class of their own, sorted by code point
 * (looked up by binary search). */
static const cp_class punct_table[] = {
    {0x0021, BL_CC_STOP},      /* ! */
    {0x0023, BL_CC_PREFIX},    /* # */
    {0x0024, BL_CC_PREFIX},    /* $ */
    {0x0025, BL_CC_POSTFIX},   /* % */
    {0x0028, BL_CC_OPEN},      /* ( */
    {0x0029, BL_CC_CLOSE},     /* ) */
    {0x002B, BL_CC_PREFIX},    /* + */
    {0x002C, BL_CC_PAUSE},     /* , */
    {0x002D, BL_CC_CONNECTOR}, /* - */
    {0x002E, BL_CC_STOP},      /* . */
    {0x002F, BL_CC_SOLIDUS},   /* / */
    {0x003A, BL_CC_PAUSE},     /* : */
    {0x003B, BL_CC_PAUSE},     /* ; */
    {0x003F, BL_CC_STOP},      /* ? */
    {0x005B, BL_CC_OPEN},      /* [ */
    {0x005D, BL_CC_CLOSE},     /* ] */
    {0x007B, BL_CC_OPEN},      /* { */
    {0x007D, BL_CC_CLOSE},     /* } */
    {0x007E, BL_CC_CONNECTOR}, /* ~ */
    {0x00A3, BL_CC_PREFIX},    /* £ */
    {0x00A5, BL_CC_PREFIX},    /* ¥ */
    {0x00B0, BL_CC_POSTFIX},   /* ° */
    {0x00B1, BL_CC_PREFIX},    /* ± */
    {0x00B7, BL_CC_MIDDLE},    /* · */
    {0x2013, BL_CC_CONNECTOR}, /* – */
    {0x2014, BL_CC_DASH},      /* — */
    {0x2018, BL_CC_OPEN},      /* ‘ */
    {0x2019, BL_CC_CLOSE},     /* ’ */
    {0x201C, BL_CC_OPEN},      /* “ */
    {0x201D, BL_CC_CLOSE},     /* ” */
    {0x2026, BL_CC_ELLIPSIS},  /* … */
    {0x2027, BL_CC_MIDDLE},    /* ‧ */
    {0x2030, BL_CC_POSTFIX},   /* ‰ */
    {0x2031, BL_CC_POSTFIX},   /* ‱ */
    {0x2032, BL_CC_POSTFIX},   /* ′ */
    {0x2033, BL_CC_POSTFIX},   /* ″ */
    {0x203C, BL_CC_STOP},      /* ‼ */
    {0x2047, BL_CC_STOP},      /* ⁇ */
    {0x2048, BL_CC_STOP},      /* ⁈ */
    {0x2049, BL_CC_STOP},      /* ⁉ */
    {0x20AC, BL_CC_PREFIX},    /* € */
    {0x2103, BL_CC_POSTFIX},   /* ℃ */
    {0x2109, BL_CC_POSTFIX},   /* ℉ */
    {0x2116, BL_CC_PREFIX},    /* № */
    {0x2212, BL_CC_PREFIX},    /* − minus sign */
    {0x22EF, BL_CC_ELLIPSIS},  /* ⋯ */
    {0x2E3A, BL_CC_DASH},      /* ⸺ */
    {0x3001, BL_CC_PAUSE},     /* 、 */
    {0x3002, BL_CC_STOP},      /* 。 */
    {0x3008, BL_CC_OPEN},      /* 〈 */
    {0x3009, BL_CC_CLOSE},     /* 〉 */
    {0x300A, BL_CC_OPEN},      /* 《 */
    {0x300B, BL_CC_CLOSE},     /* 》 */
    {0x300C, BL_CC_OPEN},      /* 「 */
    {0x300D, BL_CC_CLOSE},     /* 」 */
    {0x300E, BL_CC_OPEN},      /* 『 */
    {0x300F, BL_CC_CLOSE},     /* 』 */
    {0x3010, BL_CC_OPEN},      /* 【 */
    {0x3011, BL_CC_CLOSE},     /* 】 */
    {0x3014, BL_CC_OPEN},      /* 〔 */
    {0x3015, BL_CC_CLOSE},     /* 〕 */
    {0x3016, BL_CC_OPEN},      /* 〖 */
    {0x3017, BL_CC_CLOSE},     /* 〗 */
    {0x30FB, BL_CC_MIDDLE},    /* ・ */
    {0xFF01, BL_CC_STOP},      /* ！ */
    {0xFF03, BL_CC_PREFIX},    /* ＃ */
    {0xFF04, BL_CC_PREFIX},    /* ＄ */
    {0xFE6A, BL_CC_POSTFIX},   /* ﹪ */
    {0xFF05, BL_CC_POSTFIX},   /* ％ */
    {0xFF08, BL_CC_OPEN},      /* （ */
    {0xFF09, BL_CC_CLOSE},     /* ） */
    {0xFF0B, BL_CC_PREFIX},    /* ＋ */
    {0xFF0C, BL_CC_PAUSE},     /* ， */
    {0xFF0E, BL_CC_STOP},      /* ． */
    {0xFF0F, BL_CC_SOLIDUS},   /* ／ */
    {0xFF1A, BL_CC_PAUSE},     /* ： */
    {0xFF1B, BL_CC_PAUSE},     /* ； */
    {0xFF1F, BL_CC_STOP},      /* ？ */
    {0xFF3B, BL_CC_OPEN},      /* ［ */
    {0xFF3D, BL_CC_CLOSE},     /* ］ */
    {0xFF5B, BL_CC_OPEN},      /* ｛ */
    {0xFF5D, BL_CC_CLOSE},     /* ｝ */
    {0xFF5E, BL_CC_CONNECTOR}, /* ～ */
    {0xFFE0, BL_CC_PREFIX},    /* ￠ */
    {0xFFE1, BL_CC_PREFIX},    /* ￡ */
    {0xFFE5, BL_CC_PREFIX},    /* ￥ */
};

static int punct_lookup(uint32_t cp)
{
    size_t lo = 0, hi = BL_ARRAY_LEN(punct_table);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (punct_table[mid].cp == cp)
            return punct_table[mid].cls;
        if (punct_table[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* ---- emoji ---------------------------------------------------------------- */

/* Unicode 15.0's Emoji_Presentation ranges (emoji-data.txt), sorted: the
 * characters drawn as emoji without a VS16. */
static const uint32_t emoji_ranges[][2] = {
    {0x231A, 0x231B},   {0x23E9, 0x23EC},   {0x23F0, 0x23F0},   {0x23F3, 0x23F3},   {0x25FD, 0x25FE},
    {0x2614, 0x2615},   {0x2648, 0x2653},   {0x267F, 0x267F},   {0x2693, 0x2693},   {0x26A1, 0x26A1},
    {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},   {0x26CE, 0x26CE},   {0x26D4, 0x26D4},
    {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},   {0x26FA, 0x26FA},   {0x26FD, 0x26FD},
    {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},   {0x274C, 0x274C},   {0x274E, 0x274E},
    {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},
    {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
    {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F1E6, 0x1F1FF}, {0x1F201, 0x1F201}, {0x1F21A, 0x1F21A},
    {0x1F22F, 0x1F22F}, {0x1F232, 0x1F236}, {0x1F238, 0x1F23A}, {0x1F250, 0x1F251}, {0x1F300, 0x1F320},
    {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3},
    {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC},
    {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A}, {0x1F595, 0x1F596},
    {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2},
    {0x1F6D5, 0x1F6D7}, {0x1F6DC, 0x1F6DF}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB},
    {0x1F7F0, 0x1F7F0}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FA7C},
    {0x1FA80, 0x1FA88}, {0x1FA90, 0x1FABD}, {0x1FABF, 0x1FAC5}, {0x1FACE, 0x1FADB}, {0x1FAE0, 0x1FAE8},
    {0x1FAF0, 0x1FAF8},
};

bool bl_text_is_emoji(uint32_t cp)
{
    size_t lo = 0, hi = BL_ARRAY_LEN(emoji_ranges);
    if (cp < 0x231A)
        return false;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < emoji_ranges[mid][0])
            hi = mid;
        else if (cp > emoji_ranges[mid][1])
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

#define ZWJ 0x200D
#define VS15 0xFE0E
#define VS16 0xFE0F

static bool is_regional(uint32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }
static bool is_modifier(uint32_t cp) { return cp >= 0x1F3FB && cp <= 0x1F3FF; }

/* A pictograph that may follow a ZWJ (Extended_Pictographic, roughly:
 * the emoji, the BMP's symbol blocks and the emoji planes): ♀ ❤ ⚕ 🔥. */
static bool is_pictograph(uint32_t cp)
{
    return bl_text_is_emoji(cp) || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2B00 && cp <= 0x2BFF) ||
           (cp >= 0x1F000 && cp <= 0x1FAFF && !is_modifier(cp));
}

size_t bl_text_cluster_end(const uint32_t *cps, size_t n, size_t i, bool *emoji)
{
    size_t j = i + 1;
    bool em, text = false;
    if (i >= n)
        return n;
    em = bl_text_is_emoji(cps[i]);
    if (is_regional(cps[i]) && j < n && is_regional(cps[j]))
        j++; /* a flag */
    while (j < n) {
        uint32_t c = cps[j];
        if (c == VS15) {
            text = true;
        } else if (c == VS16 || c == 0x20E3 || is_modifier(c) || (c >= 0xE0020 && c <= 0xE007F)) {
            em = true; /* VS16, keycap, skin tone, tag sequence (🏴 flags) */
        } else if ((c >= 0xFE00 && c <= 0xFE0D) || (c >= 0xE0100 && c <= 0xE01EF)) {
            /* other variation selectors (ideographic variants) stay with their base */
        } else if (c == ZWJ) {
            if (j + 1 < n && is_pictograph(cps[j + 1])) {
                em = true;
                j++;
            }
        } else {
            break;
        }
        j++;
    }
    if (emoji)
        *emoji = em && !text;
    return j;
}

bool bl_text_is_superscript(uint32_t cp)
{
    return cp == 0xB2 || cp == 0xB3 || cp == 0xB9 || cp == 0x2070 || (cp >= 0x2074 && cp <= 0x2079);
}

bool bl_text_is_ideograph(uint32_t cp)
{
    return (cp >= 0x3400 && cp <= 0x4DBF) ||  /* extension A */
           (cp >= 0x4E00 && cp <= 0x9FFF) ||  /* unified ideographs */
           (cp >= 0xF900 && cp <= 0xFAFF) ||  /* compatibility ideographs */
           (cp >= 0x20000 && cp <= 0x3FFFF); /* planes 2 and 3: extensions B on */
}

bl_char_class bl_text_class(uint32_t cp)
{
    int c = punct_lookup(cp);
    if (c >= 0)
        return (bl_char_class)c;
    if ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19) || bl_text_is_superscript(cp))
        return BL_CC_DIGIT;
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 &&
                                                                  cp != 0xF7) ||
        (cp >= 0x370 && cp <= 0x3FF) || (cp >= 0x400 && cp <= 0x4FF))
        return BL_CC_LATIN;
    if (cp == 0x20 || cp == 0x09 || cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A))
        return BL_CC_SPACE;
    if ((cp >= 0x2E80 && cp <= 0x2FDF) ||   /* radicals */
        (cp >= 0x3005 && cp <= 0x3007) ||   /* 々〆〇 */
        (cp >= 0x3040 && cp <= 0x30FF) ||   /* kana */
        (cp >= 0x3100 && cp <= 0x31BF) ||   /* bopomofo */
        bl_text_is_ideograph(cp) ||         /* ideographs */
        (cp >= 0xAC00 && cp <= 0xD7A3) ||   /* hangul */
        (cp >= 0xFF21 && cp <= 0xFF3A) ||   /* full-width Latin */
        (cp >= 0xFF41 && cp <= 0xFF5A) || cp == BL_REPLACEMENT_CHAR || bl_text_is_emoji(cp))
        return BL_CC_HAN;
    return BL_CC_OTHER;
}

bool bl_text_is_compressible(uint32_t cp)
{
    /* Only the full-width (CJK) marks have a blank half to give up; the
     * ASCII ones are proportional already. */
    if (cp < 0x2000)
        return false;
    switch (bl_text_class(cp)) {
    case BL_CC_OPEN:
    case BL_CC_CLOSE:
    case BL_CC_PAUSE:
    case BL_CC_STOP:
        return true;
    default:
        return false;
    }
}

bool bl_kinsoku_parse(const char *s, bl_kinsoku *out)
{
    static const char *const names[] = {"none", "basic", "gb", "strict"};
    size_t i;
    for (i = 0; i < BL_ARRAY_LEN(names); i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = (bl_kinsoku)i;
            return true;
        }
    }
    return false;
}

bool bl_line_break_parse(const char *s, bl_kinsoku *out)
{
    static const char *const names[] = {"loose", "normal", "strict"};
    size_t i;
    for (i = 0; i < BL_ARRAY_LEN(names); i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = (bl_kinsoku)(BL_KINSOKU_CSS_LOOSE + i);
            return true;
        }
    }
    return false;
}

const char *bl_kinsoku_name(bl_kinsoku level)
{
    static const char *const names[] = {"none",      "basic",      "gb",        "strict",
                                        "css-loose", "css-normal", "css-strict"};
    return (size_t)level < BL_ARRAY_LEN(names) ? names[level] : "?";
}

/* ---- CSS Text 3 line-break levels (Chinese) -------------------------------
 *
 * What the levels differ in, from CSS Text 3 (line-break) with the content
 * language Chinese; classes are UAX #14's:
 *   - small kana and ー (CJ): may not start a line at strict only;
 *   - the CJK hyphens ‐ – 〜 ゠: may start a line at normal and loose;
 *   - iteration marks 々〻ゝゞヽヾ (NS) and the inseparables ‥ … ⋯ ․ ︙ (IN):
 *     may start a line at loose only;
 *   - centred marks ・：；！？‼⁇⁈⁉･ and the wide postfixes ° ′ ″ ‵ ‰ ℃ ℉ ﹪
 *     ％ ￠ (PO): may start a line at loose only, and only after an ideograph;
 *   - wide prefixes (± № ＄ ￡ ￥ ...) may end a line before an ideograph at
 *     loose only.
 * Closing and opening marks, the other stops and pauses, interpuncts and
 * the solidus keep clreq's basic rules at every CSS level. */

static bool is_small_kana(uint32_t cp)
{
    static const uint16_t kana[] = {
        0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087,
        0x308E, 0x3095, 0x3096, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3,
        0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6, 0x30FC, 0xFF70,
    };
    size_t i;
    if ((cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0xFF67 && cp <= 0xFF6F))
        return true;
    for (i = 0; i < BL_ARRAY_LEN(kana); i++)
        if (kana[i] == cp)
            return true;
    return false;
}

static bool is_cjk_hyphen(uint32_t cp)
{
    return cp == 0x2010 || cp == 0x2013 || cp == 0x301C || cp == 0x30A0;
}

static bool is_iteration_mark(uint32_t cp)
{
    return cp == 0x3005 || cp == 0x303B || cp == 0x309D || cp == 0x309E || cp == 0x30FD || cp == 0x30FE;
}

static bool is_inseparable(uint32_t cp)
{
    return cp == 0x2024 || cp == 0x2025 || cp == 0x2026 || cp == 0x22EF || cp == 0xFE19;
}

static bool is_centred_mark(uint32_t cp)
{
    return cp == 0x30FB || cp == 0xFF1A || cp == 0xFF1B || cp == 0xFF65 || cp == 0x203C || cp == 0x2047 ||
           cp == 0x2048 || cp == 0x2049 || cp == 0xFF01 || cp == 0xFF1F;
}

/* A postfix (UAX #14 PO) of East Asian width A, F or W. */
static bool is_wide_postfix(uint32_t cp)
{
    return cp == 0xB0 || cp == 0x2030 || cp == 0x2032 || cp == 0x2033 || cp == 0x2035 || cp == 0x2103 ||
           cp == 0x2109 || cp == 0xFE6A || cp == 0xFF05 || cp == 0xFFE0;
}

/* A prefix (UAX #14 PR) of East Asian width A, F or W. */
static bool is_wide_prefix(uint32_t cp)
{
    return cp == 0xB1 || cp == 0x2116 || cp == 0x2212 || cp == 0xFE69 || cp == 0xFF04 || cp == 0xFFE1 ||
           cp == 0xFFE5 || cp == 0xFFE6;
}

/* A mark that may start a line at CSS loose only after an ideograph. */
static bool loose_after_han(uint32_t cp)
{
    return is_centred_mark(cp) || is_wide_postfix(cp);
}

static bool css_no_start(uint32_t cp, bl_kinsoku level)
{
    if (is_small_kana(cp))
        return level == BL_KINSOKU_CSS_STRICT;
    if (is_cjk_hyphen(cp))
        return level == BL_KINSOKU_CSS_STRICT;
    if (is_iteration_mark(cp) || is_inseparable(cp) || is_centred_mark(cp) || is_wide_postfix(cp))
        return level != BL_KINSOKU_CSS_LOOSE;
    if (bl_text_class(cp) == BL_CC_POSTFIX)
        return true; /* % ％: no break before a postfix (ID × PO) */
    return bl_text_no_start(cp, BL_KINSOKU_BASIC);
}

bool bl_text_no_start(uint32_t cp, bl_kinsoku level)
{
    if (level == BL_KINSOKU_NONE)
        return false;
    if (level >= BL_KINSOKU_CSS_LOOSE)
        return css_no_start(cp, level);
    switch (bl_text_class(cp)) {
    case BL_CC_CLOSE:
    case BL_CC_PAUSE:
    case BL_CC_STOP:
    case BL_CC_MIDDLE:
    case BL_CC_CONNECTOR:
    case BL_CC_SOLIDUS:
        return true;
    default:
        return false;
    }
}

bool bl_text_no_end(uint32_t cp, bl_kinsoku level)
{
    if (level == BL_KINSOKU_NONE)
        return false;
    if (bl_text_class(cp) == BL_CC_OPEN)
        return true;
    if ((level == BL_KINSOKU_GB || level == BL_KINSOKU_STRICT) && bl_text_class(cp) == BL_CC_SOLIDUS)
        return true;
    return false;
}

static bool is_wordish(bl_char_class c)
{
    return c == BL_CC_LATIN || c == BL_CC_DIGIT;
}

/* ---- number units ------------------------------------------------------ */

/* A sign or a currency/number sign before a number: + - ± − ¥ $ ￥ № ... */
static bool is_sign(uint32_t cp)
{
    return cp == '-' || cp == 0xFF0D || bl_text_class(cp) == BL_CC_PREFIX;
}

/* What may join two groups of digits: 17:00 9:30 1/2 3.14 1,000 3×4
 * 1:500 2026-03-14, with the full-width forms a Chinese text uses
 * (１７：００ １／２ ３．１４). */
static bool is_number_sep(uint32_t cp)
{
    switch (cp) {
    case '.':
    case ',':
    case ':':
    case '/':
    case '-':
    case 0xD7:   /* × */
    case 0xF7:   /* ÷ */
    case 0x2236: /* ∶ ratio */
    case 0xFF0D: /* － */
    case 0xFF0E: /* ． */
    case 0xFF0F: /* ／ */
    case 0xFF1A: /* ： */
        return true;
    default:
        return false;
    }
}

static bool is_latin_letter(uint32_t cp)
{
    return bl_text_class(cp) == BL_CC_LATIN;
}

/* The end of the number unit that starts at i, or i when none does.  A
 * unit is: signs and prefixes, digits, groups of digits joined by one
 * separator, then what follows a number as its unit: postfix marks
 * (℃ ℉ % ‰ ° ′ ″), Latin letters and superscripts (km m² °C), and a
 * solidus between unit letters (km/h).  A line never breaks inside one
 * (typesetting.md); CJK counters after a number (3月) are kept by the
 * pair rules in bl_text_breaks. */
static size_t number_unit_end(const uint32_t *cps, size_t n, size_t i)
{
    size_t j = i;
    while (j < n && is_sign(cps[j]))
        j++;
    if (j >= n || bl_text_class(cps[j]) != BL_CC_DIGIT)
        return i;
    for (;;) {
        while (j < n && bl_text_class(cps[j]) == BL_CC_DIGIT)
            j++;
        if (j + 1 < n && is_number_sep(cps[j]) && bl_text_class(cps[j + 1]) == BL_CC_DIGIT)
            j++;
        else
            break;
    }
    while (j < n) {
        bl_char_class c = bl_text_class(cps[j]);
        if (c == BL_CC_POSTFIX || is_wordish(c))
            j++;
        else if ((cps[j] == '/' || cps[j] == 0xFF0F) && j + 1 < n && is_latin_letter(cps[j - 1]) &&
                 is_latin_letter(cps[j + 1]))
            j++; /* km/h, m/s */
        else
            break;
    }
    return j;
}

void bl_text_breaks(const uint32_t *cps, size_t n, bl_kinsoku level, bool *brk)
{
    size_t i, seq_end, unit_end = 0;
    if (n == 0)
        return;
    brk[0] = false;
    seq_end = bl_text_cluster_end(cps, n, 0, NULL);
    for (i = 1; i < n; i++) {
        if (i >= seq_end)
            seq_end = bl_text_cluster_end(cps, n, i, NULL);
        else {
            brk[i] = false; /* inside 👨‍👩‍👧 👍🏽 🇨🇳 1️⃣ */
            continue;
        }
        if (i - 1 >= unit_end)
            unit_end = number_unit_end(cps, n, i - 1);
        if (i < unit_end) {
            brk[i] = false; /* inside 17:00 -5℃ ￥12.50 25km/h m² */
            continue;
        }
        uint32_t a = cps[i - 1], b = cps[i];
        bl_char_class ca = bl_text_class(a), cb = bl_text_class(b);
        bool ok = true;

        if (cb == BL_CC_SPACE)
            ok = false; /* break after the space, not before it */
        else if (ca == BL_CC_SPACE)
            ok = true;
        else if (is_wordish(ca) && is_wordish(cb))
            ok = false; /* Latin word, number, or A4-style mixture */
        else if (ca == BL_CC_DIGIT && (cb == BL_CC_POSTFIX || cb == BL_CC_HAN))
            ok = false; /* 50%, 3月 */
        else if (ca == BL_CC_PREFIX && (cb == BL_CC_DIGIT || cb == BL_CC_PREFIX))
            ok = false; /* ¥100 */
        else if (ca == BL_CC_LATIN && (b == '.' || b == 0xFF0E) && i + 1 < n &&
                 bl_text_class(cps[i + 1]) == BL_CC_DIGIT)
            ok = false; /* No.5 Vol.3 */
        else if ((a == '.' || a == 0xFF0E) && cb == BL_CC_DIGIT && i >= 2 &&
                 bl_text_class(cps[i - 2]) == BL_CC_LATIN)
            ok = false;
        else if ((ca == BL_CC_DASH && cb == BL_CC_DASH) || (ca == BL_CC_ELLIPSIS && cb == BL_CC_ELLIPSIS))
            ok = false; /* —— and …… are one unit */
        else if (is_wordish(ca) && (b == '-' || b == '\'' || b == 0x2019) && i + 1 < n &&
                 is_wordish(bl_text_class(cps[i + 1])))
            ok = false; /* well-known, don't */
        else if ((a == '-' || a == '\'' || a == 0x2019) && is_wordish(cb) && i >= 2 &&
                 is_wordish(bl_text_class(cps[i - 2])))
            ok = false;
        else if (level >= BL_KINSOKU_CSS_LOOSE) {
            ok = !bl_text_no_start(b, level) && !bl_text_no_end(a, level);
            /* loose: ：；！？ ℃ ° start a line only after an ideograph */
            if (level == BL_KINSOKU_CSS_LOOSE && loose_after_han(b) && ca != BL_CC_HAN)
                ok = false;
            /* a wide prefix ends a line before an ideograph at loose only */
            if (level != BL_KINSOKU_CSS_LOOSE && is_wide_prefix(a) && cb == BL_CC_HAN)
                ok = false;
            /* a single — is a connector: no line starts with it */
            if (b == 0x2014 && !(i + 1 < n && cps[i + 1] == 0x2014))
                ok = false;
            if (level == BL_KINSOKU_CSS_STRICT && cb == BL_CC_DASH)
                ok = false; /* nor, at strict, with —— */
        } else if (level != BL_KINSOKU_NONE) {
            if (bl_text_no_start(b, level) || bl_text_no_end(a, level))
                ok = false;
            /* A single — is a connector and may not start a line. */
            if (b == 0x2014 && !(i + 1 < n && cps[i + 1] == 0x2014))
                ok = false;
            /* A single dash or ellipsis may start a line at basic/gb, but
             * never the 2-em pair at strict. */
            if (level == BL_KINSOKU_STRICT && (cb == BL_CC_DASH || cb == BL_CC_ELLIPSIS) && i + 1 < n &&
                bl_text_class(cps[i + 1]) == cb)
                ok = false;
            if (level == BL_KINSOKU_STRICT && b == 0x2E3A)
                ok = false;
        }
        brk[i] = ok;
    }
}
