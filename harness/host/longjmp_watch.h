/* Whether the process made a non-local jump (longjmp, _longjmp,
 * siglongjmp) since the last look: the only way a miniport leaves a
 * callback without returning (longjmp_watch.c). */
#ifndef MPC_LONGJMP_WATCH_H
#define MPC_LONGJMP_WATCH_H

/* 1 when a jump happened since the last call; clears the note. */
int longjmp_watch_take(void);

#endif
