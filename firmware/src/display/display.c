/*
 * display.c - chooses a display backend once, at open, and passes every
 * later call to its table (backend.h).  Owns what the backends share: the
 * frame size, the kiosk's exit key, the capability flags, whether the
 * screen is switched off.  Depends on backend.h and the backends
 * (window.c, kiosk.c, headless.c).
 */
#include "display/display.h"
#include "display/backend.h"

#include <stdlib.h>
#include <string.h>

#define TAG "display"

/* The backends that can fail to open, in the order AUTO tries them.  A new
 * backend goes where AUTO should try it: a framebuffer kiosk after the
 * KMSDRM one.  Headless is not here: it is where every selection ends. */
static const bl_display_backend *const backends[] = {
    &bl__display_window,
    &bl__display_kiosk,
};

/* Parses "ctrl+alt+q" into modifiers and a key. */
static void parse_exit_key(bl_display *d, const char *spec)
{
    char buf[64], *tok, *save = NULL;
    d->exit_key = SDLK_UNKNOWN;
    d->exit_mods = KMOD_NONE;
    if (!spec || !*spec)
        return;
    snprintf(buf, sizeof buf, "%s", spec);
    for (tok = strtok_r(buf, "+", &save); tok; tok = strtok_r(NULL, "+", &save)) {
        if (!SDL_strcasecmp(tok, "ctrl"))
            d->exit_mods |= KMOD_CTRL;
        else if (!SDL_strcasecmp(tok, "alt"))
            d->exit_mods |= KMOD_ALT;
        else if (!SDL_strcasecmp(tok, "shift"))
            d->exit_mods |= KMOD_SHIFT;
        else if (!SDL_strcasecmp(tok, "gui") || !SDL_strcasecmp(tok, "super"))
            d->exit_mods |= KMOD_GUI;
        else
            d->exit_key = SDL_GetKeyFromName(tok);
    }
    if (d->exit_key == SDLK_UNKNOWN)
        BL_LOGW(TAG, "exit key '%s' names no key; no key will end the kiosk", spec);
}

/* Whether a selection in mode tries be. */
static bool wanted(const bl_display_backend *be, bl_display_mode mode)
{
    switch (mode) {
    case BL_DISPLAY_AUTO:
        return !be->auto_wanted || be->auto_wanted();
    case BL_DISPLAY_WINDOW:
        return be->kind == BL_DISPLAY_KIND_WINDOW;
    case BL_DISPLAY_KIOSK:
        return be->kind == BL_DISPLAY_KIND_KIOSK;
    case BL_DISPLAY_HEADLESS:
    default:
        return false;
    }
}

/* Opens be on d; on failure d is as before. */
static bool try_open(bl_display *d, const bl_display_backend *be, char *why, size_t n)
{
    d->caps = be->caps;
    d->impl = NULL;
    if (!be->open(d, why, n)) {
        d->caps = 0;
        d->impl = NULL;
        return false;
    }
    d->be = be;
    return true;
}

bl_status bl_display_open(bl_display_mode mode, int w, int h, const char *exit_key, bl_display **out,
                          bl_err *err)
{
    bl_display *d = calloc(1, sizeof *d);
    char why[256], last[320] = "no kiosk backend";
    const char *forced = getenv("SDL_VIDEODRIVER");
    size_t i;

    *out = NULL;
    if (!d)
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    d->w = w;
    d->h = h;
    parse_exit_key(d, exit_key);
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    /* SDL's offscreen and dummy drivers, asked for in the environment
     * (tests, CI), show nothing to anyone: AUTO means headless then,
     * without trying the others (which SDL would open on that driver). */
    if (forced && (!strcmp(forced, "offscreen") || !strcmp(forced, "dummy")) && mode == BL_DISPLAY_AUTO)
        mode = BL_DISPLAY_HEADLESS;
    if (mode != BL_DISPLAY_HEADLESS) {
        for (i = 0; i < BL_ARRAY_LEN(backends); i++) {
            if (!wanted(backends[i], mode))
                continue;
            if (try_open(d, backends[i], why, sizeof why))
                goto done;
            BL_LOGW(TAG, "%s: %s", backends[i]->label, why);
            snprintf(last, sizeof last, "%s: %s", backends[i]->label, why);
        }
        if (mode == BL_DISPLAY_KIOSK) {
            /* A kiosk asked for by name is a board whose whole job is its
             * screen: running headless would hide the fault for good (the
             * GPU not ready yet at boot, HDMI unplugged).  Failing lets
             * the service manager start it again with back-off. */
            free(d);
            return bl_err_set(err, BL_ERR_NOTFOUND, "kiosk: no display could be opened (%s)", last);
        }
        BL_LOGW(TAG, "no display could be opened; running headless");
    }
    if (!try_open(d, &bl__display_headless, why, sizeof why)) {
        free(d);
        return bl_err_set(err, BL_ERR_NOMEM, "display: %s", why);
    }
done:
    BL_LOGI(TAG, "%s display, %dx%d%s", d->be->name, w, h,
            d->caps & BL_DISPLAY_CAP_PACED ? ", paced by vsync" : "");
    *out = d;
    return BL_OK;
}

void bl_display_close(bl_display *d)
{
    if (!d)
        return;
    if (d->be)
        d->be->close(d);
    free(d);
}

const char *bl_display_name(const bl_display *d) { return d->be->name; }

bl_display_kind bl_display_kind_of(const bl_display *d) { return d->be->kind; }

unsigned bl_display_caps(const bl_display *d) { return d->caps; }

void bl_display_present(bl_display *d, SDL_Surface *frame)
{
    d->be->present(d, frame);
}

bl_event bl_display_poll(bl_display *d)
{
    return d->be->poll(d);
}

void bl_display_power(bl_display *d, bool on)
{
    const char *how;
    if (d->off == !on)
        return;
    d->off = !on;
    how = d->be->power ? d->be->power(d, on) : NULL;
    if (how)
        BL_LOGI(TAG, "screen %s (%s)", on ? "on" : "off", how);
    else
        BL_LOGI(TAG, "screen %s (%s)", on ? "on" : "off", on ? "frames again" : "a blank frame");
}

SDL_Surface *bl_display_capture(bl_display *d)
{
    return d->be->capture(d);
}
