/*
 * fleet_cmd.c - `baolan fleet`: the district office's side of the fleet
 * (board/fleet.h): list the boards from their retained status, send an
 * alert, a clear, a reload or a screenshot request, make a key pair, make,
 * sign and send a content bundle (board/bundle.h).  Each is one short
 * MQTT session with libmosquitto, waiting for the broker's
 * acknowledgement.  Depends on config, bundle, fleet (and libmosquitto,
 * cJSON).
 */
#include "app/app.h"

#include "board/alert.h"
#include "board/bundle.h"
#include "board/config.h"
#include "board/fleet.h"
#include "core/buf.h"
#include "core/fs.h"

#include <cjson/cJSON.h>
#include <mosquitto.h>

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define usage bl__usage_error

typedef struct opts {
    const char *broker, *config, *group, *board, *key, *out, *sig, *username, *password_file, *ca;
    long minutes;
    const char *url; /* send-bundle: announce the bundle at this URL instead of carrying it */
    double wait;
    bool json;
    char **args; /* the rest, in order */
    int nargs;
} opts;

static int parse(int argc, char **argv, int i, opts *o)
{
    static char *none[1];
    memset(o, 0, sizeof *o);
    o->wait = 2.0;
    o->args = none;
    for (; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char **dst = NULL;
        if (a[0] != '-') {
            o->args = argv + i;
            o->nargs = argc - i;
            break;
        }
        if (!strcmp(a, "--json")) {
            o->json = true;
            continue;
        }
        if (!v)
            return usage("fleet: %s: unknown option or missing value", a);
        if (!strcmp(a, "--broker"))
            dst = &o->broker;
        else if (!strcmp(a, "--config"))
            dst = &o->config;
        else if (!strcmp(a, "--group"))
            dst = &o->group;
        else if (!strcmp(a, "--board"))
            dst = &o->board;
        else if (!strcmp(a, "--key"))
            dst = &o->key;
        else if (!strcmp(a, "--out"))
            dst = &o->out;
        else if (!strcmp(a, "--sig"))
            dst = &o->sig;
        else if (!strcmp(a, "--url"))
            dst = &o->url;
        else if (!strcmp(a, "--username"))
            dst = &o->username;
        else if (!strcmp(a, "--password-file"))
            dst = &o->password_file;
        else if (!strcmp(a, "--ca"))
            dst = &o->ca;
        else if (!strcmp(a, "--minutes") || !strcmp(a, "--wait")) {
            char *end;
            double d = strtod(v, &end);
            if (end == v || *end || d < 0 || d > BL_ALERT_MAX_MINUTES)
                return usage("fleet: %s '%s' is not a number", a, v);
            if (a[2] == 'm') {
                if (d != (long)d)
                    return usage("fleet: --minutes '%s' is not whole", v);
                o->minutes = (long)d;
            } else {
                o->wait = d;
            }
            i++;
            continue;
        } else
            return usage("fleet: unknown option %s", a);
        *dst = v;
        i++;
    }
    return 0;
}

/* One MQTT session for a command. */
typedef struct session {
    struct mosquitto *m;
    int acked, sent;
    const char *topic_prefix;
    cJSON *boards;  /* status: board id -> its status (or "offline") */
    char *shot_out; /* screenshot: where the PNG goes */
    bool shot_done;
} session;

static void on_publish(struct mosquitto *m, void *user, int mid)
{
    session *s = user;
    (void)m;
    (void)mid;
    s->acked++;
}

static void on_message(struct mosquitto *m, void *user, const struct mosquitto_message *msg)
{
    session *s = user;
    (void)m;
    if (bl_has_suffix(msg->topic, "/screenshot/png", false) && s->shot_out) {
        bl_err err;
        char *dir = bl_strdup(s->shot_out), *base = bl_strdup(s->shot_out);
        if (dir && base && !bl_write_atomic(dirname(dir), basename(base), msg->payload, (size_t)msg->payloadlen, 0644, NULL, &err))
            s->shot_done = true;
        else
            fprintf(stderr, "baolan: fleet: %s\n", dir && base ? err.msg : "out of memory");
        free(dir);
        free(base);
        return;
    }
    if (s->boards && bl_has_suffix(msg->topic, "/status", false)) {
        char id[128];
        const char *p = msg->topic + strlen("baolan/");
        size_t n = strlen(p) - strlen("/status");
        cJSON *st;
        snprintf(id, sizeof id, "%.*s", (int)BL_MIN(n, sizeof id - 1), p);
        cJSON_DeleteItemFromObjectCaseSensitive(s->boards, id);
        if (msg->payloadlen == 0)
            return; /* a status deleted: no board by that name any more */
        st = cJSON_ParseWithLength(msg->payload, (size_t)msg->payloadlen);
        if (!cJSON_IsObject(st)) {
            cJSON_Delete(st);
            st = cJSON_CreateString("offline");
        }
        cJSON_AddItemToObject(s->boards, id, st);
    }
}

static char *broker_of(const opts *o, bl_config *cfg)
{
    bl_err err;
    bl_config_defaults(cfg);
    if (o->config && bl_config_load(o->config, cfg, &err)) {
        fprintf(stderr, "baolan: fleet: %s\n", err.msg);
        return NULL;
    }
    if (o->broker)
        snprintf(cfg->fleet_broker, sizeof cfg->fleet_broker, "%s", o->broker);
    if (o->username)
        snprintf(cfg->fleet_username, sizeof cfg->fleet_username, "%s", o->username);
    if (o->password_file)
        snprintf(cfg->fleet_password_file, sizeof cfg->fleet_password_file, "%s", o->password_file);
    if (o->ca)
        snprintf(cfg->fleet_ca, sizeof cfg->fleet_ca, "%s", o->ca);
    return *cfg->fleet_broker ? cfg->fleet_broker : NULL;
}

/* Connects, waiting for the broker; 0 or the exit status. */
static int connect_to(const opts *o, session *s)
{
    bl_config cfg;
    char host[256], pass[256] = "", id[64];
    int port, rc;
    bool tls;
    const char *url = broker_of(o, &cfg);
    if (!url)
        return usage("fleet: --broker mqtt://HOST:PORT (or --config with [fleet] broker) is needed");
    if (!bl_fleet_parse_broker(url, host, sizeof host, &port, &tls))
        return usage("fleet: '%s' is not mqtt://HOST:PORT or mqtts://HOST:PORT", url);
    if (*cfg.fleet_password_file) {
        char *t = NULL;
        bl_err err;
        if (bl_read_file(cfg.fleet_password_file, 4096, &t, NULL, &err)) {
            fprintf(stderr, "baolan: fleet: %s\n", err.msg);
            return 1;
        }
        t[strcspn(t, "\r\n")] = '\0';
        snprintf(pass, sizeof pass, "%s", t);
        free(t);
    }
    mosquitto_lib_init();
    snprintf(id, sizeof id, "baolan-office-%ld", (long)getpid());
    if (!(s->m = mosquitto_new(id, true, s)))
        return fprintf(stderr, "baolan: fleet: cannot make an MQTT client\n"), 1;
    mosquitto_publish_callback_set(s->m, on_publish);
    mosquitto_message_callback_set(s->m, on_message);
    rc = *cfg.fleet_username ? mosquitto_username_pw_set(s->m, cfg.fleet_username, *pass ? pass : NULL) : 0;
    if (!rc && tls)
        rc = mosquitto_tls_set(s->m, *cfg.fleet_ca ? cfg.fleet_ca : NULL, *cfg.fleet_ca ? NULL : "/etc/ssl/certs",
                               NULL, NULL, NULL);
    if (!rc)
        rc = mosquitto_connect(s->m, host, port, 30);
    if (rc) {
        fprintf(stderr, "baolan: fleet: %s: %s\n", url, rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
        return 1;
    }
    return 0;
}

static void disconnect(session *s)
{
    if (s->m) {
        mosquitto_disconnect(s->m);
        mosquitto_destroy(s->m);
        mosquitto_lib_cleanup();
    }
    cJSON_Delete(s->boards);
    free(s->shot_out);
}

/* Runs the network until done() or timeout seconds. */
static bool run_until(session *s, double timeout, bool (*done)(const session *))
{
    double end = bl_now_seconds() + timeout;
    while (!(done && done(s)) && bl_now_seconds() < end)
        if (mosquitto_loop(s->m, 50, 1) != MOSQ_ERR_SUCCESS)
            return false;
    return done ? done(s) : true;
}

static bool all_acked(const session *s) { return s->acked >= s->sent; }
static bool shot_done(const session *s) { return s->shot_done; }

/* Publishes payload (QoS 1) and waits for the broker to take it. */
static int publish(session *s, const char *topic, const char *payload, size_t len, bool retain)
{
    int rc = mosquitto_publish(s->m, NULL, topic, (int)len, payload, 1, retain);
    if (rc) {
        fprintf(stderr, "baolan: fleet: %s: %s\n", topic, mosquitto_strerror(rc));
        return 1;
    }
    s->sent++;
    if (!run_until(s, 10.0, all_acked)) {
        fprintf(stderr, "baolan: fleet: %s: the broker did not take it\n", topic);
        return 1;
    }
    return 0;
}

/* The topic level for --group or --board. */
static const char *target(const opts *o)
{
    if (!!o->group == !!o->board) {
        usage("fleet: give --group NAME or --board ID");
        return NULL;
    }
    return o->group ? o->group : o->board;
}

static int cmd_status(const opts *o)
{
    session s = {0};
    cJSON *b;
    int rc = connect_to(o, &s), alive = 0, total = 0;
    if (rc) {
        disconnect(&s);
        return rc;
    }
    s.boards = cJSON_CreateObject();
    mosquitto_subscribe(s.m, NULL, "baolan/+/status", 1);
    /* retained statuses arrive at once; wait a little for them all */
    run_until(&s, o->wait, NULL);
    if (!o->json)
        printf("%-20s %-12s %-8s %9s %8s %12s  %s\n", "BOARD", "GROUP", "STATE", "UPTIME", "ARTICLES", "FREE DISK",
               "LAST ERROR");
    cJSON_ArrayForEach(b, s.boards)
    {
        bool on = cJSON_IsObject(b);
        total++;
        alive += on;
        if (o->json) {
            cJSON *line = cJSON_CreateObject();
            char *t;
            cJSON_AddStringToObject(line, "board", b->string);
            cJSON_AddBoolToObject(line, "alive", on);
            if (on)
                cJSON_AddItemToObject(line, "status", cJSON_Duplicate(b, true));
            t = cJSON_PrintUnformatted(line);
            printf("%s\n", t ? t : "{}");
            free(t);
            cJSON_Delete(line);
            continue;
        }
        if (!on) {
            printf("%-20s %-12s %-8s\n", b->string, "", "offline");
            continue;
        }
        const cJSON *g = cJSON_GetObjectItemCaseSensitive(b, "group"), *u = cJSON_GetObjectItemCaseSensitive(b, "uptime");
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(b, "articles"), *d = cJSON_GetObjectItemCaseSensitive(b, "free_disk");
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(b, "last_error");
        printf("%-20s %-12s %-8s %8.0fs %8.0f %11.0fM  %s\n", b->string, cJSON_IsString(g) ? g->valuestring : "",
               "alive", cJSON_IsNumber(u) ? u->valuedouble : 0, cJSON_IsNumber(n) ? n->valuedouble : 0,
               cJSON_IsNumber(d) ? d->valuedouble / 1048576 : 0, cJSON_IsString(e) ? e->valuestring : "");
    }
    if (!o->json)
        printf("%d boards, %d alive\n", total, alive);
    disconnect(&s);
    return 0;
}

static int cmd_alert(const opts *o)
{
    session s = {0};
    const char *to = target(o);
    char topic[160], *p;
    cJSON *j;
    int rc;
    if (!to)
        return 2;
    if (o->nargs != 1)
        return usage("fleet alert: one TEXT");
    j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "text", o->args[0]);
    cJSON_AddNumberToObject(j, "minutes", (double)o->minutes);
    cJSON_AddNumberToObject(j, "sent", (double)time(NULL));
    p = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    snprintf(topic, sizeof topic, "baolan/%s/alert", to);
    if (!(rc = connect_to(o, &s)))
        rc = publish(&s, topic, p, strlen(p), false);
    if (!rc)
        printf("alert sent to %s\n", topic);
    free(p);
    disconnect(&s);
    return rc;
}

/* clear, reload: a command with no payload. */
static int cmd_simple(const opts *o, const char *what)
{
    session s = {0};
    const char *to = target(o);
    char topic[160];
    int rc;
    if (!to)
        return 2;
    snprintf(topic, sizeof topic, "baolan/%s/%s", to, what);
    if (!(rc = connect_to(o, &s)))
        rc = publish(&s, topic, "", 0, false);
    if (!rc)
        printf("%s sent to %s\n", what, topic);
    disconnect(&s);
    return rc;
}

static int cmd_screenshot(const opts *o)
{
    session s = {0};
    char topic[160];
    int rc;
    if (!o->board || !o->out || !bl_has_suffix(o->out, ".png", true))
        return usage("fleet screenshot: --board ID --out FILE.png");
    if ((rc = connect_to(o, &s))) {
        disconnect(&s);
        return rc;
    }
    s.shot_out = bl_strdup(o->out);
    snprintf(topic, sizeof topic, "baolan/%s/screenshot/png", o->board);
    mosquitto_subscribe(s.m, NULL, topic, 1);
    snprintf(topic, sizeof topic, "baolan/%s/screenshot", o->board);
    rc = publish(&s, topic, "", 0, false);
    if (!rc && !run_until(&s, BL_MAX(o->wait, 10.0), shot_done)) {
        fprintf(stderr, "baolan: fleet: %s did not answer (offline?)\n", o->board);
        rc = 1;
    }
    if (!rc)
        printf("%s\n", o->out);
    disconnect(&s);
    return rc;
}

static int cmd_keygen(const opts *o)
{
    char pk[64], sk[128], path[1100];
    bl_err err;
    const char *stem = o->out ? o->out : "district";
    char *dcopy = bl_strdup(stem), *bcopy = bl_strdup(stem);
    const char *dir = dirname(dcopy), *base = basename(bcopy);
    int rc = 0;
    bl_bundle_keygen(pk, sizeof pk, sk, sizeof sk);
    strcat(pk, "\n");
    strcat(sk, "\n");
    snprintf(path, sizeof path, "%s.key", base);
    if (bl_write_atomic(dir, path, sk, strlen(sk), 0600, NULL, &err)) {
        fprintf(stderr, "baolan: fleet: %s\n", err.msg);
        rc = 1;
    }
    snprintf(path, sizeof path, "%s.pub", base);
    if (!rc && bl_write_atomic(dir, path, pk, strlen(pk), 0644, NULL, &err)) {
        fprintf(stderr, "baolan: fleet: %s\n", err.msg);
        rc = 1;
    }
    memset(sk, 0, sizeof sk);
    if (!rc)
        printf("%s.key: the secret key (keep it in the office)\n%s.pub: the public key; every board's "
               "configuration: [fleet] key = %s",
               stem, stem, pk);
    free(dcopy);
    free(bcopy);
    return rc;
}

static int cmd_bundle(const opts *o)
{
    char *text = NULL, *dir, *base;
    bl_err err;
    int rc = 0;
    if (!o->group || !o->out || o->nargs < 1)
        return usage("fleet bundle: --group NAME --out BUNDLE.json ARTICLE.txt...");
    if (bl_bundle_make(o->group, (int64_t)time(NULL), o->args, (size_t)o->nargs, &text, &err)) {
        fprintf(stderr, "baolan: fleet: %s\n", err.msg);
        return 1;
    }
    dir = bl_strdup(o->out);
    base = bl_strdup(o->out);
    if (bl_write_atomic(dirname(dir), basename(base), text, strlen(text), 0644, NULL, &err)) {
        fprintf(stderr, "baolan: fleet: %s\n", err.msg);
        rc = 1;
    } else {
        printf("%s: %d articles for group %s\n", o->out, o->nargs, o->group);
    }
    free(dir);
    free(base);
    free(text);
    return rc;
}

/* Reads the secret key file named by --key. */
static bool read_secret(const opts *o, unsigned char sk[BL_BUNDLE_SK_BYTES])
{
    char *t = NULL;
    bl_err err;
    bool ok;
    if (!o->key) {
        usage("fleet: --key SECRET.key is needed (baolan fleet keygen makes one)");
        return false;
    }
    if (bl_read_file(o->key, 4096, &t, NULL, &err)) {
        fprintf(stderr, "baolan: fleet: %s\n", err.msg);
        return false;
    }
    ok = bl_bundle_key_decode(t, sk, BL_BUNDLE_SK_BYTES);
    free(t);
    if (!ok)
        fprintf(stderr, "baolan: fleet: %s: not a secret key (64 bytes of base64)\n", o->key);
    return ok;
}

static int cmd_sign(const opts *o)
{
    unsigned char sk[BL_BUNDLE_SK_BYTES];
    char sig[BL_BUNDLE_SIG_B64 + 1], *text = NULL, *dir, *base, name[1100];
    size_t len;
    bl_err err;
    int rc = 0;
    if (o->nargs != 1)
        return usage("fleet sign: --key SECRET.key BUNDLE.json");
    if (!read_secret(o, sk))
        return 1;
    if (bl_read_file(o->args[0], BL_BUNDLE_MAX_BYTES, &text, &len, &err)) {
        fprintf(stderr, "baolan: fleet: %s\n", err.msg);
        return 1;
    }
    bl_bundle_sign(text, len, sk, sig);
    memset(sk, 0, sizeof sk);
    strcat(sig, "\n");
    dir = bl_strdup(o->args[0]);
    base = bl_strdup(o->args[0]);
    snprintf(name, sizeof name, "%s.sig", basename(base));
    if (bl_write_atomic(dirname(dir), name, sig, strlen(sig), 0644, NULL, &err)) {
        fprintf(stderr, "baolan: fleet: %s\n", err.msg);
        rc = 1;
    } else {
        printf("%s.sig\n", o->args[0]);
    }
    free(dir);
    free(base);
    free(text);
    return rc;
}

static int cmd_send_bundle(const opts *o)
{
    session s = {0};
    char *text = NULL, *sig = NULL, *p = NULL, sigpath[1100], topic[160];
    size_t len;
    bl_err err;
    cJSON *j = NULL;
    const cJSON *grp;
    int rc = 1;
    if (o->nargs != 1)
        return usage("fleet send-bundle: --broker URL [--url WHERE-IT-IS-SERVED] BUNDLE.json (signed: BUNDLE.json.sig beside "
                     "it, or --sig FILE)");
    snprintf(sigpath, sizeof sigpath, "%s.sig", o->args[0]);
    if (bl_read_file(o->args[0], BL_BUNDLE_MAX_BYTES, &text, &len, &err) ||
        bl_read_file(o->sig ? o->sig : sigpath, 4096, &sig, NULL, &err)) {
        fprintf(stderr, "baolan: fleet: %s%s\n", err.msg, text ? " (baolan fleet sign makes it)" : "");
        goto out;
    }
    sig[strcspn(sig, "\r\n")] = '\0';
    j = cJSON_ParseWithLength(text, len);
    grp = cJSON_GetObjectItemCaseSensitive(j, "group");
    if (!cJSON_IsString(grp)) {
        fprintf(stderr, "baolan: fleet: %s: not a bundle (no group)\n", o->args[0]);
        goto out;
    }
    snprintf(topic, sizeof topic, "baolan/%s/bundle", o->group ? o->group : grp->valuestring);
    cJSON_Delete(j);
    j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "sig", sig);
    if (o->url) /* the bundle stays on the office's web server; the boards fetch it */
        cJSON_AddStringToObject(j, "url", o->url);
    else
        cJSON_AddStringToObject(j, "bundle", text);
    p = cJSON_PrintUnformatted(j);
    /* retained: a board that starts or comes back later takes it too */
    if (!(rc = connect_to(o, &s)))
        rc = publish(&s, topic, p, strlen(p), true);
    if (!rc)
        printf("bundle sent to %s (retained)\n", topic);
out:
    cJSON_Delete(j);
    free(p);
    free(text);
    free(sig);
    disconnect(&s);
    return rc;
}

int bl__cmd_fleet(int argc, char **argv, int first)
{
    opts o;
    const char *what = first < argc ? argv[first] : "";
    int rc;
    if ((rc = parse(argc, argv, first + 1, &o)))
        return rc;
    if (!strcmp(what, "status"))
        return cmd_status(&o);
    if (!strcmp(what, "alert"))
        return cmd_alert(&o);
    if (!strcmp(what, "clear") || !strcmp(what, "reload"))
        return cmd_simple(&o, what);
    if (!strcmp(what, "screenshot"))
        return cmd_screenshot(&o);
    if (!strcmp(what, "keygen"))
        return cmd_keygen(&o);
    if (!strcmp(what, "bundle"))
        return cmd_bundle(&o);
    if (!strcmp(what, "sign"))
        return cmd_sign(&o);
    if (!strcmp(what, "send-bundle"))
        return cmd_send_bundle(&o);
    return usage("fleet: status, alert, clear, reload, screenshot, keygen, bundle, sign or send-bundle");
}
