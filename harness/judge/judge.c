/* Judging traces, and trace.jsonl on disk. */
#include "judge.h"
#include "../trace/backtrace.h"
#include "../trace/event_json.h"
#include "coverage.h"
#include "intent.h"
#include "scenario_judge.h"
#include "coverage_share.h"
#include "../input/name_index.h"
#include "../input/input_file.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One whole trace judged into out, its coverage share (when coverage is
 * not NULL) into *share: what `merge`, which holds every trace, does per
 * scenario with the feed that `run` and `check` use event by event. */
static int judge_scenario(const ruleset *rs, const judged_trace *trace, const coverage_plan *coverage,
                          scenario_result *out, coverage_share *share)
{
    scenario_judge *sj = scenario_judge_begin(rs, trace->name, coverage, 1);
    if (!sj) {
        memset(out, 0, sizeof *out);
        return -1;
    }
    const event_list *t = &trace->events;
    for (size_t i = 0; i < t->count; i++)
        if (scenario_judge_feed(sj, &t->items[i]) != 0)
            break;
    return scenario_judge_end(sj, trace, t->count ? &t->items[t->count - 1] : NULL, out, share);
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

int judge_conclude(run_result *r, size_t sweep_from, coverage_item *coverage, size_t ncoverage)
{
    r->coverage = coverage;
    r->ncoverage = ncoverage;
    return conclude_findings(r, sweep_from);
}

/* The matrix's items, freed. */
static void coverage_items_free(coverage_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].name);
        free(items[i].group);
    }
    free(items);
}

int judge_traces(const ruleset *rs, const judged_trace *traces, size_t n, size_t sweep_from,
                 coverage_plan *plan, run_result *r)
{
    coverage_item *items = NULL;
    size_t nitems = 0;
    r->scenarios = calloc(n ? n : 1, sizeof(scenario_result));
    if (!r->scenarios || coverage_export(plan, &items, &nitems) != 0) {
        coverage_items_free(items, nitems);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        coverage_share share = { 0 };
        /* coverage is what the driver showed unprovoked: not the sweep's */
        rc = judge_scenario(rs, &traces[i], i < sweep_from ? plan : NULL, &r->scenarios[i], &share);
        r->nscenarios++;   /* freed with r, also when judging it failed */
        if (rc == 0 && coverage_share_add(&items, &nitems, &share) != 0)
            rc = -1;
        coverage_share_free(&share);
    }
    if (rc != 0) {
        coverage_items_free(items, nitems);
        return rc;
    }
    return judge_conclude(r, sweep_from, items, nitems);  /* r owns the matrix from here */
}

/* ---- judging a trace as it streams (check) ---- */

/* Each scenario is judged as its lines are read (scenario_judge.h), its
 * events dropped as they are fed; its coverage share joins the matrix in
 * order of appearance, as soon as every earlier scenario's has. */
typedef struct {
    const ruleset *rs;
    const coverage_plan *plan;
    run_result *r;
    size_t cap;                /* of r->scenarios and the arrays below */
    scenario_judge **judges;   /* per scenario, while it is read */
    coverage_share *shares;    /* per scenario, from its end until its turn to be added */
    unsigned char *ended;
    size_t next_share;         /* the first scenario whose share is not in the matrix yet */
    coverage_item *items;      /* the matrix so far */
    size_t nitems;
    size_t sweep_from;         /* the first sweep run (in order of appearance), or SIZE_MAX */
    int keep_story;            /* the HTML report will draw it */
} stream_judge;

static int grow_to(stream_judge *sj, size_t index)
{
    if (index < sj->cap)
        return 0;
    size_t cap = sj->cap ? sj->cap * 2 : 64;
    while (cap <= index)
        cap *= 2;
    scenario_result *results = realloc(sj->r->scenarios, cap * sizeof *results);
    if (results)
        sj->r->scenarios = results;
    scenario_judge **judges = realloc(sj->judges, cap * sizeof *judges);
    if (judges)
        sj->judges = judges;
    coverage_share *shares = realloc(sj->shares, cap * sizeof *shares);
    if (shares)
        sj->shares = shares;
    unsigned char *ended = realloc(sj->ended, cap);
    if (ended)
        sj->ended = ended;
    if (!results || !judges || !shares || !ended)
        return -1;
    size_t more = cap - sj->cap;
    memset(results + sj->cap, 0, more * sizeof *results);
    memset(judges + sj->cap, 0, more * sizeof *judges);
    memset(shares + sj->cap, 0, more * sizeof *shares);
    memset(ended + sj->cap, 0, more);
    sj->cap = cap;
    return 0;
}

static int note_scenario(const char *name, size_t index, void *ctx)
{
    stream_judge *sj = ctx;
    if (index < sj->sweep_from && strstr(name, JUDGE_SWEEP_MARK))
        sj->sweep_from = index;
    if (grow_to(sj, index) != 0)
        return -1;
    /* Every scenario before this one has appeared: whether one of them
     * began the sweep is known, and coverage is what the driver showed
     * unprovoked. */
    sj->judges[index] = scenario_judge_begin(sj->rs, name, index < sj->sweep_from ? sj->plan : NULL,
                                             sj->keep_story);
    return sj->judges[index] ? 0 : -1;
}

static int feed_event(const event *ev, size_t index, void *ctx)
{
    stream_judge *sj = ctx;
    return scenario_judge_feed(sj->judges[index], ev) == 0 ? 0 : -1;
}

/* Adds the shares whose turn has come. */
static int add_ready_shares(stream_judge *sj)
{
    for (; sj->next_share < sj->cap && sj->ended[sj->next_share]; sj->next_share++) {
        coverage_share *sh = &sj->shares[sj->next_share];
        int rc = coverage_share_add(&sj->items, &sj->nitems, sh);
        coverage_share_free(sh);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* Ends one whole scenario's judging into its place; t holds its last event. */
static int judge_whole(judged_trace *t, size_t index, void *ctx)
{
    stream_judge *sj = ctx;
    const event *last = t->events.count ? &t->events.items[t->events.count - 1] : NULL;
    int rc = scenario_judge_end(sj->judges[index], t, last, &sj->r->scenarios[index], &sj->shares[index]);
    sj->judges[index] = NULL;
    sj->ended[index] = 1;
    if (index >= sj->r->nscenarios)
        sj->r->nscenarios = index + 1;
    judged_trace_free(t);
    if (rc == 0)
        rc = add_ready_shares(sj);
    return rc;
}

static void stream_judge_free(stream_judge *sj)
{
    for (size_t i = 0; i < sj->cap; i++) {
        scenario_judge_free(sj->judges[i]);
        coverage_share_free(&sj->shares[i]);
    }
    free(sj->judges);
    free(sj->shares);
    free(sj->ended);
    coverage_items_free(sj->items, sj->nitems);
}

int judge_trace_file(const ruleset *rs, const char *path, coverage_plan *plan, int keep_story, run_result *r,
                     char **driver, char *err, size_t errlen)
{
    stream_judge sj = { .rs = rs, .plan = plan, .r = r, .sweep_from = SIZE_MAX, .keep_story = keep_story };
    trace_sink sink = { .on_begin = note_scenario, .on_whole = judge_whole, .on_event = feed_event, .ctx = &sj };
    int rc = coverage_export(plan, &sj.items, &sj.nitems) == 0 ? 0 : -2;
    if (rc != 0)
        snprintf(err, errlen, "%s: out of memory", path);
    else
        rc = judge_stream_trace(path, &sink, driver, err, errlen);
    if (rc == 0) {
        int concluded = judge_conclude(r, sj.sweep_from, sj.items, sj.nitems);
        sj.items = NULL;  /* r owns them, concluded or not */
        sj.nitems = 0;
        if (concluded != 0) {
            snprintf(err, errlen, "%s: could not judge the trace", path);
            rc = -2;
        }
    }
    stream_judge_free(&sj);
    return rc;
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
