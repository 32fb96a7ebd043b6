/* Timer objects on the virtual clock: NdisSetTimerObject schedules the
 * timer function through host_defer; it runs as NetTimerCallback at
 * DISPATCH_LEVEL. A freed timer that is still queued or running stays
 * allocated (dead) so the deferred call finds it and does nothing; a reap
 * queued at the same time releases it once nothing of it is left queued. */
#include <stdlib.h>
#include "ndis_internal.h"

typedef struct timer_object {
    NDIS_TIMER_CHARACTERISTICS chars;
    PVOID context;          /* FunctionContext of the last set */
    LONG period_ms;         /* MillisecondsPeriod of the last set: > 0 = a periodic timer */
    adapter *a;
    int dead;
    struct timer_object *next_dead;
} timer_object;

/* Timers freed while their call was queued or running. */
static timer_object *graveyard;

static void reap(void *ctx1, void *ctx2)
{
    (void)ctx1;
    (void)ctx2;
    for (timer_object **p = &graveyard; *p;) {
        timer_object *t = *p;
        host_defer_cancel(t);   /* a periodic timer re-arms itself after each call */
        if (host_defer_active(t)) {
            p = &t->next_dead;
            continue;
        }
        *p = t->next_dead;
        free(t);
    }
}

static void schedule_reap(void)
{
    host_defer(DEFER_INTERNAL, "TimerReap", host_now_us(), 0, reap, NULL, NULL, &graveyard, NULL);
}

static void timer_fire(void *ctx1, void *ctx2)
{
    (void)ctx2;
    timer_object *t = ctx1;
    if (t->dead) {
        schedule_reap();
        return;
    }
    if (!t->chars.TimerFunction)
        return;
    trace_arg args[] = { TA_PTR("timer", t) };
    host_callback_enter("NetTimerCallback", t->a, DISPATCH_LEVEL, args, 1);
    t->chars.TimerFunction(NULL, t->context, NULL, NULL);
    host_callback_return("NetTimerCallback", 0, 0, NULL, 0);
}

NDIS_STATUS NdisAllocateTimerObject(NDIS_HANDLE NdisHandle, PNDIS_TIMER_CHARACTERISTICS TimerCharacteristics,
                                    PNDIS_HANDLE pTimerObject)
{
    PNDIS_TIMER_CHARACTERISTICS c = TimerCharacteristics;
    NDIS_STATUS status = NDIS_STATUS_SUCCESS;
    timer_object *t = NULL;
    if (!c || !pTimerObject || c->Header.Type != NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS ||
        c->Header.Revision < NDIS_TIMER_CHARACTERISTICS_REVISION_1 ||
        c->Header.Size < NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1 || !c->TimerFunction)
        status = NDIS_STATUS_INVALID_PARAMETER;
    else if (host_should_fail("NdisAllocateTimerObject") || !(t = calloc(1, sizeof *t)))
        status = NDIS_STATUS_RESOURCES;
    else if (ndis_handle_add(t, NDIS_RES_TIMER) != 0) {
        free(t);
        t = NULL;
        status = NDIS_STATUS_RESOURCES;
    } else {
        t->chars = *c;
        t->context = c->FunctionContext;
        t->a = host_adapter_from_handle(NdisHandle);
        *pTimerObject = t;
    }
    HOST_DDI("NdisAllocateTimerObject", status, TA_PTR("handle", t),
             TA_INT("AllocationTag", c ? (int64_t)c->AllocationTag : 0));
    return status;
}

BOOLEAN NdisSetTimerObject(NDIS_HANDLE TimerObject, LARGE_INTEGER DueTime, LONG MillisecondsPeriod,
                           PVOID FunctionContext)
{
    int known = ndis_handle_is(TimerObject, NDIS_RES_TIMER);
    BOOLEAN was_queued = FALSE;
    if (known) {
        timer_object *t = TimerObject;
        uint64_t now = host_now_us();
        uint64_t due;
        if (DueTime.QuadPart < 0)
            due = now + (uint64_t)(-DueTime.QuadPart) / 10u;
        else   /* absolute time in 100 ns units on the same clock */
            due = (uint64_t)DueTime.QuadPart / 10u > now ? (uint64_t)DueTime.QuadPart / 10u : now;
        /* NdisSetTimerObject page: TRUE "if the timer object was already in
         * the system timer queue"; a periodic timer stays there while its
         * run is queued or running (KeCancelTimer: "Periodic timers are
         * always in the timer queue"), a one-shot one leaves it when it fires. */
        int periodic_in_queue = t->period_ms > 0 && host_defer_active(t);
        was_queued = (BOOLEAN)(host_defer_cancel(t) || periodic_in_queue);
        /* A timer allocated with the driver handle belongs to the adapter
         * whose code sets it (netvmini does this). */
        if (!t->a)
            t->a = host_current_adapter();
        if (FunctionContext)
            t->context = FunctionContext;
        t->period_ms = MillisecondsPeriod > 0 ? MillisecondsPeriod : 0;
        uint64_t period = MillisecondsPeriod > 0 ? (uint64_t)MillisecondsPeriod * 1000u : 0;
        host_defer(DEFER_TIMER, "NetTimerCallback", due, period, timer_fire, t, NULL, t, t->a);
    }
    HOST_DDI("NdisSetTimerObject", was_queued, TA_PTR("timer", TimerObject),
             TA_INT("DueTime", DueTime.QuadPart), TA_INT("MillisecondsPeriod", MillisecondsPeriod),
             TA_INT("allocated", known));
    return was_queued;
}

/* NdisCancelTimerObject page (learn.microsoft.com, nf-ndis-ndiscanceltimerobject):
 * "If the caller of NdisCancelTimerObject is canceling a periodic timer,
 * NdisCancelTimerObject calls KeFlushQueuedDpcs to ensure that the timer is
 * not currently running."  KeCancelTimer's page: "Periodic timers are always
 * in the timer queue, so KeCancelTimer always returns TRUE for periodic
 * timers", and a one-shot timer "is removed from the system queue as soon as
 * it expires", so its cancel returns FALSE once it fired.  The periodic
 * argument lets the rules apply the page's PASSIVE_LEVEL requirement. */
BOOLEAN NdisCancelTimerObject(NDIS_HANDLE TimerObject)
{
    int known = ndis_handle_is(TimerObject, NDIS_RES_TIMER);
    int periodic = known && ((timer_object *)TimerObject)->period_ms > 0;
    BOOLEAN cancelled = FALSE;
    if (periodic)
        cancelled = (BOOLEAN)host_defer_cancel_periodic(TimerObject);
    else if (known)
        cancelled = (BOOLEAN)host_defer_cancel(TimerObject);
    HOST_DDI("NdisCancelTimerObject", cancelled, TA_PTR("timer", TimerObject), TA_INT("allocated", known),
             TA_INT("periodic", periodic));
    return cancelled;
}

VOID NdisFreeTimerObject(NDIS_HANDLE TimerObject)
{
    int known = ndis_handle_is(TimerObject, NDIS_RES_TIMER);
    int was_set = known ? host_defer_cancel(TimerObject) : 0;
    int active = known ? host_defer_active(TimerObject) : 0;
    HOST_DDI_VOID("NdisFreeTimerObject", TA_PTR("handle", TimerObject), TA_INT("was_set", was_set),
                  TA_INT("callback_pending", active));
    if (!known)
        return;
    ndis_handle_remove(TimerObject);
    timer_object *t = TimerObject;
    if (active) {
        t->dead = 1;   /* queued or running: leave it for the deferred call */
        t->next_dead = graveyard;
        graveyard = t;
        schedule_reap();
    } else {
        free(t);
    }
}
