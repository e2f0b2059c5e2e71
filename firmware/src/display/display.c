/*
 * display.c - window, kiosk and headless backends behind display.h.
 */
#include "display/display.h"

#include <stdlib.h>
#include <string.h>

#define TAG "display"

struct bl_display {
    const char *name;
    int w, h;
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;
    bool vsync;
    bool kiosk;
    SDL_Keymod exit_mods;
    SDL_Keycode exit_key;
    SDL_Surface *last; /* headless: the last frame presented (borrowed) */
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
        else
            d->exit_key = SDL_GetKeyFromName(tok);
    }
    if (d->exit_key == SDLK_UNKNOWN)
        BL_LOGW(TAG, "exit key '%s' names no key; no key will end the kiosk", spec);
}

/* Tries one SDL video backend; on failure returns false with the reason. */
static bool try_video(bl_display *d, const char *driver, bool kiosk, char *why, size_t n)
{
    Uint32 flags = SDL_WINDOW_SHOWN;
    int ww = d->w, wh = d->h;

    if (driver)
        SDL_SetHint(SDL_HINT_VIDEODRIVER, driver);
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        snprintf(why, n, "%s", SDL_GetError());
        return false;
    }
    if (kiosk) {
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    } else {
        SDL_Rect usable;
        flags |= SDL_WINDOW_RESIZABLE;
        /* The kiosk's resolution, scaled down to fit this desktop. */
        if (SDL_GetDisplayUsableBounds(0, &usable) == 0 && usable.w > 0 && usable.h > 0) {
            double s = BL_MIN(1.0, BL_MIN(usable.w * 0.9 / ww, usable.h * 0.9 / wh));
            ww = (int)(ww * s);
            wh = (int)(wh * s);
        }
    }
    d->win = SDL_CreateWindow("baolan 报栏", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, ww, wh, flags);
    if (d->win)
        d->ren = SDL_CreateRenderer(d->win, -1, SDL_RENDERER_PRESENTVSYNC);
    if (d->win && !d->ren)
        d->ren = SDL_CreateRenderer(d->win, -1, SDL_RENDERER_SOFTWARE);
    if (d->ren) {
        SDL_RendererInfo ri;
        SDL_RenderSetLogicalSize(d->ren, d->w, d->h);
        d->tex = SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, d->w, d->h);
        if (SDL_GetRendererInfo(d->ren, &ri) == 0)
            d->vsync = (ri.flags & SDL_RENDERER_PRESENTVSYNC) != 0;
    }
    if (!d->win || !d->ren || !d->tex) {
        snprintf(why, n, "%s", SDL_GetError());
        if (d->tex)
            SDL_DestroyTexture(d->tex);
        if (d->ren)
            SDL_DestroyRenderer(d->ren);
        if (d->win)
            SDL_DestroyWindow(d->win);
        d->tex = NULL;
        d->ren = NULL;
        d->win = NULL;
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        return false;
    }
    d->kiosk = kiosk;
    d->name = kiosk ? "kiosk" : "window";
    if (kiosk) {
        SDL_ShowCursor(SDL_DISABLE);
        SDL_DisableScreenSaver();
    }
    return true;
}

bl_status bl_display_open(bl_display_mode mode, int w, int h, const char *exit_key, bl_display **out,
                          bl_err *err)
{
    bl_display *d = calloc(1, sizeof *d);
    char why[256];
    bool desktop = getenv("DISPLAY") || getenv("WAYLAND_DISPLAY");
    const char *forced = getenv("SDL_VIDEODRIVER");

    *out = NULL;
    if (!d)
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    d->w = w;
    d->h = h;
    parse_exit_key(d, exit_key);
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    if (forced && !strcmp(forced, "offscreen") && mode == BL_DISPLAY_AUTO)
        mode = BL_DISPLAY_HEADLESS;
    if (mode == BL_DISPLAY_WINDOW || (mode == BL_DISPLAY_AUTO && desktop)) {
        if (try_video(d, forced, false, why, sizeof why))
            goto done;
        BL_LOGW(TAG, "window: %s", why);
    }
    if (mode == BL_DISPLAY_KIOSK || mode == BL_DISPLAY_AUTO) {
        if (try_video(d, "kmsdrm", true, why, sizeof why))
            goto done;
        BL_LOGW(TAG, "kiosk (KMSDRM): %s", why);
    }
    if (mode != BL_DISPLAY_HEADLESS)
        BL_LOGW(TAG, "no display could be opened; running headless");
    d->name = "headless";
done:
    BL_LOGI(TAG, "%s display, %dx%d%s", d->name, w, h, d->vsync ? ", paced by vsync" : "");
    *out = d;
    return BL_OK;
}

void bl_display_close(bl_display *d)
{
    if (!d)
        return;
    if (d->tex)
        SDL_DestroyTexture(d->tex);
    if (d->ren)
        SDL_DestroyRenderer(d->ren);
    if (d->win) {
        SDL_DestroyWindow(d->win);
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
    }
    free(d);
}

const char *bl_display_name(const bl_display *d) { return d->name; }

bool bl_display_present(bl_display *d, SDL_Surface *frame)
{
    if (!d->ren) {
        d->last = frame; /* borrowed: valid until the next frame */
        return false;
    }
    SDL_UpdateTexture(d->tex, NULL, frame->pixels, frame->pitch);
    SDL_RenderClear(d->ren);
    SDL_RenderCopy(d->ren, d->tex, NULL, NULL);
    SDL_RenderPresent(d->ren);
    return d->vsync;
}

bl_event bl_display_poll(bl_display *d)
{
    SDL_Event ev;
    if (!d->win)
        return BL_EV_NONE;
    while (SDL_PollEvent(&ev)) {
        switch (ev.type) {
        case SDL_QUIT:
            if (!d->kiosk)
                return BL_EV_QUIT;
            break;
        case SDL_KEYDOWN: {
            SDL_Keycode k = ev.key.keysym.sym;
            SDL_Keymod m = (SDL_Keymod)ev.key.keysym.mod;
            if (d->kiosk) {
                /* only the configured combination ends a kiosk */
                if (d->exit_key != SDLK_UNKNOWN && k == d->exit_key &&
                    (d->exit_mods == KMOD_NONE || (m & d->exit_mods)))
                    return BL_EV_QUIT;
                if (k == SDLK_RIGHT || k == SDLK_PAGEDOWN)
                    return BL_EV_NEXT;
                if (k == SDLK_LEFT || k == SDLK_PAGEUP)
                    return BL_EV_PREV;
                break;
            }
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
                break;
            }
            break;
        }
        case SDL_MOUSEBUTTONDOWN:
        case SDL_FINGERDOWN: {
            /* a tap: right half next, left half previous */
            int ww, wh;
            double x;
            SDL_GetWindowSize(d->win, &ww, &wh);
            x = ev.type == SDL_FINGERDOWN ? ev.tfinger.x : (double)ev.button.x / (ww > 0 ? ww : 1);
            if (ev.type == SDL_MOUSEBUTTONDOWN && d->ren) {
                /* mouse coordinates are logical with a logical size set */
                x = (double)ev.button.x / d->w;
            }
            if (ev.type == SDL_MOUSEBUTTONDOWN && ev.button.which == SDL_TOUCH_MOUSEID)
                break; /* already seen as a finger */
            return x >= 0.5 ? BL_EV_NEXT : BL_EV_PREV;
        }
        default:
            break;
        }
    }
    return BL_EV_NONE;
}

SDL_Surface *bl_display_capture(bl_display *d)
{
    SDL_Surface *s;
    int ow, oh;
    if (!d->ren) {
        if (!d->last)
            return NULL;
        return SDL_ConvertSurfaceFormat(d->last, SDL_PIXELFORMAT_ARGB8888, 0);
    }
    if (SDL_GetRendererOutputSize(d->ren, &ow, &oh))
        return NULL;
    s = SDL_CreateRGBSurfaceWithFormat(0, ow, oh, 32, SDL_PIXELFORMAT_ARGB8888);
    if (s && SDL_RenderReadPixels(d->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch)) {
        SDL_FreeSurface(s);
        return NULL;
    }
    return s;
}
