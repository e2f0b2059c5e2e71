/*
 * layout.c - pages: the lines of paragraphs (para.c) placed on the pages
 * of one frame in one writing mode, as a display list, around the parts
 * the boxes keep (build.h); the headline block, running heads, and
 * headline screens.  The boxes are placed by figure.c (the article's
 * pictures) and qr.c (the link's QR code); the JSON is json.c's.
 *
 * Both writing modes take one path (build.h): forward() moves a position
 * across the lines on and within() tells whether it is still inside the
 * text area.  Depends on base, text, font, content, para, figure and qr.
 */
#include "layout/layout.h"

#include "core/buf.h"
#include "layout/build.h"
#include "layout/figure.h"
#include "layout/para.h"
#include "layout/qr.h"

#include <stdlib.h>
#include <string.h>

/* ---- the display list under construction ---------------------------------- */

typedef bl__builder builder;
typedef bl__area area;

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

bl_page *bl__cur_page(builder *b)
{
    return &b->doc->pages[b->doc->npages - 1];
}

bl_status bl__new_page(builder *b)
{
    bl_doc *d = b->doc;
    if (!APPEND(&d->pages, &d->npages, &b->pcap))
        return BL_ERR_NOMEM;
    b->lcap = b->gcap = b->rcap = b->bcap = 0;
    b->nko = 0;
    return BL_OK;
}

bl_pbox *bl__add_pbox(builder *b)
{
    bl_page *pg = bl__cur_page(b);
    return APPEND(&pg->boxes, &pg->nboxes, &b->bcap);
}

void bl__keep_out(builder *b, bl__keepout k)
{
    if (b->nko < BL__MAX_KEEPOUTS)
        b->ko[b->nko++] = k;
}

static bl_status add_rule(builder *b, int32_t x, int32_t y, int32_t w, int32_t h, int style)
{
    bl_page *pg = bl__cur_page(b);
    bl_prule *r = APPEND(&pg->rules, &pg->nrules, &b->rcap);
    if (!r)
        return BL_ERR_NOMEM;
    *r = (bl_prule){x, y, w, h, (uint8_t)style};
    return BL_OK;
}

/* Appends one glyph to the current page; NULL when out of memory. */
static bl_pglyph *push_glyph(builder *b)
{
    bl_page *pg = bl__cur_page(b);
    bl_pglyph *g = APPEND(&pg->glyphs, &pg->nglyphs, &b->gcap);
    if (g)
        g->scale = 1024;
    return g;
}

/* Starts a line (a column in vertical text) on the current page; the
 * pointer is valid until the next begin_line. */
static bl_pline *begin_line(builder *b, int para_no, size_t s, size_t e, bool justified)
{
    bl_page *pg = bl__cur_page(b);
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

/* A rule from a0 to a1 across the lines (a1 further on in reading order)
 * and from l0 to l1 along them. */
static bl_status add_box(builder *b, bl_dir dir, int32_t a0, int32_t a1, int32_t l0, int32_t l1, int style)
{
    if (dir == BL_DIR_V)
        return add_rule(b, a1, l0, a0 - a1, l1 - l0, style);
    return add_rule(b, l0, a0, l1 - l0, a1 - a0, style);
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
bl_status bl__emit_block(builder *b, bl_dir dir, const char *text, int style, int para_no, int32_t *pos,
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
        st = bl__para_break(&p, bl__measures_same(measure), 0, 0, false, o->kinsoku, &lines, &nl);
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
    bl_status st = bl__emit_block(b, dir, a->kicker, BL_STYLE_KICKER, BL_PARA_KICKER, pos, start, measure, 150);
    if (!st && a->kicker && dir == BL_DIR_V)
        *pos = forward(dir, *pos, gap);
    if (!st)
        st = bl__emit_block(b, dir, a->title, BL_STYLE_TITLE, BL_PARA_TITLE, pos, start, measure, 125);
    if (!st && a->subtitle) {
        *pos = forward(dir, *pos, gap);
        st = bl__emit_block(b, dir, a->subtitle, BL_STYLE_SUBTITLE, BL_PARA_SUBTITLE, pos, start, measure, 140);
    }
    if (!st && a->byline) {
        *pos = forward(dir, *pos, gap);
        st = bl__emit_block(b, dir, a->byline, BL_STYLE_BYLINE, BL_PARA_BYLINE, pos, start, measure, 140);
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

void bl__reopen_page(builder *b, size_t pi)
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
        bl__reopen_page(b, pi);
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
    for (i = 0; i < doc->npictures; i++)
        bl_picture_destroy(doc->pictures[i]);
    free(doc->pictures);
    free(doc);
}

/* ---- lines around the boxes --------------------------------------------------- */

/* Lines shorter than this many body ems are not set: the slot stays
 * empty (a column under a tall picture, a row beside the QR code). */
#define MIN_LINE_EMS 4

/* Where a line whose box begins at pos across the lines may run on the
 * current page of text area ar: from *start, *measure long, around the
 * parts the boxes keep. */
static void line_span(const builder *b, bl_dir dir, const area *ar, int32_t pos, int32_t em, int32_t *start,
                      int32_t *measure)
{
    int32_t s = area_start(dir, ar), e = s + area_measure(dir, ar);
    int32_t a0 = dir == BL_DIR_V ? pos - em : pos, a1 = a0 + em;
    size_t i;
    for (i = 0; i < b->nko; i++) {
        const bl__keepout *k = &b->ko[i];
        if (k->a1 <= a0 || a1 <= k->a0)
            continue;
        if (k->l0 <= s)
            s = BL_MAX(s, k->l1);
        else
            e = BL_MIN(e, k->l0);
    }
    *start = s;
    *measure = e - s;
}

/* Breaks paragraph p again from line i of *lines (*nl of them) for the
 * measures ms: the lines before i stay. */
static bl_status rebreak(const bl_layout_opts *o, bl__para *p, bl__span **lines, size_t *nl, size_t i,
                         bl__measures ms, int32_t indent)
{
    bl__span *more = NULL, *all;
    size_t nm = 0;
    bl_status st = bl__para_break(p, ms, indent, i == 0 ? 0 : (*lines)[i].s, o->halve_line_start, o->kinsoku,
                                  &more, &nm);
    if (st)
        return st;
    all = realloc(*lines, (i + nm) * sizeof *all);
    if (!all) {
        free(more);
        return BL_ERR_NOMEM;
    }
    memcpy(all + i, more, nm * sizeof *more);
    free(more);
    *lines = all;
    *nl = i + nm;
    return BL_OK;
}

/* The article's pictures, read once for all the passes of a layout. */
typedef struct figset {
    bl__figure *f; /* borrowing the pixels of the doc of the first pass */
    size_t n;
    bool ready;
} figset;

/* The state of an article's pages while its lines are placed. */
typedef struct flow {
    bl_dir dir;
    area page1, next, ar; /* the first page's text area, the others', the current page's */
    int32_t em, pitch, pos, limit;
    const figset *fs;
    size_t fi;       /* the next picture to place */
    size_t qr_page;  /* the page that keeps its end for the QR code, or SIZE_MAX */
    bl__keepout qr;  /* ... the part it keeps */
} flow;

/* Starts a new page: its text area, the QR code's part when it is the
 * page for it, and the pictures that waited for it (those before
 * paragraph upto) at its head. */
static bl_status turn_page(builder *b, flow *fl, size_t upto)
{
    bl_status st = bl__new_page(b);
    fl->ar = fl->next;
    fl->pos = area_first(fl->dir, &fl->ar);
    if (!st && b->doc->npages - 1 == fl->qr_page)
        bl__keep_out(b, fl->qr);
    if (!st)
        st = bl__figures_place(b, fl->fs->f, fl->fs->n, &fl->fi, upto, fl->dir, fl->pitch, &fl->pos, &fl->ar,
                               fl->limit);
    return st;
}

/* Sets paragraph pi (prepared in p) from fl->pos on: each line in the
 * room the page leaves it (around the boxes, past slots too short for a
 * line), broken again from a line whose room is not what it was broken
 * for, a new page whenever the next line would cross the text area's far
 * edge. */
static bl_status set_paragraph(builder *b, flow *fl, bl__para *p, size_t pi)
{
    const bl_layout_opts *o = b->o;
    bl_dir dir = fl->dir;
    int32_t indent = o->indent_em * fl->em;
    bl__span *lines = NULL;
    size_t nl = 0, i, base = 0;
    /* the lines left on this page, then those of the pages after it
     * (shorter columns: they start below the running head) */
    bl__measures ms = {area_measure(dir, &fl->ar), lines_left(dir, fl->pos, fl->limit, fl->em, fl->pitch),
                       area_measure(dir, &fl->next)};
    bl_status st = bl__para_break(p, ms, indent, 0, o->halve_line_start, o->kinsoku, &lines, &nl);

    for (i = 0; !st && i < nl; i++) {
        bool last, filled;
        int32_t ind = i == 0 ? indent : 0, start, measure;
        for (;;) {
            while (!st && !within(dir, forward(dir, fl->pos, fl->em), fl->limit))
                st = turn_page(b, fl, pi);
            if (st)
                break;
            line_span(b, dir, &fl->ar, fl->pos, fl->em, &start, &measure);
            if (measure >= MIN_LINE_EMS * fl->em)
                break;
            fl->pos = forward(dir, fl->pos, fl->pitch); /* too short: left empty */
        }
        if (!st && measure != (i - base < ms.nfirst ? ms.first : ms.rest)) {
            ms = (bl__measures){measure, lines_left(dir, fl->pos, fl->limit, fl->em, fl->pitch),
                                area_measure(dir, &fl->next)};
            base = i;
            st = rebreak(o, p, &lines, &nl, i, ms, indent);
        }
        if (st)
            break;
        last = i + 1 == nl;
        bl__para_fit(p, lines[i].s, lines[i].e, measure - ind, !last, i == 0, o->halve_line_start, &filled);
        st = emit_line(b, p, (int)pi, lines[i].s, lines[i].e, fl->pos, start + ind, measure - ind, !last && filled);
        fl->pos = forward(dir, fl->pos, fl->pitch);
    }
    free(lines);
    return st;
}

/* An article's pages in either writing mode: the headline block at the
 * start of page 1 (rows above the body, or the first columns at its
 * right), the paragraphs justified to the measure with the pictures
 * between them, a new page whenever the next line would cross the text
 * area's far edge (below the running head on pages after the first),
 * the QR code, and the running heads.  Page qr_page (SIZE_MAX: none)
 * keeps the QR code's corner from the start, the lines around it;
 * *qr_alone tells whether the code took a page of its own. */
static bl_status layout_pages(builder *b, const bl_article *a, figset *fs, size_t qr_page, bool *qr_alone)
{
    const bl_layout_opts *o = b->o;
    bool cols = o->mode == BL_MODE_VERTICAL, fresh = false;
    flow fl = {.dir = mode_dir(o->mode), .page1 = text_area(o), .fs = fs, .qr_page = qr_page};
    size_t pi, npages;
    bl_status st;
    bl__qrblock q;

    fl.ar = fl.next = fl.page1;
    fl.em = style_em(o, BL_STYLE_BODY);
    fl.pitch = fl.em * (cols ? 100 + o->column_gap_pct : o->line_pitch_pct) / 100;
    fl.pos = area_first(fl.dir, &fl.ar);
    fl.next.top += head_height(o);
    *qr_alone = false;
    /* room for lines of 4 em, and for 2 rows or 3 columns */
    if (area_measure(fl.dir, &fl.ar) < 4 * fl.em || area_depth(fl.dir, &fl.ar) < (cols ? 3 : 2) * fl.pitch)
        return bl_err_set(b->err, BL_ERR_RANGE,
                          "frame %dx%d with margins %d,%d,%d,%d is too small for %d px %stext", o->width,
                          o->height, o->margin_left, o->margin_top, o->margin_right, o->margin_bottom,
                          (int)(fl.em / 64), cols ? "vertical " : "");
    st = bl__qr_prepare(b, a, &fl.next, &q);
    if (!st && q.n && o->qr_every_page) {
        /* every page keeps a band at its end for the block: the lines stop
         * short of it */
        int32_t d = bl__qr_depth(fl.dir, &q, fl.em);
        if (area_depth(fl.dir, &fl.next) - d < (cols ? 3 : 2) * fl.pitch) {
            BL_LOGW("layout", "%s: a %dx%d frame has no room for a QR code on every page; none shown",
                    a->path ? a->path : a->title, o->width, o->height);
            q.n = 0;
        } else if (cols) {
            fl.ar.left += d;
            fl.next.left += d;
        } else {
            fl.ar.bottom -= d;
            fl.next.bottom -= d;
        }
    }
    fl.limit = area_limit(fl.dir, &fl.ar);
    if (!st && q.n)
        fl.qr = bl__qr_keepout(&q, fl.dir, fl.qr_page == 0 ? &fl.page1 : &fl.next, fl.em);
    if (!st && !fs->ready) {
        bl__figure_room room = {fl.dir, area_measure(fl.dir, &fl.next), area_depth(fl.dir, &fl.next), fl.em,
                                fl.pitch};
        st = bl__figures_prepare(b, a, &room, &fs->f, &fs->n);
        fs->ready = true;
    }
    if (!st)
        st = bl__new_page(b);
    if (!st && qr_page == 0 && q.n)
        bl__keep_out(b, fl.qr);
    if (!st)
        st = headline_block(b, a, fl.dir, &fl.pos, area_start(fl.dir, &fl.ar), area_measure(fl.dir, &fl.ar));
    if (!st && !within(fl.dir, forward(fl.dir, fl.pos, fl.em), fl.limit))
        return bl_err_set(b->err, BL_ERR_RANGE, "the headline does not fit a %dx%d frame", o->width,
                          o->height);
    for (pi = 0; !st && pi < a->npara; pi++) {
        bl__para p;
        st = bl__figures_place(b, fs->f, fs->n, &fl.fi, pi, fl.dir, fl.pitch, &fl.pos, &fl.ar, fl.limit);
        if (st)
            break;
        st = bl__para_prepare(&p, a->paras[pi], o->fonts[BL_STYLE_BODY], BL_STYLE_BODY, fl.dir, o->kinsoku,
                              b->err);
        if (!st)
            st = set_paragraph(b, &fl, &p, pi);
        bl__para_free(&p);
    }
    while (!st && fl.fi < fs->n) {
        /* pictures after the last paragraph, or still waiting: on the
         * pages after it (each fits an empty page) */
        size_t from = fl.fi;
        st = bl__figures_place(b, fs->f, fs->n, &fl.fi, SIZE_MAX, fl.dir, fl.pitch, &fl.pos, &fl.ar, fl.limit);
        if (st || fl.fi > from)
            fresh = false;
        else if (fresh)
            fl.fi++; /* too big for an empty page: cannot happen, sized for one */
        else if (!(st = turn_page(b, &fl, SIZE_MAX)))
            fresh = true;
    }
    npages = b->doc->npages;
    if (!st && q.n)
        st = bl__qr_pages(b, &q, fl.dir, fl.pos, &fl.page1, head_height(o), npages - 1 == qr_page);
    *qr_alone = b->doc->npages > npages;
    if (!st)
        st = running_heads(b, a, &fl.page1);
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
        bl_page *pg = bl__cur_page(b);
        size_t nl = pg->nlines, ng = pg->nglyphs, nr = pg->nrules;
        int32_t at = pos, end;
        bool fits;
        st = bl__emit_block(b, dir, items[i].kicker, BL_STYLE_KICKER, -(int)i - 100, &at, start, measure, 140);
        if (!st && cols && items[i].kicker && *items[i].kicker)
            at = forward(dir, at, em / 4);
        if (!st)
            st = bl__emit_block(b, dir, items[i].title, BL_STYLE_LIST, (int)i, &at, start, measure, cols ? 120 : 125);
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
            pg = bl__cur_page(b);
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
    st = bl__new_page(&b);
    if (!st)
        st = headline_entries(&b, items, n, 0, marked, &placed);
    if (!st && marked >= 0 && (size_t)marked >= placed && (size_t)marked < n) {
        /* the marked entry did not fit after the first ones: start with it */
        bl_page *pg = bl__cur_page(&b);
        pg->nlines = pg->nglyphs = pg->nrules = 0;
        st = headline_entries(&b, items, n, (size_t)marked, marked, &placed);
    }
    return doc_finish(&b, st, out);
}

bl_status bl_layout_article(const bl_article *a, const bl_layout_opts *o, bl_doc **out, bl_err *err)
{
    builder b, again;
    figset fs = {NULL, 0, false};
    bl_status st;
    bool alone = false, alone2;
    bl_layout_opts lo = *o; /* with the faces of the article's language */

    *out = NULL;
    bl_layout_lang_fonts(o, a->lang, lo.fonts);
    st = doc_begin(&b, &lo, err);
    if (st)
        return st;
    st = layout_pages(&b, a, &fs, SIZE_MAX, &alone);
    if (!st && alone && b.doc->npages >= 2 && !doc_begin(&again, &lo, err)) {
        /* The QR code took a page of its own: lay out again with the
         * last page of text keeping its corner, the lines around it, and
         * take that if it needs no more pages. */
        bl_status st2 = layout_pages(&again, a, &fs, b.doc->npages - 2, &alone2);
        if (!st2 && again.doc->npages < b.doc->npages) {
            /* the pictures' pixels go with the layout that shows them */
            again.doc->pictures = b.doc->pictures;
            again.doc->npictures = b.doc->npictures;
            b.doc->pictures = NULL;
            b.doc->npictures = 0;
            bl_doc_destroy(b.doc);
            b = again;
        } else {
            bl_doc_destroy(again.doc);
        }
    }
    free(fs.f);
    return doc_finish(&b, st, out);
}
