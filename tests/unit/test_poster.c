/*
 * test_poster.c - poster slides as a passer-by sees them: photos made
 * here (PNG and JPEG through SDL2_image, one flat marker colour) and a
 * two-page PDF flyer drawn here with cairo and Pango (Chinese text),
 * dropped into a content folder beside an article: the rotation shows
 * each poster (a PDF page by page) for its dwell, a poster article gives
 * its poster a name, a dwell, a show window and a priority, an urgent
 * poster jumps the queue, the headline screen and the ticker name the
 * posters, broken poster files are named in warnings while the rest
 * shows, and the slide shows the picture centred on the theme's
 * background with its shape kept at 1920x1080, 1080x1920 and 800x480.
 * Frames go to BL_POSTER_FRAMES (a folder) when it is set, to be looked at,
 * with the content folder they show (its content/).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <SDL.h>
#include <SDL_image.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testfs.h"
#include "board/board.h"
#include "board/compose.h"
#include "board/config.h"
#include "board/deck.h"
#include "content/content.h"
#include "content/poster.h"
#include "core/clock.h"
#include "layout/theme.h"
#include "render/image.h"

#define WALL0 1800000000 /* 2027-01-15, a set clock */

/* The photos' flat colours and the flyer's page colours (0xRRGGBB). */
#define MARK_PNG 0x1E90C8u  /* blue */
#define MARK_JPG 0x2E9B57u  /* green */
#define MARK_PDF1 0xF08C1Eu /* orange */
#define MARK_PDF2 0x7A3DB8u /* purple */

static const char *src_dir(void)
{
    const char *d = getenv("BL_SOURCE_DIR");
    return d ? d : ".";
}

/* Warnings, to check what a person running the board would read. */
static char logged[32768];

static void sink(void *user, bl_log_level lvl, const char *tag, const char *line)
{
    size_t n = strlen(logged);
    (void)user;
    (void)tag;
    if (lvl >= BL_LOG_WARN)
        snprintf(logged + n, sizeof logged - n, "%s\n", line);
}

static void write_text(const char *dir, const char *name, const char *text)
{
    char p[1024];
    FILE *f;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A photo of w x h in one colour, as PNG or JPEG. */
static void make_photo(const char *path, int w, int h, uint32_t rgb, bool jpeg)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(s);
    SDL_FillRect(s, NULL, 0xFF000000u | rgb);
    assert_int_equal(jpeg ? IMG_SaveJPG(s, path, 95) : IMG_SavePNG(s, path), 0);
    SDL_FreeSurface(s);
}

static void set_rgb(cairo_t *cr, uint32_t rgb)
{
    cairo_set_source_rgb(cr, (rgb >> 16 & 255) / 255.0, (rgb >> 8 & 255) / 255.0, (rgb & 255) / 255.0);
}

/* Chinese text with Pango at (x, y) pt, size pt, white. */
static void say(cairo_t *cr, const char *text, double x, double y, int size)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    char font[64];
    PangoFontDescription *fd;
    snprintf(font, sizeof font, "Noto Sans CJK SC Bold %d", size);
    fd = pango_font_description_from_string(font);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_text(l, text, -1);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
}

/* A two-page A4 flyer: each page one colour with a Chinese line near its
 * top and bottom (the middle stays the page's colour), titled in its
 * metadata.  Drawn in a child process: cairo 1.16's PDF writer leaks a
 * few hundred bytes a file, which the leak checker would lay at our door. */
static void draw_flyer(const char *path, const char *title);

static void make_flyer(const char *path, const char *title)
{
    int status = 0;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        draw_flyer(path, title);
        _exit(0);
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void draw_flyer(const char *path, const char *title)
{
    cairo_surface_t *s = cairo_pdf_surface_create(path, 595, 842);
    cairo_t *cr = cairo_create(s);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        _exit(1);
    if (title)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    set_rgb(cr, MARK_PDF1);
    cairo_paint(cr);
    say(cr, "社区健康讲座", 60, 60, 56);
    say(cr, "三月二十日 活动中心二楼", 60, 700, 32);
    cairo_show_page(cr);
    set_rgb(cr, MARK_PDF2);
    cairo_paint(cr);
    say(cr, "报名请到居委会", 60, 60, 48);
    say(cr, "电话 6501 2345", 60, 700, 32);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        _exit(1);
    cairo_surface_destroy(s);
}

static bool near(uint32_t px, uint32_t rgb, int tol)
{
    int sh;
    for (sh = 0; sh < 24; sh += 8) {
        int a = (int)(px >> sh & 255), b = (int)(rgb >> sh & 255);
        if (abs(a - b) > tol)
            return false;
    }
    return true;
}

static uint32_t pixel(const SDL_Surface *s, int x, int y)
{
    return ((const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
}

static void remove_dir(const char *dir)
{
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

/* ---- the poster module -------------------------------------------------- */

static void test_poster_files(void **state)
{
    char dir[] = "/tmp/baolan-poster-XXXXXX", p[1100];
    bl_poster *po = NULL;
    bl_picture *pic = NULL;
    bl_err err;
    char *r;
    (void)state;
    assert_non_null(mkdtemp(dir));

    assert_true(bl_poster_file("a.PNG") && bl_poster_file("b.jpeg") && bl_poster_file("c.webp") &&
                bl_poster_file("d.pdf") && bl_poster_file("e.jpg"));
    assert_false(bl_poster_file("a.txt") || bl_poster_file("png") || bl_poster_file("a.gif"));
    r = bl_poster_resolve("/c/notice.txt", "flyer.pdf");
    assert_string_equal(r, "/c/flyer.pdf");
    free(r);
    r = bl_poster_resolve("/c/notice.txt", "/srv/x.png");
    assert_string_equal(r, "/srv/x.png");
    free(r);

    /* a 16:9 photo: one page, fitted into the slide area with its shape */
    snprintf(p, sizeof p, "%s/photo.png", dir);
    make_photo(p, 1600, 900, MARK_PNG, false);
    assert_int_equal(bl_poster_open(p, BL_PICTURE_MAX_BYTES, &po, &err), BL_OK);
    assert_int_equal(bl_poster_pages(po), 1);
    assert_false(bl_poster_is_pdf(po));
    assert_null(bl_poster_title(po));
    assert_int_equal(bl_poster_page(po, 0, 1920, 940, &pic, &err), BL_OK);
    assert_int_equal(pic->w, 1671);
    assert_int_equal(pic->h, 940);
    assert_true(near(pic->px[470 * 1671 + 835], MARK_PNG, 0));
    bl_picture_destroy(pic);
    assert_int_equal(bl_poster_page(po, 1, 1920, 940, &pic, &err), BL_ERR_RANGE);
    bl_poster_destroy(po);

    /* the flyer: two A4 pages drawn at the size they are shown, its title */
    snprintf(p, sizeof p, "%s/flyer.pdf", dir);
    make_flyer(p, "社区健康讲座");
    assert_int_equal(bl_poster_open(p, BL_PICTURE_MAX_BYTES, &po, &err), BL_OK);
    assert_int_equal(bl_poster_pages(po), 2);
    assert_true(bl_poster_is_pdf(po));
    assert_string_equal(bl_poster_title(po), "社区健康讲座");
    assert_int_equal(bl_poster_page(po, 1, 1920, 940, &pic, &err), BL_OK);
    assert_int_equal(pic->h, 940);
    assert_true(abs(pic->w - 940 * 595 / 842) <= 1);
    assert_true(near(pic->px[470 * pic->w + pic->w / 2], MARK_PDF2, 2));
    /* the Chinese line near the top is there: white strokes on the colour */
    {
        int x, y, white = 0;
        for (y = 60 * 940 / 842; y < 140 * 940 / 842; y++)
            for (x = 0; x < pic->w; x++)
                white += near(pic->px[y * pic->w + x], 0xFFFFFF, 16);
        assert_true(white > 500);
    }
    bl_picture_destroy(pic);
    bl_poster_destroy(po);

    /* broken files: each named, with the reason */
    write_text(dir, "broken.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer\n%%EOF\n");
    snprintf(p, sizeof p, "%s/broken.pdf", dir);
    assert_int_equal(bl_poster_open(p, BL_PICTURE_MAX_BYTES, &po, &err), BL_ERR_PARSE);
    assert_null(po);
    assert_non_null(strstr(err.msg, "broken.pdf"));
    write_text(dir, "notes.jpg", "这不是图片，是改了名字的文字文件。\n");
    snprintf(p, sizeof p, "%s/notes.jpg", dir);
    assert_int_equal(bl_poster_open(p, BL_PICTURE_MAX_BYTES, &po, &err), BL_ERR_PARSE);
    assert_non_null(strstr(err.msg, "notes.jpg"));
    assert_non_null(strstr(err.msg, "not a JPEG, PNG or WebP"));
    write_text(dir, "text.pdf", "hello\n");
    snprintf(p, sizeof p, "%s/text.pdf", dir);
    assert_int_equal(bl_poster_open(p, BL_PICTURE_MAX_BYTES, &po, &err), BL_ERR_PARSE);
    assert_non_null(strstr(err.msg, "text.pdf"));
    snprintf(p, sizeof p, "%s/none.png", dir);
    assert_int_not_equal(bl_poster_open(p, BL_PICTURE_MAX_BYTES, &po, &err), BL_OK);
    assert_non_null(strstr(err.msg, "none.png"));
    remove_dir(dir);
}

/* A poster article: no title, no body needed; its keys read and written
 * back. */
static void test_poster_article(void **state)
{
    static const char text[] = "poster: flyer.pdf\n停留: 20\nshow-until: 2026-05-01\npriority: 1\n";
    bl_article *a = NULL, *b = NULL;
    bl_buf out = {0};
    bl_err err;
    (void)state;
    assert_int_equal(bl_article_parse("n.txt", text, strlen(text), &a, &err), BL_OK);
    assert_string_equal(a->poster, "flyer.pdf");
    assert_int_equal(a->dwell, 20);
    assert_int_equal(a->priority, 1);
    assert_null(a->title);
    assert_int_equal(a->npara, 0);
    assert_int_equal(bl_article_write(a, &out, &err), BL_OK);
    assert_non_null(strstr(out.p, "poster: flyer.pdf\n"));
    assert_non_null(strstr(out.p, "dwell: 20\n"));
    assert_int_equal(bl_article_parse("n.txt", out.p, out.len, &b, &err), BL_OK);
    assert_string_equal(b->poster, "flyer.pdf");
    assert_int_equal(b->dwell, 20);
    bl_article_destroy(a);
    bl_article_destroy(b);
    bl_buf_free(&out);
    /* an ordinary article still needs its title and body */
    assert_int_equal(bl_article_parse("m.txt", "dwell: 20\n", 10, &a, &err), BL_ERR_PARSE);
}

/* ---- on the board -------------------------------------------------------- */

static void base_config(bl_config *c, int w, int h)
{
    bl_config_defaults(c);
    c->width = w;
    c->height = h;
    c->sched.night_start = c->sched.night_end = 0; /* no night */
    c->settle = 0;
}

static bl_sched_state next_slide(bl_board *b, bl_clock *clk)
{
    bl_sched_state st;
    int guard = 0;
    do {
        bl_clock_advance(clk, 0.5);
        bl_board_tick(b, &st);
    } while (!st.changed && ++guard < 100000);
    assert_true(st.changed);
    return st;
}

/* The folder: two articles (one with a dwell of its own), a PNG poster, a PDF flyer, a JPEG given by a
 * poster article (title, dwell), a poster article out of its window, and
 * two broken poster files. */
static void fill_folder(const char *dir)
{
    char p[1100], q[1100];
    snprintf(p, sizeof p, "%s/assets/articles/2026-03-14-03-spring-greenway-parks.txt", src_dir());
    snprintf(q, sizeof q, "%s/a-greenway.txt", dir);
    assert_int_equal(bl_test_copy_file(p, q, NULL), BL_OK);
    write_text(dir, "a2-notice.txt", "title: 停车场维修\ndwell: 20\n\n本周六停车场维修，请车主提前挪车。\n");
    snprintf(p, sizeof p, "%s/b-photo.png", dir);
    make_photo(p, 1600, 900, MARK_PNG, false);
    snprintf(p, sizeof p, "%s/c-flyer.pdf", dir);
    make_flyer(p, "社区健康讲座");
    snprintf(p, sizeof p, "%s/d-market.jpg", dir);
    make_photo(p, 900, 1200, MARK_JPG, true);
    write_text(dir, "d-market.txt", "title: 周末便民集市\npriority: 0\ndwell: 12\nposter: d-market.jpg\n");
    snprintf(p, sizeof p, "%s/e-old.png", dir);
    make_photo(p, 400, 400, 0xC01010u, false);
    write_text(dir, "e-old.txt", "title: 过期的海报\nshow-until: 2020-01-01\nposter: e-old.png\n");
    write_text(dir, "f-broken.pdf", "%PDF-1.4\nnot really a PDF\n");
    write_text(dir, "g-notes.jpg", "这不是图片，是改了名字的文字文件。\n");
}

static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    const char *p = hay;
    while ((p = strstr(p, needle))) {
        n++;
        p += strlen(needle);
    }
    return n;
}

static void test_posters_rotate(void **state)
{
    char dir[] = "/tmp/baolan-posters-XXXXXX", line[1024];
    static char log[65536];
    bl_config c;
    bl_clock *clk = bl_clock_create_virtual(WALL0);
    bl_board *b = NULL;
    bl_sched_state st;
    bl_err err;
    int i;
    size_t n = 0;
    (void)state;
    assert_non_null(mkdtemp(dir));
    fill_folder(dir);
    base_config(&c, 1920, 1080);
    c.sched.poster_dwell = 15;
    logged[0] = '\0';
    bl_log_set_sink(sink, NULL);
    assert_int_equal(bl_board_create(&c, dir, clk, &b, &err), BL_OK);
    bl_log_set_sink(NULL, NULL);
    /* the broken files are named, with the reason, and nothing else is lost */
    print_message("%s", logged);
    assert_non_null(strstr(logged, "f-broken.pdf"));
    assert_non_null(strstr(logged, "g-notes.jpg: not a JPEG, PNG or WebP picture"));
    assert_null(strstr(logged, "b-photo.png"));
    assert_null(strstr(logged, "c-flyer.pdf"));

    /* two rounds of the rotation, as simulate logs them */
    log[0] = '\0';
    bl_board_tick(b, &st);
    for (i = 0; i < 44; i++) {
        bl_board_describe(b, &st, line, sizeof line);
        n = strlen(log);
        snprintf(log + n, sizeof log - n, "%s\n", line);
        st = next_slide(b, clk);
    }
    print_message("%s", log);
    /* the photo: one slide, its file name, the board's poster dwell */
    assert_non_null(strstr(log, "\"kind\": \"poster\", \"article\": \"b-photo.png\", \"dwell\": 15.0}"));
    /* the flyer: page by page */
    assert_non_null(strstr(log, "\"kind\": \"poster\", \"article\": \"c-flyer.pdf\", \"page\": 1, \"pages\": 2, "
                                "\"dwell\": 15.0}"));
    assert_non_null(strstr(log, "\"kind\": \"poster\", \"article\": \"c-flyer.pdf\", \"page\": 2, \"pages\": 2, "
                                "\"dwell\": 15.0}"));
    /* the poster article's photo: its dwell; not also a poster of its own */
    assert_non_null(strstr(log, "\"kind\": \"poster\", \"article\": \"d-market.jpg\", \"dwell\": 12.0}"));
    assert_int_equal(count_of(log, "\"kind\": \"headlines\", \"article\": \"周末便民集市\""),
                     count_of(log, "\"article\": \"d-market.jpg\""));
    /* an article's dwell: holds its pages that long whatever their length */
    assert_non_null(strstr(log, "\"kind\": \"page\", \"article\": \"停车场维修\", \"page\": 1, \"pages\": 1, "
                                "\"dwell\": 20.0"));
    /* the headline screens name the posters: title, PDF title, file name */
    assert_non_null(strstr(log, "\"kind\": \"headlines\", \"article\": \"社区健康讲座\""));
    assert_non_null(strstr(log, "\"kind\": \"headlines\", \"article\": \"b-photo\""));
    /* out of its window: never shown; the broken files neither */
    assert_null(strstr(log, "e-old"));
    assert_null(strstr(log, "过期"));
    assert_null(strstr(log, "broken"));
    assert_null(strstr(log, "notes"));
    /* each poster comes round twice in 44 slides, the article too */
    assert_true(count_of(log, "\"article\": \"b-photo.png\"") >= 2);
    assert_true(count_of(log, "\"kind\": \"page\"") >= 2);

    /* an urgent poster arriving jumps the queue: it is the next slide */
    {
        char p[1100];
        snprintf(p, sizeof p, "%s/h-alert.png", dir);
        make_photo(p, 800, 600, 0xE02020u, false);
        write_text(dir, "h-alert.txt", "title: 停水通知\npriority: 5\nposter: h-alert.png\n");
    }
    assert_true(bl_board_reload(b));
    st = next_slide(b, clk);
    bl_board_describe(b, &st, line, sizeof line);
    assert_non_null(strstr(line, "\"kind\": \"poster\", \"article\": \"h-alert.png\""));

    bl_board_destroy(b);
    remove_dir(dir);
    bl_clock_destroy(clk);
}

/* Ticks to the first slide of the poster whose log names file, and
 * composes it once the transition is over. */
static SDL_Surface *frame_of(bl_board *b, bl_clock *clk, const char *file, const bl_config *c)
{
    bl_sched_state st;
    char line[1024], want[256];
    int i;
    snprintf(want, sizeof want, "\"article\": \"%s\"", file);
    bl_board_tick(b, &st);
    for (i = 0; i < 60; i++) {
        bl_board_describe(b, &st, line, sizeof line);
        if (strstr(line, "\"kind\": \"poster\"") && strstr(line, want))
            break;
        st = next_slide(b, clk);
    }
    assert_true(i < 60);
    bl_clock_advance(clk, c->sched.transition + 0.01);
    return bl_board_frame(b, &st);
}

/* The extent, along the slide area's middle row and column, of what is not
 * the background: the poster's width and height. */
static void measure(const SDL_Surface *f, const bl_frame_geometry *g, uint32_t bg, int *w, int *h)
{
    int x0 = -1, x1 = -1, y0 = -1, y1 = -1, x, y, my = g->status_h + g->slide_h / 2, mx = g->w / 2;
    for (x = 0; x < g->w; x++)
        if (!near(pixel(f, x, my), bg, 0)) {
            if (x0 < 0)
                x0 = x;
            x1 = x;
        }
    for (y = g->status_h; y < g->status_h + g->slide_h; y++)
        if (!near(pixel(f, mx, y), bg, 0)) {
            if (y0 < 0)
                y0 = y;
            y1 = y;
        }
    *w = x1 - x0 + 1;
    *h = y1 - y0 + 1;
    /* centred */
    assert_true(abs(x0 - (g->w - 1 - x1)) <= 1);
    assert_true(abs((y0 - g->status_h) - (g->status_h + g->slide_h - 1 - y1)) <= 1);
}

static void check_letterbox(SDL_Surface *f, const bl_frame_geometry *g, uint32_t bg, uint32_t mark,
                            int pw, int ph, int up_pct)
{
    int w, h, fw, fh, m = BL_DECK_POSTER_MARGIN(g->w, g->slide_h);
    bl_picture_fit(pw, ph, g->w - 2 * m, g->slide_h - 2 * m, up_pct, &fw, &fh);
    /* the marker colour in the middle */
    assert_true(near(pixel(f, g->w / 2, g->status_h + g->slide_h / 2), mark, 4));
    /* the theme's background in the bars (the slide area's corners) */
    assert_true(near(pixel(f, 0, g->status_h + g->slide_h / 2), bg, 0));
    assert_true(near(pixel(f, g->w - 1, g->status_h + g->slide_h / 2), bg, 0));
    assert_true(near(pixel(f, g->w / 2, g->status_h), bg, 0));
    assert_true(near(pixel(f, g->w / 2, g->status_h + g->slide_h - 1), bg, 0));
    measure(f, g, bg, &w, &h);
    print_message("%dx%d: poster %dx%d, expected %dx%d\n", g->w, g->h, w, h, fw, fh);
    assert_true(abs(w - fw) <= 1 && abs(h - fh) <= 1);
    /* the shape kept within a pixel */
    assert_true(abs(w * ph - h * pw) <= BL_MAX(pw, ph));
}

static void save(SDL_Surface *f, const char *name, int w, int h)
{
    const char *out = getenv("BL_POSTER_FRAMES");
    char p[1100];
    bl_err err;
    if (!out || !*out)
        return;
    mkdir(out, 0755);
    snprintf(p, sizeof p, "%s/%dx%d-%s.png", out, w, h, name);
    assert_int_equal(bl_png_write(p, f, &err), BL_OK);
}

static void test_letterboxed_frames(void **state)
{
    static const int sizes[][2] = {{1920, 1080}, {1080, 1920}, {800, 480}};
    char dir[] = "/tmp/baolan-posterframes-XXXXXX", p[1100];
    bl_theme theme;
    bl_err err;
    size_t i;
    (void)state;
    bl_theme_defaults(&theme);
    snprintf(p, sizeof p, "%s/assets/theme.ini", src_dir());
    assert_int_equal(bl_theme_load(p, &theme, &err), BL_OK);
    assert_non_null(mkdtemp(dir));
    fill_folder(dir);
    for (i = 0; i < BL_ARRAY_LEN(sizes); i++) {
        int W = sizes[i][0], H = sizes[i][1];
        bl_config c;
        bl_frame_geometry g;
        bl_clock *clk = bl_clock_create_virtual(WALL0);
        bl_board *b = NULL;
        SDL_Surface *f;
        uint32_t bg = theme.background & 0xFFFFFF;
        base_config(&c, W, H);
        bl_frame_geometry_of(&c, &g);
        bl_log_set_level(BL_LOG_ERROR);
        assert_int_equal(bl_board_create(&c, dir, clk, &b, &err), BL_OK);
        bl_log_set_level(BL_LOG_INFO);
        f = frame_of(b, clk, "b-photo.png", &c);
        save(f, "photo", W, H);
        check_letterbox(f, &g, bg, MARK_PNG, 1600, 900, BL_POSTER_MAX_UPSCALE_PCT);
        f = frame_of(b, clk, "c-flyer.pdf", &c);
        save(f, "flyer-1", W, H);
        check_letterbox(f, &g, bg, MARK_PDF1, 59500, 84200, 1000000);
        f = frame_of(b, clk, "d-market.jpg", &c);
        save(f, "market", W, H);
        check_letterbox(f, &g, bg, MARK_JPG, 900, 1200, BL_POSTER_MAX_UPSCALE_PCT);
        /* the flyer's second page follows its first */
        bl_board_destroy(b);
        bl_clock_destroy(clk);
    }
    remove_dir(dir);
}

/* A poster file replaced in the folder shows its new picture from its
 * next slide; replaced by a broken file, it is named in a warning (once)
 * and the last good picture stays; deleted, it leaves the rotation. */
static void test_poster_changes(void **state)
{
    char dir[] = "/tmp/baolan-posterchg-XXXXXX", p[1100], line[1024];
    bl_config c;
    bl_clock *clk = bl_clock_create_virtual(WALL0);
    bl_board *b = NULL;
    bl_frame_geometry g;
    bl_sched_state st;
    bl_err err;
    SDL_Surface *f;
    int i, seen = 0;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(p, sizeof p, "%s/photo.png", dir);
    make_photo(p, 1600, 900, MARK_PNG, false);
    write_text(dir, "notice.txt", "title: 通知\n\n本周六社区活动中心开放。\n");
    base_config(&c, 960, 540);
    bl_frame_geometry_of(&c, &g);
    assert_int_equal(bl_board_create(&c, dir, clk, &b, &err), BL_OK);
    f = frame_of(b, clk, "photo.png", &c);
    assert_true(near(pixel(f, g.w / 2, g.status_h + g.slide_h / 2), MARK_PNG, 4));

    /* a new picture under the same name (written, then renamed in) */
    snprintf(p, sizeof p, "%s/.photo.png.tmp", dir);
    make_photo(p, 900, 1600, MARK_JPG, false);
    {
        char q[1100];
        snprintf(q, sizeof q, "%s/photo.png", dir);
        assert_int_equal(rename(p, q), 0);
    }
    assert_true(bl_board_reload(b));
    st = next_slide(b, clk);
    f = frame_of(b, clk, "photo.png", &c);
    assert_true(near(pixel(f, g.w / 2, g.status_h + g.slide_h / 2), MARK_JPG, 4));

    /* broken: named, and the last good picture stays */
    write_text(dir, "photo.png", "not a picture any more\n");
    logged[0] = '\0';
    bl_log_set_sink(sink, NULL);
    bl_board_reload(b);
    bl_log_set_sink(NULL, NULL);
    assert_non_null(strstr(logged, "photo.png: not a JPEG, PNG or WebP picture"));
    /* said once: another file changing does not bring it up again */
    write_text(dir, "notice.txt", "title: 通知\n\n本周日社区活动中心也开放。\n");
    logged[0] = '\0';
    bl_log_set_sink(sink, NULL);
    assert_true(bl_board_reload(b));
    bl_log_set_sink(NULL, NULL);
    assert_null(strstr(logged, "photo.png"));
    st = next_slide(b, clk);
    f = frame_of(b, clk, "photo.png", &c);
    assert_true(near(pixel(f, g.w / 2, g.status_h + g.slide_h / 2), MARK_JPG, 4));

    /* deleted: gone from the rotation */
    snprintf(p, sizeof p, "%s/photo.png", dir);
    assert_int_equal(remove(p), 0);
    assert_true(bl_board_reload(b));
    for (i = 0; i < 12; i++) {
        st = next_slide(b, clk);
        bl_board_describe(b, &st, line, sizeof line);
        seen += strstr(line, "photo") != NULL;
    }
    assert_int_equal(seen, 0);
    bl_board_destroy(b);
    remove_dir(dir);
    bl_clock_destroy(clk);
}

/* The headline screen of a board: the one that marks `marked`, composed
 * once its transition is over. */
static SDL_Surface *headline_frame(const char *dir, const char *marked, bl_clock *clk, bl_board **b)
{
    bl_config c;
    bl_sched_state st;
    bl_err err;
    char line[1024];
    int i;
    base_config(&c, 1920, 1080);
    bl_log_set_level(BL_LOG_ERROR);
    assert_int_equal(bl_board_create(&c, dir, clk, b, &err), BL_OK);
    bl_log_set_level(BL_LOG_INFO);
    bl_board_tick(*b, &st);
    for (i = 0; i < 30; i++) {
        bl_board_describe(*b, &st, line, sizeof line);
        if (st.cur.kind == BL_SLIDE_HEADLINES && strstr(line, marked))
            break;
        st = next_slide(*b, clk);
    }
    assert_true(i < 30);
    bl_clock_advance(clk, c.sched.transition + 0.01);
    return bl_board_frame(*b, &st);
}

/* The headline screen lists the posters by name (saved to be looked at)
 * and leaves out the one outside its show window: its frame is the same
 * bytes as a board's without that poster. */
static void test_headline_screen_names_posters(void **state)
{
    char dir[] = "/tmp/baolan-posterhead-XXXXXX", dir2[] = "/tmp/baolan-posterhead2-XXXXXX", p[1100];
    bl_clock *clk = bl_clock_create_virtual(WALL0), *clk2 = bl_clock_create_virtual(WALL0);
    bl_board *b = NULL, *b2 = NULL;
    SDL_Surface *f, *f2;
    int y;
    (void)state;
    assert_non_null(mkdtemp(dir));
    assert_non_null(mkdtemp(dir2));
    fill_folder(dir);
    fill_folder(dir2);
    snprintf(p, sizeof p, "%s/e-old.txt", dir2);
    assert_int_equal(remove(p), 0);
    snprintf(p, sizeof p, "%s/e-old.png", dir2);
    assert_int_equal(remove(p), 0);
    f = headline_frame(dir, "社区健康讲座", clk, &b);
    save(f, "headlines", 1920, 1080);
    f2 = headline_frame(dir2, "社区健康讲座", clk2, &b2);
    assert_int_equal(f->w, f2->w);
    assert_int_equal(f->h, f2->h);
    for (y = 0; y < f->h; y++)
        assert_memory_equal((const uint8_t *)f->pixels + (size_t)y * (size_t)f->pitch,
                            (const uint8_t *)f2->pixels + (size_t)y * (size_t)f2->pitch, (size_t)f->w * 4);
    /* the folder too, for `baolan simulate` by hand */
    if (getenv("BL_POSTER_FRAMES") && *getenv("BL_POSTER_FRAMES")) {
        char keep[1100];
        snprintf(keep, sizeof keep, "%s/content", getenv("BL_POSTER_FRAMES"));
        mkdir(keep, 0755);
        fill_folder(keep);
    }
    bl_board_destroy(b);
    bl_board_destroy(b2);
    remove_dir(dir);
    remove_dir(dir2);
    bl_clock_destroy(clk);
    bl_clock_destroy(clk2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_poster_files),
        cmocka_unit_test(test_poster_article),
        cmocka_unit_test(test_posters_rotate),
        cmocka_unit_test(test_letterboxed_frames),
        cmocka_unit_test(test_poster_changes),
        cmocka_unit_test(test_headline_screen_names_posters),
    };
    int rc;
    bl_test_fontconfig();
    if (SDL_Init(0))
        return 1;
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    SDL_Quit();
    /* the font caches of Pango, cairo and fontconfig, so that the leak
     * checker sees only what is ours */
    pango_cairo_font_map_set_default(NULL);
    cairo_debug_reset_static_data();
    FcFini();
    return rc;
}
