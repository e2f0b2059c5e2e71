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

#include "core/base.h"
#include "content/content.h"

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

/* A file modified less than `seconds` ago is left for a later scan (a
 * file written in place may be half written).  Default 1 s; 0 reads at
 * once. */
void bl_library_set_settle(bl_library *lib, double seconds);

/* Starts watching the folder with inotify, so that a change is noticed at
 * once.  False if it cannot (the caller then rescans on a timer). */
bool bl_library_watch(bl_library *lib);

/* True if the watched folder (or its inbox) changed since the last call;
 * reads the pending events and never blocks.  Always true when not
 * watching. */
bool bl_library_pending(bl_library *lib);

/* Sets an inbox folder: raw newspaper pages (*.txt) dropped there are
 * imported into the content folder at the next scan (import.h), then moved
 * to inbox/imported/ (or inbox/failed/, with the reason logged).  The year
 * of a page's file time completes its datelines.  NULL: no inbox. */
bl_status bl_library_set_inbox(bl_library *lib, const char *inbox);

const char *bl_library_dir(const bl_library *lib);
size_t bl_library_count(const bl_library *lib);
/* The i-th article in file-name order, borrowed until the next scan. */
const bl_article *bl_library_article(const bl_library *lib, size_t i);
const char *bl_library_path(const bl_library *lib, size_t i);

#endif
