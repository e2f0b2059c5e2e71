/*
 * figure.c - an article's pictures sized for one frame and writing mode
 * (see figure.h; the rules are in docs/typesetting.md, "Pictures").
 *
 * Why the files are read here and not when the article is read: the
 * pixels a page needs are those at the size shown, which only layout
 * knows.  Reading, scaling once and freeing the original keeps a board's
 * memory to what its pages show (a 12-megapixel photo is 48 MB decoded),
 * and layout already runs on the board's content thread.
 * Depends on base, content, picture, font and para.
 */
#include "layout/figure.h"

#include "layout/para.h"

#include <stdlib.h>
#include <string.h>

#define TAG "layout"

/* A picture is shown at most twice its own size: a small picture blown
 * up further only shows its pixels. */
#define MAX_UPSCALE_PCT 200

/* Caption lines are this % of the caption em apart (as the QR code's). */
#define CAPTION_PITCH_PCT 140

/* Smaller than this (px) on either side, a picture is not worth showing. */
#define MIN_SIDE_PX 16

static const bl_font *caption_font(const bl_layout_opts *o)
{
    return o->fonts[BL_STYLE_BYLINE] ? o->fonts[BL_STYLE_BYLINE] : o->fonts[BL_STYLE_BODY];
}

/* How deep across the lines caption lines of `measure` are (0 without a
 * caption): (lines - 1) pitches and one em. */
static bl_status caption_depth(const bl_layout_opts *o, bl_dir dir, const char *caption, int32_t measure,
                               int32_t *depth, bl_err *err)
{
    bl__para p;
    bl__span *lines = NULL;
    size_t nl = 0;
    bl_status st;
    *depth = 0;
    if (!caption || !*caption)
        return BL_OK;
    st = bl__para_prepare(&p, caption, caption_font(o), BL_STYLE_BYLINE, dir, o->kinsoku, err);
    if (!st)
        st = bl__para_break(&p, bl__measures_same(measure), 0, false, o->kinsoku, &lines, &nl);
    if (!st && nl)
        *depth = (int32_t)(nl - 1) * (p.em * CAPTION_PITCH_PCT / 100) + p.em;
    free(lines);
    bl__para_free(&p);
    return st;
}

/* Sizes figure f (its original picture pic) for room: sets *w x *h (px)
 * and f's offsets; false when there is no room for it. */
static bl_status size_figure(const bl_layout_opts *o, const bl__figure_room *r, const bl_picture *pic,
                             bl__figure *f, int *w, int *h, bool *fits, bl_err *err)
{
    bool cols = r->dir == BL_DIR_V;
    int32_t cem = bl_font_px(caption_font(o)) * 64, capd = 0;
    /* rows: the measure by half the page; columns: half the page by the column */
    int32_t maxw = cols ? r->depth / 2 : r->measure, maxh = cols ? r->measure : r->depth / 2;
    bl_status st = BL_OK;
    int tries;

    *fits = false;
    f->cap_gap = f->caption ? (cols ? r->em / 2 : cem / 2) : 0;
    for (tries = 0; tries < 4 && !st; tries++) {
        int32_t other; /* across the lines: the block without the picture */
        bl_picture_fit(pic->w, pic->h, maxw / 64, maxh / 64, MAX_UPSCALE_PCT, w, h);
        if (*w < MIN_SIDE_PX || *h < MIN_SIDE_PX)
            return BL_OK;
        if (cols) {
            /* caption columns as long as the picture, or 8 em when it is short */
            int32_t k, need;
            f->cap_measure = BL_MAX(*h * 64, BL_MIN(r->measure, 8 * cem));
            /* (measured a pixel short: layout may start them up to a
             * pixel lower, level with the picture) */
            st = caption_depth(o, r->dir, f->caption, f->cap_measure - 64, &capd, err);
            other = 64 + f->cap_gap + capd;
            need = *w * 64 + other;
            /* whole column slots: k of them end an em after k - 1 pitches */
            k = need <= r->em ? 1 : (need - r->em + r->pitch - 1) / r->pitch + 1;
            f->extent = (k - 1) * r->pitch + r->em;
            f->depth = k * r->pitch;
            f->along = 0;
            f->cap_along = 0;
        } else {
            f->cap_measure = BL_MIN(r->measure, BL_MAX(*w * 64, 10 * cem));
            st = caption_depth(o, r->dir, f->caption, f->cap_measure, &capd, err);
            other = 64 + f->cap_gap + capd;
            f->extent = *h * 64 + other;
            f->depth = f->extent + r->em;
            f->along = (r->measure - *w * 64) / 2 / 64 * 64;
            f->cap_along = (r->measure - f->cap_measure) / 2;
        }
        if (!st && f->extent <= r->depth) {
            *fits = true;
            return BL_OK;
        }
        /* the caption leaves less room: the picture gives way */
        if (cols)
            maxw = r->depth - other;
        else
            maxh = r->depth - other;
    }
    return st;
}

/* Reads, sizes and scales one picture into f (file and caption set);
 * *ok is false when it is left out (warned). */
static bl_status make_figure(const bl_article *a, const bl_layout_opts *o, const bl__figure_room *r,
                             bl__figure *f, bool *ok, bl_err *err)
{
    const char *name = a->path ? a->path : a->title;
    char *path = bl_article_picture_path(a, f->file);
    bl_picture *orig = NULL;
    bl_err e = {0};
    bl_status st;
    int w = 0, h = 0;
    bool fits = false;

    *ok = false;
    if (!path)
        return BL_ERR_NOMEM;
    st = bl_picture_load(path, BL_PICTURE_MAX_BYTES, &orig, &e);
    free(path);
    if (st == BL_ERR_NOMEM)
        return st;
    if (st) {
        BL_LOGW(TAG, "%s: picture %s not shown: %s", name, f->file, e.msg);
        return BL_OK;
    }
    st = size_figure(o, r, orig, f, &w, &h, &fits, err);
    if (!st && !fits)
        BL_LOGW(TAG, "%s: picture %s not shown: a %dx%d frame has no room for it", name, f->file, o->width,
                o->height);
    if (!st && fits) {
        st = bl_picture_scale(orig, w, h, &f->pic, &e);
        if (st && st != BL_ERR_NOMEM) {
            BL_LOGW(TAG, "%s: picture %s not shown: %s", name, f->file, e.msg);
            st = BL_OK;
        }
        *ok = !st;
    }
    bl_picture_destroy(orig);
    return st;
}

bl_status bl__figures_prepare(const bl_article *a, const bl_layout_opts *o, const bl__figure_room *room,
                              bl__figure **out, size_t *n, bl_err *err)
{
    size_t total = a->nfigures + (a->image && *a->image ? 1 : 0), i, k = 0;
    bl__figure *figs;
    bl_status st = BL_OK;

    *out = NULL;
    *n = 0;
    if (!total)
        return BL_OK;
    figs = calloc(total, sizeof *figs);
    if (!figs)
        return BL_ERR_NOMEM;
    for (i = 0; i < total && !st; i++) {
        bool lead = i == 0 && total > a->nfigures, ok = false;
        const bl_figure *bf = lead ? NULL : &a->figures[i - (total - a->nfigures)];
        bl__figure *f = &figs[k];
        memset(f, 0, sizeof *f);
        f->file = lead ? a->image : bf->file;
        f->caption = lead ? a->caption : bf->caption;
        if (f->caption && !*f->caption)
            f->caption = NULL;
        f->before = lead ? 0 : bf->before;
        st = make_figure(a, o, room, f, &ok, err);
        if (ok)
            k++;
    }
    if (st) {
        bl__figures_free(figs, k);
        return st;
    }
    *out = figs;
    *n = k;
    return BL_OK;
}

void bl__figures_free(bl__figure *f, size_t n)
{
    size_t i;
    if (!f)
        return;
    for (i = 0; i < n; i++)
        bl_picture_destroy(f[i].pic);
    free(f);
}
