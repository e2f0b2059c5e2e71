/*
 * compare.h - the golden-image comparison of the tests: two frames
 * compared with a tolerance that forgives anti-aliasing noise at glyph
 * edges but not real changes, and a picture of what differs.  Test code
 * (golden_test, compare_png, unit_image), not part of the program.
 * Depends on base, render/image.h (PNG writing) and SDL2 surfaces.
 */
#ifndef BL_TEST_COMPARE_H
#define BL_TEST_COMPARE_H

#include "core/base.h"

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

/* Anti-aliasing-aware comparison
 *
 * Per pixel p and colour channel (alpha is ignored), with R the reference
 * and T the image under test:
 *
 *   raw   = how far T(p) lies outside [min, max] of R over the 3x3
 *           neighbourhood of p, or R(p) outside T's range, the larger;
 *   blur  = the same on both images blurred by a 3x3 tent (1 2 1);
 *   allow = the smaller of the two neighbourhoods' contrasts (max - min):
 *           the edge both images agree is there;
 *   excess = max(0, min(raw, blur) - allow), in 8-bit steps.
 *
 * A pixel's excess is the largest over its channels; it is bad when that
 * exceeds BL_IMAGE_SLACK.  Why each part:
 *  - raw: an anti-aliased edge that moves by under a pixel takes values
 *    between its neighbours', so it stays inside their range; a flat area
 *    has a range of one value, so a change of colour there counts in full.
 *    Checking both directions catches a stroke that vanished (the paper
 *    replacing it lies inside the reference's range, but the stroke lies
 *    outside the test's all-paper range).
 *  - blur: a stroke thinner than a pixel changes its peak value as it
 *    moves (one pixel at 60% ink becomes two at 30%), and closely spaced
 *    thin strokes come out as crisp stripes at one sub-pixel phase and as
 *    flat grey at another; raw flags both.  The tent conserves ink and
 *    cancels a two-pixel stripe pattern, so min(raw, blur) forgives them,
 *    while a missing or displaced stroke changes the blurred image too.
 *  - allow: where both images have an edge inside the window, differences
 *    up to that edge's contrast are expected rasterizer noise; where one
 *    of them is flat (a glyph appeared, vanished or moved by 1.25 px or
 *    more) there is no allowance.
 * Measured on Noto Sans CJK text at 12-48 px, dark on light, re-rendered
 * at sub-pixel offsets (0.25-0.75 px, both axes, hinted and not): the
 * worst excess was 2.4 steps.  Moving the text by 2 px gave 60-115
 * steps, 3 px 120-170, leaving out a glyph 85-230 (mid-grey text: about
 * half of each).
 * Known limits: a whole-pixel shift (text moved by exactly 1 px, a stem
 * one pixel wider) is forgiven; so is a colour change confined to strokes
 * too thin to have a flat interior (watch mean_diff for that); at 12-16 px
 * nearly identical glyphs (天/夫, 日/曰) can swap unnoticed; and turning
 * FreeType hinting on or off is not always forgiven (a few pixels at 8
 * steps at 40 px), which is a real change of rendering.
 */

/* Excess up to this many 8-bit steps is rounding noise: the pixel is not
 * bad.  A flat area that changes by more fails. */
#define BL_IMAGE_SLACK 3

/* The level bl_image_diff_ok should accept for golden images: exactly
 * "no bad pixel". */
#define BL_IMAGE_MAX_LEVEL (BL_IMAGE_SLACK / 255.0)

typedef struct bl_image_diff {
    int width, height;   /* size of both images */
    uint64_t bad_pixels; /* pixels whose excess is over BL_IMAGE_SLACK */
    int max_diff;        /* largest plain |ref - test| on any channel, 0..255 */
    double mean_diff;    /* plain |ref - test| averaged over pixels and RGB
                          * channels, 0..255: how much changed at all */
    double level;        /* largest excess over all pixels divided by 255:
                          * 0 for identical images or pure edge noise,
                          * <= BL_IMAGE_MAX_LEVEL passes, 0.25-0.45 for dark
                          * text moved by 2 px, 1 for black where both
                          * images were flat white */
} bl_image_diff;

/* Compares test with the reference ref (both any pixel format, same size;
 * neither is modified) and fills *out as described above.  Works in strips
 * of 64 rows, so temporary memory is about 5 KB per pixel of width (10 MB
 * for a 1920-wide frame; about 0.4 s for 1920x1080 at -O2).  Different
 * sizes fail with BL_ERR_RANGE and a message giving both; NULL arguments
 * with BL_ERR_USAGE; BL_ERR_NOMEM when memory or a conversion fails. */
bl_status bl_image_compare(SDL_Surface *ref, SDL_Surface *test, bl_image_diff *out, bl_err *err);

/* True when d's level is at most max_level.  With BL_IMAGE_MAX_LEVEL that
 * is the same as d->bad_pixels == 0; a case that must tolerate more (say a
 * photograph scaled by another library) passes a larger level and says
 * why. */
bool bl_image_diff_ok(const bl_image_diff *d, double max_level);

/* Writes to path (through bl_png_write) a picture of what differs: the
 * reference faded towards white, bad pixels in red, and pixels that differ
 * but were forgiven as edge noise in amber.  Same errors as
 * bl_image_compare and bl_png_write. */
bl_status bl_image_diff_png(SDL_Surface *ref, SDL_Surface *test, const char *path, bl_err *err);

/* What a golden check does: bl_image_compare, then, when the level is
 * over max_level, bl_image_diff_png to diff_path (NULL: none; a failure
 * to write that picture is logged, not returned: the verdict is in
 * *out).  Returns bl_image_compare's status. */
bl_status bl_image_check(SDL_Surface *ref, SDL_Surface *test, double max_level, const char *diff_path,
                         bl_image_diff *out, bl_err *err);

#endif
