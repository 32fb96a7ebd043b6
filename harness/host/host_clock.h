/* Host-internal parts of the clock and deferred-work queue (host.h has the
 * parts the emulated DDIs use). */
#ifndef MPC_HOST_CLOCK_H
#define MPC_HOST_CLOCK_H

#include "host.h"

/* Back to time 0 with an empty queue (a new scenario). */
void host_clock_reset(void);
/* Advances the clock to adapter a's earliest scheduled item of kind and
 * marks it QUEUED (fired, not yet run). 1 when there was one. */
int host_defer_expire_next(adapter *a, defer_kind kind);
/* Ends the runs of deferred items started with depth or more callbacks
 * running: the miniport left their callbacks without returning (longjmp). */
void host_defer_unwound(size_t depth);
/* Items of adapter a of kind in state. */
size_t host_defer_count(adapter *a, defer_kind kind, defer_state state);

/* Records op pause_with_sends when a pause completes with sends outstanding. */
void host_note_pause_with_sends(adapter *a);

#endif
