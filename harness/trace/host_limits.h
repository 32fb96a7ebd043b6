/* Resource limits of a host (--memory-limit, --cpu-limit): set by the
 * judge in the forked child before the exec, recognised by the host when a
 * fatal signal comes with its memory at the limit, or SIGXCPU comes. */
#ifndef MPC_HOST_LIMITS_H
#define MPC_HOST_LIMITS_H

#include <stdint.h>

#define HOST_LIMITS_MIN_MEMORY (64ull << 20)   /* the host itself needs some 45 MB of address space */
#define HOST_LIMITS_MAX_MEMORY (1ull << 40)

/* "512M", "4G", "1048576" (bytes; K, M, G, T are powers of 1024). 0, or -1
 * when SIZE is not a size from HOST_LIMITS_MIN_MEMORY to HOST_LIMITS_MAX_MEMORY. */
int host_limits_parse_size(const char *text, uint64_t *bytes);
/* A sane share of the machine: half of the physical memory, at most 4 GiB. */
uint64_t host_limits_default_memory(void);
/* In the forked child: the address space (RLIMIT_AS, soft and hard) of the
 * host and what it execs. 0, or -1 with errno. */
int host_limits_apply_memory(uint64_t bytes);

/* The CPU time the kernel still grants after SIGXCPU before its SIGKILL
 * (the hard limit): time for the host to report where it was. */
#define HOST_LIMITS_CPU_GRACE_S 2
/* The default --cpu-limit: the wall-clock deadline plus this. A host on one
 * thread cannot use more CPU seconds than wall seconds, so it meets its wall
 * deadline (HOST-HANG) first; the CPU limit stops a host that burns several
 * processors at once, and works without the judge. */
#define HOST_LIMITS_CPU_MARGIN_S 10

/* In the forked child: the CPU time (RLIMIT_CPU) of the host, SIGXCPU at
 * SECONDS, SIGKILL HOST_LIMITS_CPU_GRACE_S later. 0, or -1 with errno. */
int host_limits_apply_cpu(unsigned seconds);

/* In the host, before the driver runs: remembers the limits it was given. */
void host_limits_init(void);
/* The CPU-time limit remembered, in seconds (0: none). */
unsigned host_limits_cpu(void);
/* The limit remembered (0: none). */
uint64_t host_limits_memory(void);
/* Async-signal-safe: the host's peak address space (VmPeak) came within an
 * eighth of its limit, so a fatal signal now is most likely the limit's
 * doing (an allocation that failed and was used anyway). */
int host_limits_memory_exhausted(uint64_t *peak_bytes);

#endif
