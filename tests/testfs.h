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

#endif
