/*
 * fs.c - see fs.h.
 */
#include "core/fs.h"

#include "core/buf.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

void bl_strv_free(char **v, size_t n)
{
    size_t i;
    if (!v)
        return;
    for (i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

bl_status bl_dir_list(const char *dir, bl_dir_filter keep, void *user, char ***paths, size_t *n, bl_err *err)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **v = NULL;
    size_t cnt = 0, cap = 0;

    *paths = NULL;
    *n = 0;
    if (!d)
        return bl_err_set(err, errno == ENOENT ? BL_ERR_NOTFOUND : BL_ERR_IO, "%s: %s", dir, strerror(errno));
    while ((de = readdir(d))) {
        size_t len;
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (keep && !keep(de->d_name, user))
            continue;
        len = strlen(dir) + strlen(de->d_name) + 2;
        if (!BL_GROW(&v, &cap, cnt + 1) || !(v[cnt] = malloc(len))) {
            closedir(d);
            bl_strv_free(v, cnt);
            return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory listing the folder", dir);
        }
        snprintf(v[cnt], len, "%s/%s", dir, de->d_name);
        cnt++;
    }
    closedir(d);
    if (cnt > 1)
        qsort(v, cnt, sizeof *v, cmp_str);
    *paths = v;
    *n = cnt;
    return BL_OK;
}

bool bl_has_suffix(const char *name, const char *ext, bool nocase)
{
    size_t len = strlen(name), el = strlen(ext);
    if (len <= el)
        return false;
    return nocase ? !strcasecmp(name + len - el, ext) : !strcmp(name + len - el, ext);
}

bool bl_parse_size(const char *s, int min_w, int min_h, int max_w, int max_h, int *w, int *h)
{
    char x, tail;
    int ww, hh;
    if (sscanf(s, "%d%c%d%c", &ww, &x, &hh, &tail) != 3 || (x != 'x' && x != 'X'))
        return false;
    if (ww < min_w || hh < min_h || ww > max_w || hh > max_h)
        return false;
    *w = ww;
    *h = hh;
    return true;
}

/* Writes len bytes of data to fd, sets its mode and flushes it to
 * the disk; false (errno set by the call that failed) if any of it fails. */
static bool write_fully(int fd, const char *data, size_t len, unsigned mode)
{
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        off += (size_t)w;
    }
    return fchmod(fd, (mode_t)mode) == 0 && fsync(fd) == 0;
}

bl_status bl_write_atomic(const char *dir, const char *name, const char *data, size_t len, unsigned mode,
                          char **path_out, bl_err *err)
{
    bl_buf path = {0}, tmp = {0};
    char *p = NULL, *t = NULL;
    int fd = -1;
    bool ok;
    bl_status st = BL_OK;

    bl_buf_printf(&path, "%s/%s", dir, name);
    bl_buf_printf(&tmp, "%s/" BL_TMP_PREFIX "%s.XXXXXX", dir, name);
    p = bl_buf_take(&path);
    t = bl_buf_take(&tmp);
    if (!p || !t) {
        st = bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", dir);
        goto out;
    }
    fd = mkstemp(t);
    if (fd < 0) {
        st = bl_err_set(err, BL_ERR_IO, "%s: cannot create a file: %s", dir, strerror(errno));
        goto out;
    }
    ok = write_fully(fd, data, len, mode);
    if (ok) {
        ok = close(fd) == 0;
        fd = -1; /* closed, even when close fails */
    }
    if (!ok) {
        st = bl_err_set(err, BL_ERR_IO, "%s: cannot write: %s", t, strerror(errno));
        goto out;
    }
    if (rename(t, p) != 0) {
        st = bl_err_set(err, BL_ERR_IO, "%s: cannot rename into place: %s", p, strerror(errno));
        goto out;
    }
    if (path_out) {
        *path_out = p;
        p = NULL;
    }
out:
    if (fd >= 0)
        close(fd);
    if (st != BL_OK && t)
        unlink(t);
    free(p);
    free(t);
    return st;
}
