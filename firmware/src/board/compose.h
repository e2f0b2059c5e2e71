/*
 * compose.h - the board's picture: one frame from what the schedule says
 * is on screen.  A status bar (masthead, Chinese date, time, page x/n),
 * the slide (headline screen or article page, rendered once and kept in
 * a small cache: the one on screen, the one before it for transitions,
 * the one that comes next), the transition, a ticker band of the current
 * headlines, a progress mark for the dwell, night dimming, burn-in shifts
 * and the screen rotation.  No window: display.h shows the frames.
 * Depends on clock, schedule, deck, config, theme, engine (layout,
 * render), pixel and label.
 */
#ifndef BL_COMPOSE_H
#define BL_COMPOSE_H

#include "core/base.h"
#include "core/clock.h"
#include "board/config.h"
#include "board/deck.h"
#include "board/schedule.h"
#include "layout/theme.h"
#include "render/engine.h"

#include <SDL.h>

/* Where the parts of the logical frame (rotation undone) go. */
typedef struct bl_frame_geometry {
    int w, h;     /* logical frame */
    int status_h; /* status bar at the top */
    int ticker_h; /* ticker band at the bottom, 0 without a ticker */
    int slide_h;  /* the slide area between them */
} bl_frame_geometry;

/* The geometry for a configuration (screen size, rotation, ticker). */
void bl_frame_geometry_of(const bl_config *cfg, bl_frame_geometry *g);

typedef struct bl_compose bl_compose;

/* Creates a compositor.  cfg and theme are copied; engine (fonts, glyph
 * cache, palette) and clock are borrowed and must outlive it.  lo is the
 * slide area's layout options (copied), for headline screens and
 * messages.  t0 is the board's start on the clock's monotonic time (the
 * burn-in cycle counts from it). */
bl_status bl_compose_create(const bl_config *cfg, const bl_theme *theme, bl_engine *engine,
                            const bl_layout_opts *lo, bl_clock *clock, double t0, bl_compose **out,
                            bl_err *err);
void bl_compose_destroy(bl_compose *c);

/* Composes the frame for state st of schedule s, whose items' handles
 * name layouts of d.  The surface (ARGB8888, the physical screen size:
 * rotation applied) is borrowed until the next call. */
SDL_Surface *bl_compose_frame(bl_compose *c, const bl_sched_state *st, const bl_sched *s, const bl_deck *d);

/* Shows an emergency alert (text, copied) over everything: the slide
 * area white on red with 紧急通知 above the message, the ticker saying
 * it too, the night not dimming it; NULL takes it off. */
void bl_compose_set_alert(bl_compose *c, const char *text);

/* Renders slide sl into the cache if it is not there yet, so that the
 * change to it never waits. */
void bl_compose_prepare(bl_compose *c, const bl_slide *sl, const bl_sched *s, const bl_deck *d);

#endif
