/*
 * test_image.c - unit tests for render/image.c and tests/compare.c: PNG
 * round trips and reproducible bytes, failures that name the file,
 * reading every PNG flavour, and the anti-aliasing-aware comparison (sub-pixel edge noise passes, real
 * changes fail).  Surfaces only: SDL_Init is not needed.  Temporary files
 * go to a mkdtemp directory removed at the end.
 */
#include "render/image.h"
#include "compare.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[256];

/* ---- helpers ------------------------------------------------------------ */

/* Joins the temporary directory and name into buf (of size 512). */
static const char *tpath(char *buf, const char *name)
{
    snprintf(buf, 512, "%s/%s", tmpdir, name);
    return buf;
}

static SDL_Surface *new_surface(int w, int h, Uint32 fill)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(s);
    SDL_FillRect(s, NULL, fill);
    return s;
}

static void put_px(SDL_Surface *s, int x, int y, Uint32 p)
{
    memcpy((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch + (size_t)x * 4, &p, 4);
}

/* A reproducible opaque noise image (a small LCG, not rand()). */
static SDL_Surface *noise_surface(int w, int h, uint32_t seed)
{
    SDL_Surface *s = new_surface(w, h, 0);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            seed = seed * 1664525u + 1013904223u;
            put_px(s, x, y, 0xFF000000u | (seed >> 8));
        }
    return s;
}

static unsigned char *slurp(const char *path, size_t *len)
{
    char *buf = NULL;
    bl_err err = {0};
    assert_int_equal(bl_read_file(path, 1 << 24, &buf, len, &err), BL_OK);
    return (unsigned char *)buf;
}

static void spit(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* Asserts that reading path fails with status want and a message naming
 * the path. */
static void expect_read_fails(const char *path, bl_status want)
{
    static SDL_Surface sentinel;
    SDL_Surface *s = &sentinel; /* must be reset to NULL */
    bl_err err = {0};
    assert_int_equal(bl_png_read(path, &s, &err), want);
    assert_null(s);
    assert_int_equal(err.status, want);
    assert_non_null(strstr(err.msg, path));
}

/* Offset of the first chunk of this type, or 0. */
static size_t find_chunk(const unsigned char *png, size_t len, const char *type)
{
    for (size_t i = 8; i + 8 <= len;) {
        size_t n = (size_t)png[i] << 24 | (size_t)png[i + 1] << 16 | (size_t)png[i + 2] << 8 |
                   png[i + 3];
        if (memcmp(png + i + 4, type, 4) == 0)
            return i;
        i += 12 + n;
    }
    return 0;
}

/* Writes a PNG of any kind with libpng directly, to test the reader on
 * formats bl_png_write never produces. */
static void write_raw_png(const char *path, int w, int h, int depth, int ctype, int interlace,
                          png_bytep *rows, const png_color *pal, int npal, const png_byte *trans,
                          int ntrans)
{
    FILE *f = fopen(path, "wb");
    png_structp png;
    png_infop info;

    assert_non_null(f);
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    assert_non_null(png);
    info = png_create_info_struct(png);
    assert_non_null(info);
    if (setjmp(png_jmpbuf(png)))
        fail_msg("libpng failed writing %s", path);
    png_init_io(png, f);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, depth, ctype, interlace,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (pal)
        png_set_PLTE(png, info, pal, npal);
    if (trans)
        png_set_tRNS(png, info, trans, ntrans, NULL);
    png_write_info(png, info);
    png_write_image(png, rows);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    assert_int_equal(fclose(f), 0);
}

static SDL_Surface *read_ok(const char *path)
{
    SDL_Surface *s = NULL;
    bl_err err = {0};
    bl_status st = bl_png_read(path, &s, &err);
    if (st != BL_OK)
        fail_msg("%s", err.msg);
    assert_non_null(s);
    assert_int_equal(s->format->format, SDL_PIXELFORMAT_ARGB8888);
    return s;
}

/* ---- anti-aliased drawing ----------------------------------------------- */

/* A shape is a point-in-shape test in pixel coordinates (pixel (0,0)
 * covers [0,1) x [0,1)). */
typedef struct shape {
    enum { DISC, RING, BOX } kind;
    double cx, cy, r0, r1;     /* DISC: centre, radius r1; RING: radii r0..r1 */
    double x0, y0, x1, y1;     /* BOX */
} shape;

static bool inside(const shape *sh, double x, double y)
{
    double d2 = (x - sh->cx) * (x - sh->cx) + (y - sh->cy) * (y - sh->cy);
    switch (sh->kind) {
    case DISC:
        return d2 <= sh->r1 * sh->r1;
    case RING:
        return d2 <= sh->r1 * sh->r1 && d2 >= sh->r0 * sh->r0;
    case BOX:
        return x >= sh->x0 && x < sh->x1 && y >= sh->y0 && y < sh->y1;
    }
    return false;
}

/* Blends fg over s by the shape's coverage, measured with 16x16 samples
 * per pixel: what a rasterizer does to glyph edges. */
static void draw_shape(SDL_Surface *s, const shape *sh, Uint32 fg)
{
    enum { SS = 16 };
    for (int py = 0; py < s->h; py++)
        for (int px = 0; px < s->w; px++) {
            int n = 0;
            Uint32 d = bl_image_pixel(s, px, py), o = 0xFF000000u;
            for (int sy = 0; sy < SS; sy++)
                for (int sx = 0; sx < SS; sx++)
                    n += inside(sh, px + (sx + 0.5) / SS, py + (sy + 0.5) / SS);
            if (n == 0)
                continue;
            for (int bit = 0; bit <= 16; bit += 8) {
                double a = (double)(d >> bit & 0xFF), b = (double)(fg >> bit & 0xFF);
                o |= (Uint32)(a + (b - a) * n / (SS * SS) + 0.5) << bit; /* >= 0: rounds */
            }
            put_px(s, px, py, o);
        }
}

#define PAPER 0xFFFAF8F0u
#define INK 0xFF141E78u

/* A "line of text": a dot, a ring, a tall stem, a horizontal stroke and
 * three hairlines a little under a pixel thick at a two-pixel pitch (the
 * dense horizontal strokes of a small CJK glyph, which come out as stripes
 * at one sub-pixel phase and as flat grey at another), all placed with the
 * sub-pixel offset (dx, dy).  Without the ring when with_ring is false (a
 * missing glyph). */
static SDL_Surface *scene(double dx, double dy, bool with_ring)
{
    SDL_Surface *s = new_surface(110, 48, PAPER);
    shape dot = {.kind = DISC, .cx = 20.3 + dx, .cy = 22.6 + dy, .r1 = 9.0};
    shape ring = {.kind = RING, .cx = 50.0 + dx, .cy = 23.1 + dy, .r0 = 8.2, .r1 = 12.0};
    shape stem = {.kind = BOX, .x0 = 72.3 + dx, .x1 = 76.1 + dx, .y0 = 8.6 + dy, .y1 = 39.2 + dy};
    shape bar = {.kind = BOX, .x0 = 82.4 + dx, .x1 = 104.7 + dx, .y0 = 21.7 + dy, .y1 = 24.6 + dy};
    draw_shape(s, &dot, INK);
    if (with_ring)
        draw_shape(s, &ring, INK);
    draw_shape(s, &stem, INK);
    draw_shape(s, &bar, INK);
    for (int k = 0; k < 3; k++) {
        shape hair = {.kind = BOX, .x0 = 4.3 + dx, .x1 = 44.6 + dx, .y0 = 37.1 + 2 * k + dy};
        hair.y1 = hair.y0 + 0.9;
        draw_shape(s, &hair, INK);
    }
    return s;
}

static bl_image_diff compare_ok(SDL_Surface *ref, SDL_Surface *test)
{
    bl_image_diff d;
    bl_err err = {0};
    if (bl_image_compare(ref, test, &d, &err) != BL_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(d.width, ref->w);
    assert_int_equal(d.height, ref->h);
    return d;
}

/* ---- PNG writing and reading -------------------------------------------- */

static void test_round_trip_exact(void **state)
{
    char p[512];
    SDL_Surface *src = noise_surface(37, 23, 7), *back;
    bl_err err = {0};
    (void)state;

    assert_int_equal(bl_png_write(tpath(p, "noise.png"), src, &err), BL_OK);
    back = read_ok(p);
    assert_int_equal(back->w, 37);
    assert_int_equal(back->h, 23);
    for (int y = 0; y < 23; y++)
        for (int x = 0; x < 37; x++)
            assert_int_equal(bl_image_pixel(back, x, y), bl_image_pixel(src, x, y));
    SDL_FreeSurface(back);
    SDL_FreeSurface(src);
}

/* Other formats are converted; alpha is dropped, colour kept as is. */
static void test_round_trip_other_formats(void **state)
{
    static const Uint32 formats[] = {SDL_PIXELFORMAT_RGB24, SDL_PIXELFORMAT_ABGR8888,
                                     SDL_PIXELFORMAT_XRGB8888, SDL_PIXELFORMAT_BGR24};
    SDL_Surface *ref = noise_surface(19, 11, 99);
    (void)state;

    for (size_t k = 0; k < BL_ARRAY_LEN(formats); k++) {
        char p[512], name[32];
        SDL_Surface *conv = SDL_ConvertSurfaceFormat(ref, formats[k], 0), *back;
        bl_err err = {0};
        assert_non_null(conv);
        snprintf(name, sizeof name, "fmt%zu.png", k);
        assert_int_equal(bl_png_write(tpath(p, name), conv, &err), BL_OK);
        back = read_ok(p);
        for (int y = 0; y < 11; y++)
            for (int x = 0; x < 19; x++)
                assert_int_equal(bl_image_pixel(back, x, y), bl_image_pixel(ref, x, y));
        SDL_FreeSurface(back);
        SDL_FreeSurface(conv);
    }

    /* Translucent pixels: the colour survives, alpha becomes 255. */
    {
        char p[512];
        SDL_Surface *t = new_surface(2, 1, 0x40102030u), *back;
        bl_err err = {0};
        assert_int_equal(bl_png_write(tpath(p, "alpha.png"), t, &err), BL_OK);
        back = read_ok(p);
        assert_int_equal(bl_image_pixel(back, 1, 0), 0xFF102030u);
        SDL_FreeSurface(back);
        SDL_FreeSurface(t);
    }
    SDL_FreeSurface(ref);
}

static void test_write_is_deterministic(void **state)
{
    char a[512], b[512], tmp[520];
    SDL_Surface *s = scene(0.3, 0.1, true);
    unsigned char *x, *y;
    size_t xn, yn;
    bl_err err = {0};
    (void)state;

    assert_int_equal(bl_png_write(tpath(a, "det_a.png"), s, &err), BL_OK);
    assert_int_equal(bl_png_write(tpath(b, "det_b.png"), s, &err), BL_OK);
    x = slurp(a, &xn);
    y = slurp(b, &yn);
    assert_int_equal(xn, yn);
    assert_memory_equal(x, y, xn);
    assert_int_equal(find_chunk(x, xn, "tIME"), 0);
    assert_int_equal(find_chunk(x, xn, "tEXt"), 0);
    assert_int_not_equal(find_chunk(x, xn, "IDAT"), 0);
    free(y);

    /* Overwriting goes through path.tmp, which must not be left behind. */
    assert_int_equal(bl_png_write(a, s, &err), BL_OK);
    y = slurp(a, &yn);
    assert_int_equal(xn, yn);
    assert_memory_equal(x, y, xn);
    snprintf(tmp, sizeof tmp, "%s.tmp", a);
    assert_int_not_equal(access(tmp, F_OK), 0);

    free(x);
    free(y);
    SDL_FreeSurface(s);
}

static void test_write_errors(void **state)
{
    char p[512];
    SDL_Surface *s = new_surface(4, 4, PAPER), *empty = new_surface(0, 3, PAPER);
    bl_err err = {0};
    (void)state;

    assert_int_equal(bl_png_write(tpath(p, "no/such/dir/x.png"), s, &err), BL_ERR_IO);
    assert_non_null(strstr(err.msg, p));
    assert_int_equal(bl_png_write(tpath(p, "empty.png"), empty, &err), BL_ERR_USAGE);
    assert_non_null(strstr(err.msg, p));
    assert_int_equal(bl_png_write(p, NULL, &err), BL_ERR_USAGE);
    assert_int_not_equal(access(p, F_OK), 0);
    SDL_FreeSurface(empty);
    SDL_FreeSurface(s);
}

static void test_read_missing(void **state)
{
    char p[512];
    (void)state;
    expect_read_fails(tpath(p, "missing.png"), BL_ERR_NOTFOUND);
}

static void test_read_not_png(void **state)
{
    char p[512];
    (void)state;
    spit(tpath(p, "text.png"), "这不是图片\n", strlen("这不是图片\n"));
    expect_read_fails(p, BL_ERR_PARSE);
    spit(tpath(p, "empty_file.png"), "", 0);
    expect_read_fails(p, BL_ERR_PARSE);
}

static void test_read_truncated(void **state)
{
    char good[512], p[512];
    SDL_Surface *s = noise_surface(64, 64, 3);
    unsigned char *data;
    size_t n;
    bl_err err = {0};
    (void)state;

    assert_int_equal(bl_png_write(tpath(good, "whole.png"), s, &err), BL_OK);
    data = slurp(good, &n);
    /* Cut inside the signature, the header, the pixel data, and the very
     * last byte (the CRC of IEND). */
    {
        const size_t cuts[] = {5, 20, 40, n / 2, n - 1};
        for (size_t k = 0; k < BL_ARRAY_LEN(cuts); k++) {
            spit(tpath(p, "cut.png"), data, cuts[k]);
            expect_read_fails(p, BL_ERR_PARSE);
        }
    }
    free(data);
    SDL_FreeSurface(s);
}

static void test_read_corrupt(void **state)
{
    char good[512], p[512];
    SDL_Surface *s = noise_surface(32, 32, 5);
    unsigned char *data;
    size_t n, idat, ihdr;
    bl_err err = {0};
    (void)state;

    assert_int_equal(bl_png_write(tpath(good, "fine.png"), s, &err), BL_OK);
    data = slurp(good, &n);
    idat = find_chunk(data, n, "IDAT");
    ihdr = find_chunk(data, n, "IHDR");
    assert_int_not_equal(idat, 0);
    assert_int_not_equal(ihdr, 0);

    data[idat + 8 + 10] ^= 0x55; /* a byte of compressed pixels */
    spit(tpath(p, "bad_idat.png"), data, n);
    expect_read_fails(p, BL_ERR_PARSE);
    data[idat + 8 + 10] ^= 0x55;

    data[ihdr + 8 + 3] ^= 0x01; /* the width */
    spit(tpath(p, "bad_ihdr.png"), data, n);
    expect_read_fails(p, BL_ERR_PARSE);

    free(data);
    SDL_FreeSurface(s);
}

/* Palette with tRNS, 1-bit grey, 16-bit grey+alpha, interlaced 16-bit
 * RGB: all come back as straight ARGB8888. */
static void test_read_formats(void **state)
{
    char p[512];
    SDL_Surface *s;
    (void)state;

    {
        static const png_color pal[] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {10, 20, 30}};
        static const png_byte trans[] = {0, 128};
        png_byte row[] = {0, 1, 2, 3};
        png_bytep rows[] = {row};
        write_raw_png(tpath(p, "pal.png"), 4, 1, 8, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE,
                      rows, pal, 4, trans, 2);
        s = read_ok(p);
        assert_int_equal(bl_image_pixel(s, 0, 0), 0x00FF0000u);
        assert_int_equal(bl_image_pixel(s, 1, 0), 0x8000FF00u);
        assert_int_equal(bl_image_pixel(s, 2, 0), 0xFF0000FFu);
        assert_int_equal(bl_image_pixel(s, 3, 0), 0xFF0A141Eu);
        SDL_FreeSurface(s);
    }
    {
        png_byte row[] = {0xB0}; /* 1 0 1 1 0 0 0 0 */
        png_bytep rows[] = {row};
        static const Uint32 want[] = {0xFFFFFFFFu, 0xFF000000u, 0xFFFFFFFFu, 0xFFFFFFFFu,
                                      0xFF000000u, 0xFF000000u, 0xFF000000u, 0xFF000000u};
        write_raw_png(tpath(p, "grey1.png"), 8, 1, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                      rows, NULL, 0, NULL, 0);
        s = read_ok(p);
        for (int x = 0; x < 8; x++)
            assert_int_equal(bl_image_pixel(s, x, 0), want[x]);
        SDL_FreeSurface(s);
    }
    {
        /* grey 0x1234 alpha 0xFFFF; grey 0xFF00 alpha 0x8080 */
        png_byte row[] = {0x12, 0x34, 0xFF, 0xFF, 0xFF, 0x00, 0x80, 0x80};
        png_bytep rows[] = {row};
        write_raw_png(tpath(p, "ga16.png"), 2, 1, 16, PNG_COLOR_TYPE_GRAY_ALPHA,
                      PNG_INTERLACE_NONE, rows, NULL, 0, NULL, 0);
        s = read_ok(p);
        assert_int_equal(bl_image_pixel(s, 0, 0), 0xFF121212u);
        assert_int_equal(bl_image_pixel(s, 1, 0), 0x80FEFEFEu);
        SDL_FreeSurface(s);
    }
    {
        enum { N = 9 };
        png_byte data[N][N * 6];
        png_bytep rows[N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                int v[3] = {x * 28, y * 28, (x + y) * 14};
                for (int c = 0; c < 3; c++)
                    data[y][6 * x + 2 * c] = data[y][6 * x + 2 * c + 1] = (png_byte)v[c];
            }
            rows[y] = data[y];
        }
        write_raw_png(tpath(p, "adam7.png"), N, N, 16, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_ADAM7,
                      rows, NULL, 0, NULL, 0);
        s = read_ok(p);
        for (int y = 0; y < N; y++)
            for (int x = 0; x < N; x++)
                assert_int_equal(bl_image_pixel(s, x, y), 0xFF000000u | (Uint32)(x * 28) << 16 |
                                                      (Uint32)(y * 28) << 8 |
                                                      (Uint32)((x + y) * 14));
        SDL_FreeSurface(s);
    }
}

/* ---- comparison --------------------------------------------------------- */

static void test_compare_identical(void **state)
{
    SDL_Surface *a = scene(0.4, 0.2, true), *b = scene(0.4, 0.2, true);
    bl_image_diff d;
    (void)state;

    d = compare_ok(a, b);
    assert_int_equal(d.bad_pixels, 0);
    assert_int_equal(d.max_diff, 0);
    assert_true(d.mean_diff == 0.0);
    assert_true(d.level == 0.0);
    assert_true(bl_image_diff_ok(&d, BL_IMAGE_MAX_LEVEL));
    assert_true(bl_image_diff_ok(&d, 0.0));
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
}

/* The same picture in another pixel format is the same picture. */
static void test_compare_across_formats(void **state)
{
    SDL_Surface *a = scene(0, 0, true), *b = SDL_ConvertSurfaceFormat(a, SDL_PIXELFORMAT_RGB24, 0);
    bl_image_diff d;
    (void)state;

    assert_non_null(b);
    d = compare_ok(b, a);
    assert_int_equal(d.max_diff, 0);
    assert_true(d.level == 0.0);
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
}

static void test_compare_flat_colour_change_fails(void **state)
{
    SDL_Surface *ref = new_surface(60, 40, PAPER), *test = new_surface(60, 40, PAPER);
    SDL_Rect r = {10, 8, 30, 20};
    bl_image_diff d;
    (void)state;

    SDL_FillRect(ref, &r, 0xFFC86432u);
    SDL_FillRect(test, &r, 0xFFD26432u); /* red 200 -> 210 */
    d = compare_ok(ref, test);
    print_message("flat change: bad %llu level %.4f max %d mean %.3f\n",
                  (unsigned long long)d.bad_pixels, d.level, d.max_diff, d.mean_diff);
    /* The ring along the rectangle's edge has an edge in both images,
     * which allows up to its contrast; the interior has none. */
    assert_int_equal(d.bad_pixels, 28 * 18);
    assert_int_equal(d.max_diff, 10);
    assert_true(d.level == 10 / 255.0);
    assert_false(bl_image_diff_ok(&d, BL_IMAGE_MAX_LEVEL));

    /* One step of rounding noise in a flat area is within the slack. */
    SDL_FillRect(test, &r, 0xFFC96432u);
    d = compare_ok(ref, test);
    assert_int_equal(d.bad_pixels, 0);
    assert_int_equal(d.max_diff, 1);
    assert_true(bl_image_diff_ok(&d, BL_IMAGE_MAX_LEVEL));

    /* The whole background changing tint fails everywhere. */
    SDL_FillRect(test, NULL, 0xFFF0F0F0u);
    SDL_FillRect(test, &r, 0xFFC86432u);
    d = compare_ok(ref, test);
    /* every paper pixel but those next to the rectangle's edge */
    assert_int_equal(d.bad_pixels, 60 * 40 - 32 * 22);
    assert_false(bl_image_diff_ok(&d, BL_IMAGE_MAX_LEVEL));

    SDL_FreeSurface(ref);
    SDL_FreeSurface(test);
}

/* The same shapes re-rendered at other sub-pixel origins: edge noise
 * only, which must pass. */
static void test_compare_subpixel_shift_passes(void **state)
{
    static const double shifts[][2] = {{0.25, 0},  {0.5, 0},    {0.75, 0},  {0, 0.5},
                                       {0.5, 0.5}, {-0.4, 0.3}, {0.9, -0.9}, {0.1, 0.05}};
    SDL_Surface *ref = scene(0, 0, true);
    double worst = 0;
    (void)state;

    for (size_t k = 0; k < BL_ARRAY_LEN(shifts); k++) {
        SDL_Surface *test = scene(shifts[k][0], shifts[k][1], true);
        bl_image_diff d = compare_ok(ref, test);
        if (d.level > worst)
            worst = d.level;
        if (!bl_image_diff_ok(&d, BL_IMAGE_MAX_LEVEL))
            fail_msg("shift (%.2f, %.2f): level %.4f, %llu bad pixels", shifts[k][0],
                     shifts[k][1], d.level, (unsigned long long)d.bad_pixels);
        assert_true(d.max_diff > 0); /* it did change */
        SDL_FreeSurface(test);
    }
    print_message("sub-pixel shifts: worst level %.4f (%.1f steps)\n", worst, worst * 255);
    SDL_FreeSurface(ref);
}

static void test_compare_whole_pixel_shifts_fail(void **state)
{
    static const double shifts[][2] = {{3, 0}, {0, 3}, {-3, 0}, {2, 0}, {0, -2}, {2.5, 0.5}};
    SDL_Surface *ref = scene(0, 0, true);
    (void)state;

    for (size_t k = 0; k < BL_ARRAY_LEN(shifts); k++) {
        SDL_Surface *test = scene(shifts[k][0], shifts[k][1], true);
        bl_image_diff d = compare_ok(ref, test);
        print_message("shift (%.1f, %.1f): level %.4f, %llu bad pixels\n", shifts[k][0],
                      shifts[k][1], d.level, (unsigned long long)d.bad_pixels);
        assert_true(d.bad_pixels > 0);
        assert_false(bl_image_diff_ok(&d, BL_IMAGE_MAX_LEVEL));
        SDL_FreeSurface(test);
    }
    SDL_FreeSurface(ref);
}

static void test_compare_missing_glyph_fails(void **state)
{
    SDL_Surface *ref = scene(0, 0, true), *test = scene(0, 0, false);
    bl_image_diff d;
    (void)state;

    d = compare_ok(ref, test);
    assert_true(d.bad_pixels > 50);
    assert_false(bl_image_diff_ok(&d, BL_IMAGE_MAX_LEVEL));
    /* and the other way round: an extra glyph */
    d = compare_ok(test, ref);
    assert_false(bl_image_diff_ok(&d, BL_IMAGE_MAX_LEVEL));
    SDL_FreeSurface(ref);
    SDL_FreeSurface(test);
}

/* A one-pixel stroke that vanishes: the white replacing it lies inside
 * the reference's neighbourhood range, so only the reverse check (the
 * stroke against the test's all-white neighbourhood) catches it. */
static void test_compare_vanished_hairline_fails(void **state)
{
    SDL_Surface *ref = new_surface(20, 20, 0xFFFFFFFFu), *test = new_surface(20, 20, 0xFFFFFFFFu);
    SDL_Rect line = {9, 2, 1, 16};
    bl_image_diff d;
    (void)state;

    SDL_FillRect(ref, &line, 0xFF000000u);
    d = compare_ok(ref, test);
    assert_int_equal(d.bad_pixels, 16);
    assert_true(d.level > 0.3); /* the 3x3 mean of a 1 px line is 1/3 ink */
    assert_false(bl_image_diff_ok(&d, BL_IMAGE_MAX_LEVEL));
    SDL_FreeSurface(ref);
    SDL_FreeSurface(test);
}

static void test_compare_size_mismatch(void **state)
{
    SDL_Surface *a = new_surface(10, 10, PAPER), *b = new_surface(10, 11, PAPER);
    bl_image_diff d;
    bl_err err = {0};
    char p[512];
    (void)state;

    assert_int_equal(bl_image_compare(a, b, &d, &err), BL_ERR_RANGE);
    assert_int_equal(err.status, BL_ERR_RANGE);
    assert_non_null(strstr(err.msg, "10x10"));
    assert_non_null(strstr(err.msg, "10x11"));
    assert_int_equal(bl_image_diff_png(a, b, tpath(p, "mismatch.png"), &err), BL_ERR_RANGE);
    assert_int_not_equal(access(p, F_OK), 0);
    assert_int_equal(bl_image_compare(a, NULL, &d, &err), BL_ERR_USAGE);
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
}

static void test_diff_png(void **state)
{
    SDL_Surface *ref = scene(0, 0, true), *test = scene(0.5, 0, false), *pic;
    bl_err err = {0};
    char p[512];
    (void)state;

    assert_int_equal(bl_image_diff_png(ref, test, tpath(p, "diff.png"), &err), BL_OK);
    pic = read_ok(p);
    assert_int_equal(pic->w, ref->w);
    assert_int_equal(pic->h, ref->h);
    /* On the missing ring's stroke (12 px left of its centre at x=50). */
    assert_int_equal(bl_image_pixel(pic, 39, 23), 0xFFFF0000u);
    /* Untouched paper is faded towards white. */
    {
        Uint32 c = bl_image_pixel(pic, 1, 1);
        assert_true((c >> 16 & 0xFF) >= 170 && (c >> 8 & 0xFF) >= 170 && (c & 0xFF) >= 170);
        assert_int_not_equal(c, 0xFFFF0000u);
    }
    /* The dot's shifted edge is forgiven: amber, not red. */
    assert_int_equal(bl_image_pixel(pic, 29, 23), 0xFFFFB000u);
    SDL_FreeSurface(pic);
    SDL_FreeSurface(ref);
    SDL_FreeSurface(test);
}

/* A golden check leaves a picture of the difference only when the images
 * differ past the level, and never hides a comparison error. */
static void test_check_draws_only_failures(void **state)
{
    SDL_Surface *ref = scene(0, 0, true), *same = scene(0.25, 0, true), *missing = scene(0, 0, false);
    SDL_Surface *other = new_surface(10, 10, PAPER);
    bl_image_diff d;
    bl_err err = {0};
    char p[512];
    (void)state;

    assert_int_equal(bl_image_check(ref, same, BL_IMAGE_MAX_LEVEL, tpath(p, "check-same.png"), &d, &err), BL_OK);
    assert_true(bl_image_diff_ok(&d, BL_IMAGE_MAX_LEVEL));
    assert_int_not_equal(access(p, F_OK), 0);
    assert_int_equal(bl_image_check(ref, missing, BL_IMAGE_MAX_LEVEL, tpath(p, "check-missing.png"), &d, &err),
                     BL_OK);
    assert_false(bl_image_diff_ok(&d, BL_IMAGE_MAX_LEVEL));
    SDL_FreeSurface(read_ok(p));
    assert_int_equal(bl_image_check(ref, other, BL_IMAGE_MAX_LEVEL, tpath(p, "check-size.png"), &d, &err),
                     BL_ERR_RANGE);
    assert_int_not_equal(access(p, F_OK), 0);
    SDL_FreeSurface(ref);
    SDL_FreeSurface(same);
    SDL_FreeSurface(missing);
    SDL_FreeSurface(other);
}

/* ---- setup -------------------------------------------------------------- */

static int make_tmpdir(void **state)
{
    const char *base = getenv("TMPDIR");
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "%s/bl_test_png.XXXXXX", base && *base ? base : "/tmp");
    return mkdtemp(tmpdir) ? 0 : -1;
}

/* Removes the files the tests wrote (the directory is flat) and it. */
static int remove_tmpdir(void **state)
{
    DIR *dir = opendir(tmpdir);
    struct dirent *e;
    (void)state;
    if (!dir)
        return -1;
    while ((e = readdir(dir))) {
        char p[512];
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            remove(tpath(p, e->d_name));
    }
    closedir(dir);
    return rmdir(tmpdir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_exact),
        cmocka_unit_test(test_round_trip_other_formats),
        cmocka_unit_test(test_write_is_deterministic),
        cmocka_unit_test(test_write_errors),
        cmocka_unit_test(test_read_missing),
        cmocka_unit_test(test_read_not_png),
        cmocka_unit_test(test_read_truncated),
        cmocka_unit_test(test_read_corrupt),
        cmocka_unit_test(test_read_formats),
        cmocka_unit_test(test_compare_identical),
        cmocka_unit_test(test_compare_across_formats),
        cmocka_unit_test(test_compare_flat_colour_change_fails),
        cmocka_unit_test(test_compare_subpixel_shift_passes),
        cmocka_unit_test(test_compare_whole_pixel_shifts_fail),
        cmocka_unit_test(test_compare_missing_glyph_fails),
        cmocka_unit_test(test_compare_vanished_hairline_fails),
        cmocka_unit_test(test_compare_size_mismatch),
        cmocka_unit_test(test_diff_png),
        cmocka_unit_test(test_check_draws_only_failures),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
