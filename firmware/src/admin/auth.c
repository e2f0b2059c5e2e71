/*
 * auth.c - the password, sessions and the brake on guessing (auth.h).
 *
 * Hashing is libsodium's crypto_pwhash_str (Argon2id) at its "interactive"
 * cost (64 MB, well under a second on a small ARM board); tokens come
 * from randombytes_buf and are compared with sodium_memcmp, so neither
 * their content nor the time a comparison takes says anything.
 */
#include "admin/auth.h"

#include "core/fs.h"
#include "core/utf8.h"

#include <sodium.h>

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAG "admin"

#define CLIENTS 64 /* client addresses remembered for throttling */

typedef struct session {
    bool live;
    char token[BL_AUTH_TOKEN_LEN + 1];
    char csrf[BL_AUTH_TOKEN_LEN + 1];
    char name[BL_AUTH_MAX_NAME + 1];
    int64_t born, seen;
} session;

typedef struct client {
    char addr[64];
    int fails;          /* in the window starting at first */
    int64_t first;      /* the window's start */
    int64_t until;      /* refused until then */
} client;

struct bl_auth {
    char hash[crypto_pwhash_STRBYTES];
    session sessions[BL_AUTH_SESSIONS];
    client clients[CLIENTS];
    int global_fails;
    int64_t global_first, global_until;
};

static bool sodium_ready(bl_err *err)
{
    if (sodium_init() < 0) {
        bl_err_set(err, BL_ERR_IO, "libsodium cannot start (no entropy source?)");
        return false;
    }
    return true;
}

bl_status bl_auth_set_password(const char *path, const char *password, bl_err *err)
{
    size_t n = strlen(password);
    if (n < BL_AUTH_MIN_PASSWORD || n > BL_AUTH_MAX_PASSWORD)
        return bl_err_set(err, BL_ERR_RANGE, "a password has %d to %d bytes (this one has %zu)", BL_AUTH_MIN_PASSWORD,
                          BL_AUTH_MAX_PASSWORD, n);
    if (bl_utf8_count_invalid(password, n))
        return bl_err_set(err, BL_ERR_PARSE, "the password is not UTF-8 text");
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)password[i] < 0x20 || password[i] == 0x7F)
            return bl_err_set(err, BL_ERR_PARSE, "the password has a control character in it");
    if (!sodium_ready(err))
        return err->status;
    char hash[crypto_pwhash_STRBYTES + 1];
    if (crypto_pwhash_str(hash, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return bl_err_set(err, BL_ERR_NOMEM, "hashing the password: out of memory");
    size_t hl = strlen(hash);
    hash[hl++] = '\n';

    char *d = bl_strdup(path), *b = bl_strdup(path);
    if (!d || !b) {
        free(d);
        free(b);
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", path);
    }
    bl_status st = bl_write_atomic(dirname(d), basename(b), hash, hl, 0600, NULL, err);
    sodium_memzero(hash, sizeof hash);
    free(d);
    free(b);
    return st;
}

bl_status bl_auth_create(const char *path, bl_auth **out, bl_err *err)
{
    *out = NULL;
    if (!sodium_ready(err))
        return err->status;
    char *text = NULL;
    size_t len = 0;
    bl_status st = bl_read_file(path, 4096, &text, &len, err);
    if (st == BL_ERR_NOTFOUND)
        return bl_err_set(err, BL_ERR_NOTFOUND,
                          "%s: no password is set, so the web page stays off; set one with: baolan admin "
                          "--set-password",
                          path);
    if (st != BL_OK)
        return st;
    while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
        text[--len] = '\0';
    if (len == 0 || len >= crypto_pwhash_STRBYTES || strncmp(text, "$argon2id$", 10) != 0) {
        free(text);
        return bl_err_set(err, BL_ERR_PARSE, "%s: not a password hash written by baolan admin --set-password", path);
    }
    bl_auth *a = calloc(1, sizeof *a);
    if (!a) {
        free(text);
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", path);
    }
    memcpy(a->hash, text, len + 1);
    free(text);
    *out = a;
    return BL_OK;
}

void bl_auth_destroy(bl_auth *a)
{
    if (!a)
        return;
    sodium_memzero(a, sizeof *a);
    free(a);
}

static void new_token(char *hex)
{
    unsigned char raw[BL_AUTH_TOKEN_LEN / 2];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, BL_AUTH_TOKEN_LEN + 1, raw, sizeof raw);
}

static bool token_eq(const char *a, const char *b)
{
    return strlen(b) == BL_AUTH_TOKEN_LEN && sodium_memcmp(a, b, BL_AUTH_TOKEN_LEN) == 0;
}

/* The throttling record of addr, made (in the slot of the stalest) if new. */
static client *client_for(bl_auth *a, const char *addr)
{
    client *free_slot = NULL, *oldest = &a->clients[0];
    for (int i = 0; i < CLIENTS; i++) {
        client *c = &a->clients[i];
        if (c->addr[0] && !strcmp(c->addr, addr))
            return c;
        if (!c->addr[0] && !free_slot)
            free_slot = c;
        int64_t ca = c->until > c->first ? c->until : c->first, oa = oldest->until > oldest->first ? oldest->until : oldest->first;
        if (ca < oa)
            oldest = c;
    }
    client *c = free_slot ? free_slot : oldest;
    memset(c, 0, sizeof *c);
    snprintf(c->addr, sizeof c->addr, "%s", addr);
    return c;
}

static void count_fail(bl_auth *a, client *c, int64_t now)
{
    if (now - c->first >= BL_AUTH_WINDOW) {
        c->first = now;
        c->fails = 0;
    }
    if (++c->fails >= BL_AUTH_FAILS) {
        c->until = now + BL_AUTH_LOCKOUT;
        c->fails = 0;
        BL_LOGW(TAG, "%d failed logins from %s: refused for %d s", BL_AUTH_FAILS, c->addr, BL_AUTH_LOCKOUT);
    }
    if (now - a->global_first >= BL_AUTH_WINDOW) {
        a->global_first = now;
        a->global_fails = 0;
    }
    if (++a->global_fails >= BL_AUTH_GLOBAL_FAILS) {
        a->global_until = now + BL_AUTH_LOCKOUT;
        a->global_fails = 0;
        BL_LOGW(TAG, "%d failed logins from all addresses: every login refused for %d s", BL_AUTH_GLOBAL_FAILS,
                BL_AUTH_LOCKOUT);
    }
}

bl_login bl_auth_login(bl_auth *a, const char *clientaddr, const char *password, const char *name, int64_t now,
                       char *token, char *csrf, int *retry_after)
{
    client *c = client_for(a, clientaddr ? clientaddr : "?");
    int64_t until = c->until > a->global_until ? c->until : a->global_until;
    if (now < until) {
        *retry_after = (int)(until - now);
        return BL_LOGIN_THROTTLED;
    }
    size_t n = password ? strlen(password) : 0;
    if (n == 0 || n > BL_AUTH_MAX_PASSWORD || crypto_pwhash_str_verify(a->hash, password, n) != 0) {
        count_fail(a, c, now);
        return BL_LOGIN_WRONG;
    }
    c->fails = 0;

    /* a free or expired slot, else the oldest session ends */
    session *s = &a->sessions[0];
    for (int i = 0; i < BL_AUTH_SESSIONS; i++) {
        session *t = &a->sessions[i];
        if (!t->live || now - t->seen >= BL_AUTH_IDLE || now - t->born >= BL_AUTH_LIFETIME) {
            s = t;
            break;
        }
        if (t->born < s->born)
            s = t;
    }
    memset(s, 0, sizeof *s);
    s->live = true;
    new_token(s->token);
    new_token(s->csrf);
    s->born = s->seen = now;
    if (name && *name && strlen(name) <= BL_AUTH_MAX_NAME && !bl_utf8_count_invalid(name, strlen(name))) {
        snprintf(s->name, sizeof s->name, "%s", name);
        for (char *p = s->name; *p; p++)
            if ((unsigned char)*p < 0x20 || *p == 0x7F || *p == '"' || *p == '\\')
                *p = ' ';
    }
    memcpy(token, s->token, sizeof s->token);
    memcpy(csrf, s->csrf, sizeof s->csrf);
    return BL_LOGIN_OK;
}

static session *find(bl_auth *a, const char *token, int64_t now)
{
    if (!token)
        return NULL;
    for (int i = 0; i < BL_AUTH_SESSIONS; i++) {
        session *s = &a->sessions[i];
        if (!s->live || !token_eq(s->token, token))
            continue;
        if (now - s->seen >= BL_AUTH_IDLE || now - s->born >= BL_AUTH_LIFETIME) {
            s->live = false;
            return NULL;
        }
        return s;
    }
    return NULL;
}

bool bl_auth_session(bl_auth *a, const char *token, int64_t now, const char **name, const char **csrf)
{
    session *s = find(a, token, now);
    if (!s)
        return false;
    s->seen = now;
    if (name)
        *name = s->name;
    if (csrf)
        *csrf = s->csrf;
    return true;
}

bool bl_auth_csrf_ok(bl_auth *a, const char *token, const char *csrf, int64_t now)
{
    session *s = find(a, token, now);
    return s && csrf && token_eq(s->csrf, csrf);
}

void bl_auth_logout(bl_auth *a, const char *token)
{
    for (int i = 0; i < BL_AUTH_SESSIONS; i++)
        if (a->sessions[i].live && token && token_eq(a->sessions[i].token, token))
            memset(&a->sessions[i], 0, sizeof a->sessions[i]);
}
