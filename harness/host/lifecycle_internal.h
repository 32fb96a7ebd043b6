/* What lifecycle.c and lifecycle_pause_restart.c share: the callback entry
 * macros, the small state helpers, and the waits NDIS makes before an
 * operation.  Not part of lifecycle.h: only the lifecycle files use them. */
#ifndef LIFECYCLE_INTERNAL_H
#define LIFECYCLE_INTERNAL_H

#include "lifecycle.h"
#include "host_state.h"
#include "host_clock.h"
#include "ndis/ndis_internal.h"

#define CALL_ENTER(name, a, ...) \
    host_callback_enter((name), (a), host_callback_irql(name), (trace_arg[]){ __VA_ARGS__ }, TA_COUNT(__VA_ARGS__))
#define CALL_ENTER_NOARGS(name, a) host_callback_enter((name), (a), host_callback_irql(name), NULL, 0)

static inline const NDIS_MINIPORT_DRIVER_CHARACTERISTICS *chars(void)
{
    return &host_driver_get()->chars;
}

static inline int64_t skip(const char *op, const char *reason)
{
    host_emit_op("skipped", (trace_arg[]){ TA_STR("op", op), TA_STR("reason", reason) }, 2);
    return -1;
}

static inline int in_state(const adapter *a, adapter_state s)
{
    return a && a->state == s;
}

/* What an operation ended with: its handler's answer, or after PENDING the
 * status of its completion (timeout_status when none came in time). */
int64_t lifecycle_operation_result(adapter *a, pending_op op, const char *opname, NDIS_STATUS answer,
                                   NDIS_STATUS timeout_status);
/* Waits (virtual time) until no send is outstanding. */
void lifecycle_drain_sends(adapter *a);
/* Waits for an outstanding OID request, then drops it. */
void lifecycle_drain_oid(adapter *a);

#endif
