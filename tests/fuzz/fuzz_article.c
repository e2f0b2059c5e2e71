/*
 * fuzz_article.c - the article parser on arbitrary bytes: it must return
 * an article or an error, never crash, leak or read out of bounds; a
 * parsed article's paragraphs are valid UTF-8 without line breaks; and
 * every article it gives, bl_article_write writes and the parser reads
 * back to the same fields (its pictures too).
 */
#include "content/content.h"
#include "text/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static int same_article(const bl_article *a, const bl_article *b)
{
    size_t i;
    if (!same_str(a->title, b->title) || !same_str(a->subtitle, b->subtitle) ||
        !same_str(a->kicker, b->kicker) || !same_str(a->byline, b->byline) ||
        !same_str(a->source, b->source) || !same_str(a->date, b->date) || !same_str(a->link, b->link) ||
        a->orientation != b->orientation || a->show_from != b->show_from ||
        a->show_until != b->show_until || a->priority != b->priority || a->npara != b->npara ||
        !same_str(a->image, b->image) || !same_str(a->caption, b->caption) || a->nfigures != b->nfigures)
        return 0;
    for (i = 0; i < a->npara; i++)
        if (strcmp(a->paras[i], b->paras[i]))
            return 0;
    for (i = 0; i < a->nfigures; i++)
        if (!same_str(a->figures[i].file, b->figures[i].file) || !same_str(a->figures[i].caption, b->figures[i].caption) ||
            a->figures[i].before != b->figures[i].before)
            return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bl_article *a = NULL, *back = NULL;
    bl_buf text = {0};
    bl_err err;
    bl_log_set_level(BL_LOG_QUIET);
    /* Show times are local: in UTC no local time is ambiguous, so one
     * written back reads as the same second. */
    setenv("TZ", "UTC0", 1);
    if (bl_article_parse("fuzz", (const char *)data, size, &a, &err) == BL_OK) {
        size_t i;
        bl_status st;
        if (!a->title || !*a->title || a->npara == 0)
            abort();
        for (i = 0; i < a->npara; i++)
            if (bl_utf8_count_invalid(a->paras[i], strlen(a->paras[i])) || strchr(a->paras[i], '\n'))
                abort();
        st = bl_article_write(a, &text, &err);
        if (st != BL_OK && st != BL_ERR_NOMEM)
            abort(); /* what the parser gives, the writer must take */
        if (st == BL_OK && (bl_article_parse("fuzz", text.p, text.len, &back, &err) != BL_OK ||
                            !same_article(a, back)))
            abort();
    }
    bl_buf_free(&text);
    bl_article_destroy(back);
    bl_article_destroy(a);
    return 0;
}
