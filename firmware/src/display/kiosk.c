/*
 * kiosk.c - the kiosk backend: the board fullscreen on KMSDRM, the
 * console of a machine without X or Wayland, no cursor, no screen
 * blanking.  A tap or an arrow key turns the page; only the configured
 * exit key ends it (a passer-by must not be able to close the board).
 * The renderer is chosen for KMSDRM (below), and the panel is switched
 * off at night through the DRM connector's DPMS property (libdrm, on the
 * device SDL drives) and HDMI-CEC (cec.c).  Depends on backend.h (the
 * shared SDL video screen), libdrm and SDL's window manager info.
 */
#include "display/backend.h"

#include <SDL_syswm.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#define TAG "display"
#define MAX_CONNECTORS 8
#define MAX_RENDERERS 8

/* The renderers a kiosk tries, in order.  Under KMSDRM with Mesa, SDL's
 * own first choice is its desktop 'opengl' renderer through EGL, which
 * streams the frame out all black on virtio-gpu and on std VGA (bochs);
 * 'opengles2' draws it.  The probe after the first frames (video.c)
 * moves on from one that draws black all the same.  SDL_RENDER_DRIVER in
 * the environment replaces the order: one name, or several separated by
 * commas. */
static const char *const kiosk_renderers[] = {"opengles2", "opengl", "software", NULL};

typedef struct kiosk {
    bl__video *v;
    char names[128];                       /* SDL_RENDER_DRIVER, split at commas */
    const char *order[MAX_RENDERERS + 1];  /* into names, NULL-terminated */
    uint32_t conns[MAX_CONNECTORS];        /* connectors switched off by DPMS */
    int nconns;
    bl__cec *cec;                          /* NULL: no CEC device */
} kiosk;

/* The order from SDL_RENDER_DRIVER, or the kiosk's own. */
static const char *const *renderer_order(kiosk *k)
{
    const char *env = getenv("SDL_RENDER_DRIVER");
    char *tok, *save = NULL;
    int n = 0;
    if (!env || !*env)
        return kiosk_renderers;
    snprintf(k->names, sizeof k->names, "%s", env);
    for (tok = strtok_r(k->names, ", ", &save); tok && n < MAX_RENDERERS; tok = strtok_r(NULL, ", ", &save))
        k->order[n++] = tok;
    k->order[n] = NULL;
    return n ? k->order : kiosk_renderers;
}

static bool kiosk_open(bl_display *d, char *why, size_t n)
{
    kiosk *k = calloc(1, sizeof *k);
    if (!k) {
        snprintf(why, n, "out of memory");
        return false;
    }
    k->v = bl__video_open("kmsdrm", true, d->w, d->h, renderer_order(k), why, n);
    if (!k->v) {
        free(k);
        return false;
    }
    d->impl = k;
    if (bl__video_vsync(k->v))
        d->caps |= BL_DISPLAY_CAP_PACED;
    SDL_ShowCursor(SDL_DISABLE);
    SDL_DisableScreenSaver();
    return true;
}

static bool dpms(kiosk *k, bool on);

static void kiosk_close(bl_display *d)
{
    kiosk *k = d->impl;
    /* a board stopped at night leaves its panel on: the console, or the
     * board started again, must be seen */
    dpms(k, true);
    bl__cec_stop(k->cec);
    bl__video_close(k->v);
    free(k);
}

static void kiosk_present(bl_display *d, SDL_Surface *frame)
{
    kiosk *k = d->impl;
    if (k->nconns > 0)
        return; /* the panel is off: no page flip to a CRTC that is off */
    bl__video_present(k->v, frame);
    /* a renderer that drew black may have been replaced by one without vsync */
    if (bl__video_vsync(k->v))
        d->caps |= BL_DISPLAY_CAP_PACED;
    else
        d->caps &= ~(unsigned)BL_DISPLAY_CAP_PACED;
}

static SDL_Surface *kiosk_capture(bl_display *d)
{
    kiosk *k = d->impl;
    return bl__video_capture(k->v);
}

/* The DRM device SDL drives the screen on, or -1 (another video driver,
 * an SDL before 2.0.22). */
static int drm_fd(kiosk *k)
{
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!SDL_GetWindowWMInfo(bl__video_window(k->v), &info))
        return -1;
#if SDL_VERSION_ATLEAST(2, 0, 22)
    if (info.subsystem == SDL_SYSWM_KMSDRM)
        return info.info.kmsdrm.drm_fd;
#endif
    return -1;
}

/* The id of the connector's DPMS property, or 0. */
static uint32_t dpms_property(int fd, uint32_t conn)
{
    drmModeObjectProperties *props = drmModeObjectGetProperties(fd, conn, DRM_MODE_OBJECT_CONNECTOR);
    uint32_t id = 0, i;
    for (i = 0; props && i < props->count_props && !id; i++) {
        drmModePropertyRes *p = drmModeGetProperty(fd, props->props[i]);
        if (p && !strcmp(p->name, "DPMS"))
            id = p->prop_id;
        drmModeFreeProperty(p);
    }
    drmModeFreeObjectProperties(props);
    return id;
}

/* Sets the DPMS property of conn; true if the driver took it. */
static bool set_dpms(int fd, uint32_t conn, bool on)
{
    uint32_t prop = dpms_property(fd, conn);
    return prop && drmModeConnectorSetProperty(fd, conn, prop, on ? DRM_MODE_DPMS_ON : DRM_MODE_DPMS_OFF) == 0;
}

/* DPMS off on every connector that shows something (the one SDL drives;
 * a mirrored second one too), remembering which, or on again on those. */
static bool dpms(kiosk *k, bool on)
{
    int fd = drm_fd(k), i, n;
    drmModeRes *res;
    if (fd < 0)
        return false;
    if (on) {
        for (i = 0; i < k->nconns; i++)
            if (!set_dpms(fd, k->conns[i], true))
                BL_LOGW(TAG, "DPMS on for connector %u: %s", k->conns[i], strerror(errno));
        n = k->nconns;
        k->nconns = 0;
        return n > 0;
    }
    res = drmModeGetResources(fd);
    for (i = 0; res && i < res->count_connectors && k->nconns < MAX_CONNECTORS; i++) {
        drmModeConnector *c = drmModeGetConnector(fd, res->connectors[i]);
        if (c && c->connection == DRM_MODE_CONNECTED && c->encoder_id) {
            if (set_dpms(fd, c->connector_id, false))
                k->conns[k->nconns++] = c->connector_id;
            else
                BL_LOGW(TAG, "DPMS off for connector %u: %s", c->connector_id, strerror(errno));
        }
        drmModeFreeConnector(c);
    }
    drmModeFreeResources(res);
    return k->nconns > 0;
}

static const char *kiosk_power(bl_display *d, bool on)
{
    kiosk *k = d->impl;
    bool panel = dpms(k, on);
    if (!k->cec)
        k->cec = bl__cec_start();
    if (k->cec)
        bl__cec_power(k->cec, on);
    if (panel)
        return k->cec ? (on ? "DPMS, HDMI-CEC image view on" : "DPMS, HDMI-CEC standby") : "DPMS";
    if (k->cec)
        return on ? "HDMI-CEC image view on; no DPMS" : "HDMI-CEC standby; no DPMS: a blank frame";
    return NULL;
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
    .power = kiosk_power,
};
