/*
 * headless.c - the headless backend: no screen at all, for tests, CI and
 * boards whose screen is missing.  It keeps the last frame presented so
 * that capture returns what a screen would have shown; it never paces
 * and never has input.  Every selection ends here when nothing else
 * opens.  Depends on backend.h.
 */
#include "display/backend.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct headless {
    SDL_Surface *last; /* the last frame presented (borrowed, valid until the next) */
} headless;

static bool headless_open(bl_display *d, char *why, size_t n)
{
    headless *h = calloc(1, sizeof *h);
    if (!h) {
        snprintf(why, n, "out of memory");
        return false;
    }
    d->impl = h;
    return true;
}

static void headless_close(bl_display *d)
{
    free(d->impl);
}

static void headless_present(bl_display *d, SDL_Surface *frame)
{
    headless *h = d->impl;
    h->last = frame;
}

static bl_event headless_poll(bl_display *d)
{
    (void)d;
    return BL_EV_NONE;
}

static SDL_Surface *headless_capture(bl_display *d)
{
    headless *h = d->impl;
    if (!h->last)
        return NULL;
    return SDL_ConvertSurfaceFormat(h->last, SDL_PIXELFORMAT_ARGB8888, 0);
}

const bl_display_backend bl__display_headless = {
    .name = "headless",
    .label = "headless",
    .kind = BL_DISPLAY_KIND_HEADLESS,
    .caps = 0,
    .auto_wanted = NULL,
    .open = headless_open,
    .close = headless_close,
    .present = headless_present,
    .poll = headless_poll,
    .capture = headless_capture,
};
