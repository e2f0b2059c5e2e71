/*
 * test_display.c - the display backends as the board sees them: headless
 * gives back exactly the frame it was shown and never any input; with no
 * screen to be had AUTO ends headless and says so in its capabilities;
 * every backend tried is logged with the reason it failed, in AUTO's
 * order, and an explicit request tries nothing else; a kiosk asked for
 * that cannot open is an error, not a headless board; a kiosk ends only
 * on its exit key with exactly its modifiers, a window on q or its close
 * button.
 *
 * Backends that need a screen are opened on SDL's offscreen driver (set
 * in SDL_VIDEODRIVER, which SDL obeys over any driver the code asks for);
 * failures are made with the X11 driver and a desktop that is not there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "display/display.h"
#include "display/backend.h" /* the renderer probe, with a fake read-back */

#define W 320
#define H 200

/* Log lines, "W message" for warnings and "I message" for the rest. */
static char logged[8192];

static void sink(void *user, bl_log_level lvl, const char *tag, const char *line)
{
    size_t len = strlen(logged);
    (void)user;
    if (strcmp(tag, "display"))
        return;
    snprintf(logged + len, sizeof logged - len, "%c %s\n", lvl >= BL_LOG_WARN ? 'W' : 'I', line);
}

static void log_start(void)
{
    logged[0] = '\0';
    bl_log_set_sink(sink, NULL);
}

static void log_stop(void)
{
    bl_log_set_sink(NULL, NULL);
}

/* SDL told to use driver, and desktop as DISPLAY (NULL: no desktop). */
static void environment(const char *driver, const char *desktop)
{
    unsetenv("WAYLAND_DISPLAY");
    if (desktop)
        setenv("DISPLAY", desktop, 1);
    else
        unsetenv("DISPLAY");
    setenv("SDL_VIDEODRIVER", driver, 1);
    /* SDL's software renderer and window surface, and no session bus:
     * a GL driver or libdbus, loaded and unloaded by SDL, leaves
     * allocations LeakSanitizer reports (not ours); what the backends do
     * is the same either way. */
    setenv("SDL_RENDER_DRIVER", "software", 1);
    setenv("SDL_FRAMEBUFFER_ACCELERATION", "0", 1);
    setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", 1);
}

static bl_display *open_display(bl_display_mode mode, const char *exit_key)
{
    bl_display *d = NULL;
    bl_err err;
    if (bl_display_open(mode, W, H, exit_key, &d, &err))
        fail_msg("%s", err.msg);
    assert_non_null(d);
    return d;
}

/* A frame no two pixels of which are alike in a row or a column. */
static SDL_Surface *pattern(Uint32 seed)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    int x, y;
    assert_non_null(s);
    for (y = 0; y < H; y++) {
        Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + y * s->pitch);
        for (x = 0; x < W; x++)
            row[x] = 0xff000000u | ((Uint32)(x * 7 + seed) & 0xff) << 16 | ((Uint32)(y * 5) & 0xff) << 8 |
                     ((Uint32)(x + y + seed) & 0xff);
    }
    return s;
}

/* Asserts that a is b pixel for pixel. */
static void assert_same_pixels(SDL_Surface *a, SDL_Surface *b)
{
    int y;
    assert_non_null(a);
    assert_int_equal(a->w, b->w);
    assert_int_equal(a->h, b->h);
    assert_int_equal(a->format->format, SDL_PIXELFORMAT_ARGB8888);
    for (y = 0; y < b->h; y++)
        assert_memory_equal((Uint8 *)a->pixels + y * a->pitch, (Uint8 *)b->pixels + y * b->pitch,
                            (size_t)b->w * 4);
}

static void test_headless_shows_back_what_it_was_given(void **state)
{
    bl_display *d;
    SDL_Surface *one = pattern(0), *two = pattern(99), *cap, *expect;
    int i;
    (void)state;
    environment("offscreen", NULL);
    d = open_display(BL_DISPLAY_HEADLESS, "");
    assert_null(bl_display_capture(d)); /* nothing shown yet */

    bl_display_present(d, one);
    cap = bl_display_capture(d);
    assert_same_pixels(cap, one);
    SDL_FreeSurface(cap);

    /* the screen shows the latest frame, and a capture is a copy: the
     * board drawing its next frame does not change a screenshot taken */
    bl_display_present(d, two);
    cap = bl_display_capture(d);
    assert_same_pixels(cap, two);
    SDL_FillRect(two, NULL, 0xff000000u);
    expect = pattern(99);
    assert_same_pixels(cap, expect);
    SDL_FreeSurface(expect);
    SDL_FreeSurface(cap);

    for (i = 0; i < 3; i++)
        assert_int_equal(bl_display_poll(d), BL_EV_NONE);
    bl_display_close(d);
    SDL_FreeSurface(one);
    SDL_FreeSurface(two);
}

/* With no screen at all, AUTO ends headless without a warning, and its
 * capabilities tell the board to pace itself, keep frames in a file and
 * expect no input. */
static void auto_without_screen(const char *driver)
{
    bl_display *d;
    unsigned caps;
    environment(driver, NULL);
    log_start();
    d = open_display(BL_DISPLAY_AUTO, "");
    log_stop();
    assert_int_equal(bl_display_kind_of(d), BL_DISPLAY_KIND_HEADLESS);
    caps = bl_display_caps(d);
    assert_false(caps & BL_DISPLAY_CAP_PACED);
    assert_false(caps & BL_DISPLAY_CAP_SHOWN);
    assert_false(caps & BL_DISPLAY_CAP_INPUT);
    assert_string_equal(bl_display_name(d), "headless");
    assert_string_equal(logged, "I headless display, 320x200\n");
    assert_false(SDL_WasInit(SDL_INIT_VIDEO)); /* no window was tried */
    bl_display_close(d);
}

static void test_auto_offscreen_is_headless(void **state)
{
    (void)state;
    auto_without_screen("offscreen");
}

/* SDL's dummy driver shows nothing either: AUTO must not take it for a
 * kiosk (one that claims vsync it does not have and runs flat out). */
static void test_auto_dummy_is_headless(void **state)
{
    (void)state;
    auto_without_screen("dummy");
}

/* An explicit headless request, even with a desktop named, tries no
 * other backend: no warning, SDL video never started. */
static void test_headless_request_tries_nothing_else(void **state)
{
    bl_display *d;
    (void)state;
    environment("x11", ":4093");
    log_start();
    d = open_display(BL_DISPLAY_HEADLESS, "");
    log_stop();
    assert_int_equal(bl_display_kind_of(d), BL_DISPLAY_KIND_HEADLESS);
    assert_string_equal(logged, "I headless display, 320x200\n");
    assert_false(SDL_WasInit(SDL_INIT_VIDEO));
    bl_display_close(d);
}

/* A desktop that is not there: AUTO tries the window, then the kiosk,
 * says why each failed, and runs headless. */
static void test_auto_logs_each_failure_in_order(void **state)
{
    bl_display *d;
    const char *win, *kiosk, *none, *opened;
    (void)state;
    environment("x11", ":4093");
    log_start();
    d = open_display(BL_DISPLAY_AUTO, "");
    log_stop();
    assert_int_equal(bl_display_kind_of(d), BL_DISPLAY_KIND_HEADLESS);
    assert_false(bl_display_caps(d) & BL_DISPLAY_CAP_SHOWN);
    win = strstr(logged, "W window: ");
    kiosk = strstr(logged, "W kiosk (KMSDRM): ");
    none = strstr(logged, "W no display could be opened; running headless\n");
    opened = strstr(logged, "I headless display, 320x200\n");
    assert_true(win == logged);
    assert_true(win && kiosk && none && opened);
    assert_true(win < kiosk && kiosk < none && none < opened);
    assert_false(SDL_WasInit(SDL_INIT_VIDEO)); /* each failure cleaned up */
    bl_display_close(d);
}

/* DISPLAY naming a desktop that is not there, and no SDL_VIDEODRIVER:
 * SDL tries its real drivers and ends on offscreen.  That is no window
 * (nobody would see the board, and no screenshot file would be kept):
 * the board runs headless. */
static void test_window_is_not_sdls_offscreen_fallback(void **state)
{
    bl_display *d;
    (void)state;
    if (access("/dev/dri", F_OK) == 0)
        skip(); /* SDL could open KMSDRM here */
    environment("x11", ":4093");
    unsetenv("SDL_VIDEODRIVER");
    log_start();
    d = open_display(BL_DISPLAY_WINDOW, "");
    log_stop();
    assert_int_equal(bl_display_kind_of(d), BL_DISPLAY_KIND_HEADLESS);
    assert_non_null(strstr(logged, "W window: no screen (SDL found only its offscreen driver)\n"));
    assert_false(SDL_WasInit(SDL_INIT_VIDEO));
    bl_display_close(d);
}

/* An explicit window request that fails goes headless without trying a
 * kiosk (a desktop user must not find the console taken over). */
static void test_window_request_tries_no_kiosk(void **state)
{
    bl_display *d;
    (void)state;
    environment("x11", ":4093");
    log_start();
    d = open_display(BL_DISPLAY_WINDOW, "");
    log_stop();
    assert_int_equal(bl_display_kind_of(d), BL_DISPLAY_KIND_HEADLESS);
    assert_non_null(strstr(logged, "W window: "));
    assert_null(strstr(logged, "kiosk"));
    assert_non_null(strstr(logged, "W no display could be opened; running headless\n"));
    bl_display_close(d);
}

/* Night mode off asks for the screen off every frame of the night: the
 * display switches once when it goes off and once when it comes on, and
 * says so; headless has no panel, so the log says a blank frame. */
static void test_power_switches_once_each_way(void **state)
{
    bl_display *d;
    int i;
    (void)state;
    environment("offscreen", NULL);
    d = open_display(BL_DISPLAY_HEADLESS, "");
    log_start();
    bl_display_power(d, true); /* a display opens on: nothing to do */
    for (i = 0; i < 5; i++)
        bl_display_power(d, false);
    for (i = 0; i < 5; i++)
        bl_display_power(d, true);
    log_stop();
    assert_string_equal(logged, "I screen off (a blank frame)\nI screen on (frames again)\n");
    bl_display_close(d);
}

/* The probe's verdict: colour in and black out is a renderer that draws
 * nothing; a black frame (night) or nothing read tells nothing. */
static void test_probe_judges_black_output(void **state)
{
    SDL_Surface *colour = pattern(3), *black = pattern(3), *shown = pattern(9);
    (void)state;
    SDL_FillRect(black, NULL, 0xff000000u);
    assert_int_equal(bl__video_judge(colour, shown), BL__PROBE_GOOD);
    assert_int_equal(bl__video_judge(colour, black), BL__PROBE_BLACK);
    assert_int_equal(bl__video_judge(black, black), BL__PROBE_UNKNOWN);
    assert_int_equal(bl__video_judge(black, shown), BL__PROBE_UNKNOWN);
    assert_int_equal(bl__video_judge(colour, NULL), BL__PROBE_UNKNOWN);
    /* one lit bar is enough */
    {
        SDL_Rect bar = {0, 40, W, 4};
        SDL_FillRect(black, &bar, 0xff203040u);
        assert_int_equal(bl__video_judge(colour, black), BL__PROBE_GOOD);
    }
    SDL_FreeSurface(colour);
    SDL_FreeSurface(black);
    SDL_FreeSurface(shown);
}

/* A read-back that sees black for the first `fake_black` reads (a GPU
 * renderer that streams the frame out black), then what was drawn. */
static int fake_black, reads;

static SDL_Surface *fake_readback(SDL_Renderer *ren)
{
    SDL_Surface *s;
    int ow, oh;
    reads++;
    if (SDL_GetRendererOutputSize(ren, &ow, &oh))
        return NULL;
    s = SDL_CreateRGBSurfaceWithFormat(0, ow, oh, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(s);
    if (reads <= fake_black)
        SDL_FillRect(s, NULL, 0xff000000u);
    else
        assert_int_equal(SDL_RenderReadPixels(ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch), 0);
    return s;
}

/* The kiosk's renderers are tried in order (here from SDL_RENDER_DRIVER,
 * which overrides the kiosk's opengles2-first order): one that draws a
 * colour frame black is dropped for the next that opens, and the screen
 * then shows the frame; black frames (the night) decide nothing. */
static void test_kiosk_drops_a_renderer_that_draws_black(void **state)
{
    bl_display *d;
    SDL_Surface *frame = pattern(5), *night = pattern(5), *cap;
    const char *drop, *skip, *good;
    (void)state;
    environment("offscreen", NULL);
    setenv("SDL_RENDER_DRIVER", "software,nosuchrenderer,software", 1);
    SDL_FillRect(night, NULL, 0xff000000u);
    fake_black = 3; /* the two night frames, and the first colour frame */
    reads = 0;
    bl__video_set_readback(fake_readback);
    log_start();
    d = open_display(BL_DISPLAY_KIOSK, "");
    bl_display_present(d, night); /* undecided: no read counts as black */
    bl_display_present(d, night);
    assert_int_equal(reads, 2);
    bl_display_present(d, frame); /* black out: the next renderer */
    bl_display_present(d, frame);
    bl_display_present(d, frame); /* decided: no more reads */
    log_stop();
    assert_int_equal(reads, 4);
    drop = strstr(logged, "W renderer software draws the board black; trying nosuchrenderer\n");
    skip = strstr(logged, "W renderer nosuchrenderer: not in this SDL\n");
    good = strstr(logged, "I renderer software draws the board\n");
    assert_true(drop && skip && good && drop < skip && skip < good);
    cap = bl_display_capture(d); /* the whole screen, the frame scaled to it */
    assert_non_null(cap);
    assert_int_equal(bl__video_judge(frame, cap), BL__PROBE_GOOD);
    SDL_FreeSurface(cap);
    bl_display_close(d);

    /* the last renderer that draws black is kept, with an error */
    setenv("SDL_RENDER_DRIVER", "software", 1);
    fake_black = 100;
    reads = 0;
    log_start();
    d = open_display(BL_DISPLAY_KIOSK, "");
    bl_display_present(d, frame);
    bl_display_present(d, frame);
    log_stop();
    assert_int_equal(reads, 1);
    assert_non_null(strstr(logged, "W renderer software draws the board black, and no other is left to try\n"));
    bl_display_close(d);

    bl__video_set_readback(NULL);
    SDL_FreeSurface(frame);
    SDL_FreeSurface(night);
}

/* An explicit kiosk request that cannot open fails, saying why, instead
 * of running headless forever (a board started before its GPU, or with
 * HDMI unplugged, must exit so that systemd starts it again). */
static void test_kiosk_request_that_fails_is_an_error(void **state)
{
    bl_display *d = (bl_display *)&d;
    bl_err err;
    (void)state;
    environment("x11", ":4093"); /* SDL obeys this over kmsdrm: it fails */
    log_start();
    assert_int_equal(bl_display_open(BL_DISPLAY_KIOSK, W, H, "", &d, &err), BL_ERR_NOTFOUND);
    log_stop();
    assert_null(d);
    assert_non_null(strstr(err.msg, "kiosk: no display could be opened (kiosk (KMSDRM): "));
    assert_null(strstr(logged, "running headless"));
    assert_false(SDL_WasInit(SDL_INIT_VIDEO));
}

static void push_key(SDL_Keycode key, Uint16 mod)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = key;
    e.key.keysym.mod = mod;
    assert_int_equal(SDL_PushEvent(&e), 1);
}

static void push_quit(void)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_QUIT;
    assert_int_equal(SDL_PushEvent(&e), 1);
}

static void push_tap(float x)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_FINGERDOWN;
    e.tfinger.x = x;
    e.tfinger.y = 0.5f;
    assert_int_equal(SDL_PushEvent(&e), 1);
}

/* What the board gets from the events pushed since the last call: the
 * first that means something, or BL_EV_NONE.  A poll stops at the end of
 * what SDL had gathered when the loop began (its poll sentinel), so an
 * event pushed after it waits for the next one; three polls make sure an
 * ignored event was really read and dropped. */
static bl_event next_event(bl_display *d)
{
    int i;
    for (i = 0; i < 3; i++) {
        bl_event e = bl_display_poll(d);
        if (e != BL_EV_NONE)
            return e;
    }
    return BL_EV_NONE;
}

static void test_kiosk_ends_only_on_its_exit_key(void **state)
{
    bl_display *d;
    (void)state;
    environment("offscreen", NULL);
    log_start();
    d = open_display(BL_DISPLAY_KIOSK, "ctrl+alt+q");
    log_stop();
    assert_int_equal(bl_display_kind_of(d), BL_DISPLAY_KIND_KIOSK);
    assert_string_equal(bl_display_name(d), "kiosk");
    assert_true(bl_display_caps(d) & BL_DISPLAY_CAP_SHOWN);
    assert_true(bl_display_caps(d) & BL_DISPLAY_CAP_INPUT);
    assert_non_null(strstr(logged, "I kiosk display, 320x200"));
    while (next_event(d) != BL_EV_NONE) /* whatever the driver queued at start */
        ;
    push_quit();
    assert_int_equal(next_event(d), BL_EV_NONE);
    push_key(SDLK_q, KMOD_NONE);
    assert_int_equal(next_event(d), BL_EV_NONE);
    push_key(SDLK_ESCAPE, KMOD_NONE);
    assert_int_equal(next_event(d), BL_EV_NONE);
    push_key(SDLK_RIGHT, KMOD_NONE);
    assert_int_equal(next_event(d), BL_EV_NEXT);
    push_key(SDLK_PAGEUP, KMOD_NONE);
    assert_int_equal(next_event(d), BL_EV_PREV);
    push_tap(0.8f);
    assert_int_equal(next_event(d), BL_EV_NEXT);
    push_tap(0.2f);
    assert_int_equal(next_event(d), BL_EV_PREV);
    /* ctrl+alt+q needs both ctrl and alt, and nothing more: one of them
     * alone (a passer-by's ctrl+q) or an extra shift does not end it */
    push_key(SDLK_q, KMOD_LCTRL);
    assert_int_equal(next_event(d), BL_EV_NONE);
    push_key(SDLK_q, KMOD_RALT);
    assert_int_equal(next_event(d), BL_EV_NONE);
    push_key(SDLK_q, KMOD_LCTRL | KMOD_LALT | KMOD_LSHIFT);
    assert_int_equal(next_event(d), BL_EV_NONE);
    push_key(SDLK_w, KMOD_LCTRL | KMOD_LALT);
    assert_int_equal(next_event(d), BL_EV_NONE);
    push_key(SDLK_q, KMOD_LCTRL | KMOD_LALT);
    assert_int_equal(next_event(d), BL_EV_QUIT);
    /* either side, and caps lock does not count */
    push_key(SDLK_q, KMOD_RCTRL | KMOD_LALT | KMOD_CAPS);
    assert_int_equal(next_event(d), BL_EV_QUIT);
    bl_display_close(d);
    assert_false(SDL_WasInit(SDL_INIT_VIDEO));
}

static void test_kiosk_without_exit_key_never_ends(void **state)
{
    bl_display *d;
    (void)state;
    environment("offscreen", NULL);
    log_start();
    d = open_display(BL_DISPLAY_KIOSK, "ctrl+alt+nokey");
    log_stop();
    assert_non_null(strstr(logged, "W exit key 'ctrl+alt+nokey' names no key; no key will end the kiosk\n"));
    while (next_event(d) != BL_EV_NONE)
        ;
    push_key(SDLK_q, KMOD_LCTRL | KMOD_LALT);
    push_key(SDLK_ESCAPE, KMOD_NONE);
    push_quit();
    assert_int_equal(next_event(d), BL_EV_NONE);
    bl_display_close(d);
}

static void test_window_keys(void **state)
{
    bl_display *d;
    (void)state;
    environment("offscreen", NULL);
    d = open_display(BL_DISPLAY_WINDOW, "ctrl+alt+q");
    assert_int_equal(bl_display_kind_of(d), BL_DISPLAY_KIND_WINDOW);
    assert_true(bl_display_caps(d) & BL_DISPLAY_CAP_SHOWN);
    while (next_event(d) != BL_EV_NONE)
        ;
    push_key(SDLK_n, KMOD_NONE);
    assert_int_equal(next_event(d), BL_EV_NEXT);
    push_key(SDLK_p, KMOD_NONE);
    assert_int_equal(next_event(d), BL_EV_PREV);
    push_key(SDLK_PERIOD, KMOD_NONE);
    assert_int_equal(next_event(d), BL_EV_PAUSE);
    push_key(SDLK_s, KMOD_NONE);
    assert_int_equal(next_event(d), BL_EV_SCREENSHOT);
    push_key(SDLK_s, KMOD_LSHIFT);
    assert_int_equal(next_event(d), BL_EV_SLOWER);
    push_key(SDLK_o, KMOD_NONE);
    assert_int_equal(next_event(d), BL_EV_ORIENTATION);
    push_key(SDLK_q, KMOD_NONE);
    assert_int_equal(next_event(d), BL_EV_QUIT);
    push_quit(); /* the close button */
    assert_int_equal(next_event(d), BL_EV_QUIT);
    bl_display_close(d);
    assert_false(SDL_WasInit(SDL_INIT_VIDEO));
}

/* A window as large as the frame (the desktop has room for it) shows
 * the frame pixel for pixel, and a screenshot reads that back. */
static void test_window_shows_the_frame(void **state)
{
    bl_display *d;
    SDL_Surface *frame = pattern(7), *cap;
    (void)state;
    environment("offscreen", NULL);
    d = open_display(BL_DISPLAY_WINDOW, "");
    bl_display_present(d, frame);
    cap = bl_display_capture(d);
    assert_same_pixels(cap, frame);
    SDL_FreeSurface(cap);
    SDL_FreeSurface(frame);
    bl_display_close(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headless_shows_back_what_it_was_given),
        cmocka_unit_test(test_auto_offscreen_is_headless),
        cmocka_unit_test(test_auto_dummy_is_headless),
        cmocka_unit_test(test_headless_request_tries_nothing_else),
        cmocka_unit_test(test_auto_logs_each_failure_in_order),
        cmocka_unit_test(test_window_request_tries_no_kiosk),
        cmocka_unit_test(test_window_is_not_sdls_offscreen_fallback),
        cmocka_unit_test(test_kiosk_request_that_fails_is_an_error),
        cmocka_unit_test(test_probe_judges_black_output),
        cmocka_unit_test(test_kiosk_drops_a_renderer_that_draws_black),
        cmocka_unit_test(test_power_switches_once_each_way),
        cmocka_unit_test(test_kiosk_ends_only_on_its_exit_key),
        cmocka_unit_test(test_kiosk_without_exit_key_never_ends),
        cmocka_unit_test(test_window_keys),
        cmocka_unit_test(test_window_shows_the_frame),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
