/*
 * compose.c - see compose.h.
 *
 * Slides are rendered once into surfaces of the slide area and kept in a
 * small cache, so a frame is only copying, blending the transition, the
 * ticker and the labels.  A cached page is named by its article's
 * layout, so an unchanged article keeps its rendering across content
 * changes; a headline screen, like the ticker, by the list in force (its
 * items' handles and layouts) and its mark: a content change reaches the
 * schedule at its next slide boundary, and a picture of the list drawn
 * before that must not outlive it.
 */
#include "board/compose.h"

#include "render/colour.h"

#include "board/label.h"
#include "core/buf.h"
#include "layout/layout.h"
#include "render/pixel.h"
#include "render/render.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TAG "board"
#define SLIDE_CACHE 4

/* What a cached surface shows. */
typedef struct slide_key {
    int kind;
    uint64_t handle; /* the article's (pages) */
    uint64_t layout; /* its layout (pages), or the list in force (headline screens: list_key) */
    int page;        /* the page, or the headline screen's mark */
    bl_mode mode;
} slide_key;

typedef struct cached {
    slide_key key;
    SDL_Surface *s;
    uint64_t used;
} cached;

struct bl_compose {
    bl_config cfg;
    bl_theme theme;
    bl_engine *engine;
    bl_layout_opts lo; /* slide area; mode set per use */
    bl_clock *clock;
    double t0;
    bl_frame_geometry g;
    SDL_Surface *frame, *phys;
    cached cache[SLIDE_CACHE];
    uint64_t use_clock;
    bl_label *l_status, *l_mast, *l_ticker;
    SDL_Surface *status;
    char status_text[256];
    SDL_Surface *ticker;
    double ticker_offset;
    uint64_t ticker_list; /* list_key of the list the ticker shows */
    char *alert;          /* the emergency alert on screen, or NULL */
    SDL_Surface *alert_s; /* its slide area, drawn once per alert */
};

/* The alert's look: white on a deep red, whatever the theme (a reader
 * must tell it from any page at a glance). */
#define ALERT_BG 0xFFB3261Eu
#define ALERT_FG 0xFFFFFFFFu

void bl_frame_geometry_of(const bl_config *cfg, bl_frame_geometry *g)
{
    int shortside;
    g->w = cfg->rotation % 180 ? cfg->height : cfg->width;
    g->h = cfg->rotation % 180 ? cfg->width : cfg->height;
    shortside = BL_MIN(g->w, g->h);
    g->status_h = (shortside * 65 + 500) / 1000;
    g->ticker_h = cfg->ticker ? (shortside * 65 + 500) / 1000 : 0;
    g->slide_h = g->h - g->status_h - g->ticker_h;
}

/* ---- the deck through the schedule --------------------------------------- */

/* The layout of item i of the list in force, or NULL. */
static const bl_deck_article *item(const bl_sched *s, const bl_deck *d, int i)
{
    if (i < 0 || (size_t)i >= bl_sched_count(s))
        return NULL;
    return bl_deck_find(d, bl_sched_item_handle(s, (size_t)i));
}

/* The same for the lists (headline screen, ticker): NULL also for an item
 * outside its show window, which the rotation does not show either. */
static const bl_deck_article *listed(const bl_sched *s, const bl_deck *d, int i)
{
    return bl_sched_item_showing(s, (size_t)i) ? item(s, d, i) : NULL;
}

/* Names the list in force as drawn: its items' handles and the layouts
 * they find (FNV-1a over both; none for an item outside its window), so
 * that a picture of the list is drawn again when the schedule takes a new
 * list, an article changes or a show window opens or closes. */
static uint64_t list_key(const bl_sched *s, const bl_deck *d)
{
    size_t n = bl_sched_count(s), i;
    uint64_t h = 1469598103934665603u;
    for (i = 0; i < n; i++) {
        const bl_deck_article *a = listed(s, d, (int)i);
        uint64_t v[2] = {bl_sched_item_handle(s, i), a ? a->layout : 0};
        size_t k;
        for (k = 0; k < 16; k++) {
            h ^= (v[k / 8] >> (k % 8 * 8)) & 0xFF;
            h *= 1099511628211u;
        }
    }
    return h ^ n;
}

/* ---- slides -------------------------------------------------------------- */

static void draw_message(bl_compose *c, SDL_Surface *s, const char *kicker, const char *title)
{
    bl_headline h = {kicker, title};
    bl_doc *doc = NULL;
    bl_err err;
    bl_layout_opts lo = c->lo;
    lo.mode = BL_MODE_HORIZONTAL;
    SDL_FillRect(s, NULL, c->theme.background);
    if (!bl_layout_headlines(&h, 1, -1, &lo, &doc, &err))
        bl_render_page(bl_engine_cache(c->engine), doc, 0, bl_engine_palette(c->engine), s, &err);
    bl_doc_destroy(doc);
}

static void draw_headlines(bl_compose *c, const bl_slide *sl, const bl_sched *s, const bl_deck *d, SDL_Surface *dst)
{
    size_t n = bl_sched_count(s), i, k = 0;
    bl_headline *hl = calloc(n ? n : 1, sizeof *hl);
    int marked = -1;
    bl_doc *doc = NULL;
    bl_layout_opts lo = c->lo;
    bl_err err;
    if (!hl)
        return;
    for (i = 0; i < n; i++) {
        const bl_deck_article *a = listed(s, d, (int)i);
        if (!a)
            continue;
        if ((int)i == sl->article)
            marked = (int)k;
        hl[k].kicker = a->kicker;
        hl[k].title = a->title;
        k++;
    }
    lo.mode = bl_deck_mode(d);
    if (bl_layout_headlines(hl, k, marked, &lo, &doc, &err) ||
        bl_render_page(bl_engine_cache(c->engine), doc, 0, bl_engine_palette(c->engine), dst, &err))
        BL_LOGE(TAG, "headline screen: %s", err.msg);
    bl_doc_destroy(doc);
    free(hl);
}

/* A poster page centred on the theme's background: the picture (already
 * fitted to the slide area on the content worker) copied, or blended
 * where it has transparency (render/colour.h). */
static void draw_poster(bl_compose *c, const bl_picture *pic, SDL_Surface *dst)
{
    SDL_FillRect(dst, NULL, c->theme.background);
    if (SDL_MUSTLOCK(dst) && SDL_LockSurface(dst))
        return;
    bl_colour_over(dst, (dst->w - pic->w) / 2, (dst->h - pic->h) / 2, pic->px, pic->w, pic->h);
    if (SDL_MUSTLOCK(dst))
        SDL_UnlockSurface(dst);
}

/* Renders a slide into dst; a is the slide's article, or NULL. */
static void draw_slide(bl_compose *c, const bl_slide *sl, const bl_deck_article *a, const bl_sched *s,
                       const bl_deck *d, SDL_Surface *dst)
{
    bl_err err;
    if (sl->kind == BL_SLIDE_PAGE && a && a->poster && sl->page < a->npages) {
        draw_poster(c, a->poster[sl->page], dst);
        return;
    }
    if (sl->kind == BL_SLIDE_PAGE && a && a->doc && (size_t)sl->page < a->doc->npages) {
        if (bl_render_page(bl_engine_cache(c->engine), a->doc, (size_t)sl->page, bl_engine_palette(c->engine),
                           dst, &err))
            BL_LOGE(TAG, "%s", err.msg);
        return;
    }
    if (sl->kind == BL_SLIDE_HEADLINES) {
        draw_headlines(c, sl, s, d, dst);
        return;
    }
    if (sl->kind == BL_SLIDE_NIGHT) {
        SDL_FillRect(dst, NULL, 0xFF101010u);
        return;
    }
    draw_message(c, dst, "暂无新闻", "新的文章放入内容文件夹后，会自动出现在这里。");
}

static bool key_eq(const cached *e, const slide_key *k)
{
    return e->s && e->key.kind == k->kind && e->key.handle == k->handle && e->key.layout == k->layout &&
           e->key.page == k->page && e->key.mode == k->mode;
}

/* The rendered surface of a slide, from the cache or drawn now. */
static SDL_Surface *slide_surface(bl_compose *c, const bl_slide *sl, const bl_sched *s, const bl_deck *d)
{
    const bl_deck_article *a = item(s, d, sl->article);
    cached *victim = &c->cache[0];
    slide_key k;
    size_t i;

    memset(&k, 0, sizeof k);
    k.kind = sl->kind;
    k.mode = bl_deck_mode(d);
    if (sl->kind == BL_SLIDE_PAGE) {
        k.handle = sl->article >= 0 ? bl_sched_item_handle(s, (size_t)sl->article) : 0;
        k.layout = a ? a->layout : 0;
        k.page = sl->page;
        k.mode = a ? a->mode : k.mode;
    } else if (sl->kind == BL_SLIDE_HEADLINES) {
        k.layout = list_key(s, d);
        k.page = sl->article; /* the mark is part of a headline screen */
    }
    for (i = 0; i < SLIDE_CACHE; i++) {
        if (key_eq(&c->cache[i], &k)) {
            c->cache[i].used = ++c->use_clock;
            return c->cache[i].s;
        }
        if (c->cache[i].used < victim->used)
            victim = &c->cache[i];
    }
    if (!victim->s) {
        victim->s = bl_surface_create(c->g.w, c->g.slide_h);
        if (!victim->s)
            return NULL;
    }
    draw_slide(c, sl, a, s, d, victim->s);
    victim->key = k;
    victim->used = ++c->use_clock;
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
static void burn_shift(const bl_compose *c, int *dx, int *dy)
{
    static const int8_t cyc[][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}, {-1, 1}, {-1, 0}, {-1, -1}, {0, -1}, {2, 0}, {0, 2}};
    size_t step = (size_t)((bl_clock_mono(c->clock) - c->t0) / 300.0) % BL_ARRAY_LEN(cyc);
    *dx = cyc[step][0];
    *dy = cyc[step][1];
}

/* The page count shown: the layout's being drawn (the article laid out
 * again in another mode or changed keeps its slide until the boundary,
 * but its pages are the new layout's, running head included). */
static int page_count(const bl_sched_state *st, const bl_sched *s, const bl_deck *d)
{
    const bl_deck_article *a = item(s, d, st->cur.article);
    if (a && st->cur.page < a->npages)
        return a->npages;
    return st->cur.npages;
}

static void draw_status(bl_compose *c, const bl_sched_state *st, int npages, int dx, int dy)
{
    char text[256], date[96] = "", page[48] = "";
    SDL_Rect bar = {0, 0, c->g.w, c->g.status_h};
    int sb_h = c->g.status_h, pad = sb_h / 2;
    if (st->clock_sane) {
        struct tm tm;
        bl_clock_local(c->clock, &tm);
        chinese_date(&tm, date, sizeof date);
    }
    if (st->cur.kind == BL_SLIDE_PAGE && npages > 1)
        snprintf(page, sizeof page, "第%d/%d页", st->cur.page + 1, npages);
    snprintf(text, sizeof text, "%s%s%s", page, *page && *date ? "    " : "", date);
    if (!c->status || strcmp(text, c->status_text)) {
        /* Re-drawn only when the words change (once a minute). */
        int w, ty;
        snprintf(c->status_text, sizeof c->status_text, "%s", text);
        if (!c->status)
            c->status = bl_surface_create(c->g.w, sb_h);
        if (!c->status)
            return;
        SDL_FillRect(c->status, NULL, c->theme.background);
        ty = (sb_h - bl_label_line_skip(c->l_mast)) / 2;
        bl_label_draw(c->l_mast, c->status, c->cfg.name, c->theme.accent, pad, ty);
        w = bl_label_width(c->l_status, text);
        ty = (sb_h - bl_label_line_skip(c->l_status)) / 2;
        bl_label_draw(c->l_status, c->status, text, c->theme.muted, c->g.w - pad - w, ty);
        {
            SDL_Rect rule = {pad, sb_h - BL_MAX(2, sb_h / 32), c->g.w - 2 * pad, BL_MAX(2, sb_h / 32)};
            SDL_FillRect(c->status, &rule, c->theme.accent);
        }
    }
    SDL_FillRect(c->frame, &bar, c->theme.background);
    {
        SDL_Rect r = {dx, dy, c->g.w, sb_h};
        SDL_BlitSurface(c->status, NULL, c->frame, &r);
    }
}

/* Re-draws the ticker strip when the list in force changes. */
static void update_ticker(bl_compose *c, const bl_sched *s, const bl_deck *d)
{
    size_t n = bl_sched_count(s), i;
    uint64_t key = c->alert ? 0x5A17u : list_key(s, d);
    bl_buf text = {0};
    char *t;
    if (c->ticker && c->ticker_list == key)
        return;
    SDL_FreeSurface(c->ticker);
    c->ticker = NULL;
    c->ticker_list = key;
    for (i = 0; c->alert && i < 3; i++) {
        bl_buf_puts(&text, "【紧急通知】");
        for (const char *p = c->alert; *p; p++)
            bl_buf_put(&text, *p == '\n' ? " " : p, 1);
        bl_buf_puts(&text, "　　");
    }
    for (i = 0; !c->alert && i < n; i++) {
        const bl_deck_article *a = listed(s, d, (int)i);
        if (!a)
            continue;
        bl_buf_puts(&text, "◆ ");
        bl_buf_puts(&text, a->title);
        bl_buf_puts(&text, "　　");
    }
    t = bl_buf_take(&text);
    if (t && *t)
        c->ticker = bl_label_render(c->l_ticker, t, c->theme.background);
    free(t);
    /* start with the headlines already in view, not entering from the edge */
    c->ticker_offset = c->g.w * 3 / 4;
}

static void draw_ticker(bl_compose *c, const bl_sched *s, const bl_deck *d, int dx, int dy)
{
    int W = c->g.w, H = c->g.h, tk_h = c->g.ticker_h;
    SDL_Rect band = {0, H - tk_h, W, tk_h};
    SDL_FillRect(c->frame, &band, c->alert ? ALERT_BG : c->theme.accent);
    update_ticker(c, s, d);
    if (c->ticker && c->ticker->w > 0) {
        int period = c->ticker->w + W / 3;
        int x = W - (int)c->ticker_offset % period + dx;
        int y = H - tk_h + (tk_h - c->ticker->h) / 2 + dy;
        SDL_Rect clip = band;
        SDL_SetClipRect(c->frame, &clip);
        for (; x < W; x += period) {
            SDL_Rect r = {x, y, c->ticker->w, c->ticker->h};
            if (x + c->ticker->w > 0)
                SDL_BlitSurface(c->ticker, NULL, c->frame, &r);
        }
        SDL_SetClipRect(c->frame, NULL);
    }
    c->ticker_offset += c->cfg.ticker_speed;
    if (c->ticker && c->ticker_offset > 1e9)
        c->ticker_offset = 0;
}

/* Turns the logical frame into the physical one: rotation is done here,
 * by configuration, not by the video driver. */
static SDL_Surface *rotate(bl_compose *c)
{
    if (c->cfg.rotation == 0)
        return c->frame;
    bl_pixel_rotate(c->frame, c->phys, c->cfg.rotation);
    return c->phys;
}

/* The slide area: the slide, or the transition into it. */
static void draw_slide_area(bl_compose *c, const bl_sched_state *st, const bl_sched *s, const bl_deck *d)
{
    int W = c->g.w, sb_h = c->g.status_h, slide_h = c->g.slide_h;
    SDL_Rect area = {0, sb_h, W, slide_h};
    SDL_Surface *cur, *prev = NULL;
    cur = slide_surface(c, &st->cur, s, d);
    if (st->transition < 1.0 && st->prev.serial && c->cfg.transition != BL_TRANS_NONE)
        prev = slide_surface(c, &st->prev, s, d);
    if (cur && prev && prev != cur && c->cfg.transition == BL_TRANS_FADE) {
        bl_pixel_fade(c->frame, sb_h, prev, cur, (unsigned)(st->transition * 256.0));
    } else if (cur && prev && prev != cur && c->cfg.transition == BL_TRANS_SLIDE) {
        /* the new slide comes in from the side reading goes to */
        double t = st->transition, e = t * t * (3 - 2 * t);
        int off = (int)(W * e), dir = bl_deck_mode(d) == BL_MODE_VERTICAL ? -1 : 1;
        SDL_Rect rp = {-dir * off, sb_h, W, slide_h}, rc = {dir * (W - off), sb_h, W, slide_h};
        SDL_SetClipRect(c->frame, &area);
        SDL_BlitSurface(prev, NULL, c->frame, &rp);
        SDL_BlitSurface(cur, NULL, c->frame, &rc);
        SDL_SetClipRect(c->frame, NULL);
    } else if (cur) {
        SDL_Rect r = area;
        SDL_BlitSurface(cur, NULL, c->frame, &r);
    } else {
        SDL_FillRect(c->frame, &area, c->theme.background);
    }
}

/* The alert's slide area: 紧急通知 small above the message, large,
 * white on red, laid out like a headline screen's one entry. */
static void draw_alert(bl_compose *c)
{
    SDL_Rect area = {0, c->g.status_h, c->g.w, c->g.slide_h};
    if (!c->alert_s) {
        bl_headline h = {"紧急通知", c->alert};
        bl_doc *doc = NULL;
        bl_err err = {0};
        bl_layout_opts lo = c->lo;
        bl_palette pal = *bl_engine_palette(c->engine);
        lo.mode = BL_MODE_HORIZONTAL;
        pal.background = ALERT_BG;
        for (int i = 0; i < BL_STYLE_COUNT; i++)
            pal.style[i] = ALERT_FG;
        c->alert_s = bl_surface_create(c->g.w, c->g.slide_h);
        if (!c->alert_s)
            return;
        SDL_FillRect(c->alert_s, NULL, ALERT_BG);
        SDL_Surface *tmp = bl_surface_create(c->g.w, c->g.slide_h);
        if (tmp && !bl_layout_headlines(&h, 1, -1, &lo, &doc, &err) &&
            !bl_render_page(bl_engine_cache(c->engine), doc, 0, &pal, tmp, &err) && doc->npages) {
            /* the lines' extent, centred in the slide area */
            const bl_page *pg = &doc->pages[0];
            int32_t x0 = INT32_MAX, y0 = INT32_MAX, x1 = 0, y1 = 0;
            for (size_t i = 0; i < pg->nlines; i++) {
                x0 = BL_MIN(x0, pg->lines[i].x);
                y0 = BL_MIN(y0, pg->lines[i].y);
                x1 = BL_MAX(x1, pg->lines[i].x + pg->lines[i].w);
                y1 = BL_MAX(y1, pg->lines[i].y + pg->lines[i].h);
            }
            if (pg->nlines) {
                SDL_Rect from = {(int)BL_PX(x0), (int)BL_PX(y0), (int)BL_PX(x1 - x0) + 1, (int)BL_PX(y1 - y0) + 1};
                SDL_Rect to = {(c->g.w - from.w) / 2, (c->g.slide_h - from.h) / 2, from.w, from.h};
                SDL_BlitSurface(tmp, &from, c->alert_s, &to);
            }
        } else {
            BL_LOGW("compose", "the alert cannot be laid out: %s", err.msg);
        }
        SDL_FreeSurface(tmp);
        bl_doc_destroy(doc);
    }
    SDL_BlitSurface(c->alert_s, NULL, c->frame, &area);
}

void bl_compose_set_alert(bl_compose *c, const char *text)
{
    if ((!text && !c->alert) || (text && c->alert && !strcmp(text, c->alert)))
        return;
    free(c->alert);
    c->alert = text ? bl_strdup(text) : NULL;
    SDL_FreeSurface(c->alert_s);
    c->alert_s = NULL;
    c->ticker_list = 1; /* the ticker changes with it */
    SDL_FreeSurface(c->ticker);
    c->ticker = NULL;
}

SDL_Surface *bl_compose_frame(bl_compose *c, const bl_sched_state *st, const bl_sched *s, const bl_deck *d)
{
    int dx, dy;
    burn_shift(c, &dx, &dy);
    if (c->alert) {
        /* over everything, the night too: an alert is for now */
        draw_alert(c);
        draw_status(c, st, page_count(st, s, d), dx, dy);
        if (c->cfg.ticker)
            draw_ticker(c, s, d, dx, dy);
        return rotate(c);
    }
    if (st->cur.kind == BL_SLIDE_NIGHT) {
        char t[32];
        struct tm tm;
        SDL_FillRect(c->frame, NULL, 0xFF101010u);
        if (st->clock_sane) {
            bl_clock_local(c->clock, &tm);
            snprintf(t, sizeof t, "%02d:%02d", tm.tm_hour, tm.tm_min);
            bl_label_draw(c->l_status, c->frame, t, 0xFF505050u,
                          c->g.w / 2 - bl_label_width(c->l_status, t) / 2 + dx * 40, c->g.h / 2 + dy * 40);
        }
        return rotate(c);
    }
    draw_slide_area(c, st, s, d);
    /* progress mark: how much of the dwell is left */
    {
        int h = BL_MAX(3, BL_MIN(c->g.w, c->g.h) / 270);
        SDL_Rect done = {0, c->g.status_h + c->g.slide_h - h, (int)(c->g.w * st->progress), h};
        SDL_FillRect(c->frame, &done, c->theme.accent);
    }
    draw_status(c, st, page_count(st, s, d), dx, dy);
    if (c->cfg.ticker)
        draw_ticker(c, s, d, dx, dy);
    if (st->night)
        bl_pixel_dim(c->frame, 96);
    return rotate(c);
}

void bl_compose_prepare(bl_compose *c, const bl_slide *sl, const bl_sched *s, const bl_deck *d)
{
    slide_surface(c, sl, s, d);
}

bl_status bl_compose_create(const bl_config *cfg, const bl_theme *theme, bl_engine *engine,
                            const bl_layout_opts *lo, bl_clock *clock, double t0, bl_compose **out, bl_err *err)
{
    bl_compose *c = calloc(1, sizeof *c);
    bl_status st;
    int px;

    *out = NULL;
    if (!c)
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    c->cfg = *cfg;
    c->theme = *theme;
    c->engine = engine;
    c->lo = *lo;
    c->clock = clock;
    c->t0 = t0;
    bl_frame_geometry_of(cfg, &c->g);
    c->frame = bl_surface_create(c->g.w, c->g.h);
    c->phys = cfg->rotation ? bl_surface_create(cfg->width, cfg->height) : NULL;
    if (!c->frame || (cfg->rotation && !c->phys)) {
        st = bl_err_set(err, BL_ERR_NOMEM, "cannot create a %dx%d frame", c->g.w, c->g.h);
        goto fail;
    }
    px = c->g.status_h / 2;
    if ((st = bl_label_create(lo->fonts[BL_STYLE_HEAD], px, &c->l_status, err)) ||
        (st = bl_label_create(lo->fonts[BL_STYLE_TITLE], px * 11 / 10, &c->l_mast, err)) ||
        (st = bl_label_create(lo->fonts[BL_STYLE_HEAD], BL_MAX(8, c->g.ticker_h / 2), &c->l_ticker, err)))
        goto fail;
    *out = c;
    return BL_OK;
fail:
    bl_compose_destroy(c);
    return st;
}

void bl_compose_destroy(bl_compose *c)
{
    size_t i;
    if (!c)
        return;
    for (i = 0; i < SLIDE_CACHE; i++)
        SDL_FreeSurface(c->cache[i].s);
    SDL_FreeSurface(c->status);
    SDL_FreeSurface(c->ticker);
    SDL_FreeSurface(c->alert_s);
    free(c->alert);
    SDL_FreeSurface(c->frame);
    SDL_FreeSurface(c->phys);
    bl_label_destroy(c->l_status);
    bl_label_destroy(c->l_mast);
    bl_label_destroy(c->l_ticker);
    free(c);
}
