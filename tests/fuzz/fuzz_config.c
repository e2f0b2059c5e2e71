/*
 * fuzz_config.c - the configuration parser on arbitrary text: it always
 * leaves a usable configuration (every value in its range), never crashes.
 */
#include "board/config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bl_config c;
    bl_err err;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    bl_log_set_level(BL_LOG_QUIET);
    bl_config_defaults(&c);
    bl_config_parse("fuzz", text, &c, &err);
    if (c.width < 160 || c.height < 120 || c.width > 8192 || c.height > 8192 || c.rotation % 90 ||
        c.sched.min_dwell > c.sched.max_dwell || c.fps < 10 || c.sched.chars_per_minute < 50)
        abort();
    free(text);
    return 0;
}
