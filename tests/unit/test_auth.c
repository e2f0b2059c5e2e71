/*
 * test_auth.c - the web page's password and sessions (admin/auth), on a
 * clock the test moves: the hash file is Argon2id and mode 0600; a wrong
 * password is refused and counted; the fifth wrong one in ten minutes
 * locks that address out (the right password too) for five minutes while
 * other addresses still log in; sessions end after two idle hours or
 * twelve in all, or at logout; a CSRF token works only with its own
 * session; the 33rd login ends the oldest session.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "admin/auth.h"

#define PW "居委会的口令 2026"

static char path[64];
static bl_auth *auth;

static int setup(void **state)
{
    (void)state;
    bl_err err = {0};
    snprintf(path, sizeof path, "/tmp/bl-auth-%d", (int)getpid());
    assert_int_equal(bl_auth_set_password(path, PW, &err), BL_OK);
    assert_int_equal(bl_auth_create(path, &auth, &err), BL_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    bl_auth_destroy(auth);
    unlink(path);
    return 0;
}

static void test_password_file(void **state)
{
    (void)state;
    struct stat sb;
    bl_err err = {0};
    bl_auth *a = NULL;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    FILE *f = fopen(path, "r");
    char line[256] = "";
    assert_non_null(fgets(line, sizeof line, f));
    fclose(f);
    assert_memory_equal(line, "$argon2id$", 10);
    assert_null(strstr(line, "2026"));

    assert_int_equal(bl_auth_set_password(path, "short", &err), BL_ERR_RANGE);
    assert_int_equal(bl_auth_set_password(path, "tab\there ok?", &err), BL_ERR_PARSE);
    assert_int_equal(bl_auth_create("/nonexistent/admin.pass", &a, &err), BL_ERR_NOTFOUND);
    assert_non_null(strstr(err.msg, "baolan admin --set-password"));
}

static void test_login_and_lockout(void **state)
{
    (void)state;
    char tok[BL_AUTH_TOKEN_LEN + 1], csrf[BL_AUTH_TOKEN_LEN + 1];
    int retry = 0;
    int64_t t = 1000000;
    assert_int_equal(bl_auth_login(auth, "10.0.0.5", "wrong", NULL, t, tok, csrf, &retry), BL_LOGIN_WRONG);
    assert_int_equal(bl_auth_login(auth, "10.0.0.5", PW, "王阿姨", t, tok, csrf, &retry), BL_LOGIN_OK);
    assert_int_equal(strlen(tok), BL_AUTH_TOKEN_LEN);
    const char *name = NULL, *c = NULL;
    assert_true(bl_auth_session(auth, tok, t + 1, &name, &c));
    assert_string_equal(name, "王阿姨");
    assert_string_equal(c, csrf);

    /* five wrong in ten minutes: locked out, the right password too */
    for (int i = 0; i < 4; i++)
        assert_int_equal(bl_auth_login(auth, "10.0.0.9", "guess", NULL, t + i, tok, csrf, &retry), BL_LOGIN_WRONG);
    assert_int_equal(bl_auth_login(auth, "10.0.0.9", "guess", NULL, t + 4, tok, csrf, &retry), BL_LOGIN_WRONG);
    assert_int_equal(bl_auth_login(auth, "10.0.0.9", PW, NULL, t + 5, tok, csrf, &retry), BL_LOGIN_THROTTLED);
    assert_true(retry > 290 && retry <= BL_AUTH_LOCKOUT);
    /* another address is not held up */
    assert_int_equal(bl_auth_login(auth, "10.0.0.7", PW, NULL, t + 6, tok, csrf, &retry), BL_LOGIN_OK);
    /* the lockout ends */
    assert_int_equal(bl_auth_login(auth, "10.0.0.9", PW, NULL, t + 4 + BL_AUTH_LOCKOUT, tok, csrf, &retry),
                     BL_LOGIN_OK);
    /* four wrong spread over more than the window: never locked */
    for (int i = 0; i < 8; i++)
        assert_int_equal(bl_auth_login(auth, "10.0.0.11", "guess", NULL, t + 5000 + i * 400, tok, csrf, &retry),
                         BL_LOGIN_WRONG);
}

static void test_sessions_end(void **state)
{
    (void)state;
    char tok[BL_AUTH_TOKEN_LEN + 1], csrf[BL_AUTH_TOKEN_LEN + 1], tok2[BL_AUTH_TOKEN_LEN + 1],
        csrf2[BL_AUTH_TOKEN_LEN + 1];
    int retry = 0;
    int64_t t = 2000000;
    assert_int_equal(bl_auth_login(auth, "a", PW, NULL, t, tok, csrf, &retry), BL_LOGIN_OK);
    assert_int_equal(bl_auth_login(auth, "b", PW, NULL, t, tok2, csrf2, &retry), BL_LOGIN_OK);
    assert_string_not_equal(tok, tok2);

    /* CSRF: only the session's own token */
    assert_true(bl_auth_csrf_ok(auth, tok, csrf, t));
    assert_false(bl_auth_csrf_ok(auth, tok, csrf2, t));
    assert_false(bl_auth_csrf_ok(auth, tok, NULL, t));
    assert_false(bl_auth_csrf_ok(auth, tok, "", t));

    /* idle: kept alive by use every hour, ended after two idle hours */
    for (int h = 1; h <= 11; h++)
        assert_true(bl_auth_session(auth, tok, t + h * 3600, NULL, NULL));
    assert_false(bl_auth_session(auth, tok2, t + 3 * 3600, NULL, NULL));
    /* twelve hours in all, however busy */
    assert_false(bl_auth_session(auth, tok, t + 12 * 3600, NULL, NULL));

    assert_int_equal(bl_auth_login(auth, "a", PW, NULL, t, tok, csrf, &retry), BL_LOGIN_OK);
    bl_auth_logout(auth, tok);
    assert_false(bl_auth_session(auth, tok, t, NULL, NULL));
    assert_false(bl_auth_session(auth, "not a token", t, NULL, NULL));
    assert_false(bl_auth_session(auth, NULL, t, NULL, NULL));
}

static void test_oldest_session_ends(void **state)
{
    (void)state;
    char first[BL_AUTH_TOKEN_LEN + 1], tok[BL_AUTH_TOKEN_LEN + 1], csrf[BL_AUTH_TOKEN_LEN + 1];
    int retry = 0;
    int64_t t = 3000000;
    assert_int_equal(bl_auth_login(auth, "a", PW, NULL, t, first, csrf, &retry), BL_LOGIN_OK);
    for (int i = 1; i < BL_AUTH_SESSIONS; i++)
        assert_int_equal(bl_auth_login(auth, "a", PW, NULL, t + i, tok, csrf, &retry), BL_LOGIN_OK);
    assert_true(bl_auth_session(auth, first, t + 40, NULL, NULL));
    assert_int_equal(bl_auth_login(auth, "a", PW, NULL, t + 50, tok, csrf, &retry), BL_LOGIN_OK);
    assert_false(bl_auth_session(auth, first, t + 51, NULL, NULL));
    assert_true(bl_auth_session(auth, tok, t + 51, NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_password_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_and_lockout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sessions_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oldest_session_ends, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
