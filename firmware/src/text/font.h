/*
 * font.h - finding faces by family name, fallback chains, shaping with
 * HarfBuzz, and the FreeType faces the renderer rasterizes from.
 *
 * Owns every FreeType and HarfBuzz object.  A bl_fontlib knows which font
 * files to look in (the project's own list, fonts/fonts.list); faces are
 * picked inside .ttc collections by family and style name, never by index 0.
 * A bl_font is a fallback chain of faces at one pixel size.
 * Depends on base and text.
 */
#ifndef BL_FONT_H
#define BL_FONT_H

#include "core/base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct bl_fontlib bl_fontlib;
typedef struct bl_face bl_face;
typedef struct bl_font bl_font;

/* Creates a library that searches the given directories (in order) for
 * .ttc/.otf/.ttf files.  dirs are copied.  *out is the caller's. */
bl_status bl_fontlib_create(const char *const *dirs, size_t ndirs, bl_fontlib **out, bl_err *err);

/* Reads a font list file: "dir = PATH" lines name directories to search
 * (relative paths are taken from the list file's folder).  Directories that
 * do not exist are skipped with an info message. */
bl_status bl_fontlib_create_from_list(const char *list_path, bl_fontlib **out, bl_err *err);

/* Destroys the library and every face it opened; accepts NULL. */
void bl_fontlib_destroy(bl_fontlib *lib);

/* Finds a face by family ("Noto Serif CJK SC") and style ("Regular",
 * "Bold"): the first in search order.  The face is borrowed: it lives as
 * long as lib. */
const bl_face *bl_fontlib_find(bl_fontlib *lib, const char *family, const char *style, bl_err *err);

/* The nth face (from 0) of family and style in search order: n = 1 is a
 * second face of the same name further down the list, e.g. the full font
 * behind the firmware's subset of it.  NULL (and err) when there are no
 * more than n; borrowed like bl_fontlib_find's. */
const bl_face *bl_fontlib_find_nth(bl_fontlib *lib, const char *family, const char *style, int n,
                                   bl_err *err);

const char *bl_face_family(const bl_face *face);
const char *bl_face_path(const bl_face *face);
int bl_face_index(const bl_face *face);

/* Creates a font: a fallback chain of faces (borrowed from their library,
 * at least one) at px pixels per em, shaping as zh-Hans.  *out is the
 * caller's. */
bl_status bl_font_create(const bl_face *const *faces, size_t nfaces, int px, bl_font **out, bl_err *err);
void bl_font_destroy(bl_font *font);

/* Sets the language the font shapes with, a BCP 47 tag ("zh-Hans", the
 * default; "zh-Hant", "zh-HK"): the faces' `locl` forms and punctuation
 * positions for it (centred 。， in Traditional text).  Set once, before
 * the font is shared; NULL or "" is zh-Hans. */
void bl_font_set_language(bl_font *font, const char *bcp47);
const char *bl_font_language(const bl_font *font);

int bl_font_px(const bl_font *font);
const bl_face *bl_font_face(const bl_font *font, size_t i);

/* The chain entry that draws cp: the first face with a glyph for it, as
 * bl_font_shape picks; -1 if no face has it. */
int bl_font_face_for(const bl_font *font, uint32_t cp);

/* The chain entry that draws the sequence starting at cps[i] (its end,
 * bl_text_cluster_end, into *end), as bl_font_shape picks: an emoji
 * sequence the first colour face that has its first character, anything
 * else bl_font_face_for's; -1 if no face has it. */
int bl_font_cluster_face(const bl_font *font, const uint32_t *cps, size_t n, size_t i, size_t *end);

/* True when chain entry i is a colour bitmap face (Noto Color Emoji):
 * FreeType gives its glyphs as BGRA bitmaps (FT_LOAD_COLOR) of a fixed
 * strike, which the renderer scales by *num / *den to this font's size. */
bool bl_font_color_scale(const bl_font *font, size_t i, int32_t *num, int32_t *den);

typedef enum { BL_DIR_H, BL_DIR_V } bl_dir;

/* One shaped glyph.  Positions are in 1/64 px.  For BL_DIR_H the pen moves
 * right by adv; for BL_DIR_V it moves down by adv.  dx/dy place the glyph
 * origin relative to the pen (y down).  *_half are the same glyph with the
 * font's half-width feature (halt / vhal) applied; they equal the full
 * values where the feature does nothing. */
typedef struct bl_shaped {
    uint32_t gid;
    uint32_t cluster; /* index of the first code point of the cluster */
    uint16_t face;    /* index into the font's chain */
    uint8_t missing;  /* no face had the character (gid is .notdef) */
    uint8_t vert;     /* BL_DIR_V: a vertical form was substituted */
    int32_t adv, dx, dy;
    int32_t adv_half, dx_half, dy_half;
} bl_shaped;

/* Shapes cps[0..n) in direction dir (the font's language, script Han), one
 * run per face of the fallback chain.  features is a comma-separated
 * HarfBuzz feature string applied to the whole text, or NULL.  *out is a
 * new array the caller frees, *nout its length (one entry per glyph, in
 * logical order).  Characters no face has are shaped with the first face's
 * .notdef glyph and flagged missing; a warning names each once.  A
 * sequence (bl_text_cluster_end) is shaped with one face; an emoji one
 * with the colour face gives one glyph in an em square (advance one em
 * both ways, centred on the em box). */
bl_status bl_font_shape(const bl_font *font, const uint32_t *cps, size_t n, bl_dir dir,
                        const char *features, bl_shaped **out, size_t *nout, bl_err *err);

/* The ideographic em box: top edge above the alphabetic baseline, in 1/64
 * px (positive).  Horizontal cells run from baseline-top to
 * baseline-top+px. */
int32_t bl_font_embox_top(const bl_font *font);

/* The ink box of glyph gid of chain face i, relative to the glyph origin,
 * in 1/64 px with y down: box = {left, top, right, bottom}.  False for a
 * glyph without ink. */
bool bl_font_glyph_ink(const bl_font *font, size_t face, uint32_t gid, int32_t box[4]);

/* The FreeType face for chain entry i, set to this font's pixel size (an
 * FT_Face, returned as void* so callers need not include FreeType). */
void *bl_font_ft_face(const bl_font *font, size_t i);

#endif
