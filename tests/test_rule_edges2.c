/* The halt, reset, port and data-path rules pinned at their edges (the
 * timers, return values, stalls and completions are in test_rule_edges.c):
 * each boundary on both sides, the scope, the state and status lists, and
 * the number of findings per scenario.  Each test quotes the sentence the
 * rule enforces and names its page. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_builder.h"

#define INVALID_DATA 0xC0010015

/* Evaluates t (and frees it) into out. */
static void judge(trace *t, violation_list *out)
{
    memset(out, 0, sizeof *out);
    ck_assert_int_eq(ruleset_evaluate(tb_rules, &t->list, out), 0);
    trace_free(t);
}

/* The findings of id in t (freed); every other rule must be silent. */
static size_t only(trace *t, const char *id)
{
    violation_list out;
    judge(t, &out);
    size_t n = tb_count(&out, id);
    for (size_t i = 0; i < out.count; i++)
        ck_assert_msg(strcmp(out.items[i].rule_id, id) == 0, "unexpected %s: %s", out.items[i].rule_id,
                      out.items[i].message);
    violation_list_free(&out);
    return n;
}

/* The findings of id in t (freed), whatever other rules report. */
static size_t count_of(trace *t, const char *id)
{
    violation_list out;
    judge(t, &out);
    size_t n = tb_count(&out, id);
    violation_list_free(&out);
    return n;
}

static void alloc_mem(trace *t, int64_t h)
{
    status(ddi_h(t, "NdisAllocateMemoryWithTagPriority", h), SUCCESS);
}

static void free_mem(trace *t, int64_t h)
{
    ddi_h(t, "NdisFreeMemory", h);
}

/* A successful MiniportInitializeEx that allocates memory 0x1000. */
static void initialized(trace *t)
{
    t->state = "Initializing";
    enter(t, "MiniportInitializeEx");
    alloc_mem(t, 0x1000);
    attributes_set(ddi(t, "NdisMSetMiniportAttributes"), 0x9E);   /* registration */
    attributes_set(ddi(t, "NdisMSetMiniportAttributes"), 0x9F);   /* general */
    status(ret(t, "MiniportInitializeEx"), SUCCESS);
    t->state = "Paused";
}

static void halt_begin(trace *t)
{
    t->state = "Paused";
    enter(t, "MiniportHaltEx");
}

static void halt_end(trace *t)
{
    ret(t, "MiniportHaltEx");
    t->state = "Halted";
}

/* ---- HALT-FREE-ALL ---- */

/* MINIPORT_HALT callback function (ndis.h): "MiniportHaltEx must free all
 * resources that were allocated in MiniportInitializeEx for a device.
 * MiniportHaltEx also frees any other resources that the driver allocated
 * in subsequent operations for that device." */
START_TEST(halt_free_all_edges)
{
    trace t;
    tr_init(&t);                      /* freed in Halt: clean */
    initialized(&t);
    halt_begin(&t);
    free_mem(&t, 0x1000);
    halt_end(&t);
    ck_assert_uint_eq(only(&t, "HALT-FREE-ALL"), 0);

    tr_init(&t);                      /* not freed: one finding per resource */
    initialized(&t);
    halt_begin(&t);
    halt_end(&t);
    ck_assert_uint_eq(only(&t, "HALT-FREE-ALL"), 1);

    tr_init(&t);                      /* allocated in a later Restart, not freed */
    initialized(&t);
    t.state = "Restarting";
    enter(&t, "MiniportRestart");
    alloc_mem(&t, 0x2000);
    alloc_mem(&t, 0x3000);
    status(ret(&t, "MiniportRestart"), SUCCESS);
    halt_begin(&t);
    free_mem(&t, 0x1000);
    halt_end(&t);
    ck_assert_uint_eq(only(&t, "HALT-FREE-ALL"), 2);

    tr_init(&t);                      /* an allocation that failed holds nothing */
    initialized(&t);
    status(ddi_h(&t, "NdisAllocateMemoryWithTagPriority", 0x4000), RESOURCES);
    halt_begin(&t);
    free_mem(&t, 0x1000);
    halt_end(&t);
    ck_assert_uint_eq(only(&t, "HALT-FREE-ALL"), 0);
}
END_TEST

/* when: halt only: a failed MiniportInitializeEx that leaks is
 * INIT-FAIL-RELEASE (MINIPORT_INITIALIZE), never HALT-FREE-ALL. */
START_TEST(halt_free_all_scope_is_halt)
{
    trace t;
    tr_init(&t);
    t.state = "Initializing";
    enter(&t, "MiniportInitializeEx");
    alloc_mem(&t, 0x1000);
    status(ret(&t, "MiniportInitializeEx"), RESOURCES);
    t.state = "Halted";
    ck_assert_uint_eq(only(&t, "INIT-FAIL-RELEASE"), 1);
}
END_TEST

/* ---- HALT-DEREGISTER-INTERRUPT ---- */

/* MINIPORT_HALT: "Such a driver's MiniportHaltEx function should disable
 * interrupts, and call NdisMDeregisterInterruptEx as soon as possible."
 * An interrupt left registered is this rule only (it supersedes
 * HALT-FREE-ALL); other leaks stay HALT-FREE-ALL. */
START_TEST(halt_deregister_interrupt_edges)
{
    trace t;
    tr_init(&t);
    initialized(&t);
    status(ddi_h(&t, "NdisMRegisterInterruptEx", 0x5000), SUCCESS);
    halt_begin(&t);
    ddi_h(&t, "NdisMDeregisterInterruptEx", 0x5000);
    free_mem(&t, 0x1000);
    halt_end(&t);
    ck_assert_uint_eq(only(&t, "HALT-DEREGISTER-INTERRUPT"), 0);

    tr_init(&t);
    initialized(&t);
    status(ddi_h(&t, "NdisMRegisterInterruptEx", 0x5000), SUCCESS);
    halt_begin(&t);
    free_mem(&t, 0x1000);
    halt_end(&t);
    ck_assert_uint_eq(only(&t, "HALT-DEREGISTER-INTERRUPT"), 1);

    tr_init(&t);                      /* both leaked: one finding each rule */
    initialized(&t);
    status(ddi_h(&t, "NdisMRegisterInterruptEx", 0x5000), SUCCESS);
    halt_begin(&t);
    halt_end(&t);
    violation_list out;
    judge(&t, &out);
    ck_assert_uint_eq(tb_count(&out, "HALT-DEREGISTER-INTERRUPT"), 1);
    ck_assert_uint_eq(tb_count(&out, "HALT-FREE-ALL"), 1);
    ck_assert_uint_eq(out.count, 2);
    violation_list_free(&out);
}
END_TEST

/* ---- HALT-CANCEL-TIMERS ---- */

static void set_timer(trace *t, int64_t timer, int64_t period_ms)
{
    event *e = ddi(t, "NdisSetTimerObject");
    arg(e, "timer", timer);
    arg(e, "MillisecondsPeriod", period_ms);
    status(e, 0);
}

static void fire(trace *t, int64_t timer)
{
    int irql = t->irql;
    t->irql = 2;
    arg(enter(t, "NetTimerCallback"), "timer", timer);
    ret(t, "NetTimerCallback");
    t->irql = irql;
}

/* MINIPORT_HALT: "If the driver has a NetTimerCallback function that is
 * associated with a timer object that could be in the system timer queue,
 * MiniportHaltEx should call the NdisCancelTimerObject function." */
static trace timer_then_halt(int64_t period_ms, int fired, int cancelled)
{
    trace t;
    tr_init(&t);
    set_timer(&t, 0x40000, period_ms);
    if (fired)
        fire(&t, 0x40000);
    halt_begin(&t);
    if (cancelled) {
        event *e = ddi(&t, "NdisCancelTimerObject");
        arg(e, "timer", 0x40000);
        arg(e, "periodic", period_ms > 0);
        status(e, 1);
    }
    halt_end(&t);
    return t;
}

START_TEST(halt_cancel_timers_edges)
{
    trace t = timer_then_halt(0, 0, 0);      /* one-shot still queued */
    ck_assert_uint_eq(only(&t, "HALT-CANCEL-TIMERS"), 1);
    t = timer_then_halt(0, 1, 0);            /* one-shot already fired: out of the queue */
    ck_assert_uint_eq(only(&t, "HALT-CANCEL-TIMERS"), 0);
    t = timer_then_halt(0, 0, 1);            /* cancelled */
    ck_assert_uint_eq(only(&t, "HALT-CANCEL-TIMERS"), 0);
    t = timer_then_halt(1, 1, 0);            /* periodic: firing leaves it queued */
    ck_assert_uint_eq(only(&t, "HALT-CANCEL-TIMERS"), 1);
    t = timer_then_halt(1, 1, 1);
    ck_assert_uint_eq(only(&t, "HALT-CANCEL-TIMERS"), 0);

    /* one finding per timer, at the Halt that ends it, not per event */
    tr_init(&t);
    set_timer(&t, 0x40000, 0);
    set_timer(&t, 0x40000, 0);
    set_timer(&t, 0x50000, 0);
    halt_begin(&t);
    halt_end(&t);
    ck_assert_uint_eq(only(&t, "HALT-CANCEL-TIMERS"), 2);

    /* no Halt: the scenario's end is not this rule's end */
    tr_init(&t);
    set_timer(&t, 0x40000, 0);
    ck_assert_uint_eq(only(&t, "HALT-CANCEL-TIMERS"), 0);
}
END_TEST

/* ---- HALT-NO-CALLS-AFTER ---- */

/* MINIPORT_HALT: "This function puts the miniport into the Halted state,
 * where no other callback can occur (including MiniportShutdownEx)." */
START_TEST(halt_no_calls_after_edges)
{
    trace t;
    tr_init(&t);                      /* calls inside Halt are fine */
    halt_begin(&t);
    ddi(&t, "NdisMSleep");
    halt_end(&t);
    ck_assert_uint_eq(only(&t, "HALT-NO-CALLS-AFTER"), 0);

    tr_init(&t);                      /* one finding per Halt, however many calls */
    halt_begin(&t);
    halt_end(&t);
    ddi(&t, "NdisMSleep");
    enter(&t, "MiniportShutdownEx");
    ret(&t, "MiniportShutdownEx");
    ck_assert_uint_eq(only(&t, "HALT-NO-CALLS-AFTER"), 1);

    tr_init(&t);                      /* a new Initialize makes the adapter live again */
    halt_begin(&t);
    halt_end(&t);
    initialized(&t);
    halt_begin(&t);
    free_mem(&t, 0x1000);
    halt_end(&t);
    ck_assert_uint_eq(only(&t, "HALT-NO-CALLS-AFTER"), 0);

    tr_init(&t);                      /* ...and each Halt after it is judged again */
    halt_begin(&t);
    halt_end(&t);
    ddi(&t, "NdisMSleep");
    initialized(&t);
    halt_begin(&t);
    free_mem(&t, 0x1000);
    halt_end(&t);
    ddi(&t, "NdisMSleep");
    ck_assert_uint_eq(only(&t, "HALT-NO-CALLS-AFTER"), 2);
}
END_TEST

/* ---- RESET-PENDING-COMPLETE / RESET-UNSOLICITED-COMPLETE ---- */

static event *reset_complete(trace *t, int64_t locks_held)
{
    event *e = ddi(t, "NdisMResetComplete");
    arg(e, "Status", SUCCESS);
    if (locks_held >= 0)
        arg(e, "spin_locks_held", locks_held);
    return e;
}

static void reset_returns(trace *t, int64_t st, int complete_inside)
{
    enter(t, "MiniportResetEx");
    if (complete_inside)
        reset_complete(t, 0);
    status(ret(t, "MiniportResetEx"), st);
}

/* MINIPORT_RESET: "If MiniportResetEx returns NDIS_STATUS_PENDING, the
 * driver must complete the reset by calling the NdisMResetComplete
 * function." and "The driver will complete the reset operation
 * asynchronously by calling the NdisMResetComplete function when the
 * operation is done." */
START_TEST(reset_completion_edges)
{
    trace t;
    tr_init(&t);                      /* PENDING, then completed */
    reset_returns(&t, PENDING, 0);
    reset_complete(&t, 0);
    ck_assert_uint_eq(only(&t, "RESET-PENDING-COMPLETE"), 0);

    tr_init(&t);                      /* PENDING, the host gives up */
    reset_returns(&t, PENDING, 0);
    arg(tr_push(&t, EV_OP, "completion_timeout"), "operation", 0);
    sarg(&t.list.items[t.list.count - 1], "operation", "reset");
    ck_assert_uint_eq(count_of(&t, "RESET-PENDING-COMPLETE"), 1);

    tr_init(&t);                      /* a timeout of another operation is not the reset's */
    reset_returns(&t, PENDING, 0);
    sarg(tr_push(&t, EV_OP, "completion_timeout"), "operation", "pause");
    reset_complete(&t, 0);
    ck_assert_uint_eq(count_of(&t, "RESET-PENDING-COMPLETE"), 0);

    tr_init(&t);                      /* completed inside, then PENDING: fine */
    reset_returns(&t, PENDING, 1);
    ck_assert_uint_eq(only(&t, "RESET-UNSOLICITED-COMPLETE"), 0);

    tr_init(&t);                      /* completed inside, then SUCCESS: unsolicited */
    reset_returns(&t, SUCCESS, 1);
    ck_assert_uint_eq(only(&t, "RESET-UNSOLICITED-COMPLETE"), 1);

    tr_init(&t);                      /* SUCCESS, completed after: unsolicited, once per call */
    reset_returns(&t, SUCCESS, 0);
    reset_complete(&t, 0);
    reset_complete(&t, 0);
    ck_assert_uint_eq(only(&t, "RESET-UNSOLICITED-COMPLETE"), 2);

    tr_init(&t);                      /* a second completion of a pended reset */
    reset_returns(&t, PENDING, 0);
    reset_complete(&t, 0);
    reset_complete(&t, 0);
    ck_assert_uint_eq(only(&t, "RESET-UNSOLICITED-COMPLETE"), 1);
}
END_TEST

/* ---- RESET-COMPLETE-SPINLOCK ---- */

/* NdisMResetComplete function (NDIS 6.x),
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nf-ndis-ndismresetcomplete-r1:
 * "A miniport driver must release any spin lock that it is holding before
 * calling NdisMResetComplete." */
START_TEST(reset_complete_spinlock_edges)
{
    static const struct { int64_t held; size_t findings; } cases[] = {
        { -1, 0 },   /* a trace without the count (older host): not judged */
        { 0, 0 },
        { 1, 1 },
        { 3, 1 },    /* one finding per call, however many locks */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        trace t;
        tr_init(&t);
        reset_returns(&t, PENDING, 0);
        t.irql = 2;
        reset_complete(&t, cases[i].held);
        ck_assert_msg(only(&t, "RESET-COMPLETE-SPINLOCK") == cases[i].findings, "case %zu", i);
    }
    /* a completion with a lock held that is also unsolicited: both rules */
    trace t;
    tr_init(&t);
    reset_returns(&t, SUCCESS, 0);
    reset_complete(&t, 1);
    violation_list out;
    judge(&t, &out);
    ck_assert_uint_eq(tb_count(&out, "RESET-COMPLETE-SPINLOCK"), 1);
    ck_assert_uint_eq(tb_count(&out, "RESET-UNSOLICITED-COMPLETE"), 1);
    ck_assert_uint_eq(out.count, 2);
    violation_list_free(&out);
}
END_TEST

/* ---- SEND-COMPLETE-DISPATCH-FLAG ---- */

/* Dispatch IRQL Tracking,
 * https://learn.microsoft.com/windows-hardware/drivers/network/dispatch-irql-tracking:
 * "If the current IRQL is unknown, or the caller is not running at
 * DISPATCH_LEVEL, the caller should clear this flag." */
START_TEST(send_complete_dispatch_flag_edges)
{
    static const struct { int irql; int flag; size_t findings; } cases[] = {
        { 2, 1, 0 },   /* at DISPATCH_LEVEL: the flag is right */
        { 1, 1, 1 },   /* just below it */
        { 0, 1, 1 },
        { 0, 0, 0 },
        { 2, 0, 0 },   /* at DISPATCH_LEVEL without the flag: allowed */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        trace t;
        tr_init(&t);
        t.irql = cases[i].irql;
        event *e = ddi(&t, "NdisMSendNetBufferListsComplete");
        arg(e, "nbl", 0x9000);
        arg(e, "count", 1);
        arg(e, "dispatch_flag", cases[i].flag);
        ck_assert_msg(only(&t, "SEND-COMPLETE-DISPATCH-FLAG") == cases[i].findings, "case %zu", i);
    }
    trace t;                          /* one finding per call */
    tr_init(&t);
    for (int i = 0; i < 3; i++) {
        event *e = ddi(&t, "NdisMSendNetBufferListsComplete");
        arg(e, "nbl", 0x9000 + i);
        arg(e, "dispatch_flag", 1);
    }
    ck_assert_uint_eq(only(&t, "SEND-COMPLETE-DISPATCH-FLAG"), 3);
}
END_TEST

/* ---- ports ---- */

static void alloc_port(trace *t, int64_t handle, int64_t number)
{
    event *e = ddi_h(t, "NdisMAllocatePort", handle);
    arg(e, "PortNumber", number);
    status(e, SUCCESS);
}

static trace free_port(int64_t number, int64_t answer)
{
    trace t;
    tr_init(&t);
    alloc_port(&t, 0x7000, 1);
    event *e = ddi_h(&t, "NdisMFreePort", 0x7000);
    arg(e, "PortNumber", number);
    status(e, answer);
    return t;
}

/* NdisMFreePort function (ndis.h): NDIS_STATUS_INVALID_PORT_STATE "The
 * port is activated. NDIS can only free ports that are not activated.";
 * "NDIS could not free the resources for the port because the port number
 * was invalid."; and the default port is NDIS's, never the miniport's. */
START_TEST(port_free_status_edges)
{
    trace t = free_port(1, SUCCESS);
    ck_assert_uint_eq(only(&t, "PORT-INVALID-NUMBER"), 0);
    t = free_port(1, INVALID_PORT);
    ck_assert_uint_eq(only(&t, "PORT-INVALID-NUMBER"), 1);
    t = free_port(1, INVALID_DATA);
    ck_assert_uint_eq(only(&t, "PORT-INVALID-NUMBER"), 1);
    t = free_port(1, INVALID_PORT_STATE);
    ck_assert_uint_eq(only(&t, "PORT-DEACTIVATE-BEFORE-FREE"), 1);
    t = free_port(1, FAILURE);          /* an error outside both lists */
    ck_assert_uint_eq(only(&t, "PORT-INVALID-NUMBER"), 0);
    t = free_port(0, INVALID_PORT);     /* the default port: its own rule, not also invalid */
    ck_assert_uint_eq(only(&t, "PORT-NO-FREE-DEFAULT"), 1);
    t = free_port(0, SUCCESS);
    ck_assert_uint_eq(count_of(&t, "PORT-NO-FREE-DEFAULT"), 1);
}
END_TEST

/* MINIPORT_HALT / NdisMFreePort: ports the miniport allocated must be freed
 * before MiniportHaltEx returns; a port leaked is PORT-FREE-BEFORE-HALT,
 * never also HALT-FREE-ALL (it excludes ports). */
START_TEST(port_free_before_halt_edges)
{
    trace t;
    tr_init(&t);
    initialized(&t);
    alloc_port(&t, 0x7000, 1);
    alloc_port(&t, 0x7100, 2);
    halt_begin(&t);
    event *e = ddi_h(&t, "NdisMFreePort", 0x7000);
    arg(e, "PortNumber", 1);
    status(e, SUCCESS);
    free_mem(&t, 0x1000);
    halt_end(&t);
    ck_assert_uint_eq(only(&t, "PORT-FREE-BEFORE-HALT"), 1);

    tr_init(&t);
    initialized(&t);
    alloc_port(&t, 0x7000, 1);
    halt_begin(&t);
    e = ddi_h(&t, "NdisMFreePort", 0x7000);
    arg(e, "PortNumber", 1);
    status(e, INVALID_PORT_STATE);      /* refused: the port is still held */
    free_mem(&t, 0x1000);
    halt_end(&t);
    violation_list out;
    judge(&t, &out);
    ck_assert_uint_eq(tb_count(&out, "PORT-FREE-BEFORE-HALT"), 1);
    ck_assert_uint_eq(tb_count(&out, "PORT-DEACTIVATE-BEFORE-FREE"), 1);
    ck_assert_uint_eq(out.count, 2);
    violation_list_free(&out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rule_edges2");
    struct { const char *name; const TTest *tests[8]; } cases[] = {
        { "halt", { halt_free_all_edges, halt_free_all_scope_is_halt, halt_deregister_interrupt_edges,
                    halt_cancel_timers_edges, halt_no_calls_after_edges } },
        { "reset", { reset_completion_edges, reset_complete_spinlock_edges } },
        { "datapath", { send_complete_dispatch_flag_edges } },
        { "ports", { port_free_status_edges, port_free_before_halt_edges } },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_add_checked_fixture(tc, tb_rules_load, tb_rules_unload);
        for (size_t k = 0; k < 8 && cases[i].tests[k]; k++)
            tcase_add_test(tc, cases[i].tests[k]);
        suite_add_tcase(s, tc);
    }
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
