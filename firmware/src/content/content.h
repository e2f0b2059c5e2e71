/*
 * content.h - the article model and the article file format, read and
 * written from one table of keys.
 *
 * An article file is UTF-8 text: "key: value" header lines, one blank line,
 * then paragraphs separated by blank lines.  Lines inside a paragraph are
 * joined with no space between them, except that a space is kept between
 * two Latin letters/digits that meet across the line break.  Header values
 * that mean something to the board (orientation, show-from, show-until,
 * priority) are parsed here, once, with a warning naming the file, line
 * and value when they are bad; the rest stays text as written.
 * A paragraph that is exactly "![说明](FILE)" is a picture, kept apart
 * from the text paragraphs as a figure (see bl_figure).
 * Depends on base, buf and text.
 */
#ifndef BL_CONTENT_H
#define BL_CONTENT_H

#include "core/base.h"
#include "core/buf.h"
#include "core/weekly.h"

#include <stddef.h>
#include <stdint.h>

/* The writing mode an article asks for ("orientation:").  The board and
 * the command line map it to their layout mode. */
typedef enum {
    BL_ARTICLE_ORIENT_UNSET,      /* absent or "auto": the screen decides */
    BL_ARTICLE_ORIENT_HORIZONTAL, /* "horizontal" */
    BL_ARTICLE_ORIENT_VERTICAL,   /* "vertical" */
} bl_article_orient;

/* A picture paragraph of the body, "![说明](FILE)".  It is not one of
 * the text paragraphs: it stands before paragraph `before` (npara: after
 * the last), so the text paragraphs keep their numbers. */
typedef struct bl_figure {
    char *file;    /* as written: relative to the article file's folder, or absolute */
    char *caption; /* 说明, or NULL when empty */
    size_t before;
} bl_figure;

/* The language an article is written in ("lang:" / "语言:"): which faces
 * (SC, TC, HK) lay it out and which language it is shaped with. */
typedef enum {
    BL_ARTICLE_LANG_HANS, /* "zh-Hans" (default; also zh, zh-CN, zh-SG) */
    BL_ARTICLE_LANG_HANT, /* "zh-Hant" (also zh-TW) */
    BL_ARTICLE_LANG_HK,   /* "zh-HK" */
    BL_ARTICLE_LANG_COUNT
} bl_article_lang;

/* The BCP 47 tag of lang as written back ("zh-Hans", "zh-Hant", "zh-HK"),
 * also what the text is shaped with; "zh-Hans" for a value outside the
 * enum. */
const char *bl_article_lang_tag(bl_article_lang lang);

typedef struct bl_article {
    char *path;     /* file it came from, or NULL */
    char *title;    /* required (key "title" or "标题") */
    char *subtitle; /* "subtitle" / "副标题", may be NULL */
    char *kicker;   /* "kicker" / "引题", may be NULL */
    char *byline;   /* "byline" / "作者", may be NULL */
    char *source;   /* "source" / "来源", may be NULL */
    char *date;     /* "date" / "日期", may be NULL; kept as written */
    char *link;     /* "link", may be NULL: shown as a QR code */
    char *link_label; /* "link-label" / "链接说明": the QR code's caption, may be NULL */
    char *image;    /* "image" / "图片": the lead picture's file as written, may be NULL */
    char *caption;  /* "caption" / "图注": its caption, may be NULL */
    bl_article_orient orientation; /* "orientation": horizontal|vertical|auto */
    bl_article_lang lang; /* "lang": zh-Hans (default), zh-Hant, zh-HK */
    /* "show-from" / "show-until": "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" in
     * local time, as Unix seconds; 0 when absent or not such a time. */
    int64_t show_from;
    int64_t show_until;
    int priority;   /* "priority": 0 normal (default), higher is more urgent */
    /* Posters (poster.h): "poster" / "海报" names a poster file (as
     * written: relative to the article file) shown instead of a body, the
     * article giving it title and schedule fields; "dwell" / "停留": the
     * seconds each page stays, 0 unset (a poster's board default, an
     * article's reading time). */
    /* "days" / "星期" and "hours" / "时段": when in the week the article
     * shows (一至五; 08:00-12:00, 14:00-17:00), as written; parsed into
     * weekly (nothing set: every day, all day).  A bad value warns and
     * is dropped. */
    char *days, *hours;
    bl_weekly weekly;
    char *poster;
    int dwell;
    char **paras;   /* paragraphs, valid UTF-8, no line breaks */
    size_t npara;
    bl_figure *figures; /* the body's pictures, in order (before never decreases) */
    size_t nfigures;
} bl_article;

/* Parses article text of len bytes.  name is used in messages (a path).
 * A poster article (poster: FILE) needs neither title nor body; a body
 * beside it is not shown (warned).
 * Invalid UTF-8 becomes U+FFFD with a warning giving the byte offset;
 * unknown keys warn, and so does a bad orientation (the earlier value
 * stays), show time (no bound), priority (0) or lang (zh-Hans), naming
 * file, line and value; a missing title or an empty body is an error.
 * A leading BOM is skipped and CRLF is accepted.
 * On success *out is the caller's, freed with bl_article_destroy. */
bl_status bl_article_parse(const char *name, const char *text, size_t len, bl_article **out,
                           bl_err *err);

/* Reads and parses a file, refusing files over max_bytes. */
bl_status bl_article_load(const char *path, size_t max_bytes, bl_article **out, bl_err *err);

/* Appends article a to out in the article file format: a header line
 * ("key: value", English keys) for each field that is set, in the order
 * kicker, title, subtitle, byline, source, date, link, link-label, image,
 * caption, orientation, lang (only when not zh-Hans), show-from,
 * show-until, priority, days, hours, poster, dwell; a blank line; the paragraphs
 * separated by blank lines, each figure as "![说明](FILE)" before its
 * paragraph.  bl_article_parse reads the text back to the same
 * fields (path aside).  Refuses (BL_ERR_PARSE, out unchanged) an article
 * without title or paragraphs (unless it is a poster), an orientation or
 * lang outside the enum, a show
 * time that is not a whole local minute, or a text that would not read
 * back unchanged: a line break or other control character, invalid UTF-8,
 * spaces at either end, an empty paragraph, a figure without a file or
 * whose caption holds "](".  BL_ERR_NOMEM when out has failed. */
bl_status bl_article_write(const bl_article *a, bl_buf *out, bl_err *err);

/* The path of a picture file named in article a (its image or a
 * figure's file): an absolute file as it is, else relative to the folder
 * of a->path (as it is when a has no path).  The caller's (free); NULL
 * when out of memory. */
char *bl_article_picture_path(const bl_article *a, const char *file);

/* Frees an article; accepts NULL. */
void bl_article_destroy(bl_article *a);

/* The default size limit for one article file (bytes). */
#define BL_ARTICLE_MAX_BYTES (4u * 1024u * 1024u)

#endif
