/*
 * kiosk.c - the kiosk backend: the board fullscreen on KMSDRM, the
 * console of a machine without X or Wayland, no cursor, no screen
 * blanking.  A tap or an arrow key turns the page; only the configured
 * exit key ends it (a passer-by must not be able to close the board).
 * Depends on backend.h (the shared SDL video screen).
 */
#include "display/backend.h"

static bool kiosk_open(bl_display *d, char *why, size_t n)
{
    bool vsync;
    bl__video *v = bl__video_open("kmsdrm", true, d->w, d->h, &vsync, why, n);
    if (!v)
        return false;
    d->impl = v;
    if (vsync)
        d->caps |= BL_DISPLAY_CAP_PACED;
    SDL_ShowCursor(SDL_DISABLE);
    SDL_DisableScreenSaver();
    return true;
}

static void kiosk_close(bl_display *d)
{
    bl__video_close(d->impl);
}

static void kiosk_present(bl_display *d, SDL_Surface *frame)
{
    bl__video_present(d->impl, frame);
}

static SDL_Surface *kiosk_capture(bl_display *d)
{
    return bl__video_capture(d->impl);
}

/* Whether the modifiers held are exactly the exit key's: each of ctrl,
 * alt, shift and gui held (on either side) if and only if the key names
 * it; caps lock and num lock do not count.  ctrl+alt+q is then not ended
 * by ctrl+q, alt+q or ctrl+alt+shift+q. */
static bool exit_mods_match(SDL_Keymod want, SDL_Keymod held)
{
    static const SDL_Keymod groups[] = {KMOD_CTRL, KMOD_ALT, KMOD_SHIFT, KMOD_GUI};
    size_t i;
    for (i = 0; i < BL_ARRAY_LEN(groups); i++)
        if (((want & groups[i]) != 0) != ((held & groups[i]) != 0))
            return false;
    return true;
}

static bl_event kiosk_key(const bl_display *d, SDL_Keycode k, SDL_Keymod m)
{
    /* only the configured combination ends a kiosk */
    if (d->exit_key != SDLK_UNKNOWN && k == d->exit_key && exit_mods_match(d->exit_mods, m))
        return BL_EV_QUIT;
    if (k == SDLK_RIGHT || k == SDLK_PAGEDOWN)
        return BL_EV_NEXT;
    if (k == SDLK_LEFT || k == SDLK_PAGEUP)
        return BL_EV_PREV;
    return BL_EV_NONE;
}

/* A request to close (SDL_QUIT) is no way out of a kiosk either; a
 * service manager stops the board with SIGTERM, which run handles. */
static bl_event kiosk_poll(bl_display *d)
{
    return bl__video_poll(d, kiosk_key, false);
}

const bl_display_backend bl__display_kiosk = {
    .name = "kiosk",
    .label = "kiosk (KMSDRM)",
    .kind = BL_DISPLAY_KIND_KIOSK,
    .caps = BL_DISPLAY_CAP_SHOWN | BL_DISPLAY_CAP_INPUT,
    .auto_wanted = NULL, /* a console can be there without a desktop */
    .open = kiosk_open,
    .close = kiosk_close,
    .present = kiosk_present,
    .poll = kiosk_poll,
    .capture = kiosk_capture,
};
