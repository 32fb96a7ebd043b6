/* `measure REPS COMMAND [ARG...]`: runs COMMAND REPS times and prints, on
 * one line, the median of each figure over the repetitions:
 *   wall_ns=... cpu_ns=... maxrss_kib=... status=...
 * cpu_ns is user + system time from wait4(), which covers the command and
 * every descendant it waited for (the judge and all its hosts), measured
 * by the kernel to the microsecond: more precise for CPU than sampling
 * tools, and no extra package. maxrss_kib is the largest resident set of
 * the command or any such descendant. status is the last exit status
 * (a signal N shows as 128+N). COMMAND's stdout goes to /dev/null; its
 * stderr is kept. Benchmarks assert nothing: this exits 0 whenever it
 * could run COMMAND. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_REPS 100

typedef struct {
    int64_t wall_ns, cpu_ns, maxrss_kib;
    int status;
} sample;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t tv_ns(struct timeval tv)
{
    return (int64_t)tv.tv_sec * 1000000000 + (int64_t)tv.tv_usec * 1000;
}

static int run_once(char **argv, sample *out)
{
    int64_t start = now_ns();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        if (devnull >= 0)
            dup2(devnull, STDOUT_FILENO);
        execvp(argv[0], argv);
        fprintf(stderr, "measure: cannot execute %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR)
            return -1;
    out->wall_ns = now_ns() - start;
    out->cpu_ns = tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime);
    out->maxrss_kib = ru.ru_maxrss;
    out->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return out->status == 127 ? -1 : 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The median of one field across the samples (upper median for an even count). */
static int64_t median(const sample *s, int n, size_t field_offset)
{
    int64_t v[MAX_REPS];
    for (int i = 0; i < n; i++)
        v[i] = *(const int64_t *)((const char *)&s[i] + field_offset);
    qsort(v, (size_t)n, sizeof v[0], cmp_i64);
    return v[n / 2];
}

int main(int argc, char **argv)
{
    int reps = argc > 2 ? atoi(argv[1]) : 0;
    if (reps < 1 || reps > MAX_REPS) {
        fprintf(stderr, "usage: measure REPS(1..%d) COMMAND [ARG...]\n", MAX_REPS);
        return 2;
    }
    sample s[MAX_REPS];
    for (int i = 0; i < reps; i++)
        if (run_once(argv + 2, &s[i]) != 0) {
            fprintf(stderr, "measure: %s could not be run\n", argv[2]);
            return 1;
        }
    printf("wall_ns=%lld cpu_ns=%lld maxrss_kib=%lld status=%d\n",
           (long long)median(s, reps, offsetof(sample, wall_ns)),
           (long long)median(s, reps, offsetof(sample, cpu_ns)),
           (long long)median(s, reps, offsetof(sample, maxrss_kib)), s[reps - 1].status);
    return 0;
}
