/* A driver cannot silently corrupt the host's event channel: hostile
 * variants (sample-miniports/sandbox.list) write forged JSON events, a
 * torn fragment, or a forged scenario_end to every descriptor from 3 to
 * 1023, or set O_NONBLOCK on every descriptor. A write always ends the run
 * with HOST-TRACE-INTEGRITY and nothing else (no finding built on events
 * that may be lost or forged); O_NONBLOCK loses no event. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_runner.h"

#define RUN(...) tool_run((const char *const[]){ __VA_ARGS__, NULL })

/* Runs the lifecycle scenario of a hostile variant into a fresh directory:
 * its exit status, what it printed, and the rule ids of its findings. */
typedef struct {
    tool_output o;
    char *dir;
    char *rules;
} channel_run;

static channel_run run_variant(const char *variant)
{
    channel_run r;
    char so[128];
    snprintf(so, sizeof so, "build/samples/%s.so", variant);
    r.dir = tool_temp_dir("channel");
    r.o = RUN("run", "--no-color", "--format", "text,json", "-o", r.dir, "--scenario", "lifecycle", so);
    json_t *report = tool_load_report(r.dir);
    ck_assert_msg(report != NULL, "no report.json: %s%s", r.o.out, r.o.err);
    r.rules = tool_report_rule_ids(report);
    json_decref(report);
    return r;
}

static void channel_run_free(channel_run *r)
{
    tool_output_free(&r->o);
    free(r->rules);
    tool_remove_dir(r->dir);
}

/* The run ends with the integrity finding alone, in the callback the
 * driver wrote from, and exit status 1. */
static void assert_integrity_only(const char *variant)
{
    channel_run r = run_variant(variant);
    ck_assert_msg(r.o.status == 1, "%s: exit %d: %s%s", variant, r.o.status, r.o.out, r.o.err);
    ck_assert_msg(strcmp(r.rules, "HOST-TRACE-INTEGRITY") == 0, "%s: findings %s\n%s", variant, r.rules, r.o.out);
    ck_assert_ptr_nonnull(strstr(r.o.out, " lifecycle (stopped by the harness, "));
    ck_assert_ptr_nonnull(strstr(r.o.out, "ERROR HOST-TRACE-INTEGRITY  the event channel cannot be trusted from event "));
    ck_assert_ptr_nonnull(strstr(r.o.out, " on, in MiniportInitializeEx (adapter state Initializing): a broken frame at "
                                          "byte "));
    ck_assert_ptr_nonnull(strstr(r.o.out, "something other than the host wrote to the event channel; nothing after that "
                                          "point was checked"));
    /* trace.jsonl keeps the cut: `check` judges it the same way */
    char trace[600];
    snprintf(trace, sizeof trace, "%s/trace.jsonl", r.dir);
    tool_output c = RUN("check", "--no-color", trace);
    ck_assert_msg(c.status == 1, "%s: check exit %d: %s", variant, c.status, c.err);
    ck_assert_ptr_nonnull(strstr(c.out, " lifecycle (stopped by the harness, "));
    ck_assert_ptr_nonnull(strstr(c.out, "): 1 error [HOST-TRACE-INTEGRITY]"));
    tool_output_free(&c);
    channel_run_free(&r);
}

/* The forged line names a block the driver really allocated and freed,
 * with ledger "double": a judge that believed it would report RES-DOUBLE-FREE. */
START_TEST(a_forged_json_free_is_caught_not_judged)
{
    assert_integrity_only("hostile-forge-free");
}
END_TEST

START_TEST(nine_bytes_without_a_newline_are_caught)
{
    assert_integrity_only("hostile-torn-write");
}
END_TEST

/* A forged scenario_end, then _exit(0): never a clean run. */
START_TEST(a_forged_scenario_end_is_caught)
{
    assert_integrity_only("hostile-forge-end");
}
END_TEST

static size_t count_lines_with(const char *text, const char *a, const char *b)
{
    size_t n = 0;
    for (const char *line = text; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (memmem(line, len, a, strlen(a)) && (!b || memmem(line, len, b, strlen(b))))
            n++;
        line = end ? end + 1 : NULL;
    }
    return n;
}

/* 20000 allocations and their frees, with every descriptor non-blocking:
 * every event reaches the trace and nothing is reported. */
START_TEST(o_nonblock_on_every_descriptor_loses_no_event)
{
    channel_run r = run_variant("hostile-nonblock");
    ck_assert_msg(r.o.status == 0, "exit %d: %s%s", r.o.status, r.o.out, r.o.err);
    ck_assert_str_eq(r.rules, "");
    ck_assert_ptr_nonnull(strstr(r.o.out, "scenarios run: 1 (1 completed)"));
    char path[600];
    snprintf(path, sizeof path, "%s/trace.jsonl", r.dir);
    char *trace = tool_read_file(path);
    ck_assert_ptr_nonnull(trace);
    /* Tag 'tsrB' */
    ck_assert_uint_eq(count_lines_with(trace, "\"name\":\"NdisAllocateMemoryWithTagPriority\"", "\"Tag\":1953722946,"),
                      20000);
    ck_assert_uint_ge(count_lines_with(trace, "\"name\":\"NdisFreeMemory\"", "\"ledger\":\"ok\""), 20000);
    ck_assert_uint_eq(count_lines_with(trace, "\"ledger\":\"double\"", NULL), 0);
    ck_assert_uint_eq(count_lines_with(trace, "\"ledger\":\"unknown\"", NULL), 0);
    ck_assert_uint_eq(count_lines_with(trace, "\"name\":\"scenario_end\"", NULL), 1);
    free(trace);
    channel_run_free(&r);
}
END_TEST

/* One DDI call every 200 ms of real time, inside one callback: each call
 * comes long after the last write, so the batch goes out with it and the
 * judge sees progress well within --timeout 1; only the wall-clock
 * deadline ends the run. A batch held until it fills would look like no
 * event for a second: HOST-HANG "no event for 1000 ms". */
START_TEST(a_call_after_a_long_gap_reaches_the_judge_at_once)
{
    tool_output o = RUN("run", "--no-color", "--timeout", "1", "--wall-timeout", "3", "--scenario", "lifecycle",
                        "build/samples/hostile-slow-ddi.so");
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    ck_assert_ptr_nonnull(strstr(o.out, "ERROR HOST-HANG  the host made no progress in MiniportInitializeEx "
                                        "(adapter state Initializing): still running at the wall-clock deadline "
                                        "of 3 s"));
    ck_assert_ptr_null(strstr(o.out, "no event for"));
    tool_output_free(&o);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("channel");
    TCase *tc = tcase_create("channel");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_forged_json_free_is_caught_not_judged);
    tcase_add_test(tc, nine_bytes_without_a_newline_are_caught);
    tcase_add_test(tc, a_forged_scenario_end_is_caught);
    tcase_add_test(tc, o_nonblock_on_every_descriptor_loses_no_event);
    tcase_add_test(tc, a_call_after_a_long_gap_reaches_the_judge_at_once);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
