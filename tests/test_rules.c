/* The rule engine and the shipped rule set: loader errors carry
 * file:line:column, every rule id is broken by a small synthesized trace
 * and reported alone, a clean trace gives nothing, and a rule in a second
 * directory takes effect. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules/rules.h"

#include "trace_builder.h"


static ruleset *rs;

static void load_checks(void)
{
    rs = tb_load_checks();
}

static void unload_checks(void)
{
    ruleset_free(rs);
    rs = NULL;
}

/* Evaluates and checks that exactly `id` (or nothing, for NULL) is reported. */
static void expect_only(trace *t, const char *id)
{
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(rs, &t->list, &out), 0);
    for (size_t i = 0; i < out.count; i++) {
        if (!id || strcmp(out.items[i].rule_id, id) != 0)
            fprintf(stderr, "unexpected %s: %s\n", out.items[i].rule_id, out.items[i].message);
        if (id)
            ck_assert_str_eq(out.items[i].rule_id, id);
    }
    if (id)
        ck_assert_uint_ge(out.count, 1);
    else
        ck_assert_uint_eq(out.count, 0);
    violation_list_free(&out);
    trace_free(t);
}

/* Initialize with both attribute calls, optionally allocating memory. */
static void good_init_begin(trace *t)
{
    t->state = "Initializing";
    enter(t, "MiniportInitializeEx");
    attributes_set(ddi(t, "NdisMSetMiniportAttributes"), 0x9E);
    attributes_set(ddi(t, "NdisMSetMiniportAttributes"), 0x9F);
}

static void good_init_end(trace *t)
{
    status(ret(t, "MiniportInitializeEx"), SUCCESS);
    t->state = "Paused";
}

static void alloc_mem(trace *t, int64_t h)
{
    event *e = ddi_h(t, "NdisAllocateMemoryWithTagPriority", h);
    arg(e, "Tag", 0x31564D4E);
}

/* ---- one test per rule ---- */

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

/* What the host reports of the restart attributes list when MiniportRestart returns. */
typedef struct {
    int64_t before, after, modified, added, from_ndis;
} attrs;

static void restart_with(trace *t, int64_t st, attrs a)
{
    arg(enter(t, "MiniportRestart"), "RestartAttributes", a.before);
    event *r = status(ret(t, "MiniportRestart"), st);
    arg(r, "RestartAttributes", a.before);
    arg(r, "RestartAttributesAfter", a.after);
    arg(r, "RestartAttributesModified", a.modified);
    arg(r, "RestartAttributesAdded", a.added);
    arg(r, "RestartAttributesFromNdis", a.from_ndis);
}

#define UNCHANGED ((attrs){ 0x70000, 0x70000, 0, 0, 1 })

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

static void link_state(trace *t, int64_t state)
{
    event *e = ddi(t, "NdisMIndicateStatusEx");
    arg(e, "StatusCode", 0x40010017);
    arg(e, "MediaConnectState", state);
}

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

START_TEST(port_free_before_halt)
{
    trace t;
    tr_init(&t);
    status(ddi_h(&t, "NdisMAllocatePort", 1), SUCCESS);
    enter(&t, "MiniportHaltEx");
    ret(&t, "MiniportHaltEx");
    expect_only(&t, "PORT-FREE-BEFORE-HALT");
}
END_TEST

static void free_port(trace *t, int64_t port, int64_t st)
{
    event *e = ddi_h(t, "NdisMFreePort", port);
    arg(e, "PortNumber", port);
    status(e, st);
}

START_TEST(port_deactivate_before_free)
{
    trace t;
    tr_init(&t);
    status(ddi_h(&t, "NdisMAllocatePort", 1), SUCCESS);
    free_port(&t, 1, INVALID_PORT_STATE);
    expect_only(&t, "PORT-DEACTIVATE-BEFORE-FREE");
}
END_TEST

START_TEST(port_no_free_default)
{
    trace t;
    tr_init(&t);
    free_port(&t, 0, INVALID_PORT);
    expect_only(&t, "PORT-NO-FREE-DEFAULT");
}
END_TEST

START_TEST(port_invalid_number)
{
    trace t;
    tr_init(&t);
    free_port(&t, 5, INVALID_PORT);
    expect_only(&t, "PORT-INVALID-NUMBER");
}
END_TEST

START_TEST(init_registration_attributes)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportInitializeEx");
    attributes_set(ddi(&t, "NdisMSetMiniportAttributes"), 0x9F);
    status(ret(&t, "MiniportInitializeEx"), SUCCESS);
    expect_only(&t, "INIT-REGISTRATION-ATTRIBUTES");
}
END_TEST

/* A refused NdisMSetMiniportAttributes sets nothing. */
START_TEST(init_registration_attributes_refused)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportInitializeEx");
    event *refused = ddi(&t, "NdisMSetMiniportAttributes");
    arg(refused, "Type", 0x9E);
    status(refused, 0xC0010015);  /* NDIS_STATUS_INVALID_PARAMETER (a BAD_VERSION adds ATTRIBUTES-REGISTRATION-REVISION) */
    attributes_set(ddi(&t, "NdisMSetMiniportAttributes"), 0x9F);
    status(ret(&t, "MiniportInitializeEx"), SUCCESS);
    expect_only(&t, "INIT-REGISTRATION-ATTRIBUTES");
}
END_TEST

START_TEST(init_general_attributes)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportInitializeEx");
    attributes_set(ddi(&t, "NdisMSetMiniportAttributes"), 0x9E);
    status(ret(&t, "MiniportInitializeEx"), SUCCESS);
    expect_only(&t, "INIT-GENERAL-ATTRIBUTES");
}
END_TEST

START_TEST(init_fail_release)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportInitializeEx");
    alloc_mem(&t, 0x10000);
    status(ret(&t, "MiniportInitializeEx"), RESOURCES);
    expect_only(&t, "INIT-FAIL-RELEASE");
}
END_TEST

START_TEST(init_alloc_order)
{
    trace t;
    tr_init(&t);
    good_init_begin(&t);
    ddi_h(&t, "NdisAllocateSpinLock", 0x20000);
    alloc_mem(&t, 0x10000);
    good_init_end(&t);
    expect_only(&t, "INIT-ALLOC-ORDER");
}
END_TEST

START_TEST(init_interrupt_last)
{
    trace t;
    tr_init(&t);
    good_init_begin(&t);
    status(ddi_h(&t, "NdisMRegisterInterruptEx", 0x30000), SUCCESS);
    alloc_mem(&t, 0x10000);
    good_init_end(&t);
    expect_only(&t, "INIT-INTERRUPT-LAST");
}
END_TEST

START_TEST(irql_ddi_max)
{
    trace t;
    tr_init(&t);
    t.irql = 2;
    arg(ddi(&t, "NdisMSleep"), "MicrosecondsToSleep", 10);
    expect_only(&t, "IRQL-DDI-MAX");
}
END_TEST

START_TEST(irql_spinlock_mismatch)
{
    trace t;
    tr_init(&t);
    arg(ddi(&t, "NdisAcquireSpinLock"), "SpinLock", 0x20000);
    t.irql = 2;
    arg(ddi(&t, "NdisDprReleaseSpinLock"), "SpinLock", 0x20000);
    expect_only(&t, "IRQL-SPINLOCK-MISMATCH");
}
END_TEST

START_TEST(irql_spinlock_acquired_twice)
{
    trace t;
    tr_init(&t);
    arg(ddi(&t, "NdisAcquireSpinLock"), "lock", 0x20000);
    t.irql = 2;
    arg(ddi(&t, "NdisDprAcquireSpinLock"), "lock", 0x20000);
    expect_only(&t, "IRQL-SPINLOCK-MISMATCH");
}
END_TEST

START_TEST(irql_spinlock_freed_while_held)
{
    trace t;
    tr_init(&t);
    arg(ddi(&t, "NdisAllocateSpinLock"), "handle", 0x20000);
    arg(ddi(&t, "NdisAcquireSpinLock"), "lock", 0x20000);
    arg(ddi(&t, "NdisFreeSpinLock"), "handle", 0x20000);
    expect_only(&t, "IRQL-SPINLOCK-MISMATCH");
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

/* Paged pool at DISPATCH_LEVEL is a finding; nonpaged there, or paged at PASSIVE_LEVEL, is not. */
START_TEST(pool_paged_at_dispatch)
{
    trace t;
    tr_init(&t);
    event *e = tr_push(&t, EV_DDI, "ExAllocatePoolWithTag");
    arg(e, "paged", 1);
    e->irql = 2;
    e = tr_push(&t, EV_DDI, "ExAllocatePool2");
    arg(e, "paged", 0);
    arg(e, "valid", 1);
    e->irql = 2;
    e = tr_push(&t, EV_DDI, "ExAllocatePool2");
    arg(e, "paged", 1);
    arg(e, "valid", 1);
    e->irql = 0;
    expect_only(&t, "POOL-PAGED-AT-DISPATCH");
}
END_TEST

START_TEST(pool2_invalid_request)
{
    trace t;
    tr_init(&t);
    event *e = tr_push(&t, EV_DDI, "ExAllocatePool2");
    arg(e, "paged", 0);
    arg(e, "valid", 0);
    expect_only(&t, "POOL2-INVALID-REQUEST");
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

START_TEST(mem_guard_overrun)
{
    trace t;
    tr_init(&t);
    event *e = tr_push(&t, EV_OP, "memory_corruption");
    arg(e, "handle", 0x10000);
    sarg(e, "where", "after");
    expect_only(&t, "MEM-GUARD-OVERRUN");
}
END_TEST

START_TEST(mem_use_after_free)
{
    trace t;
    tr_init(&t);
    event *e = tr_push(&t, EV_OP, "memory_corruption");
    arg(e, "handle", 0x10000);
    sarg(e, "where", "after_free");
    expect_only(&t, "MEM-USE-AFTER-FREE");
}
END_TEST

START_TEST(mem_zero_tag)
{
    trace t;
    tr_init(&t);
    arg(ddi_h(&t, "NdisAllocateMemoryWithTagPriority", 0x10000), "Tag", 0);
    expect_only(&t, "MEM-ZERO-TAG");
}
END_TEST

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

/* ---- pause, OID and data-path completions ---- */

#define BUFFER_TOO_SHORT 0xC0010016
#define INVALID_LENGTH 0xC0010014
#define OID_CURRENT_ADDRESS 0x01010102
#define OID_PACKET_FILTER 0x0001010E

/* Evaluates and checks that `id` is reported exactly n times, and nothing else. */
static void expect_count(trace *t, const char *id, size_t n)
{
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(rs, &t->list, &out), 0);
    for (size_t i = 0; i < out.count; i++) {
        if (strcmp(out.items[i].rule_id, id) != 0)
            fprintf(stderr, "unexpected %s: %s\n", out.items[i].rule_id, out.items[i].message);
        ck_assert_str_eq(out.items[i].rule_id, id);
    }
    ck_assert_uint_eq(out.count, n);
    violation_list_free(&out);
    trace_free(t);
}

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

static void timeout(trace *t, const char *operation)
{
    sarg(tr_push(t, EV_OP, "completion_timeout"), "operation", operation);
}

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

static event *oid_enter(trace *t, int64_t request, int64_t oid, int64_t type, int64_t length)
{
    event *e = enter(t, "MiniportOidRequest");
    arg(e, "Oid", oid);
    arg(e, "RequestType", type);
    arg(e, "InformationBufferLength", length);
    arg(e, "request", request);
    return e;
}

/* A synchronous answer carries the byte counts; a PENDING one does not. */
static event *oid_return(trace *t, int64_t st, int64_t needed)
{
    event *r = status(ret(t, "MiniportOidRequest"), st);
    if (st != PENDING) {
        arg(r, "BytesWritten", 0);
        arg(r, "BytesRead", 0);
        arg(r, "BytesNeeded", needed);
    }
    return r;
}

static void oid_complete(trace *t, int64_t request)
{
    event *c = ddi(t, "NdisMOidRequestComplete");
    arg(c, "request", request);
    arg(c, "Status", SUCCESS);
}

START_TEST(oid_pending_timeout)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 4);
    oid_return(&t, PENDING, 0);
    timeout(&t, "oid");
    expect_count(&t, "OID-PENDING-COMPLETE", 1);
}
END_TEST

START_TEST(oid_pending_end)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 4);
    oid_return(&t, PENDING, 0);
    tr_push(&t, EV_OP, "scenario_end");
    expect_count(&t, "OID-PENDING-COMPLETE", 1);
}
END_TEST

/* Pended then completed; completed inside the handler which answers PENDING;
 * answered synchronously: nothing to report. */
START_TEST(oid_completed)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 4);
    oid_return(&t, PENDING, 0);
    oid_complete(&t, 0x70000);
    oid_enter(&t, 0x71000, OID_PACKET_FILTER, 1, 4);
    oid_complete(&t, 0x71000);
    oid_return(&t, PENDING, 0);
    oid_enter(&t, 0x70000, OID_CURRENT_ADDRESS, 0, 6);
    oid_return(&t, SUCCESS, 0);
    tr_push(&t, EV_OP, "scenario_end");
    expect_only(&t, NULL);
}
END_TEST

/* A completion naming a request other than the pending one. */
START_TEST(oid_unsolicited_other_request)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 4);
    oid_return(&t, PENDING, 0);
    oid_complete(&t, 0x7F000);
    expect_count(&t, "OID-UNSOLICITED-COMPLETE", 1);
}
END_TEST

START_TEST(oid_unsolicited_second)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 4);
    oid_return(&t, PENDING, 0);
    oid_complete(&t, 0x70000);
    oid_complete(&t, 0x70000);
    expect_count(&t, "OID-UNSOLICITED-COMPLETE", 1);
}
END_TEST

/* Completed inside MiniportOidRequest, which then answers synchronously. */
START_TEST(oid_unsolicited_synchronous)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 4);
    oid_complete(&t, 0x70000);
    oid_return(&t, SUCCESS, 0);
    expect_count(&t, "OID-UNSOLICITED-COMPLETE", 1);
}
END_TEST

START_TEST(oid_bytes_needed_unset)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_CURRENT_ADDRESS, 0, 2);
    oid_return(&t, BUFFER_TOO_SHORT, 0);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 2);
    oid_return(&t, INVALID_LENGTH, 2);
    expect_count(&t, "OID-BYTES-NEEDED", 2);
}
END_TEST

/* SUCCESS for a 6-byte address in a 2-byte buffer, and for a ULONG OID in 3 bytes. */
START_TEST(oid_bytes_needed_short_success)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_CURRENT_ADDRESS, 0, 2);
    oid_return(&t, SUCCESS, 0);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 3);
    oid_return(&t, SUCCESS, 0);
    expect_count(&t, "OID-BYTES-NEEDED", 2);
}
END_TEST

START_TEST(oid_bytes_needed_correct)
{
    trace t;
    tr_init(&t);
    oid_enter(&t, 0x70000, OID_CURRENT_ADDRESS, 0, 2);
    oid_return(&t, BUFFER_TOO_SHORT, 6);
    oid_enter(&t, 0x70000, OID_PACKET_FILTER, 1, 2);
    oid_return(&t, INVALID_LENGTH, 4);
    oid_enter(&t, 0x70000, OID_CURRENT_ADDRESS, 0, 6);
    oid_return(&t, SUCCESS, 0);
    oid_enter(&t, 0x70000, 0x00FF0000, 0, 2);   /* an OID of unknown size */
    oid_return(&t, SUCCESS, 0);
    expect_only(&t, NULL);
}
END_TEST

static event *send_complete(trace *t, int64_t count, int64_t doubled, int64_t foreign, int64_t wrong)
{
    event *c = ddi(t, "NdisMSendNetBufferListsComplete");
    arg(c, "nbl", 0x90000);
    arg(c, "count", count);
    arg(c, "double", doubled);
    arg(c, "foreign", foreign);
    arg(c, "wrong_adapter", wrong);
    return c;
}

START_TEST(send_complete_once)
{
    trace t;
    tr_init(&t);
    send_complete(&t, 4, 0, 0, 0);
    send_complete(&t, 3, 3, 0, 0);
    send_complete(&t, 0, 0, 1, 0);
    send_complete(&t, 2, 0, 0, 2);
    send_complete(&t, 2, 1, 1, 1);   /* one finding per call */
    expect_count(&t, "SEND-COMPLETE-ONCE", 4);
}
END_TEST

START_TEST(send_not_completed)
{
    trace t;
    tr_init(&t);
    t.state = "Paused";
    event *o = tr_push(&t, EV_OP, "completion_timeout");
    sarg(o, "operation", "send");
    arg(o, "outstanding", 4);
    expect_count(&t, "SEND-NOT-COMPLETED", 1);
}
END_TEST

static void indicate(trace *t, int64_t held, int64_t foreign)
{
    event *e = ddi(t, "NdisMIndicateReceiveNetBufferLists");
    arg(e, "nbl", 0xA0000);
    arg(e, "count", 1);
    arg(e, "foreign", foreign);
    arg(e, "already_held", held);
}

START_TEST(receive_indicate_owned)
{
    trace t;
    tr_init(&t);
    indicate(&t, 0, 0);
    indicate(&t, 1, 0);
    indicate(&t, 0, 1);
    indicate(&t, 0, 0);
    expect_count(&t, "RECEIVE-INDICATE-OWNED", 2);
}
END_TEST

/* ---- loader errors ---- */

static char tmpdir[64];

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Loads checks/ plus a directory holding one rule file; returns the error or "". */
static const char *load_extra(const char *rule_yaml)
{
    static yerror err;
    strcpy(tmpdir, "/tmp/mpc-rules-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    write_file("extra.yaml", rule_yaml);
    const char *dirs[] = { "checks", tmpdir };
    ruleset *r = ruleset_load(dirs, 2, &err);
    if (r) {
        ruleset_free(r);
        err.text[0] = '\0';
    }
    remove_dir();
    return err.text;
}

#define RULE_HEAD_DOC(doc) \
    "rules:\n  - id: CUSTOM-ONE\n    severity: error\n    summary: s\n    doc: " doc "\n    message: m\n"
#define RULE_HEAD                                                                              \
    "rules:\n"                                                                                 \
    "  - id: CUSTOM-ONE\n"                                                                     \
    "    severity: error\n"                                                                    \
    "    summary: s\n"                                                                         \
    "    doc: {file: 000_69f3f19d2011d430.txt, passage: p}\n"                                  \
    "    message: m\n"

static void expect_error(const char *yaml, const char *where, const char *what)
{
    const char *e = load_extra(yaml);
    char want[256];
    snprintf(want, sizeof want, "%s/extra.yaml:%s: ", tmpdir, where);
    if (strncmp(e, want, strlen(want)) != 0 || !strstr(e, what))
        fprintf(stderr, "got '%s', want '%s...%s'\n", e, want, what);
    ck_assert(strncmp(e, want, strlen(want)) == 0);
    ck_assert_ptr_nonnull(strstr(e, what));
}

START_TEST(load_unknown_key)
{
    expect_error(RULE_HEAD "    colour: red\n"
                           "    pattern: {kind: ddi, name: NdisMSleep}\n",
                 "7:5", "unknown key 'colour'");
}
END_TEST

START_TEST(load_wrong_type)
{
    expect_error(RULE_HEAD "    pattern: [ddi]\n", "7:14", "pattern must be a map");
}
END_TEST

START_TEST(load_duplicate_id)
{
    expect_error("rules:\n"
                 "  - id: HALT-FREE-ALL\n"
                 "    severity: error\n"
                 "    summary: s\n"
                 "    doc: {file: 000_69f3f19d2011d430.txt, passage: p}\n"
                 "    message: m\n"
                 "    pattern: {kind: ddi}\n",
                 "2:9", "duplicate rule id 'HALT-FREE-ALL' (first defined at checks/halt.yaml:");
}
END_TEST

START_TEST(load_unknown_event_name)
{
    expect_error(RULE_HEAD "    pattern:\n"
                           "      kind: ddi\n"
                           "      name: NdisFrobnicate\n",
                 "9:13", "unknown event name 'NdisFrobnicate'");
}
END_TEST

START_TEST(load_unknown_event_kind)
{
    expect_error(RULE_HEAD "    pattern: {kind: call}\n", "7:21", "unknown event kind 'call'");
}
END_TEST

START_TEST(load_bad_regex)
{
    expect_error(RULE_HEAD "    pattern:\n"
                           "      kind: ddi\n"
                           "      where:\n"
                           "        callback: {matches: \"Miniport(\"}\n",
                 "10:29", "bad regular expression");
}
END_TEST

START_TEST(load_unknown_resource_kind)
{
    expect_error(RULE_HEAD "    analysis:\n"
                           "      name: leaks_at_halt\n"
                           "      params: {include: [memory, gpu]}\n",
                 "9:34", "unknown resource kind 'gpu'");
}
END_TEST

START_TEST(load_unknown_constant)
{
    expect_error(RULE_HEAD "    pattern:\n"
                           "      kind: return\n"
                           "      where: {status: NDIS_STATUS_SUCESS}\n",
                 "9:23", "unknown constant 'NDIS_STATUS_SUCESS'");
}
END_TEST

START_TEST(load_unknown_analysis_param)
{
    expect_error(RULE_HEAD "    analysis: {name: irql_limit, params: {max: 2}}\n", "7:43",
                 "unknown key 'max'");
}
END_TEST

START_TEST(load_missing_field)
{
    expect_error("rules:\n  - id: X-1\n    severity: error\n", "2:5", "missing required field 'summary'");
}
END_TEST

/* doc: a seed page must be in the pages: table; a page beyond the seeds
 * needs its title and an https address. */
START_TEST(load_doc_pages)
{
    expect_error(RULE_HEAD_DOC("{file: 009_nope.txt, passage: p}") "    pattern: {kind: ddi}\n", "5:17",
                 "doc.file '009_nope.txt' is not a seed page");
    expect_error(RULE_HEAD_DOC("{page: NdisStallExecution function (ndis.h), passage: p}") "    pattern: {kind: ddi}\n",
                 "5:10", "doc needs 'file' (a seed page) or both 'page' and 'url'");
    expect_error(RULE_HEAD_DOC("{page: P, url: learn.microsoft.com/x, passage: p}") "    pattern: {kind: ddi}\n",
                 "5:25", "doc.url must be an https:// address");
    const char *e = load_extra(RULE_HEAD_DOC("{page: P, url: \"https://learn.microsoft.com/x\", passage: p}")
                               "    fix: do it right\n    pattern: {kind: ddi}\n");
    ck_assert_msg(e[0] == 0, "%s", e);
}
END_TEST

START_TEST(load_unknown_placeholder)
{
    expect_error("rules:\n"
                 "  - id: CUSTOM-ONE\n"
                 "    severity: error\n"
                 "    summary: s\n"
                 "    doc: {file: 000_69f3f19d2011d430.txt, passage: p}\n"
                 "    message: \"{colour} thing\"\n"
                 "    pattern: {kind: ddi}\n",
                 "6:14", "unknown placeholder '{colour}'");
}
END_TEST

/* A rule in a second directory is loaded and judged with the others. */
START_TEST(second_directory_rule)
{
    yerror err;
    strcpy(tmpdir, "/tmp/mpc-rules-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    write_file("vendor.yaml", "rules:\n"
                              "  - id: VENDOR-NO-SLEEP\n"
                              "    severity: warning\n"
                              "    summary: no sleeping in restart\n"
                              "    doc: {file: 001_3d3456cccab0fa79.txt, passage: p}\n"
                              "    message: \"{name} slept {arg.MicrosecondsToSleep} us in {callback}\"\n"
                              "    pattern:\n"
                              "      kind: ddi\n"
                              "      name: NdisMSleep\n"
                              "      within: MiniportRestart\n");
    const char *dirs[] = { "checks", tmpdir };
    ruleset *two = ruleset_load(dirs, 2, &err);
    remove_dir();
    ck_assert_ptr_nonnull(two);
    ck_assert_ptr_nonnull(ruleset_find(two, "VENDOR-NO-SLEEP"));
    trace t;
    tr_init(&t);
    enter(&t, "MiniportRestart");
    arg(ddi(&t, "NdisMSleep"), "MicrosecondsToSleep", 77);
    status(ret(&t, "MiniportRestart"), SUCCESS);
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(two, &t.list, &out), 0);
    ck_assert_uint_eq(out.count, 1);
    ck_assert_str_eq(out.items[0].rule_id, "VENDOR-NO-SLEEP");
    ck_assert_str_eq(out.items[0].message, "NdisMSleep slept 77 us in MiniportRestart");
    ck_assert_uint_eq(out.items[0].event_index, 1);
    violation_list_free(&out);
    trace_free(&t);
    ruleset_free(two);
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
    ck_assert_int_eq(ruleset_evaluate(rs, &t.list, &out), 0);
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
    ck_assert_int_eq(ruleset_evaluate(rs, &t.list, &out), 0);
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

/* ---- the semantics behind the sample variants ---- */

/* Evaluates and checks that the set of rule ids found is exactly `ids`
 * (space separated, sorted, "" for none); returns the findings. */
static void expect_set(trace *t, const char *ids, violation_list *out)
{
    ck_assert_int_eq(ruleset_evaluate(rs, &t->list, out), 0);
    char found[512] = "";
    for (size_t i = 0; i < out->count; i++) {
        /* insertion into a sorted, de-duplicated list of words */
        const char *id = out->items[i].rule_id;
        char word[80];
        snprintf(word, sizeof word, " %s ", id);
        char padded[520];
        snprintf(padded, sizeof padded, " %s ", found);
        if (strstr(padded, word))
            continue;
        char next[512] = "";
        int placed = 0;
        char copy[512];
        snprintf(copy, sizeof copy, "%s", found);
        for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " ")) {
            size_t n = strlen(next);
            if (!placed && strcmp(id, tok) < 0) {
                snprintf(next + n, sizeof next - n, "%s%s", n ? " " : "", id);
                placed = 1;
                n = strlen(next);
            }
            snprintf(next + n, sizeof next - n, "%s%s", n ? " " : "", tok);
        }
        if (!placed) {
            size_t n = strlen(next);
            snprintf(next + n, sizeof next - n, "%s%s", n ? " " : "", id);
        }
        snprintf(found, sizeof found, "%s", next);
    }
    if (strcmp(found, ids) != 0)
        for (size_t i = 0; i < out->count; i++)
            fprintf(stderr, "found %s: %s\n", out->items[i].rule_id, out->items[i].message);
    ck_assert_str_eq(found, ids);
    trace_free(t);
}

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

START_TEST(spinlock_lock_arg)
{
    violation_list out = { 0 };
    trace t;
    /* the host's shape: acquire/release carry `lock`; Dpr acquire, plain release */
    tr_init(&t);
    ddi_h(&t, "NdisAllocateSpinLock", 0x20000);
    t.irql = 2;
    arg(enter(&t, "NetTimerCallback"), "timer", 0x40000);
    arg(ddi(&t, "NdisDprAcquireSpinLock"), "lock", 0x20000);
    arg(ddi(&t, "NdisReleaseSpinLock"), "lock", 0x20000);
    ret(&t, "NetTimerCallback");
    expect_set(&t, "IRQL-SPINLOCK-MISMATCH", &out);
    violation_list_free(&out);
    /* matched pairs, with the lock freed by `handle` */
    tr_init(&t);
    ddi_h(&t, "NdisAllocateSpinLock", 0x20000);
    arg(ddi(&t, "NdisAcquireSpinLock"), "lock", 0x20000);
    t.irql = 2;
    arg(ddi(&t, "NdisReleaseSpinLock"), "lock", 0x20000);
    arg(ddi(&t, "NdisDprAcquireSpinLock"), "lock", 0x20000);
    arg(ddi(&t, "NdisDprReleaseSpinLock"), "lock", 0x20000);
    t.irql = 0;
    ddi_h(&t, "NdisFreeSpinLock", 0x20000);
    expect_set(&t, "", &out);
    violation_list_free(&out);
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

START_TEST(port_messages_show_number)
{
    violation_list out = { 0 };
    trace t;
    tr_init(&t);
    /* the handle is unique per adapter, the number is what users know */
    event *a = status(ddi_h(&t, "NdisMAllocatePort", (1LL << 32) | 1), SUCCESS);
    arg(a, "PortNumber", 1);
    enter(&t, "MiniportHaltEx");
    ret(&t, "MiniportHaltEx");
    expect_set(&t, "PORT-FREE-BEFORE-HALT", &out);
    ck_assert_ptr_nonnull(strstr(out.items[0].message, "port 1 allocated by NdisMAllocatePort"));
    violation_list_free(&out);
    /* two adapters, same port numbers, distinct handles: no double free */
    tr_init(&t);
    for (int ad = 0; ad < 2; ad++) {
        event *e = status(ddi_h(&t, "NdisMAllocatePort", ((int64_t)(ad + 1) << 32) | 1), SUCCESS);
        arg(e, "PortNumber", 1);
        e->adapter = ad;
    }
    for (int ad = 0; ad < 2; ad++) {
        event *e = status(ddi_h(&t, "NdisMFreePort", ((int64_t)(ad + 1) << 32) | 1), SUCCESS);
        arg(e, "PortNumber", 1);
        e->adapter = ad;
    }
    expect_set(&t, "", &out);
    violation_list_free(&out);
}
END_TEST

START_TEST(load_bad_status_class)
{
    expect_error(RULE_HEAD "    pattern: {kind: return, where: {status: {class: fatal}}}\n", "7:53",
                 "class takes success, informational, warning or error");
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
        "IRQL-DDI-MAX", "IRQL-SPINLOCK-MISMATCH", "HOST-CRASH", "HOST-EXIT", "HOST-BUGCHECK", "HOST-HANG", "HOST-MEMORY-LIMIT", "HOST-CPU-LIMIT", "HOST-SANDBOX", "HOST-FLOOD", "POOL-PAGED-AT-DISPATCH", "POOL2-INVALID-REQUEST", "PAUSE-SENDS-OUTSTANDING", "RESET-STATION-ADDRESS",
        "MEM-GUARD-OVERRUN", "MEM-USE-AFTER-FREE", "MEM-ZERO-TAG", "PAUSE-PENDING-COMPLETE",
        "PAUSE-UNSOLICITED-COMPLETE", "OID-PENDING-COMPLETE", "OID-UNSOLICITED-COMPLETE", "OID-BYTES-NEEDED",
        "SEND-COMPLETE-ONCE", "SEND-NOT-COMPLETED", "RECEIVE-INDICATE-OWNED",
        "VALGRIND-INVALID-ACCESS", "VALGRIND-UNINITIALISED", "VALGRIND-INVALID-FREE", "VALGRIND-LEAK",
        "RES-FOREIGN-FREE-SPINLOCK", "RESET-COMPLETE-SPINLOCK", "SEND-COMPLETE-DISPATCH-FLAG",
        /* tested at their edges in test_rule_edges.c */
        "IRQL-CANCEL-PERIODIC-TIMER", "CALLBACK-RETURN-UNDOCUMENTED",
        "ATTRIBUTES-REGISTRATION-REVISION", "ATTRIBUTES-REVISION",   /* test_rule_edges8.c */ "CALLBACK-RETURN-UNLISTED", "STALL-50US", "HOST-LIMIT", "OID-COMPLETE-STATUS", "RESTART-COMPLETE-STATUS",
        /* tested with a hostile sample in test_sandbox.c (and the host side in test_host_callbacks.c) */
        "CALLBACK-UNWOUND",
        /* with hostile drivers in test_channel.c */
        "HOST-TRACE-INTEGRITY",
    };
    size_t n = sizeof ids / sizeof ids[0];
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(ruleset_find(rs, ids[i]) != NULL, "missing rule %s", ids[i]);
    ck_assert_uint_eq(ruleset_count(rs), n);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(ruleset_print_explain(rs, "RESET-STALL-50US", f), 0);
    ck_assert_int_eq(ruleset_print_explain(rs, "NO-SUCH-RULE", f), -1);
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
    ck_assert_int_eq(ruleset_print_explain(rs, "HOST-BUGCHECK", f), 0);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-kebugcheckex"));
    ck_assert_ptr_null(strstr(buf, "seeds/wdm"));
    free(buf);
}
END_TEST

static Suite *rules_suite(void)
{
    Suite *s = suite_create("rules");
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
    tcase_add_test(per_rule, reset_status);
    tcase_add_test(per_rule, reset_pending_complete);
    tcase_add_test(per_rule, reset_unsolicited);
    tcase_add_test(per_rule, reset_in_progress_false);
    tcase_add_test(per_rule, reset_errorlog);
    tcase_add_test(per_rule, reset_stall);
    tcase_add_test(per_rule, reset_no_reset_indication);
    tcase_add_test(per_rule, reset_requests_completed);
    tcase_add_test(per_rule, reset_link_state);
    tcase_add_test(per_rule, port_free_before_halt);
    tcase_add_test(per_rule, port_deactivate_before_free);
    tcase_add_test(per_rule, port_no_free_default);
    tcase_add_test(per_rule, port_invalid_number);
    tcase_add_test(per_rule, init_registration_attributes);
    tcase_add_test(per_rule, init_general_attributes);
    tcase_add_test(per_rule, init_fail_release);
    tcase_add_test(per_rule, init_alloc_order);
    tcase_add_test(per_rule, init_interrupt_last);
    tcase_add_test(per_rule, irql_ddi_max);
    tcase_add_test(per_rule, irql_spinlock_mismatch);
    tcase_add_test(per_rule, host_crash);
    tcase_add_test(per_rule, host_exit);
    tcase_add_test(per_rule, host_bugcheck);
    tcase_add_test(per_rule, pool_paged_at_dispatch);
    tcase_add_test(per_rule, pool2_invalid_request);
    tcase_add_test(per_rule, host_hang);
    tcase_add_test(per_rule, host_memory_limit);
    tcase_add_test(per_rule, host_cpu_limit);
    tcase_add_test(per_rule, host_sandbox);
    tcase_add_test(per_rule, host_flood);
    tcase_add_test(per_rule, reset_link_state_after_hard_errors);
    tcase_add_test(per_rule, init_registration_attributes_refused);
    tcase_add_test(per_rule, irql_spinlock_acquired_twice);
    tcase_add_test(per_rule, pause_sends_outstanding);
    tcase_add_test(per_rule, reset_station_address);
    tcase_add_test(per_rule, restart_attributes_of_ndis_may_be_freed);
    tcase_add_test(per_rule, irql_spinlock_freed_while_held);
    tcase_add_test(per_rule, mem_guard_overrun);
    tcase_add_test(per_rule, mem_use_after_free);
    tcase_add_test(per_rule, mem_zero_tag);
    tcase_add_test(per_rule, clean_trace);
    tcase_add_test(per_rule, message_fields);
    tcase_add_test(per_rule, every_rule_tested_exists);
    tcase_add_test(per_rule, release_order_ignores_leak);
    tcase_add_test(per_rule, ownership_transfer_is_a_release);
    tcase_add_test(per_rule, restart_failure_completed_later);
    tcase_add_test(per_rule, exit_and_signal_apart);
    tcase_add_test(per_rule, spinlock_lock_arg);
    tcase_add_test(per_rule, link_state_without_prior_connect);
    tcase_add_test(per_rule, calls_after_halt);
    tcase_add_test(per_rule, port_messages_show_number);
    tcase_add_test(per_rule, pause_pending_timeout);
    tcase_add_test(per_rule, pause_pending_end);
    tcase_add_test(per_rule, pause_completed);
    tcase_add_test(per_rule, pause_unsolicited_second);
    tcase_add_test(per_rule, pause_unsolicited_after_success);
    tcase_add_test(per_rule, oid_pending_timeout);
    tcase_add_test(per_rule, oid_pending_end);
    tcase_add_test(per_rule, oid_completed);
    tcase_add_test(per_rule, oid_unsolicited_other_request);
    tcase_add_test(per_rule, oid_unsolicited_second);
    tcase_add_test(per_rule, oid_unsolicited_synchronous);
    tcase_add_test(per_rule, oid_bytes_needed_unset);
    tcase_add_test(per_rule, oid_bytes_needed_short_success);
    tcase_add_test(per_rule, oid_bytes_needed_correct);
    tcase_add_test(per_rule, send_complete_once);
    tcase_add_test(per_rule, send_not_completed);
    tcase_add_test(per_rule, receive_indicate_owned);
    suite_add_tcase(s, per_rule);

    TCase *loader = tcase_create("loader");
    tcase_add_test(loader, load_unknown_key);
    tcase_add_test(loader, load_wrong_type);
    tcase_add_test(loader, load_duplicate_id);
    tcase_add_test(loader, load_unknown_event_name);
    tcase_add_test(loader, load_unknown_event_kind);
    tcase_add_test(loader, load_bad_regex);
    tcase_add_test(loader, load_unknown_resource_kind);
    tcase_add_test(loader, load_unknown_constant);
    tcase_add_test(loader, load_unknown_analysis_param);
    tcase_add_test(loader, load_missing_field);
    tcase_add_test(loader, load_unknown_placeholder);
    tcase_add_test(loader, load_doc_pages);
    tcase_add_test(loader, second_directory_rule);
    tcase_add_test(loader, load_bad_status_class);
    suite_add_tcase(s, loader);
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
