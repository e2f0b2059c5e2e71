/*
 * para.h - one paragraph set to a measure, private to the layout module:
 * its characters shaped once (with and without half-width forms), broken
 * into lines with 禁则 (先挤进，后推出), and each line compressed or
 * stretched to its measure.  It knows nothing of pages, frames or the
 * display list; layout.c places what it returns.  Depends on base, text,
 * font.
 *
 * Units: 1/64 px (26.6 fixed point), as in layout.h.
 */
#ifndef BL_LAYOUT_PARA_H
#define BL_LAYOUT_PARA_H

#include "core/base.h"
#include "text/font.h"
#include "text/text.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One code point of a paragraph, with its widths and its state on the
 * line being set. */
typedef struct bl__item {
    uint32_t cp;
    uint8_t cls;       /* bl_char_class */
    bool brk;          /* a line may break before this item */
    bool can_half;     /* the font has a half-width form for it */
    bool blank_left;   /* its blank half is at the start (opening marks) */
    bool half;         /* set half-width on the current line */
    int32_t adv, adv_half;
    int32_t gap;       /* space added before this item (Han-Latin gap) */
    int32_t extra;     /* justification space added after this item */
    size_t g0, gn;     /* its glyphs in the shaped array */
    uint8_t orient;    /* bl_orient: vertical text only */
    uint8_t tcy_n;     /* first item of a 縦中横 cell: characters in it */
    int32_t tcy_w;     /* ... and their horizontal width */
} bl__item;

/* A paragraph: its text, items and glyphs, all owned (bl__para_free). */
typedef struct bl__para {
    uint32_t *cps;
    size_t n;
    bl__item *items;   /* n + 1 */
    bl_shaped *glyphs;
    size_t nglyphs;
    const bl_font *font; /* borrowed */
    int style;         /* bl_style */
    int em;            /* 1/64 px */
    bl_dir dir;        /* along the line: BL_DIR_H rows, BL_DIR_V columns */
} bl__para;

/* A line: items [s, e) of a paragraph. */
typedef struct bl__span {
    size_t s, e;
} bl__span;

/* The measure of each line of a paragraph: in vertical text the columns
 * left on this page may be longer than those of the next page, which
 * starts below a running head. */
typedef struct bl__measures {
    int32_t first;  /* for lines [0, nfirst) */
    size_t nfirst;
    int32_t rest;   /* for the lines after */
} bl__measures;

/* Every line of the same measure m. */
static inline bl__measures bl__measures_same(int32_t m)
{
    bl__measures ms = {m, SIZE_MAX, m};
    return ms;
}

/* Decodes text, shapes it with font along dir and finds its break
 * opportunities into *p (whose contents are then the caller's, to free
 * with bl__para_free, also after a failure). */
bl_status bl__para_prepare(bl__para *p, const char *text, const bl_font *font, int style, bl_dir dir,
                           bl_kinsoku kin, bl_err *err);

/* Frees what p owns and leaves it empty. */
void bl__para_free(bl__para *p);

/* The end of [s,e) without its trailing spaces. */
size_t bl__para_last_visible(const bl__para *p, size_t s, size_t e);

/* Sets the compression state of line [s,e) for its natural width
 * (adjacent marks, the line-start opening mark when halve_start and not
 * para_start, Han-Latin gaps; no justification) and returns that width. */
int32_t bl__para_natural(bl__para *p, size_t s, size_t e, bool para_start, bool halve_start);

/* Fits line [s,e) to measure: compresses in the clreq order when too
 * long, stretches when too short and justify.  Returns the final width;
 * *filled says whether it is exactly the measure. */
int32_t bl__para_fit(bl__para *p, size_t s, size_t e, int32_t measure, bool justify, bool para_start,
                     bool halve_start, bool *filled);

/* Breaks p from item `from` on (0: the whole paragraph, its first line
 * `indent` shorter; else what is left after a line already set, broken
 * again for the room it meets) into lines of the measures ms, avoiding a
 * last line of one character.  *out is a new array of *nout lines, the
 * caller's (free). */
bl_status bl__para_break(bl__para *p, bl__measures ms, int32_t indent, size_t from, bool halve_start,
                         bl_kinsoku kin, bl__span **out, size_t *nout);

#endif
