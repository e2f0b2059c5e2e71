/*
 * preview.c - a notice as the board will show it (preview.h).
 */
#include "admin/preview.h"

#include "board/compose.h"
#include "board/deck.h"
#include "layout/layout.h"
#include "layout/theme.h"
#include "render/engine.h"
#include "render/image.h"
#include "render/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct bl_preview {
    bl_config cfg;
    bl_frame_geometry g;
    bl_engine *engine; /* made on first use */
};

bl_status bl_preview_create(const bl_config *cfg, bl_preview **out, bl_err *err)
{
    bl_preview *p = calloc(1, sizeof *p);
    if (!p)
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    p->cfg = *cfg;
    bl_frame_geometry_of(cfg, &p->g);
    *out = p;
    return BL_OK;
}

void bl_preview_destroy(bl_preview *p)
{
    if (!p)
        return;
    bl_engine_destroy(p->engine);
    free(p);
}

/* The engine the board makes: its theme, the slide area, type sizes from
 * the whole screen. */
static bl_status engine(bl_preview *p, bl_err *err)
{
    if (p->engine)
        return BL_OK;
    bl_theme theme;
    bl_engine_opts eo;
    char path[1024];
    bl_err terr;
    memset(&eo, 0, sizeof eo);
    bl_theme_defaults(&theme);
    if (*p->cfg.theme)
        snprintf(path, sizeof path, "%s", p->cfg.theme);
    else
        snprintf(path, sizeof path, "%s/assets/theme.ini", bl_engine_data_dir());
    if (!bl_theme_load(path, &theme, &terr))
        eo.theme = &theme;
    eo.width = p->g.w;
    eo.height = p->g.slide_h;
    eo.margin_px = -1;
    eo.body_px = bl_theme_body_px(&theme, p->g.w, p->g.h);
    return bl_engine_create(&eo, &p->engine, err);
}

bl_status bl_preview_png(bl_preview *p, const bl_article *a, int page, char **png, size_t *len, int *npages,
                         bl_err *err)
{
    *png = NULL;
    *len = 0;
    bl_status st = engine(p, err);
    if (st)
        return st;
    bl_layout_opts lo = *bl_engine_layout_opts(p->engine);
    lo.kinsoku = p->cfg.kinsoku;
    lo.mode = bl_deck_mode_for(p->cfg.orientation, p->g.w, p->g.h, a);
    bl_doc *doc = NULL;
    if ((st = bl_layout_article(a, &lo, &doc, err)))
        return st;
    *npages = (int)doc->npages;
    if (page < 0 || (size_t)page >= doc->npages) {
        bl_doc_destroy(doc);
        return bl_err_set(err, BL_ERR_RANGE, "page %d: the notice has %d", page + 1, *npages);
    }
    SDL_Surface *s = bl_surface_create(p->g.w, p->g.slide_h);
    char path[] = "/tmp/baolan-preview-XXXXXX";
    int fd = s ? mkstemp(path) : -1;
    if (fd >= 0)
        close(fd);
    if (!s || fd < 0)
        st = bl_err_set(err, BL_ERR_NOMEM, "no room for a preview");
    else if (!(st = bl_render_page(bl_engine_cache(p->engine), doc, (size_t)page, bl_engine_palette(p->engine), s,
                                   err)) &&
             !(st = bl_png_write(path, s, err)))
        st = bl_read_file(path, 64u << 20, png, len, err);
    if (fd >= 0)
        unlink(path);
    SDL_FreeSurface(s);
    bl_doc_destroy(doc);
    return st;
}
