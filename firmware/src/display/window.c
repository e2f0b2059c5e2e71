/*
 * window.c - the window backend: the desktop simulation of a board in a
 * resizable window on X11 or Wayland, with keys to steer it (next,
 * previous, pause, time faster and slower, writing mode, screenshot,
 * quit).  Depends on backend.h (the shared SDL video screen).
 */
#include "display/backend.h"

#include <stdlib.h>

/* AUTO opens a window only when a desktop is there to hold it. */
static bool window_auto_wanted(void)
{
    return getenv("DISPLAY") || getenv("WAYLAND_DISPLAY");
}

static bool window_open(bl_display *d, char *why, size_t n)
{
    bl__video *v = bl__video_open(NULL, false, d->w, d->h, NULL, why, n);
    if (!v)
        return false;
    d->impl = v;
    if (bl__video_vsync(v))
        d->caps |= BL_DISPLAY_CAP_PACED;
    return true;
}

static void window_close(bl_display *d)
{
    bl__video_close(d->impl);
}

static void window_present(bl_display *d, SDL_Surface *frame)
{
    bl__video_present(d->impl, frame);
}

static SDL_Surface *window_capture(bl_display *d)
{
    return bl__video_capture(d->impl);
}

static bl_event window_key(const bl_display *d, SDL_Keycode k, SDL_Keymod m)
{
    (void)d;
    switch (k) {
    case SDLK_RIGHT: case SDLK_n: case SDLK_SPACE: case SDLK_PAGEDOWN:
        return BL_EV_NEXT;
    case SDLK_LEFT: case SDLK_p: case SDLK_PAGEUP:
        return BL_EV_PREV;
    case SDLK_PAUSE: case SDLK_PERIOD:
        return BL_EV_PAUSE;
    case SDLK_f: case SDLK_PLUS: case SDLK_EQUALS:
        return BL_EV_FASTER;
    case SDLK_s:
        return (m & KMOD_SHIFT) ? BL_EV_SLOWER : BL_EV_SCREENSHOT;
    case SDLK_MINUS:
        return BL_EV_SLOWER;
    case SDLK_o:
        return BL_EV_ORIENTATION;
    case SDLK_q: case SDLK_ESCAPE:
        return BL_EV_QUIT;
    default:
        return BL_EV_NONE;
    }
}

/* The window's close button ends the simulation. */
static bl_event window_poll(bl_display *d)
{
    return bl__video_poll(d, window_key, true);
}

const bl_display_backend bl__display_window = {
    .name = "window",
    .label = "window",
    .kind = BL_DISPLAY_KIND_WINDOW,
    .caps = BL_DISPLAY_CAP_SHOWN | BL_DISPLAY_CAP_INPUT,
    .auto_wanted = window_auto_wanted,
    .open = window_open,
    .close = window_close,
    .present = window_present,
    .poll = window_poll,
    .capture = window_capture,
};
