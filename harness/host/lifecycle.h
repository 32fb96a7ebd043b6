/* NDIS's side of the adapter lifecycle: each operation calls the miniport's
 * handler in the state, at the IRQL and with the parameters NDIS documents,
 * waits (in virtual time) for a PENDING operation's completion, and moves
 * the adapter through the documented states.  An operation the adapter's
 * state does not allow is not performed (NDIS would not perform it): the
 * step is recorded as op `skipped` with the reason. */
#ifndef MPC_LIFECYCLE_H
#define MPC_LIFECYCLE_H

#include "host.h"

/* Virtual time NDIS waits for a PENDING operation's completion. */
#define LIFECYCLE_COMPLETION_DEADLINE_US (30ull * 1000 * 1000)

typedef struct {
    int null_restart_attributes;  /* pass RestartAttributes = NULL */
} restart_options;

typedef struct {
    NDIS_REQUEST_TYPE type;
    NDIS_OID oid;
    ULONG length;                 /* InformationBufferLength */
    int no_wait;                  /* leave a PENDING request outstanding; NDIS waits for it before pause or halt */
    void *answer;                 /* query: where to copy what the miniport wrote (length bytes), or NULL */
} oid_options;

/* Each returns what the operation ended with (the handler's status, or the
 * completion's status for PENDING), or -1 when it was skipped. */
int64_t lifecycle_initialize(adapter *a);
int64_t lifecycle_restart(adapter *a, const restart_options *opt);
int64_t lifecycle_pause(adapter *a);
int64_t lifecycle_reset(adapter *a);
/* A second MiniportResetEx while the first is pending; returns the second answer. */
int64_t lifecycle_reset_overlapping(adapter *a);
int64_t lifecycle_check_for_hang(adapter *a);   /* TRUE leads to a reset */
int64_t lifecycle_oid(adapter *a, const oid_options *opt);
int64_t lifecycle_send(adapter *a, unsigned count);
int64_t lifecycle_interrupt(adapter *a);
int64_t lifecycle_return_receives(adapter *a);
int64_t lifecycle_halt(adapter *a, NDIS_HALT_ACTION action);
int64_t lifecycle_shutdown(adapter *a, NDIS_SHUTDOWN_ACTION action);
int64_t lifecycle_pnp_event(adapter *a, NDIS_DEVICE_PNP_EVENT pnp);
/* Runs deferred work over a span of virtual time, calling
 * MiniportCheckForHangEx at its interval on every Running or Paused adapter. */
int64_t lifecycle_wait(uint64_t us);
/* The driver-wide end: MiniportDriverUnload. */
int64_t lifecycle_unload(void);

#endif
