/*
 * test_picture.c - picture files (content/picture): a phone JPEG with an
 * EXIF orientation stands upright; PNG alpha is premultiplied; a file
 * that is not a picture, is cut short, or declares a huge size is refused
 * by name before decoding; scaling keeps flat colours flat, averages
 * when shrinking, and gives the same bytes every time; fitting keeps the
 * aspect ratio and never grows a picture beyond the limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <SDL.h>
#include <SDL_image.h>

#include <stdlib.h>
#include <string.h>

#include "content/picture.h"

#define RED 0xFFFF0000u
#define BLUE 0xFF0000FFu

/* A JPEG of w x h, left half red, right half blue, in buf; returns its length. */
static size_t make_jpeg(uint8_t *buf, size_t cap, int w, int h)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(s);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            ((uint32_t *)((uint8_t *)s->pixels + y * s->pitch))[x] = x < w / 2 ? RED : BLUE;
    SDL_RWops *rw = SDL_RWFromMem(buf, (int)cap);
    assert_int_equal(IMG_SaveJPG_RW(s, rw, 0, 95), 0);
    size_t n = (size_t)SDL_RWtell(rw);
    SDL_RWclose(rw);
    SDL_FreeSurface(s);
    return n;
}

/* jpeg with an EXIF APP1 segment saying orientation o put after its SOI. */
static size_t add_exif(uint8_t *out, const uint8_t *jpeg, size_t n, int o)
{
    static const uint8_t head[] = {
        0xFF, 0xE1, 0x00, 0x22,             /* APP1, length 34 */
        'E', 'x', 'i', 'f', 0, 0,           /* EXIF header */
        'I', 'I', 0x2A, 0x00, 8, 0, 0, 0,   /* little-endian TIFF, IFD0 at 8 */
        1, 0,                               /* one entry */
        0x12, 0x01, 3, 0, 1, 0, 0, 0,       /* Orientation, SHORT, count 1 */
        0, 0, 0, 0,                         /* value (set below) */
        0, 0, 0, 0};                        /* no next IFD */
    memcpy(out, jpeg, 2);
    memcpy(out + 2, head, sizeof head);
    out[2 + 28] = (uint8_t)o;
    memcpy(out + 2 + sizeof head, jpeg + 2, n - 2);
    return n + sizeof head;
}

static uint32_t at(const bl_picture *p, int x, int y) { return p->px[(size_t)y * (size_t)p->w + (size_t)x]; }

/* Near a colour, allowing for JPEG's loss. */
static int near(uint32_t v, uint32_t want)
{
    for (int c = 0; c < 24; c += 8) {
        int d = (int)(v >> c & 255) - (int)(want >> c & 255);
        if (d > 40 || d < -40)
            return 0;
    }
    return 1;
}

static void test_exif_orientation(void **state)
{
    (void)state;
    static uint8_t jpeg[1 << 16], withexif[(1 << 16) + 64];
    size_t n = make_jpeg(jpeg, sizeof jpeg, 64, 32);
    bl_picture *p = NULL;
    bl_err err = {0};

    /* No EXIF: as stored. */
    assert_int_equal(bl_picture_decode("plain.jpg", jpeg, n, &p, &err), BL_OK);
    assert_int_equal(p->w, 64);
    assert_int_equal(p->h, 32);
    assert_true(near(at(p, 4, 16), RED) && near(at(p, 60, 16), BLUE));
    bl_picture_destroy(p);

    /* 6 (a phone held upright, its sensor on its side): turned 90 degrees
     * clockwise, the stored left half is now on top. */
    size_t m = add_exif(withexif, jpeg, n, 6);
    assert_int_equal(bl_picture_decode("phone.jpg", withexif, m, &p, &err), BL_OK);
    assert_int_equal(p->w, 32);
    assert_int_equal(p->h, 64);
    assert_true(near(at(p, 16, 4), RED));
    assert_true(near(at(p, 16, 60), BLUE));
    bl_picture_destroy(p);

    /* 8: counter-clockwise, the left half at the bottom. */
    m = add_exif(withexif, jpeg, n, 8);
    assert_int_equal(bl_picture_decode("phone8.jpg", withexif, m, &p, &err), BL_OK);
    assert_int_equal(p->w, 32);
    assert_true(near(at(p, 16, 60), RED) && near(at(p, 16, 4), BLUE));
    bl_picture_destroy(p);

    /* 3: upside down, left and right swap. */
    m = add_exif(withexif, jpeg, n, 3);
    assert_int_equal(bl_picture_decode("phone3.jpg", withexif, m, &p, &err), BL_OK);
    assert_int_equal(p->w, 64);
    assert_true(near(at(p, 60, 16), RED) && near(at(p, 4, 16), BLUE));
    bl_picture_destroy(p);
}

static void test_png_alpha_premultiplied(void **state)
{
    (void)state;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 2, 1, 32, SDL_PIXELFORMAT_ARGB8888);
    ((uint32_t *)s->pixels)[0] = 0x80FF0000u; /* half-transparent red */
    ((uint32_t *)s->pixels)[1] = 0xFF00FF00u;
    static uint8_t png[4096];
    SDL_RWops *rw = SDL_RWFromMem(png, sizeof png);
    assert_int_equal(IMG_SavePNG_RW(s, rw, 0), 0);
    size_t n = (size_t)SDL_RWtell(rw);
    SDL_RWclose(rw);
    SDL_FreeSurface(s);
    bl_picture *p = NULL;
    bl_err err = {0};
    assert_int_equal(bl_picture_decode("a.png", png, n, &p, &err), BL_OK);
    assert_int_equal(p->px[0], 0x80800000u);
    assert_int_equal(p->px[1], 0xFF00FF00u);
    bl_picture_destroy(p);
}

static void test_bad_files_named(void **state)
{
    (void)state;
    bl_picture *p = NULL;
    bl_err err = {0};
    assert_int_equal(bl_picture_decode("notes.txt", "hello", 5, &p, &err), BL_ERR_PARSE);
    assert_null(p);
    assert_non_null(strstr(err.msg, "notes.txt"));
    assert_non_null(strstr(err.msg, "not a JPEG, PNG or WebP"));

    /* A PNG that claims 60000 x 60000 pixels: refused before decoding. */
    uint8_t huge[33] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                        0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60, 8, 6, 0, 0, 0};
    assert_int_equal(bl_picture_decode("bomb.png", huge, sizeof huge, &p, &err), BL_ERR_TOOBIG);
    assert_non_null(strstr(err.msg, "bomb.png"));
    assert_non_null(strstr(err.msg, "60000 x 60000"));

    /* Cut short after the header: named, no crash. */
    static uint8_t jpeg[1 << 16];
    size_t n = make_jpeg(jpeg, sizeof jpeg, 64, 32);
    if (bl_picture_decode("cut.jpg", jpeg, n / 3, &p, &err) != BL_OK)
        assert_non_null(strstr(err.msg, "cut.jpg"));
    bl_picture_destroy(p);
    p = NULL;
    assert_int_equal(bl_picture_decode("tiny.jpg", jpeg, 3, &p, &err), BL_ERR_PARSE);
    assert_non_null(strstr(err.msg, "tiny.jpg"));

    assert_int_equal(bl_picture_load("/nonexistent/photo.jpg", BL_PICTURE_MAX_BYTES, &p, &err), BL_ERR_NOTFOUND);
    assert_non_null(strstr(err.msg, "/nonexistent/photo.jpg"));
}

static void test_scale(void **state)
{
    (void)state;
    bl_picture *src = NULL, *d = NULL, *d2 = NULL;
    bl_err err = {0};

    /* A flat colour stays exactly that colour, shrunk or grown. */
    assert_int_equal(bl_picture_create(37, 23, 0xFF336699u, &src, &err), BL_OK);
    assert_int_equal(bl_picture_scale(src, 11, 7, &d, &err), BL_OK);
    for (int i = 0; i < 11 * 7; i++)
        assert_int_equal(d->px[i], 0xFF336699u);
    bl_picture_destroy(d);
    assert_int_equal(bl_picture_scale(src, 74, 46, &d, &err), BL_OK);
    for (int i = 0; i < 74 * 46; i++)
        assert_int_equal(d->px[i], 0xFF336699u);
    bl_picture_destroy(d);
    bl_picture_destroy(src);

    /* Black and white columns halved: grey, not one or the other. */
    assert_int_equal(bl_picture_create(8, 2, 0xFF000000u, &src, &err), BL_OK);
    for (int x = 1; x < 8; x += 2)
        src->px[x] = src->px[8 + x] = 0xFFFFFFFFu;
    assert_int_equal(bl_picture_scale(src, 4, 1, &d, &err), BL_OK);
    for (int x = 0; x < 4; x++)
        assert_int_equal(d->px[x], 0xFF808080u);
    bl_picture_destroy(d);
    bl_picture_destroy(src);

    /* A gradient scaled to an odd size twice: the same bytes; and the
     * ends keep their colours. */
    assert_int_equal(bl_picture_create(200, 100, 0, &src, &err), BL_OK);
    for (int y = 0; y < 100; y++)
        for (int x = 0; x < 200; x++)
            src->px[y * 200 + x] = 0xFF000000u | (uint32_t)(x * 255 / 199) << 16 | (uint32_t)(y * 255 / 99);
    assert_int_equal(bl_picture_scale(src, 37, 41, &d, &err), BL_OK);
    assert_int_equal(bl_picture_scale(src, 37, 41, &d2, &err), BL_OK);
    assert_memory_equal(d->px, d2->px, 37 * 41 * 4);
    assert_true((d->px[0] >> 16 & 255) < 8);
    assert_true((d->px[36] >> 16 & 255) > 247);
    bl_picture_destroy(d);
    bl_picture_destroy(d2);
    bl_picture_destroy(src);

    assert_int_equal(bl_picture_scale(&(bl_picture){1, 1, (uint32_t[]){0}}, 0, 5, &d, &err), BL_ERR_RANGE);
}

static void test_fit(void **state)
{
    (void)state;
    int w, h;
    bl_picture_fit(400, 300, 800, 800, 200, &w, &h);
    assert_int_equal(w, 800);
    assert_int_equal(h, 600);
    bl_picture_fit(400, 300, 100, 100, 200, &w, &h);
    assert_int_equal(w, 100);
    assert_int_equal(h, 75);
    bl_picture_fit(10, 10, 800, 800, 200, &w, &h); /* never beyond twice */
    assert_int_equal(w, 20);
    assert_int_equal(h, 20);
    bl_picture_fit(3000, 1, 100, 100, 200, &w, &h); /* never below 1 px */
    assert_int_equal(w, 100);
    assert_int_equal(h, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exif_orientation),
        cmocka_unit_test(test_png_alpha_premultiplied),
        cmocka_unit_test(test_bad_files_named),
        cmocka_unit_test(test_scale),
        cmocka_unit_test(test_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
