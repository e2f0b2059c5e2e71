/*
 * api.h - the JSON API of `baolan admin`, apart from HTTP: a request in,
 * a response out.  server.c does the HTTP (reading, limits, headers) and
 * calls bl__api_handle for every request; the routes, the session and
 * CSRF rules and the content folder are here.  Private to admin/.
 * Depends on base, buf, fs, content (article, import, picture) and auth
 * (and cJSON, poppler-glib).
 */
#ifndef BL_ADMIN_API_H
#define BL_ADMIN_API_H

#include "core/base.h"
#include "admin/auth.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct bl__api {
    bl_auth *auth;
    const char *content;   /* the content folder */
    const char *audit_log; /* path */
    const char *board_name;
    int width, height;
    bool secure;           /* served over HTTPS: cookies get Secure */
    const char *control;   /* the board's control socket, "" for none */
    struct bl_preview *preview; /* notices drawn as the board would */
} bl__api;

typedef struct bl__req {
    const char *method; /* "GET", ... */
    const char *path;   /* the URL path, decoded, without the query */
    const char *body;   /* NUL-terminated, len bytes (may hold NULs) */
    size_t len;
    const char *client; /* the client's address */
    const char *cookie; /* the session cookie's value, or NULL */
    const char *csrf;   /* the X-CSRF-Token header, or NULL */
    int64_t now;        /* wall clock, seconds */
    const char *arg_id, *arg_page; /* the query's id= and page=, or NULL */
} bl__req;

typedef struct bl__resp {
    int status;
    char *body; /* malloc'd; NULL for none */
    size_t len;
    const char *type;      /* Content-Type */
    char set_cookie[256];  /* "" for none */
    int retry_after;       /* seconds, 0 for none */
    int pages;             /* > 0: sent as X-Baolan-Pages (a preview's page count) */
} bl__resp;

/* Answers one request; resp->body is the caller's. */
void bl__api_handle(bl__api *api, const bl__req *req, bl__resp *resp);

/* For api.c and upload.c: a JSON answer (j is taken), an error answer
 * {"error": msg}, and a line in the audit log. */
struct cJSON;
void bl__reply_json(bl__resp *r, int status, struct cJSON *j);
void bl__reply_error(bl__resp *r, int status, const char *msg);
void bl__audit(const bl__api *api, const bl__req *req, const char *who, const char *action, const char *id,
               const char *title);

/* The session and CSRF checks every /api/ call but login passes: true
 * (and *who, the session's name) when req may go on; else resp is the
 * answer (401 or 403).  server.c asks before it reads an upload's body. */
bool bl__api_gate(bl__api *api, const bl__req *req, const char **who, bl__resp *resp);

/* An upload (POST /api/uploads, multipart/form-data), streamed: the file
 * part goes straight into a hidden temporary file in the content folder
 * as it arrives (memory stays bounded), the "kind" field (picture, poster
 * or page) says what it is for.  At the end the file is checked by its
 * content, not its name (a picture SDL2_image decodes, a PDF poppler
 * opens, page text the importer reads) and moved into place: pictures to
 * content/pictures/ (for an article's image:), posters into the content
 * folder, a page imported into articles.  Answers 201 with what became of
 * it, or 400/415 with the reason (nothing left behind). */
typedef struct bl__upload bl__upload;
bl__upload *bl__upload_begin(bl__api *api);
/* One piece of a form field, as libmicrohttpd's post processor hands it
 * over; false stops the upload (the write failed). */
bool bl__upload_part(bl__upload *u, const char *key, const char *filename, const char *data, size_t size);
void bl__upload_finish(bl__upload *u, const bl__req *req, const char *who, bl__resp *resp);
/* Frees an upload, removing its temporary file if it is still there;
 * accepts NULL. */
void bl__upload_free(bl__upload *u);

#endif
