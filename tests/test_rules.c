/* The shipped rule set as a whole: a driver that does everything right
 * gives nothing, messages are filled with symbolic values, and every rule
 * id is tested somewhere (every_rule_tested_exists).  The rules are tested
 * one by one, each broken by a small synthesized trace and reported alone,
 * in test_rules_<family>.c; the loader's errors in test_rules_load.c. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules_fixture.h"

/* A driver that does everything right: nothing to report. */
START_TEST(clean_trace)
{
    trace t;
    tr_init(&t);
    tr_push(&t, EV_OP, "scenario_begin");
    good_init_begin(&t);
    alloc_mem(&t, 0x10000);
    status(ddi_h(&t, "NdisAllocateNetBufferListPool", 0x11000), SUCCESS);
    ddi_h(&t, "NdisAllocateSpinLock", 0x20000);
    status(ddi_h(&t, "NdisAllocateTimerObject", 0x40000), SUCCESS);
    status(ddi_h(&t, "NdisMRegisterInterruptEx", 0x30000), SUCCESS);
    good_init_end(&t);
    t.state = "Restarting";
    restart_with(&t, SUCCESS, UNCHANGED);
    t.state = "Running";
    link_state(&t, 1);
    arg(enter(&t, "MiniportSendNetBufferLists"), "nbl", 0x90000);
    ret(&t, "MiniportSendNetBufferLists");
    arg(ddi(&t, "NdisMSendNetBufferListsComplete"), "nbl", 0x90000);
    arg(ddi(&t, "NdisAcquireSpinLock"), "SpinLock", 0x20000);
    t.irql = 2;
    arg(ddi(&t, "NdisReleaseSpinLock"), "SpinLock", 0x20000);
    t.irql = 0;
    arg(ddi(&t, "NdisSetTimerObject"), "TimerObject", 0x40000);
    t.irql = 2;
    arg(enter(&t, "NetTimerCallback"), "timer", 0x40000);
    ret(&t, "NetTimerCallback");
    t.irql = 0;
    enter(&t, "MiniportResetEx");
    status(ret(&t, "MiniportResetEx"), SUCCESS);
    t.state = "Paused";
    arg(enter(&t, "MiniportHaltEx"), "HaltAction", 0);
    ddi_h(&t, "NdisMDeregisterInterruptEx", 0x30000);
    event *c = ddi(&t, "NdisCancelTimerObject");
    arg(c, "TimerObject", 0x40000);
    status(c, 0);
    ddi_h(&t, "NdisFreeTimerObject", 0x40000);
    ddi_h(&t, "NdisFreeSpinLock", 0x20000);
    ddi_h(&t, "NdisFreeNetBufferListPool", 0x11000);
    ddi_h(&t, "NdisFreeMemory", 0x10000);
    ret(&t, "MiniportHaltEx");
    t.state = "Halted";
    tr_push(&t, EV_OP, "scenario_end");
    expect_only(&t, NULL);
}
END_TEST

/* Messages are filled with symbolic statuses and resource fields. */
START_TEST(message_fields)
{
    trace t;
    tr_init(&t);
    good_init_begin(&t);
    alloc_mem(&t, 0x10000);
    good_init_end(&t);
    enter(&t, "MiniportHaltEx");
    ret(&t, "MiniportHaltEx");
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(shipped_rules, &t.list, &out), 0);
    ck_assert_uint_eq(out.count, 1);
    ck_assert_str_eq(out.items[0].message,
                     "memory 0x10000 allocated by NdisAllocateMemoryWithTagPriority in MiniportInitializeEx "
                     "(at MiniportInitializeEx) was still held when MiniportHaltEx returned");
    ck_assert_uint_eq(out.items[0].event_index, 6);
    ck_assert_str_eq(out.items[0].callback, "MiniportHaltEx");
    violation_list_free(&out);
    trace_free(&t);

    tr_init(&t);
    enter(&t, "MiniportResetEx");
    status(ret(&t, "MiniportResetEx"), FAILURE);
    ck_assert_int_eq(ruleset_evaluate(shipped_rules, &t.list, &out), 0);
    ck_assert_uint_eq(out.count, 1);
    /* the allowed set and the host's reaction come from checks/tables/returns.yaml */
    ck_assert_str_eq(out.items[0].message,
                     "MiniportResetEx returned NDIS_STATUS_FAILURE: its page documents NDIS_STATUS_SUCCESS, "
                     "NDIS_STATUS_PENDING, NDIS_STATUS_RESET_IN_PROGRESS, NDIS_STATUS_SOFT_ERRORS, "
                     "NDIS_STATUS_HARD_ERRORS; the host takes the reset as failed (it does not replay the "
                     "addressing or query the station address) and leaves the adapter in the state it was in");
    violation_list_free(&out);
    trace_free(&t);
}
END_TEST

START_TEST(every_rule_tested_exists)
{
    static const char *const ids[] = {
        "HALT-FREE-ALL", "HALT-RECIPROCAL", "HALT-REVERSE-ORDER", "HALT-DEREGISTER-INTERRUPT",
        "HALT-CANCEL-TIMERS", "HALT-WAIT-TIMER-FUNCTION", "HALT-NO-CALLS-AFTER", "RES-DOUBLE-FREE",
        "RES-FOREIGN-FREE", "RESTART-STATUS", "RESTART-ERRORLOG", "RESTART-PENDING-COMPLETE",
        "RESTART-UNSOLICITED-COMPLETE", "RESTART-NULL-ATTRIBUTES", "RESTART-ATTRIBUTES-ALLOCATOR",
        "RESTART-FAILED-NO-MODIFY", "RESTART-FAILED-STOPS-IO", "RESET-STATUS", "RESET-PENDING-COMPLETE",
        "RESET-UNSOLICITED-COMPLETE", "RESET-IN-PROGRESS-FALSE", "RESET-ERRORLOG", "RESET-STALL-50US",
        "RESET-NO-RESET-INDICATION", "RESET-REQUESTS-COMPLETED", "RESET-LINK-STATE",
        "PORT-FREE-BEFORE-HALT", "PORT-DEACTIVATE-BEFORE-FREE", "PORT-NO-FREE-DEFAULT",
        "PORT-INVALID-NUMBER", "INIT-REGISTRATION-ATTRIBUTES", "INIT-GENERAL-ATTRIBUTES",
        "INIT-FAIL-RELEASE", "ADAPTER-NO-RECEIVE-PAUSED", "INIT-ALLOC-ORDER", "INIT-INTERRUPT-LAST",
        "IRQL-DDI-MAX", "IRQL-SPINLOCK-MISMATCH", "HOST-CRASH", "HOST-EXIT", "HOST-BUGCHECK", "HOST-BUGCHECK-ALLOCATION-FAILED", "HOST-NOT-EMULATED", "HOST-HANG", "HOST-MEMORY-LIMIT", "HOST-CPU-LIMIT", "HOST-SANDBOX", "HOST-FLOOD", "POOL-PAGED-AT-DISPATCH", "POOL2-INVALID-REQUEST", "PAUSE-SENDS-OUTSTANDING", "RESET-STATION-ADDRESS",
        "MEM-GUARD-OVERRUN", "MEM-USE-AFTER-FREE", "MEM-ZERO-TAG", "PAUSE-PENDING-COMPLETE",
        "PAUSE-UNSOLICITED-COMPLETE", "OID-PENDING-COMPLETE", "OID-UNSOLICITED-COMPLETE", "OID-BYTES-NEEDED",
        "SEND-COMPLETE-ONCE", "SEND-NOT-COMPLETED", "RECEIVE-INDICATE-OWNED",
        "VALGRIND-INVALID-ACCESS", "VALGRIND-UNINITIALISED", "VALGRIND-INVALID-FREE", "VALGRIND-LEAK",
        "RES-FOREIGN-FREE-SPINLOCK", "RESET-COMPLETE-SPINLOCK", "SEND-COMPLETE-DISPATCH-FLAG",
        /* tested at their edges in test_rule_edges.c */
        "IRQL-CANCEL-PERIODIC-TIMER", "CALLBACK-RETURN-UNDOCUMENTED",
        "ATTRIBUTES-REGISTRATION-REVISION", "ATTRIBUTES-REVISION",   /* test_rule_edges8.c */ "CALLBACK-RETURN-UNLISTED", "STALL-50US", "HOST-LIMIT", "OID-COMPLETE-STATUS", "RESTART-COMPLETE-STATUS",
        /* test_rule_edges5.c */ "MM-LOCK-TWICE", "MM-UNLOCK-NOT-LOCKED", "MDL-FREE-LOCKED",
        "EX-RESOURCE-RELEASE-NOT-HELD", "KE-LEAVE-CRITICAL-UNMATCHED",
        /* tested with a hostile sample in test_sandbox.c (and the host side in test_host_callbacks.c) */
        "CALLBACK-UNWOUND",
        /* with hostile drivers in test_channel.c */
        "HOST-TRACE-INTEGRITY",
    };
    size_t n = sizeof ids / sizeof ids[0];
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(ruleset_find(shipped_rules, ids[i]) != NULL, "missing rule %s", ids[i]);
    ck_assert_uint_eq(ruleset_count(shipped_rules), n);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(ruleset_print_explain(shipped_rules, "RESET-STALL-50US", f), 0);
    ck_assert_int_eq(ruleset_print_explain(shipped_rules, "NO-SUCH-RULE", f), -1);
    fclose(f);
    /* Users see the WDK page and its address, never the seed file's name. */
    ck_assert_ptr_nonnull(strstr(buf, "MINIPORT_RESET callback function (ndis.h)"));
    ck_assert_ptr_nonnull(strstr(buf, "https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nc-ndis-miniport_reset"));
    ck_assert_ptr_null(strstr(buf, "002_b991922b23a78ed2.txt"));
    ck_assert_ptr_nonnull(strstr(buf, "checks/reset.yaml:"));
    ck_assert_ptr_nonnull(strstr(buf, "MicrosecondsToStall"));
    free(buf);
    /* A rule that cites a WDK reference page names its address, not a seed file. */
    buf = NULL;
    f = open_memstream(&buf, &len);
    ck_assert_int_eq(ruleset_print_explain(shipped_rules, "HOST-BUGCHECK", f), 0);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-kebugcheckex"));
    ck_assert_ptr_null(strstr(buf, "seeds/wdm"));
    free(buf);
    /* The body, as block YAML indented two spaces a level. */
    buf = NULL;
    f = open_memstream(&buf, &len);
    ck_assert_int_eq(ruleset_print_explain(shipped_rules, "MEM-USE-AFTER-FREE", f), 0);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, "\n\npattern:\n  kind: op\n  name: memory_corruption\n  where:\n"
                                      "    arg.where: after_free\n"));
    free(buf);
}
END_TEST

static Suite *rules_suite(void)
{
    Suite *s = suite_create("rules");
    TCase *per_rule = tcase_create("per_rule");
    tcase_add_checked_fixture(per_rule, load_checks, unload_checks);
    tcase_add_test(per_rule, clean_trace);
    tcase_add_test(per_rule, message_fields);
    tcase_add_test(per_rule, every_rule_tested_exists);
    suite_add_tcase(s, per_rule);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(rules_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
