/* `mpconform run DRIVER.so`: preflight, run every scenario in its own host,
 * judge, report. With --inject sweep, a second round fails each allocation
 * point of Initialize and Restart in turn. */
#include "cli.h"
#include "../core/coverage.h"
#include "../core/inject_sweep.h"
#include "../core/isolation.h"
#include "../core/judge.h"
#include "../core/loader.h"
#include "../core/backtrace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


static void show_progress(size_t done, size_t total, void *ctx)
{
    const char *what = ctx;
    fprintf(stderr, "\r  %s: %zu/%zu", what, done, total);
    if (done == total)
        fputc('\n', stderr);
}

static int load_scenarios(const cli_options *opt, scenario_list *list)
{
    yerror err;
    memset(list, 0, sizeof(*list));
    for (size_t i = 0; i < opt->nscenario_files; i++)
        if (scenario_list_add_file(list, opt->scenario_files[i], &err) != 0) {
            fprintf(stderr, "mpconform: %s\n", err.text);
            return -1;
        }
    if (opt->nscenario_files && !opt->scenario_dir)
        return 0;
    char dir[4096];
    if (opt->scenario_dir)
        snprintf(dir, sizeof(dir), "%s", opt->scenario_dir);
    else
        cli_data_path(dir, sizeof(dir), "fixtures/scenarios");
    if (scenario_load_dir(dir, list, &err) != 0) {
        fprintf(stderr, "mpconform: %s\n", err.text);
        return -1;
    }
    return 0;
}

typedef struct {
    const cli_options *opt;
    ruleset *rules;
    scenario_list scenarios;
    coverage_plan *coverage;
    const char *rule_dirs[CLI_MAX_RULE_DIRS + 1];  /* checks/ and every --rules DIR */
    size_t nrule_dirs;
    char checks_dir[4096];
    char valgrind_supp[4096];
    judged_trace *traces;
    size_t ntraces;
    run_result result;
} run_state;

static void run_state_free(run_state *st)
{
    for (size_t i = 0; i < st->ntraces; i++)
        judged_trace_free(&st->traces[i]);
    free(st->traces);
    run_result_free(&st->result);
    coverage_free(st->coverage);
    scenario_list_free(&st->scenarios);
    ruleset_free(st->rules);
    backtrace_symbolizer_reset();
}

/* Runs the jobs and appends one judged trace per job. Returns an exit code
 * (EXIT_CLEAN to go on). */
static int run_jobs(run_state *st, host_job *jobs, size_t njobs, char **names, const char *what)
{
    host_result *results = calloc(njobs ? njobs : 1, sizeof(host_result));
    if (!results)
        return EXIT_INTERNAL;
    int tty = isatty(STDERR_FILENO) && !st->opt->quiet;
    if (isolation_run(jobs, njobs, st->opt->jobs, results, tty ? show_progress : NULL, (void *)what) != 0) {
        fprintf(stderr, "mpconform: could not start a host process\n");
        free(results);
        return EXIT_INTERNAL;
    }
    int rc = EXIT_CLEAN;
    judged_trace *grown = realloc(st->traces, (st->ntraces + njobs) * sizeof(judged_trace));
    if (!grown)
        rc = EXIT_INTERNAL;
    else
        st->traces = grown;
    for (size_t i = 0; i < njobs; i++) {
        if (rc == EXIT_CLEAN && results[i].outcome == SCENARIO_LOAD_ERROR) {
            fprintf(stderr, "mpconform: %s\n", results[i].error);
            rc = results[i].internal_error ? EXIT_INTERNAL : EXIT_USAGE;
        }
        if (grown) {
            judged_trace *t = &st->traces[st->ntraces++];
            t->name = names[i];
            names[i] = NULL;
            t->description = strdup(jobs[i].sc->description);
            t->outcome = results[i].outcome;
            t->events = results[i].events;
            memset(&results[i].events, 0, sizeof(results[i].events));
        }
        host_result_free(&results[i]);
    }
    free(results);
    return rc;
}

static host_job base_job(const run_state *st, const scenario *sc)
{
    host_job job;
    memset(&job, 0, sizeof(job));
    job.driver = st->opt->driver;
    job.sc = sc;
    job.timeout_ms = st->opt->timeout_ms;
    job.max_events = st->opt->max_events;
    job.loop_events = st->opt->loop_events;
    job.rule_dirs = st->rule_dirs;
    job.nrule_dirs = st->nrule_dirs;
    job.valgrind = st->opt->valgrind;
    job.valgrind_suppressions = st->valgrind_supp;
    return job;
}

static int run_suite(run_state *st, const char *inject_ddi, unsigned inject_nth)
{
    size_t n = st->scenarios.count;
    host_job *jobs = calloc(n, sizeof(host_job));
    char **names = calloc(n, sizeof(char *));
    int rc = (jobs && names) ? EXIT_CLEAN : EXIT_INTERNAL;
    for (size_t i = 0; rc == EXIT_CLEAN && i < n; i++) {
        jobs[i] = base_job(st, &st->scenarios.items[i]);
        jobs[i].setup.inject_ddi = inject_ddi;
        jobs[i].setup.inject_nth = inject_nth;
        names[i] = strdup(st->scenarios.items[i].name);
    }
    if (rc == EXIT_CLEAN)
        rc = run_jobs(st, jobs, n, names, "scenarios");
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
    free(jobs);
    return rc;
}

static int run_sweep(run_state *st)
{
    sweep_point *points = NULL;
    size_t npoints = 0, baseline = st->ntraces;
    for (size_t i = 0; i < baseline; i++)
        if (sweep_collect(&st->traces[i].events, i, ruleset_tables(st->rules), &points, &npoints) != 0) {
            sweep_points_free(points, npoints);
            return EXIT_INTERNAL;
        }
    if (!st->opt->quiet)
        fprintf(stderr, "mpconform: fault-injection sweep over %zu allocation points\n", npoints);
    host_job *jobs = calloc(npoints ? npoints : 1, sizeof(host_job));
    char **names = calloc(npoints ? npoints : 1, sizeof(char *));
    int rc = (jobs && names) ? EXIT_CLEAN : EXIT_INTERNAL;
    for (size_t i = 0; rc == EXIT_CLEAN && i < npoints; i++) {
        jobs[i] = base_job(st, &st->scenarios.items[points[i].scenario]);
        jobs[i].setup.inject_signature = points[i].signature;
        char name[1024];
        snprintf(name, sizeof(name), "%s" JUDGE_SWEEP_MARK "%zu: fail %s]",
                 st->scenarios.items[points[i].scenario].name, i + 1, points[i].description);
        names[i] = strdup(name);
        jobs[i].name = names[i];
    }
    if (rc == EXIT_CLEAN && npoints)
        rc = run_jobs(st, jobs, npoints, names, "sweep");
    for (size_t i = 0; names && i < npoints; i++)
        free(names[i]);
    free(names);
    free(jobs);
    sweep_points_free(points, npoints);
    return rc;
}

static int fault_was_injected(const judged_trace *t)
{
    for (size_t i = 0; i < t->events.count; i++)
        if (t->events.items[i].kind == EV_OP && strcmp(t->events.items[i].name, "fault_injected") == 0)
            return 1;
    return 0;
}

/* Drops sweep runs whose point could not fail (a DDI with no failure to
 * give, such as NdisAllocateSpinLock): they are the baseline run again. */
static size_t drop_uninjected(run_state *st, size_t from)
{
    size_t kept = from, dropped = 0;
    for (size_t i = from; i < st->ntraces; i++) {
        if (fault_was_injected(&st->traces[i])) {
            st->traces[kept++] = st->traces[i];
        } else {
            judged_trace_free(&st->traces[i]);
            dropped++;
        }
    }
    st->ntraces = kept;
    return dropped;
}


static int judge_all(run_state *st, size_t sweep_from)
{
    run_result *r = &st->result;
    r->driver = strdup(st->opt->driver);
    r->tool_version = strdup(MPCONFORM_VERSION);
    r->fail_on = st->opt->fail_on;
    return judge_traces(st->rules, st->traces, st->ntraces, sweep_from, st->coverage, r) == 0 ? EXIT_CLEAN
                                                                                             : EXIT_INTERNAL;
}

int cmd_run(int argc, char **argv)
{
    cli_options opt;
    int prc = cli_parse_options(argc, argv, &opt, 1);
    if (prc)
        return prc > 0 ? EXIT_CLEAN : EXIT_USAGE;
    char inject_ddi[128] = "";
    unsigned inject_nth = 0;
    int sweep = opt.inject && strcmp(opt.inject, "sweep") == 0;
    if (opt.inject && !sweep && inject_parse(opt.inject, inject_ddi, sizeof(inject_ddi), &inject_nth) != 0) {
        fprintf(stderr, "mpconform run: --inject expects 'sweep', 'DDI' or 'DDI:N' (N >= 1), not '%s'\n", opt.inject);
        return EXIT_USAGE;
    }
    run_state st;
    memset(&st, 0, sizeof(st));
    st.opt = &opt;
    cli_data_path(st.checks_dir, sizeof(st.checks_dir), "checks");
    cli_data_path(st.valgrind_supp, sizeof(st.valgrind_supp), "scripts/valgrind.supp");
    st.rule_dirs[st.nrule_dirs++] = st.checks_dir;
    for (size_t i = 0; i < opt.nrule_dirs; i++)
        st.rule_dirs[st.nrule_dirs++] = opt.rule_dirs[i];
    int rc = EXIT_CLEAN;
    char err[1024];
    if (!(st.rules = cli_load_rules(opt.rule_dirs, opt.nrule_dirs)) || load_scenarios(&opt, &st.scenarios) != 0) {
        rc = EXIT_USAGE;
    } else {
        char path[4096];
        yerror yerr;
        cli_data_path(path, sizeof(path), "fixtures/coverage.yaml");
        if (!(st.coverage = coverage_load(path, &yerr))) {
            fprintf(stderr, "mpconform: %s\n", yerr.text);
            rc = EXIT_USAGE;
        } else if (loader_preflight(opt.driver, err, sizeof(err)) != 0) {
            fprintf(stderr, "mpconform: %s\n", err);
            rc = EXIT_USAGE;
        } else if (opt.out_dir && cli_prepare_out_dir(opt.out_dir) != 0) {
            rc = EXIT_USAGE;
        }
    }
    if (rc == EXIT_CLEAN)
        rc = run_suite(&st, inject_ddi[0] ? inject_ddi : NULL, inject_nth);
    size_t sweep_from = st.ntraces;
    if (rc == EXIT_CLEAN && sweep) {
        rc = run_sweep(&st);
        size_t dropped = drop_uninjected(&st, sweep_from);
        if (dropped && !opt.quiet)
            fprintf(stderr, "mpconform: %zu allocation point%s with no failure to inject (the DDI cannot fail) "
                    "left out of the sweep\n", dropped, dropped == 1 ? "" : "s");
    } else if (rc == EXIT_CLEAN && inject_ddi[0]) {
        int reached = 0;
        for (size_t i = 0; i < st.ntraces && !reached; i++)
            reached = fault_was_injected(&st.traces[i]);
        if (!reached)
            fprintf(stderr, "mpconform: warning: no scenario reached call %u of %s: nothing was injected\n",
                    inject_nth, inject_ddi);
    }
    if (rc == EXIT_CLEAN)
        rc = judge_all(&st, sweep_from);
    if (rc == EXIT_CLEAN && opt.out_dir) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/trace.jsonl", opt.out_dir);
        if (judge_write_trace(path, st.traces, st.ntraces, err, sizeof(err)) != 0) {
            fprintf(stderr, "mpconform: %s\n", err);
            rc = EXIT_INTERNAL;
        }
    }
    if (rc == EXIT_CLEAN)
        rc = cli_emit_reports(&opt, &st.result);
    run_state_free(&st);
    return rc;
}
