/*
 * pixel.h - whole-surface pixel work for the board's frames: the
 * cross-fade of two slides, night dimming and the screen rotation.  All
 * on ARGB8888 surfaces, opaque results; the same bytes on every machine
 * (the vector paths compute exactly what the scalar ones do).  Depends on
 * SDL only.
 */
#ifndef BL_PIXEL_H
#define BL_PIXEL_H

#include <SDL.h>

/* Writes a*(256-t)/256 + c*t/256 per channel (t in 0..256) into the rows
 * of dst from y0 down, a->h rows of a->w pixels.  a and c have the same
 * size; dst is at least as wide and tall enough. */
void bl_pixel_fade(SDL_Surface *dst, int y0, const SDL_Surface *a, const SDL_Surface *c, unsigned t);

/* Scales every pixel of s by keep/256 (night dimming); alpha stays opaque. */
void bl_pixel_dim(SDL_Surface *s, unsigned keep);

/* Copies src into dst turned clockwise by rot degrees (90, 180 or 270;
 * anything else copies nothing).  dst has the turned size. */
void bl_pixel_rotate(const SDL_Surface *src, SDL_Surface *dst, int rot);

#endif
