/* `mpconform run DRIVER.so`: preflight, run every scenario in its own host,
 * judge, report. With --inject sweep, a second round fails each allocation
 * point of Initialize and Restart in turn. */
#include "cli.h"
#include "../judge/coverage.h"
#include "../judge/inject_sweep.h"
#include "../judge/isolation.h"
#include "../judge/judge.h"
#include "../judge/live_judge.h"
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

/* What a batch of hosts is: the suite, the sweep, or the runs of one
 * scenario's allocation points. */
typedef enum { BATCH_SUITE, BATCH_SWEEP, BATCH_ALLOCATION } batch_kind;

typedef struct {
    const cli_options *opt;
    ruleset *rules;
    scenario_list scenarios;
    coverage_plan *coverage;             /* never counted into: each trace counts its share (live_judge.h) */
    char coverage_path[4096];
    int tables_fd;                       /* the rules' tables for every host (tables_wire.h); 0: none yet */
    char valgrind_supp[4096];
    char valgrind_dir[64];               /* memcheck's XML files, one per host */
    char *user_supps[CLI_MAX_RULE_DIRS]; /* "--suppressions=FILE" */
    size_t nuser_supps;
    size_t nxml;
    int sweep;                           /* --inject sweep */
    live_judge judge;                    /* one slot per host run, in the order of the jobs */
    int judging;                         /* judge is set up */
    size_t sweep_first, nsweep;          /* the sweep's slots */
    size_t *alloc_first, *nalloc;        /* by scenario: the slots of its allocation-point runs */
    run_result result;
} run_state;

static void run_state_free(run_state *st)
{
    if (st->judging)
        live_judge_free(&st->judge);
    free(st->alloc_first);
    free(st->nalloc);
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

typedef struct {
    run_state *st;
    const host_job *jobs;
    char **names;
    char **xml;
    char *valgrind_failed;   /* by job */
    size_t first_slot;
    batch_kind kind;
} batch;

/* What the run needs from job's trace (live_judge.h). */
static live_needs needs_of(const batch *b, size_t job)
{
    const run_state *st = b->st;
    const scenario *sc = b->jobs[job].sc;
    live_needs needs = { .name = b->names[job], .injected_run = b->kind != BATCH_SUITE,
                         .counts_coverage = b->kind != BATCH_SWEEP,
                         .sweep_points = b->kind == BATCH_SUITE && st->sweep,
                         .within = b->kind == BATCH_SUITE && sc->inject.each ? sc->inject.within : NULL,
                         .scenario = (size_t)(sc - st->scenarios.items) };
    return needs;
}

/* An event nothing can change any more: judged, then dropped (live_judge.h). */
static void host_event(size_t job, const event *ev, void *ctx)
{
    batch *b = ctx;
    live_needs needs = needs_of(b, job);
    live_judge_feed(&b->st->judge, b->first_slot + job, ev, &needs);
}

/* A host ended: the rest of its trace (with memcheck's errors) is judged
 * into its slot. */
static void host_ended(size_t job, host_result *res, void *ctx)
{
    batch *b = ctx;
    run_state *st = b->st;
    if (read_valgrind(st, b->xml[job], b->names[job], &res->events) != 0)
        b->valgrind_failed[job] = 1;
    free(b->xml[job]);
    b->xml[job] = NULL;
    const scenario *sc = b->jobs[job].sc;
    judged_trace t = { .name = strdup(b->names[job]), .description = strdup(sc->description),
                       .outcome = res->outcome, .wall_us = res->wall_us, .events = res->events };
    memset(&res->events, 0, sizeof res->events);
    if (!t.name || !t.description) {
        judged_trace_free(&t);
        st->judge.failed = 1;
        return;
    }
    live_needs needs = needs_of(b, job);
    live_judge_take(&st->judge, b->first_slot + job, &t, &needs);
}

/* Runs the jobs, each judged into a new slot as its host ends; *first is
 * the first slot. Returns an exit code (EXIT_CLEAN to go on). */
static int run_jobs(run_state *st, host_job *jobs, size_t njobs, char **names, const char *what, batch_kind kind,
                    size_t *first)
{
    host_result *results = calloc(njobs ? njobs : 1, sizeof(host_result));
    char **xml = calloc(njobs ? njobs : 1, sizeof(char *));
    char *valgrind_failed = calloc(njobs ? njobs : 1, 1);
    batch b = { .st = st, .jobs = jobs, .names = names, .xml = xml, .valgrind_failed = valgrind_failed,
                .kind = kind };
    int rc = results && xml && valgrind_failed && live_judge_add_slots(&st->judge, njobs, &b.first_slot) == 0 &&
             prepare_valgrind(st, jobs, njobs, xml) == 0 ? EXIT_CLEAN : EXIT_INTERNAL;
    *first = b.first_slot;
    int tty = isatty(STDERR_FILENO) && !st->opt->quiet;
    host_listeners to = { .event = host_event, .done = host_ended, .ctx = &b,
                          .progress = tty ? show_progress : NULL, .progress_ctx = (void *)what };
    if (rc == EXIT_CLEAN && isolation_run_each(jobs, njobs, st->opt->jobs, results, &to) != 0) {
        fprintf(stderr, "mpconform: could not start a host process\n");
        rc = EXIT_INTERNAL;
    } else if (rc == EXIT_CLEAN) {
        for (size_t i = 0; i < njobs; i++) {  /* in job order: the first problem is the one reported */
            if (rc == EXIT_CLEAN && results[i].outcome == SCENARIO_LOAD_ERROR) {
                fprintf(stderr, "mpconform: %s\n", results[i].error);
                rc = results[i].internal_error ? EXIT_INTERNAL : EXIT_USAGE;
            }
            if (valgrind_failed[i] && rc == EXIT_CLEAN)
                rc = EXIT_INTERNAL;
        }
    }
    for (size_t i = 0; results && i < njobs; i++)
        host_result_free(&results[i]);
    for (size_t i = 0; xml && i < njobs; i++)
        free(xml[i]);
    free(results);
    free(xml);
    free(valgrind_failed);
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

/* The suite: slot i is scenario i. */
static int run_suite(run_state *st, const char *inject_ddi, unsigned inject_nth)
{
    size_t n = st->scenarios.count, first = 0;
    host_job *jobs = calloc(n ? n : 1, sizeof(host_job));
    char **names = calloc(n ? n : 1, sizeof(char *));
    int rc = (jobs && names) ? EXIT_CLEAN : EXIT_INTERNAL;
    for (size_t i = 0; rc == EXIT_CLEAN && i < n; i++) {
        jobs[i] = base_job(st, &st->scenarios.items[i]);
        jobs[i].setup.inject_ddi = inject_ddi;
        jobs[i].setup.inject_nth = inject_nth;
        names[i] = strdup(st->scenarios.items[i].name);
    }
    if (rc == EXIT_CLEAN)
        rc = run_jobs(st, jobs, n, names, "scenarios", BATCH_SUITE, &first);
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
    free(jobs);
    return rc;
}

/* One job per allocation point, each failing that point, in new slots from
 * *first; each run is named after its scenario and `mark`
 * ("scenario [inject #3: fail NdisAllocateMemoryWithTagPriority in ...]"). */
static int run_point_jobs(run_state *st, const sweep_point *points, size_t npoints, const char *mark,
                          const char *what, batch_kind kind, size_t *first)
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
    *first = st->judge.nslots;
    if (rc == EXIT_CLEAN && npoints)
        rc = run_jobs(st, jobs, npoints, names, what, kind, first);
    for (size_t i = 0; names && i < npoints; i++)
        free(names[i]);
    free(names);
    free(jobs);
    return rc;
}

/* The allocation points of every suite run, in suite order (a point two
 * scenarios reach is run once, for the first). */
static int run_sweep(run_state *st)
{
    sweep_point *points = NULL;
    size_t npoints = 0;
    for (size_t i = 0; i < st->scenarios.count; i++) {
        const live_slot *s = &st->judge.slots[i];
        if (sweep_points_merge(&points, &npoints, s->points, s->npoints) != 0) {
            sweep_points_free(points, npoints);
            return EXIT_INTERNAL;
        }
    }
    if (!st->opt->quiet)
        fprintf(stderr, "mpconform: fault-injection sweep over %zu allocation points\n", npoints);
    int rc = run_point_jobs(st, points, npoints, JUDGE_SWEEP_MARK, "sweep", BATCH_SWEEP, &st->sweep_first);
    st->nsweep = npoints;
    sweep_points_free(points, npoints);
    return rc;
}

/* How many of n slots from first injected a fault; the others were the
 * plain run again (a DDI with no failure to give, such as
 * NdisAllocateSpinLock) and are left out. */
static size_t count_injected(const run_state *st, size_t first, size_t n)
{
    size_t kept = 0;
    for (size_t i = first; i < first + n; i++)
        kept += st->judge.slots[i].injected;
    return kept;
}

/* Scenarios with inject: {allocation: each} (the failure paths of
 * Initialize and Restart, reached the way NDIS can reach them in any
 * driver) run once per allocation point their plain run reached inside
 * their inject.within, each failing that point; in trace_order those runs
 * replace the plain run, unless none of them failed anything (the driver
 * asked for nothing that can fail: its report then says so). */
static int expand_allocation_points(run_state *st)
{
    size_t n = st->scenarios.count;
    st->alloc_first = calloc(n ? n : 1, sizeof(size_t));
    st->nalloc = calloc(n ? n : 1, sizeof(size_t));
    if (!st->alloc_first || !st->nalloc)
        return EXIT_INTERNAL;
    for (size_t i = 0; i < n; i++) {
        const scenario *sc = &st->scenarios.items[i];
        if (!sc->inject.each || !sc->inject.within)
            continue;
        /* the slots may move as more are added: the points are copied first */
        sweep_point *points = NULL;
        size_t npoints = 0;
        const live_slot *plain = &st->judge.slots[i];
        int rc = sweep_points_merge(&points, &npoints, plain->within_points, plain->nwithin_points) == 0
                     ? run_point_jobs(st, points, npoints, JUDGE_ALLOCATION_MARK, "allocation points",
                                      BATCH_ALLOCATION, &st->alloc_first[i])
                     : EXIT_INTERNAL;
        sweep_points_free(points, npoints);
        if (rc != EXIT_CLEAN)
            return rc;
        st->nalloc[i] = npoints;
    }
    return EXIT_CLEAN;
}

/* The slots in trace order: each scenario's allocation-point runs that
 * failed something, or its plain run; then the sweep runs that injected a
 * fault. *sweep_from: where the sweep begins. */
static size_t *trace_order(const run_state *st, size_t *n, size_t *sweep_from)
{
    size_t *order = calloc(st->judge.nslots + 1, sizeof(size_t));
    *n = 0;
    for (size_t i = 0; order && i < st->scenarios.count; i++) {
        size_t first = st->alloc_first ? st->alloc_first[i] : 0, na = st->nalloc ? st->nalloc[i] : 0;
        if (count_injected(st, first, na) == 0) {
            order[(*n)++] = i;
            continue;
        }
        for (size_t k = first; k < first + na; k++)
            if (st->judge.slots[k].injected)
                order[(*n)++] = k;
    }
    *sweep_from = *n;
    for (size_t k = st->sweep_first; order && k < st->sweep_first + st->nsweep; k++)
        if (st->judge.slots[k].injected)
            order[(*n)++] = k;
    return order;
}

static int judge_all(run_state *st, const size_t *order, size_t n, size_t sweep_from)
{
    run_result *r = &st->result;
    r->driver = strdup(st->opt->driver);
    r->source_root = cli_source_root(st->opt);
    r->tool_version = strdup(MPCONFORM_VERSION);
    r->fail_on = st->opt->fail_on;
    int rc = live_judge_conclude(&st->judge, order, n, sweep_from, r);
    return rc == 0 ? EXIT_CLEAN : rc == -2 ? EXIT_USAGE : EXIT_INTERNAL;
}

/* MPCONFORM_PEAK_MEMORY=1 (for make bench, docs/bench.md): the judge's own peak resident
 * memory, which getrusage cannot tell apart from its hosts'. */
static void say_peak_memory(void)
{
    const char *want = getenv("MPCONFORM_PEAK_MEMORY");
    FILE *f = want && *want == '1' ? fopen("/proc/self/status", "r") : NULL;
    char line[256];
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0)
            fprintf(stderr, "mpconform: judge peak memory %s", line + 6);
    if (f)
        fclose(f);
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
    st.sweep = sweep;
    cli_data_path(st.valgrind_supp, sizeof(st.valgrind_supp), "scripts/valgrind.supp");
    for (size_t i = 0; i < opt.nvalgrind_supps; i++)
        if (asprintf(&st.user_supps[st.nuser_supps], "--suppressions=%s", opt.valgrind_supps[i]) >= 0)
            st.nuser_supps++;
    int rc = EXIT_CLEAN;
    char err[1024], stubs[512] = "";
    if (!(st.rules = cli_load_rules(opt.rule_dirs, opt.nrule_dirs)) || cli_select_scenarios(&opt, &st.scenarios) != 0) {
        rc = EXIT_USAGE;
    } else {
        yerror yerr;
        cli_data_path(st.coverage_path, sizeof(st.coverage_path), "fixtures/coverage.yaml");
        if (!(st.coverage = coverage_load(st.coverage_path, &yerr))) {
            fprintf(stderr, "mpconform: %s\n", yerr.text);
            rc = EXIT_USAGE;
        } else if (loader_preflight(opt.driver, err, sizeof(err), stubs, sizeof(stubs)) != 0) {
            fprintf(stderr, "mpconform: %s\n", err);
            rc = EXIT_USAGE;
        } else if ((st.tables_fd = tables_to_memfd(ruleset_tables(st.rules), err, sizeof(err))) < 0) {
            st.tables_fd = 0;
            fprintf(stderr, "mpconform: %s\n", err);
            rc = EXIT_INTERNAL;
        } else if (live_judge_init(&st.judge, st.rules, st.coverage,
                                   (opt.formats & FORMAT_HTML) != 0, opt.out_dir, err, sizeof(err)) != 0) {
            fprintf(stderr, "mpconform: %s\n", err);
            rc = EXIT_INTERNAL;
        } else {
            st.judging = 1;
        }
    }
    /* Said before anything runs: these paths are not checked, whatever the verdict. */
    if (rc == EXIT_CLEAN && stubs[0] && !opt.quiet)
        fprintf(stderr, "mpconform: note: the driver imports %s, which mpconform does not emulate: a scenario "
                "that calls one stops there (HOST-NOT-EMULATED)\n", stubs);
    if (rc == EXIT_CLEAN)
        rc = run_suite(&st, inject_ddi[0] ? inject_ddi : NULL, inject_nth);
    if (rc == EXIT_CLEAN && sweep) {
        rc = run_sweep(&st);
        size_t dropped = st.nsweep - count_injected(&st, st.sweep_first, st.nsweep);
        if (rc == EXIT_CLEAN && dropped && !opt.quiet)
            fprintf(stderr, "mpconform: %zu allocation point%s with no failure to inject (the DDI cannot fail) "
                    "left out of the sweep\n", dropped, dropped == 1 ? "" : "s");
    } else if (rc == EXIT_CLEAN && inject_ddi[0] && count_injected(&st, 0, st.scenarios.count) == 0) {
        fprintf(stderr, "mpconform: warning: no scenario reached call %u of %s: nothing was injected\n",
                inject_nth, inject_ddi);
    }
    if (rc == EXIT_CLEAN)
        rc = expand_allocation_points(&st);
    size_t norder = 0, sweep_from = 0, *order = NULL;
    if (rc == EXIT_CLEAN && !(order = trace_order(&st, &norder, &sweep_from)))
        rc = EXIT_INTERNAL;
    if (rc == EXIT_CLEAN)
        rc = judge_all(&st, order, norder, sweep_from);
    if (rc == EXIT_CLEAN)
        rc = cli_finish_policy(&opt, &pol, &st.result);
    if (rc == EXIT_CLEAN && opt.out_dir) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/trace.jsonl", opt.out_dir);
        if (live_judge_write_trace(&st.judge, order, norder, path, err, sizeof(err)) != 0) {
            cli_report_write_error(err);
            rc = EXIT_INTERNAL;
        }
    }
    free(order);
    if (rc == EXIT_CLEAN)
        rc = cli_emit_reports(&opt, &st.result);
    run_state_free(&st);
    policy_free(&pol);
    say_peak_memory();
    return rc;
}
