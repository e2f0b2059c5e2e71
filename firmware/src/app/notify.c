/*
 * notify.c - see notify.h.  sd_notify from libsystemd: a datagram to
 * $NOTIFY_SOCKET, nothing when it is not set.
 */
#include "app/notify.h"

#include <stdint.h>
#include <systemd/sd-daemon.h>

#define TAG "notify"

void bl__notify_start(bl__notify *n)
{
    uint64_t usec = 0;
    n->every = 0;
    n->last = bl_now_seconds();
    n->ready = false;
    /* > 0: systemd watches this process; unset_environment 0 keeps the
     * variables for a child that would not use them anyway */
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        /* a third of the interval: a frame that runs long (a reload
         * laying out every article) still leaves room before the
         * deadline */
        n->every = (double)usec / 3e6;
        BL_LOGI(TAG, "systemd watchdog: %.1f s; the main loop reports every %.1f s", (double)usec / 1e6,
                n->every);
    }
}

void bl__notify_ready(bl__notify *n)
{
    if (n->ready)
        return;
    n->ready = true;
    sd_notify(0, "READY=1\nSTATUS=showing the board");
    if (n->every > 0) {
        sd_notify(0, "WATCHDOG=1");
        n->last = bl_now_seconds();
    }
}

void bl__notify_alive(bl__notify *n, double now)
{
    if (n->every <= 0 || now - n->last < n->every)
        return;
    n->last = now;
    sd_notify(0, "WATCHDOG=1");
}

void bl__notify_stopping(bl__notify *n)
{
    (void)n;
    sd_notify(0, "STOPPING=1");
}
