/* See bench_clock.h. One write() per report, O_APPEND: lines from hosts
 * running at once (-j) never interleave. */
#include "bench_clock.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

unsigned long bench_pairs(void)
{
    const char *s = getenv("MPC_BENCH_PAIRS");
    return s ? strtoul(s, NULL, 10) : 0;
}

/* The thread's clock: the host runs the bench on one thread, and its
 * process clock is stale there (the judge's RLIMIT_CPU arms a process
 * timer, and the kernel then answers from an accumulator it updates at
 * ticks and switches: a start read 0.1 or 2 ms by luck;
 * docs/decisions-host.md, "Measuring"). */
long long bench_cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void bench_report(const char *key, long long value)
{
    const char *path = getenv("MPC_BENCH_REPORT");
    if (!path)
        return;
    char line[128];
    int n = snprintf(line, sizeof line, "%s %lld\n", key, value);
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    if (write(fd, line, (size_t)n) != n)
        perror("bench driver: writing MPC_BENCH_REPORT");
    close(fd);
}
