/*
 * source.h - where the board's articles come from: the content-source
 * interface, and its first implementation, the content folder.
 *
 * A source is a table of functions behind one pointer, so that a web
 * upload area, a feed or a signed fleet bundle can be further sources
 * without the board changing.  The board asks a source to scan, then
 * lists its articles; each entry carries a key that names it for as long
 * as it stays in the source and a generation that changes whenever its
 * article does, so the reader can tell what changed since it last looked
 * and redo only that.  Producers (the inbox importer, the admin page,
 * feeds) never talk to the board: they write files a source then reads.
 * Depends on base and content.
 */
#ifndef BL_SOURCE_H
#define BL_SOURCE_H

#include "core/base.h"
#include "content/content.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct bl_source bl_source;

/* One article as the last scan left it. */
typedef struct bl_source_entry {
    uint64_t key;        /* the entry's identity: unchanged while it stays, never reused (by any source) */
    uint64_t generation; /* changes whenever its article changes */
    const char *name;    /* where it is (a file path), for messages and as its id; borrowed until the next scan */
} bl_source_entry;

/* What a source implements.  Every function is required. */
typedef struct bl_source_ops {
    const char *kind; /* "folder", ... */
    /* Looks for changes; true if the list of articles or any article
     * changed.  A source that cannot be read keeps what it had. */
    bool (*scan)(bl_source *s);
    /* The articles in the source's order, as of the last scan. */
    size_t (*count)(const bl_source *s);
    bool (*entry)(const bl_source *s, size_t i, bl_source_entry *out);
    /* Article i (its last good version), borrowed until the next scan.
     * An article with `poster` set is a poster slide (content.h). */
    const bl_article *(*article)(const bl_source *s, size_t i);
    /* Starts change notification; false when the source cannot notify
     * (the caller then scans on a timer). */
    bool (*watch)(bl_source *s);
    /* True when a scan may find something: a notification arrived, or a
     * change was seen but not yet taken.  Never blocks; always true when
     * not watching. */
    bool (*pending)(bl_source *s);
    /* Where the articles come from, for messages. */
    const char *(*where)(const bl_source *s);
    void (*destroy)(bl_source *s);
} bl_source_ops;

/* Every source starts with this; implementations put it first in their
 * own struct. */
struct bl_source {
    const bl_source_ops *ops;
};

static inline bool bl_source_scan(bl_source *s) { return s->ops->scan(s); }
static inline size_t bl_source_count(const bl_source *s) { return s->ops->count(s); }
static inline bool bl_source_entry_at(const bl_source *s, size_t i, bl_source_entry *out)
{
    return s->ops->entry(s, i, out);
}
static inline const bl_article *bl_source_article(const bl_source *s, size_t i) { return s->ops->article(s, i); }
static inline bool bl_source_watch(bl_source *s) { return s->ops->watch(s); }
static inline bool bl_source_pending(bl_source *s) { return s->ops->pending(s); }
static inline const char *bl_source_where(const bl_source *s) { return s->ops->where(s); }

/* Destroys a source of any kind; accepts NULL. */
static inline void bl_source_destroy(bl_source *s)
{
    if (s)
        s->ops->destroy(s);
}

/* ---- the content folder (folder.c) ------------------------------------------
 *
 * Every article file (*.txt, the suffix in any case) in one folder, in
 * file-name order, kept as the last good version of each; and every
 * poster file (*.png .jpg .jpeg .webp .pdf), given as an article whose
 * `poster` names it and that has nothing else (poster.h: the reader opens
 * the file).  A poster file that a poster article (poster: FILE) names is
 * not given on its own, and a change to it changes that article's
 * generation.  A scan reads
 * new and changed files; a file that fails to parse is reported once and
 * its last good version stays; a deleted file drops out.  Files whose
 * names start with '.' or end in '.tmp' are being written and are never
 * read (write, then rename: see README); a file modified less than
 * `settle` seconds ago is left for a later scan, since a file written in
 * place may be half written; the first scan reads such a file at once
 * (a board booting on freshly synced content shows it) and reads it
 * again once it has settled.  The files held add up to at most `budget`
 * bytes: a file that would go past it is refused with a message naming
 * it.  Watching uses inotify. */

/* Creates a folder source over dir (copied); articles larger than
 * max_bytes are refused, and so is any article past budget bytes in all
 * (0: no budget); settle in seconds (0: read at once).  Nothing is read
 * until the first scan.  *out is the caller's (bl_source_destroy). */
bl_status bl_folder_create(const char *dir, size_t max_bytes, size_t budget, double settle, bl_source **out,
                           bl_err *err);

/* ---- several sources as one (union.c) -----------------------------------------
 *
 * The articles of n sources one after the other, in the order given (the
 * content folder first, then each feed's folder); keys stay those of the
 * parts, which no two sources share.  where() is the first part's.  It
 * watches when every part can. */

/* Takes parts[0..n) (n >= 1; each the union's, also on failure) into one
 * source *out (the caller's, bl_source_destroy). */
bl_status bl_union_create(bl_source **parts, size_t n, bl_source **out, bl_err *err);

/* True when a file modified at mtime_ns (Unix nanoseconds) has been left
 * alone for settle seconds.  A time in the future or before the program
 * was built (a clock not set) counts as settled, with a warning naming
 * path the first time (*warned remembers it). */
bool bl_content_settled(int64_t mtime_ns, double settle, const char *path, bool *warned);

#endif
