/*
 * content.h - the article model and the article file format.
 *
 * An article file is UTF-8 text: "key: value" header lines, one blank line,
 * then paragraphs separated by blank lines.  Lines inside a paragraph are
 * joined with no space between them, except that a space is kept between
 * two Latin letters/digits that meet across the line break.
 * Depends on base and text.
 */
#ifndef BL_CONTENT_H
#define BL_CONTENT_H

#include "core/base.h"

#include <stddef.h>

typedef struct bl_article {
    char *path;        /* file it came from, or NULL */
    char *title;       /* required (key "title" or "标题") */
    char *subtitle;    /* "subtitle" / "副标题", may be NULL */
    char *kicker;      /* "kicker" / "引题", may be NULL */
    char *byline;      /* "byline" / "作者", may be NULL */
    char *source;      /* "source" / "来源", may be NULL */
    char *date;        /* "date" / "日期", may be NULL; kept as written */
    char *link;        /* "link", may be NULL */
    char *orientation; /* "orientation": horizontal|vertical, may be NULL */
    char *show_from;   /* "show-from", may be NULL */
    char *show_until;  /* "show-until", may be NULL */
    int priority;      /* "priority": 0 normal (default), higher is more urgent */
    char **paras;      /* paragraphs, valid UTF-8, no line breaks */
    size_t npara;
} bl_article;

/* Parses article text of len bytes.  name is used in messages (a path).
 * Invalid UTF-8 becomes U+FFFD with a warning giving the byte offset;
 * unknown keys warn; a missing title or an empty body is an error.
 * A leading BOM is skipped and CRLF is accepted.
 * On success *out is the caller's, freed with bl_article_destroy. */
bl_status bl_article_parse(const char *name, const char *text, size_t len, bl_article **out,
                           bl_err *err);

/* Reads and parses a file, refusing files over max_bytes. */
bl_status bl_article_load(const char *path, size_t max_bytes, bl_article **out, bl_err *err);

/* Frees an article; accepts NULL. */
void bl_article_destroy(bl_article *a);

/* The default size limit for one article file (bytes). */
#define BL_ARTICLE_MAX_BYTES (4u * 1024u * 1024u)

#endif
