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
    {0x2032, BL_CC_POSTFIX},   /* ′ */
    {0x2033, BL_CC_POSTFIX},   /* ″ */
    {0x203C, BL_CC_STOP},      /* ‼ */
    {0x2047, BL_CC_STOP},      /* ⁇ */
    {0x2048, BL_CC_STOP},      /* ⁈ */
    {0x2049, BL_CC_STOP},      /* ⁉ */
    {0x20AC, BL_CC_PREFIX},    /* € */
    {0x2103, BL_CC_POSTFIX},   /* ℃ */
    {0x2116, BL_CC_PREFIX},    /* № */
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
    {0xFF05, BL_CC_POSTFIX},   /* ％ */
    {0xFF08, BL_CC_OPEN},      /* （ */
    {0xFF09, BL_CC_CLOSE},     /* ） */
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
    if ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19))
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
        (cp >= 0xFF41 && cp <= 0xFF5A) || cp == BL_REPLACEMENT_CHAR)
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

bool bl_text_no_start(uint32_t cp, bl_kinsoku level)
{
    if (level == BL_KINSOKU_NONE)
        return false;
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
    if (level >= BL_KINSOKU_GB && bl_text_class(cp) == BL_CC_SOLIDUS)
        return true;
    return false;
}

static bool is_wordish(bl_char_class c)
{
    return c == BL_CC_LATIN || c == BL_CC_DIGIT;
}

void bl_text_breaks(const uint32_t *cps, size_t n, bl_kinsoku level, bool *brk)
{
    size_t i;
    if (n == 0)
        return;
    brk[0] = false;
    for (i = 1; i < n; i++) {
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
        else if (ca == BL_CC_DIGIT && (b == '.' || b == ',' || b == 0xFF0E) && i + 1 < n &&
                 bl_text_class(cps[i + 1]) == BL_CC_DIGIT)
            ok = false; /* 3.14, 1,000 */
        else if ((a == '.' || a == ',' || a == 0xFF0E) && cb == BL_CC_DIGIT && i >= 2 &&
                 bl_text_class(cps[i - 2]) == BL_CC_DIGIT)
            ok = false;
        else if ((ca == BL_CC_DASH && cb == BL_CC_DASH) || (ca == BL_CC_ELLIPSIS && cb == BL_CC_ELLIPSIS))
            ok = false; /* —— and …… are one unit */
        else if (is_wordish(ca) && (b == '-' || b == '\'' || b == 0x2019) && i + 1 < n &&
                 is_wordish(bl_text_class(cps[i + 1])))
            ok = false; /* well-known, don't */
        else if ((a == '-' || a == '\'' || a == 0x2019) && is_wordish(cb) && i >= 2 &&
                 is_wordish(bl_text_class(cps[i - 2])))
            ok = false;
        else if (level != BL_KINSOKU_NONE) {
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
