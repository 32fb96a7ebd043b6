/* Reading the host thread's stack for the callback bookkeeping of
 * host_state.c.  A callback's frame is alive while the harness frame that
 * called it (whose stack pointer host_callback_enter records) still lies
 * above the miniport's code: after a longjmp out of the callback, the
 * miniport runs above that frame again. */
#define UNW_LOCAL_ONLY
#include "callback_guard.h"

#include <dlfcn.h>
#include <link.h>
#include <libunwind.h>
#include <string.h>

__attribute__((noinline)) uintptr_t callback_guard_caller_sp(void)
{
    unw_context_t uc;
    unw_cursor_t c;
    if (unw_getcontext(&uc) != 0 || unw_init_local(&c, &uc) != 0)
        return 0;
    /* this function -> host_callback_enter/return -> the harness frame */
    for (int i = 0; i < 2; i++)
        if (unw_step(&c) <= 0)
            return 0;
    unw_word_t sp;
    return unw_get_reg(&c, UNW_REG_SP, &sp) == 0 ? (uintptr_t)sp : 0;
}

/* The harness program's loaded segments, found once: a range check per
 * frame instead of a dladdr (a walk of the link map) per frame. */
static struct {
    uintptr_t base, lo, hi;
    int known;
} harness_range;

static int add_harness_segments(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    if ((uintptr_t)info->dlpi_addr != harness_range.base)
        return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD)
            continue;
        uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
        if (!harness_range.lo || lo < harness_range.lo)
            harness_range.lo = lo;
        if (hi > harness_range.hi)
            harness_range.hi = hi;
    }
    return 1;
}

static int in_harness(uintptr_t pc)
{
    Dl_info info;
    if (!harness_range.known) {
        /* dli_fbase is the mapping's start, dlpi_addr the load bias: the
         * same for a PIE program or a shared object linked at 0 */
        if (!dladdr((void *)&callback_guard_caller_sp, &info))
            return 0;
        harness_range.base = (uintptr_t)info.dli_fbase;
        dl_iterate_phdr(add_harness_segments, NULL);
        harness_range.known = 1;
    }
    if (!harness_range.hi)  /* the program's segments were not found: ask the loader */
        return dladdr((void *)pc, &info) && (uintptr_t)info.dli_fbase == harness_range.base;
    return pc >= harness_range.lo && pc < harness_range.hi;
}

guard_finding callback_guard_find(const uintptr_t *callers, size_t n, uintptr_t *sp, size_t *caller)
{
    unw_context_t uc;
    unw_cursor_t c;
    if (unw_getcontext(&uc) != 0 || unw_init_local(&c, &uc) != 0)
        return GUARD_UNKNOWN;
    for (int i = 0; i < 256 && unw_step(&c) > 0; i++) {
        unw_word_t ip, frame_sp;
        if (unw_get_reg(&c, UNW_REG_IP, &ip) != 0 || unw_get_reg(&c, UNW_REG_SP, &frame_sp) != 0)
            return GUARD_UNKNOWN;
        if (ip > 0 && !in_harness((uintptr_t)ip - 1)) {
            *sp = (uintptr_t)frame_sp;
            return GUARD_DRIVER;
        }
        for (size_t k = n; k > 0; k--)
            if (callers[k - 1] && callers[k - 1] == (uintptr_t)frame_sp) {
                *caller = k - 1;  /* that callback's caller is alive: harness code runs inside it */
                return GUARD_CALLER;
            }
    }
    return GUARD_UNKNOWN;
}
