/*
 * utf8.c - see utf8.h.
 */
#include "core/utf8.h"

#include <stdlib.h>

/* Decodes one sequence at s[0..len); returns its length, setting *cp, or 0
 * for an invalid sequence (then one byte is skipped by the caller). */
static size_t utf8_one(const unsigned char *s, size_t len, uint32_t *cp)
{
    uint32_t c = s[0], min;
    size_t need, i;

    if (c < 0x80) {
        *cp = c;
        return c == 0 ? 0 : 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        c &= 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        c &= 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        c &= 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (need > len)
        return 0;
    for (i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return need;
}

bl_status bl_utf8_decode(const char *s, size_t len, uint32_t **out, size_t *n, bl_utf8_bad_fn bad,
                         void *user)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t *cps = malloc((len + 1) * sizeof *cps);
    size_t i = 0, k = 0;

    *out = NULL;
    *n = 0;
    if (!cps)
        return BL_ERR_NOMEM;
    while (i < len) {
        uint32_t cp;
        size_t got = utf8_one(u + i, len - i, &cp);
        if (got == 0) {
            if (bad)
                bad(user, i);
            cps[k++] = BL_REPLACEMENT_CHAR;
            /* Skip the lead byte and any continuation bytes that follow it,
             * so one broken sequence gives one replacement character. */
            i++;
            while (i < len && (u[i] & 0xC0) == 0x80 && u[i - 1] >= 0x80)
                i++;
            continue;
        }
        cps[k++] = cp;
        i += got;
    }
    *out = cps;
    *n = k;
    return BL_OK;
}

size_t bl_utf8_count_invalid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, bad = 0;
    while (i < len) {
        uint32_t cp;
        size_t got = utf8_one(u + i, len - i, &cp);
        if (got == 0) {
            bad++;
            i++;
            while (i < len && (u[i] & 0xC0) == 0x80 && u[i - 1] >= 0x80)
                i++;
        } else {
            i += got;
        }
    }
    return bad;
}

int bl_utf8_encode(uint32_t cp, char *buf)
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = BL_REPLACEMENT_CHAR;
    if (cp < 0x80) {
        buf[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        buf[0] = (char)(0xC0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | (cp >> 18));
    buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

