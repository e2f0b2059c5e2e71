/*
 * inbox.h - the inbox importer: a producer that turns raw newspaper pages
 * (*.txt) dropped into an inbox folder into article files in the content
 * folder (import.h), then moves each page to inbox/imported/, or to
 * inbox/failed/ with the reason logged.  The year of a page's file time
 * completes its datelines.  It writes files and nothing else: the board
 * sees the articles when its content source next scans.  Depends on base,
 * fs and import.
 */
#ifndef BL_INBOX_H
#define BL_INBOX_H

#include "core/base.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct bl_inbox bl_inbox;

/* Creates an importer from folder inbox into folder content_dir (both
 * copied).  Nothing happens until bl_inbox_import.  *out is the caller's. */
bl_status bl_inbox_create(const char *inbox, const char *content_dir, bl_inbox **out, bl_err *err);
void bl_inbox_destroy(bl_inbox *in);

/* Imports every page waiting in the inbox, in file-name order, and moves
 * it.  Returns the number of pages taken (imported or failed). */
size_t bl_inbox_import(bl_inbox *in);

/* Starts watching the inbox with inotify; false (and a warning) if it
 * cannot, in which case pages wait for the content folder's next scan. */
bool bl_inbox_watch(bl_inbox *in);

/* True if the watched inbox changed since the last call; reads the
 * pending events and never blocks.  False when not watching. */
bool bl_inbox_pending(bl_inbox *in);

const char *bl_inbox_dir(const bl_inbox *in);

#endif
