/*
 * library.c - see library.h.
 */
#include "content/library.h"

#include "content/import.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TAG "content"

typedef struct entry {
    char *path;
    bl_article *article; /* last good version, or NULL if it never parsed */
    int64_t mtime_ns;
    int64_t size;
    bool seen;      /* present in the current scan */
    bool failed;    /* the file on disk did not parse (reported once) */
} entry;

struct bl_library {
    char *dir;
    char *inbox;    /* or NULL */
    int ifd;        /* inotify, or -1 */
    bool deferred;  /* a file was too fresh to read: look again */
    int64_t settle_ns;
    size_t max_bytes;
    entry *entries; /* sorted by path */
    size_t n;
};

bl_status bl_library_create(const char *dir, size_t max_bytes, bl_library **out, bl_err *err)
{
    bl_library *lib = calloc(1, sizeof *lib);
    *out = NULL;
    if (!lib || !(lib->dir = bl_strdup(dir))) {
        free(lib);
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    }
    lib->max_bytes = max_bytes;
    lib->ifd = -1;
    lib->settle_ns = 1000000000;
    *out = lib;
    return BL_OK;
}

static void entry_free(entry *e)
{
    free(e->path);
    bl_article_destroy(e->article);
}

void bl_library_destroy(bl_library *lib)
{
    size_t i;
    if (!lib)
        return;
    for (i = 0; i < lib->n; i++)
        entry_free(&lib->entries[i]);
    free(lib->entries);
    free(lib->dir);
    free(lib->inbox);
    if (lib->ifd >= 0)
        close(lib->ifd);
    free(lib);
}

static bool wanted(const char *name)
{
    size_t len = strlen(name);
    return name[0] != '.' && len > 4 && !strcmp(name + len - 4, ".txt");
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->path, ((const entry *)b)->path);
}

static entry *find(bl_library *lib, const char *path)
{
    entry key;
    key.path = (char *)(uintptr_t)path;
    return lib->n ? bsearch(&key, lib->entries, lib->n, sizeof *lib->entries, cmp_entry) : NULL;
}

/* Reads one file into its entry; returns true if the article changed. */
static bool load_entry(bl_library *lib, entry *e)
{
    bl_article *a = NULL;
    bl_err err;
    if (bl_article_load(e->path, lib->max_bytes, &a, &err)) {
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
    return true;
}

bool bl_library_watch(bl_library *lib)
{
    const uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_ATTRIB;
    if (lib->ifd >= 0)
        return true;
    lib->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (lib->ifd < 0) {
        BL_LOGW(TAG, "cannot watch %s (%s); looking for changes every few seconds", lib->dir, strerror(errno));
        return false;
    }
    if (inotify_add_watch(lib->ifd, lib->dir, mask) < 0) {
        BL_LOGW(TAG, "cannot watch %s (%s); looking for changes every few seconds", lib->dir, strerror(errno));
        close(lib->ifd);
        lib->ifd = -1;
        return false;
    }
    if (lib->inbox && inotify_add_watch(lib->ifd, lib->inbox, mask) < 0)
        BL_LOGW(TAG, "cannot watch the inbox %s (%s)", lib->inbox, strerror(errno));
    return true;
}

bool bl_library_pending(bl_library *lib)
{
    _Alignas(struct inotify_event) char buf[4096];
    bool any = false;
    ssize_t n;
    if (lib->ifd < 0)
        return true;
    while ((n = read(lib->ifd, buf, sizeof buf)) > 0)
        any = true;
    return any || lib->deferred;
}

void bl_library_set_settle(bl_library *lib, double seconds)
{
    lib->settle_ns = seconds > 0 ? (int64_t)(seconds * 1e9) : 0;
}

bl_status bl_library_set_inbox(bl_library *lib, const char *inbox)
{
    char *c = inbox ? bl_strdup(inbox) : NULL;
    if (inbox && !c)
        return BL_ERR_NOMEM;
    free(lib->inbox);
    lib->inbox = c;
    return BL_OK;
}

/* Moves path into the folder sub/ of the inbox. */
static void inbox_move(const bl_library *lib, const char *path, const char *name, const char *sub)
{
    char dir[1024], to[1536];
    snprintf(dir, sizeof dir, "%s/%s", lib->inbox, sub);
    if (mkdir(dir, 0755) && errno != EEXIST) {
        BL_LOGW(TAG, "cannot create %s: %s", dir, strerror(errno));
        return;
    }
    snprintf(to, sizeof to, "%s/%s", dir, name);
    if (rename(path, to))
        BL_LOGW(TAG, "cannot move %s to %s: %s", path, to, strerror(errno));
}

/* Imports every raw page waiting in the inbox into the content folder. */
static void import_inbox(bl_library *lib)
{
    DIR *d = lib->inbox ? opendir(lib->inbox) : NULL;
    struct dirent *de;
    if (!d)
        return;
    while ((de = readdir(d))) {
        char path[1024];
        struct stat sb;
        char *bytes = NULL, **paths = NULL;
        size_t len = 0, npaths = 0, i;
        bl_import_result *r = NULL;
        bl_err err;
        struct tm tm;
        time_t mt;
        if (!wanted(de->d_name))
            continue;
        snprintf(path, sizeof path, "%s/%s", lib->inbox, de->d_name);
        if (stat(path, &sb) || !S_ISREG(sb.st_mode))
            continue;
        mt = sb.st_mtime;
        localtime_r(&mt, &tm);
        if (bl_read_file(path, BL_IMPORT_MAX_BYTES, &bytes, &len, &err) ||
            bl_import_page(path, bytes, len, tm.tm_year + 1900, &r, &err) ||
            bl_import_write(r, lib->dir, &paths, &npaths, &err)) {
            BL_LOGW(TAG, "inbox: %s; moved to %s/failed/", err.msg, lib->inbox);
            inbox_move(lib, path, de->d_name, "failed");
        } else {
            BL_LOGI(TAG, "inbox: %s: %zu article%s imported (%zu set aside, %zu notes)", path, npaths,
                    npaths == 1 ? "" : "s", r->nset_aside, r->nnotes);
            for (i = 0; i < r->nset_aside; i++)
                BL_LOGI(TAG, "inbox: %s:%zu: set aside (%s): %s", path, r->set_aside[i].line, r->set_aside[i].why,
                        r->set_aside[i].text);
            inbox_move(lib, path, de->d_name, "imported");
        }
        for (i = 0; i < npaths; i++)
            free(paths[i]);
        free(paths);
        bl_import_result_destroy(r);
        free(bytes);
    }
    closedir(d);
}

bool bl_library_scan(bl_library *lib)
{
    DIR *d;
    struct dirent *de;
    bool changed = false;
    size_t i, k;

    import_inbox(lib);
    lib->deferred = false;
    d = opendir(lib->dir);
    if (!d) {
        BL_LOGW(TAG, "cannot read the content folder %s; keeping what is shown", lib->dir);
        return false;
    }
    for (i = 0; i < lib->n; i++)
        lib->entries[i].seen = false;
    while ((de = readdir(d))) {
        char *path;
        struct stat sb;
        entry *e;
        int64_t mt;
        if (!wanted(de->d_name))
            continue;
        path = malloc(strlen(lib->dir) + strlen(de->d_name) + 2);
        if (!path)
            break;
        sprintf(path, "%s/%s", lib->dir, de->d_name);
        if (stat(path, &sb) || !S_ISREG(sb.st_mode)) {
            free(path);
            continue;
        }
        mt = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
        {
            /* A file written in place rather than renamed into the folder
             * may be half written: only read it once it has been left
             * alone for a second. */
            struct timespec now;
            clock_gettime(CLOCK_REALTIME, &now);
            if ((int64_t)now.tv_sec * 1000000000 + now.tv_nsec - mt < lib->settle_ns) {
                lib->deferred = true;
                e = find(lib, path);
                if (e)
                    e->seen = true;
                free(path);
                continue;
            }
        }
        e = find(lib, path);
        if (e) {
            free(path);
            e->seen = true;
            if (e->mtime_ns != mt || e->size != (int64_t)sb.st_size) {
                e->mtime_ns = mt;
                e->size = (int64_t)sb.st_size;
                changed |= load_entry(lib, e);
            }
            continue;
        }
        {
            entry *ne = realloc(lib->entries, (lib->n + 1) * sizeof *ne);
            if (!ne) {
                free(path);
                break;
            }
            lib->entries = ne;
            e = &lib->entries[lib->n++];
            memset(e, 0, sizeof *e);
            e->path = path;
            e->seen = true;
            e->mtime_ns = mt;
            e->size = (int64_t)sb.st_size;
            changed |= load_entry(lib, e);
            qsort(lib->entries, lib->n, sizeof *lib->entries, cmp_entry);
        }
    }
    closedir(d);
    /* Deleted files leave the board. */
    for (i = k = 0; i < lib->n; i++) {
        if (!lib->entries[i].seen) {
            if (lib->entries[i].article) {
                BL_LOGI(TAG, "%s: removed", lib->entries[i].path);
                changed = true;
            }
            entry_free(&lib->entries[i]);
            continue;
        }
        lib->entries[k++] = lib->entries[i];
    }
    lib->n = k;
    return changed;
}

const char *bl_library_dir(const bl_library *lib) { return lib->dir; }

/* Only entries with a good version count as articles. */
size_t bl_library_count(const bl_library *lib)
{
    size_t i, c = 0;
    for (i = 0; i < lib->n; i++)
        c += lib->entries[i].article != NULL;
    return c;
}

static const entry *nth_good(const bl_library *lib, size_t i)
{
    size_t k;
    for (k = 0; k < lib->n; k++)
        if (lib->entries[k].article && i-- == 0)
            return &lib->entries[k];
    return NULL;
}

const bl_article *bl_library_article(const bl_library *lib, size_t i)
{
    const entry *e = nth_good(lib, i);
    return e ? e->article : NULL;
}

const char *bl_library_path(const bl_library *lib, size_t i)
{
    const entry *e = nth_good(lib, i);
    return e ? e->path : NULL;
}

