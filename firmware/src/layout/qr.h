/*
 * qr.h - QR codes for article links, private to the layout module: the
 * module matrix from libqrencode.  Encoding sits in layout, not render,
 * because the code's size decides where the text may go (a pure function
 * of the link: no SDL, the same matrix on every machine), and the layout
 * JSON can then report it.  Depends on base.
 */
#ifndef BL_LAYOUT_QR_H
#define BL_LAYOUT_QR_H

#include "core/base.h"

#include <stdint.h>

/* Encodes text (8-bit mode, EC level M, the smallest version that holds
 * it) as *n x *n cells, row by row, 1 = dark; *cells is the caller's
 * (free).  Fails (BL_ERR_RANGE) on an empty text or one too long for a
 * QR code. */
bl_status bl__qr_encode(const char *text, uint8_t **cells, int *n, bl_err *err);

/* Whole pixels per module on a frame of w x h: at least 4 (a phone reads
 * that from a metre or two at 1080 lines), growing with the short side. */
int bl__qr_module_px(int w, int h);

#endif
