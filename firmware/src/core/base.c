/*
 * base.c - status messages, errors, logging and file reading shared by all
 * modules.
 */
#include "core/base.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const status_msgs[] = {
#define BL__MSG(name, msg) msg,
    BL_STATUS_TABLE(BL__MSG)
#undef BL__MSG
};

const char *bl_strerror(bl_status st)
{
    if ((unsigned)st >= BL_STATUS_COUNT)
        return "unknown status";
    return status_msgs[st];
}

bl_status bl_err_set(bl_err *err, bl_status st, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->status = st;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return st;
}

static bl_log_level log_level = BL_LOG_INFO;
static bl_log_sink log_sink;
static void *log_user;

void bl_log_set_level(bl_log_level lvl) { log_level = lvl; }

void bl_log_set_sink(bl_log_sink sink, void *user)
{
    log_sink = sink;
    log_user = user;
}

void bl_log(bl_log_level lvl, const char *tag, const char *fmt, ...)
{
    static const char *const names[] = {"debug", "info", "warning", "error"};
    char line[1024];
    va_list ap;
    if (lvl < log_level || lvl >= BL_LOG_QUIET)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (log_sink) {
        log_sink(log_user, lvl, tag, line);
        return;
    }
    fprintf(stderr, "baolan: %s: %s: %s\n", tag, names[lvl], line);
}

bl_status bl_read_file(const char *path, size_t max_bytes, char **out, size_t *len, bl_err *err)
{
    /* Opened without blocking and checked on the open descriptor: a FIFO
     * or a device swapped in after a stat() must never hang the board. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    struct stat st;
    char *buf = NULL;
    size_t cap = 0, n = 0;

    *out = NULL;
    if (len)
        *len = 0;
    if (fd < 0)
        return bl_err_set(err, errno == ENOENT ? BL_ERR_NOTFOUND : BL_ERR_IO, "%s: %s", path,
                          strerror(errno));
    if (fstat(fd, &st)) {
        int e = errno;
        close(fd);
        return bl_err_set(err, BL_ERR_IO, "%s: %s", path, strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return bl_err_set(err, BL_ERR_IO, "%s: %s, not a regular file", path,
                          S_ISDIR(st.st_mode)    ? "a directory"
                          : S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)"
                          : S_ISSOCK(st.st_mode) ? "a socket"
                                                 : "a device");
    }
    if ((uint64_t)st.st_size > max_bytes) {
        close(fd);
        return bl_err_set(err, BL_ERR_TOOBIG, "%s: larger than the limit of %zu bytes", path, max_bytes);
    }
    for (;;) {
        ssize_t got;
        if (n + 1 >= cap) {
            size_t ncap = cap ? cap * 2 : 65536;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                close(fd);
                return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", path);
            }
            buf = nb;
            cap = ncap;
        }
        got = read(fd, buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return bl_err_set(err, BL_ERR_IO, "%s: %s", path, strerror(e));
        }
        n += (size_t)got;
        if (n > max_bytes) { /* grew while we read it */
            free(buf);
            close(fd);
            return bl_err_set(err, BL_ERR_TOOBIG, "%s: larger than the limit of %zu bytes", path,
                              max_bytes);
        }
        if (got == 0)
            break;
    }
    close(fd);
    buf[n] = '\0';
    *out = buf;
    if (len)
        *len = n;
    return BL_OK;
}

char *bl_strdup(const char *s)
{
    size_t n;
    char *d;
    if (!s)
        return NULL;
    n = strlen(s) + 1;
    d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

double bl_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double bl_now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
