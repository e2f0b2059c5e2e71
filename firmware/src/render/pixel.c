/*
 * pixel.c - see pixel.h.  Four pixels at a time with the compiler's
 * vector extension (SSE2/NEON; an AVX2 clone is picked at run time on
 * x86-64), the rest one by one with the same arithmetic.
 */
#include "render/pixel.h"

#include <stdint.h>
#include <string.h>

#if defined(__GNUC__)
typedef uint8_t fv16u8 __attribute__((vector_size(16)));
typedef uint16_t fv16u16 __attribute__((vector_size(32)));
#endif

static uint32_t *row(SDL_Surface *s, int y)
{
    return (uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
}

static const uint32_t *crow(const SDL_Surface *s, int y)
{
    return (const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
}

/* out = a*(256-t) + c*t per channel, t in 0..256: the cross-fade. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
static void fade_row(uint32_t *pd, const uint32_t *pa, const uint32_t *pc, int w, unsigned t)
{
    int x = 0;
    unsigned it = 256 - t;
#if defined(__GNUC__)
    for (; x + 4 <= w; x += 4) {
        fv16u8 a8, c8, d8;
        fv16u16 r;
        memcpy(&a8, pa + x, 16);
        memcpy(&c8, pc + x, 16);
        r = (__builtin_convertvector(a8, fv16u16) * (uint16_t)it + __builtin_convertvector(c8, fv16u16) * (uint16_t)t) >> 8;
        d8 = __builtin_convertvector(r, fv16u8);
        memcpy(pd + x, &d8, 16);
    }
#endif
    for (; x < w; x++) {
        uint32_t rb = (((pa[x] & 0x00FF00FFu) * it + (pc[x] & 0x00FF00FFu) * t) >> 8) & 0x00FF00FFu;
        uint32_t g = (((pa[x] & 0x0000FF00u) * it + (pc[x] & 0x0000FF00u) * t) >> 8) & 0x0000FF00u;
        pd[x] = 0xFF000000u | rb | g;
    }
}

void bl_pixel_fade(SDL_Surface *dst, int y0, const SDL_Surface *a, const SDL_Surface *c, unsigned t)
{
    int y;
    for (y = 0; y < a->h; y++)
        fade_row(row(dst, y0 + y), crow(a, y), crow(c, y), a->w, t);
}

/* Scales every pixel by keep/256, four at a time. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
static void dim_row(uint32_t *p, int w, unsigned keep)
{
    int x = 0;
#if defined(__GNUC__)
    for (; x + 4 <= w; x += 4) {
        fv16u8 p8;
        fv16u16 r;
        memcpy(&p8, p + x, 16);
        r = (__builtin_convertvector(p8, fv16u16) * (uint16_t)keep) >> 8;
        p8 = __builtin_convertvector(r, fv16u8);
        memcpy(p + x, &p8, 16);
        p[x] |= 0xFF000000u;
        p[x + 1] |= 0xFF000000u;
        p[x + 2] |= 0xFF000000u;
        p[x + 3] |= 0xFF000000u;
    }
#endif
    for (; x < w; x++) {
        uint32_t rb = (((p[x] & 0x00FF00FFu) * keep) >> 8) & 0x00FF00FFu;
        uint32_t g = (((p[x] & 0x0000FF00u) * keep) >> 8) & 0x0000FF00u;
        p[x] = 0xFF000000u | rb | g;
    }
}

void bl_pixel_dim(SDL_Surface *s, unsigned keep)
{
    int y;
    for (y = 0; y < s->h; y++)
        dim_row(row(s, y), s->w, keep);
}

void bl_pixel_rotate(const SDL_Surface *s, SDL_Surface *d, int rot)
{
    int x, y;
    if (rot != 90 && rot != 180 && rot != 270)
        return;
    for (y = 0; y < s->h; y++) {
        const uint32_t *src = crow(s, y);
        for (x = 0; x < s->w; x++) {
            int px, py;
            if (rot == 90) {
                px = s->h - 1 - y;
                py = x;
            } else if (rot == 180) {
                px = s->w - 1 - x;
                py = s->h - 1 - y;
            } else {
                px = y;
                py = s->w - 1 - x;
            }
            row(d, py)[px] = src[x];
        }
    }
}
