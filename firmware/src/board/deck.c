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
#include "content/poster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TAG "board"

/* An article as laid out for the board; owns copies of what it shows. */
typedef struct record {
    bl_deck_article pub;  /* points into the fields below */
    char *id, *title, *kicker;
    bl_doc *doc;           /* an article's layout, or NULL */
    bl_picture **pics;     /* a poster's pages, or NULL */
    char *file;            /* a poster's file name */
    size_t pic_bytes;      /* what pics take */
    int dwell;             /* the article's dwell: seconds, 0 unset */
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
    /* entries that could not be laid out or read, as of the last apply:
     * not tried (and warned about) again until they change */
    struct failure {
        uint64_t key, generation;
        unsigned epoch;
    } *failed;
    size_t nfailed, cap_failed;
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
    for (int i = 0; r->pics && i < r->pub.npages; i++)
        bl_picture_destroy(r->pics[i]);
    free(r->pics);
    free(r->file);
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
    free(d->failed);
    free(d);
}

/* The writing mode a screen of w x h takes by configuration: auto is
 * vertical on a landscape screen. */
static bl_mode shape_mode(bl_orient_cfg o, int w, int h)
{
    if (o == BL_ORIENT_CFG_HORIZONTAL)
        return BL_MODE_HORIZONTAL;
    if (o == BL_ORIENT_CFG_VERTICAL)
        return BL_MODE_VERTICAL;
    return w > h ? BL_MODE_VERTICAL : BL_MODE_HORIZONTAL;
}

bl_mode bl_deck_mode_for(bl_orient_cfg o, int w, int h, const bl_article *a)
{
    if (a->orientation == BL_ARTICLE_ORIENT_VERTICAL)
        return BL_MODE_VERTICAL;
    if (a->orientation == BL_ARTICLE_ORIENT_HORIZONTAL)
        return BL_MODE_HORIZONTAL;
    return shape_mode(o, w, h);
}

/* The board-wide writing mode: the configuration, auto by the shape of
 * the screen, flipped by the orientation key. */
static bl_mode board_mode(const bl_deck *b)
{
    bl_mode m = shape_mode(b->cfg.orientation, b->W, b->H);
    if (b->flip_mode)
        m = m == BL_MODE_VERTICAL ? BL_MODE_HORIZONTAL : BL_MODE_VERTICAL;
    return m;
}

/* An article's mode: what it asks for, else the board's. */
static bl_mode article_mode(const bl_deck *b, const bl_article *a)
{
    if (!b->flip_mode)
        return bl_deck_mode_for(b->cfg.orientation, b->W, b->H, a);
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
    r->pub.npages = (int)r->doc->npages;
    r->dwell = a->dwell;
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

/* The name a poster is listed under when its article gives no title: the
 * PDF's title, else the file name without its extension. */
static char *poster_name(const bl_poster *p, const char *file)
{
    const char *dot = strrchr(file, '.');
    char *n;
    if (bl_poster_title(p))
        return bl_strdup(bl_poster_title(p));
    if (!dot || dot == file)
        return bl_strdup(file);
    if ((n = malloc((size_t)(dot - file) + 1))) {
        memcpy(n, file, (size_t)(dot - file));
        n[dot - file] = '\0';
    }
    return n;
}

/* Opens the poster article a (source entry e) names and renders its pages
 * to fit the slide area, within budget bytes of pictures; NULL, logged,
 * if it cannot be (*over set when only the budget stood in the way).
 * Runs on the worker thread like lay_out: a PDF page can take hundreds of
 * milliseconds. */
static record *make_poster(const bl_deck *d, unsigned epoch, const bl_source_entry *e, const bl_article *a,
                           size_t budget, bool *over)
{
    char *path = bl_poster_resolve(e->name, a->poster);
    const char *slash;
    bl_poster *p = NULL;
    record *r = calloc(1, sizeof *r);
    bl_err err;
    int i, n, m = BL_DECK_POSTER_MARGIN(d->lo.width, d->lo.height);
    if (!path || !r)
        goto fail;
    /* a poster file names itself; a poster article says which file */
    if (bl_poster_open(path, BL_PICTURE_MAX_BYTES, &p, &err)) {
        if (strcmp(path, e->name))
            BL_LOGW(TAG, "%s: poster: %s; not shown", e->name, err.msg);
        else
            BL_LOGW(TAG, "%s; not shown", err.msg);
        goto fail;
    }
    n = bl_poster_pages(p);
    if (!(r->pics = calloc((size_t)n, sizeof *r->pics)) || !(r->page_chars = calloc((size_t)n, sizeof *r->page_chars)))
        goto fail;
    for (i = 0; i < n; i++) {
        bl_picture *pic = NULL;
        size_t bytes;
        if (bl_poster_page(p, i, d->lo.width - 2 * m, d->lo.height - 2 * m, &pic, &err)) {
            BL_LOGW(TAG, "%s; not shown", err.msg);
            goto fail;
        }
        bytes = (size_t)pic->w * (size_t)pic->h * sizeof *pic->px;
        r->pics[r->pub.npages++] = pic;
        r->pic_bytes += bytes;
        if (r->pic_bytes > budget) {
            *over = true;
            BL_LOGW(TAG, "%s: its pages would take the posters shown past %u MB; not shown", path,
                    BL_DECK_POSTER_BYTES >> 20);
            goto fail;
        }
    }
    slash = strrchr(path, '/');
    r->id = bl_strdup(e->name);
    r->file = bl_strdup(slash ? slash + 1 : path);
    r->title = a->title ? bl_strdup(a->title) : poster_name(p, r->file);
    r->kicker = bl_strdup(a->kicker);
    if (!r->id || !r->file || !r->title || (a->kicker && !r->kicker))
        goto fail;
    r->key = e->key;
    r->generation = e->generation;
    r->epoch = epoch;
    r->dwell = a->dwell;
    r->pub.id = r->id;
    r->pub.title = r->title;
    r->pub.kicker = r->kicker;
    r->pub.mode = board_mode(d);
    r->pub.poster = (const bl_picture *const *)r->pics;
    r->pub.file = r->file;
    r->pub.pdf = bl_poster_is_pdf(p);
    BL_LOGD(TAG, "%s: %d page%s, %zu KB of pictures", path, n, n == 1 ? "" : "s", r->pic_bytes >> 10);
    bl_poster_destroy(p);
    free(path);
    return r;
fail:
    bl_poster_destroy(p);
    free(path);
    record_free(r);
    return NULL;
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
    uint64_t key, generation;
    record *nr;    /* new layout (owned), or NULL: keep the deck's */
    bool failed;   /* could not be laid out: left out */
    bool over;     /* a poster left out for the posters' budget: tried again at the next update */
    int priority;
    int64_t show_from, show_until;
    bl_weekly weekly;
    bool poster;
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

/* True when the entry failed as it is now, at the last apply. */
static bool failed_before(const bl_deck *d, const bl_source_entry *e, bool poster)
{
    size_t i;
    for (i = 0; i < d->nfailed; i++)
        if (d->failed[i].key == e->key && d->failed[i].generation == e->generation &&
            (poster || d->failed[i].epoch == d->epoch))
            return true;
    return false;
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
    /* the posters' budget: what the deck's posters take, less those laid
     * out again here (a poster that changed gives its old pictures back) */
    size_t used = 0, j;
    for (j = 0; j < d->nslots; j++)
        if (d->slots[j])
            used += d->slots[j]->pic_bytes;
    for (i = 0; i < n; i++) {
        const bl_article *a = bl_source_article(src, i);
        plan_entry *pe = &p->e[p->n];
        const record *r;
        bl_source_entry e;
        if (!a || !bl_source_entry_at(src, i, &e))
            continue;
        pe->key = e.key;
        pe->generation = e.generation;
        pe->priority = a->priority;
        pe->show_from = a->show_from;
        pe->show_until = a->show_until;
        pe->weekly = a->weekly;
        pe->poster = a->poster != NULL;
        r = current(d, e.key, &hint);
        bl_article *shown = NULL;
        if (a->poster && r && r->pics && r->generation == e.generation) {
            /* a poster does not depend on the writing mode */
        } else if ((!r || r->generation != e.generation) && failed_before(d, &e, a->poster != NULL)) {
            pe->failed = true; /* said when it failed; tried again when it changes */
        } else if (!r || r->generation != e.generation || r->epoch != d->epoch) {
            if (a->poster) {
                size_t others = used - (r ? r->pic_bytes : 0);
                pe->nr = make_poster(d, d->epoch, &e, a, BL_DECK_POSTER_BYTES - BL_MIN(others, BL_DECK_POSTER_BYTES),
                                     &pe->over);
                if (pe->nr)
                    used = others + pe->nr->pic_bytes;
            } else {
                /* in the board's script: a converted copy, laid out in its faces */
                bl_err err;
                if (bl_converter_article(d->conv, a, &shown, &err))
                    BL_LOGW(TAG, "%s; shown as written", err.msg);
                pe->nr = lay_out(d, fonts ? fonts : &d->lo, d->epoch, &e, shown ? shown : a);
            }
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
    size_t i, k = 0, hint = 0, posters = 0;
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
    d->nfailed = 0;
    for (i = 0; i < p->n; i++) {
        plan_entry *pe = &p->e[i];
        long slot = find_slot(d, pe->key, &hint);
        record *r = slot >= 0 ? d->slots[slot] : NULL;
        if (pe->failed && !pe->over && BL_GROW(&d->failed, &d->cap_failed, d->nfailed + 1))
            d->failed[d->nfailed++] = (struct failure){pe->key, pe->generation, p->epoch};
        /* a poster whose new version cannot be read keeps its last good one */
        if (pe->failed && !(r && r->pics && pe->poster)) {
            if (r)
                retire(d, (size_t)slot); /* its last layout stays while it is needed */
            continue;
        }
        if (pe->nr) {
            record *nr = pe->nr;
            pe->nr = NULL;
            /* laid out with a worker's own fonts: drawn with the deck's */
            if (nr->doc)
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
        items[k].npages = r->pub.npages;
        items[k].dwell = r->dwell > 0 ? r->dwell : r->pics ? BL_SCHED_POSTER_DWELL : 0;
        items[k].page_chars = r->page_chars;
        items[k].priority = pe->priority;
        items[k].show_from = pe->show_from;
        items[k].show_until = pe->show_until;
        items[k].weekly = pe->weekly;
        items[k].handle = handle_of(r);
        posters += r->pics != NULL;
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
    if (posters)
        BL_LOGI(TAG, "%zu article%s and %zu poster%s on the board from %s", k - posters, k - posters == 1 ? "" : "s",
                posters, posters == 1 ? "" : "s", p->where);
    else
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
