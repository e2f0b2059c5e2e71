/*
 * board.c - composing the board's frames.  See board.h.
 *
 * Slides are rendered once into surfaces of the slide area and kept in a
 * small cache (the one on screen, the one before it for transitions, the
 * one that comes next), so a frame is only copying, blending the
 * transition, the ticker and the labels.  Labels (masthead, date, ticker)
 * are single lines drawn with SDL2_ttf.
 */
#include "board/board.h"

#include "render/engine.h"
#include "layout/layout.h"
#include "content/library.h"
#include "render/render.h"
#include "layout/theme.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define TAG "board"
#define SLIDE_CACHE 4

/* An article as laid out for the board; owns copies of what it shows. */
typedef struct record {
    char *id;
    char *title;
    char *kicker;
    bl_doc *doc;
    int *page_chars;
    bl_mode mode;
} record;

typedef struct records {
    record *r;
    size_t n;
} records;

typedef struct slide_key {
    int kind;
    const char *id; /* borrowed from a record, compared by content */
    int page;
    bl_mode mode;
    uint64_t generation;
} slide_key;

typedef struct cached {
    slide_key key;
    char id[512];
    SDL_Surface *s;
    uint64_t used;
} cached;

struct bl_board {
    bl_config cfg;
    bl_clock *clock;
    double t0;
    bl_theme theme;
    bl_engine *engine;
    bl_layout_opts lo; /* slide area; mode set per use */
    bl_library *lib;
    bl_sched *sched;
    records cur, old;  /* old: the list before the last reload, until the schedule moves on */
    uint64_t generation;
    bool flip_mode;    /* toggled by the orientation key */
    int W, H;          /* logical frame */
    int sb_h, tk_h, slide_h;
    SDL_Surface *frame, *phys;
    cached cache[SLIDE_CACHE];
    uint64_t use_clock;
    TTF_Font *f_status, *f_mast, *f_ticker;
    SDL_Surface *status;
    char status_text[256];
    SDL_Surface *ticker;
    double ticker_offset;
    uint64_t ticker_generation;
    bl_sched_state last;
    bool watching;
    double last_scan; /* real seconds */
};

/* ---- records ------------------------------------------------------------ */

static void records_free(records *rs)
{
    size_t i;
    for (i = 0; i < rs->n; i++) {
        free(rs->r[i].id);
        free(rs->r[i].title);
        free(rs->r[i].kicker);
        free(rs->r[i].page_chars);
        bl_doc_destroy(rs->r[i].doc);
    }
    free(rs->r);
    rs->r = NULL;
    rs->n = 0;
}

static const record *find_record(const bl_board *b, const char *id)
{
    size_t i;
    for (i = 0; i < b->cur.n; i++)
        if (!strcmp(b->cur.r[i].id, id))
            return &b->cur.r[i];
    for (i = 0; i < b->old.n; i++)
        if (!strcmp(b->old.r[i].id, id))
            return &b->old.r[i];
    return NULL;
}

/* The board-wide writing mode: the configuration, auto by the shape of
 * the screen, flipped by the orientation key. */
static bl_mode board_mode(const bl_board *b)
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
static bl_mode article_mode(const bl_board *b, const bl_article *a)
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

/* Lays out every article of the library and hands the list to the
 * schedule. */
static void rebuild(bl_board *b)
{
    records nr = {0};
    bl_sched_item *items;
    size_t n = bl_library_count(b->lib), i, k = 0;

    nr.r = calloc(n ? n : 1, sizeof *nr.r);
    items = calloc(n ? n : 1, sizeof *items);
    if (!nr.r || !items) {
        free(nr.r);
        free(items);
        BL_LOGE(TAG, "out of memory laying out the articles; keeping the old ones");
        return;
    }
    for (i = 0; i < n; i++) {
        const bl_article *a = bl_library_article(b->lib, i);
        const char *path = bl_library_path(b->lib, i);
        record *r = &nr.r[k];
        bl_layout_opts lo = b->lo;
        bl_err err;
        size_t p;
        lo.mode = article_mode(b, a);
        if (bl_layout_article(a, &lo, &r->doc, &err)) {
            BL_LOGW(TAG, "%s: %s; not shown", path, err.msg);
            continue;
        }
        r->id = bl_strdup(path);
        r->title = bl_strdup(a->title);
        r->kicker = bl_strdup(a->kicker);
        r->mode = lo.mode;
        r->page_chars = calloc(r->doc->npages, sizeof *r->page_chars);
        if (!r->id || !r->title || !r->page_chars) {
            nr.n = k + 1;
            records_free(&nr);
            free(items);
            return;
        }
        for (p = 0; p < r->doc->npages; p++)
            r->page_chars[p] = page_chars(&r->doc->pages[p]);
        items[k].id = r->id;
        items[k].npages = (int)r->doc->npages;
        items[k].page_chars = r->page_chars;
        items[k].priority = a->priority;
        items[k].show_from = a->show_from;
        items[k].show_until = a->show_until;
        k++;
    }
    nr.n = k;
    records_free(&b->old);
    b->old = b->cur;
    b->cur = nr;
    b->generation++;
    bl_sched_set_items(b->sched, items, k);
    free(items);
    BL_LOGI(TAG, "%zu article%s on the board from %s", k, k == 1 ? "" : "s", bl_library_dir(b->lib));
}

/* ---- text labels (SDL2_ttf) -------------------------------------------- */

static SDL_Color color_of(uint32_t argb)
{
    SDL_Color c = {(Uint8)(argb >> 16), (Uint8)(argb >> 8), (Uint8)argb, 255};
    return c;
}

/* Draws a one-line label with its top-left at (x, y); returns its width. */
static int draw_label(SDL_Surface *dst, TTF_Font *f, const char *text, uint32_t argb, int x, int y)
{
    SDL_Surface *t;
    SDL_Rect r;
    int w;
    if (!f || !text || !*text)
        return 0;
    t = TTF_RenderUTF8_Blended(f, text, color_of(argb));
    if (!t)
        return 0;
    r.x = x;
    r.y = y;
    r.w = t->w;
    r.h = t->h;
    SDL_BlitSurface(t, NULL, dst, &r);
    w = t->w;
    SDL_FreeSurface(t);
    return w;
}

static int label_width(TTF_Font *f, const char *text)
{
    int w = 0, h = 0;
    if (f && text && *text)
        TTF_SizeUTF8(f, text, &w, &h);
    return w;
}

static TTF_Font *open_label_font(const bl_font *font, int px)
{
    const bl_face *face = bl_font_face(font, 0);
    TTF_Font *f = TTF_OpenFontIndex(bl_face_path(face), px, bl_face_index(face));
    if (!f)
        BL_LOGW(TAG, "%s: %s", bl_face_path(face), TTF_GetError());
    return f;
}

/* ---- slides -------------------------------------------------------------- */

static bool key_eq(const cached *c, const slide_key *k)
{
    return c->s && c->key.kind == k->kind && c->key.page == k->page && c->key.mode == k->mode &&
           c->key.generation == k->generation && !strcmp(c->id, k->id ? k->id : "");
}

static void draw_message(bl_board *b, SDL_Surface *s, const char *kicker, const char *title)
{
    bl_headline h = {kicker, title};
    bl_doc *doc = NULL;
    bl_err err;
    bl_layout_opts lo = b->lo;
    lo.mode = BL_MODE_HORIZONTAL;
    SDL_FillRect(s, NULL, b->theme.background);
    if (!bl_layout_headlines(&h, 1, -1, &lo, &doc, &err))
        bl_render_page(bl_engine_cache(b->engine), doc, 0, bl_engine_palette(b->engine), s, &err);
    bl_doc_destroy(doc);
}

/* Renders a slide into s. */
static void draw_slide(bl_board *b, const bl_slide *sl, const char *id, SDL_Surface *s)
{
    bl_err err;
    const record *r = id ? find_record(b, id) : NULL;
    if (sl->kind == BL_SLIDE_PAGE && r && (size_t)sl->page < r->doc->npages) {
        if (bl_render_page(bl_engine_cache(b->engine), r->doc, (size_t)sl->page, bl_engine_palette(b->engine), s,
                           &err))
            BL_LOGE(TAG, "%s", err.msg);
        return;
    }
    if (sl->kind == BL_SLIDE_HEADLINES) {
        size_t n = bl_sched_count(b->sched), i, k = 0;
        bl_headline *hl = calloc(n ? n : 1, sizeof *hl);
        int marked = -1;
        bl_doc *doc = NULL;
        bl_layout_opts lo = b->lo;
        if (!hl)
            return;
        for (i = 0; i < n; i++) {
            const record *ri = find_record(b, bl_sched_item_id(b->sched, i));
            if (!ri)
                continue;
            if ((int)i == sl->article)
                marked = (int)k;
            hl[k].kicker = ri->kicker;
            hl[k].title = ri->title;
            k++;
        }
        lo.mode = board_mode(b);
        if (bl_layout_headlines(hl, k, marked, &lo, &doc, &err) ||
            bl_render_page(bl_engine_cache(b->engine), doc, 0, bl_engine_palette(b->engine), s, &err))
            BL_LOGE(TAG, "headline screen: %s", err.msg);
        bl_doc_destroy(doc);
        free(hl);
        return;
    }
    if (sl->kind == BL_SLIDE_NIGHT) {
        SDL_FillRect(s, NULL, 0xFF101010u);
        return;
    }
    draw_message(b, s, "暂无新闻", "新的文章放入内容文件夹后，会自动出现在这里。");
}

/* The id of a slide's article in the schedule's list, or NULL. */
static const char *slide_id(const bl_board *b, const bl_slide *sl)
{
    if (sl->article < 0 || (size_t)sl->article >= bl_sched_count(b->sched))
        return NULL;
    return bl_sched_item_id(b->sched, (size_t)sl->article);
}

/* The rendered surface of a slide, from the cache or drawn now. */
static SDL_Surface *slide_surface(bl_board *b, const bl_slide *sl)
{
    slide_key k;
    const char *id = slide_id(b, sl);
    const record *r = id ? find_record(b, id) : NULL;
    cached *victim = &b->cache[0];
    size_t i;

    memset(&k, 0, sizeof k);
    k.kind = sl->kind;
    k.id = sl->kind == BL_SLIDE_HEADLINES ? "" : id;
    k.page = sl->kind == BL_SLIDE_HEADLINES ? sl->article : sl->page; /* the mark is part of a headline screen */
    k.mode = r ? r->mode : board_mode(b);
    k.generation = b->generation;
    for (i = 0; i < SLIDE_CACHE; i++) {
        if (key_eq(&b->cache[i], &k)) {
            b->cache[i].used = ++b->use_clock;
            return b->cache[i].s;
        }
        if (b->cache[i].used < victim->used)
            victim = &b->cache[i];
    }
    if (!victim->s) {
        victim->s = bl_surface_create(b->W, b->slide_h);
        if (!victim->s)
            return NULL;
    }
    draw_slide(b, sl, id, victim->s);
    victim->key = k;
    snprintf(victim->id, sizeof victim->id, "%s", k.id ? k.id : "");
    victim->used = ++b->use_clock;
    return victim->s;
}

/* ---- frame parts ------------------------------------------------------------ */

static void chinese_date(const struct tm *tm, char *buf, size_t n)
{
    static const char *const wd[] = {"日", "一", "二", "三", "四", "五", "六"};
    snprintf(buf, n, "%d年%d月%d日 星期%s  %02d:%02d", tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday,
             wd[tm->tm_wday % 7], tm->tm_hour, tm->tm_min);
}

/* A burn-in guard: static parts move by up to two pixels, every five
 * minutes, in a fixed cycle. */
static void burn_shift(const bl_board *b, int *dx, int *dy)
{
    static const int8_t cyc[][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}, {-1, 1}, {-1, 0}, {-1, -1}, {0, -1}, {2, 0}, {0, 2}};
    size_t step = (size_t)((bl_clock_mono(b->clock) - b->t0) / 300.0) % BL_ARRAY_LEN(cyc);
    *dx = cyc[step][0];
    *dy = cyc[step][1];
}

static void draw_status(bl_board *b, const bl_sched_state *st, int dx, int dy)
{
    char text[256], date[96] = "", page[48] = "";
    SDL_Rect bar = {0, 0, b->W, b->sb_h};
    int pad = b->sb_h / 2;
    if (st->clock_sane) {
        struct tm tm;
        bl_clock_local(b->clock, &tm);
        chinese_date(&tm, date, sizeof date);
    }
    if (st->cur.kind == BL_SLIDE_PAGE && st->cur.npages > 1)
        snprintf(page, sizeof page, "第%d/%d页", st->cur.page + 1, st->cur.npages);
    snprintf(text, sizeof text, "%s%s%s", page, *page && *date ? "    " : "", date);
    if (!b->status || strcmp(text, b->status_text)) {
        /* Re-drawn only when the words change (once a minute). */
        int w, ty;
        snprintf(b->status_text, sizeof b->status_text, "%s", text);
        if (!b->status)
            b->status = bl_surface_create(b->W, b->sb_h);
        if (!b->status)
            return;
        SDL_FillRect(b->status, NULL, b->theme.background);
        ty = (b->sb_h - TTF_FontLineSkip(b->f_mast)) / 2;
        draw_label(b->status, b->f_mast, b->cfg.name, b->theme.accent, pad, ty);
        w = label_width(b->f_status, text);
        ty = (b->sb_h - TTF_FontLineSkip(b->f_status)) / 2;
        draw_label(b->status, b->f_status, text, b->theme.muted, b->W - pad - w, ty);
        {
            SDL_Rect rule = {pad, b->sb_h - BL_MAX(2, b->sb_h / 32), b->W - 2 * pad, BL_MAX(2, b->sb_h / 32)};
            SDL_FillRect(b->status, &rule, b->theme.accent);
        }
    }
    SDL_FillRect(b->frame, &bar, b->theme.background);
    {
        SDL_Rect r = {dx, dy, b->W, b->sb_h};
        SDL_BlitSurface(b->status, NULL, b->frame, &r);
    }
}

/* Re-draws the ticker strip when the article list changes. */
static void update_ticker(bl_board *b)
{
    char *text;
    size_t n = bl_sched_count(b->sched), i, len = 1;
    if (b->ticker && b->ticker_generation == b->generation)
        return;
    SDL_FreeSurface(b->ticker);
    b->ticker = NULL;
    b->ticker_generation = b->generation;
    for (i = 0; i < n; i++) {
        const record *r = find_record(b, bl_sched_item_id(b->sched, i));
        len += (r ? strlen(r->title) : 0) + 16;
    }
    text = calloc(1, len);
    if (!text)
        return;
    for (i = 0; i < n; i++) {
        const record *r = find_record(b, bl_sched_item_id(b->sched, i));
        if (!r)
            continue;
        strcat(text, "◆ ");
        strcat(text, r->title);
        strcat(text, "　　");
    }
    if (*text)
        b->ticker = TTF_RenderUTF8_Blended(b->f_ticker, text, color_of(b->theme.background));
    free(text);
    /* start with the headlines already in view, not entering from the edge */
    b->ticker_offset = b->W * 3 / 4;
}

static void draw_ticker(bl_board *b, int dx, int dy)
{
    SDL_Rect band = {0, b->H - b->tk_h, b->W, b->tk_h};
    SDL_FillRect(b->frame, &band, b->theme.accent);
    update_ticker(b);
    if (b->ticker && b->ticker->w > 0) {
        int period = b->ticker->w + b->W / 3;
        int x = b->W - (int)b->ticker_offset % period + dx;
        int y = b->H - b->tk_h + (b->tk_h - b->ticker->h) / 2 + dy;
        SDL_Rect clip = band;
        SDL_SetClipRect(b->frame, &clip);
        for (; x < b->W; x += period) {
            SDL_Rect r = {x, y, b->ticker->w, b->ticker->h};
            if (x + b->ticker->w > 0)
                SDL_BlitSurface(b->ticker, NULL, b->frame, &r);
        }
        SDL_SetClipRect(b->frame, NULL);
    }
    b->ticker_offset += b->cfg.ticker_speed;
    if (b->ticker && b->ticker_offset > 1e9)
        b->ticker_offset = 0;
}

/* out = a*(256-t) + c*t per channel, t in 0..256: the cross-fade.  Four
 * pixels at a time with the compiler's vector extension (SSE2/NEON; an
 * AVX2 clone is picked at run time on x86-64), the rest one by one. */
#if defined(__GNUC__)
typedef uint8_t fv16u8 __attribute__((vector_size(16)));
typedef uint16_t fv16u16 __attribute__((vector_size(32)));
#if defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
#endif
static void fade_row(uint32_t *pd, const uint32_t *pa, const uint32_t *pc, int w, unsigned t)
{
    int x = 0;
    unsigned it = 256 - t;
#if defined(__GNUC__)
    for (; x + 4 <= w; x += 4) {
        fv16u8 a8, c8, d8;
        fv16u16 r;
        memcpy(&a8, pa + x, 16);
        memcpy(&c8, pc + x, 16);
        r = (__builtin_convertvector(a8, fv16u16) * (uint16_t)it + __builtin_convertvector(c8, fv16u16) * (uint16_t)t) >> 8;
        d8 = __builtin_convertvector(r, fv16u8);
        memcpy(pd + x, &d8, 16);
    }
#endif
    for (; x < w; x++) {
        uint32_t rb = (((pa[x] & 0x00FF00FFu) * it + (pc[x] & 0x00FF00FFu) * t) >> 8) & 0x00FF00FFu;
        uint32_t g = (((pa[x] & 0x0000FF00u) * it + (pc[x] & 0x0000FF00u) * t) >> 8) & 0x0000FF00u;
        pd[x] = 0xFF000000u | rb | g;
    }
}

static void fade_rows(SDL_Surface *dst, int y0, const SDL_Surface *a, const SDL_Surface *c, unsigned t)
{
    int y;
    for (y = 0; y < a->h; y++)
        fade_row((uint32_t *)((uint8_t *)dst->pixels + (size_t)(y0 + y) * (size_t)dst->pitch),
                 (const uint32_t *)((const uint8_t *)a->pixels + (size_t)y * (size_t)a->pitch),
                 (const uint32_t *)((const uint8_t *)c->pixels + (size_t)y * (size_t)c->pitch), a->w, t);
}

/* Scales every pixel by keep/256 (night dimming), four at a time. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("avx2", "default")))
#endif
static void dim_row(uint32_t *p, int w, unsigned keep)
{
    int x = 0;
#if defined(__GNUC__)
    for (; x + 4 <= w; x += 4) {
        fv16u8 p8;
        fv16u16 r;
        memcpy(&p8, p + x, 16);
        r = (__builtin_convertvector(p8, fv16u16) * (uint16_t)keep) >> 8;
        p8 = __builtin_convertvector(r, fv16u8);
        memcpy(p + x, &p8, 16);
        p[x] |= 0xFF000000u;
        p[x + 1] |= 0xFF000000u;
        p[x + 2] |= 0xFF000000u;
        p[x + 3] |= 0xFF000000u;
    }
#endif
    for (; x < w; x++) {
        uint32_t rb = (((p[x] & 0x00FF00FFu) * keep) >> 8) & 0x00FF00FFu;
        uint32_t g = (((p[x] & 0x0000FF00u) * keep) >> 8) & 0x0000FF00u;
        p[x] = 0xFF000000u | rb | g;
    }
}

static void dim(SDL_Surface *s, unsigned keep /* of 256 */)
{
    int y;
    for (y = 0; y < s->h; y++)
        dim_row((uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch), s->w, keep);
}

/* Turns the logical frame into the physical one: rotation is done here,
 * by configuration, not by the video driver. */
static SDL_Surface *rotate(bl_board *b)
{
    int x, y, rot = b->cfg.rotation;
    const SDL_Surface *s = b->frame;
    SDL_Surface *d = b->phys;
    if (rot == 0)
        return b->frame;
    for (y = 0; y < s->h; y++) {
        const uint32_t *src = (const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
        for (x = 0; x < s->w; x++) {
            int px, py;
            if (rot == 90) {
                px = s->h - 1 - y;
                py = x;
            } else if (rot == 180) {
                px = s->w - 1 - x;
                py = s->h - 1 - y;
            } else {
                px = y;
                py = s->w - 1 - x;
            }
            ((uint32_t *)((uint8_t *)d->pixels + (size_t)py * (size_t)d->pitch))[px] = src[x];
        }
    }
    return d;
}

/* ---- public ------------------------------------------------------------------ */

bl_status bl_board_create(const bl_config *cfg, const char *content_dir, bl_clock *clock, bl_board **out,
                          bl_err *err)
{
    bl_board *b = calloc(1, sizeof *b);
    bl_engine_opts eo;
    char theme_path[1024];
    bl_status st;
    int shortside, px;

    *out = NULL;
    if (!b)
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    b->cfg = *cfg;
    b->clock = clock;
    b->t0 = bl_clock_mono(clock);
    b->W = cfg->rotation % 180 ? cfg->height : cfg->width;
    b->H = cfg->rotation % 180 ? cfg->width : cfg->height;
    shortside = BL_MIN(b->W, b->H);
    b->sb_h = (shortside * 65 + 500) / 1000;
    b->tk_h = cfg->ticker ? (shortside * 65 + 500) / 1000 : 0;
    b->slide_h = b->H - b->sb_h - b->tk_h;
    /* The theme: the configured one; if it cannot be read the board says
     * so and keeps the bundled look rather than not starting. */
    bl_theme_defaults(&b->theme);
    memset(&eo, 0, sizeof eo);
    if (*cfg->theme) {
        bl_err terr;
        snprintf(theme_path, sizeof theme_path, "%s", cfg->theme);
        if (bl_theme_load(theme_path, &b->theme, &terr)) {
            BL_LOGW(TAG, "%s; using the bundled theme", terr.msg);
            bl_theme_defaults(&b->theme);
        } else {
            eo.theme_path = theme_path;
        }
    }
    if (!eo.theme_path) {
        bl_err terr;
        snprintf(theme_path, sizeof theme_path, "%s/assets/theme.ini", bl_engine_data_dir());
        if (bl_theme_load(theme_path, &b->theme, &terr))
            bl_theme_defaults(&b->theme); /* the engine says why */
    }
    eo.width = b->W;
    eo.height = b->slide_h;
    eo.margin_px = -1;
    /* Type sizes follow the whole screen, not the slide area. */
    eo.body_px = bl_theme_body_px(&b->theme, b->W, b->H);
    st = bl_engine_create(&eo, &b->engine, err);
    if (st)
        goto fail;
    b->lo = *bl_engine_layout_opts(b->engine);
    b->lo.kinsoku = cfg->kinsoku;
    b->frame = bl_surface_create(b->W, b->H);
    b->phys = cfg->rotation ? bl_surface_create(cfg->width, cfg->height) : NULL;
    if (!b->frame || (cfg->rotation && !b->phys)) {
        st = bl_err_set(err, BL_ERR_NOMEM, "cannot create a %dx%d frame", b->W, b->H);
        goto fail;
    }
    if (!TTF_WasInit() && TTF_Init()) {
        st = bl_err_set(err, BL_ERR_FONT, "SDL_ttf: %s", TTF_GetError());
        goto fail;
    }
    px = b->sb_h / 2;
    b->f_status = open_label_font(b->lo.fonts[BL_STYLE_HEAD], px);
    b->f_mast = open_label_font(b->lo.fonts[BL_STYLE_TITLE], px * 11 / 10);
    b->f_ticker = open_label_font(b->lo.fonts[BL_STYLE_HEAD], BL_MAX(8, b->tk_h / 2));
    st = bl_sched_create(&cfg->sched, clock, &b->sched, err);
    if (st)
        goto fail;
    st = bl_library_create(content_dir, (size_t)cfg->max_article_bytes, &b->lib, err);
    if (st)
        goto fail;
    bl_library_set_settle(b->lib, cfg->settle);
    {
        /* the inbox: configured, or 'inbox' beside the content folder */
        char inbox[1100];
        struct stat sb;
        if (*cfg->inbox) {
            snprintf(inbox, sizeof inbox, "%s", cfg->inbox);
        } else {
            const char *slash = strrchr(content_dir, '/');
            if (slash)
                snprintf(inbox, sizeof inbox, "%.*s/inbox", (int)(slash - content_dir), content_dir);
            else
                snprintf(inbox, sizeof inbox, "inbox");
        }
        if (stat(inbox, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            bl_library_set_inbox(b->lib, inbox);
            BL_LOGI(TAG, "raw newspaper pages put in %s are imported", inbox);
        } else if (*cfg->inbox) {
            BL_LOGW(TAG, "the inbox %s is not a folder; no pages will be imported", inbox);
        }
    }
    b->watching = bl_library_watch(b->lib);
    bl_library_scan(b->lib);
    b->last_scan = bl_now_seconds();
    rebuild(b);
    *out = b;
    return BL_OK;
fail:
    bl_board_destroy(b);
    return st;
}

void bl_board_destroy(bl_board *b)
{
    size_t i;
    if (!b)
        return;
    for (i = 0; i < SLIDE_CACHE; i++)
        SDL_FreeSurface(b->cache[i].s);
    SDL_FreeSurface(b->status);
    SDL_FreeSurface(b->ticker);
    SDL_FreeSurface(b->frame);
    SDL_FreeSurface(b->phys);
    if (b->f_status)
        TTF_CloseFont(b->f_status);
    if (b->f_mast)
        TTF_CloseFont(b->f_mast);
    if (b->f_ticker)
        TTF_CloseFont(b->f_ticker);
    records_free(&b->cur);
    records_free(&b->old);
    bl_sched_destroy(b->sched);
    bl_library_destroy(b->lib);
    bl_engine_destroy(b->engine);
    free(b);
}

bool bl_board_poll_content(bl_board *b)
{
    double now = bl_now_seconds();
    /* events come in bursts: at most five scans a second (unread events
     * wait in the queue) */
    if (now - b->last_scan < (b->watching ? 0.2 : 2.0))
        return false;
    if (b->watching && !bl_library_pending(b->lib))
        return false;
    b->last_scan = now;
    return bl_board_reload(b);
}

bool bl_board_reload(bl_board *b)
{
    if (!bl_library_scan(b->lib))
        return false;
    rebuild(b);
    return true;
}

void bl_board_tick(bl_board *b, bl_sched_state *st_out)
{
    bl_sched_state st;
    bl_sched_tick(b->sched, &st);
    if (st.changed && b->old.n) {
        /* the schedule has moved on to the new list: the old one can go,
         * once nothing on screen needs it */
        bool needed = false;
        size_t i;
        const char *pid = slide_id(b, &st.prev);
        for (i = 0; pid && i < b->old.n; i++)
            needed |= !strcmp(b->old.r[i].id, pid);
        if (!needed)
            records_free(&b->old);
    }
    b->last = st;
    if (st_out)
        *st_out = st;
}

SDL_Surface *bl_board_frame(bl_board *b, bl_sched_state *st_out)
{
    bl_sched_state st;
    SDL_Surface *cur, *prev = NULL;
    SDL_Rect area = {0, b->sb_h, b->W, b->slide_h};
    int dx, dy;

    bl_board_tick(b, &st);
    if (st_out)
        *st_out = st;
    burn_shift(b, &dx, &dy);
    if (st.cur.kind == BL_SLIDE_NIGHT) {
        char t[32];
        struct tm tm;
        SDL_FillRect(b->frame, NULL, 0xFF101010u);
        if (st.clock_sane) {
            bl_clock_local(b->clock, &tm);
            snprintf(t, sizeof t, "%02d:%02d", tm.tm_hour, tm.tm_min);
            draw_label(b->frame, b->f_status, t, 0xFF505050u, b->W / 2 - label_width(b->f_status, t) / 2 + dx * 40,
                       b->H / 2 + dy * 40);
        }
        return rotate(b);
    }
    cur = slide_surface(b, &st.cur);
    if (st.transition < 1.0 && st.prev.serial && b->cfg.transition != BL_TRANS_NONE)
        prev = slide_surface(b, &st.prev);
    if (cur && prev && prev != cur && b->cfg.transition == BL_TRANS_FADE) {
        fade_rows(b->frame, b->sb_h, prev, cur, (unsigned)(st.transition * 256.0));
    } else if (cur && prev && prev != cur && b->cfg.transition == BL_TRANS_SLIDE) {
        /* the new slide comes in from the side reading goes to */
        double t = st.transition, e = t * t * (3 - 2 * t);
        int off = (int)(b->W * e), dir = board_mode(b) == BL_MODE_VERTICAL ? -1 : 1;
        SDL_Rect rp = {-dir * off, b->sb_h, b->W, b->slide_h}, rc = {dir * (b->W - off), b->sb_h, b->W, b->slide_h};
        SDL_SetClipRect(b->frame, &area);
        SDL_BlitSurface(prev, NULL, b->frame, &rp);
        SDL_BlitSurface(cur, NULL, b->frame, &rc);
        SDL_SetClipRect(b->frame, NULL);
    } else if (cur) {
        SDL_Rect r = area;
        SDL_BlitSurface(cur, NULL, b->frame, &r);
    } else {
        SDL_FillRect(b->frame, &area, b->theme.background);
    }
    /* progress mark: how much of the dwell is left */
    {
        int h = BL_MAX(3, BL_MIN(b->W, b->H) / 270);
        SDL_Rect done = {0, b->sb_h + b->slide_h - h, (int)(b->W * st.progress), h};
        SDL_FillRect(b->frame, &done, b->theme.accent);
    }
    draw_status(b, &st, dx, dy);
    if (b->cfg.ticker)
        draw_ticker(b, dx, dy);
    if (st.night)
        dim(b->frame, 96);
    return rotate(b);
}

void bl_board_prepare_next(bl_board *b)
{
    bl_slide next;
    if (b->last.transition < 1.0 || b->last.cur.kind == BL_SLIDE_NIGHT)
        return; /* never during a transition: that frame is busy */
    if (bl_sched_peek(b->sched, &next))
        slide_surface(b, &next);
}

void bl_board_input(bl_board *b, bl_input in)
{
    bl_sched_input(b->sched, in);
}

void bl_board_toggle_orientation(bl_board *b)
{
    b->flip_mode = !b->flip_mode;
    rebuild(b);
}

static void json_escape(char *dst, size_t n, const char *s)
{
    size_t k = 0;
    for (; s && *s && k + 7 < n; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            dst[k++] = '\\';
            dst[k++] = (char)c;
        } else if (c < 0x20) {
            k += (size_t)snprintf(dst + k, n - k, "\\u%04x", c);
        } else {
            dst[k++] = (char)c;
        }
    }
    dst[k] = '\0';
}

void bl_board_describe(const bl_board *b, const bl_sched_state *st, char *buf, size_t n)
{
    static const char *const kinds[] = {"headlines", "page", "night", "empty"};
    const char *id = slide_id(b, &st->cur);
    const record *r = id ? find_record(b, id) : NULL;
    char title[600] = "";
    bl_mode m = r && st->cur.kind == BL_SLIDE_PAGE ? r->mode : board_mode(b);
    json_escape(title, sizeof title, r ? r->title : "");
    if (st->cur.kind == BL_SLIDE_PAGE)
        snprintf(buf, n,
                 "{\"t\": %.1f, \"kind\": \"page\", \"article\": \"%s\", \"page\": %d, \"pages\": %d, "
                 "\"dwell\": %.1f, \"orientation\": \"%s\"}",
                 st->cur.start - b->t0, title, st->cur.page + 1, st->cur.npages, st->cur.dwell,
                 m == BL_MODE_VERTICAL ? "vertical" : "horizontal");
    else
        snprintf(buf, n,
                 "{\"t\": %.1f, \"kind\": \"%s\", \"article\": \"%s\", \"dwell\": %.1f, \"orientation\": \"%s\"}",
                 st->cur.start - b->t0, kinds[st->cur.kind % 4], title, st->cur.dwell,
                 m == BL_MODE_VERTICAL ? "vertical" : "horizontal");
}

int bl_board_width(const bl_board *b) { return b->cfg.width; }
int bl_board_height(const bl_board *b) { return b->cfg.height; }
