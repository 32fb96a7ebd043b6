/* Judging traces, and trace.jsonl on disk. */
#include "judge.h"
#include "../trace/backtrace.h"
#include "../trace/event_json.h"
#include "coverage.h"
#include "intent.h"
#include "../input/name_index.h"
#include "../input/input_file.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int judge_scenario(const ruleset *rs, const judged_trace *trace, scenario_result *out)
{
    memset(out, 0, sizeof(*out));
    out->name = strdup(trace->name);
    out->description = strdup(trace->description ? trace->description : "");
    out->outcome = trace->outcome;
    out->event_count = trace->events.count;
    out->wall_us = trace->wall_us;
    int rc = ruleset_evaluate_story(rs, &trace->events, &out->violations, &out->story);
    if (rc != 0)
        return rc;
    if (story_collect_transitions(&trace->events, &out->story) != 0)
        return -1;
    for (size_t i = 0; i < out->violations.count; i++) {
        backtrace_symbolize(&out->violations.items[i].bt);
        backtrace_symbolize(&out->violations.items[i].origin);
    }
    violation_list_sort(&out->violations);
    return intent_judge(&trace->events, strstr(trace->name, JUDGE_SWEEP_MARK) != NULL, out);
}

/* The same finding at the same place in several injected runs is reported
 * once, in the first run (in order) that has it: one hash lookup a finding
 * (name_index.h), not a scan of every earlier one. 0, or -1 out of memory. */
static int dedupe_findings(run_result *r, size_t from_scenario)
{
    name_index seen = { 0 };
    int rc = 0;
    for (size_t s = from_scenario; s < r->nscenarios && rc == 0; s++) {
        violation_list *vl = &r->scenarios[s].violations;
        for (size_t i = 0; i < vl->count && rc == 0;) {
            const violation *v = &vl->items[i];
            char key[320];
            size_t unused;
            snprintf(key, sizeof key, "%s|%llx|%llx", v->rule_id,
                     (unsigned long long)(v->bt.count ? v->bt.frames[0].offset : 0),
                     (unsigned long long)(v->origin.count ? v->origin.frames[0].offset : 0));
            if (name_index_get(&seen, key, &unused)) {
                violation_free(&vl->items[i]);
                vl->items[i] = vl->items[--vl->count];
            } else {
                rc = name_index_put(&seen, key, s);
                i++;
            }
        }
        violation_list_sort(vl);
    }
    name_index_free(&seen);
    return rc;
}

/* What a run concludes from its findings once every scenario was judged. */
static int conclude_findings(run_result *r, size_t sweep_from)
{
    size_t n = r->nscenarios;
    if (sweep_from < n && dedupe_findings(r, sweep_from) != 0)
        return -1;
    return intent_summarize(r, sweep_from < n ? sweep_from : n);
}

static int conclude(run_result *r, size_t sweep_from, coverage_plan *plan)
{
    if (conclude_findings(r, sweep_from) != 0)
        return -1;
    return coverage_export(plan, &r->coverage, &r->ncoverage);
}

int judge_conclude(run_result *r, size_t sweep_from, coverage_item *coverage, size_t ncoverage)
{
    r->coverage = coverage;
    r->ncoverage = ncoverage;
    return conclude_findings(r, sweep_from);
}

int judge_traces(const ruleset *rs, const judged_trace *traces, size_t n, size_t sweep_from,
                 coverage_plan *plan, run_result *r)
{
    r->scenarios = calloc(n ? n : 1, sizeof(scenario_result));
    if (!r->scenarios)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int rc = judge_scenario(rs, &traces[i], &r->scenarios[i]);
        r->nscenarios++;   /* freed with r, also when judging it failed */
        if (rc != 0)
            return rc;
        if (i < sweep_from)  /* coverage is what the driver showed unprovoked */
            coverage_count(plan, &traces[i].events);
    }
    return conclude(r, sweep_from, plan);
}

/* ---- judging a trace as it streams (check) ---- */

typedef struct {
    const ruleset *rs;
    coverage_plan *plan;
    run_result *r;
    size_t cap;          /* of r->scenarios */
    size_t sweep_from;   /* the first sweep run (in order of appearance), or SIZE_MAX */
    int keep_story;      /* the HTML report will draw it */
} stream_judge;

static int note_scenario(const char *name, size_t index, void *ctx)
{
    stream_judge *sj = ctx;
    if (index < sj->sweep_from && strstr(name, JUDGE_SWEEP_MARK))
        sj->sweep_from = index;
    if (index < sj->cap)
        return 0;
    size_t cap = sj->cap ? sj->cap * 2 : 64;
    scenario_result *grown = realloc(sj->r->scenarios, cap * sizeof *grown);
    if (!grown)
        return -1;
    memset(grown + sj->cap, 0, (cap - sj->cap) * sizeof *grown);
    sj->r->scenarios = grown;
    sj->cap = cap;
    return 0;
}

/* Judges one whole scenario into its place, counts its coverage, and drops
 * its events: what the reports need is in its scenario_result. */
static int judge_whole(judged_trace *t, size_t index, void *ctx)
{
    stream_judge *sj = ctx;
    int rc = judge_scenario(sj->rs, t, &sj->r->scenarios[index]);
    /* Every scenario before this one has appeared: whether one of them
     * began the sweep is known. */
    if (rc == 0 && index < sj->sweep_from)
        coverage_count(sj->plan, &t->events);
    if (index >= sj->r->nscenarios)
        sj->r->nscenarios = index + 1;
    if (!sj->keep_story)  /* the bulk of what a judged scenario keeps */
        scenario_story_free(&sj->r->scenarios[index].story);
    judged_trace_free(t);
    return rc;
}

int judge_trace_file(const ruleset *rs, const char *path, coverage_plan *plan, int keep_story, run_result *r,
                     char **driver, char *err, size_t errlen)
{
    stream_judge sj = { .rs = rs, .plan = plan, .r = r, .sweep_from = SIZE_MAX, .keep_story = keep_story };
    trace_sink sink = { .on_begin = note_scenario, .on_whole = judge_whole, .ctx = &sj };
    int rc = judge_stream_trace(path, &sink, driver, err, errlen);
    if (rc != 0)
        return rc;
    if (conclude(r, sj.sweep_from, plan) != 0) {
        snprintf(err, errlen, "%s: could not judge the trace", path);
        return -2;
    }
    return 0;
}

size_t judge_sweep_start(const judged_trace *traces, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(traces[i].name, JUDGE_SWEEP_MARK))
            return i;
    return n;
}

void judged_trace_free(judged_trace *t)
{
    free(t->name);
    free(t->description);
    event_list_free(&t->events);
    memset(t, 0, sizeof(*t));
}

int judge_write_trace(const char *path, const judged_trace *traces, size_t n, char *err, size_t errlen)
{
    json_text out = { 0 };
    for (size_t t = 0; t < n; t++)
        for (size_t i = 0; i < traces[t].events.count; i++)
            if (event_json_append(&out, &traces[t].events.items[i]) != 0) {
                free(out.text);
                snprintf(err, errlen, "%s: out of memory", path);
                return -1;
            }
    int rc = report_atomic_write(path, out.text ? out.text : "", out.len, err, errlen);
    free(out.text);
    return rc;
}
