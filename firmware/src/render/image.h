/*
 * image.h - PNG files for the render module: writing a frame with
 * reproducible bytes (golden references, the headless display) and
 * reading any PNG back.  (Comparing two frames is test code:
 * tests/compare.h.)  Depends on base, SDL2 surfaces and libpng.
 */
#ifndef BL_IMAGE_H
#define BL_IMAGE_H

#include "core/base.h"

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Largest width or height bl_png_read accepts; bigger files fail with
 * BL_ERR_TOOBIG before any pixel memory is allocated. */
#define BL_PNG_MAX_SIDE 16384

/* Writes s (any pixel format; converted internally if it is not
 * SDL_PIXELFORMAT_ARGB8888) to path as an 8-bit RGB PNG.  Alpha is dropped:
 * frames are opaque.  The bytes depend only on the pixels (and the libpng
 * and zlib builds): no time stamp, no text chunks, a fixed compression
 * level and filter choice, so the same surface writes the same file on
 * every run.  The data goes to "path.tmp" first and is renamed over path,
 * so a reader never sees half a file.  The surface is only read.  Fails
 * with BL_ERR_USAGE (NULL or empty surface), BL_ERR_IO or BL_ERR_NOMEM and
 * a message naming path. */
bl_status bl_png_write(const char *path, SDL_Surface *s, bl_err *err);

/* Reads any PNG (palette, grey, 1-16 bits, with or without alpha or tRNS,
 * interlaced or not) into a new SDL_PIXELFORMAT_ARGB8888 surface stored in
 * *out, which the caller frees with SDL_FreeSurface.  Colour values are
 * taken as stored (gAMA and iCCP are not applied); 16-bit samples are
 * rounded to 8 bits; alpha is kept (opaque files give alpha 255).  On
 * failure *out is NULL and err names path: BL_ERR_NOTFOUND for a missing
 * file, BL_ERR_PARSE for one that is not a PNG, corrupt or truncated,
 * BL_ERR_TOOBIG past BL_PNG_MAX_SIDE, BL_ERR_IO or BL_ERR_NOMEM. */
bl_status bl_png_read(const char *path, SDL_Surface **out, bl_err *err);

/* Returns s itself when it can be read as ARGB8888 words directly, or a
 * converted copy stored in *conv for the caller to free
 * (SDL_FreeSurface; *conv is NULL when s itself is returned).  NULL when
 * the conversion fails (SDL_GetError says why). */
SDL_Surface *bl_image_argb(SDL_Surface *s, SDL_Surface **conv);

/* The ARGB8888 word at (x, y) of an unlocked ARGB8888 surface (such as
 * bl_image_argb returns).  memcpy keeps the access free of alignment and
 * aliasing assumptions. */
static inline Uint32 bl_image_pixel(const SDL_Surface *s, int x, int y)
{
    Uint32 p;
    const uint8_t *row = (const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch;
    memcpy(&p, row + (size_t)x * 4, sizeof p);
    return p;
}

#endif
