/*
 * compare_png.c - compares two PNG files with the golden-image tolerance
 * of compare.h, optionally only rows [y0, y1).  Exit 0 when they match, 1
 * when they differ (a diff image is written beside B), 2 on bad input.
 *   compare_png A.png B.png [Y0 Y1]
 */
#include "compare.h"

#include "render/image.h"

#include <stdio.h>
#include <stdlib.h>

static SDL_Surface *crop(SDL_Surface *s, int y0, int y1)
{
    SDL_Surface *c = SDL_CreateRGBSurfaceWithFormat(0, s->w, y1 - y0, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Rect r = {0, y0, s->w, y1 - y0};
    if (c)
        SDL_BlitSurface(s, &r, c, NULL);
    return c;
}

int main(int argc, char **argv)
{
    SDL_Surface *a, *b;
    bl_image_diff d;
    bl_err err;
    char diff[1024];
    if (argc != 3 && argc != 5) {
        fprintf(stderr, "usage: compare_png A.png B.png [Y0 Y1]\n");
        return 2;
    }
    if (bl_png_read(argv[1], &a, &err) || bl_png_read(argv[2], &b, &err)) {
        fprintf(stderr, "compare_png: %s\n", err.msg);
        return 2;
    }
    if (argc == 5) {
        int y0 = atoi(argv[3]), y1 = atoi(argv[4]);
        SDL_Surface *ca, *cb;
        if (y0 < 0 || y1 <= y0 || y1 > a->h || y1 > b->h) {
            fprintf(stderr, "compare_png: rows %d..%d are outside the images\n", y0, y1);
            return 2;
        }
        ca = crop(a, y0, y1);
        cb = crop(b, y0, y1);
        SDL_FreeSurface(a);
        SDL_FreeSurface(b);
        a = ca;
        b = cb;
    }
    snprintf(diff, sizeof diff, "%s-diff.png", argv[2]);
    if (bl_image_check(a, b, BL_IMAGE_MAX_LEVEL, diff, &d, &err)) {
        fprintf(stderr, "compare_png: %s\n", err.msg);
        SDL_FreeSurface(a);
        SDL_FreeSurface(b);
        return 2;
    }
    printf("level %.4f, %llu bad pixels, max diff %d, mean %.4f\n", d.level, (unsigned long long)d.bad_pixels,
           d.max_diff, d.mean_diff);
    if (!bl_image_diff_ok(&d, BL_IMAGE_MAX_LEVEL))
        fprintf(stderr, "compare_png: %s and %s differ; see %s\n", argv[1], argv[2], diff);
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
    return bl_image_diff_ok(&d, BL_IMAGE_MAX_LEVEL) ? 0 : 1;
}
