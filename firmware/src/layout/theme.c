/*
 * theme.c - theme defaults, the theme file, and the Traditional
 * counterparts of its families.
 */
#include "layout/theme.h"

#include "core/ini.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bl_theme_defaults(bl_theme *t)
{
    memset(t, 0, sizeof *t);
    t->background = 0xFFF7F1E3u; /* newsprint */
    t->text = 0xFF1F1A17u;
    t->accent = 0xFFB3261Eu; /* Chinese newspaper red */
    t->muted = 0xFF5F574Fu;
    t->body_pct = 3.7;
    t->min_body_pct = 3.0;
    t->margin_pct = 4.0;
    t->title_scale = 2.2;
    t->subtitle_scale = 1.25;
    t->kicker_scale = 1.0;
    t->byline_scale = 0.85;
    t->head_scale = 0.7;
    t->list_scale = 1.5;
    t->line_pitch_pct = 160;
    t->column_gap_pct = 100;
    snprintf(t->body_family, sizeof t->body_family, "Noto Serif CJK SC");
    snprintf(t->body_style, sizeof t->body_style, "Regular");
    snprintf(t->headline_family, sizeof t->headline_family, "Noto Sans CJK SC");
    snprintf(t->headline_style, sizeof t->headline_style, "Bold");
    snprintf(t->sans_family, sizeof t->sans_family, "Noto Sans CJK SC");
    snprintf(t->fallback[0], sizeof t->fallback[0], "Noto Sans CJK SC");
    snprintf(t->fallback[1], sizeof t->fallback[1], "Noto Color Emoji"); /* emoji, in colour */
    snprintf(t->fallback[2], sizeof t->fallback[2], "HanaMinB");         /* CJK Extension B: 𠮷 𨋢 */
    t->nfallback = 3;
}

typedef struct {
    bl_theme *t;
    const char *path;
} load_ctx;

static bool num(const char *v, double lo, double hi, double *out)
{
    char *end;
    double d = strtod(v, &end);
    if (end == v || *end != '\0' || !(d >= lo && d <= hi))
        return false;
    *out = d;
    return true;
}

static int on_key(void *user, const char *section, const char *key, const char *v, int line)
{
    load_ctx *c = user;
    bl_theme *t = c->t;
    double d;
    struct {
        const char *name;
        double *field;
        double lo, hi;
    } nums[] = {
        {"body-size", &t->body_pct, 1.0, 20.0},       {"min-body-size", &t->min_body_pct, 1.0, 20.0},
        {"margin", &t->margin_pct, 0.0, 25.0},         {"title-scale", &t->title_scale, 0.5, 5.0},
        {"subtitle-scale", &t->subtitle_scale, 0.5, 5.0}, {"kicker-scale", &t->kicker_scale, 0.5, 5.0},
        {"byline-scale", &t->byline_scale, 0.5, 5.0}, {"head-scale", &t->head_scale, 0.3, 3.0},
        {"list-scale", &t->list_scale, 0.5, 5.0},
    };
    struct {
        const char *name;
        uint32_t *field;
    } colors[] = {{"background", &t->background}, {"text", &t->text}, {"accent", &t->accent}, {"muted", &t->muted}};
    struct {
        const char *name;
        char *field;
        size_t size;
    } strs[] = {{"body-font", t->body_family, sizeof t->body_family},
                {"body-style", t->body_style, sizeof t->body_style},
                {"headline-font", t->headline_family, sizeof t->headline_family},
                {"headline-style", t->headline_style, sizeof t->headline_style},
                {"sans-font", t->sans_family, sizeof t->sans_family}};
    size_t i;

    (void)section;
    for (i = 0; i < BL_ARRAY_LEN(nums); i++) {
        if (!strcmp(key, nums[i].name)) {
            if (num(v, nums[i].lo, nums[i].hi, &d))
                *nums[i].field = d;
            else
                BL_LOGW("theme", "%s:%d: %s = '%s' is not a number from %g to %g; keeping %g", c->path, line,
                        key, v, nums[i].lo, nums[i].hi, *nums[i].field);
            return 1;
        }
    }
    for (i = 0; i < BL_ARRAY_LEN(colors); i++) {
        if (!strcmp(key, colors[i].name)) {
            if (bl_ini_color(v, colors[i].field))
                BL_LOGW("theme", "%s:%d: %s = '%s' is not a #RRGGBB colour; keeping the default", c->path,
                        line, key, v);
            return 1;
        }
    }
    for (i = 0; i < BL_ARRAY_LEN(strs); i++) {
        if (!strcmp(key, strs[i].name)) {
            if (*v && strlen(v) < strs[i].size)
                snprintf(strs[i].field, strs[i].size, "%s", v);
            else
                BL_LOGW("theme", "%s:%d: %s is empty or too long; keeping '%s'", c->path, line, key,
                        strs[i].field);
            return 1;
        }
    }
    if (!strcmp(key, "line-pitch") || !strcmp(key, "column-gap")) {
        int *f = key[0] == 'l' ? &t->line_pitch_pct : &t->column_gap_pct;
        double lo = key[0] == 'l' ? 100 : 50, hi = key[0] == 'l' ? 300 : 300;
        if (num(v, lo, hi, &d))
            *f = (int)d;
        else
            BL_LOGW("theme", "%s:%d: %s = '%s' is not a percentage from %g to %g; keeping %d", c->path, line,
                    key, v, lo, hi, *f);
        return 1;
    }
    if (!strcmp(key, "fallback-font")) {
        if (t->nfallback < BL_THEME_FALLBACK_MAX && *v && strlen(v) < BL_THEME_FAMILY_MAX)
            snprintf(t->fallback[t->nfallback++], BL_THEME_FAMILY_MAX, "%s", v);
        else
            BL_LOGW("theme", "%s:%d: too many fallback fonts or a bad name", c->path, line);
        return 1;
    }
    if (!strcmp(key, "qr-every-page")) {
        if (!strcmp(v, "yes") || !strcmp(v, "no"))
            t->qr_every_page = v[0] == 'y';
        else
            BL_LOGW("theme", "%s:%d: qr-every-page = '%s' is not yes or no; keeping %s", c->path, line, v,
                    t->qr_every_page ? "yes" : "no");
        return 1;
    }
    BL_LOGW("theme", "%s:%d: unknown key '%s'", c->path, line, key);
    return 1;
}

bl_status bl_theme_load(const char *path, bl_theme *t, bl_err *err)
{
    char *text;
    bl_status st = bl_read_file(path, 1 << 20, &text, NULL, err);
    load_ctx c = {t, path};
    if (st)
        return st;
    /* fallback-font lines in the file replace the built-in list. */
    t->nfallback = 0;
    st = bl_ini_parse(path, text, on_key, &c, err);
    if (t->nfallback == 0) {
        snprintf(t->fallback[0], sizeof t->fallback[0], "%s", t->sans_family);
        t->nfallback = 1;
    }
    free(text);
    return st;
}

bool bl_theme_family_for(const char *family, bl_article_lang lang, char *out, size_t size)
{
    size_t n = strlen(family);
    bool sc = n >= 3 && !strcmp(family + n - 3, " SC");
    if (!sc || lang == BL_ARTICLE_LANG_HANS || (unsigned)lang >= BL_ARTICLE_LANG_COUNT) {
        snprintf(out, size, "%s", family);
        return false;
    }
    snprintf(out, size, "%.*s %s", (int)(n - 3), family, lang == BL_ARTICLE_LANG_HK ? "HK" : "TC");
    return true;
}

int bl_theme_body_px(const bl_theme *t, int w, int h)
{
    int s = w < h ? w : h;
    double px = s * t->body_pct / 100.0, floor_px = s * t->min_body_pct / 100.0;
    if (px < floor_px)
        px = floor_px;
    return (int)(px + 0.5);
}

int bl_theme_margin_px(const bl_theme *t, int w, int h)
{
    int s = w < h ? w : h;
    return (int)(s * t->margin_pct / 100.0 + 0.5);
}
