/*
 * render.c - glyph cache and blending.
 *
 * Bitmaps are 8-bit coverage from FreeType (light hinting: vertical only,
 * which keeps CJK strokes crisp without distorting advances), keyed by
 * (face, size, glyph id, orientation).  Rotated glyphs are the horizontal
 * bitmap turned 90° clockwise, which is exact.  Blending is integer
 * arithmetic so the bytes do not depend on the machine.  QR boxes are
 * whole-pixel squares, black on white; picture boxes are the picture's
 * premultiplied pixels (already at the box size) blended over the page.
 * Colour glyphs (emoji) are FreeType's BGRA strike scaled to the font's
 * size (render/colour.c), cached beside the coverage bitmaps and drawn in
 * their own colours.
 */
#include "render/render.h"

#include "core/buf.h"
#include "core/utf8.h"
#include "render/colour.h"

#include <stdlib.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H

#define TAG "render"

typedef struct centry {
    const void *face; /* FT_Face */
    uint32_t gid;
    uint16_t px;
    uint32_t var; /* orientation | horizontal scale << 2 (0: natural) */
    uint8_t used;
    uint8_t color;     /* bits holds w*h premultiplied 0xAARRGGBB words */
    int16_t left, top; /* bitmap offset from the pen: x right, y up */
    uint16_t w, h;
    uint8_t *bits; /* w*h coverage, or NULL for an empty glyph */
} centry;

struct bl_glyph_cache {
    centry *slots; /* open addressing, power of two */
    size_t nslots, entries, bytes, max_bytes;
    size_t hits, misses, flushes;
    uint64_t *order; /* scratch: (cell top, index) keys, the drawing order of vertical pages */
    size_t norder;   /* its capacity */
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
    free(c->order);
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

static size_t hash_key(const void *face, uint32_t gid, int px, uint32_t var)
{
    uint64_t h = (uint64_t)(uintptr_t)face * 0x9E3779B97F4A7C15ull;
    h ^= ((uint64_t)gid << 20) ^ ((uint64_t)px << 4) ^ ((uint64_t)var << 40);
    h *= 0xBF58476D1CE4E5B9ull;
    return (size_t)(h ^ (h >> 31));
}

static centry *find_slot(bl_glyph_cache *c, const void *face, uint32_t gid, int px, uint32_t var)
{
    size_t mask = c->nslots - 1, i = hash_key(face, gid, px, var) & mask;
    for (;;) {
        centry *e = &c->slots[i];
        if (!e->used || (e->face == face && e->gid == gid && e->px == px && e->var == var))
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
            centry *e = find_slot(c, old[i].face, old[i].gid, old[i].px, old[i].var);
            *e = old[i];
        }
    }
    free(old);
    return true;
}

/* Rasterizes a glyph into e: var & 3 rotated turns it 90° clockwise;
 * var >> 2, when not 0, narrows it to that many 1024ths (three digits in
 * one 縦中横 cell). */
static void rasterize(centry *e, FT_Face ft, uint32_t gid, uint32_t var)
{
    FT_Bitmap *bm;
    int x, y, orient = (int)(var & 3);
    FT_Error fe;
    e->bits = NULL;
    e->w = e->h = 0;
    e->left = e->top = 0;
    e->color = 0;
    if (var >> 2) {
        FT_Matrix m = {(FT_Fixed)((var >> 2) * 64), 0, 0, 0x10000};
        FT_Set_Transform(ft, &m, NULL);
    }
    fe = FT_Load_Glyph(ft, gid, FT_LOAD_TARGET_LIGHT | FT_LOAD_NO_BITMAP);
    if (var >> 2)
        FT_Set_Transform(ft, NULL, NULL);
    if (fe || FT_Render_Glyph(ft->glyph, FT_RENDER_MODE_NORMAL))
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

/* Rounds v * num / den to the nearest integer, halves away from zero. */
static int scale_round(int v, int32_t num, int32_t den)
{
    int64_t t = (int64_t)v * num;
    return (int)(t >= 0 ? (t + den / 2) / den : -((-t + den / 2) / den));
}

/* Rasterizes a colour glyph: FreeType's BGRA bitmap from the face's
 * strike, scaled by num/den (bl_font_color_scale).  Never rotated: emoji
 * stand upright in vertical text. */
static void rasterize_color(centry *e, FT_Face ft, uint32_t gid, int32_t num, int32_t den)
{
    FT_Bitmap *bm;
    int w, h;
    uint32_t *px;
    e->bits = NULL;
    e->w = e->h = 0;
    e->left = e->top = 0;
    e->color = 1;
    if (FT_Load_Glyph(ft, gid, FT_LOAD_COLOR))
        return;
    bm = &ft->glyph->bitmap;
    if (bm->width == 0 || bm->rows == 0 || bm->pixel_mode != FT_PIXEL_MODE_BGRA)
        return;
    px = bl_colour_scale(bm->buffer, (int)bm->width, (int)bm->rows, bm->pitch, num, den, &w, &h);
    if (!px)
        return;
    e->bits = (uint8_t *)px;
    e->w = (uint16_t)w;
    e->h = (uint16_t)h;
    e->left = (int16_t)scale_round(ft->glyph->bitmap_left, num, den);
    e->top = (int16_t)scale_round(ft->glyph->bitmap_top, num, den);
}

static const centry *cache_get(bl_glyph_cache *c, const bl_font *font, size_t face, uint32_t gid, uint32_t var)
{
    FT_Face ft;
    int px = bl_font_px(font);
    centry *e;
    ft = (FT_Face)bl_font_ft_face(font, face);
    e = find_slot(c, ft, gid, px, var);
    if (e->used) {
        c->hits++;
        return e;
    }
    c->misses++;
    if (c->bytes > c->max_bytes) {
        /* Full: start again (a page needs far less than the limit). */
        bl_cache_clear(c);
        c->flushes++;
        e = find_slot(c, ft, gid, px, var);
    }
    if ((c->entries + 1) * 4 > c->nslots * 3) {
        if (!rehash(c))
            return NULL;
        e = find_slot(c, ft, gid, px, var);
    }
    {
        int32_t num, den;
        if (bl_font_color_scale(font, face, &num, &den))
            rasterize_color(e, ft, gid, num, den);
        else
            rasterize(e, ft, gid, var);
    }
    e->face = ft;
    e->gid = gid;
    e->px = (uint16_t)px;
    e->var = var;
    e->used = 1;
    c->entries++;
    c->bytes += (size_t)e->w * e->h * (e->color ? 4 : 1) + sizeof *e;
    return e;
}

/* dst = dst + (col - dst) * a / 255 per channel, exactly rounded: red and
 * blue are computed together in one 32-bit word (each lane stays below
 * 65536), green alone.  x/255 rounded is (t + (t >> 8)) >> 8 with t =
 * x + 128, for x up to 255*255. */
static inline uint32_t blend(uint32_t dst, uint32_t col, uint32_t a)
{
    uint32_t ia = 255 - a;
    uint32_t rb = (dst & 0x00FF00FFu) * ia + (col & 0x00FF00FFu) * a + 0x00800080u;
    uint32_t g = (dst & 0x0000FF00u) * ia + (col & 0x0000FF00u) * a + 0x00008000u;
    rb = ((rb + ((rb >> 8) & 0x00FF00FFu)) >> 8) & 0x00FF00FFu;
    g = ((g + ((g >> 8) & 0x00FFFF00u)) >> 8) & 0x0000FF00u;
    return 0xFF000000u | rb | g;
}

#if defined(__GNUC__) && !defined(BL_NO_VECTORS)
#define BL_HAVE_VECTORS 1
/* Four pixels at once with the compiler's portable vector extension (SSE2
 * on x86-64, NEON on ARM): the same arithmetic as blend(), lane by lane in
 * 16 bits, so the bytes are identical to the scalar path. */
typedef uint8_t v16u8 __attribute__((vector_size(16)));
typedef uint16_t v16u16 __attribute__((vector_size(32)));

static inline void blend4(uint32_t *dst, const v16u16 *c, const uint8_t *cov)
{
    v16u8 d8, a8, cv = {0};
    v16u16 d, a, ia, t;
    memcpy(&cv, cov, 4);
#if defined(__clang__)
    a8 = __builtin_shufflevector(cv, cv, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3);
#else
    {
        static const v16u8 spread = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3};
        a8 = __builtin_shuffle(cv, spread);
    }
#endif
    memcpy(&d8, dst, 16);
    d = __builtin_convertvector(d8, v16u16);
    a = __builtin_convertvector(a8, v16u16);
    ia = 255 - a;
    t = d * ia + *c * a + 128;
    t = (t + (t >> 8)) >> 8;
    d8 = __builtin_convertvector(t, v16u8);
    memcpy(dst, &d8, 16);
}
#else
#define BL_HAVE_VECTORS 0
#endif

/* On x86-64 the blend loop is also built for AVX2 and picked at run time
 * (same integer arithmetic, so the same bytes). */
#if BL_HAVE_VECTORS && defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
static void draw_coverage(SDL_Surface *dst, int x0, int y0, const uint8_t *bits, int w, int h, uint32_t col)
{
    int x, y, xs = 0, ys = 0, xe = w, ye = h;
#if BL_HAVE_VECTORS
    v16u8 c8;
    v16u16 cv;
    for (x = 0; x < 4; x++)
        memcpy((uint8_t *)&c8 + 4 * x, &col, 4);
    cv = __builtin_convertvector(c8, v16u16);
#endif
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
        x = xs;
#if BL_HAVE_VECTORS
        for (; x + 4 <= xe; x += 4) {
            uint32_t four;
            memcpy(&four, src + x, 4);
            if (four == 0xFFFFFFFFu) {
                row[x] = row[x + 1] = row[x + 2] = row[x + 3] = col | 0xFF000000u;
            } else if (four) { /* most of a CJK glyph's box is blank */
                blend4(row + x, &cv, src + x);
            }
        }
#endif
        for (; x < xe; x++)
            row[x] = blend(row[x], col, src[x]);
    }
}

static void fill_rect(SDL_Surface *dst, int x0, int y0, int w, int h, uint32_t col)
{
    SDL_Rect r = {x0, y0, w, h}; /* SDL clips to the surface */
    SDL_FillRect(dst, &r, col);
}

/* Rounds 1/64 px to whole px (half up). */
static int px_round(int32_t v)
{
    return (int)((v + 32) >> 6);
}

/* The background is filled lazily, just ahead of what is drawn: rows
 * [0, upto) are filled.  Filling the whole 8 MB frame first and blending
 * afterwards would read every glyph row back from memory; filling just
 * before drawing keeps the rows in the cache, and works in any drawing
 * order since rows above the mark are never filled again. */
typedef struct filler {
    int upto;
    uint32_t color;
} filler;

/* Fills up to row `bottom`; rows from `hot` on are about to be blended
 * into. */
static void fill_to(SDL_Surface *dst, filler *f, int hot, int bottom)
{
    if (bottom <= f->upto)
        return;
    if (bottom > dst->h)
        bottom = dst->h;
    if (hot > f->upto + 8) {
        /* Rows no glyph is about to touch: SDL's streaming stores are
         * the fastest way to fill them. */
        SDL_Rect r = {0, f->upto, dst->w, BL_MIN(hot, bottom) - f->upto};
        SDL_FillRect(dst, &r, f->color);
        f->upto += r.h;
    }
    /* Plain stores for the rest: streaming stores bypass the cache, and
     * these rows are read back at once by the blending. */
    for (; f->upto < bottom; f->upto++) {
        uint32_t *row = (uint32_t *)((uint8_t *)dst->pixels + (size_t)f->upto * (size_t)dst->pitch);
        int x;
        for (x = 0; x < dst->w; x++)
            row[x] = f->color;
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Fills c->order with the page's glyph indices sorted by their cell top
 * (ties in list order).  Each key holds the top, made unsigned with its
 * order kept, above the index, so the sort needs no context and the cache
 * can be used from any thread. */
static bool by_row(bl_glyph_cache *c, const bl_page *pg)
{
    size_t i;
    if (pg->nglyphs < 2 || !BL_GROW(&c->order, &c->norder, pg->nglyphs))
        return false;
    for (i = 0; i < pg->nglyphs; i++)
        c->order[i] = (uint64_t)((uint32_t)pg->glyphs[i].y ^ 0x80000000u) << 32 | (uint32_t)i;
    qsort(c->order, pg->nglyphs, sizeof *c->order, cmp_u64);
    return true;
}

/* Draws a QR box: white over its whole square (the quiet zone is white
 * whatever the paper: phones read dark on light best), then each dark
 * module as an exact square of whole pixels, no smoothing. */
static void draw_qr(SDL_Surface *dst, const bl_pbox *bx, filler *bg)
{
    int x0 = px_round(bx->x), y0 = px_round(bx->y), m = bx->module, q = 4 * m, r, c;
    fill_to(dst, bg, y0, y0 + px_round(bx->h));
    fill_rect(dst, x0, y0, px_round(bx->w), px_round(bx->h), 0xFFFFFFFFu);
    for (r = 0; r < bx->n; r++)
        for (c = 0; c < bx->n; c++)
            if (bx->cells[(size_t)r * (size_t)bx->n + (size_t)c])
                fill_rect(dst, x0 + q + c * m, y0 + q + r * m, m, m, 0xFF000000u);
}

/* Draws a picture box: its pixels, premultiplied and already at the box
 * size, over the page (render/colour.h: the one premultiplied "over"). */
static void draw_picture(SDL_Surface *dst, const bl_pbox *bx, filler *bg)
{
    const bl_picture *p = bx->picture;
    int x0 = px_round(bx->x), y0 = px_round(bx->y);
    fill_to(dst, bg, y0, y0 + p->h);
    bl_colour_over(dst, x0, y0, p->px, p->w, p->h);
}

/* Draws a page, filling the background ahead of it. */
static bl_status draw_page(bl_glyph_cache *c, const bl_doc *doc, const bl_page *pg, const bl_palette *pal,
                           SDL_Surface *dst, filler *bg)
{
    size_t i;
    const uint64_t *order = NULL;
    for (i = 0; i < pg->nrules; i++) {
        const bl_prule *r = &pg->rules[i];
        int y = px_round(r->y), h = BL_MAX(1, px_round(r->h));
        fill_to(dst, bg, y, y + h);
        fill_rect(dst, px_round(r->x), y, BL_MAX(1, px_round(r->w)), h, pal->style[r->style]);
    }
    for (i = 0; i < pg->nboxes; i++) {
        if (pg->boxes[i].kind == BL_BOX_PICTURE)
            draw_picture(dst, &pg->boxes[i], bg);
        else
            draw_qr(dst, &pg->boxes[i], bg);
    }
    /* Vertical pages list their glyphs column by column; drawn in that
     * order, the background filled ahead of the first column would be
     * read back from memory for every other one.  Drawing top to bottom
     * keeps the rows in the cache.  (The order is fixed, so the bytes are
     * the same on every run.) */
    if (doc->mode == BL_MODE_VERTICAL && by_row(c, pg))
        order = c->order;
    for (i = 0; i < pg->nglyphs; i++) {
        const bl_pglyph *g = &pg->glyphs[order ? (uint32_t)order[i] : i];
        const bl_font *font = doc->fonts[g->style];
        uint32_t col = pal->style[g->style];
        int em = bl_font_px(font);
        const centry *e;
        if (g->flags & BL_GLYPH_MISSING) {
            /* A visible box the size of the cell, inset a little. */
            int x = px_round(g->x), y = px_round(g->y);
            int in = em / 10, t = BL_MAX(1, em / 20);
            fill_to(dst, bg, y, y + em);
            fill_rect(dst, x + in, y + in, em - 2 * in, t, col);
            fill_rect(dst, x + in, y + em - in - t, em - 2 * in, t, col);
            fill_rect(dst, x + in, y + in, t, em - 2 * in, col);
            fill_rect(dst, x + em - in - t, y + in, t, em - 2 * in, col);
            continue;
        }
        e = cache_get(c, font, g->face, g->gid,
                      (uint32_t)(g->orient == BL_ORIENT_ROTATED ? BL_ORIENT_ROTATED : 0) |
                          (g->scale != 1024 ? (uint32_t)g->scale << 2 : 0));
        if (!e)
            return BL_ERR_NOMEM;
        if (e->bits) {
            int y0 = px_round(g->oy) - e->top;
            fill_to(dst, bg, y0, y0 + e->h);
            if (e->color)
                bl_colour_over(dst, px_round(g->ox) + e->left, y0, (const uint32_t *)(void *)e->bits, e->w, e->h);
            else
                draw_coverage(dst, px_round(g->ox) + e->left, y0, e->bits, e->w, e->h, col);
        }
    }
    fill_to(dst, bg, dst->h, dst->h);
    return BL_OK;
}

static bl_status check_args(const bl_doc *doc, size_t page, SDL_Surface *dst, bl_err *err)
{
    if (page >= doc->npages)
        return bl_err_set(err, BL_ERR_RANGE, "page %zu of %zu", page + 1, doc->npages);
    if (dst->format->format != SDL_PIXELFORMAT_ARGB8888)
        return bl_err_set(err, BL_ERR_USAGE, "render: surface is not ARGB8888");
    return BL_OK;
}

bl_status bl_render_page(bl_glyph_cache *c, const bl_doc *doc, size_t page, const bl_palette *pal,
                         SDL_Surface *dst, bl_err *err)
{
    filler bg = {0, pal->background};
    bl_status st = check_args(doc, page, dst, err);
    if (st)
        return st;
    if (SDL_MUSTLOCK(dst))
        SDL_LockSurface(dst);
    st = draw_page(c, doc, &doc->pages[page], pal, dst, &bg);
    if (SDL_MUSTLOCK(dst))
        SDL_UnlockSurface(dst);
    return st ? bl_err_set(err, st, "glyph cache: out of memory") : BL_OK;
}

/* src over *d, both premultiplied 0xAARRGGBB, keeping alpha. */
static uint32_t over_pm(uint32_t d, uint32_t src)
{
    uint32_t ia = 255 - (src >> 24), k, res = 0;
    for (k = 0; k < 32; k += 8) {
        uint32_t t = ((d >> k) & 0xFF) * ia + 128;
        uint32_t v = ((t + (t >> 8)) >> 8) + ((src >> k) & 0xFF);
        res |= (v > 255 ? 255 : v) << k;
    }
    return res;
}

/* One glyph's bitmap over a premultiplied w x h buffer at (x0, y0). */
static void run_glyph(uint32_t *buf, int w, int h, const centry *e, int x0, int y0, uint32_t argb)
{
    int x, y;
    for (y = BL_MAX(0, -y0); y < e->h && y0 + y < h; y++)
        for (x = BL_MAX(0, -x0); x < e->w && x0 + x < w; x++) {
            uint32_t src, *d = &buf[(size_t)(y0 + y) * (size_t)w + (size_t)(x0 + x)];
            if (e->color) {
                src = ((const uint32_t *)(const void *)e->bits)[(size_t)y * e->w + (size_t)x];
            } else {
                uint32_t a = e->bits[(size_t)y * e->w + (size_t)x], k;
                src = a << 24;
                for (k = 0; k < 24; k += 8) {
                    uint32_t t = ((argb >> k) & 0xFF) * a + 128;
                    src |= ((t + (t >> 8)) >> 8) << k;
                }
            }
            if (src)
                *d = over_pm(*d, src);
        }
}

SDL_Surface *bl_render_run(bl_glyph_cache *c, const bl_font *font, const char *utf8, uint32_t argb, int height,
                           int ascent)
{
    uint32_t *cps = NULL, *buf = NULL;
    size_t n = 0, ng = 0, i;
    bl_shaped *g = NULL;
    SDL_Surface *s = NULL;
    int32_t pen = 0;
    int w;
    if (bl_utf8_decode(utf8, strlen(utf8), &cps, &n, NULL, NULL) || n == 0 ||
        bl_font_shape(font, cps, n, BL_DIR_H, NULL, &g, &ng, NULL) || height <= 0)
        goto done;
    for (i = 0; i < ng; i++)
        pen += g[i].adv;
    w = px_round(pen);
    buf = w > 0 ? calloc((size_t)w * (size_t)height, sizeof *buf) : NULL;
    if (!buf)
        goto done;
    for (i = 0, pen = 0; i < ng; pen += g[i].adv, i++) {
        const centry *e = g[i].missing ? NULL : cache_get(c, font, g[i].face, g[i].gid, 0);
        if (e && e->bits)
            run_glyph(buf, w, height, e, px_round(pen + g[i].dx) + e->left, ascent + px_round(g[i].dy) - e->top,
                      argb);
    }
    s = bl_surface_create(w, height);
    if (s) {
        /* premultiplied to the straight alpha SDL blits with */
        for (i = 0; i < (size_t)w * (size_t)height; i++) {
            uint32_t p = buf[i], a = p >> 24, k, v = a << 24;
            for (k = 0; a && k < 24; k += 8)
                v |= BL_MIN(255u, (((p >> k) & 0xFF) * 255 + a / 2) / a) << k;
            ((uint32_t *)s->pixels)[(i / (size_t)w) * (size_t)s->pitch / 4 + i % (size_t)w] = v;
        }
    }
done:
    free(cps);
    free(g);
    free(buf);
    return s;
}

SDL_Surface *bl_surface_create(int w, int h)
{
    return SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
}
