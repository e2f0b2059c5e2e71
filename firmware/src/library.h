/*
 * library.h - the content folder: every article file (*.txt) in a folder,
 * kept as the last good version of each.  A rescan reads new and changed
 * files; a file that fails to parse is reported and its last good version
 * stays; a deleted file drops out.  Files whose names start with '.' or
 * end in '.tmp' are being written and are never read (write, then rename:
 * see README).  Depends on base and content.
 */
#ifndef BL_LIBRARY_H
#define BL_LIBRARY_H

#include "base.h"
#include "content.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct bl_library bl_library;

/* Creates a library over folder `dir` (copied); articles larger than
 * max_bytes are refused.  Nothing is read until bl_library_scan. */
bl_status bl_library_create(const char *dir, size_t max_bytes, bl_library **out, bl_err *err);
void bl_library_destroy(bl_library *lib);

/* Rescans the folder.  Returns true if the set of articles changed.  A
 * folder that cannot be read is logged and the articles stay as they
 * were. */
bool bl_library_scan(bl_library *lib);

const char *bl_library_dir(const bl_library *lib);
size_t bl_library_count(const bl_library *lib);
/* The i-th article in file-name order, borrowed until the next scan. */
const bl_article *bl_library_article(const bl_library *lib, size_t i);
const char *bl_library_path(const bl_library *lib, size_t i);
/* Increments whenever the set of articles changes. */
uint64_t bl_library_version(const bl_library *lib);

#endif
