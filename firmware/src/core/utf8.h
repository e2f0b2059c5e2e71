/*
 * utf8.h - UTF-8 decoding (invalid input becomes U+FFFD and is reported,
 * never a crash) and encoding.  Pure functions.  Depends on base.
 */
#ifndef BL_UTF8_H
#define BL_UTF8_H

#include "core/base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BL_REPLACEMENT_CHAR 0xFFFDu

/* Called once per invalid sequence with its byte offset in the input. */
typedef void (*bl_utf8_bad_fn)(void *user, size_t byte_offset);

/* Decodes len bytes of UTF-8 into a new array of code points (the caller's,
 * free()), *n set to its length.  Invalid or overlong sequences, surrogates
 * and NUL bytes each become U+FFFD and are reported through bad (may be
 * NULL).  Returns BL_ERR_NOMEM only. */
bl_status bl_utf8_decode(const char *s, size_t len, uint32_t **out, size_t *n, bl_utf8_bad_fn bad,
                         void *user);

/* Number of invalid sequences in s (0 means valid UTF-8 without NUL). */
size_t bl_utf8_count_invalid(const char *s, size_t len);

/* Encodes one code point; returns bytes written (1-4) into buf[4]. */
int bl_utf8_encode(uint32_t cp, char *buf);

#endif
