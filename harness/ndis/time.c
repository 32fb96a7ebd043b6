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

/* Waiting lets "other processors" run: deferred work falls due as the
 * clock moves to the deadline (MsToWait 0 = until nothing is left to run). */
BOOLEAN NdisWaitEvent(PNDIS_EVENT Event, UINT MsToWait)
{
    uint64_t start = host_now_us();
    uint64_t deadline = MsToWait ? start + (uint64_t)MsToWait * 1000u : UINT64_MAX;
    if (Event) {
        host_defer_run_due();
        while (!Event->Event.Header.SignalState && host_now_us() < deadline)
            if (!host_defer_run_next(deadline))
                break;
        if (!Event->Event.Header.SignalState && MsToWait && host_now_us() < deadline)
            host_sleep_us(deadline - host_now_us());
    }
    BOOLEAN signaled = Event && Event->Event.Header.SignalState;
    if (!signaled && MsToWait == 0) {
        /* An infinite wait that nothing left to run can end: on Windows the
         * thread waits forever. Report it as the hang it is. */
        host_emit_fatal(EV_HANG, "hang", (trace_arg[]){ TA_STR("reason",
                        "NdisWaitEvent without a timeout on an event nothing will set") }, 1);
        _exit(HOST_EXIT_HANG);
    }
    HOST_DDI("NdisWaitEvent", signaled, TA_PTR("event", Event), TA_INT("MsToWait", MsToWait),
             TA_INT("waited_us", (int64_t)(host_now_us() - start)));
    return signaled;
}
