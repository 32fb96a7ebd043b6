/* A live run judges each event while its host runs and drops it
 * (judge/live_judge.c, isolation.h's host_event_fn); only the tail an
 * outcome may still change is held until the host ends (the latest event,
 * and everything from the first crash, hang or error on). Its verdict must
 * be the one the whole trace gets: `merge` of the run's own output reads
 * trace.jsonl back whole and judges it with every event held. The samples
 * end every way an outcome edits the tail: a signal, an exit, a bug check,
 * a DDI not emulated, a forged end, the judge's wall deadline, a sweep
 * whose runs inject or not. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_runner.h"

#define RUN(...) tool_run((const char *const[]){ __VA_ARGS__, NULL })

static char *dir;
static void setup(void) { dir = tool_temp_dir("live-stream"); }
static void teardown(void) { tool_remove_dir(dir); }

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *text = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(text);
    ck_assert_uint_eq(fread(text, 1, (size_t)n, f), (size_t)n);
    text[n] = 0;
    fclose(f);
    return text;
}

static const struct {
    const char *sample;
    const char *more[4];          /* more options of run, NULL-terminated */
    const char *rule;             /* the finding its ending gives */
    int status;                   /* run's exit status */
} cases[] = {
    { "vnic-crash", { NULL }, "HOST-CRASH", 1 },
    { "vnic-exit", { NULL }, "HOST-EXIT", 1 },
    { "vnic-bugcheck", { NULL }, "HOST-BUGCHECK", 0 },
    { "vnic-not-emulated", { NULL }, "HOST-NOT-EMULATED", 1 },
    { "hostile-forge-end", { NULL }, "HOST-TRACE-INTEGRITY", 1 },
    { "vnic-hang", { "--scenario", "lifecycle", "--wall-timeout", "2" }, "HOST-HANG", 1 },
    { "vnic-leak", { "--inject", "sweep" }, "HALT-FREE-ALL", 1 },
    { "vnic-reset-requests", { "-j", "2" }, "RESET-REQUESTS-COMPLETED", 1 },
};

START_TEST(a_live_run_judges_as_the_whole_trace_does)
{
    char so[256], live[512], whole[512];
    snprintf(so, sizeof so, "build/samples/%s.so", cases[_i].sample);
    snprintf(live, sizeof live, "%s/live", dir);
    snprintf(whole, sizeof whole, "%s/whole", dir);
    const char *args[16] = { "run", "-q", "--format", "json,text", "-o", live };
    size_t n = 6;
    for (size_t k = 0; k < 4 && cases[_i].more[k]; k++)
        args[n++] = cases[_i].more[k];
    args[n++] = so;
    args[n] = NULL;
    tool_output o = tool_run(args);
    ck_assert_msg(o.status == cases[_i].status, "%s: exit %d: %s", so, o.status, o.err);
    tool_output_free(&o);
    o = RUN("merge", "-q", "--format", "json,text", "-o", whole, live);
    ck_assert_msg(o.status == cases[_i].status, "merge: exit %d: %s", o.status, o.err);
    tool_output_free(&o);
    char path[600];
    snprintf(path, sizeof path, "%s/report.txt", live);
    char *live_text = slurp(path);
    snprintf(path, sizeof path, "%s/report.txt", whole);
    char *whole_text = slurp(path);
    char want[96];
    snprintf(want, sizeof want, " %s ", cases[_i].rule);
    ck_assert_msg(strstr(live_text, want) != NULL, "%s: no %s finding:\n%s", so, cases[_i].rule, live_text);
    ck_assert_msg(strcmp(live_text, whole_text) == 0, "%s: the live verdict differs:\n%s\n---\n%s", so, live_text,
                  whole_text);
    free(live_text);
    free(whole_text);

    json_t *a = tool_load_report(live), *b = tool_load_report(whole);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_msg(json_equal(a, b), "%s: report.json differs", so);
    json_decref(a);
    json_decref(b);
}
END_TEST

/* The harness's limit counts every event read, those already judged and
 * dropped included: the scenario stops at exactly --max-events, and the
 * event that says so carries that count and comes right after. */
START_TEST(the_harness_limit_counts_the_events_already_dropped)
{
    char out[512], path[600];
    snprintf(out, sizeof out, "%s/limit", dir);
    tool_output o = RUN("run", "-q", "--max-events", "5000", "--scenario", "fixtures/scenarios/010-lifecycle.yaml",
                        "-o", out, "build/samples/vnic-rx-ring-30000.so");
    ck_assert_msg(o.status == 0, "exit %d: %s", o.status, o.err);
    tool_output_free(&o);
    snprintf(path, sizeof path, "%s/trace.jsonl", out);
    char *trace = slurp(path);
    size_t lines = 0;
    for (const char *p = trace; *p; p++)
        lines += *p == '\n';
    ck_assert_uint_eq(lines, 5001);
    const char *limit = strstr(trace, "\"kind\":\"hang\",\"name\":\"limit\"");
    ck_assert_ptr_nonnull(limit);
    const char *line = limit;
    while (line > trace && line[-1] != '\n')
        line--;
    ck_assert_msg(strncmp(line, "{\"i\":5000,", 10) == 0, "%.80s", line);
    ck_assert_msg(strstr(limit, "\"events\":5000") != NULL, "%.400s", limit);
    free(trace);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("live_stream");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, a_live_run_judges_as_the_whole_trace_does, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, the_harness_limit_counts_the_events_already_dropped);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
