/* Stalls, sleeps, events and the version, on the virtual clock. */
#include <stdio.h>
#include <unistd.h>
#include "ndis_internal.h"
#include "../host_run.h"
#include "../../input/scenario.h"

#define EVENT_TYPE_NOTIFICATION 0

VOID NdisStallExecution(ULONG MicrosecondsToStall)
{
    HOST_DDI_VOID("NdisStallExecution", TA_INT("MicrosecondsToStall", MicrosecondsToStall));
    host_advance_us(MicrosecondsToStall);   /* a busy wait: nothing else runs */
}

VOID NdisMSleep(ULONG MicrosecondsToSleep)
{
    HOST_DDI_VOID("NdisMSleep", TA_INT("MicrosecondsToSleep", MicrosecondsToSleep));
    host_sleep_us(MicrosecondsToSleep);
}

UINT NdisGetVersion(void)
{
    HOST_DDI_VOID("NdisGetVersion", TA_INT("version", NDIS_HOST_VERSION));
    return NDIS_HOST_VERSION;
}

VOID NdisGetCurrentSystemTime(PLARGE_INTEGER pSystemTime)
{
    HOST_DDI_NOARGS("NdisGetCurrentSystemTime", 0, 0);
    if (pSystemTime)
        pSystemTime->QuadPart = (LONGLONG)(host_now_us() * 10u);   /* 100 ns units */
}

/* Milliseconds since the host started the run (WDK page nf-ndis-ndisgetsystemuptimeex). */
VOID NdisGetSystemUpTimeEx(PLARGE_INTEGER pSystemUpTime)
{
    HOST_DDI_NOARGS("NdisGetSystemUpTimeEx", 0, 0);
    if (pSystemUpTime)
        pSystemUpTime->QuadPart = (LONGLONG)(host_now_us() / 1000u);
}

VOID NdisInitializeEvent(PNDIS_EVENT Event)
{
    HOST_DDI_VOID("NdisInitializeEvent", TA_PTR("event", Event));
    if (Event) {
        memset(Event, 0, sizeof *Event);
        Event->Event.Header.Type = EVENT_TYPE_NOTIFICATION;
        InitializeListHead(&Event->Event.Header.WaitListHead);
    }
}

VOID NdisSetEvent(PNDIS_EVENT Event)
{
    HOST_DDI_VOID("NdisSetEvent", TA_PTR("event", Event));
    if (Event)
        Event->Event.Header.SignalState = 1;
}

VOID NdisResetEvent(PNDIS_EVENT Event)
{
    HOST_DDI_VOID("NdisResetEvent", TA_PTR("event", Event));
    if (Event)
        Event->Event.Header.SignalState = 0;
}

int ndis_wait_until(int (*ready)(void *), void *ctx, uint64_t deadline_us, const char *hang_reason)
{
    /* A wait without end still runs the driver's periodic timers and DPCs,
     * which could set the event; it is a hang once the most virtual time a
     * scenario may take (SCENARIO_MAX_WAIT_US) passed without that happening. */
    uint64_t start = host_now_us();
    int infinite = deadline_us == UINT64_MAX;
    uint64_t until = infinite ? start + SCENARIO_MAX_WAIT_US : deadline_us;
    host_defer_run_due();
    while (!ready(ctx) && host_now_us() < until)
        if (!host_wait_step(until))  /* a thread of the driver may still signal it */
            break;
    if (!ready(ctx) && !infinite && host_now_us() < deadline_us)
        host_sleep_us(deadline_us - host_now_us());
    if (!ready(ctx) && infinite) {
        /* On Windows the thread waits forever. Report it as the hang it is. */
        char reason[320];
        uint64_t waited = host_now_us() - start;
        if (waited)
            snprintf(reason, sizeof reason, "%s (%llu s of virtual time passed while the driver's timers and DPCs ran, "
                     "and none set it)", hang_reason, (unsigned long long)(waited / 1000000u));
        else
            snprintf(reason, sizeof reason, "%s (no timer, DPC or work item is left that could set it)", hang_reason);
        host_emit_fatal(EV_HANG, "hang", (trace_arg[]){ TA_STR("reason", reason) }, 1);
        _exit(HOST_EXIT_HANG);
    }
    return ready(ctx);
}

static int state_is_set(void *signal_state)
{
    return *(const volatile LONG *)signal_state != 0;
}

int ndis_wait_signaled(const volatile LONG *signal_state, uint64_t deadline_us, const char *hang_reason)
{
    return ndis_wait_until(state_is_set, (void *)(uintptr_t)signal_state, deadline_us, hang_reason);
}

/* MsToWait 0 waits until the event is set. */
BOOLEAN NdisWaitEvent(PNDIS_EVENT Event, UINT MsToWait)
{
    uint64_t start = host_now_us();
    uint64_t deadline = MsToWait ? start + (uint64_t)MsToWait * 1000u : UINT64_MAX;
    static const LONG never = 0;
    BOOLEAN signaled = (BOOLEAN)ndis_wait_signaled(Event ? &Event->Event.Header.SignalState : &never, deadline,
                                                   "NdisWaitEvent without a timeout on an event nothing will set");
    HOST_DDI("NdisWaitEvent", signaled, TA_PTR("event", Event), TA_INT("MsToWait", MsToWait),
             TA_INT("waited_us", (int64_t)(host_now_us() - start)));
    return signaled;
}
