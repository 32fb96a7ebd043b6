/* Threads and processes of the driver inside the host.  The host's code
 * (the emulated DDIs, the lifecycle, event emission) runs under one host
 * lock: the host thread holds it except while it runs miniport code, and
 * any other thread takes it for the duration of a DDI call (the entry and
 * exit hooks below, compiled into harness/ndis/ with -finstrument-functions).
 * A driver thread's calls are thus serialized with everything else, as
 * NDIS's own locking would, and its events say which thread made them. */
#ifndef MPC_HOST_THREAD_H
#define MPC_HOST_THREAD_H

#include <stdint.h>

/* Makes the calling thread (and process) the host's own and gives it the
 * host lock, if it does not hold it already. */
void host_thread_begin(void);
/* 1 on the host thread (and before host_thread_begin). */
int host_thread_is_host(void);
/* 0 on the host thread; otherwise the calling driver thread's number: 1, 2,
 * ... in the order driver threads first called NDIS. */
int host_thread_number(void);
/* 0 in the host process; the process id in a process the driver forked. */
int host_thread_foreign_pid(void);

/* How deep the calling thread holds the host lock (0: it runs driver code). */
unsigned host_lock_depth(void);
/* Gives the host lock up entirely; returns the depth to restore. */
unsigned host_lock_release_all(void);
/* Takes the host lock again at depth (0: stays released). */
void host_lock_restore(unsigned depth);
/* Lets other threads run host code for a moment (spinning on a lock another
 * thread holds, or a driver thread's wait). */
void host_thread_yield(void);
/* A driver thread's sleep: us of real time (at most a millisecond, the
 * virtual clock is the host thread's) without the host lock. */
void host_thread_pause_us(uint64_t us);

/* 1 when the host process runs threads besides the host thread (the
 * driver's): a wait or sleep of the host thread then lets them run. */
int host_thread_others_alive(void);

/* The simulated IRQL of a driver thread (the host thread's lives in host_state.c). */
/* Where the calling thread's outermost DDI call came from (the return
 * address in the caller, which the entry hook is given); NULL before any.
 * A hint only (backtrace_capture.c keys its walk depth by it). */
void *host_thread_ddi_site(void);

int host_thread_irql(void);
void host_thread_set_irql(int irql);

#endif
