/* Judging recorded traces with the rules of today: `mpconform check TRACE`
 * (one run's trace.jsonl) and `mpconform merge DIR...` (the traces of the
 * shards of one suite, in suite order, judged as one run would be). */
#include "cli.h"
#include "../judge/coverage.h"
#include "../judge/judge.h"
#include "../input/name_index.h"
#include "../trace/backtrace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The rules and the coverage plan a recorded trace is judged with; EXIT_CLEAN or EXIT_USAGE. */
static int load_judge(cli_options *opt, ruleset **rules, coverage_plan **plan)
{
    char path[4096];
    yerror yerr;
    *rules = cli_load_rules(opt->rule_dirs, opt->nrule_dirs);
    cli_data_path(path, sizeof(path), "fixtures/coverage.yaml");
    *plan = *rules ? coverage_load(path, &yerr) : NULL;
    if (!*rules)
        return EXIT_USAGE;
    if (!*plan) {
        fprintf(stderr, "mpconform: %s\n", yerr.text);
        return EXIT_USAGE;
    }
    return EXIT_CLEAN;
}

static void result_init(run_result *result, cli_options *opt, char *driver)
{
    memset(result, 0, sizeof(*result));
    result->driver = driver ? driver : strdup("");
    result->tool_version = strdup(MPCONFORM_VERSION);
    result->source_root = cli_source_root(opt);
    result->fail_on = opt->fail_on;
}

/* Judges traces[0..n) and writes the reports; takes the traces and driver. */
static int judge_recorded(cli_options *opt, const policy *pol, judged_trace *traces, size_t n, char *driver)
{
    ruleset *rules = NULL;
    coverage_plan *plan = NULL;
    int rc = load_judge(opt, &rules, &plan);
    run_result result;
    result_init(&result, opt, driver);
    if (rc == EXIT_CLEAN) {
        int judged = judge_traces(rules, traces, n, judge_sweep_start(traces, n), plan, &result);
        rc = judged == 0 ? EXIT_CLEAN : judged == -2 ? EXIT_USAGE : EXIT_INTERNAL;
    }
    if (rc == EXIT_CLEAN)
        rc = cli_finish_policy(opt, pol, &result);
    if (rc == EXIT_CLEAN && opt->out_dir && opt->ninputs) {
        /* merge also writes the combined trace, as the unsharded run would. */
        char err[1024], path[4096];
        snprintf(path, sizeof(path), "%s/trace.jsonl", opt->out_dir);
        if (judge_write_trace(path, traces, n, err, sizeof(err)) != 0) {
            cli_report_write_error(err);
            rc = EXIT_INTERNAL;
        }
    }
    if (rc == EXIT_CLEAN)
        rc = cli_emit_reports(opt, &result);
    run_result_free(&result);
    for (size_t i = 0; i < n; i++)
        judged_trace_free(&traces[i]);
    free(traces);
    coverage_free(plan);
    ruleset_free(rules);
    backtrace_symbolizer_reset();
    return rc;
}

/* check: the trace is judged as it is read, scenario by scenario. */
static int check_trace(cli_options *opt, const policy *pol)
{
    ruleset *rules = NULL;
    coverage_plan *plan = NULL;
    int rc = load_judge(opt, &rules, &plan);
    run_result result;
    result_init(&result, opt, NULL);
    char *driver = NULL, err[1024];
    int jrc = rc == EXIT_CLEAN ? judge_trace_file(rules, opt->driver, plan, (opt->formats & FORMAT_HTML) != 0, &result,
                                                     &driver, err, sizeof err) : 0;
    if (jrc != 0) {
        fprintf(stderr, "mpconform: %s\n", err);
        rc = jrc == -1 ? EXIT_USAGE : EXIT_INTERNAL;
    }
    free(result.driver);
    result.driver = driver ? driver : strdup(opt->driver);
    if (rc == EXIT_CLEAN)
        rc = cli_finish_policy(opt, pol, &result);
    if (rc == EXIT_CLEAN)
        rc = cli_emit_reports(opt, &result);
    run_result_free(&result);
    coverage_free(plan);
    ruleset_free(rules);
    backtrace_symbolizer_reset();
    return rc;
}

/* Options, project file and output directory; -1 when the run cannot start. */
static int prepare(int argc, char **argv, int args, cli_options *opt, policy *pol, int *rc)
{
    int prc = cli_parse_options(argc, argv, opt, args);
    policy_init(pol);
    if (prc) {
        *rc = prc > 0 ? EXIT_CLEAN : EXIT_USAGE;
        return -1;
    }
    if (cli_prepare_policy(opt, pol) != 0 || cli_prepare_out_dir(opt) != 0) {
        *rc = EXIT_USAGE;
        return -1;
    }
    return 0;
}

int cmd_check(int argc, char **argv)
{
    cli_options opt;
    policy pol;
    int rc = EXIT_CLEAN;
    if (prepare(argc, argv, 1, &opt, &pol, &rc) == 0)
        rc = check_trace(&opt, &pol);
    policy_free(&pol);
    return rc;
}

/* ---- merge ---- */

/* A run writes its traces in suite order (the per-allocation runs of an
 * `inject: {allocation: each}` scenario in its place), then the sweep's runs
 * in the suite order of the scenario they come from. Merged shards are put
 * back in that order. */
typedef struct {
    judged_trace trace;
    int round;       /* 0 the suite, 1 the sweep */
    size_t rank;     /* position of its scenario in the suite; unknown ones last */
    size_t arrival;  /* keeps the order of equal ranks (one scenario's runs) */
} ranked_trace;

static int by_rank(const void *a, const void *b)
{
    const ranked_trace *x = a, *y = b;
    if (x->round != y->round)
        return x->round < y->round ? -1 : 1;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->arrival < y->arrival ? -1 : x->arrival > y->arrival;
}

static void rank_trace(ranked_trace *r, const scenario_list *suite)
{
    const char *name = r->trace.name;
    const char *mark = strstr(name, JUDGE_SWEEP_MARK);
    r->round = mark != NULL;
    if (!mark)
        mark = strstr(name, JUDGE_ALLOCATION_MARK);
    size_t len = mark ? (size_t)(mark - name) : strlen(name);
    r->rank = 0;
    while (r->rank < suite->count &&
           !(strncmp(suite->items[r->rank].name, name, len) == 0 && suite->items[r->rank].name[len] == 0))
        r->rank++;
}

/* DIR/trace.jsonl, or the path itself when it is a file. */
static void trace_path(const char *input, char *path, size_t len)
{
    struct stat st;
    if (stat(input, &st) == 0 && S_ISDIR(st.st_mode))
        snprintf(path, len, "%s/trace.jsonl", input);
    else
        snprintf(path, len, "%s", input);
}

int cmd_merge(int argc, char **argv)
{
    cli_options opt;
    policy pol;
    int rc = EXIT_CLEAN;
    if (prepare(argc, argv, CLI_ARGS_SOME, &opt, &pol, &rc) != 0) {
        policy_free(&pol);
        return rc;
    }
    scenario_list suite = { 0 };
    ranked_trace *all = NULL;
    size_t nall = 0;
    char *driver = NULL;
    name_index seen = { 0 };   /* the scenarios read so far: a sweep merges thousands */
    if (cli_select_scenarios(&opt, &suite) != 0)
        rc = EXIT_USAGE;
    for (size_t d = 0; d < opt.ninputs && rc == EXIT_CLEAN; d++) {
        char path[4096], err[1024];
        judged_trace *traces = NULL;
        size_t n = 0;
        char *drv = NULL;
        trace_path(opt.inputs[d], path, sizeof path);
        if (judge_read_trace(path, &traces, &n, &drv, err, sizeof(err)) != 0) {
            fprintf(stderr, "mpconform: %s\n", err);
            rc = EXIT_USAGE;
            break;
        }
        if (driver && drv && strcmp(driver, drv) != 0) {
            fprintf(stderr, "mpconform merge: %s ran %s, not %s: shards of different drivers\n", path, drv, driver);
            rc = EXIT_USAGE;
        }
        if (!driver) {
            driver = drv;
            drv = NULL;
        }
        free(drv);
        ranked_trace *grown = realloc(all, (nall + n) * sizeof *grown);
        if (!grown) {
            rc = EXIT_INTERNAL;
            n = 0;
        } else {
            all = grown;
        }
        for (size_t i = 0; i < n; i++) {
            size_t first;
            if (rc == EXIT_CLEAN && name_index_get(&seen, traces[i].name, &first)) {
                fprintf(stderr, "mpconform merge: scenario %s is in two of the inputs\n", traces[i].name);
                rc = EXIT_USAGE;
            } else if (rc == EXIT_CLEAN && name_index_put(&seen, traces[i].name, nall) != 0) {
                rc = EXIT_INTERNAL;
            }
            all[nall].trace = traces[i];
            all[nall].arrival = nall;
            rank_trace(&all[nall], &suite);
            nall++;
        }
        free(traces);
    }
    scenario_list_free(&suite);
    name_index_free(&seen);
    qsort(all, nall, sizeof *all, by_rank);
    judged_trace *traces = nall ? malloc(nall * sizeof *traces) : NULL;
    for (size_t i = 0; i < nall && traces; i++)
        traces[i] = all[i].trace;
    free(all);
    if (nall && !traces)
        rc = EXIT_INTERNAL;
    if (rc == EXIT_CLEAN) {
        rc = judge_recorded(&opt, &pol, traces, nall, driver);
    } else {
        for (size_t i = 0; traces && i < nall; i++)
            judged_trace_free(&traces[i]);
        free(traces);
        free(driver);
    }
    policy_free(&pol);
    return rc;
}
