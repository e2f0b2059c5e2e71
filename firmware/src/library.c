/*
 * library.c - see library.h.
 */
#include "library.h"

#include <dirent.h>
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
    size_t max_bytes;
    entry *entries; /* sorted by path */
    size_t n;
    uint64_t version;
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

bool bl_library_scan(bl_library *lib)
{
    DIR *d = opendir(lib->dir);
    struct dirent *de;
    bool changed = false;
    size_t i, k;

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
    if (changed)
        lib->version++;
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

uint64_t bl_library_version(const bl_library *lib) { return lib->version; }
