/*
 * server.c - the HTTP side of `baolan admin` (server.h): libmicrohttpd on
 * one internal thread, the request bounds, security headers on every
 * answer, and the hand-over to api.c.
 */
#include "admin/server.h"

#include "admin/api.h"
#include "admin/auth.h"
#include "admin/tls.h"
#include "admin/preview.h"
#include "board/config.h"

#include <microhttpd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define TAG "admin"

/* The page: a fixed list of files read once at start and served from
 * memory (no path from a request ever reaches the file system). */
static const struct {
    const char *url, *file, *type;
} page_files[] = {
    {"/", "index.html", "text/html; charset=utf-8"},
    {"/admin.js", "admin.js", "text/javascript; charset=utf-8"},
    {"/admin.css", "admin.css", "text/css; charset=utf-8"},
};
#define NPAGE (sizeof page_files / sizeof page_files[0])

struct bl_admin {
    char *page[NPAGE];
    size_t page_len[NPAGE];
    struct MHD_Daemon *d;
    bl_auth *auth;
    bl__api api;
    long max_upload;
    int port;
    char *key_pem, *cert_pem; /* libmicrohttpd keeps pointers to them */
    bl_preview *preview;
};

/* One request being read.  An upload streams through the post processor
 * into `upload`; anything else is kept in body. */
typedef struct pending {
    char *body;
    size_t len, cap, limit;
    bool too_big;
    struct MHD_PostProcessor *pp;
    bl__upload *upload;
    const char *who;
} pending;

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n && line[n - 1] == '\n')
        line[--n] = '\0';
    /* what a client did wrong (a TLS handshake given up, a malformed
     * request): worth a line, not a warning */
    BL_LOGI(TAG, "http: %s", line);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)c;
    (void)why;
    pending *p = *con_cls;
    if (p) {
        if (p->pp)
            MHD_destroy_post_processor(p->pp);
        bl__upload_free(p->upload);
        free(p->body);
        free(p);
        *con_cls = NULL;
    }
}

static enum MHD_Result respond(struct MHD_Connection *c, bl__resp *r)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(r->len, r->body ? r->body : (void *)"", r->body ? MHD_RESPMEM_MUST_FREE
                                                                                   : MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        free(r->body);
        return MHD_NO;
    }
    r->body = NULL;
    if (r->type)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
    /* Nothing from elsewhere, never framed, never sniffed, never cached,
     * no address leaked in a Referer. */
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' blob: data:; frame-ancestors 'none'; base-uri 'none'; "
                            "form-action 'self'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (r->set_cookie[0])
        MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie);
    if (r->pages > 0) {
        char pg[16];
        snprintf(pg, sizeof pg, "%d", r->pages);
        MHD_add_response_header(resp, "X-Baolan-Pages", pg);
    }
    if (r->retry_after > 0) {
        char ra[16];
        snprintf(ra, sizeof ra, "%d", r->retry_after);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, ra);
    }
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result send_error(struct MHD_Connection *c, int status, const char *msg)
{
    bl__resp r = {.status = status, .type = "application/json; charset=utf-8"};
    char buf[256];
    snprintf(buf, sizeof buf, "{\"error\":\"%s\"}", msg);
    r.body = bl_strdup(buf);
    r.len = r.body ? strlen(r.body) : 0;
    return respond(c, &r);
}

static enum MHD_Result on_form(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                               const char *content_type, const char *transfer_encoding, const char *data,
                               uint64_t off, size_t size)
{
    pending *p = cls;
    (void)kind;
    (void)content_type;
    (void)transfer_encoding;
    (void)off;
    return bl__upload_part(p->upload, key, filename, data, size) ? MHD_YES : MHD_NO;
}

/* The request as api.c sees it (body not yet set). */
static bl__req make_req(struct MHD_Connection *c, const char *url, const char *method, char *client, size_t csize)
{
    snprintf(client, csize, "?");
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)ci->client_addr)->sin_addr, client,
                  (socklen_t)csize);
    else if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)ci->client_addr)->sin6_addr, client,
                  (socklen_t)csize);
    return (bl__req){
        .method = method,
        .path = url,
        .body = "",
        .client = client,
        .cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "bl_session"),
        .csrf = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token"),
        .now = (int64_t)time(NULL),
        .arg_id = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "id"),
        .arg_page = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "page"),
    };
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    bl_admin *s = cls;
    (void)version;
    pending *p = *con_cls;

    if (!p) {
        /* First call: the headers are in, the body is not.  Refuse a body
         * that says it is too big before reading any of it. */
        p = calloc(1, sizeof *p);
        if (!p)
            return MHD_NO;
        *con_cls = p;
        p->limit = !strcmp(url, "/api/uploads") ? (size_t)s->max_upload : BL_ADMIN_MAX_JSON;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > p->limit)
            return send_error(c, 413, "request too large");
        if (!strcmp(url, "/api/uploads")) {
            /* who may upload is settled before a byte of the file is read */
            char client[INET6_ADDRSTRLEN];
            bl__req req = make_req(c, url, method, client, sizeof client);
            bl__resp r;
            memset(&r, 0, sizeof r);
            if (strcmp(method, "POST"))
                return send_error(c, 405, "POST");
            if (!bl__api_gate(&s->api, &req, &p->who, &r))
                return respond(c, &r);
            p->upload = bl__upload_begin(&s->api);
            if (!p->upload)
                return send_error(c, 500, "the board cannot take files now");
            p->pp = MHD_create_post_processor(c, 64 * 1024, on_form, p);
            if (!p->pp)
                return send_error(c, 415, "send multipart/form-data with a field named file");
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (p->too_big || p->len + n > p->limit) {
            p->too_big = true; /* read and dropped: memory stays bounded */
            return MHD_YES;
        }
        if (p->pp) {
            p->len += n; /* counted against the limit, not kept */
            return MHD_post_process(p->pp, upload_data, n);
        }
        if (p->len + n + 1 > p->cap) {
            size_t cap = p->cap ? p->cap : 4096;
            while (cap < p->len + n + 1)
                cap *= 2;
            char *nb = realloc(p->body, cap);
            if (!nb)
                return MHD_NO;
            p->body = nb;
            p->cap = cap;
        }
        memcpy(p->body + p->len, upload_data, n);
        p->len += n;
        p->body[p->len] = '\0';
        return MHD_YES;
    }
    if (p->too_big)
        return send_error(c, 413, "request too large");

    char client[INET6_ADDRSTRLEN];
    if (p->upload) {
        bl__req ureq = make_req(c, url, method, client, sizeof client);
        bl__resp ur;
        bl__upload_finish(p->upload, &ureq, p->who, &ur);
        return respond(c, &ur);
    }

    if (!strcmp(method, "GET") || !strcmp(method, "HEAD")) {
        for (size_t i = 0; i < NPAGE; i++)
            if (!strcmp(url, page_files[i].url)) {
                bl__resp pr = {.status = 200, .type = page_files[i].type, .len = s->page_len[i]};
                pr.body = malloc(pr.len + 1);
                if (!pr.body)
                    return MHD_NO;
                memcpy(pr.body, s->page[i], pr.len);
                return respond(c, &pr);
            }
    }

    bl__req req = make_req(c, url, method, client, sizeof client);
    req.body = p->body ? p->body : "";
    req.len = p->len;
    bl__resp r;
    bl__api_handle(&s->api, &req, &r);
    return respond(c, &r);
}

bl_status bl_admin_start(const bl_admin_opts *o, bl_admin **out, bl_err *err)
{
    *out = NULL;
    struct sockaddr_in sa = {.sin_family = AF_INET};
    char host[64];
    unsigned port;
    const char *colon = strrchr(o->listen, ':');
    if (!colon || (size_t)(colon - o->listen) >= sizeof host || sscanf(colon + 1, "%u", &port) != 1 || port > 65535)
        return bl_err_set(err, BL_ERR_PARSE, "[admin] listen = %s: not ADDRESS:PORT", o->listen);
    snprintf(host, sizeof host, "%.*s", (int)(colon - o->listen), o->listen);
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
        return bl_err_set(err, BL_ERR_PARSE, "[admin] listen = %s: %s is not an IPv4 address", o->listen, host);
    sa.sin_port = htons((uint16_t)port);

    struct stat sb;
    if (!o->content || !*o->content)
        return bl_err_set(err, BL_ERR_USAGE,
                          "[content] folder is not set: the web page writes only into a configured content folder");
    if (stat(o->content, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return bl_err_set(err, BL_ERR_NOTFOUND, "%s: the content folder does not exist", o->content);

    bl_admin *s = calloc(1, sizeof *s);
    if (!s)
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    bl_status st = bl_auth_create(o->password_file, &s->auth, err);
    if (st != BL_OK) {
        free(s);
        return st;
    }
    for (size_t i = 0; i < NPAGE && st == BL_OK; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", o->page_dir, page_files[i].file);
        st = bl_read_file(path, 1 << 20, &s->page[i], &s->page_len[i], err);
    }
    if (st != BL_OK) {
        bl_admin_stop(s);
        return st;
    }
    if (o->tls) {
        st = bl_tls_load_or_make(o->key_file, o->cert_file, &s->key_pem, &s->cert_pem, err);
        if (st != BL_OK) {
            bl_admin_stop(s);
            return st;
        }
    }
    if (o->board && (st = bl_preview_create(o->board, &s->preview, err))) {
        bl_admin_stop(s);
        return st;
    }
    s->max_upload = o->max_upload;
    s->api = (bl__api){
        .auth = s->auth,
        .content = o->content,
        .audit_log = o->audit_log,
        .board_name = o->board_name,
        .width = o->width,
        .height = o->height,
        .secure = o->tls,
        .control = o->control ? o->control : "",
        .preview = s->preview,
    };
    s->d = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | (o->tls ? MHD_USE_TLS : 0), 0, NULL,
                            NULL, on_request, s,
                            MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)BL_ADMIN_MAX_CONN,
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)BL_ADMIN_PER_IP,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)BL_ADMIN_TIMEOUT,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
                            MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                            o->tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, s->key_pem,
                            MHD_OPTION_HTTPS_MEM_CERT, s->cert_pem,
                            MHD_OPTION_END);
    if (!s->d) {
        bl_admin_stop(s);
        return bl_err_set(err, BL_ERR_IO, "[admin] listen = %s: cannot listen there (in use, or not this machine's address?)",
                          o->listen);
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : (int)port;
    *out = s;
    return BL_OK;
}

int bl_admin_port(const bl_admin *s) { return s->port; }

void bl_admin_stop(bl_admin *s)
{
    if (!s)
        return;
    if (s->d)
        MHD_stop_daemon(s->d);
    bl_auth_destroy(s->auth);
    bl_preview_destroy(s->preview);
    for (size_t i = 0; i < NPAGE; i++)
        free(s->page[i]);
    free(s->key_pem);
    free(s->cert_pem);
    free(s);
}
