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
 * notes and the joining of lines are the text importer's.  The lines and
 * their order are made in import_pdflines.c (pdfpage.h).  Vertical text
 * is not read (news PDFs here are horizontal): a page whose characters
 * stand apart along its lines, as vertical columns do, is refused.  Depends on base, buf,
 * text, rawpage.h and poppler-glib.
 */
#include "content/rawpage.h"

#include "content/pdfpage.h"
#include "core/buf.h"

#include <poppler.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- what each line is ----------------------------------------------------- */

typedef enum { R_BODY, R_HEAD, R_BYLINE, R_SOURCE, R_ASIDE } pl_role;

static bool starts(const bl__imp_page *c, const bl__imp_line *t, const char *lit)
{
    return bl__imp_cps_start(c->cps, t->s, t->e, lit);
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
    if (rel < 1.15 && bl__imp_is_byline_line(c, t))
        return R_BYLINE;
    if (rel < 1.15 && bl__imp_is_source_line(c, t))
        return R_SOURCE;
    if (starts(c, t, "责任编辑") || starts(c, t, "编辑：") || starts(c, t, "校对：") ||
        starts(c, t, "美编：")) {
        *why = "editor's credit";
        return R_ASIDE;
    }
    if (is_qr(c, t)) {
        *why = "label of a QR code";
        return R_ASIDE;
    }
    if (t->kind == BL__IMP_CAPTION || starts(c, t, "▲") || starts(c, t, "△") ||
        (L->below_picture && rel < 1.15)) {
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
        if (S->page == P->page && S->y0 - P->y1 < top && (S->bold || s->dash_start) &&
            s->kind == BL__IMP_TEXT && (s->headish || s->dash_start)) {
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

/* True if a unit from u0 on holds a title. */
static bool has_title(const bl__imp_page *c, size_t u0)
{
    size_t u;
    for (u = u0; u < c->nun; u++)
        if (c->ln[c->un[u].first].field == BL__IMP_FTITLE)
            return true;
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
            if (pending_head && c->ln[i].field == BL__IMP_FTITLE && c->ln[i - 1].field != BL__IMP_FTITLE &&
                c->ln[i - 1].field != BL__IMP_FKICKER && has_title(c, pend0)) {
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

/* Vertical text: its characters stand one under the other, touching,
 * with space between the columns, so the "lines" across them have gaps
 * between all their characters; horizontal text has almost none. */
static bool vertical(const pdoc *d)
{
    double *gaps, med = 0;
    size_t i, k, n = 0;
    if (!(gaps = malloc((d->ng ? d->ng : 1) * sizeof *gaps)))
        return false;
    for (i = 0; i < d->nl; i++)
        for (k = d->l[i].g0 + 1; k < d->l[i].g1; k++)
            gaps[n++] = (d->g[k].x0 - d->g[k - 1].x1) / BL_MAX(d->g[k].size, 1.0);
    if (n >= 20)
        med = bl_median(gaps, n);
    free(gaps);
    return n >= 20 && med >= 0.3;
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
        return bl_err_set(err, BL_ERR_TOOBIG, "%s: %zu bytes, more than the %u a PDF page may have", name,
                          len, BL_IMPORT_MAX_PDF_BYTES);
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
        ok = bl__pdf_read_page(&d, page, p, &over);
        if (ok)
            bl__pdf_mark_pictures(&d, page, p, first);
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
        bl__imp_note(&c, "%zu characters not read: a PDF is read up to %u characters", over,
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
    if (vertical(&d)) {
        st = bl_err_set(err, BL_ERR_PARSE,
                        "%s: the text stands in vertical columns (竖排), which baolan import does not read",
                        name);
        goto fail;
    }
    d.body = bl__pdf_body_size(&d);
    if (!bl__pdf_order_lines(&d) || !page_text(&c, &d))
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
        st = bl_err_set(err, BL_ERR_PARSE, "%s: no article text found: %zu lines, none of them body text",
                        name, c.n);
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
