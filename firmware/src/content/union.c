/*
 * union.c - several sources read as one (source.h bl_union_create): the
 * board's content folder and its feeds' folders behind the one interface
 * the deck reads.  Depends on base and source.
 */
#include "content/source.h"

#include <stdlib.h>
#include <string.h>

typedef struct uni {
    bl_source base;
    bl_source **parts;
    size_t n;
} uni;

static uni *self(bl_source *s) { return (uni *)s; }
static const uni *cself(const bl_source *s) { return (const uni *)s; }

/* The part that holds article i, and i within it. */
static const bl_source *locate(const bl_source *s, size_t *i)
{
    const uni *u = cself(s);
    size_t k;
    for (k = 0; k < u->n; k++) {
        size_t c = bl_source_count(u->parts[k]);
        if (*i < c)
            return u->parts[k];
        *i -= c;
    }
    return NULL;
}

static bool uni_scan(bl_source *s)
{
    uni *u = self(s);
    bool changed = false;
    size_t k;
    for (k = 0; k < u->n; k++)
        changed |= bl_source_scan(u->parts[k]);
    return changed;
}

static size_t uni_count(const bl_source *s)
{
    const uni *u = cself(s);
    size_t k, c = 0;
    for (k = 0; k < u->n; k++)
        c += bl_source_count(u->parts[k]);
    return c;
}

static bool uni_entry(const bl_source *s, size_t i, bl_source_entry *out)
{
    const bl_source *p = locate(s, &i);
    return p && bl_source_entry_at(p, i, out);
}

static const bl_article *uni_article(const bl_source *s, size_t i)
{
    const bl_source *p = locate(s, &i);
    return p ? bl_source_article(p, i) : NULL;
}

static bool uni_watch(bl_source *s)
{
    uni *u = self(s);
    bool all = true;
    size_t k;
    for (k = 0; k < u->n; k++)
        all &= bl_source_watch(u->parts[k]);
    return all;
}

static bool uni_pending(bl_source *s)
{
    uni *u = self(s);
    bool any = false;
    size_t k;
    for (k = 0; k < u->n; k++)
        any |= bl_source_pending(u->parts[k]); /* every part asked: each drains its events */
    return any;
}

static const char *uni_where(const bl_source *s) { return bl_source_where(cself(s)->parts[0]); }

static void uni_destroy(bl_source *s)
{
    uni *u = self(s);
    size_t k;
    for (k = 0; k < u->n; k++)
        bl_source_destroy(u->parts[k]);
    free(u->parts);
    free(u);
}

static const bl_source_ops uni_ops = {
    "union", uni_scan, uni_count, uni_entry, uni_article, uni_watch, uni_pending, uni_where, uni_destroy,
};

bl_status bl_union_create(bl_source **parts, size_t n, bl_source **out, bl_err *err)
{
    uni *u = calloc(1, sizeof *u);
    size_t k;
    *out = NULL;
    if (!u || !n || !(u->parts = malloc(n * sizeof *u->parts))) {
        for (k = 0; k < n; k++)
            bl_source_destroy(parts[k]);
        free(u);
        return bl_err_set(err, n ? BL_ERR_NOMEM : BL_ERR_USAGE, "%s", n ? "out of memory" : "a union of no sources");
    }
    memcpy(u->parts, parts, n * sizeof *parts);
    u->n = n;
    u->base.ops = &uni_ops;
    *out = &u->base;
    return BL_OK;
}
