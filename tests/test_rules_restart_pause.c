/* One test per rule: restart and pause (RESTART-*, PAUSE-*,
 * ADAPTER-NO-RECEIVE-PAUSED), each broken by a small synthesized trace. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules_fixture.h"

START_TEST(restart_status)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportRestart");
    ddi(&t, "NdisWriteErrorLogEntry");
    status(ret(&t, "MiniportRestart"), 0x40010017);
    expect_only(&t, "RESTART-STATUS");
}
END_TEST

START_TEST(restart_errorlog)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportRestart");
    status(ret(&t, "MiniportRestart"), FAILURE);
    expect_only(&t, "RESTART-ERRORLOG");
}
END_TEST

START_TEST(restart_pending_timeout)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportRestart");
    status(ret(&t, "MiniportRestart"), PENDING);
    sarg(tr_push(&t, EV_OP, "completion_timeout"), "operation", "restart");
    expect_only(&t, "RESTART-PENDING-COMPLETE");
}
END_TEST

START_TEST(restart_pending_end)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportRestart");
    status(ret(&t, "MiniportRestart"), PENDING);
    tr_push(&t, EV_OP, "scenario_end");
    expect_only(&t, "RESTART-PENDING-COMPLETE");
}
END_TEST

START_TEST(restart_unsolicited)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportRestart");
    status(ret(&t, "MiniportRestart"), PENDING);
    ddi(&t, "NdisMRestartComplete");
    ddi(&t, "NdisMRestartComplete");
    expect_only(&t, "RESTART-UNSOLICITED-COMPLETE");
}
END_TEST

START_TEST(restart_null_attributes)
{
    trace t;
    tr_init(&t);
    /* an NDIS block added to a NULL list: only the NULL rule */
    restart_with(&t, SUCCESS, (attrs){ 0, 0x80000, 1, 1, 1 });
    expect_only(&t, "RESTART-NULL-ATTRIBUTES");
    /* a static block added to a NULL list: the NULL rule supersedes the allocator rule */
    tr_init(&t);
    restart_with(&t, SUCCESS, (attrs){ 0, 0x80000, 1, 1, 0 });
    expect_only(&t, "RESTART-NULL-ATTRIBUTES");
    /* NULL left NULL */
    tr_init(&t);
    restart_with(&t, SUCCESS, (attrs){ 0, 0, 0, 0, 1 });
    expect_only(&t, NULL);
}
END_TEST

START_TEST(restart_attributes_allocator)
{
    trace t;
    tr_init(&t);
    /* a static buffer appended: the head pointer is unchanged, the list is not */
    restart_with(&t, SUCCESS, (attrs){ 0x70000, 0x70000, 1, 1, 0 });
    expect_only(&t, "RESTART-ATTRIBUTES-ALLOCATOR");
    /* an NdisAllocateMemoryWithTagPriority block appended is fine */
    tr_init(&t);
    restart_with(&t, SUCCESS, (attrs){ 0x70000, 0x70000, 1, 1, 1 });
    expect_only(&t, NULL);
}
END_TEST

START_TEST(restart_failed_no_modify)
{
    trace t;
    tr_init(&t);
    /* NDIS's entry edited in place (same pointers), then a failure */
    restart_with(&t, RESOURCES, (attrs){ 0x70000, 0x70000, 1, 0, 1 });
    expect_only(&t, "RESTART-FAILED-NO-MODIFY");
    /* PENDING, then NdisMRestartComplete with a failure */
    tr_init(&t);
    restart_with(&t, PENDING, (attrs){ 0x70000, 0x70000, 1, 0, 1 });
    arg(ddi(&t, "NdisMRestartComplete"), "Status", RESOURCES);
    expect_only(&t, "RESTART-FAILED-NO-MODIFY");
    /* PENDING and modified, completed with success: a restart that worked */
    tr_init(&t);
    restart_with(&t, PENDING, (attrs){ 0x70000, 0x70000, 1, 0, 1 });
    arg(ddi(&t, "NdisMRestartComplete"), "Status", SUCCESS);
    expect_only(&t, NULL);
    /* failed without touching the list */
    tr_init(&t);
    restart_with(&t, RESOURCES, UNCHANGED);
    expect_only(&t, NULL);
}
END_TEST

START_TEST(restart_failed_stops_io)
{
    trace t;
    tr_init(&t);
    t.state = "Restarting";
    enter(&t, "MiniportRestart");
    status(ret(&t, "MiniportRestart"), RESOURCES);
    t.state = "Paused";
    ddi(&t, "NdisMIndicateReceiveNetBufferLists");
    expect_only(&t, "RESTART-FAILED-STOPS-IO");
}
END_TEST

START_TEST(adapter_no_receive_paused)
{
    trace t;
    tr_init(&t);
    t.state = "Paused";
    ddi(&t, "NdisMIndicateReceiveNetBufferLists");
    expect_only(&t, "ADAPTER-NO-RECEIVE-PAUSED");
}
END_TEST

/* 001: the miniport may free NDIS's restart attributes with NdisFreeMemory
 * and allocate its own: not a foreign free, and NDIS's block is no leak. */
START_TEST(restart_attributes_of_ndis_may_be_freed)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportRestart");
    arg(tr_push(&t, EV_OP, "ndis_allocated"), "handle", 0x7000);
    ddi_h(&t, "NdisFreeMemory", 0x7000);
    ret(&t, "MiniportRestart");
    arg(tr_push(&t, EV_OP, "ndis_allocated"), "handle", 0x8000);  /* the next restart's, left to NDIS */
    enter(&t, "MiniportHaltEx");
    ret(&t, "MiniportHaltEx");
    expect_only(&t, NULL);
}
END_TEST

START_TEST(pause_sends_outstanding)
{
    trace t;
    tr_init(&t);
    arg(tr_push(&t, EV_OP, "pause_with_sends"), "outstanding", 4);
    expect_only(&t, "PAUSE-SENDS-OUTSTANDING");
}
END_TEST

static void pause_returning(trace *t, int64_t st)
{
    t->state = "Pausing";
    enter(t, "MiniportPause");
    status(ret(t, "MiniportPause"), st);
}

START_TEST(pause_pending_timeout)
{
    trace t;
    tr_init(&t);
    pause_returning(&t, PENDING);
    timeout(&t, "pause");
    t.state = "Paused";
    tr_push(&t, EV_OP, "scenario_end");
    expect_count(&t, "PAUSE-PENDING-COMPLETE", 1);
}
END_TEST

START_TEST(pause_pending_end)
{
    trace t;
    tr_init(&t);
    pause_returning(&t, PENDING);
    tr_push(&t, EV_OP, "scenario_end");
    expect_count(&t, "PAUSE-PENDING-COMPLETE", 1);
}
END_TEST

/* PENDING then NdisMPauseComplete, and a completion inside MiniportPause
 * before it answers PENDING: both fine. */
START_TEST(pause_completed)
{
    trace t;
    tr_init(&t);
    pause_returning(&t, PENDING);
    ddi(&t, "NdisMPauseComplete");
    t.state = "Running";
    enter(&t, "MiniportPause");
    ddi(&t, "NdisMPauseComplete");
    status(ret(&t, "MiniportPause"), PENDING);
    tr_push(&t, EV_OP, "scenario_end");
    expect_only(&t, NULL);
}
END_TEST

START_TEST(pause_unsolicited_second)
{
    trace t;
    tr_init(&t);
    pause_returning(&t, PENDING);
    ddi(&t, "NdisMPauseComplete");
    ddi(&t, "NdisMPauseComplete");
    sarg(tr_push(&t, EV_OP, "unsolicited_completion"), "operation", "pause");
    expect_count(&t, "PAUSE-UNSOLICITED-COMPLETE", 1);
}
END_TEST

/* Completed inside MiniportPause, which then answers SUCCESS; and a
 * completion with no pause at all. */
START_TEST(pause_unsolicited_after_success)
{
    trace t;
    tr_init(&t);
    t.state = "Pausing";
    enter(&t, "MiniportPause");
    ddi(&t, "NdisMPauseComplete");
    status(ret(&t, "MiniportPause"), SUCCESS);
    t.state = "Paused";
    ddi(&t, "NdisMPauseComplete");
    expect_count(&t, "PAUSE-UNSOLICITED-COMPLETE", 2);
}
END_TEST

START_TEST(restart_failure_completed_later)
{
    violation_list out = { 0 };
    trace t;
    /* PENDING then a failed completion with no error log */
    tr_init(&t);
    restart_with(&t, PENDING, UNCHANGED);
    arg(ddi(&t, "NdisMRestartComplete"), "Status", FAILURE);
    expect_set(&t, "RESTART-ERRORLOG", &out);
    violation_list_free(&out);
    /* logged while pending: fine; RESOURCES needs no log either */
    tr_init(&t);
    restart_with(&t, PENDING, UNCHANGED);
    ddi(&t, "NdisWriteErrorLogEntry");
    arg(ddi(&t, "NdisMRestartComplete"), "Status", FAILURE);
    restart_with(&t, PENDING, UNCHANGED);
    arg(ddi(&t, "NdisMRestartComplete"), "Status", RESOURCES);
    expect_set(&t, "", &out);
    violation_list_free(&out);
    /* receives after a failed completion */
    tr_init(&t);
    restart_with(&t, PENDING, UNCHANGED);
    arg(ddi(&t, "NdisMRestartComplete"), "Status", RESOURCES);
    t.state = "Paused";
    ddi(&t, "NdisMIndicateReceiveNetBufferLists");
    expect_set(&t, "RESTART-FAILED-STOPS-IO", &out);
    violation_list_free(&out);
    /* a warning status is RESTART-STATUS, not a failure to log */
    tr_init(&t);
    restart_with(&t, 0x80010003, UNCHANGED);
    expect_set(&t, "RESTART-STATUS", &out);
    violation_list_free(&out);
    /* any error status is an allowed failure (logged) */
    tr_init(&t);
    enter(&t, "MiniportRestart");
    ddi(&t, "NdisWriteErrorLogEntry");
    status(ret(&t, "MiniportRestart"), 0xC0010011);
    expect_set(&t, "", &out);
    violation_list_free(&out);
}
END_TEST

static Suite *rules_restart_pause_suite(void)
{
    Suite *s = suite_create("rules_restart_pause");
    TCase *per_rule = tcase_create("per_rule");
    tcase_add_checked_fixture(per_rule, load_checks, unload_checks);
    tcase_add_test(per_rule, restart_status);
    tcase_add_test(per_rule, restart_errorlog);
    tcase_add_test(per_rule, restart_pending_timeout);
    tcase_add_test(per_rule, restart_pending_end);
    tcase_add_test(per_rule, restart_unsolicited);
    tcase_add_test(per_rule, restart_null_attributes);
    tcase_add_test(per_rule, restart_attributes_allocator);
    tcase_add_test(per_rule, restart_failed_no_modify);
    tcase_add_test(per_rule, restart_failed_stops_io);
    tcase_add_test(per_rule, adapter_no_receive_paused);
    tcase_add_test(per_rule, pause_sends_outstanding);
    tcase_add_test(per_rule, restart_attributes_of_ndis_may_be_freed);
    tcase_add_test(per_rule, restart_failure_completed_later);
    tcase_add_test(per_rule, pause_pending_timeout);
    tcase_add_test(per_rule, pause_pending_end);
    tcase_add_test(per_rule, pause_completed);
    tcase_add_test(per_rule, pause_unsolicited_second);
    tcase_add_test(per_rule, pause_unsolicited_after_success);
    suite_add_tcase(s, per_rule);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(rules_restart_pause_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
