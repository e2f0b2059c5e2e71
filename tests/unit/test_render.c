/*
 * test_render.c - drawing laid-out pages as a viewer of the board would
 * notice it: the same page gives the same bytes every time (twice in a
 * row, from a cold or a warm glyph cache, after the cache has been emptied
 * to stay within its limit, and from a second engine); a page without
 * glyphs is nothing but the background; a rule is a crisp rectangle of its
 * colour; a character no font has is a visible box inside its cell; and the
 * glyph cache stays within the byte limit it was given.
 *
 * Fonts and articles come from the source tree (BL_SOURCE_DIR).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/content.h"
#include "layout/layout.h"
#include "render/engine.h"
#include "render/render.h"

static const char *const demo_files[] = {
    "assets/articles/2026-03-13-01-fengtai-cadres-meeting.txt",
    "assets/articles/2026-03-14-02-talent-education-ecosystem.txt",
    "assets/articles/2026-03-14-03-spring-greenway-parks.txt",
    "assets/articles/2026-03-14-04-civilized-city-inspection.txt",
};

#define W 800
#define H 480
#define BODY_PX 24
#define MARGIN 16

static const char *src_dir(void)
{
    const char *d = getenv("BL_SOURCE_DIR");
    return d ? d : ".";
}

static bl_engine *engine_for(bl_mode mode)
{
    bl_engine_opts o;
    bl_engine *e = NULL;
    bl_err err;
    memset(&o, 0, sizeof o);
    o.data_dir = src_dir();
    o.width = W;
    o.height = H;
    o.body_px = BODY_PX;
    o.margin_px = MARGIN;
    o.mode = mode;
    if (bl_engine_create(&o, &e, &err))
        fail_msg("engine: %s", err.msg);
    return e;
}

static bl_doc *lay(const bl_engine *e, const char *rel)
{
    char path[1024];
    bl_article *a = NULL;
    bl_doc *doc = NULL;
    bl_err err;
    snprintf(path, sizeof path, "%s/%s", src_dir(), rel);
    if (bl_article_load(path, BL_ARTICLE_MAX_BYTES, &a, &err))
        fail_msg("%s", err.msg);
    if (bl_layout_article(a, bl_engine_layout_opts(e), &doc, &err))
        fail_msg("%s: %s", rel, err.msg);
    bl_article_destroy(a);
    return doc;
}

/* A frame-sized surface filled with a colour no page uses, so that a
 * pixel the renderer forgot to paint shows. */
static SDL_Surface *surface(void)
{
    SDL_Surface *s = bl_surface_create(W, H);
    assert_non_null(s);
    SDL_FillRect(s, NULL, 0xFF00FF00u);
    return s;
}

/* Renders page p of doc through cache c onto a new surface (caller's). */
static SDL_Surface *draw(bl_glyph_cache *c, const bl_doc *doc, size_t p, const bl_palette *pal)
{
    SDL_Surface *s = surface();
    bl_err err;
    if (bl_render_page(c, doc, p, pal, s, &err))
        fail_msg("page %zu: %s", p + 1, err.msg);
    return s;
}

static uint32_t pixel(const SDL_Surface *s, int x, int y)
{
    return ((const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
}

/* Whether two frame-sized surfaces hold the same pixels; names the first
 * difference. */
static bool same_pixels(const SDL_Surface *a, const SDL_Surface *b, const char *what)
{
    int x, y;
    for (y = 0; y < H; y++)
        for (x = 0; x < W; x++)
            if (pixel(a, x, y) != pixel(b, x, y)) {
                print_error("%s: first difference at (%d, %d): %08X vs %08X\n", what, x, y,
                            (unsigned)pixel(a, x, y), (unsigned)pixel(b, x, y));
                return false;
            }
    return true;
}

static size_t count_not(const SDL_Surface *s, uint32_t colour)
{
    size_t n = 0;
    int x, y;
    for (y = 0; y < H; y++)
        for (x = 0; x < W; x++)
            n += pixel(s, x, y) != colour;
    return n;
}

static void test_same_page_same_bytes(void **state)
{
    /* A page drawn twice, and drawn again by a second engine with its own
     * fonts and cache, is the same to the byte; and it has text on it. */
    bl_mode modes[] = {BL_MODE_HORIZONTAL, BL_MODE_VERTICAL};
    size_t m;
    (void)state;
    for (m = 0; m < 2; m++) {
        bl_engine *e = engine_for(modes[m]), *e2 = engine_for(modes[m]);
        bl_doc *doc = lay(e, demo_files[0]), *doc2 = lay(e2, demo_files[0]);
        const bl_palette *pal = bl_engine_palette(e);
        SDL_Surface *a = draw(bl_engine_cache(e), doc, 0, pal);
        SDL_Surface *b = draw(bl_engine_cache(e), doc, 0, pal);
        SDL_Surface *c = draw(bl_engine_cache(e2), doc2, 0, bl_engine_palette(e2));
        size_t ink = count_not(a, pal->background);
        assert_true(same_pixels(a, b, "drawn twice"));
        assert_true(same_pixels(a, c, "second engine"));
        /* between 2% and 50% of a page of text is ink */
        assert_in_range(ink, (size_t)W * H / 50, (size_t)W * H / 2);
        /* the corners are margin: background */
        assert_int_equal(pixel(a, 0, 0), pal->background);
        assert_int_equal(pixel(a, W - 1, H - 1), pal->background);
        SDL_FreeSurface(a);
        SDL_FreeSurface(b);
        SDL_FreeSurface(c);
        bl_doc_destroy(doc);
        bl_doc_destroy(doc2);
        bl_engine_destroy(e);
        bl_engine_destroy(e2);
    }
}

/* A one-page doc over the engine's fonts with the given page. */
static bl_doc doc_of(const bl_engine *e, bl_page *pg, bl_mode mode)
{
    const bl_layout_opts *o = bl_engine_layout_opts(e);
    bl_doc d;
    int i;
    memset(&d, 0, sizeof d);
    d.pages = pg;
    d.npages = 1;
    d.mode = mode;
    d.width = W;
    d.height = H;
    for (i = 0; i < BL_STYLE_COUNT; i++)
        d.fonts[i] = o->fonts[i];
    return d;
}

static void test_empty_page_is_background(void **state)
{
    /* Every pixel is painted, and with nothing but the background: on a
     * fresh surface, and over a page of text drawn before it (no ghost of
     * the last slide). */
    bl_mode modes[] = {BL_MODE_HORIZONTAL, BL_MODE_VERTICAL};
    size_t m;
    (void)state;
    for (m = 0; m < 2; m++) {
        bl_engine *e = engine_for(modes[m]);
        bl_doc *text = lay(e, demo_files[0]);
        bl_palette pal = *bl_engine_palette(e);
        bl_page pg;
        bl_doc d;
        SDL_Surface *s;
        bl_err err;
        memset(&pg, 0, sizeof pg);
        d = doc_of(e, &pg, modes[m]);
        pal.background = 0xFF203040u;
        /* first thing a fresh cache draws (a vertical one once handed
         * qsort a NULL array) */
        s = draw(bl_engine_cache(e), &d, 0, &pal);
        assert_int_equal(count_not(s, 0xFF203040u), 0);
        SDL_FreeSurface(s);
        s = draw(bl_engine_cache(e), text, 0, &pal);
        assert_true(count_not(s, 0xFF203040u) > (size_t)W * H / 50);
        assert_int_equal(bl_render_page(bl_engine_cache(e), &d, 0, &pal, s, &err), BL_OK);
        assert_int_equal(count_not(s, 0xFF203040u), 0);
        SDL_FreeSurface(s);
        bl_doc_destroy(text);
        bl_engine_destroy(e);
    }
}

static void test_rule_is_exact(void **state)
{
    /* A rule (the line under a headline) is a sharp rectangle of its
     * style's colour at whole pixels, nothing around it. */
    bl_engine *e = engine_for(BL_MODE_HORIZONTAL);
    const bl_palette *pal = bl_engine_palette(e);
    bl_prule r = {10 * 64, 20 * 64, 30 * 64, 4 * 64, BL_STYLE_KICKER};
    bl_page pg;
    bl_doc d;
    SDL_Surface *s;
    int x, y;
    (void)state;
    memset(&pg, 0, sizeof pg);
    pg.rules = &r;
    pg.nrules = 1;
    d = doc_of(e, &pg, BL_MODE_HORIZONTAL);
    s = draw(bl_engine_cache(e), &d, 0, pal);
    assert_int_not_equal(pal->style[BL_STYLE_KICKER], pal->background);
    for (y = 0; y < H; y++)
        for (x = 0; x < W; x++) {
            bool in = x >= 10 && x < 40 && y >= 20 && y < 24;
            uint32_t want = in ? pal->style[BL_STYLE_KICKER] : pal->background;
            if (pixel(s, x, y) != want)
                fail_msg("(%d, %d) is %08X, not %08X", x, y, (unsigned)pixel(s, x, y), (unsigned)want);
        }
    SDL_FreeSurface(s);
    bl_engine_destroy(e);
}

static void test_missing_glyph_is_a_box(void **state)
{
    /* A character no face had is drawn as an outlined box inside its
     * cell in the text colour: the reader sees something is missing. */
    bl_engine *e = engine_for(BL_MODE_HORIZONTAL);
    const bl_palette *pal = bl_engine_palette(e);
    bl_pglyph g;
    bl_page pg;
    bl_doc d;
    SDL_Surface *s;
    int x, y, em = BODY_PX;
    size_t inside = 0;
    (void)state;
    memset(&g, 0, sizeof g);
    g.cp = 0x1F9D9;
    g.style = BL_STYLE_BODY;
    g.flags = BL_GLYPH_MISSING;
    g.x = 100 * 64;
    g.y = 200 * 64;
    g.advance = em * 64;
    g.ox = g.x;
    g.oy = g.y + bl_font_embox_top(bl_engine_layout_opts(e)->fonts[BL_STYLE_BODY]);
    g.scale = 1024;
    memset(&pg, 0, sizeof pg);
    pg.glyphs = &g;
    pg.nglyphs = 1;
    d = doc_of(e, &pg, BL_MODE_HORIZONTAL);
    s = draw(bl_engine_cache(e), &d, 0, pal);
    for (y = 0; y < H; y++)
        for (x = 0; x < W; x++) {
            uint32_t p = pixel(s, x, y);
            if (p == pal->background)
                continue;
            if (x < 100 || x >= 100 + em || y < 200 || y >= 200 + em)
                fail_msg("box ink at (%d, %d), outside its cell", x, y);
            assert_int_equal(p, pal->style[BL_STYLE_BODY]);
            inside++;
        }
    /* four sides of a box nearly an em wide */
    assert_true(inside >= (size_t)(4 * (em * 6 / 10)));
    /* hollow: the centre of the cell is background */
    assert_int_equal(pixel(s, 100 + em / 2, 200 + em / 2), pal->background);
    SDL_FreeSurface(s);
    bl_engine_destroy(e);
}

static size_t max_px(const bl_doc *doc)
{
    size_t i, m = 0;
    for (i = 0; i < BL_STYLE_COUNT; i++)
        if (doc->fonts[i] && (size_t)bl_font_px(doc->fonts[i]) > m)
            m = (size_t)bl_font_px(doc->fonts[i]);
    return m;
}

static void test_cache_stays_within_limit(void **state)
{
    /* Every page of every demo article in both writing modes through a
     * cache of 96 KB (a page needs more): the cache empties itself to
     * keep to its limit, and every page is still drawn to the same bytes
     * as through the engine's roomy cache.  The cache is emptied once it
     * has gone past its limit, so it may hold one glyph more than that. */
    const size_t limit = 96u << 10;
    bl_mode modes[] = {BL_MODE_HORIZONTAL, BL_MODE_VERTICAL};
    bl_glyph_cache *small = NULL;
    bl_cache_stats st;
    bl_err err;
    size_t m, a, p, pages = 0, peak = 0;
    (void)state;
    assert_int_equal(bl_cache_create(limit, &small, &err), BL_OK);
    for (m = 0; m < 2; m++) {
        bl_engine *e = engine_for(modes[m]);
        const bl_palette *pal = bl_engine_palette(e);
        for (a = 0; a < BL_ARRAY_LEN(demo_files); a++) {
            bl_doc *doc = lay(e, demo_files[a]);
            size_t glyph = 4 * max_px(doc) * max_px(doc) + 256; /* one bitmap and its entry, at most */
            for (p = 0; p < doc->npages; p++) {
                SDL_Surface *want = draw(bl_engine_cache(e), doc, p, pal);
                SDL_Surface *got = draw(small, doc, p, pal);
                char what[256];
                snprintf(what, sizeof what, "%s page %zu (%s)", demo_files[a], p + 1,
                         m ? "vertical" : "horizontal");
                assert_true(same_pixels(want, got, what));
                bl_cache_get_stats(small, &st);
                if (st.bytes > limit + glyph)
                    fail_msg("%s: the cache holds %zu bytes, limit %zu", what, st.bytes, limit);
                peak = BL_MAX(peak, st.bytes);
                pages++;
                SDL_FreeSurface(want);
                SDL_FreeSurface(got);
            }
            bl_doc_destroy(doc);
        }
        bl_engine_destroy(e);
    }
    bl_cache_get_stats(small, &st);
    assert_true(pages >= 8);
    /* it really was emptied, on most pages */
    if (st.flushes < pages / 2)
        fail_msg("only %zu flushes over %zu pages: the limit was not exercised", st.flushes, pages);
    assert_true(peak > limit / 2);
    bl_cache_destroy(small);
}

static void test_cold_and_warm_cache(void **state)
{
    /* The same page from a cold cache, a warm one (after other pages
     * have been drawn), and one just cleared: the same bytes.  A second
     * draw of a page rasterizes nothing new. */
    bl_engine *e = engine_for(BL_MODE_HORIZONTAL);
    const bl_palette *pal = bl_engine_palette(e);
    bl_doc *doc = lay(e, demo_files[1]), *other = lay(e, demo_files[2]);
    bl_glyph_cache *c = NULL;
    bl_cache_stats s1, s2;
    SDL_Surface *cold, *warm, *cleared, *again, *x;
    bl_err err;
    size_t p;
    (void)state;
    assert_true(doc->npages >= 2);
    assert_int_equal(bl_cache_create(0, &c, &err), BL_OK);
    cold = draw(c, doc, 1, pal);
    bl_cache_get_stats(c, &s1);
    assert_true(s1.misses > 0);
    assert_int_equal(s1.entries, s1.misses);
    again = draw(c, doc, 1, pal);
    bl_cache_get_stats(c, &s2);
    assert_int_equal(s2.misses, s1.misses);
    assert_true(s2.hits > s1.hits);
    for (p = 0; p < other->npages; p++) {
        x = draw(c, other, p, pal);
        SDL_FreeSurface(x);
    }
    x = draw(c, doc, 0, pal);
    SDL_FreeSurface(x);
    warm = draw(c, doc, 1, pal);
    bl_cache_clear(c);
    bl_cache_get_stats(c, &s1);
    assert_int_equal(s1.entries, 0);
    assert_int_equal(s1.bytes, 0);
    cleared = draw(c, doc, 1, pal);
    assert_true(same_pixels(cold, again, "drawn again"));
    assert_true(same_pixels(cold, warm, "warm cache"));
    assert_true(same_pixels(cold, cleared, "cleared cache"));
    SDL_FreeSurface(cold);
    SDL_FreeSurface(again);
    SDL_FreeSurface(warm);
    SDL_FreeSurface(cleared);
    bl_cache_destroy(c);
    bl_cache_destroy(NULL);
    bl_doc_destroy(doc);
    bl_doc_destroy(other);
    bl_engine_destroy(e);
}

static void test_bad_arguments(void **state)
{
    /* A page past the end, or a surface of another pixel format, is an
     * error that says so, and the surface is left alone. */
    bl_engine *e = engine_for(BL_MODE_HORIZONTAL);
    bl_doc *doc = lay(e, demo_files[0]);
    SDL_Surface *s = surface();
    SDL_Surface *rgb = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ABGR8888);
    bl_err err;
    (void)state;
    assert_non_null(rgb);
    assert_int_equal(bl_render_page(bl_engine_cache(e), doc, doc->npages, bl_engine_palette(e), s, &err),
                     BL_ERR_RANGE);
    assert_true(strstr(err.msg, "page") != NULL);
    assert_int_equal(count_not(s, 0xFF00FF00u), 0);
    assert_int_equal(bl_render_page(bl_engine_cache(e), doc, 0, bl_engine_palette(e), rgb, &err),
                     BL_ERR_USAGE);
    assert_true(strstr(err.msg, "ARGB8888") != NULL);
    SDL_FreeSurface(s);
    SDL_FreeSurface(rgb);
    bl_doc_destroy(doc);
    bl_engine_destroy(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_page_same_bytes),
        cmocka_unit_test(test_empty_page_is_background),
        cmocka_unit_test(test_rule_is_exact),
        cmocka_unit_test(test_missing_glyph_is_a_box),
        cmocka_unit_test(test_cache_stays_within_limit),
        cmocka_unit_test(test_cold_and_warm_cache),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
