/* The runaway-loop detector (harness/judge/loop_detect.c) at its edges: a
 * loop is `window` events each repeating the one a period before, inside one
 * callback invocation; new arguments (a new handle), a new place or the host
 * taking over again are progress. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "judge/loop_detect.h"

static event make(event_kind kind, const char *name, size_t depth, int64_t arg, uint64_t pc)
{
    static const char *stack[] = { "MiniportResetEx", "NetTimerCallback" };
    static event_arg a;
    static frame f;
    event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = kind;
    ev.name = (char *)name;
    ev.callback = depth ? stack[depth - 1] : "";
    ev.stack = stack;
    ev.stack_depth = depth;
    ev.state = "Running";
    a.key = "MicrosecondsToStall";
    a.num = arg;
    ev.args = &a;
    ev.nargs = 1;
    f.pc = pc;
    ev.bt.frames = &f;
    ev.bt.count = 1;
    return ev;
}

/* Feeds n copies of the same call; returns the first period reported, and
 * at which call (1-based) in *at. */
static unsigned feed_same(loop_detector *d, size_t n, size_t *at)
{
    for (size_t i = 0; i < n; i++) {
        event ev = make(EV_DDI, "NdisStallExecution", 1, 10, 0x1000);
        ev.time_us = i * 10;   /* the clock moves: time is not progress */
        unsigned p = loop_detector_feed(d, &ev);
        if (p) {
            *at = i + 1;
            return p;
        }
    }
    return 0;
}

START_TEST(window_edges)
{
    loop_detector d;
    size_t at = 0;
    loop_detector_init(&d, 100);
    /* the first call has nothing to repeat: the 100th repetition is call 101 */
    ck_assert_uint_eq(feed_same(&d, 100, &at), 0);
    ck_assert_uint_eq(feed_same(&d, 1, &at), 1);
    loop_detector_init(&d, 0);
    ck_assert_uint_eq(d.window, LOOP_DEFAULT_EVENTS);
}
END_TEST

START_TEST(new_arguments_are_progress)
{
    loop_detector d;
    loop_detector_init(&d, 100);
    for (int64_t i = 0; i < 30000; i++) {
        event ev = make(EV_DDI, "NdisAllocateMemoryWithTagPriority", 1, 0x10000 + i * 256, 0x2000);
        ck_assert_uint_eq(loop_detector_feed(&d, &ev), 0);
    }
}
END_TEST

START_TEST(another_place_is_progress)
{
    loop_detector d;
    loop_detector_init(&d, 100);
    for (uint64_t i = 0; i < 1000; i++) {
        event ev = make(EV_DDI, "NdisStallExecution", 1, 10, 0x1000 + i);
        ck_assert_uint_eq(loop_detector_feed(&d, &ev), 0);
    }
}
END_TEST

START_TEST(the_host_calling_again_is_not_a_loop)
{
    /* a timer run over and over while the host waits: enter, one call,
     * return of the outermost callback */
    loop_detector d;
    loop_detector_init(&d, 100);
    for (int i = 0; i < 1000; i++) {
        event e1 = make(EV_ENTER, "NetTimerCallback", 1, 0, 0);
        event e2 = make(EV_DDI, "NdisSetTimerObject", 1, 10, 0x3000);
        event e3 = make(EV_RETURN, "NetTimerCallback", 1, 0, 0);
        ck_assert_uint_eq(loop_detector_feed(&d, &e1) | loop_detector_feed(&d, &e2) | loop_detector_feed(&d, &e3), 0);
    }
}
END_TEST

START_TEST(the_host_running_a_timer_inside_a_wait_is_not_a_loop)
{
    /* The driver made one call that waits (depth 1); while it waits the
     * harness runs the driver's periodic timer over and over (depth 2).
     * Each timer run is an invocation of its own: no loop. */
    loop_detector d;
    loop_detector_init(&d, 100);
    event wait = make(EV_DDI, "KeWaitForSingleObject", 1, 0, 0x2000);
    ck_assert_uint_eq(loop_detector_feed(&d, &wait), 0);
    for (int i = 0; i < 1000; i++) {
        event e1 = make(EV_ENTER, "NetTimerCallback", 2, 0, 0);
        event e2 = make(EV_DDI, "NdisSetTimerObject", 2, 10, 0x3000);
        event e3 = make(EV_RETURN, "NetTimerCallback", 2, 0, 0);
        ck_assert_uint_eq(loop_detector_feed(&d, &e1) | loop_detector_feed(&d, &e2) | loop_detector_feed(&d, &e3), 0);
    }
}
END_TEST

START_TEST(a_driver_loop_around_nested_callbacks_is_still_a_loop)
{
    /* The driver itself polls (depth 1), and a timer runs between its polls
     * (depth 2): the driver's own calls repeat, whatever runs in between. */
    loop_detector d;
    loop_detector_init(&d, 100);
    unsigned found = 0;
    int i = 0;
    for (; i < 1000 && !found; i++) {
        event poll = make(EV_DDI, "NdisStallExecution", 1, 10, 0x4000);
        event e1 = make(EV_ENTER, "NetTimerCallback", 2, 0, 0);
        event e2 = make(EV_DDI, "NdisSetTimerObject", 2, 10, 0x3000);
        event e3 = make(EV_RETURN, "NetTimerCallback", 2, 0, 0);
        found = loop_detector_feed(&d, &poll);
        found |= loop_detector_feed(&d, &e1) | loop_detector_feed(&d, &e2) | loop_detector_feed(&d, &e3);
    }
    ck_assert_uint_eq(found, 1);
    ck_assert_int_eq(i, 101);   /* the first poll, then 100 repetitions of it */
}
END_TEST

START_TEST(a_loop_body_of_several_calls)
{
    loop_detector d;
    loop_detector_init(&d, 300);
    static const char *const body[] = { "NdisAcquireSpinLock", "NdisReleaseSpinLock", "NdisStallExecution" };
    unsigned found = 0;
    size_t i = 0;
    for (; i < 1000 && !found; i++) {
        event ev = make(EV_DDI, body[i % 3], 1, 10, 0x4000 + i % 3);
        found = loop_detector_feed(&d, &ev);
    }
    ck_assert_uint_eq(found, 3);
    ck_assert_uint_eq(i, 303);   /* three calls to fill one period, then 300 repetitions */
    /* a body longer than LOOP_MAX_PERIOD is not recognised */
    loop_detector_init(&d, 300);
    for (i = 0; i < 5000; i++) {
        event ev = make(EV_DDI, "NdisStallExecution", 1, (int64_t)(i % (LOOP_MAX_PERIOD + 1)), 0x5000);
        ck_assert_uint_eq(loop_detector_feed(&d, &ev), 0);
    }
}
END_TEST

/* The ring's signatures are counted by their last byte, so that a call
 * repeating nothing the ring holds skips the scan (loop_detect.h). After
 * hundreds of different calls have passed through the ring, a loop must be
 * found exactly when it would be without that shortcut: a count left wrong
 * by the ring's turnover would skip the scan of a call that does repeat. */
START_TEST(a_loop_after_many_different_calls_is_found_in_time)
{
    loop_detector d;
    loop_detector_init(&d, 100);
    for (int64_t i = 0; i < 200; i++) {  /* new handles: progress, three turns of the ring */
        event ev = make(EV_DDI, "NdisStallExecution", 1, 1000 + i, 0x1000);
        ck_assert_uint_eq(loop_detector_feed(&d, &ev), 0);
    }
    unsigned period = 0;
    size_t at = 0;
    for (size_t i = 0; i < 400 && !period; i++) {  /* then a body of three calls, over and over */
        event ev = make(EV_DDI, "NdisStallExecution", 1, (int64_t)(i % 3), 0x1000);
        period = loop_detector_feed(&d, &ev);
        at = i + 1;
    }
    ck_assert_uint_eq(period, 3);
    ck_assert_uint_eq(at, 3 + 100);  /* the 100th call to repeat the one three before it */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("loop_detect");
    TCase *tc = tcase_create("loop_detect");
    tcase_add_test(tc, window_edges);
    tcase_add_test(tc, new_arguments_are_progress);
    tcase_add_test(tc, another_place_is_progress);
    tcase_add_test(tc, the_host_calling_again_is_not_a_loop);
    tcase_add_test(tc, the_host_running_a_timer_inside_a_wait_is_not_a_loop);
    tcase_add_test(tc, a_driver_loop_around_nested_callbacks_is_still_a_loop);
    tcase_add_test(tc, a_loop_body_of_several_calls);
    tcase_add_test(tc, a_loop_after_many_different_calls_is_found_in_time);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
