/* libFuzzer target: any bytes as a trace.jsonl, carried all the way through
 * `mpconform check`: read, judged with the shipped rules, the (empty)
 * findings policy applied, and every report written (text, JSON, JUnit,
 * SARIF, HTML) into a scratch directory. Whatever a trace holds, the
 * writers must neither crash nor overrun. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace/backtrace.h"
#include "cli/policy.h"
#include "judge/coverage.h"
#include "judge/judge.h"
#include "memfile.h"

static ruleset *shipped;
static char out_dir[] = "/tmp/mpconform-fuzz-reports-XXXXXX";
static FILE *devnull;

static void remove_out_dir(void)
{
    static const char *const names[] = { "report.json", "report.junit.xml", "report.sarif", "report.html" };
    char path[128];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", out_dir, names[i]);
        unlink(path);
    }
    rmdir(out_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dirs[] = { "checks" };
    yerror err;
    if (!(shipped = ruleset_load(dirs, 1, &err))) {
        fprintf(stderr, "fuzz_reports: %s\n", err.text);
        abort();
    }
    if (!mkdtemp(out_dir) || !(devnull = fopen("/dev/null", "w"))) {
        perror("fuzz_reports: scratch directory");
        abort();
    }
    atexit(remove_out_dir);
    return 0;
}

static void write_reports(const run_result *r)
{
    static const struct {
        const char *name;
        int (*write)(const char *path, const run_result *r, char *err, size_t errlen);
    } writers[] = {
        { "report.json", report_write_json }, { "report.junit.xml", report_write_junit },
        { "report.sarif", report_write_sarif }, { "report.html", report_write_html },
    };
    char path[128], err[1024];
    report_write_text(devnull, r, 1);
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", out_dir, writers[i].name);
        writers[i].write(path, r, err, sizeof err);
    }
}

static void judge_and_report(const judged_trace *traces, size_t n, char *driver)
{
    yerror err;
    coverage_plan *plan = coverage_load("fixtures/coverage.yaml", &err);
    if (!plan) {
        fprintf(stderr, "fuzz_reports: %s\n", err.text);
        abort();
    }
    policy pol;
    policy_init(&pol);
    run_result result;
    memset(&result, 0, sizeof result);
    result.driver = driver ? driver : strdup("");
    result.tool_version = strdup("fuzz");
    result.fail_on = SEV_ERROR;
    if (judge_traces(shipped, traces, n, judge_sweep_start(traces, n), plan, &result) == 0 &&
        policy_apply(&pol, &result) == 0)
        write_reports(&result);
    run_result_free(&result);
    policy_free(&pol);
    coverage_free(plan);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    judged_trace *traces;
    size_t n;
    char *driver, err[1024];
    if (judge_read_trace(memfile_path(data, size), &traces, &n, &driver, err, sizeof err) != 0)
        return 0;
    judge_and_report(traces, n, driver);
    for (size_t i = 0; i < n; i++)
        judged_trace_free(&traces[i]);
    free(traces);
    backtrace_symbolizer_reset();
    return 0;
}
