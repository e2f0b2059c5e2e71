/*
 * api.c - the routes of the JSON API (api.h).
 *
 * Articles cross the API as JSON objects whose members are the article
 * format's own keys ("title", "show-from", ...) plus "body" (paragraphs
 * separated by blank lines) and, going out, "id" and "state".  Nothing
 * here knows the list of keys: a request is turned into article-file text
 * and read back by content's own parser, warnings and all (a warning is a
 * 400 naming the problem, so what the board would warn about never
 * reaches the folder), then written in content's canonical form; going
 * out, the canonical text is split back into members.  So a key added to
 * the format is in the API at once.
 */
#include "admin/api.h"

#include "core/buf.h"
#include "core/fs.h"
#include "core/utf8.h"
#include "content/content.h"
#include "content/poster.h"
#include "admin/preview.h"
#include "board/control.h"

#include <cjson/cJSON.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TAG "admin"

#define COOKIE "bl_session"
#define MAX_ID 160            /* bytes of an article id */
#define AUDIT_MAX (1L << 20)  /* the audit log is rotated past this (one old copy kept) */
#define MAX_WARN 8

/* ---- responses ----------------------------------------------------------- */

void bl__reply_json(bl__resp *r, int status, cJSON *j)
{
    r->status = status;
    r->type = "application/json; charset=utf-8";
    r->body = j ? cJSON_PrintUnformatted(j) : NULL;
    r->len = r->body ? strlen(r->body) : 0;
    cJSON_Delete(j);
    if (j && !r->body) {
        r->status = 500;
        r->type = "text/plain; charset=utf-8";
    }
}

void bl__reply_error(bl__resp *r, int status, const char *msg)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "error", msg);
    bl__reply_json(r, status, j);
}

/* ---- articles: ids, files ----------------------------------------------- */

/* An id names a file ID.txt directly in the content folder: UTF-8 with no
 * slash, backslash or control character, not starting with a dot (so
 * neither "." nor ".." nor a hidden or temporary file), at most MAX_ID
 * bytes.  Nothing else ever becomes a path. */
static bool id_ok(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > MAX_ID || id[0] == '.' || bl_utf8_count_invalid(id, n))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)id[i];
        if (c < 0x20 || c == 0x7F || c == '/' || c == '\\')
            return false;
    }
    return true;
}

static char *article_path(const bl__api *api, const char *id)
{
    bl_buf b = {0};
    bl_buf_printf(&b, "%s/%s.txt", api->content, id);
    return bl_buf_take(&b);
}

/* Warnings the content parser gives while it reads one request. */
typedef struct warnings {
    int n;
    char lines[MAX_WARN][300];
} warnings;

static void catch_warning(void *user, bl_log_level lvl, const char *tag, const char *line)
{
    warnings *w = user;
    (void)tag;
    if (lvl >= BL_LOG_WARN && w->n < MAX_WARN)
        snprintf(w->lines[w->n++], sizeof w->lines[0], "%s", line);
}

/* Parses article text, collecting the warnings instead of logging them
 * (the admin server runs its requests on one thread). */
static bl_status parse_caught(const char *name, const char *text, size_t len, bl_article **a, warnings *w,
                              bl_err *err)
{
    memset(w, 0, sizeof *w);
    bl_log_set_sink(catch_warning, w);
    bl_status st = bl_article_parse(name, text, len, a, err);
    bl_log_set_sink(NULL, NULL);
    return st;
}

static const char *state_of(const bl_article *a, int64_t now)
{
    if (a->show_until && now >= a->show_until)
        return "expired";
    if (a->show_from && now < a->show_from)
        return "scheduled";
    if (a->weekly.days || a->weekly.nranges) {
        time_t t = (time_t)now;
        struct tm tm;
        localtime_r(&t, &tm);
        if (!bl_weekly_allows(&a->weekly, (tm.tm_wday + 6) % 7, tm.tm_hour * 60 + tm.tm_min))
            return "offhours";
    }
    return "showing";
}

/* The article as a JSON object: id, state, the header keys as written in
 * canonical form, body. */
static cJSON *article_json(const char *id, const bl_article *a, int64_t now)
{
    bl_buf text = {0};
    bl_err err = {0};
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "id", id);
    cJSON_AddStringToObject(j, "state", state_of(a, now));
    if (bl_article_write(a, &text, &err) != BL_OK || !text.p) {
        bl_buf_free(&text);
        cJSON_AddStringToObject(j, "error", err.msg);
        return j;
    }
    char *p = text.p;
    for (;;) {
        char *nl = strchr(p, '\n');
        if (!nl || nl == p) { /* the blank line: the body follows */
            p = nl ? nl + 1 : p + strlen(p);
            break;
        }
        *nl = '\0';
        char *colon = strstr(p, ": ");
        if (colon) {
            *colon = '\0';
            cJSON_AddStringToObject(j, p, colon + 2);
        }
        p = nl + 1;
    }
    size_t bl = strlen(p);
    while (bl && p[bl - 1] == '\n')
        p[--bl] = '\0';
    cJSON_AddStringToObject(j, "body", p);
    bl_buf_free(&text);
    return j;
}

/* A request's JSON object as article-file text.  Keys are lower-case
 * ASCII words with hyphens; values strings or whole numbers with no line
 * break.  false with why set when the object is not that. */
static bool json_to_text(const cJSON *obj, bl_buf *out, char *why, size_t wsize)
{
    const cJSON *body = NULL, *m;
    if (!cJSON_IsObject(obj)) {
        snprintf(why, wsize, "the request is not a JSON object");
        return false;
    }
    cJSON_ArrayForEach(m, obj)
    {
        const char *k = m->string;
        if (!strcmp(k, "body")) {
            body = m;
            continue;
        }
        if (!strcmp(k, "id") || !strcmp(k, "state"))
            continue; /* ours, not the article's */
        size_t kl = strlen(k);
        bool key_ok = kl > 0 && kl <= 32;
        for (size_t i = 0; key_ok && i < kl; i++)
            key_ok = (k[i] >= 'a' && k[i] <= 'z') || (i > 0 && k[i] == '-');
        if (!key_ok) {
            snprintf(why, wsize, "'%.40s' is not a key of the article format", k);
            return false;
        }
        char num[32];
        const char *v;
        if (cJSON_IsString(m)) {
            v = m->valuestring;
        } else if (cJSON_IsNumber(m) && m->valuedouble == (double)(long)m->valuedouble) {
            snprintf(num, sizeof num, "%ld", (long)m->valuedouble);
            v = num;
        } else if (cJSON_IsNull(m)) {
            continue;
        } else {
            snprintf(why, wsize, "%s: a text or a whole number, please", k);
            return false;
        }
        if (!*v)
            continue; /* an empty field is an absent one */
        if (strpbrk(v, "\r\n")) {
            snprintf(why, wsize, "%s: one line, please", k);
            return false;
        }
        bl_buf_printf(out, "%s: %s\n", k, v);
    }
    if (!body || !cJSON_IsString(body) || !*body->valuestring) {
        snprintf(why, wsize, "body: the notice needs some text");
        return false;
    }
    bl_buf_printf(out, "\n");
    for (const char *p = body->valuestring; *p; p++)
        if (*p != '\r')
            bl_buf_put(out, p, 1);
    bl_buf_printf(out, "\n");
    return true;
}

void bl__audit(const bl__api *api, const bl__req *req, const char *who, const char *action, const char *id,
               const char *title)
{
    struct stat sb;
    if (stat(api->audit_log, &sb) == 0 && sb.st_size > AUDIT_MAX) {
        bl_buf old = {0};
        bl_buf_printf(&old, "%s.1", api->audit_log);
        if (old.p && rename(api->audit_log, old.p) != 0)
            BL_LOGW(TAG, "%s: cannot rotate: %s", api->audit_log, strerror(errno));
        bl_buf_free(&old);
    }
    char t[32];
    time_t now = (time_t)req->now;
    struct tm tm;
    strftime(t, sizeof t, "%Y-%m-%dT%H:%M:%S%z", localtime_r(&now, &tm));
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "t", t);
    cJSON_AddStringToObject(j, "who", who && *who ? who : "");
    cJSON_AddStringToObject(j, "from", req->client);
    cJSON_AddStringToObject(j, "action", action);
    if (id)
        cJSON_AddStringToObject(j, "id", id);
    if (title)
        cJSON_AddStringToObject(j, "title", title);
    char *line = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    int fd = open(api->audit_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    if (fd < 0 || !line) {
        BL_LOGW(TAG, "%s: cannot write the audit log: %s", api->audit_log, strerror(errno));
    } else {
        size_t n = strlen(line);
        line[n] = '\n'; /* over the NUL: written by length */
        if (write(fd, line, n + 1) != (ssize_t)(n + 1) || fdatasync(fd) != 0)
            BL_LOGW(TAG, "%s: cannot write the audit log: %s", api->audit_log, strerror(errno));
    }
    if (fd >= 0)
        close(fd);
    free(line);
    BL_LOGI(TAG, "%s %s%s%s by %s from %s", action, id ? id : "", title ? " " : "", title ? title : "",
            who && *who ? who : "(no name)", req->client);
}

/* ---- routes ---------------------------------------------------------------- */

static void do_login(bl__api *api, const bl__req *req, bl__resp *r)
{
    cJSON *j = cJSON_ParseWithLength(req->body, req->len);
    const cJSON *pw = cJSON_GetObjectItemCaseSensitive(j, "password");
    const cJSON *nm = cJSON_GetObjectItemCaseSensitive(j, "name");
    if (!cJSON_IsString(pw)) {
        cJSON_Delete(j);
        bl__reply_error(r, 400, "send {\"password\": \"...\"}");
        return;
    }
    char token[BL_AUTH_TOKEN_LEN + 1], csrf[BL_AUTH_TOKEN_LEN + 1];
    int retry = 0;
    bl_login res = bl_auth_login(api->auth, req->client, pw->valuestring, cJSON_IsString(nm) ? nm->valuestring : NULL,
                                 req->now, token, csrf, &retry);
    cJSON_Delete(j);
    if (res == BL_LOGIN_THROTTLED) {
        r->retry_after = retry;
        bl__reply_error(r, 429, "too many wrong passwords: try again later");
        return;
    }
    if (res == BL_LOGIN_WRONG) {
        bl__reply_error(r, 401, "wrong password");
        return;
    }
    snprintf(r->set_cookie, sizeof r->set_cookie, COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token,
             BL_AUTH_LIFETIME, api->secure ? "; Secure" : "");
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "csrf", csrf);
    bl__reply_json(r, 200, o);
}

static bool is_article_file(const char *name, void *user)
{
    (void)user;
    return name[0] != '.' && bl_has_suffix(name, ".txt", false);
}

static bool is_poster_file(const char *name, void *user)
{
    (void)user;
    return name[0] != '.' && bl_poster_file(name);
}

/* DELETE /api/posters/FILE: a poster file in the content folder. */
static void delete_poster(bl__api *api, const bl__req *req, bl__resp *r, const char *who, const char *file)
{
    if (strcmp(req->method, "DELETE")) {
        bl__reply_error(r, 405, "DELETE");
        return;
    }
    if (!id_ok(file) || !bl_poster_file(file)) {
        bl__reply_error(r, 404, "no such poster");
        return;
    }
    bl_buf b = {0};
    bl_buf_printf(&b, "%s/%s", api->content, file);
    struct stat sb;
    if (!b.p || lstat(b.p, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        bl_buf_free(&b);
        bl__reply_error(r, 404, "no such poster");
        return;
    }
    if (unlink(b.p) != 0) {
        BL_LOGW(TAG, "%s: cannot delete: %s", b.p, strerror(errno));
        bl__reply_error(r, 500, "the poster could not be deleted");
    } else {
        bl__audit(api, req, who, "delete poster", file, NULL);
        r->status = 204;
    }
    bl_buf_free(&b);
}

/* GET /api/audit: the latest changes, newest first (the log's last 64 KB). */
static void audit_view(bl__api *api, bl__resp *r)
{
    char *text = NULL;
    size_t len = 0;
    cJSON *arr = cJSON_CreateArray();
    FILE *f = fopen(api->audit_log, "r");
    if (f) {
        long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : 0;
        long from = size > 65536 ? size - 65536 : 0;
        text = malloc(65537);
        if (text && fseek(f, from, SEEK_SET) == 0) {
            len = fread(text, 1, 65536, f);
            text[len] = '\0';
        }
        fclose(f);
    }
    /* lines, newest first; a line cut by the 64 KB window is skipped */
    for (char *end = text ? text + len : NULL; text && end > text;) {
        char *nl = end - 1;
        while (nl > text && nl[-1] != '\n')
            nl--;
        size_t n = (size_t)(end - nl);
        char line[2048];
        if (n && n < sizeof line) {
            memcpy(line, nl, n);
            line[n] = '\0';
            cJSON *e = cJSON_Parse(line);
            if (e)
                cJSON_AddItemToArray(arr, e);
        }
        end = nl > text ? nl - 1 : text;
        if (cJSON_GetArraySize(arr) >= 100)
            break;
    }
    free(text);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "changes", arr);
    bl__reply_json(r, 200, o);
}

static void list_articles(bl__api *api, const bl__req *req, bl__resp *r)
{
    char **paths = NULL;
    size_t n = 0;
    bl_err err = {0};
    if (bl_dir_list(api->content, is_article_file, NULL, &paths, &n, &err) != BL_OK) {
        bl__reply_error(r, 500, err.msg);
        return;
    }
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        const char *base = strrchr(paths[i], '/') ? strrchr(paths[i], '/') + 1 : paths[i];
        char id[MAX_ID + 8];
        snprintf(id, sizeof id, "%.*s", (int)(strlen(base) - 4), base);
        bl_article *a = NULL;
        warnings w;
        char *text = NULL;
        size_t len = 0;
        bl_status st = bl_read_file(paths[i], BL_ARTICLE_MAX_BYTES, &text, &len, &err);
        if (st == BL_OK)
            st = parse_caught(paths[i], text, len, &a, &w, &err);
        free(text);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", id);
        if (st != BL_OK) {
            cJSON_AddStringToObject(o, "state", "broken");
            cJSON_AddStringToObject(o, "reason", err.msg);
        } else {
            cJSON_AddStringToObject(o, "state", state_of(a, req->now));
            cJSON_AddStringToObject(o, "title", a->title);
            cJSON_AddNumberToObject(o, "priority", a->priority);
            if (w.n)
                cJSON_AddStringToObject(o, "warning", w.lines[0]);
        }
        bl_article_destroy(a);
        cJSON_AddItemToArray(arr, o);
    }
    bl_strv_free(paths, n);
    /* poster files of their own (a poster article's file shows through
     * its article, but is listed here too: it can be replaced or removed) */
    paths = NULL;
    n = 0;
    if (bl_dir_list(api->content, is_poster_file, NULL, &paths, &n, &err) == BL_OK) {
        for (size_t i = 0; i < n; i++) {
            const char *base = strrchr(paths[i], '/') ? strrchr(paths[i], '/') + 1 : paths[i];
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "id", base);
            cJSON_AddStringToObject(o, "kind", "poster");
            cJSON_AddStringToObject(o, "title", base);
            cJSON_AddStringToObject(o, "state", "showing");
            cJSON_AddNumberToObject(o, "priority", 0);
            cJSON_AddItemToArray(arr, o);
        }
        bl_strv_free(paths, n);
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "articles", arr);
    bl__reply_json(r, 200, o);
}

/* Creates (id NULL: a new id) or replaces an article from the request's
 * JSON. */
static void put_article(bl__api *api, const bl__req *req, bl__resp *r, const char *who, const char *id)
{
    char why[256] = "", newid[64];
    bl_buf text = {0}, canon = {0};
    cJSON *j = cJSON_ParseWithLength(req->body, req->len);
    if (!j) {
        bl__reply_error(r, 400, "the request is not JSON");
        return;
    }
    bool ok = json_to_text(j, &text, why, sizeof why);
    cJSON_Delete(j);
    if (!ok || !text.p) {
        bl_buf_free(&text);
        bl__reply_error(r, ok ? 500 : 400, ok ? "out of memory" : why);
        return;
    }
    bl_article *a = NULL;
    warnings w;
    bl_err err = {0};
    bl_status st = parse_caught(id ? id : "new notice", text.p, text.len, &a, &w, &err);
    bl_buf_free(&text);
    if (st != BL_OK || w.n) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "error", st != BL_OK ? err.msg : w.lines[0]);
        bl__reply_json(r, 400, o);
        bl_article_destroy(a);
        return;
    }
    if (bl_article_write(a, &canon, &err) != BL_OK) {
        bl__reply_error(r, 400, err.msg);
        bl_article_destroy(a);
        return;
    }
    if (!id) {
        /* date-notice-random: sorts by day in the folder, never collides */
        unsigned char rnd[4];
        int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
        if (fd < 0 || read(fd, rnd, sizeof rnd) != (ssize_t)sizeof rnd)
            memset(rnd, 0, sizeof rnd);
        if (fd >= 0)
            close(fd);
        time_t now = (time_t)req->now;
        struct tm tm;
        char day[16];
        strftime(day, sizeof day, "%Y-%m-%d", localtime_r(&now, &tm));
        snprintf(newid, sizeof newid, "%s-notice-%02x%02x%02x%02x", day, rnd[0], rnd[1], rnd[2], rnd[3]);
        id = newid;
    }
    char name[MAX_ID + 8];
    snprintf(name, sizeof name, "%s.txt", id);
    st = bl_write_atomic(api->content, name, canon.p, canon.len, 0644, NULL, &err);
    bl_buf_free(&canon);
    if (st != BL_OK) {
        BL_LOGW(TAG, "%s", err.msg);
        bl__reply_error(r, 500, "the notice could not be saved on the board");
        bl_article_destroy(a);
        return;
    }
    bl__audit(api, req, who, id == newid ? "create" : "edit", id, a->title);
    cJSON *o = article_json(id, a, req->now);
    bl_article_destroy(a);
    bl__reply_json(r, id == newid ? 201 : 200, o);
}

static void one_article(bl__api *api, const bl__req *req, bl__resp *r, const char *who, const char *id)
{
    if (!id_ok(id)) {
        bl__reply_error(r, 404, "no such article");
        return;
    }
    char *path = article_path(api, id);
    if (!path) {
        bl__reply_error(r, 500, "out of memory");
        return;
    }
    struct stat sb;
    bool exists = lstat(path, &sb) == 0 && S_ISREG(sb.st_mode);
    if (!exists) {
        free(path);
        bl__reply_error(r, 404, "no such article");
        return;
    }
    if (!strcmp(req->method, "GET")) {
        char *text = NULL;
        size_t len = 0;
        bl_err err = {0};
        bl_article *a = NULL;
        warnings w;
        bl_status st = bl_read_file(path, BL_ARTICLE_MAX_BYTES, &text, &len, &err);
        if (st == BL_OK)
            st = parse_caught(path, text, len, &a, &w, &err);
        free(text);
        if (st != BL_OK) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "id", id);
            cJSON_AddStringToObject(o, "state", "broken");
            cJSON_AddStringToObject(o, "reason", err.msg);
            bl__reply_json(r, 200, o);
        } else {
            bl__reply_json(r, 200, article_json(id, a, req->now));
        }
        bl_article_destroy(a);
    } else if (!strcmp(req->method, "PUT")) {
        put_article(api, req, r, who, id);
    } else if (!strcmp(req->method, "DELETE")) {
        if (unlink(path) != 0) {
            BL_LOGW(TAG, "%s: cannot delete: %s", path, strerror(errno));
            bl__reply_error(r, 500, "the article could not be deleted");
        } else {
            bl__audit(api, req, who, "delete", id, NULL);
            r->status = 204;
        }
    } else {
        bl__reply_error(r, 405, "GET, PUT or DELETE");
    }
    free(path);
}

/* Asks the board over its control socket; the reply parsed, or NULL with
 * the answer (503 when there is no board to ask) in r. */
static cJSON *ask_board(const bl__api *api, const char *request, bl__resp *r)
{
    char reply[8192];
    bl_err err;
    if (!api->control || !*api->control) {
        bl__reply_error(r, 503, "the board's control socket is not configured ([board] control)");
        return NULL;
    }
    if (bl_control_request(api->control, request, reply, sizeof reply, 3000, &err)) {
        BL_LOGW(TAG, "%s", err.msg);
        bl__reply_error(r, 503, "the board is not answering (is it running?)");
        return NULL;
    }
    cJSON *j = cJSON_Parse(reply);
    if (!j) {
        bl__reply_error(r, 502, "the board gave an answer that is not JSON");
        return NULL;
    }
    const cJSON *ok = cJSON_GetObjectItemCaseSensitive(j, "ok");
    if (!cJSON_IsTrue(ok)) {
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "error");
        bl__reply_error(r, 400, cJSON_IsString(e) ? e->valuestring : "the board refused");
        cJSON_Delete(j);
        return NULL;
    }
    return j;
}

static void alert(bl__api *api, const bl__req *req, bl__resp *r, const char *who)
{
    cJSON *j = NULL, *ans;
    if (!strcmp(req->method, "DELETE")) {
        if ((ans = ask_board(api, "{\"cmd\":\"clear\"}", r))) {
            cJSON_Delete(ans);
            bl__audit(api, req, who, "clear alert", NULL, NULL);
            r->status = 204;
        }
        return;
    }
    if (strcmp(req->method, "POST")) {
        bl__reply_error(r, 405, "POST or DELETE");
        return;
    }
    j = cJSON_ParseWithLength(req->body, req->len);
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(j, "text");
    const cJSON *min = cJSON_GetObjectItemCaseSensitive(j, "minutes");
    if (!cJSON_IsString(text) || (min && !cJSON_IsNumber(min))) {
        cJSON_Delete(j);
        bl__reply_error(r, 400, "send {\"text\": \"...\", \"minutes\": N}");
        return;
    }
    cJSON *q = cJSON_CreateObject();
    cJSON_AddStringToObject(q, "cmd", "alert");
    cJSON_AddStringToObject(q, "text", text->valuestring);
    cJSON_AddNumberToObject(q, "minutes", min ? min->valuedouble : 0);
    char *line = cJSON_PrintUnformatted(q);
    cJSON_Delete(q);
    ans = line ? ask_board(api, line, r) : NULL;
    if (ans) {
        bl__audit(api, req, who, "alert", NULL, text->valuestring);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "text", text->valuestring);
        cJSON_AddNumberToObject(o, "minutes", min ? min->valuedouble : 0);
        bl__reply_json(r, 201, o);
        cJSON_Delete(ans);
    }
    free(line);
    cJSON_Delete(j);
}

/* The frame on screen now, as the board writes it into its control
 * socket's folder (both services see that folder; their /tmp differ). */
static void screen(bl__api *api, const bl__req *req, bl__resp *r)
{
    (void)req;
    char path[600], *slash = api->control ? strrchr(api->control, '/') : NULL, line[800];
    if (!slash) {
        bl__reply_error(r, 503, "the board's control socket is not configured ([board] control)");
        return;
    }
    snprintf(path, sizeof path, "%.*s/screen.png", (int)(slash - api->control), api->control);
    cJSON *p = cJSON_CreateString(path);
    char *ps = cJSON_PrintUnformatted(p);
    cJSON_Delete(p);
    snprintf(line, sizeof line, "{\"cmd\":\"screen\",\"path\":%s}", ps ? ps : "\"\"");
    free(ps);
    cJSON *ans = ask_board(api, line, r);
    if (!ans)
        return;
    cJSON_Delete(ans);
    char *png = NULL;
    size_t len = 0;
    bl_err err;
    if (bl_read_file(path, 64u << 20, &png, &len, &err)) {
        BL_LOGW(TAG, "%s", err.msg);
        bl__reply_error(r, 500, "the board's screen could not be read");
        return;
    }
    r->status = 200;
    r->type = "image/png";
    r->body = png;
    r->len = len;
}

/* GET ?id=ID&page=N: a saved notice; POST with a notice's JSON: one not
 * saved yet (the page's live preview).  The PNG of the page as the board
 * will show it, its page count in X-Baolan-Pages. */
static void preview(bl__api *api, const bl__req *req, bl__resp *r)
{
    bl_article *a = NULL;
    bl_err err = {0};
    warnings w;
    char why[256] = "";
    int page = 0, npages = 0;
    if (req->arg_page) {
        char *end;
        long v = strtol(req->arg_page, &end, 10);
        if (end == req->arg_page || *end || v < 1 || v > 1000) {
            bl__reply_error(r, 400, "page: a page number from 1");
            return;
        }
        page = (int)v - 1;
    }
    if (!api->preview) {
        bl__reply_error(r, 503, "no preview on this server");
        return;
    }
    if (!strcmp(req->method, "GET")) {
        char *path = req->arg_id && id_ok(req->arg_id) ? article_path(api, req->arg_id) : NULL, *text = NULL;
        size_t len = 0;
        if (!path || bl_read_file(path, BL_ARTICLE_MAX_BYTES, &text, &len, &err) ||
            parse_caught(path, text, len, &a, &w, &err)) {
            free(path);
            free(text);
            bl__reply_error(r, 404, "no such article");
            return;
        }
        free(path);
        free(text);
    } else if (!strcmp(req->method, "POST")) {
        bl_buf text = {0};
        cJSON *j = cJSON_ParseWithLength(req->body, req->len);
        bool ok = j && json_to_text(j, &text, why, sizeof why);
        cJSON_Delete(j);
        if (!ok || !text.p || parse_caught("preview", text.p, text.len, &a, &w, &err)) {
            bl__reply_error(r, 400, !j ? "the request is not JSON" : why[0] ? why : err.msg);
            bl_buf_free(&text);
            return;
        }
        bl_buf_free(&text);
    } else {
        bl__reply_error(r, 405, "GET or POST");
        return;
    }
    char *png = NULL;
    size_t len = 0;
    bl_status st = bl_preview_png(api->preview, a, page, &png, &len, &npages, &err);
    bl_article_destroy(a);
    if (st) {
        bl__reply_error(r, st == BL_ERR_RANGE ? 404 : 500, err.msg);
        return;
    }
    r->status = 200;
    r->type = "image/png";
    r->body = png;
    r->len = len;
    r->pages = npages;
}

static void status(bl__api *api, const bl__req *req, bl__resp *r, const char *who, const char *csrf)
{
    (void)req;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "board", api->board_name);
    cJSON_AddNumberToObject(o, "width", api->width);
    cJSON_AddNumberToObject(o, "height", api->height);
    cJSON_AddStringToObject(o, "name", who);
    /* for a page that was reloaded: same-origin only (SameSite=Strict
     * cookie, no CORS), so no other site can read it */
    cJSON_AddStringToObject(o, "csrf", csrf);
    bl__resp br;
    memset(&br, 0, sizeof br);
    cJSON *board = ask_board(api, "{\"cmd\":\"status\"}", &br);
    free(br.body);
    if (board) {
        cJSON_DeleteItemFromObject(board, "ok");
        cJSON_AddItemToObject(o, "screen", board);
    } else {
        cJSON_AddNullToObject(o, "screen"); /* no board to ask: the page says so */
    }
    bl__reply_json(r, 200, o);
}

bool bl__api_gate(bl__api *api, const bl__req *req, const char **who, bl__resp *r)
{
    const char *csrf = NULL;
    bool changes = strcmp(req->method, "GET") && strcmp(req->method, "HEAD");
    if (!bl_auth_session(api->auth, req->cookie, req->now, who, &csrf)) {
        bl__reply_error(r, 401, "log in first");
        return false;
    }
    if (changes && !bl_auth_csrf_ok(api->auth, req->cookie, req->csrf, req->now)) {
        bl__reply_error(r, 403, "missing or wrong X-CSRF-Token");
        return false;
    }
    return true;
}

void bl__api_handle(bl__api *api, const bl__req *req, bl__resp *r)
{
    memset(r, 0, sizeof *r);
    const char *m = req->method, *p = req->path;

    if (!strcmp(p, "/api/login")) {
        if (strcmp(m, "POST"))
            bl__reply_error(r, 405, "POST");
        else
            do_login(api, req, r);
        return;
    }
    if (strncmp(p, "/api/", 5)) {
        bl__reply_error(r, 404, "not found");
        return;
    }
    const char *who = NULL, *csrf = NULL;
    if (!bl__api_gate(api, req, &who, r))
        return;
    bl_auth_session(api->auth, req->cookie, req->now, NULL, &csrf);
    if (!strcmp(p, "/api/logout") && !strcmp(m, "POST")) {
        bl_auth_logout(api->auth, req->cookie);
        snprintf(r->set_cookie, sizeof r->set_cookie, COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        r->status = 204;
    } else if (!strcmp(p, "/api/status") && !strcmp(m, "GET")) {
        status(api, req, r, who, csrf);
    } else if (!strcmp(p, "/api/alert")) {
        alert(api, req, r, who);
    } else if (!strncmp(p, "/api/posters/", 13)) {
        delete_poster(api, req, r, who, p + 13);
    } else if (!strcmp(p, "/api/audit") && !strcmp(m, "GET")) {
        audit_view(api, r);
    } else if (!strcmp(p, "/api/preview.png")) {
        preview(api, req, r);
    } else if (!strcmp(p, "/api/screen.png") && !strcmp(m, "GET")) {
        screen(api, req, r);
    } else if (!strcmp(p, "/api/articles")) {
        if (!strcmp(m, "GET"))
            list_articles(api, req, r);
        else if (!strcmp(m, "POST"))
            put_article(api, req, r, who, NULL);
        else
            bl__reply_error(r, 405, "GET or POST");
    } else if (!strncmp(p, "/api/articles/", 14)) {
        one_article(api, req, r, who, p + 14);
    } else {
        bl__reply_error(r, 404, "not found");
    }
}
