/*
 * figure.h - an article's pictures, private to the layout module: each
 * file read (content/picture), sized for the frame and the writing mode
 * by the placement rules (docs/typesetting.md, "Pictures and the QR code
 * in the flow"), scaled once, and placed on the pages as a box with its
 * caption.  Depends on base, content, picture, font, para and build.
 *
 * A block runs across the lines like a line does, from `pos` (a row's
 * top, a column's right edge).  In rows it is the picture centred in the
 * measure, its caption rows under it, then the blank before the next
 * row.  In columns it takes the top of whole column slots, the picture
 * over its caption rows, and the columns go on under it (build.h's keep
 * out).
 */
#ifndef BL_LAYOUT_FIGURE_H
#define BL_LAYOUT_FIGURE_H

#include "core/base.h"
#include "content/content.h"
#include "content/picture.h"
#include "layout/build.h"
#include "layout/layout.h"

#include <stddef.h>
#include <stdint.h>

/* One picture ready to place; lengths in 1/64 px. */
typedef struct bl__figure {
    const bl_picture *pic; /* its pixels at the shown size (the doc's) */
    const char *file;    /* as the article names it (borrowed) */
    const char *caption; /* borrowed, NULL: none */
    size_t before;       /* the text paragraph it stands before */
    int32_t inset;       /* the picture's offset in its block: along the rows, across the columns */
    int32_t cap_gap;     /* from the picture's bottom to its caption rows */
    int32_t cap_along;   /* rows: the caption's offset from the text area's left ... */
    int32_t cap_measure; /* ... and its length (columns: the block's width) */
    int32_t extent;      /* across the lines: the block as drawn, from pos */
    int32_t depth;       /* ... and to where the next line (rows) or block (columns) begins */
    int32_t keep;        /* columns: from the text area's top to where the lines under it begin */
} bl__figure;

/* What a block must fit: the text area of a page with a running head
 * (the smaller one), in the writing mode's terms. */
typedef struct bl__figure_room {
    bl_dir dir;
    int32_t measure; /* the length of a line */
    int32_t depth;   /* the text area across the lines */
    int32_t em;      /* the body's em */
    int32_t pitch;   /* from one body line to the next */
} bl__figure_room;

/* Reads a's pictures (the lead picture first, then the body's in order),
 * each sized for room and scaled; a picture that cannot be read, or has
 * no room on an empty page, is left out with a warning naming the
 * article, the file and the reason.  b's doc takes the pixels; *out (n
 * of them, possibly none) is the caller's (free) and borrows them.
 * Fails only when out of memory. */
bl_status bl__figures_prepare(bl__builder *b, const bl_article *a, const bl__figure_room *room, bl__figure **out,
                              size_t *n);

/* Places the figures from *fi on that stand before paragraph `upto` or
 * earlier while they fit the current page (text area ar) from pos to
 * limit; the others wait for the next page, the text flowing on before
 * them.  pitch is the body lines'. */
bl_status bl__figures_place(bl__builder *b, const bl__figure *figs, size_t n, size_t *fi, size_t upto, bl_dir dir,
                            int32_t pitch, int32_t *pos, const bl__area *ar, int32_t limit);

#endif
