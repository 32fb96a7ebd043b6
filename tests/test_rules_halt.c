/* One test per rule: halt and resource release (HALT-*, RES-*), each
 * broken by a small synthesized trace and reported alone. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules_fixture.h"

START_TEST(halt_free_all)
{
    trace t;
    tr_init(&t);
    good_init_begin(&t);
    alloc_mem(&t, 0x10000);
    good_init_end(&t);
    arg(enter(&t, "MiniportHaltEx"), "HaltAction", 0);
    ret(&t, "MiniportHaltEx");
    expect_only(&t, "HALT-FREE-ALL");
}
END_TEST

START_TEST(halt_reciprocal)
{
    trace t;
    tr_init(&t);
    alloc_mem(&t, 0x10000);
    ddi_h(&t, "NdisFreeSpinLock", 0x10000);
    expect_only(&t, "HALT-RECIPROCAL");
}
END_TEST

START_TEST(halt_reverse_order)
{
    trace t;
    tr_init(&t);
    good_init_begin(&t);
    alloc_mem(&t, 0x10000);
    ddi_h(&t, "NdisAllocateSpinLock", 0x20000);
    good_init_end(&t);
    enter(&t, "MiniportHaltEx");
    ddi_h(&t, "NdisFreeMemory", 0x10000);
    ddi_h(&t, "NdisFreeSpinLock", 0x20000);
    ret(&t, "MiniportHaltEx");
    expect_only(&t, "HALT-REVERSE-ORDER");
}
END_TEST

START_TEST(halt_deregister_interrupt)
{
    trace t;
    tr_init(&t);
    good_init_begin(&t);
    status(ddi_h(&t, "NdisMRegisterInterruptEx", 0x30000), SUCCESS);
    good_init_end(&t);
    enter(&t, "MiniportHaltEx");
    ret(&t, "MiniportHaltEx");
    expect_only(&t, "HALT-DEREGISTER-INTERRUPT");
}
END_TEST

START_TEST(halt_cancel_timers)
{
    trace t;
    tr_init(&t);
    event *e = ddi(&t, "NdisSetTimerObject");
    arg(e, "TimerObject", 0x40000);
    arg(e, "MillisecondsPeriod", 0);
    enter(&t, "MiniportHaltEx");
    ret(&t, "MiniportHaltEx");
    expect_only(&t, "HALT-CANCEL-TIMERS");
}
END_TEST

START_TEST(halt_wait_timer_function)
{
    trace t;
    tr_init(&t);
    arg(ddi(&t, "NdisSetTimerObject"), "TimerObject", 0x40000);
    enter(&t, "MiniportHaltEx");
    event *c = ddi(&t, "NdisCancelTimerObject");
    arg(c, "TimerObject", 0x40000);
    status(c, 0);
    ret(&t, "MiniportHaltEx");
    expect_only(&t, "HALT-WAIT-TIMER-FUNCTION");
}
END_TEST

START_TEST(halt_no_calls_after)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportHaltEx");
    ret(&t, "MiniportHaltEx");
    t.state = "Halted";
    ddi(&t, "NdisGetVersion");
    ddi(&t, "NdisGetVersion");
    expect_only(&t, "HALT-NO-CALLS-AFTER");
}
END_TEST

START_TEST(res_double_free)
{
    trace t;
    tr_init(&t);
    alloc_mem(&t, 0x50000);
    ddi_h(&t, "NdisFreeMemory", 0x50000);
    ddi_h(&t, "NdisFreeMemory", 0x50000);
    expect_only(&t, "RES-DOUBLE-FREE");
}
END_TEST

START_TEST(res_foreign_free)
{
    trace t;
    tr_init(&t);
    ddi_h(&t, "NdisFreeMemory", 0x60000);
    expect_only(&t, "RES-FOREIGN-FREE");
}
END_TEST

/* Initialize allocates memory, a spin lock and a timer, in that order. */
static void init_three(trace *t)
{
    good_init_begin(t);
    alloc_mem(t, 0x10000);
    ddi_h(t, "NdisAllocateSpinLock", 0x20000);
    status(ddi_h(t, "NdisAllocateTimerObject", 0x40000), SUCCESS);
    good_init_end(t);
}

START_TEST(release_order_ignores_leak)
{
    violation_list out = { 0 };
    trace t;
    tr_init(&t);
    init_three(&t);
    /* the spin lock is leaked; timer then memory is the reverse order */
    enter(&t, "MiniportHaltEx");
    ddi_h(&t, "NdisFreeTimerObject", 0x40000);
    ddi_h(&t, "NdisFreeMemory", 0x10000);
    ret(&t, "MiniportHaltEx");
    expect_set(&t, "HALT-FREE-ALL", &out);
    violation_list_free(&out);

    /* memory before timer is out of order whatever is leaked: reported at
     * the timer's release, naming the memory released before it */
    tr_init(&t);
    init_three(&t);
    enter(&t, "MiniportHaltEx");
    ddi_h(&t, "NdisFreeMemory", 0x10000);
    ddi_h(&t, "NdisFreeTimerObject", 0x40000);
    ret(&t, "MiniportHaltEx");
    expect_set(&t, "HALT-FREE-ALL HALT-REVERSE-ORDER", &out);
    for (size_t i = 0; i < out.count; i++)
        if (strcmp(out.items[i].rule_id, "HALT-REVERSE-ORDER") == 0)
            ck_assert_str_eq(out.items[i].message,
                             "NdisFreeTimerObject released timer 0x40000 while memory 0x10000 (allocated "
                             "earlier by NdisAllocateMemoryWithTagPriority) was already released by "
                             "NdisFreeMemory");
    violation_list_free(&out);
}
END_TEST

START_TEST(ownership_transfer_is_a_release)
{
    violation_list out = { 0 };
    trace t;
    tr_init(&t);
    good_init_begin(&t);
    good_init_end(&t);
    /* restart attributes the miniport allocated; NDIS takes them over */
    t.state = "Restarting";
    arg(enter(&t, "MiniportRestart"), "RestartAttributes", 0x70000);
    alloc_mem(&t, 0x80000);
    event *r = status(ret(&t, "MiniportRestart"), SUCCESS);
    arg(r, "RestartAttributesModified", 1);
    arg(r, "RestartAttributesAdded", 1);
    arg(r, "RestartAttributesFromNdis", 1);
    arg(tr_push(&t, EV_OP, "ownership_transfer"), "handle", 0x80000);
    t.state = "Paused";
    enter(&t, "MiniportHaltEx");
    ret(&t, "MiniportHaltEx");
    expect_set(&t, "", &out);
    violation_list_free(&out);

    /* freeing it afterwards is freeing NDIS's memory a second time */
    tr_init(&t);
    alloc_mem(&t, 0x80000);
    arg(tr_push(&t, EV_OP, "ownership_transfer"), "handle", 0x80000);
    ddi_h(&t, "NdisFreeMemory", 0x80000);
    expect_set(&t, "RES-DOUBLE-FREE", &out);
    ck_assert_ptr_nonnull(strstr(out.items[0].message, "already released by ownership_transfer"));
    violation_list_free(&out);

    /* a transfer of something the miniport never allocated is not a finding */
    tr_init(&t);
    arg(tr_push(&t, EV_OP, "ownership_transfer"), "handle", 0x90000);
    expect_set(&t, "", &out);
    violation_list_free(&out);
}
END_TEST

START_TEST(calls_after_halt)
{
    violation_list out = { 0 };
    trace t;
    /* a work item queued before Halt runs after it returned and calls NDIS */
    tr_init(&t);
    enter(&t, "MiniportHaltEx");
    ret(&t, "MiniportHaltEx");
    t.state = "Halted";
    enter(&t, "IoWorkItemRoutine");
    arg(ddi(&t, "NdisMIndicateStatusEx"), "StatusCode", 0x40010017);
    ret(&t, "IoWorkItemRoutine");
    expect_set(&t, "HALT-NO-CALLS-AFTER", &out);
    ck_assert_uint_eq(out.count, 1);
    ck_assert_str_eq(out.items[0].message, "enter IoWorkItemRoutine for adapter 0 after its MiniportHaltEx returned");
    violation_list_free(&out);
    /* driver-wide calls in MiniportDriverUnload are not the adapter's */
    tr_init(&t);
    alloc_mem(&t, 0x10000);
    enter(&t, "MiniportHaltEx");
    ddi_h(&t, "NdisFreeMemory", 0x10000);
    ret(&t, "MiniportHaltEx");
    t.state = "Halted";
    event *u = enter(&t, "MiniportDriverUnload");
    u->adapter = -1;
    ddi_h(&t, "NdisMDeregisterMiniportDriver", 0x1000)->adapter = -1;
    ret(&t, "MiniportDriverUnload")->adapter = -1;
    expect_set(&t, "", &out);
    violation_list_free(&out);
}
END_TEST

static Suite *rules_halt_suite(void)
{
    Suite *s = suite_create("rules_halt");
    TCase *per_rule = tcase_create("per_rule");
    tcase_add_checked_fixture(per_rule, load_checks, unload_checks);
    tcase_add_test(per_rule, halt_free_all);
    tcase_add_test(per_rule, halt_reciprocal);
    tcase_add_test(per_rule, halt_reverse_order);
    tcase_add_test(per_rule, halt_deregister_interrupt);
    tcase_add_test(per_rule, halt_cancel_timers);
    tcase_add_test(per_rule, halt_wait_timer_function);
    tcase_add_test(per_rule, halt_no_calls_after);
    tcase_add_test(per_rule, res_double_free);
    tcase_add_test(per_rule, res_foreign_free);
    tcase_add_test(per_rule, release_order_ignores_leak);
    tcase_add_test(per_rule, ownership_transfer_is_a_release);
    tcase_add_test(per_rule, calls_after_halt);
    suite_add_tcase(s, per_rule);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(rules_halt_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
