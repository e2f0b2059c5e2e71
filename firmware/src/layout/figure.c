/*
 * figure.c - an article's pictures sized for one frame and writing mode
 * (see figure.h; the rules are in docs/typesetting.md, "Pictures and
 * the QR code in the flow").
 *
 * Why the files are read here and not when the article is read: the
 * pixels a page needs are those at the size shown, which only layout
 * knows.  Reading, scaling once and freeing the original keeps a board's
 * memory to what its pages show (a 12-megapixel photo is 48 MB decoded),
 * and layout already runs on the board's content thread.
 * Depends on base, content, picture, font and para.
 */
#include "layout/figure.h"

#include "layout/build.h"
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
        st = bl__para_break(&p, bl__measures_same(measure), 0, 0, false, o->kinsoku, &lines, &nl);
    if (!st && nl)
        *depth = (int32_t)(nl - 1) * (p.em * CAPTION_PITCH_PCT / 100) + p.em;
    free(lines);
    bl__para_free(&p);
    return st;
}

/* Sizes figure f (its original picture pic) for room: sets *w x *h (px)
 * and f's geometry; *fits is false when there is no room for it. */
static bl_status size_figure(const bl_layout_opts *o, const bl__figure_room *r, const bl_picture *pic,
                             bl__figure *f, int *w, int *h, bool *fits, bl_err *err)
{
    bool cols = r->dir == BL_DIR_V;
    int32_t cem = bl_font_px(caption_font(o)) * 64, capd = 0;
    /* rows: the measure by half the page; columns: two thirds of the
     * page by half the column, the text going on under it */
    int32_t maxw = cols ? r->depth * 2 / 3 : r->measure, maxh = r->measure / 2;
    bl_status st = BL_OK;
    int tries;

    if (!cols)
        maxh = r->depth / 2;
    *fits = false;
    f->cap_gap = f->caption ? cem / 2 : 0;
    for (tries = 0; tries < 4 && !st; tries++) {
        int32_t pw, ph;
        bl_picture_fit(pic->w, pic->h, maxw / 64, maxh / 64, MAX_UPSCALE_PCT, w, h);
        if (*w < MIN_SIDE_PX || *h < MIN_SIDE_PX)
            return BL_OK;
        pw = *w * 64;
        ph = *h * 64;
        if (cols) {
            /* whole column slots: k of them end an em after k - 1 pitches */
            int32_t k = pw <= r->em ? 1 : (pw - r->em + r->pitch - 1) / r->pitch + 1;
            f->extent = (k - 1) * r->pitch + r->em;
            f->depth = k * r->pitch;
            f->inset = (f->extent - pw) / 2;
            f->cap_measure = f->extent;
            st = caption_depth(o, BL_DIR_H, f->caption, f->cap_measure, &capd, err);
            f->keep = ph + 64 + f->cap_gap + capd + r->em;
            if (!st && f->extent <= r->depth && f->keep <= r->measure) {
                *fits = true;
                return BL_OK;
            }
            maxh = r->measure - (f->keep - ph);
            maxw = BL_MIN(maxw, r->depth);
        } else {
            f->cap_measure = BL_MIN(r->measure, BL_MAX(pw, 10 * cem));
            st = caption_depth(o, BL_DIR_H, f->caption, f->cap_measure, &capd, err);
            f->inset = (r->measure - pw) / 2 / 64 * 64;
            f->cap_along = (r->measure - f->cap_measure) / 2;
            f->extent = ph + 64 + f->cap_gap + capd;
            f->depth = f->extent + r->em;
            f->keep = 0;
            if (!st && f->extent <= r->depth) {
                *fits = true;
                return BL_OK;
            }
            /* the caption leaves less room: the picture gives way */
            maxh = r->depth - (f->extent - ph);
        }
    }
    return st;
}

/* Reads, sizes and scales one picture for f (file and caption set) into
 * *out (the caller's), f->pic pointing to it; *out is NULL when it is
 * left out (warned). */
static bl_status make_figure(const bl_article *a, const bl_layout_opts *o, const bl__figure_room *r,
                             bl__figure *f, bl_picture **out, bl_err *err)
{
    const char *name = a->path ? a->path : a->title;
    char *path = bl_article_picture_path(a, f->file);
    bl_picture *orig = NULL;
    bl_err e = {0};
    bl_status st;
    int w = 0, h = 0;
    bool fits = false;

    *out = NULL;
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
        st = bl_picture_scale(orig, w, h, out, &e);
        if (st && st != BL_ERR_NOMEM) {
            BL_LOGW(TAG, "%s: picture %s not shown: %s", name, f->file, e.msg);
            st = BL_OK;
        }
        f->pic = *out;
    }
    bl_picture_destroy(orig);
    return st;
}

bl_status bl__figures_prepare(bl__builder *b, const bl_article *a, const bl__figure_room *room, bl__figure **out,
                              size_t *n)
{
    size_t total = a->nfigures + (a->image && *a->image ? 1 : 0), i, k = 0;
    bl_doc *d = b->doc;
    bl__figure *figs;
    bl_status st = BL_OK;

    *out = NULL;
    *n = 0;
    if (!total)
        return BL_OK;
    figs = calloc(total, sizeof *figs);
    d->pictures = calloc(total, sizeof *d->pictures);
    if (!figs || !d->pictures) {
        free(figs);
        return BL_ERR_NOMEM;
    }
    for (i = 0; i < total && !st; i++) {
        bool lead = i == 0 && total > a->nfigures;
        bl_picture *pic = NULL;
        const bl_figure *bf = lead ? NULL : &a->figures[i - (total - a->nfigures)];
        bl__figure *f = &figs[k];
        memset(f, 0, sizeof *f);
        f->file = lead ? a->image : bf->file;
        f->caption = lead ? a->caption : bf->caption;
        if (f->caption && !*f->caption)
            f->caption = NULL;
        f->before = lead ? 0 : bf->before;
        st = make_figure(a, b->o, room, f, &pic, b->err);
        if (pic) { /* the doc owns the pixels from now on */
            d->pictures[d->npictures++] = pic;
            k++;
        }
    }
    if (st) {
        free(figs);
        return st;
    }
    *out = figs;
    *n = k;
    return BL_OK;
}

/* The block of f at pos crosses a part of the page the lines keep out
 * of (a picture placed before it). */
static bool crosses(const bl__builder *b, const bl__figure *f, bl_dir dir, int32_t pos)
{
    int32_t a0 = dir == BL_DIR_V ? pos - f->extent : pos, a1 = a0 + f->extent;
    size_t i;
    for (i = 0; i < b->nko; i++)
        if (b->ko[i].a0 < a1 && a0 < b->ko[i].a1)
            return true;
    return false;
}

/* Puts figure f at pos on the current page of text area ar: the
 * picture's box at whole pixels, its caption rows under it.  Rows: pos
 * moves past the block.  Columns: the block keeps the top of its columns
 * and the lines go on under it from pos. */
static bl_status place(bl__builder *b, const bl__figure *f, bl_dir dir, int32_t *pos, const bl__area *ar)
{
    bl_pbox *bx = bl__add_pbox(b);
    int32_t w = f->pic->w * 64, h = f->pic->h * 64, cpos, start;
    if (!bx)
        return BL_ERR_NOMEM;
    bx->kind = BL_BOX_PICTURE;
    bx->w = w;
    bx->h = h;
    bx->picture = f->pic;
    bx->text = f->file;
    if (dir == BL_DIR_V) {
        start = *pos - f->extent;
        bx->x = (start + f->inset) / 64 * 64;
        bx->y = (ar->top + 63) / 64 * 64;
        bl__keep_out(b, (bl__keepout){start, *pos, ar->top, ar->top + f->keep});
    } else {
        start = ar->left + f->cap_along;
        bx->x = ar->left + f->inset;
        bx->y = (*pos + 63) / 64 * 64;
        *pos = forward(dir, *pos, f->depth);
    }
    cpos = bx->y + h + 64 + f->cap_gap;
    return bl__emit_block(b, BL_DIR_H, f->caption, BL_STYLE_BYLINE, BL_PARA_FIGURE, &cpos, start, f->cap_measure,
                          CAPTION_PITCH_PCT);
}

bl_status bl__figures_place(bl__builder *b, const bl__figure *figs, size_t n, size_t *fi, size_t upto, bl_dir dir,
                            int32_t pitch, int32_t *pos, const bl__area *ar, int32_t limit)
{
    bl_status st = BL_OK;
    for (; !st && *fi < n && figs[*fi].before <= upto; (*fi)++) {
        int32_t at = *pos;
        /* columns: past the blocks placed before, whose columns the
         * text may not have filled */
        while (dir == BL_DIR_V && within(dir, forward(dir, at, figs[*fi].extent), limit) &&
               crosses(b, &figs[*fi], dir, at))
            at = forward(dir, at, pitch);
        if (!within(dir, forward(dir, at, figs[*fi].extent), limit))
            break;
        *pos = at;
        st = place(b, &figs[*fi], dir, pos, ar);
    }
    return st;
}
