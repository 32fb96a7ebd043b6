/* The host is a sandbox: a hostile or very buggy driver (the variants of
 * sample-miniports/sandbox.list) cannot make a run outlast its wall-clock
 * deadline, nor use more memory than --memory-limit unreported, nor leave
 * a process behind. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tool_runner.h"

#define RUN(...) tool_run((const char *const[]){ __VA_ARGS__, NULL })

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One DDI call every 200 ms of real time: never "no event for --timeout",
 * so only the wall-clock deadline ends it, as HOST-HANG with the events kept. */
START_TEST(wall_clock_deadline_stops_a_driver_that_always_makes_progress)
{
    double t0 = now_s();
    tool_output o = RUN("run", "--no-color", "--wall-timeout", "3", "--scenario", "lifecycle",
                        "build/samples/hostile-slow-ddi.so");
    double took = now_s() - t0;
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    ck_assert_ptr_nonnull(strstr(o.out, " HUNG  lifecycle (hung, "));
    ck_assert_ptr_nonnull(strstr(o.out, "ERROR HOST-HANG  the host made no progress in MiniportInitializeEx "
                                        "(adapter state Initializing): still running at the wall-clock deadline "
                                        "of 3 s (raise --wall-timeout if the scenario really needs longer)"));
    ck_assert_ptr_nonnull(strstr(o.out, "at VnicSandboxBug (sample-miniports/vnic/sandbox.c:"));
    ck_assert_msg(took >= 3.0 && took < 6.0, "the run took %.1f s", took);
    tool_output_free(&o);
}
END_TEST

/* A driver that allocates and touches memory without bound, never checking
 * for NULL: at --memory-limit its allocation fails and it faults; the
 * finding says the limit was reached, never a bare crash. */
START_TEST(memory_limit_breach_is_reported_as_such)
{
    tool_output o = RUN("run", "--no-color", "--memory-limit", "64M", "--scenario", "lifecycle",
                        "build/samples/hostile-memory-hog.so");
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    ck_assert_ptr_nonnull(strstr(o.out, "CRASH  lifecycle (crashed, "));
    ck_assert_ptr_nonnull(strstr(o.out, "): 1 error [HOST-MEMORY-LIMIT]"));
    ck_assert_ptr_nonnull(strstr(o.out, "ERROR HOST-MEMORY-LIMIT  the host reached its memory limit of 64 MiB (peak "));
    ck_assert_ptr_nonnull(strstr(o.out, "MiB) and ended (SIGSEGV) in MiniportInitializeEx (adapter state "
                                        "Initializing); raise --memory-limit if the driver really needs more"));
    ck_assert_ptr_null(strstr(o.out, "HOST-CRASH"));
    tool_output_free(&o);
    /* The correct driver runs the whole suite within the same limit. */
    o = RUN("run", "-q", "--memory-limit", "64M", "build/samples/vnic.so");
    ck_assert_msg(o.status == 0, "exit %d: %s", o.status, o.err);
    tool_output_free(&o);
}
END_TEST

START_TEST(memory_limit_is_validated)
{
    const char *bad[] = { "0", "63M", "2T", "12X", "M", "99999999999999999999", "-1G" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tool_output o = RUN("run", "--memory-limit", bad[i], "build/samples/vnic.so");
        ck_assert_int_eq(o.status, 2);
        char want[160];
        snprintf(want, sizeof want,
                 "mpconform: --memory-limit must be a size from 64M to 1T (such as 512M or 2G), not '%s'", bad[i]);
        ck_assert_msg(strstr(o.err, want) != NULL, "stderr: %s", o.err);
        tool_output_free(&o);
    }
    tool_output o = RUN("run", "-q", "--memory-limit", "1G", "--scenario", "lifecycle", "build/samples/vnic.so");
    ck_assert_int_eq(o.status, 0);
    tool_output_free(&o);
}
END_TEST

/* Processes matching the orphan sample's hosts ([v] keeps pgrep from
 * matching the shell that runs it). */
static int orphans_alive(void)
{
    char *out;
    tool_shell("pgrep -f '__host build/samples/[h]ostile-orphan.so' | wc -l", &out);
    int n = atoi(out);
    free(out);
    return n;
}

/* Initialize forks a child that calls setsid() and forks a grandchild
 * sleeping 1000 s, then exits: the grandchild is in no process group of the
 * judge, and orphaned. The judge (a child subreaper) kills it all the same. */
START_TEST(nothing_a_driver_forks_outlives_the_run)
{
    ck_assert_int_eq(orphans_alive(), 0);
    tool_output o = RUN("run", "-q", "--scenario", "lifecycle", "--scenario", "datapath",
                        "build/samples/hostile-orphan.so");
    ck_assert_msg(o.status == 0, "exit %d: %s", o.status, o.err);
    ck_assert_ptr_nonnull(strstr(o.out, "scenarios run: 2 (2 completed)"));
    tool_output_free(&o);
    ck_assert_int_eq(orphans_alive(), 0);
}
END_TEST

/* How many events of DIR/trace.jsonl the jq filter selects. */
static long trace_count(const char *dir, const char *filter)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof cmd, "jq -s '%s' %s/trace.jsonl", filter, dir);
    ck_assert_int_eq(tool_shell(cmd, &out), 0);
    long n = strtol(out, NULL, 10);
    free(out);
    return n;
}

static void expect_report_set(const char *dir)
{
    const char *files[] = { "report.txt", "report.json", "report.junit.xml", "report.sarif", "report.html",
                            "trace.jsonl" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        char *text = tool_read_file(path);
        ck_assert_msg(text && *text, "%s missing or empty", path);
        free(text);
    }
}

/* Every MiniportInitializeEx sets a timer whose function longjmps back
 * into it. One finding (CALLBACK-UNWOUND, once per Initialize, grouped as
 * one), and the events after the jump are MiniportInitializeEx's again, at
 * PASSIVE_LEVEL: no IRQL finding, no callback stack still naming the timer. */
START_TEST(longjmp_out_of_a_timer_callback_is_one_finding_and_repaired)
{
    char *dir = tool_temp_dir("longjmp");
    tool_output o = RUN("run", "--no-color", "-o", dir, "--format", "text,json,junit,sarif,html",
                        "build/samples/hostile-longjmp-timer.so");
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    ck_assert_ptr_nonnull(strstr(o.out, "ERROR CALLBACK-UNWOUND  the miniport left NetTimerCallback without "
                                        "returning from it (longjmp; callbacks dropped: 1) and went on in "
                                        "MiniportInitializeEx (adapter state Initializing)"));
    ck_assert_ptr_nonnull(strstr(o.out, "at VnicSandboxBug (sample-miniports/vnic/sandbox.c:"));
    ck_assert_ptr_nonnull(strstr(o.out, "occurred in 39 scenarios (40 times)"));
    ck_assert_ptr_nonnull(strstr(o.out, "1 error (40 occurrences), 0 warnings, 1 info (39 occurrences) — FAIL"));
    json_t *report = tool_load_report(dir);
    ck_assert_ptr_nonnull(report);
    char *ids = tool_report_rule_ids(report);
    ck_assert_str_eq(ids, "CALLBACK-UNWOUND INIT-ALLOC-ORDER");  /* the info: the timer is allocated first */
    free(ids);
    json_decref(report);
    expect_report_set(dir);
    /* The event right after each op is MiniportInitializeEx's, at PASSIVE_LEVEL. */
    ck_assert_int_eq(trace_count(dir, "[range(0; length) as $k | select(.[$k].name == \"callback_unwound\") "
                                      "| .[$k + 1] | select(.stack == [\"MiniportInitializeEx\"] and .irql == 0)] "
                                      "| length"),
                     40);
    /* Only the timer's own enter events show it on top of Initialize. */
    ck_assert_int_eq(trace_count(dir, "map(select(.stack == [\"MiniportInitializeEx\", \"NetTimerCallback\"])) "
                                      "| length"),
                     40);
    tool_output_free(&o);
    tool_remove_dir(dir);
}
END_TEST

/* Four pthreads of the driver allocate, lock and free 50 times each, all
 * at once, inside MiniportInitializeEx, which polls them with NdisMSleep
 * and waits for the last one's event: serialized, every call recorded with
 * its thread, no hang, nothing reported but the allocation-order info. */
START_TEST(ddi_calls_from_driver_threads_are_serialized_and_attributed)
{
    char *dir = tool_temp_dir("threads");
    tool_output o = RUN("run", "--no-color", "-o", dir, "--format", "text,json,junit,sarif,html",
                        "build/samples/hostile-ddi-threads.so");
    ck_assert_msg(o.status == 0, "exit %d: %s", o.status, o.err);
    ck_assert_ptr_nonnull(strstr(o.out, "scenarios run: 39 (31 completed, 8 not exercised)"));
    ck_assert_ptr_null(strstr(o.out, "CRASH"));
    ck_assert_ptr_nonnull(strstr(o.out, "0 errors, 0 warnings, 1 info (40 occurrences) — PASS"));
    json_t *report = tool_load_report(dir);
    ck_assert_ptr_nonnull(report);
    char *ids = tool_report_rule_ids(report);
    ck_assert_str_eq(ids, "INIT-ALLOC-ORDER");  /* the spin lock is allocated first */
    free(ids);
    json_decref(report);
    expect_report_set(dir);
    /* 40 MiniportInitializeEx x 4 threads x 50 rounds, outside any callback of theirs. */
    ck_assert_int_eq(trace_count(dir, "map(select(.name == \"NdisAllocateMemoryWithTagPriority\" and "
                                      ".thread >= 1 and .callback == \"\" and .stack == [] and .irql == 0)) | length"),
                     8000);
    ck_assert_int_eq(trace_count(dir, "map(select(.name == \"NdisFreeMemory\" and .thread >= 1 and "
                                      ".args.ledger == \"ok\")) | length"),
                     8000);
    /* Numbered per scenario in the order they first called NDIS: 1..4, and
     * 5..8 for two-adapters' second Initialize. */
    ck_assert_int_eq(trace_count(dir, "map(select(.thread) | .thread) | unique | length"), 8);
    ck_assert_int_eq(trace_count(dir, "map(select(.scenario == \"lifecycle\" and .thread) | .thread) | unique "
                                      "| if . == [1, 2, 3, 4] then 1 else 0 end"),
                     1);
    /* A thread waits for a spin lock another holds: never a second acquire. */
    ck_assert_int_eq(trace_count(dir, "map(select(.name == \"NdisAcquireSpinLock\" and .thread and .args.held != 0)) "
                                      "| length"),
                     0);
    ck_assert_int_eq(trace_count(dir, "map(select(.name == \"NdisReleaseSpinLock\" and .thread and .irql == 2)) "
                                      "| length"),
                     8000 + 160);  /* and once more as each thread finishes */
    /* MiniportInitializeEx's NdisWaitEvent (no timeout) returned once the
     * last thread set the event, and nothing of NDIS's timed out. */
    ck_assert_int_eq(trace_count(dir, "map(select(.name == \"NdisWaitEvent\" and .thread == null and .status == 1)) "
                                      "| length"),
                     40);
    tool_output_free(&o);
    tool_remove_dir(dir);
}
END_TEST

/* Every MiniportInitializeEx forks a child that allocates and frees: one
 * finding, and the child's events say they are the child's. */
START_TEST(ddi_calls_from_a_forked_process_are_one_finding)
{
    char *dir = tool_temp_dir("fork");
    tool_output o = RUN("run", "--no-color", "-o", dir, "--format", "text,json,junit,sarif,html",
                        "build/samples/hostile-fork-ddi.so");
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    ck_assert_ptr_nonnull(strstr(o.out, "ERROR HOST-FORKED-DDI  a process the miniport forked called "
                                        "NdisAllocateMemoryWithTagPriority in MiniportInitializeEx (adapter state "
                                        "Initializing): its NDIS calls reach a copy of NDIS, not the adapter"));
    /* The child's allocation is one more fault-injection point: 40 scenarios, 41 Initialize calls. */
    ck_assert_ptr_nonnull(strstr(o.out, "occurred in 40 scenarios (41 times)"));
    ck_assert_ptr_nonnull(strstr(o.out, "1 error (41 occurrences), 0 warnings, 0 info — FAIL"));
    ck_assert_ptr_null(strstr(o.out, "CRASH"));
    json_t *report = tool_load_report(dir);
    ck_assert_ptr_nonnull(report);
    char *ids = tool_report_rule_ids(report);
    ck_assert_str_eq(ids, "HOST-FORKED-DDI");
    free(ids);
    json_decref(report);
    expect_report_set(dir);
    /* Per Initialize: the op, the allocation and the free, each with the child's pid. */
    ck_assert_int_eq(trace_count(dir, "map(select(.pid > 0)) | length"), 123);
    ck_assert_int_eq(trace_count(dir, "map(select(.pid > 0 and .name == \"forked_process\")) | length"), 41);
    tool_output_free(&o);
    tool_remove_dir(dir);
}
END_TEST

START_TEST(wall_timeout_is_validated)
{
    const char *bad[] = { "0", "86401", "abc", "-1" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tool_output o = RUN("run", "--wall-timeout", bad[i], "build/samples/vnic.so");
        ck_assert_int_eq(o.status, 2);
        char want[96];
        snprintf(want, sizeof want, "mpconform: --wall-timeout must be a number from 1 to 86400, not '%s'", bad[i]);
        ck_assert_msg(strstr(o.err, want) != NULL, "stderr: %s", o.err);
        tool_output_free(&o);
    }
    tool_output o = RUN("run", "--help");
    ck_assert_ptr_nonnull(strstr(o.out, "--wall-timeout SECONDS"));
    tool_output_free(&o);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sandbox");
    TCase *tc = tcase_create("sandbox");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, wall_clock_deadline_stops_a_driver_that_always_makes_progress);
    tcase_add_test(tc, wall_timeout_is_validated);
    tcase_add_test(tc, memory_limit_breach_is_reported_as_such);
    tcase_add_test(tc, memory_limit_is_validated);
    tcase_add_test(tc, nothing_a_driver_forks_outlives_the_run);
    tcase_add_test(tc, longjmp_out_of_a_timer_callback_is_one_finding_and_repaired);
    tcase_add_test(tc, ddi_calls_from_driver_threads_are_serialized_and_attributed);
    tcase_add_test(tc, ddi_calls_from_a_forked_process_are_one_finding);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
