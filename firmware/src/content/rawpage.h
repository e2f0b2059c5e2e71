/*
 * rawpage.h - the raw page being imported, and what the pieces of the
 * page importer share about it; private to content/import*.c (the public
 * API is import.h).  bl_import_page runs
 * the pieces in order over one bl__imp_page:
 *
 *   import.c         the bytes decoded into code points (UTF-8, or GB18030
 *                    through iconv); the result, the files and the summary
 *   import_lines.c   the page cut into measured, classified lines, and the
 *                    walk that groups them into paragraphs, bodies and the
 *                    gaps between bodies
 *   import_fields.c  the gaps' headlines given to bodies, the lines joined
 *                    into text, and each article's fields
 *   import_pdf.c     a PDF page instead (with import_pdflines.c): its lines
 *                    read by their sizes and places into the same page,
 *                    bodies and units made, then import_fields.c's articles
 *
 * Here: the page being read, the character tests every piece asks, and
 * the steps.  Depends on base, text and content.
 */
#ifndef BL_RAWPAGE_H
#define BL_RAWPAGE_H

#include "content/import.h"
#include "core/base.h"
#include "text/text.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* No index: a line, paragraph or body that is not there. */
#define BL__IMP_NONE ((size_t)-1)

/* ---- the page being read --------------------------------------------- */

/* What a line is, by its own text (measure_line). */
typedef enum {
    BL__IMP_TEXT,     /* anything else: column text or a headline */
    BL__IMP_DATELINE, /* 本报讯（记者 …）, 新华社北京3月5日电: starts an article */
    BL__IMP_NOTE,     /* one parenthesized note on its own line: （原文刊载于《…》） */
    BL__IMP_CAPTION,  /* 图为…, … 摄: a photo caption */
} bl__imp_kind;

/* What a headline line is, when a reader that sees the page (the PDF
 * reader: sizes and positions) has decided it; BL__IMP_AUTO leaves it to
 * the text rules of bl__imp_build_article. */
typedef enum {
    BL__IMP_AUTO,
    BL__IMP_FKICKER,   /* the kicker (引题) */
    BL__IMP_FTITLE,    /* the title */
    BL__IMP_FSUBTITLE, /* the subtitle */
    BL__IMP_FBYLINE,   /* a byline on a line of its own: 记者 张三 通讯员 李四 */
    BL__IMP_FSOURCE,   /* a source line: 来源：区融媒体中心 */
} bl__imp_field;

/* Where the walk put a line. */
typedef enum { BL__IMP_UNPLACED, BL__IMP_IN_PARA, BL__IMP_IN_GAP } bl__imp_role;

/* One non-blank line of the page, trimmed, with its measures. */
typedef struct bl__imp_line {
    size_t s, e;       /* trimmed code-point range in the page */
    size_t no;         /* 1-based line number in the input */
    size_t nchars;     /* non-space characters */
    double m;          /* width in em, punctuation squeezed to half (measure_line) */
    double indent;     /* leading spaces in em (U+3000 is 1, a space 1/2) */
    bool blank_before; /* a blank line comes before it */
    bool stop;         /* ends a sentence (maybe followed by closing marks or a note) */
    bool pause;        /* ends in a mark after which the sentence goes on */
    bool spaced;       /* letter-spaced by justification: spaces between most characters */
    bool headish;      /* no sentence punctuation (bar a final ！？：) */
    bool kicker_form;  /* headish and ends in a colon */
    bool dash_start;   /* starts with ——: a subtitle */
    bool han_gap;      /* a space between two Chinese characters in a line
                          not letter-spaced: "…各项部署 全力实现…", a headline */
    bl__imp_kind kind;
    bool kicker;         /* a headline line found to be a kicker (make_units) */
    bl__imp_field field; /* a headline line's field, when decided (BL__IMP_AUTO: by the text rules) */
    bool tight;          /* joins the line before it without a space (a headline wrapped
                            between two Chinese characters) */
    bl__imp_role role;   /* set by the walk */
    size_t owner;        /* paragraph index (BL__IMP_IN_PARA) or gap index (BL__IMP_IN_GAP) */
} bl__imp_line;

/* A paragraph: consecutive lines. */
typedef struct bl__imp_para {
    size_t first, last; /* line indices, inclusive */
} bl__imp_para;

/* The paragraphs of one article. */
typedef struct bl__imp_body {
    size_t first_para, npara; /* a body's paragraphs are consecutive */
} bl__imp_body;

/* Headline lines that go together: a kicker and its title, or lines
 * printed without a blank line between them on a page that has one
 * between column lines. */
typedef struct bl__imp_unit {
    size_t gap;         /* the gap (0 = before body 0, k = after body k-1) */
    size_t first, last; /* line indices, inclusive */
    size_t owner;       /* body index, or BL__IMP_NONE */
} bl__imp_unit;

/* A line kept out of every article. */
typedef struct bl__imp_aside {
    size_t line;     /* line index */
    const char *why; /* static English reason */
} bl__imp_aside;

/* The page being read.  It owns its arrays (import.c frees them); the
 * steps fill them in order: cps, ln, then pa and bo, un, as and notes. */
typedef struct bl__imp_page {
    const char *name; /* the page's name in messages (borrowed) */
    int year;         /* completes datelines */
    uint32_t *cps;    /* the decoded page */
    size_t ncps;
    bl__imp_line *ln; /* its non-blank lines */
    size_t n, capl;
    bl__imp_para *pa; /* paragraphs, in page order */
    size_t npa, capp;
    bl__imp_body *bo; /* bodies: one per article */
    size_t nbo, capb;
    bl__imp_unit *un; /* headline units, in page order */
    size_t nun, capu;
    bl__imp_aside *as; /* set-aside lines, in the order found */
    size_t nas, capa;
    char **notes; /* "line N: ..." strings */
    size_t nnotes, capn;
    bool blank_page; /* most column lines have a blank line between them */
    bool indents;    /* paragraphs start with a visible indent ("　　") */
    bool nomem;      /* an allocation failed: the import fails */
} bl__imp_page;

/* ---- character tests --------------------------------------------------- */

/* Spaces carry no text: they are dropped or kept as one U+0020. */
static inline bool bl__imp_is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B) ||
           cp == 0x202F || cp == 0x205F || cp == 0xFEFF;
}

/* Full-width (CJK) punctuation: the marks whose width the typesetter may
 * squeeze to half an em. */
static inline bool bl__imp_is_cjk_punct(uint32_t cp)
{
    if (cp < 0x2000)
        return false;
    switch (bl_text_class(cp)) {
    case BL_CC_OPEN:
    case BL_CC_CLOSE:
    case BL_CC_PAUSE:
    case BL_CC_STOP:
    case BL_CC_MIDDLE:
    case BL_CC_DASH:
    case BL_CC_ELLIPSIS:
    case BL_CC_CONNECTOR:
        return true;
    default:
        return false;
    }
}

/* A letter or digit of Latin text (half-width). */
static inline bool bl__imp_is_word(uint32_t cp)
{
    bl_char_class k = bl_text_class(cp);
    return cp < 0x2000 && (k == BL_CC_LATIN || k == BL_CC_DIGIT);
}

/* Printable ASCII, bar the space. */
static inline bool bl__imp_is_ascii_graph(uint32_t cp)
{
    return cp > 0x20 && cp < 0x7F;
}

/* A space between a and b is a real one (kept) when both sides are Latin
 * text and one of them a letter or digit: "Wi-Fi 6", "1000 Mbps",
 * "U.S. Army".  Between Chinese characters, or Chinese and Latin, spaces
 * are justification. */
static inline bool bl__imp_keeps_space(uint32_t a, uint32_t b)
{
    return (bl__imp_is_word(a) || bl__imp_is_ascii_graph(a)) &&
           (bl__imp_is_word(b) || bl__imp_is_ascii_graph(b)) && (bl__imp_is_word(a) || bl__imp_is_word(b));
}

/* Marks that end a sentence. */
static inline bool bl__imp_is_stop(uint32_t cp)
{
    bl_char_class k = bl_text_class(cp);
    return k == BL_CC_STOP || k == BL_CC_ELLIPSIS;
}

/* Marks after which a sentence must go on. */
static inline bool bl__imp_is_pause(uint32_t cp)
{
    bl_char_class k = bl_text_class(cp);
    return k == BL_CC_PAUSE || k == BL_CC_OPEN || k == BL_CC_DASH || k == BL_CC_CONNECTOR;
}

/* Brackets, full-width or ASCII. */
static inline bool bl__imp_is_open_paren(uint32_t cp)
{
    return cp == 0xFF08 || cp == '(';
}

static inline bool bl__imp_is_close_paren(uint32_t cp)
{
    return cp == 0xFF09 || cp == ')';
}

/* ---- helpers the pieces share ------------------------------------------ */

/* import_lines.c: adds a "line N: ..." note on a decision the importer
 * was unsure of; sets c->nomem when out of memory. */
void bl__imp_note(bl__imp_page *c, const char *fmt, ...) BL_PRINTF(2, 3);

/* import_lines.c: sets line i aside (why: a static reason); sets
 * c->nomem when out of memory. */
void bl__imp_set_aside(bl__imp_page *c, size_t i, const char *why);

/* import_lines.c: true if the code points in [s, e), spaces skipped (a
 * letter-spaced line), start with the UTF-8 literal lit. */
bool bl__imp_cps_start(const uint32_t *cps, size_t s, size_t e, const char *lit);

/* import_lines.c: the index of the bracket closing the one opened at
 * cps[open] (before end), or BL__IMP_NONE. */
size_t bl__imp_matching_paren(const uint32_t *cps, size_t open, size_t end);

/* import_fields.c: a byline on a line of its own (记者 张三 通讯员 李四,
 * 本报记者 王磊, 文/张三: short, no sentence punctuation). */
bool bl__imp_is_byline_line(const bl__imp_page *c, const bl__imp_line *l);

/* import_fields.c: a source line of its own (来源：区融媒体中心). */
bool bl__imp_is_source_line(const bl__imp_page *c, const bl__imp_line *l);

/* import_fields.c: cps[0..n) as a new UTF-8 string (the caller's); NULL
 * when out of memory. */
char *bl__imp_encode_cps(const uint32_t *cps, size_t n);

/* ---- the steps, in order ----------------------------------------------- */

/* import_lines.c: cuts c->cps into trimmed, measured, classified lines
 * (c->ln) and sets c->blank_page and c->indents.  *nlines counts the
 * input's lines, blank ones included, *nchars its non-space characters.
 * Refuses (message naming c->name) control characters, over-long lines, a
 * page of blank lines and a page without Chinese. */
bl_status bl__imp_split_lines(bl__imp_page *c, size_t *nlines, size_t *nchars, bl_err *err);

/* import_lines.c: the walk over the lines: paragraphs (c->pa), bodies of
 * consecutive paragraphs (c->bo), and every other line given to the gap
 * between bodies it stands in.  False when out of memory. */
bool bl__imp_walk(bl__imp_page *c);

/* import_lines.c: the column width (em, in half-em steps) measured over
 * body b, for the summary and info; 0 when out of memory. */
double bl__imp_body_width(const bl__imp_page *c, const bl__imp_body *b);

/* import_fields.c: cuts the gaps into headline units (c->un) and sets
 * labels, captions and stray text aside.  False when out of memory. */
bool bl__imp_make_units(bl__imp_page *c);

/* import_fields.c: gives every unit an owner body, or sets it aside;
 * sets c->nomem when out of memory. */
void bl__imp_assign_units(bl__imp_page *c);

/* import.c: fills r (articles, set-aside lines, notes) from a page whose
 * bodies and units are made and owned; frees nothing of c.  False when
 * out of memory (r is then half-built: the caller destroys it). */
bool bl__imp_results(bl__imp_page *c, bl_import_result *r);

/* import.c: frees what c owns (not c). */
void bl__imp_page_free(bl__imp_page *c);

/* import_pdf.c: what bl_import_page does with a PDF (bytes start with
 * %PDF-): the text of its pages with their positions and sizes, read by
 * poppler, made into the same result as a text page's. */
bl_status bl__imp_pdf(const char *name, const char *bytes, size_t len, int year, bl_import_result **out,
                      bl_err *err);

/* import_fields.c: builds article k into r->articles[k] (r's, also when
 * this fails half-way) and r->info[k].  False when out of memory. */
bool bl__imp_build_article(bl__imp_page *c, size_t k, bl_import_result *r);

#endif
