/*
 * testfs.h - file helpers the tests share (test code, not part of the
 * program).  Depends on base.
 */
#ifndef BL_TEST_FS_H
#define BL_TEST_FS_H

#include "core/base.h"

/* Copies the file from (at most 4 MB) to the path to, replacing it;
 * err (may be NULL) names the file that failed. */
bl_status bl_test_copy_file(const char *from, const char *to, bl_err *err);

/* Points fontconfig (and so Pango, which tests draw PDFs and flyers with)
 * at Debian's Noto CJK and the other font folders through a fonts.conf of
 * the test's own, with its cache in a temporary folder.  Under qemu-user
 * the ARM sysroot's own fontconfig setup would otherwise find no CJK face
 * and Pango would draw boxes.  Call at the start of main, before any
 * Pango call. */
void bl_test_fontconfig(void);

#endif
