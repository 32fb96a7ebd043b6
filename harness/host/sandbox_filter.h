/* The sandbox's seccomp program, built by hand: what libseccomp made of
 * host_sandbox.c's table, without compiling a rule database into BPF in
 * every host (a quarter of an empty scenario's host instructions), and
 * shaped so that the kernel installs it quickly (docs/decisions-host.md). */
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
#define SANDBOX_FILTER_PER_RULE 8
#define SANDBOX_FILTER_FIXED 8

/* The program into out (room for SANDBOX_FILTER_FIXED +
 * SANDBOX_FILTER_PER_RULE * n; at most 64 rules, each number once): calls
 * of another architecture (`arch`, an AUDIT_ARCH_* value), and on x86-64
 * the x32 calls, meet `action` as the refused calls do; the rest is
 * allowed. Returns the instruction count, 0 when out is too small. */
size_t sandbox_filter_build(const filter_rule *rules, size_t n, uint32_t arch, uint32_t action,
                            struct sock_filter *out, size_t cap);

#endif
