/*
 * test_traditional.c - Traditional Chinese as a reader sees it: an article
 * with lang zh-Hant is set in the TC faces (zh-HK in the HK ones) and
 * shaped in that language, so 。 sits in the centre of its cell in both
 * writing modes, where a Simplified article has it in the lower left
 * (horizontal) or upper right (vertical).  The layout properties of the
 * Traditional article (tests/data/hant-community-notice.txt) are checked
 * with the demo articles' in test_layout.c.
 *
 * Uses the fonts named by fonts/fonts.list in the source tree.
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

#define NOTICE "tests/data/hant-community-notice.txt"

static const char *src_dir(void)
{
    const char *d = getenv("BL_SOURCE_DIR");
    return d ? d : ".";
}

static bl_engine *engine_for(int w, int h)
{
    bl_engine_opts o;
    bl_engine *e = NULL;
    bl_err err;
    memset(&o, 0, sizeof o);
    o.data_dir = src_dir();
    o.width = w;
    o.height = h;
    o.margin_px = -1;
    if (bl_engine_create(&o, &e, &err))
        fail_msg("engine: %s", err.msg);
    return e;
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

static bl_doc *lay(bl_engine *e, const bl_article *a, bl_mode mode)
{
    bl_layout_opts lo = *bl_engine_layout_opts(e);
    bl_doc *doc = NULL;
    bl_err err;
    lo.mode = mode;
    if (bl_layout_article(a, &lo, &doc, &err))
        fail_msg("%s", err.msg);
    return doc;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcmp(s + a - b, tail) == 0;
}

/* Every glyph of doc is drawn by a face whose family ends in `suffix`
 * (" TC"), none is a box, and the fonts shape in `lang`. */
static void assert_faces(const bl_doc *doc, const char *suffix, const char *lang)
{
    size_t p, i, n = 0;
    for (p = 0; p < doc->npages; p++) {
        for (i = 0; i < doc->pages[p].nglyphs; i++) {
            const bl_pglyph *g = &doc->pages[p].glyphs[i];
            const char *fam = bl_face_family(bl_font_face(doc->fonts[g->style], g->face));
            if (!ends_with(fam, suffix))
                fail_msg("U+%04X on page %zu is drawn in %s", (unsigned)g->cp, p + 1, fam);
            assert_false(g->flags & BL_GLYPH_MISSING);
            n++;
        }
    }
    assert_true(n > 300);
    for (i = 0; i < BL_STYLE_COUNT; i++)
        assert_string_equal(bl_font_language(doc->fonts[i]), lang);
}

/* Where the ink of 。 sits in its cell, over every full-width 。 of the
 * body: the most off-centre ink centre across and along the line, in
 * 1/64 px from the cell's centre (x right, y down), as the extremes seen. */
typedef struct ink_place {
    int32_t min_dx, max_dx, min_dy, max_dy;
    size_t n;
} ink_place;

static ink_place full_stops(const bl_doc *doc)
{
    ink_place r = {INT32_MAX, INT32_MIN, INT32_MAX, INT32_MIN, 0};
    size_t p, i;
    for (p = 0; p < doc->npages; p++) {
        for (i = 0; i < doc->pages[p].nglyphs; i++) {
            const bl_pglyph *g = &doc->pages[p].glyphs[i];
            const bl_font *font = doc->fonts[g->style];
            int32_t box[4], em = bl_font_px(font) * 64, cw, ch, dx, dy;
            if (g->cp != 0x3002 || g->style != BL_STYLE_BODY || (g->flags & BL_GLYPH_HALF))
                continue;
            assert_true(bl_font_glyph_ink(font, g->face, g->gid, box));
            cw = doc->mode == BL_MODE_VERTICAL ? em : g->advance;
            ch = doc->mode == BL_MODE_VERTICAL ? g->advance : em;
            assert_int_equal(cw, em);
            assert_int_equal(ch, em);
            dx = (g->ox + (box[0] + box[2]) / 2) - (g->x + cw / 2);
            dy = (g->oy + (box[1] + box[3]) / 2) - (g->y + ch / 2);
            r.min_dx = BL_MIN(r.min_dx, dx);
            r.max_dx = BL_MAX(r.max_dx, dx);
            r.min_dy = BL_MIN(r.min_dy, dy);
            r.max_dy = BL_MAX(r.max_dy, dy);
            r.n++;
        }
    }
    return r;
}

static void test_traditional_faces(void **state)
{
    bl_engine *e = engine_for(1920, 1080);
    bl_article *a = load(NOTICE);
    bl_doc *doc;
    (void)state;
    assert_int_equal(a->lang, BL_ARTICLE_LANG_HANT);
    doc = lay(e, a, BL_MODE_HORIZONTAL);
    assert_faces(doc, " TC", "zh-hant");
    bl_doc_destroy(doc);
    doc = lay(e, a, BL_MODE_VERTICAL);
    assert_faces(doc, " TC", "zh-hant");
    bl_doc_destroy(doc);
    /* zh-HK: the HK faces */
    a->lang = BL_ARTICLE_LANG_HK;
    doc = lay(e, a, BL_MODE_HORIZONTAL);
    assert_faces(doc, " HK", "zh-hk");
    bl_doc_destroy(doc);
    /* the same text as zh-Hans: the SC faces, as before */
    a->lang = BL_ARTICLE_LANG_HANS;
    doc = lay(e, a, BL_MODE_HORIZONTAL);
    assert_faces(doc, " SC", "zh-hans");
    bl_doc_destroy(doc);
    bl_article_destroy(a);
    bl_engine_destroy(e);
}

static void test_full_stop_position(void **state)
{
    static const int frames[][2] = {{1920, 1080}, {1080, 1920}, {800, 480}};
    size_t f;
    (void)state;
    for (f = 0; f < BL_ARRAY_LEN(frames); f++) {
        bl_engine *e = engine_for(frames[f][0], frames[f][1]);
        int32_t em = bl_font_px(bl_engine_layout_opts(e)->fonts[BL_STYLE_BODY]) * 64, tol = em / 16;
        bl_article *a = load(NOTICE);
        int mode;
        for (mode = 0; mode < 2; mode++) {
            bl_doc *doc;
            ink_place t, s;
            a->lang = BL_ARTICLE_LANG_HANT;
            doc = lay(e, a, (bl_mode)mode);
            t = full_stops(doc);
            bl_doc_destroy(doc);
            a->lang = BL_ARTICLE_LANG_HANS;
            doc = lay(e, a, (bl_mode)mode);
            s = full_stops(doc);
            bl_doc_destroy(doc);
            assert_true(t.n >= 3 && s.n >= 3);
            /* Traditional: centred in its cell, across and along the line */
            if (t.min_dx < -tol || t.max_dx > tol || t.min_dy < -tol || t.max_dy > tol)
                fail_msg("%dx%d %s: TC 。 ink centre off the cell centre by x %d..%d, y %d..%d (1/64 px)",
                         frames[f][0], frames[f][1], mode ? "vertical" : "horizontal", t.min_dx, t.max_dx,
                         t.min_dy, t.max_dy);
            if (mode == BL_MODE_HORIZONTAL) {
                /* Simplified: the lower left quarter */
                assert_true(s.max_dx < -em / 5);
                assert_true(s.min_dy > em / 5);
            } else {
                /* Simplified, in a column: the upper right quarter */
                assert_true(s.min_dx > em / 5);
                assert_true(s.max_dy < -em / 5);
            }
        }
        bl_article_destroy(a);
        bl_engine_destroy(e);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_traditional_faces),
        cmocka_unit_test(test_full_stop_position),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
