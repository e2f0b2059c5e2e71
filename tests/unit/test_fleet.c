/*
 * test_fleet.c - the district's signed bundles (board/bundle) and the
 * [fleet] settings: a bundle signed with the district's key opens and
 * writes its articles as fleet-*.txt; one byte changed anywhere in it or
 * in its signature, no signature, another district's key, another
 * group, a bad article or a name that would leave the folder are each
 * refused with the reason and write nothing; a later bundle replaces the
 * fleet's files and leaves the folder's own alone.  The broker URL, key
 * and names are checked as the configuration is read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board/bundle.h"
#include "board/config.h"
#include "board/fleet.h"
#include "core/fs.h"

static char dir[128], pkb[64], skb[128];
static unsigned char pk[BL_BUNDLE_PK_BYTES], sk[BL_BUNDLE_SK_BYTES];

static void put(const char *name, const char *text)
{
    char p[512];
    FILE *f;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    assert_non_null(f = fopen(p, "w"));
    fputs(text, f);
    fclose(f);
}

static bool exists(const char *name)
{
    char p[512];
    struct stat sb;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &sb) == 0;
}

/* Files in the folder, not counting dot files. */
static int count_files(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/bl-fleet-%d", (int)getpid());
    mkdir(dir, 0755);
    bl_bundle_keygen(pkb, sizeof pkb, skb, sizeof skb);
    assert_true(bl_bundle_key_decode(pkb, pk, sizeof pk));
    assert_true(bl_bundle_key_decode(skb, sk, sizeof sk));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A bundle of two articles, made from files in a folder of their own. */
static char *make_two(const char *group, int64_t made)
{
    char src[200], a[260], b[260], *paths[2], *text = NULL;
    bl_err err;
    FILE *f;
    snprintf(src, sizeof src, "%s-src", dir);
    mkdir(src, 0755);
    snprintf(a, sizeof a, "%s/vaccine.txt", src);
    snprintf(b, sizeof b, "%s/water.txt", src);
    assert_non_null(f = fopen(a, "w"));
    fputs("title: 流感疫苗接种\n\n本周六上午九点，社区卫生站接种流感疫苗。\n", f);
    fclose(f);
    assert_non_null(f = fopen(b, "w"));
    fputs("title: 停水通知\n\n周日零点到六点停水，请提前储水。\n", f);
    fclose(f);
    paths[0] = a;
    paths[1] = b;
    assert_int_equal(bl_bundle_make(group, made, paths, 2, &text, &err), BL_OK);
    unlink(a);
    unlink(b);
    rmdir(src);
    return text;
}

static void test_signed_bundle_applies(void **state)
{
    (void)state;
    char sig[BL_BUNDLE_SIG_B64];
    char *text = make_two("fengtai", 1000);
    bl_bundle *b = NULL;
    bl_err err;
    size_t changed = 0;
    bl_bundle_sign(text, strlen(text), sk, sig);
    put("local.txt", "title: 本社区的\n\n居委会自己写的。\n");
    put("fleet-old.txt", "title: 上次的\n\n区里上次发的。\n");
    assert_int_equal(bl_bundle_open(text, strlen(text), sig, pk, "fengtai", "board-1", &b, &err), BL_OK);
    assert_int_equal(bl_bundle_count(b), 2);
    assert_int_equal(bl_bundle_made(b), 1000);
    assert_int_equal(bl_bundle_apply(b, dir, &changed, &err), BL_OK);
    assert_int_equal(changed, 3); /* two written, the old one removed */
    assert_true(exists("fleet-vaccine.txt"));
    assert_true(exists("fleet-water.txt"));
    assert_false(exists("fleet-old.txt"));
    assert_true(exists("local.txt")); /* the folder's own: never touched */
    /* the same again changes nothing */
    assert_int_equal(bl_bundle_apply(b, dir, &changed, &err), BL_OK);
    assert_int_equal(changed, 0);
    bl_bundle_destroy(b);
    /* addressed to the board itself rather than its group: taken too */
    free(text);
    text = make_two("board-1", 1001);
    bl_bundle_sign(text, strlen(text), sk, sig);
    assert_int_equal(bl_bundle_open(text, strlen(text), sig, pk, "fengtai", "board-1", &b, &err), BL_OK);
    bl_bundle_destroy(b);
    free(text);
}

static void test_altered_bundles_refused(void **state)
{
    (void)state;
    char sig[BL_BUNDLE_SIG_B64], bad[BL_BUNDLE_SIG_B64], opk[64], osk[128];
    unsigned char other_sk[BL_BUNDLE_SK_BYTES];
    char *text = make_two("fengtai", 1000);
    size_t len = strlen(text);
    bl_bundle *b = NULL;
    bl_err err;
    bl_bundle_sign(text, len, sk, sig);
    /* one byte changed, at every position of the bundle */
    for (size_t i = 0; i < len; i++) {
        char *t = bl_strdup(text);
        t[i] ^= 0x01;
        assert_int_not_equal(bl_bundle_open(t, len, sig, pk, "fengtai", "board-1", &b, &err), BL_OK);
        assert_null(b);
        assert_non_null(strstr(err.msg, "signature does not match"));
        free(t);
    }
    /* a byte added at the end */
    {
        char *t = malloc(len + 2);
        memcpy(t, text, len);
        t[len] = ' ';
        t[len + 1] = '\0';
        assert_int_not_equal(bl_bundle_open(t, len + 1, sig, pk, "fengtai", "board-1", &b, &err), BL_OK);
        free(t);
    }
    /* the signature altered */
    memcpy(bad, sig, sizeof bad);
    bad[10] = bad[10] == 'A' ? 'B' : 'A';
    assert_int_not_equal(bl_bundle_open(text, len, bad, pk, "fengtai", "board-1", &b, &err), BL_OK);
    assert_non_null(strstr(err.msg, "signature does not match"));
    /* no signature, or not a signature */
    assert_int_not_equal(bl_bundle_open(text, len, NULL, pk, "fengtai", "board-1", &b, &err), BL_OK);
    assert_non_null(strstr(err.msg, "unsigned"));
    assert_int_not_equal(bl_bundle_open(text, len, "", pk, "fengtai", "board-1", &b, &err), BL_OK);
    assert_int_not_equal(bl_bundle_open(text, len, "c2hvcnQ=", pk, "fengtai", "board-1", &b, &err), BL_OK);
    assert_non_null(strstr(err.msg, "64 bytes"));
    /* signed with another district's key */
    bl_bundle_keygen(opk, sizeof opk, osk, sizeof osk);
    assert_true(bl_bundle_key_decode(osk, other_sk, sizeof other_sk));
    bl_bundle_sign(text, len, other_sk, bad);
    assert_int_not_equal(bl_bundle_open(text, len, bad, pk, "fengtai", "board-1", &b, &err), BL_OK);
    /* rightly signed, for another group */
    assert_int_not_equal(bl_bundle_open(text, len, sig, pk, "xicheng", "board-1", &b, &err), BL_OK);
    assert_non_null(strstr(err.msg, "addressed to 'fengtai'"));
    assert_int_equal(count_files(), 0); /* nothing was written */
    free(text);
}

/* Signed by the district, and still refused: what the format forbids. */
static void test_bad_content_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "{\"baolan-bundle\": 1, \"group\": \"fengtai\", \"made\": 5, \"articles\": "
        "[{\"name\": \"../escape.txt\", \"text\": \"title: x\\n\\ny\\n\"}]}",
        "{\"baolan-bundle\": 1, \"group\": \"fengtai\", \"made\": 5, \"articles\": "
        "[{\"name\": \"good.txt\", \"text\": \"title: 有标题\\n\\n正文。\\n\"}, {\"name\": \"empty.txt\", \"text\": \"title: 没有正文\\n\"}]}",
        "{\"baolan-bundle\": 1, \"group\": \"fengtai\", \"made\": 5, \"articles\": "
        "[{\"name\": \"twice.txt\", \"text\": \"title: a\\n\\nb\\n\"}, {\"name\": \"twice.txt\", \"text\": \"title: a\\n\\nb\\n\"}]}",
        "{\"baolan-bundle\": 2, \"group\": \"fengtai\", \"made\": 5, \"articles\": []}",
        "not json at all",
    };
    static const char *const why[] = {"good name", "body", "listed twice", "not a bundle", "not a bundle"};
    for (size_t i = 0; i < BL_ARRAY_LEN(bad); i++) {
        char sig[BL_BUNDLE_SIG_B64];
        bl_bundle *b = NULL;
        bl_err err;
        bl_bundle_sign(bad[i], strlen(bad[i]), sk, sig);
        assert_int_not_equal(bl_bundle_open(bad[i], strlen(bad[i]), sig, pk, "fengtai", "b", &b, &err), BL_OK);
        assert_null(b);
        if (!strstr(err.msg, why[i]))
            fail_msg("case %zu: '%s' does not say '%s'", i, err.msg, why[i]);
    }
    assert_int_equal(count_files(), 0);
}

static void test_keys_and_names(void **state)
{
    (void)state;
    unsigned char k[BL_BUNDLE_PK_BYTES];
    char host[64];
    int port;
    bool tls;
    assert_false(bl_bundle_key_decode("c2hvcnQ=", k, sizeof k)); /* 5 bytes */
    assert_false(bl_bundle_key_decode(skb, k, sizeof k));        /* 64, not 32 */
    assert_false(bl_bundle_key_decode("not base64!", k, sizeof k));
    assert_true(bl_fleet_parse_broker("mqtt://127.0.0.1:1884", host, sizeof host, &port, &tls));
    assert_string_equal(host, "127.0.0.1");
    assert_int_equal(port, 1884);
    assert_false(tls);
    assert_true(bl_fleet_parse_broker("mqtts://mqtt.fengtai.example", host, sizeof host, &port, &tls));
    assert_int_equal(port, 8883);
    assert_true(tls);
    assert_false(bl_fleet_parse_broker("http://x:1", host, sizeof host, &port, &tls));
    assert_false(bl_fleet_parse_broker("mqtt://x:0", host, sizeof host, &port, &tls));
    assert_false(bl_fleet_parse_broker("mqtt://:1883", host, sizeof host, &port, &tls));
    assert_false(bl_fleet_parse_broker("mqtt://x/y", host, sizeof host, &port, &tls));
}

static void test_config(void **state)
{
    (void)state;
    bl_config c;
    bl_err err;
    char text[512];
    bl_config_defaults(&c);
    assert_string_equal(c.fleet_broker, "");
    snprintf(text, sizeof text,
             "[fleet]\nbroker = mqtt://127.0.0.1:1883\nboard = lugouqiao-3\ngroup = fengtai\nkey = %s\n", pkb);
    assert_int_equal(bl_config_parse("t.ini", text, &c, &err), BL_OK);
    assert_string_equal(c.fleet_broker, "mqtt://127.0.0.1:1883");
    assert_string_equal(c.fleet_board, "lugouqiao-3");
    assert_string_equal(c.fleet_group, "fengtai");
    assert_string_equal(c.fleet_key, pkb);
    /* bad values warn and keep the default */
    bl_config_defaults(&c);
    assert_int_equal(bl_config_parse("t.ini",
                                     "[fleet]\nbroker = tcp://x:1\ngroup = a/b\nboard = has space\nkey = c2hvcnQ=\n",
                                     &c, &err),
                     BL_OK);
    assert_string_equal(c.fleet_broker, "");
    assert_string_equal(c.fleet_group, "");
    assert_string_equal(c.fleet_board, "");
    assert_string_equal(c.fleet_key, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_signed_bundle_applies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_altered_bundles_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_content_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keys_and_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
