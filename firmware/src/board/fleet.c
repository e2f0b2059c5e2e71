/*
 * fleet.c - see fleet.h.  Owns the MQTT session (on a network thread of its own),
 * the queue from it to the frame loop, the status message and the
 * screenshot answer.
 */
#include "board/fleet.h"

#include "core/fs.h"
#include "board/alert.h"
#include "board/bundle.h"
#include "board/fetch.h"
#include "render/image.h"
#include "render/render.h"

#include <cjson/cJSON.h>
#include <mosquitto.h>

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#define TAG "fleet"
#define QUEUE 8

typedef enum { CMD_ALERT, CMD_CLEAR, CMD_RELOAD, CMD_SHOT } cmd_kind;

typedef struct cmd {
    cmd_kind kind;
    bl_alert alert;
} cmd;

struct bl_fleet {
    struct mosquitto *m;
    pthread_t net;             /* the network thread */
    bool loop;                 /* it runs */
    atomic_bool quit;
    char host[256];
    int port;
    char id[65], group[65];
    char dir[1024];            /* the content folder */
    char t_status[128], t_shot[128];
    unsigned char pk[BL_BUNDLE_PK_BYTES];
    bool has_key;
    double started, last_status, down_since;
    atomic_bool connected, status_due;
    bool outage_told;
    pthread_mutex_t mu;        /* guards the queue, last_error and made */
    cmd q[QUEUE];
    size_t qn;
    char last_error[512];
    int64_t made;              /* the last bundle taken (also in DIR/.fleet-bundle) */
    size_t articles;           /* the count the last status gave */
    /* screenshot: one at a time, encoded and sent off the frame loop */
    pthread_t shot;
    bool shot_running;
    atomic_bool shot_busy;
    SDL_Surface *shot_copy;
    char shot_path[1100];
};

bool bl_fleet_parse_broker(const char *url, char *host, size_t host_size, int *port, bool *tls)
{
    const char *p, *colon;
    size_t n;
    if (!strncmp(url, "mqtt://", 7)) {
        *tls = false;
        *port = 1883;
        p = url + 7;
    } else if (!strncmp(url, "mqtts://", 8)) {
        *tls = true;
        *port = 8883;
        p = url + 8;
    } else {
        return false;
    }
    colon = strrchr(p, ':');
    n = colon ? (size_t)(colon - p) : strlen(p);
    if (n == 0 || n >= host_size || strchr(p, '/'))
        return false;
    if (colon) {
        char *end;
        long v = strtol(colon + 1, &end, 10);
        if (end == colon + 1 || *end || v < 1 || v > 65535)
            return false;
        *port = (int)v;
    }
    memcpy(host, p, n);
    host[n] = '\0';
    return true;
}

/* Logs a warning and keeps it as the status's last_error. */
static void warn(bl_fleet *f, const char *fmt, ...) BL_PRINTF(2, 3);
static void warn(bl_fleet *f, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    BL_LOGW(TAG, "%s", line);
    pthread_mutex_lock(&f->mu);
    snprintf(f->last_error, sizeof f->last_error, "%s", line);
    pthread_mutex_unlock(&f->mu);
    atomic_store(&f->status_due, true);
}

static void push(bl_fleet *f, const cmd *c, const char *topic)
{
    pthread_mutex_lock(&f->mu);
    bool full = f->qn == QUEUE;
    if (!full)
        f->q[f->qn++] = *c;
    pthread_mutex_unlock(&f->mu);
    if (full)
        warn(f, "%s: dropped, %d commands already wait for the screen", topic, QUEUE);
}

static void on_alert(bl_fleet *f, const char *topic, const char *payload, int len)
{
    cJSON *j = cJSON_ParseWithLength(payload, (size_t)len);
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(j, "text");
    const cJSON *min = cJSON_GetObjectItemCaseSensitive(j, "minutes");
    const cJSON *sent = cJSON_GetObjectItemCaseSensitive(j, "sent");
    int64_t now = (int64_t)time(NULL);
    cmd c = {.kind = CMD_ALERT};
    char why[256];
    long minutes = cJSON_IsNumber(min) ? (long)min->valuedouble : 0;
    if (!cJSON_IsObject(j))
        warn(f, "%s: not shown: the payload is not JSON {\"text\": ..., \"minutes\": N}", topic);
    else if (min && (!cJSON_IsNumber(min) || min->valuedouble != (double)minutes))
        warn(f, "%s: not shown: minutes: a whole number", topic);
    else if (sent && !cJSON_IsNumber(sent))
        warn(f, "%s: not shown: sent: Unix seconds", topic);
    else if (!bl_alert_make(cJSON_IsString(text) ? text->valuestring : NULL, minutes, now, &c.alert, why, sizeof why))
        warn(f, "%s: not shown: %s", topic, why);
    else if (sent && minutes > 0 && (int64_t)sent->valuedouble + minutes * 60 <= now)
        warn(f, "%s: not shown: it expired before it arrived (sent %.0f)", topic, sent->valuedouble);
    else {
        /* a queued alert (the board was away) keeps the office's end time */
        if (sent && minutes > 0 && (int64_t)sent->valuedouble <= now)
            c.alert.until = (int64_t)sent->valuedouble + minutes * 60;
        BL_LOGI(TAG, "%s: alert for %ld minutes", topic, minutes);
        push(f, &c, topic);
    }
    cJSON_Delete(j);
}

static void save_made(bl_fleet *f, int64_t made)
{
    char s[32];
    bl_err err;
    snprintf(s, sizeof s, "%lld\n", (long long)made);
    if (bl_write_atomic(f->dir, ".fleet-bundle", s, strlen(s), 0644, NULL, &err))
        BL_LOGW(TAG, "%s", err.msg);
}

static void on_bundle(bl_fleet *f, const char *topic, const char *payload, int len)
{
    cJSON *j = cJSON_ParseWithLength(payload, (size_t)len);
    const cJSON *sig = cJSON_GetObjectItemCaseSensitive(j, "sig");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(j, "bundle");
    const cJSON *url = cJSON_GetObjectItemCaseSensitive(j, "url");
    bl_bundle *b = NULL;
    bl_err err;
    size_t changed = 0, flen = 0;
    int64_t made;
    char *fetched = NULL;
    /* announced by URL: fetched here, on the fleet's own thread, and
     * checked exactly as one carried in the message */
    if (f->has_key && cJSON_IsObject(j) && !cJSON_IsString(text) && cJSON_IsString(url) &&
        bl_fetch_url(url->valuestring, BL_BUNDLE_MAX_BYTES, &fetched, &flen, &err))
        warn(f, "%s: bundle not fetched: %s; the board keeps what it shows", topic, err.msg);
    const char *btext = cJSON_IsString(text) ? text->valuestring : fetched;
    size_t blen = cJSON_IsString(text) ? strlen(text->valuestring) : flen;
    if (!f->has_key)
        warn(f, "%s: bundle refused: no [fleet] key to check it with", topic);
    else if (!cJSON_IsObject(j) || (!cJSON_IsString(text) && !cJSON_IsString(url)))
        warn(f, "%s: bundle refused: not {\"sig\": ..., \"bundle\": ...} or {\"sig\": ..., \"url\": ...}", topic);
    else if (!btext)
        ; /* not fetched: said above */
    else if (bl_bundle_open(btext, blen, cJSON_IsString(sig) ? sig->valuestring : NULL, f->pk, f->group, f->id, &b,
                            &err))
        warn(f, "%s: bundle refused: %s; the board keeps what it shows", topic, err.msg);
    else {
        pthread_mutex_lock(&f->mu);
        made = f->made;
        pthread_mutex_unlock(&f->mu);
        if (bl_bundle_made(b) < made)
            warn(f, "%s: bundle refused: made at %lld, older than the one taken (%lld)", topic,
                 (long long)bl_bundle_made(b), (long long)made);
        else if (bl_bundle_apply(b, f->dir, &changed, &err))
            warn(f, "%s: bundle not written: %s", topic, err.msg);
        else {
            if (changed || bl_bundle_made(b) != made)
                BL_LOGI(TAG, "%s: bundle of %lld taken: %zu articles, %zu files changed", topic,
                        (long long)bl_bundle_made(b), bl_bundle_count(b), changed);
            pthread_mutex_lock(&f->mu);
            f->made = bl_bundle_made(b);
            pthread_mutex_unlock(&f->mu);
            if (bl_bundle_made(b) != made)
                save_made(f, bl_bundle_made(b));
            atomic_store(&f->status_due, true);
        }
    }
    bl_bundle_destroy(b);
    free(fetched);
    cJSON_Delete(j);
}

/* The network thread: a message for this board or its group. */
static void on_message(struct mosquitto *m, void *user, const struct mosquitto_message *msg)
{
    bl_fleet *f = user;
    const char *what = strrchr(msg->topic, '/') + 1; /* baolan/X/WHAT: the subscription's shape */
    cmd c = {0};
    (void)m;
    if (!strcmp(what, "status"))
        return; /* ours, or another board's of the same name */
    if (!strcmp(what, "bundle")) {
        if (msg->payloadlen > (int)BL_BUNDLE_MAX_BYTES * 2 + 1024)
            warn(f, "%s: bundle refused: %d bytes is too big", msg->topic, msg->payloadlen);
        else if (msg->payloadlen > 0) /* empty: a retained bundle deleted */
            on_bundle(f, msg->topic, msg->payload, msg->payloadlen);
        return;
    }
    if (msg->payloadlen > BL_FLEET_MAX_COMMAND) {
        warn(f, "%s: ignored: %d bytes is too big for a command", msg->topic, msg->payloadlen);
        return;
    }
    if (!strcmp(what, "alert")) {
        on_alert(f, msg->topic, msg->payload, msg->payloadlen);
        return;
    }
    if (!strcmp(what, "clear"))
        c.kind = CMD_CLEAR;
    else if (!strcmp(what, "reload"))
        c.kind = CMD_RELOAD;
    else if (!strcmp(what, "screenshot"))
        c.kind = CMD_SHOT;
    else {
        BL_LOGD(TAG, "%s: not a command, ignored", msg->topic);
        return;
    }
    BL_LOGI(TAG, "%s", msg->topic);
    push(f, &c, msg->topic);
}

static void on_connect(struct mosquitto *m, void *user, int rc)
{
    bl_fleet *f = user;
    char t[100];
    if (rc) {
        BL_LOGD(TAG, "the broker refused: %s", mosquitto_connack_string(rc));
        return;
    }
    snprintf(t, sizeof t, "baolan/%s/+", f->id);
    mosquitto_subscribe(m, NULL, t, 1);
    if (*f->group && strcmp(f->group, f->id)) {
        snprintf(t, sizeof t, "baolan/%s/+", f->group);
        mosquitto_subscribe(m, NULL, t, 1);
    }
    atomic_store(&f->connected, true);
    atomic_store(&f->status_due, true);
}

static void on_disconnect(struct mosquitto *m, void *user, int rc)
{
    bl_fleet *f = user;
    (void)m;
    (void)rc;
    atomic_store(&f->connected, false);
}

/* Sleeps up to seconds, waking early when the client stops. */
static void nap(bl_fleet *f, double seconds)
{
    struct timespec ts = {0, 100 * 1000 * 1000};
    for (double t = 0; t < seconds && !atomic_load(&f->quit); t += 0.1)
        nanosleep(&ts, NULL);
}

/* The network thread: connects (again) with back-off, 1 s doubling up to
 * a minute, and runs the session.  Our own loop rather than
 * mosquitto_loop_start's, which gives up for good when the first attempt
 * fails at once (a broker not up yet when the board starts). */
static void *net_thread(void *arg)
{
    bl_fleet *f = arg;
    double delay = 1.0;
    bool have = false; /* a socket, connected or on its way */
    while (!atomic_load(&f->quit)) {
        int rc;
        if (!have) {
            rc = mosquitto_connect_async(f->m, f->host, f->port, 60);
            if (rc) {
                BL_LOGD(TAG, "%s:%d: %s", f->host, f->port, rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
                nap(f, delay);
                delay = BL_MIN(delay * 2, 60.0);
                continue;
            }
            have = true;
        }
        rc = mosquitto_loop(f->m, 200, 1);
        if (rc) {
            have = false;
            atomic_store(&f->connected, false);
            if (atomic_load(&f->quit))
                break;
            BL_LOGD(TAG, "%s:%d: %s", f->host, f->port, rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
            nap(f, delay);
            delay = BL_MIN(delay * 2, 60.0);
        } else if (atomic_load(&f->connected)) {
            delay = 1.0;
        }
    }
    return NULL;
}

static bool topic_safe(const char *s)
{
    if (!*s || strlen(s) > 64)
        return false;
    for (; *s; s++)
        if (*s == '/' || *s == '+' || *s == '#' || (unsigned char)*s < 0x21)
            return false;
    return true;
}

static bl_status read_password(const char *path, char *buf, size_t size, bl_err *err)
{
    char *text = NULL;
    bl_status st = bl_read_file(path, 4096, &text, NULL, err);
    if (st)
        return st;
    text[strcspn(text, "\r\n")] = '\0';
    snprintf(buf, size, "%s", text);
    free(text);
    return BL_OK;
}

bl_status bl_fleet_start(const bl_config *cfg, const char *content_dir, bl_fleet **out, bl_err *err)
{
    char host[256], pass[256] = "";
    int port, rc;
    bool tls;
    bl_fleet *f;
    bl_status st = BL_OK;
    *out = NULL;
    if (!bl_fleet_parse_broker(cfg->fleet_broker, host, sizeof host, &port, &tls))
        return bl_err_set(err, BL_ERR_USAGE, "[fleet] broker '%s' is not mqtt://HOST:PORT or mqtts://HOST:PORT",
                          cfg->fleet_broker);
    if (!(f = calloc(1, sizeof *f)))
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    pthread_mutex_init(&f->mu, NULL);
    snprintf(f->dir, sizeof f->dir, "%s", content_dir);
    snprintf(f->group, sizeof f->group, "%s", cfg->fleet_group);
    if (*cfg->fleet_board)
        snprintf(f->id, sizeof f->id, "%s", cfg->fleet_board);
    else if (gethostname(f->id, sizeof f->id - 1))
        snprintf(f->id, sizeof f->id, "baolan");
    if (!topic_safe(f->id) || (*f->group && !topic_safe(f->group))) {
        bl_fleet_stop(f);
        return bl_err_set(err, BL_ERR_USAGE, "[fleet] board '%s' and group '%s' must be 1 to 64 bytes without "
                                             "'/', '+', '#' or spaces", f->id, f->group);
    }
    snprintf(f->t_status, sizeof f->t_status, "baolan/%s/status", f->id);
    snprintf(f->t_shot, sizeof f->t_shot, "baolan/%s/screenshot/png", f->id);
    f->has_key = *cfg->fleet_key && bl_bundle_key_decode(cfg->fleet_key, f->pk, sizeof f->pk);
    if (*cfg->fleet_key && !f->has_key)
        BL_LOGW(TAG, "[fleet] key is not a base64 Ed25519 public key (32 bytes): bundles are refused");
    {
        char *made = NULL, p[1100];
        snprintf(p, sizeof p, "%s/.fleet-bundle", content_dir);
        if (!bl_read_file(p, 64, &made, NULL, NULL))
            f->made = strtoll(made, NULL, 10);
        free(made);
    }
    if (*cfg->fleet_password_file && (st = read_password(cfg->fleet_password_file, pass, sizeof pass, err))) {
        bl_fleet_stop(f);
        return st;
    }
    mosquitto_lib_init();
    /* a lasting session under the board's id: QoS 1 commands sent while
     * the board was briefly away are delivered when it is back */
    if (!(f->m = mosquitto_new(f->id, false, f))) {
        bl_fleet_stop(f);
        return bl_err_set(err, BL_ERR_NOMEM, "cannot make an MQTT client: %s", strerror(errno));
    }
    mosquitto_connect_callback_set(f->m, on_connect);
    mosquitto_disconnect_callback_set(f->m, on_disconnect);
    mosquitto_message_callback_set(f->m, on_message);
    rc = mosquitto_will_set(f->m, f->t_status, 7, "offline", 1, true);
    if (!rc && *cfg->fleet_username)
        rc = mosquitto_username_pw_set(f->m, cfg->fleet_username, *pass ? pass : NULL);
    if (!rc && tls)
        rc = mosquitto_tls_set(f->m, *cfg->fleet_ca ? cfg->fleet_ca : NULL, *cfg->fleet_ca ? NULL : "/etc/ssl/certs",
                               NULL, NULL, NULL);
    memset(pass, 0, sizeof pass);
    if (rc) {
        bl_err_set(err, BL_ERR_USAGE, "[fleet]: %s", mosquitto_strerror(rc));
        bl_fleet_stop(f);
        return err->status;
    }
    f->started = f->down_since = bl_now_seconds();
    snprintf(f->host, sizeof f->host, "%s", host);
    f->port = port;
    mosquitto_threaded_set(f->m, true);
    if ((rc = pthread_create(&f->net, NULL, net_thread, f))) {
        bl_err_set(err, BL_ERR_IO, "[fleet]: cannot start the network thread: %s", strerror(rc));
        bl_fleet_stop(f);
        return err->status;
    }
    f->loop = true;
    BL_LOGI(TAG, "board %s%s%s, broker %s", f->id, *f->group ? " in group " : "", f->group, cfg->fleet_broker);
    *out = f;
    return BL_OK;
}

static void *shot_thread(void *arg)
{
    bl_fleet *f = arg;
    bl_err err;
    char *png = NULL;
    size_t len = 0;
    if (bl_png_write(f->shot_path, f->shot_copy, &err))
        warn(f, "screenshot: %s", err.msg);
    else if (bl_read_file(f->shot_path, BL_FLEET_MAX_SHOT, &png, &len, &err))
        warn(f, "screenshot: %s", err.msg);
    else if (mosquitto_publish(f->m, NULL, f->t_shot, (int)len, png, 1, false))
        warn(f, "screenshot: not sent (the broker is away)");
    else
        BL_LOGI(TAG, "screenshot sent to %s (%zu bytes)", f->t_shot, len);
    unlink(f->shot_path);
    free(png);
    atomic_store(&f->shot_busy, false);
    return NULL;
}

static void start_shot(bl_fleet *f, SDL_Surface *frame)
{
    const char *rt = getenv("XDG_RUNTIME_DIR");
    if (!frame || atomic_load(&f->shot_busy))
        return; /* one at a time: a second request while one is sent is answered by it */
    if (f->shot_running)
        pthread_join(f->shot, NULL);
    f->shot_running = false;
    if (!f->shot_copy || f->shot_copy->w != frame->w || f->shot_copy->h != frame->h) {
        SDL_FreeSurface(f->shot_copy);
        if (!(f->shot_copy = bl_surface_create(frame->w, frame->h)))
            return;
    }
    SDL_BlitSurface(frame, NULL, f->shot_copy, NULL);
    snprintf(f->shot_path, sizeof f->shot_path, "%s/baolan-fleet-shot-%ld.png", rt && *rt ? rt : "/tmp",
             (long)getpid());
    atomic_store(&f->shot_busy, true);
    if (pthread_create(&f->shot, NULL, shot_thread, f)) {
        atomic_store(&f->shot_busy, false);
        warn(f, "screenshot: cannot start a thread");
        return;
    }
    f->shot_running = true;
}

static void publish_status(bl_fleet *f, bl_board *b, const bl_sched_state *st)
{
    char desc[2048];
    struct statvfs vfs;
    cJSON *o = cJSON_CreateObject(), *slide;
    const bl_alert *a = bl_board_alert(b);
    char *s;
    cJSON_AddStringToObject(o, "board", f->id);
    cJSON_AddStringToObject(o, "group", f->group);
    cJSON_AddStringToObject(o, "version", BL_VERSION);
    cJSON_AddNumberToObject(o, "uptime", (double)(long)(bl_now_seconds() - f->started));
    bl_board_describe(b, st, desc, sizeof desc);
    slide = cJSON_Parse(desc);
    cJSON_AddItemToObject(o, "slide", slide ? slide : cJSON_CreateNull());
    cJSON_AddNumberToObject(o, "articles", (double)bl_board_article_count(b));
    if (a->active) {
        cJSON *ao = cJSON_AddObjectToObject(o, "alert");
        cJSON_AddStringToObject(ao, "text", a->text);
        cJSON_AddNumberToObject(ao, "until", (double)a->until);
    } else {
        cJSON_AddNullToObject(o, "alert");
    }
    pthread_mutex_lock(&f->mu);
    if (*f->last_error)
        cJSON_AddStringToObject(o, "last_error", f->last_error);
    else
        cJSON_AddNullToObject(o, "last_error");
    cJSON_AddNumberToObject(o, "bundle", (double)f->made);
    pthread_mutex_unlock(&f->mu);
    if (statvfs(f->dir, &vfs) == 0)
        cJSON_AddNumberToObject(o, "free_disk", (double)vfs.f_bavail * (double)vfs.f_frsize);
    else
        cJSON_AddNullToObject(o, "free_disk");
    cJSON_AddNumberToObject(o, "time", (double)time(NULL));
    if ((s = cJSON_PrintUnformatted(o))) {
        /* queued for the network thread: never waits here */
        mosquitto_publish(f->m, NULL, f->t_status, (int)strlen(s), s, 1, true);
        free(s);
    }
    cJSON_Delete(o);
}

int bl_fleet_poll(bl_fleet *f, bl_board *b, const bl_sched_state *st, SDL_Surface *frame)
{
    cmd q[QUEUE];
    size_t n;
    int ask = 0;
    double now = bl_now_seconds();
    pthread_mutex_lock(&f->mu);
    n = f->qn;
    memcpy(q, f->q, n * sizeof *q);
    f->qn = 0;
    pthread_mutex_unlock(&f->mu);
    for (size_t i = 0; i < n; i++) {
        if (q[i].kind == CMD_ALERT) {
            bl_board_set_alert(b, &q[i].alert);
        } else if (q[i].kind == CMD_CLEAR) {
            bl_alert off = {0};
            if (bl_board_alert(b)->active)
                bl_board_set_alert(b, &off);
        } else if (q[i].kind == CMD_RELOAD) {
            ask |= BL_FLEET_RELOAD;
        } else {
            start_shot(f, frame);
        }
        atomic_store(&f->status_due, true);
    }
    if (atomic_load(&f->connected)) {
        if (f->outage_told)
            BL_LOGI(TAG, "the broker is back after %.0f s", now - f->down_since);
        else if (f->down_since > 0)
            BL_LOGI(TAG, "connected to the broker");
        f->outage_told = false;
        f->down_since = 0;
        bool due = atomic_exchange(&f->status_due, false) || bl_board_article_count(b) != f->articles;
        if (due || now - f->last_status >= BL_FLEET_STATUS_EVERY) {
            f->last_status = now;
            f->articles = bl_board_article_count(b);
            publish_status(f, b, st);
        }
    } else {
        /* an outage is told once, a few seconds in, not at every retry */
        if (f->down_since == 0)
            f->down_since = now;
        if (!f->outage_told && now - f->down_since >= 5.0) {
            warn(f, "cannot reach the broker; trying again, less and less often (up to a minute apart)");
            f->outage_told = true;
        }
    }
    return ask;
}

void bl_fleet_stop(bl_fleet *f)
{
    if (!f)
        return;
    if (f->shot_running)
        pthread_join(f->shot, NULL);
    if (f->m) {
        if (f->loop) {
            if (atomic_load(&f->connected)) {
                /* a clean goodbye, as the will would say, sent before the
                 * disconnect (the network thread writes both) */
                mosquitto_publish(f->m, NULL, f->t_status, 7, "offline", 1, true);
                mosquitto_disconnect(f->m);
                for (int i = 0; i < 20 && atomic_load(&f->connected); i++)
                    nap(f, 0.1);
            }
            atomic_store(&f->quit, true);
            pthread_join(f->net, NULL);
        }
        mosquitto_destroy(f->m);
        mosquitto_lib_cleanup();
    }
    SDL_FreeSurface(f->shot_copy);
    pthread_mutex_destroy(&f->mu);
    free(f);
}
