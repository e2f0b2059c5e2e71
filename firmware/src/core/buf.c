/*
 * buf.c - see buf.h.
 */
#include "core/buf.h"

#include "core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool bl_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    size_t ncap;
    void *np;
    if (need <= *cap)
        return true;
    ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap *= 2;
    np = realloc(*p, ncap * elem);
    if (!np)
        return false;
    *p = np;
    *cap = ncap;
    return true;
}

bool bl_buf_reserve(bl_buf *b, size_t extra)
{
    size_t ncap;
    char *np;
    if (b->failed)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    ncap = b->cap ? b->cap : 256;
    while (ncap < b->len + extra + 1)
        ncap *= 2;
    np = realloc(b->p, ncap);
    if (!np) {
        b->failed = true;
        return false;
    }
    b->p = np;
    b->cap = ncap;
    return true;
}

void bl_buf_put(bl_buf *b, const char *s, size_t n)
{
    if (!bl_buf_reserve(b, n))
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void bl_buf_puts(bl_buf *b, const char *s)
{
    bl_buf_put(b, s, strlen(s));
}

void bl_buf_put_cp(bl_buf *b, uint32_t cp)
{
    char u[4];
    bl_buf_put(b, u, (size_t)bl_utf8_encode(cp, u));
}

void bl_buf_printf(bl_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !bl_buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *bl_buf_take(bl_buf *b)
{
    char *s = b->failed ? NULL : b->p ? b->p : bl_strdup("");
    if (b->failed)
        free(b->p);
    *b = (bl_buf){0};
    return s;
}

void bl_buf_free(bl_buf *b)
{
    free(b->p);
    *b = (bl_buf){0};
}
