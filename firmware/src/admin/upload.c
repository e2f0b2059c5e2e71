/*
 * upload.c - files sent from the web page (api.h, "An upload"): streamed
 * into a hidden temporary file in the content folder, checked by their
 * content, moved into place.
 *
 * The content check is the real reader's: a picture is decoded with the
 * same bl_picture_load the board uses; a PDF opened with poppler, as the
 * board's poster slides are; a page imported with the board's importer.
 * A file name from the browser is used only for the visible part of the
 * new name (letters, digits, Chinese, - and _), never as a path.
 */
#include "admin/api.h"

#include "core/buf.h"
#include "core/fs.h"
#include "core/utf8.h"
#include "content/import.h"
#include "content/picture.h"

#include <cjson/cJSON.h>
#include <poppler.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TAG "admin"

#define MAX_KIND 16
#define MAX_NAME 200

struct bl__upload {
    bl__api *api;
    char tmp[1024]; /* the temporary file, "" once moved or removed */
    int fd;
    bool have_file, second_file, failed;
    size_t size;
    char kind[MAX_KIND + 1];
    char name[MAX_NAME + 1]; /* the browser's file name, as sent */
};

bl__upload *bl__upload_begin(bl__api *api)
{
    bl__upload *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->api = api;
    u->fd = -1;
    snprintf(u->tmp, sizeof u->tmp, "%s/" BL_TMP_PREFIX "upload.XXXXXX", api->content);
    u->fd = mkstemp(u->tmp);
    if (u->fd >= 0)
        fcntl(u->fd, F_SETFD, FD_CLOEXEC);
    if (u->fd < 0) {
        BL_LOGW(TAG, "%s: cannot make a temporary file: %s", api->content, strerror(errno));
        free(u);
        return NULL;
    }
    return u;
}

bool bl__upload_part(bl__upload *u, const char *key, const char *filename, const char *data, size_t size)
{
    if (!key)
        return true;
    if (!strcmp(key, "kind")) {
        size_t have = strlen(u->kind);
        if (have + size <= MAX_KIND) {
            memcpy(u->kind + have, data, size);
            u->kind[have + size] = '\0';
        }
        return true;
    }
    if (strcmp(key, "file"))
        return true; /* other fields: not ours */
    if (!u->have_file) {
        u->have_file = true;
        snprintf(u->name, sizeof u->name, "%s", filename ? filename : "");
    } else if (filename && strcmp(filename, u->name)) {
        u->second_file = true; /* one file an upload */
        return true;
    }
    while (size > 0) {
        ssize_t w = write(u->fd, data, size);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            u->failed = true;
            return false;
        }
        data += w;
        size -= (size_t)w;
        u->size += (size_t)w;
    }
    return true;
}

void bl__upload_free(bl__upload *u)
{
    if (!u)
        return;
    if (u->fd >= 0)
        close(u->fd);
    if (u->tmp[0])
        unlink(u->tmp);
    free(u);
}

/* The visible part of a new file's name from the browser's name: its base
 * name without extension, keeping letters, digits, ideographs, - and _
 * (anything else becomes -), at most 60 bytes; "upload" when nothing is
 * left. */
static void clean_stem(const char *name, char *out, size_t size)
{
    const char *base = name, *p;
    for (p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    uint32_t *cps = NULL;
    size_t ncps = 0, o = 0;
    if (bl_utf8_decode(base, n, &cps, &ncps, NULL, NULL) == BL_OK) {
        for (size_t i = 0; i < ncps && o + 5 < size && o < 60; i++) {
            uint32_t c = cps[i];
            bool keep = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
                        c == '_' || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF);
            if (!keep)
                c = '-';
            if (c == '-' && (o == 0 || out[o - 1] == '-'))
                continue;
            o += bl_utf8_encode(c, out + o);
        }
    }
    free(cps);
    while (o && out[o - 1] == '-')
        o--;
    out[o] = '\0';
    if (!o)
        snprintf(out, size, "upload");
}

/* Moves the upload to dir/STEM.EXT (STEM-2.EXT, ... when taken) without
 * replacing anything; the final name (no folder) in final. */
static bool move_into(bl__upload *u, const char *dir, const char *stem, const char *ext, char *final, size_t fsize,
                      bl_err *err)
{
    for (int i = 1; i < 100; i++) {
        char path[1400];
        if (i == 1)
            snprintf(final, fsize, "%s.%s", stem, ext);
        else
            snprintf(final, fsize, "%s-%d.%s", stem, i, ext);
        snprintf(path, sizeof path, "%s/%s", dir, final);
        /* link() never replaces: a name taken by now is not overwritten */
        if (link(u->tmp, path) == 0) {
            unlink(u->tmp);
            u->tmp[0] = '\0';
            return true;
        }
        if (errno != EEXIST) {
            bl_err_set(err, BL_ERR_IO, "%s: %s", path, strerror(errno));
            return false;
        }
    }
    bl_err_set(err, BL_ERR_IO, "%s: no free name for %s.%s", dir, stem, ext);
    return false;
}

/* The PDF's page count through poppler, or -1 with why set. */
static int pdf_pages(const char *path, char *why, size_t wsize)
{
    GError *ge = NULL;
    char *uri = g_filename_to_uri(path, NULL, &ge);
    PopplerDocument *doc = uri ? poppler_document_new_from_file(uri, NULL, &ge) : NULL;
    g_free(uri);
    if (!doc) {
        snprintf(why, wsize, "not a PDF poppler can open: %s", ge ? ge->message : "unknown error");
        if (ge)
            g_error_free(ge);
        return -1;
    }
    int n = poppler_document_get_n_pages(doc);
    g_object_unref(doc);
    if (n < 1)
        snprintf(why, wsize, "the PDF has no pages");
    return n < 1 ? -1 : n;
}

void bl__upload_finish(bl__upload *u, const bl__req *req, const char *who, bl__resp *r)
{
    memset(r, 0, sizeof *r);
    bl__api *api = u->api;
    bl_err err = {0};
    char why[512] = "", stem[80], final[200];
    cJSON *o = NULL;

    if (u->failed || fsync(u->fd) != 0 || close(u->fd) != 0) {
        u->fd = -1;
        BL_LOGW(TAG, "%s: cannot write the upload: %s", u->tmp, strerror(errno));
        bl__reply_error(r, 500, "the file could not be saved on the board");
        return;
    }
    u->fd = -1;
    if (!u->have_file || u->size == 0) {
        bl__reply_error(r, 400, "send the file in a form field named 'file'");
        return;
    }
    if (u->second_file) {
        bl__reply_error(r, 400, "one file an upload, please");
        return;
    }
    clean_stem(u->name, stem, sizeof stem);
    char head[8] = {0};
    int fd = open(u->tmp, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, head, sizeof head) < 0)
        memset(head, 0, sizeof head);
    if (fd >= 0)
        close(fd);
    bool is_pdf = !memcmp(head, "%PDF-", 5);

    if (!strcmp(u->kind, "picture") || (!strcmp(u->kind, "poster") && !is_pdf)) {
        bl_picture *p = NULL;
        if (bl_picture_load(u->tmp, BL_PICTURE_MAX_BYTES, &p, &err) != BL_OK) {
            /* the message names the temporary file: say it with the
             * volunteer's name for it instead */
            const char *reason = strstr(err.msg, ": ");
            snprintf(why, sizeof why, "%s%s", u->name[0] ? u->name : "the file", reason ? reason : ": not a picture");
            bl__reply_error(r, 415, why);
            return;
        }
        const char *ext = !memcmp(head, "\x89PNG", 4) ? "png" : !memcmp(head, "RIFF", 4) ? "webp" : "jpg";
        bool poster = !strcmp(u->kind, "poster");
        bl_buf dir = {0};
        bl_buf_printf(&dir, poster ? "%s" : "%s/pictures", api->content);
        if (!poster && mkdir(dir.p, 0775) != 0 && errno != EEXIST) {
            BL_LOGW(TAG, "%s: %s", dir.p, strerror(errno));
            bl_picture_destroy(p);
            bl_buf_free(&dir);
            bl__reply_error(r, 500, "the picture could not be saved on the board");
            return;
        }
        chmod(u->tmp, 0644);
        bool ok = move_into(u, dir.p, stem, ext, final, sizeof final, &err);
        bl_buf_free(&dir);
        if (!ok) {
            BL_LOGW(TAG, "%s", err.msg);
            bl_picture_destroy(p);
            bl__reply_error(r, 500, "the picture could not be saved on the board");
            return;
        }
        o = cJSON_CreateObject();
        char file[260];
        snprintf(file, sizeof file, "%s%s", poster ? "" : "pictures/", final);
        cJSON_AddStringToObject(o, "kind", poster ? "poster" : "picture");
        cJSON_AddStringToObject(o, "file", file);
        cJSON_AddNumberToObject(o, "width", p->w);
        cJSON_AddNumberToObject(o, "height", p->h);
        bl_picture_destroy(p);
        bl__audit(api, req, who, poster ? "upload poster" : "upload picture", file, NULL);
    } else if (!strcmp(u->kind, "poster")) {
        int pages = pdf_pages(u->tmp, why, sizeof why);
        if (pages < 0) {
            char msg[700];
            snprintf(msg, sizeof msg, "%s: %s", u->name[0] ? u->name : "the file", why);
            bl__reply_error(r, 415, msg);
            return;
        }
        chmod(u->tmp, 0644);
        if (!move_into(u, api->content, stem, "pdf", final, sizeof final, &err)) {
            BL_LOGW(TAG, "%s", err.msg);
            bl__reply_error(r, 500, "the poster could not be saved on the board");
            return;
        }
        o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "kind", "poster");
        cJSON_AddStringToObject(o, "file", final);
        cJSON_AddNumberToObject(o, "pages", pages);
        bl__audit(api, req, who, "upload poster", final, NULL);
    } else if (!strcmp(u->kind, "page")) {
        char *summary = NULL;
        time_t now = (time_t)req->now;
        struct tm tm;
        localtime_r(&now, &tm);
        if (bl_import_file(u->tmp, api->content, tm.tm_year + 1900, &summary, &err) != BL_OK) {
            const char *reason = strstr(err.msg, ": ");
            snprintf(why, sizeof why, "%s%s", u->name[0] ? u->name : "the page", reason ? reason : ": cannot import");
            bl__reply_error(r, 415, why);
            return;
        }
        o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "kind", "page");
        /* the summary names the temporary file it read: the volunteer's name instead */
        bl_buf sum = {0};
        const char *tmpbase = strrchr(u->tmp, '/') + 1;
        for (const char *p = summary; p && *p;) {
            const char *hit = strstr(p, tmpbase);
            if (!hit) {
                bl_buf_puts(&sum, p);
                break;
            }
            bl_buf_put(&sum, p, (size_t)(hit - p));
            bl_buf_puts(&sum, u->name[0] ? u->name : "page");
            p = hit + strlen(tmpbase);
        }
        cJSON_AddStringToObject(o, "summary", sum.p ? sum.p : "");
        bl_buf_free(&sum);
        free(summary);
        bl__audit(api, req, who, "import page", u->name, NULL);
    } else {
        bl__reply_error(r, 400, "kind: picture, poster or page");
        return;
    }
    bl__reply_json(r, 201, o);
}
