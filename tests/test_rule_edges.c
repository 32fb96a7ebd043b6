/* The rules of issue 9 pinned at their edges: each boundary on both sides,
 * the scope (the same call elsewhere is not a finding), the state and
 * status lists, and the number of findings per scenario.  Each test quotes
 * the WDK sentence the rule enforces and names its page. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace_builder.h"

/* Evaluates t (and frees it); returns the findings of rule id, and checks
 * that no other rule reported anything. */
static size_t findings_of(trace *t, const char *id)
{
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(tb_rules, &t->list, &out), 0);
    size_t n = tb_count(&out, id);
    for (size_t i = 0; i < out.count; i++)
        ck_assert_msg(strcmp(out.items[i].rule_id, id) == 0, "unexpected %s: %s", out.items[i].rule_id,
                      out.items[i].message);
    violation_list_free(&out);
    trace_free(t);
    return n;
}

/* The findings of rule id in t (freed), whatever other rules say: a PENDING
 * answer left uncompleted is another rule's business. */
static size_t count_of(trace *t, const char *id)
{
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(tb_rules, &t->list, &out), 0);
    size_t n = tb_count(&out, id);
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

/* ---- callback return values (checks/tables/returns.yaml) ---- */

/* One call of callback answered with value; returns the findings of id and
 * checks no other rule fired. */
static size_t returned(const char *callback, int64_t value, const char *id)
{
    trace t;
    tr_init(&t);
    enter(&t, callback);
    status(ret(&t, callback), value);
    return count_of(&t, id);
}

/* MINIPORT_PAUSE callback function (ndis.h),
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nc-ndis-miniport_pause:
 * "MiniportPause returns one of the following status values:" SUCCESS, PENDING. */
START_TEST(pause_return_set)
{
    ck_assert_uint_eq(returned("MiniportPause", SUCCESS, "CALLBACK-RETURN-UNDOCUMENTED"), 0);
    ck_assert_uint_eq(returned("MiniportPause", PENDING, "CALLBACK-RETURN-UNDOCUMENTED"), 0);
    ck_assert_uint_eq(returned("MiniportPause", FAILURE, "CALLBACK-RETURN-UNDOCUMENTED"), 1);
    ck_assert_uint_eq(returned("MiniportPause", 0x00000001, "CALLBACK-RETURN-UNDOCUMENTED"), 1);
    /* the finding names the callback, the value and the set, and cites the pause page */
    trace t;
    tr_init(&t);
    enter(&t, "MiniportPause");
    status(ret(&t, "MiniportPause"), FAILURE);
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(tb_rules, &t.list, &out), 0);
    ck_assert_uint_eq(out.count, 1);
    ck_assert_str_eq(out.items[0].rule_id, "CALLBACK-RETURN-UNDOCUMENTED");
    ck_assert_ptr_nonnull(strstr(out.items[0].message, "MiniportPause returned NDIS_STATUS_FAILURE: its page "
                                                       "documents NDIS_STATUS_SUCCESS, NDIS_STATUS_PENDING;"));
    ck_assert_ptr_nonnull(strstr(out.items[0].doc, "MINIPORT_PAUSE callback function (ndis.h): "));
    ck_assert_str_eq(out.items[0].doc_url, "https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nc-ndis-miniport_pause");
    violation_list_free(&out);
    trace_free(&t);
}
END_TEST

/* MINIPORT_OID_REQUEST callback function (ndis.h): "MiniportOidRequest can
 * return one of the following status values:" (SUCCESS ... INDICATION_REQUIRED);
 * OID reference pages add their own statuses, so another value is a warning. */
START_TEST(oid_return_set_is_open)
{
    static const int64_t listed[] = { SUCCESS, PENDING, 0xC0010017, 0xC00000BB, 0xC0010016, 0xC0010014,
                                      0xC0010015, 0x00010003, 0xC001000C, 0x40230001 };
    for (size_t i = 0; i < sizeof listed / sizeof listed[0]; i++)
        ck_assert_msg(returned("MiniportOidRequest", listed[i], "CALLBACK-RETURN-UNLISTED") == 0, "value %zu", i);
    ck_assert_uint_eq(returned("MiniportOidRequest", 0xC0010009 /* MULTICAST_FULL */, "CALLBACK-RETURN-UNLISTED"), 1);
    ck_assert_uint_eq(returned("MiniportOidRequest", FAILURE, "CALLBACK-RETURN-UNLISTED"), 1);
}
END_TEST

/* MINIPORT_INITIALIZE callback function (ndis.h): "MiniportInitializeEx can
 * return one of the following status values:" SUCCESS, NOT_ACCEPTED,
 * RESOURCES, FAILURE. */
START_TEST(initialize_return_set)
{
    ck_assert_uint_eq(returned("MiniportInitializeEx", 0x00010003, "CALLBACK-RETURN-UNLISTED"), 0);
    ck_assert_uint_eq(returned("MiniportInitializeEx", RESOURCES, "CALLBACK-RETURN-UNLISTED"), 0);
    ck_assert_uint_eq(returned("MiniportInitializeEx", FAILURE, "CALLBACK-RETURN-UNLISTED"), 0);
    ck_assert_uint_eq(returned("MiniportInitializeEx", 0xC000000D /* INVALID_PARAMETER */,
                               "CALLBACK-RETURN-UNLISTED"), 1);
}
END_TEST

/* Seed MINIPORT_RESTART: "MiniportRestart returns one of the following
 * status values:" ... "None of the preceding status values applies": any
 * error status is a documented failure; success-class codes other than 0
 * and informational or warning statuses are not (RESTART-STATUS). */
START_TEST(restart_return_set)
{
    ck_assert_uint_eq(returned("MiniportRestart", RESOURCES, "RESTART-STATUS"), 0);
    ck_assert_uint_eq(returned("MiniportRestart", 0xC0000002, "RESTART-STATUS"), 0);
    ck_assert_uint_eq(returned("MiniportRestart", SOFT_ERRORS, "RESTART-STATUS"), 1);
    ck_assert_uint_eq(returned("MiniportRestart", 0x40000001, "RESTART-STATUS"), 1);
    ck_assert_uint_eq(returned("MiniportRestart", 0x00000001, "RESTART-STATUS"), 1);
}
END_TEST

/* Seed MINIPORT_RESET: judged by RESET-STATUS alone, never also by the
 * general rule. */
START_TEST(reset_return_set_one_rule)
{
    ck_assert_uint_eq(returned("MiniportResetEx", RESET_IN_PROGRESS, "RESET-STATUS"), 0);
    ck_assert_uint_eq(returned("MiniportResetEx", SOFT_ERRORS, "RESET-STATUS"), 0);
    ck_assert_uint_eq(returned("MiniportResetEx", FAILURE, "RESET-STATUS"), 1);
    ck_assert_uint_eq(returned("MiniportResetEx", FAILURE, "CALLBACK-RETURN-UNDOCUMENTED"), 0);
    ck_assert_uint_eq(returned("MiniportRestart", SOFT_ERRORS, "CALLBACK-RETURN-UNDOCUMENTED"), 0);
}
END_TEST

/* MINIPORT_CHECK_FOR_HANG and MINIPORT_ISR return a BOOLEAN: TRUE or FALSE. */
START_TEST(boolean_returns)
{
    ck_assert_uint_eq(returned("MiniportCheckForHangEx", 0, "CALLBACK-RETURN-UNDOCUMENTED"), 0);
    ck_assert_uint_eq(returned("MiniportCheckForHangEx", 1, "CALLBACK-RETURN-UNDOCUMENTED"), 0);
    ck_assert_uint_eq(returned("MiniportCheckForHangEx", 2, "CALLBACK-RETURN-UNDOCUMENTED"), 1);
    ck_assert_uint_eq(returned("MiniportInterrupt", 0xFF, "CALLBACK-RETURN-UNDOCUMENTED"), 1);
    /* a callback without an entry (a return without a status) is never judged */
    ck_assert_uint_eq(returned("MiniportShutdownEx", 7, "CALLBACK-RETURN-UNDOCUMENTED"), 0);
}
END_TEST

START_TEST(one_finding_per_bad_return)
{
    trace t;
    tr_init(&t);
    for (int i = 0; i < 3; i++) {
        enter(&t, "MiniportPause");
        status(ret(&t, "MiniportPause"), i == 1 ? SUCCESS : FAILURE);
    }
    ck_assert_uint_eq(findings_of(&t, "CALLBACK-RETURN-UNDOCUMENTED"), 2);
}
END_TEST

/* ---- stalls ---- */

/* NdisStallExecution macro (ndis.h),
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nf-ndis-ndisstallexecution:
 * "A driver should specify no more than 50 microseconds." (should: warning,
 * anywhere).  Seed MINIPORT_RESET: "However, a MiniportResetEx function must
 * not call NdisStallExecution with a time interval larger than 50
 * microseconds." (must: error, and the only finding inside a reset). */
static void stall_in(const char *callback, int64_t us, const char *id, size_t want)
{
    trace t;
    tr_init(&t);
    if (callback)
        enter(&t, callback);
    arg(ddi(&t, "NdisStallExecution"), "MicrosecondsToStall", us);
    if (callback)
        ret(&t, callback);
    ck_assert_msg(findings_of(&t, id) == want, "%s %lld us: %s", callback ? callback : "-", (long long)us, id);
}

START_TEST(stall_limit_edges)
{
    stall_in("MiniportHaltEx", 50, "STALL-50US", 0);
    stall_in("MiniportHaltEx", 51, "STALL-50US", 1);
    stall_in("MiniportHaltEx", 100, "STALL-50US", 1);
    stall_in("MiniportInitializeEx", 51, "STALL-50US", 1);
    stall_in(NULL, 51, "STALL-50US", 1);
    stall_in("MiniportResetEx", 50, "RESET-STALL-50US", 0);
    /* inside a reset: the seed's error, and not also the general warning */
    stall_in("MiniportResetEx", 51, "RESET-STALL-50US", 1);
}
END_TEST

START_TEST(stall_severities_and_counts)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportHaltEx");
    arg(ddi(&t, "NdisStallExecution"), "MicrosecondsToStall", 100);
    arg(ddi(&t, "NdisStallExecution"), "MicrosecondsToStall", 20);
    arg(ddi(&t, "NdisStallExecution"), "MicrosecondsToStall", 60);
    ret(&t, "MiniportHaltEx");
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(tb_rules, &t.list, &out), 0);
    ck_assert_uint_eq(out.count, 2);
    ck_assert_str_eq(out.items[0].rule_id, "STALL-50US");
    ck_assert_int_eq(out.items[0].sev, SEV_WARNING);
    ck_assert_ptr_nonnull(strstr(out.items[0].message, "NdisStallExecution(100) in MiniportHaltEx"));
    violation_list_free(&out);
    trace_free(&t);
    tr_init(&t);
    enter(&t, "MiniportResetEx");
    arg(ddi(&t, "NdisStallExecution"), "MicrosecondsToStall", 51);
    status(ret(&t, "MiniportResetEx"), SUCCESS);
    ck_assert_int_eq(ruleset_evaluate(tb_rules, &t.list, &out), 0);
    ck_assert_uint_eq(out.count, 1);
    ck_assert_int_eq(out.items[0].sev, SEV_ERROR);
    /* a seed is shown as its WDK page (checks/tables/pages.yaml), never as the file name */
    ck_assert_str_eq(out.items[0].doc, "MINIPORT_RESET callback function (ndis.h): However, a "
                                       "MiniportResetEx function must not call NdisStallExecution with a time "
                                       "interval larger than 50 microseconds.");
    ck_assert_str_eq(out.items[0].doc_url, "https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nc-ndis-miniport_reset");
    violation_list_free(&out);
    trace_free(&t);
}
END_TEST

/* ---- completion statuses ---- */

static size_t completed_with(const char *name, int64_t st, const char *id)
{
    trace t;
    tr_init(&t);
    event *e = ddi(&t, name);
    arg(e, "Status", st);
    arg(e, "request", 0x70000);
    return count_of(&t, id);
}

/* NdisMRestartComplete function (ndis.h): SUCCESS, RESOURCES, FAILURE ("The
 * driver indicates NDIS_STATUS_FAILURE if none of the preceding values
 * applies"); NdisMOidRequestComplete function (ndis.h): "any
 * driver-determined NDIS_STATUS_XXX except NDIS_STATUS_PENDING". */
START_TEST(completion_status_edges)
{
    ck_assert_uint_eq(completed_with("NdisMRestartComplete", SUCCESS, "RESTART-COMPLETE-STATUS"), 0);
    ck_assert_uint_eq(completed_with("NdisMRestartComplete", RESOURCES, "RESTART-COMPLETE-STATUS"), 0);
    ck_assert_uint_eq(completed_with("NdisMRestartComplete", 0xC0000002, "RESTART-COMPLETE-STATUS"), 0);
    ck_assert_uint_eq(completed_with("NdisMRestartComplete", PENDING, "RESTART-COMPLETE-STATUS"), 1);
    ck_assert_uint_eq(completed_with("NdisMRestartComplete", SOFT_ERRORS, "RESTART-COMPLETE-STATUS"), 1);
    ck_assert_uint_eq(completed_with("NdisMRestartComplete", 0x40010017, "RESTART-COMPLETE-STATUS"), 1);
    ck_assert_uint_eq(completed_with("NdisMOidRequestComplete", PENDING, "OID-COMPLETE-STATUS"), 1);
    ck_assert_uint_eq(completed_with("NdisMOidRequestComplete", SUCCESS, "OID-COMPLETE-STATUS"), 0);
    ck_assert_uint_eq(completed_with("NdisMOidRequestComplete", 0xC001000C, "OID-COMPLETE-STATUS"), 0);
    ck_assert_uint_eq(completed_with("NdisMOidRequestComplete", 0xC0010009, "OID-COMPLETE-STATUS"), 0);
    /* scope: the restart rule does not read other completions */
    ck_assert_uint_eq(completed_with("NdisMResetComplete", PENDING, "RESTART-COMPLETE-STATUS"), 0);
}
END_TEST

/* ---- loading: the return_values parameters and a doc that names a page ---- */

/* Loads checks/ plus one extra rule file; returns the error text, "" when it loads. */
static const char *load_with(const char *yaml)
{
    static yerror err;
    char dir[] = "/tmp/mpc-edges-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/extra.yaml", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(yaml, f);
    fclose(f);
    const char *dirs[] = { "checks", dir };
    ruleset *r = ruleset_load(dirs, 2, &err);
    if (r) {
        ruleset_free(r);
        err.text[0] = '\0';
    }
    unlink(path);
    rmdir(dir);
    return err.text;
}

#define EXTRA_HEAD "rules:\n  - id: EXTRA\n    severity: error\n    summary: s\n    message: m\n"
#define EXTRA_DOC "    doc: {file: 000_69f3f19d2011d430.txt, passage: p}\n"

START_TEST(return_values_params_and_page_docs)
{
    ck_assert_str_eq(load_with(EXTRA_HEAD EXTRA_DOC "    analysis: {name: return_values, params: {set: open}}\n"), "");
    ck_assert_ptr_nonnull(strstr(load_with(EXTRA_HEAD EXTRA_DOC "    analysis: {name: return_values, params: {set: shut}}\n"),
                                 "set is closed or open, not 'shut'"));
    ck_assert_ptr_nonnull(strstr(load_with(EXTRA_HEAD EXTRA_DOC "    analysis: {name: return_values}\n"),
                                 "return_values needs params set or callbacks"));
    ck_assert_ptr_nonnull(strstr(load_with(EXTRA_HEAD EXTRA_DOC "    analysis: {name: return_values, params: "
                                                                "{set: open, callbacks: [MiniportPause]}}\n"),
                                 "either set or callbacks"));
    ck_assert_ptr_nonnull(strstr(load_with(EXTRA_HEAD EXTRA_DOC "    analysis: {name: return_values, params: "
                                                                "{callbacks: [MiniportHaltEx]}}\n"),
                                 "callback 'MiniportHaltEx' has no entry in the returns table"));
    /* a WDK page by title and public address, or a seed file, never both */
    ck_assert_str_eq(load_with(EXTRA_HEAD "    doc: {page: P (ndis.h), url: https://learn.microsoft.com/x, passage: p}\n"
                                          "    pattern: {kind: ddi, name: NdisMSleep}\n"), "");
    ck_assert_ptr_nonnull(strstr(load_with(EXTRA_HEAD "    doc: {page: P, url: http://example.com/x, passage: p}\n"
                                                      "    pattern: {kind: ddi, name: NdisMSleep}\n"),
                                 "doc.url must be an https:// address"));
    ck_assert_ptr_nonnull(strstr(load_with(EXTRA_HEAD "    doc: {file: f, page: P, url: https://learn.microsoft.com/x, "
                                                      "passage: p}\n    pattern: {kind: ddi, name: NdisMSleep}\n"),
                                 "doc.file 'f' is not a seed page of the pages: table"));
    ck_assert_ptr_nonnull(strstr(load_with("pages:\n  - {seed: 000_69f3f19d2011d430.txt, title: P, url: https://x.y/z}\n"),
                                 "seed page '000_69f3f19d2011d430.txt' is listed twice"));
    ck_assert_ptr_nonnull(strstr(load_with(EXTRA_HEAD "    doc: {page: P, passage: p}\n"
                                                      "    pattern: {kind: ddi, name: NdisMSleep}\n"),
                                 "doc needs 'file' (a seed page) or both 'page' and 'url'"));
}
END_TEST

static Suite *edges_suite(void)
{
    Suite *s = suite_create("rule_edges");
    const struct { const char *name; const TTest *tests[8]; } cases[] = {
        { "timers", { cancel_periodic_irql_edges, cancel_periodic_one_finding_per_call,
                      halt_wait_timer_function_one_shot_only } },
        { "return_values", { pause_return_set, oid_return_set_is_open, initialize_return_set, restart_return_set,
                             reset_return_set_one_rule, boolean_returns, one_finding_per_bad_return } },
        { "stalls", { stall_limit_edges, stall_severities_and_counts } },
        { "completions", { completion_status_edges } },
        { "loading", { return_values_params_and_page_docs } },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_add_checked_fixture(tc, tb_rules_load, tb_rules_unload);
        for (size_t k = 0; k < 8 && cases[i].tests[k]; k++)
            tcase_add_test(tc, cases[i].tests[k]);
        suite_add_tcase(s, tc);
    }
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
