/* libFuzzer target: any bytes as the trace.jsonl `mpconform check` reads
 * (judge/judge.c reading, trace/event_json.c decoding each line). A trace
 * the reader accepts is then judged as `check` judges it: the shipped rules
 * (loaded once), the coverage plan, the intent summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/backtrace.h"
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
