/* Where the host thread's stack is, for telling a callback that returned
 * from one the miniport left by longjmp (host_state.c keeps the callback
 * stack; this file only reads the machine stack, with libunwind). */
#ifndef MPC_CALLBACK_GUARD_H
#define MPC_CALLBACK_GUARD_H

#include <stddef.h>
#include <stdint.h>

/* The stack pointer of the function that called the caller of this one, as
 * it was at that call: the frame that calls host_callback_enter, then the
 * miniport, then host_callback_return. 0 when the stack cannot be read. */
uintptr_t callback_guard_caller_sp(void);

typedef enum {
    GUARD_UNKNOWN,   /* the stack could not be read */
    GUARD_DRIVER,    /* the innermost frame outside the harness (the miniport's code) is at *sp */
    GUARD_CALLER     /* the harness frame that called callback *caller comes first */
} guard_finding;

/* Walks the current stack outwards to the first frame that is either the
 * miniport's (outside the harness) or a harness frame at one of the stack
 * pointers callers[0..n) that host_callback_enter recorded. */
guard_finding callback_guard_find(const uintptr_t *callers, size_t n, uintptr_t *sp, size_t *caller);

#endif
