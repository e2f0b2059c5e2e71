/*
 * test_engine.c - the typesetting engine as the app sets it up: a theme or
 * face that is not there is an error that names it; the frame size and the
 * margins (given, or from the theme) become layout options that keep every
 * glyph and rule of every demo article inside the frame minus the margins,
 * in both writing modes; type sizes follow the theme; and the colours on
 * the screen are the theme's.
 *
 * Fonts, theme and articles come from the source tree (BL_SOURCE_DIR);
 * themes written by the tests go to a mkdtemp folder removed at the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "content/content.h"
#include "layout/layout.h"
#include "layout/theme.h"
#include "render/engine.h"
#include "render/render.h"

static const char *const demo_files[] = {
    "assets/articles/2026-03-13-01-fengtai-cadres-meeting.txt",
    "assets/articles/2026-03-14-02-talent-education-ecosystem.txt",
    "assets/articles/2026-03-14-03-spring-greenway-parks.txt",
    "assets/articles/2026-03-14-04-civilized-city-inspection.txt",
};

static char tmpdir[] = "/tmp/baolan-engine-XXXXXX";

static const char *src_dir(void)
{
    const char *d = getenv("BL_SOURCE_DIR");
    return d ? d : ".";
}

static void opts_for(bl_engine_opts *o, int w, int h, int body_px, int margin, bl_mode mode)
{
    memset(o, 0, sizeof *o);
    o->data_dir = src_dir();
    o->width = w;
    o->height = h;
    o->body_px = body_px;
    o->margin_px = margin;
    o->mode = mode;
}

static bl_engine *make(const bl_engine_opts *o)
{
    bl_engine *e = NULL;
    bl_err err;
    if (bl_engine_create(o, &e, &err))
        fail_msg("engine: %s", err.msg);
    return e;
}

/* Creating the engine fails, with a message that contains `named`. */
static void fails_naming(const bl_engine_opts *o, const char *named)
{
    bl_engine *e = (bl_engine *)1;
    bl_err err;
    memset(&err, 0, sizeof err);
    if (bl_engine_create(o, &e, &err) == BL_OK)
        fail_msg("the engine started without %s", named);
    assert_null(e);
    if (!strstr(err.msg, named))
        fail_msg("the error does not name %s: %s", named, err.msg);
}

/* Writes a theme file into the test folder; returns its path (static). */
static const char *write_theme(const char *name, const char *text)
{
    static char path[1024];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static bl_article *load(const char *rel)
{
    char path[1024];
    bl_article *a = NULL;
    bl_err err;
    snprintf(path, sizeof path, "%s/%s", src_dir(), rel);
    if (bl_article_load(path, BL_ARTICLE_MAX_BYTES, &a, &err))
        fail_msg("%s", err.msg);
    return a;
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_bad_theme_path(void **state)
{
    /* A theme asked for by name must be there. */
    bl_engine_opts o;
    (void)state;
    opts_for(&o, 1920, 1080, 0, -1, BL_MODE_HORIZONTAL);
    o.theme_path = "/nonexistent/baolan/red-theme.ini";
    fails_naming(&o, "/nonexistent/baolan/red-theme.ini");
}

static void test_unknown_body_family(void **state)
{
    /* An unknown body face, from the command line or from the theme. */
    bl_engine_opts o;
    (void)state;
    opts_for(&o, 1920, 1080, 0, -1, BL_MODE_HORIZONTAL);
    o.body_family = "Noto Serif CJK XX";
    fails_naming(&o, "Noto Serif CJK XX");

    opts_for(&o, 1920, 1080, 0, -1, BL_MODE_HORIZONTAL);
    o.theme_path = write_theme("kai.ini", "[type]\nbody-font = AR PL UKai CN\n");
    fails_naming(&o, "AR PL UKai CN");
}

static void test_data_dir_without_fonts(void **state)
{
    /* A data folder without its font list (the theme is optional: the
     * built-in look is the same) fails naming the list it looked for. */
    bl_engine_opts o;
    char want[1100];
    (void)state;
    opts_for(&o, 1920, 1080, 0, -1, BL_MODE_HORIZONTAL);
    o.data_dir = tmpdir;
    snprintf(want, sizeof want, "%s/fonts/fonts.list", tmpdir);
    fails_naming(&o, want);
    bl_engine_destroy(NULL);
}

static void test_sizes_from_theme(void **state)
{
    /* The bundled theme: 40 px body text and 43 px margins on a
     * 1080-line screen, whichever way round it stands; the title 2.2
     * times the body; the SC faces of the theme. */
    static const int frames[][2] = {{1920, 1080}, {1080, 1920}};
    size_t i;
    (void)state;
    for (i = 0; i < 2; i++) {
        bl_engine_opts o;
        bl_engine *e;
        const bl_layout_opts *lo;
        opts_for(&o, frames[i][0], frames[i][1], 0, -1, BL_MODE_HORIZONTAL);
        e = make(&o);
        lo = bl_engine_layout_opts(e);
        assert_int_equal(lo->width, frames[i][0]);
        assert_int_equal(lo->height, frames[i][1]);
        assert_int_equal(bl_font_px(lo->fonts[BL_STYLE_BODY]), 40);
        assert_int_equal(bl_font_px(lo->fonts[BL_STYLE_TITLE]), 88);
        assert_int_equal(lo->margin_left, 43);
        assert_int_equal(lo->margin_right, 43);
        assert_int_equal(lo->margin_top, 43);
        assert_int_equal(lo->margin_bottom, 43);
        assert_int_equal(lo->line_pitch_pct, 160);
        assert_string_equal(bl_face_family(bl_font_face(lo->fonts[BL_STYLE_BODY], 0)), "Noto Serif CJK SC");
        assert_string_equal(bl_face_family(bl_font_face(lo->fonts[BL_STYLE_TITLE], 0)), "Noto Sans CJK SC");
        bl_engine_destroy(e);
    }
}

static void test_options_override_theme(void **state)
{
    /* Size, margin, mode and body face given by the caller win. */
    bl_engine_opts o;
    bl_engine *e;
    const bl_layout_opts *lo;
    int i;
    (void)state;
    opts_for(&o, 1280, 720, 30, 50, BL_MODE_VERTICAL);
    o.body_family = "Noto Sans CJK SC";
    e = make(&o);
    lo = bl_engine_layout_opts(e);
    assert_int_equal(bl_font_px(lo->fonts[BL_STYLE_BODY]), 30);
    assert_int_equal(lo->margin_left, 50);
    assert_int_equal(lo->margin_top, 50);
    assert_int_equal(lo->margin_right, 50);
    assert_int_equal(lo->margin_bottom, 50);
    assert_int_equal(lo->mode, BL_MODE_VERTICAL);
    assert_string_equal(bl_face_family(bl_font_face(lo->fonts[BL_STYLE_BODY], 0)), "Noto Sans CJK SC");
    for (i = 0; i < BL_STYLE_COUNT; i++)
        assert_non_null(lo->fonts[i]);
    assert_non_null(bl_engine_cache(e));
    bl_engine_destroy(e);
}

/* Every line box, glyph cell and rule of every page of doc lies inside
 * the frame minus the margins (1/64 px). */
static void check_inside(const bl_doc *doc, const bl_layout_opts *lo, const char *what)
{
    int32_t left = lo->margin_left * 64, top = lo->margin_top * 64;
    int32_t right = (lo->width - lo->margin_right) * 64, bottom = (lo->height - lo->margin_bottom) * 64;
    size_t p, l, i;
    for (p = 0; p < doc->npages; p++) {
        const bl_page *pg = &doc->pages[p];
        for (l = 0; l < pg->nlines; l++) {
            const bl_pline *ln = &pg->lines[l];
            /* the running head is a line across the top in either mode */
            bool column = doc->mode == BL_MODE_VERTICAL && ln->para != BL_PARA_HEAD;
            if (ln->x < left || ln->y < top || ln->x + ln->w > right || ln->y + ln->h > bottom)
                fail_msg("%s page %zu: line %zu at (%.1f, %.1f)-(%.1f, %.1f) is outside (%d, %d)-(%d, %d)",
                         what, p + 1, l, BL_PX(ln->x), BL_PX(ln->y), BL_PX(ln->x + ln->w),
                         BL_PX(ln->y + ln->h), lo->margin_left, lo->margin_top, lo->width - lo->margin_right,
                         lo->height - lo->margin_bottom);
            for (i = ln->g0; i < ln->g0 + ln->gn; i++) {
                const bl_pglyph *g = &pg->glyphs[i];
                int32_t em = bl_font_px(doc->fonts[g->style]) * 64;
                /* the cell: advance along the line, an em across it */
                int32_t w = column ? em : g->advance;
                int32_t h = column ? g->advance : em;
                if (g->x < left || g->y < top || g->x + w > right || g->y + h > bottom)
                    fail_msg("%s page %zu: U+%04X at (%.1f, %.1f)-(%.1f, %.1f) is outside (%d, %d)-(%d, %d)",
                             what, p + 1, (unsigned)g->cp, BL_PX(g->x), BL_PX(g->y), BL_PX(g->x + w),
                             BL_PX(g->y + h), lo->margin_left, lo->margin_top, lo->width - lo->margin_right,
                             lo->height - lo->margin_bottom);
            }
        }
        for (i = 0; i < pg->nrules; i++) {
            const bl_prule *r = &pg->rules[i];
            if (r->x < left || r->y < top || r->x + r->w > right || r->y + r->h > bottom)
                fail_msg("%s page %zu: rule %zu is outside the margins", what, p + 1, i);
        }
    }
}

static void test_text_inside_margins(void **state)
{
    /* What the frame and the margins promise: no glyph or rule of any
     * page reaches into a margin, on a landscape TV with the theme's
     * margins, a portrait panel and a small kiosk screen with given
     * ones, in both writing modes. */
    static const struct {
        int w, h, px, margin;
    } frames[] = {{1920, 1080, 0, -1}, {1080, 1920, 0, 60}, {800, 480, 24, 16}};
    bl_mode modes[] = {BL_MODE_HORIZONTAL, BL_MODE_VERTICAL};
    size_t f, m, a;
    (void)state;
    for (f = 0; f < BL_ARRAY_LEN(frames); f++)
        for (m = 0; m < 2; m++) {
            bl_engine_opts o;
            bl_engine *e;
            const bl_layout_opts *lo;
            opts_for(&o, frames[f].w, frames[f].h, frames[f].px, frames[f].margin, modes[m]);
            e = make(&o);
            lo = bl_engine_layout_opts(e);
            if (frames[f].margin >= 0)
                assert_int_equal(lo->margin_left, frames[f].margin);
            for (a = 0; a < BL_ARRAY_LEN(demo_files); a++) {
                bl_article *art = load(demo_files[a]);
                bl_doc *doc = NULL;
                bl_err err;
                char what[256];
                if (bl_layout_article(art, lo, &doc, &err))
                    fail_msg("%s: %s", demo_files[a], err.msg);
                assert_true(doc->npages >= 1);
                snprintf(what, sizeof what, "%s %dx%d %s", demo_files[a], frames[f].w, frames[f].h,
                         m ? "vertical" : "horizontal");
                check_inside(doc, lo, what);
                bl_doc_destroy(doc);
                bl_article_destroy(art);
            }
            bl_engine_destroy(e);
        }
}

static uint32_t pixel(const SDL_Surface *s, int x, int y)
{
    return ((const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
}

static void test_palette_from_theme(void **state)
{
    /* A night theme: its colours are the palette, and the page on the
     * screen has the theme's background with text in the theme's colour. */
    bl_engine_opts o;
    bl_engine *e;
    const bl_palette *pal;
    bl_article *a;
    bl_doc *doc = NULL;
    SDL_Surface *s;
    bl_err err;
    size_t text = 0, i;
    int x, y;
    (void)state;
    opts_for(&o, 800, 480, 24, 16, BL_MODE_HORIZONTAL);
    o.theme_path = write_theme("night.ini", "[colours]\n"
                                            "background = #102030\n"
                                            "text = #E0E8F0\n"
                                            "accent = #FF8040\n"
                                            "muted = #8090A0\n");
    e = make(&o);
    pal = bl_engine_palette(e);
    assert_int_equal(pal->background, 0xFF102030u);
    assert_int_equal(pal->style[BL_STYLE_BODY], 0xFFE0E8F0u);
    assert_int_equal(pal->style[BL_STYLE_TITLE], 0xFFE0E8F0u);
    assert_int_equal(pal->style[BL_STYLE_KICKER], 0xFFFF8040u);
    assert_int_equal(pal->style[BL_STYLE_BYLINE], 0xFF8090A0u);
    assert_int_equal(pal->style[BL_STYLE_HEAD], 0xFF8090A0u);

    a = load(demo_files[0]);
    assert_int_equal(bl_layout_article(a, bl_engine_layout_opts(e), &doc, &err), BL_OK);
    s = bl_surface_create(800, 480);
    assert_non_null(s);
    assert_int_equal(bl_render_page(bl_engine_cache(e), doc, 0, pal, s, &err), BL_OK);
    assert_int_equal(pixel(s, 0, 0), 0xFF102030u);
    assert_int_equal(pixel(s, 799, 479), 0xFF102030u);
    for (y = 0; y < 480; y++)
        for (x = 0; x < 800; x++)
            text += pixel(s, x, y) == 0xFFE0E8F0u;
    assert_true(text > 100); /* the cores of the strokes are the text colour */
    /* and the byline on page 1 is in the muted colour */
    for (i = 0; i < doc->pages[0].nglyphs; i++)
        if (doc->pages[0].glyphs[i].style == BL_STYLE_BYLINE)
            break;
    assert_true(i < doc->pages[0].nglyphs);
    text = 0;
    for (y = 0; y < 480; y++)
        for (x = 0; x < 800; x++)
            text += pixel(s, x, y) == 0xFF8090A0u;
    assert_true(text > 10);
    SDL_FreeSurface(s);
    bl_doc_destroy(doc);
    bl_article_destroy(a);
    bl_engine_destroy(e);
}

static void test_bundled_palette(void **state)
{
    /* Without a theme path the bundled theme's warm newsprint and near
     * black are used. */
    bl_engine_opts o;
    bl_engine *e;
    const bl_palette *pal;
    (void)state;
    opts_for(&o, 1920, 1080, 0, -1, BL_MODE_HORIZONTAL);
    e = make(&o);
    pal = bl_engine_palette(e);
    assert_int_equal(pal->background, 0xFFF7F1E3u);
    assert_int_equal(pal->style[BL_STYLE_BODY], 0xFF1F1A17u);
    assert_int_equal(pal->style[BL_STYLE_KICKER], 0xFFB3261Eu);
    bl_engine_destroy(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_theme_path),         cmocka_unit_test(test_unknown_body_family),
        cmocka_unit_test(test_data_dir_without_fonts), cmocka_unit_test(test_sizes_from_theme),
        cmocka_unit_test(test_options_override_theme), cmocka_unit_test(test_text_inside_margins),
        cmocka_unit_test(test_palette_from_theme),     cmocka_unit_test(test_bundled_palette),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
