/*
 * backend.h - the contract between display.c and its backends, private to
 * display/.  A backend is a const table of functions over one bl_display;
 * display.c picks one at open and every later call goes through its table.
 * Also the SDL video screen (video.c) that the window and kiosk backends
 * share.  Depends on display.h.
 */
#ifndef BL_DISPLAY_BACKEND_H
#define BL_DISPLAY_BACKEND_H

#include "display/display.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct bl_display_backend bl_display_backend;

/* An open display: what display.c sets up for every backend, and the
 * backend's own state. */
struct bl_display {
    const bl_display_backend *be; /* the backend in use (set only once it opened) */
    int w, h;                     /* the size of every frame presented */
    unsigned caps;                /* BL_DISPLAY_CAP_*: the backend's, plus PACED if open got vsync */
    SDL_Keycode exit_key;         /* the key that ends a kiosk, SDLK_UNKNOWN for none */
    SDL_Keymod exit_mods;         /* the modifiers that go with it, each KMOD_CTRL etc. (either side) */
    bool off;                     /* bl_display_power switched the screen off */
    void *impl;                   /* the backend's state: made by its open, freed by its close */
};

struct bl_display_backend {
    const char *name;  /* for logs and run's report: "window" */
    const char *label; /* names it when it fails to open: "kiosk (KMSDRM)" */
    bl_display_kind kind;
    unsigned caps; /* BL_DISPLAY_CAP_* it always has (open may add PACED) */
    /* AUTO tries it only when this says so (NULL: always); an explicit
     * request for its kind tries it regardless. */
    bool (*auto_wanted)(void);
    /* Opens for d->w x d->h (d->impl is NULL): on success sets d->impl,
     * may add to d->caps, returns true; on failure leaves nothing open
     * and writes the reason (SDL_GetError) to why. */
    bool (*open)(bl_display *d, char *why, size_t n);
    /* Releases what open made. */
    void (*close)(bl_display *d);
    /* Shows a frame of d->w x d->h (borrowed until the next present). */
    void (*present)(bl_display *d, SDL_Surface *frame);
    /* The next input event, or BL_EV_NONE. */
    bl_event (*poll)(bl_display *d);
    /* What is shown now, as a new ARGB8888 surface, or NULL. */
    SDL_Surface *(*capture)(bl_display *d);
    /* Switches the screen itself off (on false) or on again, without
     * blocking the loop for long; returns how, for the log ("DPMS"), or
     * NULL when it could not (the blank frame the caller presents is all
     * there is then).  Called only on a change.  NULL: no such means. */
    const char *(*power)(bl_display *d, bool on);
};

/* The backends (window.c, kiosk.c, headless.c).  Headless always opens
 * unless out of memory: it is where every selection ends. */
extern const bl_display_backend bl__display_window;
extern const bl_display_backend bl__display_kiosk;
extern const bl_display_backend bl__display_headless;

/* The SDL video screen of window and kiosk (video.c): SDL's video
 * subsystem, a window, a renderer with vsync when it can, and a streaming
 * texture of the frame size drawn over the whole window. */
typedef struct bl__video bl__video;

/* Starts SDL video on driver (NULL: SDL's choice; SDL_VIDEODRIVER in the
 * environment wins over it) and opens a window for frames of w x h:
 * fullscreen on the whole screen, or else resizable and scaled down to
 * fit the desktop.  renderers: NULL for SDL's choice of renderer, or the
 * names of SDL render drivers to try in order (NULL-terminated, static):
 * the first that opens is used, and the frames it draws are read back
 * until one that is not black shows whether it draws at all; one that
 * draws black is replaced by the next (logged).  Returns the screen (the
 * caller's, for bl__video_close), or NULL with the reason in why. */
bl__video *bl__video_open(const char *driver, bool fullscreen, int w, int h, const char *const *renderers,
                          char *why, size_t n);
/* Closes the window and SDL video; accepts NULL. */
void bl__video_close(bl__video *v);
void bl__video_present(bl__video *v, SDL_Surface *frame);
SDL_Surface *bl__video_capture(bl__video *v);
/* Whether the renderer in use presents at the vertical blank (it may
 * change when a renderer that draws black is replaced). */
bool bl__video_vsync(const bl__video *v);
/* The window (for SDL_GetWindowWMInfo). */
SDL_Window *bl__video_window(bl__video *v);

/* The verdict on a renderer from a frame it was given and what it was
 * read back to have drawn (NULL: could not be read). */
typedef enum {
    BL__PROBE_UNKNOWN, /* the frame is black itself, or nothing was read */
    BL__PROBE_GOOD,    /* colour in, colour out */
    BL__PROBE_BLACK    /* colour in, black out: the renderer draws nothing */
} bl__probe;
bl__probe bl__video_judge(const SDL_Surface *frame, const SDL_Surface *shown);

/* For tests (no GPU here): how a renderer's drawing is read back, as a
 * new ARGB8888 surface or NULL.  NULL restores SDL_RenderReadPixels. */
typedef SDL_Surface *(*bl__video_readback_fn)(SDL_Renderer *ren);
void bl__video_set_readback(bl__video_readback_fn fn);

/* HDMI-CEC power of the TV a kiosk shows on (cec.c): a thread that sends
 * Standby or Image View On through the kernel's CEC device. */
typedef struct bl__cec bl__cec;
/* Starts it, or NULL when the machine has no CEC adapter (or no thread
 * could start).  The caller's, for bl__cec_stop. */
bl__cec *bl__cec_start(void);
/* Asks for the TV on or in standby; returns at once (the latest request
 * wins while one is on the bus). */
void bl__cec_power(bl__cec *c, bool on);
/* Ends the thread, after the message on the bus if any; accepts NULL. */
void bl__cec_stop(bl__cec *c);

/* What a key press means to one backend (BL_EV_NONE: nothing). */
typedef bl_event (*bl__video_keymap)(const bl_display *d, SDL_Keycode key, SDL_Keymod mods);

/* Reads SDL's events (one queue for the process) until one means
 * something: keys through keymap, the window's close button as
 * BL_EV_QUIT when close_quits, and a click or a tap on the right half as
 * BL_EV_NEXT, on the left half as BL_EV_PREV. */
bl_event bl__video_poll(const bl_display *d, bl__video_keymap keymap, bool close_quits);

#endif
