/* See sandbox_filter.h. The layout of what the program reads is the
 * kernel's struct seccomp_data (linux/seccomp.h): nr, arch, then the
 * arguments as 64-bit words. */
#include "sandbox_filter.h"

#include <endian.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>

#define LOAD(offset) ((struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (offset)))
#define RET(value) ((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, (value)))
#define JEQ(value, jt, jf) ((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (value), (jt), (jf)))
#define JGE(value, jt, jf) ((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (value), (jt), (jf)))

/* The halves of a 64-bit argument, as 32-bit loads read them. */
#if __BYTE_ORDER == __LITTLE_ENDIAN
#define ARG_LOW(i) (offsetof(struct seccomp_data, args) + 8 * (size_t)(i))
#define ARG_HIGH(i) (ARG_LOW(i) + 4)
#else
#define ARG_HIGH(i) (offsetof(struct seccomp_data, args) + 8 * (size_t)(i))
#define ARG_LOW(i) (ARG_HIGH(i) + 4)
#endif
/* The kernel's __X32_SYSCALL_BIT: an x32 call has the x86-64 arch value. */
#define X32_CALL_BIT 0x40000000u

size_t sandbox_filter_build(const filter_rule *rules, size_t n, uint32_t arch, uint32_t action,
                            struct sock_filter *out, size_t cap)
{
    if (cap < SANDBOX_FILTER_FIXED + SANDBOX_FILTER_PER_RULE * n)
        return 0;
    size_t k = 0;
    out[k++] = LOAD(offsetof(struct seccomp_data, arch));
    out[k++] = JEQ(arch, 1, 0);
    out[k++] = RET(action);
    out[k++] = LOAD(offsetof(struct seccomp_data, nr));
    if (arch == AUDIT_ARCH_X86_64) {
        out[k++] = JGE(X32_CALL_BIT, 0, 1);
        out[k++] = RET(action);
    }
    /* Each number is in the table once: a rule that matches decides, so
     * its argument may replace the number in the accumulator. */
    for (size_t i = 0; i < n; i++) {
        const filter_rule *r = &rules[i];
        if (r->arg < 0) {
            out[k++] = JEQ((uint32_t)r->nr, 0, 1);
            out[k++] = RET(action);
            continue;
        }
        out[k++] = JEQ((uint32_t)r->nr, 0, 6);        /* not this call: the next rule */
        out[k++] = LOAD(ARG_LOW(r->arg));
        out[k++] = JEQ(r->allowed, 0, 3);            /* another value: refused */
        out[k++] = LOAD(ARG_HIGH(r->arg));
        out[k++] = JEQ(0, 0, 1);                     /* a 32-bit value, exactly: the upper half is 0 */
        out[k++] = RET(SECCOMP_RET_ALLOW);
        out[k++] = RET(action);
    }
    out[k++] = RET(SECCOMP_RET_ALLOW);
    return k;
}
