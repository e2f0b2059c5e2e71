/*
 * import.h - turns the raw text of a printed newspaper page (one column
 * line per text line, as PDF text extraction gives it) into articles, and
 * writes them as article files (see content.h).
 *
 * What a page looks like and how it is read (the details are in
 * import_lines.c and import_fields.c):
 * column lines are rejoined into paragraphs, dropping the justification
 * spaces between Chinese characters but keeping real ones (between Latin
 * words, between a number and a Latin unit); a paragraph ends where a line
 * stops short of the column after a full stop, or where the next line is
 * short by the two-character indent; the column width is measured from the
 * lines around each decision, so it may differ between articles.  Lines
 * that are not column text are headlines (kicker, title, subtitle), which
 * such pages print after the body but sometimes before it, or stray
 * labels and captions, which are set aside.  A dateline (本报讯（记者 …）3月13日)
 * gives the byline and date, a note (（原文刊载于《…》）) the source.
 *
 * Nothing is lost: every non-space character of the page ends up, in
 * order, in an article (title, kicker, subtitle or a paragraph) or in the
 * set-aside list; only a title made up for an article without a headline
 * repeats text (info.title_from_body).  Spaces are U+0020, U+3000,
 * no-break and the zero-width ones (U+200B, U+FEFF).
 *
 * A PDF (bytes starting with %PDF-) is read instead from its characters'
 * sizes and places (import_pdf.c): columns, reading order, headlines by
 * size and weight, kickers and subtitles by size and place, bylines and
 * source lines of their own, captions and small print set aside.  Its
 * result has the same shape; its "line N" counts the PDF's text lines in
 * reading order.
 *
 * Input is UTF-8 (a BOM is skipped, CRLF and CR accepted) or, when it is
 * not valid UTF-8 but converts cleanly from GB18030 (GBK's superset, which
 * Chinese Windows tools save) and reads as Chinese, GB18030 converted with
 * iconv.  Anything else is refused with a message naming the file.
 * Depends on base, text and content (and poppler-glib for PDFs).
 */
#ifndef BL_IMPORT_H
#define BL_IMPORT_H

#include "core/base.h"
#include "core/fs.h"
#include "content/content.h"

#include <stdbool.h>
#include <stddef.h>

/* Largest page accepted (bytes), and longest line (characters): column
 * lines are a few dozen characters, a paragraph per line a few hundred. */
#define BL_IMPORT_MAX_BYTES (4u * 1024u * 1024u)
#define BL_IMPORT_MAX_LINE 4096u

/* A PDF page (bytes starting with %PDF-) is read by poppler: files of at
 * most BL_IMPORT_MAX_PDF_BYTES, their first BL_IMPORT_MAX_PDF_PAGES pages
 * (a note names the pages skipped), at most BL_IMPORT_MAX_PDF_CHARS
 * characters in all (some 40 dense newspaper pages; a note counts the
 * rest), which bounds the memory a PDF takes to some 25 MB. */
#define BL_IMPORT_MAX_PDF_BYTES (64u * 1024u * 1024u)
#define BL_IMPORT_MAX_PDF_PAGES 16
#define BL_IMPORT_MAX_PDF_CHARS 400000u

/* What the importer measured about one article. */
typedef struct bl_import_info {
    double column_width;  /* body column width in em (half-em steps), 0 if unknown */
    size_t first_line;    /* 1-based input line of the article's first body line */
    size_t last_line;     /* and of its last body line */
    char file_date[11];   /* "YYYY-MM-DD" for the file name: the article's own
                             dateline, else the page's latest; "" if none */
    bool title_from_body; /* no headline found: the title repeats the start
                             of the first sentence (a note says so) */
    bool byline_line;     /* the byline is a line of its own (记者 张三 通讯员 李四),
                             not from a dateline's brackets */
    bool source_line;     /* the source is a line of its own (来源：…; the
                             source field keeps what follows the colon) */
} bl_import_info;

/* A piece of the page kept out of every article. */
typedef struct bl_import_aside {
    char *text;      /* the line as found (trimmed), UTF-8 */
    size_t line;     /* 1-based input line */
    const char *why; /* static English reason, e.g. "label on a line of its own" */
} bl_import_aside;

typedef struct bl_import_result {
    bl_article **articles; /* in page order; path is NULL */
    bl_import_info *info;  /* narticles entries, parallel to articles */
    size_t narticles;
    bl_import_aside *set_aside; /* in page order */
    size_t nset_aside;
    char **notes; /* "line N: ..." decisions the importer was unsure of */
    size_t nnotes;
    const char *encoding; /* static: "UTF-8", "GB18030" (a text page) or "PDF" */
    size_t npages;        /* PDF pages read; 0 for a text page */
    size_t nlines;        /* lines in the input, blank ones included; for a PDF,
                             its text lines in reading order, which "line N"
                             in the set-aside list and notes count */
    size_t nchars;        /* non-space characters in the input */
} bl_import_result;

/* Imports len bytes of page text.  name names the page in messages.  year
 * (1..9999) completes datelines, which give only month and day ("3月13日").
 * On success *out is the caller's, freed with bl_import_result_destroy.
 * Fails (message starting with name) on: input over BL_IMPORT_MAX_BYTES,
 * an empty page, NUL bytes, UTF-16, bytes that are neither UTF-8 nor
 * GB18030, control characters, a line over BL_IMPORT_MAX_LINE characters,
 * a page without Chinese, or a page with no article text at all.  A PDF
 * (bytes starting with %PDF-) fails on: more than BL_IMPORT_MAX_PDF_BYTES,
 * an encrypted or damaged file (poppler's reason), no pages, no text (a
 * scanned page), no Chinese or no body text. */
bl_status bl_import_page(const char *name, const char *bytes, size_t len, int year, bl_import_result **out,
                         bl_err *err);

/* Frees a result; accepts NULL and half-built results. */
void bl_import_result_destroy(bl_import_result *r);

/* The file name (no directory) for article i of r:
 * "YYYY-MM-DD-NN-SLUG.txt", where the date is info[i].file_date ("undated"
 * when there is none), NN the article's number on the page from 01, and
 * SLUG the ASCII words of the title (lower case, '-' between, at most 24
 * characters) followed by 8 hex digits of the title's FNV-1a hash: titles
 * are Chinese and there is no pinyin table, and the hash keeps the name
 * stable across imports of the same page.  Writes at most size bytes to
 * buf (64 is always enough); returns buf. */
char *bl_import_file_name(const bl_import_result *r, size_t i, char *buf, size_t size);

/* The temporary files bl_import_write makes in out_dir are named
 * BL_IMPORT_TMP_PREFIX + name + ".XXXXXX": hidden from the content folder,
 * and recognizable, so that one left by a crash can be removed. */
#define BL_IMPORT_TMP_PREFIX BL_TMP_PREFIX

/* Writes every article of r into out_dir (created if missing, its parent
 * must exist) in the article file format (bl_article_write; an article it
 * refuses stops the write), each through a temporary file fsynced and
 * renamed into place, so a reader never sees half a file; existing files
 * of the same name are replaced.  On success *paths (npaths entries, each
 * "out_dir/name") is the caller's: free each and the array.  On failure
 * nothing is returned and the files written so far stay. */
bl_status bl_import_write(const bl_import_result *r, const char *out_dir, char ***paths, size_t *npaths,
                          bl_err *err);

/* A plain-text summary for people: the article count, paragraphs and
 * characters, one line per article, what was set aside and what the
 * importer was unsure of.  The string is the caller's to free(); NULL when
 * out of memory (or r is NULL). */
char *bl_import_summary(const bl_import_result *r, const char *name);

/* What `baolan import PAGE --out DIR [--year YYYY]` does: reads the page
 * (at most BL_IMPORT_MAX_PDF_BYTES; a text page at most
 * BL_IMPORT_MAX_BYTES), imports it with year, writes the files
 * into out_dir and fills *summary (the caller's, free()) with the summary
 * followed by the written paths. */
bl_status bl_import_file(const char *page_path, const char *out_dir, int year, char **summary, bl_err *err);

#endif
