/* `raw_alloc PAIRS REPS`: the baseline of the tracked alloc+free figure.
 * Prints the median, over REPS loops of PAIRS malloc+free pairs (the sizes
 * of alloc_pattern.h), of the CPU time per pair in nanoseconds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "baseline.h"

#include "alloc_pattern.h"

/* Called through volatile pointers: the compiler may not pair up and drop
 * a malloc whose block is freed unused. */
static void *(*volatile raw_malloc)(size_t) = malloc;
static void (*volatile raw_free)(void *) = free;

int main(int argc, char **argv)
{
    long pairs = argc == 3 ? atol(argv[1]) : 0;
    int reps = argc == 3 ? atoi(argv[2]) : 0;
    if (pairs < 1 || reps < 1 || reps > MAX_REPS) {
        fprintf(stderr, "usage: raw_alloc PAIRS REPS(1..%d)\n", MAX_REPS);
        return 2;
    }
    double per_pair[MAX_REPS];
    for (int r = 0; r < reps; r++) {
        int64_t start = cpu_ns();
        for (long i = 0; i < pairs; i++) {
            char *p = raw_malloc(BENCH_PAIR_LENGTH(i));
            if (!p) {
                fprintf(stderr, "raw_alloc: out of memory\n");
                return 1;
            }
            p[0] = 1;  /* touched, as the driver's block is */
            raw_free(p);
        }
        per_pair[r] = (double)(cpu_ns() - start) / (double)pairs;
    }
    printf("%.1f\n", median(per_pair, reps));
    return 0;
}
