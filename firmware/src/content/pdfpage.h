/*
 * pdfpage.h - a PDF page's text as the PDF reader of the page importer
 * sees it: characters with their boxes, sizes and weights, made into
 * lines and put in reading order; private to content/import_pdf*.c.
 * import_pdflines.c makes the lines and the order, import_pdf.c reads
 * them as articles.  Depends on base, rawpage.h and poppler-glib.
 */
#ifndef BL_PDFPAGE_H
#define BL_PDFPAGE_H

#include "content/rawpage.h"
#include "core/base.h"

#include <poppler.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct glyph {
    uint32_t cp;
    double x0, y0, x1, y1; /* box, pt, y down from the page's top */
    double size;           /* font size, pt */
    bool bold;
} glyph;

typedef struct pline {
    size_t g0, g1;         /* glyphs [g0, g1) */
    double x0, y0, x1, y1; /* box */
    double size;           /* the size of most of its characters */
    bool bold;             /* most of its characters are bold */
    size_t page;           /* 0-based */
    size_t piece;          /* the reading-order piece (a column's stretch) */
    bool below_picture;    /* starts just under a picture */
} pline;

typedef struct pdoc {
    glyph *g;
    size_t ng, capg;
    pline *l;
    size_t nl, capl;
    size_t *order; /* reading order: indices into l */
    size_t norder, npieces;
    double body; /* the body size */
} pdoc;

/* Reads page p's characters (up to BL_IMPORT_MAX_PDF_CHARS in d; *nchars_over
 * counts the rest) into lines of d.  False when out of memory. */
bool bl__pdf_read_page(pdoc *d, PopplerPage *page, size_t p, size_t *nchars_over);

/* Marks the lines of page p from first_line on that start just under a
 * picture. */
void bl__pdf_mark_pictures(pdoc *d, PopplerPage *page, size_t p, size_t first_line);

/* The size that sets the most characters: the body's. */
double bl__pdf_body_size(const pdoc *d);

/* Puts the lines in reading order (d->order, d->npieces); d->body must be
 * set.  False when out of memory. */
bool bl__pdf_order_lines(pdoc *d);

#endif
