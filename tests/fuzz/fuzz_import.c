/*
 * fuzz_import.c - the newspaper-page importer on arbitrary bytes: a result
 * or an error, never a crash; every article it makes formats to text that
 * the article parser reads back.
 */
#include "content/content.h"
#include "content/import.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bl_import_result *r = NULL;
    bl_err err;
    bl_log_set_level(BL_LOG_QUIET);
    if (bl_import_page("fuzz", (const char *)data, size, 2026, &r, &err) == BL_OK) {
        size_t i;
        for (i = 0; i < r->narticles; i++) {
            bl_buf text = {0};
            bl_article *back = NULL;
            if (bl_article_write(r->articles[i], &text, &err) == BL_OK) {
                if (bl_article_parse("fuzz", text.p, text.len, &back, &err) != BL_OK)
                    abort(); /* what the importer writes, the board must read */
                if (back->npara != r->articles[i]->npara || strcmp(back->title, r->articles[i]->title))
                    abort();
            }
            bl_article_destroy(back);
            bl_buf_free(&text);
        }
        free(bl_import_summary(r, "fuzz"));
    }
    bl_import_result_destroy(r);
    return 0;
}
