/*
 * hist.c - see hist.h.
 */
#include "core/hist.h"

#include <math.h>
#include <string.h>

#define LOWEST 0.01
#define RATIO 1.02

void bl_hist_init(bl_hist *h, double budget)
{
    memset(h, 0, sizeof *h);
    h->budget = budget;
}

void bl_hist_add(bl_hist *h, double v)
{
    double i = v > LOWEST ? floor(log(v / LOWEST) / log(RATIO)) : 0.0;
    size_t k = i < (double)(BL_HIST_BUCKETS - 1) ? (size_t)i : BL_HIST_BUCKETS - 1;
    h->bucket[k]++;
    h->count++;
    h->over += v > h->budget;
    if (v > h->worst)
        h->worst = v;
}

double bl_hist_quantile(const bl_hist *h, double q)
{
    uint64_t rank, seen = 0;
    size_t k;
    if (!h->count)
        return 0.0;
    q = q < 0 ? 0 : q > 1 ? 1 : q;
    rank = (uint64_t)(q * (double)(h->count - 1)); /* the value at this rank, counting from 0 */
    for (k = 0; k < BL_HIST_BUCKETS; k++) {
        seen += h->bucket[k];
        if (seen > rank) {
            /* the bucket's geometric middle */
            double mid = LOWEST * pow(RATIO, (double)k + 0.5);
            return mid < h->worst ? mid : h->worst;
        }
    }
    return h->worst;
}
