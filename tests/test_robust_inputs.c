/* Careless or hostile input never hangs, blinds or fools the judge: a FIFO
 * given as a rule file, scenario, trace or baseline is refused at once
 * (never opened for a blocking read); a trace cut short, with a field of the
 * wrong type or with an endless line is refused with exit 2, never judged as
 * a clean run; a trace whose frames name a FIFO as their module is judged
 * without opening it (the symbolizer reads regular files only);
 * a scenario from a stream (--scenario -, /dev/stdin) is read once. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tool_runner.h"

#define RUN(...) tool_run((const char *const[]){ __VA_ARGS__, NULL })

static char *dir;
static void setup(void) { dir = tool_temp_dir("robust"); }
static void teardown(void)
{
    tool_remove_dir(dir);
}

static const char *path(const char *name)
{
    return tool_path_in(dir, name);
}

static void assert_refused(tool_output o, const char *needle)
{
    ck_assert_msg(o.status == 2, "exit %d (stderr %s)", o.status, o.err);
    ck_assert_msg(strstr(o.err, needle) != NULL, "stderr lacks '%s': %s", needle, o.err);
    tool_output_free(&o);
}

START_TEST(fifos_are_refused_at_once)
{
    ck_assert_int_eq(mkdir(path("rules"), 0755), 0);
    ck_assert_int_eq(mkfifo(path("rules/evil.yaml"), 0644), 0);
    ck_assert_int_eq(mkfifo(path("pipe"), 0644), 0);
    assert_refused(RUN("rules", "--rules", path("rules")), "evil.yaml:1:1: is a FIFO, not a regular file");
    assert_refused(RUN("run", "--scenario", path("pipe.yaml"), "build/samples/vnic.so"), "cannot open");
    assert_refused(RUN("check", path("pipe")), "is a FIFO, not a regular file");
    assert_refused(RUN("run", "--config", path("pipe"), "build/samples/vnic.so"), "is a FIFO, not a regular file");
}
END_TEST

/* A trace of one whole lifecycle to cut and spoil. */
static char *good_trace(void)
{
    tool_output o = RUN("run", "-q", "--scenario", "lifecycle", "-o", path("good"), "build/samples/vnic-leak.so");
    ck_assert_int_eq(o.status, 1);
    tool_output_free(&o);
    char *t = tool_read_file(path("good/trace.jsonl"));
    ck_assert_ptr_nonnull(t);
    return t;
}

static void write_file(const char *p, const char *text, size_t len)
{
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    fclose(f);
}

START_TEST(spoiled_traces_are_refused)
{
    char *t = good_trace();
    /* Cut at a line boundary, before scenario_end: not a clean run. */
    char *third = t;
    for (int i = 0; i < 3; i++)
        third = strchr(third, '\n') + 1;
    write_file(path("cut.jsonl"), t, (size_t)(third - t));
    assert_refused(RUN("check", path("cut.jsonl")), "without scenario_end, crash, hang or error: the trace is incomplete");
    /* The whole trace is judged as before. */
    tool_output o = RUN("check", "-q", path("good/trace.jsonl"));
    ck_assert_int_eq(o.status, 1);
    tool_output_free(&o);
    free(t);

    const char *wrong = "{\"i\":0,\"scenario\":\"s\",\"kind\":\"op\",\"name\":\"scenario_begin\",\"adapter\":\"0\","
                        "\"callback\":\"\",\"stack\":[],\"state\":\"Halted\",\"irql\":0,\"time\":0,\"args\":{}}\n";
    write_file(path("wrong.jsonl"), wrong, strlen(wrong));
    assert_refused(RUN("check", path("wrong.jsonl")), "field \"adapter\": expected an integer, found a string");

    /* A 5 MB line is refused, not read. */
    size_t big = 5u << 20;
    char *line = malloc(big + 2);
    memset(line, 'x', big);
    line[0] = '{';
    line[big] = '\n';
    write_file(path("long.jsonl"), line, big + 1);
    free(line);
    assert_refused(RUN("check", path("long.jsonl")), "a line longer than");
}
END_TEST

/* Every occurrence of from in text replaced by to, in a fresh string. */
static char *replace_all(const char *text, const char *from, const char *to)
{
    size_t n = 0, lf = strlen(from), lt = strlen(to);
    for (const char *p = text; (p = strstr(p, from)); p += lf)
        n++;
    char *out = malloc(strlen(text) + n * lt + 1), *o = out;
    ck_assert_ptr_nonnull(out);
    for (const char *p = text, *hit; ; p = hit + lf) {
        hit = strstr(p, from);
        size_t keep = hit ? (size_t)(hit - p) : strlen(p);
        memcpy(o, p, keep);
        o += keep;
        if (!hit)
            break;
        memcpy(o, to, lt);
        o += lt;
    }
    *o = 0;
    return out;
}

/* The frames of a recorded trace name their module by path: a FIFO there
 * (nobody writes to it) must not block `check` in the symbolizer's open. The
 * `timeout` only bounds the failure: a hang shows as its status 124. */
START_TEST(frames_naming_a_fifo_do_not_block_check)
{
    char *t = good_trace();
    ck_assert_int_eq(mkfifo(path("driver.so"), 0644), 0);
    char *spoiled = replace_all(t, "\"module\":\"build/samples/vnic-leak.so\"", "\"module\":\"__FIFO__\"");
    char *fifo = replace_all(spoiled, "__FIFO__", path("driver.so"));
    ck_assert_ptr_ne(strstr(fifo, path("driver.so")), NULL);
    write_file(path("fifo.jsonl"), fifo, strlen(fifo));
    char cmd[1400], *out = NULL;
    snprintf(cmd, sizeof cmd, "timeout 20 bin/mpconform check --no-color %s", path("fifo.jsonl"));
    int status = tool_shell(cmd, &out);
    ck_assert_msg(status == 1, "exit %d (124: blocked on the FIFO): %s", status, out);
    ck_assert_ptr_nonnull(strstr(out, "HALT-FREE-ALL"));
    free(out);
    free(fifo);
    free(spoiled);
    free(t);
}
END_TEST

/* The baseline (--baseline, or baseline: in mpconform.yaml) is input like
 * any other: a FIFO there is refused at once, not waited on. */
START_TEST(baseline_fifo_is_refused_at_once)
{
    ck_assert_int_eq(mkfifo(path("baseline.json"), 0644), 0);
    char cmd[1400], *out = NULL;
    snprintf(cmd, sizeof cmd, "timeout 20 bin/mpconform check --baseline %s %s", path("baseline.json"),
             path("absent.jsonl"));
    int status = tool_shell(cmd, &out);
    ck_assert_msg(status == 2, "exit %d (124: blocked on the FIFO): %s", status, out);
    ck_assert_msg(strstr(out, "is a FIFO, not a regular file") != NULL, "got: %s", out);
    free(out);
    FILE *f = fopen(path("mpconform.yaml"), "w");
    ck_assert_ptr_nonnull(f);
    fputs("baseline: baseline.json\n", f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "timeout 20 bin/mpconform check --config %s %s", path("mpconform.yaml"),
             path("absent.jsonl"));
    status = tool_shell(cmd, &out);
    ck_assert_msg(status == 2, "exit %d (124: blocked on the FIFO): %s", status, out);
    ck_assert_msg(strstr(out, "is a FIFO, not a regular file") != NULL, "got: %s", out);
    free(out);
}
END_TEST

START_TEST(scenario_from_a_stream_is_read_once)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "bin/mpconform run -q --no-color --scenario - build/samples/vnic-leak.so "
             "< fixtures/scenarios/010-lifecycle.yaml > %s 2>&1", path("out"));
    int status = system(cmd);
    ck_assert_int_eq(WEXITSTATUS(status), 1);
    char *out = tool_read_file(path("out"));
    ck_assert_ptr_nonnull(strstr(out, "scenarios run: 1 (1 completed)"));
    ck_assert_ptr_nonnull(strstr(out, "HALT-FREE-ALL"));
    free(out);
    snprintf(cmd, sizeof cmd,
             "cat fixtures/scenarios/010-lifecycle.yaml | bin/mpconform run -q --scenario /dev/stdin "
             "build/samples/vnic.so >/dev/null 2>&1");
    ck_assert_int_eq(WEXITSTATUS(system(cmd)), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("robust-inputs");
    TCase *tc = tcase_create("robust-inputs");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, fifos_are_refused_at_once);
    tcase_add_test(tc, spoiled_traces_are_refused);
    tcase_add_test(tc, scenario_from_a_stream_is_read_once);
    tcase_add_test(tc, frames_naming_a_fifo_do_not_block_check);
    tcase_add_test(tc, baseline_fifo_is_refused_at_once);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
