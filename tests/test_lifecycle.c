/* NDIS's side of the contracts, read from the traces of the correct sample:
 * states move as documented, NDIS waits for PENDING completions before any
 * other operation, callbacks run at their documented IRQL. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_runner.h"
#include "trace_builder.h"
#include "input/constants.h"

static char *trace_dir;

/* Runs the correct sample once over the default suite and the sample-only
 * scenarios (vnic pends only when its keywords ask); every test reads its trace. */
static void run_suite_once(void)
{
    if (trace_dir)
        return;
    trace_dir = tool_temp_dir("lifecycle");
    const char *args[] = { "run", "-q", "-o", trace_dir, "--scenarios", "fixtures/scenarios",
                           "--scenarios", "sample-miniports/vnic/scenarios", "build/samples/vnic.so", NULL };
    tool_output o = tool_run(args);
    ck_assert_msg(o.status == 0, "vnic run: exit %d: %s", o.status, o.err);
    tool_output_free(&o);
}

/* The events of one scenario, in order. */
static json_t *scenario_events(const char *scenario)
{
    run_suite_once();
    char path[512];
    snprintf(path, sizeof(path), "%s/trace.jsonl", trace_dir);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    json_t *events = json_array();
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_t *ev = json_loads(line, 0, NULL);
        if (ev && strcmp(json_string_value(json_object_get(ev, "scenario")), scenario) == 0)
            json_array_append_new(events, ev);
        else
            json_decref(ev);
    }
    free(line);
    fclose(f);
    ck_assert_msg(json_array_size(events) > 0, "no events for scenario %s", scenario);
    return events;
}

static int is(json_t *ev, const char *kind, const char *name)
{
    return strcmp(json_string_value(json_object_get(ev, "kind")), kind) == 0 &&
           strcmp(json_string_value(json_object_get(ev, "name")), name) == 0;
}

static const char *const pnp_callbacks[] = { "MiniportInitializeEx", "MiniportRestart", "MiniportPause",
                                             "MiniportResetEx", "MiniportHaltEx", "MiniportShutdownEx", NULL };

static const struct {
    const char *scenario;
    const char *callback;     /* answers NDIS_STATUS_PENDING */
    const char *completion;   /* the DDI that completes it */
} pending_cases[] = {
    { "vnic-restart-pending", "MiniportRestart", "NdisMRestartComplete" },
    { "pause-pending", "MiniportPause", "NdisMPauseComplete" },
    { "vnic-reset-pending", "MiniportResetEx", "NdisMResetComplete" },
    { "vnic-oid-pending", "MiniportOidRequest", "NdisMOidRequestComplete" },
};

START_TEST(ndis_waits_for_the_completion_before_another_operation)
{
    json_t *events = scenario_events(pending_cases[_i].scenario);
    size_t i, pending_at = 0, completed_at = 0;
    json_t *ev;
    json_array_foreach(events, i, ev) {
        if (!pending_at && is(ev, "return", pending_cases[_i].callback) &&
            json_integer_value(json_object_get(ev, "status")) == 0x103)
            pending_at = i;
        else if (pending_at && !completed_at && is(ev, "ddi", pending_cases[_i].completion))
            completed_at = i;
        else if (pending_at && !completed_at)
            for (size_t k = 0; pnp_callbacks[k]; k++)
                ck_assert_msg(!is(ev, "enter", pnp_callbacks[k]), "%s: %s called while %s was pending",
                              pending_cases[_i].scenario, pnp_callbacks[k], pending_cases[_i].callback);
    }
    ck_assert_msg(pending_at > 0, "%s: %s never answered PENDING", pending_cases[_i].scenario,
                  pending_cases[_i].callback);
    ck_assert_msg(completed_at > pending_at, "%s: no %s", pending_cases[_i].scenario, pending_cases[_i].completion);
    json_decref(events);
}
END_TEST

/* The IRQL NDIS calls each callback at (strict pass: the top of a range). */
static const struct {
    const char *callback;
    int irql;
} documented_callback_irql[] = {
    { "MiniportInitializeEx", 0 }, { "MiniportHaltEx", 0 }, { "MiniportRestart", 0 }, { "MiniportPause", 0 },
    { "MiniportResetEx", 2 },      { "MiniportCheckForHangEx", 0 },  /* PASSIVE_LEVEL (NDIS 6 page) */ { "MiniportSendNetBufferLists", 2 },
    { "NetTimerCallback", 2 },     { "MiniportInterruptDPC", 2 },
};

START_TEST(callbacks_run_at_their_documented_irql)
{
    const char *scenarios[] = { "lifecycle", "datapath", "check-for-hang", "reset-pending" };
    unsigned seen[sizeof(documented_callback_irql) / sizeof(documented_callback_irql[0])] = { 0 };
    for (size_t s = 0; s < sizeof(scenarios) / sizeof(scenarios[0]); s++) {
        json_t *events = scenario_events(scenarios[s]);
        size_t i;
        json_t *ev;
        json_array_foreach(events, i, ev)
            for (size_t c = 0; c < sizeof(documented_callback_irql) / sizeof(documented_callback_irql[0]); c++)
                if (is(ev, "enter", documented_callback_irql[c].callback)) {
                    seen[c]++;
                    ck_assert_msg(json_integer_value(json_object_get(ev, "irql")) == documented_callback_irql[c].irql,
                                  "%s entered at IRQL %lld", documented_callback_irql[c].callback,
                                  (long long)json_integer_value(json_object_get(ev, "irql")));
                }
        json_decref(events);
    }
    for (size_t c = 0; c < sizeof(documented_callback_irql) / sizeof(documented_callback_irql[0]); c++)
        ck_assert_msg(seen[c] > 0, "%s never called", documented_callback_irql[c].callback);
}
END_TEST

START_TEST(spin_lock_raises_and_release_restores_irql)
{
    json_t *events = scenario_events("datapath");
    size_t i, pairs = 0;
    json_t *ev;
    long long acquired_from = -1;
    json_array_foreach(events, i, ev) {
        if (is(ev, "ddi", "NdisAcquireSpinLock"))
            acquired_from = json_integer_value(json_object_get(ev, "irql"));
        else if (is(ev, "ddi", "NdisReleaseSpinLock") && acquired_from >= 0) {
            ck_assert_int_eq(json_integer_value(json_object_get(ev, "irql")), 2);  /* held: DISPATCH */
            json_t *next = json_array_get(events, i + 1);
            if (next && !is(next, "ddi", "NdisAcquireSpinLock") && json_integer_value(json_object_get(next, "irql")) == acquired_from)
                pairs++;
            acquired_from = -1;
        }
    }
    ck_assert_msg(pairs > 0, "no acquire/release pair seen restoring the IRQL");
    json_decref(events);
}
END_TEST

START_TEST(halt_action_reaches_the_miniport)
{
    json_t *events = scenario_events("halt-NdisHaltDeviceSurpriseRemoved");
    size_t i;
    json_t *ev;
    int found = 0;
    json_array_foreach(events, i, ev)
        if (is(ev, "enter", "MiniportHaltEx")) {
            ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(ev, "args"), "HaltAction")), 3);
            found = 1;
        }
    ck_assert(found);
    json_decref(events);
}
END_TEST

START_TEST(halting_one_adapter_leaves_the_other_running)
{
    json_t *events = scenario_events("two-adapters");
    size_t i;
    json_t *ev;
    int halted0 = 0, sent1_after = 0;
    json_array_foreach(events, i, ev) {
        json_int_t adapter = json_integer_value(json_object_get(ev, "adapter"));
        if (is(ev, "return", "MiniportHaltEx") && adapter == 0)
            halted0 = 1;
        if (halted0 && adapter == 1 && is(ev, "ddi", "NdisMSendNetBufferListsComplete"))
            sent1_after = 1;
        if (halted0 && adapter == 0)
            ck_assert_msg(!is(ev, "enter", "NetTimerCallback") && !is(ev, "ddi", "NdisMSendNetBufferListsComplete"),
                          "adapter 0 active after its halt (event %zu)", i);
    }
    ck_assert(halted0);
    ck_assert_msg(sent1_after, "adapter 1 completed no send after adapter 0 was halted");
    json_decref(events);
}
END_TEST

START_TEST(interrupts_arrive_after_registration_and_during_halt)
{
    json_t *events = scenario_events("interrupt-points");
    size_t i;
    json_t *ev;
    int in_init = 0, in_halt_before_deregister = 0, deregistered = 0;
    json_array_foreach(events, i, ev) {
        json_t *stack = json_object_get(ev, "stack");
        const char *outer = json_string_value(json_array_get(stack, 0));
        if (is(ev, "ddi", "NdisMDeregisterInterruptEx"))
            deregistered = 1;
        if (!is(ev, "enter", "MiniportInterrupt") || !outer)
            continue;
        ck_assert_int_eq(json_integer_value(json_object_get(ev, "irql")), 3);  /* DIRQL */
        if (strcmp(outer, "MiniportInitializeEx") == 0)
            in_init = 1;
        if (strcmp(outer, "MiniportHaltEx") == 0 && !deregistered)
            in_halt_before_deregister = 1;
    }
    ck_assert_msg(in_init, "no interrupt right after NdisMRegisterInterruptEx");
    ck_assert_msg(in_halt_before_deregister, "no interrupt during Halt before NdisMDeregisterInterruptEx returned");
    json_decref(events);
}
END_TEST

START_TEST(check_for_hang_runs_at_the_registered_interval)
{
    json_t *events = scenario_events("check-for-hang");
    size_t i;
    json_t *ev;
    json_int_t interval_us = 0, last = -1;
    unsigned calls = 0;
    json_array_foreach(events, i, ev) {
        if (is(ev, "ddi", "NdisMSetMiniportAttributes"))
            interval_us = json_integer_value(json_object_get(json_object_get(ev, "args"), "CheckForHangTimeInSeconds")) * 1000000;
        if (!is(ev, "enter", "MiniportCheckForHangEx"))
            continue;
        json_int_t t = json_integer_value(json_object_get(ev, "time"));
        if (last >= 0)
            ck_assert_msg(t - last == interval_us, "CheckForHangEx %lld us after the previous one, expected %lld",
                          (long long)(t - last), (long long)interval_us);
        last = t;
        calls++;
    }
    ck_assert_int_gt(interval_us, 0);
    ck_assert_uint_ge(calls, 2);
    json_decref(events);
}
END_TEST

/* checks/tables/returns.yaml says what NDIS does after each return value;
 * the host must do that.  MINIPORT_PAUSE callback function (ndis.h): the
 * page lists only SUCCESS and PENDING, so the table's `other` (taken as
 * SUCCESS: Paused) is what the host does with vnic-pause-returns-failure's
 * NDIS_STATUS_FAILURE. */
START_TEST(an_undocumented_pause_answer_is_handled_as_the_table_says)
{
    ruleset *rs = tb_load_checks();
    const callback_returns *entry = tables_returns(ruleset_tables(rs), "MiniportPause");
    ck_assert_ptr_nonnull(entry);
    const char *want = NULL;
    for (size_t k = 0; k < entry->nafter; k++)
        if (strcmp(entry->after[k].value, "other") == 0)
            want = entry->after[k].state;
    ck_assert_ptr_nonnull(want);

    char *dir = tool_temp_dir("pause-failure");
    const char *args[] = { "run", "-q", "-o", dir, "--scenario", "fixtures/scenarios/010-lifecycle.yaml",
                           "build/samples/vnic-pause-returns-failure.so", NULL };
    tool_output o = tool_run(args);
    ck_assert_int_eq(o.status, 1);
    tool_output_free(&o);
    char path[512];
    snprintf(path, sizeof path, "%s/trace.jsonl", dir);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char *line = NULL;
    size_t cap = 0;
    int failed_pauses = 0, checked = 0, waiting = 0;
    while (getline(&line, &cap, f) > 0) {
        json_t *ev = json_loads(line, 0, NULL);
        ck_assert_ptr_nonnull(ev);
        if (is(ev, "return", "MiniportPause") &&
            (uint32_t)json_integer_value(json_object_get(ev, "status")) == FAILURE) {
            failed_pauses++;
            waiting = 1;
        } else if (waiting && is(ev, "op", "transition")) {
            ck_assert_str_eq(json_string_value(json_object_get(json_object_get(ev, "args"), "to")), want);
            checked++;
            waiting = 0;
        }
        json_decref(ev);
    }
    free(line);
    fclose(f);
    ck_assert_int_gt(failed_pauses, 0);
    ck_assert_int_eq(checked, failed_pauses);
    ruleset_free(rs);
    free(dir);
}
END_TEST

/* The state checks/tables/returns.yaml says an operation ends in after a
 * value (the constant's name, else `error` for an error status, else
 * `other`); NULL when the entry does not say. */
static const char *state_after(const callback_returns *entry, int64_t status)
{
    const char *by_class = NULL, *other = NULL;
    for (size_t k = 0; k < entry->nafter; k++) {
        const return_reaction *r = &entry->after[k];
        int64_t v;
        if (constant_value(r->value, &v) == 0 && (int32_t)v == (int32_t)status)
            return r->state;
        if (strcmp(r->value, "error") == 0 && strcmp(status_class(status), "error") == 0)
            by_class = r->state;
        if (strcmp(r->value, "other") == 0)
            other = r->state;
    }
    return by_class ? by_class : other;
}

/* Over the whole suite on the correct sample: after Initialize, Restart and
 * Pause return (not PENDING), the adapter's next state is the one the
 * returns table documents: a failed Restart leaves it Paused
 * (MINIPORT_RESTART: "return to the Paused state"), a failed Initialize
 * Halted, a successful Initialize Paused. */
START_TEST(operations_end_in_the_state_the_returns_table_documents)
{
    run_suite_once();
    ruleset *rs = tb_load_checks();
    static const char *const operations[] = { "MiniportInitializeEx", "MiniportRestart", "MiniportPause" };
    char path[512];
    snprintf(path, sizeof(path), "%s/trace.jsonl", trace_dir);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char *line = NULL;
    size_t cap = 0;
    const char *want = NULL, *from = NULL;
    int checked = 0;
    while (getline(&line, &cap, f) > 0) {
        json_t *ev = json_loads(line, 0, NULL);
        ck_assert_ptr_nonnull(ev);
        const char *kind = json_string_value(json_object_get(ev, "kind"));
        const char *name = json_string_value(json_object_get(ev, "name"));
        for (size_t o = 0; o < 3 && strcmp(kind, "return") == 0; o++) {
            int64_t st = json_integer_value(json_object_get(ev, "status"));
            if (strcmp(name, operations[o]) == 0 && (int32_t)st != 0x103) {
                want = state_after(tables_returns(ruleset_tables(rs), name), st);
                from = operations[o];
            }
        }
        if (want && strcmp(kind, "op") == 0 && strcmp(name, "transition") == 0) {
            const char *to = json_string_value(json_object_get(json_object_get(ev, "args"), "to"));
            ck_assert_msg(strcmp(to, want) == 0, "after %s: %s, the table says %s", from, to, want);
            checked++;
            want = NULL;
        }
        json_decref(ev);
    }
    free(line);
    fclose(f);
    ck_assert_int_gt(checked, 60);
    ruleset_free(rs);
}
END_TEST

/* SET_OPTIONS callback function (ndis.h): "NDIS calls XxxSetOptions within
 * the context of the driver's call to the NdisRegisterXxxDriver function":
 * inside DriverEntry, before NdisMRegisterMiniportDriver returns, at
 * PASSIVE_LEVEL (the IRQL of DriverEntry). */
START_TEST(set_options_runs_within_the_registration)
{
    json_t *events = scenario_events("lifecycle");
    size_t i, entered = 0, registered = 0;
    json_t *ev;
    json_array_foreach(events, i, ev) {
        if (is(ev, "enter", "MiniportSetOptions")) {
            entered = i + 1;
            ck_assert_int_eq(json_integer_value(json_object_get(ev, "irql")), 0);
            json_t *stack = json_object_get(ev, "stack");
            ck_assert_str_eq(json_string_value(json_array_get(stack, 0)), "DriverEntry");
        } else if (is(ev, "ddi", "NdisMRegisterMiniportDriver")) {
            registered = i + 1;
        }
    }
    ck_assert_uint_gt(entered, 0);
    ck_assert_uint_gt(registered, entered);   /* recorded when the registration returns */
    json_decref(events);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lifecycle");
    TCase *tc = tcase_create("contracts");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, ndis_waits_for_the_completion_before_another_operation, 0,
                        sizeof(pending_cases) / sizeof(pending_cases[0]));
    tcase_add_test(tc, callbacks_run_at_their_documented_irql);
    tcase_add_test(tc, spin_lock_raises_and_release_restores_irql);
    tcase_add_test(tc, halt_action_reaches_the_miniport);
    tcase_add_test(tc, halting_one_adapter_leaves_the_other_running);
    tcase_add_test(tc, interrupts_arrive_after_registration_and_during_halt);
    tcase_add_test(tc, check_for_hang_runs_at_the_registered_interval);
    tcase_add_test(tc, an_undocumented_pause_answer_is_handled_as_the_table_says);
    tcase_add_test(tc, operations_end_in_the_state_the_returns_table_documents);
    tcase_add_test(tc, set_options_runs_within_the_registration);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);  /* one suite run shared by the tests */
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
