/*
 * test_qr.c - an article's link as a QR code (issue 11): on the last page
 * only (every page with the theme's qr-every-page), inside the margins,
 * covering no glyph cell or rule, its caption under it, modules of at
 * least 4 px at 1080 lines, in both writing modes at 1920x1080, 1080x1920
 * and 800x480 (where the last page is full, in its corner with the last
 * lines around it, never on a page of its own here); the
 * page rendered to PNG decodes with zbarimg to exactly
 * the link; the body text is set exactly as without a link; an article
 * without a link gets no box and no "boxes" in its layout JSON.
 *
 * The PNGs are written to the working folder (build/tests under ctest) as
 * qr-WxH-MODE[-every].png, for a person to look at too.  zbarimg comes
 * from zbar-tools (toolchain/dev.sh); without it the decoding is skipped
 * with a message, the rest still runs.
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
#include "layout/theme.h"
#include "render/engine.h"
#include "render/image.h"
#include "render/render.h"

#define LINK "https://example.org/news/2026/03/14/greenway?id=42&lang=zh"

/* The longest demo article: several pages on the small frames. */
static const char *const article_file = "assets/articles/2026-03-13-01-fengtai-cadres-meeting.txt";

static const struct {
    int w, h;
} sizes[] = {{1920, 1080}, {1080, 1920}, {800, 480}};

static const char *src_dir(void)
{
    const char *d = getenv("BL_SOURCE_DIR");
    return d ? d : ".";
}

static bl_article *load(const char *link, const char *label)
{
    char path[1024];
    bl_article *a = NULL;
    bl_err err;
    snprintf(path, sizeof path, "%s/%s", src_dir(), article_file);
    if (bl_article_load(path, BL_ARTICLE_MAX_BYTES, &a, &err))
        fail_msg("%s", err.msg);
    a->link = link ? strdup(link) : NULL;
    a->link_label = label ? strdup(label) : NULL;
    return a;
}

static bl_engine *make(int w, int h, bl_mode mode, bool every)
{
    bl_engine_opts o;
    bl_theme t;
    bl_engine *e = NULL;
    bl_err err;
    char path[1024];
    snprintf(path, sizeof path, "%s/assets/theme.ini", src_dir());
    bl_theme_defaults(&t);
    if (bl_theme_load(path, &t, &err))
        fail_msg("%s", err.msg);
    assert_false(t.qr_every_page); /* the bundled theme: last page only */
    t.qr_every_page = every;
    memset(&o, 0, sizeof o);
    o.data_dir = src_dir();
    o.theme = &t;
    o.width = w;
    o.height = h;
    o.margin_px = -1;
    o.mode = mode;
    if (bl_engine_create(&o, &e, &err))
        fail_msg("engine: %s", err.msg);
    return e;
}

static bl_doc *lay(bl_engine *e, const bl_article *a)
{
    bl_doc *doc = NULL;
    bl_err err;
    if (bl_layout_article(a, bl_engine_layout_opts(e), &doc, &err))
        fail_msg("layout: %s", err.msg);
    return doc;
}

typedef struct box {
    int32_t x, y, w, h;
} box;

static bool overlap(box a, box b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static bool inside(box a, const bl_layout_opts *o)
{
    return a.x >= o->margin_left * 64 && a.y >= o->margin_top * 64 && a.x + a.w <= (o->width - o->margin_right) * 64 &&
           a.y + a.h <= (o->height - o->margin_bottom) * 64;
}

/* The cell of glyph g of line ln. */
static box cell(const bl_doc *doc, const bl_pline *ln, const bl_pglyph *g)
{
    if (doc->mode == BL_MODE_VERTICAL && ln->para != BL_PARA_HEAD && ln->para != BL_PARA_CAPTION)
        return (box){g->x, g->y, ln->w, g->advance};
    return (box){g->x, g->y, g->advance, ln->h};
}

/* The QR box, with its caption lines, covers nothing else on page pi and
 * keeps inside the margins; the caption is there and reads want. */
static void check_page(const bl_doc *doc, size_t pi, const bl_layout_opts *o, const char *want_caption)
{
    const bl_page *pg = &doc->pages[pi];
    const bl_pbox *bx = &pg->boxes[0];
    box q = {bx->x, bx->y, bx->w, bx->h};
    char caption[256] = "";
    size_t li, gi, i;
    int shortside = o->width < o->height ? o->width : o->height;

    assert_int_equal(pg->nboxes, 1);
    assert_int_equal(bx->kind, BL_BOX_QR);
    assert_string_equal(bx->text, LINK);
    /* whole pixels, the quiet zone of 4 modules on each side */
    assert_int_equal(bx->x % 64, 0);
    assert_int_equal(bx->y % 64, 0);
    assert_int_equal(bx->w, (bx->n + 8) * bx->module * 64);
    assert_int_equal(bx->h, bx->w);
    /* at least 4 px a module at 1080 lines, and as big for the frame */
    assert_true(bx->module >= 4);
    assert_true(bx->module * 270 >= shortside - 135);
    if (!inside(q, o))
        fail_msg("page %zu: the QR code (%d,%d %dx%d px) leaves the text area", pi + 1, bx->x / 64, bx->y / 64,
                 bx->w / 64, bx->h / 64);
    for (li = 0; li < pg->nlines; li++) {
        const bl_pline *ln = &pg->lines[li];
        for (gi = ln->g0; gi < ln->g0 + ln->gn; gi++) {
            box c = cell(doc, ln, &pg->glyphs[gi]);
            if (overlap(c, q))
                fail_msg("page %zu: the QR code covers U+%04X of line %zu (para %d)", pi + 1,
                         (unsigned)pg->glyphs[gi].cp, li, ln->para);
            if (ln->para == BL_PARA_CAPTION) {
                char u[8] = {0};
                if (!inside(c, o))
                    fail_msg("page %zu: the caption leaves the text area", pi + 1);
                if (c.y < q.y + q.h)
                    fail_msg("page %zu: the caption is not under the QR code", pi + 1);
                /* the caption's glyphs cover no text either */
                for (i = 0; i < pg->nlines; i++) {
                    const bl_pline *other = &pg->lines[i];
                    box ob = {other->x, other->y, other->w, other->h};
                    if (other->para != BL_PARA_CAPTION && overlap(c, ob))
                        fail_msg("page %zu: the caption runs into line %zu (para %d)", pi + 1, i, other->para);
                }
                if (pg->glyphs[gi].cp < 0x80)
                    u[0] = (char)pg->glyphs[gi].cp;
                else
                    snprintf(u, sizeof u, "%c%c%c", (char)(0xE0 | pg->glyphs[gi].cp >> 12),
                             (char)(0x80 | (pg->glyphs[gi].cp >> 6 & 0x3F)),
                             (char)(0x80 | (pg->glyphs[gi].cp & 0x3F)));
                strncat(caption, u, sizeof caption - strlen(caption) - 1);
            }
        }
    }
    assert_string_equal(caption, want_caption);
    for (i = 0; i < pg->nrules; i++) {
        const bl_prule *r = &pg->rules[i];
        if (overlap((box){r->x, r->y, r->w, r->h}, q))
            fail_msg("page %zu: the QR code covers rule %zu", pi + 1, i);
    }
}

/* The body lines (paragraphs, not headline or caption) of two layouts
 * are the same, page by page: a link changes no line of the text. */
static void same_body(const bl_doc *with, const bl_doc *without)
{
    size_t pi, li;
    assert_true(with->npages >= without->npages);
    for (pi = 0; pi < without->npages; pi++) {
        const bl_page *a = &with->pages[pi], *b = &without->pages[pi];
        size_t ia = 0;
        for (li = 0; li < b->nlines; li++) {
            const bl_pline *lb = &b->lines[li];
            if (lb->para < 0)
                continue;
            while (ia < a->nlines && a->lines[ia].para < 0)
                ia++;
            assert_true(ia < a->nlines);
            assert_int_equal(a->lines[ia].para, lb->para);
            assert_int_equal(a->lines[ia].start, lb->start);
            assert_int_equal(a->lines[ia].end, lb->end);
            assert_int_equal(a->lines[ia].x, lb->x);
            assert_int_equal(a->lines[ia].y, lb->y);
            ia++;
        }
    }
}

/* zbarimg's reading of png, trimmed; NULL (and a message) when zbarimg is
 * not installed. */
static char *decode(const char *png)
{
    static char out[4096];
    char cmd[1200];
    FILE *p;
    size_t n;
    if (system("command -v zbarimg >/dev/null 2>&1") != 0)
        return NULL;
    snprintf(cmd, sizeof cmd, "zbarimg -q --raw '%s' 2>/dev/null", png);
    p = popen(cmd, "r");
    assert_non_null(p);
    n = fread(out, 1, sizeof out - 1, p);
    pclose(p);
    out[n] = '\0';
    while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = '\0';
    return out;
}

/* Renders page pi to name and checks that it decodes to the link. */
static void decodes(bl_engine *e, const bl_doc *doc, size_t pi, const char *name)
{
    SDL_Surface *s = bl_surface_create(doc->width, doc->height);
    bl_err err;
    const char *got;
    assert_non_null(s);
    if (bl_render_page(bl_engine_cache(e), doc, pi, bl_engine_palette(e), s, &err))
        fail_msg("render: %s", err.msg);
    if (bl_png_write(name, s, &err))
        fail_msg("png: %s", err.msg);
    SDL_FreeSurface(s);
    got = decode(name);
    if (!got) {
        print_message("zbarimg (zbar-tools) is not installed: %s not decoded\n", name);
        return;
    }
    if (strcmp(got, LINK))
        fail_msg("%s decodes to '%s', not the link", name, got);
}

static void run_frames(bool every)
{
    size_t si, own_page = 0;
    int m;
    for (si = 0; si < BL_ARRAY_LEN(sizes); si++) {
        for (m = 0; m < 2; m++) {
            bl_mode mode = m ? BL_MODE_VERTICAL : BL_MODE_HORIZONTAL;
            bl_engine *e = make(sizes[si].w, sizes[si].h, mode, every);
            bl_article *a = load(LINK, NULL), *plain = load(NULL, NULL);
            bl_doc *doc = lay(e, a), *ref = lay(e, plain);
            const bl_layout_opts *o = bl_engine_layout_opts(e);
            char name[128];
            size_t pi;
            for (pi = 0; pi < doc->npages; pi++) {
                if (every || pi + 1 == doc->npages)
                    check_page(doc, pi, o, "扫码阅读全文");
                else if (doc->pages[pi].nboxes)
                    fail_msg("%dx%d %s: a QR code on page %zu of %zu", sizes[si].w, sizes[si].h,
                             m ? "vertical" : "horizontal", pi + 1, doc->npages);
            }
            for (pi = 0; pi < ref->npages; pi++)
                assert_int_equal(ref->pages[pi].nboxes, 0);
            if (!every)
                same_body(doc, ref);
            if (!every && doc->npages > ref->npages) {
                /* no room after the last line: a page of its own, the
                 * last, with no body line on it */
                const bl_page *last = &doc->pages[doc->npages - 1];
                size_t li;
                assert_int_equal(doc->npages, ref->npages + 1);
                for (li = 0; li < last->nlines; li++)
                    assert_true(last->lines[li].para < 0);
                own_page++;
            }
            snprintf(name, sizeof name, "qr-%dx%d-%s%s.png", sizes[si].w, sizes[si].h,
                     m ? "vertical" : "horizontal", every ? "-every" : "");
            decodes(e, doc, every ? 0 : doc->npages - 1, name);
            bl_doc_destroy(doc);
            bl_doc_destroy(ref);
            bl_article_destroy(a);
            bl_article_destroy(plain);
            bl_engine_destroy(e);
        }
    }
    /* 1080x1920 vertical fills its last page, but the code takes its
     * corner with the last columns beside it: no page of its own */
    if (!every)
        assert_int_equal(own_page, 0);
}

static void test_last_page(void **state)
{
    (void)state;
    run_frames(false);
}

static void test_every_page(void **state)
{
    (void)state;
    run_frames(true);
}

/* The body lines (paragraphs) of two layouts differ somewhere. */
static bool body_differs(const bl_doc *a, const bl_doc *b)
{
    size_t pi, la, lb;
    if (a->npages != b->npages)
        return true;
    for (pi = 0; pi < a->npages; pi++) {
        const bl_page *pa = &a->pages[pi], *pb = &b->pages[pi];
        for (la = lb = 0;; la++, lb++) {
            while (la < pa->nlines && pa->lines[la].para < 0)
                la++;
            while (lb < pb->nlines && pb->lines[lb].para < 0)
                lb++;
            if (la == pa->nlines || lb == pb->nlines) {
                if (la != pa->nlines || lb != pb->nlines)
                    return true;
                break;
            }
            if (pa->lines[la].para != pb->lines[lb].para || pa->lines[la].start != pb->lines[lb].start ||
                pa->lines[la].end != pb->lines[lb].end || pa->lines[la].x != pb->lines[lb].x ||
                pa->lines[la].y != pb->lines[lb].y)
                return true;
        }
    }
    return false;
}

static void test_flow_around(void **state)
{
    /* Frames whose last page is full: the code keeps its corner and the
     * last lines run beside it (shorter rows, shorter columns) rather
     * than the code taking a page of its own; it covers nothing, and a
     * page of its own is left only for when the text beside it would
     * need a page more anyway. */
    int h, m, wrapped = 0;
    (void)state;
    for (m = 0; m < 2; m++) {
        for (h = 600; h <= 1200; h += 40) {
            bl_mode mode = m ? BL_MODE_VERTICAL : BL_MODE_HORIZONTAL;
            bl_engine *e = make(m ? 1600 : 1000, h, mode, false);
            bl_article *a = load(LINK, NULL), *plain = load(NULL, NULL);
            bl_doc *doc = lay(e, a), *ref = lay(e, plain);
            check_page(doc, doc->npages - 1, bl_engine_layout_opts(e), "扫码阅读全文");
            assert_true(doc->npages <= ref->npages + 1);
            if (doc->npages == ref->npages && body_differs(doc, ref)) {
                char name[64];
                if (!wrapped++) {
                    snprintf(name, sizeof name, "qr-flow-%s.png", m ? "vertical" : "horizontal");
                    decodes(e, doc, doc->npages - 1, name);
                }
            }
            bl_doc_destroy(doc);
            bl_doc_destroy(ref);
            bl_article_destroy(a);
            bl_article_destroy(plain);
            bl_engine_destroy(e);
        }
        assert_true(wrapped > 0);
        wrapped = 0;
    }
}

static void test_label(void **state)
{
    /* link-label replaces the caption */
    bl_engine *e = make(1920, 1080, BL_MODE_HORIZONTAL, false);
    bl_article *a = load(LINK, "扫码看视频");
    bl_doc *doc = lay(e, a);
    (void)state;
    check_page(doc, doc->npages - 1, bl_engine_layout_opts(e), "扫码看视频");
    bl_doc_destroy(doc);
    bl_article_destroy(a);
    bl_engine_destroy(e);
}

static void test_json(void **state)
{
    /* the box is in the layout JSON; without a link there is no "boxes" */
    bl_engine *e = make(1920, 1080, BL_MODE_HORIZONTAL, false);
    bl_article *a = load(LINK, NULL), *plain = load(NULL, NULL);
    bl_doc *doc = lay(e, a), *ref = lay(e, plain);
    char buf[1 << 16];
    size_t n;
    FILE *f = tmpfile();
    (void)state;
    assert_non_null(f);
    assert_int_equal(bl_doc_write_json(doc, f, false, -1), BL_OK);
    rewind(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    assert_non_null(strstr(buf, "\"boxes\":[{\"kind\":\"qr\""));
    assert_non_null(strstr(buf, "\"text\":\"" LINK "\"}]"));
    fclose(f);
    f = tmpfile();
    assert_non_null(f);
    assert_int_equal(bl_doc_write_json(ref, f, false, -1), BL_OK);
    rewind(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    assert_null(strstr(buf, "boxes"));
    fclose(f);
    bl_doc_destroy(doc);
    bl_doc_destroy(ref);
    bl_article_destroy(a);
    bl_article_destroy(plain);
    bl_engine_destroy(e);
}

static void test_link_too_long(void **state)
{
    /* a link no QR code can hold: the article is shown without one */
    bl_engine *e = make(1920, 1080, BL_MODE_HORIZONTAL, false);
    char *link = malloc(4000);
    bl_article *a;
    bl_doc *doc;
    size_t pi;
    (void)state;
    assert_non_null(link);
    memset(link, 'a', 3999);
    link[3999] = '\0';
    a = load(link, NULL);
    bl_log_set_level(BL_LOG_ERROR);
    doc = lay(e, a);
    bl_log_set_level(BL_LOG_INFO);
    for (pi = 0; pi < doc->npages; pi++)
        assert_int_equal(doc->pages[pi].nboxes, 0);
    free(link);
    bl_doc_destroy(doc);
    bl_article_destroy(a);
    bl_engine_destroy(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_last_page), cmocka_unit_test(test_every_page), cmocka_unit_test(test_label),
        cmocka_unit_test(test_json),      cmocka_unit_test(test_link_too_long), cmocka_unit_test(test_flow_around),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
