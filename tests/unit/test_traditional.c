/*
 * test_traditional.c - Traditional Chinese as a reader sees it: an article
 * with lang zh-Hant is set in the TC faces (zh-HK in the HK ones) and
 * shaped in that language, so 。 sits in the centre of its cell in both
 * writing modes, where a Simplified article has it in the lower left
 * (horizontal) or upper right (vertical).  The layout properties of the
 * Traditional article (tests/data/hant-community-notice.txt) are checked
 * with the demo articles' in test_layout.c.  A board with script =
 * traditional shows a Simplified article in Traditional characters and
 * faces (OpenCC's s2t), and one without OpenCC's data shows it as written.
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

#include "board/deck.h"
#include "content/content.h"
#include "content/source.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "content/script.h"
#include "layout/layout.h"
#include "render/engine.h"

#include <unistd.h>

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
    assert_true(n > 20);
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

/* The text of a doc's lines of paragraph `para` (BL_PARA_TITLE, 0, ...)
 * on page 1, joined, into buf. */
static void line_text(const bl_doc *doc, int para, char *buf, size_t size)
{
    const bl_page *pg = &doc->pages[0];
    size_t i, g, len = 0;
    buf[0] = '\0';
    for (i = 0; i < pg->nlines; i++) {
        if (pg->lines[i].para != para)
            continue;
        for (g = pg->lines[i].g0; g < pg->lines[i].g0 + pg->lines[i].gn; g++) {
            char u[8];
            size_t n = (size_t)bl_utf8_encode(pg->glyphs[g].cp, u);
            if (len + n + 1 < size) {
                memcpy(buf + len, u, n);
                len += n;
                buf[len] = '\0';
            }
        }
    }
}

static int nwarn;
static char warning[600];
static void sink(void *user, bl_log_level lvl, const char *tag, const char *line)
{
    (void)user;
    (void)tag;
    if (lvl == BL_LOG_WARN) {
        nwarn++;
        snprintf(warning, sizeof warning, "%s", line);
    }
}

/* A board whose readers read Traditional characters (script =
 * traditional): the deck shows a Simplified article from the content
 * folder converted by OpenCC's s2t and set in the TC faces; an article
 * already in Traditional stays as written. */
static void test_script_traditional(void **state)
{
    static const char simp[] = "title: 丰台区召开全区领导干部大会\nkicker: 丰台区\n\n"
                               "丰台区发展和改革委员会在云岗召开会议，会议指出，要进一步加强社区服务。\n";
    char dir[] = "/tmp/baolan-script-XXXXXX", path[1024], text[2048];
    bl_engine *e = engine_for(1280, 720);
    bl_converter *conv = NULL;
    bl_source *src = NULL;
    bl_deck *deck = NULL;
    bl_sched *sched = NULL;
    bl_sched_config sc;
    bl_sched_state st;
    bl_clock *clk = bl_clock_create_virtual(1773360000.0);
    bl_err err;
    FILE *f;
    size_t i;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/a.txt", dir);
    assert_non_null(f = fopen(path, "w"));
    fputs(simp, f);
    fclose(f);
    bl_sched_config_defaults(&sc);
    sc.night_start = sc.night_end = 0;
    if (bl_converter_open(BL_SCRIPT_TRADITIONAL, NULL, &conv, &err) ||
        bl_folder_create(dir, BL_ARTICLE_MAX_BYTES, 0, 0, &src, &err) ||
        bl_deck_create(bl_engine_layout_opts(e), BL_ORIENT_CFG_HORIZONTAL, 1280, 720, &deck, &err) ||
        bl_sched_create(&sc, clk, &sched, &err))
        fail_msg("%s", err.msg);
    assert_non_null(conv);
    bl_deck_set_converter(deck, conv);
    assert_true(bl_source_scan(src));
    bl_deck_update(deck, src, sched);
    bl_sched_tick(sched, &st);
    assert_int_equal(bl_sched_count(sched), 1);
    {
        const bl_deck_article *da = bl_deck_find(deck, bl_sched_item_handle(sched, 0));
        assert_non_null(da);
        /* the headline screen and the ticker show the converted title */
        assert_string_equal(da->title, "豐臺區召開全區領導幹部大會");
        assert_string_equal(da->kicker, "豐臺區");
        line_text(da->doc, BL_PARA_TITLE, text, sizeof text);
        assert_string_equal(text, "豐臺區召開全區領導幹部大會");
        line_text(da->doc, 0, text, sizeof text);
        assert_string_equal(text, "豐臺區發展和改革委員會在雲崗召開會議，會議指出，要進一步加強社區服務。");
        assert_faces(da->doc, " TC", "zh-hant");
    }
    bl_sched_destroy(sched);
    bl_deck_destroy(deck);
    bl_source_destroy(src);
    unlink(path);
    rmdir(dir);

    /* a Traditional article is left as written; a Simplified board shows
     * it in simplified characters and the SC faces */
    {
        bl_article *a = load(NOTICE), *shown = (bl_article *)1;
        bl_converter *back = NULL;
        bl_doc *doc;
        assert_int_equal(bl_converter_article(conv, a, &shown, &err), BL_OK);
        assert_null(shown);
        assert_int_equal(bl_converter_open(BL_SCRIPT_SIMPLIFIED, NULL, &back, &err), BL_OK);
        assert_int_equal(bl_converter_article(back, a, &shown, &err), BL_OK);
        assert_non_null(shown);
        assert_int_equal(shown->lang, BL_ARTICLE_LANG_HANS);
        assert_string_equal(shown->title, "华埠社区中心春季活动及长者服务安排");
        assert_string_equal(shown->path, a->path);
        assert_int_equal(shown->npara, a->npara);
        for (i = 0; i < shown->npara; i++)
            assert_int_equal(strlen(shown->paras[i]) > 0, true);
        doc = lay(e, shown, BL_MODE_VERTICAL);
        assert_faces(doc, " SC", "zh-hans");
        bl_doc_destroy(doc);
        bl_article_destroy(shown);
        bl_converter_destroy(back);
        bl_article_destroy(a);
    }
    bl_converter_destroy(conv);
    bl_clock_destroy(clk);
    bl_engine_destroy(e);
}

/* OpenCC without its configuration: one warning naming the file, and
 * the articles show as written; as-is opens nothing. */
static void test_script_without_opencc_data(void **state)
{
    bl_converter *conv = (bl_converter *)1;
    bl_article *a = load(NOTICE), *shown = (bl_article *)1;
    bl_err err;
    bl_script s = BL_SCRIPT_AS_IS;
    (void)state;
    nwarn = 0;
    bl_log_set_sink(sink, NULL);
    assert_int_equal(bl_converter_open(BL_SCRIPT_SIMPLIFIED, "/nonexistent/opencc", &conv, &err), BL_OK);
    bl_log_set_sink(NULL, NULL);
    assert_null(conv);
    assert_int_equal(nwarn, 1);
    assert_non_null(strstr(warning, "/nonexistent/opencc/t2s.json"));
    assert_non_null(strstr(warning, "script = simplified"));
    assert_int_equal(bl_converter_article(conv, a, &shown, &err), BL_OK);
    assert_null(shown);
    conv = (bl_converter *)1;
    assert_int_equal(bl_converter_open(BL_SCRIPT_AS_IS, NULL, &conv, &err), BL_OK);
    assert_null(conv);
    assert_true(bl_script_parse("traditional", &s) && s == BL_SCRIPT_TRADITIONAL);
    assert_false(bl_script_parse("Traditional", &s));
    assert_string_equal(bl_script_name(BL_SCRIPT_SIMPLIFIED), "simplified");
    bl_article_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_traditional_faces),
        cmocka_unit_test(test_full_stop_position),
        cmocka_unit_test(test_script_traditional),
        cmocka_unit_test(test_script_without_opencc_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
