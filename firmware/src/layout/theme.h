/*
 * theme.h - the look of the board: colours, margins, type sizes and faces,
 * read from a theme file (assets/theme.ini).  Sizes are fractions of the
 * frame so one theme serves every screen; the Traditional faces are the
 * SC families' TC and HK counterparts.  Depends on base, ini and content
 * (the article's language).
 */
#ifndef BL_THEME_H
#define BL_THEME_H

#include "core/base.h"
#include "content/content.h"

#include <stdbool.h>

#define BL_THEME_FAMILY_MAX 64
#define BL_THEME_FALLBACK_MAX 6

typedef struct bl_theme {
    uint32_t background; /* 0xAARRGGBB: warm paper by default */
    uint32_t text;       /* body text: near black */
    uint32_t accent;     /* masthead, title rule: newspaper red */
    uint32_t muted;      /* byline, running head */
    double body_pct;     /* body size, % of the frame's short side (3.7) */
    double min_body_pct; /* never below this (3.0) */
    double margin_pct;   /* margin on every edge, % of the short side (4) */
    double title_scale, subtitle_scale, kicker_scale, byline_scale, head_scale;
    double list_scale;   /* headline-screen titles (1.5) */
    int line_pitch_pct;  /* horizontal line pitch, % of body size (160) */
    int column_gap_pct;  /* vertical column gap, % of body size (100) */
    char body_family[BL_THEME_FAMILY_MAX];     /* Noto Serif CJK SC */
    char body_style[32];                       /* Regular */
    char headline_family[BL_THEME_FAMILY_MAX]; /* Noto Sans CJK SC */
    char headline_style[32];                   /* Bold */
    char sans_family[BL_THEME_FAMILY_MAX];     /* Noto Sans CJK SC (kicker, byline, head) */
    char fallback[BL_THEME_FALLBACK_MAX][BL_THEME_FAMILY_MAX];
    int nfallback;
    bool qr_every_page; /* an article's link QR code on every page, not only its last (no) */
} bl_theme;

void bl_theme_defaults(bl_theme *t);

/* Loads a theme file over the defaults.  A missing or unreadable file is
 * an error; a bad value is logged with file:line and its default kept. */
bl_status bl_theme_load(const char *path, bl_theme *t, bl_err *err);

/* The family an article in lang is set in, for a theme family: a name
 * ending in " SC" (Noto Serif CJK SC, Noto Sans CJK SC) with " TC" or
 * " HK" instead, into out[size]; any other name, or zh-Hans, as it is.
 * True when the name changed. */
bool bl_theme_family_for(const char *family, bl_article_lang lang, char *out, size_t size);

/* Body size in px for a frame, from body_pct, floored at min_body_pct. */
int bl_theme_body_px(const bl_theme *t, int w, int h);
int bl_theme_margin_px(const bl_theme *t, int w, int h);

#endif
