/*
 * testfs.c - see testfs.h.
 */
#include "testfs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bl_status bl_test_copy_file(const char *from, const char *to, bl_err *err)
{
    char *text;
    size_t len;
    bl_status st = bl_read_file(from, 1u << 22, &text, &len, err);
    FILE *f;
    if (st)
        return st;
    f = fopen(to, "wb");
    if (!f || fwrite(text, 1, len, f) != len) {
        st = bl_err_set(err, BL_ERR_IO, "%s: %s", to, strerror(errno));
    }
    if (f && fclose(f) && !st)
        st = bl_err_set(err, BL_ERR_IO, "%s: %s", to, strerror(errno));
    free(text);
    return st;
}
