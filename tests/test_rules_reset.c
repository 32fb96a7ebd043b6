/* One test per rule: reset (RESET-*), each broken by a small synthesized
 * trace and reported alone. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules_fixture.h"

START_TEST(reset_status)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportResetEx");
    status(ret(&t, "MiniportResetEx"), FAILURE);
    expect_only(&t, "RESET-STATUS");
}
END_TEST

START_TEST(reset_pending_complete)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportResetEx");
    status(ret(&t, "MiniportResetEx"), PENDING);
    tr_push(&t, EV_OP, "scenario_end");
    expect_only(&t, "RESET-PENDING-COMPLETE");
}
END_TEST

START_TEST(reset_unsolicited)
{
    trace t;
    tr_init(&t);
    ddi(&t, "NdisMResetComplete");
    expect_only(&t, "RESET-UNSOLICITED-COMPLETE");
}
END_TEST

START_TEST(reset_in_progress_false)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportResetEx");
    status(ret(&t, "MiniportResetEx"), RESET_IN_PROGRESS);
    expect_only(&t, "RESET-IN-PROGRESS-FALSE");
}
END_TEST

START_TEST(reset_errorlog)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportResetEx");
    status(ret(&t, "MiniportResetEx"), SOFT_ERRORS);
    expect_only(&t, "RESET-ERRORLOG");
}
END_TEST

START_TEST(reset_stall)
{
    trace t;
    tr_init(&t);
    t.irql = 2;
    enter(&t, "MiniportResetEx");
    arg(ddi(&t, "NdisStallExecution"), "MicrosecondsToStall", 100);
    arg(ddi(&t, "NdisStallExecution"), "MicrosecondsToStall", 50);
    status(ret(&t, "MiniportResetEx"), SUCCESS);
    expect_only(&t, "RESET-STALL-50US");
}
END_TEST

START_TEST(reset_no_reset_indication)
{
    trace t;
    tr_init(&t);
    arg(ddi(&t, "NdisMIndicateStatusEx"), "StatusCode", 0x40010004);
    expect_only(&t, "RESET-NO-RESET-INDICATION");
}
END_TEST

START_TEST(reset_requests_completed)
{
    trace t;
    tr_init(&t);
    arg(enter(&t, "MiniportSendNetBufferLists"), "nbl", 0x90000);
    ret(&t, "MiniportSendNetBufferLists");
    enter(&t, "MiniportResetEx");
    status(ret(&t, "MiniportResetEx"), SUCCESS);
    tr_push(&t, EV_OP, "scenario_end");
    expect_only(&t, "RESET-REQUESTS-COMPLETED");
}
END_TEST

START_TEST(reset_link_state)
{
    trace t;
    tr_init(&t);
    link_state(&t, 1);
    enter(&t, "MiniportResetEx");
    link_state(&t, 2);
    status(ret(&t, "MiniportResetEx"), SUCCESS);
    tr_push(&t, EV_OP, "scenario_end");
    expect_only(&t, "RESET-LINK-STATE");
}
END_TEST

/* 002: Connected again "when the link is reestablished": an unrecoverable
 * reset (HARD_ERRORS) may leave it down. */
START_TEST(reset_link_state_after_hard_errors)
{
    trace t;
    tr_init(&t);
    link_state(&t, 1);
    enter(&t, "MiniportResetEx");
    link_state(&t, 2);
    ddi(&t, "NdisWriteErrorLogEntry");
    status(ret(&t, "MiniportResetEx"), 0x80010004);  /* NDIS_STATUS_HARD_ERRORS */
    tr_push(&t, EV_OP, "scenario_end");
    expect_only(&t, NULL);
}
END_TEST

START_TEST(reset_station_address)
{
    trace t;
    tr_init(&t);
    event *same = tr_push(&t, EV_OP, "station_address");
    arg(same, "changed", 0);
    event *moved = tr_push(&t, EV_OP, "station_address");
    arg(moved, "changed", 1);
    expect_count(&t, "RESET-STATION-ADDRESS", 1);
}
END_TEST

START_TEST(link_state_without_prior_connect)
{
    violation_list out = { 0 };
    trace t;
    /* never indicated Connected before (the general attributes said so) */
    tr_init(&t);
    enter(&t, "MiniportResetEx");
    link_state(&t, 2);
    status(ret(&t, "MiniportResetEx"), PENDING);
    ddi(&t, "NdisMResetComplete");
    tr_push(&t, EV_OP, "scenario_end");
    expect_set(&t, "RESET-LINK-STATE", &out);
    violation_list_free(&out);
    /* Connected again after the pending reset completed */
    tr_init(&t);
    enter(&t, "MiniportResetEx");
    link_state(&t, 2);
    status(ret(&t, "MiniportResetEx"), PENDING);
    ddi(&t, "NdisMResetComplete");
    link_state(&t, 1);
    tr_push(&t, EV_OP, "scenario_end");
    expect_set(&t, "", &out);
    violation_list_free(&out);
    /* disconnected before the reset, still disconnected after: no link to restore */
    tr_init(&t);
    link_state(&t, 2);
    enter(&t, "MiniportResetEx");
    link_state(&t, 2);
    status(ret(&t, "MiniportResetEx"), SUCCESS);
    tr_push(&t, EV_OP, "scenario_end");
    expect_set(&t, "", &out);
    violation_list_free(&out);
    /* a link lost long after a reset that did not touch it */
    tr_init(&t);
    enter(&t, "MiniportResetEx");
    status(ret(&t, "MiniportResetEx"), SUCCESS);
    link_state(&t, 2);
    tr_push(&t, EV_OP, "scenario_end");
    expect_set(&t, "", &out);
    violation_list_free(&out);
    /* the host hung in the reset: the hang is the finding, not the link */
    tr_init(&t);
    enter(&t, "MiniportResetEx");
    link_state(&t, 2);
    arg(tr_push(&t, EV_HANG, "hang"), "timeout_ms", 1000);
    expect_set(&t, "HOST-HANG", &out);
    violation_list_free(&out);
}
END_TEST

static Suite *rules_reset_suite(void)
{
    Suite *s = suite_create("rules_reset");
    TCase *per_rule = tcase_create("per_rule");
    tcase_add_checked_fixture(per_rule, load_checks, unload_checks);
    tcase_add_test(per_rule, reset_status);
    tcase_add_test(per_rule, reset_pending_complete);
    tcase_add_test(per_rule, reset_unsolicited);
    tcase_add_test(per_rule, reset_in_progress_false);
    tcase_add_test(per_rule, reset_errorlog);
    tcase_add_test(per_rule, reset_stall);
    tcase_add_test(per_rule, reset_no_reset_indication);
    tcase_add_test(per_rule, reset_requests_completed);
    tcase_add_test(per_rule, reset_link_state);
    tcase_add_test(per_rule, reset_link_state_after_hard_errors);
    tcase_add_test(per_rule, reset_station_address);
    tcase_add_test(per_rule, link_state_without_prior_connect);
    suite_add_tcase(s, per_rule);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(rules_reset_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
