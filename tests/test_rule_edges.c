/* The rules of issue 9 pinned at their edges: each boundary on both sides,
 * the scope (the same call elsewhere is not a finding), the state and
 * status lists, and the number of findings per scenario.  Each test quotes
 * the WDK sentence the rule enforces and names its page. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_builder.h"

static ruleset *rs;

static void load(void)
{
    rs = tb_load_checks();
}

static void unload(void)
{
    ruleset_free(rs);
    rs = NULL;
}

/* Evaluates t (and frees it); returns the findings of rule id, and checks
 * that no other rule reported anything. */
static size_t findings_of(trace *t, const char *id)
{
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(rs, &t->list, &out), 0);
    size_t n = tb_count(&out, id);
    for (size_t i = 0; i < out.count; i++)
        ck_assert_msg(strcmp(out.items[i].rule_id, id) == 0, "unexpected %s: %s", out.items[i].rule_id,
                      out.items[i].message);
    violation_list_free(&out);
    trace_free(t);
    return n;
}

/* ---- timers ---- */

static void set_timer(trace *t, int64_t timer, int64_t period_ms)
{
    event *e = ddi(t, "NdisSetTimerObject");
    arg(e, "timer", timer);
    arg(e, "MillisecondsPeriod", period_ms);
    status(e, 0);
}

static event *cancel_timer(trace *t, int64_t timer, int periodic, int answer)
{
    event *e = ddi(t, "NdisCancelTimerObject");
    arg(e, "timer", timer);
    arg(e, "periodic", periodic);
    return status(e, answer);
}

/* NdisCancelTimerObject function (ndis.h),
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nf-ndis-ndiscanceltimerobject:
 * "If the caller of NdisCancelTimerObject is canceling a periodic timer, it
 * must be running at IRQL = PASSIVE_LEVEL.  Otherwise, the caller of
 * NdisCancelTimerObject should be running at IRQL <= DISPATCH_LEVEL." */
START_TEST(cancel_periodic_irql_edges)
{
    static const struct { int irql, periodic; size_t findings; } cases[] = {
        { 0, 1, 0 },   /* periodic at PASSIVE_LEVEL: the one level allowed */
        { 1, 1, 1 },   /* periodic at APC_LEVEL: already above it */
        { 2, 1, 1 },   /* periodic at DISPATCH_LEVEL */
        { 2, 0, 0 },   /* one-shot at DISPATCH_LEVEL: its maximum */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        trace t;
        tr_init(&t);
        t.irql = cases[i].irql;
        cancel_timer(&t, 0x40000, cases[i].periodic, 1);
        ck_assert_msg(findings_of(&t, "IRQL-CANCEL-PERIODIC-TIMER") == cases[i].findings, "case %zu", i);
    }
    /* a one-shot cancel above DISPATCH_LEVEL is the table's rule, not this one */
    trace t;
    tr_init(&t);
    t.irql = 3;
    cancel_timer(&t, 0x40000, 0, 1);
    ck_assert_uint_eq(findings_of(&t, "IRQL-DDI-MAX"), 1);
}
END_TEST

START_TEST(cancel_periodic_one_finding_per_call)
{
    trace t;
    tr_init(&t);
    t.irql = 2;
    cancel_timer(&t, 0x40000, 1, 1);
    cancel_timer(&t, 0x40000, 1, 0);
    cancel_timer(&t, 0x50000, 1, 1);
    ck_assert_uint_eq(findings_of(&t, "IRQL-CANCEL-PERIODIC-TIMER"), 3);
}
END_TEST

/* Same page: "If the caller of NdisCancelTimerObject is canceling a
 * periodic timer, NdisCancelTimerObject calls KeFlushQueuedDpcs to ensure
 * that the timer is not currently running. ... If the caller of
 * NdisCancelTimerObject is canceling a one-shot timer, the caller needs a
 * separate synchronization mechanism".  So HALT-WAIT-TIMER-FUNCTION (seed
 * MINIPORT_HALT: "If NdisCancelTimerObject fails, the timer could have
 * already fired. In this case, the driver should wait for the timer
 * function to complete") applies to one-shot timers only. */
static trace halt_with_timer(int64_t period_ms, int cancel_answer, int fired_before_halt, int waits)
{
    trace t;
    tr_init(&t);
    set_timer(&t, 0x40000, period_ms);
    if (fired_before_halt) {
        t.irql = 2;
        arg(enter(&t, "NetTimerCallback"), "timer", 0x40000);
    }
    t.irql = 0;
    enter(&t, "MiniportHaltEx");
    cancel_timer(&t, 0x40000, period_ms > 0, cancel_answer);
    if (fired_before_halt && waits)
        ret(&t, "NetTimerCallback");   /* the run ends while Halt waits (NdisMSleep) */
    ret(&t, "MiniportHaltEx");
    return t;
}

START_TEST(halt_wait_timer_function_one_shot_only)
{
    trace t = halt_with_timer(0, 0, 1, 0);        /* one-shot, FALSE, Halt did not wait */
    ck_assert_uint_eq(findings_of(&t, "HALT-WAIT-TIMER-FUNCTION"), 1);
    t = halt_with_timer(0, 0, 1, 1);              /* one-shot, FALSE, Halt waited */
    ck_assert_uint_eq(findings_of(&t, "HALT-WAIT-TIMER-FUNCTION"), 0);
    t = halt_with_timer(0, 1, 0, 0);              /* one-shot, TRUE: nothing will run */
    ck_assert_uint_eq(findings_of(&t, "HALT-WAIT-TIMER-FUNCTION"), 0);
    t = halt_with_timer(500, 1, 0, 0);            /* periodic: NDIS flushes */
    ck_assert_uint_eq(findings_of(&t, "HALT-WAIT-TIMER-FUNCTION"), 0);
    t = halt_with_timer(500, 0, 1, 0);            /* periodic, even answered FALSE */
    ck_assert_uint_eq(findings_of(&t, "HALT-WAIT-TIMER-FUNCTION"), 0);
}
END_TEST

static Suite *edges_suite(void)
{
    Suite *s = suite_create("rule_edges");
    TCase *tc = tcase_create("timers");
    tcase_add_checked_fixture(tc, load, unload);
    tcase_add_test(tc, cancel_periodic_irql_edges);
    tcase_add_test(tc, cancel_periodic_one_finding_per_call);
    tcase_add_test(tc, halt_wait_timer_function_one_shot_only);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(edges_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
