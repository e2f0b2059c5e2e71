/*
 * layout.h - turns an article into pages for one frame geometry and one
 * writing mode.  The output is a display list: positioned glyph ids, rules,
 * picture boxes (an article link's QR code, the article's pictures) and
 * the source range each line
 * covers, and the article's pictures with their captions.  Everything
 * typographic lives
 * here: 禁则 with push-in before push-out, punctuation compression,
 * justification, indents, the headline block, pagination.  It does not
 * know SDL.  Depends on base, text, font and content (the article model
 * and its picture files).
 *
 * Units: all positions are in 1/64 px (26.6 fixed point) so that a layout
 * is exact and the same on every machine; BL_PX(v) converts for output.
 */
#ifndef BL_LAYOUT_H
#define BL_LAYOUT_H

#include "core/base.h"
#include "content/content.h"
#include "content/picture.h"
#include "text/font.h"
#include "text/text.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#define BL_PX(v) ((double)(v) / 64.0)

typedef enum { BL_MODE_HORIZONTAL, BL_MODE_VERTICAL } bl_mode;

/* Text styles: each has its own font (face chain and size) and colour. */
typedef enum {
    BL_STYLE_BODY,
    BL_STYLE_TITLE,
    BL_STYLE_SUBTITLE,
    BL_STYLE_KICKER,
    BL_STYLE_BYLINE,
    BL_STYLE_HEAD, /* running head and page number */
    BL_STYLE_LIST, /* titles on the board's headline screen */
    BL_STYLE_COUNT
} bl_style;

/* Paragraph numbers used for the headline block's lines. */
enum {
    BL_PARA_TITLE = -1,
    BL_PARA_SUBTITLE = -2,
    BL_PARA_KICKER = -3,
    BL_PARA_BYLINE = -4,
    BL_PARA_HEAD = -5,
    BL_PARA_CAPTION = -6, /* the caption under a QR box (扫码阅读全文) */
    BL_PARA_FIGURE = -7   /* a picture's caption (caption:, the 说明 of ![说明](FILE)) */
};

typedef enum { BL_ORIENT_UPRIGHT, BL_ORIENT_ROTATED, BL_ORIENT_TCY } bl_orient;

enum {
    BL_GLYPH_VERT = 1,    /* a vertical form was substituted */
    BL_GLYPH_MISSING = 2, /* no face had the character: drawn as a box */
    BL_GLYPH_HALF = 4     /* set half-width by punctuation compression */
};

/* One glyph on a page. */
typedef struct bl_pglyph {
    uint32_t gid;
    uint32_t cp;      /* the source character (first of its cluster) */
    uint8_t style;    /* bl_style */
    uint8_t face;     /* index into the style font's chain */
    uint8_t orient;   /* bl_orient */
    uint8_t flags;    /* BL_GLYPH_* */
    int32_t x, y;     /* top-left corner of the glyph's cell */
    int32_t advance;  /* length of the cell along the line */
    int32_t ox, oy;   /* where the glyph origin is drawn (baseline point) */
    int32_t scale;    /* 1/1024 units; 1024 = natural size (tcy may shrink) */
} bl_pglyph;

/* One line (a column in vertical mode). */
typedef struct bl_pline {
    int para;            /* paragraph index, or BL_PARA_* */
    uint32_t start, end; /* code-point range in that paragraph's text */
    int32_t x, y, w, h;  /* the line's box */
    size_t g0, gn;       /* glyphs [g0, g0+gn) of the page */
    bool justified;      /* filled to the measure */
} bl_pline;

/* A filled rectangle (rules under the headline, progress marks). */
typedef struct bl_prule {
    int32_t x, y, w, h;
    uint8_t style; /* colour taken from this style */
} bl_prule;

typedef enum { BL_BOX_QR, BL_BOX_PICTURE } bl_box_kind;

/* A picture box.  For BL_BOX_PICTURE: the article's picture, its pixels
 * (picture, premultiplied, exactly w x h px: scaled once at layout time)
 * at x, y (whole px); text is the file as the article names it.  Both
 * belong to the doc.  For BL_BOX_QR: a QR code of n x n modules, each `module`
 * whole px, drawn dark on white inside a quiet zone of 4 modules; x, y, w,
 * h (1/64 px, whole pixels) take in the quiet zone.  cells (n * n, row
 * by row, 1 = dark) and text (what is encoded) belong to the doc. */
typedef struct bl_pbox {
    int32_t x, y, w, h;
    uint8_t kind; /* bl_box_kind */
    int n, module;
    const uint8_t *cells;
    const char *text;
    const bl_picture *picture; /* BL_BOX_PICTURE */
} bl_pbox;

typedef struct bl_page {
    bl_pline *lines;
    size_t nlines;
    bl_pglyph *glyphs;
    size_t nglyphs;
    bl_prule *rules;
    size_t nrules;
    bl_pbox *boxes;
    size_t nboxes;
} bl_page;

/* Everything layout needs besides the article. */
typedef struct bl_layout_opts {
    int width, height;                 /* frame, px */
    int margin_left, margin_top, margin_right, margin_bottom; /* px */
    bl_mode mode;
    bl_kinsoku kinsoku;
    const bl_font *fonts[BL_STYLE_COUNT]; /* borrowed; body must be set */
    /* the faces of an article by its lang (TC, HK faces shaping with that
     * language), by style as fonts[]; a NULL entry is fonts[]'s. Borrowed. */
    const bl_font *lang_fonts[BL_ARTICLE_LANG_COUNT][BL_STYLE_COUNT];
    int line_pitch_pct;  /* line pitch as % of the body size (160) */
    int column_gap_pct;  /* vertical: gap between columns as % of body (100) */
    int indent_em;       /* first-line indent in em (2) */
    bool halve_line_start; /* opening mark at a line start loses its blank half */
    bool qr_every_page;  /* the link's QR code on every page, not the last only */
} bl_layout_opts;

/* Fills opts with the defaults for a frame of w x h px; fonts are left
 * NULL. */
void bl_layout_defaults(bl_layout_opts *opts, int w, int h);

/* The fonts an article in lang is laid out with: opts->lang_fonts[lang],
 * each NULL entry (and a lang outside the enum) taken from opts->fonts. */
void bl_layout_lang_fonts(const bl_layout_opts *opts, bl_article_lang lang, const bl_font *out[BL_STYLE_COUNT]);

/* A laid-out article: its pages.  Owns the pages; borrows the fonts. */
typedef struct bl_doc {
    bl_page *pages;
    size_t npages;
    bl_mode mode;
    int width, height;
    const bl_font *fonts[BL_STYLE_COUNT];
    uint8_t *qr_cells; /* the link's QR modules, shared by the pages' boxes */
    char *qr_text;
    bl_picture **pictures; /* the pictures' pixels at their box size, for the boxes */
    size_t npictures;
} bl_doc;

/* Lays out an article, with the fonts of its lang (bl_layout_lang_fonts).
 * An article with a link gets a QR code of it (EC
 * level M, modules of max(4, short side / 270) px, quiet zone of 4) with
 * its caption (link_label, or 扫码阅读全文) in a block at the end of the
 * last page (or of every page, opts->qr_every_page) that no text
 * reaches: at the bottom right of rows, the bottom left of columns, the
 * last lines running beside it when it does not fit after them; on a
 * page of its own only when those lines would need a page more anyway.
 * On a frame too small for it, or with a link QR cannot hold, the article
 * is laid out without it (a warning).
 *
 * The article's pictures (image: with caption:, then the body's
 * ![说明](FILE) paragraphs) are read here, from the files named relative
 * to a->path (bl_article_picture_path), and scaled once to the size they
 * are shown at (layout runs on the board's content thread, never on the
 * drawing thread).  A picture that is missing, broken or too big is
 * named in a warning and left out with its caption; the text is laid out
 * as without it.  The placement rules are in docs/typesetting.md
 * ("Pictures and the QR code in the flow"): rows get the picture centred
 * in the measure with its caption under it; columns a block at the top of
 * whole column slots, the caption under it and the columns going on
 * below; a picture that does not fit what is left of a page heads the
 * next one while the text flows on before it.
 *
 * *out is the caller's (bl_doc_destroy).  Fails only on bad options
 * (frame too small for one line) or out of memory. */
bl_status bl_layout_article(const bl_article *a, const bl_layout_opts *opts, bl_doc **out, bl_err *err);

void bl_doc_destroy(bl_doc *doc);

/* One entry of a headline screen. */
typedef struct bl_headline {
    const char *kicker; /* may be NULL */
    const char *title;
} bl_headline;

/* Lays out a headline screen: the entries as a list (rows top to bottom,
 * or columns right to left in vertical mode), kicker small above the
 * title, the `marked` entry (the next article) flagged with an accent bar.
 * When not all entries fit, a window of them that holds the marked one is
 * shown.  One page; *out is the caller's.  Lines use para = entry index
 * for titles and -(entry index) - 100 for kickers. */
bl_status bl_layout_headlines(const bl_headline *items, size_t n, int marked, const bl_layout_opts *opts,
                              bl_doc **out, bl_err *err);

/* Writes the layout as JSON (see README, "baolan layout"); a page with
 * boxes gains "boxes":[{"kind":"qr","x","y","w","h","modules","module",
 * "text"}] and {"kind":"picture","x","y","w","h","file"}.  glyphs adds the
 * per-glyph arrays.  paras are the article's texts, for nothing but the
 * face names; page_sel < 0 means every page, else that page (0-based). */
bl_status bl_doc_write_json(const bl_doc *doc, FILE *f, bool glyphs, long page_sel);

#endif
