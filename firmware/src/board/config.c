/*
 * config.c - see config.h.
 */
#include "board/config.h"

#include "core/fs.h"

#include "core/ini.h"
#include "text/text.h"
#include "board/bundle.h"
#include "board/fleet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAG "config"

void bl_config_defaults(bl_config *c)
{
    memset(c, 0, sizeof *c);
    c->width = 1920;
    c->height = 1080;
    c->rotation = 0;
    c->display = BL_DISPLAY_AUTO;
    c->fps = 60;
    snprintf(c->name, sizeof c->name, "社区报栏");
    c->orientation = BL_ORIENT_CFG_AUTO;
    c->kinsoku = BL_KINSOKU_BASIC;
    bl_sched_config_defaults(&c->sched);
    c->transition = BL_TRANS_FADE;
    c->ticker = true;
    c->ticker_speed = 2;
    c->max_article_bytes = (long)BL_ARTICLE_MAX_BYTES;
    c->idle_resume = c->sched.idle_resume;
    c->settle = 1.0;
    c->content_budget = 16L << 20;
    snprintf(c->admin_listen, sizeof c->admin_listen, "0.0.0.0:8080");
    snprintf(c->admin_password_file, sizeof c->admin_password_file, "admin.pass");
    c->admin_max_upload = 32L << 20;
    c->admin_tls = true;
    c->feed_interval = 300;
    c->feed_max_items = 20;
    c->feed_max_age_days = 14;
}

typedef struct ctx {
    bl_config *c;
    const char *path;
} ctx;

static void bad(const ctx *x, int line, const char *section, const char *key, const char *value, const char *want)
{
    BL_LOGW(TAG, "%s:%d: [%s] %s = '%s' is not %s; using the default", x->path, line, section, key, value, want);
}

static bool get_double(const char *v, double lo, double hi, double *out)
{
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end || !(d >= lo && d <= hi))
        return false;
    *out = d;
    return true;
}

static bool get_int(const char *v, long lo, long hi, long *out)
{
    char *end;
    long d = strtol(v, &end, 10);
    if (end == v || *end || d < lo || d > hi)
        return false;
    *out = d;
    return true;
}

static bool get_bool(const char *v, bool *out)
{
    if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on") || !strcmp(v, "1"))
        *out = true;
    else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off") || !strcmp(v, "0"))
        *out = false;
    else
        return false;
    return true;
}

/* "HH:MM" -> minutes after midnight. */
static bool get_hhmm(const char *v, int *out)
{
    int h, m;
    char tail;
    if (sscanf(v, "%d:%d%c", &h, &m, &tail) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
        return false;
    *out = h * 60 + m;
    return true;
}

static bool get_str(const char *v, char *dst, size_t size)
{
    if (strlen(v) >= size || bl_utf8_count_invalid(v, strlen(v)))
        return false;
    snprintf(dst, size, "%s", v);
    return true;
}

/* "A.B.C.D:PORT", copied to dst as written. */
static bool get_listen(const char *v, char *dst, size_t size)
{
    unsigned a, b, c, d, port;
    char tail;
    if (sscanf(v, "%u.%u.%u.%u:%u%c", &a, &b, &c, &d, &port, &tail) != 5 || a > 255 || b > 255 || c > 255 ||
        d > 255 || port < 1 || port > 65535)
        return false;
    return get_str(v, dst, size);
}

/* [feed]: every url line adds a feed (a repeated one is said and kept once). */
static void feed_key(const ctx *x, int line, const char *key, const char *v)
{
    bl_config *c = x->c;
    long n;
    double d;
    if (!strcmp(key, "url")) {
        int i;
        if ((strncmp(v, "http://", 7) && strncmp(v, "https://", 8)) || strpbrk(v, " \t\"<>") ||
            strlen(v) >= sizeof c->feed_urls[0]) {
            BL_LOGW(TAG, "%s:%d: [feed] url = '%s' is not an http:// or https:// URL of up to 511 bytes; that feed is "
                    "left out", x->path, line, v);
            return;
        }
        for (i = 0; i < c->nfeeds; i++)
            if (!strcmp(c->feed_urls[i], v)) {
                BL_LOGW(TAG, "%s:%d: the feed %s is listed twice; fetched once", x->path, line, v);
                return;
            }
        if (c->nfeeds == BL_FEEDS_MAX) {
            BL_LOGW(TAG, "%s:%d: more than %d feeds; %s is left out", x->path, line, BL_FEEDS_MAX, v);
            return;
        }
        snprintf(c->feed_urls[c->nfeeds++], sizeof c->feed_urls[0], "%s", v);
    } else if (!strcmp(key, "interval")) {
        if (get_double(v, 1, 86400, &d))
            c->feed_interval = d;
        else
            bad(x, line, "feed", key, v, "seconds from 1 to 86400");
    } else if (!strcmp(key, "max-items")) {
        if (get_int(v, 1, 1000, &n))
            c->feed_max_items = (int)n;
        else
            bad(x, line, "feed", key, v, "a count from 1 to 1000");
    } else if (!strcmp(key, "max-age-days")) {
        if (get_int(v, 1, 3650, &n))
            c->feed_max_age_days = (int)n;
        else
            bad(x, line, "feed", key, v, "days from 1 to 3650");
    } else if (!strcmp(key, "folder")) {
        if (!get_str(v, c->feed_folder, sizeof c->feed_folder))
            bad(x, line, "feed", key, v, "a path");
    } else {
        BL_LOGW(TAG, "%s:%d: unknown setting [feed] %s", x->path, line, key);
    }
}

#define IS(s, k) (!strcmp(section, s) && !strcmp(key, k))

/* [fleet] (board/fleet.h, board/bundle.h). */
static void fleet_key(const ctx *x, int line, const char *key, const char *v)
{
    bl_config *c = x->c;
    char host[256];
    int port;
    bool tls;
    unsigned char pk[BL_BUNDLE_PK_BYTES];
    if (!strcmp(key, "broker")) {
        if (*v && !bl_fleet_parse_broker(v, host, sizeof host, &port, &tls))
            bad(x, line, "fleet", key, v, "mqtt://HOST:PORT or mqtts://HOST:PORT");
        else
            get_str(v, c->fleet_broker, sizeof c->fleet_broker);
    } else if (!strcmp(key, "board") || !strcmp(key, "group")) {
        char *dst = key[0] == 'b' ? c->fleet_board : c->fleet_group;
        if (strlen(v) > 64 || strpbrk(v, "/+# \t"))
            bad(x, line, "fleet", key, v, "a name of up to 64 bytes without '/', '+', '#' or spaces");
        else
            get_str(v, dst, 65);
    } else if (!strcmp(key, "key")) {
        if (*v && !bl_bundle_key_decode(v, pk, sizeof pk))
            bad(x, line, "fleet", key, v, "an Ed25519 public key in base64 (baolan fleet keygen)");
        else
            get_str(v, c->fleet_key, sizeof c->fleet_key);
    } else if (!strcmp(key, "username")) {
        if (!get_str(v, c->fleet_username, sizeof c->fleet_username))
            bad(x, line, "fleet", key, v, "a name of up to 127 bytes");
    } else if (!strcmp(key, "password-file")) {
        if (!get_str(v, c->fleet_password_file, sizeof c->fleet_password_file))
            bad(x, line, "fleet", key, v, "a path");
    } else if (!strcmp(key, "ca")) {
        if (!get_str(v, c->fleet_ca, sizeof c->fleet_ca))
            bad(x, line, "fleet", key, v, "a path");
    } else {
        BL_LOGW(TAG, "%s:%d: unknown setting [fleet] %s", x->path, line, key);
    }
}

static int on_key(void *user, const char *section, const char *key, const char *v, int line)
{
    ctx *x = user;
    bl_config *c = x->c;
    long n;
    double d;
    bool b;

    if (IS("screen", "size")) {
        if (!bl_parse_size(v, 160, 120, 8192, 8192, &c->width, &c->height))
            bad(x, line, section, key, v, "WxH (160x120 to 8192x8192)");
    } else if (IS("screen", "rotation")) {
        if (get_int(v, 0, 270, &n) && n % 90 == 0)
            c->rotation = (int)n;
        else
            bad(x, line, section, key, v, "0, 90, 180 or 270");
    } else if (IS("screen", "mode")) {
        static const char *const names[] = {"auto", "window", "kiosk", "headless"};
        size_t i;
        for (i = 0; i < BL_ARRAY_LEN(names) && strcmp(v, names[i]); i++)
            ;
        if (i < BL_ARRAY_LEN(names))
            c->display = (bl_display_mode)i;
        else
            bad(x, line, section, key, v, "auto, window, kiosk or headless");
    } else if (IS("screen", "fps")) {
        if (get_int(v, 10, 240, &n))
            c->fps = (int)n;
        else
            bad(x, line, section, key, v, "a frame rate from 10 to 240");
    } else if (IS("board", "name")) {
        if (!*v || !get_str(v, c->name, sizeof c->name))
            bad(x, line, section, key, v, "a name of up to 127 bytes of UTF-8");
    } else if (IS("board", "control")) {
        if (!get_str(v, c->control, sizeof c->control) || (*v && *v != '/') || strlen(v) >= 108)
            bad(x, line, section, key, v, "an absolute path of up to 107 bytes");
    } else if (IS("board", "theme")) {
        if (!get_str(v, c->theme, sizeof c->theme))
            bad(x, line, section, key, v, "a path");
    } else if (IS("board", "orientation")) {
        if (!strcmp(v, "auto"))
            c->orientation = BL_ORIENT_CFG_AUTO;
        else if (!strcmp(v, "horizontal"))
            c->orientation = BL_ORIENT_CFG_HORIZONTAL;
        else if (!strcmp(v, "vertical"))
            c->orientation = BL_ORIENT_CFG_VERTICAL;
        else
            bad(x, line, section, key, v, "auto, horizontal or vertical");
    } else if (IS("board", "kinsoku")) {
        bl_kinsoku k;
        if (!bl_kinsoku_parse(v, &k)) /* leaves it on a bad value */
            bad(x, line, section, key, v, "none, basic, gb or strict");
        else if (c->kinsoku < BL_KINSOKU_CSS_LOOSE) /* line-break wins, wherever it is */
            c->kinsoku = k;
    } else if (IS("board", "line-break")) {
        if (!bl_line_break_parse(v, &c->kinsoku))
            bad(x, line, section, key, v, "loose, normal or strict");
    } else if (IS("board", "script")) {
        c->script = BL_SCRIPT_AS_IS;
        if (!bl_script_parse(v, &c->script))
            bad(x, line, section, key, v, "as-is, simplified or traditional");
    } else if (IS("schedule", "reading-speed")) {
        if (get_double(v, 50, 5000, &d))
            c->sched.chars_per_minute = d;
        else
            bad(x, line, section, key, v, "characters a minute from 50 to 5000");
    } else if (IS("schedule", "min-dwell")) {
        if (get_double(v, 1, 3600, &d))
            c->sched.min_dwell = d;
        else
            bad(x, line, section, key, v, "seconds from 1 to 3600");
    } else if (IS("schedule", "max-dwell")) {
        if (get_double(v, 1, 3600, &d))
            c->sched.max_dwell = d;
        else
            bad(x, line, section, key, v, "seconds from 1 to 3600");
    } else if (IS("schedule", "headline-dwell")) {
        if (get_double(v, 1, 3600, &d))
            c->sched.headline_dwell = d;
        else
            bad(x, line, section, key, v, "seconds from 1 to 3600");
    } else if (IS("schedule", "poster-dwell")) {
        if (get_double(v, 1, 3600, &d))
            c->sched.poster_dwell = d;
        else
            bad(x, line, section, key, v, "seconds from 1 to 3600");
    } else if (IS("schedule", "urgent-every")) {
        if (get_int(v, 1, 100, &n))
            c->sched.urgent_every = (int)n;
        else
            bad(x, line, section, key, v, "a count from 1 to 100");
    } else if (IS("transition", "type")) {
        if (!strcmp(v, "fade"))
            c->transition = BL_TRANS_FADE;
        else if (!strcmp(v, "slide"))
            c->transition = BL_TRANS_SLIDE;
        else if (!strcmp(v, "none"))
            c->transition = BL_TRANS_NONE;
        else
            bad(x, line, section, key, v, "fade, slide or none");
    } else if (IS("transition", "duration")) {
        if (get_double(v, 0, 10, &d))
            c->sched.transition = d;
        else
            bad(x, line, section, key, v, "seconds from 0 to 10");
    } else if (IS("ticker", "enabled")) {
        if (get_bool(v, &b))
            c->ticker = b;
        else
            bad(x, line, section, key, v, "yes or no");
    } else if (IS("ticker", "speed")) {
        if (get_int(v, 1, 20, &n))
            c->ticker_speed = (int)n;
        else
            bad(x, line, section, key, v, "pixels a frame from 1 to 20");
    } else if (IS("night", "start") || IS("night", "end")) {
        int m;
        if (get_hhmm(v, &m))
            *(key[0] == 's' ? &c->sched.night_start : &c->sched.night_end) = m;
        else
            bad(x, line, section, key, v, "a time HH:MM");
    } else if (IS("night", "mode")) {
        /* off: the blank night slide, and the screen itself switched off */
        if (!strcmp(v, "blank") || !strcmp(v, "off")) {
            c->sched.night_blank = true;
            c->sched.night_off = v[0] == 'o';
        } else if (!strcmp(v, "dim")) {
            c->sched.night_blank = c->sched.night_off = false;
        } else {
            bad(x, line, section, key, v, "dim, blank or off");
        }
    } else if (IS("content", "folder")) {
        if (!get_str(v, c->content, sizeof c->content))
            bad(x, line, section, key, v, "a path");
    } else if (IS("content", "max-article-size")) {
        if (get_int(v, 1024, 64L << 20, &n))
            c->max_article_bytes = n;
        else
            bad(x, line, section, key, v, "bytes from 1024 to 67108864");
    } else if (IS("content", "budget")) {
        if (get_int(v, 65536, 1L << 30, &n))
            c->content_budget = n;
        else
            bad(x, line, section, key, v, "bytes from 65536 to 1073741824");
    } else if (IS("content", "inbox")) {
        if (!get_str(v, c->inbox, sizeof c->inbox))
            bad(x, line, section, key, v, "a path");
    } else if (IS("content", "settle")) {
        if (get_double(v, 0, 60, &d))
            c->settle = d;
        else
            bad(x, line, section, key, v, "seconds from 0 to 60");
    } else if (IS("kiosk", "exit-key")) {
        if (!get_str(v, c->exit_key, sizeof c->exit_key))
            bad(x, line, section, key, v, "a key such as ctrl+alt+q");
    } else if (IS("kiosk", "idle-resume")) {
        if (get_double(v, 5, 3600, &d))
            c->sched.idle_resume = c->idle_resume = d;
        else
            bad(x, line, section, key, v, "seconds from 5 to 3600");
    } else if (IS("admin", "listen")) {
        if (!get_listen(v, c->admin_listen, sizeof c->admin_listen))
            bad(x, line, section, key, v, "ADDRESS:PORT (an IPv4 address, port 1 to 65535)");
    } else if (IS("admin", "password-file")) {
        if (!*v || !get_str(v, c->admin_password_file, sizeof c->admin_password_file))
            bad(x, line, section, key, v, "a path");
    } else if (IS("admin", "max-upload")) {
        if (get_int(v, 1L << 16, 256L << 20, &n))
            c->admin_max_upload = n;
        else
            bad(x, line, section, key, v, "bytes from 65536 to 268435456");
    } else if (IS("admin", "certificate")) {
        if (!get_str(v, c->admin_cert, sizeof c->admin_cert))
            bad(x, line, section, key, v, "a path");
    } else if (IS("admin", "key")) {
        if (!get_str(v, c->admin_key, sizeof c->admin_key))
            bad(x, line, section, key, v, "a path");
    } else if (IS("admin", "tls")) {
        if (!get_bool(v, &c->admin_tls))
            bad(x, line, section, key, v, "yes or no");
    } else if (!strcmp(section, "fleet")) {
        fleet_key(x, line, key, v);
    } else if (!strcmp(section, "feed")) {
        feed_key(x, line, key, v);
    } else {
        BL_LOGW(TAG, "%s:%d: unknown setting [%s] %s", x->path, line, section, key);
    }
    if (c->sched.min_dwell > c->sched.max_dwell) {
        BL_LOGW(TAG, "%s:%d: min-dwell %.0f is above max-dwell %.0f; using max-dwell for both", x->path, line,
                c->sched.min_dwell, c->sched.max_dwell);
        c->sched.min_dwell = c->sched.max_dwell;
    }
    return 1;
}

bl_status bl_config_parse(const char *name, const char *text, bl_config *c, bl_err *err)
{
    ctx x = {c, name};
    return bl_ini_parse(name, text, on_key, &x, err);
}

bl_status bl_config_load(const char *path, bl_config *c, bl_err *err)
{
    char *text;
    bl_status st = bl_read_file(path, 1 << 20, &text, NULL, err);
    if (st)
        return st;
    if (bl_utf8_count_invalid(text, strlen(text))) {
        free(text);
        return bl_err_set(err, BL_ERR_PARSE, "%s: not UTF-8 text", path);
    }
    st = bl_config_parse(path, text, c, err);
    free(text);
    return st;
}
