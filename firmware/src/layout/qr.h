/*
 * qr.h - QR codes for article links, private to the layout module: the
 * module matrix from libqrencode, and the block of code and caption on
 * the pages.  Encoding sits in layout, not render, because the code's
 * size decides where the text may go (a pure function of the link: no
 * SDL, the same matrix on every machine), and the layout JSON can then
 * report it.  Depends on base, content and build.
 */
#ifndef BL_LAYOUT_QR_H
#define BL_LAYOUT_QR_H

#include "core/base.h"
#include "content/content.h"
#include "layout/build.h"

#include <stdbool.h>

#include <stdint.h>

/* Encodes text (8-bit mode, EC level M, the smallest version that holds
 * it) as *n x *n cells, row by row, 1 = dark; *cells is the caller's
 * (free).  Fails (BL_ERR_RANGE) on an empty text or one too long for a
 * QR code. */
bl_status bl__qr_encode(const char *text, uint8_t **cells, int *n, bl_err *err);

/* Whole pixels per module on a frame of w x h: at least 4 (a phone reads
 * that from a metre or two at 1080 lines), growing with the short side. */
int bl__qr_module_px(int w, int h);

/* The block at the end of a page: the code (side x side, centred along
 * the block) above its caption; w x h in whole px (1/64 px units). */
typedef struct bl__qrblock {
    int n, module;
    int32_t side, w, h, gap;
    const char *caption;
} bl__qrblock;

/* Encodes a's link into b's doc and sizes its block for an empty page of
 * text area fit.  q->n is 0 when there is no block: no link, one QR
 * cannot hold, or a frame too small for it (both warned). */
bl_status bl__qr_prepare(bl__builder *b, const bl_article *a, const bl__area *fit, bl__qrblock *q);

/* How deep the block is across the lines, with the room left before it. */
int32_t bl__qr_depth(bl_dir dir, const bl__qrblock *q, int32_t em);

/* The part of a page of text area ar the block keeps at its far corner
 * (bottom right under rows, bottom left beside columns), the room before
 * it included: the lines that cross it run beside it. */
bl__keepout bl__qr_keepout(const bl__qrblock *q, bl_dir dir, const bl__area *ar, int32_t em);

/* Adds the block to the laid-out pages (page1 the first page's text
 * area, the others' head lower): to every page when the opts say so
 * (their lines stopped short of it), else to the last: in the corner it
 * kept (kept), or after the lines that end at pos, or on a page of its
 * own when they leave no room. */
bl_status bl__qr_pages(bl__builder *b, const bl__qrblock *q, bl_dir dir, int32_t pos, const bl__area *page1,
                       int32_t head, bool kept);

#endif
