/*
 * colour.h - colour glyphs: FreeType's BGRA bitmaps (Noto Color Emoji's
 * 109 px CBDT strikes) scaled to the glyph's size, and drawn over a page.
 * Integer arithmetic only, so the bytes are the same on every run and
 * every machine.  Depends on SDL (surfaces) only.
 */
#ifndef BL_COLOUR_H
#define BL_COLOUR_H

#include <SDL.h>
#include <stdint.h>

/* Scales a premultiplied BGRA bitmap (FreeType's FT_PIXEL_MODE_BGRA: w x h
 * pixels, rows pitch bytes apart) by num/den with an area average: each
 * output pixel is the exact average of the source area it covers, in
 * fixed point with rounding, so a 109 px strike comes down to a 30 px
 * body size without aliasing and up to a 200 px title as smooth blocks.
 * Returns a new array of *ow x *oh premultiplied 0xAARRGGBB words (the
 * caller's, free), or NULL when out of memory or the result is empty. */
uint32_t *bl_colour_scale(const uint8_t *bgra, int w, int h, int pitch, int32_t num, int32_t den, int *ow,
                          int *oh);

/* Draws w x h premultiplied ARGB pixels over dst (ARGB8888) at (x0, y0),
 * clipped to dst: dst = src + dst * (255 - alpha) / 255, exactly rounded.
 * The text colour does not apply: an emoji keeps its own colours. */
void bl_colour_over(SDL_Surface *dst, int x0, int y0, const uint32_t *argb, int w, int h);

#endif
