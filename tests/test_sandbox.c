/* The host is a sandbox: a hostile or very buggy driver (the variants of
 * sample-miniports/sandbox.list) cannot make a run outlast its wall-clock
 * deadline, nor use more memory than --memory-limit or CPU time than
 * --cpu-limit unreported, nor leave a process behind, nor signal, stop or
 * trace the judge (the seccomp filter of harness/core/host_sandbox.c). */
#include <check.h>
#include <errno.h>
#include <libxml/parser.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "tool_runner.h"

#define RUN(...) tool_run((const char *const[]){ __VA_ARGS__, NULL })

/* The judge in a process group of its own: without the sandbox, a driver
 * that kills the judge's group must not reach this test. */
static void own_process_group(void)
{
    setpgid(0, 0);
}
#define RUN_ALONE(...) tool_run_with((const char *const[]){ __VA_ARGS__, NULL }, own_process_group)

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

static char *read_in(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return tool_read_file(path);
}

/* Runs a hostile driver on two scenarios with every report written to a
 * directory: the judge survives (exit 1, its own status), every report is
 * there and parses, and the only finding is HOST-SANDBOX for the call. */
static void expect_refused(const char *driver, const char *call)
{
    char *dir = tool_temp_dir("sandbox");
    tool_output o = RUN_ALONE("run", "--no-color", "--scenario", "lifecycle", "--scenario", "datapath",
                              "--format", "text,json,junit,sarif", "-o", dir, driver);
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    ck_assert_ptr_null(strstr(o.err, "without their sandbox"));
    char want[512];
    snprintf(want, sizeof want, "ERROR HOST-SANDBOX  the miniport called %s in MiniportInitializeEx (adapter state "
             "Initializing); the host's sandbox refused it (EPERM)\n", call);
    ck_assert_msg(strstr(o.out, want) != NULL, "no '%s' in: %s", want, o.out);
    ck_assert_ptr_nonnull(strstr(o.out, "scenarios run: 2 (2 completed)"));
    ck_assert_ptr_nonnull(strstr(o.out, "at VnicSandboxBug (sample-miniports/vnic/sandbox.c:"));

    char *text = read_in(dir, "report.txt");
    ck_assert_ptr_nonnull(text);
    ck_assert_ptr_nonnull(strstr(text, want));
    free(text);
    json_t *report = tool_load_report(dir);
    ck_assert_ptr_nonnull(report);
    char *ids = tool_report_rule_ids(report);
    ck_assert_str_eq(ids, "HOST-SANDBOX");
    free(ids);
    json_decref(report);
    char path[1024];
    snprintf(path, sizeof path, "%s/report.sarif", dir);
    json_t *sarif = json_load_file(path, 0, NULL);
    ck_assert_ptr_nonnull(sarif);
    json_t *results = json_object_get(json_array_get(json_object_get(sarif, "runs"), 0), "results");
    ck_assert_int_ge(json_array_size(results), 1);
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r)
        ck_assert_str_eq(json_string_value(json_object_get(r, "ruleId")), "HOST-SANDBOX");
    json_decref(sarif);
    snprintf(path, sizeof path, "%s/report.junit.xml", dir);
    xmlDocPtr junit = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR);
    ck_assert_msg(junit != NULL, "report.junit.xml does not parse");
    xmlFreeDoc(junit);
    char *junit_text = read_in(dir, "report.junit.xml");
    ck_assert_ptr_nonnull(strstr(junit_text, "HOST-SANDBOX"));
    free(junit_text);
    tool_output_free(&o);
    tool_remove_dir(dir);
}

START_TEST(a_driver_cannot_kill_its_judge)
{
    expect_refused("build/samples/hostile-kill-judge.so", "kill(SIGKILL) on the judge (the host's parent process)");
}
END_TEST

/* Without the sandbox the judge would stay stopped: the run would never end. */
START_TEST(a_driver_cannot_stop_its_judge)
{
    expect_refused("build/samples/hostile-stop-judge.so", "kill(SIGSTOP) on the judge (the host's parent process)");
}
END_TEST

START_TEST(a_driver_cannot_kill_the_judges_process_group)
{
    expect_refused("build/samples/hostile-kill-judge-group.so", "kill(SIGKILL) on the judge's process group");
}
END_TEST

/* As root, PTRACE_ATTACH would stop the judge, and it would stay stopped
 * after the host (its tracer) ended. */
START_TEST(a_driver_cannot_trace_its_judge)
{
    expect_refused("build/samples/hostile-trace-judge.so",
                   "ptrace(PTRACE_ATTACH) on the judge (the host's parent process)");
}
END_TEST

/* A driver that calls setsid() itself (the host leads its group, so the
 * kernel would refuse too; the sandbox says so). */
START_TEST(a_driver_cannot_leave_its_session)
{
    expect_refused("build/samples/hostile-setsid.so", "setsid() to leave the host's session and process group");
}
END_TEST

/* Without the sandbox the host would leave the group the judge kills, for
 * the judge's own. */
START_TEST(a_driver_cannot_join_the_judges_process_group)
{
    expect_refused("build/samples/hostile-join-judge-group.so",
                   "setpgid() to move a process into the judge's process group");
}
END_TEST

/* Initialize forks a child that calls setsid() and forks a grandchild
 * sleeping 1000 s, then exits. The sandbox refuses the child's setsid
 * (without a record: only the host's own events have a fixed place in the
 * trace), so the grandchild stays in the host's process group, which the
 * judge kills; had it left, the judge (a child subreaper) would still kill
 * it. */
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

/* Computes forever without calling NDIS, with --timeout longer than the CPU
 * limit: the kernel's SIGXCPU ends it, reported where it spun. The deaf
 * variant ignores SIGXCPU: the kernel's SIGKILL at the hard limit ends it,
 * and the judge tells that from a crash by the host's CPU time. */
START_TEST(cpu_limit_breach_is_reported_as_such)
{
    tool_output o = RUN_ALONE("run", "--no-color", "--cpu-limit", "1", "--timeout", "600", "--scenario", "lifecycle",
                              "build/samples/hostile-cpu-spin.so");
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    ck_assert_ptr_nonnull(strstr(o.out, "CRASH  lifecycle (crashed, "));
    ck_assert_ptr_nonnull(strstr(o.out, "): 1 error [HOST-CPU-LIMIT]"));
    ck_assert_ptr_nonnull(strstr(o.out, "ERROR HOST-CPU-LIMIT  the host used up its CPU-time limit of 1 s and was "
                                        "ended (SIGXCPU) in MiniportInitializeEx (adapter state Initializing); raise "
                                        "--cpu-limit if the driver really needs more"));
    ck_assert_ptr_nonnull(strstr(o.out, "at VnicSandboxBug (sample-miniports/vnic/sandbox.c:"));
    ck_assert_ptr_null(strstr(o.out, "HOST-CRASH"));
    tool_output_free(&o);
    o = RUN_ALONE("run", "--no-color", "--cpu-limit", "1", "--timeout", "600", "--scenario", "lifecycle",
                  "build/samples/hostile-cpu-spin-deaf.so");
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    ck_assert_ptr_nonnull(strstr(o.out, "): 1 error [HOST-CPU-LIMIT]"));
    ck_assert_ptr_nonnull(strstr(o.out, "ERROR HOST-CPU-LIMIT  the host used up its CPU-time limit of 1 s and was "
                                        "ended (SIGKILL) in MiniportInitializeEx"));
    ck_assert_ptr_null(strstr(o.out, "HOST-CRASH"));
    tool_output_free(&o);
}
END_TEST

START_TEST(cpu_limit_is_validated)
{
    const char *bad[] = { "0", "86401", "abc", "-1" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tool_output o = RUN("run", "--cpu-limit", bad[i], "build/samples/vnic.so");
        ck_assert_int_eq(o.status, 2);
        char want[96];
        snprintf(want, sizeof want, "mpconform: --cpu-limit must be a number from 1 to 86400, not '%s'", bad[i]);
        ck_assert_msg(strstr(o.err, want) != NULL, "stderr: %s", o.err);
        tool_output_free(&o);
    }
    tool_output o = RUN("run", "--help");
    ck_assert_ptr_nonnull(strstr(o.out, "--cpu-limit SECONDS  CPU time of each host; reaching it is HOST-CPU-LIMIT\n"
                                        "                     (default: the wall timeout + 10)"));
    tool_output_free(&o);
}
END_TEST

/* A kernel that refuses seccomp filters, as old or locked-down ones do:
 * seccomp() is missing and prctl(PR_SET_SECCOMP) fails. */
static void no_seccomp(void)
{
    own_process_group();
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx || seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(seccomp), 0) != 0 ||
        seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EINVAL), SCMP_SYS(prctl), 1, SCMP_A0(SCMP_CMP_EQ, PR_SET_SECCOMP)) != 0 ||
        seccomp_load(ctx) != 0)
        _exit(99);
    seccomp_release(ctx);
}

/* The hosts run all the same, each trace says so (op sandbox_off), and the
 * user is told once, not once per host. */
START_TEST(a_kernel_without_seccomp_is_said_once)
{
    char *dir = tool_temp_dir("nosandbox");
    tool_output o = tool_run_with((const char *const[]){ "run", "-q", "--scenario", "lifecycle", "--scenario",
                                                         "datapath", "--format", "json", "-o", dir,
                                                         "build/samples/vnic.so", NULL }, no_seccomp);
    ck_assert_msg(o.status == 0, "exit %d: %s", o.status, o.err);
    const char *warning = "mpconform: warning: hosts run without their sandbox (the kernel refused the seccomp "
                          "filter (Invalid argument)): a driver can signal or trace processes outside its host\n";
    const char *first = strstr(o.err, warning);
    ck_assert_msg(first != NULL, "stderr: %s", o.err);
    ck_assert_ptr_null(strstr(first + 1, warning));
    char *trace = read_in(dir, "trace.jsonl");
    ck_assert_ptr_nonnull(trace);
    size_t offs = 0;
    for (const char *p = trace; (p = strstr(p, "\"name\":\"sandbox_off\"")) != NULL; p++)
        offs++;
    ck_assert_int_eq(offs, 2);
    free(trace);
    tool_output_free(&o);
    tool_remove_dir(dir);
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
    /* Once per Initialize that set its timer: the counts are read from the
     * trace, so a new scenario of the default suite changes none of them. */
    long unwound = trace_count(dir, "map(select(.name == \"callback_unwound\")) | length");
    long in_scenarios = trace_count(dir, "map(select(.name == \"callback_unwound\") | .scenario) | unique | length");
    ck_assert_int_gt(unwound, in_scenarios);  /* two-adapters initializes twice */
    ck_assert_int_gt(in_scenarios, 30);       /* nearly every scenario of the suite */
    char line[128];
    snprintf(line, sizeof line, "occurred in %ld scenarios (%ld times)", in_scenarios, unwound);
    ck_assert_msg(strstr(o.out, line) != NULL, "expected '%s'", line);
    snprintf(line, sizeof line, "1 error (%ld occurrences), 0 warnings, 1 info (", unwound);
    ck_assert_msg(strstr(o.out, line) != NULL, "expected '%s'", line);
    ck_assert_ptr_nonnull(strstr(o.out, " — FAIL"));
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
                     unwound);
    /* Only the timer's own enter events show it on top of Initialize. */
    ck_assert_int_eq(trace_count(dir, "map(select(.stack == [\"MiniportInitializeEx\", \"NetTimerCallback\"])) "
                                      "| length"),
                     unwound);
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
    ck_assert_ptr_null(strstr(o.out, "CRASH"));
    /* Every count below follows from how many times NDIS initialized the
     * adapter, read from the trace, so a new scenario of the default suite
     * changes none of them. */
    long inits = trace_count(dir, "map(select(.kind == \"enter\" and .name == \"MiniportInitializeEx\")) | length");
    long scenarios = trace_count(dir, "map(.scenario) | unique | length");
    ck_assert_int_ge(inits, scenarios);
    char line[128];
    snprintf(line, sizeof line, "scenarios run: %ld (", scenarios);
    ck_assert_ptr_nonnull(strstr(o.out, line));
    /* The info rule fires once per Initialize: the spin lock is allocated first. */
    snprintf(line, sizeof line, "0 errors, 0 warnings, 1 info (%ld occurrences) — PASS", inits);
    ck_assert_msg(strstr(o.out, line) != NULL, "expected '%s'", line);
    json_t *report = tool_load_report(dir);
    ck_assert_ptr_nonnull(report);
    char *ids = tool_report_rule_ids(report);
    ck_assert_str_eq(ids, "INIT-ALLOC-ORDER");
    free(ids);
    json_decref(report);
    expect_report_set(dir);
    /* Each MiniportInitializeEx x 4 threads x 50 rounds, outside any callback of theirs. */
    ck_assert_int_eq(trace_count(dir, "map(select(.name == \"NdisAllocateMemoryWithTagPriority\" and "
                                      ".thread >= 1 and .callback == \"\" and .stack == [] and .irql == 0)) | length"),
                     inits * 200);
    ck_assert_int_eq(trace_count(dir, "map(select(.name == \"NdisFreeMemory\" and .thread >= 1 and "
                                      ".args.ledger == \"ok\")) | length"),
                     inits * 200);
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
                     inits * 200 + inits * 4);  /* and once more as each thread finishes */
    /* MiniportInitializeEx's NdisWaitEvent (no timeout) returned once the
     * last thread set the event, and nothing of NDIS's timed out. */
    ck_assert_int_eq(trace_count(dir, "map(select(.name == \"NdisWaitEvent\" and .thread == null and .status == 1)) "
                                      "| length"),
                     inits);
    tool_output_free(&o);
    tool_remove_dir(dir);
}
END_TEST

/* Every MiniportInitializeEx forks a child that allocates and frees: a
 * kernel driver cannot fork, and the child's NDIS is a copy. Its first
 * record reaches the judge, which refuses it (not the host's process): the
 * trace is cut there, one HOST-TRACE-INTEGRITY, no finding built on the
 * child's calls, and the full report set. */
START_TEST(ddi_calls_from_a_forked_process_cut_the_trace)
{
    char *dir = tool_temp_dir("fork");
    tool_output o = RUN("run", "--no-color", "-o", dir, "--format", "text,json,junit,sarif,html",
                        "build/samples/hostile-fork-ddi.so");
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    ck_assert_ptr_nonnull(strstr(o.out, "ERROR HOST-TRACE-INTEGRITY  the event channel cannot be trusted from event 9 "
                                        "on, in MiniportInitializeEx (adapter state Initializing): a record written "
                                        "by another process than the host: a process the driver forked wrote to the "
                                        "event channel"));
    ck_assert_ptr_null(strstr(o.out, "CRASH"));
    json_t *report = tool_load_report(dir);
    ck_assert_ptr_nonnull(report);
    char *ids = tool_report_rule_ids(report);
    ck_assert_str_eq(ids, "HOST-TRACE-INTEGRITY");
    free(ids);
    json_decref(report);
    expect_report_set(dir);
    /* The child's records are not in the trace. */
    ck_assert_int_eq(trace_count(dir, "map(select(.pid > 0)) | length"), 0);
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
    tcase_add_test(tc, a_driver_cannot_kill_its_judge);
    tcase_add_test(tc, a_driver_cannot_stop_its_judge);
    tcase_add_test(tc, a_driver_cannot_kill_the_judges_process_group);
    tcase_add_test(tc, a_driver_cannot_trace_its_judge);
    tcase_add_test(tc, a_driver_cannot_leave_its_session);
    tcase_add_test(tc, a_driver_cannot_join_the_judges_process_group);
    tcase_add_test(tc, cpu_limit_breach_is_reported_as_such);
    tcase_add_test(tc, cpu_limit_is_validated);
    tcase_add_test(tc, a_kernel_without_seccomp_is_said_once);
    tcase_add_test(tc, longjmp_out_of_a_timer_callback_is_one_finding_and_repaired);
    tcase_add_test(tc, ddi_calls_from_driver_threads_are_serialized_and_attributed);
    tcase_add_test(tc, ddi_calls_from_a_forked_process_cut_the_trace);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
