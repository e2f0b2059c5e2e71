/*
 * script.h - showing articles in the script a board's readers read:
 * Simplified articles converted to Traditional characters (or the other
 * way) with OpenCC, for display only; the article files are never
 * rewritten.  Depends on base and content; OpenCC (Debian's libopencc and
 * its data, s2tw.json / t2s.json) does the conversion.
 */
#ifndef BL_SCRIPT_H
#define BL_SCRIPT_H

#include "core/base.h"
#include "content/content.h"

#include <stdbool.h>

/* The board's `script =` setting, and `--script` of render and layout. */
typedef enum {
    BL_SCRIPT_AS_IS,       /* "as-is": every article in its own script */
    BL_SCRIPT_SIMPLIFIED,  /* "simplified": zh-Hant and zh-HK articles converted, laid out as zh-Hans */
    BL_SCRIPT_TRADITIONAL, /* "traditional": zh-Hans articles converted, laid out as zh-Hant */
} bl_script;

/* Parses "as-is", "simplified" or "traditional"; false for anything else
 * (*out unchanged). */
bool bl_script_parse(const char *s, bl_script *out);
const char *bl_script_name(bl_script script);

typedef struct bl_converter bl_converter;

/* Opens OpenCC's conversion for script once: s2tw.json for traditional
 * (Traditional characters in the forms of Taiwan's standard and Big5),
 * t2s.json for simplified, read from config_dir (NULL: OpenCC's own data
 * folder).  *out is the caller's (bl_converter_destroy).  For as-is, and
 * when OpenCC cannot open its configuration (a warning names it and the
 * reason: articles then show as they are), *out is NULL: a NULL converter
 * converts nothing.  Fails only when out of memory. */
bl_status bl_converter_open(bl_script script, const char *config_dir, bl_converter **out, bl_err *err);
void bl_converter_destroy(bl_converter *c);

/* The article as a board with c shows it: when a's language is not c's
 * script, a new article (the caller's, bl_article_destroy) with every text
 * field (title, subtitle, kicker, byline, source, date, link label,
 * paragraphs) converted and lang set to the script's (zh-Hant or
 * zh-Hans); otherwise *out = NULL, a is shown as it is (also for a NULL
 * c).  The link and the path are copied unchanged.  Fails only when out
 * of memory or when OpenCC fails on a text (a message naming the file). */
bl_status bl_converter_article(const bl_converter *c, const bl_article *a, bl_article **out, bl_err *err);

#endif
