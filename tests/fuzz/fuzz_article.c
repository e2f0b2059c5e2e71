/*
 * fuzz_article.c - the article parser on arbitrary bytes: it must return
 * an article or an error, never crash, leak or read out of bounds, and a
 * parsed article's paragraphs are valid UTF-8 without line breaks.
 */
#include "content/content.h"
#include "text/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bl_article *a = NULL;
    bl_err err;
    bl_log_set_level(BL_LOG_QUIET);
    if (bl_article_parse("fuzz", (const char *)data, size, &a, &err) == BL_OK) {
        size_t i;
        if (!a->title || !*a->title || a->npara == 0)
            abort();
        for (i = 0; i < a->npara; i++)
            if (bl_utf8_count_invalid(a->paras[i], strlen(a->paras[i])) || strchr(a->paras[i], '\n'))
                abort();
    }
    bl_article_destroy(a);
    return 0;
}
