/*
 * auth.h - who may change the board through its web page: the password
 * (an Argon2id hash from libsodium in a file of its own, mode 0600),
 * sessions with their CSRF tokens, and the brake on guessing.
 *
 * There is one password for the board (a community centre's volunteers
 * share it); at login a volunteer may give a name, which the audit log
 * records with every change made in that session.  No default password
 * exists: until `baolan admin --set-password` writes one, the server does
 * not start.  Pure logic over a clock the caller passes in (seconds), so
 * the tests can run a day in a millisecond.  Depends on base and fs
 * (and libsodium).
 */
#ifndef BL_AUTH_H
#define BL_AUTH_H

#include "core/base.h"

#include <stdbool.h>
#include <stdint.h>

#define BL_AUTH_TOKEN_LEN 64     /* hex characters of a session or CSRF token */
#define BL_AUTH_MIN_PASSWORD 8   /* bytes a password has at least */
#define BL_AUTH_MAX_PASSWORD 256 /* ... and at most */
#define BL_AUTH_MAX_NAME 64      /* bytes of a volunteer's name */

/* Limits (seconds, counts): a session ends after BL_AUTH_IDLE without a
 * request or BL_AUTH_LIFETIME after login; at most BL_AUTH_SESSIONS live
 * at once (a new login ends the oldest).  A client address that fails
 * BL_AUTH_FAILS logins within BL_AUTH_WINDOW is refused for
 * BL_AUTH_LOCKOUT; BL_AUTH_GLOBAL_FAILS failures from all addresses in a
 * window refuse everyone for BL_AUTH_LOCKOUT (guessing from many
 * addresses). */
#define BL_AUTH_IDLE (2 * 3600)
#define BL_AUTH_LIFETIME (12 * 3600)
#define BL_AUTH_SESSIONS 32
#define BL_AUTH_FAILS 5
#define BL_AUTH_GLOBAL_FAILS 30
#define BL_AUTH_WINDOW 600
#define BL_AUTH_LOCKOUT 300

typedef struct bl_auth bl_auth;

/* Hashes password (BL_AUTH_MIN_PASSWORD..BL_AUTH_MAX_PASSWORD bytes of
 * UTF-8, no control characters) with Argon2id and writes the hash to path
 * atomically, mode 0600.  Errors name the file or the rule broken. */
bl_status bl_auth_set_password(const char *path, const char *password, bl_err *err);

/* Reads the hash from path.  No file: BL_ERR_NOTFOUND with a message that
 * says how to set a password.  *out is the caller's. */
bl_status bl_auth_create(const char *path, bl_auth **out, bl_err *err);
void bl_auth_destroy(bl_auth *a);

typedef enum {
    BL_LOGIN_OK,
    BL_LOGIN_WRONG,     /* 401 */
    BL_LOGIN_THROTTLED  /* 429: *retry_after seconds */
} bl_login;

/* A login from client (its address) at time now.  On BL_LOGIN_OK the new
 * session's token and CSRF token are written to token and csrf
 * (BL_AUTH_TOKEN_LEN + 1 bytes each); name (may be NULL or "") is kept
 * for the audit log.  A throttled client is refused before the password
 * is looked at, so guessing costs no hashing. */
bl_login bl_auth_login(bl_auth *a, const char *client, const char *password, const char *name, int64_t now,
                       char *token, char *csrf, int *retry_after);

/* The session for a token at time now, refreshing its idle time: its name
 * ("" if none given) and CSRF token, or false when there is none (never
 * was, expired, logged out). */
bool bl_auth_session(bl_auth *a, const char *token, int64_t now, const char **name, const char **csrf);

/* True when csrf is the CSRF token of the session token (compared in
 * constant time). */
bool bl_auth_csrf_ok(bl_auth *a, const char *token, const char *csrf, int64_t now);

/* Ends a session. */
void bl_auth_logout(bl_auth *a, const char *token);

#endif
