/*
 * textenc.h - the bytes of a text file, whatever a volunteer's editor
 * saved them as, turned into UTF-8: UTF-8 with or without a BOM, UTF-16
 * with a BOM (Windows Notepad's "Unicode"), and GB18030, which contains
 * GBK and GB 2312 (Notepad's "ANSI" on a Chinese Windows).  Article files
 * and raw newspaper pages are read through it.  Depends on base, utf8 and
 * text; iconv(3) from the C library does the converting.
 */
#ifndef BL_TEXTENC_H
#define BL_TEXTENC_H

#include "core/base.h"

#include <stddef.h>

/* Decodes in[0..len) into a new NUL-terminated UTF-8 buffer *out (the
 * caller's, free), without a BOM, of *outlen bytes, and says in *encoding
 * (static) what the bytes were:
 * - "UTF-8": valid UTF-8 (a BOM dropped);
 * - "UTF-16LE" / "UTF-16BE": a UTF-16 BOM and valid UTF-16 after it;
 * - "GB18030": not valid UTF-8, but clean GB18030 that reads as mostly
 *   Chinese (what GBK bytes decode to, and other bytes rarely do);
 * - "unknown": none of these: *out is a copy of the bytes after any UTF-8
 *   BOM, invalid UTF-8 and all, for the caller to judge.
 * BL_ERR_PARSE (named) for a UTF-16 BOM followed by bytes that are not
 * UTF-16; BL_ERR_NOMEM. */
bl_status bl_textenc_to_utf8(const char *name, const char *in, size_t len, char **out, size_t *outlen,
                             const char **encoding, bl_err *err);

#endif
