/*
 * display.h - the only place that calls SDL video: a window for the
 * desktop simulation, fullscreen KMSDRM for kiosks, and headless (no
 * display at all) for tests and boards without a screen.  One interface:
 * open, present a frame, poll input, capture.  Depends on base and config.
 *
 * Each backend is one file behind a table of functions (display/backend.h
 * is the contract), chosen once by bl_display_open.  Callers never ask
 * which backend they got by name: they ask its kind (what the board is
 * doing: a desktop simulation, a dedicated screen, no screen) and its
 * capabilities (BL_DISPLAY_CAP_*).
 *
 * Adding a backend (a Linux framebuffer, a GPU compositor) is one more
 * file: write display/NAME.c defining `const bl_display_backend
 * bl__display_NAME` (backend.h says what each function must do), declare
 * it in backend.h, put it in the table in display.c at the place AUTO
 * should try it, and list the file in firmware/CMakeLists.txt.  It takes
 * one of the kinds below, so the request for that kind (`--kiosk` for a
 * framebuffer) tries it after the backends before it in the table, with
 * no change to the board, the configuration or the callers.  What every
 * backend receives is the board's composed ARGB8888 frame, once per
 * present; a GPU backend does its compositing behind present.
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

/* What an open display is for.  Several backends may share a kind (a
 * framebuffer kiosk beside the KMSDRM one). */
typedef enum {
    BL_DISPLAY_KIND_HEADLESS, /* no screen: frames are kept only for capture */
    BL_DISPLAY_KIND_WINDOW,   /* a window on a desktop: the desktop simulation */
    BL_DISPLAY_KIND_KIOSK     /* the whole screen of a board, without a desktop */
} bl_display_kind;

/* What an open display can do (bl_display_caps), as bit flags. */
enum {
    BL_DISPLAY_CAP_PACED = 1u << 0, /* present waits for the vertical blank: the caller needs no timer */
    BL_DISPLAY_CAP_SHOWN = 1u << 1, /* frames reach a screen a person looks at */
    BL_DISPLAY_CAP_INPUT = 1u << 2  /* keys, clicks or taps arrive through bl_display_poll */
};

/* Opens a display for frames of w x h.  mode AUTO tries a window when a
 * desktop is there (DISPLAY / WAYLAND_DISPLAY), else the KMSDRM kiosk,
 * and falls back to headless, logging what it tried and why each failed;
 * with SDL_VIDEODRIVER=offscreen or dummy in the environment AUTO is
 * headless at once.  An explicit mode tries the backends of that kind
 * only, then headless, except KIOSK: a kiosk asked for by name that cannot
 * open fails (BL_ERR_NOTFOUND, the message saying why) rather than run
 * headless, so that the board exits and its service manager retries.
 * exit_key ("ctrl+alt+q", or "" for none) is the one key combination that
 * ends a kiosk, with exactly the modifiers it names (either side).
 * Otherwise fails only when out of memory.  *out is the caller's, to close
 * with bl_display_close. */
bl_status bl_display_open(bl_display_mode mode, int w, int h, const char *exit_key, bl_display **out,
                          bl_err *err);

/* Closes the display and frees it; accepts NULL. */
void bl_display_close(bl_display *d);

/* The backend's name for logs and reports: "window", "kiosk" or
 * "headless".  Static.  Not for deciding anything: use the kind and caps. */
const char *bl_display_name(const bl_display *d);

/* What the display is for. */
bl_display_kind bl_display_kind_of(const bl_display *d);

/* BL_DISPLAY_CAP_* flags of the open display (PACED only when the driver
 * gave vsync). */
unsigned bl_display_caps(const bl_display *d);

/* Shows a frame (w x h ARGB8888), borrowed: headless keeps the pointer
 * until the next present, so the frame must stay valid that long.  With
 * BL_DISPLAY_CAP_PACED this returns at the vertical blank. */
void bl_display_present(bl_display *d, SDL_Surface *frame);

/* The next input event, or BL_EV_NONE (always, without CAP_INPUT). */
bl_event bl_display_poll(bl_display *d);

/* Switches the screen off (on false: the night with [night] mode = off) or
 * on again.  Only a change does anything, and each change is logged
 * ("screen off (DPMS)"): the kiosk turns its panel off through the DRM
 * connector's DPMS and HDMI-CEC where it can; a window or headless has no
 * panel of its own to switch.  The caller presents a blank frame while
 * the screen is off, whatever the backend did, and paces itself: a kiosk
 * whose panel is off shows nothing and waits for no vertical blank.  A
 * display opens on. */
void bl_display_power(bl_display *d, bool on);

/* Reads back what the display shows now (window and kiosk: the renderer's
 * pixels at its output size, headless: the last frame presented), as a
 * new ARGB8888 surface the caller frees; NULL if there is nothing to read
 * (headless before the first present) or reading fails (SDL_GetError). */
SDL_Surface *bl_display_capture(bl_display *d);

#endif
