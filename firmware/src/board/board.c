/*
 * board.c - the board: the owner of the content source (and the inbox
 * that feeds it), the deck, the schedule, the compositor and the content
 * thread that reads and lays out changes off the render loop.  See
 * board.h.  What is drawn is compose.c's; what is laid out, deck.c's.
 */
#include "board/board.h"

#include "board/alert.h"

#include "board/compose.h"
#include "board/deck.h"
#include "board/feeds.h"
#include "content/inbox.h"
#include "content/source.h"
#include "layout/layout.h"
#include "layout/theme.h"
#include "render/engine.h"

#include <stdio.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TAG "board"

/* The worker: one thread that imports the inbox, scans the source and
 * lays out what changed (bl_deck_prepare), with an engine of its own (a
 * FreeType face must not be used by two threads at once, and the render
 * loop draws with the board's).  While a job runs the worker alone
 * touches the source and the inbox and only reads the deck; the render
 * loop keeps drawing from the layouts it has and takes the finished plan
 * at a frame boundary (bl_deck_apply), under the mutex that hands it
 * over.  The deck is applied to or flipped only while no job runs. */
typedef struct worker {
    SDL_Thread *thread;  /* NULL: no worker, jobs run inline */
    SDL_mutex *mu;
    SDL_cond *cv;
    bl_engine *engine;   /* its fonts */
    bool want, running, quit; /* under mu */
    bool force;          /* under mu: lay out again even if the source has not changed */
    bool done;           /* under mu: a job finished, `plan` is its result */
    bl_deck_plan *plan;  /* under mu */
} worker;

struct bl_board {
    bl_config cfg;
    bl_clock *clock;
    double t0;
    bl_engine *engine;
    bl_converter *conv;   /* the configuration's script (OpenCC), or NULL: as written */
    bl_source *src;
    bl_inbox *inbox;   /* or NULL */
    bl_feeds *feeds;   /* the [feed] fetcher, or NULL */
    bl_deck *deck;
    bl_sched *sched;
    bl_compose *compose;
    bl_sched_state last;
    bl_theme theme;       /* as read at start (a reconfiguration keeps it) */
    bl_layout_opts lo;    /* the slide area's */
    bool watching;
    double last_scan;  /* real seconds */
    worker w;
    bl_alert alert;            /* the emergency alert, if active */
    bool alert_changed;        /* since the last tick: logged as a change */
    char alert_path[1100];     /* kept beside the content folder across restarts */
};

/* The theme, read once: the configured one; if it cannot be read the
 * board says so and keeps the bundled look rather than not starting.
 * False when not even the bundled file reads: the engine then looks for
 * it again and says why. */
static bool read_theme(const bl_config *cfg, bl_theme *theme)
{
    char path[1024];
    bl_err terr;
    bl_theme_defaults(theme);
    if (*cfg->theme) {
        if (!bl_theme_load(cfg->theme, theme, &terr))
            return true;
        BL_LOGW(TAG, "%s; using the bundled theme", terr.msg);
        bl_theme_defaults(theme);
    }
    snprintf(path, sizeof path, "%s/assets/theme.ini", bl_engine_data_dir());
    if (!bl_theme_load(path, theme, &terr))
        return true;
    bl_theme_defaults(theme);
    return false;
}

/* The inbox: configured, or 'inbox' beside the content folder; none if
 * that is not a folder. */
static bl_status open_inbox(bl_board *b, const char *content_dir, bl_err *err)
{
    char inbox[1100];
    struct stat sb;
    if (*b->cfg.inbox) {
        snprintf(inbox, sizeof inbox, "%s", b->cfg.inbox);
    } else {
        const char *slash = strrchr(content_dir, '/');
        if (slash)
            snprintf(inbox, sizeof inbox, "%.*s/inbox", (int)(slash - content_dir), content_dir);
        else
            snprintf(inbox, sizeof inbox, "inbox");
    }
    if (stat(inbox, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        bl_status st = bl_inbox_create(inbox, content_dir, b->cfg.settle, &b->inbox, err);
        if (st == BL_ERR_USAGE) {
            /* a misconfigured inbox is said once; the board runs without it */
            BL_LOGE(TAG, "%s; no pages will be imported", err->msg);
            return BL_OK;
        }
        if (st)
            return st;
        BL_LOGI(TAG, "raw newspaper pages put in %s are imported", inbox);
    } else if (*b->cfg.inbox) {
        BL_LOGW(TAG, "the inbox %s is not a folder; no pages will be imported", inbox);
    }
    return BL_OK;
}

/* The source: the content folder, then each feed's folder (feeds.h). */
static bl_status open_source(const bl_config *cfg, const char *content_dir, const bl_feeds *feeds, bl_source **out,
                             bl_err *err)
{
    bl_source *parts[1 + BL_FEEDS_MAX];
    size_t n = 0, i;
    bl_status st = bl_folder_create(content_dir, (size_t)cfg->max_article_bytes, (size_t)cfg->content_budget,
                                    cfg->settle, &parts[n], err);
    *out = NULL;
    if (st)
        return st;
    n++;
    for (i = 0; i < bl_feeds_count(feeds) && n < BL_ARRAY_LEN(parts); i++) {
        if ((st = bl_folder_create(bl_feeds_dir(feeds, i), (size_t)cfg->max_article_bytes,
                                   (size_t)cfg->content_budget, cfg->settle, &parts[n], err))) {
            while (n)
                bl_source_destroy(parts[--n]);
            return st;
        }
        n++;
    }
    if (n == 1) {
        *out = parts[0];
        return BL_OK;
    }
    return bl_union_create(parts, n, out, err);
}

/* ---- the worker ------------------------------------------------------------ */

static int worker_main(void *arg)
{
    bl_board *b = arg;
    worker *w = &b->w;
    SDL_LockMutex(w->mu);
    for (;;) {
        bl_deck_plan *plan = NULL;
        bool changed;
        while (!w->quit && !w->want)
            SDL_CondWait(w->cv, w->mu);
        if (w->quit)
            break;
        changed = w->force;
        w->want = w->force = false;
        w->running = true;
        SDL_UnlockMutex(w->mu);
        if (b->inbox)
            bl_inbox_import(b->inbox); /* the producer first: its articles are then in the folder */
        changed |= bl_source_scan(b->src);
        if (changed)
            plan = bl_deck_prepare(b->deck, b->src, bl_engine_layout_opts(w->engine));
        SDL_LockMutex(w->mu);
        w->running = false;
        if (changed) {
            bl_deck_plan_destroy(w->plan); /* not taken: cannot happen, a job starts after the last was taken */
            w->plan = plan;
            w->done = true;
        }
        SDL_CondBroadcast(w->cv);
    }
    SDL_UnlockMutex(w->mu);
    return 0;
}

/* Starts the worker; without one (no thread, no memory for its fonts)
 * content changes are taken in the render loop, as before. */
static void start_worker(bl_board *b, const bl_engine_opts *eo)
{
    worker *w = &b->w;
    bl_engine_opts weo = *eo;
    bl_err err;
    weo.cache_bytes = 1 << 16; /* it lays out, it never draws */
    if (bl_engine_create(&weo, &w->engine, &err)) {
        BL_LOGW(TAG, "%s; content changes are laid out between frames", err.msg);
        return;
    }
    w->mu = SDL_CreateMutex();
    w->cv = SDL_CreateCond();
    if (w->mu && w->cv)
        w->thread = SDL_CreateThread(worker_main, "baolan-content", b);
    if (!w->thread)
        BL_LOGW(TAG, "cannot start the content thread (%s); content changes are laid out between frames",
                SDL_GetError());
}

static void stop_worker(bl_board *b)
{
    worker *w = &b->w;
    if (w->thread) {
        SDL_LockMutex(w->mu);
        w->quit = true;
        SDL_CondSignal(w->cv);
        SDL_UnlockMutex(w->mu);
        SDL_WaitThread(w->thread, NULL);
        w->thread = NULL;
    }
    bl_deck_plan_destroy(w->plan);
    w->plan = NULL;
    if (w->cv)
        SDL_DestroyCond(w->cv);
    if (w->mu)
        SDL_DestroyMutex(w->mu);
    w->cv = NULL;
    w->mu = NULL;
    bl_engine_destroy(w->engine);
    w->engine = NULL;
}

static bool worker_busy(bl_board *b)
{
    bool busy;
    if (!b->w.thread)
        return false;
    SDL_LockMutex(b->w.mu);
    busy = b->w.want || b->w.running;
    SDL_UnlockMutex(b->w.mu);
    return busy;
}

/* Waits until no job runs or is asked for: the source, the inbox and the
 * deck are then the caller's. */
static void wait_idle(bl_board *b)
{
    if (!b->w.thread)
        return;
    SDL_LockMutex(b->w.mu);
    while (b->w.want || b->w.running)
        SDL_CondWait(b->w.cv, b->w.mu);
    SDL_UnlockMutex(b->w.mu);
}

/* Swaps in what the worker finished, if anything: at a frame boundary,
 * the schedule taking the new list at its next slide boundary.  True if
 * the list changed. */
static bool take_result(bl_board *b)
{
    bl_deck_plan *plan = NULL;
    bool done;
    if (!b->w.thread)
        return false;
    SDL_LockMutex(b->w.mu);
    done = b->w.done && !b->w.running;
    if (done) {
        plan = b->w.plan;
        b->w.plan = NULL;
        b->w.done = false;
    }
    SDL_UnlockMutex(b->w.mu);
    if (!done)
        return false;
    if (!bl_deck_apply(b->deck, plan, b->sched)) {
        /* laid out before a mode flip: again, in the new mode */
        SDL_LockMutex(b->w.mu);
        b->w.want = b->w.force = true;
        SDL_CondSignal(b->w.cv);
        SDL_UnlockMutex(b->w.mu);
        return false;
    }
    return true;
}

bl_status bl_board_create(const bl_config *cfg, const char *content_dir, bl_clock *clock, bl_board **out,
                          bl_err *err)
{
    bl_board *b = calloc(1, sizeof *b);
    bl_engine_opts eo;
    bl_frame_geometry g;
    bl_layout_opts lo;
    bl_theme theme;
    bl_status st;

    *out = NULL;
    if (!b)
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    b->cfg = *cfg;
    b->clock = clock;
    b->t0 = bl_clock_mono(clock);
    bl_frame_geometry_of(cfg, &g);
    memset(&eo, 0, sizeof eo);
    eo.theme = read_theme(cfg, &theme) ? &theme : NULL;
    eo.width = g.w;
    eo.height = g.slide_h;
    eo.margin_px = -1;
    /* Type sizes follow the whole screen, not the slide area. */
    eo.body_px = bl_theme_body_px(&theme, g.w, g.h);
    st = bl_engine_create(&eo, &b->engine, err);
    if (st)
        goto fail;
    lo = *bl_engine_layout_opts(b->engine);
    lo.kinsoku = cfg->kinsoku;
    b->theme = theme;
    b->lo = lo;
    if ((st = bl_compose_create(cfg, &theme, b->engine, &lo, clock, b->t0, &b->compose, err)) ||
        (st = bl_deck_create(&lo, cfg->orientation, g.w, g.h, &b->deck, err)) ||
        (st = bl_sched_create(&cfg->sched, clock, &b->sched, err)) ||
        (st = bl_feeds_create(cfg, content_dir, &b->feeds, err)) ||
        (st = open_source(cfg, content_dir, b->feeds, &b->src, err)) ||
        (st = open_inbox(b, content_dir, err)) || (st = bl_converter_open(cfg->script, NULL, &b->conv, err)))
        goto fail;
    bl_deck_set_converter(b->deck, b->conv);
    b->watching = bl_source_watch(b->src);
    if (b->watching && b->inbox)
        bl_inbox_watch(b->inbox);
    if (b->inbox)
        bl_inbox_import(b->inbox);
    bl_source_scan(b->src);
    b->last_scan = bl_now_seconds();
    bl_deck_update(b->deck, b->src, b->sched);
    start_worker(b, &eo);
    {
        /* an alert from before a restart comes back until it expires */
        char *c = bl_strdup(content_dir);
        snprintf(b->alert_path, sizeof b->alert_path, "%s/alert.txt", c ? dirname(c) : ".");
        free(c);
        if (bl_alert_load(b->alert_path, (int64_t)bl_clock_wall(clock), &b->alert)) {
            BL_LOGI(TAG, "the alert from before the restart is shown again: %s", b->alert.text);
            bl_compose_set_alert(b->compose, b->alert.text);
            b->alert_changed = true;
        }
    }
    *out = b;
    return BL_OK;
fail:
    bl_board_destroy(b);
    return st;
}

void bl_board_destroy(bl_board *b)
{
    if (!b)
        return;
    stop_worker(b);
    bl_feeds_destroy(b->feeds);
    bl_compose_destroy(b->compose);
    bl_sched_destroy(b->sched);
    bl_deck_destroy(b->deck);
    bl_converter_destroy(b->conv);
    bl_inbox_destroy(b->inbox);
    bl_source_destroy(b->src);
    bl_engine_destroy(b->engine);
    free(b);
}

bool bl_board_poll_content(bl_board *b)
{
    double now = bl_now_seconds();
    bool changed = take_result(b);
    if (worker_busy(b))
        return changed;
    /* events come in bursts: at most five scans a second (unread events
     * wait in the queue) */
    if (now - b->last_scan < (b->watching ? 0.2 : 2.0))
        return changed;
    if (b->watching) {
        bool content = bl_source_pending(b->src);
        bool inbox = b->inbox && bl_inbox_pending(b->inbox); /* read both: each drains its events */
        if (!content && !inbox)
            return changed;
    }
    b->last_scan = now;
    if (!b->w.thread)
        return bl_board_reload(b) || changed;
    SDL_LockMutex(b->w.mu);
    b->w.want = true;
    SDL_CondSignal(b->w.cv);
    SDL_UnlockMutex(b->w.mu);
    return changed;
}

/* Whether two configurations differ only in what the board can change
 * without starting again: the content (folder, inbox, limits, settle),
 * the schedule's timing, and the compositor's (masthead, transition,
 * ticker).  The screen, the theme and the writing mode need a new
 * engine, and so a new board; so does the script (every article laid out
 * again). */
static bool live_change(const bl_config *a, const bl_config *b)
{
    return a->width == b->width && a->height == b->height && a->rotation == b->rotation &&
           !strcmp(a->theme, b->theme) && a->orientation == b->orientation && a->kinsoku == b->kinsoku &&
           a->script == b->script;
}

static bool sched_equal(const bl_sched_config *a, const bl_sched_config *b)
{
    return a->chars_per_minute == b->chars_per_minute && a->min_dwell == b->min_dwell &&
           a->max_dwell == b->max_dwell && a->headline_dwell == b->headline_dwell &&
           a->transition == b->transition && a->urgent_every == b->urgent_every &&
           a->night_start == b->night_start && a->night_end == b->night_end &&
           a->night_blank == b->night_blank && a->idle_resume == b->idle_resume &&
           a->poster_dwell == b->poster_dwell;
}

static bool compose_change(const bl_config *a, const bl_config *b)
{
    return strcmp(a->name, b->name) || a->transition != b->transition || a->ticker != b->ticker ||
           a->ticker_speed != b->ticker_speed;
}

bool bl_board_reconfigure(bl_board *b, const bl_config *cfg, const char *content_dir)
{
    bl_config old = b->cfg;
    bool new_feeds = !bl_feeds_same(&old, cfg);
    bool new_source = new_feeds || strcmp(content_dir, bl_source_where(b->src)) ||
                      old.max_article_bytes != cfg->max_article_bytes ||
                      old.content_budget != cfg->content_budget || old.settle != cfg->settle;
    bool new_sched = !sched_equal(&old.sched, &cfg->sched);
    bl_source *src = NULL;
    bl_sched *sched = NULL;
    bl_compose *compose = NULL;
    bl_inbox *inbox = b->inbox;
    bl_err err;

    wait_idle(b); /* also before a new board: its inbox must not race this one's worker */
    take_result(b);
    if (!live_change(&old, cfg))
        return false;
    if (new_feeds) {
        /* the old fetcher stops first: two must not write one folder */
        bl_feeds_destroy(b->feeds);
        b->feeds = NULL;
        if (bl_feeds_create(cfg, content_dir, &b->feeds, &err))
            BL_LOGE(TAG, "%s; the board runs without its feeds", err.msg);
    }
    if ((new_source && open_source(cfg, content_dir, b->feeds, &src, &err)) ||
        (new_sched && bl_sched_create(&cfg->sched, b->clock, &sched, &err)) ||
        (compose_change(&old, cfg) && bl_compose_create(cfg, &b->theme, b->engine, &b->lo, b->clock, b->t0,
                                                        &compose, &err))) {
        BL_LOGE(TAG, "%s; keeping the running board", err.msg);
        bl_source_destroy(src);
        bl_sched_destroy(sched);
        return true;
    }
    b->cfg = *cfg;
    b->inbox = NULL;
    if (open_inbox(b, content_dir, &err)) { /* out of memory: the old one goes on */
        b->inbox = inbox;
        inbox = NULL;
    }
    bl_inbox_destroy(inbox);
    if (sched) {
        /* new timing: the rotation starts again, with the articles laid out */
        BL_LOGI(TAG, "the schedule changed: the rotation starts again");
        bl_deck_update(b->deck, b->src, sched);
        bl_sched_destroy(b->sched);
        b->sched = sched;
        memset(&b->last, 0, sizeof b->last);
    }
    if (compose) {
        bl_compose_destroy(b->compose);
        b->compose = compose;
    }
    if (src) {
        bl_source_destroy(b->src);
        b->src = src;
        b->watching = bl_source_watch(b->src);
    }
    if (b->watching && b->inbox)
        bl_inbox_watch(b->inbox);
    /* read the content again, off the render loop; the rotation goes on */
    b->last_scan = bl_now_seconds();
    if (!b->w.thread) {
        bl_board_reload(b);
    } else {
        SDL_LockMutex(b->w.mu);
        b->w.want = b->w.force = true;
        SDL_CondSignal(b->w.cv);
        SDL_UnlockMutex(b->w.mu);
    }
    return true;
}

bool bl_board_busy(bl_board *b)
{
    return worker_busy(b);
}

bool bl_board_reload(bl_board *b)
{
    wait_idle(b);
    take_result(b);
    if (b->inbox)
        bl_inbox_import(b->inbox); /* the producer first: its articles are then in the folder */
    if (!bl_source_scan(b->src))
        return false;
    bl_deck_update(b->deck, b->src, b->sched);
    return true;
}

void bl_board_set_alert(bl_board *b, const bl_alert *a)
{
    bl_err err;
    b->alert = *a;
    if (bl_alert_save(b->alert_path, a, &err))
        BL_LOGW(TAG, "%s (the alert shows, but not again after a restart)", err.msg);
    bl_compose_set_alert(b->compose, a->active ? a->text : NULL);
    b->alert_changed = true;
    if (a->active)
        BL_LOGI(TAG, "alert on screen: %s", a->text);
    else
        BL_LOGI(TAG, "alert cleared");
}

const bl_alert *bl_board_alert(const bl_board *b)
{
    return &b->alert;
}

void bl_board_tick(bl_board *b, bl_sched_state *st_out)
{
    bl_sched_state st;
    bl_sched_tick(b->sched, &st);
    if (st.changed) /* the schedule may have moved on to a new list: old layouts can go */
        bl_deck_collect(b->deck, b->sched);
    if (b->alert.active && b->alert.until && bl_clock_wall(b->clock) >= (double)b->alert.until) {
        bl_alert off = {0};
        bl_board_set_alert(b, &off);
    }
    if (b->alert_changed) {
        /* a change of what is on screen: the log says so */
        st.changed = true;
        b->alert_changed = false;
    }
    if (b->alert.active)
        st.screen_off = false; /* an alert wakes a screen switched off for the night */
    b->last = st;
    if (st_out)
        *st_out = st;
}

SDL_Surface *bl_board_frame(bl_board *b, bl_sched_state *st_out)
{
    bl_sched_state st;
    bl_board_tick(b, &st);
    if (st_out)
        *st_out = st;
    return bl_compose_frame(b->compose, &st, b->sched, b->deck);
}

void bl_board_prepare_next(bl_board *b)
{
    bl_slide next;
    if (b->last.transition < 1.0 || b->last.cur.kind == BL_SLIDE_NIGHT)
        return; /* never during a transition: that frame is busy */
    if (bl_sched_peek(b->sched, &next))
        bl_compose_prepare(b->compose, &next, b->sched, b->deck);
}

void bl_board_input(bl_board *b, bl_input in)
{
    bl_sched_input(b->sched, in);
}

void bl_board_toggle_orientation(bl_board *b)
{
    wait_idle(b);
    take_result(b);
    bl_deck_flip_mode(b->deck);
    bl_deck_update(b->deck, b->src, b->sched);
}

static void json_escape(char *dst, size_t n, const char *s)
{
    size_t k = 0;
    for (; s && *s && k + 7 < n; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            dst[k++] = '\\';
            dst[k++] = (char)c;
        } else if (c < 0x20) {
            k += (size_t)snprintf(dst + k, n - k, "\\u%04x", c);
        } else {
            dst[k++] = (char)c;
        }
    }
    dst[k] = '\0';
}

void bl_board_describe(const bl_board *b, const bl_sched_state *st, char *buf, size_t n)
{
    if (b->alert.active) {
        char text[BL_ALERT_MAX_TEXT * 2 + 16];
        json_escape(text, sizeof text, b->alert.text);
        snprintf(buf, n, "{\"t\": %.1f, \"kind\": \"alert\", \"article\": \"%s\", \"until\": %lld}",
                 bl_clock_mono(b->clock) - b->t0, text, (long long)b->alert.until);
        return;
    }
    static const char *const kinds[] = {"headlines", "page", "night", "empty"};
    const bl_deck_article *a = NULL;
    char title[600] = "";
    bl_mode m;
    if (st->cur.article >= 0 && (size_t)st->cur.article < bl_sched_count(b->sched))
        a = bl_deck_find(b->deck, bl_sched_item_handle(b->sched, (size_t)st->cur.article));
    m = a && st->cur.kind == BL_SLIDE_PAGE ? a->mode : bl_deck_mode(b->deck);
    json_escape(title, sizeof title, a ? a->title : "");
    if (st->cur.kind == BL_SLIDE_PAGE && a && a->poster) {
        /* a poster by its file name; a PDF's pages counted like an article's */
        char pages[64] = "";
        json_escape(title, sizeof title, a->file);
        if (a->pdf)
            snprintf(pages, sizeof pages, ", \"page\": %d, \"pages\": %d", st->cur.page + 1, st->cur.npages);
        snprintf(buf, n, "{\"t\": %.1f, \"kind\": \"poster\", \"article\": \"%s\"%s, \"dwell\": %.1f}",
                 st->cur.start - b->t0, title, pages, st->cur.dwell);
    } else if (st->cur.kind == BL_SLIDE_PAGE)
        snprintf(buf, n,
                 "{\"t\": %.1f, \"kind\": \"page\", \"article\": \"%s\", \"page\": %d, \"pages\": %d, "
                 "\"dwell\": %.1f, \"orientation\": \"%s\"}",
                 st->cur.start - b->t0, title, st->cur.page + 1, st->cur.npages, st->cur.dwell,
                 m == BL_MODE_VERTICAL ? "vertical" : "horizontal");
    else
        snprintf(buf, n,
                 "{\"t\": %.1f, \"kind\": \"%s\", \"article\": \"%s\", \"dwell\": %.1f, \"orientation\": \"%s\"}",
                 st->cur.start - b->t0, kinds[st->cur.kind % 4], title, st->cur.dwell,
                 m == BL_MODE_VERTICAL ? "vertical" : "horizontal");
}

size_t bl_board_article_count(const bl_board *b) { return bl_sched_count(b->sched); }

int bl_board_width(const bl_board *b) { return b->cfg.width; }
int bl_board_height(const bl_board *b) { return b->cfg.height; }
