/*
 * test_text.c - UTF-8 decoding, character classes, 禁则 and break
 * opportunities.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "text/text.h"

/* Decodes a UTF-8 literal. */
static uint32_t *dec(const char *s, size_t *n)
{
    uint32_t *cps;
    assert_int_equal(bl_utf8_decode(s, strlen(s), &cps, n, NULL, NULL), BL_OK);
    return cps;
}

/* The text with '|' at every break opportunity. */
static void breaks_str(const char *s, bl_kinsoku lvl, char *out)
{
    size_t n, i;
    uint32_t *cps = dec(s, &n);
    bool *brk = calloc(n + 1, sizeof *brk);
    char *o = out;
    bl_text_breaks(cps, n, lvl, brk);
    for (i = 0; i < n; i++) {
        if (i > 0 && brk[i])
            *o++ = '|';
        o += bl_utf8_encode(cps[i], o);
    }
    *o = '\0';
    free(brk);
    free(cps);
}

static size_t bad_offsets[8], nbad;
static void on_bad(void *user, size_t off)
{
    (void)user;
    if (nbad < 8)
        bad_offsets[nbad++] = off;
}

static void test_utf8_valid(void **state)
{
    size_t n;
    uint32_t *cps = dec("会议A。", &n);
    (void)state;
    assert_int_equal(n, 4);
    assert_int_equal(cps[0], 0x4F1A);
    assert_int_equal(cps[1], 0x8BAE);
    assert_int_equal(cps[2], 'A');
    assert_int_equal(cps[3], 0x3002);
    free(cps);
}

static void test_utf8_invalid(void **state)
{
    /* a stray continuation byte, a truncated 3-byte sequence, an overlong
     * '/', a surrogate and a NUL */
    static const char bad[] = "a\x80" "b\xE4\xBD" "c\xC0\xAF" "d\xED\xA0\x80" "e\0f";
    uint32_t *cps;
    size_t n, i, repl = 0;
    (void)state;
    nbad = 0;
    assert_int_equal(bl_utf8_decode(bad, sizeof bad - 1, &cps, &n, on_bad, NULL), BL_OK);
    for (i = 0; i < n; i++)
        repl += cps[i] == BL_REPLACEMENT_CHAR;
    assert_true(repl >= 5);
    assert_int_equal(nbad, repl);
    assert_int_equal(bad_offsets[0], 1); /* the stray 0x80 */
    assert_int_equal(bad_offsets[1], 3); /* the truncated sequence */
    /* the letters around the damage survive in order */
    assert_int_equal(cps[0], 'a');
    assert_int_equal(cps[n - 1], 'f');
    assert_int_equal(bl_utf8_count_invalid(bad, sizeof bad - 1), repl);
    assert_int_equal(bl_utf8_count_invalid("会议", strlen("会议")), 0);
    free(cps);
}

static void test_utf8_encode_roundtrip(void **state)
{
    static const uint32_t cps[] = {'A', 0xE9, 0x4F1A, 0x20000, 0x10FFFF};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char buf[5] = {0};
        uint32_t *back;
        size_t n;
        int len = bl_utf8_encode(cps[i], buf);
        assert_int_equal(bl_utf8_decode(buf, (size_t)len, &back, &n, NULL, NULL), BL_OK);
        assert_int_equal(n, 1);
        assert_int_equal(back[0], cps[i]);
        free(back);
    }
}

static void test_classes(void **state)
{
    (void)state;
    assert_int_equal(bl_text_class(0x4F1A), BL_CC_HAN);      /* 会 */
    assert_int_equal(bl_text_class(0xFF0C), BL_CC_PAUSE);    /* ， */
    assert_int_equal(bl_text_class(0x3002), BL_CC_STOP);     /* 。 */
    assert_int_equal(bl_text_class(0x201C), BL_CC_OPEN);     /* “ */
    assert_int_equal(bl_text_class(0x300B), BL_CC_CLOSE);    /* 》 */
    assert_int_equal(bl_text_class(0x00B7), BL_CC_MIDDLE);   /* · */
    assert_int_equal(bl_text_class(0x2014), BL_CC_DASH);     /* — */
    assert_int_equal(bl_text_class(0x2026), BL_CC_ELLIPSIS); /* … */
    assert_int_equal(bl_text_class('7'), BL_CC_DIGIT);
    assert_int_equal(bl_text_class('k'), BL_CC_LATIN);
    assert_int_equal(bl_text_class(0xFF05), BL_CC_POSTFIX);  /* ％ */
    assert_int_equal(bl_text_class(0xFFE5), BL_CC_PREFIX);   /* ￥ */
    assert_true(bl_text_is_compressible(0xFF0C));
    assert_false(bl_text_is_compressible(','));
}

static void test_kinsoku_tables(void **state)
{
    static const char no_start[] = "、，。．：；！？‼⁇⁈⁉”’」』）〕］｝】〗》〉–～·・‧/／";
    static const char no_end[] = "“‘「『（〔［｛【〖《〈";
    size_t n, i;
    uint32_t *cps;
    (void)state;
    cps = dec(no_start, &n);
    for (i = 0; i < n; i++) {
        assert_true(bl_text_no_start(cps[i], BL_KINSOKU_BASIC));
        assert_false(bl_text_no_start(cps[i], BL_KINSOKU_NONE));
        assert_false(bl_text_no_end(cps[i], BL_KINSOKU_BASIC) && cps[i] != 0x2F && cps[i] != 0xFF0F);
    }
    free(cps);
    cps = dec(no_end, &n);
    for (i = 0; i < n; i++) {
        assert_true(bl_text_no_end(cps[i], BL_KINSOKU_BASIC));
        assert_false(bl_text_no_start(cps[i], BL_KINSOKU_BASIC));
    }
    free(cps);
    /* GB adds: a solidus may not end a line */
    assert_false(bl_text_no_end(0xFF0F, BL_KINSOKU_BASIC));
    assert_true(bl_text_no_end(0xFF0F, BL_KINSOKU_GB));
    {
        bl_kinsoku k;
        assert_true(bl_kinsoku_parse("strict", &k));
        assert_int_equal(k, BL_KINSOKU_STRICT);
        assert_false(bl_kinsoku_parse("loose", &k));
    }
}

static void test_breaks(void **state)
{
    char out[512];
    (void)state;
    /* Han breaks anywhere; marks stay with what they close or open */
    breaks_str("会议，“两个”。", BL_KINSOKU_BASIC, out);
    assert_string_equal(out, "会|议，|“两|个”。");
    /* 3月 and 13日 are never split; a space is a break after it */
    breaks_str("3月 13日下午", BL_KINSOKU_BASIC, out);
    assert_string_equal(out, "3月 |13日|下|午");
    /* —— and …… are single units; at basic the pair may start a line */
    breaks_str("好——就是……对", BL_KINSOKU_BASIC, out);
    assert_string_equal(out, "好|——|就|是|……|对");
    /* at strict the pair may not start a line */
    breaks_str("好——就是……对", BL_KINSOKU_STRICT, out);
    assert_string_equal(out, "好——|就|是……|对");
    /* a single — is a connector: no break before it */
    breaks_str("卢沟桥—宛平", BL_KINSOKU_BASIC, out);
    assert_string_equal(out, "卢|沟|桥—|宛|平");
    /* numbers with decimals, units and signs; a Latin word */
    breaks_str("涨3.5%达￥100元", BL_KINSOKU_BASIC, out);
    assert_string_equal(out, "涨|3.5%|达|￥100元");
    breaks_str("用HarfBuzz排版", BL_KINSOKU_BASIC, out);
    assert_string_equal(out, "用|HarfBuzz|排|版");
    /* interpuncts and solidus may not start a line */
    breaks_str("马克·吐温和A／B", BL_KINSOKU_BASIC, out);
    assert_string_equal(out, "马|克·|吐|温|和|A／|B");
    breaks_str("A／B", BL_KINSOKU_GB, out);
    assert_string_equal(out, "A／B");
    /* level none: everything may break except words and numbers */
    breaks_str("会，“两", BL_KINSOKU_NONE, out);
    assert_string_equal(out, "会|，|“|两");
}

/* Numbers are units (issue 14): clock times, signs, fractions, ratios,
 * products, percentages, prices, dates and units never split, at any
 * level, in full-width forms too; what follows the unit still breaks. */
static void test_number_units(void **state)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"会议17:00开始", "会|议|17:00开|始"},
        {"约9:30开", "约|9:30开"},
        {"低至-5℃以下", "低|至-5℃|以|下"},
        {"占1/2的", "占|1/2的"},
        {"在No.5号", "在|No.5号"},
        {"面积3×4米", "面|积|3×4米"},
        {"增长+8.6%了", "增|长|+8.6%|了"},
        {"比例1:500图", "比|例|1:500图"},
        {"售价￥12.50元", "售|价|￥12.50元"},
        {"于2026-03-14日", "于|2026-03-14日"},
        {"时速25km/h的", "时|速|25km/h|的"},
        {"体温36.5°正常", "体|温|36.5°|正|常"},
        {"约12m²见方", "约|12m²见|方"},
        {"共1,024人", "共|1,024人"},
        {"误差±0.5毫米", "误|差|±0.5毫|米"},
        {"温差−3℃和36°C", "温|差|−3℃|和|36°C"},
        {"测得23°F或0.9‰", "测|得|23°F|或|0.9‰"},
        {"用时0′58″内", "用|时|0′58″|内"},
        {"１７：００起", "１７：００起"},
        {"№5号", "№5号"},
    };
    static const bl_kinsoku levels[] = {BL_KINSOKU_NONE, BL_KINSOKU_BASIC, BL_KINSOKU_GB, BL_KINSOKU_STRICT};
    char out[512];
    size_t i, l;
    (void)state;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        breaks_str(cases[i].in, BL_KINSOKU_BASIC, out);
        if (strcmp(out, cases[i].out))
            fail_msg("%s: got %s, want %s", cases[i].in, out, cases[i].out);
        /* inside the unit nothing changes at another level */
        for (l = 0; l < sizeof levels / sizeof levels[0]; l++) {
            size_t n, k;
            uint32_t *cps = dec(cases[i].in, &n);
            bool *brk = calloc(n + 1, sizeof *brk);
            bl_text_breaks(cps, n, levels[l], brk);
            for (k = 0; k < n; k++)
                if (bl_text_class(cps[k]) == BL_CC_DIGIT && k + 1 < n &&
                    (bl_text_class(cps[k + 1]) == BL_CC_DIGIT || bl_text_class(cps[k + 1]) == BL_CC_POSTFIX))
                    assert_false(brk[k + 1]);
            free(brk);
            free(cps);
        }
    }
    assert_true(bl_text_is_superscript(0xB2));
    assert_int_equal(bl_text_class(0xB2), BL_CC_DIGIT);     /* ² */
    assert_int_equal(bl_text_class(0x2109), BL_CC_POSTFIX); /* ℉ */
    assert_int_equal(bl_text_class(0xB1), BL_CC_PREFIX);    /* ± */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid),      cmocka_unit_test(test_utf8_invalid),
        cmocka_unit_test(test_utf8_encode_roundtrip), cmocka_unit_test(test_classes),
        cmocka_unit_test(test_kinsoku_tables),  cmocka_unit_test(test_breaks),
        cmocka_unit_test(test_number_units),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
