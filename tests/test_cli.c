/* The command line as users and CI scripts call it: exit statuses, loader
 * errors, rules/explain, check of a recorded trace, -j determinism. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tool_runner.h"

static tool_output run(const char *const *args)
{
    return tool_run(args);
}

#define RUN(...) run((const char *const[]){ __VA_ARGS__, NULL })

static void assert_usage_error(tool_output o, const char *needle)
{
    ck_assert_msg(o.status == 2, "exit %d, stderr: %s", o.status, o.err);
    ck_assert_msg(strstr(o.err, needle) != NULL, "stderr lacks '%s': %s", needle, o.err);
    tool_output_free(&o);
}

START_TEST(usage_errors_exit_2)
{
    assert_usage_error(RUN("frobnicate"), "unknown command 'frobnicate'");
    assert_usage_error(RUN("run"), "expected exactly one DRIVER.so");
    assert_usage_error(RUN("run", "--format", "pdf", "build/samples/vnic.so"), "unknown report format 'pdf'");
    assert_usage_error(RUN("run", "--fail-on", "fatal", "build/samples/vnic.so"), "--fail-on must be");
    assert_usage_error(RUN("run", "-j", "0", "build/samples/vnic.so"), "--jobs must be a number");
    assert_usage_error(RUN("run", "--inject", "NdisFreeMemory:0", "build/samples/vnic.so"), "--inject expects");
    assert_usage_error(RUN("run", "--format", "json", "build/samples/vnic.so"), "give -o DIR");
    /* Refused before the suite runs (no trace written): an -o that is a file. */
    assert_usage_error(RUN("run", "-o", "README.md", "--format", "json", "build/samples/vnic.so"),
                       "-o README.md: exists and is not a directory");
    assert_usage_error(RUN("check", "-o", "README.md", "fixtures/coverage.yaml"), "exists and is not a directory");
    tool_output help = RUN("run", "--help");
    ck_assert_int_eq(help.status, 0);
    ck_assert_ptr_nonnull(strstr(help.out, "--inject SPEC"));
    tool_output_free(&help);
}
END_TEST

/* Each bad driver: exit 2 and one clear line naming the problem. */
static const struct {
    const char *path;
    const char *message;
} bad_drivers[] = {
    { "build/samples/does-not-exist.so", "No such file or directory" },
    { "Makefile", "not an ELF file" },
    { "build/samples/broken-no-entry.so", "defines no DriverEntry" },
    { "build/samples/broken-entry-fails.so", "DriverEntry failed with status 0xc0000001" },
    { "build/samples/broken-no-register.so", "never called NdisMRegisterMiniportDriver" },
    { "build/samples/broken-bad-header.so", "Header.Type" },
    { "build/samples/broken-missing-handler.so", "mandatory handler HaltHandlerEx" },
    /* SET_OPTIONS page: "NDIS calls XxxSetOptions within the context of the
     * driver's call to the NdisRegisterXxxDriver function" */
    { "build/samples/broken-set-options-fails.so", "MiniportSetOptions failed with 0xc000009a" },
    { "build/samples/broken-unemulated-ddi.so",
      "the driver calls NdisMRemoveMiniportForTests, which mpconform does not emulate" },
};

START_TEST(bad_driver_is_refused_with_one_clear_line)
{
    tool_output o = RUN("run", "-q", bad_drivers[_i].path);
    ck_assert_msg(o.status == 2, "%s: exit %d, stderr: %s", bad_drivers[_i].path, o.status, o.err);
    ck_assert_msg(strstr(o.err, bad_drivers[_i].message) != NULL, "%s: stderr: %s", bad_drivers[_i].path, o.err);
    ck_assert_msg(strchr(o.err, '\n') == o.err + strlen(o.err) - 1, "more than one line: %s", o.err);
    tool_output_free(&o);
}
END_TEST

START_TEST(rules_lists_and_explain_cites_the_seed)
{
    tool_output o = RUN("rules");
    ck_assert_int_eq(o.status, 0);
    ck_assert_ptr_nonnull(strstr(o.out, "HALT-FREE-ALL"));
    ck_assert_ptr_nonnull(strstr(o.out, "RESET-STALL-50US"));
    tool_output_free(&o);
    o = RUN("explain", "RESET-STALL-50US");
    ck_assert_int_eq(o.status, 0);
    ck_assert_ptr_nonnull(strstr(o.out, "https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nc-ndis-miniport_reset"));
    ck_assert_ptr_null(strstr(o.out, "002_b991922b23a78ed2.txt"));
    ck_assert_ptr_null(strstr(o.out, "seeds/"));
    ck_assert_ptr_nonnull(strstr(o.out, "50 microseconds"));
    tool_output_free(&o);
    assert_usage_error(RUN("explain", "NO-SUCH-RULE"), "no rule has the id 'NO-SUCH-RULE'");
}
END_TEST

START_TEST(check_rejudges_a_recorded_trace_with_new_rules)
{
    char *dir = tool_temp_dir("check");
    tool_output o = RUN("run", "-q", "--no-color", "-o", dir, "build/samples/vnic.so");
    ck_assert_msg(o.status == 0, "vnic run: exit %d: %s%s", o.status, o.out, o.err);
    tool_output_free(&o);
    char trace[512];
    snprintf(trace, sizeof(trace), "%s/trace.jsonl", dir);
    o = RUN("check", "--no-color", trace);
    ck_assert_msg(o.status == 0, "check: exit %d: %s", o.status, o.err);
    tool_output_free(&o);
    /* A new rule in a separate directory takes effect without a rebuild. */
    char rules_dir[600], rule_file[700];
    snprintf(rules_dir, sizeof(rules_dir), "%s/extra-rules", dir);
    mkdir(rules_dir, 0777);
    snprintf(rule_file, sizeof(rule_file), "%s/local.yaml", rules_dir);
    FILE *f = fopen(rule_file, "w");
    fputs("rules:\n"
          "  - id: LOCAL-NO-PAUSE\n"
          "    severity: error\n"
          "    summary: our adapters are never paused\n"
          "    doc: {file: 001_3d3456cccab0fa79.txt, passage: \"The MiniportRestart function initiates a restart request for a miniport adapter that is paused.\"}\n"
          "    message: \"MiniportPause was called\"\n"
          "    pattern: {kind: enter, name: MiniportPause}\n",
          f);
    fclose(f);
    o = RUN("check", "--no-color", "--rules", rules_dir, trace);
    ck_assert_msg(o.status == 1, "check with a new rule: exit %d: %s", o.status, o.err);
    ck_assert_ptr_nonnull(strstr(o.out, "LOCAL-NO-PAUSE"));
    tool_output_free(&o);
    free(dir);
}
END_TEST

START_TEST(leak_is_named_with_its_allocating_function)
{
    tool_output o = RUN("run", "-q", "--no-color", "build/samples/vnic-leak.so");
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    ck_assert_ptr_nonnull(strstr(o.out, "HALT-FREE-ALL"));
    ck_assert_ptr_nonnull(strstr(o.out, "NdisAllocateTimerObject"));
    ck_assert_msg(strstr(o.out, "adapter.c:") != NULL, "no source line in: %s", o.out);
    tool_output_free(&o);
}
END_TEST

/* Every report is the same for any -j: JSON, SARIF, HTML and trace.jsonl
 * byte for byte; JUnit too but for its times, which are the hosts' real
 * wall times. (With -j 1 the hosts end in trace order and the trace's
 * spool becomes trace.jsonl as it is; with -j 4 they end in any order and
 * the spool's blocks are copied in trace order: live_judge.c.) */
START_TEST(parallel_hosts_give_the_same_report)
{
    char *one = tool_temp_dir("j1"), *four = tool_temp_dir("j4");
    tool_output a = RUN("run", "-q", "--format", "json,sarif,html,junit", "-o", one, "-j", "1", "build/samples/vnic-leak.so");
    tool_output b = RUN("run", "-q", "--format", "json,sarif,html,junit", "-o", four, "-j", "4", "build/samples/vnic-leak.so");
    ck_assert_int_eq(a.status, b.status);
    ck_assert_str_eq(a.out, b.out);
    static const char *const files[] = { "report.json", "report.sarif", "report.html", "report.junit.xml",
                                         "trace.jsonl" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char pa[512], pb[512];
        snprintf(pa, sizeof(pa), "%s/%s", one, files[i]);
        snprintf(pb, sizeof(pb), "%s/%s", four, files[i]);
        char *ra = tool_read_file(pa), *rb = tool_read_file(pb);
        ck_assert_ptr_nonnull(ra);
        ck_assert_ptr_nonnull(rb);
        if (strstr(files[i], "junit")) {
            ck_assert_ptr_null(strstr(ra, "time=\"\""));  /* real times are there... */
            tool_blank_junit_times(ra);                 /* ...and the only difference allowed */
            tool_blank_junit_times(rb);
        }
        ck_assert_msg(strcmp(ra, rb) == 0, "%s differs between -j 1 and -j 4", files[i]);
        free(ra);
        free(rb);
    }
    tool_output_free(&a);
    tool_output_free(&b);
    free(one);
    free(four);
}
END_TEST

START_TEST(bad_scenario_file_names_its_place)
{
    char path[] = "/tmp/mpc-bad-scenario-XXXXXX.yaml";
    int fd = mkstemps(path, 5);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs("scenario: bad\nsteps:\n  - initialize\n  - halt: NdisHaltDeviceMelted\n", f);
    fclose(f);
    char want[600];
    snprintf(want, sizeof(want), "%s:4:11: unknown halt action 'NdisHaltDeviceMelted'", path);
    assert_usage_error(RUN("run", "--scenario", path, "build/samples/vnic.so"), want);
    remove(path);
}
END_TEST

START_TEST(sweep_finds_the_failure_path_leak_and_names_the_point)
{
    char *dir = tool_temp_dir("sweep");
    tool_output o = RUN("run", "-q", "--no-color", "--format", "json", "-o", dir, "--inject", "sweep",
                        "--scenario", "fixtures/scenarios/010-lifecycle.yaml",
                        "build/samples/vnic-leak-on-init-failure.so");
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    json_t *report = tool_load_report(dir);
    ck_assert_ptr_nonnull(report);
    /* The plain run is clean; one injected run leaks, and its scenario names the point. */
    size_t i;
    json_t *sc;
    int clean_baseline = 0, leak_found = 0;
    json_array_foreach(json_object_get(report, "scenarios"), i, sc) {
        const char *name = json_string_value(json_object_get(sc, "name"));
        size_t nv = json_array_size(json_object_get(sc, "violations"));
        if (strcmp(name, "lifecycle") == 0)
            clean_baseline = nv == 0;
        size_t k;
        json_t *v;
        json_array_foreach(json_object_get(sc, "violations"), k, v)
            if (strcmp(json_string_value(json_object_get(v, "rule")), "INIT-FAIL-RELEASE") == 0 &&
                strstr(name, "[inject #") && strstr(name, "fail NdisAllocateNetBufferListPool in VnicAllocateNblPool"))
                leak_found = 1;
    }
    ck_assert_msg(clean_baseline, "the run without injection should be clean");
    ck_assert_msg(leak_found, "INIT-FAIL-RELEASE under the injected NBL pool failure not found: %s", o.out);
    json_decref(report);
    tool_output_free(&o);
    free(dir);
}
END_TEST

START_TEST(inject_one_ddi_reproduces_one_finding)
{
    tool_output o = RUN("run", "-q", "--no-color", "--inject", "NdisAllocateNetBufferListPool:1", "--scenario",
                        "fixtures/scenarios/010-lifecycle.yaml", "build/samples/vnic-leak-on-init-failure.so");
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    ck_assert_ptr_nonnull(strstr(o.out, "INIT-FAIL-RELEASE"));
    tool_output_free(&o);
    o = RUN("run", "-q", "--no-color", "--inject", "NdisAllocateNetBufferListPool:1", "--scenario",
            "fixtures/scenarios/010-lifecycle.yaml", "build/samples/vnic.so");
    ck_assert_msg(o.status == 0, "the correct sample fails cleanly: exit %d: %s", o.status, o.out);
    tool_output_free(&o);
}
END_TEST

/* A crash or hang in one scenario never stops the others. */
static void assert_other_scenarios_ran(const char *sample, const char *outcome, const char *rule)
{
    char *dir = tool_temp_dir("survive");
    tool_output o = RUN("run", "-q", "--no-color", "--format", "json", "-o", dir, "-j", "2", "--timeout", "2", sample);
    ck_assert_msg(o.status == 1, "%s: exit %d (never a signal, never 3): %s", sample, o.status, o.err);
    json_t *report = tool_load_report(dir);
    ck_assert_ptr_nonnull(report);
    size_t i, hit = 0, completed = 0;
    json_t *sc;
    json_array_foreach(json_object_get(report, "scenarios"), i, sc) {
        const char *got = json_string_value(json_object_get(sc, "outcome"));
        if (strcmp(got, outcome) == 0) {
            hit++;
            json_t *v = json_array_get(json_object_get(sc, "violations"), 0);
            ck_assert_msg(v != NULL, "%s: no finding in a %s scenario", sample, outcome);
        }
        if (strcmp(got, "completed") == 0)
            completed++;
    }
    ck_assert_msg(hit > 0, "%s: no scenario %s", sample, outcome);
    ck_assert_msg(completed > 0, "%s: no scenario completed", sample);
    ck_assert_ptr_nonnull(strstr(o.out, rule));
    json_decref(report);
    tool_output_free(&o);
    free(dir);
}

START_TEST(crash_hang_and_exit_are_findings_and_the_run_goes_on)
{
    assert_other_scenarios_ran("build/samples/vnic-crash.so", "crashed", "HOST-CRASH");
    assert_other_scenarios_ran("build/samples/vnic-exit.so", "crashed", "HOST-EXIT");
    assert_other_scenarios_ran("build/samples/vnic-hang.so", "hung", "HOST-HANG");
}
END_TEST

START_TEST(crash_is_reported_with_signal_and_miniport_backtrace)
{
    tool_output o = RUN("run", "-q", "--no-color", "--scenario", "fixtures/scenarios/010-lifecycle.yaml",
                        "build/samples/vnic-crash.so");
    ck_assert_int_eq(o.status, 1);
    ck_assert_msg(strstr(o.out, "SIGSEGV") != NULL, "%s", o.out);
    ck_assert_msg(strstr(o.out, "in MiniportHaltEx") != NULL, "%s", o.out);
    ck_assert_msg(strstr(o.out, "at VnicHalt (sample-miniports/vnic/adapter.c:") != NULL, "%s", o.out);
    tool_output_free(&o);
}
END_TEST

/* Item 5 of issue 9: a large, finite amount of work is not a loop; the
 * harness's own limit is reported as the harness stopping the scenario,
 * with the limit's name and how to raise it; a loop that makes no progress
 * is found after --loop-events repetitions. */
START_TEST(harness_limit_and_runaway_loop_are_told_apart)
{
    tool_output o = RUN("run", "-q", "--no-color", "--max-events", "5000", "--scenario",
                        "fixtures/scenarios/010-lifecycle.yaml", "build/samples/vnic-rx-ring-30000.so");
    ck_assert_msg(o.status == 0, "a harness limit is no error of the driver: exit %d", o.status);
    ck_assert_msg(strstr(o.out, "WARNING HOST-LIMIT") != NULL, "%s", o.out);
    ck_assert_msg(strstr(o.out, "(--max-events 5000)") != NULL, "%s", o.out);
    ck_assert_msg(strstr(o.out, "run again with a larger --max-events") != NULL, "%s", o.out);
    ck_assert_msg(strstr(o.out, "(1 stopped by the harness)") != NULL, "%s", o.out);
    ck_assert_ptr_null(strstr(o.out, "HOST-FLOOD"));
    tool_output_free(&o);

    /* the polling loop: found after --loop-events repeated calls, well before the limit */
    o = RUN("run", "-q", "--no-color", "--loop-events", "500", "--scenario", "sample-miniports/vnic/scenarios/050-reset-pending.yaml",
            "build/samples/vnic-poll-forever.so");
    ck_assert_int_eq(o.status, 1);
    ck_assert_msg(strstr(o.out, "ERROR HOST-FLOOD") != NULL, "%s", o.out);
    ck_assert_msg(strstr(o.out, "repeated for 500 events in MiniportResetEx") != NULL, "%s", o.out);
    ck_assert_ptr_null(strstr(o.out, "HOST-LIMIT"));
    tool_output_free(&o);

    /* the same loop with the limit first: the harness stopped it, and says so */
    o = RUN("run", "-q", "--no-color", "--loop-events", "5000", "--max-events", "1000", "--scenario",
            "sample-miniports/vnic/scenarios/050-reset-pending.yaml", "build/samples/vnic-poll-forever.so");
    ck_assert_msg(strstr(o.out, "HOST-LIMIT") != NULL, "%s", o.out);
    ck_assert_ptr_null(strstr(o.out, "HOST-FLOOD"));
    tool_output_free(&o);
}
END_TEST

START_TEST(correct_sample_exercises_the_whole_coverage_plan)
{
    char *dir = tool_temp_dir("coverage");
    tool_output o = RUN("run", "-q", "--format", "json", "-o", dir, "--scenarios", "fixtures/scenarios",
                        "--scenarios", "sample-miniports/vnic/scenarios", "build/samples/vnic.so");
    ck_assert_int_eq(o.status, 0);
    json_t *report = tool_load_report(dir);
    ck_assert_ptr_nonnull(report);
    json_t *coverage = json_object_get(report, "coverage");
    ck_assert_uint_gt(json_array_size(coverage), 40);
    size_t i;
    json_t *item;
    json_array_foreach(coverage, i, item)
        ck_assert_msg(json_integer_value(json_object_get(item, "count")) > 0, "never exercised: %s %s",
                      json_string_value(json_object_get(item, "group")),
                      json_string_value(json_object_get(item, "name")));
    json_decref(report);
    tool_output_free(&o);
    free(dir);
}
END_TEST

START_TEST(malformed_rule_file_is_refused_with_its_position)
{
    char *dir = tool_temp_dir("badrules");
    char path[600];
    snprintf(path, sizeof(path), "%s/bad.yaml", dir);
    FILE *f = fopen(path, "w");
    fputs("rules:\n  - id: BAD-ONE\n    severity: fatal\n", f);
    fclose(f);
    char want[700];
    snprintf(want, sizeof(want), "%s:3:15:", path);
    assert_usage_error(RUN("rules", "--rules", dir), want);
    assert_usage_error(RUN("run", "--rules", dir, "build/samples/vnic.so"), want);
    free(dir);
}
END_TEST

/* An NDIS 6.30 build asks for a reset with NdisMResetMiniport; NDIS resets it. */
START_TEST(ndis_resets_when_the_miniport_asks)
{
    char *dir = tool_temp_dir("resetreq");
    tool_output o = RUN("run", "-q", "-o", dir, "--scenario", "sample-miniports/vnic/scenarios/061-reset-requested.yaml",
                        "build/samples/vnic-ndis630.so");
    ck_assert_msg(o.status == 0, "exit %d: %s", o.status, o.out);
    char path[600];
    snprintf(path, sizeof(path), "%s/trace.jsonl", dir);
    char *trace = tool_read_file(path);
    ck_assert_ptr_nonnull(trace);
    char *asked = strstr(trace, "\"name\":\"NdisMResetMiniport\"");
    ck_assert_msg(asked != NULL, "the miniport never called NdisMResetMiniport");
    char *served = strstr(asked, "\"name\":\"reset_requested\"");
    ck_assert_msg(served != NULL, "NDIS did not serve the request");
    ck_assert_msg(strstr(served, "\"kind\":\"enter\",\"name\":\"MiniportResetEx\"") != NULL,
                  "no MiniportResetEx after the request");
    free(trace);
    tool_output_free(&o);
    free(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("cli");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, usage_errors_exit_2);
    tcase_add_loop_test(tc, bad_driver_is_refused_with_one_clear_line, 0,
                        sizeof(bad_drivers) / sizeof(bad_drivers[0]));
    tcase_add_test(tc, rules_lists_and_explain_cites_the_seed);
    tcase_add_test(tc, check_rejudges_a_recorded_trace_with_new_rules);
    tcase_add_test(tc, leak_is_named_with_its_allocating_function);
    tcase_add_test(tc, parallel_hosts_give_the_same_report);
    tcase_add_test(tc, bad_scenario_file_names_its_place);
    tcase_add_test(tc, sweep_finds_the_failure_path_leak_and_names_the_point);
    tcase_add_test(tc, inject_one_ddi_reproduces_one_finding);
    tcase_add_test(tc, crash_hang_and_exit_are_findings_and_the_run_goes_on);
    tcase_add_test(tc, crash_is_reported_with_signal_and_miniport_backtrace);
    tcase_add_test(tc, harness_limit_and_runaway_loop_are_told_apart);
    tcase_add_test(tc, correct_sample_exercises_the_whole_coverage_plan);
    tcase_add_test(tc, malformed_rule_file_is_refused_with_its_position);
    tcase_add_test(tc, ndis_resets_when_the_miniport_asks);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
