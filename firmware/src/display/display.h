/*
 * display.h - the only place that calls SDL video: a window for the
 * desktop simulation, fullscreen KMSDRM for kiosks, and headless (no
 * display at all) for tests and boards without a screen.  One interface:
 * open, present a frame, poll input.  Depends on base and config.
 */
#ifndef BL_DISPLAY_H
#define BL_DISPLAY_H

#include "core/base.h"
#include "board/config.h"

#include <SDL.h>
#include <stdbool.h>

typedef struct bl_display bl_display;

typedef enum {
    BL_EV_NONE,
    BL_EV_NEXT,
    BL_EV_PREV,
    BL_EV_PAUSE,
    BL_EV_FASTER,      /* desktop: run time faster */
    BL_EV_SLOWER,
    BL_EV_ORIENTATION, /* desktop: toggle writing mode */
    BL_EV_SCREENSHOT,
    BL_EV_QUIT
} bl_event;

/* Opens a display for frames of w x h.  mode AUTO tries a window when a
 * desktop is there (DISPLAY / WAYLAND_DISPLAY), else the KMSDRM kiosk,
 * and falls back to headless, logging what it tried and why each failed.
 * exit_key ("ctrl+alt+q", or "" for none) is the one key combination that
 * ends a kiosk.  *out is the caller's. */
bl_status bl_display_open(bl_display_mode mode, int w, int h, const char *exit_key, bl_display **out,
                          bl_err *err);
void bl_display_close(bl_display *d);

/* Which backend is open: "window", "kiosk" or "headless". */
const char *bl_display_name(const bl_display *d);

/* Shows a frame (w x h ARGB8888).  With a window or kiosk this waits for
 * the vertical blank when the driver can; returns true if it did (the
 * caller then needs no timer of its own). */
bool bl_display_present(bl_display *d, SDL_Surface *frame);

/* The next input event, or BL_EV_NONE. */
bl_event bl_display_poll(bl_display *d);

/* Reads back what the display shows now (window and kiosk: the renderer's
 * pixels, headless: the last frame), as a new ARGB8888 surface. */
SDL_Surface *bl_display_capture(bl_display *d);

#endif
