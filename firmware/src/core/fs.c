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
