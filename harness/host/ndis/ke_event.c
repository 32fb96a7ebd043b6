/* Kernel events, waits and delays on the virtual clock.  A wait lets
 * deferred work run (the "other processors"), as NdisWaitEvent does; an
 * endless wait nothing can end is reported as the hang it is. */
#include "ndis_internal.h"

/* 100 ns units (KeWaitForSingleObject, KeDelayExecutionThread) to the
 * virtual clock's absolute microseconds: negative relative, positive
 * absolute system time. */
static uint64_t deadline_of(const LARGE_INTEGER *t)
{
    uint64_t now = host_now_us();
    if (t->QuadPart < 0)
        return now + (uint64_t)((-t->QuadPart + 9) / 10);   /* round up: never wake early */
    uint64_t at = (uint64_t)t->QuadPart / 10;
    return at > now ? at : now;
}

VOID KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
    HOST_DDI_VOID("KeInitializeEvent", TA_PTR("event", Event), TA_INT("Type", Type), TA_INT("State", State));
    if (!Event)
        return;
    memset(Event, 0, sizeof *Event);
    Event->Header.Type = (UCHAR)Type;
    Event->Header.SignalState = State ? 1 : 0;
    InitializeListHead(&Event->Header.WaitListHead);
}

LONG KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait)
{
    LONG previous = Event ? Event->Header.SignalState : 0;
    HOST_DDI_VOID("KeSetEvent", TA_PTR("event", Event), TA_INT("Increment", Increment), TA_INT("Wait", Wait));
    if (Event)
        Event->Header.SignalState = 1;
    return previous;
}

VOID KeClearEvent(PRKEVENT Event)
{
    HOST_DDI_VOID("KeClearEvent", TA_PTR("event", Event));
    if (Event)
        Event->Header.SignalState = 0;
}

LONG KeResetEvent(PRKEVENT Event)
{
    LONG previous = Event ? Event->Header.SignalState : 0;
    HOST_DDI_VOID("KeResetEvent", TA_PTR("event", Event));
    if (Event)
        Event->Header.SignalState = 0;
    return previous;
}

LONG KeReadStateEvent(PRKEVENT Event)
{
    HOST_DDI_VOID("KeReadStateEvent", TA_PTR("event", Event));
    return Event ? Event->Header.SignalState : 0;
}

NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
                               BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
    PRKEVENT event = Object;
    uint64_t start = host_now_us();
    uint64_t deadline = Timeout ? deadline_of(Timeout) : UINT64_MAX;
    static const LONG never = 0;
    int signaled = ndis_wait_signaled(event ? &event->Header.SignalState : &never, deadline,
                                      "KeWaitForSingleObject without a timeout on an event nothing will set");
    /* A satisfied wait resets a synchronization event. */
    if (signaled && event->Header.Type == SynchronizationEvent)
        event->Header.SignalState = 0;
    NTSTATUS status = signaled ? STATUS_SUCCESS : STATUS_TIMEOUT;
    HOST_DDI("KeWaitForSingleObject", status, TA_PTR("object", Object), TA_INT("WaitReason", WaitReason),
             TA_INT("WaitMode", WaitMode), TA_INT("Alertable", Alertable),
             TA_INT("timeout_zero", Timeout && Timeout->QuadPart == 0),
             TA_INT("waited_us", (int64_t)(host_now_us() - start)));
    return status;
}

NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Interval)
{
    uint64_t us = 0;
    if (Interval) {
        uint64_t deadline = deadline_of(Interval);
        us = deadline - host_now_us();
    }
    HOST_DDI("KeDelayExecutionThread", STATUS_SUCCESS, TA_INT("WaitMode", WaitMode), TA_INT("Alertable", Alertable),
             TA_INT("us", (int64_t)us));
    host_sleep_us(us);
    return STATUS_SUCCESS;
}

VOID KeStallExecutionProcessor(ULONG MicroSeconds)
{
    HOST_DDI_VOID("KeStallExecutionProcessor", TA_INT("MicroSeconds", MicroSeconds));
    host_advance_us(MicroSeconds);   /* a busy wait: nothing else runs */
}
