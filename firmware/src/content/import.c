/*
 * import.c - from the raw text of a printed page to articles (import.h).
 *
 * The page is decoded (UTF-8, or GB18030 through iconv), cut into lines,
 * and each line measured in em: a Han character is 1; Latin letters,
 * digits and CJK punctuation 1/2.  Punctuation is counted squeezed because
 * a full column line is packed with its marks compressed: that gives the
 * tightest spread of full-line widths on the corpus page, where counting
 * the marks at their full width adds noise that grows with their number.
 * Justification spaces carry no width.  One walk over the lines decides:
 *
 *  - inside a paragraph, whether the next line continues it.  A line that
 *    does not end a sentence continues (unless the next line is far wider,
 *    or this one is 3 em short).  A line that ends a sentence ends the
 *    paragraph when it stops 2.5 em or more short of its box (the column,
 *    less the 2-em indent on a first line), or 1 em short with the next
 *    line short too, or when it is full and the next line is short by the
 *    indent (1.25 em) without ending a sentence itself, or when the next
 *    line has a headline's shape.  Where the page shows its indents
 *    ("　　"), they decide.  Near misses are kept as notes.
 *  - between paragraphs, whether the next line starts body text (it ends a
 *    sentence, or is a full column line that the lines after carry on) or
 *    is something else: a headline (no sentence punctuation, not carried
 *    on, or two parts with a space between), a kicker ("…：" over a
 *    headline), a ——subtitle, a photo caption, a note (one （…） on its own
 *    line or lines) or a lone label.
 *
 * The column width at each decision is measured there: the median width
 * of the mid-paragraph lines around it (after a line that does not end a
 * sentence, not ending one themselves), from the current article
 * backwards and the current run of lines (up to the next sentence end)
 * forwards; with fewer than two of them, the widest of those lines.
 * Without mid-paragraph lines there is no evidence of indents either (a
 * page may hold a paragraph per line), so none is assumed.
 *
 * Bodies are then given their headlines.  On such pages a headline comes
 * after its body; a page with headlines before its first body and none
 * after its last is read the other way round.  A body without a headline
 * of its own takes the nearest headline group of the gap on its other
 * side when that gap holds two.  Labels, captions and lines that fit no
 * article are set aside.  Articles are written with content's
 * bl_article_write.  Depends on base, buf, text and content; iconv(3)
 * from the C library.
 */
#include "content/import.h"

#include "core/buf.h"
#include "text/text.h"

#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NONE ((size_t)-1)

/* Headline lines of this many characters or fewer, standing alone, are
 * labels ("媒体", "专题"), not titles. */
#define LABEL_MAX_CHARS 4

/* The longest title made from an article's first sentence when it has no
 * headline (characters). */
#define FALLBACK_TITLE_CHARS 30

/* ---- buffers ------------------------------------------------------------ */

/* A growing run of code points (a headline or paragraph being joined: the
 * joiner looks back at the last code points, which UTF-8 would hide).  A
 * failed allocation sets failed, later puts do nothing, as in a bl_buf. */
typedef struct cpbuf {
    uint32_t *p;
    size_t len, cap;
    bool failed;
} cpbuf;

static void cb_put(cpbuf *b, uint32_t cp)
{
    if (!b->failed && !BL_GROW(&b->p, &b->cap, b->len + 1))
        b->failed = true;
    if (!b->failed)
        b->p[b->len++] = cp;
}

/* Encodes cps[0..n) as a new UTF-8 string (the caller's); NULL when out of
 * memory. */
static char *encode_cps(const uint32_t *cps, size_t n)
{
    bl_buf b = {0};
    size_t i;
    bl_buf_reserve(&b, n * 3);
    for (i = 0; i < n; i++)
        bl_buf_put_cp(&b, cps[i]);
    return bl_buf_take(&b);
}

/* ---- character tests ----------------------------------------------------- */

/* Spaces carry no text: they are dropped or kept as one U+0020. */
static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B) ||
           cp == 0x202F || cp == 0x205F || cp == 0xFEFF;
}

static bool is_line_break(uint32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

static bool is_control(uint32_t cp)
{
    return (cp < 0x20 && !is_line_break(cp) && cp != '\t') || (cp >= 0x7F && cp < 0xA0 && cp != 0x85);
}

/* Full-width (CJK) punctuation: the marks whose width the typesetter may
 * squeeze to half an em. */
static bool is_cjk_punct(uint32_t cp)
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
static bool is_word(uint32_t cp)
{
    bl_char_class k = bl_text_class(cp);
    return cp < 0x2000 && (k == BL_CC_LATIN || k == BL_CC_DIGIT);
}

static bool is_ascii_graph(uint32_t cp)
{
    return cp > 0x20 && cp < 0x7F;
}

/* A space between a and b is a real one (kept) when both sides are Latin
 * text and one of them a letter or digit: "Wi-Fi 6", "1000 Mbps",
 * "U.S. Army".  Between Chinese characters, or Chinese and Latin, spaces
 * are justification. */
static bool keeps_space(uint32_t a, uint32_t b)
{
    return (is_word(a) || is_ascii_graph(a)) && (is_word(b) || is_ascii_graph(b)) &&
           (is_word(a) || is_word(b));
}

/* Marks that end a sentence. */
static bool is_stop(uint32_t cp)
{
    bl_char_class k = bl_text_class(cp);
    return k == BL_CC_STOP || k == BL_CC_ELLIPSIS;
}

/* Marks after which a sentence must go on. */
static bool is_pause(uint32_t cp)
{
    bl_char_class k = bl_text_class(cp);
    return k == BL_CC_PAUSE || k == BL_CC_OPEN || k == BL_CC_DASH || k == BL_CC_CONNECTOR;
}

static bool is_open_paren(uint32_t cp)
{
    return cp == 0xFF08 || cp == '(';
}
static bool is_close_paren(uint32_t cp)
{
    return cp == 0xFF09 || cp == ')';
}

/* The sentence punctuation a headline does not contain (bar a final
 * ！or ？). */
static bool is_sentence_punct(uint32_t cp)
{
    return cp == 0xFF0C || cp == 0x3002 || cp == 0x3001 || cp == 0xFF1B || cp == 0xFF01 || cp == 0xFF1F;
}

static int digit_value(uint32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return (int)(cp - 0xFF10);
    return -1;
}

/* ---- the page's lines ---------------------------------------------------- */

typedef enum {
    K_TEXT,     /* anything else: column text or a headline */
    K_DATELINE, /* 本报讯（记者 …）, 新华社北京3月5日电: starts an article */
    K_NOTE,     /* one parenthesized note on its own line: （原文刊载于《…》） */
    K_CAPTION,  /* 图为…, … 摄: a photo caption */
} line_kind;

typedef enum { R_NONE, R_PARA, R_GAP } line_role;

typedef struct line {
    size_t s, e;       /* trimmed code-point range in the page */
    size_t no;         /* 1-based line number in the input */
    size_t nchars;     /* non-space characters */
    double m;          /* width in em, punctuation squeezed to half (see measure_line) */
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
    line_kind kind;
    bool kicker;    /* a headline line found to be a kicker (make_units) */
    line_role role; /* set by the walk */
    size_t owner;   /* paragraph index (R_PARA) or gap index (R_GAP) */
} line;

typedef struct para {
    size_t first, last; /* line indices, inclusive */
} para;

typedef struct body {
    size_t first_para, npara; /* a body's paragraphs are consecutive */
} body;

/* Headline lines that go together: a kicker and its title, or lines
 * printed without a blank line between them on a page that has one
 * between column lines. */
typedef struct unit {
    size_t gap;         /* the gap (0 = before body 0, k = after body k-1) */
    size_t first, last; /* line indices, inclusive */
    size_t owner;       /* body index, or NONE */
} unit;

typedef struct aside {
    size_t line; /* line index */
    const char *why;
} aside;

typedef struct ctx {
    const char *name;
    int year;
    uint32_t *cps;
    size_t ncps;
    line *ln;
    size_t n, capl;
    para *pa;
    size_t npa, capp;
    body *bo;
    size_t nbo, capb;
    unit *un;
    size_t nun, capu;
    aside *as;
    size_t nas, capa;
    char **notes;
    size_t nnotes, capn;
    bool blank_page; /* most column lines have a blank line between them */
    bool indents;    /* paragraphs start with a visible indent ("　　") */
    bool nomem;
} ctx;

static void note(ctx *c, const char *fmt, ...) BL_PRINTF(2, 3);
static void note(ctx *c, const char *fmt, ...)
{
    va_list ap;
    char buf[512];
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (!BL_GROW(&c->notes, &c->capn, c->nnotes + 1)) {
        c->nomem = true;
        return;
    }
    if (!(c->notes[c->nnotes] = bl_strdup(buf))) {
        c->nomem = true;
        return;
    }
    c->nnotes++;
}

static void set_aside(ctx *c, size_t i, const char *why)
{
    if (!BL_GROW(&c->as, &c->capa, c->nas + 1)) {
        c->nomem = true;
        return;
    }
    c->as[c->nas++] = (aside){i, why};
}

/* The next code point of a UTF-8 string literal (valid by construction). */
static uint32_t lit_next(const char **p)
{
    const unsigned char *u = (const unsigned char *)*p;
    uint32_t cp;
    int n, k;
    if (u[0] < 0x80) {
        cp = u[0];
        n = 1;
    } else if (u[0] < 0xE0) {
        cp = u[0] & 0x1Fu;
        n = 2;
    } else if (u[0] < 0xF0) {
        cp = u[0] & 0x0Fu;
        n = 3;
    } else {
        cp = u[0] & 0x07u;
        n = 4;
    }
    for (k = 1; k < n; k++)
        cp = (cp << 6) | (u[k] & 0x3Fu);
    *p += n;
    return cp;
}

/* True if the code points in [s, e), spaces skipped (a letter-spaced
 * line), start with the UTF-8 literal lit. */
static bool cps_start(const uint32_t *cps, size_t s, size_t e, const char *lit)
{
    while (*lit) {
        uint32_t w = lit_next(&lit);
        while (s < e && is_space(cps[s]))
            s++;
        if (s >= e || cps[s] != w)
            return false;
        s++;
    }
    return true;
}

/* True if the code points before e (not before s) end with the literal. */
static bool cps_end(const uint32_t *cps, size_t s, size_t e, const char *lit)
{
    uint32_t w[8];
    size_t n = 0;
    while (*lit && n < BL_ARRAY_LEN(w))
        w[n++] = lit_next(&lit);
    if (e - s < n)
        return false;
    return !memcmp(cps + e - n, w, n * sizeof *w);
}

static bool line_starts(const ctx *c, const line *l, const char *lit)
{
    return cps_start(c->cps, l->s, l->e, lit);
}

/* The first position in [from, to) holding cp, or NONE. */
static size_t find_cp(const uint32_t *cps, size_t from, size_t to, uint32_t cp)
{
    for (; from < to; from++)
        if (cps[from] == cp)
            return from;
    return NONE;
}

/* The index of the bracket closing the one opened at cps[open], or NONE. */
static size_t matching_paren(const uint32_t *cps, size_t open, size_t end)
{
    size_t i, depth = 0;
    for (i = open; i < end; i++) {
        if (is_open_paren(cps[i]))
            depth++;
        else if (is_close_paren(cps[i]) && --depth == 0)
            return i;
    }
    return NONE;
}

static bool is_dateline(const ctx *c, const line *l)
{
    static const char *const agencies[] = {"新华社", "中新社", "中新网", "人民网", "央视网", "据新华社"};
    size_t i, k, lim;
    if (line_starts(c, l, "本报讯"))
        return true;
    /* 本报北京3月5日讯, 新华社北京3月5日电: a 讯 or 电 before any
     * punctuation, close to the start. */
    if (line_starts(c, l, "本报")) {
        lim = BL_MIN(l->e, l->s + 40);
        for (i = l->s + 2; i < lim && !is_cjk_punct(c->cps[i]); i++)
            if (c->cps[i] == 0x8BAF /* 讯 */ || c->cps[i] == 0x7535 /* 电 */)
                return true;
        return false;
    }
    for (k = 0; k < BL_ARRAY_LEN(agencies); k++) {
        if (!line_starts(c, l, agencies[k]))
            continue;
        lim = BL_MIN(l->e, l->s + 40);
        for (i = l->s + 3; i < lim && !is_cjk_punct(c->cps[i]); i++)
            if (c->cps[i] == 0x7535 /* 电 */)
                return true;
    }
    return false;
}

/* A note in brackets that runs over lines i..k (up to three more): the
 * first line opens a bracket it does not close, and the bracket closes at
 * the very end of line k.  Returns k, or NONE. */
static size_t note_span(const ctx *c, size_t i)
{
    const line *l = &c->ln[i];
    size_t k, p, depth = 0;
    if (!is_open_paren(c->cps[l->s]))
        return NONE;
    for (k = i; k < c->n && k <= i + 3; k++) {
        const line *m = &c->ln[k];
        if (k > i && m->kind == K_DATELINE)
            return NONE;
        for (p = m->s; p < m->e; p++) {
            if (is_open_paren(c->cps[p]))
                depth++;
            else if (is_close_paren(c->cps[p]) && depth > 0 && --depth == 0)
                return p == m->e - 1 && k > i ? k : NONE;
        }
    }
    return NONE;
}

/* A note naming where the article comes from: （原文刊载于《…》）, （来源：…）.
 * Such a credit stands as a paragraph of its own. */
static bool credits_source(const ctx *c, const line *l)
{
    static const char *const words[] = {"刊载", "原载", "摘自", "转载", "转自", "来源"};
    size_t k, i;
    for (k = 0; k < BL_ARRAY_LEN(words); k++)
        for (i = l->s; i < l->e; i++)
            if (cps_start(c->cps, i, BL_MIN(l->e, i + 2), words[k]))
                return true;
    return false;
}

static bool is_note_line(const ctx *c, const line *l)
{
    return l->e - l->s > 2 && is_open_paren(c->cps[l->s]) && matching_paren(c->cps, l->s, l->e) == l->e - 1;
}

/* 图为…, 上图：…, or a credit at the end: "… 本报记者 张三 摄". */
static bool is_caption(const ctx *c, const line *l)
{
    static const char *const starts[] = {"图为", "图：", "图:", "上图", "下图", "左图", "右图", "图片："};
    static const char *const credits[] = {"摄影", "摄", "供图"};
    size_t k, n;
    for (k = 0; k < BL_ARRAY_LEN(starts); k++)
        if (line_starts(c, l, starts[k]))
            return true;
    for (k = 0; k < BL_ARRAY_LEN(credits); k++) {
        if (!cps_end(c->cps, l->s, l->e, credits[k]))
            continue;
        n = k == 1 ? 1 : 2;
        if (l->e - l->s > n) {
            uint32_t before = c->cps[l->e - n - 1];
            if (is_space(before) || before == '/' || before == 0xFF0F)
                return true;
        }
    }
    return false;
}

/* A label under a QR code: "扫码看视频", "扫一扫". */
static bool is_qr_label(const ctx *c, const line *l)
{
    static const char *const words[] = {"扫码", "扫一扫", "二维码", "扫描"};
    size_t k, i;
    if (!l->headish || l->nchars > 20)
        return false;
    for (i = l->s; i < l->e; i++)
        for (k = 0; k < BL_ARRAY_LEN(words); k++)
            if (cps_start(c->cps, i, l->e, words[k]))
                return true;
    return false;
}

/* Measures and classifies one trimmed line. */
static void measure_line(ctx *c, line *l)
{
    const uint32_t *cps = c->cps;
    double w = 0;
    size_t i, e = l->e, spaces = 0;
    uint32_t last;

    for (i = l->s; i < l->e; i++) {
        uint32_t cp = cps[i];
        if (is_space(cp)) {
            /* A real space between Latin words takes room; justification
             * spaces are what is left over. */
            if (cps[i - 1] != ' ' && keeps_space(cps[i - 1], cps[i + 1])) {
                w += 0.5;
            } else if (!is_space(cps[i - 1])) {
                spaces++;
            }
            continue;
        }
        l->nchars++;
        w += cp < 0x2000 || is_cjk_punct(cp) ? 0.5 : 1.0;
    }
    l->m = w;
    l->spaced = spaces >= 3 && spaces * 3 >= l->nchars;
    for (i = l->s + 1; !l->spaced && i < l->e; i++)
        if (is_space(cps[i]) && bl_text_is_ideograph(cps[i - 1]) && bl_text_is_ideograph(cps[i + 1]))
            l->han_gap = true;

    /* Ends a sentence: 。 or ！ maybe followed by closing marks, or a
     * note in brackets after such an end ("…的硕果。 （详情请参阅二维码）"). */
    if (is_close_paren(cps[e - 1])) {
        size_t depth = 0, j = e;
        while (j > l->s) {
            j--;
            if (is_close_paren(cps[j]))
                depth++;
            else if (is_open_paren(cps[j]) && --depth == 0)
                break;
        }
        if (depth == 0 && is_open_paren(cps[j])) {
            size_t k = j;
            while (k > l->s && is_space(cps[k - 1]))
                k--;
            if (k == l->s) {
                l->stop = true;
            } else {
                size_t t = k;
                while (t > l->s && bl_text_class(cps[t - 1]) == BL_CC_CLOSE)
                    t--;
                if (t > l->s && is_stop(cps[t - 1]))
                    e = k;
            }
        }
    }
    while (e > l->s && bl_text_class(cps[e - 1]) == BL_CC_CLOSE)
        e--;
    if (e > l->s && is_stop(cps[e - 1]))
        l->stop = true;
    last = cps[l->e - 1];
    l->pause = !l->stop && is_pause(last);

    /* Headline shape: no sentence punctuation before a final ！？：. */
    e = l->e;
    while (e > l->s && (cps[e - 1] == 0xFF01 || cps[e - 1] == 0xFF1F || cps[e - 1] == 0xFF1A ||
                        cps[e - 1] == '!' || cps[e - 1] == '?' || cps[e - 1] == ':'))
        e--;
    l->headish = true;
    for (i = l->s; i < e; i++)
        if (is_sentence_punct(cps[i]))
            l->headish = false;
    l->kicker_form = l->headish && (last == 0xFF1A || last == ':');
    l->dash_start = l->e - l->s >= 2 && cps[l->s] == 0x2014 && cps[l->s + 1] == 0x2014;

    if (is_dateline(c, l))
        l->kind = K_DATELINE;
    else if (is_note_line(c, l))
        l->kind = K_NOTE;
    else if (is_caption(c, l))
        l->kind = K_CAPTION;
    else
        l->kind = K_TEXT;
}

/* A note in brackets that wraps ("…的滨河步道。 （相关" / "报道见第3版）"):
 * the line that closes it ends a sentence if the text before the bracket
 * did, or if the bracket opens a line. */
static void mark_wrapped_notes(ctx *c)
{
    size_t k;
    for (k = 1; k < c->n; k++) {
        line *l = &c->ln[k];
        size_t j = k, p = l->e, depth = 0, q;
        bool found = false;
        if (l->stop || !is_close_paren(c->cps[l->e - 1]))
            continue;
        while (!found) {
            if (p == c->ln[j].s) {
                if (j == 0 || j + 3 <= k)
                    break;
                j--;
                p = c->ln[j].e;
                continue;
            }
            p--;
            if (is_close_paren(c->cps[p]))
                depth++;
            else if (is_open_paren(c->cps[p]) && --depth == 0)
                found = true;
        }
        if (!found || j == k)
            continue;
        for (q = p; q > c->ln[j].s && is_space(c->cps[q - 1]); q--)
            ;
        while (q > c->ln[j].s && bl_text_class(c->cps[q - 1]) == BL_CC_CLOSE)
            q--;
        if (q == c->ln[j].s || is_stop(c->cps[q - 1])) {
            l->stop = true;
            l->pause = false;
        }
    }
}

/* Cuts the page into trimmed, measured lines.  Refuses control
 * characters and over-long lines. */
static bl_status split_lines(ctx *c, size_t *nlines, size_t *nchars, bl_err *err)
{
    size_t i = 0, no = 0, han = 0;
    bool blank = false;
    *nchars = 0;
    while (i < c->ncps) {
        size_t s = i, e, ts, te;
        double indent = 0;
        no++;
        while (i < c->ncps && !is_line_break(c->cps[i])) {
            if (is_control(c->cps[i]))
                return bl_err_set(err, BL_ERR_PARSE, "%s:%zu: control character U+%04X: not page text",
                                  c->name, no, (unsigned)c->cps[i]);
            if (bl_text_is_ideograph(c->cps[i]))
                han++;
            if (!is_space(c->cps[i]))
                (*nchars)++;
            i++;
        }
        e = i;
        if (e - s > BL_IMPORT_MAX_LINE)
            return bl_err_set(err, BL_ERR_TOOBIG,
                              "%s:%zu: line of %zu characters (the limit is %u): not column text", c->name,
                              no, e - s, BL_IMPORT_MAX_LINE);
        /* CRLF is one line end; any other break character is one each. */
        if (i < c->ncps && c->cps[i] == '\r' && i + 1 < c->ncps && c->cps[i + 1] == '\n')
            i++;
        if (i < c->ncps)
            i++;
        ts = s;
        te = e;
        while (ts < te && is_space(c->cps[ts])) {
            indent += c->cps[ts] == 0x3000 ? 1.0 : 0.5;
            ts++;
        }
        while (te > ts && is_space(c->cps[te - 1]))
            te--;
        if (ts == te) {
            blank = true;
            continue;
        }
        if (!BL_GROW(&c->ln, &c->capl, c->n + 1))
            return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", c->name);
        c->ln[c->n] = (line){.s = ts, .e = te, .no = no, .indent = indent, .blank_before = blank && c->n > 0};
        measure_line(c, &c->ln[c->n]);
        c->n++;
        blank = false;
    }
    *nlines = no;
    mark_wrapped_notes(c);
    if (c->n == 0)
        return bl_err_set(err, BL_ERR_PARSE, "%s: empty page (only blank lines)", c->name);
    if (han == 0)
        return bl_err_set(err, BL_ERR_PARSE, "%s: no Chinese text: baolan import reads pages of Chinese news",
                          c->name);
    return BL_OK;
}

/* A paragraph indent: about two characters of leading space.  More is a
 * centred headline in a layout-preserving extraction. */
static bool para_indent(const line *l)
{
    return l->indent >= 1.5 && l->indent <= 3.0;
}

/* ---- column width -------------------------------------------------------- */

/* A full line inside a paragraph: after a line that does not end a
 * sentence, not ending one itself, not letter-spaced. */
static bool is_mid(const line *L, size_t k)
{
    return !L[k - 1].stop && !L[k].stop && !L[k].spaced && L[k].kind == K_TEXT;
}

/* The column width (em) for a decision at line i.  bstart is the first
 * line of the current body, or NONE when i may start a new one: lines
 * before i count only within the current body.  Forwards, the current run
 * counts: the lines up to the next sentence end, which belong to the
 * same column as i.  *measured says whether two or more mid-paragraph
 * lines gave the width (else it is a guess from the widest lines). */
static double col_width(const ctx *c, size_t i, size_t bstart, bool *measured)
{
    const line *L = c->ln;
    double v[40];
    size_t k, nv = 0, back0 = i, run_end = i + 1;

    if (bstart != NONE)
        back0 = i - bstart > 8 ? i - 8 : bstart;
    for (k = i; k < c->n && k < i + 12; k++) {
        if (k > i && L[k].kind != K_TEXT)
            break;
        run_end = k + 1;
        if (L[k].stop)
            break;
    }
    for (k = back0 + 1; k < run_end; k++)
        if (is_mid(L, k))
            v[nv++] = L[k].m;
    *measured = nv >= 2;
    if (nv >= 2)
        return bl_median(v, nv);

    /* Too few mid-paragraph lines (short paragraphs, a small box): the
     * widest line of this body and run, which are one column; failing two
     * of them, a high quantile of the lines that follow. */
    nv = 0;
    for (k = back0; k < run_end; k++)
        if (!L[k].spaced)
            v[nv++] = L[k].m;
    if (nv >= 2) {
        double widest = v[0];
        for (k = 1; k < nv; k++)
            widest = BL_MAX(widest, v[k]);
        return widest;
    }
    for (k = run_end; nv < 4 && k < c->n && k < i + 12 && L[k].kind == K_TEXT; k++)
        if (!L[k].spaced)
            v[nv++] = L[k].m;
    if (nv == 0)
        return L[i].m;
    bl_median(v, nv); /* sorts */
    return v[BL_MIN(nv - 1, 3 * nv / 4)];
}

/* The width measured over a whole body, for the summary and info. */
static double body_width(const ctx *c, const body *b)
{
    const line *L = c->ln;
    double *v, w;
    size_t p, k, nv = 0, total = 0;

    for (p = b->first_para; p < b->first_para + b->npara; p++)
        total += c->pa[p].last - c->pa[p].first + 1;
    v = malloc(total * sizeof *v);
    if (!v)
        return 0;
    for (p = b->first_para; p < b->first_para + b->npara; p++)
        for (k = c->pa[p].first + 1; k <= c->pa[p].last; k++)
            if (is_mid(L, k))
                v[nv++] = L[k].m;
    if (nv >= 2) {
        w = bl_median(v, nv);
    } else { /* as col_width: the widest line */
        w = 0;
        for (p = b->first_para; p < b->first_para + b->npara; p++)
            for (k = c->pa[p].first; k <= c->pa[p].last; k++)
                if (!L[k].spaced && L[k].m > w)
                    w = L[k].m;
    }
    free(v);
    return floor(w * 2 + 0.5) / 2;
}

/* ---- the walk: paragraphs, bodies and the gaps between them -------------- */

/* Does l look like the first line of a paragraph: short of the column by
 * about the indent, without ending a sentence?  A letter-spaced line was
 * stretched to its box, so only a large shortfall of its natural width
 * tells. */
static bool looks_first(const line *l, double W)
{
    return !l->stop && W - l->m >= (l->spaced ? 2.5 : 1.25);
}

/* Does line i, between paragraphs, start body text (rather than being a
 * headline, kicker or label)?  W is the column width there. */
static bool starts_body(const ctx *c, size_t i, double W)
{
    const line *a = &c->ln[i], *b = i + 1 < c->n ? &c->ln[i + 1] : NULL, *d;

    if (a->stop)
        return true;
    if (a->dash_start || a->kicker_form || a->han_gap)
        return false;
    if (a->spaced || (c->indents && para_indent(a)))
        return true;
    if (a->m > W + 2.0) /* wider than the column: a headline, or a new, wider column */
        return a->pause && b && b->kind == K_TEXT && fabs(b->m - a->m) <= 2.5;
    if (!b || b->kind != K_TEXT || (b->m > W + 2.0 && !b->spaced))
        return false; /* nothing carries it on */
    if (a->pause)
        return true;
    if ((W - 2) - a->m > 2.0)
        return false; /* short without ending a sentence: not column text */
    if (looks_first(b, W))
        return false; /* the next line starts a paragraph itself */
    d = i + 2 < c->n ? &c->ln[i + 2] : NULL;
    if (!b->stop && !b->pause && d && looks_first(d, W))
        return false; /* the line after that does: the two stand alone */
    if (b->headish && !b->stop) {
        /* Two lines without any punctuation: column text only if a line
         * with punctuation carries them on. */
        if (!(d && d->kind == K_TEXT && (d->m <= W + 2.0 || d->spaced) && (!d->headish || d->spaced)))
            return false;
    }
    return true;
}

/* Does the paragraph go on from line i to the next?  W is the column
 * width, first says whether i is the paragraph's first line (indented by
 * two), measured whether W came from mid-paragraph lines: without them
 * there is no evidence of indents either (a page may hold a paragraph per
 * line), and a line ending a sentence is measured against the full width. */
static bool para_continues(ctx *c, size_t i, double W, bool first, bool measured)
{
    const line *a = &c->ln[i], *b;
    double slack, ind;

    if (i + 1 >= c->n)
        return false;
    b = &c->ln[i + 1];
    if (b->kind == K_DATELINE || (b->kind == K_CAPTION && a->stop))
        return false;
    if (b->kind == K_NOTE || (a->stop && note_span(c, i + 1) != NONE)) {
        /* A note on a line of its own is a paragraph of its own, unless
         * the line before is full: then it is the paragraph's end wrapped
         * over ("…的滨河步道。" / "（相关报道见第3版）"). */
        slack = a->spaced ? 0 : (first ? W - 2 : W) - a->m;
        return a->stop && slack < 1.0 && b->kind == K_NOTE && !c->indents && !credits_source(c, b);
    }
    if (b->m > W + 2.0 && !b->spaced) {
        if (!a->stop)
            note(c, "line %zu: a paragraph ends without a full stop, before a wider line", a->no);
        return false;
    }
    if (c->indents && para_indent(b))
        return false; /* the page shows where paragraphs start */
    if (a->stop && (b->kicker_form || b->han_gap || b->dash_start))
        return false; /* a headline's shape: "…：", "… …", "——…" */
    if (a->stop && b->headish && !b->stop && !b->spaced) {
        /* a line without punctuation that nothing carries on stands alone */
        const line *d = i + 2 < c->n ? &c->ln[i + 2] : NULL;
        if (!d || d->kind != K_TEXT || d->han_gap || d->kicker_form || d->dash_start ||
            (c->indents && para_indent(d)) || (d->m > W + 2.0 && !d->spaced))
            return false;
    }
    slack = a->spaced ? 0 : (first && (measured || !a->stop || c->indents) ? W - 2 : W) - a->m;
    ind = W - b->m;
    if (!a->stop) {
        if (a->pause)
            return true;
        if (slack >= 3) {
            note(c, "line %zu: a short line without a full stop taken as a paragraph end", a->no);
            return false;
        }
        return true;
    }
    if (c->indents) /* not indented: the same paragraph, if this line is full */
        return slack < 1.0;
    if (slack >= 2.5)
        return false;
    if (slack >= 1.0) {
        if (ind >= 1.0 || !measured)
            return false;
        if (slack >= 1.75)
            note(c,
                 "line %zu ends a sentence %.1f em short of the column, but line %zu is full: "
                 "kept in one paragraph",
                 a->no, slack, b->no);
        return true;
    }
    if (ind >= 1.25 && (!b->stop || !measured))
        return false;
    if (ind >= 1.25) {
        /* A full line ending a sentence, then a short one ending another:
         * a one-line paragraph indented by two, or the paragraph's end? */
        if (fabs(ind - 2) <= 0.75) {
            note(c, "lines %zu-%zu: line %zu is short by about the indent: taken as a new paragraph", a->no,
                 b->no, b->no);
            return false;
        }
        note(c, "lines %zu-%zu: line %zu, short and ending a sentence, taken as the paragraph's end", a->no,
             b->no, b->no);
        return true;
    }
    return true;
}

static bool add_para(ctx *c, size_t i)
{
    if (!BL_GROW(&c->pa, &c->capp, c->npa + 1))
        return false;
    c->pa[c->npa] = (para){i, i};
    c->bo[c->nbo - 1].npara++;
    c->ln[i].role = R_PARA;
    c->ln[i].owner = c->npa;
    c->npa++;
    return true;
}

static bool add_body(ctx *c)
{
    if (!BL_GROW(&c->bo, &c->capb, c->nbo + 1))
        return false;
    c->bo[c->nbo++] = (body){c->npa, 0};
    return true;
}

static bool walk(ctx *c)
{
    size_t i, bstart = NONE, cur = NONE;
    bool gap_open = false; /* lines went to the gap since the last body line */

    for (i = 0; i < c->n; i++) {
        line *l = &c->ln[i];
        double W;
        bool measured;
        size_t span;
        if (cur == NONE) {
            W = col_width(c, i, gap_open ? NONE : bstart, &measured);
            if (l->kind == K_DATELINE || (l->kind == K_TEXT && starts_body(c, i, W))) {
                bool newbody = c->nbo == 0 || gap_open || l->kind == K_DATELINE;
                if (!newbody && !l->stop && !l->spaced && l->m > W + 2.5) {
                    note(c,
                         "line %zu: a wider column begins (%.1f em after %.1f): taken as a new "
                         "article",
                         l->no, l->m, W);
                    newbody = true;
                }
                if (newbody) {
                    if (!add_body(c))
                        return false;
                    bstart = i;
                    gap_open = false;
                }
                if (!add_para(c, i))
                    return false;
                cur = c->npa - 1;
            } else if (l->kind == K_NOTE && c->nbo > 0) {
                if (!add_para(c, i))
                    return false;
                continue;
            } else if (c->nbo > 0 && (span = note_span(c, i)) != NONE) {
                /* a note in brackets over several lines: one paragraph */
                if (!add_para(c, i))
                    return false;
                for (i++; i <= span; i++) {
                    c->pa[c->npa - 1].last = i;
                    c->ln[i].role = R_PARA;
                    c->ln[i].owner = c->npa - 1;
                }
                i--;
                continue;
            } else {
                l->role = R_GAP;
                l->owner = c->nbo;
                gap_open = true;
                continue;
            }
        } else {
            c->pa[cur].last = i;
            l->role = R_PARA;
            l->owner = cur;
        }
        W = col_width(c, i, bstart, &measured);
        if (!para_continues(c, i, W, c->pa[cur].first == i, measured))
            cur = NONE;
    }
    return true;
}

/* ---- headlines ----------------------------------------------------------- */

typedef enum { G_LABEL, G_KICKER, G_HEAD } gap_class;

/* What a line in a gap is; *why is set for labels (noted when they hold
 * sentences).  Called once per line, by make_units. */
static gap_class classify_gap_line(ctx *c, size_t i, const char **why)
{
    const line *l = &c->ln[i], *nx = i + 1 < c->n ? &c->ln[i + 1] : NULL;
    if (l->kind == K_CAPTION) {
        *why = "photo caption";
        return G_LABEL;
    }
    if (l->kind == K_NOTE) {
        *why = "note outside any article";
        return G_LABEL;
    }
    if (is_qr_label(c, l)) {
        *why = "label of a QR code";
        return G_LABEL;
    }
    if (!l->headish && !l->dash_start) {
        *why = "text that fits no article";
        note(c, "line %zu: sentence text between articles, set aside", l->no);
        return G_LABEL;
    }
    if (l->kicker_form && nx && nx->role == R_GAP && nx->owner == l->owner && nx->kind == K_TEXT &&
        (nx->headish || nx->dash_start) && nx->nchars > LABEL_MAX_CHARS && !nx->kicker_form)
        return G_KICKER;
    if (l->nchars <= LABEL_MAX_CHARS) {
        *why = "label on a line of its own";
        return G_LABEL;
    }
    return G_HEAD;
}

/* Cuts the gaps into units and sets labels aside. */
static bool make_units(ctx *c)
{
    size_t i;
    gap_class prev = G_LABEL;
    for (i = 0; i < c->n; i++) {
        line *l = &c->ln[i];
        const char *why = NULL;
        gap_class g;
        if (l->role != R_GAP) {
            prev = G_LABEL;
            continue;
        }
        g = classify_gap_line(c, i, &why);
        l->kicker = g == G_KICKER;
        if (g == G_LABEL) {
            set_aside(c, i, why);
        } else if (c->nun > 0 && prev != G_LABEL && c->un[c->nun - 1].last == i - 1 &&
                   c->un[c->nun - 1].gap == l->owner &&
                   (prev == G_KICKER || (c->blank_page && !l->blank_before))) {
            c->un[c->nun - 1].last = i;
        } else {
            if (!BL_GROW(&c->un, &c->capu, c->nun + 1))
                return false;
            c->un[c->nun++] = (unit){l->owner, i, i, NONE};
        }
        prev = g;
    }
    return !c->nomem;
}

/* Gives every unit an owner body (or none: set aside). */
static void assign_units(ctx *c)
{
    size_t nb = c->nbo, *count, *start, k, u;
    bool after;

    count = calloc(nb + 1, sizeof *count);
    start = calloc(nb + 1, sizeof *start);
    if (!count || !start) {
        c->nomem = true;
        goto out;
    }
    for (u = c->nun; u-- > 0;) {
        count[c->un[u].gap]++;
        start[c->un[u].gap] = u;
    }
    /* Such pages print a headline after its body.  Read them the other way
     * only when headlines stand before the first body and none after the
     * last. */
    after = !(count[0] > 0 && count[nb] == 0);
    for (u = 0; u < c->nun; u++) {
        size_t g = c->un[u].gap;
        if (after && g > 0)
            c->un[u].owner = g - 1;
        else if (!after && g < nb)
            c->un[u].owner = g;
    }
    for (k = 0; k < nb; k++) {
        size_t own = after ? k + 1 : k; /* the gap holding body k's headline */
        size_t other = after ? k : k + 1, take;
        bool edge = after ? k == 0 : k == nb - 1; /* the other gap has no body beyond it */
        if (count[own] > 0 || count[other] == 0 || (!edge && count[other] < 2))
            continue;
        take = after ? start[other] + count[other] - 1 : start[other];
        c->un[take].owner = k;
        if (!edge)
            note(c, "article %zu has no headline %s its body: took the one on line %zu, %s it", k + 1,
                 after ? "after" : "before", c->ln[c->un[take].first].no, after ? "above" : "below");
    }
    for (u = 0; u < c->nun; u++) {
        size_t i;
        if (c->un[u].owner != NONE)
            continue;
        for (i = c->un[u].first; i <= c->un[u].last; i++)
            set_aside(c, i, "headline with no article");
        note(c, "line %zu: a headline no article claims, set aside", c->ln[c->un[u].first].no);
    }
out:
    free(count);
    free(start);
}

/* ---- text ---------------------------------------------------------------- */

/* Words for the people a dateline credits: "（记者 王磊 实习记者 张一帆）". */
static const char *const role_words[] = {"记者",     "通讯员",   "实习生",  "实习记者",
                                         "见习记者", "特约记者", "摄影记者"};

/* True if the non-space text from cps[j] on starts with a role word. */
static bool role_at(const uint32_t *cps, size_t j, size_t e)
{
    size_t k;
    for (k = 0; k < BL_ARRAY_LEN(role_words); k++)
        if (cps_start(cps, j, e, role_words[k]))
            return true;
    return false;
}

/* True if a role word starts at cps[j] and is not the end of a longer
 * one whose start b already holds (实习|记者). */
static bool role_next(const cpbuf *b, const uint32_t *cps, size_t j, size_t e)
{
    uint32_t last = b->len ? b->p[b->len - 1] : 0;
    return role_at(cps, j, e) && last != 0x4E60 /* 习 */ && last != 0x7EA6 /* 约 */ &&
           last != 0x5F71 /* 影 */;
}

/* True if what b holds ends with a role word. */
static bool role_before(const cpbuf *b)
{
    static const uint32_t ends[][3] = {{2, 0x8BB0, 0x8005},  /* 记者 */
                                       {2, 0x8BAF, 0x5458},  /* (通)讯员 */
                                       {2, 0x4E60, 0x751F}}; /* (实)习生 */
    size_t k;
    for (k = 0; k < BL_ARRAY_LEN(ends); k++)
        if (b->len >= 2 && b->p[b->len - 2] == ends[k][1] && b->p[b->len - 1] == ends[k][2])
            return true;
    return false;
}

/* What joining a paragraph's lines carries from one line to the next: where
 * it stands relative to the brackets of a dateline, inside which the
 * spaces between names are real ("本报讯（记者 郭晓妍）"). */
typedef struct joiner {
    int region;   /* 0 before the brackets, 1 inside, 2 after (or no dateline) */
    size_t depth; /* bracket depth inside */
} joiner;

/* Appends line l of a paragraph to b.  Spaces go unless they are real (see
 * keeps_space) or separate names inside a dateline's brackets; in a
 * letter-spaced line or across a line end, only a space next to a role
 * word ("记者 …") is taken for such a separator.  Lines join without a
 * space, except between two Latin words. */
static void put_body_line(const ctx *c, const line *l, cpbuf *b, joiner *jn)
{
    const uint32_t *cps = c->cps;
    size_t i;

    if (b->len > 0) {
        uint32_t last = b->p[b->len - 1], next = cps[l->s];
        if (jn->region == 1) {
            if (!is_cjk_punct(last) && !is_cjk_punct(next) &&
                (role_before(b) || role_next(b, cps, l->s, l->e)))
                cb_put(b, ' ');
        } else if (is_word(next) && (is_word(last) || (last < 0x80 && strchr(".,;:!?)", (int)last)))) {
            cb_put(b, ' ');
        }
    }
    for (i = l->s; i < l->e; i++) {
        uint32_t cp = cps[i];
        size_t j;
        if (!is_space(cp)) {
            if (jn->region == 0 && is_open_paren(cp)) {
                jn->region = 1;
                jn->depth = 1;
            } else if (jn->region == 0 && (bl_text_class(cp) == BL_CC_PAUSE || is_stop(cp))) {
                jn->region = 2; /* no brackets at the start: no credit */
            } else if (jn->region == 1 && is_open_paren(cp)) {
                jn->depth++;
            } else if (jn->region == 1 && is_close_paren(cp) && --jn->depth == 0) {
                jn->region = 2;
            }
            cb_put(b, cp);
            continue;
        }
        for (j = i; j < l->e && is_space(cps[j]); j++)
            ;
        /* a space run cps[i..j), with text on both sides (lines are trimmed) */
        if (keeps_space(cps[i - 1], cps[j]) ||
            (jn->region == 1 && !is_cjk_punct(cps[i - 1]) && !is_cjk_punct(cps[j]) &&
             (!l->spaced || role_before(b) || role_next(b, cps, j, l->e))))
            cb_put(b, ' ');
        i = j - 1;
    }
}

/* Appends a headline line: its spaces are kept as one (they separate the
 * parts of a headline), except next to punctuation or in a letter-spaced
 * line. */
static void put_head_line(const ctx *c, const line *l, cpbuf *b)
{
    const uint32_t *cps = c->cps;
    size_t i, j;
    if (l->spaced) {
        joiner jn = {2, 0};
        put_body_line(c, l, b, &jn);
        return;
    }
    for (i = l->s; i < l->e; i++) {
        if (!is_space(cps[i])) {
            cb_put(b, cps[i]);
            continue;
        }
        for (j = i; j < l->e && is_space(cps[j]); j++)
            ;
        if (!is_cjk_punct(cps[i - 1]) && !is_cjk_punct(cps[j]))
            cb_put(b, ' ');
        i = j - 1;
    }
}

static char *cb_take_utf8(cpbuf *b)
{
    char *s = b->failed ? NULL : encode_cps(b->p, b->len);
    free(b->p);
    *b = (cpbuf){0};
    return s;
}

/* ---- article fields ------------------------------------------------------ */

/* The byline from a dateline's brackets: "本报讯（记者 郭晓妍）" gives
 * "本报记者 郭晓妍"; NULL when there is none (or out of memory). */
static char *dateline_byline(const uint32_t *p, size_t n)
{
    static const char *const orgs[] = {"本报", "据新华社", "新华社", "中新社", "中新网", "人民网", "央视网"};
    size_t open = find_cp(p, 0, BL_MIN(n, 24), 0xFF08), close, k;
    bl_buf b = {0};
    char *inner;

    if (open == NONE || (close = matching_paren(p, open, n)) == NONE || close == open + 1)
        return NULL;
    inner = encode_cps(p + open + 1, close - open - 1);
    if (!inner)
        return NULL;
    if (!strncmp(inner, "记者", strlen("记者"))) {
        char *head = encode_cps(p, open);
        for (k = 0; head && k < BL_ARRAY_LEN(orgs); k++) {
            if (!strncmp(head, orgs[k], strlen(orgs[k]))) {
                /* "据新华社" reports the agency's reporter: drop the 据. */
                bl_buf_puts(&b, k == 1 ? "新华社" : orgs[k]);
                break;
            }
        }
        free(head);
    }
    bl_buf_puts(&b, inner);
    free(inner);
    return bl_buf_take(&b);
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Finds "3月13日" (digits ASCII or full-width) near the start of p and
 * writes "YYYY-MM-DD" to out[11]; false if there is none. */
static bool dateline_date(const uint32_t *p, size_t n, int year, char *out)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    size_t i, lim = BL_MIN(n, 48);
    for (i = 0; i < lim; i++) {
        size_t j = i;
        int mon = 0, day = 0, nd = 0;
        if (digit_value(p[i]) < 0 || (i > 0 && digit_value(p[i - 1]) >= 0))
            continue;
        for (; j < n && digit_value(p[j]) >= 0 && nd < 3; j++, nd++)
            mon = mon * 10 + digit_value(p[j]);
        if (nd > 2 || j >= n || p[j] != 0x6708 /* 月 */)
            continue;
        j++;
        for (nd = 0; j < n && digit_value(p[j]) >= 0 && nd < 3; j++, nd++)
            day = day * 10 + digit_value(p[j]);
        if (nd == 0 || nd > 2 || j >= n || p[j] != 0x65E5 /* 日 */)
            continue;
        if (mon < 1 || mon > 12 || day < 1 || day > mdays[mon - 1] || (mon == 2 && day == 29 && !leap(year)))
            continue;
        {
            char tmp[40];
            snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", year, mon, day);
            memcpy(out, tmp, 10);
            out[10] = '\0';
        }
        return true;
    }
    return false;
}

/* The source named by a note at the end of paragraph s: "（原文刊载于《学习时报》）"
 * gives "学习时报", "（来源：区融媒体中心）" "区融媒体中心".  NULL if there is none
 * (or out of memory). */
static char *note_source(const char *s)
{
    static const struct {
        const char *mark;
        bool book; /* the name stands in 《》 */
    } marks[] = {{"原文刊载于《", true}, {"刊载于《", true}, {"原载于《", true},
                 {"原载《", true},       {"摘自《", true},   {"转载自《", true},
                 {"转自《", true},       {"来源：", false},  {"来源:", false}};
    size_t len = strlen(s), k;
    const char *open = NULL, *p, *end;
    if (len < 3 || strcmp(s + len - 3, "）"))
        return NULL;
    for (p = s; (p = strstr(p, "（")) != NULL; p += 3)
        open = p;
    if (!open)
        return NULL;
    end = s + len - 3;
    for (k = 0; k < BL_ARRAY_LEN(marks); k++) {
        const char *m = strstr(open, marks[k].mark), *v, *ve;
        if (!m || m >= end)
            continue;
        v = m + strlen(marks[k].mark);
        ve = marks[k].book ? strstr(v, "》") : NULL;
        if (!ve || ve > end)
            ve = end;
        while (v < ve && *v == ' ')
            v++;
        while (ve > v && ve[-1] == ' ')
            ve--;
        if (ve > v) {
            char *out = malloc((size_t)(ve - v) + 1);
            if (out) {
                memcpy(out, v, (size_t)(ve - v));
                out[ve - v] = '\0';
            }
            return out;
        }
    }
    return NULL;
}

/* A title from the first sentence of paragraph p (after a dateline's
 * brackets), for an article without a headline: at most
 * FALLBACK_TITLE_CHARS characters, no space or pause at either end. */
static char *fallback_title(const uint32_t *p, size_t n, bool dateline)
{
    size_t s = 0, e, close;
    if (dateline) {
        size_t open = find_cp(p, 0, BL_MIN(n, 24), 0xFF08);
        if (open != NONE && (close = matching_paren(p, open, n)) != NONE && close + 1 < n)
            s = close + 1;
    }
    while (s < n && (p[s] == ' ' || is_stop(p[s]) || is_pause(p[s])))
        s++;
    if (s == n) /* nothing but marks: take them */
        s = 0;
    for (e = s; e < n && e - s < FALLBACK_TITLE_CHARS && (e == s || !is_stop(p[e])); e++)
        ;
    while (e > s + 1 && (is_pause(p[e - 1]) || p[e - 1] == ' '))
        e--;
    return encode_cps(p + s, e - s);
}

static size_t count_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if ((*s & 0xC0) != 0x80 && *s != ' ')
            n++;
    return n;
}

/* The fields that paragraph 1 gives when it opens with a dateline (p, n:
 * its code points): byline and date. */
static bool dateline_fields(ctx *c, const uint32_t *p, size_t n, size_t line_no, bl_article *a,
                            bl_import_info *info)
{
    a->byline = dateline_byline(p, n);
    if (!dateline_date(p, n, c->year, info->file_date)) {
        note(c, "line %zu: a dateline without a date (month and day)", line_no);
        return true;
    }
    return (a->date = bl_strdup(info->file_date)) != NULL;
}

/* Builds article k of the page into r->articles[k] and r->info[k]. */
static bool build_article(ctx *c, size_t k, bl_import_result *r)
{
    const body *bo = &c->bo[k];
    const line *opening = &c->ln[c->pa[bo->first_para].first];
    bl_article *a = calloc(1, sizeof *a);
    bl_import_info *info = &r->info[k];
    cpbuf kick = {0}, title = {0}, sub = {0};
    size_t u, i, p;
    bool have_title = false, ok = false;

    if (!a)
        return false;
    r->articles[k] = a;

    /* headlines: kickers, the title (the first headline line that is not
     * a ——subtitle), the other lines as the subtitle */
    for (u = 0; u < c->nun; u++) {
        if (c->un[u].owner != k)
            continue;
        for (i = c->un[u].first; i <= c->un[u].last; i++) {
            const line *l = &c->ln[i];
            cpbuf *dst = l->kicker ? &kick : (!have_title && !l->dash_start) ? &title : &sub;
            if (dst == &title)
                have_title = true;
            if (dst->len > 0)
                cb_put(dst, ' ');
            put_head_line(c, l, dst);
        }
    }
    if (!have_title && sub.len > 0) { /* only ——lines: the first is the title */
        title = sub;
        sub = (cpbuf){0};
        have_title = true;
    }

    if (!(a->paras = calloc(bo->npara, sizeof *a->paras)))
        goto out;
    for (p = 0; p < bo->npara; p++) {
        const para *pa = &c->pa[bo->first_para + p];
        cpbuf t = {0};
        joiner jn = {c->ln[pa->first].kind == K_DATELINE ? 0 : 2, 0};
        for (i = pa->first; i <= pa->last; i++)
            put_body_line(c, &c->ln[i], &t, &jn);
        if (p == 0 && !t.failed) {
            if (opening->kind == K_DATELINE && !dateline_fields(c, t.p, t.len, opening->no, a, info)) {
                free(t.p);
                goto out;
            }
            if (!have_title) {
                a->title = fallback_title(t.p, t.len, opening->kind == K_DATELINE);
                info->title_from_body = true;
                note(c, "article %zu (line %zu) has no headline: its first sentence is the title", k + 1,
                     opening->no);
            }
        }
        if (!(a->paras[p] = cb_take_utf8(&t)))
            goto out;
        a->npara++;
    }
    /* a source note ends an article: its last paragraph, or the one before */
    for (p = a->npara; p > 0 && p + 2 > a->npara && !a->source; p--)
        a->source = note_source(a->paras[p - 1]);

    if (have_title)
        a->title = cb_take_utf8(&title);
    if (!a->title || (kick.len > 0 && !(a->kicker = cb_take_utf8(&kick))) ||
        (sub.len > 0 && !(a->subtitle = cb_take_utf8(&sub))))
        goto out;
    info->column_width = body_width(c, bo);
    info->first_line = opening->no;
    info->last_line = c->ln[c->pa[bo->first_para + bo->npara - 1].last].no;
    ok = true;
out:
    free(kick.p);
    free(sub.p);
    free(title.p);
    return ok;
}

/* ---- decoding ------------------------------------------------------------ */

static void first_bad(void *user, size_t off)
{
    size_t *first = user;
    if (*first == NONE)
        *first = off;
}

/* Converts GB18030 to UTF-8 with iconv; NULL if the bytes are not clean
 * GB18030 (or out of memory). */
static char *from_gb18030(const char *in, size_t len, size_t *outlen)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    char *copy, *out, *ip, *op;
    size_t il = len, ol, cap = len * 2 + 16;
    bool ok;

    if (cd == (iconv_t)-1)
        return NULL;
    copy = malloc(len + 1);
    out = malloc(cap + 1);
    ok = copy && out;
    if (ok) {
        memcpy(copy, in, len);
        ip = copy;
        op = out;
        ol = cap;
        ok = iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && il == 0 &&
             iconv(cd, NULL, NULL, &op, &ol) != (size_t)-1;
        if (ok) {
            *outlen = (size_t)(op - out);
            out[*outlen] = '\0';
        }
    }
    iconv_close(cd);
    free(copy);
    if (!ok) {
        free(out);
        return NULL;
    }
    return out;
}

/* True if most non-ASCII characters of the UTF-8 text s are Chinese
 * (ideographs and CJK punctuation), and there is some: what a GB18030
 * page decodes to, and what bytes of another encoding rarely do. */
static bool mostly_chinese(const char *s, size_t len)
{
    uint32_t *cps = NULL;
    size_t n = 0, i, wide = 0, cjk = 0, han = 0;
    if (bl_utf8_decode(s, len, &cps, &n, NULL, NULL) != BL_OK)
        return false;
    for (i = 0; i < n; i++) {
        if (cps[i] < 0x80)
            continue;
        wide++;
        if (bl_text_is_ideograph(cps[i]))
            han++;
        if (bl_text_is_ideograph(cps[i]) || is_cjk_punct(cps[i]) || (cps[i] >= 0x3000 && cps[i] <= 0x303F) ||
            (cps[i] >= 0xFF00 && cps[i] <= 0xFFEF))
            cjk++;
    }
    free(cps);
    return han > 0 && cjk * 10 >= wide * 9;
}

/* Turns the page's bytes into code points, refusing what is not text. */
static bl_status decode_page(ctx *c, const char *bytes, size_t len, const char **encoding, bl_err *err)
{
    const char *nul;
    char *conv = NULL;
    size_t clen = 0, bad = NONE;
    bl_status st;

    *encoding = "UTF-8";
    if (len > BL_IMPORT_MAX_BYTES)
        return bl_err_set(err, BL_ERR_TOOBIG, "%s: %zu bytes, more than the %u a page may have", c->name, len,
                          BL_IMPORT_MAX_BYTES);
    if (len >= 2 && (((unsigned char)bytes[0] == 0xFF && (unsigned char)bytes[1] == 0xFE) ||
                     ((unsigned char)bytes[0] == 0xFE && (unsigned char)bytes[1] == 0xFF)))
        return bl_err_set(err, BL_ERR_PARSE, "%s: UTF-16 text: save the page as UTF-8", c->name);
    if (len >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3)) {
        bytes += 3;
        len -= 3;
    }
    if (len == 0)
        return bl_err_set(err, BL_ERR_PARSE, "%s: empty page", c->name);
    if ((nul = memchr(bytes, '\0', len)) != NULL)
        return bl_err_set(err, BL_ERR_PARSE,
                          "%s: NUL byte at offset %zu: a binary or UTF-16 file, not page text", c->name,
                          (size_t)(nul - bytes));
    if (bl_utf8_count_invalid(bytes, len) > 0) {
        conv = from_gb18030(bytes, len, &clen);
        if (!conv || !mostly_chinese(conv, clen)) {
            uint32_t *tmp = NULL;
            size_t ntmp = 0;
            free(conv);
            /* only for the offset of the first bad byte */
            if (bl_utf8_decode(bytes, len, &tmp, &ntmp, first_bad, &bad) == BL_OK)
                free(tmp);
            return bl_err_set(err, BL_ERR_PARSE, "%s: not UTF-8 or GB18030 text (invalid UTF-8 at byte %zu)",
                              c->name, bad);
        }
        *encoding = "GB18030";
        bytes = conv;
        len = clen;
    }
    st = bl_utf8_decode(bytes, len, &c->cps, &c->ncps, NULL, NULL);
    free(conv);
    if (st != BL_OK)
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", c->name);
    return BL_OK;
}

/* ---- public -------------------------------------------------------------- */

void bl_import_result_destroy(bl_import_result *r)
{
    size_t i;
    if (!r)
        return;
    for (i = 0; i < r->narticles; i++)
        bl_article_destroy(r->articles[i]);
    free(r->articles);
    free(r->info);
    for (i = 0; i < r->nset_aside; i++)
        free(r->set_aside[i].text);
    free(r->set_aside);
    for (i = 0; i < r->nnotes; i++)
        free(r->notes[i]);
    free(r->notes);
    free(r);
}

static int cmp_aside(const void *a, const void *b)
{
    size_t x = ((const aside *)a)->line, y = ((const aside *)b)->line;
    return (x > y) - (x < y);
}

static void ctx_free(ctx *c)
{
    size_t i;
    free(c->cps);
    free(c->ln);
    free(c->pa);
    free(c->bo);
    free(c->un);
    free(c->as);
    for (i = 0; i < c->nnotes; i++)
        free(c->notes[i]);
    free(c->notes);
}

bl_status bl_import_page(const char *name, const char *bytes, size_t len, int year, bl_import_result **out,
                         bl_err *err)
{
    ctx c = {0};
    bl_import_result *r = NULL;
    size_t i, nblank = 0, nindent = 0, k;
    const char *encoding;
    bl_status st;
    char page_date[11] = "";

    if (!name)
        name = "<page>";
    if (!out || (!bytes && len))
        return bl_err_set(err, BL_ERR_USAGE, "%s: bl_import_page called without bytes or out", name);
    *out = NULL;
    if (year < 1 || year > 9999)
        return bl_err_set(err, BL_ERR_RANGE, "%s: year %d is not between 1 and 9999", name, year);
    c.name = name;
    c.year = year;

    r = calloc(1, sizeof *r);
    if (!r)
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", name);
    if ((st = decode_page(&c, bytes ? bytes : "", len, &encoding, err)) != BL_OK)
        goto fail;
    r->encoding = encoding;
    if ((st = split_lines(&c, &r->nlines, &r->nchars, err)) != BL_OK)
        goto fail;
    for (i = 0; i < c.n; i++) {
        nblank += c.ln[i].blank_before;
        nindent += para_indent(&c.ln[i]);
    }
    c.blank_page = c.n > 1 && nblank * 2 >= c.n - 1;
    c.indents = nindent >= 2;

    if (!walk(&c) || !make_units(&c))
        goto nomem;
    if (c.nbo == 0) {
        st = bl_err_set(err, BL_ERR_PARSE, "%s: no article text found: %zu lines, none of them column text",
                        name, c.n);
        goto fail;
    }
    assign_units(&c);
    if (c.nomem)
        goto nomem;

    r->articles = calloc(c.nbo, sizeof *r->articles);
    r->info = calloc(c.nbo, sizeof *r->info);
    if (!r->articles || !r->info)
        goto nomem;
    r->narticles = c.nbo;
    for (k = 0; k < c.nbo; k++) {
        if (!build_article(&c, k, r))
            goto nomem;
        if (strcmp(r->info[k].file_date, page_date) > 0)
            memcpy(page_date, r->info[k].file_date, sizeof page_date);
    }
    /* An article without its own dateline is filed under the page's date:
     * the latest dateline on it. */
    for (k = 0; k < c.nbo; k++)
        if (!r->info[k].file_date[0])
            memcpy(r->info[k].file_date, page_date, sizeof page_date);
    if (c.nomem)
        goto nomem;

    if (c.nas > 0)
        qsort(c.as, c.nas, sizeof *c.as, cmp_aside);
    r->set_aside = calloc(c.nas ? c.nas : 1, sizeof *r->set_aside);
    if (!r->set_aside)
        goto nomem;
    for (i = 0; i < c.nas; i++) {
        const line *l = &c.ln[c.as[i].line];
        r->set_aside[i] = (bl_import_aside){encode_cps(c.cps + l->s, l->e - l->s), l->no, c.as[i].why};
        r->nset_aside++;
        if (!r->set_aside[i].text)
            goto nomem;
    }
    r->notes = c.notes;
    r->nnotes = c.nnotes;
    c.notes = NULL;
    c.nnotes = 0;
    ctx_free(&c);
    *out = r;
    return BL_OK;

nomem:
    st = bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", name);
fail:
    ctx_free(&c);
    bl_import_result_destroy(r);
    return st;
}

/* ---- files --------------------------------------------------------------- */

char *bl_import_file_name(const bl_import_result *r, size_t i, char *buf, size_t size)
{
    const char *t = r->articles[i]->title ? r->articles[i]->title : "";
    const char *date = r->info[i].file_date[0] ? r->info[i].file_date : "undated";
    uint32_t h = 2166136261u;
    char words[25];
    size_t nw = 0;
    bool in_word = false;
    const unsigned char *p;

    for (p = (const unsigned char *)t; *p; p++)
        h = (h ^ *p) * 16777619u;
    for (p = (const unsigned char *)t; *p && nw < sizeof words - 1; p++) {
        unsigned char ch = *p;
        bool alnum = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
        if (alnum) {
            if (!in_word && nw > 0)
                words[nw++] = '-';
            if (nw < sizeof words - 1)
                words[nw++] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
        }
        in_word = alnum;
    }
    while (nw > 0 && words[nw - 1] == '-')
        nw--;
    words[nw] = '\0';
    snprintf(buf, size, "%s-%02zu-%s%s%08x.txt", date, i + 1, words, nw ? "-" : "", (unsigned)h);
    return buf;
}

/* Writes len bytes to dir/name through a temporary file in dir. */
static bl_status write_atomic(const char *dir, const char *name, const char *data, size_t len,
                              char **path_out, bl_err *err)
{
    bl_buf path = {0}, tmp = {0};
    char *p = NULL, *t = NULL;
    int fd = -1;
    size_t off = 0;
    bl_status st = BL_OK;

    bl_buf_printf(&path, "%s/%s", dir, name);
    bl_buf_printf(&tmp, "%s/" BL_IMPORT_TMP_PREFIX "%s.XXXXXX", dir, name);
    p = bl_buf_take(&path);
    t = bl_buf_take(&tmp);
    if (!p || !t) {
        st = bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", dir);
        goto out;
    }
    fd = mkstemp(t);
    if (fd < 0) {
        st = bl_err_set(err, BL_ERR_IO, "%s: cannot create a file: %s", dir, strerror(errno));
        goto out;
    }
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            st = bl_err_set(err, BL_ERR_IO, "%s: cannot write: %s", t, strerror(errno));
            goto out;
        }
        off += (size_t)w;
    }
    if (fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
        st = bl_err_set(err, BL_ERR_IO, "%s: cannot write: %s", t, strerror(errno));
        goto out;
    }
    if (close(fd) != 0) {
        fd = -1;
        st = bl_err_set(err, BL_ERR_IO, "%s: cannot write: %s", t, strerror(errno));
        goto out;
    }
    fd = -1;
    if (rename(t, p) != 0) {
        st = bl_err_set(err, BL_ERR_IO, "%s: cannot rename into place: %s", p, strerror(errno));
        goto out;
    }
    *path_out = p;
    p = NULL;
out:
    if (fd >= 0)
        close(fd);
    if (st != BL_OK && t)
        unlink(t);
    free(p);
    free(t);
    return st;
}

bl_status bl_import_write(const bl_import_result *r, const char *out_dir, char ***paths, size_t *npaths,
                          bl_err *err)
{
    struct stat sb;
    char **list = NULL, name[96];
    size_t i, n = 0;
    bl_status st = BL_OK;

    if (!r || !out_dir || !paths || !npaths)
        return bl_err_set(err, BL_ERR_USAGE, "bl_import_write called without a result or directory");
    *paths = NULL;
    *npaths = 0;
    if (mkdir(out_dir, 0777) != 0 && errno != EEXIST)
        return bl_err_set(err, BL_ERR_IO, "%s: cannot create the directory: %s", out_dir, strerror(errno));
    if (stat(out_dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return bl_err_set(err, BL_ERR_IO, "%s: not a directory", out_dir);
    list = calloc(r->narticles ? r->narticles : 1, sizeof *list);
    if (!list)
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", out_dir);
    for (i = 0; i < r->narticles; i++) {
        bl_buf text = {0};
        bl_import_file_name(r, i, name, sizeof name);
        st = bl_article_write(r->articles[i], &text, err);
        if (st == BL_OK)
            st = write_atomic(out_dir, name, text.p, text.len, &list[n], err);
        bl_buf_free(&text);
        if (st != BL_OK)
            break;
        n++;
    }
    if (st != BL_OK) {
        for (i = 0; i < n; i++)
            free(list[i]);
        free(list);
        return st;
    }
    *paths = list;
    *npaths = n;
    return BL_OK;
}

/* ---- summary ------------------------------------------------------------- */

char *bl_import_summary(const bl_import_result *r, const char *name)
{
    bl_buf b = {0};
    size_t i, p, paras = 0, chars = 0;

    if (!r)
        return NULL;
    for (i = 0; i < r->narticles; i++) {
        paras += r->articles[i]->npara;
        for (p = 0; p < r->articles[i]->npara; p++)
            chars += count_chars(r->articles[i]->paras[p]);
    }
    bl_buf_printf(&b, "%s: %zu article%s, %zu paragraphs, %zu characters of text (%s, %zu lines)\n",
              name ? name : "page", r->narticles, r->narticles == 1 ? "" : "s", paras, chars, r->encoding,
              r->nlines);
    for (i = 0; i < r->narticles; i++) {
        const bl_article *a = r->articles[i];
        const bl_import_info *in = &r->info[i];
        size_t n = 0;
        for (p = 0; p < a->npara; p++)
            n += count_chars(a->paras[p]);
        bl_buf_printf(&b, "  %02zu %s\n     %s, %zu paragraph%s, %zu characters, column %.1f em, lines %zu-%zu\n",
                  i + 1, a->title, in->file_date[0] ? in->file_date : "undated", a->npara,
                  a->npara == 1 ? "" : "s", n, in->column_width, in->first_line, in->last_line);
    }
    bl_buf_printf(&b, "set aside: %zu\n", r->nset_aside);
    for (i = 0; i < r->nset_aside; i++)
        bl_buf_printf(&b, "  line %zu: %s (%s)\n", r->set_aside[i].line, r->set_aside[i].text,
                  r->set_aside[i].why);
    bl_buf_printf(&b, "unsure: %zu\n", r->nnotes);
    for (i = 0; i < r->nnotes; i++)
        bl_buf_printf(&b, "  %s\n", r->notes[i]);
    return bl_buf_take(&b);
}

bl_status bl_import_file(const char *page_path, const char *out_dir, int year, char **summary, bl_err *err)
{
    char *bytes = NULL, *sum, **paths = NULL;
    size_t len = 0, npaths = 0, i;
    bl_import_result *r = NULL;
    bl_status st;
    bl_buf b = {0};

    if (!page_path || !out_dir || !summary)
        return bl_err_set(err, BL_ERR_USAGE, "bl_import_file called without a page, directory or summary");
    *summary = NULL;
    if ((st = bl_read_file(page_path, BL_IMPORT_MAX_BYTES, &bytes, &len, err)) != BL_OK)
        return st;
    st = bl_import_page(page_path, bytes, len, year, &r, err);
    free(bytes);
    if (st != BL_OK)
        return st;
    if ((st = bl_import_write(r, out_dir, &paths, &npaths, err)) != BL_OK) {
        bl_import_result_destroy(r);
        return st;
    }
    sum = bl_import_summary(r, page_path);
    if (sum)
        bl_buf_puts(&b, sum);
    free(sum);
    bl_buf_printf(&b, "written: %zu\n", npaths);
    for (i = 0; i < npaths; i++) {
        bl_buf_printf(&b, "  %s\n", paths[i]);
        free(paths[i]);
    }
    free(paths);
    bl_import_result_destroy(r);
    if (!sum)
        bl_buf_free(&b); /* the paths alone are no summary */
    if (!sum || !(*summary = bl_buf_take(&b)))
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", page_path);
    return BL_OK;
}
