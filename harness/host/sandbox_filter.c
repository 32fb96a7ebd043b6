/* See sandbox_filter.h. The layout of what the program reads is the
 * kernel's struct seccomp_data (linux/seccomp.h): nr, arch, then the
 * arguments as 64-bit words.
 *
 * The call numbers are found by a binary search, not a chain: when a
 * filter is installed the kernel runs it once for every call number of
 * the architecture (some 450) to cache the ones it always allows
 * (seccomp_cache_prepare), so installing costs the length of the path an
 * ordinary call takes, times 450: some 5 ns an instruction, 0.1 ms for a
 * chain of the 29 calls, in every host. */
#include "sandbox_filter.h"

#include <endian.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stddef.h>

#define STMT(code, k) ((struct sock_filter)BPF_STMT((code), (k)))
#define JUMP(code, k) ((struct sock_filter)BPF_JUMP((code), (k), 0, 0))

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
/* Up to this many numbers are compared one by one rather than split. */
#define LEAF_RULES 3
#define MAX_RULES 64

/* Jump targets placed at the end: allow, refuse, then one argument check
 * per distinct (argument, value). */
enum { TO_ALLOW, TO_REFUSE, TO_CHECK };

typedef struct {
    size_t at;       /* the jump's instruction */
    int false_side;  /* 1: jf, 0: jt (or k for an unconditional jump) */
    int target;      /* TO_ALLOW, TO_REFUSE, or TO_CHECK + the check's index */
} fixup;

typedef struct {
    struct sock_filter *out;
    size_t k, cap;
    fixup fix[4 * MAX_RULES];
    size_t nfix;
    int failed;
} program;

static size_t emit(program *p, struct sock_filter insn)
{
    if (p->k >= p->cap) {
        p->failed = 1;
        return p->k;
    }
    p->out[p->k] = insn;
    return p->k++;
}

static void jump_to(program *p, size_t at, int false_side, int target)
{
    if (p->nfix == sizeof p->fix / sizeof p->fix[0]) {
        p->failed = 1;
        return;
    }
    p->fix[p->nfix++] = (fixup){ at, false_side, target };
}

typedef struct {
    filter_rule rule;
    int target;
} sorted_rule;

/* By call number; an insertion sort (a few dozen rules: glibc's qsort
 * would cost more than the whole program's building). */
static void sort_by_number(sorted_rule *rules, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        sorted_rule r = rules[i];
        size_t j = i;
        for (; j > 0 && (uint32_t)rules[j - 1].rule.nr > (uint32_t)r.rule.nr; j--)
            rules[j] = rules[j - 1];
        rules[j] = r;
    }
}

/* The search over rules[lo, hi), the call number in the accumulator: a
 * match jumps to its rule's target, anything else is allowed. */
static void emit_search(program *p, const sorted_rule *rules, size_t lo, size_t hi)
{
    if (hi - lo <= LEAF_RULES) {
        for (size_t i = lo; i < hi; i++)
            jump_to(p, emit(p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)rules[i].rule.nr)), 0, rules[i].target);
        jump_to(p, emit(p, STMT(BPF_JMP | BPF_JA, 0)), 0, TO_ALLOW);
        return;
    }
    size_t mid = lo + (hi - lo) / 2;
    size_t split = emit(p, JUMP(BPF_JMP | BPF_JGE | BPF_K, (uint32_t)rules[mid].rule.nr));
    emit_search(p, rules, lo, mid);
    size_t right = p->k;
    if (!p->failed && right - split - 1 > 255)
        p->failed = 1;
    else if (!p->failed)
        p->out[split].jt = (uint8_t)(right - split - 1);
    emit_search(p, rules, mid, hi);
}

size_t sandbox_filter_build(const filter_rule *rules, size_t n, uint32_t arch, uint32_t action,
                            struct sock_filter *out, size_t cap)
{
    if (n > MAX_RULES || cap < SANDBOX_FILTER_FIXED + SANDBOX_FILTER_PER_RULE * n)
        return 0;
    program p = { .out = out, .cap = cap };
    /* The rules by number, each with its target; rules that allow the
     * same value of the same argument share one check. */
    sorted_rule sorted[MAX_RULES];
    const filter_rule *checks[MAX_RULES];
    size_t nchecks = 0;
    for (size_t i = 0; i < n; i++) {
        sorted[i].rule = rules[i];
        sorted[i].target = TO_REFUSE;
        if (rules[i].arg < 0)
            continue;
        size_t c = 0;
        while (c < nchecks && !(checks[c]->arg == rules[i].arg && checks[c]->allowed == rules[i].allowed))
            c++;
        if (c == nchecks)
            checks[nchecks++] = &rules[i];
        sorted[i].target = TO_CHECK + (int)c;
    }
    sort_by_number(sorted, n);

    emit(&p, STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)));
    jump_to(&p, emit(&p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch)), 1, TO_REFUSE);
    emit(&p, STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)));
    if (arch == AUDIT_ARCH_X86_64)
        jump_to(&p, emit(&p, JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_CALL_BIT)), 0, TO_REFUSE);
    emit_search(&p, sorted, 0, n);

    /* Each argument check: exactly the allowed value, upper half 0. */
    size_t check_at[MAX_RULES];
    for (size_t c = 0; c < nchecks; c++) {
        check_at[c] = emit(&p, STMT(BPF_LD | BPF_W | BPF_ABS, ARG_LOW(checks[c]->arg)));
        jump_to(&p, emit(&p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, checks[c]->allowed)), 1, TO_REFUSE);
        emit(&p, STMT(BPF_LD | BPF_W | BPF_ABS, ARG_HIGH(checks[c]->arg)));
        size_t last = emit(&p, JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0));
        jump_to(&p, last, 0, TO_ALLOW);
        jump_to(&p, last, 1, TO_REFUSE);
    }
    size_t allow_at = emit(&p, STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
    size_t refuse_at = emit(&p, STMT(BPF_RET | BPF_K, action));
    if (p.failed)
        return 0;

    for (size_t f = 0; f < p.nfix; f++) {
        const fixup *x = &p.fix[f];
        size_t to = x->target == TO_ALLOW ? allow_at : x->target == TO_REFUSE ? refuse_at
                  : check_at[x->target - TO_CHECK];
        size_t offset = to - x->at - 1;
        struct sock_filter *insn = &out[x->at];
        if (BPF_CLASS(insn->code) == BPF_JMP && BPF_OP(insn->code) == BPF_JA)
            insn->k = (uint32_t)offset;
        else if (offset > 255)
            return 0;
        else if (x->false_side)
            insn->jf = (uint8_t)offset;
        else
            insn->jt = (uint8_t)offset;
    }
    return p.k;
}
