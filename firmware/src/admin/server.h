/*
 * server.h - `baolan admin`: the board's web page and JSON API over HTTP
 * (libmicrohttpd), in a process of its own so that nothing a browser does
 * can reach the screen.  It writes only into the content folder (each
 * file atomically) and appends to its audit log.
 *
 * Every request is bounded before it is read: JSON calls to
 * BL_ADMIN_MAX_JSON bytes, uploads to the configured max-upload (413
 * past either, from Content-Length when given, else when the count
 * passes it); at most BL_ADMIN_MAX_CONN connections, BL_ADMIN_PER_IP
 * from one address, each closed after BL_ADMIN_TIMEOUT s idle.  The API
 * and its status codes are in the README ("The web page").
 * Depends on base, fs, content, board/config and admin/auth (and
 * libmicrohttpd with GnuTLS, cJSON).
 */
#ifndef BL_ADMIN_SERVER_H
#define BL_ADMIN_SERVER_H

#include "core/base.h"

#include <stdbool.h>
#include <stdint.h>

#define BL_ADMIN_MAX_JSON (256 * 1024)
#define BL_ADMIN_MAX_CONN 32
#define BL_ADMIN_PER_IP 8
#define BL_ADMIN_TIMEOUT 30

typedef struct bl_admin_opts {
    const char *listen;        /* "A.B.C.D:PORT" */
    const char *password_file; /* the Argon2id hash (auth.h) */
    const char *content;       /* the content folder: the only place written */
    const char *audit_log;     /* JSON lines of who changed what */
    long max_upload;           /* bytes */
    const char *board_name;    /* shown on the page */
    const char *control;       /* the board's control socket ([board] control), "" for none */
    const struct bl_config *board; /* the board's configuration, for previews (borrowed for the call) */
    const char *page_dir;      /* the page's files (assets/admin): index.html, admin.js, admin.css */
    bool tls;                  /* HTTPS with key_file and cert_file (made when neither exists) */
    const char *key_file, *cert_file;
    int width, height;         /* the board's frame */
} bl_admin_opts;

typedef struct bl_admin bl_admin;

/* Starts serving on its own thread.  Fails (naming what) when no password
 * is set, the content folder is missing, the certificate cannot be read or
 * made, or the address cannot be bound.
 * *out is the caller's. */
bl_status bl_admin_start(const bl_admin_opts *o, bl_admin **out, bl_err *err);

/* The port actually bound (for listen = ...:0 in tests). */
int bl_admin_port(const bl_admin *s);

/* Stops serving and frees; accepts NULL. */
void bl_admin_stop(bl_admin *s);

#endif
