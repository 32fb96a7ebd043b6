/* `mpconform run DRIVER.so`: preflight, run every scenario in its own host,
 * judge, report. With --inject sweep, a second round fails each allocation
 * point of Initialize and Restart in turn. */
#include "cli.h"
#include "../judge/coverage.h"
#include "../judge/inject_sweep.h"
#include "../judge/isolation.h"
#include "../judge/judge.h"
#include "../judge/preflight.h"
#include "../trace/backtrace.h"
#include "../judge/valgrind_xml.h"
#include "../trace/host_limits.h"
#include "../input/tables_wire.h"

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

typedef struct {
    const cli_options *opt;
    ruleset *rules;
    scenario_list scenarios;
    coverage_plan *coverage;
    int tables_fd;                       /* the rules' tables for every host (tables_wire.h); 0: none yet */
    char valgrind_supp[4096];
    char valgrind_dir[64];               /* memcheck's XML files, one per host */
    char *user_supps[CLI_MAX_RULE_DIRS]; /* "--suppressions=FILE" */
    size_t nuser_supps;
    size_t nxml;
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
    if (st->tables_fd > 0)
        close(st->tables_fd);
    for (size_t i = 0; i < st->nuser_supps; i++)
        free(st->user_supps[i]);
    if (st->valgrind_dir[0])
        rmdir(st->valgrind_dir);
    backtrace_symbolizer_reset();
}

/* Under --valgrind each host writes memcheck's XML to a file of its own; the
 * errors become `valgrind` events at the end of its trace. */
static int prepare_valgrind(run_state *st, host_job *jobs, size_t njobs, char **xml)
{
    if (!st->opt->valgrind)
        return 0;
    if (!st->valgrind_dir[0]) {
        snprintf(st->valgrind_dir, sizeof st->valgrind_dir, "/tmp/mpconform-vg-XXXXXX");
        if (!mkdtemp(st->valgrind_dir)) {
            st->valgrind_dir[0] = 0;
            return -1;
        }
    }
    for (size_t i = 0; i < njobs; i++) {
        if (asprintf(&xml[i], "%s/host-%zu.xml", st->valgrind_dir, st->nxml++) < 0)
            return -1;
        jobs[i].valgrind_xml = xml[i];
    }
    return 0;
}

static int read_valgrind(const run_state *st, const char *xml, const char *name, event_list *events)
{
    char err[512];
    int rc = xml ? valgrind_xml_add_events(xml, st->opt->driver, name, events, err, sizeof err) : 0;
    if (rc < 0)
        fprintf(stderr, "mpconform: %s\n", err);
    if (xml)
        unlink(xml);
    return rc < 0 ? -1 : 0;
}

/* Runs the jobs and appends one judged trace per job. Returns an exit code
 * (EXIT_CLEAN to go on). */
static int run_jobs(run_state *st, host_job *jobs, size_t njobs, char **names, const char *what)
{
    host_result *results = calloc(njobs ? njobs : 1, sizeof(host_result));
    char **xml = calloc(njobs ? njobs : 1, sizeof(char *));
    if (!results || !xml || prepare_valgrind(st, jobs, njobs, xml) != 0) {
        free(results);
        free(xml);
        return EXIT_INTERNAL;
    }
    int tty = isatty(STDERR_FILENO) && !st->opt->quiet;
    if (isolation_run(jobs, njobs, st->opt->jobs, results, tty ? show_progress : NULL, (void *)what) != 0) {
        fprintf(stderr, "mpconform: could not start a host process\n");
        for (size_t i = 0; i < njobs; i++)
            free(xml[i]);
        free(results);
        free(xml);
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
        if (read_valgrind(st, xml[i], names[i], &results[i].events) != 0 && rc == EXIT_CLEAN)
            rc = EXIT_INTERNAL;
        free(xml[i]);
        if (grown) {
            judged_trace *t = &st->traces[st->ntraces++];
            t->name = names[i];
            names[i] = NULL;
            t->description = strdup(jobs[i].sc->description);
            t->outcome = results[i].outcome;
            t->wall_us = results[i].wall_us;
            t->events = results[i].events;
            memset(&results[i].events, 0, sizeof(results[i].events));
        }
        host_result_free(&results[i]);
    }
    free(results);
    free(xml);
    return rc;
}

static host_job base_job(const run_state *st, const scenario *sc)
{
    host_job job;
    memset(&job, 0, sizeof(job));
    job.driver = st->opt->driver;
    job.sc = sc;
    job.timeout_ms = st->opt->timeout_ms;
    job.wall_timeout_ms = st->opt->wall_timeout_ms;
    job.cpu_limit_s = st->opt->cpu_limit_s ? st->opt->cpu_limit_s
                                           : st->opt->wall_timeout_ms / 1000 + HOST_LIMITS_CPU_MARGIN_S;
    job.memory_limit = st->opt->memory_limit;
    job.max_events = st->opt->max_events;
    job.loop_events = st->opt->loop_events;
    job.tables_fd = st->tables_fd;
    job.valgrind = st->opt->valgrind;
    job.valgrind_suppressions = st->valgrind_supp;
    job.user_suppressions = (const char *const *)st->user_supps;
    job.nuser_suppressions = st->nuser_supps;
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

/* One job per allocation point, each failing that point, appended to
 * st->traces; each run is named after its scenario and `mark`
 * ("scenario [inject #3: fail NdisAllocateMemoryWithTagPriority in ...]"). */
static int run_point_jobs(run_state *st, const sweep_point *points, size_t npoints, const char *mark,
                          const char *what)
{
    host_job *jobs = calloc(npoints ? npoints : 1, sizeof(host_job));
    char **names = calloc(npoints ? npoints : 1, sizeof(char *));
    int rc = (jobs && names) ? EXIT_CLEAN : EXIT_INTERNAL;
    for (size_t i = 0; rc == EXIT_CLEAN && i < npoints; i++) {
        const scenario *sc = &st->scenarios.items[points[i].scenario];
        jobs[i] = base_job(st, sc);
        jobs[i].setup.inject_signature = points[i].signature;
        char name[1024];
        snprintf(name, sizeof(name), "%s%s%zu: fail %s]", sc->name, mark, i + 1, points[i].description);
        names[i] = strdup(name);
        jobs[i].name = names[i];
    }
    if (rc == EXIT_CLEAN && npoints)
        rc = run_jobs(st, jobs, npoints, names, what);
    for (size_t i = 0; names && i < npoints; i++)
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
        if (sweep_collect(&st->traces[i].events, i, ruleset_tables(st->rules), NULL, &points, &npoints) != 0) {
            sweep_points_free(points, npoints);
            return EXIT_INTERNAL;
        }
    if (!st->opt->quiet)
        fprintf(stderr, "mpconform: fault-injection sweep over %zu allocation points\n", npoints);
    int rc = run_point_jobs(st, points, npoints, JUDGE_SWEEP_MARK, "sweep");
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

/* Runs scenario `index` once per allocation point its plain run (plain)
 * reached inside its inject.within, each failing that point; the runs are
 * appended to st->traces. Returns an exit code; *kept is how many runs did
 * fail something (a DDI that cannot fail leaves its run the plain one again). */
static int run_allocation_points(run_state *st, size_t index, const judged_trace *plain, size_t *kept)
{
    sweep_point *points = NULL;
    size_t npoints = 0, from = st->ntraces;
    *kept = 0;
    const char *within = st->scenarios.items[index].inject.within;
    if (sweep_collect(&plain->events, index, ruleset_tables(st->rules), within, &points, &npoints) != 0) {
        sweep_points_free(points, npoints);
        return EXIT_INTERNAL;
    }
    int rc = run_point_jobs(st, points, npoints, JUDGE_ALLOCATION_MARK, "allocation points");
    sweep_points_free(points, npoints);
    if (rc == EXIT_CLEAN) {
        drop_uninjected(st, from);
        *kept = st->ntraces - from;
    }
    return rc;
}

/* Scenarios with inject: {allocation: each} (the failure paths of
 * Initialize and Restart, reached the way NDIS can reach them in any
 * driver): their plain run is replaced by one run per allocation point, in
 * suite order; the plain run stays when the driver asked for nothing that
 * can fail (its report then says so). Traces from *sweep_from on (the
 * --inject sweep) follow, and *sweep_from moves with them. */
static int expand_allocation_points(run_state *st, size_t *sweep_from)
{
    int any = 0;
    for (size_t i = 0; i < st->scenarios.count; i++)
        any |= st->scenarios.items[i].inject.each && st->scenarios.items[i].inject.within != NULL;
    if (!any || *sweep_from != st->scenarios.count)
        return EXIT_CLEAN;
    judged_trace *old = st->traces;
    size_t nold = st->ntraces, base = *sweep_from;
    st->traces = NULL;
    st->ntraces = 0;
    int rc = EXIT_CLEAN;
    for (size_t i = 0; i < nold; i++) {
        const scenario *sc = i < base ? &st->scenarios.items[i] : NULL;
        size_t kept = 0;
        if (i == base)
            *sweep_from = st->ntraces;
        if (rc == EXIT_CLEAN && sc && sc->inject.each && sc->inject.within)
            rc = run_allocation_points(st, i, &old[i], &kept);
        if (kept) {
            judged_trace_free(&old[i]);
            continue;
        }
        judged_trace *grown = realloc(st->traces, (st->ntraces + 1) * sizeof(judged_trace));
        if (!grown) {
            judged_trace_free(&old[i]);
            rc = EXIT_INTERNAL;
            continue;
        }
        st->traces = grown;
        st->traces[st->ntraces++] = old[i];
    }
    if (base == nold)
        *sweep_from = st->ntraces;
    free(old);
    return rc;
}

static int judge_all(run_state *st, size_t sweep_from)
{
    run_result *r = &st->result;
    r->driver = strdup(st->opt->driver);
    r->source_root = cli_source_root(st->opt);
    r->tool_version = strdup(MPCONFORM_VERSION);
    r->fail_on = st->opt->fail_on;
    int rc = judge_traces(st->rules, st->traces, st->ntraces, sweep_from, st->coverage, r);
    return rc == 0 ? EXIT_CLEAN : rc == -2 ? EXIT_USAGE : EXIT_INTERNAL;
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
    if (sweep && opt.shard_count) {
        /* A sweep's injected runs follow the whole suite's order: not split (yet). */
        fprintf(stderr, "mpconform run: --shard and --inject sweep cannot be combined\n");
        return EXIT_USAGE;
    }
    policy pol;
    if (cli_prepare_policy(&opt, &pol) != 0) {
        policy_free(&pol);
        return EXIT_USAGE;
    }
    if (cli_prepare_out_dir(&opt) != 0) {
        policy_free(&pol);
        return EXIT_USAGE;
    }
    run_state st;
    memset(&st, 0, sizeof(st));
    st.opt = &opt;
    cli_data_path(st.valgrind_supp, sizeof(st.valgrind_supp), "scripts/valgrind.supp");
    for (size_t i = 0; i < opt.nvalgrind_supps; i++)
        if (asprintf(&st.user_supps[st.nuser_supps], "--suppressions=%s", opt.valgrind_supps[i]) >= 0)
            st.nuser_supps++;
    int rc = EXIT_CLEAN;
    char err[1024], stubs[512] = "";
    if (!(st.rules = cli_load_rules(opt.rule_dirs, opt.nrule_dirs)) || cli_select_scenarios(&opt, &st.scenarios) != 0) {
        rc = EXIT_USAGE;
    } else {
        char path[4096];
        yerror yerr;
        cli_data_path(path, sizeof(path), "fixtures/coverage.yaml");
        if (!(st.coverage = coverage_load(path, &yerr))) {
            fprintf(stderr, "mpconform: %s\n", yerr.text);
            rc = EXIT_USAGE;
        } else if (loader_preflight(opt.driver, err, sizeof(err), stubs, sizeof(stubs)) != 0) {
            fprintf(stderr, "mpconform: %s\n", err);
            rc = EXIT_USAGE;
        } else if ((st.tables_fd = tables_to_memfd(ruleset_tables(st.rules), err, sizeof(err))) < 0) {
            st.tables_fd = 0;
            fprintf(stderr, "mpconform: %s\n", err);
            rc = EXIT_INTERNAL;
        }
    }
    /* Said before anything runs: these paths are not checked, whatever the verdict. */
    if (rc == EXIT_CLEAN && stubs[0] && !opt.quiet)
        fprintf(stderr, "mpconform: note: the driver imports %s, which mpconform does not emulate: a scenario "
                "that calls one stops there (HOST-NOT-EMULATED)\n", stubs);
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
        rc = expand_allocation_points(&st, &sweep_from);
    if (rc == EXIT_CLEAN)
        rc = judge_all(&st, sweep_from);
    if (rc == EXIT_CLEAN)
        rc = cli_finish_policy(&opt, &pol, &st.result);
    if (rc == EXIT_CLEAN && opt.out_dir) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/trace.jsonl", opt.out_dir);
        if (judge_write_trace(path, st.traces, st.ntraces, err, sizeof(err)) != 0) {
            cli_report_write_error(err);
            rc = EXIT_INTERNAL;
        }
    }
    if (rc == EXIT_CLEAN)
        rc = cli_emit_reports(&opt, &st.result);
    run_state_free(&st);
    policy_free(&pol);
    return rc;
}
