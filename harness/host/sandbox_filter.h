/* The sandbox's seccomp program, built by hand: one comparison per refused
 * call, the same program libseccomp made for host_sandbox.c's table, but
 * in some 1 µs instead of a rule database compiled into BPF in every host
 * (a quarter of an empty scenario's host instructions,
 * docs/decisions-host.md). */
#ifndef MPC_SANDBOX_FILTER_H
#define MPC_SANDBOX_FILTER_H

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    int nr;             /* the call's number on this architecture */
    int arg;            /* -1: refused whatever its arguments */
    uint32_t allowed;   /* otherwise allowed when argument `arg` is exactly this */
} filter_rule;

/* The instructions one rule may take, and the fixed ones around them. */
#define SANDBOX_FILTER_PER_RULE 7
#define SANDBOX_FILTER_FIXED 7

/* The program into out (room for SANDBOX_FILTER_FIXED +
 * SANDBOX_FILTER_PER_RULE * n): calls of another architecture (`arch`, an
 * AUDIT_ARCH_* value), and on x86-64 the x32 calls, meet `action` as the
 * refused calls do; the rest is allowed. Returns the instruction count, 0
 * when out is too small. */
size_t sandbox_filter_build(const filter_rule *rules, size_t n, uint32_t arch, uint32_t action,
                            struct sock_filter *out, size_t cap);

#endif
