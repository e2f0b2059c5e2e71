/*
 * api.h - the JSON API of `baolan admin`, apart from HTTP: a request in,
 * a response out.  server.c does the HTTP (reading, limits, headers) and
 * calls bl__api_handle for every request; the routes, the session and
 * CSRF rules and the content folder are here.  Private to admin/.
 * Depends on base, buf, fs, content and auth (and cJSON).
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
} bl__req;

typedef struct bl__resp {
    int status;
    char *body; /* malloc'd; NULL for none */
    size_t len;
    const char *type;      /* Content-Type */
    char set_cookie[256];  /* "" for none */
    int retry_after;       /* seconds, 0 for none */
} bl__resp;

/* Answers one request; resp->body is the caller's. */
void bl__api_handle(bl__api *api, const bl__req *req, bl__resp *resp);

#endif
