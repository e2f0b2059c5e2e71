/*
 * test_core.c - the core layer's infrastructure: the frame-time histogram
 * (bounded however long the board runs), the growable buffer, the folder
 * lister and the frame-size parser.
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

#include "core/buf.h"
#include "core/fs.h"
#include "core/hist.h"

/* Quantiles of a known spread of frame times, within the 1 % promised. */
static void hist_quantiles(void **state)
{
    bl_hist h;
    int i;
    (void)state;
    bl_hist_init(&h, 16.7);
    for (i = 1; i <= 1000; i++)
        bl_hist_add(&h, i * 0.1); /* 0.1 .. 100 ms */
    assert_int_equal(h.count, 1000);
    assert_int_equal(h.over, 1000 - 167);
    assert_true(h.worst == 100.0);
    assert_true(bl_hist_quantile(&h, 0.5) > 50.0 * 0.99 && bl_hist_quantile(&h, 0.5) < 50.1 * 1.01);
    assert_true(bl_hist_quantile(&h, 0.99) > 99.0 * 0.99 && bl_hist_quantile(&h, 0.99) <= 100.0);
    assert_true(bl_hist_quantile(&h, 1.0) <= 100.0);
    assert_true(bl_hist_quantile(&h, 0.0) < 0.1 * 1.01);
}

/* A week of frames at 60 fps costs no memory beyond the struct, and the
 * extremes (0, negative, hours) land in the end buckets. */
static void hist_bounded(void **state)
{
    bl_hist h;
    long i;
    (void)state;
    bl_hist_init(&h, 16.7);
    for (i = 0; i < 7L * 86400 * 60 / 100; i++) /* a hundredth of a week: the same code path */
        bl_hist_add(&h, 5.0 + (double)(i % 7));
    bl_hist_add(&h, 0.0);
    bl_hist_add(&h, -3.0);
    bl_hist_add(&h, 3600e3);
    assert_true(bl_hist_quantile(&h, 0.5) > 7.0 && bl_hist_quantile(&h, 0.5) < 9.2);
    assert_true(bl_hist_quantile(&h, 1.0) > 1e4);
    assert_int_equal(h.over, 1);
    assert_true(sizeof h < 8 * 1024);
}

static void hist_empty(void **state)
{
    bl_hist h;
    (void)state;
    bl_hist_init(&h, 10);
    assert_true(bl_hist_quantile(&h, 0.5) == 0.0);
}

static void buf_builds(void **state)
{
    bl_buf b = {0};
    char *s;
    int *v = NULL;
    size_t cap = 0, i;
    (void)state;
    bl_buf_puts(&b, "第");
    bl_buf_printf(&b, "%d", 12);
    bl_buf_put_cp(&b, 0x9875); /* 页 */
    s = bl_buf_take(&b);
    assert_string_equal(s, "第12页");
    assert_null(b.p);
    free(s);
    s = bl_buf_take(&b); /* nothing put: "" */
    assert_string_equal(s, "");
    free(s);
    for (i = 0; i < 1000; i++) {
        assert_true(BL_GROW(&v, &cap, i + 1));
        v[i] = (int)i;
    }
    assert_true(cap >= 1000);
    assert_int_equal(v[999], 999);
    free(v);
}

static bool only_txt(const char *name, void *user)
{
    (void)user;
    return bl_has_suffix(name, ".txt", false);
}

static void dir_lists_sorted(void **state)
{
    char dir[] = "/tmp/bl-core-XXXXXX", p[256];
    const char *names[] = {"b.txt", "a.txt", "c.png", "10.txt"};
    char **v;
    size_t n, i;
    bl_err err;
    (void)state;
    assert_non_null(mkdtemp(dir));
    for (i = 0; i < 4; i++) {
        FILE *f;
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        f = fopen(p, "w");
        assert_non_null(f);
        fclose(f);
    }
    assert_int_equal(bl_dir_list(dir, only_txt, NULL, &v, &n, &err), BL_OK);
    assert_int_equal(n, 3);
    snprintf(p, sizeof p, "%s/10.txt", dir);
    assert_string_equal(v[0], p);
    snprintf(p, sizeof p, "%s/a.txt", dir);
    assert_string_equal(v[1], p);
    bl_strv_free(v, n);
    assert_int_equal(bl_dir_list(dir, NULL, NULL, &v, &n, &err), BL_OK);
    assert_int_equal(n, 4);
    for (i = 0; i < n; i++)
        unlink(v[i]);
    bl_strv_free(v, n);
    rmdir(dir);
    /* a folder that is not there is named with the reason */
    assert_int_equal(bl_dir_list(dir, NULL, NULL, &v, &n, &err), BL_ERR_NOTFOUND);
    assert_non_null(strstr(err.msg, dir));
    assert_null(v);
}

static void size_parser(void **state)
{
    int w = 0, h = 0;
    (void)state;
    assert_true(bl_parse_size("1920x1080", 64, 64, 16384, 16384, &w, &h));
    assert_int_equal(w, 1920);
    assert_int_equal(h, 1080);
    assert_true(bl_parse_size("800X480", 160, 120, 8192, 8192, &w, &h));
    assert_false(bl_parse_size("100x100", 160, 120, 8192, 8192, &w, &h));
    assert_false(bl_parse_size("1920x1080 ", 64, 64, 16384, 16384, &w, &h));
    assert_false(bl_parse_size("1920*1080", 64, 64, 16384, 16384, &w, &h));
    assert_false(bl_parse_size("x1080", 64, 64, 16384, 16384, &w, &h));
    assert_int_equal(w, 800); /* a refused value leaves the old one */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hist_quantiles), cmocka_unit_test(hist_bounded), cmocka_unit_test(hist_empty),
        cmocka_unit_test(buf_builds),     cmocka_unit_test(dir_lists_sorted), cmocka_unit_test(size_parser),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
