/* Where the host thread's stack is, for telling a callback that returned
 * from one the miniport left by longjmp (host_state.c keeps the callback
 * stack; this file only reads the machine stack, with libunwind). */
#ifndef MPC_CALLBACK_GUARD_H
#define MPC_CALLBACK_GUARD_H

#include <stdint.h>

/* The stack pointer of the function that called the caller of this one, as
 * it was at that call: the frame that calls host_callback_enter, then the
 * miniport, then host_callback_return. 0 when the stack cannot be read. */
uintptr_t callback_guard_caller_sp(void);

/* The stack pointer of the innermost frame outside the harness (the
 * miniport's code that made the current call): 1 and *sp.  0 when the
 * stack cannot be read, or a harness frame at limit (the one that called
 * the innermost callback: the harness's own code runs) comes first. */
int callback_guard_driver_sp(uintptr_t limit, uintptr_t *sp);

#endif
