/*
 * board.h - the news board: what the schedule says is on screen, composed
 * into one frame.  The board owns the content source (the content folder,
 * with the inbox importer run before each scan), the deck of laid-out
 * articles, the schedule and the compositor (compose.h: status bar,
 * slides, transitions, ticker, dimming, rotation).  Content changes are
 * imported, read and laid out on a thread of the board's own (with fonts
 * of its own) and swapped in between frames.  No window: display.h shows
 * the frames.  Depends on clock, config, schedule, deck, compose, source,
 * inbox and engine.
 */
#ifndef BL_BOARD_H
#define BL_BOARD_H

#include "core/base.h"
#include "core/clock.h"
#include "board/config.h"
#include "board/schedule.h"

#include <SDL.h>

typedef struct bl_board bl_board;

/* Creates a board for cfg (copied) showing the articles of content_dir,
 * with time from clock (borrowed).  Reads the content at once (fresh
 * files included), then starts the content thread. */
bl_status bl_board_create(const bl_config *cfg, const char *content_dir, bl_clock *clock, bl_board **out,
                          bl_err *err);
void bl_board_destroy(bl_board *b);

/* Rescans the content folder now and waits for it (imports, scan and
 * layout on the caller's thread: simulations and tests); changes reach
 * the screen at the next slide boundary.  Returns true if anything
 * changed. */
bool bl_board_reload(bl_board *b);

/* Takes a new configuration (copied) and content folder in place, after
 * SIGHUP: the rotation keeps its place (the slide on screen goes on, the
 * next one follows) unless the schedule's timing changed.  The content
 * is read again off the render loop.  Returns false, changing nothing,
 * when the change needs a new board (screen size, rotation, theme,
 * writing mode, 禁则 level); a part that cannot be made (out of memory)
 * is logged and the running board kept. */
bool bl_board_reconfigure(bl_board *b, const bl_config *cfg, const char *content_dir);

/* True while the worker reads or lays out content: a reconfiguration or
 * reload now would wait for it, so a render loop puts it off a frame. */
bool bl_board_busy(bl_board *b);

/* Rescans when the folder has changed (inotify), or every two seconds
 * where it cannot be watched: on the board's worker thread, which
 * imports the inbox, scans and lays out while the caller goes on drawing;
 * the result is swapped in by a later call.  Call once a frame; it never
 * waits for the work.  Returns true when it swapped in a change. */
bool bl_board_poll_content(bl_board *b);

/* Composes the frame for the clock's time.  The surface (ARGB8888, the
 * physical screen size: rotation applied) is borrowed until the next
 * call.  *st (may be NULL) receives the schedule's state. */
SDL_Surface *bl_board_frame(bl_board *b, bl_sched_state *st);

/* Advances the schedule only (no picture): for simulations that need the
 * log, not the frames. */
void bl_board_tick(bl_board *b, bl_sched_state *st);

/* Renders the slide that will follow the current one, if it is not
 * ready yet, so that a slide change never waits for layout.  Cheap to call
 * every frame; does the work once per slide. */
void bl_board_prepare_next(bl_board *b);

void bl_board_input(bl_board *b, bl_input in);

/* Puts an emergency alert on screen at once (a->active), or takes it off;
 * kept in alert.txt beside the content folder so that it comes back after
 * a restart until it expires.  The next tick reports a change (the log's
 * "kind": "alert" line); an alert that expires goes by itself. */
struct bl_alert;
void bl_board_set_alert(bl_board *b, const struct bl_alert *a);
const struct bl_alert *bl_board_alert(const bl_board *b);

/* Flips the writing mode of every article (desktop simulation key). */
void bl_board_toggle_orientation(bl_board *b);

/* A one-line JSON object describing the current slide (for logs):
 * {"t":..., "kind":..., "article":..., "page":..., "pages":...,
 * "dwell":..., "orientation":...}; t is seconds since the board started.
 * A poster's page: {"t", "kind": "poster", "article": its file name,
 * "page" and "pages" (a PDF only), "dwell"}. */
void bl_board_describe(const bl_board *b, const bl_sched_state *st, char *buf, size_t n);

/* The articles (and posters) in the rotation now. */
size_t bl_board_article_count(const bl_board *b);

/* Physical frame size. */
int bl_board_width(const bl_board *b);
int bl_board_height(const bl_board *b);

#endif
