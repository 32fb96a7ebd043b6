/* Reading the host thread's stack for the callback bookkeeping of
 * host_state.c.  A callback's frame is alive while the harness frame that
 * called it (whose stack pointer host_callback_enter records) still lies
 * above the miniport's code: after a longjmp out of the callback, the
 * miniport runs above that frame again. */
#define UNW_LOCAL_ONLY
#include "callback_guard.h"
#include "backtrace_capture.h"

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
        if (ip > 0 && !backtrace_pc_in_harness((uintptr_t)ip - 1)) {
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
