/*
 * notify.h - telling the service manager how the board is: ready once the
 * first frame is on screen, alive while the main loop turns (systemd's
 * watchdog: a loop that stops is restarted), stopping on the way out.
 * Private to the program (app/).  Depends on base and libsystemd.
 *
 * Outside systemd (no NOTIFY_SOCKET) every call does nothing.
 */
#ifndef BL_APP_NOTIFY_H
#define BL_APP_NOTIFY_H

#include "core/base.h"

#include <stdbool.h>

typedef struct bl__notify {
    double every; /* seconds between WATCHDOG=1, 0: no watchdog asked for */
    double last;  /* when the last one went (bl_now_seconds) */
    bool ready;   /* READY=1 sent */
} bl__notify;

/* Reads the watchdog interval systemd asks for (WatchdogSec=, given in
 * WATCHDOG_USEC) and logs it. */
void bl__notify_start(bl__notify *n);

/* READY=1, once: call after the first frame was presented. */
void bl__notify_ready(bl__notify *n);

/* WATCHDOG=1 when a third of the interval has passed since the last:
 * call from the main loop, every frame (now: bl_now_seconds()).  Only the
 * loop may call it, or a stopped loop would still look alive. */
void bl__notify_alive(bl__notify *n, double now);

/* STOPPING=1: the board is on its way out (a restart that follows is
 * then no surprise to systemd). */
void bl__notify_stopping(bl__notify *n);

#endif
