/*
 * import_pdflines.c - the characters of a PDF page made into lines and
 * put in reading order (pdfpage.h), for the page importer's PDF reader
 * (import_pdf.c, which says how a page is read).  Depends on base,
 * rawpage.h and poppler-glib.
 */
#include "content/pdfpage.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- characters and lines ------------------------------------------------ */

static bool is_bold_font(const char *name)
{
    static const char *const w[] = {"Bold",     "bold",     "Heavy", "heavy", "Black", "black",
                                    "Semibold", "SemiBold", "Demi",  "Hei-B", "Medium"};
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
static bool shared_edge(const lbox *bx, size_t nb, size_t a, size_t b, double v, double yc, double em,
                        bool right)
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
bool bl__pdf_read_page(pdoc *d, PopplerPage *page, size_t p, size_t *nchars_over)
{
    char *text = poppler_page_get_text(page);
    PopplerRectangle *rects = NULL;
    guint nrects = 0;
    GList *attrs = poppler_page_get_text_attributes(page), *cur = attrs;
    const char *s = text;
    size_t g0 = d->ng;
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
        if (d->ng >= BL_IMPORT_MAX_PDF_CHARS) { /* in all, over the pages */
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
void bl__pdf_mark_pictures(pdoc *d, PopplerPage *page, size_t p, size_t first_line)
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
bool bl__pdf_order_lines(pdoc *d)
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
double bl__pdf_body_size(const pdoc *d)
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
