/* The parts `make bench` relies on do what docs/bench.md says: the bench
 * driver makes the pairs it is asked for and reports its clocks, the
 * runner passes the command's exit status on, and the report turns rows
 * into the table and results.json. Nothing here is timed: a figure is
 * only checked to be there. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_runner.h"

static size_t count(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* Runs the bench driver through `mpconform run` with PAIRS pairs (NULL:
 * MPC_BENCH_PAIRS unset) on SCENARIO; the run's exit status, its trace
 * and the driver's report file (either may be NULL). */
static int run_bench_driver(const char *pairs, const char *scenario, char **trace, char **report)
{
    char *dir = tool_temp_dir("bench");
    char cmd[8192], path[4200];
    snprintf(cmd, sizeof cmd,
             "env -u MPC_BENCH_PAIRS %s%s MPC_BENCH_REPORT=%s/report bin/mpconform run -q --scenario "
             "bench/scenarios/%s -o %s/out build/bench/alloc-driver.so",
             pairs ? "MPC_BENCH_PAIRS=" : "", pairs ? pairs : "", dir, scenario, dir);
    char *out;
    int status = tool_shell(cmd, &out);
    free(out);
    snprintf(path, sizeof path, "%s/out/trace.jsonl", dir);
    *trace = tool_read_file(path);
    snprintf(path, sizeof path, "%s/report", dir);
    *report = tool_read_file(path);
    tool_remove_dir(dir);
    return status;
}

START_TEST(the_bench_driver_makes_the_pairs_asked_for_and_reports_its_loop_and_its_host)
{
    char *trace, *report;
    ck_assert_int_eq(run_bench_driver("3", "alloc-pairs.yaml", &trace, &report), 0);
    ck_assert_ptr_nonnull(trace);
    ck_assert_uint_eq(count(trace, "\"name\":\"NdisAllocateMemoryWithTagPriority\""), 3);
    ck_assert_uint_eq(count(trace, "\"name\":\"NdisFreeMemory\""), 3);
    ck_assert_ptr_nonnull(report);
    long long loop = -1, host = -1;
    ck_assert_msg(sscanf(report, "loop_cpu_ns %lld\nhost_cpu_at_unload_ns %lld", &loop, &host) == 2,
                  "report: %s", report);
    /* the process CPU clock may tick coarsely: three pairs can read 0 */
    ck_assert(loop >= 0 && host > 0 && host >= loop);
    free(trace);
    free(report);
}
END_TEST

START_TEST(without_pairs_the_driver_allocates_nothing_and_reports_only_the_host)
{
    char *trace, *report;
    ck_assert_int_eq(run_bench_driver(NULL, "alloc-pairs.yaml", &trace, &report), 0);
    ck_assert_ptr_nonnull(trace);
    ck_assert_uint_eq(count(trace, "NdisAllocateMemoryWithTagPriority"), 0);
    ck_assert_ptr_nonnull(report);
    ck_assert_ptr_null(strstr(report, "loop_cpu_ns"));
    ck_assert_uint_eq(count(report, "host_cpu_at_unload_ns "), 1);
    free(trace);
    free(report);
}
END_TEST

/* More events than the judge's HOST-FLOOD window (10000), all from one
 * place in one callback: the bench needs the loop to run to its end. */
START_TEST(many_pairs_are_not_mistaken_for_a_runaway_loop)
{
    char *trace, *report;
    ck_assert_int_eq(run_bench_driver("6000", "alloc-pairs.yaml", &trace, &report), 0);
    ck_assert_ptr_nonnull(trace);
    ck_assert_uint_eq(count(trace, "\"name\":\"NdisFreeMemory\""), 6000);
    ck_assert_ptr_null(strstr(trace, "HOST-FLOOD"));
    free(trace);
    free(report);
}
END_TEST

START_TEST(the_empty_scenario_runs_driver_entry_and_unload_only)
{
    char *trace, *report;
    ck_assert_int_eq(run_bench_driver(NULL, "empty.yaml", &trace, &report), 0);
    ck_assert_ptr_nonnull(trace);
    ck_assert_uint_eq(count(trace, "\"kind\":\"enter\""), 2);
    ck_assert_ptr_nonnull(strstr(trace, "\"kind\":\"enter\",\"name\":\"DriverEntry\""));
    ck_assert_ptr_nonnull(strstr(trace, "\"kind\":\"enter\",\"name\":\"MiniportDriverUnload\""));
    ck_assert_ptr_nonnull(report);
    ck_assert_uint_eq(count(report, "host_cpu_at_unload_ns "), 1);
    free(trace);
    free(report);
}
END_TEST

START_TEST(measure_passes_the_exit_status_on_and_drops_the_commands_output)
{
    char *out;
    ck_assert_int_eq(tool_shell("build/bench/measure 2 sh -c 'echo chatter; exit 1'", &out), 0);
    ck_assert_msg(strstr(out, "status=1\n") != NULL, "%s", out);
    ck_assert_ptr_nonnull(strstr(out, "wall_ns="));
    ck_assert_ptr_nonnull(strstr(out, "cpu_ns="));
    ck_assert_ptr_nonnull(strstr(out, "maxrss_kib="));
    ck_assert_ptr_null(strstr(out, "chatter"));
    free(out);
    ck_assert_int_eq(tool_shell("build/bench/measure 1 sh -c 'kill -9 $$'", &out), 0);
    ck_assert_msg(strstr(out, "status=137\n") != NULL, "%s", out);
    free(out);
}
END_TEST

START_TEST(measure_refuses_bad_usage_and_a_missing_command)
{
    ck_assert_int_eq(tool_shell("build/bench/measure 0 true", NULL), 2);
    ck_assert_int_eq(tool_shell("build/bench/measure 1", NULL), 2);
    ck_assert_int_eq(tool_shell("build/bench/measure 1 /nonexistent/command", NULL), 1);
}
END_TEST

START_TEST(the_report_writes_rows_as_a_table_and_as_json)
{
    char *dir = tool_temp_dir("bench-report");
    char cmd[8192], path[4200];
    snprintf(cmd, sizeof cmd,
             "printf 'a\\tfigure \"a\"\\t12.5\\tns\\t2.50\\tbase\\t5.00\\t<= 20 ns\\tmet\\n"
             "b\\tfigure b\\t7\\tms\\t\\t\\t\\t\\tn/a\\n"
             "c\\tfigure c\\t\\tKiB\\t3\\tbase\\t\\t<= 2x\\tfailed\\n' > %s/rows.tsv && "
             "sh bench/report.sh %s/rows.tsv %s/results.json",
             dir, dir, dir);
    char *out;
    ck_assert_int_eq(tool_shell(cmd, &out), 0);
    ck_assert_msg(strstr(out, "12.5 ns") && strstr(out, "2.50 ns (base)") && strstr(out, "5.00x"), "%s", out);
    ck_assert_ptr_nonnull(strstr(out, "failed"));
    free(out);
    snprintf(path, sizeof path, "%s/results.json", dir);
    json_error_t err;
    json_t *j = json_load_file(path, 0, &err);
    ck_assert_msg(j != NULL, "results.json: %d: %s", err.line, err.text);
    json_t *figures = json_object_get(j, "figures");
    ck_assert_uint_eq(json_array_size(figures), 3);
    json_t *a = json_array_get(figures, 0), *b = json_array_get(figures, 1), *c = json_array_get(figures, 2);
    ck_assert_str_eq(json_string_value(json_object_get(a, "what")), "figure \"a\"");
    ck_assert(json_real_value(json_object_get(a, "value")) == 12.5);
    ck_assert(json_number_value(json_object_get(a, "ratio")) == 5.0);
    ck_assert(json_is_true(json_object_get(a, "met")));
    ck_assert(json_is_null(json_object_get(b, "met")));
    ck_assert(json_is_null(json_object_get(b, "target")));
    ck_assert(json_is_null(json_object_get(b, "baseline")));
    ck_assert(json_is_null(json_object_get(c, "value")));
    ck_assert(json_is_false(json_object_get(c, "met")));
    json_decref(j);
    tool_remove_dir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("bench");
    TCase *tc = tcase_create("bench");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, the_bench_driver_makes_the_pairs_asked_for_and_reports_its_loop_and_its_host);
    tcase_add_test(tc, without_pairs_the_driver_allocates_nothing_and_reports_only_the_host);
    tcase_add_test(tc, many_pairs_are_not_mistaken_for_a_runaway_loop);
    tcase_add_test(tc, the_empty_scenario_runs_driver_entry_and_unload_only);
    tcase_add_test(tc, measure_passes_the_exit_status_on_and_drops_the_commands_output);
    tcase_add_test(tc, measure_refuses_bad_usage_and_a_missing_command);
    tcase_add_test(tc, the_report_writes_rows_as_a_table_and_as_json);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
