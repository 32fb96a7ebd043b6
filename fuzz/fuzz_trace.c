/* libFuzzer target: any bytes as the trace.jsonl `mpconform check` reads
 * (judge/trace_stream.c reading, trace/event_json*.c decoding each line). A
 * trace the reader accepts is then judged as `check` judges it: the shipped
 * rules (loaded once), the coverage plan, the intent summary. First each
 * line goes both ways: the fast reader must take only lines jansson takes
 * and read them as jansson does, and every event read must be written by
 * the fast writer as jansson writes it (aborts otherwise). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/backtrace.h"
#include "trace/event_json.h"
#include "judge/coverage.h"
#include "judge/judge.h"
#include "memfile.h"

static ruleset *shipped;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dirs[] = { "checks" };
    yerror err;
    if (!(shipped = ruleset_load(dirs, 1, &err))) {
        fprintf(stderr, "fuzz_trace: %s\n", err.text);
        abort();
    }
    return 0;
}

static void judge(const judged_trace *traces, size_t n)
{
    yerror err;
    coverage_plan *plan = coverage_load("fixtures/coverage.yaml", &err);
    if (!plan) {
        fprintf(stderr, "fuzz_trace: %s\n", err.text);
        abort();
    }
    run_result result;
    memset(&result, 0, sizeof result);
    judge_traces(shipped, traces, n, judge_sweep_start(traces, n), plan, &result);
    run_result_free(&result);
    coverage_free(plan);
}

/* One line both ways; abort() when the fast paths and jansson differ.
 * Events are compared as jansson writes them: every field is there. */
static void compare_paths(const char *line)
{
    event fast, ref;
    char err[256];
    int plain = event_from_json_plain(line, &fast);
    if (event_from_json_reference(line, &ref, err, sizeof err) != 0) {
        if (plain)
            abort();
        return;
    }
    char *want = event_to_json_reference(&ref);
    json_text written = { 0 };
    if (!want || event_json_append(&written, &ref) != 0 || written.len != strlen(want) + 1 ||
        memcmp(written.text, want, written.len - 1) != 0)
        abort();
    if (plain) {
        char *got = event_to_json_reference(&fast);
        if (!got || strcmp(got, want) != 0)
            abort();
        free(got);
        event_free(&fast);
    }
    free(want);
    free(written.text);
    event_free(&ref);
}

static void compare_lines(const uint8_t *data, size_t size)
{
    char *line = malloc(size + 1);
    if (!line)
        return;
    for (size_t at = 0; at < size;) {
        const uint8_t *nl = memchr(data + at, '\n', size - at);
        size_t len = nl ? (size_t)(nl - (data + at)) + 1 : size - at;
        memcpy(line, data + at, len);
        line[len] = 0;
        compare_paths(line);
        at += len;
    }
    free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    compare_lines(data, size);
    judged_trace *traces;
    size_t n;
    char *driver, err[1024];
    if (judge_read_trace(memfile_path(data, size), &traces, &n, &driver, err, sizeof err) != 0)
        return 0;
    judge(traces, n);
    for (size_t i = 0; i < n; i++)
        judged_trace_free(&traces[i]);
    free(traces);
    free(driver);
    backtrace_symbolizer_reset();
    return 0;
}
