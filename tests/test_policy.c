/* Managing findings as cppcheck, clang-tidy and valgrind users do: a
 * suppressions file (each with its reason), a baseline of known findings,
 * rules enabled, disabled or given another severity, scenarios chosen by
 * name, and a project file holding all of it. A suppressed or baselined
 * finding stays in every report, marked, and does not count. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_runner.h"

#define LEAK "build/samples/vnic-leak.so"
#define RUN(...) tool_run((const char *const[]){ __VA_ARGS__, NULL })

static char *dir;

static void setup(void) { dir = tool_temp_dir("policy"); }
static void teardown(void)
{
    tool_remove_dir(dir);
}

static const char *in_dir(const char *name)
{
    static char paths[4][512];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, 512, "%s/%s", dir, name);
    return p;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static json_t *first_violation(json_t *report, const char *rule)
{
    size_t si, vi;
    json_t *sc, *v;
    json_array_foreach(json_object_get(report, "scenarios"), si, sc)
        json_array_foreach(json_object_get(sc, "violations"), vi, v)
            if (strcmp(json_string_value(json_object_get(v, "rule")), rule) == 0)
                return v;
    return NULL;
}

START_TEST(suppressed_finding_is_reported_and_not_counted)
{
    write_file(in_dir("supp.yaml"), "suppressions:\n"
                                    "  - rule: HALT-FREE-ALL\n"
                                    "    function: VnicAllocate*\n"
                                    "    file: vnic/timer.c\n"
                                    "    reason: \"known leak, fixed in 2.1\"\n"
                                    "  - rule: INIT-FAIL-*\n"
                                    "    reason: tracked as BUG-7\n");
    tool_output o = RUN("run", "-q", "--no-color", "--format", "json,sarif", "-o", in_dir("out"), "--suppressions",
                        in_dir("supp.yaml"), LEAK);
    ck_assert_msg(o.status == 0, "exit %d: %s", o.status, o.err);
    ck_assert_ptr_nonnull(strstr(o.out, "(suppressed, not counted: known leak, fixed in 2.1)"));
    ck_assert_ptr_nonnull(strstr(o.out, "(suppressed, not counted: tracked as BUG-7)"));
    /* Counted by cause: the two findings (30 occurrences) are suppressed. */
    ck_assert_ptr_nonnull(strstr(o.out, "0 errors, 0 warnings, 0 info (2 suppressed) — PASS"));
    tool_output_free(&o);
    json_t *report = tool_load_report(in_dir("out"));
    json_t *findings = json_object_get(report, "findings");
    ck_assert_uint_eq(json_array_size(findings), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(findings, 0), "rule")), "HALT-FREE-ALL");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(findings, 0), "suppressed")),
                     "known leak, fixed in 2.1");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(findings, 1), "suppressed")), "tracked as BUG-7");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(report, "finding_counts"), "error")), 0);
    json_t *v = first_violation(report, "HALT-FREE-ALL");
    ck_assert_str_eq(json_string_value(json_object_get(v, "suppressed")), "known leak, fixed in 2.1");
    ck_assert_str_eq(json_string_value(json_object_get(report, "verdict")), "pass");
    json_decref(report);
    json_t *sarif = json_load_file(in_dir("out/report.sarif"), 0, NULL);
    json_t *res = json_array_get(json_object_get(json_array_get(json_object_get(sarif, "runs"), 0), "results"), 0);
    json_t *sup = json_array_get(json_object_get(res, "suppressions"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(sup, "kind")), "external");
    ck_assert_ptr_nonnull(json_object_get(sup, "justification"));
    json_decref(sarif);

    /* The function must match: another function is not suppressed. */
    write_file(in_dir("other.yaml"), "suppressions:\n  - {rule: HALT-FREE-ALL, function: Other*, reason: r}\n");
    o = RUN("run", "-q", "--scenario", "lifecycle", "--suppressions", in_dir("other.yaml"), LEAK);
    ck_assert_int_eq(o.status, 1);
    tool_output_free(&o);
}
END_TEST

START_TEST(suppression_needs_a_reason)
{
    write_file(in_dir("supp.yaml"), "suppressions:\n  - rule: HALT-FREE-ALL\n    function: X\n");
    tool_output o = RUN("run", "--suppressions", in_dir("supp.yaml"), LEAK);
    ck_assert_int_eq(o.status, 2);
    ck_assert_msg(strstr(o.err, "supp.yaml:2:5: a suppression needs 'reason'") != NULL, "%s", o.err);
    tool_output_free(&o);
}
END_TEST

START_TEST(baseline_fails_only_on_new_findings)
{
    tool_output o = RUN("run", "-q", "--write-baseline", in_dir("base.json"), LEAK);
    ck_assert_int_eq(o.status, 1);
    tool_output_free(&o);
    json_t *base = json_load_file(in_dir("base.json"), 0, NULL);
    /* One entry per distinct finding (rule and place), not per scenario. */
    ck_assert_uint_eq(json_array_size(json_object_get(base, "findings")), 2);
    json_decref(base);

    o = RUN("run", "-q", "--no-color", "--baseline", in_dir("base.json"), LEAK);
    ck_assert_msg(o.status == 0, "exit %d", o.status);
    ck_assert_ptr_nonnull(strstr(o.out, "(in the baseline, not counted)"));
    tool_output_free(&o);

    /* Another driver's leak is new: it fails, and SARIF says which is new. */
    o = RUN("run", "-q", "--format", "sarif", "-o", in_dir("new"), "--baseline", in_dir("base.json"),
            "build/samples/vnic-leak-memory.so");
    ck_assert_int_eq(o.status, 1);
    tool_output_free(&o);
    json_t *sarif = json_load_file(in_dir("new/report.sarif"), 0, NULL);
    json_t *results = json_object_get(json_array_get(json_object_get(sarif, "runs"), 0), "results");
    size_t new_ones = 0;
    for (size_t i = 0; i < json_array_size(results); i++)
        new_ones += strcmp(json_string_value(json_object_get(json_array_get(results, i), "baselineState")), "new") == 0;
    ck_assert_uint_gt(new_ones, 0);
    json_decref(sarif);
}
END_TEST

START_TEST(rules_enabled_disabled_and_reweighted)
{
    tool_output o = RUN("run", "-q", "--format", "json", "-o", in_dir("a"), "--disable", "HALT-FREE-ALL", LEAK);
    ck_assert_int_eq(o.status, 1);
    tool_output_free(&o);
    json_t *report = tool_load_report(in_dir("a"));
    char *ids = tool_report_rule_ids(report);
    ck_assert_str_eq(ids, "INIT-FAIL-RELEASE");
    free(ids);
    json_decref(report);

    o = RUN("run", "-q", "--disable", "HALT-*,INIT-*", LEAK);
    ck_assert_int_eq(o.status, 0);
    tool_output_free(&o);
    o = RUN("run", "-q", "--enable", "INIT-*", "--format", "json", "-o", in_dir("b"), LEAK);
    ck_assert_int_eq(o.status, 1);
    tool_output_free(&o);
    report = tool_load_report(in_dir("b"));
    ids = tool_report_rule_ids(report);
    ck_assert_str_eq(ids, "INIT-FAIL-RELEASE");
    free(ids);
    json_decref(report);

    /* Warnings do not fail at --fail-on error; they do at --fail-on warning. */
    o = RUN("run", "-q", "--severity", "HALT-FREE-ALL=warning", "--severity", "INIT-*=info", LEAK);
    ck_assert_int_eq(o.status, 0);
    tool_output_free(&o);
    o = RUN("run", "-q", "--severity", "HALT-FREE-ALL=warning", "--fail-on", "warning", LEAK);
    ck_assert_int_eq(o.status, 1);
    tool_output_free(&o);
    o = RUN("run", "--severity", "HALT-FREE-ALL", LEAK);
    ck_assert_int_eq(o.status, 2);
    ck_assert_ptr_nonnull(strstr(o.err, "--severity expects ID=error|warning|info"));
    tool_output_free(&o);
}
END_TEST

START_TEST(scenarios_by_name_and_listed)
{
    tool_output o = RUN("scenarios");
    ck_assert_int_eq(o.status, 0);
    ck_assert_ptr_nonnull(strstr(o.out, "lifecycle "));
    ck_assert_ptr_nonnull(strstr(o.out, "reset-pending "));
    tool_output_free(&o);
    o = RUN("run", "-q", "--no-color", "--scenario", "lifecycle", "--scenario", "ports", "build/samples/vnic.so");
    ck_assert_int_eq(o.status, 0);
    ck_assert_ptr_nonnull(strstr(o.out, "scenarios run: 2 ("));
    tool_output_free(&o);
    o = RUN("run", "--scenario", "lifecycel", "build/samples/vnic.so");
    ck_assert_int_eq(o.status, 2);
    ck_assert_ptr_nonnull(strstr(o.err, "--scenario lifecycel: no scenario of that name"));
    tool_output_free(&o);
}
END_TEST

START_TEST(project_file_holds_the_policy)
{
    write_file(in_dir("supp.yaml"), "suppressions:\n  - {rule: INIT-FAIL-RELEASE, reason: tracked}\n");
    write_file(in_dir("mpconform.yaml"), "disable: [HALT-REVERSE-ORDER]\n"
                                         "severity: {HALT-FREE-ALL: warning}\n"
                                         "fail_on: warning\n"
                                         "scenarios: [lifecycle, initialize-fails]\n"
                                         "suppressions: supp.yaml\n");
    tool_output o = RUN("run", "-q", "--no-color", "--config", in_dir("mpconform.yaml"), LEAK);
    ck_assert_int_eq(o.status, 1); /* the leak is a warning now, and fail_on is warning */
    /* Only the two scenarios named (initialize-fails runs once per allocation site). */
    ck_assert_ptr_nonnull(strstr(o.out, "lifecycle ("));
    ck_assert_ptr_nonnull(strstr(o.out, "initialize-fails [allocation #"));
    ck_assert_ptr_null(strstr(o.out, "halt-NdisHaltDeviceStopped"));
    ck_assert_ptr_nonnull(strstr(o.out, "WARNING HALT-FREE-ALL"));
    ck_assert_ptr_nonnull(strstr(o.out, "(suppressed, not counted: tracked)"));
    tool_output_free(&o);
    /* The command line wins over the file. */
    o = RUN("run", "-q", "--config", in_dir("mpconform.yaml"), "--fail-on", "error", LEAK);
    ck_assert_int_eq(o.status, 0);
    tool_output_free(&o);
    /* Found in the current directory without --config. */
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cd %s && %s/bin/mpconform run -q %s/" LEAK " >/dev/null 2>&1", dir,
             getenv("PWD") ? getenv("PWD") : ".", getenv("PWD") ? getenv("PWD") : ".");
    ck_assert_int_eq(WEXITSTATUS(system(cmd)), 1);
    /* A bad file is refused at its place. */
    write_file(in_dir("bad.yaml"), "fail_on: warning\nsuppresions: x.yaml\n");
    o = RUN("run", "--config", in_dir("bad.yaml"), LEAK);
    ck_assert_int_eq(o.status, 2);
    ck_assert_msg(strstr(o.err, "bad.yaml:2:1: unknown key 'suppresions'") != NULL, "%s", o.err);
    tool_output_free(&o);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("policy");
    TCase *tc = tcase_create("policy");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, suppressed_finding_is_reported_and_not_counted);
    tcase_add_test(tc, suppression_needs_a_reason);
    tcase_add_test(tc, baseline_fails_only_on_new_findings);
    tcase_add_test(tc, rules_enabled_disabled_and_reweighted);
    tcase_add_test(tc, scenarios_by_name_and_listed);
    tcase_add_test(tc, project_file_holds_the_policy);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
