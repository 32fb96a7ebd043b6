/* `mpconform check TRACE`: judge a recorded trace again with the rules of today. */
#include "cli.h"
#include "../core/coverage.h"
#include "../core/judge.h"
#include "../core/backtrace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


int cmd_check(int argc, char **argv)
{
    cli_options opt;
    int prc = cli_parse_options(argc, argv, &opt, 1);
    if (prc)
        return prc > 0 ? EXIT_CLEAN : EXIT_USAGE;
    policy pol;
    if (cli_prepare_policy(&opt, &pol) != 0 || cli_prepare_out_dir(&opt) != 0) {
        policy_free(&pol);
        return EXIT_USAGE;
    }
    ruleset *rules = cli_load_rules(opt.rule_dirs, opt.nrule_dirs);
    if (!rules) {
        policy_free(&pol);
        return EXIT_USAGE;
    }
    judged_trace *traces = NULL;
    size_t ntraces = 0;
    char *driver = NULL, err[1024];
    if (judge_read_trace(opt.driver, &traces, &ntraces, &driver, err, sizeof(err)) != 0) {
        fprintf(stderr, "mpconform: %s\n", err);
        ruleset_free(rules);
        policy_free(&pol);
        return EXIT_USAGE;
    }
    char path[4096];
    yerror yerr;
    cli_data_path(path, sizeof(path), "fixtures/coverage.yaml");
    coverage_plan *plan = coverage_load(path, &yerr);
    int rc = plan ? EXIT_CLEAN : EXIT_USAGE;
    if (!plan)
        fprintf(stderr, "mpconform: %s\n", yerr.text);
    run_result result;
    memset(&result, 0, sizeof(result));
    result.driver = driver ? driver : strdup(opt.driver);
    result.tool_version = strdup(MPCONFORM_VERSION);
    result.source_root = cli_source_root(&opt);
    result.fail_on = opt.fail_on;
    if (rc == EXIT_CLEAN &&
        judge_traces(rules, traces, ntraces, judge_sweep_start(traces, ntraces), plan, &result) != 0)
        rc = EXIT_INTERNAL;
    if (rc == EXIT_CLEAN)
        rc = cli_finish_policy(&opt, &pol, &result);
    if (rc == EXIT_CLEAN)
        rc = cli_emit_reports(&opt, &result);
    run_result_free(&result);
    for (size_t i = 0; i < ntraces; i++)
        judged_trace_free(&traces[i]);
    free(traces);
    coverage_free(plan);
    ruleset_free(rules);
    policy_free(&pol);
    backtrace_symbolizer_reset();
    return rc;
}
