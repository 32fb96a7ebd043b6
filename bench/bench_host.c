/* Benchmark: what a host costs. Prints figures; asserts nothing.
 *  - the fixed CPU cost of one host process (exec, driver load, tables,
 *    a short scenario), from the kernel's accounting of its children;
 *  - one tracked NdisAllocateMemoryWithTagPriority + NdisFreeMemory pair
 *    made by driver code (bench/driver/alloc_driver.c), against a raw
 *    malloc/free pair, and the host's own parts of it: the two backtrace
 *    captures, the guarded block, the ledger. The rest is the event's
 *    encoding and write.
 * usage: bench_host [HOST-PROGRAM [DRIVER.so]] (default bin/mpconform-host,
 * build/samples/vnic.so); MPC_BENCH_RULES=1 passes --rules checks instead
 * of the tables descriptor (for `mpconform __host` from before tables_wire);
 * MPC_BENCH_PAIRS=N pairs per run (default 20000). */
#include <dlfcn.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "host/host_state.h"
#include "host/host_clock.h"
#include "host/ndis/ndis_internal.h"
#include "input/tables_wire.h"
#include "rules/rules.h"
#include "trace/ledger.h"

static double cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median of runs of f(n), in ns per call. */
#define RUNS 15
static double median_ns(void (*f)(unsigned, void *), unsigned n, void *ctx)
{
    double t[RUNS];
    f(n / 10 + 1, ctx);   /* warm */
    for (int r = 0; r < RUNS; r++) {
        double t0 = cpu_ns();
        f(n, ctx);
        t[r] = (cpu_ns() - t0) / n;
    }
    qsort(t, RUNS, sizeof t[0], compare);
    return t[RUNS / 2];
}

static void raw_pair(unsigned n, void *ctx)
{
    (void)ctx;
    for (unsigned i = 0; i < n; i++) {
        void *volatile p = malloc(64);
        free(p);
    }
}

typedef void (*alloc_loop_fn)(void *, unsigned, unsigned);
typedef void (*capture_loop_fn)(unsigned);
static alloc_loop_fn alloc_loop;
static capture_loop_fn capture_loop;
static adapter *bench_adapter;

static void tracked_pair(unsigned n, void *ctx)
{
    (void)ctx;
    alloc_loop(bench_adapter, n, 64);
}

static void capture(unsigned n, void *ctx)
{
    (void)ctx;
    capture_loop(n);
}

static void guarded_pair(unsigned n, void *ctx)
{
    (void)ctx;
    for (unsigned i = 0; i < n; i++)
        ndis_guarded_free(ndis_guarded_alloc(64, 'hcnB', NDIS_RES_MEMORY), NDIS_RES_MEMORY);
}

/* The host ledger's share: one allocation and its release, recorded as
 * host_state.c does for a pair (no event: the host's ledger keeps no text). */
static void ledger_pair(unsigned n, void *ctx)
{
    const ndis_tables *t = ctx;
    static ledger *l;
    static unsigned next;
    if (!l)
        l = ledger_new();
    const resource_kind *k = tables_kind_allocated_by(t, "NdisAllocateMemoryWithTagPriority");
    /* The arena hands a block out again once 256 later frees pushed it out
     * of the quarantine: handles come back in a few hundred. */
    for (unsigned i = 0; i < n; i++, next++) {
        uint64_t handle = 0x10000 + 64 * (uint64_t)(next % 512);
        ledger_record_alloc(l, k, handle, NULL);
        ledger_record_free(l, "NdisFreeMemory", handle, NULL, NULL);
    }
}

/* CPU ms of one host, the median of runs. */
static double host_ms(const char *exe, const char *driver, const char *scenario, int tables_fd)
{
    double t[RUNS];
    for (int r = 0; r < RUNS; r++) {
        struct rusage before, after;
        getrusage(RUSAGE_CHILDREN, &before);
        /* posix_spawn (vfork-like): the child's time is the host's, not
         * a copy of this process's page tables. */
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
        posix_spawn_file_actions_adddup2(&fa, 1, 3);
        posix_spawn_file_actions_adddup2(&fa, tables_fd, 4);
        const char *with_rules[] = { exe, "__host", driver, scenario, "bench", "--rules", "checks", NULL };
        const char *with_tables[] = { exe, "__host", driver, scenario, "bench", "--tables-fd", "4", NULL };
        pid_t pid;
        extern char **environ;
        int rc = posix_spawn(&pid, exe, &fa, NULL, (char *const *)(getenv("MPC_BENCH_RULES") ? with_rules : with_tables),
                             environ);
        posix_spawn_file_actions_destroy(&fa);
        if (rc != 0)
            return -1;
        int status;
        waitpid(pid, &status, 0);
        getrusage(RUSAGE_CHILDREN, &after);
        t[r] = (double)(after.ru_utime.tv_sec - before.ru_utime.tv_sec + after.ru_stime.tv_sec - before.ru_stime.tv_sec) * 1e3 +
               (double)(after.ru_utime.tv_usec - before.ru_utime.tv_usec + after.ru_stime.tv_usec - before.ru_stime.tv_usec) / 1e3;
    }
    qsort(t, RUNS, sizeof t[0], compare);
    return t[RUNS / 2];
}

int main(int argc, char **argv)
{
    const char *exe = argc > 1 ? argv[1] : "bin/mpconform-host";
    const char *driver = argc > 2 ? argv[2] : "build/samples/vnic.so";
    const char *dirs[] = { "checks" };
    yerror err;
    ruleset *rs = ruleset_load(dirs, 1, &err);
    if (!rs) {
        fprintf(stderr, "bench_host: %s\n", err.text);
        return 1;
    }
    char msg[256];
    int tables_fd = tables_to_memfd(ruleset_tables(rs), msg, sizeof msg);
    if (tables_fd < 0) {
        fprintf(stderr, "bench_host: %s\n", msg);
        return 1;
    }
    /* No step: the fixed cost (start, driver load, DriverEntry, unload);
     * then a short life of the adapter. */
    static const struct { const char *what, *steps; } runs[] = {
        { "no step", "steps: []\n" },
        { "initialize, halt, unload", "steps:\n  - initialize\n  - halt: NdisHaltDeviceDisabled\n  - unload\n" },
    };
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        char scenario[] = "/tmp/mpc-bench-scenario-XXXXXX";
        int sfd = mkstemp(scenario);
        FILE *f = sfd >= 0 ? fdopen(sfd, "w") : NULL;
        if (!f) {
            fprintf(stderr, "bench_host: cannot write a scenario file\n");
            return 1;
        }
        fprintf(f, "scenario: bench\n%s", runs[i].steps);
        fclose(f);
        printf("host CPU, %s (%s): %.2f ms (median of %d)\n", runs[i].what, exe,
               host_ms(exe, driver, scenario, tables_fd), RUNS);
        unlink(scenario);
    }

    void *so = dlopen("build/bench/alloc_driver.so", RTLD_NOW);
    alloc_loop = so ? (alloc_loop_fn)dlsym(so, "bench_alloc_loop") : NULL;
    capture_loop = so ? (capture_loop_fn)dlsym(so, "bench_capture_loop") : NULL;
    if (!alloc_loop || !capture_loop) {
        fprintf(stderr, "bench_host: build/bench/alloc_driver.so: %s\n", dlerror());
        return 1;
    }
    host_setup s = { .out_fd = open("/dev/null", O_WRONLY), .scenario = "bench", .tables = ruleset_tables(rs) };
    if (host_begin(&s) != 0 || !(bench_adapter = host_adapter_new()))
        return 1;
    host_clock_reset();
    unsigned n = getenv("MPC_BENCH_PAIRS") ? (unsigned)atoi(getenv("MPC_BENCH_PAIRS")) : 20000;   /* small under callgrind */
    double raw = median_ns(raw_pair, n * 10, NULL);
    double pair = median_ns(tracked_pair, n, NULL);
    double cap = median_ns(capture, n, NULL);
    double block = median_ns(guarded_pair, n, NULL);
    double led = median_ns(ledger_pair, n, (void *)ruleset_tables(rs));
    double own = 2 * cap + block + led;
    printf("raw malloc+free pair:                 %8.0f ns\n", raw);
    printf("tracked alloc+free pair, all of it:   %8.0f ns (%.0fx raw)\n", pair, pair / raw);
    printf("  backtrace capture (x2):             %8.0f ns\n", 2 * cap);
    printf("  guarded block alloc+free:           %8.0f ns\n", block);
    printf("  ledger alloc+free:                  %8.0f ns\n", led);
    printf("  host's own part (sum):              %8.0f ns (%.0fx raw)\n", own, own / raw);
    printf("  the rest (events: encoding, write): %8.0f ns\n", pair - own);
    host_end();
    ruleset_free(rs);
    return 0;
}
