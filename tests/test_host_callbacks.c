/* The host's callback bookkeeping against a miniport that does not play
 * by the rules: a longjmp out of a timer callback (the stack, the IRQL and
 * the timer's run are repaired, op callback_unwound says so once), and
 * threads of its own calling DDIs at once (serialized, each event naming
 * its thread, the host thread's IRQL untouched). */
#include <check.h>
#include <pthread.h>
#include <setjmp.h>
#include <string.h>
#include "host/ndis/ndis_internal.h"
#include "ndis_fixture.h"
#include "host/host_clock.h"

static adapter *a;

static void setup(void)
{
    ndis_fixture_load_tables();
    a = ndis_fixture_begin(NULL, 0);
    ck_assert_ptr_nonnull(a);
}

static void teardown(void)
{
    ndis_fixture_end();
}

/* ---- longjmp out of a timer callback ---- */

static jmp_buf escape;
static NDIS_HANDLE volatile timer;
static int ddi_after_jump;   /* the "miniport" calls NDIS once back in MiniportInitializeEx */

static VOID escaping_timer(PVOID s1, PVOID context, PVOID s2, PVOID s3)
{
    (void)s1; (void)context; (void)s2; (void)s3;
    longjmp(escape, 1);
}

/* MiniportInitializeEx of the miniport: sets the timer and sleeps; the
 * timer function jumps back here instead of returning to NDIS. */
static __attribute__((noinline)) void initialize_body(void)
{
    NDIS_TIMER_CHARACTERISTICS c;
    memset(&c, 0, sizeof c);
    c.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    c.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    c.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    c.AllocationTag = 'pmjL';
    c.TimerFunction = escaping_timer;
    NDIS_HANDLE t = NULL;
    ck_assert_int_eq(NdisAllocateTimerObject(a, &c, &t), NDIS_STATUS_SUCCESS);
    timer = t;
    if (setjmp(escape) == 0) {
        LARGE_INTEGER due;
        due.QuadPart = -10000;  /* 1 ms */
        NdisSetTimerObject(timer, due, 0, NULL);
        NdisMSleep(2000);
        ck_abort_msg("the timer function returned");
    }
    if (ddi_after_jump)
        NdisFreeTimerObject(timer);
}

/* NDIS's side: the frame that calls the callback and sees it return. */
static __attribute__((noinline)) void call_initialize(void)
{
    host_callback_enter("MiniportInitializeEx", a, PASSIVE_LEVEL, NULL, 0);
    initialize_body();
    host_callback_return("MiniportInitializeEx", 1, NDIS_STATUS_SUCCESS, NULL, 0);
}

static __attribute__((noinline)) void call_restart(void)
{
    host_callback_enter("MiniportRestart", a, PASSIVE_LEVEL, NULL, 0);
    host_callback_return("MiniportRestart", 1, NDIS_STATUS_SUCCESS, NULL, 0);
}

static void expect_unwound_once(void)
{
    ck_assert_int_eq(ndis_fixture_count("callback_unwound"), 1);
    event ev;
    ck_assert(ndis_fixture_last("callback_unwound", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "left"), "NetTimerCallback");
    ck_assert_str_eq(ndis_fixture_str(&ev, "how"), "longjmp");
    ck_assert_int_eq(event_arg_int(&ev, "skipped", -1), 1);
    ck_assert_uint_eq(ev.stack_depth, 1);
    ck_assert_str_eq(ev.stack[0], "MiniportInitializeEx");
    ck_assert_int_eq(ev.irql, PASSIVE_LEVEL);
    event_free(&ev);
}

/* The miniport calls NDIS after the jump: the repair happens at that call,
 * which is recorded in MiniportInitializeEx at PASSIVE_LEVEL and finds the
 * timer's run over. */
START_TEST(a_ddi_call_after_a_longjmp_sees_the_callback_stack_repaired)
{
    ddi_after_jump = 1;
    call_initialize();
    expect_unwound_once();
    event ev;
    ck_assert(ndis_fixture_last("NdisFreeTimerObject", &ev));
    ck_assert_str_eq(ev.callback, "MiniportInitializeEx");
    ck_assert_uint_eq(ev.stack_depth, 1);
    ck_assert_int_eq(ev.irql, PASSIVE_LEVEL);
    ck_assert_int_eq(event_arg_int(&ev, "callback_pending", -1), 0);
    event_free(&ev);
    ck_assert_uint_eq(host_callback_depth(), 0);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
}
END_TEST

/* The miniport returns right after the jump: MiniportInitializeEx's return
 * drops the timer's frame; the next callback starts from an empty stack. */
START_TEST(a_return_after_a_longjmp_drops_the_skipped_callback)
{
    ddi_after_jump = 0;
    call_initialize();
    expect_unwound_once();
    event ev;
    ck_assert(ndis_fixture_last_kind(EV_RETURN, "MiniportInitializeEx", &ev));
    ck_assert_uint_eq(ev.stack_depth, 1);
    ck_assert_int_eq(ev.irql, PASSIVE_LEVEL);
    event_free(&ev);
    ck_assert_uint_eq(host_callback_depth(), 0);
    ck_assert_int_eq(host_defer_active(timer), 0);  /* its run ended with its frame */
    call_restart();
    ck_assert(ndis_fixture_last_kind(EV_ENTER, "MiniportRestart", &ev));
    ck_assert_uint_eq(ev.stack_depth, 1);
    ck_assert_str_eq(ev.stack[0], "MiniportRestart");
    event_free(&ev);
    ck_assert_int_eq(ndis_fixture_count("callback_unwound"), 1);
    NdisFreeTimerObject(timer);
}
END_TEST

/* Callbacks that return normally, nested, leave no note. */
START_TEST(callbacks_that_return_leave_no_note)
{
    host_callback_enter("MiniportInitializeEx", a, PASSIVE_LEVEL, NULL, 0);
    call_restart();
    host_sleep_us(1000);
    host_callback_return("MiniportInitializeEx", 1, NDIS_STATUS_SUCCESS, NULL, 0);
    ck_assert_int_eq(ndis_fixture_count("callback_unwound"), 0);
    ck_assert_uint_eq(host_callback_depth(), 0);
}
END_TEST

/* A return from a frame that did not call the callback (the miniport
 * jumped into a function that had returned, which then "returns" again):
 * recorded, and the callback stack keeps the callback that is running. */
static __attribute__((noinline)) void stray_return(void)
{
    host_callback_return("MiniportRestart", 1, NDIS_STATUS_SUCCESS, NULL, 0);
}

START_TEST(a_return_from_a_frame_that_did_not_call_is_returned_twice)
{
    host_callback_enter("MiniportRestart", a, PASSIVE_LEVEL, NULL, 0);
    stray_return();
    ck_assert_uint_eq(host_callback_depth(), 1);
    ck_assert_str_eq(host_callback_name(), "MiniportRestart");
    event ev;
    ck_assert(ndis_fixture_last("callback_unwound", &ev));
    ck_assert_str_eq(ndis_fixture_str(&ev, "how"), "returned_twice");
    ck_assert_str_eq(ndis_fixture_str(&ev, "left"), "MiniportRestart");
    ck_assert_int_eq(event_arg_int(&ev, "skipped", -1), 0);
    event_free(&ev);
    host_callback_return("MiniportRestart", 1, NDIS_STATUS_SUCCESS, NULL, 0);
    ck_assert_uint_eq(host_callback_depth(), 0);
    ck_assert_int_eq(ndis_fixture_count("callback_unwound"), 1);
}
END_TEST

/* ---- DDIs from the miniport's threads ---- */

#define THREADS 4
#define ROUNDS 100

static NDIS_SPIN_LOCK lock;
static int counted;

static void *thread_body(void *unused)
{
    for (int i = 0; i < ROUNDS; i++) {
        PVOID block = NdisAllocateMemoryWithTagPriority(a, 32, 'dhrT', NormalPoolPriority);
        NdisAcquireSpinLock(&lock);
        counted++;
        NdisReleaseSpinLock(&lock);
        NdisFreeMemory(block, 0, 0);
    }
    return unused;
}

START_TEST(ddi_calls_from_driver_threads_are_serialized_and_attributed)
{
    host_callback_enter("MiniportInitializeEx", a, PASSIVE_LEVEL, NULL, 0);
    NdisAllocateSpinLock(&lock);
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++)
        ck_assert_int_eq(pthread_create(&threads[i], NULL, thread_body, NULL), 0);
    for (int i = 0; i < THREADS; i++)
        ck_assert_int_eq(pthread_join(threads[i], NULL), 0);
    NdisFreeSpinLock(&lock);
    host_callback_return("MiniportInitializeEx", 1, NDIS_STATUS_SUCCESS, NULL, 0);

    ck_assert_int_eq(counted, THREADS * ROUNDS);  /* the emulated spin lock excluded */
    event_list all;
    ndis_fixture_all(&all);
    size_t per_thread[THREADS + 1] = { 0 };
    for (size_t i = 0; i < all.count; i++) {
        const event *ev = &all.items[i];
        ck_assert_uint_eq(ev->index, i);  /* one stream, nothing lost or interleaved */
        ck_assert_int_eq(ev->pid, 0);
        if (strcmp(ev->name, "NdisAllocateSpinLock") == 0 || strcmp(ev->name, "NdisFreeSpinLock") == 0) {
            ck_assert_int_eq(ev->thread, 0);
            ck_assert_str_eq(ev->callback, "MiniportInitializeEx");
            ck_assert_int_eq(ev->irql, PASSIVE_LEVEL);
        }
        if (ev->kind != EV_DDI || ev->thread == 0)
            continue;
        ck_assert_int_le(ev->thread, THREADS);
        ck_assert_str_eq(ev->callback, "");  /* a thread runs no callback of NDIS's */
        ck_assert_uint_eq(ev->stack_depth, 0);
        if (strcmp(ev->name, "NdisAllocateMemoryWithTagPriority") == 0)
            per_thread[ev->thread]++;
        if (strcmp(ev->name, "NdisFreeMemory") == 0)
            ck_assert_str_eq(ndis_fixture_str(ev, "ledger"), "ok");
        if (strcmp(ev->name, "NdisAcquireSpinLock") == 0) {
            ck_assert_int_eq(event_arg_int(ev, "held", -1), 0);  /* waited for, never acquired twice */
            ck_assert_int_eq(ev->irql, PASSIVE_LEVEL);
        }
        if (strcmp(ev->name, "NdisReleaseSpinLock") == 0)
            ck_assert_int_eq(ev->irql, DISPATCH_LEVEL);  /* the thread's own IRQL */
    }
    for (int t = 1; t <= THREADS; t++)
        ck_assert_uint_eq(per_thread[t], ROUNDS);
    event_list_free(&all);
    ck_assert_int_eq(host_irql(), PASSIVE_LEVEL);
}
END_TEST

/* MiniportInitializeEx waits, without a timeout, for an event its own
 * thread sets: the wait lets the thread run and ends signaled, never as a
 * hang (nothing of NDIS's own could set it). */
static NDIS_EVENT done;

static void *signal_body(void *unused)
{
    NdisSetEvent(&done);
    return unused;
}

START_TEST(a_wait_for_a_driver_thread_ends_when_it_signals)
{
    host_callback_enter("MiniportInitializeEx", a, PASSIVE_LEVEL, NULL, 0);
    NdisInitializeEvent(&done);
    pthread_t thread;
    ck_assert_int_eq(pthread_create(&thread, NULL, signal_body, NULL), 0);
    ck_assert_int_eq(NdisWaitEvent(&done, 0), TRUE);
    ck_assert_int_eq(pthread_join(thread, NULL), 0);
    host_callback_return("MiniportInitializeEx", 1, NDIS_STATUS_SUCCESS, NULL, 0);
    event ev;
    ck_assert(ndis_fixture_last("NdisSetEvent", &ev));
    ck_assert_int_eq(ev.thread, 1);
    event_free(&ev);
    ck_assert(ndis_fixture_last("NdisWaitEvent", &ev));
    ck_assert_int_eq(ev.thread, 0);
    ck_assert_int_eq(ev.status, TRUE);
    event_free(&ev);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("host_callbacks");
    TCase *tc = tcase_create("host_callbacks");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, a_ddi_call_after_a_longjmp_sees_the_callback_stack_repaired);
    tcase_add_test(tc, a_return_after_a_longjmp_drops_the_skipped_callback);
    tcase_add_test(tc, callbacks_that_return_leave_no_note);
    tcase_add_test(tc, a_return_from_a_frame_that_did_not_call_is_returned_twice);
    tcase_add_test(tc, ddi_calls_from_driver_threads_are_serialized_and_attributed);
    tcase_add_test(tc, a_wait_for_a_driver_thread_ends_when_it_signals);
    suite_add_tcase(s, tc);
    return ndis_fixture_run(s);
}
