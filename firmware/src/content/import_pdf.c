/*
 * import_pdf.c - the page importer's reader of PDF pages (rawpage.h,
 * import.h): what a text extraction loses, the PDF still has, the size and
 * place of every character, and this reads the page from them.
 *
 * poppler-glib gives each page's characters in its own order with their
 * boxes (poppler_page_get_text_layout) and fonts (size, name: the weight is
 * in the name, poppler_page_get_text_attributes).  From them:
 *
 *  - lines: characters on one baseline, side by side; a gap of more than
 *    two characters (a gutter) ends a line.  A space is put where
 *    characters stand apart by more than a third of their size (the text
 *    rules then keep it only between Latin words and between names).
 *  - reading order, for horizontal pages: the lines cut recursively by the
 *    widest empty bands across them (an XY cut), across the page first
 *    (a space between stories, under a headline) and, where there is none,
 *    down it (the gutters between columns); each piece is read top to
 *    bottom, the pieces left to right.  A piece is a column's stretch.
 *  - the body size: the size that sets the most characters.  Lines at
 *    least 15% larger are headlines: in a run of them, the largest are
 *    the title (its lines joined without a space between Chinese
 *    characters), smaller ones above it the kicker, below it the
 *    subtitle; a body-size line just above a title set bold, or ending in
 *    a colon, is a kicker too, and one just below it set bold or starting
 *    with —— a subtitle.  Each title starts an article.
 *  - bylines (记者 张三 通讯员 李四, 本报记者 …, 文/…) and source lines
 *    (来源：…) on lines of their own are the article's byline and source.
 *  - set aside: print at least 8% smaller than the body (captions, page
 *    furniture), lines starting ▲ or 图为, lines right under a picture, QR
 *    code labels, 责任编辑 lines.
 *  - paragraphs: a body line indented from its column's left edge by more
 *    than an em starts one; so does the line after a sentence that stops
 *    more than an em short of the column's right edge.  A column's first
 *    line that is not indented carries on the paragraph before it.
 *
 * The lines then become a page like a text page's (rawpage.h), with the
 * decisions made, and the articles are built by import_fields.c: datelines,
 * notes and the joining of lines are the text importer's.  Vertical text
 * is not read (news PDFs here are horizontal): its lines come out one
 * character long, and such a page is refused.  Depends on base, buf,
 * text, rawpage.h and poppler-glib.
 */
#include "content/rawpage.h"

#include "core/buf.h"

#include <poppler.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- characters and lines ------------------------------------------------ */

typedef struct glyph {
    uint32_t cp;
    double x0, y0, x1, y1; /* box, pt, y down from the page's top */
    double size;           /* font size, pt */
    bool bold;
} glyph;

typedef struct pline {
    size_t g0, g1;         /* glyphs [g0, g1) */
    double x0, y0, x1, y1; /* box */
    double size;           /* the size of most of its characters */
    bool bold;             /* most of its characters are bold */
    size_t page;           /* 0-based */
    size_t piece;          /* the reading-order piece (a column's stretch) */
    bool below_picture;    /* starts just under a picture */
} pline;

typedef struct pdoc {
    glyph *g;
    size_t ng, capg;
    pline *l;
    size_t nl, capl;
    size_t *order; /* reading order: indices into l */
    size_t norder, npieces;
    double body; /* the body size */
} pdoc;

static bool is_bold_font(const char *name)
{
    static const char *const w[] = {"Bold", "bold", "Heavy", "heavy", "Black", "black", "Semibold", "SemiBold",
                                    "Demi", "Hei-B", "Medium"};
    size_t k;
    for (k = 0; name && k < BL_ARRAY_LEN(w); k++)
        if (strstr(name, w[k]))
            return true;
    return false;
}

/* The next code point of UTF-8 text poppler gave (valid by its contract;
 * a bad byte is taken as U+FFFD). */
static uint32_t next_cp(const char **p)
{
    const unsigned char *u = (const unsigned char *)*p;
    uint32_t cp;
    int n, k;
    if (u[0] < 0x80) {
        cp = u[0];
        n = 1;
    } else if ((u[0] & 0xE0) == 0xC0) {
        cp = u[0] & 0x1Fu;
        n = 2;
    } else if ((u[0] & 0xF0) == 0xE0) {
        cp = u[0] & 0x0Fu;
        n = 3;
    } else if ((u[0] & 0xF8) == 0xF0) {
        cp = u[0] & 0x07u;
        n = 4;
    } else {
        *p += 1;
        return 0xFFFD;
    }
    for (k = 1; k < n; k++) {
        if ((u[k] & 0xC0) != 0x80) {
            *p += k;
            return 0xFFFD;
        }
        cp = (cp << 6) | (u[k] & 0x3Fu);
    }
    *p += n;
    return cp;
}

/* Adds the line of glyphs [g0, g1) of page p.  False when out of memory. */
static bool add_line(pdoc *d, size_t g0, size_t g1, size_t page)
{
    pline *l;
    double sizes[64];
    size_t i, n = g1 - g0, nb = 0, ns = 0;
    if (!BL_GROW(&d->l, &d->capl, d->nl + 1))
        return false;
    l = &d->l[d->nl++];
    *l = (pline){.g0 = g0, .g1 = g1, .x0 = 1e9, .y0 = 1e9, .x1 = -1e9, .y1 = -1e9, .page = page};
    for (i = g0; i < g1; i++) {
        const glyph *g = &d->g[i];
        l->x0 = BL_MIN(l->x0, g->x0);
        l->y0 = BL_MIN(l->y0, g->y0);
        l->x1 = BL_MAX(l->x1, g->x1);
        l->y1 = BL_MAX(l->y1, g->y1);
        nb += g->bold;
        if (ns < BL_ARRAY_LEN(sizes))
            sizes[ns++] = g->size;
    }
    l->size = bl_median(sizes, ns);
    l->bold = nb * 2 > n;
    return true;
}

static const glyph *sort_glyphs; /* for by_gx: set just before */

static int by_gx(const void *a, const void *b)
{
    const glyph *x = &sort_glyphs[*(const size_t *)a], *y = &sort_glyphs[*(const size_t *)b];
    if (x->x0 != y->x0)
        return x->x0 < y->x0 ? -1 : 1;
    return (x->y0 > y->y0) - (x->y0 < y->y0);
}

/* An open line while the glyphs are swept left to right. */
typedef struct openline {
    size_t last;     /* its rightmost glyph so far */
    double yc, size; /* its first glyph's centre and size */
    size_t count;
} openline;

/* A line piece's box while lines are made. */
typedef struct lbox {
    double x0, x1, yc, size;
    size_t root; /* the piece it was joined to (itself if none) */
} lbox;

/* Is v an edge other pieces near (within ten lines above or below) share:
 * their right edges (right) or left edges?  a and b are left out. */
static bool shared_edge(const lbox *bx, size_t nb, size_t a, size_t b, double v, double yc, double em, bool right)
{
    size_t k;
    for (k = 0; k < nb; k++) {
        if (k == a || k == b || bx[k].root != k || fabs(bx[k].yc - yc) > 10 * em ||
            fabs(bx[k].size - em) > 0.1 * em)
            continue;
        if (fabs((right ? bx[k].x1 : bx[k].x0) - v) < 0.3 * em)
            return true;
    }
    return false;
}

/* Joins pieces of one line that a wide gap split: justification can
 * stretch a space between words to two or three ems, which is as wide as
 * a gutter.  A gap is a gutter when the piece before it ends where other
 * lines end, or the piece after it starts where other lines start (a
 * column's edges); otherwise the pieces are one line.  False when out of
 * memory. */
static bool join_stretched(const pdoc *d, const size_t *idx, size_t n, size_t *line_of, size_t nol)
{
    lbox *bx = malloc((nol ? nol : 1) * sizeof *bx);
    size_t i, j, k;
    if (!bx)
        return false;
    for (j = 0; j < nol; j++)
        bx[j] = (lbox){1e9, -1e9, 0, 0, j};
    for (i = 0; i < n; i++) {
        const glyph *g = &d->g[idx[i]];
        lbox *b = &bx[line_of[i]];
        if (b->x0 > b->x1) {
            b->yc = (g->y0 + g->y1) / 2;
            b->size = g->size;
        }
        b->x0 = BL_MIN(b->x0, g->x0);
        b->x1 = BL_MAX(b->x1, g->x1);
    }
    /* pieces were opened left to right: each looks for one to its left */
    for (j = 0; j < nol; j++) {
        size_t best = BL__IMP_NONE;
        double em = BL_MAX(bx[j].size, 1.0), best_gap = 3.0 * em;
        for (k = 0; k < j; k++) {
            double gap = bx[j].x0 - bx[k].x1;
            if (bx[k].root != k || gap <= 0 || gap > best_gap || fabs(bx[k].yc - bx[j].yc) > 0.2 * em ||
                fabs(bx[k].size - bx[j].size) > 0.1 * em)
                continue;
            best = k;
            best_gap = gap;
        }
        if (best == BL__IMP_NONE || shared_edge(bx, nol, best, j, bx[best].x1, bx[j].yc, em, true) ||
            shared_edge(bx, nol, best, j, bx[j].x0, bx[j].yc, em, false))
            continue;
        bx[j].root = best;
        bx[best].x1 = BL_MAX(bx[best].x1, bx[j].x1);
    }
    for (i = 0; i < n; i++)
        line_of[i] = bx[line_of[i]].root;
    free(bx);
    return true;
}

/* Cuts the glyphs [g0, d->ng) of page p into lines by their places alone:
 * swept left to right, a glyph carries on the line whose last glyph ends
 * at most an em before it (wider gaps are looked at again by
 * join_stretched), on the same centre line (within 0.4 em) and
 * of about the same size; else it starts a line.  The glyphs are
 * reordered line by line.  False when out of memory. */
static bool make_lines(pdoc *d, size_t g0, size_t p)
{
    size_t n = d->ng - g0, i, j, nol = 0, capol = 0, *idx = malloc((n ? n : 1) * sizeof *idx),
           *line_of = malloc((n ? n : 1) * sizeof *line_of), *start = NULL;
    openline *ol = NULL;
    glyph *copy = malloc((n ? n : 1) * sizeof *copy);
    bool ok = false;

    if (!idx || !line_of || !copy)
        goto out;
    for (i = 0; i < n; i++)
        idx[i] = g0 + i;
    sort_glyphs = d->g;
    qsort(idx, n, sizeof *idx, by_gx);
    for (i = 0; i < n; i++) {
        const glyph *g = &d->g[idx[i]];
        double yc = (g->y0 + g->y1) / 2, best_d = 1e9;
        size_t best = BL__IMP_NONE;
        for (j = 0; j < nol; j++) {
            const glyph *q = &d->g[ol[j].last];
            double em = BL_MAX(BL_MAX(g->size, ol[j].size), 1.0), lo = BL_MIN(g->size, ol[j].size);
            double gap = g->x0 - q->x1, dy = fabs(yc - ol[j].yc);
            if (gap > 1.0 * em || gap < -0.5 * em || dy > 0.4 * em || em > 1.3 * BL_MAX(lo, 0.1))
                continue;
            if (gap + dy < best_d) {
                best_d = gap + dy;
                best = j;
            }
        }
        if (best == BL__IMP_NONE) {
            if (!BL_GROW(&ol, &capol, nol + 1))
                goto out;
            ol[nol] = (openline){idx[i], yc, g->size, 0};
            best = nol++;
        }
        ol[best].last = idx[i];
        ol[best].count++;
        line_of[i] = best;
    }
    if (!join_stretched(d, idx, n, line_of, nol))
        goto out;
    /* the glyphs line by line, each line left to right */
    if (!(start = calloc(nol + 1, sizeof *start)))
        goto out;
    for (j = 0; j < nol; j++)
        ol[j].count = 0;
    for (i = 0; i < n; i++)
        ol[line_of[i]].count++;
    for (j = 0; j < nol; j++)
        start[j + 1] = start[j] + ol[j].count;
    for (j = 0; j < nol; j++)
        ol[j].count = 0;
    for (i = 0; i < n; i++)
        copy[start[line_of[i]] + ol[line_of[i]].count++] = d->g[idx[i]];
    memcpy(d->g + g0, copy, n * sizeof *copy);
    for (j = 0; j < nol; j++)
        if (start[j + 1] > start[j] && !add_line(d, g0 + start[j], g0 + start[j + 1], p))
            goto out;
    ok = true;
out:
    free(idx);
    free(line_of);
    free(start);
    free(ol);
    free(copy);
    return ok;
}

/* The size of a glyph from the attribute ranges (sorted by start). */
static const PopplerTextAttributes *attr_at(GList **cur, int ci)
{
    while (*cur) {
        const PopplerTextAttributes *a = (*cur)->data;
        if (ci < a->start_index)
            return NULL;
        if (ci <= a->end_index)
            return a;
        *cur = (*cur)->next;
    }
    return NULL;
}

/* Reads page p's characters into lines.  False when out of memory. */
static bool read_page(pdoc *d, PopplerPage *page, size_t p, size_t *nchars_over)
{
    char *text = poppler_page_get_text(page);
    PopplerRectangle *rects = NULL;
    guint nrects = 0;
    GList *attrs = poppler_page_get_text_attributes(page), *cur = attrs;
    const char *s = text;
    size_t g0 = d->ng, taken = 0;
    int ci = 0;
    bool ok = true;

    if (!text || !poppler_page_get_text_layout(page, &rects, &nrects))
        goto done;
    while (*s && ok) {
        uint32_t cp = next_cp(&s);
        const PopplerTextAttributes *a;
        const PopplerRectangle *r;
        int idx = ci++;
        if (bl__imp_is_space(cp) || cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029 ||
            (guint)idx >= nrects)
            continue;
        if (taken++ >= BL_IMPORT_MAX_PDF_CHARS) {
            (*nchars_over)++;
            continue;
        }
        r = &rects[idx];
        a = attr_at(&cur, idx);
        if (!BL_GROW(&d->g, &d->capg, d->ng + 1)) {
            ok = false;
            break;
        }
        d->g[d->ng++] = (glyph){cp,
                                BL_MIN(r->x1, r->x2),
                                BL_MIN(r->y1, r->y2),
                                BL_MAX(r->x1, r->x2),
                                BL_MAX(r->y1, r->y2),
                                a && a->font_size > 0 ? a->font_size : fabs(r->y2 - r->y1),
                                a && is_bold_font(a->font_name)};
    }
    if (ok)
        ok = make_lines(d, g0, p);
done:
    poppler_page_free_text_attributes(attrs);
    g_free(rects);
    g_free(text);
    return ok;
}

/* Marks the lines that start just under a picture of page p. */
static void mark_pictures(pdoc *d, PopplerPage *page, size_t p, size_t first_line)
{
    GList *maps = poppler_page_get_image_mapping(page), *m;
    for (m = maps; m; m = m->next) {
        const PopplerImageMapping *im = m->data;
        double ix0 = BL_MIN(im->area.x1, im->area.x2), ix1 = BL_MAX(im->area.x1, im->area.x2);
        double ibottom = BL_MAX(im->area.y1, im->area.y2); /* y down, as the text's */
        size_t i;
        for (i = first_line; i < d->nl; i++) {
            pline *l = &d->l[i];
            if (l->page == p && l->x0 < ix1 && l->x1 > ix0 && l->y0 >= ibottom - 2 &&
                l->y0 - ibottom < 1.0 * l->size)
                l->below_picture = true;
        }
    }
    poppler_page_free_image_mapping(maps);
}

/* ---- reading order --------------------------------------------------------- */

static const pdoc *sort_doc; /* for the qsort comparators: set just before */

static int by_y(const void *a, const void *b)
{
    const pline *x = &sort_doc->l[*(const size_t *)a], *y = &sort_doc->l[*(const size_t *)b];
    if (x->y0 != y->y0)
        return x->y0 < y->y0 ? -1 : 1;
    return (x->x0 > y->x0) - (x->x0 < y->x0);
}

static int by_x(const void *a, const void *b)
{
    const pline *x = &sort_doc->l[*(const size_t *)a], *y = &sort_doc->l[*(const size_t *)b];
    if (x->x0 != y->x0)
        return x->x0 < y->x0 ? -1 : 1;
    return (x->y0 > y->y0) - (x->y0 < y->y0);
}

/* Cuts idx[0..n) at empty bands: across (horizontal) when across, else
 * down; writes the pieces' order to d->order.  depth bounds the
 * recursion (a page has no more than a few dozen levels). */
static void xy_cut(pdoc *d, size_t *idx, size_t n, bool across, int depth, bool tried_other)
{
    size_t i, start = 0;
    double reach;
    bool cut = false;
    const double gap = 0.8 * d->body; /* more than a line's leading, less than a gutter */

    sort_doc = d;
    qsort(idx, n, sizeof *idx, across ? by_y : by_x);
    reach = across ? d->l[idx[0]].y1 : d->l[idx[0]].x1;
    for (i = 1; i < n && depth < 64; i++) {
        const pline *l = &d->l[idx[i]];
        double from = across ? l->y0 : l->x0;
        if (from - reach >= gap) {
            xy_cut(d, idx + start, i - start, !across, depth + 1, false);
            start = i;
            cut = true;
        }
        reach = BL_MAX(reach, across ? l->y1 : l->x1);
    }
    if (cut) {
        xy_cut(d, idx + start, n - start, !across, depth + 1, false);
        return;
    }
    if (!tried_other && n > 1 && depth < 64) {
        xy_cut(d, idx, n, !across, depth + 1, true);
        return;
    }
    /* a piece: top to bottom */
    sort_doc = d;
    qsort(idx, n, sizeof *idx, by_y);
    for (i = 0; i < n; i++) {
        d->l[idx[i]].piece = d->npieces;
        d->order[d->norder++] = idx[i];
    }
    d->npieces++;
}

/* Orders the lines of each page in turn. */
static bool order_lines(pdoc *d)
{
    size_t i, start = 0;
    d->order = malloc((d->nl ? d->nl : 1) * sizeof *d->order);
    if (!d->order)
        return false;
    for (i = 1; i <= d->nl; i++) {
        if (i == d->nl || d->l[i].page != d->l[start].page) {
            size_t *tmp = malloc((i - start) * sizeof *tmp), k;
            if (!tmp)
                return false;
            for (k = 0; k < i - start; k++)
                tmp[k] = start + k;
            xy_cut(d, tmp, i - start, true, 0, false);
            free(tmp);
            start = i;
        }
    }
    return true;
}

/* The size that sets the most characters, to a quarter point. */
static double body_size(const pdoc *d)
{
    size_t i, j, best = 0;
    double size = 10;
    for (i = 0; i < d->nl; i++) {
        size_t n = 0;
        for (j = 0; j < d->nl; j++)
            if (fabs(d->l[j].size - d->l[i].size) < 0.25)
                n += d->l[j].g1 - d->l[j].g0;
        if (n > best) {
            best = n;
            size = d->l[i].size;
        }
    }
    return size;
}

/* ---- what each line is ----------------------------------------------------- */

typedef enum { R_BODY, R_HEAD, R_BYLINE, R_SOURCE, R_ASIDE } pl_role;

/* Words a byline starts with (after 本报): the role of the person named. */
static const char *const byline_words[] = {"记者", "通讯员", "实习生", "实习记者", "见习记者", "特约记者",
                                           "摄影记者", "文/", "文／", "撰文", "文字", "作者："};

static bool starts(const bl__imp_page *c, const bl__imp_line *t, const char *lit)
{
    return bl__imp_cps_start(c->cps, t->s, t->e, lit);
}

/* 记者 张三 通讯员 李四, 本报记者 王磊, 文/张三: short, no sentence. */
static bool is_byline(const bl__imp_page *c, const bl__imp_line *t)
{
    size_t k, s = t->s;
    if (!t->headish || t->nchars > 40 || t->kind != BL__IMP_TEXT)
        return false;
    if (bl__imp_cps_start(c->cps, s, t->e, "本报"))
        s += 2;
    for (k = 0; k < BL_ARRAY_LEN(byline_words); k++)
        if (bl__imp_cps_start(c->cps, s, t->e, byline_words[k]))
            return true;
    return false;
}

static bool is_source(const bl__imp_page *c, const bl__imp_line *t)
{
    return t->nchars <= 40 &&
           (starts(c, t, "来源：") || starts(c, t, "来源:") || starts(c, t, "稿件来源：") || starts(c, t, "本文来源："));
}

static bool is_qr(const bl__imp_page *c, const bl__imp_line *t)
{
    static const char *const w[] = {"扫码", "扫一扫", "二维码", "扫描"};
    size_t k, i;
    if (t->nchars > 20 || !t->headish)
        return false;
    for (i = t->s; i < t->e; i++)
        for (k = 0; k < BL_ARRAY_LEN(w); k++)
            if (bl__imp_cps_start(c->cps, i, t->e, w[k]))
                return true;
    return false;
}

/* The role of line i by its own size and text; *why for set-aside lines. */
static pl_role line_role(bl__imp_page *c, const pdoc *d, size_t i, const char **why)
{
    const pline *L = &d->l[d->order[i]];
    const bl__imp_line *t = &c->ln[i];
    double rel = L->size / d->body;
    if (rel < 1.15 && is_byline(c, t))
        return R_BYLINE;
    if (rel < 1.15 && is_source(c, t))
        return R_SOURCE;
    if (starts(c, t, "责任编辑") || starts(c, t, "编辑：") || starts(c, t, "校对：") || starts(c, t, "美编：")) {
        *why = "editor's credit";
        return R_ASIDE;
    }
    if (is_qr(c, t)) {
        *why = "label of a QR code";
        return R_ASIDE;
    }
    if (t->kind == BL__IMP_CAPTION || starts(c, t, "▲") || starts(c, t, "△") || (L->below_picture && rel < 1.15)) {
        *why = "photo caption";
        return R_ASIDE;
    }
    if (rel < 0.92) {
        *why = "small print: a caption or the page's furniture";
        return R_ASIDE;
    }
    if (rel >= 1.15)
        return R_HEAD;
    if (rel > 1.08)
        bl__imp_note(c, "line %zu: set at %.1f pt, a little larger than the body's %.1f: taken as body text",
                     t->no, L->size, d->body);
    return R_BODY;
}

/* ---- paragraphs and articles ------------------------------------------------ */

typedef struct colbox {
    double left, right; /* of the body lines of a piece; left > right when it has none */
} colbox;

static bool new_body(bl__imp_page *c)
{
    if (!BL_GROW(&c->bo, &c->capb, c->nbo + 1))
        return false;
    c->bo[c->nbo++] = (bl__imp_body){c->npa, 0};
    return true;
}

static bool new_para(bl__imp_page *c, size_t i)
{
    if (!BL_GROW(&c->pa, &c->capp, c->npa + 1))
        return false;
    c->pa[c->npa] = (bl__imp_para){i, i};
    c->bo[c->nbo - 1].npara++;
    c->npa++;
    return true;
}

static bool add_unit(bl__imp_page *c, size_t i, size_t owner)
{
    if (!BL_GROW(&c->un, &c->capu, c->nun + 1))
        return false;
    c->un[c->nun++] = (bl__imp_unit){0, i, i, owner};
    c->ln[i].role = BL__IMP_IN_GAP;
    return true;
}

/* Does line b carry on headline line a without a space: a wrapped
 * title, Chinese at the break. */
static bool joins_tight(const bl__imp_page *c, const bl__imp_line *a, const bl__imp_line *b)
{
    return !(bl__imp_is_word(c->cps[a->e - 1]) && bl__imp_is_word(c->cps[b->s]));
}

/* Decides the fields of the headline run [h0, h1) of lines (roles
 * R_HEAD) and the body-size lines around it that belong to it; writes
 * their fields.  *first and *last: the run with those lines. */
static void head_fields(bl__imp_page *c, const pdoc *d, pl_role *role, size_t h0, size_t h1, size_t *first,
                        size_t *last)
{
    double top = 0;
    size_t i, t0 = h1, t1 = h0;
    bool top_bold = false;
    const pline *P;
    for (i = h0; i < h1; i++) {
        if (d->l[d->order[i]].size > top) {
            top = d->l[d->order[i]].size;
            top_bold = d->l[d->order[i]].bold;
        }
    }
    /* the title: the largest lines, in the largest one's weight */
    for (i = h0; i < h1; i++) {
        if (d->l[d->order[i]].size >= 0.93 * top && d->l[d->order[i]].bold == top_bold) {
            t0 = BL_MIN(t0, i);
            t1 = i + 1;
        }
    }
    for (i = h0; i < h1; i++) {
        bl__imp_field f = i < t0 ? BL__IMP_FKICKER : i < t1 ? BL__IMP_FTITLE : BL__IMP_FSUBTITLE;
        c->ln[i].field = f;
        c->ln[i].tight = i > h0 && c->ln[i - 1].field == f && joins_tight(c, &c->ln[i - 1], &c->ln[i]);
    }
    *first = h0;
    *last = h1 - 1;
    /* a body-size kicker just above: bold, or ending in a colon */
    P = &d->l[d->order[h0]];
    if (t0 == h0 && h0 > 0 && role[h0 - 1] == R_BODY) {
        const pline *K = &d->l[d->order[h0 - 1]];
        const bl__imp_line *k = &c->ln[h0 - 1];
        if (K->page == P->page && P->y0 - K->y1 < top && K->x0 < P->x1 && K->x1 > P->x0 &&
            (K->bold || k->kicker_form) && k->kind == BL__IMP_TEXT && k->headish) {
            role[h0 - 1] = R_HEAD;
            c->ln[h0 - 1].field = BL__IMP_FKICKER;
            *first = h0 - 1;
        }
    }
    /* and a body-size subtitle just below: bold, or starting with —— */
    P = &d->l[d->order[h1 - 1]];
    if (t1 == h1 && h1 < c->n && role[h1] == R_BODY) {
        const pline *S = &d->l[d->order[h1]];
        const bl__imp_line *s = &c->ln[h1];
        if (S->page == P->page && S->y0 - P->y1 < top && (S->bold || s->dash_start) && s->kind == BL__IMP_TEXT &&
            (s->headish || s->dash_start)) {
            role[h1] = R_HEAD;
            c->ln[h1].field = BL__IMP_FSUBTITLE;
            *last = h1;
        }
    }
}

/* Column edges: the body lines of each piece. */
static void measure_pieces(const pdoc *d, const pl_role *role, colbox *cb)
{
    size_t i;
    for (i = 0; i < d->npieces; i++)
        cb[i] = (colbox){1e9, -1e9};
    for (i = 0; i < d->norder; i++) {
        const pline *L = &d->l[d->order[i]];
        if (role[i] != R_BODY)
            continue;
        cb[L->piece].left = BL_MIN(cb[L->piece].left, L->x0);
        cb[L->piece].right = BL_MAX(cb[L->piece].right, L->x1);
    }
}

/* Does body line i start a paragraph (prev: the body line before it in
 * the same body, or BL__IMP_NONE)? */
static bool starts_para(bl__imp_page *c, const pdoc *d, const colbox *cb, size_t i, size_t prev)
{
    const pline *L = &d->l[d->order[i]], *P;
    double ind = L->x0 - cb[L->piece].left, em = L->size, short_by;
    if (prev == BL__IMP_NONE || c->ln[i].kind == BL__IMP_DATELINE)
        return true;
    if (ind >= 1.0 * em)
        return true;
    if (ind >= 0.5 * em)
        bl__imp_note(c, "line %zu: indented by %.1f em, less than a paragraph's indent: taken as carrying on",
                     c->ln[i].no, ind / em);
    P = &d->l[d->order[prev]];
    short_by = cb[P->piece].right - P->x1;
    if (c->ln[prev].stop && short_by >= 1.0 * P->size)
        return true;
    if (c->ln[prev].stop && short_by >= 0.5 * P->size)
        bl__imp_note(c, "line %zu ends a sentence %.1f em short of its column: taken as carrying on",
                     c->ln[prev].no, short_by / P->size);
    return false;
}

/* The articles: every title starts one, its body the body lines after it;
 * headline, byline and source lines go to the article they stand in.
 * width (c->n entries) gets each body's column width in body ems. */
static bool make_articles(bl__imp_page *c, const pdoc *d, double *width)
{
    pl_role *role = calloc(c->n ? c->n : 1, sizeof *role);
    colbox *cb = calloc(d->npieces ? d->npieces : 1, sizeof *cb);
    size_t i, prev = BL__IMP_NONE, pend0 = c->nun; /* units waiting for a body */
    bool pending_head = false, ok = false;

    if (!role || !cb)
        goto out;
    for (i = 0; i < c->n; i++) {
        const char *why = NULL;
        role[i] = line_role(c, d, i, &why);
        if (role[i] == R_ASIDE)
            bl__imp_set_aside(c, i, why);
    }
    for (i = 0; i < c->n; i++) {
        size_t h1 = i, first, last, k;
        if (role[i] != R_HEAD || c->ln[i].field != BL__IMP_AUTO)
            continue;
        while (h1 < c->n && role[h1] == R_HEAD && d->l[d->order[h1]].page == d->l[d->order[i]].page)
            h1++;
        head_fields(c, d, role, i, h1, &first, &last);
        for (k = first; k <= last; k++)
            role[k] = R_HEAD;
        i = last;
    }
    measure_pieces(d, role, cb);

    for (i = 0; i < c->n && !c->nomem; i++) {
        size_t u;
        switch (role[i]) {
        case R_ASIDE:
            break;
        case R_HEAD:
            if (pending_head && c->ln[i].field == BL__IMP_FTITLE && i > 0 && c->ln[i - 1].field != BL__IMP_FTITLE &&
                c->ln[i - 1].field != BL__IMP_FKICKER) {
                /* a second title with no body between: the first stands alone */
                bl__imp_note(c, "line %zu: a headline with no body under it, set aside",
                             c->ln[c->un[pend0].first].no);
                for (u = pend0; u < c->nun; u++)
                    bl__imp_set_aside(c, c->un[u].first, "headline with no article");
                c->nun = pend0;
            }
            if (!pending_head) {
                pend0 = c->nun;
                pending_head = true;
            }
            if (!add_unit(c, i, BL__IMP_NONE))
                goto out;
            break;
        case R_BYLINE:
        case R_SOURCE:
            c->ln[i].field = role[i] == R_BYLINE ? BL__IMP_FBYLINE : BL__IMP_FSOURCE;
            if (!add_unit(c, i, pending_head || c->nbo == 0 ? BL__IMP_NONE : c->nbo - 1))
                goto out;
            if (c->un[c->nun - 1].owner == BL__IMP_NONE && !pending_head) {
                pending_head = true; /* a byline over the first body */
                pend0 = c->nun - 1;
            }
            break;
        case R_BODY:
            if (pending_head || c->nbo == 0) {
                if (!new_body(c))
                    goto out;
                for (u = pend0; pending_head && u < c->nun; u++)
                    if (c->un[u].owner == BL__IMP_NONE)
                        c->un[u].owner = c->nbo - 1;
                pending_head = false;
                prev = BL__IMP_NONE;
                {
                    const colbox *b = &cb[d->l[d->order[i]].piece];
                    width[c->nbo - 1] = (b->right - b->left) / d->body;
                }
            }
            if (starts_para(c, d, cb, i, prev)) {
                if (!new_para(c, i))
                    goto out;
            } else {
                c->pa[c->npa - 1].last = i;
            }
            c->ln[i].role = BL__IMP_IN_PARA;
            c->ln[i].owner = c->npa - 1;
            prev = i;
            break;
        }
    }
    /* headlines after the last body: no article claims them */
    for (i = 0; i < c->nun; i++) {
        if (c->un[i].owner != BL__IMP_NONE)
            continue;
        bl__imp_set_aside(c, c->un[i].first, "headline with no article");
        bl__imp_note(c, "line %zu: a headline no article claims, set aside", c->ln[c->un[i].first].no);
    }
    ok = !c->nomem;
out:
    free(role);
    free(cb);
    return ok;
}

/* ---- the document ------------------------------------------------------------ */

/* The lines, in reading order, as page text: a space where characters
 * stand apart by more than 0.15 em (a word space in CJK fonts is about
 * 0.22; justification between Chinese characters adds far less). */
static bool page_text(bl__imp_page *c, const pdoc *d)
{
    size_t i, k, n = 0;
    for (i = 0; i < d->norder; i++)
        n += 2 * (d->l[d->order[i]].g1 - d->l[d->order[i]].g0) + 1;
    if (!(c->cps = malloc((n ? n : 1) * sizeof *c->cps)))
        return false;
    for (i = 0; i < d->norder; i++) {
        const pline *L = &d->l[d->order[i]];
        for (k = L->g0; k < L->g1; k++) {
            const glyph *g = &d->g[k];
            if (k > L->g0 && g->x0 - d->g[k - 1].x1 > 0.15 * g->size)
                c->cps[c->ncps++] = ' ';
            c->cps[c->ncps++] = g->cp;
        }
        c->cps[c->ncps++] = '\n';
    }
    return true;
}

static void pdoc_free(pdoc *d)
{
    free(d->g);
    free(d->l);
    free(d->order);
}

/* Opens the PDF; the document is the caller's (g_object_unref). */
static bl_status open_doc(const char *name, const char *bytes, size_t len, PopplerDocument **doc, bl_err *err)
{
    GError *gerr = NULL;
    GBytes *gb = g_bytes_new_static(bytes, len); /* bytes outlive the document */
    *doc = poppler_document_new_from_bytes(gb, NULL, &gerr);
    g_bytes_unref(gb);
    if (!*doc) {
        bl_status st;
        if (gerr && g_error_matches(gerr, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
            st = bl_err_set(err, BL_ERR_PARSE, "%s: the PDF is encrypted (save it without a password)", name);
        else
            st = bl_err_set(err, BL_ERR_PARSE, "%s: not a PDF poppler can read: %s", name,
                            gerr ? gerr->message : "unknown error");
        g_clear_error(&gerr);
        return st;
    }
    return BL_OK;
}

bl_status bl__imp_pdf(const char *name, const char *bytes, size_t len, int year, bl_import_result **out,
                      bl_err *err)
{
    bl__imp_page c = {0};
    pdoc d = {0};
    PopplerDocument *doc = NULL;
    bl_import_result *r = NULL;
    double *width = NULL;
    size_t p, npages, over = 0, k;
    int n;
    bl_status st;

    *out = NULL;
    c.name = name;
    c.year = year;
    if (len > BL_IMPORT_MAX_PDF_BYTES)
        return bl_err_set(err, BL_ERR_TOOBIG, "%s: %zu bytes, more than the %u a PDF page may have", name, len,
                          BL_IMPORT_MAX_PDF_BYTES);
    if ((st = open_doc(name, bytes, len, &doc, err)) != BL_OK)
        return st;
    n = poppler_document_get_n_pages(doc);
    if (n < 1) {
        g_object_unref(doc);
        return bl_err_set(err, BL_ERR_PARSE, "%s: the PDF has no pages", name);
    }
    npages = BL_MIN((size_t)n, (size_t)BL_IMPORT_MAX_PDF_PAGES);
    if (!(r = calloc(1, sizeof *r)))
        goto nomem;
    for (p = 0; p < npages; p++) {
        PopplerPage *page = poppler_document_get_page(doc, (int)p);
        size_t first = d.nl;
        bool ok;
        if (!page) {
            bl__imp_note(&c, "page %zu cannot be read: skipped", p + 1);
            continue;
        }
        ok = read_page(&d, page, p, &over);
        if (ok)
            mark_pictures(&d, page, p, first);
        g_object_unref(page);
        if (!ok)
            goto nomem;
    }
    g_object_unref(doc);
    doc = NULL;
    if ((size_t)n > npages)
        bl__imp_note(&c, "pages %zu-%d not read: a PDF is read up to page %d", npages + 1, n,
                     BL_IMPORT_MAX_PDF_PAGES);
    if (over > 0)
        bl__imp_note(&c, "%zu characters not read: a PDF page is read up to %u characters", over,
                     BL_IMPORT_MAX_PDF_CHARS);
    if (c.nomem)
        goto nomem;
    if (d.nl == 0) {
        st = bl_err_set(err, BL_ERR_PARSE,
                        "%s: no text in the PDF (a scanned page? baolan import reads a PDF's text, not "
                        "pictures of it)",
                        name);
        goto fail;
    }
    d.body = body_size(&d);
    if (!order_lines(&d) || !page_text(&c, &d))
        goto nomem;
    if ((st = bl__imp_split_lines(&c, &r->nlines, &r->nchars, err)) != BL_OK)
        goto fail;
    if (c.n != d.norder) { /* one text line per PDF line, by construction */
        st = bl_err_set(err, BL_ERR_PARSE, "%s: the PDF's text did not read as lines", name);
        goto fail;
    }
    /* Spaces were put where characters stand apart, not by justification:
     * no line is letter-spaced. */
    for (k = 0; k < c.n; k++)
        c.ln[k].spaced = false;
    if (!(width = calloc(c.n, sizeof *width)) || !make_articles(&c, &d, width))
        goto nomem;
    if (c.nbo == 0) {
        st = bl_err_set(err, BL_ERR_PARSE, "%s: no article text found: %zu lines, none of them body text", name,
                        c.n);
        goto fail;
    }
    if (!bl__imp_results(&c, r))
        goto nomem;
    for (k = 0; k < r->narticles; k++)
        r->info[k].column_width = floor(width[k] * 2 + 0.5) / 2;
    r->encoding = "PDF";
    r->npages = npages;
    free(width);
    pdoc_free(&d);
    bl__imp_page_free(&c);
    *out = r;
    return BL_OK;

nomem:
    st = bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", name);
fail:
    if (doc)
        g_object_unref(doc);
    free(width);
    pdoc_free(&d);
    bl__imp_page_free(&c);
    bl_import_result_destroy(r);
    return st;
}
