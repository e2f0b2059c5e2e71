/*
 * test_font.c - faces, fallback chains and shaping as a reader of the board
 * would notice them: the project's font list finds the Simplified Chinese
 * face inside its collection (not face 0), a family that is not there is an
 * error that names it, a character the body face lacks is drawn by the next
 * face of the chain (not as a box), 中文 shapes to two glyphs of one em,
 * vertical text uses the vertical forms of 。 and （, half-width forms halve
 * punctuation only, and the metrics put a character's ink inside its em box.
 *
 * Uses the fonts named by fonts/fonts.list in the source tree
 * (BL_SOURCE_DIR), never whatever else the machine has.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "text/font.h"

#define SERIF "Noto Serif CJK SC"
#define SANS "Noto Sans CJK SC"
#define PX 40

static bl_fontlib *lib; /* the source tree's font list, for every test */

static const char *src_dir(void)
{
    const char *d = getenv("BL_SOURCE_DIR");
    return d ? d : ".";
}

static int open_lib(void **state)
{
    char path[1024];
    bl_err err;
    (void)state;
    snprintf(path, sizeof path, "%s/fonts/fonts.list", src_dir());
    if (bl_fontlib_create_from_list(path, &lib, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

static int close_lib(void **state)
{
    (void)state;
    bl_fontlib_destroy(lib);
    lib = NULL;
    return 0;
}

static const bl_face *face(const char *family, const char *style)
{
    bl_err err;
    const bl_face *f = bl_fontlib_find(lib, family, style, &err);
    if (!f)
        fail_msg("%s", err.msg);
    return f;
}

/* A font of the given faces (first to last) at px. */
static bl_font *font_of(const bl_face *const *faces, size_t n, int px)
{
    bl_font *f = NULL;
    bl_err err;
    if (bl_font_create(faces, n, px, &f, &err))
        fail_msg("%s", err.msg);
    return f;
}

/* Shapes UTF-8 text; *n is the number of glyphs.  The result is the
 * caller's to free. */
static bl_shaped *shape(const bl_font *font, const char *utf8, bl_dir dir, const char *features, size_t *n)
{
    uint32_t *cps = NULL;
    size_t ncps = 0;
    bl_shaped *out = NULL;
    bl_err err;
    assert_int_equal(bl_utf8_decode(utf8, strlen(utf8), &cps, &ncps, NULL, NULL), BL_OK);
    if (bl_font_shape(font, cps, ncps, dir, features, &out, n, &err))
        fail_msg("shaping %s: %s", utf8, err.msg);
    free(cps);
    return out;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcmp(s + a - b, tail) == 0;
}

static void test_list_finds_sc_faces(void **state)
{
    /* The body and headline faces come out of .ttc collections whose
     * first face is Japanese: picking by name must land on the SC face,
     * or 骨, 刃 and 直 are drawn in their Japanese shapes. */
    const bl_face *body = face(SERIF, "Regular");
    const bl_face *bold = face(SANS, "Bold");
    (void)state;
    assert_string_equal(bl_face_family(body), SERIF);
    assert_true(ends_with(bl_face_path(body), ".ttc"));
    assert_int_not_equal(bl_face_index(body), 0);
    assert_string_equal(bl_face_family(bold), SANS);
    assert_int_not_equal(bl_face_index(bold), 0);
    /* Regular and Bold are different files */
    assert_true(strstr(bl_face_path(bold), "Bold") != NULL);
    assert_true(strstr(bl_face_path(body), "Bold") == NULL);
}

static void test_lookup_is_by_name_and_borrowed(void **state)
{
    /* Asking again gives the same face (the library owns it; nothing is
     * opened twice); a style is part of the name. */
    const bl_face *a = face(SERIF, "Regular");
    const bl_face *b = face(SERIF, "Regular");
    const bl_face *bold = face(SERIF, "Bold");
    const bl_face *sans = face(SANS, "Regular");
    (void)state;
    assert_ptr_equal(a, b);
    assert_ptr_not_equal(a, bold);
    assert_ptr_not_equal(a, sans);
    assert_string_equal(bl_face_family(sans), SANS);
    /* Sans and Serif are in different collections */
    assert_string_not_equal(bl_face_path(a), bl_face_path(sans));
}

static void test_unknown_family_is_named(void **state)
{
    bl_err err;
    (void)state;
    memset(&err, 0, sizeof err);
    assert_null(bl_fontlib_find(lib, "Noto Serif CJK XX", "Regular", &err));
    assert_int_equal(err.status, BL_ERR_FONT);
    if (!strstr(err.msg, "Noto Serif CJK XX"))
        fail_msg("the error does not name the family: %s", err.msg);
    /* a known family in a style it does not come in */
    memset(&err, 0, sizeof err);
    assert_null(bl_fontlib_find(lib, SERIF, "Italic", &err));
    assert_int_equal(err.status, BL_ERR_FONT);
    if (!strstr(err.msg, SERIF) || !strstr(err.msg, "Italic"))
        fail_msg("the error does not name the face: %s", err.msg);
}

static void test_missing_list_is_named(void **state)
{
    bl_fontlib *l = (bl_fontlib *)1;
    bl_err err;
    (void)state;
    memset(&err, 0, sizeof err);
    assert_int_not_equal(bl_fontlib_create_from_list("/nonexistent/baolan/fonts.list", &l, &err), BL_OK);
    assert_null(l);
    if (!strstr(err.msg, "/nonexistent/baolan/fonts.list"))
        fail_msg("the error does not name the list: %s", err.msg);
}

static void test_bad_font_size(void **state)
{
    const bl_face *f = face(SERIF, "Regular");
    bl_font *font = (bl_font *)1;
    bl_err err;
    (void)state;
    assert_int_equal(bl_font_create(&f, 1, 0, &font, &err), BL_ERR_RANGE);
    assert_null(font);
    assert_int_equal(bl_font_create(&f, 0, PX, &font, &err), BL_ERR_RANGE);
    assert_null(font);
    bl_font_destroy(NULL);
}

static void test_shape_zhongwen(void **state)
{
    /* Two ideographs: two glyphs, one em each along the line in either
     * direction, each mapped back to its own character. */
    const bl_face *f = face(SERIF, "Regular");
    bl_font *font = font_of(&f, 1, PX);
    bl_dir dirs[] = {BL_DIR_H, BL_DIR_V};
    size_t d, n, i;
    (void)state;
    assert_int_equal(bl_font_px(font), PX);
    assert_ptr_equal(bl_font_face(font, 0), f);
    for (d = 0; d < 2; d++) {
        bl_shaped *g = shape(font, "中文", dirs[d], NULL, &n);
        assert_int_equal(n, 2);
        for (i = 0; i < n; i++) {
            assert_int_equal(g[i].cluster, i);
            assert_int_equal(g[i].face, 0);
            assert_false(g[i].missing);
            assert_int_not_equal(g[i].gid, 0);
            assert_int_equal(g[i].adv, PX * 64);
            /* an ideograph has no half-width form: halt/vhal leave it */
            assert_int_equal(g[i].adv_half, PX * 64);
        }
        assert_int_not_equal(g[0].gid, g[1].gid);
        free(g);
    }
    bl_font_destroy(font);
}

static void test_sizes_share_a_face(void **state)
{
    /* Fonts of two sizes over one face keep their own size: shaping one
     * after the other does not change the other's advances. */
    const bl_face *f = face(SANS, "Regular");
    bl_font *small = font_of(&f, 1, 20), *big = font_of(&f, 1, 72);
    size_t n;
    bl_shaped *a, *b, *c;
    (void)state;
    a = shape(small, "中", BL_DIR_H, NULL, &n);
    b = shape(big, "中", BL_DIR_H, NULL, &n);
    c = shape(small, "中", BL_DIR_H, NULL, &n);
    assert_int_equal(a[0].adv, 20 * 64);
    assert_int_equal(b[0].adv, 72 * 64);
    assert_int_equal(c[0].adv, 20 * 64);
    assert_int_equal(a[0].gid, b[0].gid);
    free(a);
    free(b);
    free(c);
    bl_font_destroy(small);
    bl_font_destroy(big);
}

static void test_fallback_supplies_glyph(void **state)
{
    /* 鿫 (ào, oganesson, element 118; Unicode 10) is in Noto Sans CJK SC
     * but not in Noto Serif CJK SC.  Behind the serif in the chain, the
     * sans draws it; the serif keeps the characters it has. */
    const bl_face *chain[2];
    bl_font *alone, *both;
    bl_shaped *g;
    size_t n;
    (void)state;
    chain[0] = face(SERIF, "Regular");
    chain[1] = face(SANS, "Regular");
    both = font_of(chain, 2, PX);
    alone = font_of(chain, 1, PX);

    g = shape(both, "元素鿫", BL_DIR_H, NULL, &n);
    assert_int_equal(n, 3);
    assert_int_equal(g[0].face, 0);
    assert_int_equal(g[1].face, 0);
    assert_int_equal(g[2].face, 1);
    assert_false(g[2].missing);
    assert_int_not_equal(g[2].gid, 0);
    assert_int_equal(g[2].cluster, 2);
    assert_int_equal(g[2].adv, PX * 64);
    {
        int32_t box[4];
        assert_true(bl_font_glyph_ink(both, 1, g[2].gid, box)); /* it has ink: not a blank */
    }
    free(g);

    /* the serif alone has no such character: a flagged .notdef */
    g = shape(alone, "元素鿫", BL_DIR_H, NULL, &n);
    assert_int_equal(n, 3);
    assert_false(g[1].missing);
    assert_true(g[2].missing);
    assert_int_equal(g[2].gid, 0);
    free(g);

    /* a character no face of the chain has (U+1F9D9 mage) is flagged
     * missing and shaped with the first face */
    g = shape(both, "魔\xF0\x9F\xA7\x99法", BL_DIR_H, NULL, &n);
    assert_int_equal(n, 3);
    assert_true(g[1].missing);
    assert_int_equal(g[1].face, 0);
    assert_false(g[0].missing);
    assert_false(g[2].missing);
    free(g);

    bl_font_destroy(alone);
    bl_font_destroy(both);
}

static void test_vertical_forms(void **state)
{
    /* In a column 。 and （ are their vertical forms: other glyphs than in
     * a line, flagged vert.  （ turned for a column opens downwards: its
     * ink is wider than tall, where the horizontal one is taller than
     * wide. */
    const bl_face *f = face(SERIF, "Regular");
    bl_font *font = font_of(&f, 1, PX);
    bl_shaped *h, *v;
    size_t nh, nv, i;
    int32_t bh[4], bv[4];
    (void)state;
    h = shape(font, "。（", BL_DIR_H, NULL, &nh);
    v = shape(font, "。（", BL_DIR_V, NULL, &nv);
    assert_int_equal(nh, 2);
    assert_int_equal(nv, 2);
    for (i = 0; i < 2; i++) {
        if (h[i].gid == v[i].gid)
            fail_msg("%s has the same glyph in a column as in a line", i ? "（" : "。");
        assert_false(h[i].vert);
        assert_true(v[i].vert);
        assert_int_equal(v[i].adv, PX * 64);
    }
    assert_true(bl_font_glyph_ink(font, 0, h[1].gid, bh));
    assert_true(bl_font_glyph_ink(font, 0, v[1].gid, bv));
    assert_true(bh[3] - bh[1] > bh[2] - bh[0]); /* ( tall */
    assert_true(bv[2] - bv[0] > bv[3] - bv[1]); /* ︵ wide */
    /* ordinary ideographs have no vertical form */
    free(h);
    free(v);
    v = shape(font, "中", BL_DIR_V, NULL, &nv);
    assert_false(v[0].vert);
    free(v);
    bl_font_destroy(font);
}

static void test_half_width_punctuation(void **state)
{
    /* Punctuation compression rests on the half-width forms: 。 and （
     * take half an em with halt (vhal in a column). */
    const bl_face *f = face(SERIF, "Regular");
    bl_font *font = font_of(&f, 1, PX);
    bl_dir dirs[] = {BL_DIR_H, BL_DIR_V};
    size_t d, n, i;
    (void)state;
    for (d = 0; d < 2; d++) {
        bl_shaped *g = shape(font, "。（", dirs[d], NULL, &n);
        assert_int_equal(n, 2);
        for (i = 0; i < n; i++) {
            assert_int_equal(g[i].adv, PX * 64);
            assert_int_equal(g[i].adv_half, PX * 32);
        }
        free(g);
    }
    /* a feature string applies to the whole text: halt everywhere */
    {
        bl_shaped *g = shape(font, "中。", BL_DIR_H, "halt", &n);
        assert_int_equal(n, 2);
        assert_int_equal(g[0].adv, PX * 64);
        assert_int_equal(g[1].adv, PX * 32);
        free(g);
    }
    bl_font_destroy(font);
}

static void test_metrics(void **state)
{
    /* The ideographic em box sits 0.88 em above the baseline in Noto CJK
     * (its BASE table), and the ink of 中 fills most of the em box
     * without leaving it. */
    const bl_face *f = face(SERIF, "Regular");
    bl_font *font = font_of(&f, 1, PX);
    int32_t em = PX * 64, top = bl_font_embox_top(font), box[4];
    size_t n;
    bl_shaped *g = shape(font, "中", BL_DIR_H, NULL, &n);
    (void)state;
    assert_in_range(top, em * 85 / 100, em * 91 / 100);
    assert_true(bl_font_glyph_ink(font, 0, g[0].gid, box));
    /* {left, top, right, bottom} from the origin, y down */
    assert_true(box[0] >= 0 && box[2] <= em);
    assert_true(box[1] >= -top && box[3] <= em - top);
    assert_true(box[2] - box[0] > em * 7 / 10);
    assert_true(box[3] - box[1] > em * 7 / 10);
    free(g);
    /* a space has no ink */
    g = shape(font, " ", BL_DIR_H, NULL, &n);
    assert_false(bl_font_glyph_ink(font, 0, g[0].gid, box));
    assert_true(g[0].adv > 0 && g[0].adv < em);
    free(g);
    bl_font_destroy(font);
}

/* The shaping language picks the faces' regional forms: the same SC
 * face puts 。 in the lower left of its cell as zh-Hans and in the centre
 * as zh-Hant or zh-HK (its `locl`), and its TC face does the same. */
static void test_language(void **state)
{
    const bl_face *sc = face(SERIF, "Regular"), *tc = face("Noto Serif CJK TC", "Regular");
    const bl_face *const faces[] = {sc, tc};
    int32_t em = PX * 64, box[4];
    size_t k, n;
    (void)state;
    for (k = 0; k < 2; k++) {
        bl_font *font = font_of(&faces[k], 1, PX);
        bl_shaped *g;
        int32_t mid;
        assert_string_equal(bl_font_language(font), "zh-hans");
        g = shape(font, "。", BL_DIR_H, NULL, &n);
        assert_true(bl_font_glyph_ink(font, 0, g[0].gid, box));
        assert_true(box[2] <= em / 2); /* left half */
        assert_true(box[3] >= 0);      /* down to the baseline */
        free(g);
        bl_font_set_language(font, k ? "zh-HK" : "zh-Hant");
        g = shape(font, "。", BL_DIR_H, NULL, &n);
        assert_true(bl_font_glyph_ink(font, 0, g[0].gid, box));
        mid = (box[0] + box[2]) / 2;
        assert_in_range(mid, em / 2 - em / 20, em / 2 + em / 20);
        assert_true(box[3] < 0); /* above the baseline */
        free(g);
        bl_font_set_language(font, NULL);
        assert_string_equal(bl_font_language(font), "zh-hans");
        bl_font_destroy(font);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_finds_sc_faces),
        cmocka_unit_test(test_lookup_is_by_name_and_borrowed),
        cmocka_unit_test(test_unknown_family_is_named),
        cmocka_unit_test(test_missing_list_is_named),
        cmocka_unit_test(test_bad_font_size),
        cmocka_unit_test(test_shape_zhongwen),
        cmocka_unit_test(test_sizes_share_a_face),
        cmocka_unit_test(test_fallback_supplies_glyph),
        cmocka_unit_test(test_vertical_forms),
        cmocka_unit_test(test_half_width_punctuation),
        cmocka_unit_test(test_metrics),
        cmocka_unit_test(test_language),
    };
    return cmocka_run_group_tests(tests, open_lib, close_lib);
}
