/*
 * feed.h - news feeds (RSS 2.0, RSS 1.0, Atom, JSON Feed) read from bytes
 * into items, item HTML cleaned into paragraphs, and items kept as article
 * files in a feed's folder.  No network here: the fetcher (board/feeds.h)
 * hands the bytes in and fetches pictures through a callback.  Depends on
 * base, buf, fs, content and picture (and libxml2, cJSON, iconv).
 */
#ifndef BL_FEED_H
#define BL_FEED_H

#include "core/base.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Feeds larger than this are refused before parsing. */
#define BL_FEED_MAX_BYTES (4u * 1024u * 1024u)

/* One item as the feed gives it; every string UTF-8 with whitespace
 * folded (html aside), NULL when absent. */
typedef struct bl_feed_item {
    char *guid;  /* guid / id; else the link; else the title */
    char *title;
    char *link;  /* the item's page */
    char *author;
    int64_t when; /* published (else updated), Unix seconds; 0 unknown */
    char *html;  /* content (else summary/description) as HTML */
    char *image; /* the lead picture's URL as written: enclosure, media, JSON image */
} bl_feed_item;

typedef struct bl_feed {
    char *title;   /* the feed's own title, or NULL */
    const char *format; /* "rss", "atom", "json" (static) */
    const char *encoding; /* the bytes' declared encoding when converted ("GB18030", "BIG5-HKSCS"), else "UTF-8" */
    bl_feed_item *items;
    size_t n;
} bl_feed;

/* Parses len bytes of a feed.  content_type is the HTTP Content-Type (its
 * charset is obeyed) or NULL.  A charset of GBK, GB2312, GB18030 or Big5,
 * declared there or in the XML declaration, is converted to UTF-8 first.
 * External entities and DTDs are never loaded.  Errors name `name` and
 * why it is not a feed.  *out is the caller's (bl_feed_destroy). */
bl_status bl_feed_parse(const char *name, const char *data, size_t len, const char *content_type, bl_feed **out,
                        bl_err *err);

void bl_feed_destroy(bl_feed *f);

/* HTML (a fragment) cleaned into paragraphs: block elements and <br>
 * end a paragraph, script, style and the like are dropped, entities are
 * decoded, whitespace is folded (a line break between two Chinese
 * characters goes), control characters go, empty paragraphs are skipped.
 * *paras (n strings, bl_strv_free) is the caller's; *first_img (may be
 * NULL to ignore) gets the first <img src> as written, or NULL. */
bl_status bl_feed_html_paras(const char *html, size_t len, char ***paras, size_t *n, char **first_img,
                             bl_err *err);

/* A date as feeds write it, RFC 822 ("Sun, 29 Nov 2026 08:30:00 +0800")
 * or RFC 3339 ("2026-11-29T08:30:00+08:00"), as Unix seconds; 0 when it
 * is neither. */
int64_t bl_feed_date(const char *s);

/* Fetches url into *data (the caller's, free) of *len bytes; for pictures. */
typedef bl_status (*bl_feed_get)(void *user, const char *url, char **data, size_t *len, bl_err *err);

typedef struct bl_feed_store_opts {
    int max_items;     /* article files kept at most (20) */
    int max_age_days;  /* older items are not written, and removed (14) */
    int64_t now;       /* Unix seconds */
    const char *base;  /* the feed's URL: relative links and pictures resolve against it */
    bl_feed_get get;   /* fetches a lead picture; NULL: none are fetched */
    void *user;
} bl_feed_store_opts;

/* Keeps feed's items in dir as article files: one per item, named by a
 * hash of its guid (an edited item replaces its file; an unchanged one is
 * not written again), written atomically, with title, byline (author),
 * source (the feed's title), date (local time), link and the lead picture
 * (the first of the item's image and its HTML's first <img>, fetched,
 * checked to decode, kept as pictures/HASH.EXT).  Items that left the
 * feed stay until they pass max_age_days; at most max_items files stay,
 * the newest.  *written (may be NULL) counts the files written.  Errors:
 * dir cannot be written (the files already there stay). */
bl_status bl_feed_store(const bl_feed *feed, const char *dir, const bl_feed_store_opts *o, size_t *written,
                        bl_err *err);

/* 64-bit FNV-1a of s, for file names. */
uint64_t bl_feed_hash(const char *s);

#endif
