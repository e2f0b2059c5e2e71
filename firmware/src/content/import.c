/*
 * import.c - from the raw text of a printed page to articles (import.h):
 * the public entry points, and the importer's two ends.
 *
 * bl_import_page decodes the page (UTF-8, UTF-16 or GB18030: textenc.h),
 * then runs the steps
 * of rawpage.h over it: the lines are cut, measured and walked
 * into paragraphs, bodies and gaps (import_lines.c), the gaps' headlines
 * are given to the bodies and the articles built (import_fields.c).
 * Articles are written with content's bl_article_write, each through a
 * temporary file renamed into place.  Depends on base, buf, content and
 * rawpage.h and textenc.
 */
#include "content/import.h"

#include "content/rawpage.h"
#include "content/textenc.h"
#include "core/buf.h"
#include "core/fs.h"
#include "core/utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- decoding ------------------------------------------------------------ */

static void first_bad(void *user, size_t off)
{
    size_t *first = user;
    if (*first == BL__IMP_NONE)
        *first = off;
}

/* Turns the page's bytes into code points, refusing what is not text. */
static bl_status decode_page(bl__imp_page *c, const char *bytes, size_t len, const char **encoding,
                             bl_err *err)
{
    const char *nul;
    char *conv = NULL;
    size_t clen = 0, bad = BL__IMP_NONE;
    bl_status st;

    *encoding = "UTF-8";
    if (len > BL_IMPORT_MAX_BYTES)
        return bl_err_set(err, BL_ERR_TOOBIG, "%s: %zu bytes, more than the %u a page may have", c->name, len,
                          BL_IMPORT_MAX_BYTES);
    st = bl_textenc_to_utf8(c->name, bytes, len, &conv, &clen, encoding, err);
    if (st != BL_OK)
        return st;
    if (clen == 0) {
        free(conv);
        return bl_err_set(err, BL_ERR_PARSE, "%s: empty page", c->name);
    }
    if ((nul = memchr(conv, '\0', clen)) != NULL) {
        size_t off = (size_t)(nul - conv);
        free(conv);
        return bl_err_set(err, BL_ERR_PARSE, "%s: NUL byte at offset %zu: a binary file, not page text", c->name,
                          off);
    }
    if (strcmp(*encoding, "unknown") == 0) {
        uint32_t *tmp = NULL;
        size_t ntmp = 0;
        /* only for the offset of the first bad byte */
        if (bl_utf8_decode(conv, clen, &tmp, &ntmp, first_bad, &bad) == BL_OK)
            free(tmp);
        free(conv);
        return bl_err_set(err, BL_ERR_PARSE, "%s: not UTF-8, UTF-16 or GB18030 text (invalid UTF-8 at byte %zu)",
                          c->name, bad);
    }
    st = bl_utf8_decode(conv, clen, &c->cps, &c->ncps, NULL, NULL);
    free(conv);
    if (st != BL_OK)
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", c->name);
    return BL_OK;
}

/* ---- public -------------------------------------------------------------- */

void bl_import_result_destroy(bl_import_result *r)
{
    size_t i;
    if (!r)
        return;
    for (i = 0; i < r->narticles; i++)
        bl_article_destroy(r->articles[i]);
    free(r->articles);
    free(r->info);
    for (i = 0; i < r->nset_aside; i++)
        free(r->set_aside[i].text);
    free(r->set_aside);
    for (i = 0; i < r->nnotes; i++)
        free(r->notes[i]);
    free(r->notes);
    free(r);
}

static int cmp_aside(const void *a, const void *b)
{
    size_t x = ((const bl__imp_aside *)a)->line, y = ((const bl__imp_aside *)b)->line;
    return (x > y) - (x < y);
}

void bl__imp_page_free(bl__imp_page *c)
{
    size_t i;
    free(c->cps);
    free(c->ln);
    free(c->pa);
    free(c->bo);
    free(c->un);
    free(c->as);
    for (i = 0; i < c->nnotes; i++)
        free(c->notes[i]);
    free(c->notes);
}

bool bl__imp_results(bl__imp_page *c, bl_import_result *r)
{
    size_t i, k;
    char page_date[11] = "";

    r->articles = calloc(c->nbo, sizeof *r->articles);
    r->info = calloc(c->nbo, sizeof *r->info);
    if (!r->articles || !r->info)
        return false;
    r->narticles = c->nbo;
    for (k = 0; k < c->nbo; k++) {
        if (!bl__imp_build_article(c, k, r))
            return false;
        if (strcmp(r->info[k].file_date, page_date) > 0)
            memcpy(page_date, r->info[k].file_date, sizeof page_date);
    }
    /* An article without its own dateline is filed under the page's date:
     * the latest dateline on it. */
    for (k = 0; k < c->nbo; k++)
        if (!r->info[k].file_date[0])
            memcpy(r->info[k].file_date, page_date, sizeof page_date);
    if (c->nomem)
        return false;

    if (c->nas > 0)
        qsort(c->as, c->nas, sizeof *c->as, cmp_aside);
    r->set_aside = calloc(c->nas ? c->nas : 1, sizeof *r->set_aside);
    if (!r->set_aside)
        return false;
    for (i = 0; i < c->nas; i++) {
        const bl__imp_line *l = &c->ln[c->as[i].line];
        r->set_aside[i] =
            (bl_import_aside){bl__imp_encode_cps(c->cps + l->s, l->e - l->s), l->no, c->as[i].why};
        r->nset_aside++;
        if (!r->set_aside[i].text)
            return false;
    }
    r->notes = c->notes;
    r->nnotes = c->nnotes;
    c->notes = NULL;
    c->nnotes = 0;
    return true;
}

bl_status bl_import_page(const char *name, const char *bytes, size_t len, int year, bl_import_result **out,
                         bl_err *err)
{
    bl__imp_page c = {0};
    bl_import_result *r = NULL;
    const char *encoding;
    bl_status st;

    if (!name)
        name = "<page>";
    if (!out || (!bytes && len))
        return bl_err_set(err, BL_ERR_USAGE, "%s: bl_import_page called without bytes or out", name);
    *out = NULL;
    if (year < 1 || year > 9999)
        return bl_err_set(err, BL_ERR_RANGE, "%s: year %d is not between 1 and 9999", name, year);
    if (len >= 5 && !memcmp(bytes, "%PDF-", 5))
        return bl__imp_pdf(name, bytes, len, year, out, err);
    c.name = name;
    c.year = year;

    r = calloc(1, sizeof *r);
    if (!r)
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", name);
    if ((st = decode_page(&c, bytes ? bytes : "", len, &encoding, err)) != BL_OK)
        goto fail;
    r->encoding = encoding;
    if ((st = bl__imp_split_lines(&c, &r->nlines, &r->nchars, err)) != BL_OK)
        goto fail;
    if (!bl__imp_walk(&c) || !bl__imp_make_units(&c))
        goto nomem;
    if (c.nbo == 0) {
        st = bl_err_set(err, BL_ERR_PARSE, "%s: no article text found: %zu lines, none of them column text",
                        name, c.n);
        goto fail;
    }
    bl__imp_assign_units(&c);
    if (c.nomem)
        goto nomem;

    if (!bl__imp_results(&c, r))
        goto nomem;
    bl__imp_page_free(&c);
    *out = r;
    return BL_OK;

nomem:
    st = bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", name);
fail:
    bl__imp_page_free(&c);
    bl_import_result_destroy(r);
    return st;
}

/* ---- files --------------------------------------------------------------- */

char *bl_import_file_name(const bl_import_result *r, size_t i, char *buf, size_t size)
{
    const char *t = r->articles[i]->title ? r->articles[i]->title : "";
    const char *date = r->info[i].file_date[0] ? r->info[i].file_date : "undated";
    uint32_t h = 2166136261u;
    char words[25];
    size_t nw = 0;
    bool in_word = false;
    const unsigned char *p;

    for (p = (const unsigned char *)t; *p; p++)
        h = (h ^ *p) * 16777619u;
    for (p = (const unsigned char *)t; *p && nw < sizeof words - 1; p++) {
        unsigned char ch = *p;
        bool alnum = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
        if (alnum) {
            if (!in_word && nw > 0)
                words[nw++] = '-';
            if (nw < sizeof words - 1)
                words[nw++] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
        }
        in_word = alnum;
    }
    while (nw > 0 && words[nw - 1] == '-')
        nw--;
    words[nw] = '\0';
    snprintf(buf, size, "%s-%02zu-%s%s%08x.txt", date, i + 1, words, nw ? "-" : "", (unsigned)h);
    return buf;
}


bl_status bl_import_write(const bl_import_result *r, const char *out_dir, char ***paths, size_t *npaths,
                          bl_err *err)
{
    struct stat sb;
    char **list = NULL, name[96];
    size_t i, n = 0;
    bl_status st = BL_OK;

    if (!r || !out_dir || !paths || !npaths)
        return bl_err_set(err, BL_ERR_USAGE, "bl_import_write called without a result or directory");
    *paths = NULL;
    *npaths = 0;
    if (mkdir(out_dir, 0777) != 0 && errno != EEXIST)
        return bl_err_set(err, BL_ERR_IO, "%s: cannot create the directory: %s", out_dir, strerror(errno));
    if (stat(out_dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return bl_err_set(err, BL_ERR_IO, "%s: not a directory", out_dir);
    list = calloc(r->narticles ? r->narticles : 1, sizeof *list);
    if (!list)
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", out_dir);
    for (i = 0; i < r->narticles; i++) {
        bl_buf text = {0};
        bl_import_file_name(r, i, name, sizeof name);
        st = bl_article_write(r->articles[i], &text, err);
        if (st == BL_OK)
            st = bl_write_atomic(out_dir, name, text.p, text.len, 0644, &list[n], err);
        bl_buf_free(&text);
        if (st != BL_OK)
            break;
        n++;
    }
    if (st != BL_OK) {
        bl_strv_free(list, n);
        return st;
    }
    *paths = list;
    *npaths = n;
    return BL_OK;
}

/* The non-space characters of article a's paragraphs. */
static size_t article_chars(const bl_article *a)
{
    size_t p, n = 0;
    const char *s;
    for (p = 0; p < a->npara; p++)
        for (s = a->paras[p]; *s; s++)
            if ((*s & 0xC0) != 0x80 && *s != ' ')
                n++;
    return n;
}

/* ---- summary ------------------------------------------------------------- */

char *bl_import_summary(const bl_import_result *r, const char *name)
{
    bl_buf b = {0};
    size_t i, paras = 0, chars = 0;

    if (!r)
        return NULL;
    for (i = 0; i < r->narticles; i++) {
        paras += r->articles[i]->npara;
        chars += article_chars(r->articles[i]);
    }
    bl_buf_printf(&b, "%s: %zu article%s, %zu paragraphs, %zu characters of text (%s, ", name ? name : "page",
                  r->narticles, r->narticles == 1 ? "" : "s", paras, chars, r->encoding);
    if (r->npages > 0)
        bl_buf_printf(&b, "%zu page%s, ", r->npages, r->npages == 1 ? "" : "s");
    bl_buf_printf(&b, "%zu lines)\n", r->nlines);
    for (i = 0; i < r->narticles; i++) {
        const bl_article *a = r->articles[i];
        const bl_import_info *in = &r->info[i];
        bl_buf_printf(
            &b, "  %02zu %s\n     %s, %zu paragraph%s, %zu characters, column %.1f em, lines %zu-%zu\n",
            i + 1, a->title, in->file_date[0] ? in->file_date : "undated", a->npara, a->npara == 1 ? "" : "s",
            article_chars(a), in->column_width, in->first_line, in->last_line);
    }
    bl_buf_printf(&b, "set aside: %zu\n", r->nset_aside);
    for (i = 0; i < r->nset_aside; i++)
        bl_buf_printf(&b, "  line %zu: %s (%s)\n", r->set_aside[i].line, r->set_aside[i].text,
                      r->set_aside[i].why);
    bl_buf_printf(&b, "unsure: %zu\n", r->nnotes);
    for (i = 0; i < r->nnotes; i++)
        bl_buf_printf(&b, "  %s\n", r->notes[i]);
    return bl_buf_take(&b);
}

bl_status bl_import_file(const char *page_path, const char *out_dir, int year, char **summary, bl_err *err)
{
    char *bytes = NULL, *sum, **paths = NULL;
    size_t len = 0, npaths = 0, i;
    bl_import_result *r = NULL;
    bl_status st;
    bl_buf b = {0};

    if (!page_path || !out_dir || !summary)
        return bl_err_set(err, BL_ERR_USAGE, "bl_import_file called without a page, directory or summary");
    *summary = NULL;
    if ((st = bl_read_file(page_path, BL_IMPORT_MAX_PDF_BYTES, &bytes, &len, err)) != BL_OK)
        return st;
    st = bl_import_page(page_path, bytes, len, year, &r, err);
    free(bytes);
    if (st != BL_OK)
        return st;
    if ((st = bl_import_write(r, out_dir, &paths, &npaths, err)) != BL_OK) {
        bl_import_result_destroy(r);
        return st;
    }
    sum = bl_import_summary(r, page_path);
    if (sum)
        bl_buf_puts(&b, sum);
    free(sum);
    bl_buf_printf(&b, "written: %zu\n", npaths);
    for (i = 0; i < npaths; i++) {
        bl_buf_printf(&b, "  %s\n", paths[i]);
        free(paths[i]);
    }
    free(paths);
    bl_import_result_destroy(r);
    if (!sum)
        bl_buf_free(&b); /* the paths alone are no summary */
    if (!sum || !(*summary = bl_buf_take(&b)))
        return bl_err_set(err, BL_ERR_NOMEM, "%s: out of memory", page_path);
    return BL_OK;
}
