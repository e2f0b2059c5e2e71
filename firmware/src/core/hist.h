/*
 * hist.h - a fixed-size histogram of durations, for frame statistics over
 * months of running: the memory is the same after a minute and after a
 * year (a board at 60 fps makes five million frames a day).  Buckets grow
 * by 2 % from 0.01 ms to about 100 s, so a quantile is exact to within
 * 1 %.  Depends on nothing but libc.
 */
#ifndef BL_HIST_H
#define BL_HIST_H

#include <stddef.h>
#include <stdint.h>

#define BL_HIST_BUCKETS 820

typedef struct bl_hist {
    uint64_t count;                   /* values added */
    uint64_t over;                    /* values above budget */
    double budget;                    /* e.g. one frame's time at the configured rate */
    double worst;                     /* largest value added */
    uint64_t bucket[BL_HIST_BUCKETS]; /* bucket i holds [0.01 * 1.02^i, 0.01 * 1.02^(i+1)) */
} bl_hist;

/* Empties h; values above budget are counted in h->over. */
void bl_hist_init(bl_hist *h, double budget);

/* Adds one value (milliseconds; negative counts as 0). */
void bl_hist_add(bl_hist *h, double v);

/* The q-quantile (0 <= q <= 1) of the values added, to within 1 %
 * (never above the worst); 0 when empty. */
double bl_hist_quantile(const bl_hist *h, double q);

#endif
