/*
 * deck.h - the board's articles, laid out: content source -> articles ->
 * layouts -> the schedule's items.  Each article keeps a handle for as
 * long as it stays in the source (a slot index and the slot's
 * incarnation); the schedule's items carry it, and whoever draws a slide
 * finds the layout from the handle.  An update lays out again only what
 * the source says changed.  A layout whose article left the source stays
 * alive while the schedule's list in force still names it.
 *
 * A poster (an entry whose article has `poster:`) is not laid out: its
 * file is opened and each page rendered at the size that fits the slide
 * area less a small margin (poster.h), when it is prepared, on the worker thread; the deck
 * keeps those pictures (BL_DECK_POSTER_BYTES of them at most) and compose
 * draws them.  A poster that cannot be read is named in a warning and
 * left out, or, if an earlier version was shown, that version stays.
 * Depends on source, content (and its script conversion), poster,
 * picture, layout, config and
 * schedule.
 */
#ifndef BL_DECK_H
#define BL_DECK_H

#include "core/base.h"
#include "content/picture.h"
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
    const char *title;  /* a poster's: its article's title, its PDF's title, or its file name */
    const char *kicker; /* may be NULL */
    const bl_doc *doc;  /* NULL for a poster */
    bl_mode mode;       /* the writing mode it is laid out in */
    uint64_t layout;    /* unique to this layout: a new layout of the article gets a new number */
    int npages;         /* the layout's pages, or the poster's */
    /* A poster: its pages, each fitted inside the slide area with its
     * aspect ratio kept (npages of them); NULL for an article. */
    const bl_picture *const *poster;
    const char *file;   /* a poster's file name (no folder), for the log; NULL for an article */
    bool pdf;           /* a poster from a PDF (the log gives its pages) */
} bl_deck_article;

/* Poster pictures a deck keeps at most (bytes): a poster that would take
 * them past it is left out with a warning.  A page costs its fitted size
 * times 4 bytes: an A4 page on a 1920x1080 board (slide area 1920x940, less
 * the margin) is 638x904, 2.3 MB, so a 20-page A4 flyer takes 46 MB; a
 * landscape 16:9 page is 1607x904, 5.8 MB.  Only the fitted pages are kept
 * (no PDF, no full-frame copies); compose's slide cache holds up to four
 * drawn slides besides, as for articles. */
#define BL_DECK_POSTER_BYTES (160u * 1024u * 1024u)

/* The margin kept around a poster inside a slide area of w x h, so that
 * it does not touch the status bar or the ticker. */
#define BL_DECK_POSTER_MARGIN(w, h) (BL_MIN((w), (h)) / 50)

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

/* The writing mode article a takes on a board of w x h configured with
 * o (no orientation key pressed): its own orientation, else o, auto
 * being vertical on a landscape screen.  (The web page's preview asks.) */
bl_mode bl_deck_mode_for(bl_orient_cfg o, int w, int h, const bl_article *a);

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
