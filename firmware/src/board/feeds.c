/*
 * feeds.c - the feed fetcher (feeds.h): one thread, one feed at a time,
 * libcurl with timeouts and a size limit, conditional requests from a
 * small state file in each feed's folder, back-off on failure and an
 * outage logged once.  Parsing and keeping items is content/feed.h's.
 * Depends on base, fs, config and feed (and libcurl, SDL's threads).
 */
#include "board/feeds.h"

#include "board/fetch.h"

#include "core/buf.h"
#include "core/fs.h"
#include "content/feed.h"

#include <SDL.h>
#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#define TAG "feed"

#define STATE_FILE ".feed-state"      /* ETag and Last-Modified of the last answer */
#define PICTURE_MAX_BYTES (8u << 20) /* a lead picture's download at most */
#define BACKOFF_MAX 3600.0           /* seconds between tries of a failing feed at most */

typedef struct feed {
    char *url;
    char *dir;
    char etag[256], modified[128]; /* from the last 200 answer */
    double due;                    /* monotonic seconds of the next fetch */
    int fails;                     /* failures in a row */
    bool down;                     /* the outage is logged (its end will be) */
} feed;

struct bl_feeds {
    feed *feeds;
    size_t n;
    double interval;
    int max_items, max_age_days;
    CURL *curl;
    SDL_Thread *thread;
    SDL_mutex *mu;
    SDL_cond *cv;
    atomic_bool quit;
};

/* ---- folders and state ------------------------------------------------------------ */

static bl_status make_dir(const char *path, bl_err *err)
{
    if (mkdir(path, 0755) && errno != EEXIST)
        return bl_err_set(err, BL_ERR_IO, "%s: cannot make the feed folder: %s", path, strerror(errno));
    return BL_OK;
}

/* "HOST-HASH": the URL's host (letters, digits, '.', '-') and 8 hex digits
 * of the whole URL's hash, so two feeds of one site differ. */
static void folder_name(const char *url, char *out, size_t size)
{
    const char *h = strstr(url, "://");
    size_t n = 0;
    h = h ? h + 3 : url;
    for (; *h && *h != '/' && *h != ':' && *h != '?' && *h != '#' && n + 12 < size; h++)
        if (isalnum((unsigned char)*h) || *h == '.' || *h == '-')
            out[n++] = (char)tolower((unsigned char)*h);
    snprintf(out + n, size - n, "%s%08x", n ? "-" : "", (unsigned)(bl_feed_hash(url) & 0xffffffffu));
}

static void read_state(feed *f)
{
    char path[1200], *text = NULL, *line, *save = NULL;
    snprintf(path, sizeof path, "%s/" STATE_FILE, f->dir);
    if (bl_read_file(path, 4096, &text, NULL, NULL))
        return;
    for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (!strncmp(line, "etag: ", 6))
            snprintf(f->etag, sizeof f->etag, "%s", line + 6);
        else if (!strncmp(line, "last-modified: ", 15))
            snprintf(f->modified, sizeof f->modified, "%s", line + 15);
    }
    free(text);
}

static void write_state(const feed *f)
{
    char text[512];
    bl_err err;
    int n = snprintf(text, sizeof text, "url: %s\netag: %s\nlast-modified: %s\n", f->url, f->etag, f->modified);
    if (n > 0 && (size_t)n < sizeof text && bl_write_atomic(f->dir, STATE_FILE, text, (size_t)n, 0644, NULL, &err))
        BL_LOGW(TAG, "%s", err.msg);
}

/* ---- HTTP ------------------------------------------------------------------------- */

typedef struct answer {
    bl_buf body;
    size_t limit;
    bool over;
    char etag[256], modified[128];
} answer;

static size_t on_body(char *p, size_t size, size_t n, void *user)
{
    answer *a = user;
    size_t len = size * n;
    if (a->body.len + len > a->limit) {
        a->over = true;
        return 0; /* ends the transfer */
    }
    bl_buf_put(&a->body, p, len);
    return a->body.failed ? 0 : len;
}

/* Copies a header's value (trimmed) when line is that header. */
static void header_value(const char *line, size_t len, const char *name, char *dst, size_t size)
{
    size_t nl = strlen(name), end;
    if (len <= nl || strncasecmp(line, name, nl))
        return;
    line += nl, len -= nl;
    while (len && (*line == ' ' || *line == '\t'))
        line++, len--;
    for (end = len; end && (line[end - 1] == '\r' || line[end - 1] == '\n' || line[end - 1] == ' '); end--)
        ;
    if (end < size) {
        memcpy(dst, line, end);
        dst[end] = 0;
    }
}

static size_t on_header(char *p, size_t size, size_t n, void *user)
{
    answer *a = user;
    size_t len = size * n;
    if (len > 5 && !strncmp(p, "HTTP/", 5)) /* a new answer (after a redirect): its own headers */
        a->etag[0] = a->modified[0] = 0;
    header_value(p, len, "etag:", a->etag, sizeof a->etag);
    header_value(p, len, "last-modified:", a->modified, sizeof a->modified);
    return len;
}

static int on_progress(void *user, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    bl_feeds *fs = user;
    (void)dt, (void)dn, (void)ut, (void)un;
    return atomic_load(&fs->quit) ? 1 : 0; /* the board is stopping: abandon the transfer */
}

/* GETs url into a; the HTTP status in *code, or an error naming url and
 * the reason (no answer, too big). */
static bl_status http_get(bl_feeds *fs, const char *url, const feed *cond, answer *a, long *code, char *ctype,
                          size_t ctype_size, bl_err *err)
{
    struct curl_slist *hdr = NULL;
    char line[400];
    char *ct = NULL;
    CURLcode rc;
    CURL *c = fs->curl;

    curl_easy_reset(c);
    bl_fetch_setup(c, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, a);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, a);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, fs);
    if (cond && cond->etag[0]) {
        snprintf(line, sizeof line, "If-None-Match: %s", cond->etag);
        hdr = curl_slist_append(hdr, line);
    }
    if (cond && cond->modified[0]) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", cond->modified);
        hdr = curl_slist_append(hdr, line);
    }
    if (hdr)
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
    rc = curl_easy_perform(c);
    curl_slist_free_all(hdr);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    if (a->over)
        return bl_err_set(err, BL_ERR_TOOBIG, "%s: more than %zu bytes", url, a->limit);
    if (rc != CURLE_OK)
        return bl_err_set(err, BL_ERR_IO, "%s: %s", url, curl_easy_strerror(rc));
    if (a->body.failed)
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", url);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, code);
    if (ctype) {
        curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
        snprintf(ctype, ctype_size, "%s", ct ? ct : "");
    }
    return BL_OK;
}

/* A lead picture for the store (feed.h bl_feed_get). */
static bl_status get_picture(void *user, const char *url, char **data, size_t *len, bl_err *err)
{
    answer a;
    long code = 0;
    bl_status st;
    memset(&a, 0, sizeof a);
    a.limit = PICTURE_MAX_BYTES;
    *data = NULL;
    *len = 0;
    if (strncmp(url, "http://", 7) && strncmp(url, "https://", 8))
        return bl_err_set(err, BL_ERR_USAGE, "%s: not an http(s) picture", url);
    if ((st = http_get(user, url, NULL, &a, &code, NULL, 0, err))) {
        bl_buf_free(&a.body);
        return st;
    }
    if (code != 200) {
        bl_buf_free(&a.body);
        return bl_err_set(err, BL_ERR_IO, "%s: the server answered %ld", url, code);
    }
    *len = a.body.len;
    *data = bl_buf_take(&a.body);
    return *data ? BL_OK : bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", url);
}

/* ---- one fetch -------------------------------------------------------------------- */

/* Fetches feed f and keeps its items; false with the reason in err. */
static bool fetch(bl_feeds *fs, feed *f, bl_err *err)
{
    answer a;
    long code = 0;
    char ctype[256];
    bl_feed *parsed = NULL;
    bl_feed_store_opts o;
    size_t written = 0;
    bool ok = false;

    memset(&a, 0, sizeof a);
    a.limit = BL_FEED_MAX_BYTES;
    if (http_get(fs, f->url, f, &a, &code, ctype, sizeof ctype, err))
        goto done;
    if (code == 304) { /* unchanged since the last answer: the files are what it says */
        BL_LOGD(TAG, "%s: not modified", f->url);
        ok = true;
        goto done;
    }
    if (code != 200) {
        bl_err_set(err, BL_ERR_IO, "%s: the server answered %ld", f->url, code);
        goto done;
    }
    if (bl_feed_parse(f->url, a.body.p ? a.body.p : "", a.body.len, ctype, &parsed, err))
        goto done;
    memset(&o, 0, sizeof o);
    o.max_items = fs->max_items;
    o.max_age_days = fs->max_age_days;
    o.now = (int64_t)time(NULL);
    o.base = f->url;
    o.get = get_picture;
    o.user = fs;
    if (bl_feed_store(parsed, f->dir, &o, &written, err))
        goto done;
    if (written)
        BL_LOGI(TAG, "%s: %zu of its %zu items new or changed (%s, %s) in %s", f->url, written, parsed->n,
                parsed->format, parsed->encoding, f->dir);
    /* remembered only once the items are kept: a restart after a failed
     * write asks for the whole feed again */
    snprintf(f->etag, sizeof f->etag, "%s", a.etag);
    snprintf(f->modified, sizeof f->modified, "%s", a.modified);
    write_state(f);
    ok = true;
done:
    bl_feed_destroy(parsed);
    bl_buf_free(&a.body);
    return ok;
}

static void fetch_due(bl_feeds *fs, feed *f, double now)
{
    bl_err err;
    if (fetch(fs, f, &err)) {
        if (f->down)
            BL_LOGI(TAG, "%s is back", f->url);
        f->down = false;
        f->fails = 0;
        f->due = now + fs->interval;
        return;
    }
    if (atomic_load(&fs->quit))
        return;
    f->fails++;
    {
        /* the interval doubling with each failure, up to an hour (or the
         * interval, if that is longer) */
        double wait = fs->interval;
        int i;
        for (i = 0; i < f->fails && wait < BACKOFF_MAX; i++)
            wait *= 2;
        f->due = now + BL_MAX(fs->interval, BL_MIN(wait, BACKOFF_MAX));
    }
    if (!f->down) {
        BL_LOGW(TAG, "%s; the feed's last items stay on the board until it is back (tried again with back-off)",
                err.msg);
        f->down = true;
    } else {
        BL_LOGD(TAG, "%s (still down, %d failures)", err.msg, f->fails);
    }
}

static int fetcher_main(void *arg)
{
    bl_feeds *fs = arg;
    SDL_LockMutex(fs->mu);
    while (!atomic_load(&fs->quit)) {
        double now = bl_now_seconds(), soonest = now + 3600;
        feed *next = NULL;
        size_t i;
        for (i = 0; i < fs->n; i++)
            if (!next || fs->feeds[i].due < next->due)
                next = &fs->feeds[i];
        if (next)
            soonest = next->due;
        if (soonest > now) {
            double ms = (soonest - now) * 1000 + 1;
            SDL_CondWaitTimeout(fs->cv, fs->mu, (Uint32)BL_MIN(ms, 3600e3));
            continue;
        }
        SDL_UnlockMutex(fs->mu);
        fetch_due(fs, next, now);
        SDL_LockMutex(fs->mu);
    }
    SDL_UnlockMutex(fs->mu);
    return 0;
}

/* ---- life ------------------------------------------------------------------------- */

static bool global_once;

bl_status bl_feeds_create(const bl_config *cfg, const char *content_dir, bl_feeds **out, bl_err *err)
{
    bl_feeds *fs;
    char root[1100];
    int i;
    bl_err derr;
    *out = NULL;
    if (!cfg->nfeeds)
        return BL_OK;
    if (*cfg->feed_folder) {
        snprintf(root, sizeof root, "%s", cfg->feed_folder);
    } else {
        const char *slash = strrchr(content_dir, '/');
        if (slash)
            snprintf(root, sizeof root, "%.*s/feeds", (int)(slash - content_dir), content_dir);
        else
            snprintf(root, sizeof root, "feeds");
    }
    if (make_dir(root, &derr)) {
        BL_LOGE(TAG, "%s; the board runs without its feeds", derr.msg);
        return BL_OK;
    }
    if (!global_once) {
        /* libcurl's global set-up is not thread-safe: done once, from the
         * thread that makes the board, and left to the process's end */
        if (curl_global_init(CURL_GLOBAL_DEFAULT))
            return bl_err_set(err, BL_ERR_IO, "libcurl cannot start");
        global_once = true;
    }
    if (!(fs = calloc(1, sizeof *fs)) || !(fs->feeds = calloc((size_t)cfg->nfeeds, sizeof *fs->feeds)))
        goto nomem;
    fs->interval = cfg->feed_interval;
    fs->max_items = cfg->feed_max_items;
    fs->max_age_days = cfg->feed_max_age_days;
    for (i = 0; i < cfg->nfeeds; i++) {
        feed *f = &fs->feeds[fs->n];
        char name[128], dir[1300];
        folder_name(cfg->feed_urls[i], name, sizeof name);
        snprintf(dir, sizeof dir, "%s/%s", root, name);
        if (make_dir(dir, &derr)) {
            BL_LOGE(TAG, "%s; the feed %s is left out", derr.msg, cfg->feed_urls[i]);
            continue;
        }
        if (!(f->url = bl_strdup(cfg->feed_urls[i])) || !(f->dir = bl_strdup(dir))) {
            fs->n++;
            goto nomem;
        }
        fs->n++;
        read_state(f);
        BL_LOGI(TAG, "%s is fetched every %.0f s into %s", f->url, fs->interval, f->dir);
    }
    if (!(fs->curl = curl_easy_init()) || !(fs->mu = SDL_CreateMutex()) || !(fs->cv = SDL_CreateCond()))
        goto nomem;
    if (!(fs->thread = SDL_CreateThread(fetcher_main, "feeds", fs))) {
        bl_feeds_destroy(fs);
        return bl_err_set(err, BL_ERR_IO, "cannot start the feed thread: %s", SDL_GetError());
    }
    *out = fs;
    return BL_OK;
nomem:
    bl_feeds_destroy(fs);
    return bl_err_set(err, BL_ERR_NOMEM, "out of memory starting the feeds");
}

size_t bl_feeds_count(const bl_feeds *f) { return f ? f->n : 0; }

const char *bl_feeds_dir(const bl_feeds *f, size_t i) { return f && i < f->n ? f->feeds[i].dir : NULL; }

bool bl_feeds_same(const bl_config *a, const bl_config *b)
{
    int i;
    if (a->nfeeds != b->nfeeds || a->feed_interval != b->feed_interval || a->feed_max_items != b->feed_max_items ||
        a->feed_max_age_days != b->feed_max_age_days || strcmp(a->feed_folder, b->feed_folder))
        return false;
    for (i = 0; i < a->nfeeds; i++)
        if (strcmp(a->feed_urls[i], b->feed_urls[i]))
            return false;
    return true;
}

void bl_feeds_destroy(bl_feeds *fs)
{
    size_t i;
    if (!fs)
        return;
    if (fs->thread) {
        SDL_LockMutex(fs->mu);
        atomic_store(&fs->quit, true);
        SDL_CondSignal(fs->cv);
        SDL_UnlockMutex(fs->mu);
        SDL_WaitThread(fs->thread, NULL);
    }
    if (fs->curl)
        curl_easy_cleanup(fs->curl);
    SDL_DestroyCond(fs->cv);
    SDL_DestroyMutex(fs->mu);
    for (i = 0; i < fs->n; i++) {
        free(fs->feeds[i].url);
        free(fs->feeds[i].dir);
    }
    free(fs->feeds);
    free(fs);
}
