/*
 * schedule.h - what is on screen now.  A pure state machine: given the
 * articles (page counts and lengths, priorities, date windows), the
 * configuration and the time from a clock, it says which slide shows, how
 * far through its dwell and through the transition into it.  No SDL, no
 * I/O.  Depends on base and clock.
 *
 * The rotation: a headline screen listing the current articles with the
 * next one marked, then that article's pages, then the headline screen
 * with the following article marked, and so on.  Urgent articles
 * (priority > 0) jump the queue at the next slide boundary when they
 * appear and come round more often; articles outside their show-from /
 * show-until window drop out; night hours blank or dim the screen.
 *
 * In detail (what a viewer sees; the tests in tests/unit/test_schedule.c
 * check each point):
 *
 * - Order.  Normal articles (priority <= 0) go round in list order, each
 *   as its headline screen then its pages.  After every `urgent_every`
 *   normal articles (or every normal article, when there are fewer) the
 *   next urgent one, round robin in list order, gets the same treatment;
 *   urgent articles are not also in the normal round.  An urgent article
 *   present at start opens the rotation.  Nothing showable: an EMPTY slide,
 *   looked at again every 5 s (same serial while it stays empty).
 * - Dwell.  Pages: bl_sched_page_dwell, or the item's own dwell (an
 *   article's `dwell:`, a poster's, or poster_dwell), clamped to
 *   [min_dwell, max_dwell]; headline screens: headline_dwell;
 *   no slide is shorter than 1 s whatever the configuration says.  The
 *   dwell counts from the slide's start, transition included.
 * - Urgent arrival.  An urgent article that appears (new id, priority
 *   raised, or its show window opening) is queued, higher priority first;
 *   at the next boundary its page 0 comes on (no headline screen), then
 *   its further pages, then the next queued one, then the rotation goes
 *   on with exactly the slide that would have come next (the rest of the
 *   interrupted article; the interrupted article itself is never
 *   restarted, and if it was the urgent one, it is taken as done).  A
 *   pre-emption counts as the urgent turn.  The first list in force
 *   queues nothing.
 * - Windows.  With a sane clock an article shows while show_from <= wall
 *   < show_until, and on the days and hours of its `weekly` in local
 *   time (a range past midnight belongs to the day it starts on);
 *   checked at each boundary, so an expiring article
 *   finishes the slide on screen and then drops out.  With the clock not
 *   sane (bl_clock_is_sane) every article shows and there is no night;
 *   both apply from the first boundary after the clock is set.
 * - Night.  Local time in [night_start, night_end), wrapping past
 *   midnight when start > end.  With night_blank a NIGHT slide comes on at
 *   the next boundary and stays (one serial) until the night ends, to the
 *   second; the rotation then starts on the next article.  Otherwise the
 *   rotation goes on and the state says night (dim).  NEXT at night shows
 *   the rotation for idle_resume, then the night slide returns.  With
 *   night_off as well, the state says screen_off for as long as the night
 *   slide is on (the caller switches the panel off; NEXT turns it on for
 *   the rotation it shows).
 * - Time.  The monotonic clock alone drives dwell, so the wall clock may
 *   jump either way without stalling or racing the rotation.  A tick
 *   replays every slide end it has passed, each with the wall time of that
 *   instant (for windows and night): a big step of a virtual clock gives
 *   the same slides as many small ones.  At most 200000 slides a tick (a
 *   week at 3 s a slide, tens of milliseconds); a longer gap is cut there
 *   and a fresh slide starts at the tick.  The local-time offset is read once a
 *   tick, so a DST change inside one long step is off by its hour.
 * - New lists (bl_sched_set_items) come into force at the next boundary;
 *   indices (slides, cursors, history, the queue) are carried across by
 *   id.  An article removed while on screen finishes its slide and the
 *   rotation goes on with the article after it; a page count that shrank
 *   under the current page moves on to the next article.  In the state,
 *   `prev.article` is -1 when that article or page is no longer in the
 *   list.
 * - Input.  NEXT and PREV change the slide at once (new serial, the
 *   transition again) and hold it for max(its dwell, idle_resume).  NEXT
 *   is a boundary like any other (a queued urgent article comes first).
 *   PREV retraces what the rotation showed, up to 64 slides back (urgent
 *   interruptions skipped).  Inside an urgent interruption it goes to the
 *   urgent article's page before, and from its page 0 (or from the night
 *   or empty slide) to the rotation's slide.  With no history left: the
 *   page or headline screen before inside the article; the very first
 *   headline screen stays.
 *   PAUSE freezes the slide and its progress; NEXT/PREV still work while
 *   paused (the new slide waits, paused); resuming runs out the rest of
 *   the dwell.  The transition is not frozen.
 */
#ifndef BL_SCHEDULE_H
#define BL_SCHEDULE_H

#include "core/base.h"
#include "core/clock.h"
#include "core/weekly.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    BL_SLIDE_HEADLINES, /* the list of headlines, `article` marked as next */
    BL_SLIDE_PAGE,      /* page `page` of `article` */
    BL_SLIDE_NIGHT,     /* night hours with night-mode blank */
    BL_SLIDE_EMPTY      /* no article to show: a calm message */
} bl_slide_kind;

/* One article as the schedule sees it.  Strings are copied. */
typedef struct bl_sched_item {
    const char *id;        /* stable identity, e.g. the file path */
    int npages;            /* at least 1 */
    const int *page_chars; /* characters on each page, npages entries */
    int priority;          /* > 0: urgent */
    int64_t show_from;     /* Unix seconds, 0: no start */
    int64_t show_until;    /* Unix seconds, 0: no end */
    bl_weekly weekly;      /* days of the week and hours (local time) it shows; zero: always */
    uint64_t handle;       /* the caller's name for the item, handed back as is */
    /* Seconds each page stays, clamped to [min_dwell, max_dwell]; 0: by the
     * characters on it (bl_sched_page_dwell); BL_SCHED_POSTER_DWELL: the
     * configuration's poster_dwell (a poster without a dwell of its own). */
    double dwell;
} bl_sched_item;

#define BL_SCHED_POSTER_DWELL (-1.0)

typedef struct bl_sched_config {
    double chars_per_minute; /* reading speed (400) */
    double min_dwell;        /* seconds a page stays at least (8) */
    double max_dwell;        /* ... and at most (90) */
    double headline_dwell;   /* seconds on the headline screen (10) */
    double transition;       /* seconds of the transition into a slide (0.8); 0: none */
    int urgent_every;        /* an urgent article comes round after this many others (2) */
    int night_start;         /* minutes after local midnight (22*60); equal to night_end: no night */
    int night_end;           /* (6*60) */
    bool night_blank;        /* true: blank slide at night; false: keep rotating, dimmed */
    bool night_off;          /* with night_blank: the screen is switched off while the night slide is on */
    double idle_resume;      /* after next/prev, hold the slide this long (60) */
    double poster_dwell;     /* seconds a poster's page stays when it gives none (15) */
} bl_sched_config;

void bl_sched_config_defaults(bl_sched_config *c);

typedef struct bl_slide {
    bl_slide_kind kind;
    int article;      /* index into the current item list, -1 if none */
    int page;         /* 0-based, BL_SLIDE_PAGE only */
    int npages;       /* pages of `article` */
    double start;     /* monotonic seconds when it came on screen */
    double dwell;     /* seconds it stays (before a hold) */
    uint64_t serial;  /* counts slides shown, from 1 */
} bl_slide;

typedef struct bl_sched_state {
    bl_slide cur;
    bl_slide prev;       /* the slide before (serial 0 at the start) */
    double transition;   /* 0..1 progress of the transition into cur */
    double progress;     /* 0..1 of cur's dwell elapsed */
    bool night;          /* inside night hours (dimmed or blank) */
    bool screen_off;     /* the night slide is on and night_off: the screen should be off */
    bool paused;
    bool clock_sane;     /* false: wall time before the build; dates ignored */
    bool changed;        /* cur is new since the previous tick */
} bl_sched_state;

typedef struct bl_sched bl_sched;

/* Creates a schedule; the config is copied, the clock borrowed.  Refuses a
 * configuration out of range (BL_ERR_RANGE, the message naming the field):
 * chars_per_minute > 0, 0 <= min_dwell <= max_dwell, the other durations
 * >= 0, urgent_every >= 1, night hours in 0..1439.  The first tick starts
 * the rotation at the clock's time. */
bl_status bl_sched_create(const bl_sched_config *cfg, bl_clock *clock, bl_sched **out, bl_err *err);
void bl_sched_destroy(bl_sched *s);

/* Replaces the article list.  Takes effect at the next slide boundary; the
 * slide on screen is kept until then (its article found again by id, or
 * finished as it is if it was removed).  Items are copied.  A later call
 * before the boundary replaces this one.  Ids should be unique (duplicates
 * are matched in order).  BL_ERR_USAGE for a NULL id or page_chars,
 * BL_ERR_RANGE for npages < 1, BL_ERR_NOMEM; on error nothing changes.
 * The only call that allocates: tick and input never do. */
bl_status bl_sched_set_items(bl_sched *s, const bl_sched_item *items, size_t n);

/* The items in force now (the list the slide's `article` indexes). */
size_t bl_sched_count(const bl_sched *s);
const char *bl_sched_item_id(const bl_sched *s, size_t i);
/* The handle item i was given (0 if there is no item i), so a caller
 * finds its own record without comparing ids. */
uint64_t bl_sched_item_handle(const bl_sched *s, size_t i);
/* True when item i was inside its show window at the last slide boundary
 * (what the headline screen and the ticker list); false if there is no
 * item i. */
bool bl_sched_item_showing(const bl_sched *s, size_t i);

/* Advances to the clock's time and fills *st.  Call once a frame; any
 * step size works (see "Time" above). */
void bl_sched_tick(bl_sched *s, bl_sched_state *st);

typedef enum { BL_INPUT_NEXT, BL_INPUT_PREV, BL_INPUT_PAUSE } bl_input;

/* Next / previous slide now (held for idle_resume seconds before the
 * rotation resumes), or pause toggle. */
void bl_sched_input(bl_sched *s, bl_input in);

/* The index of the article the rotation shows after the current one (for
 * a headline screen's mark and the ticker): on a headline screen its own
 * article.  -1 if none.  Ignores a list not yet in force. */
int bl_sched_next_article(const bl_sched *s);

/* The slide that will follow the current one if nothing changes (for
 * rendering it ahead of time): kind, article, page, npages, dwell, the
 * expected start and serial.  False when there is none (before the first
 * tick, or when the night or empty slide simply goes on).  Indexes the list
 * in force; a list not yet in force is ignored. */
bool bl_sched_peek(const bl_sched *s, bl_slide *next);

/* Dwell in seconds for a page of `chars` characters:
 * chars / (chars_per_minute / 60), clamped to [min_dwell, max_dwell]. */
double bl_sched_page_dwell(const bl_sched_config *c, int chars);

#endif
