/*
 * golden_test.c - rendered pages compared with reference PNGs (with the
 * anti-aliasing tolerance of compare.h) and their layout dumps compared
 * exactly, so a line-break or position regression fails by name rather
 * than through a pixel threshold.
 *
 * Regenerate the references: BL_REGEN_GOLDEN=1 ctest -R golden (then look
 * at every PNG, and say why in the commit that changes them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/content.h"
#include "render/engine.h"
#include "render/image.h"
#include "compare.h"
#include "layout/layout.h"

typedef struct golden_case {
    const char *name;
    const char *article;
    int w, h, font_px, margin;
    size_t page; /* 0-based */
    bl_mode mode;
} golden_case;

static golden_case cases[] = {
    {"a1-1920x1080-p1", "2026-03-13-01-fengtai-cadres-meeting.txt", 1920, 1080, 0, -1, 0, BL_MODE_HORIZONTAL},
    {"a2-1080x1920-p2", "2026-03-14-02-talent-education-ecosystem.txt", 1080, 1920, 0, -1, 1, BL_MODE_HORIZONTAL},
    {"a3-800x480-p1", "2026-03-14-03-spring-greenway-parks.txt", 800, 480, 24, 16, 0, BL_MODE_HORIZONTAL},
    {"v-a1-1920x1080-p1", "2026-03-13-01-fengtai-cadres-meeting.txt", 1920, 1080, 0, -1, 0, BL_MODE_VERTICAL},
    {"v-a2-1280x720-p2", "2026-03-14-02-talent-education-ecosystem.txt", 1280, 720, 0, -1, 1, BL_MODE_VERTICAL},
    /* emoji in colour and Extension B names (issue 11): a notice of the tests' own */
    {"e-notice-1920x1080-p1", "../../tests/data/emoji/notice.txt", 1920, 1080, 0, -1, 0, BL_MODE_HORIZONTAL},
    {"v-e-notice-1080x1920-p1", "../../tests/data/emoji/notice.txt", 1080, 1920, 0, -1, 0, BL_MODE_VERTICAL},
};

static const char *src_dir(void)
{
    const char *d = getenv("BL_SOURCE_DIR");
    return d ? d : ".";
}

static char *slurp(const char *path)
{
    char *text = NULL;
    bl_err err;
    if (bl_read_file(path, 64u << 20, &text, NULL, &err))
        return NULL;
    return text;
}

static void run_case(const golden_case *c)
{
    char path[1024], ref_png[1024], ref_json[1024], out_png[1024];
    bl_engine_opts o;
    bl_engine *e;
    bl_article *a;
    bl_doc *doc;
    bl_err err;
    SDL_Surface *s, *ref = NULL;
    FILE *f;
    char *json = NULL, *want = NULL;
    size_t jlen = 0;
    bool regen = getenv("BL_REGEN_GOLDEN") && *getenv("BL_REGEN_GOLDEN") == '1';

    memset(&o, 0, sizeof o);
    o.data_dir = src_dir();
    o.width = c->w;
    o.height = c->h;
    o.body_px = c->font_px;
    o.margin_px = c->margin;
    o.mode = c->mode;
    if (bl_engine_create(&o, &e, &err))
        fail_msg("%s: %s", c->name, err.msg);
    snprintf(path, sizeof path, "%s/assets/articles/%s", src_dir(), c->article);
    if (bl_article_load(path, BL_ARTICLE_MAX_BYTES, &a, &err))
        fail_msg("%s", err.msg);
    if (bl_layout_article(a, bl_engine_layout_opts(e), &doc, &err))
        fail_msg("%s: %s", c->name, err.msg);
    assert_true(c->page < doc->npages);
    s = bl_surface_create(c->w, c->h);
    assert_non_null(s);
    if (bl_render_page(bl_engine_cache(e), doc, c->page, bl_engine_palette(e), s, &err))
        fail_msg("%s: %s", c->name, err.msg);

    f = open_memstream(&json, &jlen);
    assert_non_null(f);
    bl_doc_write_json(doc, f, true, (long)c->page);
    fclose(f);

    snprintf(ref_png, sizeof ref_png, "%s/tests/golden/%s.png", src_dir(), c->name);
    snprintf(ref_json, sizeof ref_json, "%s/tests/golden/%s.json", src_dir(), c->name);
    snprintf(out_png, sizeof out_png, "golden-%s.png", c->name);
    bl_png_write(out_png, s, &err); /* the actual page, beside the test, for a person to look at */
    if (regen) {
        if (bl_png_write(ref_png, s, &err))
            fail_msg("%s", err.msg);
        f = fopen(ref_json, "wb");
        assert_non_null(f);
        fwrite(json, 1, jlen, f);
        fclose(f);
        printf("regenerated %s and %s\n", ref_png, ref_json);
    } else {
        bl_image_diff d;
        char diff[1024];
        want = slurp(ref_json);
        if (!want)
            fail_msg("%s: no reference %s (BL_REGEN_GOLDEN=1 makes it)", c->name, ref_json);
        if (strcmp(want, json) != 0) {
            size_t i = 0;
            while (want[i] && want[i] == json[i])
                i++;
            fail_msg("%s: layout differs from %s at byte %zu: ...%.80s... vs ...%.80s...", c->name, ref_json, i,
                     want + (i > 40 ? i - 40 : 0), json + (i > 40 ? i - 40 : 0));
        }
        if (bl_png_read(ref_png, &ref, &err))
            fail_msg("%s", err.msg);
        snprintf(diff, sizeof diff, "golden-%s-diff.png", c->name);
        if (bl_image_check(ref, s, BL_IMAGE_MAX_LEVEL, diff, &d, &err))
            fail_msg("%s: %s", c->name, err.msg);
        printf("%s: level %.4f, %llu bad pixels, max diff %d, mean %.4f\n", c->name, d.level,
               (unsigned long long)d.bad_pixels, d.max_diff, d.mean_diff);
        if (!bl_image_diff_ok(&d, BL_IMAGE_MAX_LEVEL)) {
            fail_msg("%s: differs from %s (level %.4f, %llu bad pixels); see %s", c->name, ref_png, d.level,
                     (unsigned long long)d.bad_pixels, diff);
        }
        SDL_FreeSurface(ref);
    }
    free(json);
    free(want);
    SDL_FreeSurface(s);
    bl_doc_destroy(doc);
    bl_article_destroy(a);
    bl_engine_destroy(e);
}

static void test_golden(void **state)
{
    const golden_case *c = *state;
    run_case(c);
}

int main(void)
{
    struct CMUnitTest tests[sizeof cases / sizeof cases[0]];
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct CMUnitTest t = {cases[i].name, test_golden, NULL, NULL, &cases[i]};
        tests[i] = t;
    }
    return _cmocka_run_group_tests("golden", tests, sizeof cases / sizeof cases[0], NULL, NULL);
}
