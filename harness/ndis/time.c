/* Stalls, sleeps, events and the version, on the virtual clock. */
#include <unistd.h>
#include "ndis_internal.h"
#include "host_run.h"

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

int ndis_wait_signaled(const volatile LONG *signal_state, uint64_t deadline_us, const char *hang_reason)
{
    host_defer_run_due();
    while (!*signal_state && host_now_us() < deadline_us)
        if (!host_wait_step(deadline_us))  /* a thread of the driver may still signal it */
            break;
    if (!*signal_state && deadline_us != UINT64_MAX && host_now_us() < deadline_us)
        host_sleep_us(deadline_us - host_now_us());
    if (!*signal_state && deadline_us == UINT64_MAX) {
        /* An infinite wait that nothing left to run can end: on Windows the
         * thread waits forever. Report it as the hang it is. */
        host_emit_fatal(EV_HANG, "hang", (trace_arg[]){ TA_STR("reason", hang_reason) }, 1);
        _exit(HOST_EXIT_HANG);
    }
    return *signal_state != 0;
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
