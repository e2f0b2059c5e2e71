/*
 * preview.h - a notice as the board will show it, for the web page
 * (/api/preview.png): laid out and drawn by the engine with the board's
 * configuration (frame size, theme, type sizes, writing mode, 禁则 level)
 * in the board's slide area.  One engine, made on first use and kept.
 * Depends on config, compose (the frame geometry), deck (the writing
 * mode), engine, layout and image.
 */
#ifndef BL_ADMIN_PREVIEW_H
#define BL_ADMIN_PREVIEW_H

#include "core/base.h"
#include "board/config.h"
#include "content/content.h"

#include <stddef.h>

typedef struct bl_preview bl_preview;

/* cfg is copied. */
bl_status bl_preview_create(const bl_config *cfg, bl_preview **out, bl_err *err);
void bl_preview_destroy(bl_preview *p);

/* Page `page` (from 0) of article a as a PNG (*png, *len: the caller's,
 * free), and its page count in *npages.  A page past the last is
 * BL_ERR_RANGE. */
bl_status bl_preview_png(bl_preview *p, const bl_article *a, int page, char **png, size_t *len, int *npages,
                         bl_err *err);

#endif
