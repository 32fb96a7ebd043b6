/* What the baseline programs (raw_alloc.c, json_floor.c) share: the
 * process's CPU clock and the median of the per-item times of REPS passes. */
#ifndef MPC_BENCH_BASELINE_H
#define MPC_BENCH_BASELINE_H

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#define MAX_REPS 100

static inline int64_t cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts v in place. */
static inline double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], cmp_double);
    return v[n / 2];
}

#endif
