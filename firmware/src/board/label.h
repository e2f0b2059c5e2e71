/*
 * label.h - one-line labels of the board (masthead, date and clock, page
 * x/n, the ticker), drawn with SDL2_ttf through the same fallback chain
 * as the page: a label is split into runs by which face of the chain has
 * each character, and every run is drawn with a TTF_Font opened on that
 * face's file and index.  A label the chain's first face covers is one
 * run, drawn exactly as a single TTF_RenderUTF8_Blended call draws it.
 * Depends on font and SDL_ttf.
 */
#ifndef BL_LABEL_H
#define BL_LABEL_H

#include "core/base.h"
#include "text/font.h"

#include <SDL.h>

typedef struct bl_label bl_label;

/* Creates a label font over chain (borrowed: it must outlive the label)
 * at px pixels.  The first face is opened now (a face SDL_ttf cannot open
 * is logged, and its runs are not drawn); the others when a run first
 * needs them.  Initialises SDL_ttf if needed. */
bl_status bl_label_create(const bl_font *chain, int px, bl_label **out, bl_err *err);
void bl_label_destroy(bl_label *l);

/* Draws text in colour argb on a new ARGB8888 surface with alpha (the
 * caller's, SDL_FreeSurface) as tall as the first face's line; NULL for
 * empty text or when nothing could be drawn. */
SDL_Surface *bl_label_render(bl_label *l, const char *text, uint32_t argb);

/* Draws text with its top-left at (x, y) on dst; returns its width. */
int bl_label_draw(bl_label *l, SDL_Surface *dst, const char *text, uint32_t argb, int x, int y);

/* The width text takes, without drawing it. */
int bl_label_width(bl_label *l, const char *text);

/* The first face's line skip (0 if it could not be opened). */
int bl_label_line_skip(const bl_label *l);

#endif
