/*
 * alert.h - an emergency alert: a message that takes over the screen at
 * once, whatever slide is showing, for a number of minutes or until it is
 * cleared.  It is kept in a small file beside the content folder so that
 * a board that restarts (a power cut, an upgrade) shows it again until it
 * expires.  Depends on base and fs.
 */
#ifndef BL_ALERT_H
#define BL_ALERT_H

#include "core/base.h"

#include <stdbool.h>
#include <stdint.h>

#define BL_ALERT_MAX_TEXT 600      /* bytes of UTF-8 */
#define BL_ALERT_MAX_MINUTES (7 * 24 * 60)

typedef struct bl_alert {
    bool active;
    char text[BL_ALERT_MAX_TEXT + 1];
    int64_t until; /* Unix seconds; 0: until cleared */
} bl_alert;

/* Checks and copies an alert's text (one or more lines of UTF-8 without
 * other control characters, 1..BL_ALERT_MAX_TEXT bytes) and minutes
 * (0..BL_ALERT_MAX_MINUTES, 0: until cleared) into a, from now.  False
 * with why (a reason a person can read) otherwise. */
bool bl_alert_make(const char *text, long minutes, int64_t now, bl_alert *a, char *why, size_t wsize);

/* Writes a to path atomically, or removes path when a is not active. */
bl_status bl_alert_save(const char *path, const bl_alert *a, bl_err *err);

/* Reads path: true with a filled in when it holds an alert that has not
 * expired at now (an expired or unreadable one is removed, with a warning
 * for the second). */
bool bl_alert_load(const char *path, int64_t now, bl_alert *a);

#endif
