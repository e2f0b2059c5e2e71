/*
 * import_fields.c - the page importer's articles (rawpage.h): the
 * headlines of the gaps given to bodies, the lines of each paragraph and
 * headline joined into text, and the article's fields (title, kicker,
 * subtitle, byline, date and source).
 *
 * On such pages a headline comes after its body; a page with headlines
 * before its first body and none after its last is read the other way
 * round.  A body without a headline of its own takes the nearest headline
 * group of the gap on its other side when that gap holds two.  Labels,
 * captions and lines that fit no article are set aside.  Depends on base,
 * buf, text, content and rawpage.h.
 */
#include "content/rawpage.h"

#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Headline lines of this many characters or fewer, standing alone, are
 * labels ("媒体", "专题"), not titles. */
#define LABEL_MAX_CHARS 4

/* The longest title made from an article's first sentence when it has no
 * headline (characters). */
#define FALLBACK_TITLE_CHARS 30

/* ---- buffers ------------------------------------------------------------ */

/* A growing run of code points (a headline or paragraph being joined: the
 * joiner looks back at the last code points, which UTF-8 would hide).  A
 * failed allocation sets failed, later puts do nothing, as in a bl_buf. */
typedef struct cpbuf {
    uint32_t *p;
    size_t len, cap;
    bool failed;
} cpbuf;

static void cb_put(cpbuf *b, uint32_t cp)
{
    if (!b->failed && !BL_GROW(&b->p, &b->cap, b->len + 1))
        b->failed = true;
    if (!b->failed)
        b->p[b->len++] = cp;
}

/* Encodes cps[0..n) as a new UTF-8 string (the caller's); NULL when out of
 * memory. */
char *bl__imp_encode_cps(const uint32_t *cps, size_t n)
{
    bl_buf b = {0};
    size_t i;
    bl_buf_reserve(&b, n * 3);
    for (i = 0; i < n; i++)
        bl_buf_put_cp(&b, cps[i]);
    return bl_buf_take(&b);
}

/* ---- headlines ----------------------------------------------------------- */

/* A label under a QR code: "扫码看视频", "扫一扫". */
static bool is_qr_label(const bl__imp_page *c, const bl__imp_line *l)
{
    static const char *const words[] = {"扫码", "扫一扫", "二维码", "扫描"};
    size_t k, i;
    if (!l->headish || l->nchars > 20)
        return false;
    for (i = l->s; i < l->e; i++)
        for (k = 0; k < BL_ARRAY_LEN(words); k++)
            if (bl__imp_cps_start(c->cps, i, l->e, words[k]))
                return true;
    return false;
}

/* Words a byline line starts with (after 本报): the role of the person
 * named, or the writer's mark. */
static const char *const byline_words[] = {"记者",     "通讯员", "实习生", "实习记者", "见习记者", "特约记者",
                                           "摄影记者", "文/",    "文／",   "撰文",     "作者："};

bool bl__imp_is_byline_line(const bl__imp_page *c, const bl__imp_line *l)
{
    size_t k, s = l->s;
    if (!l->headish || l->nchars > 40 || l->kind != BL__IMP_TEXT)
        return false;
    if (bl__imp_cps_start(c->cps, s, l->e, "本报"))
        s += 2;
    for (k = 0; k < BL_ARRAY_LEN(byline_words); k++)
        if (bl__imp_cps_start(c->cps, s, l->e, byline_words[k]))
            return true;
    return false;
}

bool bl__imp_is_source_line(const bl__imp_page *c, const bl__imp_line *l)
{
    static const char *const marks[] = {"来源：", "来源:", "稿件来源：", "本文来源："};
    size_t k;
    if (l->nchars > 40 || l->kind != BL__IMP_TEXT)
        return false;
    for (k = 0; k < BL_ARRAY_LEN(marks); k++)
        if (bl__imp_cps_start(c->cps, l->s, l->e, marks[k]))
            return true;
    return false;
}

typedef enum { G_LABEL, G_KICKER, G_HEAD, G_BYLINE, G_SOURCE } gap_class;

/* What a line in a gap is; *why is set for labels (noted when they hold
 * sentences).  Called once per line, by make_units. */
static gap_class classify_gap_line(bl__imp_page *c, size_t i, const char **why)
{
    const bl__imp_line *l = &c->ln[i], *nx = i + 1 < c->n ? &c->ln[i + 1] : NULL;
    if (l->kind == BL__IMP_CAPTION) {
        *why = "photo caption";
        return G_LABEL;
    }
    if (l->kind == BL__IMP_NOTE) {
        *why = "note outside any article";
        return G_LABEL;
    }
    if (is_qr_label(c, l)) {
        *why = "label of a QR code";
        return G_LABEL;
    }
    if (bl__imp_is_byline_line(c, l))
        return G_BYLINE;
    if (bl__imp_is_source_line(c, l))
        return G_SOURCE;
    if (!l->headish && !l->dash_start) {
        *why = "text that fits no article";
        bl__imp_note(c, "line %zu: sentence text between articles, set aside", l->no);
        return G_LABEL;
    }
    if (l->kicker_form && nx && nx->role == BL__IMP_IN_GAP && nx->owner == l->owner &&
        nx->kind == BL__IMP_TEXT && (nx->headish || nx->dash_start) && nx->nchars > LABEL_MAX_CHARS &&
        !nx->kicker_form)
        return G_KICKER;
    if (l->nchars <= LABEL_MAX_CHARS) {
        *why = "label on a line of its own";
        return G_LABEL;
    }
    return G_HEAD;
}

/* Cuts the gaps into units and sets labels aside. */
bool bl__imp_make_units(bl__imp_page *c)
{
    size_t i;
    gap_class prev = G_LABEL;
    for (i = 0; i < c->n; i++) {
        bl__imp_line *l = &c->ln[i];
        const char *why = NULL;
        gap_class g;
        if (l->role != BL__IMP_IN_GAP) {
            prev = G_LABEL;
            continue;
        }
        g = classify_gap_line(c, i, &why);
        l->kicker = g == G_KICKER;
        l->field = g == G_BYLINE ? BL__IMP_FBYLINE : g == G_SOURCE ? BL__IMP_FSOURCE : BL__IMP_AUTO;
        if (g == G_LABEL) {
            bl__imp_set_aside(c, i, why);
        } else if (g == G_BYLINE || g == G_SOURCE) {
            /* a unit of its own, given an owner after the headlines */
            if (!BL_GROW(&c->un, &c->capu, c->nun + 1))
                return false;
            c->un[c->nun++] = (bl__imp_unit){l->owner, i, i, BL__IMP_NONE};
            g = G_LABEL; /* nothing joins it */
        } else if (c->nun > 0 && prev != G_LABEL && c->un[c->nun - 1].last == i - 1 &&
                   c->un[c->nun - 1].gap == l->owner &&
                   (prev == G_KICKER || (c->blank_page && !l->blank_before))) {
            c->un[c->nun - 1].last = i;
        } else {
            if (!BL_GROW(&c->un, &c->capu, c->nun + 1))
                return false;
            c->un[c->nun++] = (bl__imp_unit){l->owner, i, i, BL__IMP_NONE};
        }
        prev = g;
    }
    return !c->nomem;
}

/* A unit that is a byline or source line, not a headline. */
static bool aux_unit(const bl__imp_page *c, size_t u)
{
    return c->ln[c->un[u].first].field != BL__IMP_AUTO;
}

/* Gives byline and source lines their articles: a source line ends the
 * body above it; a byline goes with the headline nearest it in its gap
 * (the one before it, else the one after), or, alone in its gap, to the
 * body the page's headlines go to from there. */
static void assign_aux(bl__imp_page *c, size_t nb, bool after)
{
    size_t u, v;
    for (u = 0; u < c->nun; u++) {
        size_t g = c->un[u].gap, own = BL__IMP_NONE;
        if (!aux_unit(c, u))
            continue;
        if (c->ln[c->un[u].first].field == BL__IMP_FSOURCE) {
            own = g > 0 ? g - 1 : BL__IMP_NONE;
        } else {
            for (v = u; v-- > 0 && own == BL__IMP_NONE && c->un[v].gap == g;)
                if (!aux_unit(c, v))
                    own = c->un[v].owner;
            for (v = u + 1; v < c->nun && own == BL__IMP_NONE && c->un[v].gap == g; v++)
                if (!aux_unit(c, v))
                    own = c->un[v].owner;
            if (own == BL__IMP_NONE)
                own = after ? (g > 0 ? g - 1 : BL__IMP_NONE) : (g < nb ? g : BL__IMP_NONE);
        }
        c->un[u].owner = own;
    }
}

/* Gives every unit an owner body (or none: set aside). */
void bl__imp_assign_units(bl__imp_page *c)
{
    size_t nb = c->nbo, *count, *start, k, u;
    bool after;

    count = calloc(nb + 1, sizeof *count);
    start = calloc(nb + 1, sizeof *start);
    if (!count || !start) {
        c->nomem = true;
        goto out;
    }
    for (u = c->nun; u-- > 0;) {
        if (aux_unit(c, u))
            continue;
        count[c->un[u].gap]++;
        start[c->un[u].gap] = u;
    }
    /* Such pages print a headline after its body.  Read them the other way
     * only when headlines stand before the first body and none after the
     * last. */
    after = !(count[0] > 0 && count[nb] == 0);
    for (u = 0; u < c->nun; u++) {
        size_t g = c->un[u].gap;
        if (aux_unit(c, u))
            continue;
        if (after && g > 0)
            c->un[u].owner = g - 1;
        else if (!after && g < nb)
            c->un[u].owner = g;
    }
    for (k = 0; k < nb; k++) {
        size_t own = after ? k + 1 : k; /* the gap holding body k's headline */
        size_t other = after ? k : k + 1, take;
        bool edge = after ? k == 0 : k == nb - 1; /* the other gap has no body beyond it */
        if (count[own] > 0 || count[other] == 0 || (!edge && count[other] < 2))
            continue;
        take = after ? start[other] + count[other] - 1 : start[other];
        c->un[take].owner = k;
        if (!edge)
            bl__imp_note(c, "article %zu has no headline %s its body: took the one on line %zu, %s it", k + 1,
                         after ? "after" : "before", c->ln[c->un[take].first].no, after ? "above" : "below");
    }
    assign_aux(c, nb, after);
    for (u = 0; u < c->nun; u++) {
        size_t i;
        if (c->un[u].owner != BL__IMP_NONE)
            continue;
        for (i = c->un[u].first; i <= c->un[u].last; i++)
            bl__imp_set_aside(c, i, "headline with no article");
        bl__imp_note(c, "line %zu: a headline no article claims, set aside", c->ln[c->un[u].first].no);
    }
out:
    free(count);
    free(start);
}

/* ---- text ---------------------------------------------------------------- */

/* Words for the people a dateline credits: "（记者 王磊 实习记者 张一帆）". */
static const char *const role_words[] = {"记者",     "通讯员",   "实习生",  "实习记者",
                                         "见习记者", "特约记者", "摄影记者"};

/* True if the non-space text from cps[j] on starts with a role word. */
static bool role_at(const uint32_t *cps, size_t j, size_t e)
{
    size_t k;
    for (k = 0; k < BL_ARRAY_LEN(role_words); k++)
        if (bl__imp_cps_start(cps, j, e, role_words[k]))
            return true;
    return false;
}

/* True if a role word starts at cps[j] and is not the end of a longer
 * one whose start b already holds (实习|记者). */
static bool role_next(const cpbuf *b, const uint32_t *cps, size_t j, size_t e)
{
    uint32_t last = b->len ? b->p[b->len - 1] : 0;
    return role_at(cps, j, e) && last != 0x4E60 /* 习 */ && last != 0x7EA6 /* 约 */ &&
           last != 0x5F71 /* 影 */;
}

/* True if what b holds ends with a role word. */
static bool role_before(const cpbuf *b)
{
    static const uint32_t ends[][3] = {{2, 0x8BB0, 0x8005},  /* 记者 */
                                       {2, 0x8BAF, 0x5458},  /* (通)讯员 */
                                       {2, 0x4E60, 0x751F}}; /* (实)习生 */
    size_t k;
    for (k = 0; k < BL_ARRAY_LEN(ends); k++)
        if (b->len >= 2 && b->p[b->len - 2] == ends[k][1] && b->p[b->len - 1] == ends[k][2])
            return true;
    return false;
}

/* What joining a paragraph's lines carries from one line to the next: where
 * it stands relative to the brackets of a dateline, inside which the
 * spaces between names are real ("本报讯（记者 郭晓妍）"). */
typedef struct joiner {
    int region;   /* 0 before the brackets, 1 inside, 2 after (or no dateline) */
    size_t depth; /* bracket depth inside */
} joiner;

/* Appends line l of a paragraph to b.  Spaces go unless they are real (see
 * keeps_space) or separate names inside a dateline's brackets; in a
 * letter-spaced line or across a line end, only a space next to a role
 * word ("记者 …") is taken for such a separator.  Lines join without a
 * space, except between two Latin words. */
static void put_body_line(const bl__imp_page *c, const bl__imp_line *l, cpbuf *b, joiner *jn)
{
    const uint32_t *cps = c->cps;
    size_t i;

    if (b->len > 0) {
        uint32_t last = b->p[b->len - 1], next = cps[l->s];
        if (jn->region == 1) {
            if (!bl__imp_is_cjk_punct(last) && !bl__imp_is_cjk_punct(next) &&
                (role_before(b) || role_next(b, cps, l->s, l->e)))
                cb_put(b, ' ');
        } else if (bl__imp_is_word(next) &&
                   (bl__imp_is_word(last) || (last < 0x80 && strchr(".,;:!?)", (int)last)))) {
            cb_put(b, ' ');
        }
    }
    for (i = l->s; i < l->e; i++) {
        uint32_t cp = cps[i];
        size_t j;
        if (!bl__imp_is_space(cp)) {
            if (jn->region == 0 && bl__imp_is_open_paren(cp)) {
                jn->region = 1;
                jn->depth = 1;
            } else if (jn->region == 0 && (bl_text_class(cp) == BL_CC_PAUSE || bl__imp_is_stop(cp))) {
                jn->region = 2; /* no brackets at the start: no credit */
            } else if (jn->region == 1 && bl__imp_is_open_paren(cp)) {
                jn->depth++;
            } else if (jn->region == 1 && bl__imp_is_close_paren(cp) && --jn->depth == 0) {
                jn->region = 2;
            }
            cb_put(b, cp);
            continue;
        }
        for (j = i; j < l->e && bl__imp_is_space(cps[j]); j++)
            ;
        /* a space run cps[i..j), with text on both sides (lines are trimmed) */
        if (bl__imp_keeps_space(cps[i - 1], cps[j]) ||
            (jn->region == 1 && !bl__imp_is_cjk_punct(cps[i - 1]) && !bl__imp_is_cjk_punct(cps[j]) &&
             (!l->spaced || role_before(b) || role_next(b, cps, j, l->e))))
            cb_put(b, ' ');
        i = j - 1;
    }
}

/* Appends a headline line: its spaces are kept as one (they separate the
 * parts of a headline), except next to punctuation or in a letter-spaced
 * line. */
static void put_head_line(const bl__imp_page *c, const bl__imp_line *l, cpbuf *b)
{
    const uint32_t *cps = c->cps;
    size_t i, j;
    if (l->spaced) {
        joiner jn = {2, 0};
        put_body_line(c, l, b, &jn);
        return;
    }
    for (i = l->s; i < l->e; i++) {
        if (!bl__imp_is_space(cps[i])) {
            cb_put(b, cps[i]);
            continue;
        }
        for (j = i; j < l->e && bl__imp_is_space(cps[j]); j++)
            ;
        if (!bl__imp_is_cjk_punct(cps[i - 1]) && !bl__imp_is_cjk_punct(cps[j]))
            cb_put(b, ' ');
        i = j - 1;
    }
}

static char *cb_take_utf8(cpbuf *b)
{
    char *s = b->failed ? NULL : bl__imp_encode_cps(b->p, b->len);
    free(b->p);
    *b = (cpbuf){0};
    return s;
}

/* ---- article fields ------------------------------------------------------ */

/* A source line keeps only the source: "来源：区融媒体中心" gives
 * "区融媒体中心" (b holds the line as put, from its start). */
static void drop_source_word(cpbuf *b)
{
    size_t i, k;
    for (i = 0; i < b->len && i < 8; i++) {
        if (b->p[i] == 0xFF1A || b->p[i] == ':') {
            for (k = i + 1; k < b->len && b->p[k] == ' '; k++)
                ;
            memmove(b->p, b->p + k, (b->len - k) * sizeof *b->p);
            b->len -= k;
            return;
        }
    }
}

/* Finds the brackets of a dateline in p[0..n) (its joined first
 * paragraph): the first （ among the first 24 code points, and the bracket
 * that closes it.  False if there are none. */
static bool dateline_brackets(const uint32_t *p, size_t n, size_t *open, size_t *close)
{
    size_t i;
    for (i = 0; i < BL_MIN(n, 24); i++) {
        if (p[i] == 0xFF08) {
            *open = i;
            *close = bl__imp_matching_paren(p, i, n);
            return *close != BL__IMP_NONE;
        }
    }
    return false;
}

/* The byline from a dateline's brackets: "本报讯（记者 郭晓妍）" gives
 * "本报记者 郭晓妍"; NULL when there is none (or out of memory). */
static char *dateline_byline(const uint32_t *p, size_t n)
{
    static const char *const orgs[] = {"本报", "据新华社", "新华社", "中新社", "中新网", "人民网", "央视网"};
    size_t open, close, k;
    bl_buf b = {0};
    char *inner;

    if (!dateline_brackets(p, n, &open, &close) || close == open + 1)
        return NULL;
    inner = bl__imp_encode_cps(p + open + 1, close - open - 1);
    if (!inner)
        return NULL;
    if (!strncmp(inner, "记者", strlen("记者"))) {
        char *head = bl__imp_encode_cps(p, open);
        for (k = 0; head && k < BL_ARRAY_LEN(orgs); k++) {
            if (!strncmp(head, orgs[k], strlen(orgs[k]))) {
                /* "据新华社" reports the agency's reporter: drop the 据. */
                bl_buf_puts(&b, k == 1 ? "新华社" : orgs[k]);
                break;
            }
        }
        free(head);
    }
    bl_buf_puts(&b, inner);
    free(inner);
    return bl_buf_take(&b);
}

static int digit_value(uint32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return (int)(cp - 0xFF10);
    return -1;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Finds "3月13日" (digits ASCII or full-width) near the start of p and
 * writes "YYYY-MM-DD" to out[11]; false if there is none. */
static bool dateline_date(const uint32_t *p, size_t n, int year, char *out)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    size_t i, lim = BL_MIN(n, 48);
    for (i = 0; i < lim; i++) {
        size_t j = i;
        int mon = 0, day = 0, nd = 0;
        if (digit_value(p[i]) < 0 || (i > 0 && digit_value(p[i - 1]) >= 0))
            continue;
        for (; j < n && digit_value(p[j]) >= 0 && nd < 3; j++, nd++)
            mon = mon * 10 + digit_value(p[j]);
        if (nd > 2 || j >= n || p[j] != 0x6708 /* 月 */)
            continue;
        j++;
        for (nd = 0; j < n && digit_value(p[j]) >= 0 && nd < 3; j++, nd++)
            day = day * 10 + digit_value(p[j]);
        if (nd == 0 || nd > 2 || j >= n || p[j] != 0x65E5 /* 日 */)
            continue;
        if (mon < 1 || mon > 12 || day < 1 || day > mdays[mon - 1] || (mon == 2 && day == 29 && !leap(year)))
            continue;
        {
            char tmp[40];
            snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", year, mon, day);
            memcpy(out, tmp, 10);
            out[10] = '\0';
        }
        return true;
    }
    return false;
}

/* The source named by a note at the end of paragraph s: "（原文刊载于《学习时报》）"
 * gives "学习时报", "（来源：区融媒体中心）" "区融媒体中心".  NULL if there is none
 * (or out of memory). */
static char *note_source(const char *s)
{
    static const struct {
        const char *mark;
        bool book; /* the name stands in 《》 */
    } marks[] = {{"原文刊载于《", true}, {"刊载于《", true}, {"原载于《", true},
                 {"原载《", true},       {"摘自《", true},   {"转载自《", true},
                 {"转自《", true},       {"来源：", false},  {"来源:", false}};
    size_t len = strlen(s), k;
    const char *open = NULL, *p, *end;
    if (len < 3 || strcmp(s + len - 3, "）"))
        return NULL;
    for (p = s; (p = strstr(p, "（")) != NULL; p += 3)
        open = p;
    if (!open)
        return NULL;
    end = s + len - 3;
    for (k = 0; k < BL_ARRAY_LEN(marks); k++) {
        const char *m = strstr(open, marks[k].mark), *v, *ve;
        if (!m || m >= end)
            continue;
        v = m + strlen(marks[k].mark);
        ve = marks[k].book ? strstr(v, "》") : NULL;
        if (!ve || ve > end)
            ve = end;
        while (v < ve && *v == ' ')
            v++;
        while (ve > v && ve[-1] == ' ')
            ve--;
        if (ve > v) {
            char *out = malloc((size_t)(ve - v) + 1);
            if (out) {
                memcpy(out, v, (size_t)(ve - v));
                out[ve - v] = '\0';
            }
            return out;
        }
    }
    return NULL;
}

/* A title from the first sentence of paragraph p (after a dateline's
 * brackets), for an article without a headline: at most
 * FALLBACK_TITLE_CHARS characters, no space or pause at either end. */
static char *fallback_title(const uint32_t *p, size_t n, bool dateline)
{
    size_t s = 0, e, open, close;
    if (dateline && dateline_brackets(p, n, &open, &close) && close + 1 < n)
        s = close + 1;
    while (s < n && (p[s] == ' ' || bl__imp_is_stop(p[s]) || bl__imp_is_pause(p[s])))
        s++;
    if (s == n) /* nothing but marks: take them */
        s = 0;
    for (e = s; e < n && e - s < FALLBACK_TITLE_CHARS && (e == s || !bl__imp_is_stop(p[e])); e++)
        ;
    while (e > s + 1 && (bl__imp_is_pause(p[e - 1]) || p[e - 1] == ' '))
        e--;
    return bl__imp_encode_cps(p + s, e - s);
}

/* The fields that paragraph 1 gives when it opens with a dateline (p, n:
 * its code points): byline and date. */
static bool dateline_fields(bl__imp_page *c, const uint32_t *p, size_t n, size_t line_no, bl_article *a,
                            bl_import_info *info)
{
    a->byline = dateline_byline(p, n);
    if (!dateline_date(p, n, c->year, info->file_date)) {
        bl__imp_note(c, "line %zu: a dateline without a date (month and day)", line_no);
        return true;
    }
    return (a->date = bl_strdup(info->file_date)) != NULL;
}

/* Builds article k of the page into r->articles[k] and r->info[k]. */
bool bl__imp_build_article(bl__imp_page *c, size_t k, bl_import_result *r)
{
    const bl__imp_body *bo = &c->bo[k];
    const bl__imp_line *opening = &c->ln[c->pa[bo->first_para].first];
    bl_article *a = calloc(1, sizeof *a);
    bl_import_info *info = &r->info[k];
    cpbuf kick = {0}, title = {0}, sub = {0}, by = {0}, src = {0};
    size_t u, i, p;
    bool have_title = false, ok = false;

    if (!a)
        return false;
    r->articles[k] = a;

    /* headlines: kickers, the title (the first headline line that is not
     * a ——subtitle), the other lines as the subtitle */
    for (u = 0; u < c->nun; u++) {
        if (c->un[u].owner != k)
            continue;
        for (i = c->un[u].first; i <= c->un[u].last; i++) {
            const bl__imp_line *l = &c->ln[i];
            cpbuf *dst = l->kicker ? &kick : (!have_title && !l->dash_start) ? &title : &sub;
            switch (l->field) {
            case BL__IMP_FKICKER:
                dst = &kick;
                break;
            case BL__IMP_FTITLE:
                dst = &title;
                break;
            case BL__IMP_FSUBTITLE:
                dst = &sub;
                break;
            case BL__IMP_FBYLINE:
                dst = &by;
                break;
            case BL__IMP_FSOURCE:
                dst = &src;
                break;
            case BL__IMP_AUTO:
                break;
            }
            if (dst == &title)
                have_title = true;
            if (dst->len > 0 && !l->tight)
                cb_put(dst, ' ');
            if (l->field == BL__IMP_FBYLINE) {
                /* the spaces of "记者 张三 通讯员 李四" part names, however many */
                bl__imp_line names = *l;
                names.spaced = false;
                put_head_line(c, &names, dst);
            } else {
                put_head_line(c, l, dst);
            }
            if (dst == &src)
                drop_source_word(&src);
        }
    }
    if (!have_title && sub.len > 0) { /* only ——lines: the first is the title */
        title = sub;
        sub = (cpbuf){0};
        have_title = true;
    }

    if (!(a->paras = calloc(bo->npara, sizeof *a->paras)))
        goto out;
    for (p = 0; p < bo->npara; p++) {
        const bl__imp_para *pa = &c->pa[bo->first_para + p];
        cpbuf t = {0};
        joiner jn = {c->ln[pa->first].kind == BL__IMP_DATELINE ? 0 : 2, 0};
        for (i = pa->first; i <= pa->last; i++)
            put_body_line(c, &c->ln[i], &t, &jn);
        if (p == 0 && !t.failed) {
            if (opening->kind == BL__IMP_DATELINE && !dateline_fields(c, t.p, t.len, opening->no, a, info)) {
                free(t.p);
                goto out;
            }
            if (!have_title) {
                a->title = fallback_title(t.p, t.len, opening->kind == BL__IMP_DATELINE);
                info->title_from_body = true;
                bl__imp_note(c, "article %zu (line %zu) has no headline: its first sentence is the title",
                             k + 1, opening->no);
            }
        }
        if (!(a->paras[p] = cb_take_utf8(&t)))
            goto out;
        a->npara++;
    }
    /* a byline or source on a line of its own says it better than a
     * dateline's brackets or a note */
    info->byline_line = by.len > 0;
    info->source_line = src.len > 0;
    if (by.len > 0) {
        free(a->byline);
        if (!(a->byline = cb_take_utf8(&by)))
            goto out;
    }
    if (src.len > 0 && !(a->source = cb_take_utf8(&src)))
        goto out;
    /* a source note ends an article: its last paragraph, or the one before */
    for (p = a->npara; p > 0 && p + 2 > a->npara && !a->source; p--)
        a->source = note_source(a->paras[p - 1]);

    if (have_title)
        a->title = cb_take_utf8(&title);
    if (!a->title || (kick.len > 0 && !(a->kicker = cb_take_utf8(&kick))) ||
        (sub.len > 0 && !(a->subtitle = cb_take_utf8(&sub))))
        goto out;
    info->column_width = bl__imp_body_width(c, bo);
    info->first_line = opening->no;
    info->last_line = c->ln[c->pa[bo->first_para + bo->npara - 1].last].no;
    ok = true;
out:
    free(kick.p);
    free(sub.p);
    free(title.p);
    free(by.p);
    free(src.p);
    return ok;
}
