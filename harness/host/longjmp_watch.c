/* A miniport leaves a callback without returning only by a non-local jump.
 * The host program defines longjmp and its aliases, which the miniport's
 * references bind to first (the host exports its symbols: -rdynamic): each
 * notes that a jump happened and jumps with the C library's own. The
 * callback guard then walks the stack only after a jump (host_state.c),
 * instead of at every DDI call. */
#include "longjmp_watch.h"

#include <dlfcn.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>

static volatile sig_atomic_t jumped;

int longjmp_watch_take(void)
{
    int j = jumped;
    jumped = 0;
    return j;
}

typedef void (*jump_fn)(struct __jmp_buf_tag *, int);

__attribute__((noreturn)) static void jump_with(jump_fn *next, const char *name, struct __jmp_buf_tag *env,
                                                 int val)
{
    if (!*next)
        *next = (jump_fn)dlsym(RTLD_NEXT, name);
    if (!*next)
        abort();  /* no C library jump to hand on to: nothing sane is left */
    jumped = 1;
    (*next)(env, val);
    __builtin_unreachable();
}

void __longjmp_chk(struct __jmp_buf_tag env[1], int val) __attribute__((noreturn));

#define WATCHED_JUMP(name)                                          \
    void name(struct __jmp_buf_tag env[1], int val)                 \
    {                                                               \
        static jump_fn next;                                        \
        jump_with(&next, #name, env, val);                          \
    }

WATCHED_JUMP(longjmp)
WATCHED_JUMP(_longjmp)
WATCHED_JUMP(siglongjmp)
WATCHED_JUMP(__longjmp_chk)
