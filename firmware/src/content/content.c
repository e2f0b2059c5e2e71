/*
 * content.c - the article file format (see content.h): a "key: value"
 * header, a blank line, then paragraphs separated by blank lines.  One
 * table of keys drives both the reader and the writer.
 *
 * The text is decoded to code points once, cleaned (control characters and
 * bad bytes become U+FFFD, each with a warning), then walked line by line.
 * Damage that leaves the text readable only warns, so a slightly broken
 * file still reaches the screen; a file that is not text at all, or has no
 * title or no body, is refused with a one-line message that starts with
 * the file name.  Depends on base (errors, log, file reading), buf, utf8
 * and text (the ideograph test, for Chinese keys).
 */
#include "content/content.h"

#include "content/textenc.h"

#include "core/buf.h"
#include "core/weekly.h"
#include "text/text.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TAG "content"

/* Warnings of one kind per file before they are summed up in one line:
 * a damaged file must not flood the log. */
#define MAX_WARNINGS 10

/* A key longer than this is not a key but a sentence with a colon in it. */
#define MAX_KEY_CPS 32

/* A file with more invalid sequences than this share of its bytes is
 * binary (or another encoding such as GBK or UTF-16), not damaged UTF-8:
 * showing it would be a screen of U+FFFD. */
#define MAX_INVALID_PERCENT 10

/* ---- character tests --------------------------------------------------- */

/* Spaces trimmed from the ends of lines and values: ASCII space (tabs are
 * turned into spaces first), no-break space and the ideographic space that
 * Chinese texts use for their two-character indent. */
static bool is_trim_space(uint32_t cp) { return cp == ' ' || cp == 0xA0 || cp == 0x3000; }

static bool is_ascii_alnum(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

/* Characters a key may contain: ASCII words with - and _, or ideographs
 * (the Chinese keys).  Anything else before a colon (punctuation, spaces)
 * means the line is prose, not a header line. */
static bool is_key_char(uint32_t cp)
{
    return is_ascii_alnum(cp) || cp == '-' || cp == '_' || bl_text_is_ideograph(cp);
}

static char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

static bool ascii_ieq(const char *a, const char *b)
{
    while (*a && ascii_lower(*a) == ascii_lower(*b)) {
        a++;
        b++;
    }
    return *a == '\0' && *b == '\0';
}

/* ---- decoding and cleaning --------------------------------------------- */

/* State for the decoder's bad-sequence callback: turns byte offsets into
 * warnings with a line number, up to MAX_WARNINGS of them. */
typedef struct bad_bytes {
    const char *name;
    const char *text; /* the decoded bytes, to count lines up to an offset */
    size_t len;       /* bytes in text (text need not be NUL-terminated) */
    size_t base;      /* bytes before text in the file (the BOM) */
    size_t scanned;   /* text[0..scanned) has been counted into line */
    size_t line;      /* line number at text[scanned] */
    size_t count;     /* bad sequences seen */
} bad_bytes;

static void on_bad_bytes(void *user, size_t off)
{
    bad_bytes *bb = user;
    if (bb->count++ >= MAX_WARNINGS)
        return;
    /* Offsets arrive in increasing order, so counting lines is one pass. */
    for (; bb->scanned < off; bb->scanned++) {
        char c = bb->text[bb->scanned];
        if (c == '\n' || (c == '\r' && (bb->scanned + 1 >= bb->len ||
                                        bb->text[bb->scanned + 1] != '\n')))
            bb->line++;
    }
    BL_LOGW(TAG, "%s:%zu: invalid UTF-8 at byte %zu, shown as U+FFFD", bb->name, bb->line,
            bb->base + off);
}

/* Tabs become spaces (so trimming sees one kind of blank); other control
 * characters have no glyph and could upset layout, so they become U+FFFD
 * with a warning, like bad bytes.  Line ends are left for the line walk. */
static void clean_controls(const char *name, uint32_t *cps, size_t n)
{
    size_t line = 1, count = 0, i;
    for (i = 0; i < n; i++) {
        uint32_t cp = cps[i];
        if (cp == '\n' || (cp == '\r' && (i + 1 >= n || cps[i + 1] != '\n'))) {
            line++;
        } else if (cp == '\t' || cp == '\v' || cp == '\f') {
            cps[i] = ' ';
        } else if (cp != '\r' && (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))) {
            if (count++ < MAX_WARNINGS)
                BL_LOGW(TAG, "%s:%zu: control character U+%04X, shown as U+FFFD", name, line,
                        (unsigned)cp);
            cps[i] = BL_REPLACEMENT_CHAR;
        }
    }
    if (count > MAX_WARNINGS)
        BL_LOGW(TAG, "%s: %zu control characters in all, shown as U+FFFD", name, count);
}

/* ---- lines ------------------------------------------------------------- */

/* Finds the next line in cps[*pos..n): sets [*s, *e) to it without its line
 * end (LF, CRLF or a lone CR) and moves *pos past it.  False at the end. */
static bool next_line(const uint32_t *cps, size_t n, size_t *pos, size_t *s, size_t *e)
{
    size_t i = *pos;
    if (i >= n)
        return false;
    *s = i;
    while (i < n && cps[i] != '\n' && cps[i] != '\r')
        i++;
    *e = i;
    if (i < n && cps[i] == '\r')
        i++;
    if (i < n && cps[i] == '\n' && (i == *e || cps[i - 1] == '\r'))
        i++;
    *pos = i;
    return true;
}

static void trim(const uint32_t *cps, size_t *s, size_t *e)
{
    while (*s < *e && is_trim_space(cps[*s]))
        (*s)++;
    while (*e > *s && is_trim_space(cps[*e - 1]))
        (*e)--;
}

/* Encodes cps[s..e) as a new string (the caller's); NULL when out of memory. */
static char *encode_range(const uint32_t *cps, size_t s, size_t e)
{
    bl_buf b = {0};
    for (; s < e; s++)
        bl_buf_put_cp(&b, cps[s]);
    return bl_buf_take(&b);
}

/* If the trimmed line cps[s..e) is "key: value" (ASCII or full-width
 * colon), sets the key to [*ks, *ke) and the trimmed value to [*vs, *ve). */
static bool split_key_line(const uint32_t *cps, size_t s, size_t e, size_t *ks, size_t *ke,
                           size_t *vs, size_t *ve)
{
    size_t i, c = s;
    while (c < e && cps[c] != ':' && cps[c] != 0xFF1A)
        c++;
    if (c == e)
        return false;
    *ks = s;
    *ke = c;
    trim(cps, ks, ke);
    if (*ke == *ks || *ke - *ks > MAX_KEY_CPS)
        return false;
    for (i = *ks; i < *ke; i++)
        if (!is_key_char(cps[i]))
            return false;
    *vs = c + 1;
    *ve = e;
    trim(cps, vs, ve);
    return true;
}

/* ---- header fields ----------------------------------------------------- */

typedef enum { FIELD_TEXT, FIELD_ORIENTATION, FIELD_LANG, FIELD_TIME, FIELD_INT, FIELD_DAYS, FIELD_HOURS } field_kind;

/* The keys of the format, in the order the writer puts them (headlines
 * first, as they read on paper).  The reader matches the English key
 * ignoring ASCII case, or the Chinese one exactly. */
static const struct field {
    const char *key;    /* English key, written */
    const char *key_zh; /* Chinese key or NULL, read only */
    field_kind kind;
    size_t offset; /* of the member: char *, bl_article_orient, bl_article_lang, int64_t or int */
} fields[] = {
    {"kicker", "引题", FIELD_TEXT, offsetof(bl_article, kicker)},
    {"title", "标题", FIELD_TEXT, offsetof(bl_article, title)},
    {"subtitle", "副标题", FIELD_TEXT, offsetof(bl_article, subtitle)},
    {"byline", "作者", FIELD_TEXT, offsetof(bl_article, byline)},
    {"source", "来源", FIELD_TEXT, offsetof(bl_article, source)},
    {"date", "日期", FIELD_TEXT, offsetof(bl_article, date)},
    {"link", NULL, FIELD_TEXT, offsetof(bl_article, link)},
    {"link-label", "链接说明", FIELD_TEXT, offsetof(bl_article, link_label)},
    {"image", "图片", FIELD_TEXT, offsetof(bl_article, image)},
    {"caption", "图注", FIELD_TEXT, offsetof(bl_article, caption)},
    {"orientation", NULL, FIELD_ORIENTATION, offsetof(bl_article, orientation)},
    {"lang", "语言", FIELD_LANG, offsetof(bl_article, lang)},
    {"show-from", NULL, FIELD_TIME, offsetof(bl_article, show_from)},
    {"show-until", NULL, FIELD_TIME, offsetof(bl_article, show_until)},
    {"priority", NULL, FIELD_INT, offsetof(bl_article, priority)},
    /* times of the week (core/weekly.h): kept as written, parsed into a->weekly */
    {"days", "星期", FIELD_DAYS, offsetof(bl_article, days)},
    {"hours", "时段", FIELD_HOURS, offsetof(bl_article, hours)},
    /* posters */
    {"poster", "海报", FIELD_TEXT, offsetof(bl_article, poster)},
    {"dwell", "停留", FIELD_INT, offsetof(bl_article, dwell)},
};

/* The field's member in a: MEMBER(a, f, char *) is a char **. */
#define MEMBER(a, f, type) ((type *)(void *)((char *)(a) + (f)->offset))
#define CMEMBER(a, f, type) ((type const *)(const void *)((const char *)(a) + (f)->offset))

/* "orientation" values by bl_article_orient; "auto" reads as unset. */
static const char *const orient_names[] = {"auto", "horizontal", "vertical"};
_Static_assert(BL_ARRAY_LEN(orient_names) == BL_ARTICLE_ORIENT_VERTICAL + 1,
               "a name for each bl_article_orient");

/* "lang" values: the tag written back first for each bl_article_lang,
 * then the other tags read as the same (ASCII case ignored). */
static const struct {
    const char *tag;
    bl_article_lang lang;
} lang_tags[] = {
    {"zh-Hans", BL_ARTICLE_LANG_HANS},    {"zh-Hant", BL_ARTICLE_LANG_HANT},
    {"zh-HK", BL_ARTICLE_LANG_HK},        {"zh", BL_ARTICLE_LANG_HANS},
    {"zh-CN", BL_ARTICLE_LANG_HANS},      {"zh-SG", BL_ARTICLE_LANG_HANS},
    {"zh-Hans-CN", BL_ARTICLE_LANG_HANS}, {"zh-TW", BL_ARTICLE_LANG_HANT},
    {"zh-Hant-TW", BL_ARTICLE_LANG_HANT}, {"zh-Hant-HK", BL_ARTICLE_LANG_HK},
    {"zh-MO", BL_ARTICLE_LANG_HK},
};

const char *bl_article_lang_tag(bl_article_lang lang)
{
    return (unsigned)lang < BL_ARTICLE_LANG_COUNT ? lang_tags[lang].tag : lang_tags[0].tag;
}

static const struct field *find_field(const char *key)
{
    size_t i;
    for (i = 0; i < BL_ARRAY_LEN(fields); i++)
        if (ascii_ieq(key, fields[i].key) || (fields[i].key_zh && !strcmp(key, fields[i].key_zh)))
            return &fields[i];
    return NULL;
}

/* Parses a whole decimal int; false for anything else (empty, trailing
 * text, out of range). */
static bool parse_int(const char *s, int *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (end == s || *end != '\0' || errno == ERANGE || v < INT_MIN || v > INT_MAX)
        return false;
    *out = (int)v;
    return true;
}

/* "2026-03-13" or "2026-03-13 08:30" in local time, as Unix seconds; false
 * for anything else.  These are the rules the board has always applied
 * (sscanf: text after the last number read is not looked at; a day up to
 * 31 in any month, which mktime carries over), except that a year too
 * far below zero for struct tm is refused rather than overflowing. */
static bool parse_time(const char *v, int64_t *out)
{
    struct tm tm;
    int y, mo, d, h = 0, mi = 0, n;
    n = sscanf(v, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi);
    if ((n != 3 && n != 5) || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
        mi > 59 || y < INT_MIN + 1900)
        return false;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_isdst = -1;
    *out = (int64_t)mktime(&tm);
    return true;
}

/* Formats t so that parse_time reads it back: the date alone at local
 * midnight, else with hours and minutes.  False when t is not a whole
 * minute of local time or its year does not fit. */
static bool format_time(int64_t t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    long long y;
    if ((int64_t)tt != t || !localtime_r(&tt, &tm) || tm.tm_sec != 0)
        return false;
    y = (long long)tm.tm_year + 1900;
    if (y > INT_MAX)
        return false;
    if (tm.tm_hour == 0 && tm.tm_min == 0)
        snprintf(buf, size, "%04lld-%02d-%02d", y, tm.tm_mon + 1, tm.tm_mday);
    else
        snprintf(buf, size, "%04lld-%02d-%02d %02d:%02d", y, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                 tm.tm_min);
    return true;
}

/* Stores one header value (value is consumed).  Returns false only when
 * out of memory. */
static bool set_field(bl_article *a, const char *name, size_t line, const struct field *f,
                      const char *key, char *value, bool *seen)
{
    size_t idx = (size_t)(f - fields), i;
    char **slot;

    if (seen[idx])
        BL_LOGW(TAG, "%s:%zu: key '%s' given again, the later value is used", name, line, key);
    seen[idx] = true;

    switch (f->kind) {
    case FIELD_INT:
        if (!parse_int(value, MEMBER(a, f, int))) {
            BL_LOGW(TAG, "%s:%zu: %s '%s' is not an integer, using 0", name, line, f->key, value);
            *MEMBER(a, f, int) = 0;
        }
        break;
    case FIELD_ORIENTATION:
        for (i = 0; i < BL_ARRAY_LEN(orient_names) && !ascii_ieq(value, orient_names[i]); i++)
            ;
        /* auto is the same as no orientation: the screen decides; a bad
         * value leaves what was there. */
        if (i < BL_ARRAY_LEN(orient_names))
            *MEMBER(a, f, bl_article_orient) = (bl_article_orient)i;
        else
            BL_LOGW(TAG, "%s:%zu: %s '%s' is not horizontal, vertical or auto; ignored", name, line,
                    f->key, value);
        break;
    case FIELD_LANG:
        /* A bad value is the default: text shaped as zh-Hans in SC faces. */
        *MEMBER(a, f, bl_article_lang) = BL_ARTICLE_LANG_HANS;
        for (i = 0; i < BL_ARRAY_LEN(lang_tags) && !ascii_ieq(value, lang_tags[i].tag); i++)
            ;
        if (i < BL_ARRAY_LEN(lang_tags))
            *MEMBER(a, f, bl_article_lang) = lang_tags[i].lang;
        else
            BL_LOGW(TAG, "%s:%zu: %s '%s' is not zh-Hans, zh-Hant or zh-HK; using zh-Hans", name, line,
                    f->key, value);
        break;
    case FIELD_TIME:
        /* An empty value is no bound; a bad one too, with a warning. */
        *MEMBER(a, f, int64_t) = 0;
        if (value[0] && !parse_time(value, MEMBER(a, f, int64_t)))
            BL_LOGW(TAG, "%s:%zu: %s '%s' is not YYYY-MM-DD [HH:MM]; ignored", name, line, f->key,
                    value);
        break;
    case FIELD_DAYS:
    case FIELD_HOURS:
        /* A bad value leaves the article shown at every time, with a warning. */
        slot = MEMBER(a, f, char *);
        free(*slot);
        *slot = NULL;
        if (f->kind == FIELD_DAYS)
            a->weekly.days = 0;
        else
            a->weekly.nranges = 0;
        if (!value[0])
            break;
        if (f->kind == FIELD_DAYS ? bl_weekly_parse_days(value, &a->weekly)
                                  : bl_weekly_parse_hours(value, &a->weekly)) {
            *slot = value;
            return true;
        }
        BL_LOGW(TAG, "%s:%zu: %s '%s' is not %s; ignored", name, line, f->key, value,
                f->kind == FIELD_DAYS ? "days of the week such as 一至五, 周末 or 一、三、五"
                                      : "hours such as 08:00-12:00 (up to 4 ranges)");
        break;
    case FIELD_TEXT:
        slot = MEMBER(a, f, char *);
        free(*slot);
        /* An empty value is the same as no value (an empty title is missing). */
        if (!value[0]) {
            free(value);
            value = NULL;
        }
        *slot = value;
        return true;
    }
    free(value);
    return true;
}

/* Handles the header line whose key is cps[ks..ke) and value cps[vs..ve)
 * (line is its number, for messages).  Returns false only when out of
 * memory. */
static bool header_line(bl_article *a, const char *name, size_t line, const uint32_t *cps,
                        size_t ks, size_t ke, size_t vs, size_t ve, bool *seen)
{
    char *key = encode_range(cps, ks, ke), *value = encode_range(cps, vs, ve);
    const struct field *f;
    bool ok = key && value;

    if (ok && (f = find_field(key)) != NULL) {
        ok = set_field(a, name, line, f, key, value, seen);
        value = NULL; /* consumed */
    } else if (ok) {
        BL_LOGW(TAG, "%s:%zu: unknown key '%s'", name, line, key);
    }
    free(key);
    free(value);
    return ok;
}

/* ---- paragraphs -------------------------------------------------------- */

/* Capacities of an article's arrays while it is read. */
typedef struct caps {
    size_t paras, figures;
} caps;

/* A new string of s[0..n) (the caller's); NULL when out of memory. */
static char *dup_range(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* The "](" of paragraph s (len bytes) when it is exactly "![说明](FILE)"
 * with a FILE (the first "](": a caption never holds one), else NULL. */
static const char *figure_mid(const char *s, size_t len)
{
    const char *mid = len >= 5 && !strncmp(s, "![", 2) && s[len - 1] == ')' ? strstr(s + 2, "](") : NULL;
    return mid && mid + 2 < s + len - 1 ? mid : NULL;
}

/* If paragraph s is a picture (figure_mid), adds it to a as a figure
 * before the next text paragraph and sets *done.  False only when out of
 * memory. */
static bool push_figure(bl_article *a, caps *cap, const char *s, size_t len, bool *done)
{
    const char *mid = figure_mid(s, len);
    size_t clen, flen;
    bl_figure *f;
    *done = false;
    if (!mid)
        return true;
    clen = (size_t)(mid - (s + 2));
    flen = (size_t)(s + len - 1 - (mid + 2));
    if (!BL_GROW(&a->figures, &cap->figures, a->nfigures + 1))
        return false;
    f = &a->figures[a->nfigures];
    f->before = a->npara;
    f->file = dup_range(mid + 2, flen);
    f->caption = clen ? dup_range(s + 2, clen) : NULL;
    if (!f->file || (clen && !f->caption)) {
        free(f->file);
        free(f->caption);
        return false;
    }
    a->nfigures++;
    *done = true;
    return true;
}

/* Ends the paragraph being built (if any) and adds it to a, as a text
 * paragraph or a figure.  False when out of memory, now or while the
 * paragraph was built. */
static bool push_para(bl_article *a, caps *cap, bl_buf *para)
{
    char *s;
    bool figure;
    if (para->failed)
        return false;
    if (para->len == 0)
        return true;
    if (!push_figure(a, cap, para->p, para->len, &figure))
        return false;
    if (figure) {
        bl_buf_free(para);
        return true;
    }
    if (!BL_GROW(&a->paras, &cap->paras, a->npara + 1))
        return false;
    if (!(s = bl_buf_take(para)))
        return false;
    a->paras[a->npara++] = s;
    return true;
}

/* Appends the trimmed line cps[s..e) to the paragraph.  Lines join with no
 * space (Chinese has none between words), except that two ASCII letters or
 * digits meeting across the break were two words of Latin text. */
static void append_line(bl_buf *para, const uint32_t *cps, size_t s, size_t e, uint32_t *last)
{
    if (para->len > 0 && is_ascii_alnum(*last) && is_ascii_alnum(cps[s]))
        bl_buf_put_cp(para, ' ');
    for (; s < e; s++)
        bl_buf_put_cp(para, cps[s]);
    *last = cps[e - 1];
}

/* ---- writing ----------------------------------------------------------- */

/* Checks that s reads back unchanged as a header value or paragraph: valid
 * UTF-8 without control characters, no line break, nothing the reader
 * would trim.  Otherwise says why in why[size]. */
static bool writable(const char *s, char *why, size_t size)
{
    uint32_t *cps = NULL;
    size_t n = 0, i;
    bool ok = true;
    if (bl_utf8_count_invalid(s, strlen(s)) > 0) {
        snprintf(why, size, "invalid UTF-8");
        return false;
    }
    if (bl_utf8_decode(s, strlen(s), &cps, &n, NULL, NULL) != BL_OK) {
        snprintf(why, size, "out of memory");
        return false;
    }
    for (i = 0; ok && i < n; i++) {
        if (cps[i] < 0x20 || (cps[i] >= 0x7F && cps[i] < 0xA0)) {
            snprintf(why, size, "a control character or line break (U+%04X)", (unsigned)cps[i]);
            ok = false;
        }
    }
    if (ok && n > 0 && (is_trim_space(cps[0]) || is_trim_space(cps[n - 1]))) {
        snprintf(why, size, "spaces at an end");
        ok = false;
    }
    free(cps);
    return ok;
}

/* The value field f of a has in the file, into buf[size] when it is made
 * (orientation, times, numbers); NULL when the field is not set.  On a
 * value that cannot be written, NULL with *why set. */
static const char *field_value(const bl_article *a, const struct field *f, char *buf, size_t size,
                               char *why, size_t why_size)
{
    const char *v;
    bl_article_orient o;
    bl_article_lang l;
    int64_t t;
    switch (f->kind) {
    case FIELD_TEXT:
    case FIELD_DAYS:
    case FIELD_HOURS:
        v = *CMEMBER(a, f, char *);
        if (!v || !v[0]) /* empty is the same as absent */
            return NULL;
        return writable(v, why, why_size) ? v : NULL;
    case FIELD_ORIENTATION:
        o = *CMEMBER(a, f, bl_article_orient);
        if (o == BL_ARTICLE_ORIENT_UNSET)
            return NULL;
        if ((unsigned)o >= BL_ARRAY_LEN(orient_names)) {
            snprintf(why, why_size, "%d is not horizontal or vertical", (int)o);
            return NULL;
        }
        return orient_names[o];
    case FIELD_LANG:
        l = *CMEMBER(a, f, bl_article_lang);
        if (l == BL_ARTICLE_LANG_HANS)
            return NULL;
        if ((unsigned)l >= BL_ARTICLE_LANG_COUNT) {
            snprintf(why, why_size, "%d is not zh-Hans, zh-Hant or zh-HK", (int)l);
            return NULL;
        }
        return bl_article_lang_tag(l);
    case FIELD_TIME:
        t = *CMEMBER(a, f, int64_t);
        if (t == 0)
            return NULL;
        if (!format_time(t, buf, size)) {
            snprintf(why, why_size, "%lld is not a whole minute of local time", (long long)t);
            return NULL;
        }
        return buf;
    case FIELD_INT:
        if (*CMEMBER(a, f, int) == 0)
            return NULL;
        snprintf(buf, size, "%d", *CMEMBER(a, f, int));
        return buf;
    }
    return NULL;
}

/* Checks that figure f reads back as the same figure. */
static bool figure_writable(const bl_figure *f, char *why, size_t size)
{
    bl_buf b = {0};
    bool ok;
    if (!f->file || !f->file[0]) {
        snprintf(why, size, "it has no file");
        return false;
    }
    if (f->caption && strstr(f->caption, "](")) {
        snprintf(why, size, "its caption holds \"](\"");
        return false;
    }
    bl_buf_printf(&b, "![%s](%s)", f->caption ? f->caption : "", f->file);
    ok = !b.failed && writable(b.p, why, size);
    if (b.failed)
        snprintf(why, size, "out of memory");
    bl_buf_free(&b);
    return ok;
}

bl_status bl_article_write(const bl_article *a, bl_buf *out, bl_err *err)
{
    const char *name, *values[BL_ARRAY_LEN(fields)];
    char made[BL_ARRAY_LEN(fields)][48], why[96];
    size_t i, k;

    if (!a || !out)
        return bl_err_set(err, BL_ERR_USAGE, "bl_article_write called without an article or out");
    name = a->path ? a->path : a->title ? a->title : "<article>";
    if ((!a->title || !a->title[0]) && !a->poster)
        return bl_err_set(err, BL_ERR_PARSE, "%s: an article needs a title", name);
    if (a->npara == 0 && !a->poster)
        return bl_err_set(err, BL_ERR_PARSE, "%s: an article needs a paragraph", name);
    /* Everything is checked before anything is written: a refused article
     * leaves out as it was. */
    for (i = 0; i < BL_ARRAY_LEN(fields); i++) {
        why[0] = '\0';
        values[i] = field_value(a, &fields[i], made[i], sizeof made[i], why, sizeof why);
        if (why[0])
            return bl_err_set(err, BL_ERR_PARSE, "%s: the %s cannot be written: %s", name,
                              fields[i].key, why);
    }
    for (i = 0; i < a->npara; i++) {
        if (!a->paras[i] || !a->paras[i][0] || !writable(a->paras[i], why, sizeof why))
            return bl_err_set(err, BL_ERR_PARSE, "%s: paragraph %zu cannot be written: %s", name,
                              i + 1, a->paras[i] && a->paras[i][0] ? why : "it is empty");
        if (figure_mid(a->paras[i], strlen(a->paras[i])))
            return bl_err_set(err, BL_ERR_PARSE, "%s: paragraph %zu cannot be written: it would read as a picture",
                              name, i + 1);
    }
    for (i = 0; i < a->nfigures; i++)
        if (!figure_writable(&a->figures[i], why, sizeof why))
            return bl_err_set(err, BL_ERR_PARSE, "%s: picture %zu cannot be written: %s", name, i + 1, why);
    for (i = 0; i < BL_ARRAY_LEN(fields); i++)
        if (values[i])
            bl_buf_printf(out, "%s: %s\n", fields[i].key, values[i]);
    for (i = 0, k = 0; i <= a->npara; i++) {
        for (; k < a->nfigures && a->figures[k].before <= i; k++)
            bl_buf_printf(out, "\n![%s](%s)\n", a->figures[k].caption ? a->figures[k].caption : "",
                          a->figures[k].file);
        if (i < a->npara)
            bl_buf_printf(out, "\n%s\n", a->paras[i]);
    }
    if (out->failed)
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", name);
    return BL_OK;
}

/* ---- public ------------------------------------------------------------ */

char *bl_article_picture_path(const bl_article *a, const char *file)
{
    const char *slash = a->path ? strrchr(a->path, '/') : NULL;
    bl_buf b = {0};
    if (file[0] == '/' || !slash)
        return bl_strdup(file);
    bl_buf_put(&b, a->path, (size_t)(slash - a->path) + 1);
    bl_buf_puts(&b, file);
    return bl_buf_take(&b);
}

void bl_article_destroy(bl_article *a)
{
    size_t i;
    if (!a)
        return;
    free(a->path);
    free(a->title);
    free(a->subtitle);
    free(a->kicker);
    free(a->byline);
    free(a->source);
    free(a->date);
    free(a->link);
    free(a->link_label);
    free(a->poster);
    free(a->days);
    free(a->hours);
    free(a->image);
    free(a->caption);
    for (i = 0; i < a->npara; i++)
        free(a->paras[i]);
    free(a->paras);
    for (i = 0; i < a->nfigures; i++) {
        free(a->figures[i].file);
        free(a->figures[i].caption);
    }
    free(a->figures);
    free(a);
}

static bl_status parse_utf8(const char *name, const char *text, size_t len, bl_article **out, bl_err *err)
{
    bl_article *a = NULL;
    uint32_t *cps = NULL;
    size_t n = 0, pos = 0, line = 0, s, e, bom = 0, nbad;
    caps cap = {0, 0};
    bool seen[BL_ARRAY_LEN(fields)] = {false};
    bool header = true, have_header = false;
    bl_buf para = {0};
    uint32_t last = 0;
    bad_bytes bb;
    bl_status st;

    if (!name)
        name = "<input>";
    if (!out || (!text && len))
        return bl_err_set(err, BL_ERR_USAGE, "%s: bl_article_parse called without text or out",
                          name);
    *out = NULL;

    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        bom = 3;
    if (len == bom)
        return bl_err_set(err, BL_ERR_PARSE, "%s: empty file", name);
    text += bom;
    len -= bom;

    nbad = bl_utf8_count_invalid(text, len);
    if (nbad * 100 > len * MAX_INVALID_PERCENT)
        return bl_err_set(err, BL_ERR_PARSE, "%s: not a UTF-8 text file (%zu invalid bytes)",
                          name, nbad);

    bb = (bad_bytes){.name = name, .text = text, .len = len, .base = bom, .line = 1};
    if (bl_utf8_decode(text, len, &cps, &n, on_bad_bytes, &bb) != BL_OK)
        goto nomem;
    if (bb.count > MAX_WARNINGS)
        BL_LOGW(TAG, "%s: %zu invalid UTF-8 sequences in all, shown as U+FFFD", name, bb.count);
    clean_controls(name, cps, n);

    a = calloc(1, sizeof *a);
    if (!a)
        goto nomem;

    while (next_line(cps, n, &pos, &s, &e)) {
        size_t ks, ke, vs, ve;
        line++;
        trim(cps, &s, &e);
        if (header) {
            if (s == e) {
                /* Blank lines before the header are tolerated; the first
                 * one after it ends the header. */
                header = !have_header;
                continue;
            }
            if (split_key_line(cps, s, e, &ks, &ke, &vs, &ve)) {
                have_header = true;
                if (!header_line(a, name, line, cps, ks, ke, vs, ve, seen))
                    goto nomem;
                continue;
            }
            if (!have_header) {
                st = bl_err_set(err, BL_ERR_PARSE,
                                "%s: missing title (the file must start with 'title: ...')",
                                name);
                goto fail;
            }
            /* A prose line straight after the header: the blank line was
             * forgotten.  Keep the text rather than lose it. */
            BL_LOGW(TAG, "%s:%zu: no blank line after the header, the body starts here", name,
                    line);
            header = false;
        }
        if (s == e) {
            if (!push_para(a, &cap, &para))
                goto nomem;
            continue;
        }
        append_line(&para, cps, s, e, &last);
    }
    if (!push_para(a, &cap, &para))
        goto nomem;

    if (a->dwell < 0) {
        BL_LOGW(TAG, "%s: dwell %d is not a number of seconds; ignored", name, a->dwell);
        a->dwell = 0;
    }
    if (a->poster) { /* a poster slide: the article gives it a name and a schedule */
        if (a->npara)
            BL_LOGW(TAG, "%s: a poster article's body is not shown (the poster %s is)", name, a->poster);
        free(cps);
        *out = a;
        return BL_OK;
    }
    if (!a->title) {
        st = bl_err_set(err, BL_ERR_PARSE, "%s: missing title", name);
        goto fail;
    }
    if (a->npara == 0) {
        st = bl_err_set(err, BL_ERR_PARSE, "%s: empty body", name);
        goto fail;
    }
    free(cps);
    *out = a;
    return BL_OK;

nomem:
    st = bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", name);
fail:
    bl_buf_free(&para);
    free(cps);
    bl_article_destroy(a);
    return st;
}

/* Files from Windows editors: UTF-16 with a BOM ("Unicode" in Notepad)
 * and GBK ("ANSI" on a Chinese Windows) are read, with a warning saying
 * so, rather than refused or shown as U+FFFD. */
bl_status bl_article_parse(const char *name, const char *text, size_t len, bl_article **out, bl_err *err)
{
    const unsigned char *u = (const unsigned char *)text;
    bool utf16 = len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
    if (!text || !out || (!utf16 && bl_utf8_count_invalid(text, len) == 0))
        return parse_utf8(name, text, len, out, err);
    *out = NULL;
    char *conv = NULL;
    size_t clen = 0;
    const char *enc = NULL;
    bl_status st = bl_textenc_to_utf8(name ? name : "<input>", text, len, &conv, &clen, &enc, err);
    if (st != BL_OK)
        return st;
    if (strcmp(enc, "unknown") != 0) {
        BL_LOGW(TAG, "%s: %s text, read as such (save it as UTF-8 to silence this)", name ? name : "<input>", enc);
        st = parse_utf8(name, conv, clen, out, err);
    } else {
        st = parse_utf8(name, text, len, out, err);
    }
    free(conv);
    return st;
}

bl_status bl_article_load(const char *path, size_t max_bytes, bl_article **out, bl_err *err)
{
    char *buf = NULL;
    size_t len = 0;
    bl_status st;

    if (!out || !path)
        return bl_err_set(err, BL_ERR_USAGE, "%s: bl_article_load called without a path or out",
                          path ? path : "<input>");
    *out = NULL;
    st = bl_read_file(path, max_bytes, &buf, &len, err);
    if (st != BL_OK)
        return st;
    st = bl_article_parse(path, buf, len, out, err);
    free(buf);
    if (st != BL_OK)
        return st;
    if (!((*out)->path = bl_strdup(path))) {
        bl_article_destroy(*out);
        *out = NULL;
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", path);
    }
    return BL_OK;
}
