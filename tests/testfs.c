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

static char fc_dir[64];

static void fc_cleanup(void)
{
    char cmd[128];
    if (!fc_dir[0])
        return;
    /* the cache folder fontconfig filled, and the file */
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fc_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", fc_dir);
}

void bl_test_fontconfig(void)
{
    char path[128];
    FILE *f;
    snprintf(fc_dir, sizeof fc_dir, "/tmp/bl-fontconfig-XXXXXX");
    if (!mkdtemp(fc_dir)) {
        fc_dir[0] = '\0';
        return;
    }
    snprintf(path, sizeof path, "%s/fonts.conf", fc_dir);
    f = fopen(path, "w");
    if (!f)
        return;
    fprintf(f, "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n"
               "  <dir>/usr/share/fonts/opentype/noto</dir>\n  <dir>/usr/share/fonts/truetype</dir>\n"
               "  <cachedir>%s/cache</cachedir>\n</fontconfig>\n",
            fc_dir);
    fclose(f);
    setenv("FONTCONFIG_FILE", path, 1);
    atexit(fc_cleanup);
}
