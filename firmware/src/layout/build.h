/*
 * build.h - the display list under construction, private to the layout
 * module: shared by layout.c (the pages and their lines) with figure.c
 * (the article's pictures) and qr.c (the link's QR code block), which put
 * boxes on the pages and tell the lines where to keep out.
 *
 * Both writing modes take one path.  A line runs along its paragraph's
 * direction (a row left to right, a column top to bottom) and lines
 * follow one another across it (rows down the page, columns right to
 * left).  A position across the lines, `pos`, is where the next line's
 * box begins in reading order: a row's top, a column's right edge.
 * Units are 1/64 px.  Depends on base, content and layout.
 */
#ifndef BL_LAYOUT_BUILD_H
#define BL_LAYOUT_BUILD_H

#include "core/base.h"
#include "layout/layout.h"
#include "text/text.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A part of the current page the lines keep out of (a picture block, the
 * QR code): across the lines from a0 to a1 (a0 < a1 in page units), along
 * them from l0 to l1.  A line that crosses it begins after it when it
 * stands at the lines' start, else ends before it. */
typedef struct bl__keepout {
    int32_t a0, a1, l0, l1;
} bl__keepout;

#define BL__MAX_KEEPOUTS 16

typedef struct bl__builder {
    bl_doc *doc;
    const bl_layout_opts *o;
    size_t pcap;                   /* capacity of doc->pages */
    size_t lcap, gcap, rcap, bcap; /* capacities of the current page's arrays */
    bl__keepout ko[BL__MAX_KEEPOUTS]; /* the current page's */
    size_t nko;
    bl_err *err;
} bl__builder;

/* The text area of a page. */
typedef struct bl__area {
    int32_t left, top, right, bottom;
} bl__area;

/* Small helpers of the module, static: */

/* pos moved on by d across the lines: down for rows, left for columns. */
static inline int32_t forward(bl_dir dir, int32_t pos, int32_t d)
{
    return dir == BL_DIR_V ? pos - d : pos + d;
}

/* pos has not gone past limit across the lines. */
static inline bool within(bl_dir dir, int32_t pos, int32_t limit)
{
    return dir == BL_DIR_V ? pos >= limit : pos <= limit;
}

/* Where lines begin along the area, and their length. */
static inline int32_t area_start(bl_dir dir, const bl__area *ar)
{
    return dir == BL_DIR_V ? ar->top : ar->left;
}

static inline int32_t area_measure(bl_dir dir, const bl__area *ar)
{
    return dir == BL_DIR_V ? ar->bottom - ar->top : ar->right - ar->left;
}

/* The current page (the last). */
bl_page *bl__cur_page(bl__builder *b);

/* Starts a new page (it keeps out of nothing yet). */
bl_status bl__new_page(bl__builder *b);

/* Makes finished page pi the current page again, its arrays as full as
 * their lengths; the caller sets b->doc->npages back after. */
void bl__reopen_page(bl__builder *b, size_t pi);

/* A new zeroed box on the current page; NULL when out of memory. */
bl_pbox *bl__add_pbox(bl__builder *b);

/* Lines of the current page keep out of k (dropped beyond
 * BL__MAX_KEEPOUTS, which no page reaches: a few pictures and a code). */
void bl__keep_out(bl__builder *b, bl__keepout k);

/* Lays out a ragged block along dir (headline parts, captions): broken
 * with 禁则 but not justified, lines `measure` long from `start` and
 * pitch_pct of the style's em apart.  *pos is where the first line
 * begins across the lines; it is left one pitch past the last row, or at
 * the far edge of the last column. */
bl_status bl__emit_block(bl__builder *b, bl_dir dir, const char *text, int style, int para_no, int32_t *pos,
                         int32_t start, int32_t measure, int pitch_pct);

#endif
