/*
 * para.c - Chinese line composition for one paragraph (see para.h).
 *
 * A paragraph is decoded, shaped once (with and without the font's
 * half-width feature, so every mark knows both widths), then broken into
 * lines greedily at the break opportunities text.c allows.  When the next
 * unit does not fit, clreq's order applies (先挤进，后推出): first try to
 * keep it on this line by compressing punctuation, and only if that fails
 * push it to the next line.  Each line is then compressed or stretched to
 * the measure in the order typesetting.md gives.
 */
#include "layout/para.h"

#include "core/buf.h"
#include "core/utf8.h"
#include "layout/layout.h"

#include <stdlib.h>
#include <string.h>

/* ---- items: one per code point of a paragraph --------------------------- */

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
static bool is_west_item(const bl__item *it, bl_dir dir)
{
    if (dir == BL_DIR_V)
        return it->orient == BL_ORIENT_ROTATED && is_westish(it->cls);
    return is_westish(it->cls);
}

static bool is_punct_blank(const bl__item *it)
{
    return it->can_half;
}

void bl__para_free(bl__para *p)
{
    free(p->cps);
    free(p->items);
    free(p->glyphs);
    memset(p, 0, sizeof *p);
}

/* A sign that goes with the number after it down a column (-5 +8 ±0.5
 * −3): set in the number's run, so a minus never stands upright as 一. */
static bool is_run_sign(const uint32_t *cps, size_t n, size_t i)
{
    uint32_t c = cps[i];
    return (c == '-' || c == '+' || c == 0xB1 || c == 0x2212) && i + 1 < n &&
           bl_text_class(cps[i + 1]) == BL_CC_DIGIT;
}

/* A proportional (not full-width) sign or currency before a digit:
 * - + ± − $ ¥ £ € #.  Full-width ￥ ＋ stand upright like ideographs. */
static bool is_run_prefix(const uint32_t *cps, size_t n, size_t i)
{
    uint32_t c = cps[i];
    return (c == '-' || c == 0x2212 || c == 0x20AC || (c < 0x2000 && bl_text_class(c) == BL_CC_PREFIX)) &&
           i + 1 < n && (bl_text_class(cps[i + 1]) == BL_CC_DIGIT || is_run_prefix(cps, n, i + 1));
}

/* Starts a Western run in vertical text: a letter, a digit or a sign
 * before a digit. */
static bool starts_west_run(const uint32_t *cps, size_t n, size_t i)
{
    return is_westish(bl_text_class(cps[i])) || is_run_prefix(cps, n, i);
}

/* Goes on a Western run after a digit: the proportional marks of a
 * number set with it (36.5° 0′58″ 3×4) rather than upright after it,
 * where ° would read as 。. */
static bool continues_number(const uint32_t *cps, size_t n, size_t j)
{
    uint32_t c = cps[j];
    if (j == 0 || bl_text_class(cps[j - 1]) != BL_CC_DIGIT)
        return false;
    if (c == 0xB0 || c == 0x2032 || c == 0x2033)
        return true;
    return (c == 0xD7 || c == 0xF7) && j + 1 < n && bl_text_class(cps[j + 1]) == BL_CC_DIGIT;
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
        bool emoji = false;
        if (j > i && bl_text_cluster_end(cps, n, j, &emoji) && emoji)
            break; /* a keycap 1️⃣ stands upright as an emoji */
        if (is_westish(bl_text_class(c)) || (c > 0x20 && c < 0x7F) || is_run_prefix(cps, n, j) ||
            continues_number(cps, n, j)) {
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
 * three digits across one cell (縦中横), a sign counting as a digit
 * (-5); one digit, one letter or a short capital acronym upright;
 * anything longer (words, 2026, 12.5%) rotated 90° clockwise. */
static bl_orient west_run_orient(const uint32_t *cps, size_t s, size_t e)
{
    size_t k, n = e - s;
    bool digits = true, caps = true;
    for (k = s; k < e; k++) {
        digits &= bl_text_class(cps[k]) == BL_CC_DIGIT || (k == s && is_run_sign(cps, e, k));
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
static bl_status vertical_runs(bl__para *p, bl_err *err)
{
    bl_shaped *out = NULL;
    size_t nout = 0, cap = 0, gi = 0, i = 0;
    bl_status st = BL_OK;

    while (i < p->n && !st) {
        size_t e;
        bl_orient o;
        bl_shaped *run = NULL;
        size_t nrun = 0, k;
        bool emoji;
        e = bl_text_cluster_end(p->cps, p->n, i, &emoji);
        if (!starts_west_run(p->cps, p->n, i) || emoji) {
            /* copy the top-to-bottom glyphs of this character (or emoji
             * sequence, upright like an ideograph) */
            while (gi < p->nglyphs && p->glyphs[gi].cluster < i)
                gi++;
            while (gi < p->nglyphs && p->glyphs[gi].cluster < e) {
                if (!BL_GROW(&out, &cap, nout + 1)) {
                    st = BL_ERR_NOMEM;
                    break;
                }
                out[nout++] = p->glyphs[gi++];
            }
            i = e;
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
bl_status bl__para_prepare(bl__para *p, const char *text, const bl_font *font, int style, bl_dir dir,
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
        bl__item *it = &p->items[i];
        it->cp = p->cps[i];
        it->cls = (uint8_t)bl_text_class(it->cp);
        it->brk = brk[i];
        it->blank_left = it->cls == BL_CC_OPEN;
    }
    free(brk);
    /* An emoji sequence is set like an ideograph, a keycap 1️⃣ too (no
     * Han-Latin gap on one side of it). */
    for (i = 0; i < p->n;) {
        bool emoji;
        size_t e = bl_text_cluster_end(p->cps, p->n, i, &emoji);
        if (emoji)
            p->items[i].cls = BL_CC_HAN;
        i = e;
    }
    /* Attach glyphs to the item of their cluster; glyphs come in logical
     * order with non-decreasing clusters. */
    for (i = 0; i < p->nglyphs; i++) {
        bl__item *it = &p->items[p->glyphs[i].cluster < p->n ? p->glyphs[i].cluster : p->n - 1];
        if (it->gn == 0)
            it->g0 = i;
        it->gn++;
        it->adv += p->glyphs[i].adv;
        it->adv_half += p->glyphs[i].adv_half;
    }
    /* A 縦中横 cell is one em down the column, whatever its digits. */
    for (i = 0; i < p->n; i++) {
        bl__item *it = &p->items[i];
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
        bl__item *it = &p->items[i];
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
size_t bl__para_last_visible(const bl__para *p, size_t s, size_t e)
{
    while (e > s && p->items[e - 1].cls == BL_CC_SPACE)
        e--;
    return e; /* exclusive */
}

/* Sets the compression state of [s,e) for its natural width: adjacent
 * marks, the line-start opening mark, and the Han-Latin gaps; clears
 * justification.  Returns the natural width. */
int32_t bl__para_natural(bl__para *p, size_t s, size_t e, bool para_start, bool halve_start)
{
    int32_t w = 0;
    size_t k, ve = bl__para_last_visible(p, s, e);
    for (k = s; k < e; k++) {
        bl__item *it = &p->items[k];
        it->half = false;
        it->gap = 0;
        it->extra = 0;
    }
    for (k = s; k < ve; k++) {
        bl__item *it = &p->items[k];
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
        bl__item *it = &p->items[k];
        if (k > s) {
            const bl__item *prev = &p->items[k - 1];
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

static int32_t space_min(const bl__para *p) { return p->em / 4; }

/* How much [s,e) could shrink by every compression step together (the
 * test for push-in). */
static int32_t shrink_capacity(const bl__para *p, size_t s, size_t e)
{
    int32_t cap = 0;
    size_t k, ve = bl__para_last_visible(p, s, e);
    for (k = s; k < ve; k++) {
        const bl__item *it = &p->items[k];
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
typedef int32_t (*room_fn)(const bl__para *p, size_t k, size_t s, size_t ve);

static int32_t share(bl__para *p, size_t s, size_t ve, int32_t amount, room_fn room, bool into_gap, int sign)
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

static int32_t room_space_shrink(const bl__para *p, size_t k, size_t s, size_t ve)
{
    const bl__item *it = &p->items[k];
    (void)s;
    (void)ve;
    /* A space's width shrinks through a negative extra. */
    return it->cls == BL_CC_SPACE ? it->adv + it->extra - space_min(p) : 0;
}

static int32_t room_gap_shrink(const bl__para *p, size_t k, size_t s, size_t ve)
{
    (void)s;
    (void)ve;
    return p->items[k].gap - p->em / 8;
}

static int32_t room_space_stretch(const bl__para *p, size_t k, size_t s, size_t ve)
{
    const bl__item *it = &p->items[k];
    (void)s;
    (void)ve;
    return it->cls == BL_CC_SPACE ? p->em / 2 - (it->adv + it->extra) : 0;
}

static int32_t room_gap_stretch(const bl__para *p, size_t k, size_t s, size_t ve)
{
    const bl__item *it = &p->items[k];
    (void)s;
    (void)ve;
    return it->gap > 0 ? p->em / 3 - it->gap : 0;
}

/* Inter-character space goes after every item but the last, never inside
 * —— or …… . */
static int32_t room_inter(const bl__para *p, size_t k, size_t s, size_t ve)
{
    const bl__item *a = &p->items[k];
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
static int32_t halve_step(bl__para *p, size_t s, size_t ve, int step, int32_t need)
{
    int32_t saved = 0;
    size_t k;
    for (k = ve; k-- > s && saved < need;) {
        bl__item *it = &p->items[k];
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
int32_t bl__para_fit(bl__para *p, size_t s, size_t e, int32_t measure, bool justify, bool para_start,
                     bool halve_start, bool *filled)
{
    int32_t w = bl__para_natural(p, s, e, para_start, halve_start);
    size_t ve = bl__para_last_visible(p, s, e);
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

static size_t next_break(const bl__para *p, size_t i)
{
    size_t j = i + 1;
    while (j < p->n && !p->items[j].brk)
        j++;
    return j;
}

static size_t skip_spaces(const bl__para *p, size_t i)
{
    while (i < p->n && p->items[i].cls == BL_CC_SPACE)
        i++;
    return i;
}

static bool has_prohibited(const bl__para *p, size_t s, size_t e, bl_kinsoku kin)
{
    size_t k;
    for (k = s; k < e; k++)
        if (bl_text_no_start(p->items[k].cp, kin) || bl_text_no_end(p->items[k].cp, kin) ||
            p->items[k].can_half)
            return true;
    return false;
}

/* Longest line from s within `measure`; returns its end. */
static size_t fit_line(bl__para *p, size_t s, int32_t measure, bool para_start, bool halve_start, bl_kinsoku kin)
{
    size_t e = s;
    while (e < p->n) {
        size_t j = next_break(p, e);
        int32_t w = bl__para_natural(p, s, j, para_start, halve_start);
        if (w <= measure) {
            e = j;
            continue;
        }
        if (e == s) {
            /* One unit longer than the whole line: keep it whole if
             * compressing its marks makes room (a phone number and the ，
             * after it); else (a long Latin word or URL) split it where it
             * overflows, at least one character. */
            size_t k = s + 1;
            if (w - shrink_capacity(p, s, j) <= measure)
                return j;
            while (k < j && bl__para_natural(p, s, k + 1, para_start, halve_start) <= measure)
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

static size_t visible_chars(const bl__para *p, size_t s, size_t e)
{
    size_t k, c = 0;
    for (k = s; k < e; k++) {
        bl_char_class cl = p->items[k].cls;
        if (cl == BL_CC_HAN || cl == BL_CC_LATIN || cl == BL_CC_DIGIT || cl == BL_CC_OTHER)
            c++;
    }
    return c;
}

static int32_t measure_at(const bl__measures *ms, size_t line)
{
    return line < ms->nfirst ? ms->first : ms->rest;
}

bl_status bl__para_break(bl__para *p, bl__measures ms, int32_t indent, size_t from, bool halve_start,
                         bl_kinsoku kin, bl__span **out, size_t *nout)
{
    bl__span *lines = NULL;
    size_t n = 0, cap = 0, s = skip_spaces(p, from);
    bool whole = from == 0; /* the first line is the paragraph's */
    if (!whole)
        indent = 0;
    while (s < p->n) {
        size_t e = fit_line(p, s, measure_at(&ms, n) - (n == 0 ? indent : 0), whole && n == 0, halve_start, kin);
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
    if (n >= 2 && visible_chars(p, lines[n - 1].s, lines[n - 1].e) == 1) {
        bl__span *a = &lines[n - 2], *b = &lines[n - 1];
        int32_t m = measure_at(&ms, n - 2) - (n == 2 ? indent : 0);
        int32_t w = bl__para_natural(p, a->s, b->e, whole && n == 2, halve_start);
        if (w - shrink_capacity(p, a->s, b->e) <= m) {
            a->e = b->e;
            n--;
        } else {
            size_t k, lastb = a->s;
            for (k = a->s + 1; k < a->e; k++)
                if (p->items[k].brk)
                    lastb = k;
            if (lastb > a->s && visible_chars(p, a->s, lastb) >= 2 &&
                bl__para_natural(p, lastb, b->e, false, halve_start) <= measure_at(&ms, n - 1)) {
                a->e = lastb;
                b->s = lastb;
            }
        }
    }
    *out = lines;
    *nout = n;
    return BL_OK;
}
