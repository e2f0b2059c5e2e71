/*
 * buf.h - the program's one growable buffer: a byte string built a piece at
 * a time (UTF-8 from code points, printf), and one helper to grow any
 * array.  An allocation failure is sticky: later puts do nothing and
 * bl_buf_take returns NULL, so a builder checks once at the end.
 * Depends on base.
 */
#ifndef BL_BUF_H
#define BL_BUF_H

#include "core/base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct bl_buf {
    char *p;     /* NUL-terminated when not NULL */
    size_t len;  /* bytes used, without the NUL */
    size_t cap;  /* bytes allocated */
    bool failed; /* an allocation failed: the contents are incomplete */
} bl_buf;

/* Makes room for extra more bytes (and the NUL); false when out of memory. */
bool bl_buf_reserve(bl_buf *b, size_t extra);
void bl_buf_put(bl_buf *b, const char *s, size_t n);
void bl_buf_puts(bl_buf *b, const char *s);
/* Appends one code point as UTF-8. */
void bl_buf_put_cp(bl_buf *b, uint32_t cp);
void bl_buf_printf(bl_buf *b, const char *fmt, ...) BL_PRINTF(2, 3);

/* Returns the string (the caller's, free(); "" when nothing was put) or
 * NULL when an allocation failed; b is left empty either way. */
char *bl_buf_take(bl_buf *b);

/* Frees the contents and leaves b empty. */
void bl_buf_free(bl_buf *b);

/* Makes *p (an array of *cap elements of elem bytes) hold at least need
 * elements, doubling from 16; false when out of memory (*p is then
 * unchanged and still valid). */
bool bl_grow(void **p, size_t *cap, size_t need, size_t elem);

/* bl_grow for a typed array pointer: BL_GROW(&arr, &cap, n + 1). */
#define BL_GROW(pp, capp, need) bl_grow((void **)(pp), (capp), (need), sizeof **(pp))

#endif
