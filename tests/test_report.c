/* The report writers: a run result built by hand is written as text, JSON
 * and HTML, and the output is checked for the exact facts that were put in
 * (JUnit and SARIF: test_report_ci.c). */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/report.h"
#include "report_fixture.h"


START_TEST(counts_and_verdict)
{
    run_result r = sample_run_result();
    size_t n[3];
    run_result_counts(&r, n);
    ck_assert_uint_eq(n[SEV_ERROR], 2);
    ck_assert_uint_eq(n[SEV_WARNING], 1);
    ck_assert_uint_eq(n[SEV_INFO], 1);
    ck_assert_int_eq(run_result_failed(&r), 1);

    /* Drop the errors: warnings fail only when fail_on is warning or info. */
    violation_free(&r.scenarios[0].violations.items[0]);
    r.scenarios[0].violations.items[0] = r.scenarios[0].violations.items[1];
    r.scenarios[0].violations.count = 1;
    violation_free(&r.scenarios[1].violations.items[1]);
    r.scenarios[1].violations.count = 1;
    ck_assert_int_eq(run_result_failed(&r), 0);
    r.fail_on = SEV_WARNING;
    ck_assert_int_eq(run_result_failed(&r), 1);
    r.fail_on = SEV_INFO;
    ck_assert_int_eq(run_result_failed(&r), 1);
    violation_free(&r.scenarios[0].violations.items[0]);
    r.scenarios[0].violations.count = 0;
    r.fail_on = SEV_WARNING;
    ck_assert_int_eq(run_result_failed(&r), 0);
    run_result_free(&r);
    ck_assert_ptr_null(r.scenarios);
    ck_assert_uint_eq(r.nscenarios, 0);
}
END_TEST

START_TEST(outcome_names)
{
    ck_assert_str_eq(scenario_outcome_name(SCENARIO_COMPLETED), "completed");
    ck_assert_str_eq(scenario_outcome_name(SCENARIO_CRASHED), "crashed");
    ck_assert_str_eq(scenario_outcome_name(SCENARIO_HUNG), "hung");
    ck_assert_str_eq(scenario_outcome_name(SCENARIO_STOPPED), "stopped by the harness");
    ck_assert_str_eq(scenario_outcome_name(SCENARIO_LOAD_ERROR), "load error");
    ck_assert_str_eq(scenario_outcome_name(SCENARIO_NOT_EXERCISED), "not exercised");
}
END_TEST

START_TEST(json_round_trip)
{
    run_result r = sample_run_result();
    char err[256] = "";
    make_tmpdir();
    ck_assert_msg(report_write_json(path_in("report.json"), &r, err, sizeof err) == 0, "%s", err);
    json_error_t jerr;
    json_t *root = json_load_file(path_in("report.json"), 0, &jerr);
    ck_assert_msg(root != NULL, "report.json does not parse: %s", jerr.text);

    /* Key order is part of the schema. */
    ck_assert_str_eq(json_object_iter_key(json_object_iter(root)), "schema_version");
    ck_assert_int_eq(json_integer_value(json_object_get(root, "schema_version")), 1);
    json_t *tool = json_object_get(root, "tool");
    ck_assert_str_eq(json_string_value(json_object_get(tool, "name")), "mpconform");
    ck_assert_str_eq(json_string_value(json_object_get(tool, "version")), "0.1.0");
    ck_assert_str_eq(json_string_value(json_object_get(root, "driver")), "build/samples/leaky.so");
    ck_assert_str_eq(json_string_value(json_object_get(root, "fail_on")), "error");
    ck_assert_str_eq(json_string_value(json_object_get(root, "verdict")), "fail");
    json_t *counts = json_object_get(root, "counts");
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "error")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "warning")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "info")), 1);

    json_t *scs = json_object_get(root, "scenarios");
    ck_assert_uint_eq(json_array_size(scs), 3);
    json_t *s0 = json_array_get(scs, 0), *s1 = json_array_get(scs, 1);
    ck_assert_str_eq(json_string_value(json_object_get(s0, "name")), "halt-leak");
    ck_assert_str_eq(json_string_value(json_object_get(s0, "description")), "initialize then halt");
    ck_assert_str_eq(json_string_value(json_object_get(s0, "outcome")), "completed");
    ck_assert_str_eq(json_string_value(json_object_get(s1, "outcome")), "crashed");
    ck_assert_int_eq(json_integer_value(json_object_get(s0, "events")), 57);

    json_t *v = json_array_get(json_object_get(s0, "violations"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(v, "rule")), "HALT-FREE-ALL");
    ck_assert_str_eq(json_string_value(json_object_get(v, "severity")), "error");
    ck_assert_str_eq(json_string_value(json_object_get(v, "summary")), "summary of the rule");
    ck_assert_str_eq(json_string_value(json_object_get(v, "doc")),
                     "MINIPORT_HALT callback function (ndis.h): free every resource");
    ck_assert_str_eq(json_string_value(json_object_get(v, "doc_url")),
                     "https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nc-ndis-miniport_halt");
    ck_assert_str_eq(json_string_value(json_object_get(v, "fix")), "free it in MiniportHaltEx");
    ck_assert_str_eq(json_string_value(json_object_get(v, "message")), "memory block 0x1000 not freed");
    ck_assert_str_eq(json_string_value(json_object_get(v, "scenario")), "halt-leak");
    ck_assert_int_eq(json_integer_value(json_object_get(v, "event_index")), 41);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "adapter")), 0);
    ck_assert_str_eq(json_string_value(json_object_get(v, "callback")), "MiniportHaltEx");
    ck_assert_str_eq(json_string_value(json_object_get(v, "state")), "Halted");
    json_t *bt = json_object_get(v, "backtrace");
    ck_assert_uint_eq(json_array_size(bt), 2);
    json_t *f0 = json_array_get(bt, 0), *f1 = json_array_get(bt, 1);
    ck_assert_str_eq(json_string_value(json_object_get(f0, "function")), "MpHalt");
    ck_assert_str_eq(json_string_value(json_object_get(f0, "file")), "mp/halt.c");
    ck_assert_int_eq(json_integer_value(json_object_get(f0, "line")), 42);
    ck_assert_str_eq(json_string_value(json_object_get(f0, "module")), "/opt/leaky.so");
    ck_assert_int_eq(json_integer_value(json_object_get(f0, "offset")), 0x1a2b);
    ck_assert(json_is_null(json_object_get(f1, "function")));
    ck_assert(json_is_null(json_object_get(f1, "file")));
    ck_assert(json_is_null(json_object_get(f1, "line")));
    ck_assert_int_eq(json_integer_value(json_object_get(f1, "offset")), 0x3c4d);
    json_t *origin = json_object_get(v, "origin");
    ck_assert_uint_eq(json_array_size(origin), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(origin, 0), "function")), "MpAllocRings");
    json_t *w = json_array_get(json_object_get(s0, "violations"), 1);
    ck_assert_str_eq(json_string_value(json_object_get(w, "message")), NASTY);
    ck_assert_uint_eq(json_array_size(json_object_get(w, "origin")), 0);
    json_t *info = json_array_get(json_object_get(s1, "violations"), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(info, "adapter")), -1);
    ck_assert_str_eq(json_string_value(json_object_get(info, "callback")), "");

    json_t *cov = json_object_get(root, "coverage");
    ck_assert_uint_eq(json_array_size(cov), 4);
    json_t *c1 = json_array_get(cov, 1);
    ck_assert_str_eq(json_string_value(json_object_get(c1, "group")), "transition");
    ck_assert_str_eq(json_string_value(json_object_get(c1, "name")), "transition Running -> Pausing");
    ck_assert_int_eq(json_integer_value(json_object_get(c1, "count")), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(cov, 2), "count")), 2);

    json_decref(root);
    ck_assert_int_eq(temp_files_left(tmpdir), 0);
    remove_tmpdir();
    run_result_free(&r);
}
END_TEST

START_TEST(json_pass_verdict)
{
    run_result r = sample_run_result();
    r.fail_on = SEV_ERROR;
    violation_list_free(&r.scenarios[0].violations);
    violation_list_free(&r.scenarios[1].violations);
    char err[256] = "";
    make_tmpdir();
    ck_assert_msg(report_write_json(path_in("r.json"), &r, err, sizeof err) == 0, "%s", err);
    json_t *root = json_load_file(path_in("r.json"), 0, NULL);
    ck_assert_ptr_nonnull(root);
    ck_assert_str_eq(json_string_value(json_object_get(root, "verdict")), "pass");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(root, "counts"), "error")), 0);
    json_decref(root);
    remove_tmpdir();
    run_result_free(&r);
}
END_TEST

START_TEST(text_content)
{
    run_result r = sample_run_result();
    char *t = text_report(&r, 0);
    ck_assert_ptr_nonnull(strstr(t, "driver: build/samples/leaky.so"));
    ck_assert_ptr_nonnull(strstr(t, "scenarios run: 3 (2 completed, 1 crashed)"));
    /* Each scenario on one line: how it ended, its findings by severity, the rules. */
    ck_assert_ptr_nonnull(strstr(t, "\nScenarios\n"
                                    "   !!  halt-leak (57 events): 1 error, 1 warning [HALT-FREE-ALL, STALL-LIMIT]\n"
                                    "CRASH  reset-pending (crashed, 8 events): 1 error, 1 info [RESET-INFO, RESET-NO-BLOCK]\n"
                                    "   ok  clean (4 events)\n"));
    ck_assert_ptr_nonnull(strstr(t, "\nFindings (4, grouped by cause: the same rule at the same driver location is one "
                                    "finding; 4 occurrences in all)\n"));
    /* Each finding in full, once, errors first. */
    const char *hfa = strstr(t, "ERROR HALT-FREE-ALL  memory block 0x1000 not freed\n");
    const char *rnb = strstr(t, "ERROR RESET-NO-BLOCK  blocked in reset\n"), *stall = strstr(t, "WARNING STALL-LIMIT");
    ck_assert(hfa && rnb && stall && hfa < rnb && rnb < stall);
    ck_assert_ptr_nonnull(strstr(t, "ERROR HALT-FREE-ALL  memory block 0x1000 not freed\n"
                                    "  occurred in 1 scenario: halt-leak\n"
                                    "  in MiniportHaltEx (adapter 0, state Halted), event #41\n"
                                    "    at MpHalt (mp/halt.c:42)\n"
                                    "    at leaky.so+0x3c4d\n"
                                    "  allocated at MpAllocRings (mp/init.c:17)\n"
                                    "  doc: MINIPORT_HALT callback function (ndis.h): free every resource\n"
                                    "       https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nc-ndis-miniport_halt\n"
                                    "  fix: free it in MiniportHaltEx\n"));
    ck_assert_ptr_nonnull(strstr(t, "WARNING STALL-LIMIT  " NASTY "\n"));
    ck_assert_ptr_nonnull(strstr(t, "INFO RESET-INFO  reset took 3 ticks\n  occurred in 1 scenario: reset-pending\n"
                                    "  in no callback (driver-wide, state Running)"));
    /* The per-rule table closes the report, just before the count line. */
    ck_assert_ptr_nonnull(strstr(t, "\nPer rule\n"
                                    "  rule            severity  findings  scenarios\n"
                                    "  HALT-FREE-ALL   error            1          1\n"
                                    "  RESET-NO-BLOCK  error            1          1\n"
                                    "  STALL-LIMIT     warning          1          1\n"
                                    "  RESET-INFO      info             1          1\n"
                                    "\n2 errors, 1 warning, 1 info — FAIL (fail-on: error)\n"));
    /* At most six frames, then how many were left out. */
    ck_assert_ptr_nonnull(strstr(t, "    at deep_5 (leaky.so+0x600)\n    ... 2 more frames\n"));
    ck_assert_ptr_null(strstr(t, "deep_6"));

    char *cov = strstr(t, "Coverage");
    char *never = strstr(t, "NOT exercised");
    ck_assert_ptr_nonnull(cov);
    ck_assert_ptr_nonnull(never);
    ck_assert(cov < never);
    char *hit = strstr(cov, "3  transition Paused -> Restarting");
    ck_assert_ptr_nonnull(hit);
    ck_assert(hit < never);
    ck_assert_ptr_nonnull(strstr(never, "transition Running -> Pausing"));
    ck_assert_ptr_nonnull(strstr(never, "NdisMSetMiniportAttributes -> NDIS_STATUS_INVALID_PORT_STATE"));
    ck_assert_ptr_null(strstr(never, "Paused -> Restarting"));
    ck_assert_ptr_nonnull(strstr(t, "2 errors, 1 warning, 1 info — FAIL (fail-on: error)\n"));
    ck_assert_ptr_null(strstr(t, "\033["));
    free(t);

    t = text_report(&r, 1);
    ck_assert_ptr_nonnull(strstr(t, "\033[1;31mERROR\033[0m"));
    free(t);

    r.fail_on = SEV_ERROR;
    violation_list_free(&r.scenarios[1].violations);
    violation_free(&r.scenarios[0].violations.items[0]);
    r.scenarios[0].violations.items[0] = r.scenarios[0].violations.items[1];
    r.scenarios[0].violations.count = 1;
    t = text_report(&r, 0);
    ck_assert_ptr_nonnull(strstr(t, "0 errors, 1 warning, 0 info — PASS (fail-on: error)\n"));
    free(t);
    run_result_free(&r);
}
END_TEST

/* The same rule at the same driver location in a later scenario is the same
 * finding: shown once in full, with both scenarios; counted once, its
 * occurrences said. */
START_TEST(text_groups_findings_by_cause)
{
    run_result r = sample_run_result();
    violation again = make_violation("HALT-FREE-ALL", SEV_ERROR, "memory block 0x2000 not freed", "clean", 77,
                                     "MiniportHaltEx", "Halted");
    ck_assert_int_eq(backtrace_copy(&again.bt, &r.scenarios[0].violations.items[0].bt), 0);
    ck_assert_int_eq(backtrace_copy(&again.origin, &r.scenarios[0].violations.items[0].origin), 0);
    violation_list_push(&r.scenarios[2].violations, &again);
    char *t = text_report(&r, 0);
    ck_assert_ptr_nonnull(strstr(t, "ERROR HALT-FREE-ALL  memory block 0x1000 not freed\n"
                                    "  occurred in 2 scenarios: halt-leak and clean\n"
                                    "  in MiniportHaltEx (adapter 0, state Halted), event #41\n"));
    ck_assert_ptr_null(strstr(t, "event #77"));
    ck_assert_ptr_null(strstr(t, "0x2000"));
    ck_assert_ptr_nonnull(strstr(t, "   !!  clean (4 events): 1 error [HALT-FREE-ALL]\n"));
    ck_assert_ptr_nonnull(strstr(t, "  HALT-FREE-ALL   error            1          2\n"));
    ck_assert_ptr_nonnull(strstr(t, "\n2 errors (3 occurrences), 1 warning, 1 info — FAIL (fail-on: error)\n"));
    free(t);
    run_result_free(&r);
}
END_TEST

/* One missing free seen in 30 scenarios: one finding, its scenarios
 * abbreviated, "1 error (30 occurrences)". */
START_TEST(text_abbreviates_a_long_scenario_list)
{
    run_result r;
    memset(&r, 0, sizeof r);
    r.driver = strdup("leaky.so");
    r.fail_on = SEV_ERROR;
    r.nscenarios = 30;
    r.scenarios = calloc(30, sizeof(scenario_result));
    for (size_t s = 0; s < 30; s++) {
        char name[32];
        snprintf(name, sizeof name, "scenario-%02zu", s);
        r.scenarios[s].name = strdup(name);
        r.scenarios[s].event_count = 10;
        violation v = make_violation("HALT-FREE-ALL", SEV_ERROR, "timer not freed", name, 5, "MiniportHaltEx", "Paused");
        v.origin.count = 1;
        v.origin.frames = calloc(1, sizeof(frame));
        set_frame(&v.origin.frames[0], "VnicAllocateTimer", "vnic/timer.c", 23, "/opt/vnic.so", 0x40);
        ck_assert_int_eq(violation_list_push(&r.scenarios[s].violations, &v), 0);
    }
    char *t = text_report(&r, 0);
    ck_assert_ptr_nonnull(strstr(t, "  occurred in 30 scenarios: scenario-00, scenario-01 and 28 more\n"));
    size_t blocks = 0;
    for (const char *p = t; (p = strstr(p, "ERROR HALT-FREE-ALL")); p++)
        blocks++;
    ck_assert_uint_eq(blocks, 1);
    ck_assert_ptr_nonnull(strstr(t, "  HALT-FREE-ALL  error            1         30\n"));
    ck_assert_ptr_nonnull(strstr(t, "\n1 error (30 occurrences), 0 warnings, 0 info — FAIL (fail-on: error)\n"));
    free(t);
    run_result_free(&r);
}
END_TEST

START_TEST(html_content)
{
    run_result r = sample_run_result();
    char err[256] = "";
    make_tmpdir();
    ck_assert_msg(report_write_html(path_in("r.html"), &r, err, sizeof err) == 0, "%s", err);
    char *h = slurp(path_in("r.html"));
    ck_assert_ptr_nonnull(strstr(h, "<!DOCTYPE html>"));
    ck_assert_ptr_nonnull(strstr(h, "<style>"));
    /* Self-contained: inline script and SVG, nothing fetched. */
    ck_assert_ptr_nonnull(strstr(h, "<script>"));
    ck_assert_ptr_null(strstr(h, "<script src"));
    ck_assert_ptr_null(strstr(h, " src="));
    ck_assert_ptr_null(strstr(h, "<link"));
    ck_assert_ptr_null(strstr(h, "@import"));
    /* The state diagram of halt-leak: states visited filled, the failed
     * Initialize red, a state never reached drawn empty. */
    const char *leak = strstr(h, "<details class=\"scenario\" id=\"scenario-0\" data-scenario=\"halt-leak\" open>");
    ck_assert_ptr_nonnull(leak);
    const char *next = strstr(leak, "id=\"scenario-1\"");
    ck_assert_ptr_nonnull(next);
    const char *diagram = strstr(leak, "<svg class=\"diagram\"");
    ck_assert(diagram && diagram < next);
    ck_assert_ptr_nonnull(strstr(diagram, "<g class=\"state visited\" data-state=\"Initializing\">"));
    ck_assert_ptr_nonnull(strstr(diagram, "<g class=\"state\" data-state=\"Running\">"));
    ck_assert_ptr_nonnull(strstr(diagram, "<g class=\"edge failed\" data-from=\"Initializing\" data-to=\"Halted\" "
                                          "data-count=\"1\">"));
    ck_assert_ptr_nonnull(strstr(diagram, "<g class=\"edge\" data-from=\"Halted\" data-to=\"Initializing\" "
                                          "data-count=\"2\">"));
    /* Its timeline: the leak runs to the end, the wrong-order release is marked. */
    const char *timeline = strstr(leak, "<svg class=\"timeline\"");
    ck_assert(timeline && timeline < next);
    ck_assert_ptr_nonnull(strstr(timeline, "<g class=\"span leak\" data-kind=\"timer\" data-alloc=\"3\" "
                                           "data-free=\"leaked\">"));
    ck_assert_ptr_nonnull(strstr(timeline, "<g class=\"span wrong-order\" data-kind=\"dma\" data-alloc=\"4\" "
                                           "data-free=\"50\">"));
    ck_assert_ptr_nonnull(strstr(timeline, "<g class=\"span\" data-kind=\"memory\" data-alloc=\"2\" data-free=\"51\">"));
    /* Findings grouped by rule, each row carrying what the filters match. */
    ck_assert_ptr_nonnull(strstr(h, "<section class=\"rule\" data-rule=\"HALT-FREE-ALL\">"));
    ck_assert_ptr_nonnull(strstr(h, "<tr class=\"finding\" data-severity=\"error\" data-rule=\"HALT-FREE-ALL\" "
                                    "data-scenarios=\"halt-leak\">"));
    ck_assert_ptr_nonnull(strstr(h, "<select id=\"f-severity\">"));
    ck_assert_ptr_nonnull(strstr(h, "<option value=\"reset-pending\">reset-pending</option>"));
    ck_assert_ptr_null(strstr(h, "<option value=\"clean\">"));  /* no finding there: nothing to filter */
    ck_assert_ptr_nonnull(strstr(h, "value &lt;&amp;&quot;&gt; escaped"));
    ck_assert_ptr_nonnull(strstr(h, "HALT-FREE-ALL"));
    ck_assert_ptr_nonnull(strstr(h, "at MpHalt (mp/halt.c:42)"));
    ck_assert_ptr_nonnull(strstr(h, "verdict fail\">FAIL"));
    ck_assert_ptr_nonnull(strstr(h, "transition Running -&gt; Pausing</td><td>NOT exercised"));
    free(h);
    remove_tmpdir();
    run_result_free(&r);
}
END_TEST

START_TEST(atomic_write)
{
    char err[256] = "";
    make_tmpdir();
    ck_assert_int_eq(report_atomic_write(path_in("ok.txt"), "hello\n", 6, err, sizeof err), 0);
    char *s = slurp(path_in("ok.txt"));
    ck_assert_str_eq(s, "hello\n");
    free(s);
    /* Replacing an existing report works too. */
    ck_assert_int_eq(report_atomic_write(path_in("ok.txt"), "bye\n", 4, err, sizeof err), 0);
    s = slurp(path_in("ok.txt"));
    ck_assert_str_eq(s, "bye\n");
    free(s);

    /* A directory that does not exist: fails, names the path and the cause. */
    char missing[512];
    snprintf(missing, sizeof missing, "%s/no-such-dir/report.json", tmpdir);
    ck_assert_int_eq(report_atomic_write(missing, "x", 1, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "no-such-dir/report.json") != NULL, "err: %s", err);
    ck_assert_msg(strstr(err, "No such file or directory") != NULL, "err: %s", err);

    /* The target is a directory: the temp file is written, the rename fails,
     * and the temp file must be gone afterwards. */
    ck_assert_int_eq(mkdir(path_in("taken"), 0755), 0);
    err[0] = '\0';
    ck_assert_int_eq(report_atomic_write(path_in("taken"), "x", 1, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "taken") != NULL && strstr(err, "rename") != NULL, "err: %s", err);
    ck_assert_int_eq(temp_files_left(tmpdir), 0);

    /* A writer passes the failure on. */
    run_result r = sample_run_result();
    err[0] = '\0';
    ck_assert_int_eq(report_write_json(missing, &r, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "report.json") != NULL, "err: %s", err);
    ck_assert_int_eq(report_write_sarif(path_in("taken"), &r, err, sizeof err), -1);
    ck_assert_int_eq(report_write_junit(path_in("taken"), &r, err, sizeof err), -1);
    ck_assert_int_eq(report_write_html(path_in("taken"), &r, err, sizeof err), -1);
    ck_assert_int_eq(temp_files_left(tmpdir), 0);
    run_result_free(&r);
    remove_tmpdir();
}
END_TEST

/* A file written unnamed (O_TMPFILE) in the report's directory becomes the
 * report without a copy: the same content, the mode a created file gets
 * (0644 less the umask), nothing else left. A file that cannot be named
 * that way (one that had a name, removed) is left to the caller to copy,
 * and the report is not touched. */
START_TEST(atomic_adopt)
{
    char err[256] = "";
    make_tmpdir();
    int fd = open(tmpdir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) {   /* a file system without O_TMPFILE: nothing to adopt */
        remove_tmpdir();
        return;
    }
    ck_assert_int_eq(write(fd, "lines\n", 6), 6);
    mode_t old = umask(027);
    ck_assert_int_eq(report_atomic_adopt(path_in("trace.jsonl"), fd, err, sizeof err), 0);
    umask(old);
    char *s = slurp(path_in("trace.jsonl"));
    ck_assert_str_eq(s, "lines\n");
    free(s);
    struct stat st;
    ck_assert_int_eq(stat(path_in("trace.jsonl"), &st), 0);
    ck_assert_uint_eq(st.st_mode & 0777, 0640);
    ck_assert_int_eq(write(fd, "", 0), 0);   /* the descriptor stays the caller's */
    /* named now: adopting it again, under any name, is refused */
    ck_assert_int_eq(report_atomic_adopt(path_in("again.jsonl"), fd, err, sizeof err), 1);
    ck_assert_int_eq(access(path_in("again.jsonl"), F_OK), -1);
    ck_assert_int_eq(close(fd), 0);
    ck_assert_int_eq(temp_files_left(tmpdir), 0);

    char named[600];
    snprintf(named, sizeof named, "%s/named.XXXXXX", tmpdir);
    fd = mkstemp(named);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(unlink(named), 0);
    ck_assert_int_eq(report_atomic_adopt(path_in("trace.jsonl"), fd, err, sizeof err), 1);
    close(fd);
    s = slurp(path_in("trace.jsonl"));
    ck_assert_str_eq(s, "lines\n");
    free(s);
    ck_assert_int_eq(temp_files_left(tmpdir), 0);
    remove_tmpdir();
}
END_TEST

static Suite *report_suite(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("writers");
    tcase_add_test(tc, counts_and_verdict);
    tcase_add_test(tc, outcome_names);
    tcase_add_test(tc, json_round_trip);
    tcase_add_test(tc, json_pass_verdict);
    tcase_add_test(tc, text_content);
    tcase_add_test(tc, text_groups_findings_by_cause);
    tcase_add_test(tc, text_abbreviates_a_long_scenario_list);
    tcase_add_test(tc, html_content);
    tcase_add_test(tc, atomic_write);
    tcase_add_test(tc, atomic_adopt);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(report_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
