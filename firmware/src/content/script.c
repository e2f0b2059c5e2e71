/*
 * script.c - Simplified <-> Traditional conversion of articles for display
 * (see script.h), with OpenCC's C API.
 *
 * The converted article is made as a copy through the article format
 * itself (bl_article_write, then bl_article_parse), so that every field
 * the format has is copied, whatever fields it gains; then the text
 * fields a reader sees are converted in the copy.  File names and links
 * stay as they are.
 */
#include "content/script.h"

#include "core/buf.h"

#include <opencc/opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAG "script"

struct bl_converter {
    opencc_t cc;
    bl_script script;
};

static const char *const script_names[] = {"as-is", "simplified", "traditional"};

bool bl_script_parse(const char *s, bl_script *out)
{
    size_t i;
    for (i = 0; i < BL_ARRAY_LEN(script_names); i++)
        if (!strcmp(s, script_names[i])) {
            *out = (bl_script)i;
            return true;
        }
    return false;
}

const char *bl_script_name(bl_script script)
{
    return (unsigned)script < BL_ARRAY_LEN(script_names) ? script_names[script] : script_names[0];
}

bl_status bl_converter_open(bl_script script, const char *config_dir, bl_converter **out, bl_err *err)
{
    /* s2tw, not s2t: s2t writes OpenCC's own standard forms (爲 羣 衆 啓
     * 峯), which readers in Taiwan and Hong Kong do not use and the
     * firmware's TC faces (the Big5 set) do not have; s2tw writes 為 群 眾
     * 啟 峰.  t2s reads both kinds. */
    const char *name = script == BL_SCRIPT_TRADITIONAL ? "s2tw.json" : "t2s.json";
    bl_buf path = {0};
    bl_converter *c;
    opencc_t cc;

    *out = NULL;
    if (script != BL_SCRIPT_SIMPLIFIED && script != BL_SCRIPT_TRADITIONAL)
        return BL_OK;
    if (config_dir)
        bl_buf_printf(&path, "%s/%s", config_dir, name);
    else
        bl_buf_puts(&path, name);
    if (path.failed)
        return bl_err_set(err, BL_ERR_NOMEM, "script: out of memory");
    cc = opencc_open(path.p);
    if (cc == (opencc_t)-1) {
        const char *why = opencc_error();
        BL_LOGW(TAG, "script = %s: OpenCC cannot open %s%s (%s); articles show in their own script",
                bl_script_name(script), path.p, config_dir ? "" : " in its data folder",
                why && *why ? why : "no reason given");
        bl_buf_free(&path);
        return BL_OK;
    }
    bl_buf_free(&path);
    c = calloc(1, sizeof *c);
    if (!c) {
        opencc_close(cc);
        return bl_err_set(err, BL_ERR_NOMEM, "script: out of memory");
    }
    c->cc = cc;
    c->script = script;
    *out = c;
    return BL_OK;
}

void bl_converter_destroy(bl_converter *c)
{
    if (!c)
        return;
    opencc_close(c->cc);
    free(c);
}

/* Replaces *s (owned, may be NULL) by its conversion.  False when OpenCC
 * fails or memory runs out; *s is then unchanged. */
static bool convert(const bl_converter *c, char **s)
{
    char *cv, *copy;
    if (!*s)
        return true;
    cv = opencc_convert_utf8(c->cc, *s, strlen(*s));
    if (!cv)
        return false;
    copy = bl_strdup(cv);
    opencc_convert_utf8_free(cv);
    if (!copy)
        return false;
    free(*s);
    *s = copy;
    return true;
}

bl_status bl_converter_article(const bl_converter *c, const bl_article *a, bl_article **out, bl_err *err)
{
    const char *name = a->path ? a->path : a->title;
    bl_article *n = NULL;
    bl_buf text = {0};
    bl_status st;
    size_t i;
    bool traditional;

    *out = NULL;
    if (!c)
        return BL_OK;
    traditional = a->lang != BL_ARTICLE_LANG_HANS;
    if (traditional == (c->script == BL_SCRIPT_TRADITIONAL))
        return BL_OK; /* already in the board's script */
    st = bl_article_write(a, &text, err);
    if (!st)
        st = bl_article_parse(name, text.p, text.len, &n, err);
    bl_buf_free(&text);
    if (st)
        return st;
    if (a->path && !(n->path = bl_strdup(a->path)))
        goto nomem;
    if (!convert(c, &n->title) || !convert(c, &n->subtitle) || !convert(c, &n->kicker) ||
        !convert(c, &n->byline) || !convert(c, &n->source) || !convert(c, &n->date) ||
        !convert(c, &n->link_label))
        goto fail;
    for (i = 0; i < n->npara; i++)
        if (!convert(c, &n->paras[i]))
            goto fail;
    n->lang = c->script == BL_SCRIPT_TRADITIONAL ? BL_ARTICLE_LANG_HANT : BL_ARTICLE_LANG_HANS;
    *out = n;
    return BL_OK;
fail:
    bl_article_destroy(n);
    return bl_err_set(err, BL_ERR_NOMEM, "%s: OpenCC could not convert the text (%s)", name, opencc_error());
nomem:
    bl_article_destroy(n);
    return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", name);
}
