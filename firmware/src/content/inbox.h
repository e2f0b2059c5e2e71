/*
 * inbox.h - the inbox importer: a producer that turns raw newspaper pages
 * (*.txt, or *.pdf: read as PDF when they start with %PDF-) dropped into an inbox folder into article files in the content
 * folder (import.h), then moves each page to inbox/imported/, or to
 * inbox/failed/ with the reason logged (name.2.txt, ... when the name is
 * taken there).  A page still being written waits for the settle time.  The year of a page's file time
 * completes its datelines.  It writes files and nothing else: the board
 * sees the articles when its content source next scans.  Depends on base,
 * fs, import and source (the settle rule).
 */
#ifndef BL_INBOX_H
#define BL_INBOX_H

#include "core/base.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct bl_inbox bl_inbox;

/* Creates an importer from folder inbox into folder content_dir (both
 * copied); a page is taken once left alone for settle seconds (see
 * bl_content_settled).  BL_ERR_USAGE, with the reason, for an inbox that is
 * the content folder or inside it.  Removes the temporary files an import
 * stopped half way left in content_dir (at once, and then once a minute on
 * import, for those too young at the start).  Nothing is imported until
 * bl_inbox_import.  *out is the caller's. */
bl_status bl_inbox_create(const char *inbox, const char *content_dir, double settle, bl_inbox **out,
                          bl_err *err);
void bl_inbox_destroy(bl_inbox *in);

/* Imports every page waiting in the inbox, in file-name order, and moves
 * it.  Returns the number of pages taken (imported or failed). */
size_t bl_inbox_import(bl_inbox *in);

/* Starts watching the inbox with inotify; false (and a warning) if it
 * cannot, in which case pages wait for the content folder's next scan. */
bool bl_inbox_watch(bl_inbox *in);

/* True if the watched inbox changed since the last call, or a page was
 * left to settle; reads the pending events and never blocks. */
bool bl_inbox_pending(bl_inbox *in);

const char *bl_inbox_dir(const bl_inbox *in);

#endif
