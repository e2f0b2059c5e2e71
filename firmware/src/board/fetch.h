/*
 * fetch.h - one HTTP(S) GET into memory, bounded: what a fleet bundle
 * announced by URL is fetched with (libcurl).  http and https only, TLS
 * verified, at most 5 redirects, 10 s to connect, 60 s in all, max_bytes
 * at most.  Blocks its caller: call it from a thread of its own (the
 * fleet's network thread), never the frame loop.  Depends on base (and
 * libcurl).
 */
#ifndef BL_FETCH_H
#define BL_FETCH_H

#include "core/base.h"

#include <stddef.h>

/* Sets on curl (a CURL *) the rules every transfer of the board follows:
 * url, http and https only (redirects too, at most 5), 10 s to connect,
 * 60 s in all, no signals, TLS verified, compressed answers accepted, the
 * board's user agent.  The feed fetcher adds its conditional headers and
 * callbacks on top. */
void bl_fetch_setup(void *curl, const char *url);

/* *out (NUL-terminated, *len bytes) is the caller's.  Errors name the URL
 * and the reason (an HTTP status other than 200, too big, the network). */
bl_status bl_fetch_url(const char *url, size_t max_bytes, char **out, size_t *len, bl_err *err);

#endif
