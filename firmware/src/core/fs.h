/*
 * fs.h - the program's one folder lister, its one atomic file writer, and
 * the frame-size parser every command shares.  Depends on base and buf.
 */
#ifndef BL_FS_H
#define BL_FS_H

#include "core/base.h"

#include <stdbool.h>
#include <stddef.h>

/* Decides whether a directory entry is listed (name only, no folder). */
typedef bool (*bl_dir_filter)(const char *name, void *user);

/* Lists the entries of dir that keep accepts (NULL: every entry but . and
 * ..) as "dir/name" paths, sorted by byte order so the result does not
 * depend on the file system.  *paths (NULL when none) is the caller's,
 * freed with bl_strv_free.  A folder that cannot be opened is an error
 * naming it and the reason. */
bl_status bl_dir_list(const char *dir, bl_dir_filter keep, void *user, char ***paths, size_t *n, bl_err *err);

/* Frees an array of n strings and the array; accepts NULL. */
void bl_strv_free(char **v, size_t n);

/* True when name ends in ext (".txt"), compared without case when nocase. */
bool bl_has_suffix(const char *name, const char *ext, bool nocase);

/* Temporary files in a folder a reader watches start with this, so that
 * every reader (they skip names that start with a dot) passes them by. */
#define BL_TMP_PREFIX ".baolan-tmp."

/* Writes len bytes of data to dir/name atomically: into a temporary file
 * in dir (BL_TMP_PREFIX + name + ".XXXXXX"), given mode (0644), fsync'd, then
 * renamed over dir/name, so a reader sees the old file or the whole new
 * one, also after a power cut.  *path_out ("dir/name", the caller's) may
 * be NULL.  Errors name the file and the reason; the temporary file is
 * removed. */
bl_status bl_write_atomic(const char *dir, const char *name, const char *data, size_t len, unsigned mode,
                          char **path_out, bl_err *err);

/* Parses "WxH" (or "WXH") with min_w <= W <= max_w and min_h <= H <= max_h. */
bool bl_parse_size(const char *s, int min_w, int min_h, int max_w, int max_h, int *w, int *h);

#endif
