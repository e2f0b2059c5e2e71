/*
 * video.c - the SDL video screen that the window and kiosk backends share:
 * starting SDL video on a driver, the window, a renderer that waits for
 * vsync when the driver can, the frame as a streaming texture scaled over
 * the window, reading it back, and the event loop with its tap mapping.
 * Depends on backend.h and SDL.
 */
#include "display/backend.h"

#include <stdio.h>
#include <stdlib.h>

struct bl__video {
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex; /* w x h ARGB8888, streamed from each frame */
};

bl__video *bl__video_open(const char *driver, bool fullscreen, int w, int h, bool *vsync, char *why, size_t n)
{
    bl__video *v = calloc(1, sizeof *v);
    Uint32 flags = SDL_WINDOW_SHOWN;
    int ww = w, wh = h;

    *vsync = false;
    if (!v) {
        snprintf(why, n, "out of memory");
        return NULL;
    }
    if (driver)
        SDL_SetHint(SDL_HINT_VIDEODRIVER, driver);
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        snprintf(why, n, "%s", SDL_GetError());
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
    if (v->win)
        v->ren = SDL_CreateRenderer(v->win, -1, SDL_RENDERER_PRESENTVSYNC);
    if (v->win && !v->ren)
        v->ren = SDL_CreateRenderer(v->win, -1, SDL_RENDERER_SOFTWARE);
    if (v->ren) {
        SDL_RendererInfo ri;
        /* the frame fills the window whatever its size; mouse positions
         * arrive in frame pixels */
        SDL_RenderSetLogicalSize(v->ren, w, h);
        v->tex = SDL_CreateTexture(v->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, w, h);
        if (SDL_GetRendererInfo(v->ren, &ri) == 0)
            *vsync = (ri.flags & SDL_RENDERER_PRESENTVSYNC) != 0;
    }
    if (!v->win || !v->ren || !v->tex) {
        snprintf(why, n, "%s", SDL_GetError());
        *vsync = false;
        bl__video_close(v);
        return NULL;
    }
    return v;
}

void bl__video_close(bl__video *v)
{
    if (!v)
        return;
    if (v->tex)
        SDL_DestroyTexture(v->tex);
    if (v->ren)
        SDL_DestroyRenderer(v->ren);
    if (v->win)
        SDL_DestroyWindow(v->win);
    /* every bl__video started the subsystem once (SDL counts them) */
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    free(v);
}

void bl__video_present(bl__video *v, SDL_Surface *frame)
{
    SDL_UpdateTexture(v->tex, NULL, frame->pixels, frame->pitch);
    SDL_RenderClear(v->ren);
    SDL_RenderCopy(v->ren, v->tex, NULL, NULL);
    SDL_RenderPresent(v->ren);
}

SDL_Surface *bl__video_capture(bl__video *v)
{
    SDL_Surface *s;
    int ow, oh;
    if (SDL_GetRendererOutputSize(v->ren, &ow, &oh))
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
