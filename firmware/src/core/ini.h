/*
 * ini.h - a small INI reader that reports the line of every key, so that a
 * bad configuration or theme value can be named with its line.  (Debian's
 * libinih is built without line numbers in its handler, which is the one
 * thing we need from it.)  Depends on base.
 */
#ifndef BL_INI_H
#define BL_INI_H

#include "core/base.h"

/* Called per "key = value" line; section is "" before the first [section].
 * Keys and values are trimmed.  Return false to stop. */
typedef int (*bl_ini_fn)(void *user, const char *section, const char *key, const char *value, int line);

/* Parses text (NUL-terminated).  Lines that are neither comments (# or ;),
 * sections nor key=value produce a warning naming name:line. */
bl_status bl_ini_parse(const char *name, const char *text, bl_ini_fn fn, void *user, bl_err *err);

/* Parses a colour "#RRGGBB"; returns 0 on success. */
int bl_ini_color(const char *v, uint32_t *argb);

#endif
