/*
 * clock.h - where time comes from.  Everything that depends on time takes
 * it from a clock object: the real clock for the board, a virtual clock
 * that a test or `baolan simulate` advances by hand, so a week of rotation
 * runs in seconds.  Depends on base.
 */
#ifndef BL_CLOCK_H
#define BL_CLOCK_H

#include "core/base.h"

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

typedef struct bl_clock bl_clock;

/* The system's clocks: CLOCK_MONOTONIC and the wall clock. */
bl_clock *bl_clock_create_real(void);

/* A virtual clock starting at monotonic 0 and wall time `wall` (Unix
 * seconds); it moves only by bl_clock_advance. */
bl_clock *bl_clock_create_virtual(int64_t wall);

void bl_clock_destroy(bl_clock *c);

/* Seconds since an arbitrary start; never goes back. */
double bl_clock_mono(const bl_clock *c);

/* Wall time, Unix seconds (with fraction). */
double bl_clock_wall(const bl_clock *c);

/* Moves a virtual clock forward (no effect on the real one). */
void bl_clock_advance(bl_clock *c, double seconds);

/* Sets a virtual clock's wall time (a test of a clock that jumps). */
void bl_clock_set_wall(bl_clock *c, int64_t wall);

/* Local broken-down time of the clock's wall time (TZ from the
 * environment). */
void bl_clock_local(const bl_clock *c, struct tm *out);

/* The earliest wall time taken as set: the time the program was built.  A
 * board without a real-time clock or network boots in 1970; before this
 * time the date is hidden and date-based rules are ignored. */
int64_t bl_clock_sane_after(void);
bool bl_clock_is_sane(const bl_clock *c);

#endif
