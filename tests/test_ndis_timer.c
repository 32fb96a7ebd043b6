/* Deferred work on the virtual clock: timer objects (timer.c), IO work
 * items (workitem.c), kernel DPCs (dpc.c), and stalls, sleeps and waits
 * (time.c). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "host/ndis/ndis_internal.h"
#include "ndis_fixture.h"
#include "host/host_clock.h"
#include "host/host_run.h"

static adapter *a;

/* What the last deferred routine saw. */
static struct {
    int calls;
    int irql;
    char callback[64];
    void *context;
    uint64_t time_us;
    void *sys1;
    int free_self;          /* timer function frees its own timer object */
    NDIS_HANDLE self;
    PNDIS_EVENT set_event;  /* timer function sets this event */
} seen;

static void record(void *context)
{
    seen.calls++;
    seen.irql = host_irql();
    snprintf(seen.callback, sizeof seen.callback, "%s", host_callback_name());
    seen.context = context;
    seen.time_us = host_now_us();
}

static void setup(void)
{
    memset(&seen, 0, sizeof seen);
    a = ndis_fixture_begin(NULL, 0);
    ck_assert_ptr_nonnull(a);
}

static void teardown(void)
{
    ndis_fixture_end();
}

/* ---- timers ---- */

static VOID timer_function(PVOID s1, PVOID context, PVOID s2, PVOID s3)
{
    (void)s1; (void)s2; (void)s3;
    record(context);
    if (seen.set_event)
        NdisSetEvent(seen.set_event);
    if (seen.free_self)
        NdisFreeTimerObject(seen.self);
}

static NDIS_HANDLE new_timer(void *context)
{
    NDIS_TIMER_CHARACTERISTICS c;
    memset(&c, 0, sizeof c);
    c.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    c.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    c.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    c.AllocationTag = 'rmiT';
    c.TimerFunction = timer_function;
    c.FunctionContext = context;
    NDIS_HANDLE t = NULL;
    ck_assert_int_eq(NdisAllocateTimerObject(a, &c, &t), NDIS_STATUS_SUCCESS);
    ck_assert_ptr_nonnull(t);
    return t;
}

static LARGE_INTEGER relative_ms(int64_t ms)
{
    LARGE_INTEGER due;
    due.QuadPart = -ms * 10000;   /* negative: relative, 100 ns units */
    return due;
}

START_TEST(timer_runs_once_at_dispatch)
{
    int context;
    NDIS_HANDLE t = new_timer(&context);
    ck_assert_int_eq(NdisSetTimerObject(t, relative_ms(10), 0, NULL), FALSE);
    host_sleep_us(9999);
    ck_assert_int_eq(seen.calls, 0);
    host_sleep_us(2);
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_int_eq(seen.irql, DISPATCH_LEVEL);
    ck_assert_str_eq(seen.callback, "NetTimerCallback");
    ck_assert_ptr_eq(seen.context, &context);
    ck_assert_uint_eq(seen.time_us, 10000);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);   /* restored after the callback */
    host_sleep_us(100000);
    ck_assert_int_eq(seen.calls, 1);   /* one-shot */
    event ev;
    ck_assert_uint_eq(ndis_fixture_count("NetTimerCallback"), 2);   /* enter, return */
    ck_assert(ndis_fixture_last_kind(EV_ENTER, "NetTimerCallback", &ev));
    ck_assert_int_eq(ev.adapter, 0);
    ck_assert_uint_eq((uint64_t)event_arg_int(&ev, "timer", 0), (uint64_t)(uintptr_t)t);
    event_free(&ev);
    NdisFreeTimerObject(t);
    ck_assert(ndis_fixture_last("NdisFreeTimerObject", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "ok");
    ck_assert_int_eq(event_arg_int(&ev, "was_set", -1), 0);
    event_free(&ev);
}
END_TEST

START_TEST(timer_set_context_overrides)
{
    int first, second;
    NDIS_HANDLE t = new_timer(&first);
    NdisSetTimerObject(t, relative_ms(1), 0, &second);
    host_sleep_us(1000);
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_ptr_eq(seen.context, &second);
    NdisFreeTimerObject(t);
}
END_TEST

START_TEST(timer_periodic_runs_repeatedly)
{
    NDIS_HANDLE t = new_timer(NULL);
    NdisSetTimerObject(t, relative_ms(5), 10, NULL);
    host_sleep_us(5000);
    ck_assert_int_eq(seen.calls, 1);
    host_sleep_us(10000);
    ck_assert_int_eq(seen.calls, 2);
    host_sleep_us(30000);
    ck_assert_int_eq(seen.calls, 5);
    ck_assert_uint_eq(seen.time_us, 45000);
    ck_assert_int_eq(NdisCancelTimerObject(t), TRUE);
    host_sleep_us(100000);
    ck_assert_int_eq(seen.calls, 5);
    NdisFreeTimerObject(t);
}
END_TEST

/* NdisCancelTimerObject function (ndis.h), learn.microsoft.com
 * .../ddi/ndis/nf-ndis-ndiscanceltimerobject: "If the caller of
 * NdisCancelTimerObject is canceling a periodic timer,
 * NdisCancelTimerObject calls KeFlushQueuedDpcs to ensure that the timer is
 * not currently running."  KeCancelTimer function (wdm.h): "Periodic timers
 * are always in the timer queue, so KeCancelTimer always returns TRUE for
 * periodic timers."  Even a run already queued (fired, not started) is
 * cancelled, and the cancel answers TRUE: Halt has nothing to wait for. */
START_TEST(timer_cancel_periodic_fired_is_true)
{
    NDIS_HANDLE t = new_timer(NULL);
    NdisSetTimerObject(t, relative_ms(10), 10, NULL);
    host_sleep_us(10000);
    ck_assert_int_eq(seen.calls, 1);
    host_advance_us(10000);
    host_defer_expire_due();   /* the second run is in the DPC queue */
    ck_assert_int_eq(NdisCancelTimerObject(t), TRUE);
    event ev;
    ck_assert(ndis_fixture_last("NdisCancelTimerObject", &ev));
    ck_assert_int_eq(ev.status, 1);
    ck_assert_int_eq(event_arg_int(&ev, "periodic", -1), 1);
    event_free(&ev);
    host_sleep_us(100000);
    ck_assert_int_eq(seen.calls, 1);   /* the queued run was cancelled with it */
    ck_assert_int_eq(host_defer_active(t), 0);
    /* out of the queue now: "otherwise, it returns FALSE" */
    ck_assert_int_eq(NdisCancelTimerObject(t), FALSE);
    NdisFreeTimerObject(t);
}
END_TEST

/* KeCancelTimer function (wdm.h): "A nonperiodic timer is removed from the
 * system queue as soon as it expires. Thus, for nonperiodic timers,
 * KeCancelTimer returns FALSE if the timer DPC has been queued."  A
 * one-shot cancel records periodic = 0 (IRQL <= DISPATCH_LEVEL applies). */
START_TEST(timer_cancel_one_shot_records_not_periodic)
{
    NDIS_HANDLE t = new_timer(NULL);
    NdisSetTimerObject(t, relative_ms(10), 10, NULL);   /* periodic first ... */
    NdisSetTimerObject(t, relative_ms(10), 0, NULL);    /* ... then set again as one-shot */
    host_advance_us(10000);
    host_defer_expire_due();
    ck_assert_int_eq(NdisCancelTimerObject(t), FALSE);
    event ev;
    ck_assert(ndis_fixture_last("NdisCancelTimerObject", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "periodic", -1), 0);
    event_free(&ev);
    host_defer_run_due();
    ck_assert_int_eq(seen.calls, 1);
    NdisFreeTimerObject(t);
}
END_TEST

START_TEST(timer_cancel_scheduled_and_queued)
{
    NDIS_HANDLE t = new_timer(NULL);
    ck_assert_int_eq(NdisCancelTimerObject(t), FALSE);   /* never set */
    NdisSetTimerObject(t, relative_ms(10), 0, NULL);
    ck_assert_int_eq(NdisCancelTimerObject(t), TRUE);
    host_sleep_us(20000);
    ck_assert_int_eq(seen.calls, 0);

    NdisSetTimerObject(t, relative_ms(10), 0, NULL);
    host_advance_us(10000);
    host_defer_expire_due();   /* fired: in the DPC queue, too late to cancel */
    ck_assert_int_eq(NdisCancelTimerObject(t), FALSE);
    event ev;
    ck_assert(ndis_fixture_last("NdisCancelTimerObject", &ev));
    ck_assert_int_eq(ev.status, 0);
    ck_assert_int_eq(event_arg_int(&ev, "allocated", -1), 1);
    event_free(&ev);
    host_defer_run_due();
    ck_assert_int_eq(seen.calls, 1);
    NdisFreeTimerObject(t);
}
END_TEST

START_TEST(timer_set_twice_reports_queued)
{
    NDIS_HANDLE t = new_timer(NULL);
    ck_assert_int_eq(NdisSetTimerObject(t, relative_ms(10), 0, NULL), FALSE);
    ck_assert_int_eq(NdisSetTimerObject(t, relative_ms(20), 0, NULL), TRUE);   /* replaced */
    host_sleep_us(15000);
    ck_assert_int_eq(seen.calls, 0);
    host_sleep_us(5000);
    ck_assert_int_eq(seen.calls, 1);
    NdisFreeTimerObject(t);
}
END_TEST

/* NdisSetTimerObject function (ndis.h): it returns TRUE "if the timer
 * object was already in the system timer queue"; a periodic timer is in it
 * even while a run it fired waits in the DPC queue, a one-shot timer is not. */
START_TEST(timer_set_again_after_firing)
{
    NDIS_HANDLE t = new_timer(NULL);
    NdisSetTimerObject(t, relative_ms(10), 10, NULL);
    host_advance_us(10000);
    host_defer_expire_due();
    ck_assert_int_eq(NdisSetTimerObject(t, relative_ms(10), 10, NULL), TRUE);
    ck_assert_int_eq(NdisCancelTimerObject(t), TRUE);
    NdisSetTimerObject(t, relative_ms(10), 0, NULL);
    host_advance_us(10000);
    host_defer_expire_due();
    ck_assert_int_eq(NdisSetTimerObject(t, relative_ms(10), 0, NULL), FALSE);
    host_defer_run_due();
    NdisFreeTimerObject(t);
}
END_TEST

START_TEST(timer_absolute_due_time)
{
    NDIS_HANDLE t = new_timer(NULL);
    host_advance_us(1000);
    LARGE_INTEGER due = { .QuadPart = 3000 * 10 };   /* absolute: t = 3 ms */
    NdisSetTimerObject(t, due, 0, NULL);
    host_sleep_us(1999);
    ck_assert_int_eq(seen.calls, 0);
    host_sleep_us(1);
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_uint_eq(seen.time_us, 3000);
    NdisFreeTimerObject(t);
}
END_TEST

/* NdisFreeTimerObject function (ndis.h), learn.microsoft.com
 * .../ddi/ndis/nf-ndis-ndisfreetimerobject: "To cancel a timer, call the
 * NdisCancelTimerObject function."  The page does not say that freeing
 * cancels, nor that it waits for a run: freeing a set timer is the driver's
 * mistake (HALT-CANCEL-TIMERS reports it at Halt; was_set and
 * callback_pending on the event say what was left).  The host never calls
 * the function of a freed timer, so the mistake is reported, not turned
 * into a crash of the host. */
START_TEST(timer_free_scheduled_never_runs)
{
    NDIS_HANDLE t = new_timer(NULL);
    NdisSetTimerObject(t, relative_ms(10), 0, NULL);
    NdisFreeTimerObject(t);
    event ev;
    ck_assert(ndis_fixture_last("NdisFreeTimerObject", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "was_set", -1), 1);
    ck_assert_int_eq(event_arg_int(&ev, "callback_pending", -1), 0);
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "ok");
    event_free(&ev);
    host_sleep_us(50000);
    ck_assert_int_eq(seen.calls, 0);
    /* The handle is gone: further calls are refused, not dereferenced. */
    ck_assert_int_eq(NdisSetTimerObject(t, relative_ms(1), 0, NULL), FALSE);
    ck_assert(ndis_fixture_last("NdisSetTimerObject", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "allocated", -1), 0);
    event_free(&ev);
    host_sleep_us(50000);
    ck_assert_int_eq(seen.calls, 0);
}
END_TEST

START_TEST(timer_free_queued_runs_nothing)
{
    NDIS_HANDLE t = new_timer(NULL);
    NdisSetTimerObject(t, relative_ms(10), 0, NULL);
    host_advance_us(10000);
    host_defer_expire_due();
    NdisFreeTimerObject(t);
    event ev;
    ck_assert(ndis_fixture_last("NdisFreeTimerObject", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "callback_pending", -1), 1);
    event_free(&ev);
    host_defer_run_due();
    ck_assert_int_eq(seen.calls, 0);   /* the freed timer's function is not called */
}
END_TEST

START_TEST(timer_free_periodic_from_its_function)
{
    seen.self = new_timer(NULL);
    seen.free_self = 1;
    NdisSetTimerObject(seen.self, relative_ms(1), 1, NULL);
    host_sleep_us(10000);
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_uint_eq(host_defer_count(a, DEFER_TIMER, DEFER_SCHEDULED), 0);
}
END_TEST

START_TEST(timer_bad_characteristics)
{
    NDIS_TIMER_CHARACTERISTICS c;
    memset(&c, 0, sizeof c);
    c.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    c.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    c.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    NDIS_HANDLE t = NULL;
    ck_assert_int_eq(NdisAllocateTimerObject(a, &c, &t), NDIS_STATUS_INVALID_PARAMETER);   /* no function */
    c.TimerFunction = timer_function;
    c.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    ck_assert_int_eq(NdisAllocateTimerObject(a, &c, &t), NDIS_STATUS_INVALID_PARAMETER);
    ck_assert_ptr_null(t);
    ck_assert_int_eq(NdisAllocateTimerObject(a, NULL, &t), NDIS_STATUS_INVALID_PARAMETER);
}
END_TEST

/* ---- IO work items ---- */

static VOID work_routine(PVOID context, NDIS_HANDLE work_item)
{
    (void)work_item;
    record(context);
}

/* NdisQueueIoWorkItem function (ndis.h), learn.microsoft.com
 * .../ddi/ndis/nf-ndis-ndisqueueioworkitem: "The caller-supplied callback
 * routine (NDIS_IO_WORKITEM_ROUTINE) runs in a system thread context at
 * IRQL = PASSIVE_LEVEL." */
START_TEST(work_item_runs_at_passive)
{
    NDIS_HANDLE w = NdisAllocateIoWorkItem(a);
    ck_assert_ptr_nonnull(w);
    int context;
    host_set_irql(DISPATCH_LEVEL);   /* queued from a DPC, say */
    NdisQueueIoWorkItem(w, work_routine, &context);
    ck_assert_int_eq(seen.calls, 0);   /* not inline */
    host_set_irql(PASSIVE_LEVEL);
    ck_assert_uint_eq(host_defer_run_due(), 1);
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_int_eq(seen.irql, PASSIVE_LEVEL);
    ck_assert_str_eq(seen.callback, "IoWorkItemRoutine");
    ck_assert_ptr_eq(seen.context, &context);
    ck_assert_uint_eq(host_defer_run_due(), 0);   /* once */
    NdisFreeIoWorkItem(w);
    event ev;
    ck_assert(ndis_fixture_last("NdisFreeIoWorkItem", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "ok");
    ck_assert_int_eq(event_arg_int(&ev, "was_queued", -1), 0);
    event_free(&ev);
}
END_TEST

/* Same page: "This caller-supplied routine can call the NdisFreeIoWorkItem
 * function to reclaim the storage allocated for the work item." */
static VOID work_routine_frees_itself(PVOID context, NDIS_HANDLE work_item)
{
    record(context);
    NdisFreeIoWorkItem(work_item);
}

START_TEST(work_item_routine_frees_its_item)
{
    NDIS_HANDLE w = NdisAllocateIoWorkItem(a);
    ck_assert_ptr_nonnull(w);
    NdisQueueIoWorkItem(w, work_routine_frees_itself, NULL);
    ck_assert_uint_eq(host_defer_run_due(), 1);
    ck_assert_int_eq(seen.calls, 1);
    event ev;
    ck_assert(ndis_fixture_last("NdisFreeIoWorkItem", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "ok");
    ck_assert_str_eq(ev.callback, "IoWorkItemRoutine");
    event_free(&ev);
    ck_assert_uint_eq(host_defer_run_due(), 0);
}
END_TEST

START_TEST(work_item_queued_twice)
{
    NDIS_HANDLE w = NdisAllocateIoWorkItem(a);
    ck_assert_ptr_nonnull(w);
    NdisQueueIoWorkItem(w, work_routine, NULL);
    NdisQueueIoWorkItem(w, work_routine, NULL);
    event ev;
    ck_assert(ndis_fixture_last("NdisQueueIoWorkItem", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "already_queued", -1), 1);
    event_free(&ev);
    host_defer_run_due();
    ck_assert_int_eq(seen.calls, 1);
    NdisQueueIoWorkItem(w, work_routine, NULL);   /* after it ran: fine again */
    ck_assert(ndis_fixture_last("NdisQueueIoWorkItem", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "already_queued", -1), 0);
    event_free(&ev);
    host_defer_run_due();
    ck_assert_int_eq(seen.calls, 2);
    NdisFreeIoWorkItem(w);
}
END_TEST

START_TEST(work_item_freed_while_queued)
{
    NDIS_HANDLE w = NdisAllocateIoWorkItem(a);
    NdisQueueIoWorkItem(w, work_routine, NULL);
    NdisFreeIoWorkItem(w);
    event ev;
    ck_assert(ndis_fixture_last("NdisFreeIoWorkItem", &ev));
    ck_assert_int_eq(event_arg_int(&ev, "was_queued", -1), 1);
    event_free(&ev);
    host_defer_run_due();
    ck_assert_int_eq(seen.calls, 0);

    w = NdisAllocateIoWorkItem(a);
    NdisQueueIoWorkItem(w, work_routine, NULL);
    host_defer_expire_due();   /* already handed to a worker thread */
    NdisFreeIoWorkItem(w);
    host_defer_run_due();
    ck_assert_int_eq(seen.calls, 0);
}
END_TEST

START_TEST(work_item_bogus_handle)
{
    int not_a_work_item;
    NdisQueueIoWorkItem(&not_a_work_item, work_routine, NULL);
    ck_assert_uint_eq(host_defer_run_due(), 0);
    NdisFreeIoWorkItem(&not_a_work_item);
    event ev;
    ck_assert(ndis_fixture_last("NdisFreeIoWorkItem", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "ledger"), "unknown");
    event_free(&ev);
}
END_TEST

/* ---- kernel DPCs ---- */

static VOID dpc_routine(PKDPC dpc, PVOID context, PVOID sys1, PVOID sys2)
{
    (void)dpc; (void)sys2;
    record(context);
    seen.sys1 = sys1;
}

START_TEST(dpc_runs_when_work_runs)
{
    KDPC dpc;
    int context, arg;
    KeInitializeDpc(&dpc, dpc_routine, &context);
    ck_assert_int_eq(KeInsertQueueDpc(&dpc, &arg, NULL), TRUE);
    ck_assert_int_eq(seen.calls, 0);
    ck_assert_uint_eq(host_defer_run_due(), 1);
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_int_eq(seen.irql, DISPATCH_LEVEL);
    ck_assert_str_eq(seen.callback, "CustomDpc");
    ck_assert_ptr_eq(seen.context, &context);
    ck_assert_ptr_eq(seen.sys1, &arg);
}
END_TEST

START_TEST(dpc_insert_twice_is_false)
{
    KDPC dpc;
    KeInitializeDpc(&dpc, dpc_routine, NULL);
    ck_assert_int_eq(KeInsertQueueDpc(&dpc, NULL, NULL), TRUE);
    ck_assert_int_eq(KeInsertQueueDpc(&dpc, NULL, NULL), FALSE);   /* already in the queue */
    host_defer_run_due();
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_int_eq(KeInsertQueueDpc(&dpc, NULL, NULL), TRUE);    /* ran: can go again */
    host_defer_run_due();
    ck_assert_int_eq(seen.calls, 2);
}
END_TEST

START_TEST(dpc_remove_and_flush)
{
    KDPC dpc;
    KeInitializeDpc(&dpc, dpc_routine, NULL);
    KeInsertQueueDpc(&dpc, NULL, NULL);
    ck_assert_int_eq(KeRemoveQueueDpc(&dpc), TRUE);
    ck_assert_int_eq(KeRemoveQueueDpc(&dpc), FALSE);
    host_defer_run_due();
    ck_assert_int_eq(seen.calls, 0);
    ck_assert_int_eq(KeInsertQueueDpc(&dpc, NULL, NULL), TRUE);
    KeFlushQueuedDpcs();   /* returns after the queued DPC ran */
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_uint_eq(ndis_fixture_count("KeFlushQueuedDpcs"), 1);
}
END_TEST

START_TEST(dpc_uninitialized_not_queued)
{
    KDPC dpc;
    memset(&dpc, 0, sizeof dpc);
    ck_assert_int_eq(KeInsertQueueDpc(&dpc, NULL, NULL), FALSE);
    ck_assert_int_eq(KeInsertQueueDpc(NULL, NULL, NULL), FALSE);
    ck_assert_uint_eq(host_defer_run_due(), 0);
    KDPC_WATCHDOG_INFORMATION info;
    memset(&info, 0xAB, sizeof info);
    ck_assert_int_eq(KeQueryDpcWatchdogInformation(&info), STATUS_SUCCESS);
    ck_assert_uint_eq(info.DpcWatchdogLimit, 0);
    ck_assert_int_ne(KeQueryDpcWatchdogInformation(NULL), STATUS_SUCCESS);
}
END_TEST

/* ---- stalls, sleeps, waits ---- */

START_TEST(stall_runs_nothing)
{
    NDIS_HANDLE t = new_timer(NULL);
    NdisSetTimerObject(t, relative_ms(1), 0, NULL);
    NdisStallExecution(5000);
    ck_assert_uint_eq(host_now_us(), 5000);
    ck_assert_int_eq(seen.calls, 0);   /* a busy wait: no other work runs */
    NdisMSleep(0);
    ck_assert_int_eq(seen.calls, 1);   /* overdue: runs at the next sleep */
    NdisFreeTimerObject(t);
}
END_TEST

START_TEST(sleep_runs_due_work)
{
    NDIS_HANDLE t = new_timer(NULL);
    NdisSetTimerObject(t, relative_ms(3), 0, NULL);
    NdisMSleep(2000);
    ck_assert_int_eq(seen.calls, 0);
    NdisMSleep(2000);
    ck_assert_int_eq(seen.calls, 1);
    ck_assert_uint_eq(seen.time_us, 3000);
    ck_assert_uint_eq(host_now_us(), 4000);
    NdisFreeTimerObject(t);
}
END_TEST

START_TEST(wait_event_set_by_timer)
{
    NDIS_EVENT e;
    NdisInitializeEvent(&e);
    seen.set_event = &e;
    NDIS_HANDLE t = new_timer(NULL);
    NdisSetTimerObject(t, relative_ms(30), 0, NULL);
    ck_assert_int_eq(NdisWaitEvent(&e, 100), TRUE);
    ck_assert_uint_eq(host_now_us(), 30000);   /* returned when the timer set it */
    event ev;
    ck_assert(ndis_fixture_last("NdisWaitEvent", &ev));
    ck_assert_int_eq(ev.status, 1);
    ck_assert_int_eq(event_arg_int(&ev, "waited_us", -1), 30000);
    event_free(&ev);
    ck_assert_int_eq(NdisWaitEvent(&e, 100), TRUE);   /* stays signalled */
    ck_assert_uint_eq(host_now_us(), 30000);
    NdisResetEvent(&e);
    ck_assert_int_eq(NdisWaitEvent(&e, 1), FALSE);
    NdisFreeTimerObject(t);
}
END_TEST

START_TEST(wait_event_times_out)
{
    NDIS_EVENT e;
    NdisInitializeEvent(&e);
    NDIS_HANDLE t = new_timer(NULL);   /* runs during the wait, sets nothing */
    NdisSetTimerObject(t, relative_ms(10), 0, NULL);
    ck_assert_int_eq(NdisWaitEvent(&e, 50), FALSE);
    ck_assert_uint_eq(host_now_us(), 50000);
    ck_assert_int_eq(seen.calls, 1);
    event ev;
    ck_assert(ndis_fixture_last("NdisWaitEvent", &ev));
    ck_assert_int_eq(ev.status, 0);
    ck_assert_int_eq(event_arg_int(&ev, "waited_us", -1), 50000);
    event_free(&ev);
    NdisFreeTimerObject(t);
}
END_TEST

START_TEST(infinite_wait_beside_a_periodic_timer_ends_as_a_hang)
{
    /* A periodic timer that sets nothing keeps the harness busy forever;
     * the infinite wait ends after the most virtual time a scenario may
     * take, as a hang (the host exits with HOST_EXIT_HANG). In a child of
     * its own, so that it also runs with CK_FORK=no (make memcheck). */
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        NDIS_EVENT e;
        NdisInitializeEvent(&e);
        NDIS_HANDLE t = new_timer(NULL);
        NdisSetTimerObject(t, relative_ms(1000), 1000, NULL);
        NdisWaitEvent(&e, 0);
        _exit(0);  /* returned although nothing set the event */
    }
    int status = 0;
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == HOST_EXIT_HANG, "wait status 0x%x", status);
}
END_TEST

START_TEST(system_time_follows_clock)
{
    LARGE_INTEGER now;
    host_advance_us(1234);
    NdisGetCurrentSystemTime(&now);
    ck_assert_int_eq(now.QuadPart, 12340);
    ck_assert_uint_eq(NdisGetVersion(), (6u << 16) | 86u);
}
END_TEST

int main(void)
{
    ndis_fixture_load_tables();
    Suite *s = suite_create("ndis_timer");
    struct { const char *name; const TTest *tests[16]; } cases[] = {
        { "timer", { timer_runs_once_at_dispatch, timer_set_context_overrides, timer_periodic_runs_repeatedly,
                     timer_cancel_scheduled_and_queued, timer_cancel_periodic_fired_is_true,
                     timer_cancel_one_shot_records_not_periodic, timer_set_twice_reports_queued, timer_set_again_after_firing, timer_absolute_due_time,
                     timer_free_scheduled_never_runs, timer_free_queued_runs_nothing,
                     timer_free_periodic_from_its_function, timer_bad_characteristics } },
        { "workitem", { work_item_runs_at_passive, work_item_routine_frees_its_item, work_item_queued_twice,
                        work_item_freed_while_queued,
                        work_item_bogus_handle } },
        { "dpc", { dpc_runs_when_work_runs, dpc_insert_twice_is_false, dpc_remove_and_flush,
                   dpc_uninitialized_not_queued } },
        { "time", { stall_runs_nothing, sleep_runs_due_work, wait_event_set_by_timer, wait_event_times_out,
                    system_time_follows_clock } },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_add_checked_fixture(tc, setup, teardown);
        for (size_t k = 0; k < 16 && cases[i].tests[k]; k++)
            tcase_add_test(tc, cases[i].tests[k]);
        suite_add_tcase(s, tc);
    }
    TCase *hang = tcase_create("infinite wait");
    tcase_add_checked_fixture(hang, setup, teardown);
    tcase_add_test(hang, infinite_wait_beside_a_periodic_timer_ends_as_a_hang);
    suite_add_tcase(s, hang);
    return ndis_fixture_run(s);
}
