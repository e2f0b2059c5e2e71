/*
 * engine.h - the typesetting engine as the app uses it: the font library,
 * the theme, one font per text style for a frame size, and the glyph
 * cache.  Depends on font, layout, render and theme.
 */
#ifndef BL_ENGINE_H
#define BL_ENGINE_H

#include "core/base.h"
#include "layout/layout.h"
#include "render/render.h"
#include "layout/theme.h"

typedef struct bl_engine bl_engine;

typedef struct bl_engine_opts {
    const char *data_dir;    /* where assets/ and fonts/ are; NULL: found */
    const char *theme_path;  /* NULL: data_dir/assets/theme.ini */
    const bl_theme *theme;   /* a theme already read (copied), used instead of theme_path; or NULL */
    const char *body_family; /* overrides the theme's body face, or NULL */
    int width, height;       /* frame */
    int body_px;             /* 0: from the theme */
    int margin_px;           /* -1: from the theme */
    bl_mode mode;
    size_t cache_bytes;      /* 0: default */
} bl_engine_opts;

/* Finds the data folder: $BAOLAN_DATA, the source tree the program was
 * built from, or the installed share folder.  Returns a static string. */
const char *bl_engine_data_dir(void);

bl_status bl_engine_create(const bl_engine_opts *o, bl_engine **out, bl_err *err);
void bl_engine_destroy(bl_engine *e);

/* The layout options for the engine's frame (fonts filled in), borrowed. */
const bl_layout_opts *bl_engine_layout_opts(const bl_engine *e);
const bl_palette *bl_engine_palette(const bl_engine *e);
bl_glyph_cache *bl_engine_cache(bl_engine *e);

#endif
