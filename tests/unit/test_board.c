/*
 * test_board.c - the board on a virtual clock: a full rotation shows every
 * article and every page in order, frames have the screen's size and
 * rotation, a transition blends the two slides, content changes reach the
 * screen at a slide boundary (a broken file keeps its last good version),
 * a simulated week with the content changing every hour runs in
 * seconds without growing, the deck's handles find an article's newest
 * layout and keep a removed one while the schedule still shows it, and a
 * label draws a character its first face
 * lacks with the next face of the chain, as the page does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <malloc.h>
#include <sys/stat.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testfs.h"
#include "board/alert.h"
#include "board/board.h"
#include "core/clock.h"
#include "board/compose.h"
#include "board/config.h"
#include "content/content.h"
#include "board/deck.h"
#include "board/label.h"
#include "content/source.h"
#include "layout/theme.h"
#include "render/engine.h"
#include "text/font.h"

#define WALL0 1800000000

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
} /* 2027-01-15, a set clock */

static const char *src_dir(void)
{
    const char *d = getenv("BL_SOURCE_DIR");
    return d ? d : ".";
}

static void base_config(bl_config *c, int w, int h)
{
    bl_config_defaults(c);
    c->width = w;
    c->height = h;
    c->sched.night_start = c->sched.night_end = 0; /* no night */
    c->settle = 0;                                 /* read files as soon as they are there */
}

static bl_board *make_board(const bl_config *c, const char *dir, bl_clock *clk)
{
    bl_board *b = NULL;
    bl_err err;
    if (bl_board_create(c, dir, clk, &b, &err))
        fail_msg("%s", err.msg);
    return b;
}

/* Ticks until the slide changes; returns the new state. */
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

static void test_full_rotation(void **state)
{
    char dir[1024];
    bl_config c;
    bl_clock *clk = bl_clock_create_virtual(WALL0);
    bl_board *b;
    bl_sched_state st;
    int article, seen_pages = 0, articles = 0;
    (void)state;
    snprintf(dir, sizeof dir, "%s/assets/articles", src_dir());
    base_config(&c, 1920, 1080);
    b = make_board(&c, dir, clk);
    bl_board_tick(b, &st);
    /* headlines marking article 0, its pages in order, then the next */
    for (article = 0; article < 4; article++) {
        int p;
        if (article > 0)
            st = next_slide(b, clk);
        assert_int_equal(st.cur.kind, BL_SLIDE_HEADLINES);
        assert_int_equal(st.cur.article, article);
        assert_true(st.cur.dwell == c.sched.headline_dwell);
        st = next_slide(b, clk);
        assert_int_equal(st.cur.kind, BL_SLIDE_PAGE);
        assert_int_equal(st.cur.article, article);
        assert_true(st.cur.npages >= 1);
        for (p = 0; p < st.cur.npages; p++) {
            if (p > 0)
                st = next_slide(b, clk);
            assert_int_equal(st.cur.kind, BL_SLIDE_PAGE);
            assert_int_equal(st.cur.article, article);
            assert_int_equal(st.cur.page, p);
            /* a page's dwell follows its length, within the limits */
            assert_true(st.cur.dwell >= c.sched.min_dwell && st.cur.dwell <= c.sched.max_dwell);
            seen_pages++;
        }
        articles++;
    }
    /* and round again */
    st = next_slide(b, clk);
    assert_int_equal(st.cur.kind, BL_SLIDE_HEADLINES);
    assert_int_equal(st.cur.article, 0);
    assert_int_equal(articles, 4);
    assert_true(seen_pages >= 8);
    bl_board_destroy(b);
    bl_clock_destroy(clk);
}

static uint32_t pixel(SDL_Surface *s, int x, int y)
{
    return ((uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
}

static size_t differing(SDL_Surface *a, SDL_Surface *b, int y0, int y1)
{
    size_t n = 0;
    int x, y;
    for (y = y0; y < y1; y++)
        for (x = 0; x < a->w; x++)
            n += pixel(a, x, y) != pixel(b, x, y);
    return n;
}

static void test_frames_and_transition(void **state)
{
    char dir[1024];
    bl_config c;
    bl_clock *clk = bl_clock_create_virtual(WALL0);
    bl_board *b;
    bl_sched_state st;
    SDL_Surface *f, *headlines, *fading, *page;
    (void)state;
    snprintf(dir, sizeof dir, "%s/assets/articles", src_dir());
    base_config(&c, 960, 540);
    c.ticker = false; /* the band moves every frame */
    b = make_board(&c, dir, clk);
    f = bl_board_frame(b, &st);
    assert_int_equal(f->w, 960);
    assert_int_equal(f->h, 540);
    headlines = SDL_ConvertSurfaceFormat(f, SDL_PIXELFORMAT_ARGB8888, 0);
    /* halfway through the transition into the first page */
    bl_clock_advance(clk, st.cur.dwell + c.sched.transition / 2);
    f = bl_board_frame(b, &st);
    assert_int_equal(st.cur.kind, BL_SLIDE_PAGE);
    assert_true(st.transition > 0.3 && st.transition < 0.7);
    fading = SDL_ConvertSurfaceFormat(f, SDL_PIXELFORMAT_ARGB8888, 0);
    bl_clock_advance(clk, c.sched.transition);
    f = bl_board_frame(b, &st);
    assert_true(st.transition >= 1.0);
    page = SDL_ConvertSurfaceFormat(f, SDL_PIXELFORMAT_ARGB8888, 0);
    /* the fade differs from both ends; the slide area changed */
    assert_true(differing(headlines, page, 60, 480) > 5000);
    assert_true(differing(fading, page, 60, 480) > 5000);
    assert_true(differing(fading, headlines, 60, 480) > 5000);
    SDL_FreeSurface(headlines);
    SDL_FreeSurface(fading);
    SDL_FreeSurface(page);
    bl_board_destroy(b);

    /* a portrait-mounted panel: rotation 90 gives a frame of the panel's
     * size with the picture turned */
    c.rotation = 90;
    b = make_board(&c, dir, clk);
    f = bl_board_frame(b, &st);
    assert_int_equal(f->w, 960);
    assert_int_equal(f->h, 540);
    bl_board_destroy(b);
    bl_clock_destroy(clk);
}

static void write_article(const char *dir, const char *name, const char *title, const char *body)
{
    char tmp[1024], path[1024];
    FILE *f;
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp", dir, name);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(tmp, "w");
    assert_non_null(f);
    fprintf(f, "title: %s\n\n%s\n", title, body);
    fclose(f);
    assert_int_equal(rename(tmp, path), 0); /* write, then rename */
}

static void test_content_changes_at_boundary(void **state)
{
    char dir[] = "/tmp/baolan-board-XXXXXX", path[1024];
    bl_config c;
    bl_clock *clk = bl_clock_create_virtual(WALL0);
    bl_board *b;
    bl_sched_state st;
    uint64_t serial;
    FILE *f;
    (void)state;
    assert_non_null(mkdtemp(dir));
    write_article(dir, "a.txt", "第一篇", "社区活动中心本周六开放。");
    write_article(dir, "b.txt", "第二篇", "图书角新到一批图书。");
    base_config(&c, 960, 540);
    b = make_board(&c, dir, clk);
    bl_board_tick(b, &st);
    serial = st.cur.serial;
    /* a new article: nothing changes on screen before the boundary */
    write_article(dir, "c.txt", "第三篇", "明天上午停水两小时。");
    assert_true(bl_board_reload(b));
    bl_clock_advance(clk, 1.0);
    bl_board_tick(b, &st);
    assert_int_equal(st.cur.serial, serial);
    st = next_slide(b, clk);
    /* ... after it, three articles are in the rotation */
    {
        int seen[3] = {0, 0, 0}, i;
        for (i = 0; i < 12; i++) {
            if (st.cur.kind == BL_SLIDE_PAGE && st.cur.article >= 0 && st.cur.article < 3)
                seen[st.cur.article] = 1;
            st = next_slide(b, clk);
        }
        assert_true(seen[0] && seen[1] && seen[2]);
    }
    /* a broken file keeps its last good version */
    snprintf(path, sizeof path, "%s/b.txt", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("no title here\n", f);
    fclose(f);
    bl_board_reload(b);
    {
        int i, pages_b = 0;
        for (i = 0; i < 12; i++) {
            st = next_slide(b, clk);
            if (st.cur.kind == BL_SLIDE_PAGE && st.cur.article == 1)
                pages_b++;
        }
        assert_true(pages_b > 0);
    }
    /* a deleted file leaves the rotation */
    unlink(path);
    assert_true(bl_board_reload(b));
    {
        int i, bad = 0;
        st = next_slide(b, clk);
        for (i = 0; i < 12; i++) {
            st = next_slide(b, clk);
            bad += st.cur.kind == BL_SLIDE_PAGE && st.cur.article >= 2;
        }
        assert_int_equal(bad, 0);
    }
    bl_board_destroy(b);
    snprintf(path, sizeof path, "%s/a.txt", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/c.txt", dir);
    unlink(path);
    rmdir(dir);
    bl_clock_destroy(clk);
}

static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;
    while (d && (de = readdir(d)))
        n += de->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

static void test_inbox_and_settle(void **state)
{
    /* A raw newspaper page dropped into the inbox beside the content
     * folder becomes articles on the board and moves to inbox/imported; a
     * page that cannot be imported moves to inbox/failed; a file written
     * in place is not read until it has been left alone for the settle
     * time. */
    char root[] = "/tmp/baolan-inbox-XXXXXX", content[256], inbox[256], path[512], cmd[600];
    bl_config c;
    bl_clock *clk = bl_clock_create_virtual(WALL0);
    bl_board *b;
    bl_sched_state st;
    int seen_new = 0, i;
    (void)state;
    assert_non_null(mkdtemp(root));
    snprintf(content, sizeof content, "%s/articles", root);
    snprintf(inbox, sizeof inbox, "%s/inbox", root);
    assert_int_equal(mkdir(content, 0755), 0);
    assert_int_equal(mkdir(inbox, 0755), 0);
    write_article(content, "a.txt", "第一篇", "社区活动中心本周六开放。");
    base_config(&c, 960, 540);
    b = make_board(&c, content, clk);
    bl_board_tick(b, &st);

    snprintf(path, sizeof path, "%s/tests/data/import/page-b-w20.txt", src_dir());
    snprintf(cmd, sizeof cmd, "%s/page.txt", inbox);
    assert_int_equal(bl_test_copy_file(path, cmd, NULL), BL_OK);
    snprintf(cmd, sizeof cmd, "%s/broken.txt", inbox);
    {
        FILE *f = fopen(cmd, "wb");
        assert_non_null(f);
        fwrite("\xff\xfe\x00\x01binary", 1, 10, f);
        fclose(f);
    }
    assert_true(bl_board_reload(b));
    assert_true(count_files(content) > 1);
    snprintf(path, sizeof path, "%s/imported/page.txt", inbox);
    assert_int_equal(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/failed/broken.txt", inbox);
    assert_int_equal(access(path, F_OK), 0);
    for (i = 0; i < 20; i++) {
        st = next_slide(b, clk);
        seen_new += st.cur.kind == BL_SLIDE_PAGE && st.cur.article >= 1;
    }
    assert_true(seen_new > 0);
    bl_board_destroy(b);

    /* settle: a file just written is left for a later scan */
    c.settle = 5;
    b = make_board(&c, content, clk);
    write_article(content, "z-fresh.txt", "刚写的", "还没有写完的文件不会被读。");
    assert_false(bl_board_reload(b));
    {
        struct timespec old[2];
        clock_gettime(CLOCK_REALTIME, &old[0]);
        old[0].tv_sec -= 10;
        old[1] = old[0];
        snprintf(path, sizeof path, "%s/z-fresh.txt", content);
        assert_int_equal(utimensat(AT_FDCWD, path, old, 0), 0);
    }
    assert_true(bl_board_reload(b));
    bl_board_destroy(b);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
    bl_clock_destroy(clk);
}

static void test_week(void **state)
{
    /* A week on the virtual clock, the content changing every simulated
     * hour, night hours on: it runs in seconds and the heap does not grow
     * from the first day to the last. */
    char dir[] = "/tmp/baolan-week-XXXXXX", path[1024];
    bl_config c;
    bl_clock *clk = bl_clock_create_virtual(WALL0);
    bl_board *b;
    bl_sched_state st;
    int hour;
    size_t slides = 0;
#ifndef __SANITIZE_ADDRESS__
    size_t day1 = 0;
#endif
    (void)state;
    assert_non_null(mkdtemp(dir));
    write_article(dir, "a.txt", "常驻文章", "每天都在的文章。");
    base_config(&c, 640, 360);
    c.sched.night_start = 22 * 60;
    c.sched.night_end = 6 * 60;
    b = make_board(&c, dir, clk);
    for (hour = 0; hour < 7 * 24; hour++) {
        char name[32], title[64];
        double end = bl_clock_mono(clk) + 3600;
        snprintf(name, sizeof name, "h%d.txt", hour % 5);
        snprintf(title, sizeof title, "第%d小时的新闻", hour);
        write_article(dir, name, title, "居民委员会通知：本周末进行消防演练，请大家配合。");
        bl_board_reload(b);
        while (bl_clock_mono(clk) < end) {
            bl_clock_advance(clk, 5.0);
            bl_board_tick(b, &st);
            slides += st.changed;
            assert_true(st.cur.article < 6);
        }
#ifndef __SANITIZE_ADDRESS__
        if (hour == 24)
            day1 = mallinfo2().uordblks;
#endif
    }
#ifndef __SANITIZE_ADDRESS__
    {
        size_t day7 = mallinfo2().uordblks;
        if (day7 > day1 + 256 * 1024)
            fail_msg("heap grew from %zu to %zu bytes over the week", day1, day7);
    }
#endif
    assert_true(slides > 1000);
    bl_board_destroy(b);
    for (hour = 0; hour < 5; hour++) {
        snprintf(path, sizeof path, "%s/h%d.txt", dir, hour);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/a.txt", dir);
    unlink(path);
    rmdir(dir);
    bl_clock_destroy(clk);
}

static void test_deck_handles(void **state)
{
    /* The schedule's items carry handles into the deck: a changed article
     * is laid out again under the same handle, an unchanged one is not
     * laid out again, and a removed one stays findable until the
     * schedule has moved on to the new list. */
    char dir[] = "/tmp/baolan-deck-XXXXXX", path[1024];
    bl_clock *clk = bl_clock_create_virtual(WALL0);
    bl_engine_opts eo;
    bl_engine *eng = NULL;
    bl_source *src = NULL;
    bl_deck *deck = NULL;
    bl_sched *sched = NULL;
    bl_sched_config sc;
    bl_sched_state st;
    bl_err err;
    uint64_t ha, hb, layout_a, layout_b;
    (void)state;
    assert_non_null(mkdtemp(dir));
    write_article(dir, "a.txt", "第一篇", "社区活动中心本周六开放。");
    write_article(dir, "b.txt", "第二篇", "图书角新到一批图书。");
    memset(&eo, 0, sizeof eo);
    eo.width = 640;
    eo.height = 360;
    eo.margin_px = -1;
    bl_sched_config_defaults(&sc);
    sc.night_start = sc.night_end = 0;
    if (bl_engine_create(&eo, &eng, &err) || bl_folder_create(dir, BL_ARTICLE_MAX_BYTES, 0, 0, &src, &err) ||
        bl_deck_create(bl_engine_layout_opts(eng), BL_ORIENT_CFG_AUTO, 640, 360, &deck, &err) ||
        bl_sched_create(&sc, clk, &sched, &err))
        fail_msg("%s", err.msg);
    assert_true(bl_source_scan(src));
    bl_deck_update(deck, src, sched);
    bl_sched_tick(sched, &st);
    assert_int_equal(bl_sched_count(sched), 2);
    ha = bl_sched_item_handle(sched, 0);
    hb = bl_sched_item_handle(sched, 1);
    assert_true(ha && hb && ha != hb);
    assert_string_equal(bl_deck_find(deck, ha)->title, "第一篇");
    assert_string_equal(bl_deck_find(deck, hb)->title, "第二篇");
    layout_a = bl_deck_find(deck, ha)->layout;
    layout_b = bl_deck_find(deck, hb)->layout;

    /* b changes, a goes: before the boundary the list in force is the old
     * one, and its handles find b's new layout and a's last one */
    write_article(dir, "b.txt", "第二篇（更新）", "图书角新到一批图书，欢迎借阅。");
    snprintf(path, sizeof path, "%s/a.txt", dir);
    unlink(path);
    assert_true(bl_source_scan(src));
    bl_deck_update(deck, src, sched);
    assert_int_equal(bl_sched_count(sched), 2);
    assert_true(bl_sched_item_handle(sched, 1) == hb);
    assert_string_equal(bl_deck_find(deck, hb)->title, "第二篇（更新）");
    assert_true(bl_deck_find(deck, hb)->layout != layout_b);
    assert_non_null(bl_deck_find(deck, ha));
    assert_true(bl_deck_find(deck, ha)->layout == layout_a);
    bl_deck_collect(deck, sched);
    assert_non_null(bl_deck_find(deck, ha)); /* still named by the list in force */

    /* after the boundary the new list is in force and a's layout can go */
    do {
        bl_clock_advance(clk, 1.0);
        bl_sched_tick(sched, &st);
    } while (!st.changed);
    assert_int_equal(bl_sched_count(sched), 1);
    assert_true(bl_sched_item_handle(sched, 0) == hb);
    bl_deck_collect(deck, sched);
    assert_null(bl_deck_find(deck, ha));

    /* an unchanged article is not laid out again */
    write_article(dir, "c.txt", "第三篇", "明天上午停水两小时。");
    layout_b = bl_deck_find(deck, hb)->layout;
    assert_true(bl_source_scan(src));
    bl_deck_update(deck, src, sched);
    assert_true(bl_deck_find(deck, hb)->layout == layout_b);

    bl_sched_destroy(sched);
    bl_deck_destroy(deck);
    bl_source_destroy(src);
    bl_engine_destroy(eng);
    unlink(path);
    snprintf(path, sizeof path, "%s/b.txt", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/c.txt", dir);
    unlink(path);
    rmdir(dir);
    bl_clock_destroy(clk);
}

/* Pixels of a label surface, compared as drawn colour and coverage. */
static bool same_pixels(SDL_Surface *a, SDL_Surface *b)
{
    int y;
    if (!a || !b || a->w != b->w || a->h != b->h)
        return false;
    for (y = 0; y < a->h; y++)
        if (memcmp((uint8_t *)a->pixels + (size_t)y * (size_t)a->pitch,
                   (uint8_t *)b->pixels + (size_t)y * (size_t)b->pitch, (size_t)a->w * 4))
            return false;
    return true;
}

static SDL_Surface *label_with(const bl_face *const *faces, size_t n, const char *text)
{
    bl_font *font = NULL;
    bl_label *l = NULL;
    SDL_Surface *s;
    bl_err err;
    if (bl_font_create(faces, n, 40, &font, &err) || bl_label_create(font, 40, &l, &err))
        fail_msg("%s", err.msg);
    s = bl_label_render(l, text, 0xFF1F1A17u);
    assert_non_null(s);
    bl_label_destroy(l);
    bl_font_destroy(font);
    return s;
}

static void test_label_fallback(void **state)
{
    /* U+9FEB is in Noto Sans CJK SC but not in Noto Serif CJK SC: with
     * the serif face first and the sans face behind it, a label draws it
     * as the sans face does, not as the serif face's box.  Text the first
     * face has is drawn exactly as that face alone draws it. */
    char list[1024];
    bl_fontlib *lib = NULL;
    bl_err err;
    const bl_face *serif, *sans, *chain[2], *only_serif[1], *only_sans[1];
    SDL_Surface *mixed, *fallback_alone, *boxed, *covered, *covered_alone, *both, *both_boxed;
    (void)state;
    snprintf(list, sizeof list, "%s/fonts/fonts.list", src_dir());
    if (bl_fontlib_create_from_list(list, &lib, &err))
        fail_msg("%s", err.msg);
    serif = bl_fontlib_find(lib, "Noto Serif CJK SC", "Regular", &err);
    sans = bl_fontlib_find(lib, "Noto Sans CJK SC", "Regular", &err);
    assert_non_null(serif);
    assert_non_null(sans);
    chain[0] = only_serif[0] = serif;
    chain[1] = only_sans[0] = sans;

    mixed = label_with(chain, 2, "鿫");
    fallback_alone = label_with(only_sans, 1, "鿫");
    boxed = label_with(only_serif, 1, "鿫");
    assert_true(same_pixels(mixed, fallback_alone));
    assert_false(same_pixels(mixed, boxed));

    covered = label_with(chain, 2, "社区报栏 2027年1月15日");
    covered_alone = label_with(only_serif, 1, "社区报栏 2027年1月15日");
    assert_true(same_pixels(covered, covered_alone));

    /* in a longer label: the serif text as before, then the sans glyph */
    both = label_with(chain, 2, "社区鿫");
    both_boxed = label_with(only_serif, 1, "社区鿫");
    assert_int_equal(both->h, both_boxed->h);
    {
        SDL_Surface *head = label_with(only_serif, 1, "社区");
        int x, y, w = BL_MIN(both->w, both_boxed->w);
        size_t before = 0, after = 0;
        for (y = 0; y < both->h; y++)
            for (x = 0; x < w; x++)
                *(x < head->w ? &before : &after) += pixel(both, x, y) != pixel(both_boxed, x, y);
        assert_int_equal(before, 0);
        assert_true(after > 20);
        SDL_FreeSurface(head);
    }
    SDL_FreeSurface(mixed);
    SDL_FreeSurface(fallback_alone);
    SDL_FreeSurface(boxed);
    SDL_FreeSurface(covered);
    SDL_FreeSurface(covered_alone);
    SDL_FreeSurface(both);
    SDL_FreeSurface(both_boxed);
    bl_fontlib_destroy(lib);
}

/* A big article dropped in the folder is read and laid out off the
 * render loop: the loop's call that notices it returns at once, frames
 * keep coming, and the article comes on once it is laid out.  It used
 * to freeze the screen for the whole layout (seconds for a few MB). */
static void test_content_change_off_the_render_loop(void **state)
{
    char dir[] = "/tmp/baolan-board-XXXXXX", cmd[600];
    bl_config c;
    bl_clock *clk = bl_clock_create_virtual(WALL0);
    bl_board *b;
    bl_sched_state st;
    double t0, poll_s, worst = 0, waited = 0;
    bool arrived = false;
    int i, pages_big = 0;
    char *body;
    size_t len = 0, cap = 3u << 20;
    static const char para[] = "社区活动中心本周六开放，欢迎居民前来参加各项文体活动，图书角新到一批图书。\n\n";
    (void)state;
    assert_non_null(mkdtemp(dir));
    write_article(dir, "a.txt", "第一篇", "社区活动中心本周六开放。");
    base_config(&c, 960, 540);
    b = make_board(&c, dir, clk);
    bl_board_tick(b, &st);
    body = malloc(cap);
    assert_non_null(body);
    while (len + sizeof para < cap - 1024) {
        memcpy(body + len, para, sizeof para - 1);
        len += sizeof para - 1;
    }
    body[len] = '\0';
    write_article(dir, "b.txt", "长文", body);
    free(body);
    sleep_ms(300); /* the poll looks at most five times a second */
    t0 = bl_now_seconds();
    arrived = bl_board_poll_content(b);
    poll_s = bl_now_seconds() - t0;
    for (i = 0; i < 100000 && !arrived && waited < 120; i++) {
        double f0 = bl_now_seconds(), f;
        arrived = bl_board_poll_content(b);
        bl_board_frame(b, &st);
        f = bl_now_seconds() - f0;
        worst = f > worst ? f : worst;
        bl_clock_advance(clk, 1.0 / 60);
        sleep_ms(2);
        waited = bl_now_seconds() - t0;
    }
    print_message("poll %.3f s, laid out after %.2f s, worst frame %.3f s\n", poll_s, waited, worst);
    assert_true(poll_s < 0.15);
    assert_true(arrived);
    assert_true(waited > poll_s);
    for (i = 0; i < 30; i++) {
        st = next_slide(b, clk);
        pages_big += st.cur.kind == BL_SLIDE_PAGE && st.cur.article == 1;
    }
    assert_true(pages_big > 0);
    bl_board_destroy(b);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    bl_clock_destroy(clk);
}

/* The headline screen and the ticker show the list in force.  A content
 * change reaches the schedule at its next slide boundary; the headline
 * screen drawn ahead of that boundary from the old list used to be
 * reused after it (the new article missing), and the ticker, redrawn at
 * once from the old list, was not redrawn when the new one took over.
 * The frame after the boundary must be what a compositor that never saw
 * the old list draws. */
static void test_pictures_follow_the_list_in_force(void **state)
{
    char dir[] = "/tmp/baolan-deck-XXXXXX", cmd[600];
    bl_clock *clk = bl_clock_create_virtual(WALL0);
    bl_config c;
    bl_theme theme;
    bl_frame_geometry g;
    bl_engine_opts eo;
    bl_engine *eng = NULL;
    bl_source *src = NULL;
    bl_deck *deck = NULL;
    bl_sched *sched = NULL;
    bl_compose *c1 = NULL, *c2 = NULL;
    bl_layout_opts lo;
    bl_sched_state st;
    bl_slide next;
    bl_err err;
    SDL_Surface *f1, *f2;
    (void)state;
    assert_non_null(mkdtemp(dir));
    write_article(dir, "a.txt", "第一篇", "社区活动中心本周六开放。");
    write_article(dir, "b.txt", "第二篇", "图书角新到一批图书。");
    base_config(&c, 960, 540);
    c.sched.transition = 0;
    bl_theme_defaults(&theme);
    bl_frame_geometry_of(&c, &g);
    memset(&eo, 0, sizeof eo);
    eo.width = g.w;
    eo.height = g.slide_h;
    eo.margin_px = -1;
    eo.body_px = bl_theme_body_px(&theme, g.w, g.h);
    if (bl_engine_create(&eo, &eng, &err))
        fail_msg("%s", err.msg);
    lo = *bl_engine_layout_opts(eng);
    if (bl_folder_create(dir, BL_ARTICLE_MAX_BYTES, 0, 0, &src, &err) ||
        bl_deck_create(&lo, c.orientation, g.w, g.h, &deck, &err) || bl_sched_create(&c.sched, clk, &sched, &err) ||
        bl_compose_create(&c, &theme, eng, &lo, clk, 0, &c1, &err))
        fail_msg("%s", err.msg);
    assert_true(bl_source_scan(src));
    bl_deck_update(deck, src, sched);
    bl_sched_tick(sched, &st);
    bl_compose_frame(c1, &st, sched, deck);
    /* on to the first article's page */
    do {
        bl_clock_advance(clk, 0.5);
        bl_sched_tick(sched, &st);
        bl_compose_frame(c1, &st, sched, deck);
    } while (st.cur.kind != BL_SLIDE_PAGE);
    /* an article arrives; the board draws on and renders the next slide
     * (the headline screen) ahead */
    write_article(dir, "c.txt", "第三篇", "明天上午停水两小时。");
    assert_true(bl_source_scan(src));
    bl_deck_update(deck, src, sched);
    bl_clock_advance(clk, 0.1);
    bl_sched_tick(sched, &st);
    bl_compose_frame(c1, &st, sched, deck);
    assert_true(bl_sched_peek(sched, &next));
    assert_int_equal(next.kind, BL_SLIDE_HEADLINES);
    bl_compose_prepare(c1, &next, sched, deck);
    /* the boundary: the new list in force */
    do {
        bl_clock_advance(clk, 0.5);
        bl_sched_tick(sched, &st);
    } while (!st.changed);
    assert_int_equal(st.cur.kind, BL_SLIDE_HEADLINES);
    assert_int_equal(bl_sched_count(sched), 3);
    f1 = SDL_ConvertSurfaceFormat(bl_compose_frame(c1, &st, sched, deck), SDL_PIXELFORMAT_ARGB8888, 0);
    if (bl_compose_create(&c, &theme, eng, &lo, clk, 0, &c2, &err))
        fail_msg("%s", err.msg);
    f2 = SDL_ConvertSurfaceFormat(bl_compose_frame(c2, &st, sched, deck), SDL_PIXELFORMAT_ARGB8888, 0);
    assert_int_equal(differing(f1, f2, g.status_h, g.status_h + g.slide_h), 0); /* the headline screen */
    assert_int_equal(differing(f1, f2, g.status_h + g.slide_h, g.h), 0);        /* the ticker */
    SDL_FreeSurface(f1);
    SDL_FreeSurface(f2);
    bl_compose_destroy(c1);
    bl_compose_destroy(c2);
    bl_sched_destroy(sched);
    bl_deck_destroy(deck);
    bl_source_destroy(src);
    bl_engine_destroy(eng);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    bl_clock_destroy(clk);
}

/* After the orientation key, the status bar counts the pages of the
 * layout on screen (it kept the old layout's count: 第2/6页 while the
 * running head said 2/5): the slide stays, its count changes. */
static void test_status_counts_the_pages_shown(void **state)
{
    char dir[1024];
    bl_config c;
    bl_clock *clk = bl_clock_create_virtual(WALL0);
    bl_board *b;
    bl_sched_state st;
    SDL_Surface *before, *after, *f;
    int status_h;
    (void)state;
    snprintf(dir, sizeof dir, "%s/assets/articles", src_dir());
    base_config(&c, 960, 540);
    c.ticker = false;
    c.orientation = BL_ORIENT_CFG_HORIZONTAL;
    status_h = (540 * 65 + 500) / 1000;
    b = make_board(&c, dir, clk);
    bl_board_tick(b, &st);
    while (!(st.cur.kind == BL_SLIDE_PAGE && st.cur.npages > 1))
        st = next_slide(b, clk);
    f = bl_board_frame(b, &st);
    before = SDL_ConvertSurfaceFormat(f, SDL_PIXELFORMAT_ARGB8888, 0);
    bl_board_toggle_orientation(b);
    f = bl_board_frame(b, &st);
    after = SDL_ConvertSurfaceFormat(f, SDL_PIXELFORMAT_ARGB8888, 0);
    assert_false(st.changed); /* the same slide: only the count differs (the modes paginate differently) */
    assert_true(differing(before, after, 0, status_h) > 0);
    SDL_FreeSurface(before);
    SDL_FreeSurface(after);
    bl_board_destroy(b);
    bl_clock_destroy(clk);
}

/* The emergency alert: over the slide at once (its own red look, the
 * log's kind "alert"), kept in alert.txt beside the content folder and
 * shown again by a board started later, gone by itself when its minutes
 * are over, the rotation going on where it was. */
static void test_alert(void **state)
{
    char root[] = "/tmp/bl-alert-XXXXXX", dir[1100], from[1100], to[1200], desc[2048], alert_file[1100];
    bl_config c;
    bl_clock *clk = bl_clock_create_virtual(WALL0);
    bl_board *b;
    bl_sched_state st;
    bl_alert a;
    char why[128];
    SDL_Surface *f;
    (void)state;
    assert_non_null(mkdtemp(root));
    snprintf(dir, sizeof dir, "%s/content", root);
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(from, sizeof from, "%s/assets/articles/2026-03-13-01-fengtai-cadres-meeting.txt", src_dir());
    snprintf(to, sizeof to, "%s/a.txt", dir);
    assert_int_equal(bl_test_copy_file(from, to, NULL), BL_OK);
    snprintf(alert_file, sizeof alert_file, "%s/alert.txt", root);
    base_config(&c, 640, 360);
    b = make_board(&c, dir, clk);
    st = next_slide(b, clk);

    assert_true(bl_alert_make("停水：今天14:00至16:00", 1, (int64_t)bl_clock_wall(clk), &a, why, sizeof why));
    bl_board_set_alert(b, &a);
    f = bl_board_frame(b, &st);
    assert_true(st.changed); /* logged at once, not at the next boundary */
    bl_board_describe(b, &st, desc, sizeof desc);
    assert_non_null(strstr(desc, "\"kind\": \"alert\""));
    assert_non_null(strstr(desc, "停水：今天14:00至16:00"));
    {
        /* the middle of the slide area is the alert's red */
        SDL_Surface *cv = SDL_ConvertSurfaceFormat(f, SDL_PIXELFORMAT_ARGB8888, 0);
        uint32_t px = ((uint32_t *)((uint8_t *)cv->pixels + (cv->h * 3 / 4) * cv->pitch))[10];
        assert_int_equal(px, 0xFFB3261Eu);
        SDL_FreeSurface(cv);
    }
    assert_int_equal(access(alert_file, F_OK), 0);

    /* a board started later shows it again */
    bl_board_destroy(b);
    b = make_board(&c, dir, clk);
    bl_board_tick(b, &st);
    assert_true(bl_board_alert(b)->active);

    /* a minute on: gone by itself, and the file with it */
    bl_clock_advance(clk, 61);
    bl_board_tick(b, &st);
    assert_true(st.changed);
    assert_false(bl_board_alert(b)->active);
    bl_board_describe(b, &st, desc, sizeof desc);
    assert_null(strstr(desc, "\"kind\": \"alert\""));
    assert_int_equal(access(alert_file, F_OK), -1);

    bl_board_destroy(b);
    bl_clock_destroy(clk);
    unlink(to);
    rmdir(dir);
    rmdir(root);
}

/* SIGHUP takes the configuration in place: the slide on screen goes on
 * and the next one follows, instead of the rotation starting again from
 * the first article; a new content folder comes in the same way. */
static void test_reconfigure_keeps_the_place(void **state)
{
    char dir[1024], other[] = "/tmp/baolan-board-XXXXXX", cmd[600];
    bl_config c, c2;
    bl_clock *clk = bl_clock_create_virtual(WALL0);
    bl_board *b;
    bl_sched_state st;
    uint64_t serial;
    int i;
    bool arrived = false;
    (void)state;
    snprintf(dir, sizeof dir, "%s/assets/articles", src_dir());
    base_config(&c, 960, 540);
    b = make_board(&c, dir, clk);
    bl_board_tick(b, &st);
    for (i = 0; i < 5; i++)
        st = next_slide(b, clk);
    serial = st.cur.serial;
    c2 = c;
    snprintf(c2.name, sizeof c2.name, "新的报栏");
    assert_true(bl_board_reconfigure(b, &c2, dir));
    bl_board_tick(b, &st);
    assert_true(st.cur.serial == serial && !st.changed);
    st = next_slide(b, clk);
    assert_true(st.cur.serial == serial + 1);
    assert_false(st.cur.kind == BL_SLIDE_HEADLINES && st.cur.article == 0);

    /* another folder: its articles come in, the rotation goes on */
    assert_non_null(mkdtemp(other));
    write_article(other, "x.txt", "别处的文章", "另一个文件夹里的文章。");
    serial = st.cur.serial;
    assert_true(bl_board_reconfigure(b, &c2, other));
    for (i = 0; i < 20000 && !arrived; i++) {
        arrived = bl_board_poll_content(b);
        sleep_ms(1);
    }
    assert_true(arrived);
    bl_board_tick(b, &st);
    assert_true(st.cur.serial == serial);
    for (i = 0; i < 4; i++)
        st = next_slide(b, clk);
    assert_int_equal(st.cur.article, 0);
    {
        char line[1024];
        bl_board_describe(b, &st, line, sizeof line);
        assert_non_null(strstr(line, "别处的文章"));
    }
    /* a new screen size cannot be taken in place */
    c2.width = 800;
    c2.height = 480;
    assert_false(bl_board_reconfigure(b, &c2, other));
    bl_board_destroy(b);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", other);
    assert_int_equal(system(cmd), 0);
    bl_clock_destroy(clk);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_rotation),
        cmocka_unit_test(test_frames_and_transition),
        cmocka_unit_test(test_content_changes_at_boundary),
        cmocka_unit_test(test_inbox_and_settle),
        cmocka_unit_test(test_reconfigure_keeps_the_place),
        cmocka_unit_test(test_alert),
        cmocka_unit_test(test_pictures_follow_the_list_in_force),
        cmocka_unit_test(test_status_counts_the_pages_shown),
        cmocka_unit_test(test_content_change_off_the_render_loop),
        cmocka_unit_test(test_week),
        cmocka_unit_test(test_deck_handles),
        cmocka_unit_test(test_label_fallback),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
