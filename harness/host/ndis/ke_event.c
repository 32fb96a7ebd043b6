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

/* KeWaitForMultipleObjects on events, as KeWaitForSingleObject: the wait
 * lets deferred work run until any (WaitAny) or all (WaitAll) are set. */
typedef struct {
    ULONG count;
    PRKEVENT *events;
    WAIT_TYPE type;
} event_set;

/* WaitAny: the lowest index set, or -1; WaitAll: 0 when all are set, else -1. */
static LONG satisfied_by(const event_set *w)
{
    ULONG set = 0;
    for (ULONG i = 0; i < w->count; i++) {
        if (!w->events[i] || !w->events[i]->Header.SignalState)
            continue;
        if (w->type == WaitAny)
            return (LONG)i;
        set++;
    }
    return w->type == WaitAll && set == w->count ? 0 : -1;
}

static int set_is_ready(void *ctx)
{
    return satisfied_by(ctx) >= 0;
}

/* A satisfied wait resets the synchronization events it took. */
static void reset_taken(const event_set *w, LONG index)
{
    for (ULONG i = 0; i < w->count; i++)
        if ((w->type == WaitAll || (LONG)i == index) && w->events[i]->Header.Type == SynchronizationEvent)
            w->events[i]->Header.SignalState = 0;
}

NTSTATUS KeWaitForMultipleObjects(ULONG Count, PVOID Object[], WAIT_TYPE WaitType, KWAIT_REASON WaitReason,
                                  KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Timeout,
                                  PKWAIT_BLOCK WaitBlockArray)
{
    /* "If either Count > MAXIMUM_WAIT_OBJECTS or if WaitBlockArray is NULL
     * and Count > THREAD_WAIT_OBJECTS, the system issues Bug Check 0xC". */
    if (Count > MAXIMUM_WAIT_OBJECTS || (!WaitBlockArray && Count > THREAD_WAIT_OBJECTS))
        KeBugCheckEx(MAXIMUM_WAIT_OBJECTS_EXCEEDED, Count, (ULONG_PTR)WaitBlockArray, 0, 0);
    event_set w = { Count, (PRKEVENT *)Object, WaitType };
    uint64_t start = host_now_us();
    uint64_t deadline = Timeout ? deadline_of(Timeout) : UINT64_MAX;
    int ready = Count && Object && ndis_wait_until(set_is_ready, &w, deadline,
                                                   "KeWaitForMultipleObjects without a timeout on events nothing will set");
    LONG index = ready ? satisfied_by(&w) : -1;
    if (ready)
        reset_taken(&w, index);
    NTSTATUS status = !ready ? STATUS_TIMEOUT : WaitType == WaitAny ? STATUS_WAIT_0 + index : STATUS_SUCCESS;
    HOST_DDI("KeWaitForMultipleObjects", status, TA_INT("Count", Count), TA_INT("WaitType", WaitType),
             TA_INT("WaitReason", WaitReason), TA_INT("WaitMode", WaitMode), TA_INT("Alertable", Alertable),
             TA_INT("timeout_zero", Timeout && Timeout->QuadPart == 0),
             TA_INT("waited_us", (int64_t)(host_now_us() - start)));
    return status;
}
