/*
 * test_linebreak.c - CSS Text 3's line-break levels for Chinese, run as
 * data: every line of tests/data/linebreak/css-zh.txt (a level and a text
 * with '|' at each place a line may break) against bl_text_breaks, and
 * the level names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

static const char *src_dir(void)
{
    const char *d = getenv("BL_SOURCE_DIR");
    return d ? d : ".";
}

/* The text of `marked` without its '|', with '|' where bl_text_breaks
 * allows a break at `level`, into out. */
static void breaks_of(const char *marked, bl_kinsoku level, char *out)
{
    char plain[512];
    size_t k = 0, n, i;
    uint32_t *cps;
    bool *brk;
    char *o = out;
    for (; *marked && k + 1 < sizeof plain; marked++)
        if (*marked != '|')
            plain[k++] = *marked;
    plain[k] = '\0';
    assert_int_equal(bl_utf8_decode(plain, k, &cps, &n, NULL, NULL), BL_OK);
    brk = calloc(n + 1, sizeof *brk);
    bl_text_breaks(cps, n, level, brk);
    for (i = 0; i < n; i++) {
        if (i > 0 && brk[i])
            *o++ = '|';
        o += bl_utf8_encode(cps[i], o);
    }
    *o = '\0';
    free(brk);
    free(cps);
}

static void test_css_zh_cases(void **state)
{
    char path[1024], line[512];
    FILE *f;
    int lineno = 0, cases = 0, failed = 0, per_level[3] = {0, 0, 0};
    (void)state;
    snprintf(path, sizeof path, "%s/tests/data/linebreak/css-zh.txt", src_dir());
    f = fopen(path, "r");
    if (!f)
        fail_msg("%s: cannot open", path);
    while (fgets(line, sizeof line, f)) {
        char *tab, *text, got[1024];
        bl_kinsoku level;
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        tab = strchr(line, '\t');
        if (!tab)
            fail_msg("css-zh.txt:%d: no tab", lineno);
        *tab = '\0';
        text = tab + 1;
        if (!bl_line_break_parse(line, &level))
            fail_msg("css-zh.txt:%d: level '%s' is not loose, normal or strict", lineno, line);
        breaks_of(text, level, got);
        cases++;
        per_level[level - BL_KINSOKU_CSS_LOOSE]++;
        if (strcmp(got, text)) {
            print_error("css-zh.txt:%d: %s: want %s, got %s\n", lineno, line, text, got);
            failed++;
        }
    }
    fclose(f);
    if (failed)
        fail_msg("%d of %d cases fail", failed, cases);
    assert_true(cases >= 250);
    assert_true(per_level[0] >= 80 && per_level[1] >= 80 && per_level[2] >= 80);
}

static void test_level_names(void **state)
{
    bl_kinsoku k;
    (void)state;
    assert_true(bl_line_break_parse("loose", &k));
    assert_int_equal(k, BL_KINSOKU_CSS_LOOSE);
    assert_true(bl_line_break_parse("normal", &k));
    assert_int_equal(k, BL_KINSOKU_CSS_NORMAL);
    assert_true(bl_line_break_parse("strict", &k));
    assert_int_equal(k, BL_KINSOKU_CSS_STRICT);
    assert_false(bl_line_break_parse("basic", &k));
    assert_false(bl_line_break_parse("anywhere", &k));
    assert_string_equal(bl_kinsoku_name(BL_KINSOKU_BASIC), "basic");
    assert_string_equal(bl_kinsoku_name(BL_KINSOKU_CSS_NORMAL), "css-normal");
    /* the clreq names stay clreq's */
    assert_true(bl_kinsoku_parse("strict", &k));
    assert_int_equal(k, BL_KINSOKU_STRICT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_css_zh_cases),
        cmocka_unit_test(test_level_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
