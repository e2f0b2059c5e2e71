/*
 * poster.h - poster files: a picture (PNG, JPEG, WebP) or a PDF flyer
 * shown as slides of their own, one slide per page, each page given as
 * plain pixels fitted into a frame with its aspect ratio kept (the
 * caller centres it on the theme's background).
 *
 * Pictures are decoded by picture.h; PDF pages are drawn by poppler-glib
 * onto a cairo image surface, on a white page.  Opening reads the file
 * (bounded by a size limit) and, for a PDF, parses it and counts its
 * pages: at most BL_POSTER_MAX_PAGES are shown, the rest skipped with a
 * warning.  Rendering a page can take hundreds of milliseconds: callers
 * do it off the drawing thread.  Depends on base and picture (and
 * poppler-glib, cairo).
 */
#ifndef BL_POSTER_H
#define BL_POSTER_H

#include "core/base.h"
#include "content/picture.h"

#include <stdbool.h>
#include <stddef.h>

/* Pages of a PDF shown at most; further pages are skipped with a warning. */
#define BL_POSTER_MAX_PAGES 20

/* A poster file is enlarged at most this many percent of its own size to
 * fill the slide (a small picture stays sharp enough at 4x from a few
 * metres; a PDF page is drawn at the size it is shown, so has no limit). */
#define BL_POSTER_MAX_UPSCALE_PCT 400

typedef struct bl_poster bl_poster;

/* True when a file name is a poster's by its suffix (.png .jpg .jpeg
 * .webp .pdf, in any case). */
bool bl_poster_file(const char *name);

/* The path of poster file `file` named in the article at article_path:
 * relative to the article file's folder unless it is absolute.  The
 * caller's (free); NULL when out of memory. */
char *bl_poster_resolve(const char *article_path, const char *file);

/* Opens a poster file of at most max_bytes: decodes a picture, or parses
 * a PDF and counts its pages.  Errors name the file and the reason (not
 * found, too big, not a picture, a PDF that is encrypted, damaged or has
 * no pages).  *out is the caller's (bl_poster_destroy). */
bl_status bl_poster_open(const char *path, size_t max_bytes, bl_poster **out, bl_err *err);

/* Pages shown: 1 for a picture, 1..BL_POSTER_MAX_PAGES for a PDF. */
int bl_poster_pages(const bl_poster *p);

/* True for a PDF. */
bool bl_poster_is_pdf(const bl_poster *p);

/* The PDF's title metadata, or NULL (none, blank, or a picture); borrowed
 * from p. */
const char *bl_poster_title(const bl_poster *p);

/* Page i (0-based) fitted inside w x h with its aspect ratio kept: the
 * largest such size (a picture enlarged at most BL_POSTER_MAX_UPSCALE_PCT),
 * scaled with picture.h's integer filter or drawn by poppler at that size
 * on white.  *out is the caller's (bl_picture_destroy). */
bl_status bl_poster_page(const bl_poster *p, int i, int w, int h, bl_picture **out, bl_err *err);

/* Frees a poster; accepts NULL. */
void bl_poster_destroy(bl_poster *p);

#endif
