/*
 * render.c - glyph cache and blending.
 *
 * Bitmaps are 8-bit coverage from FreeType (light hinting: vertical only,
 * which keeps CJK strokes crisp without distorting advances), keyed by
 * (face, size, glyph id, orientation).  Rotated glyphs are the horizontal
 * bitmap turned 90° clockwise, which is exact.  Blending is integer
 * arithmetic so the bytes do not depend on the machine.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#define TAG "render"

typedef struct centry {
    const void *face; /* FT_Face */
    uint32_t gid;
    uint16_t px;
    uint8_t orient;
    uint8_t used;
    int16_t left, top; /* bitmap offset from the pen: x right, y up */
    uint16_t w, h;
    uint8_t *bits; /* w*h coverage, or NULL for an empty glyph */
} centry;

struct bl_glyph_cache {
    centry *slots; /* open addressing, power of two */
    size_t nslots, entries, bytes, max_bytes;
    size_t hits, misses, flushes;
};

bl_status bl_cache_create(size_t max_bytes, bl_glyph_cache **out, bl_err *err)
{
    bl_glyph_cache *c = calloc(1, sizeof *c);
    *out = NULL;
    if (!c)
        return bl_err_set(err, BL_ERR_NOMEM, "glyph cache: out of memory");
    c->nslots = 4096;
    c->slots = calloc(c->nslots, sizeof *c->slots);
    if (!c->slots) {
        free(c);
        return bl_err_set(err, BL_ERR_NOMEM, "glyph cache: out of memory");
    }
    c->max_bytes = max_bytes ? max_bytes : 32u << 20;
    *out = c;
    return BL_OK;
}

void bl_cache_clear(bl_glyph_cache *c)
{
    size_t i;
    for (i = 0; i < c->nslots; i++)
        free(c->slots[i].bits);
    memset(c->slots, 0, c->nslots * sizeof *c->slots);
    c->entries = 0;
    c->bytes = 0;
}

void bl_cache_destroy(bl_glyph_cache *c)
{
    if (!c)
        return;
    bl_cache_clear(c);
    free(c->slots);
    free(c);
}

void bl_cache_get_stats(const bl_glyph_cache *c, bl_cache_stats *out)
{
    out->entries = c->entries;
    out->bytes = c->bytes;
    out->hits = c->hits;
    out->misses = c->misses;
    out->flushes = c->flushes;
}

static size_t hash_key(const void *face, uint32_t gid, int px, int orient)
{
    uint64_t h = (uint64_t)(uintptr_t)face * 0x9E3779B97F4A7C15ull;
    h ^= ((uint64_t)gid << 20) ^ ((uint64_t)px << 4) ^ (uint64_t)orient;
    h *= 0xBF58476D1CE4E5B9ull;
    return (size_t)(h ^ (h >> 31));
}

static centry *find_slot(bl_glyph_cache *c, const void *face, uint32_t gid, int px, int orient)
{
    size_t mask = c->nslots - 1, i = hash_key(face, gid, px, orient) & mask;
    for (;;) {
        centry *e = &c->slots[i];
        if (!e->used || (e->face == face && e->gid == gid && e->px == px && e->orient == orient))
            return e;
        i = (i + 1) & mask;
    }
}

static bool rehash(bl_glyph_cache *c)
{
    size_t old_n = c->nslots, i;
    centry *old = c->slots;
    centry *ns = calloc(old_n * 2, sizeof *ns);
    if (!ns)
        return false;
    c->slots = ns;
    c->nslots = old_n * 2;
    for (i = 0; i < old_n; i++) {
        if (old[i].used) {
            centry *e = find_slot(c, old[i].face, old[i].gid, old[i].px, old[i].orient);
            *e = old[i];
        }
    }
    free(old);
    return true;
}

/* Rasterizes a glyph into e; orient rotated turns it 90° clockwise. */
static void rasterize(centry *e, FT_Face ft, uint32_t gid, int orient)
{
    FT_Bitmap *bm;
    int x, y;
    e->bits = NULL;
    e->w = e->h = 0;
    e->left = e->top = 0;
    if (FT_Load_Glyph(ft, gid, FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP) ||
        FT_Render_Glyph(ft->glyph, FT_RENDER_MODE_NORMAL))
        return;
    bm = &ft->glyph->bitmap;
    if (bm->width == 0 || bm->rows == 0 || bm->pixel_mode != FT_PIXEL_MODE_GRAY)
        return;
    e->bits = malloc((size_t)bm->width * bm->rows);
    if (!e->bits)
        return;
    if (orient == BL_ORIENT_ROTATED) {
        /* (x, y) in the source goes to (rows-1-y, x): a clockwise turn.
         * The pen origin turns with it: left/top of the rotated box. */
        for (y = 0; y < (int)bm->rows; y++)
            for (x = 0; x < (int)bm->width; x++)
                e->bits[(size_t)x * bm->rows + (bm->rows - 1 - (unsigned)y)] =
                    bm->buffer[(size_t)y * (size_t)bm->pitch + (size_t)x];
        e->w = (uint16_t)bm->rows;
        e->h = (uint16_t)bm->width;
        /* In y-down page coordinates a clockwise turn about the pen maps
         * (x, y) to (-y, x): the source box x in [left, left+w), y in
         * [-top, -top+rows) becomes x in (top-rows, top], y in [left, ...). */
        e->left = (int16_t)(ft->glyph->bitmap_top - (int)bm->rows);
        e->top = (int16_t)(-ft->glyph->bitmap_left);
    } else {
        for (y = 0; y < (int)bm->rows; y++)
            memcpy(e->bits + (size_t)y * bm->width, bm->buffer + (size_t)y * (size_t)bm->pitch, bm->width);
        e->w = (uint16_t)bm->width;
        e->h = (uint16_t)bm->rows;
        e->left = (int16_t)ft->glyph->bitmap_left;
        e->top = (int16_t)ft->glyph->bitmap_top;
    }
}

static const centry *cache_get(bl_glyph_cache *c, const bl_font *font, size_t face, uint32_t gid, int orient)
{
    FT_Face ft;
    int px = bl_font_px(font);
    centry *e;
    ft = (FT_Face)bl_font_ft_face(font, face);
    e = find_slot(c, ft, gid, px, orient);
    if (e->used) {
        c->hits++;
        return e;
    }
    c->misses++;
    if (c->bytes > c->max_bytes) {
        /* Full: start again (a page needs far less than the limit). */
        bl_cache_clear(c);
        c->flushes++;
        e = find_slot(c, ft, gid, px, orient);
    }
    if ((c->entries + 1) * 4 > c->nslots * 3) {
        if (!rehash(c))
            return NULL;
        e = find_slot(c, ft, gid, px, orient);
    }
    rasterize(e, ft, gid, orient);
    e->face = ft;
    e->gid = gid;
    e->px = (uint16_t)px;
    e->orient = (uint8_t)orient;
    e->used = 1;
    c->entries++;
    c->bytes += (size_t)e->w * e->h + sizeof *e;
    return e;
}

/* dst = dst + (src - dst) * a / 255, per channel, exactly rounded. */
static inline uint32_t blend(uint32_t dst, uint32_t col, unsigned a)
{
    unsigned ia = 255 - a, r, g, b, t;
    t = ((dst >> 16) & 255) * ia + ((col >> 16) & 255) * a + 128;
    r = (t + (t >> 8)) >> 8;
    t = ((dst >> 8) & 255) * ia + ((col >> 8) & 255) * a + 128;
    g = (t + (t >> 8)) >> 8;
    t = (dst & 255) * ia + (col & 255) * a + 128;
    b = (t + (t >> 8)) >> 8;
    return 0xFF000000u | (r << 16) | (g << 8) | b;
}

static void draw_coverage(SDL_Surface *dst, int x0, int y0, const uint8_t *bits, int w, int h, uint32_t col)
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
        const uint8_t *src = bits + (size_t)y * (size_t)w;
        for (x = xs; x < xe; x++) {
            unsigned a = src[x];
            if (a == 0)
                continue;
            row[x] = a == 255 ? (col | 0xFF000000u) : blend(row[x], col, a);
        }
    }
}

static void fill_rect(SDL_Surface *dst, int x0, int y0, int w, int h, uint32_t col)
{
    SDL_Rect r = {x0, y0, w, h};
    SDL_FillRect(dst, &r, col);
}

/* Rounds 1/64 px to whole px (half up). */
static int px_round(int32_t v)
{
    return (int)((v + 32) >> 6);
}

bl_status bl_render_page_at(bl_glyph_cache *c, const bl_doc *doc, size_t page, const bl_palette *pal,
                            SDL_Surface *dst, int dx, int dy, bl_err *err)
{
    const bl_page *pg;
    size_t i;
    if (page >= doc->npages)
        return bl_err_set(err, BL_ERR_RANGE, "page %zu of %zu", page + 1, doc->npages);
    if (dst->format->format != SDL_PIXELFORMAT_ARGB8888)
        return bl_err_set(err, BL_ERR_USAGE, "render: surface is not ARGB8888");
    pg = &doc->pages[page];
    if (SDL_MUSTLOCK(dst))
        SDL_LockSurface(dst);
    for (i = 0; i < pg->nrules; i++) {
        const bl_prule *r = &pg->rules[i];
        fill_rect(dst, dx + px_round(r->x), dy + px_round(r->y), BL_MAX(1, px_round(r->w)),
                  BL_MAX(1, px_round(r->h)), pal->style[r->style]);
    }
    for (i = 0; i < pg->nglyphs; i++) {
        const bl_pglyph *g = &pg->glyphs[i];
        const bl_font *font = doc->fonts[g->style];
        uint32_t col = pal->style[g->style];
        const centry *e;
        if (g->flags & BL_GLYPH_MISSING) {
            /* A visible box the size of the cell, inset a little. */
            int em = bl_font_px(font), x = dx + px_round(g->x), y = dy + px_round(g->y);
            int in = em / 10, t = BL_MAX(1, em / 20);
            fill_rect(dst, x + in, y + in, em - 2 * in, t, col);
            fill_rect(dst, x + in, y + em - in - t, em - 2 * in, t, col);
            fill_rect(dst, x + in, y + in, t, em - 2 * in, col);
            fill_rect(dst, x + em - in - t, y + in, t, em - 2 * in, col);
            continue;
        }
        e = cache_get(c, font, g->face, g->gid, g->orient == BL_ORIENT_ROTATED ? BL_ORIENT_ROTATED : 0);
        if (!e)
            return bl_err_set(err, BL_ERR_NOMEM, "glyph cache: out of memory");
        if (e->bits)
            draw_coverage(dst, dx + px_round(g->ox) + e->left, dy + px_round(g->oy) - e->top, e->bits, e->w,
                          e->h, col);
    }
    if (SDL_MUSTLOCK(dst))
        SDL_UnlockSurface(dst);
    return BL_OK;
}

bl_status bl_render_page(bl_glyph_cache *c, const bl_doc *doc, size_t page, const bl_palette *pal,
                         SDL_Surface *dst, bl_err *err)
{
    SDL_FillRect(dst, NULL, pal->background);
    return bl_render_page_at(c, doc, page, pal, dst, 0, 0, err);
}

SDL_Surface *bl_surface_create(int w, int h)
{
    return SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
}
