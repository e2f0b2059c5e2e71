/*
 * inbox.c - see inbox.h.
 */
#include "content/inbox.h"

#include "content/import.h"
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
    int ifd; /* inotify, or -1 */
};

bl_status bl_inbox_create(const char *inbox, const char *content_dir, bl_inbox **out, bl_err *err)
{
    bl_inbox *in = calloc(1, sizeof *in);
    *out = NULL;
    if (!in || !(in->dir = bl_strdup(inbox)) || !(in->content_dir = bl_strdup(content_dir))) {
        bl_inbox_destroy(in);
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    }
    in->ifd = -1;
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
    bool any = false;
    if (in->ifd < 0)
        return false;
    while (read(in->ifd, buf, sizeof buf) > 0)
        any = true;
    return any;
}

/* A raw page: a text file, not one being written. */
static bool wanted(const char *name, void *user)
{
    (void)user;
    return name[0] != '.' && bl_has_suffix(name, ".txt", false);
}

/* Moves path into the folder sub/ of the inbox. */
static void move_to(const bl_inbox *in, const char *path, const char *sub)
{
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    char dir[1024], to[1536];
    snprintf(dir, sizeof dir, "%s/%s", in->dir, sub);
    if (mkdir(dir, 0755) && errno != EEXIST) {
        BL_LOGW(TAG, "cannot create %s: %s", dir, strerror(errno));
        return;
    }
    snprintf(to, sizeof to, "%s/%s", dir, name);
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
    if (bl_read_file(path, BL_IMPORT_MAX_BYTES, &bytes, &len, &err) ||
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
    if (bl_dir_list(in->dir, wanted, NULL, &paths, &n, &err))
        return 0; /* gone for now: the board said at start whether it was there */
    for (i = 0; i < n; i++) {
        struct stat sb;
        if (stat(paths[i], &sb) || !S_ISREG(sb.st_mode))
            continue;
        import_one(in, paths[i], sb.st_mtime);
        taken++;
    }
    bl_strv_free(paths, n);
    return taken;
}
