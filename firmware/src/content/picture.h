/*
 * picture.h - picture files (JPEG, PNG, WebP) decoded into plain pixels,
 * upright, and scaled with a filter of our own.
 *
 * Used for the pictures in articles (image:, ![说明](FILE)) and for poster
 * slides.  Decoding is SDL2_image's; the EXIF orientation a phone writes
 * into its JPEGs (which SDL2_image ignores) is read with libexif and
 * applied here, so a photo taken on its side stands up.  The API has no
 * SDL types: layout asks a picture for its size and render draws its
 * pixels.  Depends on base (and SDL2_image, libexif).
 */
#ifndef BL_PICTURE_H
#define BL_PICTURE_H

#include "core/base.h"

#include <stddef.h>
#include <stdint.h>

/* Decoded pixels: w x h, row by row, each 0xAARRGGBB with the colour
 * premultiplied by alpha (an opaque picture has AA = 0xFF everywhere). */
typedef struct bl_picture {
    int w, h;
    uint32_t *px;
} bl_picture;

/* Pictures larger than this many pixels are refused before decoding (a
 * 12-megapixel phone photo is well inside; a 1 KB PNG that claims to be
 * 60000 x 60000 is not decoded). */
#define BL_PICTURE_MAX_PIXELS (40L * 1000 * 1000)

/* The default limit on a picture file's size (bytes). */
#define BL_PICTURE_MAX_BYTES (32u * 1024u * 1024u)

/* Reads and decodes a picture file of at most max_bytes, turns it upright
 * by its EXIF orientation (JPEG), and gives it as *out (the caller's,
 * bl_picture_destroy).  Errors name the file and the reason: not found,
 * too big (file or pixels), not a picture SDL2_image reads (the format it
 * looks like is named). */
bl_status bl_picture_load(const char *path, size_t max_bytes, bl_picture **out, bl_err *err);

/* The same from bytes in memory; name is used in messages. */
bl_status bl_picture_decode(const char *name, const void *data, size_t len, bl_picture **out, bl_err *err);

/* A new picture of src scaled to w x h (each >= 1): an area average where
 * it shrinks, linear interpolation where it grows, separable, in integer
 * arithmetic so the bytes are the same on every machine.  *out is the
 * caller's. */
bl_status bl_picture_scale(const bl_picture *src, int w, int h, bl_picture **out, bl_err *err);

/* A new w x h picture filled with one premultiplied colour. */
bl_status bl_picture_create(int w, int h, uint32_t argb, bl_picture **out, bl_err *err);

/* Frees a picture; accepts NULL. */
void bl_picture_destroy(bl_picture *p);

/* The size (w x h) that fits a picture of pw x ph inside box_w x box_h
 * with its aspect ratio kept, never more than max_up_pct/100 times its
 * own size (200: at most twice), at least 1 x 1. */
void bl_picture_fit(int pw, int ph, int box_w, int box_h, int max_up_pct, int *w, int *h);

#endif
