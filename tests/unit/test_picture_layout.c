/*
 * test_picture_layout.c - pictures in articles (issue 11): image: with
 * caption:, and ![说明](FILE) paragraphs, read back as written; laid out
 * in both writing modes at 1920x1080, 1080x1920 and 800x480 with photos
 * made here (a JPEG, a small PNG that may grow only to twice its size, a
 * phone JPEG whose EXIF orientation stands it upright): each picture's
 * box keeps inside the margins and covers no glyph cell, rule or other
 * box, keeps its aspect ratio within 1 px, is never over twice its own
 * size, has its caption lines under it (rows) or beside it (columns);
 * the text passes the layout properties (禁则, justified lines fill the
 * measure, every character once and in order); the rendered page shows
 * each picture's marker colour where its box is, the same bytes every
 * run; a missing and a broken picture are each named in a warning and the
 * article is laid out exactly as without it.
 *
 * The photos and the article go to pics/ in the working folder (build/
 * tests under ctest), the pages to picture-WxH-MODE-N.png, for a person
 * to look at.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <SDL.h>
#include <SDL_image.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/content.h"
#include "content/picture.h"
#include "core/utf8.h"
#include "layout/layout.h"
#include "layout/theme.h"
#include "render/engine.h"
#include "render/image.h"
#include "render/render.h"
#include "text/text.h"

/* A demo article of several pages, to put pictures into. */
static const char *const article_file = "assets/articles/2026-03-14-04-civilized-city-inspection.txt";

#define LEAD_CAPTION "▲区领导在岳各庄批发市场检查环境秩序。本报记者 郭晓妍摄"
#define LEAD_CAPTION_GLYPHS "▲区领导在岳各庄批发市场检查环境秩序。本报记者郭晓妍摄" /* spaces have none */
#define BODY_CAPTION "南苑北里小区楼道"

/* The pictures: file, size as stored, marker colour at the centre. */
enum { LEAD, SMALL, PHONE, NPICS };
static const struct {
    const char *file; /* under pics/ */
    int w, h;         /* as stored */
    uint32_t marker;
    int exif; /* EXIF orientation, 0: none */
} pics[NPICS] = {
    {"lead.jpg", 640, 400, 0xFF00C000u, 0},      /* green centre */
    {"small.png", 120, 90, 0xFFFF00FFu, 0},      /* magenta centre: at most 240 x 180 */
    {"sub/phone.jpg", 480, 360, 0xFF0060FFu, 6}, /* blue centre; stands up as 360 x 480 */
};

/* The upright size of picture i. */
static int up_w(int i) { return pics[i].exif >= 5 ? pics[i].h : pics[i].w; }
static int up_h(int i) { return pics[i].exif >= 5 ? pics[i].w : pics[i].h; }

static const struct {
    int w, h;
} sizes[] = {{1920, 1080}, {1080, 1920}, {800, 480}};

static const char *src_dir(void)
{
    const char *d = getenv("BL_SOURCE_DIR");
    return d ? d : ".";
}

/* ---- making the photos ------------------------------------------------------ */

/* A photo of w x h: a diagonal gradient, a red band along the left
 * quarter (the top, once a phone's orientation 6 stands it up) and a
 * marker square at the centre. */
static SDL_Surface *photo(int w, int h, uint32_t marker)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    int x, y;
    assert_non_null(s);
    for (y = 0; y < h; y++) {
        uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + y * s->pitch);
        for (x = 0; x < w; x++) {
            uint32_t r = (uint32_t)(x * 200 / w + 30), g = (uint32_t)(y * 150 / h + 60), b = 140;
            bool mark = abs(x - w / 2) < w / 5 && abs(y - h / 2) < h / 5;
            row[x] = mark ? marker : x < w / 4 ? 0xFFE00000u : 0xFF000000u | r << 16 | g << 8 | b;
        }
    }
    return s;
}

/* jpeg (n bytes) with an EXIF APP1 segment saying orientation o after
 * its SOI, into out; returns the new length (as test_picture.c). */
static size_t add_exif(uint8_t *out, const uint8_t *jpeg, size_t n, int o)
{
    static const uint8_t head[] = {
        0xFF, 0xE1, 0x00, 0x22,           /* APP1, length 34 */
        'E',  'x',  'i',  'f',  0, 0,     /* EXIF header */
        'I',  'I',  0x2A, 0x00, 8, 0, 0, 0, /* little-endian TIFF, IFD0 at 8 */
        1,    0,                          /* one entry */
        0x12, 0x01, 3,    0,    1, 0, 0, 0, /* Orientation, SHORT, count 1 */
        0,    0,    0,    0,              /* value (set below) */
        0,    0,    0,    0};             /* no next IFD */
    memcpy(out, jpeg, 2);
    memcpy(out + 2, head, sizeof head);
    out[2 + 28] = (uint8_t)o;
    memcpy(out + 2 + sizeof head, jpeg + 2, n - 2);
    return n + sizeof head;
}

static void write_bytes(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    fclose(f);
}

static void make_photos(void)
{
    static uint8_t jpeg[1 << 20], withexif[(1 << 20) + 64];
    char path[256];
    int i;
    mkdir("pics", 0755);
    mkdir("pics/sub", 0755);
    for (i = 0; i < NPICS; i++) {
        SDL_Surface *s = photo(pics[i].w, pics[i].h, pics[i].marker);
        snprintf(path, sizeof path, "pics/%s", pics[i].file);
        if (strstr(path, ".png")) {
            assert_int_equal(IMG_SavePNG(s, path), 0);
        } else {
            SDL_RWops *rw = SDL_RWFromMem(jpeg, sizeof jpeg);
            size_t n;
            assert_int_equal(IMG_SaveJPG_RW(s, rw, 0, 92), 0);
            n = (size_t)SDL_RWtell(rw);
            SDL_RWclose(rw);
            if (pics[i].exif)
                write_bytes(path, withexif, add_exif(withexif, jpeg, n, pics[i].exif));
            else
                write_bytes(path, jpeg, n);
        }
        SDL_FreeSurface(s);
    }
    write_bytes("pics/broken.png", "\x89PNG\r\n\x1a\nthis is not a picture", 29);
}

/* ---- the article --------------------------------------------------------------- */

/* The demo article with `lead` as image: (and its caption), and `body1`
 * and `body2` as picture paragraphs before the body's paragraphs 2 and 4
 * (NULL: none), written to pics/NAME; returns it loaded. */
static bl_article *article(const char *name, const char *lead, const char *body1, const char *body2)
{
    char path[1024], *text = NULL, *p, *out;
    bl_buf b = {0};
    bl_article *a = NULL;
    bl_err err;
    size_t len = 0;
    int para = 0;
    snprintf(path, sizeof path, "%s/%s", src_dir(), article_file);
    if (bl_read_file(path, 1 << 20, &text, &len, &err))
        fail_msg("%s", err.msg);
    p = strchr(text, '\n');
    assert_non_null(p);
    bl_buf_put(&b, text, (size_t)(p - text) + 1);
    if (lead)
        bl_buf_printf(&b, "图片: %s\ncaption: " LEAD_CAPTION "\n", lead);
    for (p++; *p; p++) {
        if (p[0] == '\n' && p[1] == '\n' && p[2] && p[2] != '\n') {
            /* a blank line before a paragraph (the first ends the header) */
            if (para == 2 && body1)
                bl_buf_printf(&b, "\n\n![" BODY_CAPTION "](%s)", body1);
            if (para == 4 && body2)
                bl_buf_printf(&b, "\n\n![](%s)", body2);
            para++;
        }
        bl_buf_put(&b, p, 1);
    }
    out = bl_buf_take(&b);
    assert_non_null(out);
    snprintf(path, sizeof path, "pics/%s", name);
    write_bytes(path, out, strlen(out));
    free(out);
    free(text);
    if (bl_article_load(path, 1 << 20, &a, &err))
        fail_msg("%s", err.msg);
    return a;
}

static bl_engine *make(int w, int h, bl_mode mode)
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

/* ---- the article file format ------------------------------------------------- */

static void test_format(void **state)
{
    static const char text[] = "title: 标题\n图片: a.jpg\n图注: 图一\n\n"
                               "![说明](photos/b.png)\n\n第一段。\n\n![](c.webp)\n\n第二段。\n\n"
                               "![不是图片](d.png) 后面还有字\n\n![说明](e.png)\n";
    bl_article *a = NULL, *back = NULL;
    bl_buf out = {0};
    bl_err err;
    char *p;
    size_t i;
    (void)state;
    assert_int_equal(bl_article_parse("t.txt", text, strlen(text), &a, &err), BL_OK);
    assert_string_equal(a->image, "a.jpg");
    assert_string_equal(a->caption, "图一");
    /* the text paragraphs keep their numbers; a paragraph with more than
     * the picture is text */
    assert_int_equal(a->npara, 3);
    assert_string_equal(a->paras[0], "第一段。");
    assert_string_equal(a->paras[2], "![不是图片](d.png) 后面还有字");
    assert_int_equal(a->nfigures, 3);
    assert_string_equal(a->figures[0].file, "photos/b.png");
    assert_string_equal(a->figures[0].caption, "说明");
    assert_int_equal(a->figures[0].before, 0);
    assert_string_equal(a->figures[1].file, "c.webp");
    assert_null(a->figures[1].caption);
    assert_int_equal(a->figures[1].before, 1);
    assert_int_equal(a->figures[2].before, 3); /* after the last paragraph */
    /* written with English keys, read back the same */
    assert_int_equal(bl_article_write(a, &out, &err), BL_OK);
    assert_non_null(strstr(out.p, "image: a.jpg\ncaption: 图一\n"));
    assert_non_null(strstr(out.p, "\n![说明](photos/b.png)\n\n第一段。\n\n![](c.webp)\n"));
    assert_int_equal(bl_article_parse("back.txt", out.p, out.len, &back, &err), BL_OK);
    assert_string_equal(back->image, "a.jpg");
    assert_int_equal(back->npara, a->npara);
    assert_int_equal(back->nfigures, a->nfigures);
    for (i = 0; i < a->nfigures; i++) {
        assert_string_equal(back->figures[i].file, a->figures[i].file);
        assert_int_equal(back->figures[i].before, a->figures[i].before);
    }
    /* paths are relative to the article file's folder */
    free(a->path);
    a->path = strdup("/srv/news/today/t.txt");
    p = bl_article_picture_path(a, a->figures[0].file);
    assert_string_equal(p, "/srv/news/today/photos/b.png");
    free(p);
    p = bl_article_picture_path(a, "/abs/x.jpg");
    assert_string_equal(p, "/abs/x.jpg");
    free(p);
    /* a caption that would not read back is refused */
    free(a->figures[0].caption);
    a->figures[0].caption = strdup("a](b");
    bl_buf_free(&out);
    assert_int_equal(bl_article_write(a, &out, &err), BL_ERR_PARSE);
    assert_non_null(strstr(err.msg, "picture 1"));
    bl_buf_free(&out);
    bl_article_destroy(a);
    bl_article_destroy(back);
}

/* ---- the layout properties ---------------------------------------------------- */

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
    if (doc->mode == BL_MODE_VERTICAL && ln->para != BL_PARA_HEAD && ln->para != BL_PARA_FIGURE)
        return (box){g->x, g->y, ln->w, g->advance};
    return (box){g->x, g->y, g->advance, ln->h};
}

static int32_t along(const bl_doc *doc, const bl_pglyph *g)
{
    return doc->mode == BL_MODE_VERTICAL ? g->y : g->x;
}

static uint32_t *decode_text(const char *s, size_t *n)
{
    uint32_t *cps;
    assert_int_equal(bl_utf8_decode(s, strlen(s), &cps, n, NULL, NULL), BL_OK);
    return cps;
}

/* The layout properties of test_layout.c over the body text: columns
 * right to left, 禁则 at every line start and end, justified lines fill
 * the measure, nothing overflows, every character once and in order. */
static void check_text(const bl_article *a, const bl_doc *doc, const bl_layout_opts *o)
{
    size_t pi, li, gi, next_cp = 0, ncps = 0;
    long cur_para = -1;
    uint32_t next_start = 0, *cps = NULL;
    bool vertical = doc->mode == BL_MODE_VERTICAL;
    int32_t line_end = vertical ? (o->height - o->margin_bottom) * 64 : (o->width - o->margin_right) * 64;

    for (pi = 0; pi < doc->npages; pi++) {
        const bl_page *pg = &doc->pages[pi];
        int32_t prev_x = INT32_MAX;
        for (li = 0; li < pg->nlines; li++) {
            const bl_pline *ln = &pg->lines[li];
            const bl_pglyph *first, *last;
            if (ln->para == BL_PARA_HEAD || ln->para == BL_PARA_FIGURE) /* rows, also in vertical text */
                continue;
            if (vertical) {
                if (ln->x >= prev_x)
                    fail_msg("page %zu column %zu (para %d) is not left of the one before", pi + 1, li, ln->para);
                prev_x = ln->x;
            }
            if (ln->para < 0)
                continue;
            if (ln->para != cur_para) {
                if (cps) {
                    while (next_cp < ncps && bl_text_class(cps[next_cp]) == BL_CC_SPACE)
                        next_cp++;
                    assert_int_equal(next_cp, ncps);
                }
                assert_int_equal(ln->para, cur_para + 1);
                cur_para = ln->para;
                free(cps);
                cps = decode_text(a->paras[cur_para], &ncps);
                next_start = 0;
                next_cp = 0;
            }
            while (next_start < ln->start && bl_text_class(cps[next_start]) == BL_CC_SPACE)
                next_start++;
            assert_int_equal(ln->start, next_start);
            next_start = ln->end;
            assert_true(ln->gn > 0);
            first = &pg->glyphs[ln->g0];
            last = &pg->glyphs[ln->g0 + ln->gn - 1];
            if (bl_text_no_start(first->cp, o->kinsoku))
                fail_msg("page %zu line %zu starts with U+%04X", pi + 1, li, (unsigned)first->cp);
            if (bl_text_no_end(last->cp, o->kinsoku))
                fail_msg("page %zu line %zu ends with U+%04X", pi + 1, li, (unsigned)last->cp);
            if (ln->justified) {
                int32_t end = along(doc, last) + last->advance;
                if (end < line_end - 64 || end > line_end + 64)
                    fail_msg("page %zu line %zu ends at %.2f px, the measure at %.2f", pi + 1, li, end / 64.0,
                             line_end / 64.0);
            } else if (along(doc, last) + last->advance > line_end + 64) {
                fail_msg("page %zu line %zu overflows", pi + 1, li);
            }
            for (gi = ln->g0; gi < ln->g0 + ln->gn; gi++) {
                while (next_cp < ncps && bl_text_class(cps[next_cp]) == BL_CC_SPACE)
                    next_cp++;
                assert_true(next_cp < ncps);
                if (pg->glyphs[gi].cp != cps[next_cp])
                    fail_msg("para %d: U+%04X where U+%04X was expected", ln->para, (unsigned)pg->glyphs[gi].cp,
                             (unsigned)cps[next_cp]);
                next_cp++;
                while (next_cp < ncps && next_cp < ln->end && (gi + 1 == ln->g0 + ln->gn) &&
                       bl_text_class(cps[next_cp]) != BL_CC_SPACE)
                    next_cp++;
            }
        }
    }
    assert_int_equal((size_t)(cur_para + 1), a->npara);
    free(cps);
}

/* The picture of box bx: which of pics[] it shows (by its file). */
static int pic_of(const bl_pbox *bx)
{
    int i;
    for (i = 0; i < NPICS; i++)
        if (!strcmp(bx->text, pics[i].file))
            return i;
    fail_msg("a picture box of unknown file %s", bx->text);
    return -1;
}

/* The caption lines of picture box bx of page pg: the BL_PARA_FIGURE
 * rows under it (in both writing modes), each beginning within two of
 * its own heights of the one before, starting where the picture does or
 * before; their boxes into lines and their text into out. */
static void caption_of(const bl_page *pg, const bl_pbox *bx, char *out, size_t size, box *lines, size_t *nlines)
{
    int32_t edge = bx->y + bx->h;
    size_t li, gi;
    out[0] = '\0';
    *nlines = 0;
    for (li = 0; li < pg->nlines; li++) {
        const bl_pline *ln = &pg->lines[li];
        if (ln->para != BL_PARA_FIGURE || ln->y < edge || ln->y > edge + 2 * ln->h || ln->x >= bx->x + bx->w ||
            *nlines == 16)
            continue;
        edge = ln->y + ln->h;
        lines[(*nlines)++] = (box){ln->x, ln->y, ln->w, ln->h};
        for (gi = ln->g0; gi < ln->g0 + ln->gn; gi++) {
            char u[5] = {0};
            bl_utf8_encode(pg->glyphs[gi].cp, u);
            strncat(out, u, size - strlen(out) - 1);
        }
    }
}

/* Every picture box of doc: inside the margins, over nothing else, the
 * aspect ratio kept, at most twice its size, its caption beside it; and
 * each of `want` (a bit per picture) is there once. */
static void check_pictures(const bl_doc *doc, const bl_layout_opts *o, unsigned want)
{
    size_t pi, i, j, li, gi;
    unsigned seen = 0;
    bool vertical = doc->mode == BL_MODE_VERTICAL;
    for (pi = 0; pi < doc->npages; pi++) {
        const bl_page *pg = &doc->pages[pi];
        for (i = 0; i < pg->nboxes; i++) {
            const bl_pbox *bx = &pg->boxes[i];
            box q = {bx->x, bx->y, bx->w, bx->h}, caps[16];
            int k, pw, ph;
            long w, h;
            char caption[512];
            size_t ncap;
            assert_int_equal(bx->kind, BL_BOX_PICTURE);
            k = pic_of(bx);
            assert_false(seen & 1u << k);
            seen |= 1u << k;
            pw = up_w(k);
            ph = up_h(k);
            w = bx->w / 64;
            h = bx->h / 64;
            /* whole pixels, the pixels at the box size */
            assert_int_equal(bx->x % 64, 0);
            assert_int_equal(bx->y % 64, 0);
            assert_int_equal(bx->picture->w, w);
            assert_int_equal(bx->picture->h, h);
            /* the aspect ratio within 1 px, never beyond twice the size */
            if (labs(w * ph - h * pw) > (long)(pw > ph ? pw : ph))
                fail_msg("%s shown %ldx%ld: not the aspect of %dx%d", bx->text, w, h, pw, ph);
            assert_true(w <= 2 * pw && h <= 2 * ph);
            if (!inside(q, o))
                fail_msg("page %zu: %s leaves the text area", pi + 1, bx->text);
            for (j = 0; j < pg->nboxes; j++)
                if (j != i && overlap(q, (box){pg->boxes[j].x, pg->boxes[j].y, pg->boxes[j].w, pg->boxes[j].h}))
                    fail_msg("page %zu: %s covers another box", pi + 1, bx->text);
            for (j = 0; j < pg->nrules; j++)
                if (overlap(q, (box){pg->rules[j].x, pg->rules[j].y, pg->rules[j].w, pg->rules[j].h}))
                    fail_msg("page %zu: %s covers rule %zu", pi + 1, bx->text, j);
            for (li = 0; li < pg->nlines; li++) {
                const bl_pline *ln = &pg->lines[li];
                for (gi = ln->g0; gi < ln->g0 + ln->gn; gi++)
                    if (overlap(cell(doc, ln, &pg->glyphs[gi]), q))
                        fail_msg("page %zu: %s covers U+%04X of line %zu (para %d)", pi + 1, bx->text,
                                 (unsigned)pg->glyphs[gi].cp, li, ln->para);
            }
            /* the caption: rows under the picture, columns at its left */
            caption_of(pg, bx, caption, sizeof caption, caps, &ncap);
            if (strcmp(caption, k == LEAD ? LEAD_CAPTION_GLYPHS : k == PHONE ? BODY_CAPTION : ""))
                fail_msg("%dx%d %s page %zu: %s has the caption '%s'", o->width, o->height,
                         vertical ? "vertical" : "horizontal", pi + 1, bx->text, caption);
            for (j = 0; j < ncap; j++) {
                if (!inside(caps[j], o))
                    fail_msg("page %zu: the caption of %s leaves the text area", pi + 1, bx->text);
                if (caps[j].y < bx->y + bx->h)
                    fail_msg("page %zu: the caption of %s is not under it", pi + 1, bx->text);
                for (li = 0; li < pg->nlines; li++) {
                    const bl_pline *ln = &pg->lines[li];
                    if (ln->para >= 0 && overlap(caps[j], (box){ln->x, ln->y, ln->w, ln->h}))
                        fail_msg("page %zu: the caption of %s runs into line %zu", pi + 1, bx->text, li);
                }
            }
        }
    }
    if (seen != want)
        fail_msg("pictures shown %#x, wanted %#x", seen, want);
}

/* No page but the last ends early: the text flows on before a picture
 * that waits for the next page, so every page reaches to within two
 * lines of its text area's far edge (the bottom, or the left for
 * columns). */
static void check_full_pages(const bl_doc *doc, const bl_layout_opts *o)
{
    bool vertical = doc->mode == BL_MODE_VERTICAL;
    int32_t em = bl_font_px(o->fonts[BL_STYLE_BODY]) * 64;
    int32_t pitch = vertical ? em * (100 + o->column_gap_pct) / 100 : em * o->line_pitch_pct / 100;
    size_t pi, i;
    for (pi = 0; pi + 1 < doc->npages; pi++) {
        const bl_page *pg = &doc->pages[pi];
        int32_t reach = vertical ? INT32_MAX : 0; /* the furthest edge across the lines */
        for (i = 0; i < pg->nlines; i++) {
            const bl_pline *ln = &pg->lines[i];
            reach = vertical ? BL_MIN(reach, ln->x) : BL_MAX(reach, ln->y + ln->h);
        }
        for (i = 0; i < pg->nboxes; i++)
            reach = vertical ? BL_MIN(reach, pg->boxes[i].x) : BL_MAX(reach, pg->boxes[i].y + pg->boxes[i].h);
        if (vertical ? reach > o->margin_left * 64 + 2 * pitch : reach < (o->height - o->margin_bottom) * 64 - 2 * pitch)
            fail_msg("%dx%d %s: page %zu of %zu ends early (at %.1f px)", o->width, o->height,
                     vertical ? "vertical" : "horizontal", pi + 1, doc->npages, reach / 64.0);
    }
}

/* The channels of v and want differ by at most tol. */
static bool near(uint32_t v, uint32_t want, int tol)
{
    int c;
    for (c = 0; c < 24; c += 8) {
        int d = (int)(v >> c & 255) - (int)(want >> c & 255);
        if (d > tol || d < -tol)
            return false;
    }
    return true;
}

static uint32_t pixel(const SDL_Surface *s, int x, int y)
{
    return ((const uint32_t *)((const uint8_t *)s->pixels + y * s->pitch))[x];
}

/* Renders every page (twice: the same bytes), writes it as
 * picture-WxH-MODE-N.png, and checks each picture's marker colour at its
 * box's centre and, for the phone photo, the red band along its top. */
static void check_render(bl_engine *e, const bl_doc *doc, const char *tag)
{
    size_t pi, i;
    for (pi = 0; pi < doc->npages; pi++) {
        const bl_page *pg = &doc->pages[pi];
        SDL_Surface *s = bl_surface_create(doc->width, doc->height), *t = bl_surface_create(doc->width, doc->height);
        bl_err err;
        char name[128];
        int y;
        assert_non_null(s);
        assert_non_null(t);
        if (bl_render_page(bl_engine_cache(e), doc, pi, bl_engine_palette(e), s, &err) ||
            bl_render_page(bl_engine_cache(e), doc, pi, bl_engine_palette(e), t, &err))
            fail_msg("render: %s", err.msg);
        for (y = 0; y < s->h; y++)
            assert_memory_equal((uint8_t *)s->pixels + y * s->pitch, (uint8_t *)t->pixels + y * t->pitch,
                                (size_t)s->w * 4);
        for (i = 0; i < pg->nboxes; i++) {
            const bl_pbox *bx = &pg->boxes[i];
            int k = pic_of(bx), cx = (bx->x + bx->w / 2) / 64, cy = (bx->y + bx->h / 2) / 64;
            if (!near(pixel(s, cx, cy), pics[k].marker, 48))
                fail_msg("%s page %zu: %08X at the centre of %s, not its marker %08X", tag, pi + 1,
                         (unsigned)pixel(s, cx, cy), bx->text, (unsigned)pics[k].marker);
            if (pics[k].exif == 6 && !near(pixel(s, cx, bx->y / 64 + bx->h / 64 / 10), 0xFFE00000u, 48))
                fail_msg("%s page %zu: %s is not upright (no red band along its top)", tag, pi + 1, bx->text);
        }
        snprintf(name, sizeof name, "picture-%s-%zu.png", tag, pi + 1);
        if (bl_png_write(name, s, &err))
            fail_msg("png: %s", err.msg);
        SDL_FreeSurface(s);
        SDL_FreeSurface(t);
    }
}

static void test_frames(void **state)
{
    size_t si;
    int m;
    (void)state;
    make_photos();
    for (si = 0; si < BL_ARRAY_LEN(sizes); si++) {
        for (m = 0; m < 2; m++) {
            bl_mode mode = m ? BL_MODE_VERTICAL : BL_MODE_HORIZONTAL;
            bl_engine *e = make(sizes[si].w, sizes[si].h, mode);
            bl_article *a = article("article.txt", pics[LEAD].file, pics[PHONE].file, pics[SMALL].file);
            bl_doc *doc = lay(e, a);
            const bl_layout_opts *o = bl_engine_layout_opts(e);
            char tag[64];
            snprintf(tag, sizeof tag, "%dx%d-%s", sizes[si].w, sizes[si].h, m ? "vertical" : "horizontal");
            check_pictures(doc, o, 7);
            check_text(a, doc, o);
            check_full_pages(doc, o);
            check_render(e, doc, tag);
            bl_doc_destroy(doc);
            bl_article_destroy(a);
            bl_engine_destroy(e);
        }
    }
}

/* ---- pictures that cannot be shown ------------------------------------------- */

static char warnings[4096];
static void sink(void *user, bl_log_level lvl, const char *tag, const char *line)
{
    (void)user;
    (void)tag;
    if (lvl >= BL_LOG_WARN)
        strncat(warnings, line, sizeof warnings - strlen(warnings) - 2), strcat(warnings, "\n");
}

/* The lines of two layouts are the same, page by page. */
static void same_lines(const bl_doc *a, const bl_doc *b)
{
    size_t pi, li;
    assert_int_equal(a->npages, b->npages);
    for (pi = 0; pi < a->npages; pi++) {
        assert_int_equal(a->pages[pi].nlines, b->pages[pi].nlines);
        for (li = 0; li < a->pages[pi].nlines; li++) {
            const bl_pline *x = &a->pages[pi].lines[li], *y = &b->pages[pi].lines[li];
            assert_int_equal(x->para, y->para);
            assert_int_equal(x->start, y->start);
            assert_int_equal(x->end, y->end);
            assert_int_equal(x->x, y->x);
            assert_int_equal(x->y, y->y);
        }
    }
}

static void test_missing_and_broken(void **state)
{
    int m;
    (void)state;
    make_photos();
    for (m = 0; m < 2; m++) {
        bl_engine *e = make(1920, 1080, m ? BL_MODE_VERTICAL : BL_MODE_HORIZONTAL);
        /* a missing lead picture: the article as without it, caption too */
        bl_article *plain = article("plain.txt", NULL, NULL, NULL);
        bl_article *missing = article("missing.txt", "nowhere.jpg", NULL, NULL);
        bl_article *broken = article("broken.txt", NULL, "broken.png", NULL);
        bl_article *body = article("body.txt", NULL, pics[PHONE].file, NULL);
        bl_doc *ref = lay(e, plain), *doc;
        size_t pi;

        warnings[0] = '\0';
        bl_log_set_sink(sink, NULL);
        doc = lay(e, missing);
        bl_log_set_sink(NULL, NULL);
        if (!strstr(warnings, "missing.txt") || !strstr(warnings, "nowhere.jpg"))
            fail_msg("no warning naming the article and the missing picture: %s", warnings);
        same_lines(doc, ref);
        for (pi = 0; pi < doc->npages; pi++)
            assert_int_equal(doc->pages[pi].nboxes, 0);
        bl_doc_destroy(doc);

        /* a broken body picture: left out with its caption */
        warnings[0] = '\0';
        bl_log_set_sink(sink, NULL);
        doc = lay(e, broken);
        bl_log_set_sink(NULL, NULL);
        if (!strstr(warnings, "broken.png") || !strstr(warnings, "PNG header is cut short") ||
            !strstr(warnings, "broken.txt"))
            fail_msg("no warning naming the broken picture and why: %s", warnings);
        same_lines(doc, ref);
        bl_doc_destroy(doc);

        /* a good one in its place is shown (the check above is not vacuous) */
        doc = lay(e, body);
        check_pictures(doc, bl_engine_layout_opts(e), 1u << PHONE);
        bl_doc_destroy(doc);

        bl_doc_destroy(ref);
        bl_article_destroy(plain);
        bl_article_destroy(missing);
        bl_article_destroy(broken);
        bl_article_destroy(body);
        bl_engine_destroy(e);
    }
}

static void test_json(void **state)
{
    bl_engine *e = make(1920, 1080, BL_MODE_HORIZONTAL);
    bl_article *a;
    bl_doc *doc;
    char buf[1 << 17];
    size_t n;
    FILE *f = tmpfile();
    (void)state;
    make_photos();
    a = article("lead-only.txt", pics[LEAD].file, NULL, NULL);
    doc = lay(e, a);
    assert_non_null(f);
    assert_int_equal(bl_doc_write_json(doc, f, false, -1), BL_OK);
    rewind(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    assert_non_null(strstr(buf, "\"boxes\":[{\"kind\":\"picture\",\"x\":"));
    assert_non_null(strstr(buf, ",\"file\":\"lead.jpg\"}]"));
    assert_non_null(strstr(buf, "\"para\":-7"));
    fclose(f);
    bl_doc_destroy(doc);
    bl_article_destroy(a);
    bl_engine_destroy(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_frames),
        cmocka_unit_test(test_missing_and_broken),
        cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
