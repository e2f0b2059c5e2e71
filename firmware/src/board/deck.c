/*
 * deck.c - see deck.h.
 *
 * Slots hold the current layout of each article; a handle is
 * (incarnation << 32) | slot, and a slot's incarnation grows each time
 * the slot is given to another article, so a stale handle never finds a
 * stranger.  A handle finds its slot's newest layout (a changed article
 * shows its new version from the next slide drawn on), or, for an article
 * that left the source, its layout among the retired ones.
 */
#include "board/deck.h"

#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TAG "board"

/* An article as laid out for the board; owns copies of what it shows. */
typedef struct record {
    bl_deck_article pub;  /* points into the fields below */
    char *id, *title, *kicker;
    bl_doc *doc;
    int *page_chars;
    uint64_t key;        /* the source's key */
    uint64_t generation; /* the source's generation laid out */
    bl_article_lang lang; /* laid out in its faces */
    unsigned epoch;      /* the deck's mode epoch laid out in */
    uint32_t slot, inc;  /* its handle */
} record;

struct bl_deck {
    bl_layout_opts lo; /* slide area; mode set per article */
    const bl_converter *conv; /* the board's script, or NULL: as written */
    struct {
        bl_orient_cfg orientation;
    } cfg;
    int W, H;          /* logical frame */
    bool flip_mode;    /* toggled by the orientation key */
    unsigned epoch;    /* counts mode flips */
    uint64_t layouts;  /* counts layouts made, for bl_deck_article.layout */
    uint64_t generation; /* counts updates */
    record **slots;    /* current layout per slot, NULL: free */
    uint32_t *inc;     /* incarnation per slot */
    bool *seen;        /* scratch for an update */
    size_t nslots, cap_slots, cap_inc, cap_seen;
    record **retired;  /* articles that left, while the list in force may name them */
    size_t nretired, cap_retired;
};

static void record_free(record *r)
{
    if (!r)
        return;
    free(r->id);
    free(r->title);
    free(r->kicker);
    free(r->page_chars);
    bl_doc_destroy(r->doc);
    free(r);
}

bl_status bl_deck_create(const bl_layout_opts *lo, bl_orient_cfg orientation, int w, int h, bl_deck **out,
                         bl_err *err)
{
    bl_deck *d = calloc(1, sizeof *d);
    *out = NULL;
    if (!d)
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    d->lo = *lo;
    d->cfg.orientation = orientation;
    d->W = w;
    d->H = h;
    *out = d;
    return BL_OK;
}

void bl_deck_set_converter(bl_deck *d, const bl_converter *c)
{
    d->conv = c;
}

void bl_deck_destroy(bl_deck *d)
{
    size_t i;
    if (!d)
        return;
    for (i = 0; i < d->nslots; i++)
        record_free(d->slots[i]);
    for (i = 0; i < d->nretired; i++)
        record_free(d->retired[i]);
    free(d->slots);
    free(d->inc);
    free(d->seen);
    free(d->retired);
    free(d);
}

/* The board-wide writing mode: the configuration, auto by the shape of
 * the screen, flipped by the orientation key. */
static bl_mode board_mode(const bl_deck *b)
{
    bl_mode m;
    if (b->cfg.orientation == BL_ORIENT_CFG_HORIZONTAL)
        m = BL_MODE_HORIZONTAL;
    else if (b->cfg.orientation == BL_ORIENT_CFG_VERTICAL)
        m = BL_MODE_VERTICAL;
    else
        m = b->W > b->H ? BL_MODE_VERTICAL : BL_MODE_HORIZONTAL;
    if (b->flip_mode)
        m = m == BL_MODE_VERTICAL ? BL_MODE_HORIZONTAL : BL_MODE_VERTICAL;
    return m;
}

/* An article's mode: what it asks for, else the board's. */
static bl_mode article_mode(const bl_deck *b, const bl_article *a)
{
    if (!b->flip_mode && a->orientation == BL_ARTICLE_ORIENT_VERTICAL)
        return BL_MODE_VERTICAL;
    if (!b->flip_mode && a->orientation == BL_ARTICLE_ORIENT_HORIZONTAL)
        return BL_MODE_HORIZONTAL;
    return board_mode(b);
}

/* Characters on a page (body and headline lines), for the dwell time. */
static int page_chars(const bl_page *pg)
{
    size_t i;
    int n = 0;
    for (i = 0; i < pg->nlines; i++)
        if (pg->lines[i].para != BL_PARA_HEAD)
            n += (int)pg->lines[i].gn;
    return n;
}

static uint64_t handle_of(const record *r)
{
    return (uint64_t)r->inc << 32 | r->slot;
}

/* Lays out article a (source entry e) with the fonts of lo_fonts (the
 * deck's, or a worker's own) in the deck's mode as of epoch; NULL,
 * logged, if it cannot be.  Touches nothing of the deck but what it
 * reads, so a worker thread may call it while the deck is drawn from. */
static record *lay_out(const bl_deck *d, const bl_layout_opts *lo_fonts, unsigned epoch, const bl_source_entry *e,
                       const bl_article *a)
{
    bl_layout_opts lo = d->lo;
    record *r = calloc(1, sizeof *r);
    bl_err err;
    size_t p;
    if (!r)
        return NULL;
    memcpy(lo.fonts, lo_fonts->fonts, sizeof lo.fonts);
    memcpy(lo.lang_fonts, lo_fonts->lang_fonts, sizeof lo.lang_fonts);
    lo.mode = article_mode(d, a);
    if (bl_layout_article(a, &lo, &r->doc, &err)) {
        BL_LOGW(TAG, "%s: %s; not shown", e->name, err.msg);
        record_free(r);
        return NULL;
    }
    r->id = bl_strdup(e->name);
    r->title = bl_strdup(a->title);
    r->kicker = bl_strdup(a->kicker);
    r->page_chars = calloc(r->doc->npages, sizeof *r->page_chars);
    if (!r->id || !r->title || !r->page_chars || (a->kicker && !r->kicker)) {
        record_free(r);
        return NULL;
    }
    for (p = 0; p < r->doc->npages; p++)
        r->page_chars[p] = page_chars(&r->doc->pages[p]);
    r->key = e->key;
    r->generation = e->generation;
    r->lang = a->lang;
    r->epoch = epoch;
    r->pub.id = r->id;
    r->pub.title = r->title;
    r->pub.kicker = r->kicker;
    r->pub.doc = r->doc;
    r->pub.mode = lo.mode;
    return r;
}

/* The slot holding the source's key, or -1.  Quadratic over an update,
 * fine for a board's few hundred articles; *hint makes the usual case
 * (the same order as last time) linear. */
static long find_slot(const bl_deck *d, uint64_t key, size_t *hint)
{
    size_t i;
    for (i = 0; i < d->nslots; i++) {
        size_t k = (*hint + i) % d->nslots;
        if (d->slots[k] && d->slots[k]->key == key) {
            *hint = k + 1;
            return (long)k;
        }
    }
    return -1;
}

/* A free slot (its incarnation raised), or -1 when out of memory. */
static long take_slot(bl_deck *d)
{
    size_t i;
    for (i = 0; i < d->nslots; i++)
        if (!d->slots[i])
            break;
    if (i == d->nslots) {
        if (!BL_GROW(&d->slots, &d->cap_slots, d->nslots + 1) || !BL_GROW(&d->inc, &d->cap_inc, d->nslots + 1) ||
            !BL_GROW(&d->seen, &d->cap_seen, d->nslots + 1))
            return -1;
        d->slots[i] = NULL;
        d->inc[i] = 0;
        d->seen[i] = false;
        d->nslots++;
    }
    d->inc[i]++;
    return (long)i;
}

/* Moves slot i's layout to the retired ones; the slot becomes free. */
static void retire(bl_deck *d, size_t i)
{
    if (BL_GROW(&d->retired, &d->cap_retired, d->nretired + 1))
        d->retired[d->nretired++] = d->slots[i];
    else
        record_free(d->slots[i]);
    d->slots[i] = NULL;
}

/* One article of a plan: a new layout, or the one the deck has. */
typedef struct plan_entry {
    uint64_t key;
    record *nr;    /* new layout (owned), or NULL: keep the deck's */
    bool failed;   /* could not be laid out: left out */
    int priority;
    int64_t show_from, show_until;
} plan_entry;

struct bl_deck_plan {
    unsigned epoch;    /* the deck's mode epoch it was laid out in */
    char *where;       /* the source's, for the message */
    plan_entry *e;
    size_t n;
};

void bl_deck_plan_destroy(bl_deck_plan *p)
{
    size_t i;
    if (!p)
        return;
    for (i = 0; i < p->n; i++)
        record_free(p->e[i].nr);
    free(p->e);
    free(p->where);
    free(p);
}

/* The current layout of the source's key, or NULL (see find_slot). */
static const record *current(const bl_deck *d, uint64_t key, size_t *hint)
{
    long slot = find_slot(d, key, hint);
    return slot >= 0 ? d->slots[slot] : NULL;
}

bl_deck_plan *bl_deck_prepare(const bl_deck *d, const bl_source *src, const bl_layout_opts *fonts)
{
    size_t n = bl_source_count(src), i, hint = 0;
    bl_deck_plan *p = calloc(1, sizeof *p);
    if (!p || !(p->e = calloc(n ? n : 1, sizeof *p->e)) || !(p->where = bl_strdup(bl_source_where(src)))) {
        bl_deck_plan_destroy(p);
        BL_LOGE(TAG, "out of memory laying out the articles; keeping the old ones");
        return NULL;
    }
    p->epoch = d->epoch;
    for (i = 0; i < n; i++) {
        const bl_article *a = bl_source_article(src, i);
        plan_entry *pe = &p->e[p->n];
        const record *r;
        bl_source_entry e;
        if (!a || !bl_source_entry_at(src, i, &e))
            continue;
        pe->key = e.key;
        pe->priority = a->priority;
        pe->show_from = a->show_from;
        pe->show_until = a->show_until;
        r = current(d, e.key, &hint);
        if (!r || r->generation != e.generation || r->epoch != d->epoch) {
            /* in the board's script: a converted copy, laid out in its faces */
            bl_article *shown = NULL;
            bl_err err;
            if (bl_converter_article(d->conv, a, &shown, &err))
                BL_LOGW(TAG, "%s; shown as written", err.msg);
            pe->nr = lay_out(d, fonts ? fonts : &d->lo, d->epoch, &e, shown ? shown : a);
            pe->failed = !pe->nr;
            bl_article_destroy(shown);
        }
        p->n++;
    }
    return p;
}

bool bl_deck_apply(bl_deck *d, bl_deck_plan *p, bl_sched *sched)
{
    bl_sched_item *items;
    size_t i, k = 0, hint = 0;
    if (!p)
        return true;
    if (p->epoch != d->epoch) { /* laid out in the mode before a flip */
        bl_deck_plan_destroy(p);
        return false;
    }
    items = calloc(p->n ? p->n : 1, sizeof *items);
    if (!items) {
        BL_LOGE(TAG, "out of memory laying out the articles; keeping the old ones");
        bl_deck_plan_destroy(p);
        return true;
    }
    for (i = 0; i < d->nslots; i++)
        d->seen[i] = false;
    for (i = 0; i < p->n; i++) {
        plan_entry *pe = &p->e[i];
        long slot = find_slot(d, pe->key, &hint);
        record *r = slot >= 0 ? d->slots[slot] : NULL;
        if (pe->failed) {
            if (r)
                retire(d, (size_t)slot); /* its last layout stays while it is needed */
            continue;
        }
        if (pe->nr) {
            record *nr = pe->nr;
            pe->nr = NULL;
            /* laid out with a worker's own fonts: drawn with the deck's */
            bl_layout_lang_fonts(&d->lo, nr->lang, nr->doc->fonts);
            nr->pub.layout = ++d->layouts;
            if (r) {
                /* the new layout takes the slot: the handle stays; the old
                 * one goes now (a slide on screen is already rendered) */
                record_free(r);
            } else if ((slot = take_slot(d)) < 0) {
                record_free(nr);
                continue;
            }
            nr->slot = (uint32_t)slot;
            nr->inc = d->inc[slot];
            d->slots[slot] = r = nr;
        }
        if (!r)
            continue;
        d->seen[slot] = true;
        items[k].id = r->id;
        items[k].npages = (int)r->doc->npages;
        items[k].page_chars = r->page_chars;
        items[k].priority = pe->priority;
        items[k].show_from = pe->show_from;
        items[k].show_until = pe->show_until;
        items[k].handle = handle_of(r);
        k++;
    }
    /* articles that left the source */
    for (i = 0; i < d->nslots; i++)
        if (d->slots[i] && !d->seen[i])
            retire(d, i);
    d->generation++;
    if (bl_sched_set_items(sched, items, k))
        BL_LOGE(TAG, "out of memory handing the articles to the schedule; keeping the old ones");
    free(items);
    BL_LOGI(TAG, "%zu article%s on the board from %s", k, k == 1 ? "" : "s", p->where);
    bl_deck_plan_destroy(p);
    return true;
}

void bl_deck_update(bl_deck *d, const bl_source *src, bl_sched *sched)
{
    bl_deck_apply(d, bl_deck_prepare(d, src, NULL), sched);
}

static const record *find(const bl_deck *d, uint64_t handle)
{
    uint32_t slot = (uint32_t)handle, inc = (uint32_t)(handle >> 32);
    size_t i;
    if (slot < d->nslots && d->slots[slot] && d->inc[slot] == inc)
        return d->slots[slot];
    for (i = 0; i < d->nretired; i++)
        if (d->retired[i]->slot == slot && d->retired[i]->inc == inc)
            return d->retired[i];
    return NULL;
}

const bl_deck_article *bl_deck_find(const bl_deck *d, uint64_t handle)
{
    const record *r = find(d, handle);
    return r ? &r->pub : NULL;
}

void bl_deck_collect(bl_deck *d, const bl_sched *sched)
{
    size_t n = bl_sched_count(sched), i, j, k;
    if (!d->nretired)
        return;
    for (i = k = 0; i < d->nretired; i++) {
        uint64_t h = handle_of(d->retired[i]);
        bool named = false;
        for (j = 0; j < n && !named; j++)
            named = bl_sched_item_handle(sched, j) == h;
        if (named)
            d->retired[k++] = d->retired[i];
        else
            record_free(d->retired[i]);
    }
    d->nretired = k;
}

bl_mode bl_deck_mode(const bl_deck *d)
{
    return board_mode(d);
}

void bl_deck_flip_mode(bl_deck *d)
{
    d->flip_mode = !d->flip_mode;
    d->epoch++;
}

uint64_t bl_deck_generation(const bl_deck *d)
{
    return d->generation;
}
