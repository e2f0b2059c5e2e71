/*
 * label.c - see label.h.
 *
 * Emoji: SDL_ttf 2.20.1 does draw Noto Color Emoji in colour, but only at
 * the face's one strike (136x128 px whatever size the font was opened
 * at: measured), so a run the chain gives to a colour face is drawn by
 * the renderer (bl_render_run) at the label's size instead.
 */
#include "board/label.h"

#include "core/utf8.h"
#include "render/render.h"
#include "text/text.h"

#include <SDL_ttf.h>
#include <stdlib.h>
#include <string.h>

#define TAG "board"
#define MAX_FACES 16 /* more than a chain holds */

struct bl_label {
    const bl_font *chain;
    int px;
    TTF_Font *ttf[MAX_FACES]; /* per chain face, opened on first use */
    bool tried[MAX_FACES];    /* an open was attempted (and logged if it failed) */
    bl_font *color[MAX_FACES]; /* colour faces: the chain's first face and this one at px, made on first use */
    bl_glyph_cache *cache;     /* their glyphs, made on first use */
};

static bool is_color(const bl_label *l, int i)
{
    int32_t num, den;
    return i >= 0 && bl_font_color_scale(l->chain, (size_t)i, &num, &den);
}

/* A run of colour face i drawn by the renderer at the label's size, as
 * tall as the first face's line and on its baseline. */
static SDL_Surface *color_run(bl_label *l, int i, TTF_Font *f0, const char *utf8, uint32_t argb)
{
    bl_err err;
    if (!l->color[i]) {
        const bl_face *faces[2] = {bl_font_face(l->chain, 0), bl_font_face(l->chain, (size_t)i)};
        if (bl_font_create(faces, 2, l->px, &l->color[i], &err)) {
            BL_LOGW(TAG, "%s", err.msg);
            return NULL;
        }
    }
    if (!l->cache && bl_cache_create(1u << 20, &l->cache, &err)) {
        BL_LOGW(TAG, "%s", err.msg);
        return NULL;
    }
    return bl_render_run(l->cache, l->color[i], utf8, argb, TTF_FontHeight(f0), TTF_FontAscent(f0));
}

/* A stretch of the label drawn with one face. */
typedef struct run {
    int face;
    char *utf8; /* the run's text, NUL-terminated */
} run;

static TTF_Font *face_font(bl_label *l, int i)
{
    if (i < 0 || i >= MAX_FACES)
        return NULL;
    if (!l->tried[i]) {
        const bl_face *face = bl_font_face(l->chain, (size_t)i);
        l->tried[i] = true;
        l->ttf[i] = TTF_OpenFontIndex(bl_face_path(face), l->px, bl_face_index(face));
        if (!l->ttf[i])
            BL_LOGW(TAG, "%s: %s", bl_face_path(face), TTF_GetError());
    }
    return l->ttf[i];
}

bl_status bl_label_create(const bl_font *chain, int px, bl_label **out, bl_err *err)
{
    bl_label *l;
    *out = NULL;
    if (!TTF_WasInit() && TTF_Init())
        return bl_err_set(err, BL_ERR_FONT, "SDL_ttf: %s", TTF_GetError());
    l = calloc(1, sizeof *l);
    if (!l)
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory");
    l->chain = chain;
    l->px = px;
    face_font(l, 0);
    *out = l;
    return BL_OK;
}

void bl_label_destroy(bl_label *l)
{
    int i;
    if (!l)
        return;
    for (i = 0; i < MAX_FACES; i++) {
        if (l->ttf[i])
            TTF_CloseFont(l->ttf[i]);
        bl_font_destroy(l->color[i]);
    }
    bl_cache_destroy(l->cache);
    free(l);
}

static void runs_free(run *rs, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        free(rs[i].utf8);
    free(rs);
}

/* Splits text into runs by face, as shaping does: a sequence (👨‍👩‍👧 👍🏽)
 * goes to one face whole, a character no face has with the first face
 * (its box), a space with the character before it (not a colour face).  Returns 0 runs for a label the first face draws whole (the caller
 * then draws the text as it is), or on failure. */
static size_t split(const bl_label *l, const char *text, run **out)
{
    uint32_t *cps = NULL;
    size_t n = 0, i, nr = 0, start;
    int *faceof = NULL;
    bool mixed = false;
    run *rs = NULL;

    *out = NULL;
    if (bl_utf8_decode(text, strlen(text), &cps, &n, NULL, NULL) || n == 0)
        goto done;
    faceof = malloc(n * sizeof *faceof);
    rs = calloc(n, sizeof *rs);
    if (!faceof || !rs)
        goto done;
    for (i = 0; i < n;) {
        size_t end, k;
        int f = bl_font_cluster_face(l->chain, cps, n, i, &end);
        if (f < 0 || f >= MAX_FACES)
            f = 0;
        else if (i > 0 && bl_text_class(cps[i]) == BL_CC_SPACE && !is_color(l, faceof[i - 1]))
            f = faceof[i - 1];
        for (k = i; k < end; k++)
            faceof[k] = f;
        mixed |= f != 0;
        i = end;
    }
    if (!mixed)
        goto done;
    for (start = 0; start < n; nr++) {
        size_t end = start + 1, k, len = 0;
        while (end < n && faceof[end] == faceof[start])
            end++;
        rs[nr].face = faceof[start];
        rs[nr].utf8 = malloc((end - start) * 4 + 1);
        if (!rs[nr].utf8) {
            runs_free(rs, nr);
            rs = NULL;
            nr = 0;
            goto done;
        }
        for (k = start; k < end; k++)
            len += (size_t)bl_utf8_encode(cps[k], rs[nr].utf8 + len);
        rs[nr].utf8[len] = '\0';
        start = end;
    }
done:
    free(cps);
    free(faceof);
    if (!nr)
        free(rs);
    else
        *out = rs;
    return nr;
}

static SDL_Color color_of(uint32_t argb)
{
    SDL_Color c = {(Uint8)(argb >> 16), (Uint8)(argb >> 8), (Uint8)argb, 255};
    return c;
}

SDL_Surface *bl_label_render(bl_label *l, const char *text, uint32_t argb)
{
    TTF_Font *f0 = face_font(l, 0);
    SDL_Surface *s = NULL, **part;
    run *rs;
    size_t nr, i;
    int w = 0, x = 0;

    if (!f0 || !text || !*text)
        return NULL;
    nr = split(l, text, &rs);
    if (!nr)
        return TTF_RenderUTF8_Blended(f0, text, color_of(argb));
    part = calloc(nr, sizeof *part);
    for (i = 0; part && i < nr; i++) {
        TTF_Font *f = is_color(l, rs[i].face) ? NULL : face_font(l, rs[i].face);
        if (is_color(l, rs[i].face))
            part[i] = color_run(l, rs[i].face, f0, rs[i].utf8, argb);
        else
            part[i] = f ? TTF_RenderUTF8_Blended(f, rs[i].utf8, color_of(argb)) : NULL;
        w += part[i] ? part[i]->w : 0;
    }
    /* The runs side by side on the first face's baseline, copied rather
     * than blended so the result has the alpha a single rendering has. */
    if (part && w > 0)
        s = SDL_CreateRGBSurfaceWithFormat(0, w, TTF_FontHeight(f0), 32, SDL_PIXELFORMAT_ARGB8888);
    if (s)
        SDL_FillRect(s, NULL, argb & 0x00FFFFFFu);
    for (i = 0; part && i < nr; i++) {
        if (s && part[i]) {
            int dy = is_color(l, rs[i].face) ? 0 : TTF_FontAscent(f0) - TTF_FontAscent(face_font(l, rs[i].face));
            SDL_Rect r = {x, dy, part[i]->w, part[i]->h};
            SDL_SetSurfaceBlendMode(part[i], SDL_BLENDMODE_NONE);
            SDL_BlitSurface(part[i], NULL, s, &r);
            x += part[i]->w;
        }
        SDL_FreeSurface(part ? part[i] : NULL);
    }
    free(part);
    runs_free(rs, nr);
    return s;
}

int bl_label_draw(bl_label *l, SDL_Surface *dst, const char *text, uint32_t argb, int x, int y)
{
    SDL_Surface *t = bl_label_render(l, text, argb);
    SDL_Rect r;
    int w;
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

int bl_label_width(bl_label *l, const char *text)
{
    TTF_Font *f0 = face_font(l, 0);
    run *rs;
    size_t nr, i;
    int w = 0, h = 0;
    if (!f0 || !text || !*text)
        return 0;
    nr = split(l, text, &rs);
    if (!nr) {
        TTF_SizeUTF8(f0, text, &w, &h);
        return w;
    }
    for (i = 0; i < nr; i++) {
        TTF_Font *f = is_color(l, rs[i].face) ? NULL : face_font(l, rs[i].face);
        int rw = 0;
        if (is_color(l, rs[i].face)) {
            SDL_Surface *cs = color_run(l, rs[i].face, f0, rs[i].utf8, 0);
            rw = cs ? cs->w : 0;
            SDL_FreeSurface(cs);
        } else if (f) {
            TTF_SizeUTF8(f, rs[i].utf8, &rw, &h);
        }
        w += rw;
    }
    runs_free(rs, nr);
    return w;
}

int bl_label_line_skip(const bl_label *l)
{
    return l->ttf[0] ? TTF_FontLineSkip(l->ttf[0]) : 0;
}
