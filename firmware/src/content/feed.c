/*
 * feed.c - feeds read from bytes into items (RSS 2.0 and 1.0 and Atom
 * with libxml2, JSON Feed with cJSON), declared Chinese encodings turned
 * into UTF-8 with iconv, feed dates, and item HTML cleaned into paragraphs
 * with libxml2's HTML parser.  Keeping items as files is feed_store.c's.
 * Depends on base, buf and fs.
 */
#include "content/feed.h"

#include "core/buf.h"
#include "core/fs.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define TAG "feed"

uint64_t bl_feed_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

/* ---- text ---------------------------------------------------------------------- */

/* Appends text to a paragraph being built, folding whitespace: a run of
 * spaces becomes one space, none at the start; one that held a line
 * break between two non-ASCII characters (Chinese wrapped in the source)
 * goes altogether.  Control characters are dropped. */
typedef struct folder {
    bl_buf b;
    bool space, newline; /* a whitespace run is pending */
} folder;

static void fold_put(folder *f, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            f->space = true;
            f->newline |= c == '\n' || c == '\r';
            continue;
        }
        if (c < 0x20 || c == 0x7f)
            continue;
        /* U+00A0 NO-BREAK SPACE (&nbsp;) counts as a space */
        if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0) {
            f->space = true;
            i++;
            continue;
        }
        if (f->space && f->b.len) {
            unsigned char last = (unsigned char)f->b.p[f->b.len - 1];
            if (!(f->newline && last >= 0x80 && c >= 0x80))
                bl_buf_put(&f->b, " ", 1);
        }
        f->space = f->newline = false;
        bl_buf_put(&f->b, (const char *)&s[i], 1);
    }
}

/* The folded text, or NULL when nothing but whitespace was put. */
static char *fold_take(folder *f)
{
    char *s;
    f->space = f->newline = false;
    if (!f->b.len) {
        bl_buf_free(&f->b);
        return NULL;
    }
    s = bl_buf_take(&f->b);
    return s;
}

static char *fold_str(const char *s)
{
    folder f = {0};
    if (!s)
        return NULL;
    fold_put(&f, s, strlen(s));
    return fold_take(&f);
}

/* fold_str of s, which it frees. */
static char *fold_own(char *s)
{
    char *r = fold_str(s);
    free(s);
    return r;
}

/* ---- HTML into paragraphs ------------------------------------------------------ */

typedef struct html_ctx {
    folder cur;
    char **paras;
    size_t n, cap;
    char *img;
    bool failed;
} html_ctx;

static void flush_para(html_ctx *x)
{
    char *p = fold_take(&x->cur);
    if (!p)
        return;
    if (!bl_grow((void **)&x->paras, &x->cap, x->n + 1, sizeof *x->paras)) {
        free(p);
        x->failed = true;
        return;
    }
    x->paras[x->n++] = p;
}

static bool name_in(const char *name, const char *const *list, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!strcasecmp(name, list[i]))
            return true;
    return false;
}

static void walk_html(html_ctx *x, xmlNode *n, int depth)
{
    static const char *const dropped[] = {"script", "style", "noscript", "template", "iframe", "object",
                                          "svg",    "math",  "head",     "title",    "button", "select",
                                          "form",   "video", "audio"};
    static const char *const blocks[] = {
        "p",     "div",     "h1",    "h2",     "h3",      "h4",     "h5",   "h6",    "li",      "ul",
        "ol",    "blockquote", "pre", "table", "tr",      "section", "article", "header", "footer", "figure",
        "figcaption", "hr", "dl",   "dt",     "dd",      "address", "main", "aside", "nav",     "body",
        "center", "td",     "th"};
    if (depth > 200) /* a pathological nesting: what is below is lost, not the stack */
        return;
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                fold_put(&x->cur, (const char *)n->content, strlen((const char *)n->content));
        } else if (n->type == XML_ELEMENT_NODE) {
            const char *name = (const char *)n->name;
            bool block;
            if (name_in(name, dropped, BL_ARRAY_LEN(dropped)))
                continue;
            if (!strcasecmp(name, "br")) {
                flush_para(x);
                continue;
            }
            if (!strcasecmp(name, "img")) {
                xmlChar *src = xmlGetProp(n, (const xmlChar *)"src");
                if (src && !x->img && *src && strncasecmp((const char *)src, "data:", 5))
                    x->img = bl_strdup((const char *)src);
                xmlFree(src);
                continue;
            }
            block = name_in(name, blocks, BL_ARRAY_LEN(blocks));
            if (block)
                flush_para(x);
            walk_html(x, n->children, depth + 1);
            if (block)
                flush_para(x);
        }
    }
}

bl_status bl_feed_html_paras(const char *html, size_t len, char ***paras, size_t *n, char **first_img,
                             bl_err *err)
{
    html_ctx x = {0};
    htmlDocPtr doc;
    *paras = NULL;
    *n = 0;
    if (first_img)
        *first_img = NULL;
    if (!len)
        return BL_OK;
    if (len > (size_t)BL_FEED_MAX_BYTES)
        return bl_err_set(err, BL_ERR_PARSE, "an item's HTML of %zu bytes is over the %u limit", len,
                          BL_FEED_MAX_BYTES);
    doc = htmlReadMemory(html, (int)len, NULL, "UTF-8",
                         HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NOIMPLIED);
    if (!doc)
        return BL_OK; /* nothing the parser could read: no paragraphs */
    walk_html(&x, doc->children, 0);
    flush_para(&x);
    xmlFreeDoc(doc);
    if (x.failed) {
        bl_strv_free(x.paras, x.n);
        free(x.img);
        return bl_err_set(err, BL_ERR_NOMEM, "out of memory cleaning an item's HTML");
    }
    *paras = x.paras;
    *n = x.n;
    if (first_img)
        *first_img = x.img;
    else
        free(x.img);
    return BL_OK;
}

/* ---- dates ------------------------------------------------------------------------ */

static int month_of(const char *s)
{
    static const char *const m[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                    "jul", "aug", "sep", "oct", "nov", "dec"};
    int i;
    for (i = 0; i < 12; i++)
        if (!strncasecmp(s, m[i], 3))
            return i;
    return -1;
}

/* "+0800", "-05:00", "Z", "GMT", "UT", "UTC" as seconds east of UTC;
 * anything else counts as UTC (zone names such as CST are ambiguous:
 * China's or the US's). */
static void zone_of(const char *z, long *off)
{
    int h, m;
    while (*z == ' ')
        z++;
    if (!*z || !strcasecmp(z, "Z") || !strcasecmp(z, "GMT") || !strcasecmp(z, "UT") || !strcasecmp(z, "UTC")) {
        *off = 0;
        return;
    }
    if ((*z == '+' || *z == '-') && isdigit((unsigned char)z[1]) && isdigit((unsigned char)z[2])) {
        int sign = *z == '-' ? -1 : 1;
        h = (z[1] - '0') * 10 + (z[2] - '0');
        z += 3;
        if (*z == ':')
            z++;
        m = isdigit((unsigned char)z[0]) && isdigit((unsigned char)z[1]) ? (z[0] - '0') * 10 + (z[1] - '0') : 0;
        *off = (long)(h * 3600 + m * 60) * sign;
        return;
    }
    *off = 0;
}

/* Days from 1970-01-01 to y-m-d (m 1-12) in the proleptic Gregorian
 * calendar (timegm without the time zone dance; glibc's timegm is not
 * POSIX). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t bl_feed_date(const char *s)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, used = 0;
    char mon[4];
    long off = 0;
    const char *z;
    if (!s)
        return 0;
    while (*s == ' ')
        s++;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &used) == 3) {
        /* RFC 3339 */
        z = s + used;
        if (*z == 'T' || *z == 't' || *z == ' ') {
            int n2 = 0;
            if (sscanf(z + 1, "%2d:%2d%n", &h, &mi, &n2) < 2)
                return 0;
            z += 1 + n2;
            if (*z == ':') {
                int n3 = 0;
                if (sscanf(z + 1, "%2d%n", &sec, &n3) < 1)
                    return 0;
                z += 1 + n3;
            }
            if (*z == '.' || *z == ',')
                for (z++; isdigit((unsigned char)*z); z++)
                    ;
            if (*z && *z != 'Z' && *z != 'z' && *z != '+' && *z != '-')
                return 0;
            if (*z == 'z')
                z = "Z";
            zone_of(z, &off);
        }
        mo--;
    } else {
        /* RFC 822: [Day,] DD Mon YYYY HH:MM[:SS] ZONE */
        const char *comma = strchr(s, ',');
        if (comma)
            s = comma + 1;
        if (sscanf(s, " %d %3s %d %d:%d%n", &d, mon, &y, &h, &mi, &used) != 5)
            return 0;
        z = s + used;
        if (*z == ':') {
            int n3 = 0;
            sscanf(z + 1, "%d%n", &sec, &n3);
            z += 1 + n3;
        }
        if ((mo = month_of(mon)) < 0)
            return 0;
        if (y < 100)
            y += y < 70 ? 2000 : 1900;
        zone_of(z, &off);
    }
    if (y < 1970 || y > 9999 || mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return 0;
    return days_from_civil(y, mo + 1, d) * 86400 + h * 3600 + mi * 60 + sec - off;
}

/* ---- encodings --------------------------------------------------------------------- */

/* The iconv name for a declared charset we convert, or NULL (UTF-8 and
 * what libxml2 reads itself). */
static const char *chinese_charset(const char *cs, size_t n)
{
    static const struct {
        const char *decl, *iconv;
    } t[] = {{"gbk", "GB18030"},  {"gb2312", "GB18030"},    {"gb18030", "GB18030"}, {"cp936", "GB18030"},
             {"x-gbk", "GB18030"}, {"big5", "BIG5-HKSCS"}, {"big5-hkscs", "BIG5-HKSCS"},
             {"euc-cn", "GB18030"}};
    size_t i;
    for (i = 0; i < BL_ARRAY_LEN(t); i++)
        if (strlen(t[i].decl) == n && !strncasecmp(cs, t[i].decl, n))
            return t[i].iconv;
    return NULL;
}

static const char *find_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return hay;
    return NULL;
}

/* The charset a Content-Type or an XML declaration names. */
static const char *declared(const char *content_type, const char *data, size_t len)
{
    const char *p, *cs = NULL;
    size_t n = 0;
    if (content_type && (p = find_nocase(content_type, "charset="))) {
        p += 8;
        if (*p == '"')
            p++;
        cs = p;
        n = strcspn(p, "\"; \t");
    } else if (len > 5 && !memcmp(data, "<?xml", 5)) {
        const char *end = memchr(data, '>', BL_MIN(len, 256));
        char decl[260];
        if (end) {
            memcpy(decl, data, (size_t)(end - data));
            decl[end - data] = 0;
            if ((p = strstr(decl, "encoding=")) && (p[9] == '"' || p[9] == '\'')) {
                size_t k = strcspn(p + 10, "\"'");
                return chinese_charset(data + (p + 10 - decl), k);
            }
        }
    }
    return cs ? chinese_charset(cs, n) : NULL;
}

static bl_status to_utf8(const char *name, const char *cs, const char *in, size_t len, char **out, size_t *outlen,
                         bl_err *err)
{
    iconv_t cd = iconv_open("UTF-8", cs);
    size_t cap = len * 2 + 16, left = cap, inleft = len;
    char *buf, *o, *copy, *i;
    if (cd == (iconv_t)-1)
        return bl_err_set(err, BL_ERR_IO, "%s: cannot convert %s: %s", name, cs, strerror(errno));
    /* iconv wants its input writable */
    buf = malloc(cap + 1);
    copy = malloc(len + 1);
    if (!buf || !copy) {
        free(buf);
        free(copy);
        iconv_close(cd);
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", name);
    }
    memcpy(copy, in, len);
    i = copy;
    o = buf;
    while (inleft) {
        if (iconv(cd, &i, &inleft, &o, &left) != (size_t)-1)
            break;
        if (errno == EILSEQ || errno == EINVAL) {
            /* a byte that is not the declared encoding: U+FFFD, and on */
            if (left < 3)
                break;
            memcpy(o, "\xef\xbf\xbd", 3);
            o += 3;
            left -= 3;
            i++;
            inleft--;
        } else {
            break; /* E2BIG cannot happen: three bytes out for every two in at most, and room for twice */
        }
    }
    iconv_close(cd);
    free(copy);
    *o = 0;
    *out = buf;
    *outlen = (size_t)(o - buf);
    return BL_OK;
}

/* ---- XML feeds -------------------------------------------------------------------- */

static bool is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static const char *ns_of(const xmlNode *n) { return n->ns && n->ns->href ? (const char *)n->ns->href : ""; }

static char *text_of(xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent(n);
    char *s = t ? bl_strdup((const char *)t) : NULL;
    xmlFree(t);
    return s;
}

static char *prop(xmlNode *n, const char *name)
{
    xmlChar *t = xmlGetProp(n, (const xmlChar *)name);
    char *s = t ? bl_strdup((const char *)t) : NULL;
    xmlFree(t);
    return s;
}

static void set(char **dst, char *v)
{
    if (*dst || !v || !*v) {
        free(v);
        return;
    }
    *dst = v;
}

static void replace(char **dst, char *v)
{
    if (!v || !*v) {
        free(v);
        return;
    }
    free(*dst);
    *dst = v;
}

/* An image URL from an enclosure or media element, when it is a picture. */
static char *image_of(xmlNode *n, const char *url_attr)
{
    char *type = prop(n, "type"), *medium = prop(n, "medium"), *url = NULL;
    bool pic = (type && !strncasecmp(type, "image/", 6)) || (medium && !strcasecmp(medium, "image")) ||
               (!type && !medium);
    if (pic)
        url = prop(n, url_attr);
    free(type);
    free(medium);
    return url;
}

/* Atom content/summary: the HTML it carries (xhtml: its markup). */
static char *atom_html(xmlNode *n)
{
    char *type = prop(n, "type"), *s = NULL;
    if (type && !strcmp(type, "xhtml")) {
        xmlBufferPtr xb = xmlBufferCreate();
        xmlNode *c;
        for (c = n->children; xb && c; c = c->next)
            xmlNodeDump(xb, n->doc, c, 0, 0);
        if (xb)
            s = bl_strdup((const char *)xmlBufferContent(xb));
        xmlBufferFree(xb);
    } else if (type && !strcmp(type, "text")) {
        /* plain text: escaped, so that a '<' in it stays text */
        char *t = text_of(n);
        bl_buf b = {0};
        const char *p;
        for (p = t ? t : ""; *p; p++) {
            if (*p == '<')
                bl_buf_puts(&b, "&lt;");
            else if (*p == '&')
                bl_buf_puts(&b, "&amp;");
            else if (*p == '\n' && p[1] == '\n')
                bl_buf_puts(&b, "<p>");
            else
                bl_buf_put(&b, p, 1);
        }
        free(t);
        s = bl_buf_take(&b);
    } else {
        s = text_of(n);
    }
    free(type);
    return s;
}

static void read_item(xmlNode *it, bl_feed_item *item, bool atom)
{
    xmlNode *c;
    char *summary = NULL, *updated = NULL;
    for (c = it->children; c; c = c->next) {
        const char *ns = ns_of(c);
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is(c, "title") && !strstr(ns, "mrss"))
            set(&item->title, text_of(c));
        else if (is(c, "link") && atom) {
            char *rel = prop(c, "rel");
            if (!rel || !strcmp(rel, "alternate"))
                set(&item->link, prop(c, "href"));
            else if (!strcmp(rel, "enclosure"))
                set(&item->image, image_of(c, "href"));
            free(rel);
        } else if (is(c, "link") && !strstr(ns, "Atom"))
            set(&item->link, text_of(c));
        else if (is(c, "guid") || (is(c, "id") && atom))
            set(&item->guid, text_of(c));
        else if (is(c, "pubDate") || is(c, "published") || is(c, "issued") || (is(c, "date") && strstr(ns, "dc"))) {
            char *d = text_of(c);
            if (!item->when)
                item->when = bl_feed_date(d);
            free(d);
        }
        else if (is(c, "updated") || is(c, "modified"))
            set(&updated, text_of(c));
        else if (is(c, "author") && atom) {
            xmlNode *a;
            for (a = c->children; a; a = a->next)
                if (is(a, "name"))
                    set(&item->author, text_of(a));
        } else if (is(c, "author") || is(c, "creator"))
            set(&item->author, text_of(c));
        else if (is(c, "encoded") || (is(c, "content") && atom && !strstr(ns, "mrss")))
            replace(&item->html, atom ? atom_html(c) : text_of(c));
        else if (is(c, "description") || (is(c, "summary") && atom))
            set(&summary, atom ? atom_html(c) : text_of(c));
        else if (is(c, "enclosure"))
            set(&item->image, image_of(c, "url"));
        else if ((is(c, "content") || is(c, "thumbnail")) && strstr(ns, "search.yahoo.com/mrss"))
            set(&item->image, image_of(c, "url"));
        else if (is(c, "group") && strstr(ns, "search.yahoo.com/mrss")) {
            xmlNode *g;
            for (g = c->children; g; g = g->next)
                if (is(g, "content") || is(g, "thumbnail"))
                    set(&item->image, image_of(g, "url"));
        }
    }
    if (!item->when && updated)
        item->when = bl_feed_date(updated);
    free(updated);
    set(&item->html, summary);
    item->title = fold_own(item->title);
    item->author = fold_own(item->author);
    item->link = fold_own(item->link);
    item->guid = fold_own(item->guid);
    if (!item->guid)
        item->guid = bl_strdup(item->link ? item->link : item->title);
}

static bool add_item(bl_feed *f, size_t *cap, bl_feed_item **out)
{
    if (!bl_grow((void **)&f->items, cap, f->n + 1, sizeof *f->items))
        return false;
    *out = &f->items[f->n++];
    memset(*out, 0, sizeof **out);
    return true;
}

static void read_items(bl_feed *f, size_t *cap, xmlNode *parent, const char *item_name, bool atom)
{
    xmlNode *c;
    for (c = parent->children; c; c = c->next) {
        bl_feed_item *item;
        if (is(c, "title") && !f->title)
            f->title = fold_own(text_of(c));
        if (!is(c, item_name) || !add_item(f, cap, &item))
            continue;
        read_item(c, item, atom);
        if (!item->guid) /* an item with neither guid, link nor title is nothing to show */
            f->n--;
    }
}

static bl_status parse_xml(const char *name, const char *data, size_t len, bool converted, bl_feed *f,
                           bl_err *err)
{
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
    xmlDocPtr doc = xmlReadMemory(data, (int)len, NULL, converted ? "UTF-8" : NULL,
                                  opts | (converted ? XML_PARSE_IGNORE_ENC : 0));
    xmlNode *root, *c;
    size_t cap = 0;
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        return bl_err_set(err, BL_ERR_PARSE, "%s: not well-formed XML%s%s", name, e && e->message ? ": " : "",
                          e && e->message ? e->message : "");
    }
    root = xmlDocGetRootElement(doc);
    if (root && is(root, "rss")) {
        f->format = "rss";
        for (c = root->children; c; c = c->next)
            if (is(c, "channel"))
                read_items(f, &cap, c, "item", false);
    } else if (root && is(root, "RDF")) {
        f->format = "rss";
        for (c = root->children; c; c = c->next)
            if (is(c, "channel") && !f->title) {
                xmlNode *t;
                for (t = c->children; t; t = t->next)
                    if (is(t, "title"))
                        set(&f->title, fold_own(text_of(t)));
            }
        read_items(f, &cap, root, "item", false);
    } else if (root && is(root, "feed")) {
        f->format = "atom";
        read_items(f, &cap, root, "entry", true);
    } else {
        bl_err_set(err, BL_ERR_PARSE, "%s: XML but not a feed (the root is <%s>, not <rss> or <feed>)", name,
                   root ? (const char *)root->name : "nothing");
        xmlFreeDoc(doc);
        return BL_ERR_PARSE;
    }
    xmlFreeDoc(doc);
    return BL_OK;
}

/* ---- JSON Feed --------------------------------------------------------------------- */

static char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && v->valuestring && *v->valuestring ? bl_strdup(v->valuestring) : NULL;
}

static bl_status parse_json(const char *name, const char *data, size_t len, bl_feed *f, bl_err *err)
{
    cJSON *root = cJSON_ParseWithLength(data, len), *items, *it;
    const cJSON *version;
    size_t cap = 0;
    if (!root)
        return bl_err_set(err, BL_ERR_PARSE, "%s: not JSON", name);
    version = cJSON_GetObjectItemCaseSensitive(root, "version");
    items = cJSON_GetObjectItemCaseSensitive(root, "items");
    if (!cJSON_IsString(version) || strncmp(version->valuestring, "https://jsonfeed.org/version/", 29) ||
        !cJSON_IsArray(items)) {
        cJSON_Delete(root);
        return bl_err_set(err, BL_ERR_PARSE, "%s: JSON but not a JSON Feed (no version or items)", name);
    }
    f->format = "json";
    f->title = fold_own(jstr(root, "title"));
    cJSON_ArrayForEach(it, items)
    {
        bl_feed_item *item;
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "id"), *author, *authors;
        char *d;
        if (!cJSON_IsObject(it) || !add_item(f, &cap, &item))
            continue;
        if (cJSON_IsString(id)) {
            item->guid = bl_strdup(id->valuestring);
        } else if (cJSON_IsNumber(id)) {
            char num[32];
            snprintf(num, sizeof num, "%.0f", id->valuedouble);
            item->guid = bl_strdup(num);
        }
        item->title = jstr(it, "title");
        item->link = jstr(it, "url");
        set(&item->link, jstr(it, "external_url"));
        item->html = jstr(it, "content_html");
        if (!item->html) {
            char *t = jstr(it, "content_text");
            if (!t)
                t = jstr(it, "summary");
            if (t) {
                bl_buf b = {0};
                const char *p;
                for (p = t; *p; p++)
                    bl_buf_puts(&b, *p == '<' ? "&lt;" : *p == '&' ? "&amp;" : *p == '\n' ? "<br>" : (char[2]){*p, 0});
                free(t);
                item->html = bl_buf_take(&b);
            }
        }
        item->image = jstr(it, "image");
        set(&item->image, jstr(it, "banner_image"));
        d = jstr(it, "date_published");
        if (!d)
            d = jstr(it, "date_modified");
        item->when = bl_feed_date(d);
        free(d);
        author = cJSON_GetObjectItemCaseSensitive(it, "author");
        authors = cJSON_GetObjectItemCaseSensitive(it, "authors");
        if (cJSON_IsArray(authors))
            author = cJSON_GetArrayItem(authors, 0);
        if (cJSON_IsObject(author))
            item->author = jstr(author, "name");
        item->title = fold_own(item->title);
        item->author = fold_own(item->author);
        item->guid = fold_own(item->guid);
        if (!item->guid)
            item->guid = bl_strdup(item->link ? item->link : item->title);
        if (!item->guid) {
            bl_feed_item gone = *item;
            f->n--;
            free(gone.title), free(gone.link), free(gone.html), free(gone.image), free(gone.author);
        }
    }
    cJSON_Delete(root);
    return BL_OK;
}

/* ---- the feed ---------------------------------------------------------------------- */

bl_status bl_feed_parse(const char *name, const char *data, size_t len, const char *content_type, bl_feed **out,
                        bl_err *err)
{
    bl_feed *f;
    const char *cs;
    char *conv = NULL;
    size_t i = 0;
    bl_status st;
    *out = NULL;
    if (len > (size_t)BL_FEED_MAX_BYTES)
        return bl_err_set(err, BL_ERR_PARSE, "%s: %zu bytes, over the %u a feed may have", name, len,
                          BL_FEED_MAX_BYTES);
    if (!(f = calloc(1, sizeof *f)))
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", name);
    f->encoding = "UTF-8";
    if (len >= 3 && !memcmp(data, "\xef\xbb\xbf", 3))
        i = 3;
    while (i < len && isspace((unsigned char)data[i]))
        i++;
    if (i < len && (data[i] == '{' || data[i] == '[')) {
        st = parse_json(name, data + i, len - i, f, err);
    } else {
        if ((cs = declared(content_type, data + i, len - i))) {
            size_t clen = 0;
            if ((st = to_utf8(name, cs, data + i, len - i, &conv, &clen, err))) {
                bl_feed_destroy(f);
                return st;
            }
            f->encoding = cs;
            st = parse_xml(name, conv, clen, true, f, err);
        } else {
            st = parse_xml(name, data, len, false, f, err);
        }
    }
    free(conv);
    if (st) {
        bl_feed_destroy(f);
        return st;
    }
    *out = f;
    return BL_OK;
}

void bl_feed_destroy(bl_feed *f)
{
    size_t i;
    if (!f)
        return;
    for (i = 0; i < f->n; i++) {
        bl_feed_item *it = &f->items[i];
        free(it->guid), free(it->title), free(it->link), free(it->author), free(it->html), free(it->image);
    }
    free(f->items);
    free(f->title);
    free(f);
}
