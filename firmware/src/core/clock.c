/*
 * clock.c - see clock.h.
 */
#include "core/clock.h"

#include <stdlib.h>

#ifndef BL_BUILD_EPOCH
#define BL_BUILD_EPOCH 1767225600 /* 2026-01-01, if the build did not say */
#endif

struct bl_clock {
    bool is_virtual;
    double mono;  /* virtual only */
    double wall;  /* virtual only */
};

bl_clock *bl_clock_create_real(void)
{
    return calloc(1, sizeof(bl_clock));
}

bl_clock *bl_clock_create_virtual(int64_t wall)
{
    bl_clock *c = calloc(1, sizeof *c);
    if (c) {
        c->is_virtual = true;
        c->wall = (double)wall;
    }
    return c;
}

void bl_clock_destroy(bl_clock *c)
{
    free(c);
}

double bl_clock_mono(const bl_clock *c)
{
    struct timespec ts;
    if (c->is_virtual)
        return c->mono;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double bl_clock_wall(const bl_clock *c)
{
    struct timespec ts;
    if (c->is_virtual)
        return c->wall;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void bl_clock_advance(bl_clock *c, double seconds)
{
    if (c->is_virtual && seconds > 0) {
        c->mono += seconds;
        c->wall += seconds;
    }
}

void bl_clock_set_wall(bl_clock *c, int64_t wall)
{
    if (c->is_virtual)
        c->wall = (double)wall;
}

void bl_clock_local(const bl_clock *c, struct tm *out)
{
    time_t t = (time_t)bl_clock_wall(c);
    localtime_r(&t, out);
}

int64_t bl_clock_sane_after(void)
{
    return (int64_t)BL_BUILD_EPOCH;
}

bool bl_clock_is_sane(const bl_clock *c)
{
    return bl_clock_wall(c) >= (double)bl_clock_sane_after();
}
