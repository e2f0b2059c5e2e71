/*
 * control.c - the board's control socket (control.h).
 */
#include "board/control.h"

#include "board/alert.h"
#include "core/fs.h"
#include "render/image.h"

#include <cjson/cJSON.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define TAG "control"

typedef struct client {
    int fd; /* -1: free */
    size_t len;
    double since;
    char buf[BL_CONTROL_MAX_LINE + 1];
} client;

struct bl_control {
    int fd;
    char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    client cl[BL_CONTROL_CLIENTS];
};

static bool nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    return fl >= 0 && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0 && fcntl(fd, F_SETFD, FD_CLOEXEC) == 0;
}

bl_status bl_control_open(const char *path, bl_control **out, bl_err *err)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    struct stat sb;
    *out = NULL;
    if (strlen(path) >= sizeof sa.sun_path)
        return bl_err_set(err, BL_ERR_RANGE, "[board] control = %s: the path is too long for a socket", path);
    if (lstat(path, &sb) == 0) {
        if (!S_ISSOCK(sb.st_mode))
            return bl_err_set(err, BL_ERR_IO, "%s: there is a file there that is not a socket", path);
        unlink(path); /* left by a board that stopped */
    }
    bl_control *c = calloc(1, sizeof *c);
    if (!c)
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    for (int i = 0; i < BL_CONTROL_CLIENTS; i++)
        c->cl[i].fd = -1;
    snprintf(c->path, sizeof c->path, "%s", path);
    memcpy(sa.sun_path, path, strlen(path));
    c->fd = socket(AF_UNIX, SOCK_STREAM, 0);
    /* 0660: the board's user and group (baolan admin runs as them) */
    mode_t old = umask(0117);
    bool ok = c->fd >= 0 && nonblock(c->fd) && bind(c->fd, (struct sockaddr *)&sa, sizeof sa) == 0;
    umask(old);
    if (!ok || listen(c->fd, BL_CONTROL_CLIENTS) != 0) {
        bl_err_set(err, BL_ERR_IO, "%s: cannot listen: %s", path, strerror(errno));
        if (c->fd >= 0)
            close(c->fd);
        free(c);
        return err->status;
    }
    BL_LOGI(TAG, "listening on %s", path);
    *out = c;
    return BL_OK;
}

void bl_control_close(bl_control *c)
{
    if (!c)
        return;
    for (int i = 0; i < BL_CONTROL_CLIENTS; i++)
        if (c->cl[i].fd >= 0)
            close(c->cl[i].fd);
    close(c->fd);
    unlink(c->path);
    free(c);
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void finish(client *k, const char *reply)
{
    size_t n = strlen(reply);
    /* a reply fits the socket buffer; a client that does not read it
     * loses it rather than holding the board */
    if (send(k->fd, reply, n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 || send(k->fd, "\n", 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
        BL_LOGD(TAG, "a reply was not taken: %s", strerror(errno));
    close(k->fd);
    k->fd = -1;
    k->len = 0;
}

static char *reply_error(const char *msg)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddFalseToObject(o, "ok");
    cJSON_AddStringToObject(o, "error", msg);
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    return s;
}

/* Answers one request line; the reply is the caller's. */
static char *handle(bl_board *b, const bl_sched_state *st, SDL_Surface *frame, const char *line)
{
    cJSON *j = cJSON_Parse(line), *o;
    const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(j, "cmd");
    char *r = NULL, why[256];
    if (!cJSON_IsString(cmd)) {
        cJSON_Delete(j);
        return reply_error("send {\"cmd\": ...}");
    }
    if (!strcmp(cmd->valuestring, "alert")) {
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(j, "text");
        const cJSON *min = cJSON_GetObjectItemCaseSensitive(j, "minutes");
        bl_alert a;
        long minutes = cJSON_IsNumber(min) ? (long)min->valuedouble : -1;
        if (!cJSON_IsNumber(min) || min->valuedouble != (double)minutes)
            r = reply_error("minutes: a whole number");
        else if (!bl_alert_make(cJSON_IsString(text) ? text->valuestring : NULL, minutes, (int64_t)time(NULL), &a, why,
                                sizeof why))
            r = reply_error(why);
        else
            bl_board_set_alert(b, &a);
    } else if (!strcmp(cmd->valuestring, "clear")) {
        bl_alert off = {0};
        if (bl_board_alert(b)->active)
            bl_board_set_alert(b, &off);
    } else if (!strcmp(cmd->valuestring, "status")) {
        char desc[2048];
        o = cJSON_CreateObject();
        cJSON_AddTrueToObject(o, "ok");
        bl_board_describe(b, st, desc, sizeof desc);
        cJSON *slide = cJSON_Parse(desc);
        cJSON_AddItemToObject(o, "slide", slide ? slide : cJSON_CreateNull());
        const bl_alert *a = bl_board_alert(b);
        if (a->active) {
            cJSON *ao = cJSON_AddObjectToObject(o, "alert");
            cJSON_AddStringToObject(ao, "text", a->text);
            cJSON_AddNumberToObject(ao, "until", (double)a->until);
        } else {
            cJSON_AddNullToObject(o, "alert");
        }
        r = cJSON_PrintUnformatted(o);
        cJSON_Delete(o);
    } else if (!strcmp(cmd->valuestring, "screen")) {
        const cJSON *path = cJSON_GetObjectItemCaseSensitive(j, "path");
        bl_err err;
        /* a PNG of the frame: tens of milliseconds, asked for now and then
         * by a person looking at the page, never by the rotation */
        if (!cJSON_IsString(path) || !bl_has_suffix(path->valuestring, ".png", false))
            r = reply_error("path: a .png file");
        else if (!frame || bl_png_write(path->valuestring, frame, &err))
            r = reply_error(frame ? err.msg : "no frame yet");
    } else {
        r = reply_error("cmd: alert, clear, status or screen");
    }
    cJSON_Delete(j);
    return r ? r : bl_strdup("{\"ok\":true}");
}

void bl_control_poll(bl_control *c, bl_board *b, const bl_sched_state *st, SDL_Surface *frame)
{
    double now = mono();
    for (int i = 0; i < BL_CONTROL_CLIENTS; i++) {
        client *k = &c->cl[i];
        if (k->fd >= 0)
            continue;
        int fd = accept(c->fd, NULL, NULL);
        if (fd < 0)
            break; /* EAGAIN: nobody waiting */
        if (!nonblock(fd)) {
            close(fd);
            continue;
        }
        k->fd = fd;
        k->len = 0;
        k->since = now;
    }
    for (int i = 0; i < BL_CONTROL_CLIENTS; i++) {
        client *k = &c->cl[i];
        if (k->fd < 0)
            continue;
        ssize_t n = recv(k->fd, k->buf + k->len, BL_CONTROL_MAX_LINE - k->len, MSG_DONTWAIT);
        if (n > 0)
            k->len += (size_t)n;
        k->buf[k->len] = '\0';
        char *nl = memchr(k->buf, '\n', k->len);
        if (nl) {
            *nl = '\0';
            char *r = handle(b, st, frame, k->buf);
            finish(k, r ? r : "{\"ok\":false,\"error\":\"out of memory\"}");
            free(r);
        } else if (n == 0 || k->len >= BL_CONTROL_MAX_LINE || now - k->since > BL_CONTROL_TIMEOUT ||
                   (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
            finish(k, "{\"ok\":false,\"error\":\"one line of JSON, please\"}");
        }
    }
}

bl_status bl_control_request(const char *path, const char *request, char *reply, size_t size, int timeout_ms,
                             bl_err *err)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof sa.sun_path)
        return bl_err_set(err, BL_ERR_RANGE, "%s: the path is too long for a socket", path);
    memcpy(sa.sun_path, path, strlen(path));
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0)
        return bl_err_set(err, BL_ERR_IO, "socket: %s", strerror(errno));
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        int e = errno;
        close(fd);
        return bl_err_set(err, e == ENOENT || e == ECONNREFUSED ? BL_ERR_NOTFOUND : BL_ERR_IO,
                          "%s: the board is not running (%s)", path, strerror(e));
    }
    size_t n = strlen(request);
    bool ok = send(fd, request, n, MSG_NOSIGNAL) == (ssize_t)n && send(fd, "\n", 1, MSG_NOSIGNAL) == 1;
    size_t got = 0;
    double end = mono() + timeout_ms / 1000.0;
    while (ok && got + 1 < size) {
        struct pollfd p = {fd, POLLIN, 0};
        int left = (int)((end - mono()) * 1000);
        if (left <= 0 || poll(&p, 1, left) <= 0) {
            ok = false;
            break;
        }
        ssize_t r = recv(fd, reply + got, size - 1 - got, 0);
        if (r <= 0)
            break;
        got += (size_t)r;
        if (memchr(reply, '\n', got))
            break;
    }
    close(fd);
    reply[got] = '\0';
    char *nl = strchr(reply, '\n');
    if (nl)
        *nl = '\0';
    if (!ok || !got)
        return bl_err_set(err, BL_ERR_IO, "%s: the board did not answer in %d ms", path, timeout_ms);
    return BL_OK;
}
