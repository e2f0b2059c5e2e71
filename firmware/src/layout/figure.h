/*
 * figure.h - an article's pictures made ready to place, private to the
 * layout module: each file read (content/picture), sized for the frame
 * and the writing mode by the placement rules (docs/typesetting.md,
 * "Pictures"), scaled once, and its caption measured.  layout.c puts the
 * blocks on the pages.  Depends on base, content, picture, font and para.
 *
 * A block runs across the lines like a line does, from `pos` (a row's
 * top, a column's right edge): the picture first, then its caption lines
 * (rows under it, or columns beside it at its left), then the blank
 * before the next line.
 */
#ifndef BL_LAYOUT_FIGURE_H
#define BL_LAYOUT_FIGURE_H

#include "core/base.h"
#include "content/content.h"
#include "content/picture.h"
#include "layout/layout.h"

#include <stddef.h>
#include <stdint.h>

/* One picture ready to place; lengths in 1/64 px. */
typedef struct bl__figure {
    bl_picture *pic;     /* its pixels at the shown size; owned until taken */
    const char *file;    /* as the article names it (borrowed) */
    const char *caption; /* borrowed, NULL: none */
    size_t before;       /* the text paragraph it stands before */
    int32_t along;       /* the picture's offset along the lines from the text area's start */
    int32_t cap_gap;     /* across the lines from the picture to the first caption line */
    int32_t cap_along;   /* the caption lines' offset along the lines ... */
    int32_t cap_measure; /* ... and their length */
    int32_t extent;      /* across the lines: the block as drawn, from pos */
    int32_t depth;       /* ... and to where the next line begins */
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
 * article, the file and the reason.  *out (n of them, possibly none) is
 * the caller's, freed with bl__figures_free.  Fails only when out of
 * memory. */
bl_status bl__figures_prepare(const bl_article *a, const bl_layout_opts *o, const bl__figure_room *room,
                              bl__figure **out, size_t *n, bl_err *err);

/* Frees the figures and the pictures they still own; accepts NULL. */
void bl__figures_free(bl__figure *f, size_t n);

#endif
