/*
 * video.c - the SDL video screen that the window and kiosk backends share:
 * starting SDL video on a driver, the window, a renderer that waits for
 * vsync when the driver can (SDL's choice, or the first of an order that
 * opens and is seen to draw more than black), the frame as a streaming
 * texture scaled over the window, reading it back, and the event loop
 * with its tap mapping.
 * Depends on backend.h and SDL.
 */
#include "display/backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAG "display"

struct bl__video {
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;               /* w x h ARGB8888, streamed from each frame */
    int w, h;                       /* the frame size */
    bool vsync;                     /* the renderer in use presents at the vertical blank */
    const char *const *order;       /* renderers to try by name, NULL-terminated; NULL: SDL's choice */
    size_t at;                      /* the one in use: order[at] */
    bool probing;                   /* not yet seen drawing a frame that is not black */
};

static bl__video_readback_fn readback_hook;

void bl__video_set_readback(bl__video_readback_fn fn)
{
    readback_hook = fn;
}

/* SDL_RenderReadPixels of the whole output into a new ARGB8888 surface. */
static SDL_Surface *read_back(SDL_Renderer *ren)
{
    SDL_Surface *s;
    int ow, oh;
    if (readback_hook)
        return readback_hook(ren);
    if (SDL_GetRendererOutputSize(ren, &ow, &oh))
        return NULL;
    s = SDL_CreateRGBSurfaceWithFormat(0, ow, oh, 32, SDL_PIXELFORMAT_ARGB8888);
    if (s && SDL_RenderReadPixels(ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch)) {
        SDL_FreeSurface(s);
        return NULL;
    }
    return s;
}

/* Whether some pixel of s has colour (RGB not 0).  Looks at every other
 * pixel of every other row: a board frame has whole bars of colour. */
static bool has_colour(const SDL_Surface *s)
{
    int x, y;
    for (y = 0; y < s->h; y += 2) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch);
        for (x = 0; x < s->w; x += 2)
            if (row[x] & 0x00FFFFFFu)
                return true;
    }
    return false;
}

bl__probe bl__video_judge(const SDL_Surface *frame, const SDL_Surface *shown)
{
    if (!shown || !has_colour(frame))
        return BL__PROBE_UNKNOWN; /* nothing to tell a black screen from */
    return has_colour(shown) ? BL__PROBE_GOOD : BL__PROBE_BLACK;
}

static void drop_renderer(bl__video *v)
{
    if (v->tex)
        SDL_DestroyTexture(v->tex);
    if (v->ren)
        SDL_DestroyRenderer(v->ren);
    v->tex = NULL;
    v->ren = NULL;
    v->vsync = false;
}

/* SDL's render driver called name, or -1. */
static int driver_index(const char *name)
{
    int i, n = SDL_GetNumRenderDrivers();
    for (i = 0; i < n; i++) {
        SDL_RendererInfo ri;
        if (SDL_GetRenderDriverInfo(i, &ri) == 0 && !SDL_strcasecmp(ri.name, name))
            return i;
    }
    return -1;
}

/* A renderer and the frame's texture on v->win: the driver at index
 * (-1: SDL's choice), with vsync when it can. */
static bool make_renderer(bl__video *v, int index)
{
    SDL_RendererInfo ri;
    v->ren = SDL_CreateRenderer(v->win, index, SDL_RENDERER_PRESENTVSYNC);
    if (!v->ren)
        v->ren = SDL_CreateRenderer(v->win, index, index < 0 ? SDL_RENDERER_SOFTWARE : 0);
    if (!v->ren)
        return false;
    /* the frame fills the window whatever its size; mouse positions
     * arrive in frame pixels */
    SDL_RenderSetLogicalSize(v->ren, v->w, v->h);
    v->tex = SDL_CreateTexture(v->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, v->w, v->h);
    if (!v->tex) {
        drop_renderer(v);
        return false;
    }
    if (SDL_GetRendererInfo(v->ren, &ri) == 0)
        v->vsync = (ri.flags & SDL_RENDERER_PRESENTVSYNC) != 0;
    return true;
}

/* The first renderer of v->order from v->at on that opens; SDL's own
 * choice without an order.  Each name is created by its index: SDL given
 * a name as a hint falls back to a driver of its choosing when that one
 * fails, which may be the very one that draws black. */
static bool next_renderer(bl__video *v, char *why, size_t n)
{
    if (!v->order) {
        if (make_renderer(v, -1))
            return true;
        snprintf(why, n, "%s", SDL_GetError());
        return false;
    }
    snprintf(why, n, "no renderer to try");
    for (; v->order[v->at]; v->at++) {
        int index = driver_index(v->order[v->at]);
        if (index >= 0 && make_renderer(v, index)) {
            BL_LOGI(TAG, "renderer %s%s", v->order[v->at], v->vsync ? ", vsync" : "");
            return true;
        }
        snprintf(why, n, "renderer %s: %s", v->order[v->at], index < 0 ? "not in this SDL" : SDL_GetError());
        BL_LOGW(TAG, "%s", why);
    }
    return false;
}

/* False, with the reason, when SDL started on its offscreen or dummy
 * driver without being told to: it ends there when every real driver
 * failed (DISPLAY naming a desktop that is not there), and a window on it
 * would show nothing to anyone while claiming a screen.  Asked for by name
 * in SDL_VIDEODRIVER (the tests) it is taken as it is. */
static bool real_screen(char *why, size_t n)
{
    const char *cur = SDL_GetCurrentVideoDriver(), *env = getenv("SDL_VIDEODRIVER");
    if (!cur || (strcmp(cur, "offscreen") && strcmp(cur, "dummy")) || (env && !strcmp(env, cur)))
        return true;
    snprintf(why, n, "no screen (SDL found only its %s driver)", cur);
    return false;
}

bl__video *bl__video_open(const char *driver, bool fullscreen, int w, int h, const char *const *renderers,
                          char *why, size_t n)
{
    bl__video *v = calloc(1, sizeof *v);
    Uint32 flags = SDL_WINDOW_SHOWN;
    int ww = w, wh = h;

    if (!v) {
        snprintf(why, n, "out of memory");
        return NULL;
    }
    v->w = w;
    v->h = h;
    v->order = renderers;
    v->probing = renderers != NULL;
    if (driver)
        SDL_SetHint(SDL_HINT_VIDEODRIVER, driver);
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        snprintf(why, n, "%s", SDL_GetError());
        free(v);
        return NULL;
    }
    if (!real_screen(why, n)) {
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        free(v);
        return NULL;
    }
    if (fullscreen) {
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
    v->win = SDL_CreateWindow("baolan 报栏", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, ww, wh, flags);
    if (!v->win) {
        snprintf(why, n, "%s", SDL_GetError());
        bl__video_close(v);
        return NULL;
    }
    if (!next_renderer(v, why, n)) {
        bl__video_close(v);
        return NULL;
    }
    return v;
}

bool bl__video_vsync(const bl__video *v)
{
    return v->vsync;
}

SDL_Window *bl__video_window(bl__video *v)
{
    return v->win;
}

void bl__video_close(bl__video *v)
{
    if (!v)
        return;
    drop_renderer(v);
    if (v->win)
        SDL_DestroyWindow(v->win);
    /* every bl__video started the subsystem once (SDL counts them) */
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    free(v);
}

static void draw(bl__video *v, SDL_Surface *frame)
{
    SDL_UpdateTexture(v->tex, NULL, frame->pixels, frame->pitch);
    SDL_RenderClear(v->ren);
    SDL_RenderCopy(v->ren, v->tex, NULL, NULL);
}

/* While probing: reads back what the renderer drew of frame, before it is
 * shown (a back buffer is undefined after the swap), and moves on to the
 * next renderer of the order when it drew black a frame that is not.
 * The last renderer that opens is kept whatever it draws. */
static void probe(bl__video *v, SDL_Surface *frame)
{
    while (v->probing && v->ren) {
        SDL_Surface *shown = read_back(v->ren);
        bl__probe verdict = bl__video_judge(frame, shown);
        const char *bad = v->order[v->at];
        char why[256];
        SDL_FreeSurface(shown);
        if (verdict == BL__PROBE_UNKNOWN)
            return; /* a black frame, or no read-back: look again next time */
        if (verdict == BL__PROBE_GOOD) {
            BL_LOGI(TAG, "renderer %s draws the board", bad);
            v->probing = false;
            return;
        }
        if (!v->order[v->at + 1]) {
            BL_LOGE(TAG, "renderer %s draws the board black, and no other is left to try", bad);
            v->probing = false;
            return;
        }
        drop_renderer(v);
        v->at++;
        BL_LOGW(TAG, "renderer %s draws the board black; trying %s", bad, v->order[v->at]);
        if (!next_renderer(v, why, sizeof why)) {
            BL_LOGE(TAG, "no renderer left: %s", why);
            v->probing = false;
            return;
        }
        draw(v, frame);
    }
}

void bl__video_present(bl__video *v, SDL_Surface *frame)
{
    if (!v->ren)
        return; /* every renderer failed after a black probe: nothing to draw with */
    draw(v, frame);
    probe(v, frame);
    if (v->ren)
        SDL_RenderPresent(v->ren);
}

SDL_Surface *bl__video_capture(bl__video *v)
{
    SDL_Surface *s;
    int ow, oh;
    if (!v->ren || SDL_GetRendererOutputSize(v->ren, &ow, &oh))
        return NULL;
    s = SDL_CreateRGBSurfaceWithFormat(0, ow, oh, 32, SDL_PIXELFORMAT_ARGB8888);
    if (s && SDL_RenderReadPixels(v->ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch)) {
        SDL_FreeSurface(s);
        return NULL;
    }
    return s;
}

bl_event bl__video_poll(const bl_display *d, bl__video_keymap keymap, bool close_quits)
{
    SDL_Event ev;
    while (SDL_PollEvent(&ev)) {
        switch (ev.type) {
        case SDL_QUIT:
            if (close_quits)
                return BL_EV_QUIT;
            break;
        case SDL_KEYDOWN: {
            bl_event e = keymap(d, ev.key.keysym.sym, (SDL_Keymod)ev.key.keysym.mod);
            if (e != BL_EV_NONE)
                return e;
            break;
        }
        case SDL_MOUSEBUTTONDOWN:
        case SDL_FINGERDOWN: {
            /* a tap: right half next, left half previous.  A finger's x is
             * a fraction of the screen; a mouse's is in frame pixels, as
             * the renderer has a logical size. */
            double x = ev.type == SDL_FINGERDOWN ? ev.tfinger.x : (double)ev.button.x / d->w;
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
