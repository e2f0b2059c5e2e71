/*
 * test_vertical.c - vertical writing (竖排): the font's vertical forms for
 * quotation marks and punctuation in both faces, marks in the upper right
 * of their cells, —— and …… as single units, 縦中横 numbers, rotated Latin
 * and long numbers, upright letters, and the marks never compressed in
 * vertical text.  The demo-wide properties are in test_layout.c.
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
#include "render/engine.h"
#include "layout/layout.h"
#include "text/text.h"

static const char *src_dir(void)
{
    const char *d = getenv("BL_SOURCE_DIR");
    return d ? d : ".";
}

/* Lays out `body` as vertical text at 40 px in a frame 30 em tall with
 * the given body face.  *ep is the caller's. */
static bl_doc *lay_v(bl_engine **ep, const char *family, const char *body)
{
    bl_engine_opts o;
    bl_article *a = NULL;
    bl_doc *doc = NULL;
    bl_err err;
    bl_layout_opts lo;
    char buf[4096];
    memset(&o, 0, sizeof o);
    o.data_dir = src_dir();
    o.width = 1600;
    o.height = 30 * 40 + 20;
    o.body_px = 40;
    o.margin_px = 10;
    o.body_family = family;
    if (bl_engine_create(&o, ep, &err))
        fail_msg("%s", err.msg);
    snprintf(buf, sizeof buf, "title: 竖\n\n%s\n", body);
    if (bl_article_parse("test", buf, strlen(buf), &a, &err))
        fail_msg("%s", err.msg);
    lo = *bl_engine_layout_opts(*ep);
    lo.mode = BL_MODE_VERTICAL;
    if (bl_layout_article(a, &lo, &doc, &err))
        fail_msg("%s", err.msg);
    bl_article_destroy(a);
    return doc;
}

/* The first body column's glyphs. */
static const bl_pglyph *body_glyphs(const bl_doc *doc, size_t *n)
{
    size_t i;
    for (i = 0; i < doc->pages[0].nlines; i++) {
        const bl_pline *ln = &doc->pages[0].lines[i];
        if (ln->para == 0) {
            *n = ln->gn;
            return &doc->pages[0].glyphs[ln->g0];
        }
    }
    fail_msg("no body column");
    return NULL;
}

static const bl_pglyph *find_cp(const bl_pglyph *g, size_t n, uint32_t cp, size_t nth)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (g[i].cp == cp && nth-- == 0)
            return &g[i];
    fail_msg("U+%04X not laid out", (unsigned)cp);
    return NULL;
}

/* The centre of a glyph's ink relative to the centre of its cell, in px
 * (x right, y down). */
static void ink_offset(const bl_doc *doc, const bl_pglyph *g, double *dx, double *dy)
{
    int32_t box[4];
    const bl_font *f = doc->fonts[g->style];
    int em = bl_font_px(f) * 64;
    assert_true(bl_font_glyph_ink(f, g->face, g->gid, box));
    *dx = ((g->ox + (box[0] + box[2]) / 2) - (g->x + em / 2)) / 64.0;
    *dy = ((g->oy + (box[1] + box[3]) / 2) - (g->y + g->advance / 2)) / 64.0;
}

static void vertical_forms(const char *family)
{
    /* 会“议”，好。是、对——不……行 */
    bl_engine *e;
    bl_doc *doc = lay_v(&e, family, "会“议”，好。是、对——不……行");
    size_t n;
    const bl_pglyph *g = body_glyphs(doc, &n);
    static const uint32_t forms[] = {0x201C, 0x201D, 0xFF0C, 0x3002, 0x3001, 0x2014, 0x2026};
    size_t i;
    double dx, dy;

    for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        const bl_pglyph *p = find_cp(g, n, forms[i], 0);
        if (!(p->flags & BL_GLYPH_VERT))
            fail_msg("%s: U+%04X has no vertical form", family, (unsigned)forms[i]);
        assert_int_equal(p->orient, BL_ORIENT_UPRIGHT);
    }
    /* ，。、 sit in the upper right of their cells */
    for (i = 2; i < 5; i++) {
        const bl_pglyph *p = find_cp(g, n, forms[i], 0);
        ink_offset(doc, p, &dx, &dy);
        if (!(dx > 4 && dy < -4))
            fail_msg("%s: U+%04X ink is %.1f px right, %.1f px down of its cell's centre", family,
                     (unsigned)forms[i], dx, dy);
    }
    /* —— is one 2-em glyph; …… two 1-em glyphs, each a vertical form */
    {
        const bl_pglyph *d = find_cp(g, n, 0x2014, 0);
        assert_int_equal(d->advance, 80 * 64);
        assert_int_equal(d[1].cp, 0x4E0D); /* 不 follows: the second — has no glyph of its own */
        assert_int_equal(d[1].y, d->y + d->advance);
    }
    bl_doc_destroy(doc);
    bl_engine_destroy(e);
}

static void test_vertical_forms_sans(void **state)
{
    (void)state;
    vertical_forms("Noto Sans CJK SC");
}

static void test_vertical_forms_serif(void **state)
{
    (void)state;
    vertical_forms("Noto Serif CJK SC");
}

static void test_tate_chu_yoko(void **state)
{
    /* 3月13日: 3 upright, 13 across one cell, 日 one em below it */
    bl_engine *e;
    bl_doc *doc = lay_v(&e, "Noto Serif CJK SC", "定于3月13日下午第100次开会");
    size_t n;
    const bl_pglyph *g = body_glyphs(doc, &n);
    const bl_pglyph *three = find_cp(g, n, '3', 0), *one = find_cp(g, n, '1', 0);
    const bl_pglyph *thr2 = find_cp(g, n, '3', 1), *ri = find_cp(g, n, 0x65E5, 0);
    const bl_pglyph *h1 = find_cp(g, n, '1', 1);
    (void)state;
    assert_int_equal(three->orient, BL_ORIENT_UPRIGHT);
    assert_int_equal(one->orient, BL_ORIENT_TCY);
    assert_int_equal(thr2->orient, BL_ORIENT_TCY);
    assert_int_equal(one->y, thr2->y);       /* one cell */
    assert_true(thr2->ox > one->ox);         /* side by side, left to right */
    assert_int_equal(ri->y, one->y + 40 * 64); /* the cell is one em */
    /* the two digits are centred in the column and fit one em */
    {
        int32_t cx = one->x + 20 * 64;
        int32_t left = one->ox, right = thr2->ox + 20 * 64; /* hwid digits are half an em */
        assert_true(left >= one->x - 64 && right <= one->x + 40 * 64 + 64);
        assert_true(abs((left + right) / 2 - cx) <= 2 * 64);
        assert_int_equal(one->scale, 1024);
    }
    /* three digits share one cell too, narrowed to fit */
    assert_int_equal(h1->orient, BL_ORIENT_TCY);
    assert_true(h1->scale < 1024 && h1->scale >= 600);
    bl_doc_destroy(doc);
    bl_engine_destroy(e);
}

static void test_rotated_latin_and_years(void **state)
{
    /* A Latin word and a four-digit year are set sideways (rotated 90°
     * clockwise): documented choice for 2026年.  A single letter and a
     * short acronym stand upright. */
    bl_engine *e;
    bl_doc *doc = lay_v(&e, "Noto Serif CJK SC", "用HarfBuzz排于2026年，A座GDP");
    size_t n, i;
    const bl_pglyph *g = body_glyphs(doc, &n);
    const bl_pglyph *hh = find_cp(g, n, 'H', 0), *zz = find_cp(g, n, 'z', 1);
    const bl_pglyph *y2 = find_cp(g, n, '2', 0), *y6 = find_cp(g, n, '6', 0);
    const bl_pglyph *a = find_cp(g, n, 'A', 0), *gd = find_cp(g, n, 'G', 0);
    (void)state;
    for (i = 0; i < n; i++)
        if (g[i].cp >= 'a' && g[i].cp <= 'z')
            assert_int_equal(g[i].orient, BL_ORIENT_ROTATED);
    assert_int_equal(hh->orient, BL_ORIENT_ROTATED);
    assert_true(zz->y > hh->y);
    /* a rotated word is proportional: shorter than one em a letter */
    assert_true(zz->y + zz->advance - hh->y < 8 * 40 * 64);
    assert_int_equal(y2->orient, BL_ORIENT_ROTATED);
    assert_int_equal(y6->orient, BL_ORIENT_ROTATED);
    assert_int_equal(a->orient, BL_ORIENT_UPRIGHT);
    assert_int_equal(a->advance, 40 * 64); /* full-width form */
    assert_int_equal(gd->orient, BL_ORIENT_UPRIGHT);
    bl_doc_destroy(doc);
    bl_engine_destroy(e);
}

static void test_rotated_url(void **state)
{
    /* A web address is one Western run: its ':' '/' '.' turn with its
     * letters instead of standing upright between them. */
    bl_engine *e;
    bl_doc *doc = lay_v(&e, "Noto Serif CJK SC", "详见https://bl.example/a-b_c?x=1。");
    size_t n, i, ascii = 0;
    const bl_pglyph *g = body_glyphs(doc, &n);
    (void)state;
    for (i = 0; i < n; i++) {
        if (g[i].cp > 0x20 && g[i].cp < 0x7F) {
            ascii++;
            if (g[i].orient != BL_ORIENT_ROTATED)
                fail_msg("'%c' of the address is not rotated", (char)g[i].cp);
        }
    }
    assert_int_equal(ascii, strlen("https://bl.example/a-b_c?x=1"));
    assert_int_equal(find_cp(g, n, 0x3002, 0)->orient, BL_ORIENT_UPRIGHT);
    bl_doc_destroy(doc);
    bl_engine_destroy(e);
}

static void test_no_compression_of_colon_marks(void **state)
{
    /* In vertical text ：；？！ keep their full em even beside a closing
     * quote, while ，before “ is compressed. */
    bl_engine *e;
    bl_doc *doc = lay_v(&e, "Noto Sans CJK SC", "他说：“好！”又问，“行？”");
    size_t n;
    const bl_pglyph *g = body_glyphs(doc, &n);
    (void)state;
    assert_int_equal(find_cp(g, n, 0xFF1A, 0)->advance, 40 * 64);
    assert_int_equal(find_cp(g, n, 0xFF01, 0)->advance, 40 * 64);
    assert_int_equal(find_cp(g, n, 0xFF1F, 0)->advance, 40 * 64);
    assert_int_equal(find_cp(g, n, 0xFF0C, 0)->advance, 20 * 64);
    bl_doc_destroy(doc);
    bl_engine_destroy(e);
}

static void test_headline_columns_at_right(void **state)
{
    /* Page 1: the title is the first (rightmost) column, in the title
     * face and larger than the body; body columns follow leftwards. */
    bl_engine *e;
    bl_doc *doc = lay_v(&e, "Noto Serif CJK SC", "正文第一段。");
    const bl_page *pg = &doc->pages[0];
    size_t i;
    int32_t title_x = -1, body_x = -1;
    (void)state;
    for (i = 0; i < pg->nlines; i++) {
        if (pg->lines[i].para == BL_PARA_TITLE && title_x < 0)
            title_x = pg->lines[i].x;
        if (pg->lines[i].para == 0 && body_x < 0)
            body_x = pg->lines[i].x;
    }
    assert_true(title_x > body_x);
    assert_true(pg->lines[0].para == BL_PARA_TITLE);
    assert_true(pg->lines[0].w > pg->lines[pg->nlines - 1].w); /* larger type */
    assert_true(title_x + pg->lines[0].w >= (1600 - 10 - 1) * 64);
    bl_doc_destroy(doc);
    bl_engine_destroy(e);
}

/* Signs and superscripts go with their number down a column: the minus
 * of -5℃ shares the 縦中横 cell of its digit (it would read as 一
 * standing upright), -18 too, narrowed; ±0.5 and +8.6% turn with their
 * digits; the ² of 12m² turns with its run, not upright after it. */
static void test_signs_and_superscripts(void **state)
{
    bl_engine *e;
    bl_doc *doc = lay_v(&e, "Noto Sans CJK SC", "低至-5℃，冰袋-18℃，差±0.5毫米，增+8.6%，面积12m²。");
    size_t n;
    const bl_pglyph *g = body_glyphs(doc, &n);
    const bl_pglyph *m1 = find_cp(g, n, '-', 0), *five = find_cp(g, n, '5', 0),
                    *c1 = find_cp(g, n, 0x2103, 0);
    const bl_pglyph *m2 = find_cp(g, n, '-', 1), *pm = find_cp(g, n, 0xB1, 0), *plus = find_cp(g, n, '+', 0);
    const bl_pglyph *sq = find_cp(g, n, 0xB2, 0), *em = find_cp(g, n, 'm', 0);
    (void)state;
    assert_int_equal(m1->orient, BL_ORIENT_TCY);
    assert_int_equal(five->orient, BL_ORIENT_TCY);
    assert_int_equal(m1->y, five->y);         /* one cell */
    assert_true(five->ox > m1->ox);           /* the sign left of its digit */
    assert_int_equal(c1->y, m1->y + 40 * 64); /* ℃ one em below */
    assert_int_equal(m2->orient, BL_ORIENT_TCY);
    assert_true(m2->scale < 1024);
    assert_int_equal(pm->orient, BL_ORIENT_ROTATED);
    assert_int_equal(plus->orient, BL_ORIENT_ROTATED);
    assert_int_equal(em->orient, BL_ORIENT_ROTATED);
    assert_int_equal(sq->orient, BL_ORIENT_ROTATED);
    assert_true(sq->y > em->y && sq->y < em->y + 40 * 64); /* right after m, along the run */
    bl_doc_destroy(doc);
    bl_engine_destroy(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vertical_forms_sans),
        cmocka_unit_test(test_vertical_forms_serif),
        cmocka_unit_test(test_tate_chu_yoko),
        cmocka_unit_test(test_rotated_latin_and_years),
        cmocka_unit_test(test_no_compression_of_colon_marks),
        cmocka_unit_test(test_headline_columns_at_right),
        cmocka_unit_test(test_rotated_url),
        cmocka_unit_test(test_signs_and_superscripts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
