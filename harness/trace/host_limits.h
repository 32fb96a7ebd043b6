/* Resource limits of a host (--memory-limit): set by the judge in the
 * forked child before the exec, recognised by the host when a fatal signal
 * comes with its memory at the limit. */
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

/* In the host, before the driver runs: remembers the limit it was given. */
void host_limits_init(void);
/* The limit remembered (0: none). */
uint64_t host_limits_memory(void);
/* Async-signal-safe: the host's peak address space (VmPeak) came within an
 * eighth of its limit, so a fatal signal now is most likely the limit's
 * doing (an allocation that failed and was used anyway). */
int host_limits_memory_exhausted(uint64_t *peak_bytes);

#endif
