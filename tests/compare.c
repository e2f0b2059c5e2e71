/*
 * compare.c - the anti-aliasing-aware image comparison of the golden
 * tests (see compare.h).  Depends on base, render/image (ARGB8888 views,
 * PNG writing) and SDL2 surfaces.
 */
#include "compare.h"

#include "render/image.h"

#include <stdlib.h>
#include <string.h>

#define TAG "compare"

/* Per-pixel verdicts, kept for the visual diff. */
enum { PIX_SAME, PIX_FORGIVEN, PIX_BAD };

/* Samples are held in sixteenths of an 8-bit step, so the tent blur below
 * is exact away from the border and no rounding can add noise. */
#define SUB 16

/* Rows compared at a time, plus a halo of two rows either side (one for
 * the blur, one for the blur's range): bounds the memory to about
 * 72 * width * (STRIP + 4) bytes whatever the height. */
#define STRIP 64
#define HALO 2

/* Channel c (0 red, 1 green, 2 blue) of an ARGB8888 word. */
static int chan(Uint32 p, int c) { return (int)(p >> (16 - 8 * c)) & 0xFF; }

/* What the comparison needs of a strip of one image, as planes of three
 * samples (R, G, B) per pixel, in SUB units. */
typedef struct planes {
    uint16_t *mem;           /* one allocation for all six */
    uint16_t *raw, *lo, *hi; /* values and the range of their 3x3 window */
    uint16_t *blur, *blo, *bhi; /* tent-blurred values and their range */
} planes;

static bool planes_alloc(planes *p, int w)
{
    size_t cap = (size_t)w * (STRIP + 2 * HALO) * 3;
    p->mem = malloc(cap * 6 * sizeof *p->mem);
    if (!p->mem)
        return false;
    p->raw = p->mem;
    p->lo = p->mem + cap;
    p->hi = p->mem + 2 * cap;
    p->blur = p->mem + 3 * cap;
    p->blo = p->mem + 4 * cap;
    p->bhi = p->mem + 5 * cap;
    return true;
}

/* Fills lo and hi with the per-channel minimum and maximum of src (w x h
 * pixels) over each pixel's 3x3 window, clipped at the border.
 * Separable: a 3-wide pass along rows, then a 3-tall pass down columns in
 * place, with the previous row's row-pass values kept in scratch
 * (4 * 3 * w samples). */
static void local_range(const uint16_t *src, int w, int h, uint16_t *lo, uint16_t *hi,
                        uint16_t *scratch)
{
    size_t rowlen = (size_t)w * 3;
    uint16_t *prev_lo = scratch, *prev_hi = scratch + rowlen;
    uint16_t *cur_lo = scratch + 2 * rowlen, *cur_hi = scratch + 3 * rowlen;

    for (int y = 0; y < h; y++) {
        const uint16_t *s = src + (size_t)y * rowlen;
        uint16_t *l = lo + (size_t)y * rowlen, *u = hi + (size_t)y * rowlen;
        for (size_t i = 0; i < rowlen; i++) {
            int a = i >= 3 ? s[i - 3] : s[i], b = s[i], d = i + 3 < rowlen ? s[i + 3] : s[i];
            l[i] = (uint16_t)BL_MIN(a, BL_MIN(b, d));
            u[i] = (uint16_t)BL_MAX(a, BL_MAX(b, d));
        }
    }
    for (int y = 0; y < h; y++) {
        uint16_t *l = lo + (size_t)y * rowlen, *u = hi + (size_t)y * rowlen, *t;
        const uint16_t *nl = y + 1 < h ? l + rowlen : l, *nu = y + 1 < h ? u + rowlen : u;
        const uint16_t *pl = y > 0 ? prev_lo : l, *pu = y > 0 ? prev_hi : u;
        /* Keep this row's row-pass values: the next row needs them. */
        memcpy(cur_lo, l, rowlen * sizeof *l);
        memcpy(cur_hi, u, rowlen * sizeof *u);
        for (size_t i = 0; i < rowlen; i++) {
            l[i] = (uint16_t)BL_MIN(cur_lo[i], BL_MIN(pl[i], nl[i]));
            u[i] = (uint16_t)BL_MAX(cur_hi[i], BL_MAX(pu[i], nu[i]));
        }
        t = prev_lo;
        prev_lo = cur_lo;
        cur_lo = t;
        t = prev_hi;
        prev_hi = cur_hi;
        cur_hi = t;
    }
}

/* dst = src blurred by the 3x3 tent (1 2 1 times 1 2 1, over 16), which
 * conserves ink and cancels a two-pixel stripe pattern outright: thin
 * strokes that one sub-pixel phase renders as stripes and another as flat
 * grey look the same after it.  At the border the kernel is clipped and
 * renormalised. */
static void tent_blur(const uint16_t *src, int w, int h, uint16_t *dst)
{
    size_t rowlen = (size_t)w * 3;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            for (int c = 0; c < 3; c++) {
                uint32_t sum = 0, wsum = 0;
                for (int j = -1; j <= 1; j++) {
                    if (y + j < 0 || y + j >= h)
                        continue;
                    for (int i = -1; i <= 1; i++) {
                        uint32_t k = (uint32_t)((j ? 1 : 2) * (i ? 1 : 2));
                        if (x + i < 0 || x + i >= w)
                            continue;
                        sum += k * src[(size_t)(y + j) * rowlen + (size_t)(x + i) * 3 + (size_t)c];
                        wsum += k;
                    }
                }
                dst[(size_t)y * rowlen + (size_t)x * 3 + (size_t)c] =
                    (uint16_t)((sum + wsum / 2) / wsum);
            }
        }
    }
}

/* Fills p from rows [y0, y0 + n) of the ARGB8888 view s, as if those rows
 * were the whole image. */
static void planes_fill(planes *p, const SDL_Surface *s, int y0, int n, uint16_t *scratch)
{
    for (int y = 0; y < n; y++)
        for (int x = 0; x < s->w; x++) {
            Uint32 v = bl_image_pixel(s, x, y0 + y);
            uint16_t *d = p->raw + ((size_t)y * (size_t)s->w + (size_t)x) * 3;
            for (int c = 0; c < 3; c++)
                d[c] = (uint16_t)(chan(v, c) * SUB);
        }
    local_range(p->raw, s->w, n, p->lo, p->hi, scratch);
    tent_blur(p->raw, s->w, n, p->blur);
    local_range(p->blur, s->w, n, p->blo, p->bhi, scratch);
}

/* How far v lies outside [lo, hi]; 0 inside. */
static int outside(int v, int lo, int hi) { return v < lo ? lo - v : v > hi ? v - hi : 0; }

/* The excess (see compare.h) of sample i in SUB units. */
static int excess_at(const planes *r, const planes *t, size_t i)
{
    int raw = BL_MAX(outside(t->raw[i], r->lo[i], r->hi[i]),
                     outside(r->raw[i], t->lo[i], t->hi[i]));
    int blur = BL_MAX(outside(t->blur[i], r->blo[i], r->bhi[i]),
                      outside(r->blur[i], t->blo[i], t->bhi[i]));
    int allow = BL_MIN(r->hi[i] - r->lo[i], t->hi[i] - t->lo[i]);
    return BL_MAX(BL_MIN(raw, blur) - allow, 0);
}

/* The comparison proper, on ARGB8888 views of equal size, a strip at a
 * time.  mask, when not NULL, receives one PIX_* verdict per pixel. */
static bl_status compare_views(const SDL_Surface *ref, const SDL_Surface *test,
                               bl_image_diff *out, uint8_t *mask, bl_err *err)
{
    int w = ref->w, h = ref->h, worst = 0;
    planes r = {0}, t = {0};
    uint16_t *scratch;
    uint64_t sum = 0;

    memset(out, 0, sizeof *out);
    out->width = w;
    out->height = h;
    if (w == 0 || h == 0)
        return BL_OK;
    scratch = malloc((size_t)w * 12 * sizeof *scratch);
    if (!scratch || !planes_alloc(&r, w) || !planes_alloc(&t, w)) {
        free(scratch);
        free(r.mem);
        return bl_err_set(err, BL_ERR_NOMEM, "image compare: no memory for %dx%d", w, h);
    }

    for (int y0 = 0; y0 < h; y0 += STRIP) {
        int y1 = BL_MIN(y0 + STRIP, h), ys = BL_MAX(y0 - HALO, 0), ye = BL_MIN(y1 + HALO, h);
        planes_fill(&r, ref, ys, ye - ys, scratch);
        planes_fill(&t, test, ys, ye - ys, scratch);
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < w; x++) {
                size_t i = ((size_t)(y - ys) * (size_t)w + (size_t)x) * 3;
                int pix_excess = 0, pix_diff = 0;
                for (size_t c = 0; c < 3; c++) {
                    int a = r.raw[i + c], b = t.raw[i + c], diff = (a > b ? a - b : b - a) / SUB;
                    sum += (uint64_t)diff;
                    pix_diff = BL_MAX(pix_diff, diff);
                    pix_excess = BL_MAX(pix_excess, excess_at(&r, &t, i + c));
                }
                out->max_diff = BL_MAX(out->max_diff, pix_diff);
                worst = BL_MAX(worst, pix_excess);
                if (pix_excess > BL_IMAGE_SLACK * SUB)
                    out->bad_pixels++;
                if (mask)
                    mask[(size_t)y * (size_t)w + (size_t)x] =
                        pix_excess > BL_IMAGE_SLACK * SUB ? PIX_BAD
                        : pix_diff                        ? PIX_FORGIVEN
                                                          : PIX_SAME;
            }
        }
    }
    out->mean_diff = (double)sum / ((double)w * (double)h * 3.0);
    out->level = worst / (255.0 * SUB);
    free(scratch);
    free(r.mem);
    free(t.mem);
    return BL_OK;
}

/* Checks arguments and sizes and makes ARGB8888 views of both surfaces;
 * on success the caller frees *rc and *tc. */
static bl_status prepare_pair(SDL_Surface *ref, SDL_Surface *test, SDL_Surface **rv,
                              SDL_Surface **tv, SDL_Surface **rc, SDL_Surface **tc, bl_err *err)
{
    *rv = *tv = *rc = *tc = NULL;
    if (!ref || !test)
        return bl_err_set(err, BL_ERR_USAGE, "image compare: %s surface is NULL",
                          ref ? "test" : "reference");
    if (ref->w != test->w || ref->h != test->h)
        return bl_err_set(err, BL_ERR_RANGE,
                          "image compare: reference is %dx%d but the image under test is %dx%d",
                          ref->w, ref->h, test->w, test->h);
    *rv = bl_image_argb(ref, rc);
    *tv = *rv ? bl_image_argb(test, tc) : NULL;
    if (!*rv || !*tv) {
        bl_status st = bl_err_set(err, BL_ERR_NOMEM,
                                  "image compare: cannot convert to ARGB8888: %s", SDL_GetError());
        SDL_FreeSurface(*rc);
        *rc = NULL;
        return st;
    }
    return BL_OK;
}

bl_status bl_image_compare(SDL_Surface *ref, SDL_Surface *test, bl_image_diff *out, bl_err *err)
{
    SDL_Surface *rv = NULL, *tv = NULL, *rc = NULL, *tc = NULL;
    bl_status st;

    if (!out)
        return bl_err_set(err, BL_ERR_USAGE, "image compare: out is NULL");
    memset(out, 0, sizeof *out);
    st = prepare_pair(ref, test, &rv, &tv, &rc, &tc, err);
    if (st != BL_OK)
        return st;
    st = compare_views(rv, tv, out, NULL, err);
    SDL_FreeSurface(rc);
    SDL_FreeSurface(tc);
    return st;
}

bool bl_image_diff_ok(const bl_image_diff *d, double max_level)
{
    return d && d->level <= max_level;
}

bl_status bl_image_diff_png(SDL_Surface *ref, SDL_Surface *test, const char *path, bl_err *err)
{
    SDL_Surface *rv = NULL, *tv = NULL, *rc = NULL, *tc = NULL, *pic = NULL;
    uint8_t *mask = NULL;
    bl_image_diff d;
    bl_status st;

    if (!path)
        return bl_err_set(err, BL_ERR_USAGE, "bl_image_diff_png: path is NULL");
    st = prepare_pair(ref, test, &rv, &tv, &rc, &tc, err);
    if (st != BL_OK)
        return st;
    if (rv->w == 0 || rv->h == 0) {
        st = bl_err_set(err, BL_ERR_USAGE, "%s: cannot draw the diff of empty images", path);
        goto out;
    }
    mask = malloc((size_t)rv->w * (size_t)rv->h);
    pic = SDL_CreateRGBSurfaceWithFormat(0, rv->w, rv->h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!mask || !pic) {
        st = bl_err_set(err, BL_ERR_NOMEM, "%s: no memory for the diff image", path);
        goto out;
    }
    st = compare_views(rv, tv, &d, mask, err);
    if (st != BL_OK)
        goto out;

    for (int y = 0; y < rv->h; y++) {
        uint8_t *row = (uint8_t *)pic->pixels + (size_t)y * (size_t)pic->pitch;
        for (int x = 0; x < rv->w; x++) {
            Uint32 p = bl_image_pixel(rv, x, y), v;
            switch (mask[(size_t)y * (size_t)rv->w + (size_t)x]) {
            case PIX_BAD:
                v = 0xFFFF0000u;
                break;
            case PIX_FORGIVEN:
                v = 0xFFFFB000u;
                break;
            default: {
                /* Two thirds of the way to white: the text stays legible
                 * behind the marks but never competes with them. */
                Uint32 r = 170 + (Uint32)chan(p, 0) / 3, g = 170 + (Uint32)chan(p, 1) / 3,
                       b = 170 + (Uint32)chan(p, 2) / 3;
                v = 0xFF000000u | r << 16 | g << 8 | b;
                break;
            }
            }
            memcpy(row + (size_t)x * 4, &v, sizeof v);
        }
    }
    st = bl_png_write(path, pic, err);

out:
    free(mask);
    SDL_FreeSurface(pic);
    SDL_FreeSurface(rc);
    SDL_FreeSurface(tc);
    return st;
}

bl_status bl_image_check(SDL_Surface *ref, SDL_Surface *test, double max_level, const char *diff_path,
                         bl_image_diff *out, bl_err *err)
{
    bl_err derr;
    bl_status st = bl_image_compare(ref, test, out, err);
    if (st == BL_OK && diff_path && !bl_image_diff_ok(out, max_level) &&
        bl_image_diff_png(ref, test, diff_path, &derr))
        BL_LOGW(TAG, "%s", derr.msg);
    return st;
}
