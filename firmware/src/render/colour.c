/*
 * colour.c - see colour.h.
 *
 * Why a scaler of our own: FreeType hands over a colour strike at its one
 * size (it scales outlines, not bitmaps); SDL's SDL_SoftStretch is
 * nearest neighbour or bilinear (a 109 -> 40 px reduction then skips most
 * source pixels and aliases), and its code paths differ between SDL
 * versions and CPUs, while the board promises the same bytes everywhere.
 * An area average in integers is exact, small, and fast enough for glyphs
 * that are scaled once and then cached.
 */
#include "render/colour.h"

#include <stdlib.h>
#include <string.h>

/* The weight of source pixel i in output pixel o: the length of their
 * overlap when source pixels are num units wide and output pixels den
 * (the weights of one output pixel sum to den where the source covers
 * it). */
static uint32_t overlap(int i, int o, int32_t num, int32_t den)
{
    int64_t lo = (int64_t)i * num, hi = (int64_t)(i + 1) * num;
    int64_t olo = (int64_t)o * den, ohi = (int64_t)(o + 1) * den;
    if (olo > lo)
        lo = olo;
    if (ohi < hi)
        hi = ohi;
    return hi > lo ? (uint32_t)(hi - lo) : 0;
}

/* The source pixels [*first, *last] that output pixel o overlaps. */
static void span(int o, int32_t num, int32_t den, int n, int *first, int *last)
{
    int64_t a = (int64_t)o * den / num, b = ((int64_t)(o + 1) * den - 1) / num;
    *first = (int)a;
    *last = (int)(b < n - 1 ? b : n - 1);
}

uint32_t *bl_colour_scale(const uint8_t *bgra, int w, int h, int pitch, int32_t num, int32_t den, int *ow,
                          int *oh)
{
    uint32_t *tmp, *out;
    int x, y, c, i, W, H;
    if (w <= 0 || h <= 0 || num <= 0 || den <= 0)
        return NULL;
    W = (int)(((int64_t)w * num + den - 1) / den);
    H = (int)(((int64_t)h * num + den - 1) / den);
    if (W <= 0 || H <= 0 || W > 4096 || H > 4096)
        return NULL;
    /* rows first: tmp holds, per output column and source row, the four
     * channels' sums of weight * value (at most den * 255 each) */
    tmp = malloc((size_t)W * (size_t)h * 4 * sizeof *tmp);
    out = malloc((size_t)W * (size_t)H * sizeof *out);
    if (!tmp || !out) {
        free(tmp);
        free(out);
        return NULL;
    }
    for (y = 0; y < h; y++) {
        const uint8_t *row = bgra + (size_t)y * (size_t)pitch;
        for (x = 0; x < W; x++) {
            uint32_t *t = tmp + ((size_t)y * (size_t)W + (size_t)x) * 4;
            int first, last;
            t[0] = t[1] = t[2] = t[3] = 0;
            span(x, num, den, w, &first, &last);
            for (i = first; i <= last; i++) {
                uint32_t wt = overlap(i, x, num, den);
                for (c = 0; c < 4; c++)
                    t[c] += wt * row[(size_t)i * 4 + (size_t)c];
            }
        }
    }
    /* then columns: sums of weight * weight * value, at most den^2 * 255,
     * divided by den^2 with rounding */
    for (y = 0; y < H; y++) {
        int first, last;
        uint64_t dd = (uint64_t)den * (uint64_t)den;
        span(y, num, den, h, &first, &last);
        for (x = 0; x < W; x++) {
            uint64_t s[4] = {0, 0, 0, 0};
            uint32_t v[4];
            for (i = first; i <= last; i++) {
                const uint32_t *t = tmp + ((size_t)i * (size_t)W + (size_t)x) * 4;
                uint64_t wt = overlap(i, y, num, den);
                for (c = 0; c < 4; c++)
                    s[c] += wt * t[c];
            }
            for (c = 0; c < 4; c++) {
                uint64_t q = (s[c] + dd / 2) / dd;
                v[c] = q > 255 ? 255 : (uint32_t)q;
            }
            /* B, G, R, A bytes -> 0xAARRGGBB; premultiplied, so no
             * channel exceeds alpha */
            for (c = 0; c < 3; c++)
                if (v[c] > v[3])
                    v[c] = v[3];
            out[(size_t)y * (size_t)W + (size_t)x] = v[3] << 24 | v[2] << 16 | v[1] << 8 | v[0];
        }
    }
    free(tmp);
    *ow = W;
    *oh = H;
    return out;
}

/* dst*(255-a)/255 + src per channel, rounded exactly like render.c's
 * blend: x/255 is (t + (t >> 8)) >> 8 with t = x + 128. */
static uint32_t over(uint32_t dst, uint32_t src)
{
    uint32_t ia = 255 - (src >> 24), k, res = 0xFF000000u;
    for (k = 0; k < 24; k += 8) {
        uint32_t t = ((dst >> k) & 0xFF) * ia + 128;
        uint32_t v = ((t + (t >> 8)) >> 8) + ((src >> k) & 0xFF);
        res |= (v > 255 ? 255 : v) << k;
    }
    return res;
}

void bl_colour_over(SDL_Surface *dst, int x0, int y0, const uint32_t *argb, int w, int h)
{
    int x, y, xs = 0, ys = 0, xe = w, ye = h;
    if (x0 < 0)
        xs = -x0;
    if (y0 < 0)
        ys = -y0;
    if (x0 + xe > dst->w)
        xe = dst->w - x0;
    if (y0 + ye > dst->h)
        ye = dst->h - y0;
    for (y = ys; y < ye; y++) {
        uint32_t *row = (uint32_t *)((uint8_t *)dst->pixels + (size_t)(y0 + y) * (size_t)dst->pitch) + x0;
        const uint32_t *src = argb + (size_t)y * (size_t)w;
        for (x = xs; x < xe; x++) {
            uint32_t s = src[x];
            if (s >> 24 == 255)
                row[x] = s;
            else if (s)
                row[x] = over(row[x], s);
        }
    }
}
