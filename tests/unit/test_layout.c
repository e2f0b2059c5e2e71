/*
 * test_layout.c - properties a reader would notice, checked over the four
 * demo articles and a Traditional one (tests/data) at several measures, and the typesetting rules one by one:
 * 禁则 at every line start and end, justified lines that fill the measure,
 * every character once and in order, punctuation compression, push-in
 * before push-out, no one-character last line, face lookup by name.
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

static const char *const demo_files[] = {
    "assets/articles/2026-03-13-01-fengtai-cadres-meeting.txt",
    "assets/articles/2026-03-14-02-talent-education-ecosystem.txt",
    "assets/articles/2026-03-14-03-spring-greenway-parks.txt",
    "assets/articles/2026-03-14-04-civilized-city-inspection.txt",
    "tests/data/hant-community-notice.txt", /* lang: zh-Hant, in the TC faces */
    "tests/data/numbers-notice.txt",        /* times, signs, units, fractions, prices */
};

static const char *src_dir(void)
{
    const char *d = getenv("BL_SOURCE_DIR");
    return d ? d : ".";
}

static bl_engine *engine_for(int w, int h, int font_px, int margin)
{
    bl_engine_opts o;
    bl_engine *e = NULL;
    bl_err err;
    memset(&o, 0, sizeof o);
    o.data_dir = src_dir();
    o.width = w;
    o.height = h;
    o.body_px = font_px;
    o.margin_px = margin;
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

static bl_article *article_of(const char *title, const char *body)
{
    char buf[8192];
    bl_article *a = NULL;
    bl_err err;
    snprintf(buf, sizeof buf, "title: %s\n\n%s\n", title, body);
    if (bl_article_parse("test", buf, strlen(buf), &a, &err))
        fail_msg("%s", err.msg);
    return a;
}

static uint32_t *decode(const char *s, size_t *n)
{
    uint32_t *cps;
    assert_int_equal(bl_utf8_decode(s, strlen(s), &cps, n, NULL, NULL), BL_OK);
    return cps;
}

/* ---- number units, recognised here on their own terms (not through
 * text.c) so the property below checks the breaker ---- */

static bool t_digit(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) || c == 0xB2 || c == 0xB3 || c == 0xB9 ||
           c == 0x2070 || (c >= 0x2074 && c <= 0x2079);
}

static bool t_in(uint32_t c, const uint32_t *set)
{
    for (; *set; set++)
        if (*set == c)
            return true;
    return false;
}

/* + - ± − ¥ ￥ $ £ € # № ＋ － */
static const uint32_t t_signs[] = {'+',  '-',    0xB1, 0x2212, 0xA5,   0xFFE5, '$',
                                   0xA3, 0x20AC, '#',  0x2116, 0xFF0B, 0xFF0D, 0};
/* . , : / - × ÷ ∶ － ． ／ ： */
static const uint32_t t_seps[] = {'.',    ',',    ':',    '/',    '-',    0xD7, 0xF7,
                                  0x2236, 0xFF0D, 0xFF0E, 0xFF0F, 0xFF1A, 0};
/* ℃ ℉ % ％ ‰ ‱ ° ′ ″ ﹪ */
static const uint32_t t_units[] = {0x2103, 0x2109, '%',    0xFF05, 0x2030, 0x2031,
                                   0xB0,   0x2032, 0x2033, 0xFE6A, 0};

static bool t_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* True when a line break before cps[k] would split a number unit: signs
 * and prefixes, digits joined by separators, and the unit after them
 * (-5℃ 17:00 1/2 3×4 +8.6% ￥12.50 25km/h 12m²), or No.5. */
static bool splits_number(const uint32_t *c, size_t n, size_t k)
{
    size_t i = 0;
    if (k == 0 || k >= n)
        return false;
    if (c[k - 1] == '.' && t_digit(c[k]) && k >= 2 && t_letter(c[k - 2]))
        return true; /* No.|5 */
    while (i < k) {
        size_t j = i;
        while (j < n && t_in(c[j], t_signs))
            j++;
        if (j < n && t_digit(c[j])) {
            for (;;) {
                while (j < n && t_digit(c[j]))
                    j++;
                if (j + 1 < n && t_in(c[j], t_seps) && t_digit(c[j + 1]))
                    j++;
                else
                    break;
            }
            while (j < n && (t_in(c[j], t_units) || t_letter(c[j]) || t_digit(c[j]) ||
                             (c[j] == '/' && t_letter(c[j - 1]) && j + 1 < n && t_letter(c[j + 1]))))
                j++;
            if (k < j)
                return true;
            i = j;
        } else {
            i++;
        }
    }
    return false;
}

/* The unit a break before k splits, for a failure message. */
static const char *unit_around(const uint32_t *c, size_t n, size_t k, char *buf)
{
    size_t s = k > 6 ? k - 6 : 0, e = k + 6 < n ? k + 6 : n, i;
    char *o = buf;
    for (i = s; i < e; i++) {
        if (i == k)
            *o++ = '|';
        o += bl_utf8_encode(c[i], o);
    }
    *o = '\0';
    return buf;
}

/* Position along the line: x in horizontal text, y down a column. */
static int32_t along(const bl_doc *doc, const bl_pglyph *g)
{
    return doc->mode == BL_MODE_VERTICAL ? g->y : g->x;
}

/* Checks every property on one layout; returns the number of lines. */
static size_t check_properties(const bl_article *a, const bl_doc *doc, const bl_layout_opts *o)
{
    size_t pi, li, gi, nlines = 0;
    long cur_para = -1;
    uint32_t next_start = 0;
    size_t next_cp = 0;
    uint32_t *cps = NULL;
    size_t ncps = 0;
    bool vertical = doc->mode == BL_MODE_VERTICAL;
    /* where every justified line must end: the right margin, or the
     * bottom margin for columns */
    int32_t line_end = vertical ? (o->height - o->margin_bottom) * 64 : (o->width - o->margin_right) * 64;
    int32_t em = bl_font_px(o->fonts[BL_STYLE_BODY]) * 64;

    for (pi = 0; pi < doc->npages; pi++) {
        const bl_page *pg = &doc->pages[pi];
        int32_t prev_x = INT32_MAX;
        for (li = 0; li < pg->nlines; li++) {
            const bl_pline *ln = &pg->lines[li];
            const bl_pglyph *first, *last;
            if (ln->para == BL_PARA_HEAD)
                continue;
            if (vertical) {
                /* columns run strictly right to left, headline first */
                if (ln->x >= prev_x)
                    fail_msg("page %zu column %zu at x %.1f is not left of the one before (%.1f)", pi + 1, li,
                             ln->x / 64.0, prev_x / 64.0);
                prev_x = ln->x;
            }
            if (ln->para < 0)
                continue;
            nlines++;
            if (ln->para != cur_para) {
                /* the previous paragraph was used up entirely */
                if (cps) {
                    while (next_cp < ncps && bl_text_class(cps[next_cp]) == BL_CC_SPACE)
                        next_cp++;
                    assert_int_equal(next_cp, ncps);
                }
                assert_int_equal(ln->para, cur_para + 1);
                cur_para = ln->para;
                free(cps);
                cps = decode(a->paras[cur_para], &ncps);
                next_start = 0;
                next_cp = 0;
            }
            /* lines continue where the last ended (spaces between them) */
            while (next_start < ln->start && bl_text_class(cps[next_start]) == BL_CC_SPACE)
                next_start++;
            assert_int_equal(ln->start, next_start);
            /* no number split across the line end before this line */
            if (ln->start > 0 && bl_text_class(cps[ln->start - 1]) != BL_CC_SPACE &&
                splits_number(cps, ncps, ln->start)) {
                char ctx[64];
                fail_msg("page %zu line %zu (para %d) splits a number: %s", pi + 1, li, ln->para,
                         unit_around(cps, ncps, ln->start, ctx));
            }
            next_start = ln->end;
            assert_true(ln->gn > 0);
            first = &pg->glyphs[ln->g0];
            last = &pg->glyphs[ln->g0 + ln->gn - 1];
            /* 禁则 */
            if (bl_text_no_start(first->cp, o->kinsoku))
                fail_msg("page %zu line %zu starts with U+%04X", pi + 1, li, (unsigned)first->cp);
            if (bl_text_no_end(last->cp, o->kinsoku))
                fail_msg("page %zu line %zu ends with U+%04X", pi + 1, li, (unsigned)last->cp);
            /* justified lines fill the measure to within 1 px, measured
             * from the glyph cells, not from the line box */
            if (ln->justified) {
                int32_t end = along(doc, last) + last->advance;
                assert_true(along(doc, first) == (vertical ? ln->y : ln->x));
                if (end < line_end - 64 || end > line_end + 64)
                    fail_msg("page %zu line %zu ends at %.2f px, the measure ends at %.2f", pi + 1, li, end / 64.0,
                             line_end / 64.0);
            } else {
                /* a line that is not justified never overflows */
                if (along(doc, last) + last->advance > line_end + 64)
                    fail_msg("page %zu line %zu (para %d, %u..%u) overflows to %.2f px, the measure ends at %.2f",
                             pi + 1, li, ln->para, (unsigned)ln->start, (unsigned)ln->end,
                             (along(doc, last) + last->advance) / 64.0, line_end / 64.0);
            }
            /* cells never overlap and run along the line (the digits of a
             * 縦中横 cell share one cell) */
            for (gi = ln->g0 + 1; gi < ln->g0 + ln->gn; gi++) {
                const bl_pglyph *g = &pg->glyphs[gi], *h = &pg->glyphs[gi - 1];
                if (g->orient == BL_ORIENT_TCY && h->orient == BL_ORIENT_TCY && g->y == h->y)
                    continue;
                assert_true(along(doc, g) >= along(doc, h) + h->advance - 1);
            }
            /* every character once and in order */
            for (gi = ln->g0; gi < ln->g0 + ln->gn; gi++) {
                while (next_cp < ncps && bl_text_class(cps[next_cp]) == BL_CC_SPACE)
                    next_cp++;
                assert_true(next_cp < ncps);
                if (pg->glyphs[gi].cp != cps[next_cp])
                    fail_msg("para %d: glyph U+%04X where U+%04X was expected (offset %zu)", ln->para,
                             (unsigned)pg->glyphs[gi].cp, (unsigned)cps[next_cp], next_cp);
                {
                    /* an emoji sequence (👨‍👩‍👧 👍🏽 🇨🇳 1️⃣) is one glyph */
                    bool emoji;
                    size_t end = bl_text_cluster_end(cps, ncps, next_cp, &emoji);
                    next_cp = emoji ? end : next_cp + 1;
                }
                /* a cluster of several characters has one glyph */
                while (next_cp < ncps && next_cp < ln->end && (gi + 1 == ln->g0 + ln->gn) &&
                       bl_text_class(cps[next_cp]) != BL_CC_SPACE)
                    next_cp++;
            }
            assert_true((vertical ? ln->w : ln->h) == em);
        }
    }
    assert_int_equal((size_t)(cur_para + 1), a->npara);
    free(cps);
    return nlines;
}

static void demo_properties(bl_mode mode)
{
    static const int frames[][4] = {
        /* w, h, font px, margin */
        {1920, 1080, 0, -1}, {1080, 1920, 0, -1}, {1280, 720, 0, -1},  {1024, 600, 0, -1},
        {800, 480, 0, -1},   {800, 480, 24, 16},  {1920, 1080, 56, 0}, {600, 1000, 37, 23},
    };
    size_t f, i, total = 0;
    for (f = 0; f < sizeof frames / sizeof frames[0]; f++) {
        bl_engine *e = engine_for(frames[f][0], frames[f][1], frames[f][2], frames[f][3]);
        for (i = 0; i < sizeof demo_files / sizeof demo_files[0]; i++) {
            bl_article *a = load(demo_files[i]);
            bl_doc *doc = NULL;
            bl_err err;
            bl_layout_opts lo = *bl_engine_layout_opts(e);
            lo.mode = mode;
            if (bl_layout_article(a, &lo, &doc, &err))
                fail_msg("%s: %s", demo_files[i], err.msg);
            total += check_properties(a, doc, &lo);
            bl_doc_destroy(doc);
            bl_article_destroy(a);
        }
        bl_engine_destroy(e);
    }
    assert_true(total > 500);
}

/* A community notice with emoji (🎉 📅 ☎️ 👨‍👩‍👧 👍🏽 🇨🇳 1️⃣) and
 * Extension B names (𠮷野家, 𨋢口街) passes every property in both modes
 * at three frame sizes, with no box, every emoji drawn by the colour face
 * and upright down a column. */
static void test_emoji_notice_properties(void **state)
{
    static const int frames[][2] = {{1920, 1080}, {1080, 1920}, {800, 480}};
    size_t f, m, pi, gi, emoji = 0;
    (void)state;
    for (f = 0; f < sizeof frames / sizeof frames[0]; f++) {
        bl_engine *e = engine_for(frames[f][0], frames[f][1], 0, -1);
        for (m = 0; m < 2; m++) {
            bl_article *a = load("tests/data/emoji/notice.txt");
            bl_doc *doc = NULL;
            bl_err err;
            bl_layout_opts lo = *bl_engine_layout_opts(e);
            lo.mode = m ? BL_MODE_VERTICAL : BL_MODE_HORIZONTAL;
            if (bl_layout_article(a, &lo, &doc, &err))
                fail_msg("notice: %s", err.msg);
            check_properties(a, doc, &lo);
            for (pi = 0; pi < doc->npages; pi++)
                for (gi = 0; gi < doc->pages[pi].nglyphs; gi++) {
                    const bl_pglyph *g = &doc->pages[pi].glyphs[gi];
                    const char *fam = bl_face_family(bl_font_face(doc->fonts[g->style], g->face));
                    if (g->flags & BL_GLYPH_MISSING)
                        fail_msg("%dx%d %s: U+%04X is a box", frames[f][0], frames[f][1], m ? "vertical" : "horizontal",
                                 (unsigned)g->cp);
                    if (bl_text_is_emoji(g->cp)) {
                        emoji++;
                        if (strcmp(fam, "Noto Color Emoji"))
                            fail_msg("U+%04X drawn by %s", (unsigned)g->cp, fam);
                        assert_int_equal(g->orient, BL_ORIENT_UPRIGHT);
                    }
                }
            bl_doc_destroy(doc);
            bl_article_destroy(a);
        }
        bl_engine_destroy(e);
    }
    assert_true(emoji >= 6 * 10); /* the ten default emoji of the notice, six times */
}

/* The numbers notice at every measure from 10 to 40 em (and a half em
 * more), in rows and in columns, at every level (clreq and CSS): each time,
 * clock times, fractions, signed and priced numbers and units meet a line
 * end at another offset, and none is ever split (check_properties).  Below
 * 10 em its longest unit (the phone number 010-63812345, about 8 em set
 * sideways with its gaps) no longer fits a line and must be split. */
static void test_numbers_every_offset(void **state)
{
    bl_engine *e = engine_for(1920, 1080, 32, 8);
    bl_article *a = load("tests/data/numbers-notice.txt");
    int half, ems, m, kin;
    size_t lines = 0;
    (void)state;
    for (m = 0; m < 2; m++)
        for (ems = 10; ems <= 40; ems++)
            for (half = 0; half < 2; half++)
                for (kin = BL_KINSOKU_NONE; kin <= BL_KINSOKU_CSS_STRICT; kin++) {
                    bl_layout_opts lo = *bl_engine_layout_opts(e);
                    bl_doc *doc = NULL;
                    bl_err err;
                    int len = ems * 32 + half * 16;
                    lo.mode = m ? BL_MODE_VERTICAL : BL_MODE_HORIZONTAL;
                    lo.kinsoku = (bl_kinsoku)kin;
                    if (m)
                        lo.height = len + lo.margin_top + lo.margin_bottom;
                    else
                        lo.width = len + lo.margin_left + lo.margin_right;
                    if (bl_layout_article(a, &lo, &doc, &err))
                        fail_msg("numbers at %d em: %s", ems, err.msg);
                    lines += check_properties(a, doc, &lo);
                    bl_doc_destroy(doc);
                }
    assert_true(lines > 5000);
    bl_article_destroy(a);
    bl_engine_destroy(e);
}

static void test_demo_properties(void **state)
{
    (void)state;
    demo_properties(BL_MODE_HORIZONTAL);
}

static void test_demo_properties_vertical(void **state)
{
    (void)state;
    demo_properties(BL_MODE_VERTICAL);
}

/* Lays out one paragraph in a measure of `ems` body ems at 40 px. */
static bl_doc *lay(bl_engine **ep, const char *body, int ems)
{
    int w = ems * 40 + 2 * 10;
    bl_article *a = article_of("测", body);
    bl_doc *doc = NULL;
    bl_err err;
    *ep = engine_for(w, 2000, 40, 10);
    if (bl_layout_article(a, bl_engine_layout_opts(*ep), &doc, &err))
        fail_msg("%s", err.msg);
    bl_article_destroy(a);
    return doc;
}

/* The body lines of page 1 (the headline block comes first). */
static const bl_pline *body_line(const bl_doc *doc, size_t k)
{
    size_t i, seen = 0;
    for (i = 0; i < doc->pages[0].nlines; i++)
        if (doc->pages[0].lines[i].para >= 0 && seen++ == k)
            return &doc->pages[0].lines[i];
    fail_msg("no body line %zu", k);
    return NULL;
}

static size_t body_lines(const bl_doc *doc)
{
    size_t i, n = 0;
    for (i = 0; i < doc->pages[0].nlines; i++)
        n += doc->pages[0].lines[i].para >= 0;
    return n;
}

static void test_adjacent_compression(void **state)
{
    /* ，“ and 。” take 1.5 em as a pair: the first mark is set half width
     * with the font's own half-width form (halt). */
    bl_engine *e;
    bl_doc *doc = lay(&e, "他说，“好。”", 20);
    const bl_page *pg = &doc->pages[0];
    const bl_pline *ln = body_line(doc, 0);
    const bl_pglyph *g = &pg->glyphs[ln->g0];
    (void)state;
    assert_int_equal(ln->gn, 7);
    assert_int_equal(g[2].cp, 0xFF0C); /* ， */
    assert_int_equal(g[2].advance, 20 * 64);
    assert_true(g[2].flags & BL_GLYPH_HALF);
    assert_int_equal(g[3].advance, 40 * 64); /* “ keeps its width */
    assert_int_equal(g[4].advance, 40 * 64); /* 好 */
    assert_int_equal(g[5].cp, 0x3002); /* 。 before ” */
    assert_int_equal(g[5].advance, 20 * 64);
    bl_doc_destroy(doc);
    bl_engine_destroy(e);
}

static void test_push_out(void **state)
{
    /* Line 3 of this paragraph would be ten characters and then a comma in
     * a ten-em measure.  The comma may not start a line, and compression
     * saves only half an em (the comma itself), so push-in fails: 十 goes
     * down with the comma (push-out) and line 3's nine characters are
     * stretched to the full measure. */
    bl_engine *e;
    bl_doc *doc = lay(&e, "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未一二三四五六七八九十，天地玄黄", 10);
    const bl_pline *l2 = body_line(doc, 2), *l3 = body_line(doc, 3);
    const bl_pglyph *g2 = &doc->pages[0].glyphs[l2->g0], *g3 = &doc->pages[0].glyphs[l3->g0];
    (void)state;
    assert_int_equal(l2->gn, 9);
    assert_int_equal(g2[8].cp, 0x4E5D); /* 九 */
    assert_true(l2->justified);
    assert_int_equal(g2[8].x + g2[8].advance, (10 + 10 * 40) * 64);
    assert_int_equal(g3[0].cp, 0x5341); /* 十 */
    assert_int_equal(g3[1].cp, 0xFF0C);
    bl_doc_destroy(doc);
    bl_engine_destroy(e);
}

static void test_push_in_exact(void **state)
{
    /* A 10-em line: 2-em indent + 8 characters fill it; the 9th unit is
     * "九。".  Natural width 10 em; with 。 at the line end compressible
     * to half, and another mark (、) in the line, 10 em - 0 = fits?  Use a
     * case that needs compression: indent 2 + 8 chars + "。" = 11 em, the
     * line has two compressible marks (、 and the final 。) saving 1 em. */
    bl_engine *e;
    bl_doc *doc = lay(&e, "一二三、五六七八。甲乙丙丁戊己庚辛壬癸", 10);
    const bl_pline *l0 = body_line(doc, 0);
    const bl_pglyph *g = &doc->pages[0].glyphs[l0->g0];
    (void)state;
    assert_int_equal(l0->gn, 9); /* 一二三、五六七八。 all on line 1 */
    assert_int_equal(g[8].cp, 0x3002);
    assert_true(l0->justified);
    assert_int_equal(g[8].x + g[8].advance, (10 + 10 * 40) * 64);
    bl_doc_destroy(doc);
    bl_engine_destroy(e);
}

static void test_no_orphan(void **state)
{
    /* 2-em indent + 8 = one full line of 10 em; a 9th character alone on
     * the last line is avoided. */
    bl_engine *e;
    bl_doc *doc = lay(&e, "一二三四五六七八九", 10);
    size_t n = body_lines(doc);
    const bl_pline *last = body_line(doc, n - 1);
    (void)state;
    assert_true(last->gn >= 2 || n == 1);
    bl_doc_destroy(doc);
    bl_engine_destroy(e);
    doc = lay(&e, "一二三四五六七八甲乙丙丁戊己庚辛壬癸九", 10);
    n = body_lines(doc);
    assert_true(body_line(doc, n - 1)->gn >= 2);
    bl_doc_destroy(doc);
    bl_engine_destroy(e);
}

static void test_line_start_open_mark(void **state)
{
    /* An opening quote at the start of a line (not the paragraph's first)
     * loses its blank half, so the quote's ink sits at the margin. */
    bl_engine *e;
    bl_doc *doc = lay(&e, "甲乙丙丁戊己庚辛“壬癸”子丑寅卯", 10);
    const bl_pline *l1 = body_line(doc, 1);
    const bl_pglyph *g = &doc->pages[0].glyphs[l1->g0];
    (void)state;
    assert_int_equal(g->cp, 0x201C);
    assert_true(g->flags & BL_GLYPH_HALF);
    assert_int_equal(g->advance, 20 * 64);
    bl_doc_destroy(doc);
    bl_engine_destroy(e);
}

static void test_never_split_units(void **state)
{
    /* —— and 13日 and a Latin word never straddle a line end, whatever the
     * measure. */
    int ems;
    (void)state;
    for (ems = 6; ems <= 14; ems++) {
        bl_engine *e;
        bl_doc *doc = lay(&e, "会议在3月13日召开——大家用HarfBuzz排版，涨了12.5%，又说……好吧", ems);
        size_t i, n = body_lines(doc);
        for (i = 0; i + 1 < n; i++) {
            const bl_pline *a = body_line(doc, i), *b = body_line(doc, i + 1);
            uint32_t x = doc->pages[0].glyphs[a->g0 + a->gn - 1].cp, y = doc->pages[0].glyphs[b->g0].cp;
            assert_false(x == 0x2014 && y == 0x2014);
            assert_false(x == 0x2026 && y == 0x2026);
            assert_false(bl_text_class(x) == BL_CC_DIGIT && (y == 0x65E5 || y == 0x6708 || bl_text_class(y) == BL_CC_DIGIT));
            assert_false(bl_text_class(x) == BL_CC_LATIN && bl_text_class(y) == BL_CC_LATIN);
            assert_false(bl_text_class(x) == BL_CC_DIGIT && y == '%');
        }
        bl_doc_destroy(doc);
        bl_engine_destroy(e);
    }
}

/* The web-platform-tests' case through the whole layout: 文文文文X字字
 * in a measure of 6 em (the first line holds the 2-em indent and four 文),
 * so X starts the second line where the level allows a break before it,
 * else the last 文 comes down with it; clreq's push-in stays on top (a
 * compressible X is first tried on the first line, and does not fit). */
static void test_css_levels_in_layout(void **state)
{
    static const struct {
        const char *x;
        int allowed; /* bit per level: 1 loose, 2 normal, 4 strict */
    } cases[] = {
        {"々", 1}, {"℃", 1},  {"…", 1},  {"：", 1}, {"！", 1}, {"・", 1},
        {"–", 3},  {"〜", 3}, {"ァ", 3}, {"ー", 3}, {"」", 0}, {"。", 0},
    };
    static const bl_kinsoku levels[] = {BL_KINSOKU_CSS_LOOSE, BL_KINSOKU_CSS_NORMAL, BL_KINSOKU_CSS_STRICT};
    bl_engine *e = engine_for(6 * 40 + 20, 2000, 40, 10);
    size_t i, l;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (l = 0; l < 3; l++) {
            char body[64];
            bl_article *a;
            bl_doc *doc = NULL;
            bl_err err;
            bl_layout_opts lo = *bl_engine_layout_opts(e);
            uint32_t want, got;
            size_t n;
            uint32_t *xc = decode(cases[i].x, &n);
            snprintf(body, sizeof body, "文文文文%s字字", cases[i].x);
            a = article_of("测", body);
            lo.kinsoku = levels[l];
            if (bl_layout_article(a, &lo, &doc, &err))
                fail_msg("%s", err.msg);
            got = doc->pages[0].glyphs[body_line(doc, 1)->g0].cp;
            want = (cases[i].allowed >> l) & 1 ? xc[0] : 0x6587; /* X, or 文 */
            if (got != want)
                fail_msg("%s at %s: line 2 starts with U+%04X, want U+%04X", body, bl_kinsoku_name(levels[l]),
                         (unsigned)got, (unsigned)want);
            check_properties(a, doc, &lo);
            free(xc);
            bl_doc_destroy(doc);
            bl_article_destroy(a);
        }
    bl_engine_destroy(e);
}

static void test_faces_by_name(void **state)
{
    bl_engine *e = engine_for(1920, 1080, 40, -1);
    const bl_layout_opts *o = bl_engine_layout_opts(e);
    const bl_face *body = bl_font_face(o->fonts[BL_STYLE_BODY], 0);
    const bl_face *title = bl_font_face(o->fonts[BL_STYLE_TITLE], 0);
    (void)state;
    assert_string_equal(bl_face_family(body), "Noto Serif CJK SC");
    assert_string_equal(bl_face_family(title), "Noto Sans CJK SC");
    /* the SC face of the collection is not its first face */
    assert_int_not_equal(bl_face_index(body), 0);
    assert_true(strstr(bl_face_path(title), "Bold") != NULL);
    bl_engine_destroy(e);
}

static int warned;
static void sink(void *user, bl_log_level lvl, const char *tag, const char *line)
{
    (void)user;
    (void)tag;
    if (lvl == BL_LOG_WARN && strstr(line, "U+17000"))
        warned++;
}

static void test_missing_glyph_box(void **state)
{
    /* No face of the chain has U+17000 (Tangut; 🧙 U+1F9D9 is an emoji
     * now): it is laid out as a visible box and a warning names it; its
     * neighbours are unaffected. */
    bl_engine *e;
    bl_doc *doc;
    const bl_pline *l0;
    const bl_pglyph *g;
    (void)state;
    bl_log_set_sink(sink, NULL);
    doc = lay(&e, "魔\xF0\x97\x80\x80法", 10);
    bl_log_set_sink(NULL, NULL);
    l0 = body_line(doc, 0);
    g = &doc->pages[0].glyphs[l0->g0];
    assert_int_equal(l0->gn, 3);
    assert_true(g[1].flags & BL_GLYPH_MISSING);
    assert_false(g[0].flags & BL_GLYPH_MISSING);
    assert_int_equal(warned, 1);
    bl_doc_destroy(doc);
    bl_engine_destroy(e);
}

static void test_pagination(void **state)
{
    /* Article 2 at 1920x1080 runs to several pages: page 1 holds the
     * headline block, later pages a running head with x/n. */
    bl_engine *e = engine_for(1920, 1080, 0, -1);
    bl_article *a = load(demo_files[1]);
    bl_doc *doc = NULL;
    bl_err err;
    size_t p, i;
    (void)state;
    assert_int_equal(bl_layout_article(a, bl_engine_layout_opts(e), &doc, &err), BL_OK);
    assert_true(doc->npages >= 2);
    assert_int_equal(doc->pages[0].lines[0].para, BL_PARA_KICKER);
    for (p = 1; p < doc->npages; p++) {
        const bl_page *pg = &doc->pages[p];
        char want[32], got[32] = "";
        size_t gl = 0;
        bool head = false;
        snprintf(want, sizeof want, "%zu/%zu", p + 1, doc->npages);
        for (i = 0; i < pg->nlines; i++) {
            const bl_pline *ln = &pg->lines[i];
            size_t k;
            if (ln->para != BL_PARA_HEAD)
                continue;
            head = true;
            gl = 0;
            for (k = ln->g0; k < ln->g0 + ln->gn && gl < sizeof got - 1; k++)
                got[gl++] = (char)pg->glyphs[k].cp;
            got[gl] = '\0';
        }
        assert_true(head);
        assert_string_equal(got, want); /* the last head line is the number */
        /* the body never reaches into the bottom margin */
        for (i = 0; i < pg->nlines; i++)
            assert_true(pg->lines[i].y + pg->lines[i].h <= (1080 - 43) * 64);
    }
    bl_doc_destroy(doc);
    bl_article_destroy(a);
    bl_engine_destroy(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_emoji_notice_properties),
        cmocka_unit_test(test_demo_properties),     cmocka_unit_test(test_demo_properties_vertical),
        cmocka_unit_test(test_numbers_every_offset),
        cmocka_unit_test(test_css_levels_in_layout),
        cmocka_unit_test(test_adjacent_compression),
        cmocka_unit_test(test_push_out), cmocka_unit_test(test_push_in_exact),
        cmocka_unit_test(test_no_orphan),           cmocka_unit_test(test_line_start_open_mark),
        cmocka_unit_test(test_never_split_units),   cmocka_unit_test(test_faces_by_name),
        cmocka_unit_test(test_missing_glyph_box),   cmocka_unit_test(test_pagination),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
