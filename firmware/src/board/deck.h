/*
 * deck.h - the board's articles, laid out: content source -> articles ->
 * layouts -> the schedule's items.  Each article keeps a handle for as
 * long as it stays in the source (a slot index and the slot's
 * incarnation); the schedule's items carry it, and whoever draws a slide
 * finds the layout from the handle.  An update lays out again only what
 * the source says changed.  A layout whose article left the source stays
 * alive while the schedule's list in force still names it.  Depends on
 * source, content (and its script conversion), layout, config and
 * schedule.
 */
#ifndef BL_DECK_H
#define BL_DECK_H

#include "core/base.h"
#include "content/script.h"
#include "content/source.h"
#include "layout/layout.h"
#include "board/config.h"
#include "board/schedule.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct bl_deck bl_deck;

/* One article as laid out for the board; borrowed from the deck until the
 * next update (or, for an article that left, until bl_deck_collect lets
 * it go). */
typedef struct bl_deck_article {
    const char *id;     /* the source's name for it (a path): the schedule's id */
    const char *title;
    const char *kicker; /* may be NULL */
    const bl_doc *doc;
    bl_mode mode;       /* the writing mode it is laid out in */
    uint64_t layout;    /* unique to this layout: a new layout of the article gets a new number */
} bl_deck_article;

/* Creates a deck laying out with lo (copied: the slide area and fonts,
 * mode set per article) for a frame of w x h (the logical frame: its
 * shape picks the board's writing mode when orientation is auto). */
bl_status bl_deck_create(const bl_layout_opts *lo, bl_orient_cfg orientation, int w, int h, bl_deck **out,
                         bl_err *err);
void bl_deck_destroy(bl_deck *d);

/* Shows every article laid out from now on through c (borrowed: it must
 * outlive the deck): converted to the board's script (content/script.h)
 * and laid out in that script's faces.  NULL (the default) shows articles
 * as written. */
void bl_deck_set_converter(bl_deck *d, const bl_converter *c);

/* Lays out what changed in src since the last update (everything after a
 * mode flip) and hands the whole list to sched, in the source's order.
 * An article that cannot be laid out is logged and left out.  Out of
 * memory keeps the old list. */
void bl_deck_update(bl_deck *d, const bl_source *src, bl_sched *sched);

/* An update in two halves, so that the laying out can run on a worker
 * thread while the deck is drawn from: bl_deck_prepare reads the deck
 * (which layouts it has) and the source and lays out what changed, with
 * the fonts of `fonts` (a worker's own engine: FreeType faces are not
 * shared between threads; NULL: the deck's); it changes nothing.  The
 * deck must not be applied to or flipped meanwhile.  bl_deck_apply then
 * swaps the plan in on the drawing thread (the new layouts drawn with the
 * deck's fonts, the replaced ones freed at once) and hands the list to
 * sched as bl_deck_update does; it takes the plan (NULL: nothing to do)
 * and returns false, dropping it, if the mode was flipped since it was
 * prepared (prepare again). */
typedef struct bl_deck_plan bl_deck_plan;
bl_deck_plan *bl_deck_prepare(const bl_deck *d, const bl_source *src, const bl_layout_opts *fonts);
bool bl_deck_apply(bl_deck *d, bl_deck_plan *p, bl_sched *sched);
void bl_deck_plan_destroy(bl_deck_plan *p);

/* The layout a schedule item's handle names, or NULL if it is gone. */
const bl_deck_article *bl_deck_find(const bl_deck *d, uint64_t handle);

/* Frees the layouts of articles that left the source and that no item of
 * sched's list in force names any more.  Call when the slide changes. */
void bl_deck_collect(bl_deck *d, const bl_sched *sched);

/* The board-wide writing mode (headline screens, messages): the
 * configuration, by the frame's shape when auto, flipped by
 * bl_deck_flip_mode. */
bl_mode bl_deck_mode(const bl_deck *d);

/* Flips every article's writing mode (the desktop simulation's key); the
 * next update lays everything out again. */
void bl_deck_flip_mode(bl_deck *d);

/* Counts updates: a picture of the list (the headline screen, the
 * ticker) drawn at another count may be stale. */
uint64_t bl_deck_generation(const bl_deck *d);

#endif
