/*
 * layout.c - Chinese line composition and pagination.
 *
 * A paragraph is decoded, shaped once (with and without the font's
 * half-width feature, so every mark knows both widths), then broken into
 * lines greedily at the break opportunities text.c allows.  When the next
 * unit does not fit, clreq's order applies (先挤进，后推出): first try to
 * keep it on this line by compressing punctuation, and only if that fails
 * push it to the next line.  Each line is then compressed or stretched to
 * the measure in the order typesetting.md gives.  Lines are placed by the
 * writing mode: rows top to bottom, or columns right to left.
 */
#include "layout/layout.h"

#include "core/buf.h"

#include <stdlib.h>
#include <string.h>

#define TAG "layout"

/* ---- items: one per code point of a paragraph --------------------------- */

typedef struct item {
    uint32_t cp;
    uint8_t cls;       /* bl_char_class */
    bool brk;          /* a line may break before this item */
    bool can_half;     /* the font has a half-width form for it */
    bool blank_left;   /* its blank half is at the start (opening marks) */
    bool half;         /* set half-width on the current line */
    int32_t adv, adv_half;
    int32_t gap;       /* space added before this item (Han-Latin gap) */
    int32_t extra;     /* justification space added after this item */
    size_t g0, gn;     /* its glyphs in the shaped array */
    uint8_t orient;    /* bl_orient: vertical text only */
    uint8_t tcy_n;     /* first item of a 縦中横 cell: characters in it */
    int32_t tcy_w;     /* ... and their horizontal width */
} item;

typedef struct para {
    uint32_t *cps;
    size_t n;
    item *items;
    bl_shaped *glyphs;
    size_t nglyphs;
    const bl_font *font;
    int style;
    int em; /* 1/64 px */
    bl_dir dir;
} para;

static bool is_hanish(bl_char_class c)
{
    return c == BL_CC_HAN;
}

static bool is_westish(bl_char_class c)
{
    return c == BL_CC_LATIN || c == BL_CC_DIGIT;
}

/* Takes part in the Han-Latin gap: Western text set along the line
 * (horizontal, or rotated in vertical text). */
static bool is_west_item(const item *it, bl_dir dir)
{
    if (dir == BL_DIR_V)
        return it->orient == BL_ORIENT_ROTATED && is_westish(it->cls);
    return is_westish(it->cls);
}

static bool is_punct_blank(const item *it)
{
    return it->can_half;
}

static void para_free(para *p)
{
    free(p->cps);
    free(p->items);
    free(p->glyphs);
    memset(p, 0, sizeof *p);
}

/* The extent of a run of Western text starting at i (a letter or digit):
 * letters, digits and the ASCII marks that live among them (3.14, 12%,
 * e-mail, https://example.com/a), and single spaces between words (New
 * York).  The whole run is set the same way. */
static size_t west_run_end(const uint32_t *cps, size_t n, size_t i)
{
    size_t j = i;
    while (j < n) {
        uint32_t c = cps[j];
        if (is_westish(bl_text_class(c)) || (c > 0x20 && c < 0x7F)) {
            j++;
            continue;
        }
        if (c == ' ' && j > i && j + 1 < n && bl_text_class(cps[j - 1]) == BL_CC_LATIN &&
            bl_text_class(cps[j + 1]) == BL_CC_LATIN) {
            j++;
            continue;
        }
        break;
    }
    return j;
}

/* How a Western run is set in a vertical column (typesetting.md): two or
 * three digits across one cell (縦中横); one digit, one letter or a short
 * capital acronym upright; anything longer (words, 2026, 12.5%) rotated
 * 90° clockwise. */
static bl_orient west_run_orient(const uint32_t *cps, size_t s, size_t e)
{
    size_t k, n = e - s;
    bool digits = true, caps = true;
    for (k = s; k < e; k++) {
        digits &= bl_text_class(cps[k]) == BL_CC_DIGIT;
        caps &= cps[k] >= 'A' && cps[k] <= 'Z';
    }
    if (digits && (n == 2 || n == 3))
        return BL_ORIENT_TCY;
    if (n == 1 || (caps && n <= 3))
        return BL_ORIENT_UPRIGHT;
    return BL_ORIENT_ROTATED;
}

/* Vertical text: the paragraph was shaped top to bottom (so the font's
 * vertical forms are in place); Western runs that are set rotated or as
 * 縦中横 are shaped again horizontally and spliced in, upright Latin
 * letters again with full-width forms. */
static bl_status vertical_runs(para *p, bl_err *err)
{
    bl_shaped *out = NULL;
    size_t nout = 0, cap = 0, gi = 0, i = 0;
    bl_status st = BL_OK;

    while (i < p->n && !st) {
        size_t e;
        bl_orient o;
        bl_shaped *run = NULL;
        size_t nrun = 0, k;
        if (!is_westish(bl_text_class(p->cps[i]))) {
            /* copy the top-to-bottom glyphs of this character */
            while (gi < p->nglyphs && p->glyphs[gi].cluster < i)
                gi++;
            while (gi < p->nglyphs && p->glyphs[gi].cluster == i) {
                if (!BL_GROW(&out, &cap, nout + 1)) {
                    st = BL_ERR_NOMEM;
                    break;
                }
                out[nout++] = p->glyphs[gi++];
            }
            i++;
            continue;
        }
        e = west_run_end(p->cps, p->n, i);
        o = west_run_orient(p->cps, i, e);
        if (o == BL_ORIENT_ROTATED)
            st = bl_font_shape(p->font, p->cps + i, e - i, BL_DIR_H, "liga=0,clig=0", &run, &nrun, err);
        else if (o == BL_ORIENT_TCY)
            st = bl_font_shape(p->font, p->cps + i, e - i, BL_DIR_H, "hwid", &run, &nrun, err);
        else if (bl_text_class(p->cps[i]) == BL_CC_LATIN)
            st = bl_font_shape(p->font, p->cps + i, e - i, BL_DIR_V, "fwid", &run, &nrun, err);
        else
            st = bl_font_shape(p->font, p->cps + i, e - i, BL_DIR_V, NULL, &run, &nrun, err);
        if (st)
            break;
        if (!BL_GROW(&out, &cap, nout + nrun)) {
            free(run);
            st = BL_ERR_NOMEM;
            break;
        }
        for (k = 0; k < nrun; k++) {
            out[nout] = run[k];
            out[nout].cluster += (uint32_t)i;
            if (o != BL_ORIENT_UPRIGHT) {
                /* set sideways: no half-width form applies */
                out[nout].adv_half = out[nout].adv;
                out[nout].dx_half = out[nout].dx;
                out[nout].dy_half = out[nout].dy;
                out[nout].vert = 0;
            }
            nout++;
        }
        free(run);
        for (k = i; k < e; k++)
            p->items[k].orient = (uint8_t)o;
        if (o == BL_ORIENT_TCY)
            p->items[i].tcy_n = (uint8_t)(e - i);
        i = e;
    }
    if (st) {
        free(out);
        return bl_err_set(err, st, "layout: out of memory");
    }
    free(p->glyphs);
    p->glyphs = out;
    p->nglyphs = nout;
    return BL_OK;
}

/* Decodes and shapes text into p. */
static bl_status para_prepare(para *p, const char *text, const bl_font *font, int style, bl_dir dir,
                              bl_kinsoku kin, bl_err *err)
{
    bool *brk = NULL;
    size_t i;
    bl_status st;

    memset(p, 0, sizeof *p);
    p->font = font;
    p->style = style;
    p->dir = dir;
    p->em = bl_font_px(font) * 64;
    st = bl_utf8_decode(text, strlen(text), &p->cps, &p->n, NULL, NULL);
    if (st)
        return bl_err_set(err, st, "layout: out of memory");
    p->items = calloc(p->n + 1, sizeof *p->items);
    brk = calloc(p->n + 1, sizeof *brk);
    if (!p->items || !brk) {
        free(brk);
        return bl_err_set(err, BL_ERR_NOMEM, "layout: out of memory");
    }
    st = bl_font_shape(font, p->cps, p->n, dir, "liga=0,clig=0", &p->glyphs, &p->nglyphs, err);
    if (!st && dir == BL_DIR_V)
        st = vertical_runs(p, err);
    if (st) {
        free(brk);
        return st;
    }
    bl_text_breaks(p->cps, p->n, kin, brk);
    for (i = 0; i < p->n; i++) {
        item *it = &p->items[i];
        it->cp = p->cps[i];
        it->cls = (uint8_t)bl_text_class(it->cp);
        it->brk = brk[i];
        it->blank_left = it->cls == BL_CC_OPEN;
    }
    free(brk);
    /* Attach glyphs to the item of their cluster; glyphs come in logical
     * order with non-decreasing clusters. */
    for (i = 0; i < p->nglyphs; i++) {
        item *it = &p->items[p->glyphs[i].cluster < p->n ? p->glyphs[i].cluster : p->n - 1];
        if (it->gn == 0)
            it->g0 = i;
        it->gn++;
        it->adv += p->glyphs[i].adv;
        it->adv_half += p->glyphs[i].adv_half;
    }
    /* A 縦中横 cell is one em down the column, whatever its digits. */
    for (i = 0; i < p->n; i++) {
        item *it = &p->items[i];
        if (it->orient != BL_ORIENT_TCY)
            continue;
        if (it->tcy_n) {
            size_t k;
            it->tcy_w = 0;
            for (k = i; k < i + it->tcy_n; k++)
                it->tcy_w += p->items[k].adv;
            it->adv = it->adv_half = p->em;
        } else {
            it->adv = it->adv_half = 0;
        }
    }
    for (i = 0; i < p->n; i++) {
        item *it = &p->items[i];
        it->can_half = bl_text_is_compressible(it->cp) && it->gn == 1 && it->adv_half < it->adv &&
                       it->orient == BL_ORIENT_UPRIGHT;
        /* clreq: in vertical text ：；？！ are never compressed. */
        if (dir == BL_DIR_V && (it->cp == 0xFF1A || it->cp == 0xFF1B || it->cp == 0xFF1F || it->cp == 0xFF01))
            it->can_half = false;
        if (!it->can_half)
            it->adv_half = it->adv;
    }
    return BL_OK;
}

/* ---- line measurement ----------------------------------------------------- */

/* The last item of [s,e) that is not a space, or s-1. */
static size_t last_visible(const para *p, size_t s, size_t e)
{
    while (e > s && p->items[e - 1].cls == BL_CC_SPACE)
        e--;
    return e; /* exclusive */
}

/* Sets the compression state of [s,e) for its natural width: adjacent
 * marks, the line-start opening mark, and the Han-Latin gaps; clears
 * justification.  Returns the natural width. */
static int32_t line_natural(para *p, size_t s, size_t e, bool para_start, bool halve_start)
{
    int32_t w = 0;
    size_t k, ve = last_visible(p, s, e);
    for (k = s; k < e; k++) {
        item *it = &p->items[k];
        it->half = false;
        it->gap = 0;
        it->extra = 0;
    }
    for (k = s; k < ve; k++) {
        item *it = &p->items[k];
        if (!it->can_half)
            continue;
        if (!it->blank_left && k + 1 < ve && is_punct_blank(&p->items[k + 1]))
            it->half = true; /* 。」 ）（ ，“ : the first gives up its blank right half */
        else if (it->blank_left && k > s && is_punct_blank(&p->items[k - 1]) && p->items[k - 1].blank_left)
            it->half = true; /* “《 : the second gives up its blank left half */
        else if (it->blank_left && k == s && !para_start && halve_start)
            it->half = true;
    }
    for (k = s; k < ve; k++) {
        item *it = &p->items[k];
        if (k > s) {
            const item *prev = &p->items[k - 1];
            if ((is_hanish(prev->cls) && is_west_item(it, p->dir)) ||
                (is_west_item(prev, p->dir) && is_hanish(it->cls)))
                it->gap = p->em / 4;
        }
        w += it->gap + (it->half ? it->adv_half : it->adv);
    }
    return w;
}

/* Compression order (typesetting.md): the line-end mark, Western spaces,
 * interpuncts, brackets, ，、；, the Han-Latin gap, then 。？！. */
enum { SH_END, SH_SPACE, SH_MIDDLE, SH_BRACKET, SH_PAUSE, SH_GAP, SH_STOP, SH_COUNT };

static int32_t space_min(const para *p) { return p->em / 4; }

/* How much [s,e) could shrink by every compression step together (the
 * test for push-in). */
static int32_t shrink_capacity(const para *p, size_t s, size_t e)
{
    int32_t cap = 0;
    size_t k, ve = last_visible(p, s, e);
    for (k = s; k < ve; k++) {
        const item *it = &p->items[k];
        if (it->cls == BL_CC_SPACE) {
            if (it->adv > space_min(p))
                cap += it->adv - space_min(p);
            continue;
        }
        if (it->gap > p->em / 8)
            cap += it->gap - p->em / 8;
        if (it->can_half && !it->half)
            cap += it->adv - it->adv_half;
    }
    return cap;
}

/* Shares `amount` among the items selected by `sel` up to `room` each,
 * into the gap (before) or extra (after) field; returns what was used. */
typedef int32_t (*room_fn)(const para *p, size_t k, size_t s, size_t ve);

static int32_t share(para *p, size_t s, size_t ve, int32_t amount, room_fn room, bool into_gap, int sign)
{
    int64_t total = 0;
    int32_t used = 0;
    size_t k, count = 0;
    for (k = s; k < ve; k++) {
        int32_t r = room(p, k, s, ve);
        if (r > 0) {
            total += r;
            count++;
        }
    }
    if (count == 0 || amount <= 0 || total <= 0)
        return 0;
    if (amount > total)
        amount = (int32_t)total;
    /* Equal shares, capped by each item's room; the remainder goes to the
     * first items, one unit each, so the line fills exactly. */
    {
        int32_t each = amount / (int32_t)count, rem = amount % (int32_t)count;
        int pass;
        for (pass = 0; pass < 4 && used < amount; pass++) {
            for (k = s; k < ve && used < amount; k++) {
                int32_t r = room(p, k, s, ve), give;
                if (r <= 0)
                    continue;
                give = pass == 0 ? each + (rem > 0 ? 1 : 0) : amount - used;
                if (pass == 0 && rem > 0)
                    rem--;
                if (give > r)
                    give = r;
                if (give > amount - used)
                    give = amount - used;
                if (give <= 0)
                    continue;
                if (into_gap)
                    p->items[k].gap += sign * give;
                else
                    p->items[k].extra += sign * give;
                used += give;
            }
        }
    }
    return used;
}

static int32_t room_space_shrink(const para *p, size_t k, size_t s, size_t ve)
{
    const item *it = &p->items[k];
    (void)s;
    (void)ve;
    /* A space's width shrinks through a negative extra. */
    return it->cls == BL_CC_SPACE ? it->adv + it->extra - space_min(p) : 0;
}

static int32_t room_gap_shrink(const para *p, size_t k, size_t s, size_t ve)
{
    (void)s;
    (void)ve;
    return p->items[k].gap - p->em / 8;
}

static int32_t room_space_stretch(const para *p, size_t k, size_t s, size_t ve)
{
    const item *it = &p->items[k];
    (void)s;
    (void)ve;
    return it->cls == BL_CC_SPACE ? p->em / 2 - (it->adv + it->extra) : 0;
}

static int32_t room_gap_stretch(const para *p, size_t k, size_t s, size_t ve)
{
    const item *it = &p->items[k];
    (void)s;
    (void)ve;
    return it->gap > 0 ? p->em / 3 - it->gap : 0;
}

/* Inter-character space goes after every item but the last, never inside
 * —— or …… . */
static int32_t room_inter(const para *p, size_t k, size_t s, size_t ve)
{
    const item *a = &p->items[k];
    (void)s;
    if (k + 1 >= ve)
        return 0;
    if (a->gn == 0 || p->items[k + 1].gn == 0)
        return 0; /* inside a ligature cluster */
    if ((a->cls == BL_CC_DASH || a->cls == BL_CC_ELLIPSIS) && p->items[k + 1].cls == a->cls)
        return 0;
    return INT32_MAX / 4096; /* unlimited, and a sum of them cannot overflow */
}

/* Halves the marks of one compression step in [s,ve) until the line fits.
 * Returns the width saved. */
static int32_t halve_step(para *p, size_t s, size_t ve, int step, int32_t need)
{
    int32_t saved = 0;
    size_t k;
    for (k = ve; k-- > s && saved < need;) {
        item *it = &p->items[k];
        int st = -1;
        if (!it->can_half || it->half)
            continue;
        if (k + 1 == ve && !it->blank_left)
            st = SH_END;
        else if (it->cls == BL_CC_MIDDLE)
            st = SH_MIDDLE;
        else if (it->cls == BL_CC_OPEN || it->cls == BL_CC_CLOSE)
            st = SH_BRACKET;
        else if (it->cls == BL_CC_PAUSE)
            st = SH_PAUSE;
        else if (it->cls == BL_CC_STOP)
            st = SH_STOP;
        if (st != step)
            continue;
        it->half = true;
        saved += it->adv - it->adv_half;
    }
    return saved;
}

/* Fits [s,e) to `measure`: compresses in the clreq order when too long,
 * stretches when too short and `justify`.  Returns the final width. */
static int32_t line_fit(para *p, size_t s, size_t e, int32_t measure, bool justify, bool para_start,
                        bool halve_start, bool *filled)
{
    int32_t w = line_natural(p, s, e, para_start, halve_start);
    size_t ve = last_visible(p, s, e);
    int step;

    for (step = 0; step < SH_COUNT && w > measure; step++) {
        int32_t need = w - measure;
        if (step == SH_SPACE)
            w -= share(p, s, ve, need, room_space_shrink, false, -1);
        else if (step == SH_GAP)
            w -= share(p, s, ve, need, room_gap_shrink, true, -1);
        else
            w -= halve_step(p, s, ve, step, need);
    }
    if (justify && w < measure) {
        w += share(p, s, ve, measure - w, room_space_stretch, false, 1);
        w += share(p, s, ve, measure - w, room_gap_stretch, true, 1);
        w += share(p, s, ve, measure - w, room_inter, false, 1);
    }
    *filled = w == measure;
    return w;
}

/* ---- line breaking ----------------------------------------------------- */

typedef struct brk_line {
    size_t s, e;
} brk_line;

static size_t next_break(const para *p, size_t i)
{
    size_t j = i + 1;
    while (j < p->n && !p->items[j].brk)
        j++;
    return j;
}

static size_t skip_spaces(const para *p, size_t i)
{
    while (i < p->n && p->items[i].cls == BL_CC_SPACE)
        i++;
    return i;
}

static bool has_prohibited(const para *p, size_t s, size_t e, bl_kinsoku kin)
{
    size_t k;
    for (k = s; k < e; k++)
        if (bl_text_no_start(p->items[k].cp, kin) || bl_text_no_end(p->items[k].cp, kin) ||
            p->items[k].can_half)
            return true;
    return false;
}

/* Longest line from s within `measure`; returns its end. */
static size_t fit_line(para *p, size_t s, int32_t measure, bool para_start, bool halve_start, bl_kinsoku kin)
{
    size_t e = s;
    while (e < p->n) {
        size_t j = next_break(p, e);
        int32_t w = line_natural(p, s, j, para_start, halve_start);
        if (w <= measure) {
            e = j;
            continue;
        }
        if (e == s) {
            /* One unit longer than the whole line (a long Latin word or
             * URL): split it where it overflows, at least one character. */
            size_t k = s + 1;
            while (k < j && line_natural(p, s, k + 1, para_start, halve_start) <= measure)
                k++;
            return k;
        }
        /* 先挤进: the unit holds a mark that may not be separated from what
         * precedes it; keep it here if compression makes room. */
        if (has_prohibited(p, e, j, kin) && w - shrink_capacity(p, s, j) <= measure)
            return j;
        return e; /* 后推出 */
    }
    return e;
}

static size_t visible_chars(const para *p, size_t s, size_t e)
{
    size_t k, c = 0;
    for (k = s; k < e; k++) {
        bl_char_class cl = p->items[k].cls;
        if (cl == BL_CC_HAN || cl == BL_CC_LATIN || cl == BL_CC_DIGIT || cl == BL_CC_OTHER)
            c++;
    }
    return c;
}

/* Breaks a paragraph into lines of `measure` (the first `indent` shorter).
 * *out is a new array. */
/* The measure of each line of a paragraph: in vertical text the columns
 * left on this page may be longer than those of the next page, which
 * starts below a running head. */
typedef struct measures {
    int32_t first;  /* for lines [0, nfirst) */
    size_t nfirst;
    int32_t rest;   /* for the lines after */
} measures;

static int32_t measure_at(const measures *ms, size_t line)
{
    return line < ms->nfirst ? ms->first : ms->rest;
}

static measures same_measure(int32_t m)
{
    measures ms = {m, SIZE_MAX, m};
    return ms;
}

static bl_status break_para(para *p, measures ms, int32_t indent, bool halve_start, bl_kinsoku kin,
                            bool avoid_orphan, brk_line **out, size_t *nout)
{
    brk_line *lines = NULL;
    size_t n = 0, cap = 0, s = skip_spaces(p, 0);
    while (s < p->n) {
        size_t e = fit_line(p, s, measure_at(&ms, n) - (n == 0 ? indent : 0), n == 0, halve_start, kin);
        if (!BL_GROW(&lines, &cap, n + 1)) {
            free(lines);
            return BL_ERR_NOMEM;
        }
        lines[n].s = s;
        lines[n].e = e;
        n++;
        s = skip_spaces(p, e);
    }
    /* A paragraph should not end in a line of one character.  First try to
     * take it into the line above by compression (push in); failing that,
     * bring the last unit of the line above down (push out). */
    if (avoid_orphan && n >= 2 && visible_chars(p, lines[n - 1].s, lines[n - 1].e) == 1) {
        brk_line *a = &lines[n - 2], *b = &lines[n - 1];
        int32_t m = measure_at(&ms, n - 2) - (n == 2 ? indent : 0);
        int32_t w = line_natural(p, a->s, b->e, n == 2, halve_start);
        if (w - shrink_capacity(p, a->s, b->e) <= m) {
            a->e = b->e;
            n--;
        } else {
            size_t k, lastb = a->s;
            for (k = a->s + 1; k < a->e; k++)
                if (p->items[k].brk)
                    lastb = k;
            if (lastb > a->s && visible_chars(p, a->s, lastb) >= 2 &&
                line_natural(p, lastb, b->e, false, halve_start) <= measure_at(&ms, n - 1)) {
                a->e = lastb;
                b->s = lastb;
            }
        }
    }
    *out = lines;
    *nout = n;
    return BL_OK;
}

/* ---- pages ----------------------------------------------------------------- */

typedef struct builder {
    bl_doc *doc;
    const bl_layout_opts *o;
    size_t pcap;             /* capacity of doc->pages */
    size_t lcap, gcap, rcap; /* capacities of the current page's arrays */
    bl_err *err;
} builder;

static bl_page *cur_page(builder *b)
{
    return &b->doc->pages[b->doc->npages - 1];
}

static bl_status new_page(builder *b)
{
    bl_doc *d = b->doc;
    if (!BL_GROW(&d->pages, &b->pcap, d->npages + 1))
        return BL_ERR_NOMEM;
    memset(&d->pages[d->npages], 0, sizeof *d->pages);
    d->npages++;
    b->lcap = b->gcap = b->rcap = 0;
    return BL_OK;
}

static bl_status add_rule(builder *b, int32_t x, int32_t y, int32_t w, int32_t h, int style)
{
    bl_page *pg = cur_page(b);
    if (!BL_GROW(&pg->rules, &b->rcap, pg->nrules + 1))
        return BL_ERR_NOMEM;
    pg->rules[pg->nrules++] = (bl_prule){x, y, w, h, (uint8_t)style};
    return BL_OK;
}

/* Appends one glyph to the current page; NULL when out of memory. */
static bl_pglyph *push_glyph(builder *b)
{
    bl_page *pg = cur_page(b);
    bl_pglyph *g;
    if (!BL_GROW(&pg->glyphs, &b->gcap, pg->nglyphs + 1))
        return NULL;
    g = &pg->glyphs[pg->nglyphs++];
    memset(g, 0, sizeof *g);
    g->scale = 1024;
    return g;
}

/* Starts a line (a column in vertical text) on the current page. */
static bl_pline *begin_line(builder *b, int para_no, size_t s, size_t e, bool justified)
{
    bl_page *pg = cur_page(b);
    bl_pline *ln;
    if (!BL_GROW(&pg->lines, &b->lcap, pg->nlines + 1))
        return NULL;
    ln = &pg->lines[pg->nlines++];
    memset(ln, 0, sizeof *ln);
    ln->para = para_no;
    ln->start = (uint32_t)s;
    ln->end = (uint32_t)e;
    ln->g0 = pg->nglyphs;
    ln->justified = justified;
    return ln;
}

/* The glyph-independent fields of a glyph of item `it` from shaped `sh`. */
static void glyph_from(bl_pglyph *pgl, const para *p, const item *it, const bl_shaped *sh)
{
    pgl->gid = sh->gid;
    pgl->cp = it->cp;
    pgl->style = (uint8_t)p->style;
    pgl->face = (uint8_t)sh->face;
    pgl->orient = it->orient;
    pgl->flags = (uint8_t)((sh->vert ? BL_GLYPH_VERT : 0) | (sh->missing ? BL_GLYPH_MISSING : 0) |
                           (it->half ? BL_GLYPH_HALF : 0));
}

/* Emits horizontal line [s,e) of p (already fitted) whose top-left is
 * (x, y). */
static bl_status emit_line(builder *b, para *p, int para_no, size_t s, size_t e, int32_t x, int32_t y,
                           int32_t box_w, bool justified)
{
    bl_pline *ln = begin_line(b, para_no, s, e, justified);
    size_t k, ve = last_visible(p, s, e);
    int32_t pen = 0, top = bl_font_embox_top(p->font);

    if (!ln)
        return BL_ERR_NOMEM;
    for (k = s; k < ve; k++) {
        item *it = &p->items[k];
        size_t g;
        pen += it->gap;
        if (it->cls == BL_CC_SPACE) {
            pen += (it->half ? it->adv_half : it->adv) + it->extra;
            continue;
        }
        for (g = it->g0; g < it->g0 + it->gn; g++) {
            const bl_shaped *sh = &p->glyphs[g];
            bl_pglyph *pgl = push_glyph(b);
            int32_t gadv = it->half ? sh->adv_half : sh->adv;
            if (!pgl)
                return BL_ERR_NOMEM;
            glyph_from(pgl, p, it, sh);
            pgl->x = x + pen;
            pgl->y = y;
            pgl->advance = gadv;
            pgl->ox = x + pen + (it->half ? sh->dx_half : sh->dx);
            pgl->oy = y + top + (it->half ? sh->dy_half : sh->dy);
            pen += gadv;
            ln->gn++;
        }
        pen += it->extra;
    }
    ln->x = x;
    ln->y = y;
    ln->w = justified ? box_w : pen;
    ln->h = p->em;
    return BL_OK;
}

/* Lays out a ragged block (headline parts): broken with 禁则 but not
 * justified.  Advances *y. */
static bl_status emit_block(builder *b, const char *text, int style, int para_no, int32_t x, int32_t *y,
                            int32_t measure, int pitch_pct)
{
    const bl_layout_opts *o = b->o;
    para p;
    brk_line *lines = NULL;
    size_t nl = 0, i;
    bl_status st;
    const bl_font *font = o->fonts[style] ? o->fonts[style] : o->fonts[BL_STYLE_BODY];

    if (!text || !*text)
        return BL_OK;
    st = para_prepare(&p, text, font, style, BL_DIR_H, o->kinsoku, b->err);
    if (!st)
        st = break_para(&p, same_measure(measure), 0, false, o->kinsoku, true, &lines, &nl);
    for (i = 0; !st && i < nl; i++) {
        bool filled;
        line_fit(&p, lines[i].s, lines[i].e, measure, false, i == 0, false, &filled);
        st = emit_line(b, &p, para_no, lines[i].s, lines[i].e, x, *y, measure, false);
        *y += p.em * pitch_pct / 100;
    }
    free(lines);
    para_free(&p);
    return st;
}

static int32_t style_em(const bl_layout_opts *o, int style)
{
    const bl_font *f = o->fonts[style] ? o->fonts[style] : o->fonts[BL_STYLE_BODY];
    return bl_font_px(f) * 64;
}

/* The headline block of page 1: kicker, title, subtitle, byline, rule. */
static bl_status headline_block(builder *b, const bl_article *a, int32_t x, int32_t *y, int32_t measure)
{
    bl_status st = BL_OK;
    int32_t body = style_em(b->o, BL_STYLE_BODY);
    if (!st)
        st = emit_block(b, a->kicker, BL_STYLE_KICKER, BL_PARA_KICKER, x, y, measure, 150);
    if (!st)
        st = emit_block(b, a->title, BL_STYLE_TITLE, BL_PARA_TITLE, x, y, measure, 125);
    if (!st && a->subtitle) {
        *y += body / 4;
        st = emit_block(b, a->subtitle, BL_STYLE_SUBTITLE, BL_PARA_SUBTITLE, x, y, measure, 140);
    }
    if (!st && a->byline) {
        *y += body / 4;
        st = emit_block(b, a->byline, BL_STYLE_BYLINE, BL_PARA_BYLINE, x, y, measure, 140);
    }
    if (!st) {
        int32_t rule_h = BL_MAX(64, body / 16);
        *y += body / 4;
        st = add_rule(b, x, *y, measure, rule_h, BL_STYLE_KICKER);
        *y += rule_h + body * 3 / 4;
    }
    return st;
}

/* The running head of pages after the first: title at the left, x/n at
 * the right, a hairline below. */
static bl_status running_head(builder *b, const bl_article *a, size_t pageno, size_t npages, int32_t x,
                              int32_t y, int32_t measure)
{
    const bl_layout_opts *o = b->o;
    const bl_font *font = o->fonts[BL_STYLE_HEAD] ? o->fonts[BL_STYLE_HEAD] : o->fonts[BL_STYLE_BODY];
    char num[48];
    para pn, pt;
    bl_status st;
    bool filled;
    int32_t wn, wt, em = bl_font_px(font) * 64;
    size_t e;

    snprintf(num, sizeof num, "%zu/%zu", pageno, npages);
    st = para_prepare(&pn, num, font, BL_STYLE_HEAD, BL_DIR_H, o->kinsoku, b->err);
    if (st)
        return st;
    wn = line_fit(&pn, 0, pn.n, measure, false, true, false, &filled);
    st = para_prepare(&pt, a->title, font, BL_STYLE_HEAD, BL_DIR_H, o->kinsoku, b->err);
    if (!st) {
        /* As much of the title as fits before the number, with room of 2 em. */
        int32_t room = measure - wn - 2 * em;
        e = pt.n;
        while (e > 0 && line_natural(&pt, 0, e, true, false) > room)
            e--;
        wt = line_fit(&pt, 0, e, room, false, true, false, &filled);
        (void)wt;
        st = emit_line(b, &pt, BL_PARA_HEAD, 0, e, x, y, room, false);
    }
    if (!st)
        st = emit_line(b, &pn, BL_PARA_HEAD, 0, pn.n, x + measure - wn, y, wn, false);
    if (!st)
        st = add_rule(b, x, y + em * 13 / 10, measure, BL_MAX(64, em / 24), BL_STYLE_HEAD);
    para_free(&pn);
    para_free(&pt);
    return st;
}

static int32_t head_height(const bl_layout_opts *o)
{
    return style_em(o, BL_STYLE_HEAD) * 13 / 10 + style_em(o, BL_STYLE_BODY);
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

void bl_doc_destroy(bl_doc *doc)
{
    size_t i;
    if (!doc)
        return;
    for (i = 0; i < doc->npages; i++) {
        free(doc->pages[i].lines);
        free(doc->pages[i].glyphs);
        free(doc->pages[i].rules);
    }
    free(doc->pages);
    free(doc);
}

/* Horizontal pages: rows top to bottom. */
static bl_status layout_horizontal(builder *b, const bl_article *a)
{
    const bl_layout_opts *o = b->o;
    int32_t x0 = o->margin_left * 64, y0 = o->margin_top * 64;
    int32_t measure = (o->width - o->margin_left - o->margin_right) * 64;
    int32_t bottom = (o->height - o->margin_bottom) * 64;
    int32_t em = style_em(o, BL_STYLE_BODY);
    int32_t pitch = em * o->line_pitch_pct / 100;
    int32_t y = y0;
    size_t pi;
    bl_status st;

    /* Snap the measure to whole ems would leave a ragged right edge; the
     * lines are justified to the full measure instead. */
    if (measure < 4 * em || bottom - y0 < 2 * pitch)
        return bl_err_set(b->err, BL_ERR_RANGE,
                          "frame %dx%d with margins %d,%d,%d,%d is too small for %d px text", o->width,
                          o->height, o->margin_left, o->margin_top, o->margin_right, o->margin_bottom,
                          (int)(em / 64));
    st = new_page(b);
    if (!st)
        st = headline_block(b, a, x0, &y, measure);
    if (!st && y + em > bottom)
        return bl_err_set(b->err, BL_ERR_RANGE, "the headline does not fit a %dx%d frame", o->width,
                          o->height);
    for (pi = 0; !st && pi < a->npara; pi++) {
        para p;
        brk_line *lines = NULL;
        size_t nl = 0, i;
        int32_t indent = o->indent_em * em;
        st = para_prepare(&p, a->paras[pi], o->fonts[BL_STYLE_BODY], BL_STYLE_BODY, BL_DIR_H, o->kinsoku,
                          b->err);
        if (!st)
            st = break_para(&p, same_measure(measure), indent, o->halve_line_start, o->kinsoku, true, &lines, &nl);
        for (i = 0; !st && i < nl; i++) {
            bool last = i + 1 == nl, filled;
            int32_t ind = i == 0 ? indent : 0;
            if (y + em > bottom) {
                st = new_page(b);
                y = y0 + head_height(o);
                if (st)
                    break;
            }
            line_fit(&p, lines[i].s, lines[i].e, measure - ind, !last, i == 0, o->halve_line_start, &filled);
            st = emit_line(b, &p, (int)pi, lines[i].s, lines[i].e, x0 + ind, y, measure - ind,
                           !last && filled);
            y += pitch;
        }
        free(lines);
        para_free(&p);
    }
    for (pi = 1; !st && pi < b->doc->npages; pi++) {
        size_t keep = b->doc->npages;
        /* Running heads are added to the finished pages. */
        b->doc->npages = pi + 1;
        b->lcap = b->doc->pages[pi].nlines;
        b->gcap = b->doc->pages[pi].nglyphs;
        b->rcap = b->doc->pages[pi].nrules;
        st = running_head(b, a, pi + 1, keep, x0, y0, measure);
        b->doc->npages = keep;
    }
    return st;
}

/* ---- vertical pages -------------------------------------------------------- */


/* Emits column [s,e) of p (already fitted) whose centre is cx and whose
 * top is ty.  Upright glyphs hang from the pen at the column's centre (the
 * font's vertical origin); rotated runs are horizontal text turned 90°
 * clockwise about a baseline that centres their em box in the column;
 * 縦中横 cells are horizontal text centred in one em of the column,
 * narrowed to fit when three digits are wider than an em. */
static bl_status emit_column(builder *b, para *p, int para_no, size_t s, size_t e, int32_t cx, int32_t ty,
                             int32_t box_h, bool justified)
{
    bl_pline *ln = begin_line(b, para_no, s, e, justified);
    size_t k, ve = last_visible(p, s, e);
    int32_t pen = 0, em = p->em, top = bl_font_embox_top(p->font);
    int32_t cell_x = cx - em / 2;
    int32_t baseline_x = cx - (top - em / 2); /* for rotated runs */

    if (!ln)
        return BL_ERR_NOMEM;
    for (k = s; k < ve; k++) {
        item *it = &p->items[k];
        size_t g;
        pen += it->gap;
        if (it->cls == BL_CC_SPACE) {
            pen += (it->half ? it->adv_half : it->adv) + it->extra;
            continue;
        }
        if (it->orient == BL_ORIENT_TCY) {
            size_t j;
            int32_t scale = 1024, hp = 0, x_start;
            if (!it->tcy_n) {
                pen += it->extra;
                continue; /* drawn with the cell's first digit */
            }
            if (it->tcy_w > em)
                scale = (int32_t)((int64_t)em * 1024 / it->tcy_w);
            x_start = cx - (int32_t)((int64_t)it->tcy_w * scale / 1024) / 2;
            for (j = k; j < k + it->tcy_n && j < ve; j++) {
                const item *d = &p->items[j];
                for (g = d->g0; g < d->g0 + d->gn; g++) {
                    const bl_shaped *sh = &p->glyphs[g];
                    bl_pglyph *pgl = push_glyph(b);
                    if (!pgl)
                        return BL_ERR_NOMEM;
                    glyph_from(pgl, p, d, sh);
                    pgl->scale = scale;
                    pgl->x = cell_x;
                    pgl->y = ty + pen;
                    pgl->advance = em;
                    pgl->ox = x_start + (int32_t)((int64_t)(hp + sh->dx) * scale / 1024);
                    pgl->oy = ty + pen + top + sh->dy;
                    hp += sh->adv;
                    ln->gn++;
                }
            }
            pen += it->adv + it->extra;
            continue;
        }
        for (g = it->g0; g < it->g0 + it->gn; g++) {
            const bl_shaped *sh = &p->glyphs[g];
            bl_pglyph *pgl = push_glyph(b);
            int32_t gadv = it->half ? sh->adv_half : sh->adv;
            int32_t dx = it->half ? sh->dx_half : sh->dx, dy = it->half ? sh->dy_half : sh->dy;
            if (!pgl)
                return BL_ERR_NOMEM;
            glyph_from(pgl, p, it, sh);
            pgl->x = cell_x;
            pgl->y = ty + pen;
            pgl->advance = gadv;
            if (it->orient == BL_ORIENT_ROTATED) {
                /* (dx, dy) along and across the baseline turn into (-dy, dx) */
                pgl->ox = baseline_x - dy;
                pgl->oy = ty + pen + dx;
            } else {
                pgl->ox = cx + dx;
                pgl->oy = ty + pen + dy;
            }
            pen += gadv;
            ln->gn++;
        }
        pen += it->extra;
    }
    ln->x = cell_x;
    ln->y = ty;
    ln->w = em;
    ln->h = justified ? box_h : pen;
    return BL_OK;
}

/* A ragged block of columns (the headline parts), right to left from the
 * right edge *edge; leaves *edge at the left edge of its last column. */
static bl_status emit_block_v(builder *b, const char *text, int style, int para_no, int32_t *edge, int32_t ty,
                              int32_t measure, int pitch_pct)
{
    const bl_layout_opts *o = b->o;
    para p;
    brk_line *lines = NULL;
    size_t nl = 0, i;
    bl_status st;
    const bl_font *font = o->fonts[style] ? o->fonts[style] : o->fonts[BL_STYLE_BODY];

    if (!text || !*text)
        return BL_OK;
    st = para_prepare(&p, text, font, style, BL_DIR_V, o->kinsoku, b->err);
    if (!st)
        st = break_para(&p, same_measure(measure), 0, false, o->kinsoku, true, &lines, &nl);
    for (i = 0; !st && i < nl; i++) {
        bool filled;
        int32_t cx = *edge - p.em / 2 - (int32_t)i * (p.em * pitch_pct / 100);
        line_fit(&p, lines[i].s, lines[i].e, measure, false, i == 0, false, &filled);
        st = emit_column(b, &p, para_no, lines[i].s, lines[i].e, cx, ty, measure, false);
        if (i + 1 == nl)
            *edge = cx - p.em / 2;
    }
    free(lines);
    para_free(&p);
    return st;
}

/* Vertical pages: columns top to bottom, right to left; the headline block
 * is the first and largest columns at the right of page 1. */
static bl_status layout_vertical(builder *b, const bl_article *a)
{
    const bl_layout_opts *o = b->o;
    int32_t left = o->margin_left * 64, right = (o->width - o->margin_right) * 64;
    int32_t y0 = o->margin_top * 64, bottom = (o->height - o->margin_bottom) * 64;
    int32_t em = style_em(o, BL_STYLE_BODY);
    int32_t pitch = em * (100 + o->column_gap_pct) / 100;
    int32_t measure = bottom - y0, ty = y0;
    int32_t cx, rule_w = BL_MAX(64, em / 16);
    size_t pi;
    bl_status st;

    if (measure < 4 * em || right - left < 3 * pitch)
        return bl_err_set(b->err, BL_ERR_RANGE,
                          "frame %dx%d with margins %d,%d,%d,%d is too small for %d px vertical text", o->width,
                          o->height, o->margin_left, o->margin_top, o->margin_right, o->margin_bottom,
                          (int)(em / 64));
    st = new_page(b);
    if (st)
        return st;
    /* The headline block in reading order, right to left: kicker, title,
     * subtitle, byline, then a rule down the page before the body. */
    {
        int32_t edge = right;
        st = emit_block_v(b, a->kicker, BL_STYLE_KICKER, BL_PARA_KICKER, &edge, ty, measure, 150);
        if (!st && a->kicker)
            edge -= em / 2;
        if (!st)
            st = emit_block_v(b, a->title, BL_STYLE_TITLE, BL_PARA_TITLE, &edge, ty, measure, 125);
        if (!st && a->subtitle) {
            edge -= em / 2;
            st = emit_block_v(b, a->subtitle, BL_STYLE_SUBTITLE, BL_PARA_SUBTITLE, &edge, ty, measure, 140);
        }
        if (!st && a->byline) {
            edge -= em / 2;
            st = emit_block_v(b, a->byline, BL_STYLE_BYLINE, BL_PARA_BYLINE, &edge, ty, measure, 140);
        }
        edge -= em / 2;
        if (!st)
            st = add_rule(b, edge - rule_w, ty, rule_w, measure, BL_STYLE_KICKER);
        cx = edge - rule_w - em * 3 / 4 - em / 2;
    }
    if (!st && cx - em / 2 < left)
        return bl_err_set(b->err, BL_ERR_RANGE, "the headline does not fit a %dx%d frame", o->width, o->height);
    for (pi = 0; !st && pi < a->npara; pi++) {
        para p;
        brk_line *lines = NULL;
        size_t nl = 0, i;
        int32_t indent = o->indent_em * em;
        st = para_prepare(&p, a->paras[pi], o->fonts[BL_STYLE_BODY], BL_STYLE_BODY, BL_DIR_V, o->kinsoku,
                          b->err);
        if (!st) {
            /* columns left on this page, and the shorter ones after it */
            measures ms;
            ms.first = measure;
            ms.nfirst = cx - em / 2 < left ? 0 : (size_t)((cx - em / 2 - left) / pitch) + 1;
            ms.rest = bottom - (y0 + head_height(o));
            st = break_para(&p, ms, indent, o->halve_line_start, o->kinsoku, true, &lines, &nl);
        }
        for (i = 0; !st && i < nl; i++) {
            bool last = i + 1 == nl, filled;
            int32_t ind = i == 0 ? indent : 0;
            if (cx - em / 2 < left) {
                st = new_page(b);
                if (st)
                    break;
                ty = y0 + head_height(o);
                measure = bottom - ty;
                cx = right - em / 2;
            }
            line_fit(&p, lines[i].s, lines[i].e, measure - ind, !last, i == 0, o->halve_line_start, &filled);
            st = emit_column(b, &p, (int)pi, lines[i].s, lines[i].e, cx, ty + ind, measure - ind,
                             !last && filled);
            cx -= pitch;
        }
        free(lines);
        para_free(&p);
    }
    for (pi = 1; !st && pi < b->doc->npages; pi++) {
        size_t keep = b->doc->npages;
        b->doc->npages = pi + 1;
        b->lcap = b->doc->pages[pi].nlines;
        b->gcap = b->doc->pages[pi].nglyphs;
        b->rcap = b->doc->pages[pi].nrules;
        st = running_head(b, a, pi + 1, keep, left, y0, right - left);
        b->doc->npages = keep;
    }
    return st;
}

/* ---- headline screens ------------------------------------------------------ */

/* Emits entries from `first` until the page is full; returns how many
 * were placed.  An entry that does not fit whole is taken back. */
static bl_status headline_entries(builder *b, const bl_headline *items, size_t n, size_t first, int marked,
                                  size_t *placed)
{
    const bl_layout_opts *o = b->o;
    int32_t em = style_em(o, BL_STYLE_BODY), lem = style_em(o, BL_STYLE_LIST);
    int32_t left = o->margin_left * 64, right = (o->width - o->margin_right) * 64;
    int32_t top = o->margin_top * 64, bottom = (o->height - o->margin_bottom) * 64;
    int32_t bar = BL_MAX(3 * 64, em / 5), inset = bar + em / 2;
    int32_t pos = o->mode == BL_MODE_VERTICAL ? right : top; /* advances left, or down */
    size_t i;
    bl_status st = BL_OK;

    *placed = 0;
    for (i = first; i < n && !st; i++) {
        bl_page *pg = cur_page(b);
        size_t nl = pg->nlines, ng = pg->nglyphs, nr = pg->nrules;
        int32_t start = pos;
        bool fits;
        if (o->mode == BL_MODE_VERTICAL) {
            int32_t edge = pos, col_top = top + inset;
            st = emit_block_v(b, items[i].kicker, BL_STYLE_KICKER, -(int)i - 100, &edge, col_top, bottom - col_top,
                              140);
            if (!st && items[i].kicker && *items[i].kicker)
                edge -= em / 4;
            if (!st)
                st = emit_block_v(b, items[i].title, BL_STYLE_LIST, (int)i, &edge, col_top, bottom - col_top, 120);
            fits = edge >= left;
            if (!st && fits && (int)i == marked)
                st = add_rule(b, edge, top, start - edge, bar, BL_STYLE_KICKER);
            pos = edge - lem;
        } else {
            int32_t y = pos;
            st = emit_block(b, items[i].kicker, BL_STYLE_KICKER, -(int)i - 100, left + inset, &y,
                            right - left - inset, 140);
            if (!st)
                st = emit_block(b, items[i].title, BL_STYLE_LIST, (int)i, left + inset, &y, right - left - inset,
                                125);
            /* the last line's pitch includes leading below the em box */
            fits = y - lem / 4 <= bottom;
            if (!st && fits && (int)i == marked)
                st = add_rule(b, left, start, bar, y - start - lem / 4, BL_STYLE_KICKER);
            pos = y + em * 3 / 4;
        }
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

    *out = NULL;
    st = doc_begin(&b, o, err);
    if (st)
        return st;
    st = o->mode == BL_MODE_VERTICAL ? layout_vertical(&b, a) : layout_horizontal(&b, a);
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
            fprintf(f, "%s\n {\"para\":%d,\"start\":%u,\"end\":%u,\"x\":", li ? "," : "", ln->para,
                    (unsigned)ln->start, (unsigned)ln->end);
            json_num(f, ln->x);
            fputs(",\"y\":", f);
            json_num(f, ln->y);
            fputs(",\"w\":", f);
            json_num(f, ln->w);
            fputs(",\"h\":", f);
            json_num(f, ln->h);
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
                    fputs(",\"x\":", f);
                    json_num(f, g->x);
                    fputs(",\"y\":", f);
                    json_num(f, g->y);
                    fputs(",\"advance\":", f);
                    json_num(f, g->advance);
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
        fputs("]}", f);
    }
    fputs("\n]}\n", f);
    return ferror(f) ? BL_ERR_IO : BL_OK;
}
