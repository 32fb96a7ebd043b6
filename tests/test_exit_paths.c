/* Every way a run can end, with its exact exit status and message: a driver
 * that exits in the middle of a scenario, a wait the host itself sees can
 * never end, a host that cannot start, a report that cannot be written. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tool_runner.h"

#define RUN(...) tool_run((const char *const[]){ __VA_ARGS__, NULL })

static const char *outcome_of(json_t *report, const char *scenario)
{
    json_t *sc;
    size_t i;
    json_array_foreach(json_object_get(report, "scenarios"), i, sc)
        if (strcmp(json_string_value(json_object_get(sc, "name")), scenario) == 0)
            return json_string_value(json_object_get(sc, "outcome"));
    return NULL;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* exit() from MiniportPause: a HOST-EXIT finding, and the scenario is never
 * "completed" however the process ended. */
START_TEST(exit_in_the_middle_of_a_scenario_is_a_finding)
{
    char *dir = tool_temp_dir("exitpath");
    char out[512];
    snprintf(out, sizeof out, "%s/out", dir);
    tool_output o = RUN("run", "-q", "--scenario", "lifecycle", "--format", "json", "-o", out,
                        "build/samples/vnic-exit.so");
    ck_assert_int_eq(o.status, 1);
    json_t *report = tool_load_report(out);
    ck_assert_ptr_nonnull(report);
    char *ids = tool_report_rule_ids(report);
    ck_assert_str_eq(ids, "HOST-EXIT");
    ck_assert_str_ne(outcome_of(report, "lifecycle"), "completed");
    free(ids);
    json_decref(report);
    tool_output_free(&o);
    tool_remove_dir(dir);
}
END_TEST

/* NdisWaitEvent with no timeout on an event nothing sets: the host sees the
 * wait can never end (only the periodic timer runs, for an hour of
 * virtual time) and reports HOST-HANG naming the wait. */
START_TEST(a_wait_that_can_never_end_is_a_hang_the_host_reports)
{
    char *dir = tool_temp_dir("exitpath");
    char out[512];
    snprintf(out, sizeof out, "%s/out", dir);
    tool_output o = RUN("run", "--no-color", "--scenario", "lifecycle",
                        "--format", "text,json", "-o", out, "build/samples/hostile-wait-forever.so");
    ck_assert_int_eq(o.status, 1);
    ck_assert_msg(strstr(o.out, "HOST-HANG  the host made no progress in MiniportPause (adapter state Pausing): "
                                "NdisWaitEvent without a timeout on an event nothing will set (3600 s of virtual "
                                "time passed while the driver's timers and DPCs ran, and none set it)") != NULL,
                  "%.2000s", o.out);
    json_t *report = tool_load_report(out);
    ck_assert_ptr_nonnull(report);
    char *ids = tool_report_rule_ids(report);
    ck_assert_str_eq(ids, "HOST-HANG");
    ck_assert_str_eq(outcome_of(report, "lifecycle"), "hung");
    free(ids);
    json_decref(report);
    tool_output_free(&o);
    tool_remove_dir(dir);
}
END_TEST

/* The host cannot be started (here: --valgrind with no valgrind on PATH):
 * an internal error, exit 3, said once per scenario, and no report set. */
START_TEST(a_host_that_cannot_start_is_exit_3)
{
    char *dir = tool_temp_dir("exitpath");
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "env PATH=/nonexistent ./bin/mpconform run -q --valgrind --scenario lifecycle -o %s/out "
             "build/samples/vnic.so 2>&1",
             dir);
    char *said = NULL;
    ck_assert_int_eq(tool_shell(cmd, &said), 3);
    ck_assert_msg(strstr(said, "mpconform: cannot execute the host (valgrind): No such file or directory") != NULL,
                  "%.2000s", said);
    ck_assert_msg(strstr(said, "mpconform: the host process for scenario 'lifecycle' could not start") != NULL,
                  "%.2000s", said);
    char out[512];
    snprintf(out, sizeof out, "%s/out", dir);
    ck_assert(!exists(out));
    free(said);
    tool_remove_dir(dir);
}
END_TEST

/* A report that cannot be written (a file-size limit, as a full disk would
 * do): exit 3 with the file and the reason, not a judge killed by SIGXFSZ,
 * and no half-written report set where -o points. */
START_TEST(a_report_that_cannot_be_written_is_exit_3)
{
    char *dir = tool_temp_dir("exitpath");
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "ulimit -f 400; ./bin/mpconform run -q --format json -o %s/out build/samples/vnic-leak.so 2>&1", dir);
    char *said = NULL;
    ck_assert_int_eq(tool_shell(cmd, &said), 3);
    char out[512], want[700];
    snprintf(out, sizeof out, "%s/out", dir);
    /* named where -o puts it, not in the staging directory */
    snprintf(want, sizeof want, "mpconform: %s/trace.jsonl: write failed: File too large", out);
    ck_assert_msg(strstr(said, want) != NULL, "%.2000s", said);
    ck_assert(!exists(out));
    free(said);
    tool_remove_dir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("exit_paths");
    TCase *tc = tcase_create("exit_paths");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, exit_in_the_middle_of_a_scenario_is_a_finding);
    tcase_add_test(tc, a_wait_that_can_never_end_is_a_hang_the_host_reports);
    tcase_add_test(tc, a_host_that_cannot_start_is_exit_3);
    tcase_add_test(tc, a_report_that_cannot_be_written_is_exit_3);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
