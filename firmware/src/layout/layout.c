/*
 * layout.c - pages: the lines of paragraphs (para.c) placed on the pages
 * of one frame in one writing mode, as a display list; the headline block,
 * running heads, the link's QR code block, headline screens, and the
 * layout JSON.
 *
 * Both writing modes take one path.  A line runs along its paragraph's
 * direction (a row left to right, a column top to bottom) and lines follow
 * one another across it (rows down the page, columns right to left).  A
 * position across the lines, `pos`, is where the next line's box begins
 * in reading order: a row's top, a column's right edge; forward() moves
 * it on and within() tells whether it is still inside the text area.
 * Depends on base, text, font, content, para and qr.
 */
#include "layout/layout.h"

#include "core/buf.h"
#include "core/utf8.h"
#include "layout/para.h"
#include "layout/qr.h"

#include <stdlib.h>
#include <string.h>

/* ---- the display list under construction ---------------------------------- */

typedef struct builder {
    bl_doc *doc;
    const bl_layout_opts *o;
    size_t pcap;             /* capacity of doc->pages */
    size_t lcap, gcap, rcap, bcap; /* capacities of the current page's arrays */
    bl_err *err;
} builder;

/* Appends a zeroed element to the array *p of *n elements of elem bytes
 * (capacity *cap); NULL when out of memory. */
static void *append(void **p, size_t *n, size_t *cap, size_t elem)
{
    char *slot;
    if (!bl_grow(p, cap, *n + 1, elem))
        return NULL;
    slot = (char *)*p + *n * elem;
    (*n)++;
    memset(slot, 0, elem);
    return slot;
}

/* append for a typed array: APPEND(&arr, &n, &cap). */
#define APPEND(pp, np, capp) append((void **)(pp), (np), (capp), sizeof **(pp))

static bl_page *cur_page(builder *b)
{
    return &b->doc->pages[b->doc->npages - 1];
}

static bl_status new_page(builder *b)
{
    bl_doc *d = b->doc;
    if (!APPEND(&d->pages, &d->npages, &b->pcap))
        return BL_ERR_NOMEM;
    b->lcap = b->gcap = b->rcap = b->bcap = 0;
    return BL_OK;
}

static bl_status add_rule(builder *b, int32_t x, int32_t y, int32_t w, int32_t h, int style)
{
    bl_page *pg = cur_page(b);
    bl_prule *r = APPEND(&pg->rules, &pg->nrules, &b->rcap);
    if (!r)
        return BL_ERR_NOMEM;
    *r = (bl_prule){x, y, w, h, (uint8_t)style};
    return BL_OK;
}

/* Appends one glyph to the current page; NULL when out of memory. */
static bl_pglyph *push_glyph(builder *b)
{
    bl_page *pg = cur_page(b);
    bl_pglyph *g = APPEND(&pg->glyphs, &pg->nglyphs, &b->gcap);
    if (g)
        g->scale = 1024;
    return g;
}

/* Starts a line (a column in vertical text) on the current page; the
 * pointer is valid until the next begin_line. */
static bl_pline *begin_line(builder *b, int para_no, size_t s, size_t e, bool justified)
{
    bl_page *pg = cur_page(b);
    bl_pline *ln = APPEND(&pg->lines, &pg->nlines, &b->lcap);
    if (!ln)
        return NULL;
    ln->para = para_no;
    ln->start = (uint32_t)s;
    ln->end = (uint32_t)e;
    ln->g0 = pg->nglyphs;
    ln->justified = justified;
    return ln;
}

/* ---- rows and columns ------------------------------------------------------ */

/* pos moved on by d across the lines: down for rows, left for columns. */
static int32_t forward(bl_dir dir, int32_t pos, int32_t d)
{
    return dir == BL_DIR_V ? pos - d : pos + d;
}

/* pos has not gone past limit across the lines. */
static bool within(bl_dir dir, int32_t pos, int32_t limit)
{
    return dir == BL_DIR_V ? pos >= limit : pos <= limit;
}

/* A rule from a0 to a1 across the lines (a1 further on in reading order)
 * and from l0 to l1 along them. */
static bl_status add_box(builder *b, bl_dir dir, int32_t a0, int32_t a1, int32_t l0, int32_t l1, int style)
{
    if (dir == BL_DIR_V)
        return add_rule(b, a1, l0, a0 - a1, l1 - l0, style);
    return add_rule(b, l0, a0, l1 - l0, a1 - a0, style);
}

/* The text area of a page, 1/64 px. */
typedef struct area {
    int32_t left, top, right, bottom;
} area;

/* Where lines begin along the area, and their length. */
static int32_t area_start(bl_dir dir, const area *ar)
{
    return dir == BL_DIR_V ? ar->top : ar->left;
}

static int32_t area_measure(bl_dir dir, const area *ar)
{
    return dir == BL_DIR_V ? ar->bottom - ar->top : ar->right - ar->left;
}

/* Where the first line begins across the area, where the last must end,
 * and the distance between the two. */
static int32_t area_first(bl_dir dir, const area *ar)
{
    return dir == BL_DIR_V ? ar->right : ar->top;
}

static int32_t area_limit(bl_dir dir, const area *ar)
{
    return dir == BL_DIR_V ? ar->left : ar->bottom;
}

static int32_t area_depth(bl_dir dir, const area *ar)
{
    return dir == BL_DIR_V ? ar->right - ar->left : ar->bottom - ar->top;
}

static area text_area(const bl_layout_opts *o)
{
    area ar = {o->margin_left * 64, o->margin_top * 64, (o->width - o->margin_right) * 64,
               (o->height - o->margin_bottom) * 64};
    return ar;
}

static bl_dir mode_dir(bl_mode mode)
{
    return mode == BL_MODE_VERTICAL ? BL_DIR_V : BL_DIR_H;
}

/* How many lines em thick and pitch apart still fit before limit, the
 * next beginning at pos. */
static size_t lines_left(bl_dir dir, int32_t pos, int32_t limit, int32_t em, int32_t pitch)
{
    int32_t end = forward(dir, pos, em);
    int32_t room = dir == BL_DIR_V ? end - limit : limit - end;
    return room < 0 ? 0 : (size_t)(room / pitch) + 1;
}

/* ---- lines ----------------------------------------------------------------- */

/* Appends a glyph of item `it` from shaped `sh` to line ln, with its
 * glyph-independent fields set; NULL when out of memory. */
static bl_pglyph *add_glyph(builder *b, bl_pline *ln, const bl__para *p, const bl__item *it, const bl_shaped *sh)
{
    bl_pglyph *pgl = push_glyph(b);
    if (!pgl)
        return NULL;
    pgl->gid = sh->gid;
    pgl->cp = it->cp;
    pgl->style = (uint8_t)p->style;
    pgl->face = (uint8_t)sh->face;
    pgl->orient = it->orient;
    pgl->flags = (uint8_t)((sh->vert ? BL_GLYPH_VERT : 0) | (sh->missing ? BL_GLYPH_MISSING : 0) |
                           (it->half ? BL_GLYPH_HALF : 0));
    ln->gn++;
    return pgl;
}

/* Puts glyph pgl (of item `it`, shaped `sh`) in its cell at (x, y): the
 * cell's length and the point the glyph origin is drawn at.  In a row the
 * origin is on the baseline, the em box top above it.  In a column upright
 * glyphs hang from the pen at the column's centre (the font's vertical
 * origin), and rotated runs are horizontal text turned 90° clockwise about
 * a baseline that centres their em box in the column. */
static void place_glyph(bl_pglyph *pgl, const bl__para *p, const bl__item *it, const bl_shaped *sh, int32_t x,
                        int32_t y)
{
    int32_t em = p->em, top = bl_font_embox_top(p->font);
    int32_t dx = it->half ? sh->dx_half : sh->dx, dy = it->half ? sh->dy_half : sh->dy;
    pgl->x = x;
    pgl->y = y;
    pgl->advance = it->half ? sh->adv_half : sh->adv;
    if (p->dir == BL_DIR_H) {
        pgl->ox = x + dx;
        pgl->oy = y + top + dy;
    } else if (it->orient == BL_ORIENT_ROTATED) {
        /* (dx, dy) along and across the baseline turn into (-dy, dx) */
        pgl->ox = x + em / 2 - (top - em / 2) - dy;
        pgl->oy = y + dx;
    } else {
        pgl->ox = x + em / 2 + dx;
        pgl->oy = y + dy;
    }
}

/* A 縦中横 cell of column line ln, whose first item is k, at (x, y): its
 * digits set as horizontal text centred in one em of the column, narrowed
 * to fit when three digits are wider than an em. */
static bl_status emit_tcy(builder *b, bl_pline *ln, const bl__para *p, size_t k, size_t ve, int32_t x, int32_t y)
{
    const bl__item *it = &p->items[k];
    int32_t em = p->em, top = bl_font_embox_top(p->font);
    int32_t scale = 1024, hp = 0, x_start;
    size_t j, g;

    if (it->tcy_w > em)
        scale = (int32_t)((int64_t)em * 1024 / it->tcy_w);
    x_start = x + em / 2 - (int32_t)((int64_t)it->tcy_w * scale / 1024) / 2;
    for (j = k; j < k + it->tcy_n && j < ve; j++) {
        const bl__item *d = &p->items[j];
        for (g = d->g0; g < d->g0 + d->gn; g++) {
            const bl_shaped *sh = &p->glyphs[g];
            bl_pglyph *pgl = add_glyph(b, ln, p, d, sh);
            if (!pgl)
                return BL_ERR_NOMEM;
            pgl->scale = scale;
            pgl->x = x;
            pgl->y = y;
            pgl->advance = em;
            pgl->ox = x_start + (int32_t)((int64_t)(hp + sh->dx) * scale / 1024);
            pgl->oy = y + top + sh->dy;
            hp += sh->adv;
        }
    }
    return BL_OK;
}

/* Emits line [s,e) of p (already fitted) along p's direction.  pos is
 * where its box begins across the lines (a row's top, a column's right
 * edge), start where it begins along them; box is its length when
 * justified. */
static bl_status emit_line(builder *b, bl__para *p, int para_no, size_t s, size_t e, int32_t pos, int32_t start,
                           int32_t box, bool justified)
{
    bool cols = p->dir == BL_DIR_V;
    bl_pline *ln = begin_line(b, para_no, s, e, justified);
    size_t k, ve = bl__para_last_visible(p, s, e);
    int32_t pen = 0, em = p->em;
    int32_t x = cols ? pos - em : start, y = cols ? start : pos; /* the box's top-left */

    if (!ln)
        return BL_ERR_NOMEM;
    for (k = s; k < ve; k++) {
        const bl__item *it = &p->items[k];
        size_t g;
        pen += it->gap;
        if (it->cls == BL_CC_SPACE) {
            pen += (it->half ? it->adv_half : it->adv) + it->extra;
            continue;
        }
        if (it->orient == BL_ORIENT_TCY) {
            /* the cell is drawn with its first digit; the others take no room */
            if (it->tcy_n && emit_tcy(b, ln, p, k, ve, x, y + pen))
                return BL_ERR_NOMEM;
            pen += it->adv + it->extra;
            continue;
        }
        for (g = it->g0; g < it->g0 + it->gn; g++) {
            bl_pglyph *pgl = add_glyph(b, ln, p, it, &p->glyphs[g]);
            if (!pgl)
                return BL_ERR_NOMEM;
            place_glyph(pgl, p, it, &p->glyphs[g], cols ? x : x + pen, cols ? y + pen : y);
            pen += pgl->advance;
        }
        pen += it->extra;
    }
    ln->x = x;
    ln->y = y;
    ln->w = cols ? em : justified ? box : pen;
    ln->h = cols ? (justified ? box : pen) : em;
    return BL_OK;
}

static const bl_font *style_font(const bl_layout_opts *o, int style)
{
    return o->fonts[style] ? o->fonts[style] : o->fonts[BL_STYLE_BODY];
}

static int32_t style_em(const bl_layout_opts *o, int style)
{
    return bl_font_px(style_font(o, style)) * 64;
}

/* Lays out a ragged block along dir (headline parts, headline-screen
 * entries): broken with 禁则 but not justified, lines `measure` long from
 * `start` and pitch_pct of the style's em apart.  *pos is where the first
 * line begins across the lines; it is left one pitch past the last row
 * (the leading below it included), or at the far edge of the last
 * column. */
static bl_status emit_block(builder *b, bl_dir dir, const char *text, int style, int para_no, int32_t *pos,
                            int32_t start, int32_t measure, int pitch_pct)
{
    const bl_layout_opts *o = b->o;
    bl__para p;
    bl__span *lines = NULL;
    size_t nl = 0, i;
    bl_status st;
    int32_t at = *pos;

    if (!text || !*text)
        return BL_OK;
    st = bl__para_prepare(&p, text, style_font(o, style), style, dir, o->kinsoku, b->err);
    if (!st)
        st = bl__para_break(&p, bl__measures_same(measure), 0, false, o->kinsoku, &lines, &nl);
    for (i = 0; !st && i < nl; i++) {
        bool filled;
        int32_t pitch = p.em * pitch_pct / 100;
        bl__para_fit(&p, lines[i].s, lines[i].e, measure, false, i == 0, false, &filled);
        st = emit_line(b, &p, para_no, lines[i].s, lines[i].e, at, start, measure, false);
        *pos = forward(dir, at, dir == BL_DIR_V ? p.em : pitch);
        at = forward(dir, at, pitch);
    }
    free(lines);
    bl__para_free(&p);
    return st;
}

/* ---- article pages --------------------------------------------------------- */

/* The headline block of page 1 in reading order: kicker, title, subtitle,
 * byline, then a rule the length of the lines.  *pos is left where the
 * body begins. */
static bl_status headline_block(builder *b, const bl_article *a, bl_dir dir, int32_t *pos, int32_t start,
                                int32_t measure)
{
    int32_t body = style_em(b->o, BL_STYLE_BODY), rule = BL_MAX(64, body / 16);
    /* A block of rows ends with the leading below its last line, one of
     * columns at its last column's edge: columns need the wider gap, and
     * one after the kicker too. */
    int32_t gap = dir == BL_DIR_V ? body / 2 : body / 4;
    bl_status st = emit_block(b, dir, a->kicker, BL_STYLE_KICKER, BL_PARA_KICKER, pos, start, measure, 150);
    if (!st && a->kicker && dir == BL_DIR_V)
        *pos = forward(dir, *pos, gap);
    if (!st)
        st = emit_block(b, dir, a->title, BL_STYLE_TITLE, BL_PARA_TITLE, pos, start, measure, 125);
    if (!st && a->subtitle) {
        *pos = forward(dir, *pos, gap);
        st = emit_block(b, dir, a->subtitle, BL_STYLE_SUBTITLE, BL_PARA_SUBTITLE, pos, start, measure, 140);
    }
    if (!st && a->byline) {
        *pos = forward(dir, *pos, gap);
        st = emit_block(b, dir, a->byline, BL_STYLE_BYLINE, BL_PARA_BYLINE, pos, start, measure, 140);
    }
    if (!st) {
        *pos = forward(dir, *pos, gap);
        st = add_box(b, dir, *pos, forward(dir, *pos, rule), start, start + measure, BL_STYLE_KICKER);
        *pos = forward(dir, *pos, rule + body * 3 / 4);
    }
    return st;
}

/* The running head of pages after the first, always a row: title at the
 * left, x/n at the right, a hairline below. */
static bl_status running_head(builder *b, const bl_article *a, size_t pageno, size_t npages, int32_t x,
                              int32_t y, int32_t measure)
{
    const bl_layout_opts *o = b->o;
    const bl_font *font = style_font(o, BL_STYLE_HEAD);
    char num[48];
    bl__para pn, pt;
    bl_status st;
    bool filled;
    int32_t wn, em = bl_font_px(font) * 64;
    size_t e;

    snprintf(num, sizeof num, "%zu/%zu", pageno, npages);
    st = bl__para_prepare(&pn, num, font, BL_STYLE_HEAD, BL_DIR_H, o->kinsoku, b->err);
    if (st) {
        bl__para_free(&pn);
        return st;
    }
    wn = bl__para_fit(&pn, 0, pn.n, measure, false, true, false, &filled);
    st = bl__para_prepare(&pt, a->title, font, BL_STYLE_HEAD, BL_DIR_H, o->kinsoku, b->err);
    if (!st) {
        /* As much of the title as fits before the number, with room of 2 em. */
        int32_t room = measure - wn - 2 * em;
        e = pt.n;
        while (e > 0 && bl__para_natural(&pt, 0, e, true, false) > room)
            e--;
        bl__para_fit(&pt, 0, e, room, false, true, false, &filled);
        st = emit_line(b, &pt, BL_PARA_HEAD, 0, e, y, x, room, false);
    }
    if (!st)
        st = emit_line(b, &pn, BL_PARA_HEAD, 0, pn.n, y, x + measure - wn, wn, false);
    if (!st)
        st = add_rule(b, x, y + em * 13 / 10, measure, BL_MAX(64, em / 24), BL_STYLE_HEAD);
    bl__para_free(&pn);
    bl__para_free(&pt);
    return st;
}

static int32_t head_height(const bl_layout_opts *o)
{
    return style_em(o, BL_STYLE_HEAD) * 13 / 10 + style_em(o, BL_STYLE_BODY);
}

/* Makes finished page pi the current page again, its arrays as full as
 * their lengths; the caller sets b->doc->npages back after. */
static void reopen_page(builder *b, size_t pi)
{
    b->doc->npages = pi + 1;
    b->lcap = b->doc->pages[pi].nlines;
    b->gcap = b->doc->pages[pi].nglyphs;
    b->rcap = b->doc->pages[pi].nrules;
    b->bcap = b->doc->pages[pi].nboxes;
}

/* Adds the running heads to the finished pages after the first, across
 * the text area ar. */
static bl_status running_heads(builder *b, const bl_article *a, const area *ar)
{
    size_t pi, npages = b->doc->npages;
    bl_status st = BL_OK;
    for (pi = 1; !st && pi < npages; pi++) {
        reopen_page(b, pi);
        st = running_head(b, a, pi + 1, npages, ar->left, ar->top, ar->right - ar->left);
        b->doc->npages = npages;
    }
    return st;
}

void bl_layout_defaults(bl_layout_opts *o, int w, int h)
{
    int shortside = w < h ? w : h;
    int m = shortside * 4 / 100;
    memset(o, 0, sizeof *o);
    o->width = w;
    o->height = h;
    o->margin_left = o->margin_right = o->margin_top = o->margin_bottom = m;
    o->mode = BL_MODE_HORIZONTAL;
    o->kinsoku = BL_KINSOKU_BASIC;
    o->line_pitch_pct = 160;
    o->column_gap_pct = 100;
    o->indent_em = 2;
    o->halve_line_start = true;
}

void bl_layout_lang_fonts(const bl_layout_opts *o, bl_article_lang lang, const bl_font *out[BL_STYLE_COUNT])
{
    int i;
    for (i = 0; i < BL_STYLE_COUNT; i++)
        out[i] = (unsigned)lang < BL_ARTICLE_LANG_COUNT && o->lang_fonts[lang][i] ? o->lang_fonts[lang][i]
                                                                                  : o->fonts[i];
}

void bl_doc_destroy(bl_doc *doc)
{
    size_t i;
    if (!doc)
        return;
    for (i = 0; i < doc->npages; i++) {
        free(doc->pages[i].lines);
        free(doc->pages[i].glyphs);
        free(doc->pages[i].rules);
        free(doc->pages[i].boxes);
    }
    free(doc->pages);
    free(doc->qr_cells);
    free(doc->qr_text);
    free(doc);
}

/* ---- the link's QR code ------------------------------------------------------ */

/* The block at the end of a page: the code (side x side, centred along
 * the block) above its caption; w x h in whole px (1/64 px units). */
typedef struct qrblock {
    int n, module;
    int32_t side, w, h, gap;
    const char *caption;
} qrblock;

static int32_t whole_px(int32_t v)
{
    return (v + 63) / 64 * 64;
}

/* Encodes a's link and sizes its block for an empty page of area fit.
 * q->n is 0 when there is no block: no link, one QR cannot hold, or a
 * frame too small for it (both warned). */
static bl_status qr_prepare(builder *b, const bl_article *a, const area *fit, qrblock *q)
{
    const bl_layout_opts *o = b->o;
    bl_err e = {0};
    bl__para p;
    bl__span *lines = NULL;
    size_t nl = 0;
    int32_t natural, room = fit->right - fit->left;
    bl_status st;

    memset(q, 0, sizeof *q);
    if (!a->link || !*a->link)
        return BL_OK;
    st = bl__qr_encode(a->link, &b->doc->qr_cells, &q->n, &e);
    if (st == BL_ERR_NOMEM)
        return st;
    if (st) {
        BL_LOGW("layout", "%s: %s; no QR code", a->path ? a->path : a->title, e.msg);
        return BL_OK;
    }
    b->doc->qr_text = strdup(a->link);
    if (!b->doc->qr_text)
        return BL_ERR_NOMEM;
    q->module = bl__qr_module_px(o->width, o->height);
    q->side = (q->n + 8) * q->module * 64;
    q->caption = a->link_label && *a->link_label ? a->link_label : "扫码阅读全文";
    st = bl__para_prepare(&p, q->caption, style_font(o, BL_STYLE_BYLINE), BL_STYLE_BYLINE, BL_DIR_H,
                          o->kinsoku, b->err);
    if (!st) {
        natural = bl__para_natural(&p, 0, p.n, true, false);
        q->w = whole_px(BL_MAX(q->side, natural < room ? natural : room));
        st = bl__para_break(&p, bl__measures_same(q->w), 0, false, o->kinsoku, &lines, &nl);
    }
    if (!st) {
        q->gap = whole_px(p.em / 4);
        q->h = whole_px(q->side + q->gap + (int32_t)(nl ? nl - 1 : 0) * (p.em * 140 / 100) + p.em);
    }
    free(lines);
    bl__para_free(&p);
    if (!st && (q->w > room || q->h > fit->bottom - fit->top)) {
        BL_LOGW("layout", "%s: a %dx%d frame has no room for the link's QR code",
                a->path ? a->path : a->title, o->width, o->height);
        q->n = 0;
    }
    return st;
}

/* How deep the block is across the lines, with the room left before it. */
static int32_t qr_depth(bl_dir dir, const qrblock *q, int32_t em)
{
    return (dir == BL_DIR_V ? q->w : q->h) + em / 2;
}

/* Puts the block on the current page in the far corner of ar: bottom
 * right under rows, bottom left beside columns. */
static bl_status qr_place(builder *b, const qrblock *q, bl_dir dir, const area *ar)
{
    bl_page *pg = cur_page(b);
    int32_t x = dir == BL_DIR_V ? ar->left : ar->right - q->w, y = ar->bottom - q->h;
    int32_t cpos = y + q->side + q->gap;
    bl_pbox *bx = APPEND(&pg->boxes, &pg->nboxes, &b->bcap);
    if (!bx)
        return BL_ERR_NOMEM;
    *bx = (bl_pbox){x + (q->w - q->side) / 128 * 64, y, q->side, q->side, BL_BOX_QR, q->n, q->module,
                    b->doc->qr_cells, b->doc->qr_text};
    return emit_block(b, BL_DIR_H, q->caption, BL_STYLE_BYLINE, BL_PARA_CAPTION, &cpos, x, q->w, 140);
}

/* Adds the block to the laid-out pages: to every page when the opts say
 * so (their lines stopped short of it), else to the last, or to a page of
 * its own when the lines after pos leave no room on the last. */
static bl_status qr_pages(builder *b, const qrblock *q, bl_dir dir, int32_t pos, const area *page1)
{
    area next = *page1;
    size_t pi, npages = b->doc->npages;
    bl_status st = BL_OK;
    next.top += head_height(b->o);
    if (!b->o->qr_every_page) {
        const area *ar = b->doc->npages == 1 ? page1 : &next;
        bool room = dir == BL_DIR_V ? pos >= ar->left + q->w : pos <= ar->bottom - q->h;
        if (!room)
            st = new_page(b);
        return st ? st : qr_place(b, q, dir, b->doc->npages == 1 ? page1 : &next);
    }
    for (pi = 0; !st && pi < npages; pi++) {
        reopen_page(b, pi);
        st = qr_place(b, q, dir, pi == 0 ? page1 : &next);
        b->doc->npages = npages;
    }
    return st;
}

/* An article's pages in either writing mode: the headline block at the
 * start of page 1 (rows above the body, or the first columns at its
 * right), the paragraphs justified to the measure, a new page whenever
 * the next line would cross the text area's far edge (below the running
 * head on pages after the first), and the running heads. */
static bl_status layout_pages(builder *b, const bl_article *a)
{
    const bl_layout_opts *o = b->o;
    bl_dir dir = mode_dir(o->mode);
    bool cols = dir == BL_DIR_V;
    const area page1 = text_area(o);
    area ar = page1, next = page1;
    int32_t em = style_em(o, BL_STYLE_BODY);
    int32_t pitch = em * (cols ? 100 + o->column_gap_pct : o->line_pitch_pct) / 100;
    int32_t indent = o->indent_em * em;
    int32_t pos = area_first(dir, &ar), limit = area_limit(dir, &ar);
    size_t pi;
    bl_status st;
    qrblock q;

    next.top += head_height(o);
    /* room for lines of 4 em, and for 2 rows or 3 columns */
    if (area_measure(dir, &ar) < 4 * em || area_depth(dir, &ar) < (cols ? 3 : 2) * pitch)
        return bl_err_set(b->err, BL_ERR_RANGE,
                          "frame %dx%d with margins %d,%d,%d,%d is too small for %d px %stext", o->width,
                          o->height, o->margin_left, o->margin_top, o->margin_right, o->margin_bottom,
                          (int)(em / 64), cols ? "vertical " : "");
    st = qr_prepare(b, a, &next, &q);
    if (!st && q.n && o->qr_every_page) {
        /* every page keeps a band at its end for the block: the lines stop
         * short of it */
        int32_t d = qr_depth(dir, &q, em);
        if (area_depth(dir, &next) - d < (cols ? 3 : 2) * pitch) {
            BL_LOGW("layout", "%s: a %dx%d frame has no room for a QR code on every page; none shown",
                    a->path ? a->path : a->title, o->width, o->height);
            q.n = 0;
        } else if (cols) {
            ar.left += d;
            next.left += d;
        } else {
            ar.bottom -= d;
            next.bottom -= d;
        }
        limit = area_limit(dir, &ar);
    }
    if (!st)
        st = new_page(b);
    if (!st)
        st = headline_block(b, a, dir, &pos, area_start(dir, &ar), area_measure(dir, &ar));
    if (!st && !within(dir, forward(dir, pos, em), limit))
        return bl_err_set(b->err, BL_ERR_RANGE, "the headline does not fit a %dx%d frame", o->width,
                          o->height);
    for (pi = 0; !st && pi < a->npara; pi++) {
        bl__para p;
        bl__span *lines = NULL;
        size_t nl = 0, i;
        st = bl__para_prepare(&p, a->paras[pi], o->fonts[BL_STYLE_BODY], BL_STYLE_BODY, dir, o->kinsoku,
                              b->err);
        if (!st) {
            /* the lines left on this page, then those of the pages after
             * it (shorter columns: they start below the running head) */
            bl__measures ms = {area_measure(dir, &ar), lines_left(dir, pos, limit, em, pitch),
                               area_measure(dir, &next)};
            st = bl__para_break(&p, ms, indent, o->halve_line_start, o->kinsoku, &lines, &nl);
        }
        for (i = 0; !st && i < nl; i++) {
            bool last = i + 1 == nl, filled;
            int32_t ind = i == 0 ? indent : 0, measure;
            if (!within(dir, forward(dir, pos, em), limit)) {
                st = new_page(b);
                if (st)
                    break;
                ar = next;
                pos = area_first(dir, &ar);
            }
            measure = area_measure(dir, &ar) - ind;
            bl__para_fit(&p, lines[i].s, lines[i].e, measure, !last, i == 0, o->halve_line_start, &filled);
            st = emit_line(b, &p, (int)pi, lines[i].s, lines[i].e, pos, area_start(dir, &ar) + ind, measure,
                           !last && filled);
            pos = forward(dir, pos, pitch);
        }
        free(lines);
        bl__para_free(&p);
    }
    if (!st && q.n)
        st = qr_pages(b, &q, dir, pos, &page1);
    if (!st)
        st = running_heads(b, a, &page1);
    return st;
}

/* ---- headline screens ------------------------------------------------------ */

/* Emits entries from `first` until the page is full; returns how many
 * were placed.  An entry that does not fit whole is taken back. */
static bl_status headline_entries(builder *b, const bl_headline *items, size_t n, size_t first, int marked,
                                  size_t *placed)
{
    const bl_layout_opts *o = b->o;
    bl_dir dir = mode_dir(o->mode);
    bool cols = dir == BL_DIR_V;
    const area ar = text_area(o);
    int32_t em = style_em(o, BL_STYLE_BODY), lem = style_em(o, BL_STYLE_LIST);
    int32_t bar = BL_MAX(3 * 64, em / 5), inset = bar + em / 2;
    int32_t start = area_start(dir, &ar) + inset, measure = area_measure(dir, &ar) - inset;
    int32_t pos = area_first(dir, &ar), limit = area_limit(dir, &ar);
    size_t i;
    bl_status st = BL_OK;

    *placed = 0;
    for (i = first; i < n && !st; i++) {
        bl_page *pg = cur_page(b);
        size_t nl = pg->nlines, ng = pg->nglyphs, nr = pg->nrules;
        int32_t at = pos, end;
        bool fits;
        st = emit_block(b, dir, items[i].kicker, BL_STYLE_KICKER, -(int)i - 100, &at, start, measure, 140);
        if (!st && cols && items[i].kicker && *items[i].kicker)
            at = forward(dir, at, em / 4);
        if (!st)
            st = emit_block(b, dir, items[i].title, BL_STYLE_LIST, (int)i, &at, start, measure, cols ? 120 : 125);
        /* a row's pitch includes leading below its em box */
        end = cols ? at : at - lem / 4;
        fits = within(dir, end, limit);
        if (!st && fits && (int)i == marked)
            st = add_box(b, dir, pos, end, area_start(dir, &ar), area_start(dir, &ar) + bar, BL_STYLE_KICKER);
        pos = cols ? forward(dir, end, lem) : forward(dir, at, em * 3 / 4);
        if (st)
            break;
        if (!fits) {
            /* take the entry back: it would be cut */
            pg = cur_page(b);
            pg->nlines = nl;
            pg->nglyphs = ng;
            pg->nrules = nr;
            break;
        }
        (*placed)++;
    }
    return st;
}

/* Starts a document for opts: *b is set up to fill it. */
static bl_status doc_begin(builder *b, const bl_layout_opts *o, bl_err *err)
{
    bl_doc *doc;
    int i;
    memset(b, 0, sizeof *b);
    if (!o->fonts[BL_STYLE_BODY])
        return bl_err_set(err, BL_ERR_USAGE, "layout: no body font");
    doc = calloc(1, sizeof *doc);
    if (!doc)
        return bl_err_set(err, BL_ERR_NOMEM, "layout: out of memory");
    doc->mode = o->mode;
    doc->width = o->width;
    doc->height = o->height;
    for (i = 0; i < BL_STYLE_COUNT; i++)
        doc->fonts[i] = o->fonts[i] ? o->fonts[i] : o->fonts[BL_STYLE_BODY];
    b->doc = doc;
    b->o = o;
    b->err = err;
    return BL_OK;
}

/* Hands the document over, or frees it when st is an error. */
static bl_status doc_finish(builder *b, bl_status st, bl_doc **out)
{
    if (st) {
        if (st == BL_ERR_NOMEM)
            bl_err_set(b->err, st, "layout: out of memory");
        bl_doc_destroy(b->doc);
        return st;
    }
    *out = b->doc;
    return BL_OK;
}

bl_status bl_layout_headlines(const bl_headline *items, size_t n, int marked, const bl_layout_opts *o,
                              bl_doc **out, bl_err *err)
{
    builder b;
    bl_status st;
    size_t placed = 0;

    *out = NULL;
    st = doc_begin(&b, o, err);
    if (st)
        return st;
    st = new_page(&b);
    if (!st)
        st = headline_entries(&b, items, n, 0, marked, &placed);
    if (!st && marked >= 0 && (size_t)marked >= placed && (size_t)marked < n) {
        /* the marked entry did not fit after the first ones: start with it */
        bl_page *pg = cur_page(&b);
        pg->nlines = pg->nglyphs = pg->nrules = 0;
        st = headline_entries(&b, items, n, (size_t)marked, marked, &placed);
    }
    return doc_finish(&b, st, out);
}

bl_status bl_layout_article(const bl_article *a, const bl_layout_opts *o, bl_doc **out, bl_err *err)
{
    builder b;
    bl_status st;
    bl_layout_opts lo = *o; /* with the faces of the article's language */

    *out = NULL;
    bl_layout_lang_fonts(o, a->lang, lo.fonts);
    st = doc_begin(&b, &lo, err);
    if (st)
        return st;
    st = layout_pages(&b, a);
    return doc_finish(&b, st, out);
}

/* ---- JSON ------------------------------------------------------------------ */

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void json_num(FILE *f, int32_t v)
{
    /* 1/64 px printed exactly with at most 6 decimals, trailing zeros off. */
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%.6f", BL_PX(v));
    while (n > 0 && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '.')
        buf[--n] = '\0';
    fputs(buf, f);
}

/* Writes ,"key":v with v in px. */
static void json_field(FILE *f, const char *key, int32_t v)
{
    fprintf(f, ",\"%s\":", key);
    json_num(f, v);
}

bl_status bl_doc_write_json(const bl_doc *doc, FILE *f, bool glyphs, long page_sel)
{
    static const char *const orient[] = {"upright", "rotated", "tcy"};
    size_t pi, li, gi;
    bool first_page = true;
    fprintf(f, "{\"width\":%d,\"height\":%d,\"orientation\":\"%s\",\"npages\":%zu,\"pages\":[", doc->width,
            doc->height, doc->mode == BL_MODE_VERTICAL ? "vertical" : "horizontal", doc->npages);
    for (pi = 0; pi < doc->npages; pi++) {
        const bl_page *pg = &doc->pages[pi];
        if (page_sel >= 0 && (size_t)page_sel != pi)
            continue;
        fprintf(f, "%s\n{\"page\":%zu,\"lines\":[", first_page ? "" : ",", pi + 1);
        first_page = false;
        for (li = 0; li < pg->nlines; li++) {
            const bl_pline *ln = &pg->lines[li];
            fprintf(f, "%s\n {\"para\":%d,\"start\":%u,\"end\":%u", li ? "," : "", ln->para,
                    (unsigned)ln->start, (unsigned)ln->end);
            json_field(f, "x", ln->x);
            json_field(f, "y", ln->y);
            json_field(f, "w", ln->w);
            json_field(f, "h", ln->h);
            fprintf(f, ",\"justified\":%s", ln->justified ? "true" : "false");
            if (glyphs) {
                fputs(",\"glyphs\":[", f);
                for (gi = ln->g0; gi < ln->g0 + ln->gn; gi++) {
                    const bl_pglyph *g = &pg->glyphs[gi];
                    char u[5] = {0};
                    bl_utf8_encode(g->cp, u);
                    fprintf(f, "%s{\"cp\":", gi > ln->g0 ? "," : "");
                    json_str(f, u);
                    fprintf(f, ",\"gid\":%u,\"face\":", (unsigned)g->gid);
                    json_str(f, bl_face_family(bl_font_face(doc->fonts[g->style], g->face)));
                    json_field(f, "x", g->x);
                    json_field(f, "y", g->y);
                    json_field(f, "advance", g->advance);
                    if (doc->mode == BL_MODE_VERTICAL || g->orient != BL_ORIENT_UPRIGHT)
                        fprintf(f, ",\"orient\":\"%s\"", orient[g->orient]);
                    if (g->flags & BL_GLYPH_VERT)
                        fputs(",\"vert\":true", f);
                    if (g->flags & BL_GLYPH_HALF)
                        fputs(",\"half\":true", f);
                    if (g->flags & BL_GLYPH_MISSING)
                        fputs(",\"missing\":true", f);
                    fputc('}', f);
                }
                fputc(']', f);
            }
            fputc('}', f);
        }
        fputc(']', f);
        for (li = 0; li < pg->nboxes; li++) {
            const bl_pbox *bx = &pg->boxes[li];
            fprintf(f, "%s{\"kind\":\"qr\"", li ? "," : ",\"boxes\":[");
            json_field(f, "x", bx->x);
            json_field(f, "y", bx->y);
            json_field(f, "w", bx->w);
            json_field(f, "h", bx->h);
            fprintf(f, ",\"modules\":%d,\"module\":%d,\"text\":", bx->n, bx->module);
            json_str(f, bx->text);
            fputs(li + 1 == pg->nboxes ? "}]" : "}", f);
        }
        fputc('}', f);
    }
    fputs("\n]}\n", f);
    return ferror(f) ? BL_ERR_IO : BL_OK;
}
