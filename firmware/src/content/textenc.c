/*
 * textenc.c - text files in UTF-8, UTF-16 or GB18030 turned into UTF-8
 * (textenc.h), with the C library's iconv.
 */
#include "content/textenc.h"

#include "core/utf8.h"
#include "text/text.h"

#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* in[0..len) converted from `from` to UTF-8 with iconv; NULL if the bytes
 * are not clean in that encoding (or out of memory). */
static char *convert(const char *from, const char *in, size_t len, size_t *outlen)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return NULL;
    /* GB18030 and UTF-16 grow at most 3/2 into UTF-8 (2 -> 3 bytes) */
    size_t cap = len * 2 + 16, il = len, ol = cap;
    char *copy = malloc(len + 1), *out = malloc(cap + 1);
    bool ok = copy && out;
    if (ok) {
        memcpy(copy, in, len);
        char *ip = copy, *op = out;
        ok = iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && il == 0 &&
             iconv(cd, NULL, NULL, &op, &ol) != (size_t)-1;
        if (ok) {
            *outlen = (size_t)(op - out);
            out[*outlen] = '\0';
        }
    }
    iconv_close(cd);
    free(copy);
    if (!ok) {
        free(out);
        return NULL;
    }
    return out;
}

/* True if most non-ASCII characters of the UTF-8 text s are Chinese
 * (ideographs and CJK punctuation or full-width forms), and there is some
 * Han: what a GBK file decodes to, and what bytes of another encoding
 * (Latin-1, Big5 read as GB18030) rarely do. */
static bool mostly_chinese(const char *s, size_t len)
{
    uint32_t *cps = NULL;
    size_t n = 0, wide = 0, cjk = 0, han = 0;
    if (bl_utf8_decode(s, len, &cps, &n, NULL, NULL) != BL_OK)
        return false;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cps[i];
        if (c < 0x80)
            continue;
        wide++;
        bool ideo = bl_text_is_ideograph(c);
        han += ideo;
        if (ideo || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x2010 && c <= 0x2027) ||
            c == 0x00B7)
            cjk++;
    }
    free(cps);
    return han > 0 && cjk * 10 >= wide * 9;
}

static char *dup_bytes(const char *in, size_t len, size_t *outlen)
{
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    memcpy(out, in, len);
    out[len] = '\0';
    *outlen = len;
    return out;
}

bl_status bl_textenc_to_utf8(const char *name, const char *in, size_t len, char **out, size_t *outlen,
                             const char **encoding, bl_err *err)
{
    const unsigned char *u = (const unsigned char *)in;
    *out = NULL;
    *outlen = 0;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        bool le = u[0] == 0xFF;
        *encoding = le ? "UTF-16LE" : "UTF-16BE";
        *out = convert(*encoding, in + 2, len - 2, outlen);
        if (!*out)
            return bl_err_set(err, BL_ERR_PARSE, "%s: starts with a %s byte-order mark but is not %s text", name,
                              *encoding, *encoding);
        return BL_OK;
    }
    if (len >= 3 && !memcmp(in, "\xEF\xBB\xBF", 3)) {
        in += 3;
        len -= 3;
    }
    if (bl_utf8_count_invalid(in, len) == 0) {
        *encoding = "UTF-8";
    } else {
        char *gb = convert("GB18030", in, len, outlen);
        if (gb && mostly_chinese(gb, *outlen)) {
            *encoding = "GB18030";
            *out = gb;
            return BL_OK;
        }
        free(gb);
        *encoding = "unknown";
    }
    *out = dup_bytes(in, len, outlen);
    return *out ? BL_OK : bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", name);
}
