/*
 * engine.c - see engine.h.
 */
#include "render/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct bl_engine {
    bl_theme theme;
    bl_fontlib *lib;
    bl_font *fonts[BL_ARTICLE_LANG_COUNT][BL_STYLE_COUNT]; /* by article language, then style */
    bl_layout_opts lopts;
    bl_palette pal;
    bl_glyph_cache *cache;
};

static bool has_assets(const char *dir)
{
    char p[1024];
    struct stat sb;
    snprintf(p, sizeof p, "%s/assets/theme.ini", dir);
    return stat(p, &sb) == 0;
}

const char *bl_engine_data_dir(void)
{
    const char *env = getenv("BAOLAN_DATA");
    if (env && *env)
        return env;
#ifdef BL_SOURCE_DIR
    if (has_assets(BL_SOURCE_DIR))
        return BL_SOURCE_DIR;
#endif
#ifdef BL_DATA_DIR
    if (has_assets(BL_DATA_DIR))
        return BL_DATA_DIR;
#endif
    return ".";
}

/* Appends f to chain unless it is NULL or already there. */
static void chain_add(const bl_face **chain, size_t *n, const bl_face *f)
{
    size_t i;
    for (i = 0; f && i < *n; i++)
        if (chain[i] == f)
            return;
    if (f)
        chain[(*n)++] = f;
}

/* The family an article in lang is set in for the theme family `family`
 * (bl_theme_family_for: the SC family's TC or HK counterpart), into
 * out[BL_THEME_FAMILY_MAX]; an HK face missing from the font list (a
 * firmware with only its TC subsets) gives the TC one, a missing TC face
 * the family itself, shaped in lang all the same. */
static void family_for(bl_engine *e, const char *family, const char *style, bl_article_lang lang, char *out)
{
    bl_err ignore;
    if (!bl_theme_family_for(family, lang, out, BL_THEME_FAMILY_MAX) || bl_fontlib_find(e->lib, out, style, &ignore))
        return;
    if (lang == BL_ARTICLE_LANG_HK && bl_theme_family_for(family, BL_ARTICLE_LANG_HANT, out, BL_THEME_FAMILY_MAX) &&
        bl_fontlib_find(e->lib, out, style, &ignore))
        return;
    snprintf(out, BL_THEME_FAMILY_MAX, "%s", family);
}

/* Opens family/style at px for articles in lang, with the theme's
 * fallback chain behind it, each family replaced by its counterpart for
 * lang (family_for).  Each face is followed by a second face of the same
 * name when the font list has one: the firmware's faces are subsets
 * (toolchain/fonts.cmake), found first, and a full font further down the
 * list then draws what they lack.  The other script's face of the family
 * comes next (TC behind SC, SC behind TC and HK), so that a board with
 * only its subset fonts draws a Traditional headline in the ticker and a
 * Simplified character in a Traditional article.  A character none has is
 * drawn as a box (bl_font_shape). */
static bl_status make_font(bl_engine *e, const char *family, const char *style, int px, bl_article_lang lang,
                           bl_font **out, bl_err *err)
{
    const bl_face *chain[2 * (1 + BL_THEME_FALLBACK_MAX) + 1];
    char name[BL_THEME_FAMILY_MAX];
    size_t n = 0;
    bl_err ignore;
    bl_status st;
    int i;
    family_for(e, family, style, lang, name);
    chain[n] = bl_fontlib_find(e->lib, name, style, err);
    if (!chain[n])
        return BL_ERR_FONT;
    n++;
    chain_add(chain, &n, bl_fontlib_find_nth(e->lib, name, style, 1, &ignore));
    family_for(e, family, style, lang == BL_ARTICLE_LANG_HANS ? BL_ARTICLE_LANG_HANT : BL_ARTICLE_LANG_HANS, name);
    chain_add(chain, &n, bl_fontlib_find(e->lib, name, style, &ignore));
    for (i = 0; i < e->theme.nfallback; i++) {
        bl_err ferr;
        const bl_face *f;
        family_for(e, e->theme.fallback[i], "Regular", lang, name);
        f = bl_fontlib_find(e->lib, name, "Regular", &ferr);
        if (!f) {
            if (lang == BL_ARTICLE_LANG_HANS) /* said once, not for every language */
                BL_LOGW("engine", "fallback %s", ferr.msg);
            continue;
        }
        chain_add(chain, &n, f);
        chain_add(chain, &n, bl_fontlib_find_nth(e->lib, name, "Regular", 1, &ignore));
    }
    st = bl_font_create(chain, n, px, out, err);
    if (!st)
        bl_font_set_language(*out, bl_article_lang_tag(lang));
    return st;
}

bl_status bl_engine_create(const bl_engine_opts *o, bl_engine **out, bl_err *err)
{
    bl_engine *e = calloc(1, sizeof *e);
    const char *dir = o->data_dir ? o->data_dir : bl_engine_data_dir();
    char path[1024];
    bl_status st;
    int body, i;
    struct {
        int style;
        const char *family, *face_style;
        double scale;
    } styles[BL_STYLE_COUNT];

    *out = NULL;
    if (!e)
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    bl_theme_defaults(&e->theme);
    if (o->theme) {
        e->theme = *o->theme;
    } else if (o->theme_path) {
        /* a theme asked for by name must be there */
        st = bl_theme_load(o->theme_path, &e->theme, err);
        if (st)
            goto fail;
    } else {
        /* the bundled one may be missing: the built-in look is the same */
        bl_err terr;
        snprintf(path, sizeof path, "%s/assets/theme.ini", dir);
        if (bl_theme_load(path, &e->theme, &terr)) {
            BL_LOGW("engine", "%s; using the built-in theme", terr.msg);
            bl_theme_defaults(&e->theme);
        }
    }
    if (o->body_family)
        snprintf(e->theme.body_family, sizeof e->theme.body_family, "%s", o->body_family);
    snprintf(path, sizeof path, "%s/fonts/fonts.list", dir);
    st = bl_fontlib_create_from_list(path, &e->lib, err);
    if (st)
        goto fail;
    body = o->body_px > 0 ? o->body_px : bl_theme_body_px(&e->theme, o->width, o->height);
    styles[BL_STYLE_BODY].family = e->theme.body_family;
    styles[BL_STYLE_BODY].face_style = e->theme.body_style;
    styles[BL_STYLE_BODY].scale = 1.0;
    styles[BL_STYLE_TITLE].family = e->theme.headline_family;
    styles[BL_STYLE_TITLE].face_style = e->theme.headline_style;
    styles[BL_STYLE_TITLE].scale = e->theme.title_scale;
    styles[BL_STYLE_SUBTITLE].family = e->theme.sans_family;
    styles[BL_STYLE_SUBTITLE].face_style = "Regular";
    styles[BL_STYLE_SUBTITLE].scale = e->theme.subtitle_scale;
    styles[BL_STYLE_KICKER].family = e->theme.sans_family;
    styles[BL_STYLE_KICKER].face_style = "Regular";
    styles[BL_STYLE_KICKER].scale = e->theme.kicker_scale;
    styles[BL_STYLE_BYLINE].family = e->theme.sans_family;
    styles[BL_STYLE_BYLINE].face_style = "Regular";
    styles[BL_STYLE_BYLINE].scale = e->theme.byline_scale;
    styles[BL_STYLE_HEAD].family = e->theme.sans_family;
    styles[BL_STYLE_HEAD].face_style = "Regular";
    styles[BL_STYLE_HEAD].scale = e->theme.head_scale;
    styles[BL_STYLE_LIST].family = e->theme.headline_family;
    styles[BL_STYLE_LIST].face_style = e->theme.headline_style;
    styles[BL_STYLE_LIST].scale = e->theme.list_scale;
    for (i = 0; i < BL_STYLE_COUNT * BL_ARTICLE_LANG_COUNT; i++) {
        /* On the smallest frames the configuration accepts (160x120, a
         * 1920x120 bar) the smaller styles would fall below what a font
         * can be drawn at; they stop at 6 px rather than the board. */
        int sty = i % BL_STYLE_COUNT, lang = i / BL_STYLE_COUNT;
        int px = BL_MAX(6, (int)(body * styles[sty].scale + 0.5));
        st = make_font(e, styles[sty].family, styles[sty].face_style, px, (bl_article_lang)lang,
                       &e->fonts[lang][sty], err);
        if (st)
            goto fail;
    }
    bl_layout_defaults(&e->lopts, o->width, o->height);
    if (o->margin_px >= 0) {
        e->lopts.margin_left = e->lopts.margin_right = o->margin_px;
        e->lopts.margin_top = e->lopts.margin_bottom = o->margin_px;
    } else {
        int m = bl_theme_margin_px(&e->theme, o->width, o->height);
        e->lopts.margin_left = e->lopts.margin_right = e->lopts.margin_top = e->lopts.margin_bottom = m;
    }
    e->lopts.mode = o->mode;
    e->lopts.line_pitch_pct = e->theme.line_pitch_pct;
    e->lopts.column_gap_pct = e->theme.column_gap_pct;
    e->lopts.qr_every_page = e->theme.qr_every_page;
    for (i = 0; i < BL_STYLE_COUNT; i++) {
        int lang;
        e->lopts.fonts[i] = e->fonts[BL_ARTICLE_LANG_HANS][i];
        for (lang = 0; lang < BL_ARTICLE_LANG_COUNT; lang++)
            e->lopts.lang_fonts[lang][i] = e->fonts[lang][i];
    }
    e->pal.background = e->theme.background;
    e->pal.style[BL_STYLE_BODY] = e->theme.text;
    e->pal.style[BL_STYLE_TITLE] = e->theme.text;
    e->pal.style[BL_STYLE_SUBTITLE] = e->theme.text;
    e->pal.style[BL_STYLE_KICKER] = e->theme.accent;
    e->pal.style[BL_STYLE_BYLINE] = e->theme.muted;
    e->pal.style[BL_STYLE_HEAD] = e->theme.muted;
    e->pal.style[BL_STYLE_LIST] = e->theme.text;
    st = bl_cache_create(o->cache_bytes, &e->cache, err);
    if (st)
        goto fail;
    *out = e;
    return BL_OK;
fail:
    bl_engine_destroy(e);
    return st;
}

void bl_engine_destroy(bl_engine *e)
{
    int i;
    if (!e)
        return;
    bl_cache_destroy(e->cache);
    for (i = 0; i < BL_STYLE_COUNT * BL_ARTICLE_LANG_COUNT; i++)
        bl_font_destroy(e->fonts[i / BL_STYLE_COUNT][i % BL_STYLE_COUNT]);
    bl_fontlib_destroy(e->lib);
    free(e);
}

const bl_layout_opts *bl_engine_layout_opts(const bl_engine *e) { return &e->lopts; }
const bl_palette *bl_engine_palette(const bl_engine *e) { return &e->pal; }
bl_glyph_cache *bl_engine_cache(bl_engine *e) { return e->cache; }
