/*
 * feeds.h - the board's news feeds ([feed] in the configuration): a
 * thread of its own fetches each feed over HTTP(S) with libcurl, one at a
 * time, asking conditionally (ETag, Last-Modified, remembered in the
 * feed's folder across restarts), backing off on failure (the interval
 * doubling up to an hour), and keeps its items as article files in a
 * folder per feed (content/feed.h) that the board reads like its content
 * folder.  When a server is down the files stay: the board keeps showing
 * the last good items, and the outage is logged once, its end once.  The
 * board's drawing never waits for it.  Depends on base, fs, config and
 * feed (and libcurl, SDL's threads).
 */
#ifndef BL_FEEDS_H
#define BL_FEEDS_H

#include "core/base.h"
#include "board/config.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct bl_feeds bl_feeds;

/* Makes the folder of each of cfg's feeds (under cfg->feed_folder, or
 * 'feeds' beside content_dir; each named from the URL's host and a hash
 * of the URL) and starts fetching them, the first fetch at once.  No feed
 * configured, or the feed folder cannot be made (said): *out is NULL and
 * the board runs without feeds.  Errors: out of memory.  *out is the
 * caller's (bl_feeds_destroy). */
bl_status bl_feeds_create(const bl_config *cfg, const char *content_dir, bl_feeds **out, bl_err *err);

/* The feeds' folders, in the configuration's order (borrowed). */
size_t bl_feeds_count(const bl_feeds *f);
const char *bl_feeds_dir(const bl_feeds *f, size_t i);

/* True when a and b configure the same feeds the same way. */
bool bl_feeds_same(const bl_config *a, const bl_config *b);

/* Stops the thread (a transfer under way is abandoned) and frees f;
 * accepts NULL.  The folders and their files stay. */
void bl_feeds_destroy(bl_feeds *f);

#endif
