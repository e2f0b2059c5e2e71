/*
 * alert.c - the emergency alert and its file (alert.h).  The file is
 * "until: SECONDS", a blank line, then the text.
 */
#include "board/alert.h"

#include "core/fs.h"
#include "core/utf8.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAG "alert"

bool bl_alert_make(const char *text, long minutes, int64_t now, bl_alert *a, char *why, size_t wsize)
{
    size_t n = text ? strlen(text) : 0;
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\n' || text[n - 1] == '\r'))
        n--;
    if (n == 0) {
        snprintf(why, wsize, "text: the alert needs a message");
        return false;
    }
    if (n > BL_ALERT_MAX_TEXT) {
        snprintf(why, wsize, "text: at most %d bytes (this one has %zu)", BL_ALERT_MAX_TEXT, n);
        return false;
    }
    if (bl_utf8_count_invalid(text, n)) {
        snprintf(why, wsize, "text: not UTF-8");
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)text[i] < 0x20 && text[i] != '\n') || text[i] == 0x7F) {
            snprintf(why, wsize, "text: a control character at byte %zu", i);
            return false;
        }
    if (minutes < 0 || minutes > BL_ALERT_MAX_MINUTES) {
        snprintf(why, wsize, "minutes: 0 (until cleared) to %d", BL_ALERT_MAX_MINUTES);
        return false;
    }
    memset(a, 0, sizeof *a);
    a->active = true;
    memcpy(a->text, text, n);
    a->until = minutes ? now + minutes * 60 : 0;
    return true;
}

bl_status bl_alert_save(const char *path, const bl_alert *a, bl_err *err)
{
    if (!a->active) {
        if (unlink(path) != 0 && errno != ENOENT)
            return bl_err_set(err, BL_ERR_IO, "%s: cannot remove: %s", path, strerror(errno));
        return BL_OK;
    }
    char body[BL_ALERT_MAX_TEXT + 64];
    int n = snprintf(body, sizeof body, "until: %lld\n\n%s\n", (long long)a->until, a->text);
    char *d = bl_strdup(path), *b = bl_strdup(path);
    bl_status st = d && b ? bl_write_atomic(dirname(d), basename(b), body, (size_t)n, 0644, NULL, err)
                          : bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", path);
    free(d);
    free(b);
    return st;
}

bool bl_alert_load(const char *path, int64_t now, bl_alert *a)
{
    char *text = NULL;
    size_t len = 0;
    bl_err err;
    long long until;
    int used = 0;
    memset(a, 0, sizeof *a);
    bl_status st = bl_read_file(path, 4096, &text, &len, &err);
    if (st == BL_ERR_NOTFOUND)
        return false;
    char why[128];
    if (st != BL_OK || sscanf(text, "until: %lld\n\n%n", &until, &used) != 1 || used == 0 ||
        !bl_alert_make(text + used, 0, now, a, why, sizeof why)) {
        BL_LOGW(TAG, "%s: not an alert file (%s); removed", path, st != BL_OK ? err.msg : "bad contents");
        free(text);
        unlink(path);
        memset(a, 0, sizeof *a);
        return false;
    }
    free(text);
    a->until = until;
    if (until && now >= until) {
        unlink(path);
        memset(a, 0, sizeof *a);
        return false;
    }
    return true;
}
