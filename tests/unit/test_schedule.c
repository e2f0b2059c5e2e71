/*
 * test_schedule.c - the rotation as a board viewer sees it (schedule.h):
 * every article and page in order with the dwell the formula gives,
 * headline screens marking the next article, urgent notices that jump the
 * queue and come back more often, show windows, night hours, a clock that
 * was never set or jumps, content replaced mid-slide, next / prev / pause,
 * big clock steps, and a simulated week.  Every test runs on a virtual
 * clock with TZ=UTC.
 */
#include "board/schedule.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#if defined(__SANITIZE_ADDRESS__)
/* From ASan's runtime (gcc 12 ships no allocator_interface.h). */
size_t __sanitizer_get_current_allocated_bytes(void);
#define HEAP_SLACK 4096 /* exact: only the lists' sizes vary */
#elif defined(__GLIBC__)
#include <malloc.h>
/* glibc counts the chunks its per-thread cache keeps as in use. */
#define HEAP_SLACK 32768
#else
#define HEAP_SLACK 0
#endif

#define HOUR 3600
#define DAY 86400

/* ---- fixture ------------------------------------------------------------ */

/* cmocka 1.1 (Debian 12) has no assert_double_equal. */
#define assert_near(a, b, eps) near_((a), (b), (eps), #a, __FILE__, __LINE__)

static void near_(double a, double b, double eps, const char *what, const char *file, int line)
{
    double d = a > b ? a - b : b - a;
    if (!(d <= eps)) {
        print_message("%s:%d: %s is %.9g, expected %.9g\n", file, line, what, a, b);
        fail();
    }
}

/* An article as the tests write it. */
typedef struct art {
    const char *id;
    int npages;
    int chars[8];
    int priority;
    int64_t from, until;
} art;

typedef struct fx {
    bl_clock *clk;
    bl_sched *s;
    bl_sched_state st;
} fx;

/* Midnight UTC ten days after the build: a wall time the clock takes as set. */
static int64_t day0(void)
{
    return (bl_clock_sane_after() / DAY + 10) * DAY;
}

/* 600 characters a minute: a page of c characters stays c / 10 seconds,
 * between 8 and 90.  No night unless a test sets one. */
static bl_sched_config test_config(void)
{
    bl_sched_config c;
    bl_sched_config_defaults(&c);
    c.chars_per_minute = 600;
    c.min_dwell = 8;
    c.max_dwell = 90;
    c.headline_dwell = 10;
    c.transition = 0.8;
    c.urgent_every = 2;
    c.night_start = c.night_end = 0;
    c.night_blank = false;
    c.idle_resume = 60;
    return c;
}

static void set_arts(fx *f, const art *a, size_t n)
{
    bl_sched_item it[64];
    size_t i;
    assert_true(n <= 64);
    memset(it, 0, sizeof it);
    for (i = 0; i < n; i++) {
        it[i].id = a[i].id;
        it[i].npages = a[i].npages;
        it[i].page_chars = a[i].chars;
        it[i].priority = a[i].priority;
        it[i].show_from = a[i].from;
        it[i].show_until = a[i].until;
    }
    assert_int_equal(bl_sched_set_items(f->s, it, n), BL_OK);
}

/* The id of the current slide's article, "" if none. */
static const char *cur_id(const fx *f)
{
    if (f->st.cur.article < 0)
        return "";
    return bl_sched_item_id(f->s, (size_t)f->st.cur.article);
}

/* What a viewer may never see: an index outside the list in force. */
static void check_valid(const fx *f)
{
    const bl_slide *c = &f->st.cur;
    int n = (int)bl_sched_count(f->s);
    assert_true(c->article >= -1 && c->article < n);
    assert_true(c->serial >= 1);
    assert_true(c->dwell >= 1.0);
    switch (c->kind) {
    case BL_SLIDE_HEADLINES:
        assert_true(c->article >= 0);
        break;
    case BL_SLIDE_PAGE:
        assert_true(c->article >= 0);
        assert_true(c->page >= 0 && c->page < c->npages);
        break;
    case BL_SLIDE_NIGHT:
    case BL_SLIDE_EMPTY:
        assert_int_equal(c->article, -1);
        break;
    }
    assert_true(f->st.progress >= 0 && f->st.progress <= 1);
    assert_true(f->st.transition >= 0 && f->st.transition <= 1);
}

static void tick(fx *f)
{
    bl_sched_tick(f->s, &f->st);
    check_valid(f);
}

static void open_fx(fx *f, const bl_sched_config *cfg, int64_t wall, const art *a, size_t n)
{
    bl_err err;
    f->clk = bl_clock_create_virtual(wall);
    assert_non_null(f->clk);
    assert_int_equal(bl_sched_create(cfg, f->clk, &f->s, &err), BL_OK);
    if (a)
        set_arts(f, a, n);
    tick(f);
}

static void close_fx(fx *f)
{
    bl_sched_destroy(f->s);
    bl_clock_destroy(f->clk);
}

static double now(const fx *f)
{
    return bl_clock_mono(f->clk);
}

static void advance(fx *f, double dt)
{
    bl_clock_advance(f->clk, dt);
    tick(f);
}

/* Runs the clock to the next slide change (ticking at the exact end of
 * the dwell, then in half seconds through a hold); returns the seconds it
 * took. */
static double next_slide(fx *f)
{
    uint64_t serial = f->st.cur.serial;
    double t0 = now(f), end = f->st.cur.start + f->st.cur.dwell;
    if (end > t0)
        advance(f, end - t0 + 1e-6);
    while (f->st.cur.serial == serial) {
        assert_true(now(f) - t0 < 2 * DAY);
        advance(f, 0.5);
    }
    assert_true(f->st.changed);
    return now(f) - t0;
}

/* The current slide is kind / article id / page with this dwell. */
static void expect(const fx *f, bl_slide_kind kind, const char *id, int page, double dwell)
{
    if (f->st.cur.kind != kind || strcmp(cur_id(f), id) != 0 ||
        (kind == BL_SLIDE_PAGE && f->st.cur.page != page))
        print_message("  expected kind %d %s p%d, got kind %d %s p%d at %.1f s\n", (int)kind, id, page,
                      (int)f->st.cur.kind, cur_id(f), f->st.cur.page, now(f));
    assert_int_equal(f->st.cur.kind, kind);
    assert_string_equal(cur_id(f), id);
    if (kind == BL_SLIDE_PAGE)
        assert_int_equal(f->st.cur.page, page);
    if (dwell > 0)
        assert_near(f->st.cur.dwell, dwell, 1e-9);
}

/* The article id of the current slide, "H:" prefixed for headline screens. */
static void label(const fx *f, char *buf, size_t n)
{
    switch (f->st.cur.kind) {
    case BL_SLIDE_HEADLINES:
        snprintf(buf, n, "H:%s", cur_id(f));
        break;
    case BL_SLIDE_PAGE:
        snprintf(buf, n, "%s%d", cur_id(f), f->st.cur.page);
        break;
    case BL_SLIDE_NIGHT:
        snprintf(buf, n, "night");
        break;
    case BL_SLIDE_EMPTY:
        snprintf(buf, n, "empty");
        break;
    }
}

/* The next `count` slides as space-separated labels. */
static void sequence(fx *f, int count, char *out, size_t n)
{
    size_t len = 0;
    int i;
    out[0] = '\0';
    for (i = 0; i < count; i++) {
        char one[64];
        next_slide(f);
        label(f, one, sizeof one);
        len += (size_t)snprintf(out + len, n - len, "%s%s", i ? " " : "", one);
        assert_true(len < n);
    }
}

static int setup(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    tzset();
    return 0;
}

/* ---- the formula --------------------------------------------------------- */

static void test_page_dwell(void **state)
{
    bl_sched_config c = test_config();
    (void)state;
    assert_near(bl_sched_page_dwell(&c, 200), 20.0, 1e-12);  /* 200 / 10 */
    assert_near(bl_sched_page_dwell(&c, 50), 8.0, 1e-12);    /* 5 s, at least 8 */
    assert_near(bl_sched_page_dwell(&c, 2000), 90.0, 1e-12); /* 200 s, at most 90 */
    assert_near(bl_sched_page_dwell(&c, 0), 8.0, 1e-12);
    bl_sched_config_defaults(&c); /* 400 a minute */
    assert_near(bl_sched_page_dwell(&c, 300), 45.0, 1e-12);
}

static void test_bad_config(void **state)
{
    bl_sched_config c = test_config();
    bl_clock *clk = bl_clock_create_virtual(day0());
    bl_sched *s = NULL;
    bl_err err;
    (void)state;
    c.max_dwell = 4;
    assert_int_equal(bl_sched_create(&c, clk, &s, &err), BL_ERR_RANGE);
    assert_null(s);
    assert_non_null(strstr(err.msg, "max_dwell"));
    c = test_config();
    c.night_start = 24 * 60;
    assert_int_equal(bl_sched_create(&c, clk, &s, &err), BL_ERR_RANGE);
    c = test_config();
    assert_int_equal(bl_sched_create(&c, NULL, &s, &err), BL_ERR_USAGE);
    assert_int_equal(bl_sched_create(&c, clk, &s, &err), BL_OK);
    {
        int chars[1] = {10};
        bl_sched_item bad = {.id = "x", .npages = 0, .page_chars = chars};
        assert_int_equal(bl_sched_set_items(s, &bad, 1), BL_ERR_RANGE);
        bad.npages = 1;
        bad.id = NULL;
        assert_int_equal(bl_sched_set_items(s, &bad, 1), BL_ERR_USAGE);
    }
    bl_sched_destroy(s);
    bl_sched_destroy(NULL);
    bl_clock_destroy(clk);
}

/* ---- one rotation ----------------------------------------------------- */

static void test_full_rotation(void **state)
{
    /* Dwell by hand: 200 ch = 20 s, 50 ch = 5 s -> 8, 2000 ch = 200 s -> 90,
     * 100 ch = 10 s, 120 ch = 12 s, 300 ch = 30 s; headline screens 10 s. */
    static const art a[] = {
        {"A", 2, {200, 50}, 0, 0, 0},
        {"B", 1, {2000}, 0, 0, 0},
        {"C", 3, {100, 120, 300}, 0, 0, 0},
    };
    static const struct {
        bl_slide_kind kind;
        const char *id;
        int page;
        double dwell;
        const char *next; /* the article marked / shown after */
    } want[] = {
        {BL_SLIDE_HEADLINES, "A", 0, 10, "A"}, {BL_SLIDE_PAGE, "A", 0, 20, "B"},
        {BL_SLIDE_PAGE, "A", 1, 8, "B"},       {BL_SLIDE_HEADLINES, "B", 0, 10, "B"},
        {BL_SLIDE_PAGE, "B", 0, 90, "C"},      {BL_SLIDE_HEADLINES, "C", 0, 10, "C"},
        {BL_SLIDE_PAGE, "C", 0, 10, "A"},      {BL_SLIDE_PAGE, "C", 1, 12, "A"},
        {BL_SLIDE_PAGE, "C", 2, 30, "A"},      {BL_SLIDE_HEADLINES, "A", 0, 10, "A"},
    };
    bl_sched_config c = test_config();
    double start = 0;
    size_t i;
    fx f;
    (void)state;

    open_fx(&f, &c, day0() + 12 * HOUR, a, BL_ARRAY_LEN(a));
    assert_int_equal(bl_sched_count(f.s), 3);
    assert_true(f.st.changed);
    assert_true(f.st.clock_sane);
    assert_false(f.st.night);
    assert_int_equal(f.st.prev.serial, 0);
    for (i = 0; i < BL_ARRAY_LEN(want); i++) {
        bl_slide peeked;
        int nx;
        if (i > 0) {
            bl_slide before = f.st.cur;
            double took;
            assert_true(bl_sched_peek(f.s, &peeked));
            took = next_slide(&f);
            /* it changed exactly when the previous dwell ran out */
            assert_near(took, want[i - 1].dwell, 1e-3);
            assert_int_equal(f.st.prev.serial, before.serial);
            assert_int_equal(f.st.prev.kind, before.kind);
            assert_int_equal(peeked.kind, f.st.cur.kind);
            assert_int_equal(peeked.article, f.st.cur.article);
            assert_int_equal(peeked.page, f.st.cur.page);
            assert_int_equal(peeked.serial, f.st.cur.serial);
        }
        expect(&f, want[i].kind, want[i].id, want[i].page, want[i].dwell);
        assert_int_equal(f.st.cur.serial, i + 1);
        assert_near(f.st.cur.start, start, 1e-6);
        if (want[i].kind == BL_SLIDE_PAGE)
            assert_int_equal(f.st.cur.npages, a[f.st.cur.article].npages);
        nx = bl_sched_next_article(f.s);
        assert_true(nx >= 0);
        assert_string_equal(bl_sched_item_id(f.s, (size_t)nx), want[i].next);
        start += want[i].dwell;
    }

    /* Inside a slide: the transition over its first 0.8 s, the progress
     * over the whole dwell; `changed` only on the first tick. */
    next_slide(&f); /* P(A,0), 20 s */
    expect(&f, BL_SLIDE_PAGE, "A", 0, 20);
    advance(&f, 0.4 - 1e-6);
    assert_false(f.st.changed);
    assert_near(f.st.transition, 0.5, 1e-3);
    advance(&f, 0.4);
    assert_near(f.st.transition, 1.0, 1e-9);
    advance(&f, 9.2);
    assert_near(f.st.progress, 0.5, 1e-3);
    close_fx(&f);
}

static void test_empty_board(void **state)
{
    static const art a[] = {{"A", 1, {100}, 0, 0, 0}};
    bl_sched_config c = test_config();
    uint64_t serial;
    fx f;
    (void)state;

    open_fx(&f, &c, day0(), NULL, 0);
    assert_int_equal(f.st.cur.kind, BL_SLIDE_EMPTY);
    assert_int_equal(bl_sched_next_article(f.s), -1);
    assert_false(bl_sched_peek(f.s, &f.st.prev));
    serial = f.st.cur.serial;
    advance(&f, 600);
    assert_int_equal(f.st.cur.kind, BL_SLIDE_EMPTY);
    assert_int_equal(f.st.cur.serial, serial); /* the calm slide stays, no flicker */
    /* content arrives: shown within the few seconds of the re-check */
    set_arts(&f, a, 1);
    advance(&f, 5.1);
    expect(&f, BL_SLIDE_HEADLINES, "A", 0, 10);
    close_fx(&f);
}

/* ---- urgent notices ------------------------------------------------------- */

static void test_urgent_jumps_queue(void **state)
{
    static const art a[] = {
        {"A", 2, {100, 100}, 0, 0, 0},
        {"B", 1, {100}, 0, 0, 0},
        {"C", 1, {100}, 0, 0, 0},
    };
    static const art b[] = {
        {"A", 2, {100, 100}, 0, 0, 0},
        {"B", 1, {100}, 0, 0, 0},
        {"C", 1, {100}, 0, 0, 0},
        {"U", 2, {100, 100}, 1, 0, 0},
    };
    bl_sched_config c = test_config();
    char seq[512];
    fx f;
    (void)state;

    open_fx(&f, &c, day0() + 12 * HOUR, a, BL_ARRAY_LEN(a));
    next_slide(&f); /* P(A,0) from 10 s to 20 s */
    advance(&f, 5);
    set_arts(&f, b, BL_ARRAY_LEN(b));
    tick(&f);
    /* not before the boundary */
    expect(&f, BL_SLIDE_PAGE, "A", 0, 10);
    assert_int_equal(bl_sched_count(f.s), 3);
    assert_near(next_slide(&f), 5, 1e-3);
    /* straight to its first page, then its second, then A goes on where it
     * was; U comes round again after two normal articles */
    label(&f, seq, sizeof seq);
    assert_string_equal(seq, "U0");
    assert_int_equal(bl_sched_count(f.s), 4);
    sequence(&f, 12, seq, sizeof seq);
    assert_string_equal(seq, "U1 A1 H:B B0 H:C C0 H:U U0 U1 H:A A0 A1");
    close_fx(&f);
}

static void test_urgent_priority_rise(void **state)
{
    art a[] = {
        {"A", 1, {100}, 0, 0, 0},
        {"B", 2, {100, 100}, 0, 0, 0},
        {"C", 1, {100}, 0, 0, 0},
    };
    bl_sched_config c = test_config();
    char seq[256];
    fx f;
    (void)state;

    open_fx(&f, &c, day0() + 12 * HOUR, a, BL_ARRAY_LEN(a));
    next_slide(&f); /* A0 */
    a[1].priority = 2;
    set_arts(&f, a, BL_ARRAY_LEN(a));
    sequence(&f, 4, seq, sizeof seq);
    assert_string_equal(seq, "B0 B1 H:C C0");
    /* the same list again: no new pre-emption */
    set_arts(&f, a, BL_ARRAY_LEN(a));
    sequence(&f, 4, seq, sizeof seq);
    assert_string_equal(seq, "H:A A0 H:B B0");
    close_fx(&f);
}

static void test_urgent_more_often(void **state)
{
    static const art a[] = {
        {"N1", 1, {100}, 0, 0, 0}, {"N2", 1, {100}, 0, 0, 0}, {"U", 1, {100}, 3, 0, 0},
        {"N3", 1, {100}, 0, 0, 0}, {"N4", 1, {100}, 0, 0, 0}, {"N5", 1, {100}, 0, 0, 0},
        {"N6", 1, {100}, 0, 0, 0},
    };
    bl_sched_config c = test_config();
    int count[7] = {0}, i, lo = 1 << 30, hi = 0;
    fx f;
    (void)state;

    open_fx(&f, &c, day0() + 12 * HOUR, a, BL_ARRAY_LEN(a));
    /* an urgent notice opens the rotation */
    expect(&f, BL_SLIDE_HEADLINES, "U", 0, 10);
    count[f.st.cur.article]++;
    while (now(&f) < 6 * HOUR) {
        next_slide(&f);
        if (f.st.cur.kind == BL_SLIDE_HEADLINES)
            count[f.st.cur.article]++;
    }
    /* 20 s an article; after every two normal ones the urgent one: in 6 h
     * 1080 articles, a third of them U, each normal one 120 times */
    for (i = 0; i < 7; i++) {
        if (i == 2)
            continue;
        lo = BL_MIN(lo, count[i]);
        hi = BL_MAX(hi, count[i]);
    }
    assert_true(hi - lo <= 1);
    assert_true(count[2] >= 3 * lo - 1 && count[2] <= 3 * hi + 1);
    assert_true(lo >= 119 && hi <= 121);
    close_fx(&f);
}

static void test_two_urgent_round_robin(void **state)
{
    static const art a[] = {
        {"A", 1, {100}, 0, 0, 0},  {"U1", 1, {100}, 1, 0, 0}, {"B", 1, {100}, 0, 0, 0},
        {"U2", 1, {100}, 1, 0, 0}, {"C", 1, {100}, 0, 0, 0},
    };
    bl_sched_config c = test_config();
    char seq[512];
    fx f;
    (void)state;

    c.urgent_every = 1;
    open_fx(&f, &c, day0() + 12 * HOUR, a, BL_ARRAY_LEN(a));
    expect(&f, BL_SLIDE_HEADLINES, "U1", 0, 10);
    sequence(&f, 15, seq, sizeof seq);
    assert_string_equal(seq, "U10 H:A A0 H:U2 U20 H:B B0 H:U1 U10 H:C C0 H:U2 U20 H:A A0");
    close_fx(&f);
}

/* ---- show windows ------------------------------------------------------ */

static void test_windows(void **state)
{
    const int64_t t0 = day0() + 12 * HOUR;
    const art a[] = {
        {"A", 1, {100}, 0, 0, 0},
        {"U", 3, {100, 100, 100}, 1, 0, t0 + 25}, /* expires in its second page */
        {"F", 1, {100}, 0, t0 + 600, 0},          /* from ten minutes on */
        {"E", 1, {100}, 0, 0, t0 + 300},          /* until five minutes on */
    };
    bl_sched_config c = test_config();
    char seq[256];
    int seen_f_before = 0, seen_f_after = 0, seen_e_after = 0, seen_u_after = 0;
    fx f;
    (void)state;

    open_fx(&f, &c, t0, a, BL_ARRAY_LEN(a));
    expect(&f, BL_SLIDE_HEADLINES, "U", 0, 10);
    /* U0 10-20, U1 20-30 (expires at 25 but finishes), then U drops out */
    sequence(&f, 4, seq, sizeof seq);
    assert_string_equal(seq, "U0 U1 H:A A0");
    while (now(&f) < 2 * HOUR) {
        next_slide(&f);
        if (!strcmp(cur_id(&f), "F")) {
            /* a slide that starts after the window opened */
            if (f.st.cur.start < 600)
                seen_f_before++;
            else
                seen_f_after++;
        }
        if (!strcmp(cur_id(&f), "E") && f.st.cur.start >= 300)
            seen_e_after++;
        if (!strcmp(cur_id(&f), "U"))
            seen_u_after++;
    }
    assert_int_equal(seen_f_before, 0);
    assert_true(seen_f_after > 50);
    assert_int_equal(seen_e_after, 0);
    assert_int_equal(seen_u_after, 0);
    close_fx(&f);
}

/* days:/hours: an article set to one hour of one weekday shows in that
 * hour only, on that day only; the rotation goes on with the others. */
static void test_days_and_hours(void **state)
{
    const int64_t t0 = day0() + 8 * HOUR; /* 08:00 UTC */
    static const int chars[1] = {100};
    bl_sched_item it[2];
    bl_sched_config c = test_config();
    int wd, m, seen_in = 0, seen_out = 0;
    fx f;
    (void)state;

    bl_weekly_local(t0, 0, &wd, &m);
    memset(it, 0, sizeof it);
    it[0] = (bl_sched_item){.id = "A", .npages = 1, .page_chars = chars};
    it[1] = (bl_sched_item){.id = "W", .npages = 1, .page_chars = chars};
    it[1].weekly.days = (uint8_t)(1u << wd);
    assert_true(bl_weekly_parse_hours("09:00-10:00", &it[1].weekly));
    open_fx(&f, &c, t0, NULL, 0);
    assert_int_equal(bl_sched_set_items(f.s, it, 2), BL_OK);
    tick(&f);
    /* three days: the hour comes once, on the first day */
    while (now(&f) < 3 * DAY) {
        next_slide(&f);
        if (!strcmp(cur_id(&f), "W")) {
            double at = f.st.cur.start; /* seconds since 08:00 of the first day */
            if (at >= HOUR && at < 2 * HOUR + 30) /* the last slide may start just before 10:00 */
                seen_in++;
            else
                seen_out++;
        }
    }
    assert_true(seen_in > 10);
    assert_int_equal(seen_out, 0);
    close_fx(&f);
}

static void test_future_urgent_preempts_when_due(void **state)
{
    const int64_t t0 = day0() + 12 * HOUR;
    const art a[] = {
        {"A", 2, {100, 100}, 0, 0, 0},
        {"B", 1, {100}, 0, 0, 0},
        {"U", 1, {100}, 1, t0 + 95, 0},
    };
    bl_sched_config c = test_config();
    fx f;
    (void)state;

    open_fx(&f, &c, t0, a, BL_ARRAY_LEN(a));
    expect(&f, BL_SLIDE_HEADLINES, "A", 0, 10);
    /* H:A 0, A0 10, A1 20, H:B 30, B0 40, H:A 50, A0 60, A1 70, H:B 80, B0 90:
     * the first boundary once its window opened is at 100 */
    while (now(&f) < 95)
        next_slide(&f);
    assert_near(f.st.cur.start, 100, 1e-6);
    expect(&f, BL_SLIDE_PAGE, "U", 0, 10);
    close_fx(&f);
}

/* ---- night hours ----------------------------------------------------------- */

static void test_night_blank(void **state)
{
    static const art a[] = {{"A", 1, {100}, 0, 0, 0}, {"B", 1, {100}, 0, 0, 0}};
    const int64_t d = day0();
    bl_sched_config c = test_config();
    uint64_t serial;
    fx f;
    (void)state;

    c.night_start = 22 * 60;
    c.night_end = 6 * 60;
    c.night_blank = true;
    open_fx(&f, &c, d + 21 * HOUR + 58 * 60, a, BL_ARRAY_LEN(a));
    assert_false(f.st.night);
    while (f.st.cur.kind != BL_SLIDE_NIGHT) {
        assert_true(bl_clock_wall(f.clk) < d + 22 * HOUR + 10); /* at the first boundary */
        next_slide(&f);
    }
    assert_true(bl_clock_wall(f.clk) >= d + 22 * HOUR);
    assert_true(f.st.night);
    serial = f.st.cur.serial;
    /* all night the same blank slide */
    while (bl_clock_wall(f.clk) < d + DAY + 6 * HOUR - 30) {
        advance(&f, 30);
        assert_int_equal(f.st.cur.kind, BL_SLIDE_NIGHT);
        assert_int_equal(f.st.cur.serial, serial);
        assert_true(f.st.night);
        assert_false(f.st.changed);
    }
    /* morning: the rotation is back within a second of 06:00 */
    next_slide(&f);
    assert_int_equal(f.st.cur.kind, BL_SLIDE_HEADLINES);
    assert_false(f.st.night);
    assert_true(bl_clock_wall(f.clk) >= d + DAY + 6 * HOUR);
    assert_true(bl_clock_wall(f.clk) <= d + DAY + 6 * HOUR + 1.5);
    close_fx(&f);
}

static void test_night_dim(void **state)
{
    static const art a[] = {{"A", 1, {100}, 0, 0, 0}, {"B", 1, {100}, 0, 0, 0}};
    const int64_t d = day0();
    bl_sched_config c = test_config();
    int changes = 0;
    fx f;
    (void)state;

    c.night_start = 22 * 60;
    c.night_end = 6 * 60;
    open_fx(&f, &c, d + 21 * HOUR, a, BL_ARRAY_LEN(a));
    while (bl_clock_wall(f.clk) < d + DAY + 7 * HOUR) {
        double w, sod;
        next_slide(&f);
        changes++;
        assert_true(f.st.cur.kind == BL_SLIDE_HEADLINES || f.st.cur.kind == BL_SLIDE_PAGE);
        w = bl_clock_wall(f.clk);
        sod = w - (double)d - (w >= (double)(d + DAY) ? DAY : 0);
        assert_int_equal(f.st.night, sod >= 22 * HOUR || sod < 6 * HOUR);
    }
    assert_true(changes > 10 * HOUR / 20 - 5);
    close_fx(&f);
}

/* Night mode off: the state says the screen is off exactly while the night
 * slide is on: from the first boundary after night begins to the second
 * night ends, not while NEXT shows the rotation at night, never by day;
 * and never with mode blank. */
static void test_night_off_switches_the_screen(void **state)
{
    static const art a[] = {{"A", 1, {100}, 0, 0, 0}, {"B", 1, {100}, 0, 0, 0}};
    const int64_t d = day0();
    bl_sched_config c = test_config();
    int offs = 0, ons = 0;
    bool was_off;
    fx f;
    (void)state;

    c.night_start = 22 * 60;
    c.night_end = 6 * 60;
    c.night_blank = true;
    c.night_off = true;
    open_fx(&f, &c, d + 21 * HOUR + 58 * 60, a, BL_ARRAY_LEN(a));
    assert_false(f.st.screen_off);
    was_off = false;
    while (bl_clock_wall(f.clk) < d + DAY + 7 * HOUR) {
        advance(&f, 7);
        assert_int_equal(f.st.screen_off, f.st.cur.kind == BL_SLIDE_NIGHT);
        if (f.st.screen_off != was_off)
            *(f.st.screen_off ? &offs : &ons) += 1;
        was_off = f.st.screen_off;
    }
    assert_int_equal(offs, 1); /* switched off once, on once */
    assert_int_equal(ons, 1);
    assert_false(f.st.screen_off);
    close_fx(&f);

    /* NEXT at night: the rotation shows, the screen is on; back off after
     * idle_resume */
    open_fx(&f, &c, d + 23 * HOUR, a, BL_ARRAY_LEN(a));
    assert_true(f.st.screen_off);
    bl_sched_input(f.s, BL_INPUT_NEXT);
    tick(&f);
    assert_false(f.st.screen_off);
    next_slide(&f);
    assert_int_equal(f.st.cur.kind, BL_SLIDE_NIGHT);
    assert_true(f.st.screen_off);
    close_fx(&f);

    /* mode blank: the night slide with the screen on */
    c.night_off = false;
    open_fx(&f, &c, d + 23 * HOUR, a, BL_ARRAY_LEN(a));
    assert_int_equal(f.st.cur.kind, BL_SLIDE_NIGHT);
    assert_false(f.st.screen_off);
    close_fx(&f);
}

static void test_night_hours_forms(void **state)
{
    static const art a[] = {{"A", 1, {100}, 0, 0, 0}};
    const int64_t d = day0();
    bl_sched_config c = test_config();
    fx f;
    (void)state;

    /* 01:00 to 05:00, not wrapping */
    c.night_start = 60;
    c.night_end = 300;
    c.night_blank = true;
    open_fx(&f, &c, d + 30 * 60, a, 1);
    assert_false(f.st.night);
    assert_int_equal(f.st.cur.kind, BL_SLIDE_HEADLINES);
    bl_clock_set_wall(f.clk, d + 2 * HOUR);
    next_slide(&f);
    assert_int_equal(f.st.cur.kind, BL_SLIDE_NIGHT);
    bl_clock_set_wall(f.clk, d + 5 * HOUR);
    next_slide(&f);
    assert_int_equal(f.st.cur.kind, BL_SLIDE_HEADLINES);
    close_fx(&f);

    /* start == end: no night at all */
    c.night_start = c.night_end = 120;
    open_fx(&f, &c, d, a, 1);
    while (now(&f) < DAY) {
        next_slide(&f);
        assert_int_not_equal(f.st.cur.kind, BL_SLIDE_NIGHT);
        assert_false(f.st.night);
    }
    close_fx(&f);
}

/* ---- the clock ---------------------------------------------------------- */

static void test_unset_clock(void **state)
{
    const int64_t d = day0();
    const art a[] = {
        {"OLD", 1, {100}, 0, 0, d - DAY},      /* over for a set clock */
        {"NOW", 1, {100}, 0, 0, 0},            /* always */
        {"NEW", 1, {100}, 0, d + 30 * DAY, 0}, /* not yet for a set clock */
    };
    bl_sched_config c = test_config();
    int seen[3] = {0}, i;
    fx f;
    (void)state;

    c.night_start = 22 * 60; /* 1970-01-01 00:00 would be night */
    c.night_end = 6 * 60;
    c.night_blank = true;
    open_fx(&f, &c, 0, a, BL_ARRAY_LEN(a));
    assert_false(f.st.clock_sane);
    assert_false(f.st.night);
    for (i = 0; i < 30; i++) {
        next_slide(&f);
        assert_int_not_equal(f.st.cur.kind, BL_SLIDE_NIGHT);
        assert_false(f.st.night);
        if (f.st.cur.article >= 0)
            seen[f.st.cur.article]++;
    }
    assert_true(seen[0] > 0 && seen[1] > 0 && seen[2] > 0);

    /* NTP sets the clock (noon): from the next article on, windows apply */
    bl_clock_set_wall(f.clk, d + 12 * HOUR);
    tick(&f);
    assert_true(f.st.clock_sane);
    next_slide(&f);
    next_slide(&f);
    for (i = 0; i < 30; i++) {
        next_slide(&f);
        assert_string_equal(cur_id(&f), "NOW");
    }
    /* and night hours too */
    bl_clock_set_wall(f.clk, d + 23 * HOUR);
    next_slide(&f);
    assert_int_equal(f.st.cur.kind, BL_SLIDE_NIGHT);
    close_fx(&f);
}

static void test_clock_jumps(void **state)
{
    static const art a[] = {
        {"A", 2, {100, 250}, 0, 0, 0},
        {"B", 1, {400}, 0, 0, 0},
        {"C", 1, {90}, 0, 0, 0},
    };
    bl_sched_config c = test_config();
    fx f, ref;
    int i;
    (void)state;

    open_fx(&f, &c, day0() + 12 * HOUR, a, BL_ARRAY_LEN(a));
    open_fx(&ref, &c, day0() + 12 * HOUR, a, BL_ARRAY_LEN(a));
    for (i = 0; i < 400; i++) {
        if (i == 100)
            bl_clock_set_wall(f.clk, day0() - 3 * DAY); /* back three days */
        if (i == 200)
            bl_clock_set_wall(f.clk, 0); /* back to 1970 */
        if (i == 300)
            bl_clock_set_wall(f.clk, day0() + 40 * DAY); /* forward */
        advance(&f, 3.7);
        advance(&ref, 3.7);
        /* the monotonic clock drives the dwell: same slides, same times */
        assert_int_equal(f.st.cur.serial, ref.st.cur.serial);
        assert_int_equal(f.st.cur.kind, ref.st.cur.kind);
        assert_int_equal(f.st.cur.article, ref.st.cur.article);
        assert_int_equal(f.st.cur.page, ref.st.cur.page);
        assert_near(f.st.cur.start, ref.st.cur.start, 1e-9);
    }
    assert_true(f.st.cur.serial > 40);
    close_fx(&f);
    close_fx(&ref);
}

/* ---- content changes ------------------------------------------------------- */

static void test_set_items_at_boundary(void **state)
{
    static const art a[] = {
        {"A", 2, {150, 100}, 0, 0, 0},
        {"B", 1, {100}, 0, 0, 0},
        {"C", 3, {100, 100, 100}, 0, 0, 0},
    };
    /* A removed, D added, C down to 1 page */
    static const art b[] = {
        {"D", 1, {100}, 0, 0, 0},
        {"B", 1, {100}, 0, 0, 0},
        {"C", 1, {100}, 0, 0, 0},
    };
    bl_sched_config c = test_config();
    char seq[256];
    fx f;
    (void)state;

    open_fx(&f, &c, day0() + 12 * HOUR, a, BL_ARRAY_LEN(a));
    next_slide(&f);
    expect(&f, BL_SLIDE_PAGE, "A", 0, 15);
    advance(&f, 3);
    set_arts(&f, b, BL_ARRAY_LEN(b));
    advance(&f, 1);
    /* A0 is still on, whole, and indexes the old list */
    expect(&f, BL_SLIDE_PAGE, "A", 0, 15);
    assert_int_equal(bl_sched_count(f.s), 3);
    assert_string_equal(bl_sched_item_id(f.s, 0), "A");
    /* it finishes its dwell; A's second page is gone with it */
    assert_near(next_slide(&f), 11, 1e-3);
    assert_string_equal(bl_sched_item_id(f.s, 0), "D");
    expect(&f, BL_SLIDE_HEADLINES, "B", 0, 10);
    assert_int_equal(f.st.prev.article, -1); /* A is not in the list any more */
    sequence(&f, 5, seq, sizeof seq);
    assert_string_equal(seq, "B0 H:C C0 H:D D0");
    close_fx(&f);
}

static void test_pages_shrink(void **state)
{
    static const art a[] = {
        {"A", 3, {100, 100, 100}, 0, 0, 0},
        {"B", 1, {100}, 0, 0, 0},
    };
    static const art b[] = {
        {"A", 2, {100, 100}, 0, 0, 0},
        {"B", 1, {100}, 0, 0, 0},
    };
    bl_sched_config c = test_config();
    char seq[256];
    fx f;
    (void)state;

    open_fx(&f, &c, day0() + 12 * HOUR, a, BL_ARRAY_LEN(a));
    next_slide(&f);
    next_slide(&f);
    expect(&f, BL_SLIDE_PAGE, "A", 1, 10);
    assert_int_equal(f.st.cur.npages, 3);
    set_arts(&f, b, BL_ARRAY_LEN(b));
    /* now the last page: the rotation moves on to B */
    sequence(&f, 3, seq, sizeof seq);
    assert_string_equal(seq, "H:B B0 H:A");
    next_slide(&f);
    assert_int_equal(f.st.cur.npages, 2);
    close_fx(&f);
}

/* ---- next, prev, pause ---------------------------------------------------- */

static void test_next_prev(void **state)
{
    static const art a[] = {{"A", 2, {100, 100}, 0, 0, 0}, {"B", 1, {100}, 0, 0, 0}};
    static const char *const back[] = {"B0", "H:B", "A1", "A0", "H:A"};
    bl_sched_config c = test_config();
    char one[32];
    double t;
    size_t i;
    fx f;
    (void)state;

    open_fx(&f, &c, day0() + 12 * HOUR, a, BL_ARRAY_LEN(a));
    advance(&f, 3);
    bl_sched_input(f.s, BL_INPUT_NEXT);
    tick(&f);
    assert_true(f.st.changed);
    expect(&f, BL_SLIDE_PAGE, "A", 0, 10);
    assert_int_equal(f.st.cur.serial, 2);
    assert_near(f.st.cur.start, 3, 1e-9);
    assert_near(f.st.transition, 0, 1e-9); /* the transition starts again */
    /* held for idle_resume (60 s), not its 10 s dwell */
    t = next_slide(&f);
    assert_true(t > 59.4 && t < 60.6);
    expect(&f, BL_SLIDE_PAGE, "A", 1, 10);
    /* and then the rotation runs at its own pace again */
    assert_near(next_slide(&f), 10, 1e-3);
    expect(&f, BL_SLIDE_HEADLINES, "B", 0, 10);
    bl_sched_input(f.s, BL_INPUT_NEXT);
    tick(&f);
    expect(&f, BL_SLIDE_PAGE, "B", 0, 10);
    /* back through everything shown, to the first headline screen */
    for (i = 1; i < BL_ARRAY_LEN(back); i++) {
        bl_sched_input(f.s, BL_INPUT_PREV);
        tick(&f);
        assert_true(f.st.changed);
        label(&f, one, sizeof one);
        assert_string_equal(one, back[i]);
    }
    /* nothing before the first slide: it stays, starting again */
    bl_sched_input(f.s, BL_INPUT_PREV);
    tick(&f);
    label(&f, one, sizeof one);
    assert_string_equal(one, "H:A");
    /* forward again along the same road */
    bl_sched_input(f.s, BL_INPUT_NEXT);
    bl_sched_input(f.s, BL_INPUT_NEXT);
    tick(&f);
    label(&f, one, sizeof one);
    assert_string_equal(one, "A1");
    close_fx(&f);
}

static void test_pause(void **state)
{
    static const art a[] = {{"A", 1, {200}, 0, 0, 0}, {"B", 1, {100}, 0, 0, 0}};
    bl_sched_config c = test_config();
    uint64_t serial;
    int i;
    fx f;
    (void)state;

    open_fx(&f, &c, day0() + 12 * HOUR, a, BL_ARRAY_LEN(a));
    next_slide(&f); /* A0, 20 s */
    serial = f.st.cur.serial;
    advance(&f, 5);
    bl_sched_input(f.s, BL_INPUT_PAUSE);
    tick(&f);
    assert_true(f.st.paused);
    for (i = 0; i < 100; i++) {
        advance(&f, 37);
        assert_int_equal(f.st.cur.serial, serial);
        assert_near(f.st.progress, 0.25, 1e-3);
    }
    bl_sched_input(f.s, BL_INPUT_PAUSE);
    advance(&f, 14.9);
    assert_false(f.st.paused);
    assert_int_equal(f.st.cur.serial, serial);
    assert_near(f.st.progress, 0.25 + 14.9 / 20, 1e-3);
    advance(&f, 0.2);
    assert_int_equal(f.st.cur.serial, serial + 1);
    expect(&f, BL_SLIDE_HEADLINES, "B", 0, 10);

    /* next while paused: the new slide comes and waits, paused */
    bl_sched_input(f.s, BL_INPUT_PAUSE);
    bl_sched_input(f.s, BL_INPUT_NEXT);
    advance(&f, 500);
    expect(&f, BL_SLIDE_PAGE, "B", 0, 10);
    assert_int_equal(f.st.cur.serial, serial + 2);
    assert_true(f.st.paused);
    assert_near(f.st.progress, 0, 1e-9);
    /* resumed, it is held for idle_resume like any slide chosen by hand */
    bl_sched_input(f.s, BL_INPUT_PAUSE);
    assert_near(next_slide(&f), 60, 0.6);
    expect(&f, BL_SLIDE_HEADLINES, "A", 0, 10);
    close_fx(&f);
}

static void test_prev_out_of_urgent(void **state)
{
    static const art a[] = {{"A", 2, {100, 100}, 0, 0, 0}, {"B", 1, {100}, 0, 0, 0}};
    static const art b[] = {
        {"A", 2, {100, 100}, 0, 0, 0}, {"B", 1, {100}, 0, 0, 0}, {"U", 2, {100, 100}, 1, 0, 0}};
    static const char *const want[] = {"U0", "A0", "A1"};
    bl_sched_config c = test_config();
    static const bl_input keys[] = {BL_INPUT_PREV, BL_INPUT_PREV, BL_INPUT_NEXT};
    char one[32];
    size_t i;
    fx f;
    (void)state;

    open_fx(&f, &c, day0() + 12 * HOUR, a, BL_ARRAY_LEN(a));
    next_slide(&f); /* A0 */
    set_arts(&f, b, BL_ARRAY_LEN(b));
    next_slide(&f);
    next_slide(&f);
    label(&f, one, sizeof one);
    assert_string_equal(one, "U1");
    /* back through the notice to the page it interrupted, then on */
    for (i = 0; i < BL_ARRAY_LEN(keys); i++) {
        bl_sched_input(f.s, keys[i]);
        tick(&f);
        label(&f, one, sizeof one);
        assert_string_equal(one, want[i]);
    }
    close_fx(&f);
}

static void test_next_at_night(void **state)
{
    static const art a[] = {{"A", 1, {100}, 0, 0, 0}, {"B", 1, {100}, 0, 0, 0}};
    bl_sched_config c = test_config();
    double t;
    fx f;
    (void)state;

    c.night_start = 22 * 60;
    c.night_end = 6 * 60;
    c.night_blank = true;
    open_fx(&f, &c, day0() + 23 * HOUR, a, BL_ARRAY_LEN(a));
    assert_int_equal(f.st.cur.kind, BL_SLIDE_NIGHT);
    /* someone presses next: the board shows the rotation for a while ... */
    bl_sched_input(f.s, BL_INPUT_NEXT);
    tick(&f);
    assert_int_equal(f.st.cur.kind, BL_SLIDE_HEADLINES);
    assert_true(f.st.night);
    /* ... and goes blank again after idle_resume */
    t = next_slide(&f);
    assert_true(t > 59.4 && t < 60.6);
    assert_int_equal(f.st.cur.kind, BL_SLIDE_NIGHT);
    close_fx(&f);
}

/* ---- big steps and a long run ------------------------------------------- */

static void test_big_steps_replay(void **state)
{
    const int64_t t0 = day0() + 20 * HOUR;
    const art a[] = {
        {"A", 2, {100, 333}, 0, 0, 0},
        {"B", 1, {2000}, 0, 0, t0 + 2 * HOUR},
        {"C", 3, {90, 100, 555}, 0, t0 + HOUR, 0},
        {"U", 1, {120}, 1, t0 + 1800, t0 + 5 * HOUR},
        {"D", 1, {10}, 0, 0, 0},
    };
    bl_sched_config c = test_config();
    fx small, big;
    double steps[] = {0.5, 3600, 1.25, 7000, 13.3, 3600};
    size_t i;
    (void)state;

    /* night dimmed from 22:00 so the rotation's wall time matters too */
    c.night_start = 22 * 60;
    c.night_end = 6 * 60;
    c.night_blank = true;
    open_fx(&small, &c, t0, a, BL_ARRAY_LEN(a));
    open_fx(&big, &c, t0, a, BL_ARRAY_LEN(a));
    for (i = 0; i < BL_ARRAY_LEN(steps); i++) {
        double left = steps[i];
        advance(&big, steps[i]);
        while (left > 0) {
            advance(&small, BL_MIN(left, 0.5));
            left -= 0.5;
        }
        /* the same slide, having shown the same number before it */
        assert_int_equal(big.st.cur.serial, small.st.cur.serial);
        assert_int_equal(big.st.cur.kind, small.st.cur.kind);
        assert_int_equal(big.st.cur.article, small.st.cur.article);
        assert_int_equal(big.st.cur.page, small.st.cur.page);
        assert_near(big.st.cur.start, small.st.cur.start, 1e-6);
        assert_int_equal(big.st.prev.serial, small.st.prev.serial);
    }
    close_fx(&small);
    close_fx(&big);
}

static void test_week_step(void **state)
{
    static const art a[] = {{"A", 2, {100, 100}, 0, 0, 0}, {"B", 1, {100}, 0, 0, 0}};
    bl_sched_config c = test_config();
    clock_t t;
    uint64_t serial;
    fx f;
    (void)state;

    open_fx(&f, &c, day0(), a, BL_ARRAY_LEN(a));
    t = clock();
    advance(&f, 7.0 * DAY);
    print_message("  a week in one step: %.3f s CPU\n", (double)(clock() - t) / CLOCKS_PER_SEC);
    assert_true((double)(clock() - t) / CLOCKS_PER_SEC < 0.5);
    /* every slide of the week was stepped through: 10 s each, the one due
     * at exactly a week on screen */
    serial = f.st.cur.serial;
    assert_int_equal(serial, 7 * DAY / 10 + 1);
    assert_near(f.st.cur.start, 7.0 * DAY, 1e-6);
    /* and goes on as usual */
    assert_true(next_slide(&f) <= 10.0 + 1e-3);
    assert_int_equal(f.st.cur.serial, serial + 1);
    close_fx(&f);
}

/* Bytes of heap in use, where the allocator says; 0 where it does not.  A
 * leak of one article list an hour would add some 150 KiB in the week. */
static size_t heap_in_use(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return __sanitizer_get_current_allocated_bytes();
#elif defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
    return mallinfo2().uordblks;
#else
    return 0;
#endif
}

/* A small deterministic generator for the simulated week. */
static uint32_t rnd(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

static int pages_of(int k)
{
    return 1 + k % 4;
}

static void test_simulated_week(void **state)
{
    /* mostly frame-like steps, now and then a long jump */
    static const double small[] = {0.5, 1, 2.5, 7}, big[] = {61, 600, 3600, 3 * 3600};
    static char ids[12][8];
    const int64_t t0 = day0();
    bl_sched_config c = test_config();
    art list[12];
    uint32_t x = 12345;
    int hour = -1, k, seen[12] = {0};
    long ticks = 0;
    size_t heap_day1 = 0, heap_end = 0;
    clock_t t;
    fx f;
    (void)state;

    c.night_start = 23 * 60;
    c.night_end = 5 * 60;
    c.night_blank = true;
    for (k = 0; k < 12; k++)
        snprintf(ids[k], sizeof ids[k], "a%d", k);
    open_fx(&f, &c, t0, NULL, 0);
    t = clock();
    while (now(&f) < 7 * DAY) {
        if ((int)(now(&f) / HOUR) != hour) {
            /* new content every hour: some articles come and go, some
             * turn urgent, some have windows around now */
            size_t n = 0;
            int64_t wall = (int64_t)bl_clock_wall(f.clk);
            hour = (int)(now(&f) / HOUR);
            for (k = 0; k < 12; k++) {
                art *it = &list[n];
                int p;
                if (rnd(&x) % 4 == 0)
                    continue;
                memset(it, 0, sizeof *it);
                it->id = ids[k];
                it->npages = pages_of(k);
                for (p = 0; p < it->npages; p++)
                    it->chars[p] = (int)(rnd(&x) % 1200);
                it->priority = rnd(&x) % 7 == 0 ? 1 + (int)(rnd(&x) % 3) : 0;
                if (rnd(&x) % 5 == 0)
                    it->from = wall + (int64_t)(rnd(&x) % 7200) - 3600;
                if (rnd(&x) % 5 == 0)
                    it->until = wall + (int64_t)(rnd(&x) % 7200) - 1800;
                n++;
            }
            set_arts(&f, list, n);
            /* the same moment of the day, a day in and at the end */
            if (hour == 24)
                heap_day1 = heap_in_use();
            if (hour == 7 * 24 - 1)
                heap_end = heap_in_use();
        }
        if (rnd(&x) % 500 == 0)
            advance(&f, big[rnd(&x) % BL_ARRAY_LEN(big)]);
        else
            advance(&f, small[rnd(&x) % BL_ARRAY_LEN(small)]);
        ticks++;
        if (f.st.cur.article >= 0) {
            /* the index names an article of the list in force, with its pages */
            int id = atoi(bl_sched_item_id(f.s, (size_t)f.st.cur.article) + 1);
            assert_int_equal(f.st.cur.npages, pages_of(id));
            seen[id]++;
        }
        if (ticks % 97 == 0) {
            int nx = bl_sched_next_article(f.s);
            bl_slide peek;
            assert_true(nx >= -1 && nx < (int)bl_sched_count(f.s));
            if (bl_sched_peek(f.s, &peek))
                assert_true(peek.article >= -1 && peek.article < (int)bl_sched_count(f.s));
        }
        /* someone at the board now and then; a short pause now and then */
        if (ticks % 1000 == 0)
            bl_sched_input(f.s, rnd(&x) % 2 ? BL_INPUT_NEXT : BL_INPUT_PREV);
        if (ticks % 5000 == 4950 || ticks % 5000 == 0)
            bl_sched_input(f.s, BL_INPUT_PAUSE);
    }
    print_message("  simulated week: %ld ticks, %llu slides, %.3f s CPU\n", ticks,
                  (unsigned long long)f.st.cur.serial, (double)(clock() - t) / CLOCKS_PER_SEC);
    assert_true((double)(clock() - t) / CLOCKS_PER_SEC < 1.0);
    assert_true(f.st.cur.serial > 5000); /* it kept rotating */
    /* memory does not grow: only the article lists, whose size varies */
    print_message("  heap in use: %zu bytes after a day, %zu at the end\n", heap_day1, heap_end);
    assert_true(heap_end <= heap_day1 + HEAP_SLACK);
    for (k = 0; k < 12; k++)
        assert_true(seen[k] > 0);
    close_fx(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_dwell),
        cmocka_unit_test(test_bad_config),
        cmocka_unit_test(test_full_rotation),
        cmocka_unit_test(test_empty_board),
        cmocka_unit_test(test_urgent_jumps_queue),
        cmocka_unit_test(test_urgent_priority_rise),
        cmocka_unit_test(test_urgent_more_often),
        cmocka_unit_test(test_two_urgent_round_robin),
        cmocka_unit_test(test_windows),
        cmocka_unit_test(test_days_and_hours),
        cmocka_unit_test(test_future_urgent_preempts_when_due),
        cmocka_unit_test(test_night_blank),
        cmocka_unit_test(test_night_off_switches_the_screen),
        cmocka_unit_test(test_night_dim),
        cmocka_unit_test(test_night_hours_forms),
        cmocka_unit_test(test_unset_clock),
        cmocka_unit_test(test_clock_jumps),
        cmocka_unit_test(test_set_items_at_boundary),
        cmocka_unit_test(test_pages_shrink),
        cmocka_unit_test(test_next_prev),
        cmocka_unit_test(test_pause),
        cmocka_unit_test(test_prev_out_of_urgent),
        cmocka_unit_test(test_next_at_night),
        cmocka_unit_test(test_big_steps_replay),
        cmocka_unit_test(test_week_step),
        cmocka_unit_test(test_simulated_week),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
