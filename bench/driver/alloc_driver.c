/* The miniport side of bench_host: memory allocated and freed from a
 * driver's own code, so backtraces hold a driver frame as in a real run. */
#include <ndis.h>

void bench_alloc_loop(NDIS_HANDLE adapter, unsigned n, UINT length)
{
    for (unsigned i = 0; i < n; i++) {
        PVOID p = NdisAllocateMemoryWithTagPriority(adapter, length, 'hcnB', NormalPoolPriority);
        NdisFreeMemory(p, length, 0);
    }
}

/* The host's capture alone, called from driver code (backtrace_capture.h). */
typedef struct { void *frames; size_t count; } bench_backtrace;
void backtrace_capture(bench_backtrace *bt);
void backtrace_free(bench_backtrace *bt);

void bench_capture_loop(unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        bench_backtrace bt;
        backtrace_capture(&bt);
        backtrace_free(&bt);
    }
}
