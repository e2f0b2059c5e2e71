/*
 * render.h - draws a laid-out page onto an SDL_Surface (ARGB8888) through
 * a bounded cache of FreeType coverage bitmaps.  The same page gives the
 * same bytes on every run.  Depends on base, font and layout (and SDL for
 * surfaces only; it never opens a window).
 */
#ifndef BL_RENDER_H
#define BL_RENDER_H

#include "core/base.h"
#include "text/font.h"
#include "layout/layout.h"

#include <SDL.h>

typedef struct bl_glyph_cache bl_glyph_cache;

/* Creates a cache that holds at most max_bytes of bitmaps (when full it is
 * emptied and refilled: a board page needs a few MB, the default limit is
 * 32 MB).  *out is the caller's. */
bl_status bl_cache_create(size_t max_bytes, bl_glyph_cache **out, bl_err *err);
void bl_cache_destroy(bl_glyph_cache *c);
/* Drops every bitmap. */
void bl_cache_clear(bl_glyph_cache *c);

typedef struct bl_cache_stats {
    size_t entries, bytes, hits, misses, flushes;
} bl_cache_stats;
void bl_cache_get_stats(const bl_glyph_cache *c, bl_cache_stats *out);

/* Colours per style (0xAARRGGBB) and the page background. */
typedef struct bl_palette {
    uint32_t background;
    uint32_t style[BL_STYLE_COUNT];
} bl_palette;

/* Fills dst (ARGB8888, at least the page size) with the background and
 * draws page `page` of doc.  Glyphs that no face had are drawn as boxes. */
bl_status bl_render_page(bl_glyph_cache *c, const bl_doc *doc, size_t page, const bl_palette *pal,
                         SDL_Surface *dst, bl_err *err);

/* Draws a one-line run of text with font on a new transparent ARGB8888
 * surface (straight alpha, the caller's) `height` px tall with the
 * baseline `ascent` px down: colour glyphs (emoji) in their own colours,
 * the rest in argb.  For labels, where SDL_ttf 2.20 draws a colour strike
 * only at its own 109 px.  NULL for an empty run or out of memory. */
SDL_Surface *bl_render_run(bl_glyph_cache *c, const bl_font *font, const char *utf8, uint32_t argb, int height,
                           int ascent);

/* Creates a new ARGB8888 surface (caller's, SDL_FreeSurface). */
SDL_Surface *bl_surface_create(int w, int h);

#endif
