/*
 * feed_store.c - a feed's items kept as article files in the feed's own
 * folder (feed.h bl_feed_store): one file per item named by its guid's
 * hash, the lead picture fetched and checked beside it, items that left
 * the feed kept until they are too old, the count bounded.  Every write is
 * atomic, so the folder source reads whole files only.  Depends on base,
 * buf, fs, content, picture and feed (and libxml2's URI resolver).
 */
#include "content/feed.h"

#include "core/buf.h"
#include "core/fs.h"
#include "content/content.h"
#include "content/picture.h"

#include <errno.h>
#include <inttypes.h>
#include <libxml/uri.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TAG "feed"

#define PICTURES "pictures"

/* url resolved against base (either may be NULL); the caller's. */
static char *resolve(const char *url, const char *base)
{
    xmlChar *r;
    char *s;
    if (!url)
        return NULL;
    if (!base)
        return bl_strdup(url);
    r = xmlBuildURI((const xmlChar *)url, (const xmlChar *)base);
    s = bl_strdup(r ? (const char *)r : url);
    xmlFree(r);
    return s;
}

/* The picture kind by its first bytes: the extension the folder and
 * SDL2_image know it by, or NULL. */
static const char *picture_ext(const char *d, size_t n)
{
    if (n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8))
        return "png";
    if (n >= 3 && !memcmp(d, "\xff\xd8\xff", 3))
        return "jpg";
    if (n >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBP", 4))
        return "webp";
    return NULL;
}

/* pictures/HASH.EXT already in the folder, or NULL. */
static char *have_picture(const char *dir, const char *hash)
{
    static const char *const ext[] = {"png", "jpg", "webp"};
    char path[1200];
    size_t i;
    struct stat sb;
    for (i = 0; i < BL_ARRAY_LEN(ext); i++) {
        snprintf(path, sizeof path, "%s/" PICTURES "/%s.%s", dir, hash, ext[i]);
        if (!stat(path, &sb) && S_ISREG(sb.st_mode)) {
            snprintf(path, sizeof path, PICTURES "/%s.%s", hash, ext[i]);
            return bl_strdup(path);
        }
    }
    return NULL;
}

/* A picture that could not be had is remembered in pictures/HASH.none
 * (holding its URL), so that it is neither fetched nor warned about again
 * at every fetch of the feed; a new URL is tried. */
static bool failed_before(const char *dir, const char *hash, const char *url)
{
    char path[1200], *text = NULL;
    bool same;
    snprintf(path, sizeof path, "%s/" PICTURES "/%s.none", dir, hash);
    if (bl_read_file(path, 4096, &text, NULL, NULL))
        return false;
    same = !strcmp(text, url);
    free(text);
    return same;
}

static void remember_failure(const char *dir, const char *hash, const char *url)
{
    char pics[1100], name[64];
    snprintf(pics, sizeof pics, "%s/" PICTURES, dir);
    snprintf(name, sizeof name, "%s.none", hash);
    bl_write_atomic(pics, name, url, strlen(url), 0644, NULL, NULL);
}

/* The item's lead picture as "pictures/HASH.EXT", fetched when not there
 * yet; NULL when it has none or it cannot be had (said once, here). */
static char *lead_picture(const char *dir, const char *hash, const char *url, const bl_feed_store_opts *o)
{
    char *data = NULL, *have, pics[1100], name[64];
    size_t len = 0;
    const char *ext;
    bl_picture *pic = NULL;
    bl_err err;
    if (!url || !o->get)
        return NULL;
    if ((have = have_picture(dir, hash)))
        return have;
    if (failed_before(dir, hash, url))
        return NULL;
    if (o->get(o->user, url, &data, &len, &err)) {
        BL_LOGW(TAG, "%s; the item %s is shown without its picture", err.msg, hash);
        remember_failure(dir, hash, url);
        return NULL;
    }
    if (!(ext = picture_ext(data, len)) || bl_picture_decode(url, data, len, &pic, &err)) {
        if (!ext)
            BL_LOGW(TAG, "%s: not a JPEG, PNG or WebP picture; the item %s is shown without it", url, hash);
        else
            BL_LOGW(TAG, "%s; the item %s is shown without its picture", err.msg, hash);
        remember_failure(dir, hash, url);
        free(data);
        return NULL;
    }
    bl_picture_destroy(pic);
    snprintf(pics, sizeof pics, "%s/" PICTURES, dir);
    snprintf(name, sizeof name, "%s.%s", hash, ext);
    if (bl_write_atomic(pics, name, data, len, 0644, NULL, &err)) {
        BL_LOGW(TAG, "%s", err.msg);
        free(data);
        return NULL;
    }
    free(data);
    snprintf(pics, sizeof pics, PICTURES "/%s", name);
    return bl_strdup(pics);
}

/* The first characters of text (at most about 40 bytes, whole UTF-8
 * characters), for an item without a title. */
static char *title_from(const char *text)
{
    size_t n = 0;
    while (text[n] && n < 40)
        for (n++; (text[n] & 0xc0) == 0x80; n++)
            ;
    return strndup(text, n);
}

/* Writes one item's article file when it differs from what is there.
 * False when the item cannot be an article (said). */
static bool store_item(const bl_feed *feed, const bl_feed_item *it, const char *dir, const char *hash,
                       const bl_feed_store_opts *o, size_t *written)
{
    bl_article a;
    char **paras = NULL, *img = NULL, *img_url = NULL, *link, *title = NULL, date[32], name[32], path[1200];
    char *old = NULL, *text;
    size_t npara = 0, oldlen = 0;
    bl_buf out = {0};
    bl_err err;
    bool ok = false;
    const char *html = it->html ? it->html : "";

    memset(&a, 0, sizeof a);
    if (bl_feed_html_paras(html, strlen(html), &paras, &npara, &img, &err))
        BL_LOGW(TAG, "%s: item %s: %s", o->base ? o->base : dir, hash, err.msg);
    link = resolve(it->link, o->base);
    img_url = resolve(it->image ? it->image : img, link ? link : o->base);
    a.image = lead_picture(dir, hash, img_url, o);
    a.title = it->title ? it->title : npara ? (title = title_from(paras[0])) : NULL;
    if (!a.title) {
        BL_LOGW(TAG, "%s: an item (%s) with neither title nor text is left out", o->base ? o->base : dir, hash);
        goto done;
    }
    if (npara) {
        a.paras = paras;
        a.npara = npara;
    } else {
        a.paras = (char **)&a.title; /* a headline-only item: the headline is its text */
        a.npara = 1;
    }
    a.byline = it->author;
    a.source = feed->title;
    a.link = link;
    if (it->when) {
        time_t t = (time_t)it->when;
        struct tm tm;
        if (localtime_r(&t, &tm) && strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm))
            a.date = date;
    }
    if (bl_article_write(&a, &out, &err)) {
        BL_LOGW(TAG, "%s: the item '%s' cannot be an article: %s", o->base ? o->base : dir, a.title, err.msg);
        goto done;
    }
    snprintf(name, sizeof name, "%s.txt", hash);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!bl_read_file(path, BL_ARTICLE_MAX_BYTES, &old, &oldlen, NULL) && oldlen == out.len &&
        !memcmp(old, out.p, oldlen)) {
        ok = true; /* unchanged: not written again, so the board does not lay it out again */
        goto done;
    }
    text = out.p;
    if (bl_write_atomic(dir, name, text, out.len, 0644, NULL, &err))
        BL_LOGW(TAG, "%s", err.msg);
    else
        ok = true, ++*written;
done:
    free(old);
    bl_buf_free(&out);
    bl_strv_free(paras, npara);
    free(img);
    free(img_url);
    free(link);
    free(title);
    free(a.image);
    return ok;
}

/* ---- pruning --------------------------------------------------------------------- */

typedef struct held {
    char *path;
    char hash[17];
    int64_t when;
    bool current; /* in the feed now */
} held;

static bool is_article(const char *name, void *user)
{
    (void)user;
    return name[0] != '.' && bl_has_suffix(name, ".txt", false) && strlen(name) == 20;
}

/* When a held file's item was published: its date: (local time), else the
 * file's time. */
static int64_t held_when(const char *path)
{
    bl_article *a = NULL;
    struct stat sb;
    int64_t when = 0;
    if (!bl_article_load(path, BL_ARTICLE_MAX_BYTES, &a, NULL) && a->date) {
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        if (sscanf(a->date, "%d-%d-%d %d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min) == 5) {
            tm.tm_year -= 1900;
            tm.tm_mon--;
            tm.tm_isdst = -1;
            when = (int64_t)mktime(&tm);
        }
    }
    bl_article_destroy(a);
    if (!when && !stat(path, &sb))
        when = (int64_t)sb.st_mtime;
    return when;
}

static int cmp_held(const void *pa, const void *pb)
{
    const held *a = pa, *b = pb;
    if (a->current != b->current)
        return a->current ? -1 : 1;
    return a->when > b->when ? -1 : a->when < b->when ? 1 : strcmp(a->hash, b->hash);
}

static void remove_item(const char *dir, const held *h)
{
    static const char *const ext[] = {"png", "jpg", "webp", "none"};
    char path[1200];
    size_t i;
    if (unlink(h->path) && errno != ENOENT)
        BL_LOGW(TAG, "%s: cannot remove: %s", h->path, strerror(errno));
    for (i = 0; i < BL_ARRAY_LEN(ext); i++) {
        snprintf(path, sizeof path, "%s/" PICTURES "/%s.%s", dir, h->hash, ext[i]);
        unlink(path);
    }
}

static void prune(const char *dir, char (*current)[17], size_t ncur, const bl_feed_store_opts *o)
{
    char **paths = NULL;
    size_t n = 0, i, k, kept = 0;
    held *h;
    bl_err err;
    if (bl_dir_list(dir, is_article, NULL, &paths, &n, &err)) {
        BL_LOGW(TAG, "%s", err.msg);
        return;
    }
    if (!n || !(h = calloc(n, sizeof *h))) {
        bl_strv_free(paths, n);
        return;
    }
    for (i = 0; i < n; i++) {
        const char *slash = strrchr(paths[i], '/');
        h[i].path = paths[i];
        snprintf(h[i].hash, sizeof h[i].hash, "%.16s", slash ? slash + 1 : paths[i]);
        for (k = 0; k < ncur && !h[i].current; k++)
            h[i].current = !strcmp(current[k], h[i].hash);
        h[i].when = h[i].current ? 0 : held_when(paths[i]);
    }
    qsort(h, n, sizeof *h, cmp_held);
    for (i = 0; i < n; i++) {
        bool old = !h[i].current && o->now - h[i].when > (int64_t)o->max_age_days * 86400;
        if (old || kept >= (size_t)o->max_items)
            remove_item(dir, &h[i]);
        else
            kept++;
    }
    free(h);
    bl_strv_free(paths, n);
}

/* ---- the feed --------------------------------------------------------------------- */

static int cmp_newest(const void *pa, const void *pb)
{
    const bl_feed_item *a = *(const bl_feed_item *const *)pa, *b = *(const bl_feed_item *const *)pb;
    return a->when > b->when ? -1 : a->when < b->when ? 1 : 0;
}

bl_status bl_feed_store(const bl_feed *feed, const char *dir, const bl_feed_store_opts *o, size_t *written,
                        bl_err *err)
{
    const bl_feed_item **order;
    char(*current)[17];
    char pics[1100];
    size_t i, ncur = 0, nw = 0;
    struct stat sb;

    if (written)
        *written = 0;
    if (stat(dir, &sb) || !S_ISDIR(sb.st_mode))
        return bl_err_set(err, BL_ERR_IO, "%s: the feed's folder is missing", dir);
    snprintf(pics, sizeof pics, "%s/" PICTURES, dir);
    if (mkdir(pics, 0755) && errno != EEXIST)
        return bl_err_set(err, BL_ERR_IO, "%s: cannot make it: %s", pics, strerror(errno));
    order = calloc(feed->n + 1, sizeof *order);
    current = calloc(feed->n + 1, sizeof *current);
    if (!order || !current) {
        free(order);
        free(current);
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", dir);
    }
    /* items without a date count as new (they are in the feed now) */
    for (i = 0; i < feed->n; i++)
        order[i] = &feed->items[i];
    qsort(order, feed->n, sizeof *order, cmp_newest);
    for (i = 0; i < feed->n && ncur < (size_t)o->max_items; i++) {
        const bl_feed_item *it = order[i];
        char hash[17];
        bool dup = false;
        size_t k;
        if (it->when && o->now - it->when > (int64_t)o->max_age_days * 86400)
            continue;
        snprintf(hash, sizeof hash, "%016" PRIx64, bl_feed_hash(it->guid));
        for (k = 0; k < ncur && !dup; k++)
            dup = !strcmp(current[k], hash);
        if (dup) /* the same guid twice: the first (newest) is the item */
            continue;
        if (store_item(feed, it, dir, hash, o, &nw))
            memcpy(current[ncur++], hash, sizeof hash);
    }
    prune(dir, current, ncur, o);
    free(order);
    free(current);
    if (written)
        *written = nw;
    return BL_OK;
}
