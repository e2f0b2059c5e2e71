/*
 * base.h - what every baolan module shares: status codes with their
 * messages, an error value that names the file and the reason, and a
 * tagged, levelled log.  Depends on nothing but libc.
 */
#ifndef BL_BASE_H
#define BL_BASE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define BL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define BL_PRINTF(f, a)
#endif

/* One table for every status: name, message. */
#define BL_STATUS_TABLE(X)                                      \
    X(OK, "success")                                            \
    X(ERR_NOMEM, "out of memory")                               \
    X(ERR_IO, "cannot read or write the file")                  \
    X(ERR_NOTFOUND, "not found")                                \
    X(ERR_PARSE, "malformed input")                             \
    X(ERR_TOOBIG, "input too large")                            \
    X(ERR_FONT, "font problem")                                 \
    X(ERR_USAGE, "bad usage")                                   \
    X(ERR_RANGE, "value out of range")

typedef enum {
#define BL__ENUM(name, msg) BL_##name,
    BL_STATUS_TABLE(BL__ENUM)
#undef BL__ENUM
    BL_STATUS_COUNT
} bl_status;

/* Returns a static English message for a status. */
const char *bl_strerror(bl_status st);

/* An error: a status plus a one-line message naming the file and reason. */
typedef struct bl_err {
    bl_status status;
    char msg[512];
} bl_err;

/* Fills err (if not NULL) with st and a printf-formatted message; returns st. */
bl_status bl_err_set(bl_err *err, bl_status st, const char *fmt, ...) BL_PRINTF(3, 4);

typedef enum { BL_LOG_DEBUG, BL_LOG_INFO, BL_LOG_WARN, BL_LOG_ERROR, BL_LOG_QUIET } bl_log_level;

/* Messages below this level are dropped (default: INFO). */
void bl_log_set_level(bl_log_level lvl);

/* Where log lines go: a callback, or NULL for stderr. Used by tests to
 * capture warnings. */
typedef void (*bl_log_sink)(void *user, bl_log_level lvl, const char *tag, const char *line);
void bl_log_set_sink(bl_log_sink sink, void *user);

/* Writes "baolan: tag: warning: message" style lines. */
void bl_log(bl_log_level lvl, const char *tag, const char *fmt, ...) BL_PRINTF(3, 4);

#define BL_LOGD(tag, ...) bl_log(BL_LOG_DEBUG, tag, __VA_ARGS__)
#define BL_LOGI(tag, ...) bl_log(BL_LOG_INFO, tag, __VA_ARGS__)
#define BL_LOGW(tag, ...) bl_log(BL_LOG_WARN, tag, __VA_ARGS__)
#define BL_LOGE(tag, ...) bl_log(BL_LOG_ERROR, tag, __VA_ARGS__)

/* Reads a whole regular file (at most max_bytes) into a NUL-terminated
 * buffer the caller frees.  Never blocks: the file is opened non-blocking
 * and anything but a regular file (a FIFO, a device, a folder) is refused.
 * Fails with a message naming the path and the reason. */
bl_status bl_read_file(const char *path, size_t max_bytes, char **out, size_t *len, bl_err *err);

/* strdup that returns NULL on NULL. */
char *bl_strdup(const char *s);

/* Sorts v[0..n) in place (ascending) and returns its median; n > 0. */
double bl_median(double *v, size_t n);

/* Monotonic time in seconds, for benchmarks and the real clock only. */
double bl_now_seconds(void);

#define BL_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define BL_MIN(a, b) ((a) < (b) ? (a) : (b))
#define BL_MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
