/*
 * test_emoji.c - emoji and rare characters as a reader of the board would
 * notice them: a sequence (👨‍👩‍👧 👍🏽 🇨🇳 1️⃣ ☎️) is one glyph of the colour
 * face, an em square in both directions, never split at a line end; an
 * Extension B character no CJK face has comes from HanaMinB; the emoji of
 * a notice are drawn in colour (saturated pixels inside their cells, not
 * grey), in the same bytes every time, also through night dimming; a
 * one-line label (the ticker) draws them in colour at its own size.
 *
 * Fonts and the notice come from the source tree (BL_SOURCE_DIR).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "board/label.h"
#include "content/content.h"
#include "core/utf8.h"
#include "layout/layout.h"
#include "render/colour.h"
#include "render/engine.h"
#include "render/pixel.h"
#include "render/render.h"
#include "text/text.h"

#define NOTICE "tests/data/emoji/notice.txt"

static const char *src_dir(void)
{
    const char *d = getenv("BL_SOURCE_DIR");
    return d ? d : ".";
}

static bl_engine *engine_for(int w, int h, bl_mode mode)
{
    bl_engine_opts o;
    bl_engine *e = NULL;
    bl_err err;
    memset(&o, 0, sizeof o);
    o.data_dir = src_dir();
    o.width = w;
    o.height = h;
    o.margin_px = -1;
    o.mode = mode;
    if (bl_engine_create(&o, &e, &err))
        fail_msg("engine: %s", err.msg);
    return e;
}

static uint32_t *decode(const char *s, size_t *n)
{
    uint32_t *cps;
    assert_int_equal(bl_utf8_decode(s, strlen(s), &cps, n, NULL, NULL), BL_OK);
    return cps;
}

/* The sequences of the notice, each drawn as one glyph. */
static const char *const sequences[] = {
    "🎉", "📅", "☎️", "👨‍👩‍👧", "👍🏽", "🇨🇳", "1️⃣", "#️⃣", "❤️", "🧧",
};

static void test_sequences_are_clusters(void **state)
{
    size_t i, n;
    bool emoji;
    (void)state;
    for (i = 0; i < sizeof sequences / sizeof *sequences; i++) {
        uint32_t *cps = decode(sequences[i], &n);
        if (bl_text_cluster_end(cps, n, 0, &emoji) != n || !emoji)
            fail_msg("%s is not one emoji sequence", sequences[i]);
        free(cps);
    }
    {
        /* two flags are two sequences; ☎ without VS16 and ☎︎ with VS15
         * are text; a Han character is not an emoji */
        uint32_t *cps = decode("🇨🇳🇨🇳", &n);
        assert_int_equal(bl_text_cluster_end(cps, n, 0, &emoji), 2);
        assert_int_equal(bl_text_cluster_end(cps, n, 2, &emoji), 4);
        free(cps);
        cps = decode("☎", &n);
        bl_text_cluster_end(cps, n, 0, &emoji);
        assert_false(emoji);
        free(cps);
        cps = decode("☎\xEF\xB8\x8E", &n);
        assert_int_equal(bl_text_cluster_end(cps, n, 0, &emoji), 2);
        assert_false(emoji);
        free(cps);
        assert_false(bl_text_is_emoji(0x4E2D));
        assert_true(bl_text_is_emoji(0x1F389));
        assert_int_equal(bl_text_class(0x1F389), BL_CC_HAN);
    }
}

/* No break inside a sequence, a break on either side of one between Han
 * characters (an emoji breaks like an ideograph). */
static void test_breaks_keep_sequences(void **state)
{
    size_t i, k, n;
    (void)state;
    for (i = 0; i < sizeof sequences / sizeof *sequences; i++) {
        char text[64];
        uint32_t *cps;
        bool brk[32];
        snprintf(text, sizeof text, "中%s文", sequences[i]);
        cps = decode(text, &n);
        assert_true(n < 32);
        bl_text_breaks(cps, n, BL_KINSOKU_BASIC, brk);
        assert_true(brk[1]);
        assert_true(brk[n - 1]);
        for (k = 2; k < n - 1; k++)
            if (brk[k])
                fail_msg("a break inside %s, before character %zu", sequences[i], k - 1);
        free(cps);
    }
}

/* Every sequence shapes to one glyph of the colour face, one em along the
 * line in both directions; ☎ without VS16 stays with the CJK face; a
 * space after an emoji is not the colour face's (an em wide). */
static void test_sequences_shape_to_one_glyph(void **state)
{
    bl_engine *e = engine_for(1920, 1080, BL_MODE_HORIZONTAL);
    const bl_font *font = bl_engine_layout_opts(e)->fonts[BL_STYLE_BODY];
    int32_t em = bl_font_px(font) * 64;
    size_t i, n, ng;
    int d;
    (void)state;
    for (d = 0; d < 2; d++)
        for (i = 0; i < sizeof sequences / sizeof *sequences; i++) {
            uint32_t *cps = decode(sequences[i], &n);
            bl_shaped *g = NULL;
            bl_err err;
            const char *fam;
            if (bl_font_shape(font, cps, n, d ? BL_DIR_V : BL_DIR_H, NULL, &g, &ng, &err))
                fail_msg("%s", err.msg);
            if (ng != 1)
                fail_msg("%s: %zu glyphs", sequences[i], ng);
            fam = bl_face_family(bl_font_face(font, g[0].face));
            if (strcmp(fam, "Noto Color Emoji"))
                fail_msg("%s: drawn by %s", sequences[i], fam);
            assert_false(g[0].missing);
            assert_int_equal(g[0].adv, em);
            free(g);
            free(cps);
        }
    {
        uint32_t *cps = decode("☎ 🎉 中", &n);
        bl_shaped *g = NULL;
        assert_int_equal(bl_font_shape(font, cps, n, BL_DIR_H, NULL, &g, &ng, NULL), BL_OK);
        assert_int_equal(ng, 5);
        assert_string_equal(bl_face_family(bl_font_face(font, g[0].face)), "Noto Serif CJK SC");
        assert_string_equal(bl_face_family(bl_font_face(font, g[2].face)), "Noto Color Emoji");
        assert_true(g[3].adv < em); /* the space */
        free(g);
        free(cps);
    }
    bl_engine_destroy(e);
}

/* 𪚥 (U+2A6A5), which no Noto CJK face has, comes from HanaMinB; 𠮷 from
 * the body face. */
static void test_extension_b(void **state)
{
    bl_engine *e = engine_for(1920, 1080, BL_MODE_HORIZONTAL);
    const bl_font *font = bl_engine_layout_opts(e)->fonts[BL_STYLE_BODY];
    size_t n, ng;
    uint32_t *cps = decode("𪚥𠮷", &n);
    bl_shaped *g = NULL;
    (void)state;
    assert_int_equal(bl_font_shape(font, cps, n, BL_DIR_H, NULL, &g, &ng, NULL), BL_OK);
    assert_int_equal(ng, 2);
    assert_false(g[0].missing);
    assert_string_equal(bl_face_family(bl_font_face(font, g[0].face)), "HanaMinB");
    assert_string_equal(bl_face_family(bl_font_face(font, g[1].face)), "Noto Serif CJK SC");
    free(g);
    free(cps);
    bl_engine_destroy(e);
}

/* How many pixels of the box look coloured: channels apart by more than
 * 60 (grey text and its anti-aliasing never are). */
static size_t saturated(const SDL_Surface *s, int x0, int y0, int w, int h)
{
    size_t n = 0;
    int x, y;
    for (y = BL_MAX(0, y0); y < y0 + h && y < s->h; y++)
        for (x = BL_MAX(0, x0); x < x0 + w && x < s->w; x++) {
            uint32_t p = ((const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
            int r = (int)(p >> 16 & 0xFF), g = (int)(p >> 8 & 0xFF), b = (int)(p & 0xFF);
            int hi = BL_MAX(r, BL_MAX(g, b)), lo = BL_MIN(r, BL_MIN(g, b));
            n += hi - lo > 60;
        }
    return n;
}

static SDL_Surface *render(bl_engine *e, const bl_doc *doc, size_t page)
{
    SDL_Surface *s = bl_surface_create(doc->width, doc->height);
    bl_err err;
    assert_non_null(s);
    if (bl_render_page(bl_engine_cache(e), doc, page, bl_engine_palette(e), s, &err))
        fail_msg("%s", err.msg);
    return s;
}

/* Pixels of the box that are not the background. */
static size_t inked(const SDL_Surface *s, int x0, int y0, int w, int h, uint32_t bg)
{
    size_t n = 0;
    int x, y;
    for (y = BL_MAX(0, y0); y < y0 + h && y < s->h; y++)
        for (x = BL_MAX(0, x0); x < x0 + w && x < s->w; x++)
            n += ((const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch))[x] != bg;
    return n;
}

/* The notice's emoji are drawn in colour inside their cells in both modes
 * at three sizes (each has ink over a fifth of its cell, 🎉 and the emoji
 * together are mostly saturated colour: Noto's family 👨‍👩‍👧 alone is a
 * grey silhouette); the same bytes a second time, with a cold cache; the
 * text glyphs stay grey; night dimming keeps the colour, darker. */
static void test_notice_in_colour(void **state)
{
    static const int frames[][2] = {{1920, 1080}, {1080, 1920}, {800, 480}};
    size_t f, m, gi, checked = 0;
    (void)state;
    for (f = 0; f < 3; f++)
        for (m = 0; m < 2; m++) {
            bl_engine *e = engine_for(frames[f][0], frames[f][1], m ? BL_MODE_VERTICAL : BL_MODE_HORIZONTAL);
            char path[1024];
            bl_article *a = NULL;
            bl_doc *doc = NULL;
            bl_err err;
            SDL_Surface *s, *s2;
            const bl_page *pg;
            size_t grey_cells = 0, sat_all = 0, area = 0;
            snprintf(path, sizeof path, "%s/%s", src_dir(), NOTICE);
            if (bl_article_load(path, BL_ARTICLE_MAX_BYTES, &a, &err) ||
                bl_layout_article(a, bl_engine_layout_opts(e), &doc, &err))
                fail_msg("%s", err.msg);
            s = render(e, doc, 0);
            pg = &doc->pages[0];
            for (gi = 0; gi < pg->nglyphs; gi++) {
                const bl_pglyph *g = &pg->glyphs[gi];
                int em = bl_font_px(doc->fonts[g->style]);
                int x = (int)(g->x >> 6), y = (int)(g->y >> 6);
                size_t sat = saturated(s, x, y, em, em);
                if (bl_text_is_emoji(g->cp)) {
                    size_t ink = inked(s, x, y, em, em, bl_engine_palette(e)->background);
                    if (ink * 5 < (size_t)em * (size_t)em || (g->cp == 0x1F389 && sat * 5 < (size_t)em * (size_t)em))
                        fail_msg("%dx%d %s: U+%04X at (%d, %d) has %zu inked and %zu coloured px of %d",
                                 frames[f][0], frames[f][1], m ? "vertical" : "horizontal", (unsigned)g->cp, x, y,
                                 ink, sat, em * em);
                    sat_all += sat;
                    area += (size_t)em * (size_t)em;
                    checked++;
                } else if (bl_text_is_ideograph(g->cp) && g->style == BL_STYLE_BODY) {
                    grey_cells += sat == 0;
                }
            }
            assert_true(grey_cells > 10);
            assert_true(sat_all * 4 > area); /* a quarter of all the emoji cells is colour */
            bl_cache_clear(bl_engine_cache(e));
            s2 = render(e, doc, 0);
            assert_memory_equal(s->pixels, s2->pixels, (size_t)s->pitch * (size_t)s->h);
            /* night dimming works on the surface: the colour stays */
            bl_pixel_dim(s2, 128);
            for (gi = 0; gi < pg->nglyphs; gi++) {
                const bl_pglyph *g = &pg->glyphs[gi];
                int em = bl_font_px(doc->fonts[g->style]);
                if (g->cp == 0x1F389)
                    assert_true(saturated(s2, (int)(g->x >> 6), (int)(g->y >> 6), em, em) > 0);
            }
            SDL_FreeSurface(s);
            SDL_FreeSurface(s2);
            bl_doc_destroy(doc);
            bl_article_destroy(a);
            bl_engine_destroy(e);
        }
    assert_true(checked >= 6 * 3);
}

/* The scaler: a uniform opaque strike stays uniform (exact average), a
 * half-transparent one keeps its alpha, the size is num/den of the source,
 * and drawing over a page blends premultiplied colour exactly. */
static void test_area_average(void **state)
{
    uint8_t src[136 * 128 * 4];
    uint32_t *out;
    int w, h, i;
    SDL_Surface *s;
    (void)state;
    for (i = 0; i < 136 * 128; i++) {
        src[4 * i + 0] = 0x20; /* B */
        src[4 * i + 1] = 0x40; /* G */
        src[4 * i + 2] = 0x80; /* R */
        src[4 * i + 3] = 0x80; /* A: half, premultiplied */
    }
    /* 109 px strike to a 40 px em: num/den = 40/109 */
    out = bl_colour_scale(src, 136, 128, 136 * 4, 40 * 64, 109 * 64, &w, &h);
    assert_non_null(out);
    assert_int_equal(w, (136 * 40 + 108) / 109);
    assert_int_equal(h, (128 * 40 + 108) / 109);
    for (i = 0; i < (w - 1) * (h - 1); i++) {
        int x = i % (w - 1), y = i / (w - 1);
        assert_int_equal(out[y * w + x], 0x80804020u);
    }
    s = bl_surface_create(w, h);
    assert_non_null(s);
    SDL_FillRect(s, NULL, 0xFFFFFFFFu);
    bl_colour_over(s, 0, 0, out, w, h);
    /* white * (255-128)/255 + premultiplied colour */
    assert_int_equal(((uint32_t *)s->pixels)[0], 0xFFFFBF9Fu);
    SDL_FreeSurface(s);
    free(out);
}

/* A ticker label draws an emoji in colour at the label's size (SDL_ttf
 * alone would draw the 136 px strike). */
static void test_label_emoji_in_colour(void **state)
{
    bl_engine *e = engine_for(1920, 1080, BL_MODE_HORIZONTAL);
    bl_label *l = NULL;
    bl_err err;
    SDL_Surface *s, *plain;
    int x, y;
    size_t coloured = 0;
    (void)state;
    if (bl_label_create(bl_engine_layout_opts(e)->fonts[BL_STYLE_HEAD], 30, &l, &err))
        fail_msg("%s", err.msg);
    s = bl_label_render(l, "社区新春联欢会🎉通知", 0xFFFFFFFFu);
    plain = bl_label_render(l, "社区新春联欢会通知", 0xFFFFFFFFu);
    assert_non_null(s);
    assert_non_null(plain);
    assert_true(s->h == plain->h);          /* one line, as tall as without it */
    assert_true(s->w > plain->w + 20);      /* about an em wider */
    assert_true(s->w < plain->w + 40);
    for (y = 0; y < s->h; y++)
        for (x = 0; x < s->w; x++) {
            uint32_t p = ((uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
            int r = (int)(p >> 16 & 0xFF), g = (int)(p >> 8 & 0xFF), b = (int)(p & 0xFF);
            if ((p >> 24) > 128 && BL_MAX(r, BL_MAX(g, b)) - BL_MIN(r, BL_MIN(g, b)) > 60)
                coloured++;
        }
    assert_true(coloured > 100);
    assert_int_equal(bl_label_width(l, "社区新春联欢会🎉通知"), s->w);
    SDL_FreeSurface(s);
    SDL_FreeSurface(plain);
    bl_label_destroy(l);
    bl_engine_destroy(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sequences_are_clusters),
        cmocka_unit_test(test_breaks_keep_sequences),
        cmocka_unit_test(test_sequences_shape_to_one_glyph),
        cmocka_unit_test(test_extension_b),
        cmocka_unit_test(test_notice_in_colour),
        cmocka_unit_test(test_area_average),
        cmocka_unit_test(test_label_emoji_in_colour),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
