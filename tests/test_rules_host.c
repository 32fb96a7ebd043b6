/* One test per rule: what happens to the host process (HOST-*: crash,
 * exit, bug check, hang, limits, sandbox, flood). */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules_fixture.h"

START_TEST(host_crash)
{
    trace t;
    tr_init(&t);
    sarg(tr_push(&t, EV_CRASH, "signal"), "signal", "SIGSEGV");
    expect_only(&t, "HOST-CRASH");
}
END_TEST

START_TEST(host_exit)
{
    trace t;
    tr_init(&t);
    arg(tr_push(&t, EV_CRASH, "exit"), "exit_status", 3);
    expect_only(&t, "HOST-EXIT");
}
END_TEST

/* KeBugCheckEx is its own finding, never taken for a signal or an exit(). */
START_TEST(host_bugcheck)
{
    trace t;
    tr_init(&t);
    event *e = tr_push(&t, EV_CRASH, "bugcheck");
    arg(e, "code", 0xD1);
    arg(e, "p1", 0);
    expect_only(&t, "HOST-BUGCHECK");
}
END_TEST

/* A DDI the host does not emulate stops the scenario with crash
 * not_emulated: its own finding, naming the DDI, never HOST-CRASH too. */
START_TEST(host_not_emulated)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportInitializeEx");
    sarg(tr_push(&t, EV_CRASH, "not_emulated"), "ddi", "ObReferenceObjectByHandle");
    expect_only(&t, "HOST-NOT-EMULATED");
}
END_TEST

/* KeBugCheckEx's page: "if a driver is unable to allocate required
 * resources, it should log an error so that the system continues to run;
 * it must not generate a bug check." A bug check while the callback whose
 * allocation NDIS failed is still running is that error; one after it
 * returned, or with no failure, is the general warning. */
START_TEST(host_bugcheck_after_allocation_failure)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportInitializeEx");
    sarg(tr_push(&t, EV_OP, "fault_injected"), "ddi", "NdisAllocateMemoryWithTagPriority");
    arg(tr_push(&t, EV_CRASH, "bugcheck"), "code", 0xD1);
    expect_only(&t, "HOST-BUGCHECK-ALLOCATION-FAILED");

    tr_init(&t);                      /* the failing callback returned first */
    enter(&t, "MiniportInitializeEx");
    sarg(tr_push(&t, EV_OP, "fault_injected"), "ddi", "NdisAllocateMemoryWithTagPriority");
    ret(&t, "MiniportInitializeEx");
    enter(&t, "MiniportHaltEx");
    arg(tr_push(&t, EV_CRASH, "bugcheck"), "code", 0xD1);
    expect_only(&t, "HOST-BUGCHECK");

    tr_init(&t);                      /* a failure in a nested callback, the bug check in its caller */
    enter(&t, "MiniportInitializeEx");
    enter(&t, "NetTimerCallback");
    sarg(tr_push(&t, EV_OP, "fault_injected"), "ddi", "NdisAllocateMemoryWithTagPriority");
    ret(&t, "NetTimerCallback");
    arg(tr_push(&t, EV_CRASH, "bugcheck"), "code", 0xD1);
    expect_only(&t, "HOST-BUGCHECK");
}
END_TEST

START_TEST(host_hang)
{
    trace t;
    tr_init(&t);
    arg(tr_push(&t, EV_HANG, "hang"), "timeout_ms", 1000);
    expect_only(&t, "HOST-HANG");
}
END_TEST

START_TEST(host_memory_limit)
{
    trace t;
    tr_init(&t);
    event *e = tr_push(&t, EV_CRASH, "memory");
    sarg(e, "limit", "64 MiB");
    expect_only(&t, "HOST-MEMORY-LIMIT");
}
END_TEST

START_TEST(host_cpu_limit)
{
    trace t;
    tr_init(&t);
    event *e = tr_push(&t, EV_CRASH, "cpu");
    sarg(e, "limit", "1 s");
    sarg(e, "end", "SIGXCPU");
    expect_only(&t, "HOST-CPU-LIMIT");
}
END_TEST

/* A refused system call is a finding; the host running without its
 * sandbox is not (the judge warns on stderr instead). */
START_TEST(host_sandbox)
{
    trace t;
    tr_init(&t);
    event *e = tr_push(&t, EV_OP, "sandbox");
    sarg(e, "syscall", "kill");
    sarg(e, "call", "kill(SIGKILL) on the judge (the host's parent process)");
    expect_only(&t, "HOST-SANDBOX");
    tr_init(&t);
    sarg(tr_push(&t, EV_OP, "sandbox_off"), "reason", "the kernel refused the seccomp filter (Invalid argument)");
    expect_only(&t, NULL);
}
END_TEST

START_TEST(host_flood)
{
    trace t;
    tr_init(&t);
    arg(tr_push(&t, EV_HANG, "flood"), "events", 50000);
    expect_only(&t, "HOST-FLOOD");
}
END_TEST

START_TEST(exit_and_signal_apart)
{
    violation_list out = { 0 };
    trace t;
    tr_init(&t);
    arg(tr_push(&t, EV_CRASH, "exit"), "exit_status", 3);
    expect_set(&t, "HOST-EXIT", &out);
    ck_assert_str_eq(out.items[0].message, "the host exited with status 3 in  (adapter state Running)");
    violation_list_free(&out);
    tr_init(&t);
    enter(&t, "MiniportPause");
    event *e = tr_push(&t, EV_CRASH, "signal");
    sarg(e, "signal", "SIGSEGV");
    arg(e, "address", 0);
    expect_set(&t, "HOST-CRASH", &out);
    ck_assert_str_eq(out.items[0].message, "the host died on SIGSEGV (fault address 0) in MiniportPause (adapter state Running)");
    violation_list_free(&out);
}
END_TEST

static Suite *rules_host_suite(void)
{
    Suite *s = suite_create("rules_host");
    TCase *per_rule = tcase_create("per_rule");
    tcase_add_checked_fixture(per_rule, load_checks, unload_checks);
    tcase_add_test(per_rule, host_crash);
    tcase_add_test(per_rule, host_exit);
    tcase_add_test(per_rule, host_bugcheck);
    tcase_add_test(per_rule, host_not_emulated);
    tcase_add_test(per_rule, host_bugcheck_after_allocation_failure);
    tcase_add_test(per_rule, host_hang);
    tcase_add_test(per_rule, host_memory_limit);
    tcase_add_test(per_rule, host_cpu_limit);
    tcase_add_test(per_rule, host_sandbox);
    tcase_add_test(per_rule, host_flood);
    tcase_add_test(per_rule, exit_and_signal_apart);
    suite_add_tcase(s, per_rule);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(rules_host_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
