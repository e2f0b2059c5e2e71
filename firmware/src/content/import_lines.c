/*
 * import_lines.c - the page importer's reading of the page's lines
 * (rawpage.h): cut, measured, classified, and walked into
 * paragraphs, bodies and the gaps between them.
 *
 * Each line is measured in em: a Han character is 1; Latin letters,
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
 * page may hold a paragraph per line), so none is assumed.  Depends on
 * base, text and rawpage.h.
 */
#include "content/rawpage.h"

#include "core/buf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- character tests ----------------------------------------------------- */

static bool is_line_break(uint32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

static bool is_control(uint32_t cp)
{
    return (cp < 0x20 && !is_line_break(cp) && cp != '\t') || (cp >= 0x7F && cp < 0xA0 && cp != 0x85);
}

/* The sentence punctuation a headline does not contain (bar a final
 * ！or ？). */
static bool is_sentence_punct(uint32_t cp)
{
    return cp == 0xFF0C || cp == 0x3002 || cp == 0x3001 || cp == 0xFF1B || cp == 0xFF01 || cp == 0xFF1F;
}

/* ---- the page's lines ---------------------------------------------------- */

void bl__imp_note(bl__imp_page *c, const char *fmt, ...)
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

void bl__imp_set_aside(bl__imp_page *c, size_t i, const char *why)
{
    if (!BL_GROW(&c->as, &c->capa, c->nas + 1)) {
        c->nomem = true;
        return;
    }
    c->as[c->nas++] = (bl__imp_aside){i, why};
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
bool bl__imp_cps_start(const uint32_t *cps, size_t s, size_t e, const char *lit)
{
    while (*lit) {
        uint32_t w = lit_next(&lit);
        while (s < e && bl__imp_is_space(cps[s]))
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

static bool line_starts(const bl__imp_page *c, const bl__imp_line *l, const char *lit)
{
    return bl__imp_cps_start(c->cps, l->s, l->e, lit);
}

/* The index of the bracket closing the one opened at cps[open], or BL__IMP_NONE. */
size_t bl__imp_matching_paren(const uint32_t *cps, size_t open, size_t end)
{
    size_t i, depth = 0;
    for (i = open; i < end; i++) {
        if (bl__imp_is_open_paren(cps[i]))
            depth++;
        else if (bl__imp_is_close_paren(cps[i]) && --depth == 0)
            return i;
    }
    return BL__IMP_NONE;
}

/* True if a 电 (or, when xun, a 讯) stands from code point `from` of l on,
 * before any punctuation and close to the start: the end of a dateline's
 * place and date (本报北京3月5日讯, 新华社北京3月5日电). */
static bool wire_mark(const bl__imp_page *c, const bl__imp_line *l, size_t from, bool xun)
{
    size_t i, lim = BL_MIN(l->e, l->s + 40);
    for (i = l->s + from; i < lim && !bl__imp_is_cjk_punct(c->cps[i]); i++)
        if ((xun && c->cps[i] == 0x8BAF /* 讯 */) || c->cps[i] == 0x7535 /* 电 */)
            return true;
    return false;
}

static bool is_dateline(const bl__imp_page *c, const bl__imp_line *l)
{
    static const char *const agencies[] = {"新华社", "中新社", "中新网", "人民网", "央视网", "据新华社"};
    size_t k;
    if (line_starts(c, l, "本报讯"))
        return true;
    if (line_starts(c, l, "本报"))
        return wire_mark(c, l, 2, true);
    for (k = 0; k < BL_ARRAY_LEN(agencies); k++)
        if (line_starts(c, l, agencies[k]) && wire_mark(c, l, 3, false))
            return true;
    return false;
}

/* A note in brackets that runs over lines i..k (up to three more): the
 * first line opens a bracket it does not close, and the bracket closes at
 * the very end of line k.  Returns k, or BL__IMP_NONE. */
static size_t note_span(const bl__imp_page *c, size_t i)
{
    const bl__imp_line *l = &c->ln[i];
    size_t k, p, depth = 0;
    if (!bl__imp_is_open_paren(c->cps[l->s]))
        return BL__IMP_NONE;
    for (k = i; k < c->n && k <= i + 3; k++) {
        const bl__imp_line *m = &c->ln[k];
        if (k > i && m->kind == BL__IMP_DATELINE)
            return BL__IMP_NONE;
        for (p = m->s; p < m->e; p++) {
            if (bl__imp_is_open_paren(c->cps[p]))
                depth++;
            else if (bl__imp_is_close_paren(c->cps[p]) && depth > 0 && --depth == 0)
                return p == m->e - 1 && k > i ? k : BL__IMP_NONE;
        }
    }
    return BL__IMP_NONE;
}

/* A note naming where the article comes from: （原文刊载于《…》）, （来源：…）.
 * Such a credit stands as a paragraph of its own. */
static bool credits_source(const bl__imp_page *c, const bl__imp_line *l)
{
    static const char *const words[] = {"刊载", "原载", "摘自", "转载", "转自", "来源"};
    size_t k, i;
    for (k = 0; k < BL_ARRAY_LEN(words); k++)
        for (i = l->s; i < l->e; i++)
            if (bl__imp_cps_start(c->cps, i, BL_MIN(l->e, i + 2), words[k]))
                return true;
    return false;
}

static bool is_note_line(const bl__imp_page *c, const bl__imp_line *l)
{
    return l->e - l->s > 2 && bl__imp_is_open_paren(c->cps[l->s]) &&
           bl__imp_matching_paren(c->cps, l->s, l->e) == l->e - 1;
}

/* 图为…, 上图：…, or a credit at the end: "… 本报记者 张三 摄". */
static bool is_caption(const bl__imp_page *c, const bl__imp_line *l)
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
            if (bl__imp_is_space(before) || before == '/' || before == 0xFF0F)
                return true;
        }
    }
    return false;
}

/* The end of cps[s..e) without its trailing spaces. */
static size_t before_spaces(const uint32_t *cps, size_t s, size_t e)
{
    while (e > s && bl__imp_is_space(cps[e - 1]))
        e--;
    return e;
}

/* The end of cps[s..e) without its trailing closing marks (」）》…). */
static size_t before_closing(const uint32_t *cps, size_t s, size_t e)
{
    while (e > s && bl_text_class(cps[e - 1]) == BL_CC_CLOSE)
        e--;
    return e;
}

/* True if cps[s..e) ends a sentence: a stop, maybe followed by closing
 * marks. */
static bool ends_stop(const uint32_t *cps, size_t s, size_t e)
{
    e = before_closing(cps, s, e);
    return e > s && bl__imp_is_stop(cps[e - 1]);
}

/* Measures and classifies one trimmed line. */
static void measure_line(bl__imp_page *c, bl__imp_line *l)
{
    const uint32_t *cps = c->cps;
    double w = 0;
    size_t i, e = l->e, spaces = 0;
    uint32_t last;

    for (i = l->s; i < l->e; i++) {
        uint32_t cp = cps[i];
        if (bl__imp_is_space(cp)) {
            /* A real space between Latin words takes room; justification
             * spaces are what is left over. */
            if (cps[i - 1] != ' ' && bl__imp_keeps_space(cps[i - 1], cps[i + 1])) {
                w += 0.5;
            } else if (!bl__imp_is_space(cps[i - 1])) {
                spaces++;
            }
            continue;
        }
        l->nchars++;
        w += cp < 0x2000 || bl__imp_is_cjk_punct(cp) ? 0.5 : 1.0;
    }
    l->m = w;
    l->spaced = spaces >= 3 && spaces * 3 >= l->nchars;
    for (i = l->s + 1; !l->spaced && i < l->e; i++)
        if (bl__imp_is_space(cps[i]) && bl_text_is_ideograph(cps[i - 1]) && bl_text_is_ideograph(cps[i + 1]))
            l->han_gap = true;

    /* Ends a sentence: 。 or ！ maybe followed by closing marks, or a
     * note in brackets after such an end ("…的硕果。 （详情请参阅二维码）"). */
    if (bl__imp_is_close_paren(cps[e - 1])) {
        size_t depth = 0, j = e;
        while (j > l->s) {
            j--;
            if (bl__imp_is_close_paren(cps[j]))
                depth++;
            else if (bl__imp_is_open_paren(cps[j]) && --depth == 0)
                break;
        }
        if (depth == 0 && bl__imp_is_open_paren(cps[j])) {
            size_t k = before_spaces(cps, l->s, j);
            if (k == l->s)
                l->stop = true;
            else if (ends_stop(cps, l->s, k))
                e = k;
        }
    }
    if (ends_stop(cps, l->s, e))
        l->stop = true;
    last = cps[l->e - 1];
    l->pause = !l->stop && bl__imp_is_pause(last);

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
        l->kind = BL__IMP_DATELINE;
    else if (is_note_line(c, l))
        l->kind = BL__IMP_NOTE;
    else if (is_caption(c, l))
        l->kind = BL__IMP_CAPTION;
    else
        l->kind = BL__IMP_TEXT;
}

/* A note in brackets that wraps ("…的滨河步道。 （相关" / "报道见第3版）"):
 * the line that closes it ends a sentence if the text before the bracket
 * did, or if the bracket opens a line. */
static void mark_wrapped_notes(bl__imp_page *c)
{
    size_t k;
    for (k = 1; k < c->n; k++) {
        bl__imp_line *l = &c->ln[k];
        size_t j = k, p = l->e, depth = 0, q;
        bool found = false;
        if (l->stop || !bl__imp_is_close_paren(c->cps[l->e - 1]))
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
            if (bl__imp_is_close_paren(c->cps[p]))
                depth++;
            else if (bl__imp_is_open_paren(c->cps[p]) && --depth == 0)
                found = true;
        }
        if (!found || j == k)
            continue;
        q = before_closing(c->cps, c->ln[j].s, before_spaces(c->cps, c->ln[j].s, p));
        if (q == c->ln[j].s || bl__imp_is_stop(c->cps[q - 1])) {
            l->stop = true;
            l->pause = false;
        }
    }
}

/* A paragraph indent: about two characters of leading space.  More is a
 * centred headline in a layout-preserving extraction. */
static bool para_indent(const bl__imp_line *l)
{
    return l->indent >= 1.5 && l->indent <= 3.0;
}

/* Cuts the page into trimmed, measured lines (see rawpage.h). */
bl_status bl__imp_split_lines(bl__imp_page *c, size_t *nlines, size_t *nchars, bl_err *err)
{
    size_t i = 0, no = 0, han = 0, nblank = 0, nindent = 0;
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
            if (!bl__imp_is_space(c->cps[i]))
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
        while (ts < te && bl__imp_is_space(c->cps[ts])) {
            indent += c->cps[ts] == 0x3000 ? 1.0 : 0.5;
            ts++;
        }
        te = before_spaces(c->cps, ts, te);
        if (ts == te) {
            blank = true;
            continue;
        }
        if (!BL_GROW(&c->ln, &c->capl, c->n + 1))
            return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", c->name);
        c->ln[c->n] =
            (bl__imp_line){.s = ts, .e = te, .no = no, .indent = indent, .blank_before = blank && c->n > 0};
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
    for (i = 0; i < c->n; i++) {
        nblank += c->ln[i].blank_before;
        nindent += para_indent(&c->ln[i]);
    }
    c->blank_page = c->n > 1 && nblank * 2 >= c->n - 1;
    c->indents = nindent >= 2;
    return BL_OK;
}

/* A paragraph indent shown on a page that shows them. */
static bool shows_indent(const bl__imp_page *c, const bl__imp_line *l)
{
    return c->indents && para_indent(l);
}

/* ---- column width -------------------------------------------------------- */

/* A full line inside a paragraph: after a line that does not end a
 * sentence, not ending one itself, not letter-spaced. */
static bool is_mid(const bl__imp_line *L, size_t k)
{
    return !L[k - 1].stop && !L[k].stop && !L[k].spaced && L[k].kind == BL__IMP_TEXT;
}

/* The column width (em) for a decision at line i.  bstart is the first
 * line of the current body, or BL__IMP_NONE when i may start a new one: lines
 * before i count only within the current body.  Forwards, the current run
 * counts: the lines up to the next sentence end, which belong to the
 * same column as i.  *measured says whether two or more mid-paragraph
 * lines gave the width (else it is a guess from the widest lines). */
static double col_width(const bl__imp_page *c, size_t i, size_t bstart, bool *measured)
{
    const bl__imp_line *L = c->ln;
    double v[40];
    size_t k, nv = 0, back0 = i, run_end = i + 1;

    if (bstart != BL__IMP_NONE)
        back0 = i - bstart > 8 ? i - 8 : bstart;
    for (k = i; k < c->n && k < i + 12; k++) {
        if (k > i && L[k].kind != BL__IMP_TEXT)
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
    for (k = run_end; nv < 4 && k < c->n && k < i + 12 && L[k].kind == BL__IMP_TEXT; k++)
        if (!L[k].spaced)
            v[nv++] = L[k].m;
    if (nv == 0)
        return L[i].m;
    bl_median(v, nv); /* sorts */
    return v[BL_MIN(nv - 1, 3 * nv / 4)];
}

/* The width measured over a whole body, for the summary and info. */
double bl__imp_body_width(const bl__imp_page *c, const bl__imp_body *b)
{
    const bl__imp_line *L = c->ln;
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

/* Is l wider than a column W wide: a headline, or a new, wider column?  A
 * letter-spaced line was stretched to its box and tells nothing. */
static bool wider(const bl__imp_line *l, double W)
{
    return l->m > W + 2.0 && !l->spaced;
}

/* Does l look like the first line of a paragraph: short of the column by
 * about the indent, without ending a sentence?  A letter-spaced line was
 * stretched to its box, so only a large shortfall of its natural width
 * tells. */
static bool looks_first(const bl__imp_line *l, double W)
{
    return !l->stop && W - l->m >= (l->spaced ? 2.5 : 1.25);
}

/* Does line i, between paragraphs, start body text (rather than being a
 * headline, kicker or label)?  W is the column width there. */
static bool starts_body(const bl__imp_page *c, size_t i, double W)
{
    const bl__imp_line *a = &c->ln[i], *b = i + 1 < c->n ? &c->ln[i + 1] : NULL, *d;

    if (a->stop)
        return true;
    if (a->dash_start || a->kicker_form || a->han_gap)
        return false;
    /* 记者 张三 通讯员 李四: names apart, or a line short of the column
     * (a column line that starts with 记者 is full) */
    if (bl__imp_is_byline_line(c, a) && (a->spaced || a->m < W - 2))
        return false;
    if (a->spaced || shows_indent(c, a))
        return true;
    if (a->m > W + 2.0) /* wider than the column: a headline, or a new, wider column */
        return a->pause && b && b->kind == BL__IMP_TEXT && fabs(b->m - a->m) <= 2.5;
    if (!b || b->kind != BL__IMP_TEXT || wider(b, W))
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
        if (!(d && d->kind == BL__IMP_TEXT && !wider(d, W) && (!d->headish || d->spaced)))
            return false;
    }
    return true;
}

/* Does the paragraph go on from line i to the next?  W is the column
 * width, first says whether i is the paragraph's first line (indented by
 * two), measured whether W came from mid-paragraph lines: without them
 * there is no evidence of indents either (a page may hold a paragraph per
 * line), and a line ending a sentence is measured against the full width. */
static bool para_continues(bl__imp_page *c, size_t i, double W, bool first, bool measured)
{
    const bl__imp_line *a = &c->ln[i], *b;
    double slack, ind;

    if (i + 1 >= c->n)
        return false;
    b = &c->ln[i + 1];
    if (b->kind == BL__IMP_DATELINE || (b->kind == BL__IMP_CAPTION && a->stop))
        return false;
    if (b->kind == BL__IMP_NOTE || (a->stop && note_span(c, i + 1) != BL__IMP_NONE)) {
        /* A note on a line of its own is a paragraph of its own, unless
         * the line before is full: then it is the paragraph's end wrapped
         * over ("…的滨河步道。" / "（相关报道见第3版）"). */
        slack = a->spaced ? 0 : (first ? W - 2 : W) - a->m;
        return a->stop && slack < 1.0 && b->kind == BL__IMP_NOTE && !c->indents && !credits_source(c, b);
    }
    if (wider(b, W)) {
        if (!a->stop)
            bl__imp_note(c, "line %zu: a paragraph ends without a full stop, before a wider line", a->no);
        return false;
    }
    if (shows_indent(c, b))
        return false; /* the page shows where paragraphs start */
    if (a->stop && (b->kicker_form || b->han_gap || b->dash_start))
        return false; /* a headline's shape: "…：", "… …", "——…" */
    if (a->stop && b->headish && !b->stop && !b->spaced) {
        /* a line without punctuation that nothing carries on stands alone */
        const bl__imp_line *d = i + 2 < c->n ? &c->ln[i + 2] : NULL;
        if (!d || d->kind != BL__IMP_TEXT || d->han_gap || d->kicker_form || d->dash_start ||
            shows_indent(c, d) || wider(d, W))
            return false;
    }
    slack = a->spaced ? 0 : (first && (measured || !a->stop || c->indents) ? W - 2 : W) - a->m;
    ind = W - b->m;
    if (!a->stop) {
        if (a->pause)
            return true;
        if (slack >= 3) {
            bl__imp_note(c, "line %zu: a short line without a full stop taken as a paragraph end", a->no);
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
            bl__imp_note(c,
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
            bl__imp_note(c, "lines %zu-%zu: line %zu is short by about the indent: taken as a new paragraph",
                         a->no, b->no, b->no);
            return false;
        }
        bl__imp_note(c, "lines %zu-%zu: line %zu, short and ending a sentence, taken as the paragraph's end",
                     a->no, b->no, b->no);
        return true;
    }
    return true;
}

/* Line i becomes the last line of paragraph p. */
static void para_take(bl__imp_page *c, size_t p, size_t i)
{
    c->pa[p].last = i;
    c->ln[i].role = BL__IMP_IN_PARA;
    c->ln[i].owner = p;
}

/* Line i starts a paragraph of the last body. */
static bool add_para(bl__imp_page *c, size_t i)
{
    if (!BL_GROW(&c->pa, &c->capp, c->npa + 1))
        return false;
    c->pa[c->npa].first = i;
    c->bo[c->nbo - 1].npara++;
    para_take(c, c->npa++, i);
    return true;
}

static bool add_body(bl__imp_page *c)
{
    if (!BL_GROW(&c->bo, &c->capb, c->nbo + 1))
        return false;
    c->bo[c->nbo++] = (bl__imp_body){c->npa, 0};
    return true;
}

bool bl__imp_walk(bl__imp_page *c)
{
    size_t i, bstart = BL__IMP_NONE, cur = BL__IMP_NONE;
    bool gap_open = false; /* lines went to the gap since the last body line */

    for (i = 0; i < c->n; i++) {
        bl__imp_line *l = &c->ln[i];
        double W;
        bool measured;
        size_t span;
        if (cur == BL__IMP_NONE) {
            W = col_width(c, i, gap_open ? BL__IMP_NONE : bstart, &measured);
            if (l->kind == BL__IMP_DATELINE || (l->kind == BL__IMP_TEXT && starts_body(c, i, W))) {
                bool newbody = c->nbo == 0 || gap_open || l->kind == BL__IMP_DATELINE;
                if (!newbody && !l->stop && !l->spaced && l->m > W + 2.5) {
                    bl__imp_note(c,
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
            } else if (l->kind == BL__IMP_NOTE && c->nbo > 0) {
                if (!add_para(c, i))
                    return false;
                continue;
            } else if (c->nbo > 0 && (span = note_span(c, i)) != BL__IMP_NONE) {
                /* a note in brackets over several lines: one paragraph */
                if (!add_para(c, i))
                    return false;
                for (i++; i <= span; i++)
                    para_take(c, c->npa - 1, i);
                i--;
                continue;
            } else {
                l->role = BL__IMP_IN_GAP;
                l->owner = c->nbo;
                gap_open = true;
                continue;
            }
        } else {
            para_take(c, cur, i);
        }
        W = col_width(c, i, bstart, &measured);
        if (!para_continues(c, i, W, c->pa[cur].first == i, measured))
            cur = BL__IMP_NONE;
    }
    return true;
}
