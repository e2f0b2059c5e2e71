/*
 * schedule.c - what is on screen now (see schedule.h for the rules).
 *
 * The state splits in two.  The rotation (`rot`) is where the ordinary
 * cycle has got to: its last slide and the cursors that pick the next
 * article.  The slide on screen is usually the rotation's slide, but it
 * can also be an interruption that leaves the rotation where it was: an
 * urgent article shown out of turn, the night slide, the empty slide.
 * When the interruption ends the rotation goes on from its own position.
 *
 * Every change of slide happens in boundary() at a monotonic time `t`
 * with the wall time estimated for that instant; tick() calls it for
 * every slide end it has passed, so a big step of a virtual clock replays
 * the slides in between.  Nothing here allocates after set_items: the
 * list, its queue and the index map for the switch are allocated there.
 * Depends on base and clock.
 */
#include "board/schedule.h"

#include <stdlib.h>
#include <string.h>

/* Seconds an empty board waits before it looks again for something to show. */
#define EMPTY_RECHECK 5.0

/* Longest blank night slide before the night hours are looked at again. */
#define NIGHT_RECHECK 60.0

/* No slide is shorter, whatever the configuration says: it bounds the
 * number of slides in a stretch of time, so the catch-up terminates. */
#define MIN_SLIDE 1.0

/* Slides one tick replays at most: a week at three seconds a slide; about
 * 30 ms of CPU with 40 articles (-O2, x86-64).  The rest of a longer gap
 * is skipped (see catch_up). */
#define CATCHUP_MAX 200000

/* Rotation states PREV can step back through. */
#define HISTORY 64

/* Saturation for the count of normal articles since the last urgent one. */
#define SINCE_MAX (1 << 20)

#define DAY 86400

/* What the urgent-detection knows about an item from the last boundary. */
enum { SEEN_NEW, SEEN_BASELINE, SEEN_KNOWN };

typedef struct item {
    char *id;
    int *chars;         /* npages entries, >= 0 */
    int npages;         /* >= 1 */
    int priority;       /* > 0: urgent */
    int64_t from;       /* 0: no start */
    int64_t until;      /* 0: no end */
    bl_weekly weekly;   /* days and hours; zero: always */
    uint64_t handle;    /* the caller's */
    double dwell;       /* per page: > 0 fixed, 0 by characters, < 0 poster_dwell */
    bool show;          /* showable at the last boundary */
    unsigned char seen; /* SEEN_*: NEW triggers a pre-emption if urgent */
    bool seen_show;     /* show at the boundary before */
    int seen_prio;      /* priority at the boundary before */
} item;

/* A list ready to take over at the next boundary. */
typedef struct pending {
    item *v;
    size_t n;
    int *map;   /* old index (list in force) -> new index, -1: removed */
    int *queue; /* the new list's pre-emption queue, n entries of room */
} pending;

/* A place in the rotation.  kind EMPTY: nowhere yet. */
typedef struct pos {
    bl_slide_kind kind; /* HEADLINES, PAGE or EMPTY */
    int article;        /* -1: removed from the list */
    int page;
    bool done; /* the article is over: go on with the next one */
} pos;

typedef struct rot {
    pos at;           /* the rotation's last slide */
    int normal_last;  /* last normal article headed, -1: before the first */
    int urgent_last;  /* last urgent article headed or pre-empted */
    int since_urgent; /* normal articles headed since the last urgent one */
} rot;

/* An instant: monotonic time and the wall time estimated for it. */
typedef struct when {
    double mono;
    double wall;
} when;

struct bl_sched {
    bl_sched_config cfg;
    bl_clock *clock; /* borrowed */
    int64_t utc_off; /* local minus UTC seconds, from the last reading */

    item *items; /* the list in force */
    size_t n;
    int *queue; /* urgent articles waiting to pre-empt, n of room */
    size_t nqueue;
    bool has_pending;
    pending pend;
    bool ever_applied; /* a list has been in force */

    rot rot;
    bool preempting;   /* cur is an urgent article shown out of turn */
    rot hist[HISTORY]; /* ring of rotation states before rot */
    int hist_top, hist_n;

    bool started;
    bl_slide cur, prev;
    uint64_t serial;
    uint64_t reported; /* serial the last tick reported */
    double hold;       /* cur stays at least this long (next/prev) */
    bool paused;
    double pause_began; /* mono when the pause began */
    double paused_for;  /* seconds cur spent paused, pauses that ended */
};

/* ---- configuration and dwell ------------------------------------------ */

void bl_sched_config_defaults(bl_sched_config *c)
{
    memset(c, 0, sizeof *c);
    c->chars_per_minute = 400;
    c->min_dwell = 8;
    c->max_dwell = 90;
    c->headline_dwell = 10;
    c->transition = 0.8;
    c->urgent_every = 2;
    c->night_start = 22 * 60;
    c->night_end = 6 * 60;
    c->night_blank = false;
    c->night_off = false;
    c->idle_resume = 60;
    c->poster_dwell = 15;
}

double bl_sched_page_dwell(const bl_sched_config *c, int chars)
{
    double d = c->chars_per_minute > 0 ? (double)BL_MAX(chars, 0) * 60.0 / c->chars_per_minute : 0;
    if (d < c->min_dwell)
        d = c->min_dwell;
    if (d > c->max_dwell)
        d = c->max_dwell;
    return d;
}

static bl_status check_config(const bl_sched_config *c, bl_err *err)
{
    const char *bad = NULL;
    double v = 0;
    /* The negated comparisons also refuse NaN. */
    if (!(c->chars_per_minute > 0))
        bad = "chars_per_minute must be above 0", v = c->chars_per_minute;
    else if (!(c->min_dwell >= 0))
        bad = "min_dwell must be 0 or more", v = c->min_dwell;
    else if (!(c->max_dwell >= c->min_dwell))
        bad = "max_dwell must be at least min_dwell", v = c->max_dwell;
    else if (!(c->headline_dwell >= 0))
        bad = "headline_dwell must be 0 or more", v = c->headline_dwell;
    else if (!(c->transition >= 0))
        bad = "transition must be 0 or more", v = c->transition;
    else if (!(c->poster_dwell >= 0))
        bad = "poster_dwell must be 0 or more", v = c->poster_dwell;
    else if (!(c->idle_resume >= 0))
        bad = "idle_resume must be 0 or more", v = c->idle_resume;
    else if (c->urgent_every < 1)
        bad = "urgent_every must be 1 or more", v = c->urgent_every;
    else if (c->night_start < 0 || c->night_start >= 24 * 60)
        bad = "night_start must be minutes after midnight (0 to 1439)", v = c->night_start;
    else if (c->night_end < 0 || c->night_end >= 24 * 60)
        bad = "night_end must be minutes after midnight (0 to 1439)", v = c->night_end;
    if (bad)
        return bl_err_set(err, BL_ERR_RANGE, "schedule: %s (got %g)", bad, v);
    return BL_OK;
}

/* ---- time ---------------------------------------------------------------- */

/* Reads the clock; also refreshes the local time offset used for night
 * hours at past instants of a catch-up (one offset per reading: a DST
 * change inside a long catch-up is off by its hour until the next tick). */
static when read_clock(bl_sched *s)
{
    when w = {bl_clock_mono(s->clock), bl_clock_wall(s->clock)};
    struct tm tm;
    int64_t y, local, off;

    bl_clock_local(s->clock, &tm);
    /* The POSIX seconds-since-the-epoch formula, applied to local fields. */
    y = tm.tm_year;
    local = tm.tm_sec + tm.tm_min * 60 + tm.tm_hour * 3600 + (int64_t)tm.tm_yday * 86400 +
            (y - 70) * 31536000 + ((y - 69) / 4) * 86400 - ((y - 1) / 100) * 86400 +
            ((y + 299) / 400) * 86400;
    off = local - (int64_t)(time_t)w.wall;
    s->utc_off = (off > -DAY && off < DAY) ? off : 0;
    return w;
}

/* Whole seconds at or before x (no libm: the schedule links with libc alone). */
static int64_t floor_s(double x)
{
    int64_t t = (int64_t)x;
    return (double)t > x ? t - 1 : t;
}

static bool sane_at(double wall)
{
    return wall >= (double)bl_clock_sane_after();
}

/* Seconds after local midnight at wall time `wall`. */
static int64_t local_sod(const bl_sched *s, double wall)
{
    int64_t r = (floor_s(wall) + s->utc_off) % DAY;
    return r < 0 ? r + DAY : r;
}

static bool night_at(const bl_sched *s, double wall)
{
    int a = s->cfg.night_start, b = s->cfg.night_end, m;
    if (a == b || !sane_at(wall))
        return false;
    m = (int)(local_sod(s, wall) / 60);
    return a < b ? (m >= a && m < b) : (m >= a || m < b);
}

/* Seconds from `wall` to the end of the night it is in. */
static double night_left(const bl_sched *s, double wall)
{
    int64_t d = s->cfg.night_end * 60 - local_sod(s, wall);
    return (double)(d > 0 ? d : d + DAY);
}

/* ---- items ---------------------------------------------------------------- */

static void free_items(item *v, size_t n)
{
    size_t i;
    for (i = 0; v && i < n; i++) {
        free(v[i].id);
        free(v[i].chars);
    }
    free(v);
}

static void free_pending(pending *p)
{
    free_items(p->v, p->n);
    free(p->map);
    free(p->queue);
    memset(p, 0, sizeof *p);
}

static bool is_urgent(const item *it)
{
    return it->priority > 0;
}

/* True if p names a slide of an article that can show now. */
static bool live(const bl_sched *s, const pos *p)
{
    const item *it;
    if (p->kind != BL_SLIDE_HEADLINES && p->kind != BL_SLIDE_PAGE)
        return false;
    if (p->article < 0 || (size_t)p->article >= s->n)
        return false;
    it = &s->items[p->article];
    return it->show && (p->kind == BL_SLIDE_HEADLINES || p->page < it->npages);
}

/* ---- the switch to a new list ------------------------------------------ */

static int remap(const int *map, size_t oldn, int i)
{
    return (i >= 0 && (size_t)i < oldn) ? map[i] : -1;
}

/* A cursor ("the last one shown was i") in the new list: the item itself,
 * or if it is gone, just before the next old item that survived. */
static int remap_cursor(const int *map, size_t oldn, int i)
{
    size_t k;
    if (i < 0 || (size_t)i >= oldn)
        return -1;
    for (k = 0; k < oldn; k++) {
        int m = map[((size_t)i + k) % oldn];
        if (m >= 0)
            return k == 0 ? m : m - 1;
    }
    return -1;
}

static void remap_rot(rot *r, const int *map, size_t oldn)
{
    r->at.article = remap(map, oldn, r->at.article);
    r->normal_last = remap_cursor(map, oldn, r->normal_last);
    r->urgent_last = remap_cursor(map, oldn, r->urgent_last);
}

/* A slide's article in the new list; -1 if the article or its page is gone. */
static void remap_slide(bl_slide *sl, const int *map, size_t oldn, const item *v)
{
    sl->article = remap(map, oldn, sl->article);
    if (sl->article >= 0 && sl->kind == BL_SLIDE_PAGE && sl->page >= v[sl->article].npages)
        sl->article = -1;
}

/* Puts the pending list in force, carrying every index across by id. */
static void apply_pending(bl_sched *s)
{
    const int *map = s->pend.map;
    size_t oldn = s->n, i, nq = 0;
    int k;

    if (!s->has_pending)
        return;
    for (i = 0; i < s->pend.n; i++)
        s->pend.v[i].seen = s->ever_applied ? SEEN_NEW : SEEN_BASELINE;
    for (i = 0; i < oldn; i++) {
        if (map[i] >= 0) {
            item *to = &s->pend.v[map[i]];
            to->show = s->items[i].show;
            to->seen = s->items[i].seen;
            to->seen_show = s->items[i].seen_show;
            to->seen_prio = s->items[i].seen_prio;
        }
    }
    for (i = 0; i < s->nqueue; i++) {
        int m = remap(map, oldn, s->queue[i]);
        if (m >= 0)
            s->pend.queue[nq++] = m;
    }
    remap_slide(&s->cur, map, oldn, s->pend.v);
    remap_slide(&s->prev, map, oldn, s->pend.v);
    remap_rot(&s->rot, map, oldn);
    for (k = 0; k < s->hist_n; k++)
        remap_rot(&s->hist[(s->hist_top - 1 - k + HISTORY) % HISTORY], map, oldn);

    free_items(s->items, s->n);
    free(s->queue);
    free(s->pend.map);
    s->items = s->pend.v;
    s->n = s->pend.n;
    s->queue = s->pend.queue;
    s->nqueue = nq;
    memset(&s->pend, 0, sizeof s->pend);
    s->has_pending = false;
    s->ever_applied = true;
}

/* ---- urgent arrivals ------------------------------------------------------ */

/* Queues article i to pre-empt, before any of lower priority. */
static void enqueue(bl_sched *s, int i)
{
    size_t k, at = s->nqueue;
    for (k = 0; k < s->nqueue; k++) {
        if (s->queue[k] == i)
            return;
        if (at == s->nqueue && s->items[s->queue[k]].priority < s->items[i].priority)
            at = k;
    }
    memmove(&s->queue[at + 1], &s->queue[at], (s->nqueue - at) * sizeof s->queue[0]);
    s->queue[at] = i;
    s->nqueue++;
}

/* Whether an item's days and hours allow local time at `wall`. */
static bool weekly_ok(const bl_sched *s, const item *it, double wall)
{
    int wd, m;
    if (!it->weekly.days && !it->weekly.nranges)
        return true;
    bl_weekly_local(floor_s(wall), s->utc_off, &wd, &m);
    return bl_weekly_allows(&it->weekly, wd, m);
}

/* Works out which items show at wall time `wall`, queues urgent articles
 * that have just appeared (new, priority raised, or come into their
 * window) and drops queued ones that no longer qualify. */
static void evaluate(bl_sched *s, double wall)
{
    bool sane = sane_at(wall);
    size_t i, k, nq = 0;

    for (i = 0; i < s->n; i++) {
        item *it = &s->items[i];
        bool urgent_now, fire = false;
        it->show = !sane || ((it->from == 0 || wall >= (double)it->from) &&
                             (it->until == 0 || wall < (double)it->until) && weekly_ok(s, it, wall));
        urgent_now = is_urgent(it) && it->show;
        if (it->seen == SEEN_NEW)
            fire = urgent_now;
        else if (it->seen == SEEN_KNOWN)
            fire = urgent_now && (!it->seen_show || it->priority > it->seen_prio);
        it->seen = SEEN_KNOWN;
        it->seen_show = it->show;
        it->seen_prio = it->priority;
        if (fire && !(s->preempting && s->cur.article == (int)i))
            enqueue(s, (int)i);
    }
    for (k = 0; k < s->nqueue; k++) {
        const item *it = &s->items[s->queue[k]];
        if (is_urgent(it) && it->show)
            s->queue[nq++] = s->queue[k];
    }
    s->nqueue = nq;
}

/* ---- the rotation --------------------------------------------------------- */

/* The first showable article of the given urgency after index `last`,
 * going round; -1 if none. */
static int scan_after(const bl_sched *s, int last, bool urgent)
{
    size_t k, n = s->n;
    for (k = 1; k <= n; k++) {
        size_t i = (size_t)(last + (int)k + (int)n) % n;
        if (s->items[i].show && is_urgent(&s->items[i]) == urgent)
            return (int)i;
    }
    return -1;
}

/* Moves r to the headline screen of the next article: an urgent one (round
 * robin) once enough normal ones have been headed, else the next normal
 * one.  False if nothing can show. */
static bool choose_article(const bl_sched *s, rot *r)
{
    int n_norm = 0, n_urg = 0, k;
    size_t i;

    for (i = 0; i < s->n; i++)
        if (s->items[i].show)
            is_urgent(&s->items[i]) ? n_urg++ : n_norm++;
    /* With fewer normal articles than urgent_every, each of them once
     * between urgent ones: never the same normal article twice in a row. */
    if (n_urg > 0 && r->since_urgent >= BL_MIN(s->cfg.urgent_every, n_norm)) {
        k = scan_after(s, r->urgent_last, true);
        r->urgent_last = k;
        r->since_urgent = 0;
    } else if (n_norm > 0) {
        k = scan_after(s, r->normal_last, false);
        r->normal_last = k;
        r->since_urgent = BL_MIN(r->since_urgent + 1, SINCE_MAX);
    } else {
        return false;
    }
    r->at = (pos){BL_SLIDE_HEADLINES, k, 0, false};
    return true;
}

/* Moves r to the slide after its own: the article's next page, or the
 * next article's headline screen.  False (r unchanged) if nothing shows. */
static bool successor(const bl_sched *s, rot *r)
{
    if (!r->at.done && live(s, &r->at)) {
        if (r->at.kind == BL_SLIDE_HEADLINES) {
            r->at.kind = BL_SLIDE_PAGE;
            r->at.page = 0;
            return true;
        }
        if (r->at.page + 1 < s->items[r->at.article].npages) {
            r->at.page++;
            return true;
        }
    }
    return choose_article(s, r);
}

static void history_push(bl_sched *s, const rot *r)
{
    if (r->at.kind == BL_SLIDE_EMPTY)
        return;
    s->hist[s->hist_top] = *r;
    s->hist_top = (s->hist_top + 1) % HISTORY;
    if (s->hist_n < HISTORY)
        s->hist_n++;
}

static bool history_pop(bl_sched *s, rot *r)
{
    if (s->hist_n == 0)
        return false;
    s->hist_top = (s->hist_top - 1 + HISTORY) % HISTORY;
    s->hist_n--;
    *r = s->hist[s->hist_top];
    return true;
}

/* ---- slides ---------------------------------------------------------------- */

static bl_slide slide_of(const bl_sched *s, bl_slide_kind kind, int article, int page)
{
    bl_slide sl;
    memset(&sl, 0, sizeof sl);
    sl.kind = kind;
    sl.article = article;
    sl.page = kind == BL_SLIDE_PAGE ? page : 0;
    sl.npages = article >= 0 ? s->items[article].npages : 0;
    return sl;
}

/* A page's dwell: the item's own (a poster's, an article's dwell:) or by
 * the characters on it, within [min_dwell, max_dwell]. */
static double page_dwell(const bl_sched *s, const item *it, int page)
{
    double d = it->dwell < 0 ? s->cfg.poster_dwell : it->dwell;
    if (d == 0)
        return bl_sched_page_dwell(&s->cfg, it->chars[page]);
    return BL_MIN(BL_MAX(d, s->cfg.min_dwell), s->cfg.max_dwell);
}

static double dwell_of(const bl_sched *s, const bl_slide *sl, double wall)
{
    double d = EMPTY_RECHECK;
    switch (sl->kind) {
    case BL_SLIDE_HEADLINES:
        d = s->cfg.headline_dwell;
        break;
    case BL_SLIDE_PAGE:
        d = page_dwell(s, &s->items[sl->article], sl->page);
        break;
    case BL_SLIDE_NIGHT:
        d = BL_MIN(night_left(s, wall), NIGHT_RECHECK);
        break;
    case BL_SLIDE_EMPTY:
        break;
    }
    return BL_MAX(d, MIN_SLIDE);
}

static double slide_end(const bl_sched *s)
{
    return s->cur.start + s->paused_for + BL_MAX(s->cur.dwell, s->hold);
}

/* Puts sl on screen at time t; a manual slide is held for idle_resume. */
static void show(bl_sched *s, bl_slide sl, const when *t, bool manual)
{
    sl.dwell = dwell_of(s, &sl, t->wall);
    sl.start = t->mono;
    sl.serial = ++s->serial;
    s->prev = s->cur;
    s->cur = sl;
    s->hold = manual ? BL_MAX(sl.dwell, s->cfg.idle_resume) : 0;
    s->paused_for = 0;
    s->pause_began = t->mono;
}

/* What the next boundary does, worked out without changing anything. */
typedef struct plan {
    bl_slide slide; /* kind, article, page, npages, dwell */
    rot rot;        /* the rotation after it */
    bool advanced;  /* the rotation moved (the old state goes to history) */
    bool preempt;   /* the slide is an urgent article out of turn */
    bool dequeue;   /* ... the first of the queue */
} plan;

/* The slide after the current one at wall time `wall`, with the items'
 * show flags as they are.  `manual` (NEXT) ignores a blank night. */
static plan decide(const bl_sched *s, double wall, bool manual)
{
    plan p;

    memset(&p, 0, sizeof p);
    p.rot = s->rot;
    if (!manual && s->cfg.night_blank && night_at(s, wall)) {
        /* After the night the rotation starts on the next article. */
        p.rot.at.done = true;
        p.slide = slide_of(s, BL_SLIDE_NIGHT, -1, 0);
    } else if (s->nqueue > 0) {
        int u = s->queue[0];
        if (p.rot.at.article == u)
            p.rot.at.done = true;
        p.rot.urgent_last = u;
        p.rot.since_urgent = 0; /* the pre-emption was its turn */
        p.preempt = p.dequeue = true;
        p.slide = slide_of(s, BL_SLIDE_PAGE, u, 0);
    } else if (s->preempting && s->cur.kind == BL_SLIDE_PAGE &&
               live(s, &(pos){BL_SLIDE_PAGE, s->cur.article, s->cur.page + 1, false})) {
        p.preempt = true;
        p.slide = slide_of(s, BL_SLIDE_PAGE, s->cur.article, s->cur.page + 1);
    } else if (successor(s, &p.rot)) {
        p.advanced = true;
        p.slide = slide_of(s, p.rot.at.kind, p.rot.at.article, p.rot.at.page);
    } else {
        p.slide = slide_of(s, BL_SLIDE_EMPTY, -1, 0);
    }
    p.slide.dwell = dwell_of(s, &p.slide, wall);
    return p;
}

/* True if p only continues the calm slide on screen (night, empty). */
static bool continues(const bl_sched *s, const plan *p)
{
    return s->cur.serial > 0 && p->slide.kind == s->cur.kind &&
           (p->slide.kind == BL_SLIDE_NIGHT || p->slide.kind == BL_SLIDE_EMPTY);
}

/* The slide boundary at time t: the next list comes into force, urgent
 * arrivals are queued, then the next slide goes on screen.  A manual one
 * (NEXT) always starts a new slide. */
static void boundary(bl_sched *s, const when *t, bool manual)
{
    plan p;

    apply_pending(s);
    evaluate(s, t->wall);
    p = decide(s, t->wall, manual);
    if (p.dequeue) {
        s->nqueue--;
        memmove(&s->queue[0], &s->queue[1], s->nqueue * sizeof s->queue[0]);
    }
    if (p.advanced)
        history_push(s, &s->rot);
    s->rot = p.rot;
    s->preempting = p.preempt;
    if (!manual && continues(s, &p)) {
        /* The same calm slide goes on from t: no new serial, no transition. */
        s->cur.dwell = t->mono - s->cur.start - s->paused_for + p.slide.dwell;
        s->hold = 0;
        return;
    }
    show(s, p.slide, t, manual);
}

/* PREV: the slide before, now.  From an interruption (urgent page 0, night,
 * empty) that is the rotation's own slide; in the rotation, the state
 * before (history), or without history the page or headline before inside
 * the article. */
static void go_back(bl_sched *s, const when *t)
{
    pos *at = &s->rot.at;
    bool from_break;
    rot r;

    apply_pending(s);
    evaluate(s, t->wall);
    if (s->preempting && s->cur.kind == BL_SLIDE_PAGE && s->cur.page > 0 &&
        live(s, &(pos){BL_SLIDE_PAGE, s->cur.article, s->cur.page - 1, false})) {
        show(s, slide_of(s, BL_SLIDE_PAGE, s->cur.article, s->cur.page - 1), t, true);
        return;
    }
    from_break = s->preempting || s->cur.kind == BL_SLIDE_NIGHT || s->cur.kind == BL_SLIDE_EMPTY;
    s->preempting = false;
    if (!(from_break && live(s, at))) {
        bool found = false;
        while (!found && history_pop(s, &r)) {
            if (live(s, &r.at)) {
                s->rot = r;
                found = true;
            }
        }
        if (!found && live(s, at)) {
            if (at->kind == BL_SLIDE_PAGE && at->page > 0)
                at->page--;
            else
                at->kind = BL_SLIDE_HEADLINES;
            at->done = false;
        }
    }
    show(s, live(s, at) ? slide_of(s, at->kind, at->article, at->page) : slide_of(s, BL_SLIDE_EMPTY, -1, 0),
         t, true);
}

/* Replays every slide end up to now (at most CATCHUP_MAX of them; the
 * rest of a longer gap is skipped with a fresh slide starting now). */
static void catch_up(bl_sched *s, const when *now)
{
    int steps = 0;
    if (!s->started) {
        s->started = true;
        boundary(s, now, false);
    }
    while (!s->paused && now->mono >= slide_end(s)) {
        when t;
        t.mono = ++steps > CATCHUP_MAX ? now->mono : slide_end(s);
        t.wall = now->wall - (now->mono - t.mono);
        boundary(s, &t, false);
        if (steps > CATCHUP_MAX)
            break;
    }
}

/* ---- public ---------------------------------------------------------------- */

bl_status bl_sched_create(const bl_sched_config *cfg, bl_clock *clock, bl_sched **out, bl_err *err)
{
    bl_sched *s;
    bl_status st;

    if (!out)
        return bl_err_set(err, BL_ERR_USAGE, "schedule: nowhere to put the schedule");
    *out = NULL;
    if (!cfg || !clock)
        return bl_err_set(err, BL_ERR_USAGE, "schedule: no configuration or no clock");
    st = check_config(cfg, err);
    if (st != BL_OK)
        return st;
    s = calloc(1, sizeof *s);
    if (!s)
        return bl_err_set(err, BL_ERR_NOMEM, "schedule: out of memory");
    s->cfg = *cfg;
    s->clock = clock;
    s->rot.at = (pos){BL_SLIDE_EMPTY, -1, 0, false};
    s->rot.normal_last = -1;
    s->rot.urgent_last = -1;
    s->rot.since_urgent = SINCE_MAX; /* an urgent article opens the rotation */
    s->cur = slide_of(s, BL_SLIDE_EMPTY, -1, 0);
    s->prev = s->cur;
    *out = s;
    return BL_OK;
}

void bl_sched_destroy(bl_sched *s)
{
    if (!s)
        return;
    free_items(s->items, s->n);
    free(s->queue);
    free_pending(&s->pend);
    free(s);
}

bl_status bl_sched_set_items(bl_sched *s, const bl_sched_item *items, size_t n)
{
    pending p;
    bool *taken = NULL;
    size_t i, j;

    if (!s || (n > 0 && !items))
        return BL_ERR_USAGE;
    if (n > (size_t)(INT32_MAX / 2))
        return BL_ERR_TOOBIG;
    for (i = 0; i < n; i++) {
        if (!items[i].id || !items[i].page_chars)
            return BL_ERR_USAGE;
        if (items[i].npages < 1)
            return BL_ERR_RANGE;
    }
    memset(&p, 0, sizeof p);
    p.n = n;
    p.v = calloc(n ? n : 1, sizeof *p.v);
    p.queue = calloc(n ? n : 1, sizeof *p.queue);
    p.map = calloc(s->n ? s->n : 1, sizeof *p.map);
    taken = calloc(n ? n : 1, sizeof *taken);
    if (!p.v || !p.queue || !p.map || !taken)
        goto fail;
    for (i = 0; i < n; i++) {
        item *it = &p.v[i];
        int k;
        it->id = bl_strdup(items[i].id);
        it->chars = malloc((size_t)items[i].npages * sizeof *it->chars);
        if (!it->id || !it->chars)
            goto fail;
        for (k = 0; k < items[i].npages; k++)
            it->chars[k] = BL_MAX(items[i].page_chars[k], 0);
        it->npages = items[i].npages;
        it->priority = items[i].priority;
        it->from = items[i].show_from;
        it->until = items[i].show_until;
        it->weekly = items[i].weekly;
        it->handle = items[i].handle;
        it->dwell = items[i].dwell;
    }
    /* Old to new by id; quadratic, fine for a board's few hundred articles. */
    for (i = 0; i < s->n; i++) {
        p.map[i] = -1;
        for (j = 0; j < n; j++) {
            if (!taken[j] && !strcmp(s->items[i].id, p.v[j].id)) {
                p.map[i] = (int)j;
                taken[j] = true;
                break;
            }
        }
    }
    free(taken);
    free_pending(&s->pend);
    s->pend = p;
    s->has_pending = true;
    return BL_OK;
fail:
    free(taken);
    free_pending(&p);
    return BL_ERR_NOMEM;
}

size_t bl_sched_count(const bl_sched *s)
{
    return s->n;
}

const char *bl_sched_item_id(const bl_sched *s, size_t i)
{
    return i < s->n ? s->items[i].id : NULL;
}

uint64_t bl_sched_item_handle(const bl_sched *s, size_t i)
{
    return i < s->n ? s->items[i].handle : 0;
}

bool bl_sched_item_showing(const bl_sched *s, size_t i)
{
    return i < s->n && s->items[i].show;
}

void bl_sched_tick(bl_sched *s, bl_sched_state *st)
{
    when now = read_clock(s);
    double run, shown;

    catch_up(s, &now);
    st->cur = s->cur;
    st->prev = s->prev;
    shown = now.mono - s->cur.start;
    st->transition = s->cfg.transition > 0 ? BL_MIN(BL_MAX(shown / s->cfg.transition, 0.0), 1.0) : 1.0;
    run = (s->paused ? s->pause_began : now.mono) - s->cur.start - s->paused_for;
    st->progress = s->cur.dwell > 0 ? BL_MIN(BL_MAX(run / s->cur.dwell, 0.0), 1.0) : 1.0;
    st->night = night_at(s, now.wall);
    st->screen_off = s->cfg.night_off && s->cur.kind == BL_SLIDE_NIGHT;
    st->paused = s->paused;
    st->clock_sane = bl_clock_is_sane(s->clock);
    st->changed = s->cur.serial != s->reported;
    s->reported = s->cur.serial;
}

void bl_sched_input(bl_sched *s, bl_input in)
{
    when now = read_clock(s);

    catch_up(s, &now);
    switch (in) {
    case BL_INPUT_NEXT:
        boundary(s, &now, true);
        break;
    case BL_INPUT_PREV:
        go_back(s, &now);
        break;
    case BL_INPUT_PAUSE:
        if (s->paused)
            s->paused_for += now.mono - s->pause_began;
        else
            s->pause_began = now.mono;
        s->paused = !s->paused;
        break;
    }
}

int bl_sched_next_article(const bl_sched *s)
{
    rot r = s->rot;
    int k;

    if (s->cur.kind == BL_SLIDE_HEADLINES)
        return s->cur.article;
    if (s->preempting && s->nqueue > 0)
        return s->queue[0];
    /* Walk the rotation on until a slide of another article, or a headline
     * screen; a copy, so nothing moves. */
    for (k = 0; k <= (live(s, &r.at) ? s->items[r.at.article].npages : 0) + 1; k++) {
        if (!successor(s, &r))
            return -1;
        if (r.at.kind == BL_SLIDE_HEADLINES || r.at.article != s->cur.article)
            return r.at.article;
    }
    return -1;
}

bool bl_sched_peek(const bl_sched *s, bl_slide *next)
{
    double end = slide_end(s);
    plan p;

    if (!s->started)
        return false;
    p = decide(s, bl_clock_wall(s->clock) + (end - bl_clock_mono(s->clock)), false);
    if (continues(s, &p))
        return false;
    *next = p.slide;
    next->start = end;
    next->serial = s->serial + 1;
    return true;
}
