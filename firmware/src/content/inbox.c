/*
 * inbox.c - see inbox.h.
 */
#include "content/inbox.h"

#include "content/import.h"
#include "content/source.h"
#include "core/fs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TAG "content"

struct bl_inbox {
    char *dir;
    char *content_dir;
    double settle;  /* seconds a page is left alone before it is taken */
    bool deferred;  /* a page was too fresh: look again */
    time_t cleaned; /* when stale temporaries were last looked for */
    int ifd;        /* inotify, or -1 */
};

/* True if dir is the folder top or inside it, however either is
 * spelled (links, "..", relative paths): dir and its parents, up to the
 * root, are compared with top by device and inode. */
static bool inside(const char *dir, const char *top)
{
    struct stat t, d, up;
    char path[4096];
    int depth;
    if (stat(top, &t))
        return false;
    snprintf(path, sizeof path, "%s", dir);
    for (depth = 0; depth < 256 && stat(path, &d) == 0; depth++) {
        size_t n = strlen(path);
        if (d.st_dev == t.st_dev && d.st_ino == t.st_ino)
            return true;
        if (n + 4 >= sizeof path)
            return false;
        memcpy(path + n, "/..", 4);
        if (stat(path, &up) || (up.st_dev == d.st_dev && up.st_ino == d.st_ino))
            return false; /* the root */
    }
    return false;
}

/* Removes the temporary files an import killed half way left in dir:
 * hidden from the board, they would stay for good.  One younger than a
 * minute may be another importer's, still being written (and a board
 * restarted at once after a crash finds its own that young: the imports
 * look again once a minute). */
static void remove_stale_temporaries(const char *dir)
{
    char **paths = NULL;
    size_t n = 0, i;
    bl_err err;
    if (bl_dir_list(dir, NULL, NULL, &paths, &n, &err))
        return;
    for (i = 0; i < n; i++) {
        const char *slash = strrchr(paths[i], '/');
        const char *name = slash ? slash + 1 : paths[i];
        struct stat sb;
        if (strncmp(name, BL_IMPORT_TMP_PREFIX, strlen(BL_IMPORT_TMP_PREFIX)) || lstat(paths[i], &sb) ||
            !S_ISREG(sb.st_mode) || time(NULL) - sb.st_mtime < 60)
            continue;
        if (unlink(paths[i]) == 0)
            BL_LOGI(TAG, "inbox: removed %s, left half written by an import that was stopped", paths[i]);
    }
    bl_strv_free(paths, n);
}

bl_status bl_inbox_create(const char *inbox, const char *content_dir, double settle, bl_inbox **out,
                          bl_err *err)
{
    bl_inbox *in;
    *out = NULL;
    /* Pages are moved away once imported and their articles written to
     * the content folder: an inbox that is that folder would take the
     * operator's articles for pages and import them again and again. */
    if (inside(inbox, content_dir))
        return bl_err_set(err, BL_ERR_USAGE,
                          "the inbox %s is the content folder %s or inside it; it must be a folder of its own",
                          inbox, content_dir);
    in = calloc(1, sizeof *in);
    if (!in || !(in->dir = bl_strdup(inbox)) || !(in->content_dir = bl_strdup(content_dir))) {
        bl_inbox_destroy(in);
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    }
    in->settle = settle;
    in->ifd = -1;
    remove_stale_temporaries(content_dir);
    in->cleaned = time(NULL);
    *out = in;
    return BL_OK;
}

void bl_inbox_destroy(bl_inbox *in)
{
    if (!in)
        return;
    free(in->dir);
    free(in->content_dir);
    if (in->ifd >= 0)
        close(in->ifd);
    free(in);
}

const char *bl_inbox_dir(const bl_inbox *in) { return in->dir; }

bool bl_inbox_watch(bl_inbox *in)
{
    const uint32_t mask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE | IN_ATTRIB;
    if (in->ifd >= 0)
        return true;
    in->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (in->ifd < 0 || inotify_add_watch(in->ifd, in->dir, mask) < 0) {
        BL_LOGW(TAG, "cannot watch the inbox %s (%s)", in->dir, strerror(errno));
        if (in->ifd >= 0)
            close(in->ifd);
        in->ifd = -1;
        return false;
    }
    return true;
}

bool bl_inbox_pending(bl_inbox *in)
{
    _Alignas(struct inotify_event) char buf[4096];
    bool any = in->deferred;
    if (in->ifd < 0)
        return any;
    while (read(in->ifd, buf, sizeof buf) > 0)
        any = true;
    return any;
}

/* A raw page: a text file or a PDF, not one being written. */
static bool wanted(const char *name, void *user)
{
    (void)user;
    return name[0] != '.' && (bl_has_suffix(name, ".txt", true) || bl_has_suffix(name, ".pdf", true));
}

/* Moves path into the folder sub/ of the inbox, under a name nothing
 * there has yet (page.txt, page.2.txt, page.3.txt, ...): a second page of
 * the same name never replaces the first. */
static void move_to(const bl_inbox *in, const char *path, const char *sub)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    const char *dot = strrchr(name, '.');
    int stem = dot && dot != name ? (int)(dot - name) : (int)strlen(name);
    char dir[1024], to[1536];
    int k;
    snprintf(dir, sizeof dir, "%s/%s", in->dir, sub);
    if (mkdir(dir, 0755) && errno != EEXIST) {
        BL_LOGW(TAG, "cannot create %s: %s", dir, strerror(errno));
        return;
    }
    snprintf(to, sizeof to, "%s/%s", dir, name);
    for (k = 2; access(to, F_OK) == 0 && k < 100000; k++)
        snprintf(to, sizeof to, "%s/%.*s.%d%s", dir, stem, name, k, name + stem);
    if (rename(path, to))
        BL_LOGW(TAG, "cannot move %s to %s: %s", path, to, strerror(errno));
}

/* Imports one page into the content folder and moves it. */
static void import_one(const bl_inbox *in, const char *path, time_t mtime)
{
    char *bytes = NULL, **paths = NULL;
    size_t len = 0, npaths = 0, i;
    bl_import_result *r = NULL;
    bl_err err;
    struct tm tm;

    localtime_r(&mtime, &tm);
    if (bl_read_file(path, BL_IMPORT_MAX_PDF_BYTES, &bytes, &len, &err) ||
        bl_import_page(path, bytes, len, tm.tm_year + 1900, &r, &err) ||
        bl_import_write(r, in->content_dir, &paths, &npaths, &err)) {
        BL_LOGW(TAG, "inbox: %s; moved to %s/failed/", err.msg, in->dir);
        move_to(in, path, "failed");
    } else {
        BL_LOGI(TAG, "inbox: %s: %zu article%s imported (%zu set aside, %zu notes)", path, npaths,
                npaths == 1 ? "" : "s", r->nset_aside, r->nnotes);
        for (i = 0; i < r->nset_aside; i++)
            BL_LOGI(TAG, "inbox: %s:%zu: set aside (%s): %s", path, r->set_aside[i].line, r->set_aside[i].why,
                    r->set_aside[i].text);
        move_to(in, path, "imported");
    }
    bl_strv_free(paths, npaths);
    bl_import_result_destroy(r);
    free(bytes);
}

size_t bl_inbox_import(bl_inbox *in)
{
    char **paths = NULL;
    size_t n = 0, i, taken = 0;
    bl_err err;
    in->deferred = false;
    if (time(NULL) - in->cleaned >= 60 || time(NULL) < in->cleaned) {
        remove_stale_temporaries(in->content_dir);
        in->cleaned = time(NULL);
    }
    if (bl_dir_list(in->dir, wanted, NULL, &paths, &n, &err))
        return 0; /* gone for now: the board said at start whether it was there */
    for (i = 0; i < n; i++) {
        struct stat sb;
        bool warned = false;
        if (stat(paths[i], &sb) || !S_ISREG(sb.st_mode))
            continue;
        /* A page written in place may be half written (or created empty
         * and filled a moment later): it is taken once left alone, like
         * the content folder's files, since taking it moves it away. */
        if (!bl_content_settled((int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec, in->settle,
                                paths[i], &warned)) {
            in->deferred = true;
            continue;
        }
        import_one(in, paths[i], sb.st_mtime);
        taken++;
    }
    bl_strv_free(paths, n);
    return taken;
}
