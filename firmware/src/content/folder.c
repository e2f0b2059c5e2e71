/*
 * folder.c - the content folder as a source (source.h): the last good
 * version of every article file, rescanned on inotify events or a timer,
 * within the content budget; and the settle rule the inbox shares.
 * Poster files (pictures, PDFs) are entries too, each given as an article
 * with `poster:` naming it; one that a poster article names is given
 * through that article instead.  Depends on base, clock (the build time),
 * fs, content and poster (which files are posters).
 */
#include "content/source.h"

#include "core/buf.h"
#include "core/clock.h"
#include "core/fs.h"
#include "content/poster.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TAG "content"

typedef struct entry {
    char *path;
    bl_article *article; /* last good version, or NULL if it never parsed */
    uint64_t key;
    uint64_t generation; /* when the article last changed */
    int64_t mtime_ns;
    int64_t size;
    int64_t bytes;  /* size of the file the article held was read from (the budget's count) */
    bool seen;      /* present in the current scan */
    bool failed;    /* the file on disk did not parse (reported once) */
    bool fresh;     /* read before it settled (first scan): read again once it has */
    bool refused;   /* over the content budget (reported once) */
    bool odd_time;  /* its time was not trusted for settling (reported once) */
    double seen_at; /* monotonic seconds when this mtime and size were first seen */
    bool poster_file;  /* a picture or PDF: its article is made here, the file is read by the deck */
    bool claimed;      /* a poster file a poster article names: given through that article */
    uint64_t shown_gen; /* the generation given out: with a poster article's, its poster file's */
} entry;

typedef struct folder {
    bl_source base;
    char *dir;
    int ifd;        /* inotify, or -1 */
    bool deferred;  /* a file was too fresh to read: look again */
    int64_t settle_ns;
    size_t max_bytes;
    size_t budget;  /* bytes of article files held at most */
    size_t held;    /* bytes of the article files held now */
    bool scanned;   /* the first scan is done */
    uint64_t generation;
    entry *entries; /* sorted by path */
    size_t n, cap;
    const entry **good; /* the entries with an article, in order (count/entry/article index these) */
    size_t ngood;
} folder;

/* Keys are unique among all folder sources of the program, so that a
 * reader that moves to another source (a new content folder on SIGHUP)
 * never takes a new article for one it had under the same key. */
static atomic_uint_fast64_t last_key;

static folder *self(bl_source *s) { return (folder *)s; }
static const folder *cself(const bl_source *s) { return (const folder *)s; }

static void entry_free(entry *e)
{
    free(e->path);
    bl_article_destroy(e->article);
}

static void folder_destroy(bl_source *s)
{
    folder *f = self(s);
    size_t i;
    for (i = 0; i < f->n; i++)
        entry_free(&f->entries[i]);
    free(f->entries);
    free(f->good);
    free(f->dir);
    if (f->ifd >= 0)
        close(f->ifd);
    free(f);
}

/* An article or poster file, not one being written. */
static bool wanted(const char *name, void *user)
{
    (void)user;
    return name[0] != '.' && (bl_has_suffix(name, ".txt", true) || bl_poster_file(name));
}

/* A poster file's article: its name as `poster:`, nothing else (the deck
 * opens the file, and names it in a warning if it is broken).  The file is
 * not read here, so it does not count against the content budget. */
static bool load_poster_file(folder *f, entry *e)
{
    bl_article *a = calloc(1, sizeof *a);
    const char *slash = strrchr(e->path, '/');
    if (!a || !(a->path = bl_strdup(e->path)) || !(a->poster = bl_strdup(slash ? slash + 1 : e->path))) {
        bl_article_destroy(a);
        return false;
    }
    bl_article_destroy(e->article);
    e->article = a;
    e->generation = ++f->generation;
    return true;
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->path, ((const entry *)b)->path);
}

static entry *find(folder *f, const char *path)
{
    entry key;
    key.path = (char *)(uintptr_t)path;
    return f->n ? bsearch(&key, f->entries, f->n, sizeof *f->entries, cmp_entry) : NULL;
}

/* Reads one file into its entry; returns true if the article changed.
 * The content budget bounds what the board holds: a file that would take
 * the articles held past it is refused (reported once), and a version
 * already held stays. */
static bool load_entry(folder *f, entry *e)
{
    bl_article *a = NULL;
    bl_err err;
    size_t others = f->held - (size_t)e->bytes;
    if (e->poster_file)
        return load_poster_file(f, e);
    if (e->size > 0 && (uint64_t)e->size > f->budget - BL_MIN(others, f->budget)) {
        if (!e->refused)
            BL_LOGW(TAG,
                    "%s: %lld bytes would take the articles held past the content budget of %zu bytes "
                    "([content] budget); %s",
                    e->path, (long long)e->size, f->budget,
                    e->article ? "the last version stays on the board" : "not shown");
        e->refused = true;
        return false;
    }
    if (e->refused)
        BL_LOGI(TAG, "%s: within the content budget now, shown", e->path);
    e->refused = false;
    if (bl_article_load(e->path, f->max_bytes, &a, &err)) {
        if (!e->failed)
            BL_LOGW(TAG, "%s%s", err.msg,
                    e->article ? " (the last good version stays on the board)" : " (not shown)");
        e->failed = true;
        return false;
    }
    if (e->failed)
        BL_LOGI(TAG, "%s: fixed, shown again", e->path);
    e->failed = false;
    bl_article_destroy(e->article);
    e->article = a;
    f->held = others + (size_t)e->size;
    e->bytes = e->size;
    e->generation = ++f->generation;
    return true;
}

static bool folder_watch(bl_source *s)
{
    const uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_ATTRIB;
    folder *f = self(s);
    if (f->ifd >= 0)
        return true;
    f->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (f->ifd < 0) {
        BL_LOGW(TAG, "cannot watch %s (%s); looking for changes every few seconds", f->dir, strerror(errno));
        return false;
    }
    if (inotify_add_watch(f->ifd, f->dir, mask) < 0) {
        BL_LOGW(TAG, "cannot watch %s (%s); looking for changes every few seconds", f->dir, strerror(errno));
        close(f->ifd);
        f->ifd = -1;
        return false;
    }
    return true;
}

static bool folder_pending(bl_source *s)
{
    _Alignas(struct inotify_event) char buf[4096];
    folder *f = self(s);
    bool any = false;
    if (f->ifd < 0)
        return true;
    while (read(f->ifd, buf, sizeof buf) > 0)
        any = true;
    return any || f->deferred;
}

bool bl_content_settled(int64_t mtime_ns, double settle, const char *path, bool *warned)
{
    struct timespec now;
    int64_t age;
    if (settle <= 0)
        return true;
    clock_gettime(CLOCK_REALTIME, &now);
    age = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec - mtime_ns;
    if ((double)age >= settle * 1e9)
        return true;
    /* A time ahead of ours (by more than a coarse file system's second)
     * or before the program was built means one of the clocks is not set:
     * waiting on it could last for ever, so the file is read. */
    if (age < -1000000000 || mtime_ns / 1000000000 < bl_clock_sane_after()) {
        if (!*warned)
            BL_LOGW(TAG, "%s: its time is %s (is the clock set?); read without waiting for it to settle",
                    path, age < 0 ? "in the future" : "before this program was built");
        *warned = true;
        return true;
    }
    return false;
}

/* Takes path (owned) into the scan: a new entry, a changed one, or one
 * that is still the same.  Returns true if an article changed.  A file
 * written in place rather than renamed into the folder may be half
 * written: it is only read once it has been left alone for the settle
 * time, except by the first scan, which shows it at once (a board booting
 * on freshly synced content) and reads it again once it has settled. */
static bool scan_file(folder *f, char *path)
{
    struct stat sb;
    entry *e;
    int64_t mt;
    bool warned = false, settled;
    if (stat(path, &sb) || !S_ISREG(sb.st_mode)) {
        free(path);
        return false;
    }
    mt = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
    e = find(f, path);
    if (e)
        warned = e->odd_time;
    settled = bl_content_settled(mt, (double)f->settle_ns * 1e-9, path, &warned);
    if (!settled && f->scanned) {
        f->deferred = true;
        if (e) {
            e->seen = true;
            e->odd_time = warned;
        }
        free(path);
        return false;
    }
    if (!settled)
        f->deferred = true; /* read now, and again once it settles */
    if (e) {
        free(path);
        e->seen = true;
        e->odd_time = warned;
        if (e->mtime_ns == mt && e->size == (int64_t)sb.st_size && !(e->fresh && settled) && !e->refused)
            return false;
        e->mtime_ns = mt;
        e->size = (int64_t)sb.st_size;
        e->fresh = !settled;
        return load_entry(f, e);
    }
    if (!BL_GROW(&f->entries, &f->cap, f->n + 1)) {
        free(path);
        return false;
    }
    e = &f->entries[f->n++];
    memset(e, 0, sizeof *e);
    e->path = path;
    e->key = atomic_fetch_add(&last_key, 1) + 1;
    e->seen = true;
    e->odd_time = warned;
    e->fresh = !settled;
    e->mtime_ns = mt;
    e->size = (int64_t)sb.st_size;
    e->poster_file = bl_poster_file(e->path);
    {
        bool changed = load_entry(f, e);
        qsort(f->entries, f->n, sizeof *f->entries, cmp_entry);
        return changed;
    }
}

/* Rebuilds the list of entries that have an article.  A poster file that
 * a poster article names is given through the article alone, and its
 * changes change the article's generation (the larger of the two: either
 * changing, or the file leaving, gives a value the deck has not laid out
 * last). */
static void index_good(folder *f)
{
    size_t i;
    const entry **g = realloc(f->good, (f->n ? f->n : 1) * sizeof *g);
    if (!g) {
        f->ngood = 0;
        return;
    }
    f->good = g;
    f->ngood = 0;
    for (i = 0; i < f->n; i++) {
        f->entries[i].claimed = false;
        f->entries[i].shown_gen = f->entries[i].generation;
    }
    for (i = 0; i < f->n; i++) {
        entry *e = &f->entries[i], *p;
        char *path;
        if (!e->article || e->poster_file || !e->article->poster)
            continue;
        if (!(path = bl_poster_resolve(e->path, e->article->poster)))
            continue;
        p = find(f, path);
        free(path);
        if (p && p->poster_file) {
            p->claimed = true;
            e->shown_gen = BL_MAX(e->generation, p->generation);
        }
    }
    for (i = 0; i < f->n; i++)
        if (f->entries[i].article && !f->entries[i].claimed)
            f->good[f->ngood++] = &f->entries[i];
}

static bool folder_scan(bl_source *s)
{
    folder *f = self(s);
    char **paths = NULL;
    size_t npaths = 0, i, k;
    bool changed = false;
    bl_err err;

    f->deferred = false;
    if (bl_dir_list(f->dir, wanted, NULL, &paths, &npaths, &err)) {
        BL_LOGW(TAG, "cannot read the content folder %s; keeping what is shown", f->dir);
        return false;
    }
    for (i = 0; i < f->n; i++)
        f->entries[i].seen = false;
    for (i = 0; i < npaths; i++) {
        changed |= scan_file(f, paths[i]);
        paths[i] = NULL; /* taken */
    }
    free(paths);
    /* Deleted files leave the board. */
    for (i = k = 0; i < f->n; i++) {
        if (!f->entries[i].seen) {
            if (f->entries[i].article) {
                BL_LOGI(TAG, "%s: removed", f->entries[i].path);
                changed = true;
            }
            f->held -= (size_t)f->entries[i].bytes;
            entry_free(&f->entries[i]);
            continue;
        }
        f->entries[k++] = f->entries[i];
    }
    f->n = k;
    /* room freed by deleted files goes to the ones refused for want of it */
    for (i = 0; i < f->n; i++)
        if (f->entries[i].refused)
            changed |= load_entry(f, &f->entries[i]);
    f->scanned = true;
    index_good(f);
    return changed;
}

static size_t folder_count(const bl_source *s)
{
    return cself(s)->ngood;
}

static bool folder_entry(const bl_source *s, size_t i, bl_source_entry *out)
{
    const folder *f = cself(s);
    if (i >= f->ngood)
        return false;
    out->key = f->good[i]->key;
    out->generation = f->good[i]->shown_gen;
    out->name = f->good[i]->path;
    return true;
}

static const bl_article *folder_article(const bl_source *s, size_t i)
{
    const folder *f = cself(s);
    return i < f->ngood ? f->good[i]->article : NULL;
}

static const char *folder_where(const bl_source *s)
{
    return cself(s)->dir;
}

static const bl_source_ops folder_ops = {
    "folder", folder_scan, folder_count, folder_entry, folder_article,
    folder_watch, folder_pending, folder_where, folder_destroy,
};

bl_status bl_folder_create(const char *dir, size_t max_bytes, size_t budget, double settle, bl_source **out,
                           bl_err *err)
{
    folder *f = calloc(1, sizeof *f);
    *out = NULL;
    if (!f || !(f->dir = bl_strdup(dir))) {
        free(f);
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    }
    f->base.ops = &folder_ops;
    f->max_bytes = max_bytes;
    f->budget = budget ? budget : SIZE_MAX;
    f->ifd = -1;
    f->settle_ns = settle > 0 ? (int64_t)(settle * 1e9) : 0;
    *out = &f->base;
    return BL_OK;
}
