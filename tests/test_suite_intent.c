/* The default suite needs nothing from the driver (issue 9, items 3 and 4):
 * a driver that reads none of vnic's keywords is told plainly what the run
 * could not exercise; every scenario ends with the adapter halted and the
 * driver unloaded, even when its steps stop early; Initialize's failure
 * path is reached by failing allocations, not by a keyword. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_runner.h"

/* Events of every scenario of DIR/trace.jsonl, as {scenario name: [event...]}. */
static json_t *traces_by_scenario(const char *dir)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/trace.jsonl", dir);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "no %s", path);
    json_t *by = json_object();
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_t *ev = json_loads(line, 0, NULL);
        ck_assert_ptr_nonnull(ev);
        const char *sc = json_string_value(json_object_get(ev, "scenario"));
        json_t *list = json_object_get(by, sc);
        if (!list) {
            list = json_array();
            json_object_set_new(by, sc, list);
        }
        json_array_append_new(list, ev);
    }
    free(line);
    fclose(f);
    return by;
}

static int count_events(json_t *events, const char *kind, const char *name)
{
    int n = 0;
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev)
        n += strcmp(json_string_value(json_object_get(ev, "kind")), kind) == 0 &&
             strcmp(json_string_value(json_object_get(ev, "name")), name) == 0;
    return n;
}

/* The teardown steps NDIS took on its own ("pause", "halt", "unload"), in order, space-separated. */
static void teardown_ops(json_t *events, char *buf, size_t len)
{
    size_t used = 0, i;
    json_t *ev;
    buf[0] = 0;
    json_array_foreach(events, i, ev) {
        json_t *args = json_object_get(ev, "args");
        if (strcmp(json_string_value(json_object_get(ev, "name")), "step") != 0 ||
            json_integer_value(json_object_get(args, "teardown")) != 1)
            continue;
        used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? " " : "",
                                 json_string_value(json_object_get(args, "op")));
    }
}

static json_t *scenario_in(json_t *report, const char *name)
{
    size_t i;
    json_t *sc;
    json_array_foreach(json_object_get(report, "scenarios"), i, sc)
        if (strcmp(json_string_value(json_object_get(sc, "name")), name) == 0)
            return sc;
    ck_abort_msg("no scenario %s in the report", name);
    return NULL;
}

static int initialize_failed(json_t *events)
{
    size_t i;
    json_t *ev;
    json_array_foreach(events, i, ev)
        if (strcmp(json_string_value(json_object_get(ev, "kind")), "return") == 0 &&
            strcmp(json_string_value(json_object_get(ev, "name")), "MiniportInitializeEx") == 0)
            return json_integer_value(json_object_get(ev, "status")) != 0;
    return 1;
}

/* The contracts the default suite cannot exercise in a driver that never
 * pends, never allocates in Restart and has no ports, in report order. */
static const char *const never_pending[] = {
    "MiniportRestart returns NDIS_STATUS_PENDING",
    "MiniportRestart fails",
    "MiniportResetEx returns NDIS_STATUS_PENDING",
    "MiniportOidRequest returns NDIS_STATUS_PENDING",
    "NdisMAllocatePort is called",
};

START_TEST(driver_ignoring_keywords_is_told_what_was_not_exercised)
{
    char *dir = tool_temp_dir("nokeywords");
    const char *args[] = { "run", "-q", "--no-color", "--format", "json", "-o", dir, "-j", "2",
                           "build/samples/vnic-no-keywords.so", NULL };
    tool_output o = tool_run(args);
    ck_assert_msg(o.status == 0, "exit %d: %s", o.status, o.err);
    ck_assert_msg(strstr(o.out, "   --  restart-pending (") != NULL, "%s", o.out);
    ck_assert_msg(strstr(o.out, "not exercised: MiniportRestart never returned NDIS_STATUS_PENDING "
                                "(it returned NDIS_STATUS_SUCCESS)\n") != NULL, "%s", o.out);
    ck_assert_msg(strstr(o.out, "   ok  restart-pending") == NULL, "a scenario that proved nothing reads ok");
    json_t *report = tool_load_report(dir);
    ck_assert_ptr_nonnull(report);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(report, "counts"), "error")), 0);

    json_t *np = json_object_get(report, "not_proven");
    size_t contracts = 0, teardowns = 0, i;
    json_t *item;
    json_array_foreach(np, i, item) {
        const char *what = json_string_value(json_object_get(item, "what"));
        if (strncmp(what, "teardown halt", 13) == 0) {
            ck_assert_str_eq(json_string_value(json_object_get(item, "reason")),
                             "the adapter was shut down: NDIS does not halt it afterwards");
            ck_assert_msg(strncmp(json_string_value(json_object_get(item, "scenario")), "shutdown-", 9) == 0,
                          "teardown skipped outside a shutdown scenario");
            teardowns++;
            continue;
        }
        ck_assert_msg(contracts < sizeof(never_pending) / sizeof(never_pending[0]), "unexpected: %s", what);
        ck_assert_str_eq(what, never_pending[contracts++]);
    }
    ck_assert_uint_eq(contracts, sizeof(never_pending) / sizeof(never_pending[0]));
    ck_assert_uint_eq(teardowns, 4);

    json_t *rp = scenario_in(report, "restart-pending");
    ck_assert_str_eq(json_string_value(json_object_get(rp, "outcome")), "not exercised");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(rp, "not_exercised"), 0),
                                                       "reason")),
                     "MiniportRestart never returned NDIS_STATUS_PENDING (it returned NDIS_STATUS_SUCCESS)");
    json_t *rf = scenario_in(report, "restart-fails");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(rf, "not_exercised"), 0),
                                                       "reason")),
                     "MiniportRestart never returned a failure status (it returned NDIS_STATUS_SUCCESS); "
                     "MiniportRestart asked NDIS for nothing that can fail");
    /* The pause with sends outstanding does pend in this driver: proven, not listed. */
    json_t *pp = scenario_in(report, "pause-pending");
    ck_assert_str_eq(json_string_value(json_object_get(pp, "outcome")), "completed");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(pp, "exercised"), 0)),
                     "MiniportPause returns NDIS_STATUS_PENDING");

    /* Every scenario ends with Halt (unless the adapter never came up or was
     * shut down) and exactly one Unload. */
    json_t *by = traces_by_scenario(dir);
    const char *name;
    json_t *events;
    size_t scenarios = 0;
    json_object_foreach(by, name, events) {
        scenarios++;
        ck_assert_msg(count_events(events, "enter", "MiniportDriverUnload") == 1, "%s: not unloaded once", name);
        int halts = count_events(events, "enter", "MiniportHaltEx");
        if (strncmp(name, "shutdown-", 9) == 0 || initialize_failed(events))
            ck_assert_msg(halts == 0, "%s: halted an adapter that was not up", name);
        else
            ck_assert_msg(halts >= 1, "%s: the adapter was never halted", name);
    }
    ck_assert_uint_ge(scenarios, 30);
    json_decref(by);
    json_decref(report);
    tool_output_free(&o);
    free(dir);
}
END_TEST

static char *write_stopping_scenario(const char *dir)
{
    static char path[700];
    snprintf(path, sizeof(path), "%s/stops-running.yaml", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("scenario: stops-running\nsteps:\n  - initialize\n  - restart\n", f);
    fclose(f);
    return path;
}

START_TEST(steps_that_stop_before_halt_are_torn_down)
{
    char *scdir = tool_temp_dir("stopping");
    const char *file = write_stopping_scenario(scdir);
    char *dir = tool_temp_dir("torn");
    const char *args[] = { "run", "-q", "--no-color", "--format", "json", "-o", dir, "--scenario", file,
                           "build/samples/vnic-leak.so", NULL };
    tool_output o = tool_run(args);
    ck_assert_int_eq(o.status, 1);
    json_t *by = traces_by_scenario(dir);
    json_t *events = json_object_get(by, "stops-running");
    ck_assert_ptr_nonnull(events);
    char ops[128];
    teardown_ops(events, ops, sizeof(ops));
    ck_assert_str_eq(ops, "pause halt unload");
    ck_assert_int_eq(count_events(events, "enter", "MiniportPause"), 1);
    ck_assert_int_eq(count_events(events, "enter", "MiniportHaltEx"), 1);
    ck_assert_int_eq(count_events(events, "enter", "MiniportDriverUnload"), 1);

    /* The timer vnic-leak never frees is caught on that path, once. */
    json_t *report = tool_load_report(dir);
    json_t *sc = scenario_in(report, "stops-running");
    ck_assert_str_eq(json_string_value(json_object_get(sc, "outcome")), "completed");
    json_t *vs = json_object_get(sc, "violations");
    ck_assert_uint_eq(json_array_size(vs), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(vs, 0), "rule")), "HALT-FREE-ALL");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(vs, 0), "callback")), "MiniportHaltEx");
    ck_assert_uint_eq(json_array_size(json_object_get(report, "not_proven")), 0);
    json_decref(report);
    json_decref(by);
    tool_output_free(&o);

    /* The correct sample on the same path: nothing. */
    const char *clean[] = { "run", "-q", "--no-color", "--scenario", file, "build/samples/vnic.so", NULL };
    o = tool_run(clean);
    ck_assert_msg(o.status == 0, "vnic: exit %d: %s", o.status, o.out);
    tool_output_free(&o);
    free(dir);
    free(scdir);
}
END_TEST

/* A halt written while the adapter is Running cannot apply: it is reported
 * as skipped with NDIS's reason, and the teardown still halts the adapter. */
START_TEST(step_that_cannot_apply_is_reported_skipped)
{
    char *scdir = tool_temp_dir("skipping");
    char file[700];
    snprintf(file, sizeof(file), "%s/halt-running.yaml", scdir);
    FILE *f = fopen(file, "w");
    ck_assert_ptr_nonnull(f);
    fputs("scenario: halt-running\nsteps:\n  - initialize\n  - restart\n  - halt\n", f);
    fclose(f);
    char *dir = tool_temp_dir("skipped");
    const char *args[] = { "run", "-q", "--no-color", "--format", "json", "-o", dir, "--scenario", file,
                           "build/samples/vnic.so", NULL };
    tool_output o = tool_run(args);
    ck_assert_int_eq(o.status, 0);
    ck_assert_msg(strstr(o.out, "       skipped: step halt (line 5): adapter is not Paused\n") != NULL, "%s", o.out);
    json_t *report = tool_load_report(dir);
    json_t *sc = scenario_in(report, "halt-running");
    json_t *skipped = json_object_get(sc, "skipped");
    ck_assert_uint_eq(json_array_size(skipped), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(skipped, 0), "what")), "step halt (line 5)");
    json_t *np = json_array_get(json_object_get(report, "not_proven"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(np, "reason")), "adapter is not Paused");
    ck_assert_str_eq(json_string_value(json_object_get(np, "scenario")), "halt-running");
    json_t *by = traces_by_scenario(dir);
    char ops[128];
    teardown_ops(json_object_get(by, "halt-running"), ops, sizeof(ops));
    ck_assert_str_eq(ops, "pause halt unload");
    json_decref(by);
    json_decref(report);
    tool_output_free(&o);
    free(dir);
    free(scdir);
}
END_TEST

/* A host that dies stops the scenario: what it did not get to is listed. */
START_TEST(crashed_scenario_lists_what_did_not_run)
{
    char *dir = tool_temp_dir("crashed");
    const char *args[] = { "run", "-q", "--no-color", "--format", "json", "-o", dir, "--scenario",
                           "fixtures/scenarios/010-lifecycle.yaml", "build/samples/vnic-crash.so", NULL };
    tool_output o = tool_run(args);
    ck_assert_int_eq(o.status, 1);
    json_t *report = tool_load_report(dir);
    json_t *np = json_object_get(report, "not_proven");
    ck_assert_uint_eq(json_array_size(np), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(np, 0), "what")), "the rest of the scenario");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(np, 0), "reason")),
                     "the host crashed: the later steps, the teardown and the halt-time checks did not run");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(np, 0), "scenario")), "lifecycle");
    json_decref(report);
    tool_output_free(&o);
    free(dir);
}
END_TEST

START_TEST(explicit_unload_is_not_repeated_by_the_teardown)
{
    char *dir = tool_temp_dir("explicit");
    const char *args[] = { "run", "-q", "--format", "json", "-o", dir, "--scenario",
                           "fixtures/scenarios/010-lifecycle.yaml", "build/samples/vnic.so", NULL };
    tool_output o = tool_run(args);
    ck_assert_int_eq(o.status, 0);
    json_t *by = traces_by_scenario(dir);
    json_t *events = json_object_get(by, "lifecycle");
    char ops[128];
    teardown_ops(events, ops, sizeof(ops));
    ck_assert_str_eq(ops, "");
    ck_assert_int_eq(count_events(events, "enter", "MiniportDriverUnload"), 1);
    json_decref(by);
    tool_output_free(&o);
    free(dir);
}
END_TEST

/* No keyword: Initialize fails because NDIS fails an allocation, and the
 * leak vnic-leak-on-init-failure has on that path is found where it is. */
START_TEST(injected_initialize_failure_finds_the_leak_on_its_path)
{
    char *text = tool_read_file("fixtures/scenarios/020-initialize-fails.yaml");
    ck_assert_ptr_nonnull(text);
    ck_assert_msg(strstr(text, "config:") == NULL, "the default initialize-fails sets a keyword");
    free(text);
    char *dir = tool_temp_dir("initfail");
    const char *args[] = { "run", "-q", "--no-color", "--format", "json", "-o", dir, "--scenario",
                           "fixtures/scenarios/020-initialize-fails.yaml", "build/samples/vnic-leak-on-init-failure.so",
                           NULL };
    tool_output o = tool_run(args);
    ck_assert_int_eq(o.status, 1);
    json_t *report = tool_load_report(dir);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(report, "counts"), "error")), 1);
    size_t i, runs = 0;
    json_t *sc;
    json_array_foreach(json_object_get(report, "scenarios"), i, sc) {
        const char *name = json_string_value(json_object_get(sc, "name"));
        ck_assert_msg(strncmp(name, "initialize-fails [allocation #", 30) == 0, "run named %s", name);
        runs++;
        json_t *vs = json_object_get(sc, "violations");
        if (strstr(name, "fail NdisAllocateNetBufferListPool in VnicAllocateNblPool")) {
            ck_assert_uint_eq(json_array_size(vs), 1);
            ck_assert_str_eq(json_string_value(json_object_get(json_array_get(vs, 0), "rule")), "INIT-FAIL-RELEASE");
        } else {
            ck_assert_msg(json_array_size(vs) == 0, "%s: findings", name);
        }
        /* vnic runs on without its configuration: that run proves nothing
         * about the failure path, and says why; the others prove it. */
        if (strstr(name, "fail NdisOpenConfigurationEx in VnicReadConfiguration")) {
            ck_assert_str_eq(json_string_value(json_object_get(sc, "outcome")), "not exercised");
            ck_assert_str_eq(json_string_value(json_object_get(
                                 json_array_get(json_object_get(sc, "not_exercised"), 0), "reason")),
                             "MiniportInitializeEx never returned a failure status (it returned NDIS_STATUS_SUCCESS) "
                             "although NDIS failed its NdisOpenConfigurationEx");
        } else {
            ck_assert_str_eq(json_string_value(json_object_get(sc, "outcome")), "completed");
            ck_assert_str_eq(json_string_value(json_array_get(json_object_get(sc, "exercised"), 0)),
                             "MiniportInitializeEx fails");
        }
    }
    ck_assert_uint_ge(runs, 5);
    ck_assert_uint_eq(json_array_size(json_object_get(report, "not_proven")), 0);
    json_decref(report);
    tool_output_free(&o);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("suite_intent");
    TCase *tc = tcase_create("default suite");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, driver_ignoring_keywords_is_told_what_was_not_exercised);
    tcase_add_test(tc, steps_that_stop_before_halt_are_torn_down);
    tcase_add_test(tc, step_that_cannot_apply_is_reported_skipped);
    tcase_add_test(tc, crashed_scenario_lists_what_did_not_run);
    tcase_add_test(tc, explicit_unload_is_not_repeated_by_the_teardown);
    tcase_add_test(tc, injected_initialize_failure_finds_the_leak_on_its_path);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
