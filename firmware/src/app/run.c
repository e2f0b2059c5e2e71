/*
 * run.c - the board's commands: `baolan run` (window, kiosk or headless,
 * on the real clock) and `baolan simulate` (a virtual clock, as fast as it
 * goes).  Wires config, board and display together; the main loop lives
 * here.
 */
#include "app/app.h"
#include "app/notify.h"

#include "board/board.h"
#include "board/control.h"
#include "board/fleet.h"
#include "core/clock.h"
#include "core/hist.h"
#include "core/fs.h"
#include "board/config.h"
#include "display/display.h"
#include "render/engine.h"
#include "render/image.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define TAG "run"

static volatile sig_atomic_t got_term, got_hup;

static void on_signal(int sig)
{
    if (sig == SIGHUP)
        got_hup = 1;
    else
        got_term = 1;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

typedef struct run_opts {
    const char *config;
    const char *content;
    const char *dump;
    const char *screenshot;
    int display; /* -1: from the configuration */
    int w, h;
    double duration;   /* simulate: virtual seconds; run: exit after (0: never) */
    bool quiet;
} run_opts;

#define usage bl__usage_error

static int parse(int argc, char **argv, int i, run_opts *o, bool simulate)
{
    memset(o, 0, sizeof *o);
    o->display = -1;
    for (; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--window"))
            o->display = BL_DISPLAY_WINDOW;
        else if (!strcmp(a, "--kiosk"))
            o->display = BL_DISPLAY_KIOSK;
        else if (!strcmp(a, "--headless"))
            o->display = BL_DISPLAY_HEADLESS;
        else if (!strcmp(a, "--quiet"))
            o->quiet = true;
        else if (!strcmp(a, "--verbose"))
            bl_log_set_level(BL_LOG_DEBUG);
        else if (!v)
            return usage("%s: unknown option or missing value", a);
        else {
            i++;
            if (!strcmp(a, "--config"))
                o->config = v;
            else if (!strcmp(a, "--content"))
                o->content = v;
            else if (!strcmp(a, "--dump") && simulate)
                o->dump = v;
            else if (!strcmp(a, "--screenshot") && !simulate)
                o->screenshot = v;
            else if (!strcmp(a, "--size")) {
                if (!bl_parse_size(v, 160, 120, 8192, 8192, &o->w, &o->h))
                    return usage("--size '%s' is not WxH (160x120 to 8192x8192)", v);
            } else if (!strcmp(a, simulate ? "--duration" : "--exit-after")) {
                char *end;
                o->duration = strtod(v, &end);
                if (end == v || *end || !(o->duration > 0 && o->duration <= 366.0 * 86400))
                    return usage("%s '%s' is not a number of seconds", a, v);
            } else {
                return usage("unknown option %s", a);
            }
        }
    }
    if (simulate && (o->w == 0 || o->duration <= 0))
        return usage("simulate needs --size WxH and --duration SECONDS");
    if (o->quiet)
        bl_log_set_level(BL_LOG_WARN);
    return 0;
}

/* Configuration: defaults, the file if any, then the command line.  A file
 * that cannot be read is reported: at start the board runs on the
 * defaults; a reload (reloading true) returns false and keeps what runs,
 * so a configuration deleted or half copied never swaps the community's
 * content for the demo. */
static bool load_config(const run_opts *o, bl_config *cfg, bool reloading)
{
    bl_err err;
    bl_config_defaults(cfg);
    if (o->config && bl_config_load(o->config, cfg, &err)) {
        if (reloading) {
            BL_LOGE(TAG, "%s; keeping the running board", err.msg);
            return false;
        }
        BL_LOGW(TAG, "%s; starting on the defaults", err.msg);
    }
    if (o->w) {
        cfg->width = o->w;
        cfg->height = o->h;
    }
    if (o->display >= 0)
        cfg->display = (bl_display_mode)o->display;
    return true;
}

/* The content folder: --content, the configuration's, or the bundled demo.
 * Returns false, with a message, when the path is there but not a folder
 * (a file given by mistake would otherwise run an empty board); a folder
 * not there yet (a card still mounting) is waited for. */
static bool content_dir(const run_opts *o, const bl_config *cfg, char *buf, size_t n)
{
    struct stat st;
    if (o->content)
        snprintf(buf, n, "%s", o->content);
    else if (*cfg->content)
        snprintf(buf, n, "%s", cfg->content);
    else
        snprintf(buf, n, "%s/assets/articles", bl_engine_data_dir());
    if (stat(buf, &st) == 0 && !S_ISDIR(st.st_mode)) {
        BL_LOGE(TAG, "content: %s is a file, not a folder of articles", buf);
        return false;
    }
    if (stat(buf, &st) != 0)
        BL_LOGW(TAG, "content: %s: %s (the board waits for it)", buf, strerror(errno));
    return true;
}

/* Headless: the frame at each slide change goes to a PNG file.  Encoding
 * a 1080p PNG takes longer than a frame, so a thread does it from a copy
 * and the ticker keeps moving. */
typedef struct shot_writer {
    SDL_Thread *thread;
    SDL_sem *go;
    SDL_atomic_t busy;
    bool quit;
    SDL_Surface *copy;
    char path[1024];
} shot_writer;

static int shot_thread(void *arg)
{
    shot_writer *w = arg;
    for (;;) {
        bl_err err;
        SDL_SemWait(w->go);
        if (w->quit)
            break;
        if (bl_png_write(w->path, w->copy, &err))
            BL_LOGW(TAG, "%s", err.msg);
        SDL_AtomicSet(&w->busy, 0);
    }
    return 0;
}

static bool shot_start(shot_writer *w, const char *path, int width, int height)
{
    memset(w, 0, sizeof *w);
    snprintf(w->path, sizeof w->path, "%s", path);
    w->copy = bl_surface_create(width, height);
    w->go = SDL_CreateSemaphore(0);
    if (w->copy && w->go)
        w->thread = SDL_CreateThread(shot_thread, "baolan-png", w);
    return w->thread != NULL;
}

/* Hands a frame to the writer; skipped if it is still busy with the last. */
static void shot_post(shot_writer *w, SDL_Surface *frame)
{
    if (!w->thread || SDL_AtomicGet(&w->busy))
        return;
    SDL_BlitSurface(frame, NULL, w->copy, NULL);
    SDL_AtomicSet(&w->busy, 1);
    SDL_SemPost(w->go);
}

static void shot_stop(shot_writer *w)
{
    if (w->thread) {
        w->quit = true;
        SDL_SemPost(w->go);
        SDL_WaitThread(w->thread, NULL);
    }
    if (w->go)
        SDL_DestroySemaphore(w->go);
    SDL_FreeSurface(w->copy);
}

int bl__cmd_run(int argc, char **argv, int first)
{
    run_opts o;
    bl_config cfg;
    bl_clock *clock = NULL;
    bl_board *board = NULL;
    bl_display *disp = NULL;
    bl_err err;
    char dir[1024], shot_path[1024] = "";
    double t_start = bl_now_seconds(), speed = 1.0, next_frame, started;
    bl_hist frame_ms = {0}; /* frame cost, bounded however long the board runs */
    int rc = 0, shots = 0;
    bool first_frame = true, is_window;
    SDL_Surface *black = NULL; /* what a screen switched off at night is given */
    shot_writer writer;
    bl__notify notify;
    bl_control *control = NULL; /* baolan admin's way in, when configured */
    bl_fleet *fleet = NULL;     /* the district's MQTT broker, when configured */

    memset(&writer, 0, sizeof writer);
    bl__notify_start(&notify);
    if ((rc = parse(argc, argv, first, &o, false)))
        return rc;
    load_config(&o, &cfg, false);
    if (!content_dir(&o, &cfg, dir, sizeof dir))
        return 1;
    install_signals();
    if (bl_display_open(cfg.display, cfg.width, cfg.height, cfg.exit_key, &disp, &err)) {
        /* a kiosk without its screen (the GPU not up yet, HDMI unplugged):
         * exit non-zero so that systemd starts the board again */
        fprintf(stderr, "baolan: %s%s\n", err.msg,
                cfg.display == BL_DISPLAY_KIOSK ? "; exiting so that systemd retries" : "");
        return 1;
    }
    is_window = bl_display_kind_of(disp) == BL_DISPLAY_KIND_WINDOW;
    /* The desktop simulation runs on a virtual clock that follows real time
     * at an adjustable speed; a kiosk and headless use the real clock. */
    clock = is_window ? bl_clock_create_virtual((int64_t)time(NULL)) : bl_clock_create_real();
    if (!clock || bl_board_create(&cfg, dir, clock, &board, &err)) {
        fprintf(stderr, "baolan: %s\n", clock ? err.msg : "out of memory");
        bl_display_close(disp);
        bl_clock_destroy(clock);
        return 1;
    }
    if (!(bl_display_caps(disp) & BL_DISPLAY_CAP_SHOWN)) {
        /* nobody sees the frames: keep the latest slide in a file */
        const char *rt = getenv("XDG_RUNTIME_DIR");
        snprintf(shot_path, sizeof shot_path, "%s/baolan-screen.png", rt && *rt ? rt : "/tmp");
        BL_LOGI(TAG, "headless: the frame shown at each slide change is written to %s", shot_path);
    }
    if (*shot_path && !shot_start(&writer, shot_path, bl_board_width(board), bl_board_height(board))) {
        BL_LOGW(TAG, "cannot start the screenshot writer: %s", SDL_GetError());
        *shot_path = '\0';
    }
    if (*cfg.control && bl_control_open(cfg.control, &control, &err))
        BL_LOGW(TAG, "%s: baolan admin cannot reach the board (no alerts, no screen)", err.msg);
    if (*cfg.fleet_broker && bl_fleet_start(&cfg, dir, &fleet, &err))
        BL_LOGW(TAG, "%s: the board runs outside the fleet", err.msg);
    if (!bl_clock_is_sane(clock))
        BL_LOGW(TAG, "the system clock is not set (it reads before this program was built): the date is "
                     "hidden and show-from/show-until are ignored until it is");
    started = bl_now_seconds();
    bl_hist_init(&frame_ms, 1000.0 / cfg.fps);
    next_frame = started;
    while (!got_term) {
        bl_sched_state st;
        SDL_Surface *frame;
        double t0 = bl_now_seconds(), t1;
        bl_event ev;
        while ((ev = bl_display_poll(disp)) != BL_EV_NONE) {
            if (ev == BL_EV_QUIT)
                got_term = 1;
            else if (ev == BL_EV_NEXT)
                bl_board_input(board, BL_INPUT_NEXT);
            else if (ev == BL_EV_PREV)
                bl_board_input(board, BL_INPUT_PREV);
            else if (ev == BL_EV_PAUSE)
                bl_board_input(board, BL_INPUT_PAUSE);
            else if (ev == BL_EV_FASTER || ev == BL_EV_SLOWER) {
                speed = ev == BL_EV_FASTER ? BL_MIN(speed * 2, 64.0) : BL_MAX(speed / 2, 1.0);
                BL_LOGI(TAG, "time runs at %gx", speed);
            } else if (ev == BL_EV_ORIENTATION)
                bl_board_toggle_orientation(board);
            else if (ev == BL_EV_SCREENSHOT) {
                SDL_Surface *cap = bl_display_capture(disp);
                char p[64];
                snprintf(p, sizeof p, "baolan-screenshot-%d.png", ++shots);
                if (cap && !bl_png_write(p, cap, &err))
                    BL_LOGI(TAG, "screenshot: %s", p);
                SDL_FreeSurface(cap);
            }
        }
        if (got_hup && !bl_board_busy(board)) {
            /* SIGHUP: read the configuration and the content again; a
             * board that cannot be built keeps the old one on screen.
             * While the content thread works it waits a frame or more,
             * rather than the screen waiting for the thread. */
            bl_config ncfg;
            bl_board *nb = NULL;
            got_hup = 0;
            if (!load_config(&o, &ncfg, true) || !content_dir(&o, &ncfg, dir, sizeof dir)) {
                BL_LOGE(TAG, "reload failed, keeping the running board");
            } else {
                ncfg.width = cfg.width;
                ncfg.height = cfg.height;
                if (bl_board_reconfigure(board, &ncfg, dir)) {
                    /* in place: the rotation keeps its place */
                    cfg = ncfg;
                    BL_LOGI(TAG, "configuration and content reloaded");
                } else if (bl_board_create(&ncfg, dir, clock, &nb, &err)) {
                    BL_LOGE(TAG, "reload failed, keeping the running board: %s", err.msg);
                } else {
                    bl_board_destroy(board);
                    board = nb;
                    cfg = ncfg;
                    BL_LOGI(TAG, "configuration and content reloaded; the screen or the look changed, so the "
                                 "rotation starts again");
                }
            }
        }
        bl_board_poll_content(board);
        frame = bl_board_frame(board, &st);
        /* [night] mode = off: the screen off, and a blank frame for
         * whatever still shows or records it */
        bl_display_power(disp, !st.screen_off);
        if (st.screen_off && (!black || black->w != frame->w || black->h != frame->h)) {
            SDL_FreeSurface(black);
            if ((black = bl_surface_create(frame->w, frame->h)))
                SDL_FillRect(black, NULL, 0xFF000000u);
        }
        if (st.screen_off && black)
            frame = black;
        if (control)
            bl_control_poll(control, board, &st, frame);
        if (fleet && (bl_fleet_poll(fleet, board, &st, frame) & BL_FLEET_RELOAD))
            got_hup = 1; /* the office's reload is SIGHUP's, at the next frame */
        if (st.changed) {
            char line[1024];
            bl_board_describe(board, &st, line, sizeof line);
            printf("%s\n", line);
            fflush(stdout);
            if (*shot_path)
                shot_post(&writer, frame);
        }
        t1 = bl_now_seconds();
        if (!first_frame) /* the first frame is start-up, reported apart */
            bl_hist_add(&frame_ms, (t1 - t0) * 1e3);
        if (!first_frame && (t1 - t0) * 1e3 > 1000.0 / cfg.fps)
            BL_LOGD(TAG, "slow frame: %.1f ms%s", (t1 - t0) * 1e3, st.changed ? " (slide change)" : "");
        bl_display_present(disp, frame);
        /* asked each frame: a kiosk whose renderer drew black may have
         * moved to one without vsync */
        if (!(bl_display_caps(disp) & BL_DISPLAY_CAP_PACED) || st.screen_off) {
            /* no vsync (or no screen on to give it): pace ourselves, at
             * a few frames a second while the screen is off */
            double now;
            next_frame += 1.0 / (st.screen_off ? 4 : cfg.fps);
            now = bl_now_seconds();
            if (next_frame > now) {
                struct timespec ts;
                double d = next_frame - now;
                ts.tv_sec = (time_t)d;
                ts.tv_nsec = (long)((d - (double)ts.tv_sec) * 1e9);
                nanosleep(&ts, NULL);
            } else if (now - next_frame > 0.25) {
                next_frame = now; /* fell far behind (suspend): don't race */
            }
        }
        if (first_frame) {
            BL_LOGI(TAG, "first frame %.0f ms after start", (bl_now_seconds() - t_start) * 1e3);
            first_frame = false;
            bl__notify_ready(&notify);
        }
        bl__notify_alive(&notify, bl_now_seconds());
        /* Render the next slide now, outside any transition, so that the
         * change itself never waits for layout. */
        bl_board_prepare_next(board);
        if (is_window)
            bl_clock_advance(clock, (bl_now_seconds() - t0) * speed);
        if (o.duration > 0 && bl_now_seconds() - started >= o.duration)
            break;
    }
    bl__notify_stopping(&notify);
    if (o.screenshot) {
        SDL_Surface *cap = bl_display_capture(disp);
        if (!cap || bl_png_write(o.screenshot, cap, &err)) {
            fprintf(stderr, "baolan: screenshot: %s\n", cap ? err.msg : SDL_GetError());
            rc = 1;
        }
        SDL_FreeSurface(cap);
    }
    if (frame_ms.count > 1) {
        /* Frame cost (compose, not waiting), for the ticker's smoothness. */
        fprintf(stderr,
                "baolan: run: {\"frames\": %llu, \"frame_ms_median\": %.3f, \"frame_ms_p99\": %.3f, "
                "\"frame_ms_worst\": %.3f, \"frames_over_budget\": %llu, \"display\": \"%s\"}\n",
                (unsigned long long)frame_ms.count, bl_hist_quantile(&frame_ms, 0.5),
                bl_hist_quantile(&frame_ms, 0.99), frame_ms.worst, (unsigned long long)frame_ms.over,
                bl_display_name(disp));
    }
    shot_stop(&writer);
    bl_control_close(control);
    bl_fleet_stop(fleet);
    bl_board_destroy(board);
    bl_display_close(disp);
    SDL_FreeSurface(black);
    bl_clock_destroy(clock);
    return rc;
}

int bl__cmd_simulate(int argc, char **argv, int first)
{
    run_opts o;
    bl_config cfg;
    bl_clock *clock;
    bl_board *board = NULL;
    bl_err err;
    char dir[1024];
    FILE *log = stdout;
    int rc;
    double end;
    size_t slides = 0;

    if ((rc = parse(argc, argv, first, &o, true)))
        return rc;
    load_config(&o, &cfg, false);
    if (!content_dir(&o, &cfg, dir, sizeof dir))
        return 1;
    /* The virtual clock starts at the real wall time, so dates and night
     * hours behave as they would today. */
    clock = bl_clock_create_virtual((int64_t)time(NULL));
    if (!clock || bl_board_create(&cfg, dir, clock, &board, &err)) {
        fprintf(stderr, "baolan: %s\n", clock ? err.msg : "out of memory");
        bl_clock_destroy(clock);
        return 1;
    }
    if (o.dump) {
        char p[1100];
        if (mkdir(o.dump, 0755) && errno != EEXIST) {
            fprintf(stderr, "baolan: cannot create %s: %s\n", o.dump, strerror(errno));
            rc = 1;
            goto out;
        }
        snprintf(p, sizeof p, "%s/slides.jsonl", o.dump);
        log = fopen(p, "w");
        if (!log) {
            fprintf(stderr, "baolan: cannot write %s: %s\n", p, strerror(errno));
            rc = 1;
            goto out;
        }
    }
    end = bl_clock_mono(clock) + o.duration;
    while (bl_clock_mono(clock) < end) {
        bl_sched_state st;
        SDL_Surface *frame = NULL;
        if (o.dump)
            frame = bl_board_frame(board, &st);
        else
            bl_board_tick(board, &st);
        if (st.changed) {
            char line[1024];
            slides++;
            bl_board_describe(board, &st, line, sizeof line);
            fprintf(log, "%s\n", line);
            if (o.dump) {
                /* the PNG shows the slide once its transition is over */
                char p[1200];
                double t = st.cur.start + BL_MAX(cfg.sched.transition, 0.0) + 0.001;
                if (t > bl_clock_mono(clock))
                    bl_clock_advance(clock, t - bl_clock_mono(clock));
                frame = bl_board_frame(board, &st);
                snprintf(p, sizeof p, "%s/%08.1f-%04zu-%s.png", o.dump, st.cur.start, slides,
                         st.cur.kind == BL_SLIDE_PAGE ? "page" : st.cur.kind == BL_SLIDE_HEADLINES ? "headlines"
                                                                                                  : "other");
                if (bl_png_write(p, frame, &err)) {
                    fprintf(stderr, "baolan: %s\n", err.msg);
                    rc = 1;
                    break;
                }
            }
        }
        /* jump to just after this slide's end, in steps of at most a
         * minute so night hours and date windows are noticed */
        {
            double next = st.cur.start + st.cur.dwell + 0.001, now = bl_clock_mono(clock);
            double step = next > now ? next - now : 0.05;
            bl_clock_advance(clock, BL_MIN(step, 60.0));
        }
        if (got_term)
            break;
    }
    if (o.dump)
        fprintf(stderr, "baolan: %zu slides in %.0f s of virtual time; PNGs and slides.jsonl in %s/\n", slides,
                o.duration, o.dump);
out:
    if (log && log != stdout)
        fclose(log);
    bl_board_destroy(board);
    bl_clock_destroy(clock);
    return rc;
}
