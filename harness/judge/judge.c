/* Judging traces, and trace.jsonl on disk. */
#include "judge.h"
#include "../trace/backtrace.h"
#include "../trace/event_json.h"
#include "coverage.h"
#include "intent.h"
#include "../input/input_file.h"

#include <errno.h>
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
    if (ruleset_evaluate_story(rs, &trace->events, &out->violations, &out->story) != 0 ||
        story_collect_transitions(&trace->events, &out->story) != 0)
        return -1;
    for (size_t i = 0; i < out->violations.count; i++) {
        backtrace_symbolize(&out->violations.items[i].bt);
        backtrace_symbolize(&out->violations.items[i].origin);
    }
    violation_list_sort(&out->violations);
    return intent_judge(&trace->events, strstr(trace->name, JUDGE_SWEEP_MARK) != NULL, out);
}

/* The same finding at the same place in several injected runs is reported once. */
static void dedupe_findings(run_result *r, size_t from_scenario)
{
    for (size_t s = from_scenario; s < r->nscenarios; s++) {
        violation_list *vl = &r->scenarios[s].violations;
        for (size_t i = 0; i < vl->count;) {
            const violation *v = &vl->items[i];
            int dup = 0;
            for (size_t t = from_scenario; t <= s && !dup; t++) {
                const violation_list *other = &r->scenarios[t].violations;
                size_t limit = t == s ? i : other->count;
                for (size_t k = 0; k < limit && !dup; k++) {
                    const violation *o = &other->items[k];
                    dup = strcmp(o->rule_id, v->rule_id) == 0 &&
                          (o->bt.count ? o->bt.frames[0].offset : 0) == (v->bt.count ? v->bt.frames[0].offset : 0) &&
                          (o->origin.count ? o->origin.frames[0].offset : 0) ==
                              (v->origin.count ? v->origin.frames[0].offset : 0);
                }
            }
            if (dup) {
                violation_free(&vl->items[i]);
                vl->items[i] = vl->items[--vl->count];
            } else {
                i++;
            }
        }
        violation_list_sort(vl);
    }
}

int judge_traces(const ruleset *rs, const judged_trace *traces, size_t n, size_t sweep_from,
                 coverage_plan *plan, run_result *r)
{
    r->scenarios = calloc(n ? n : 1, sizeof(scenario_result));
    if (!r->scenarios)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (judge_scenario(rs, &traces[i], &r->scenarios[i]) != 0)
            return -1;
        r->nscenarios++;
        if (i < sweep_from)  /* coverage is what the driver showed unprovoked */
            coverage_count(plan, &traces[i].events);
    }
    if (sweep_from < n)
        dedupe_findings(r, sweep_from);
    if (intent_summarize(r, sweep_from < n ? sweep_from : n) != 0)
        return -1;
    return coverage_export(plan, &r->coverage, &r->ncoverage);
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
    size_t len = 0, cap = 1 << 16;
    char *buf = malloc(cap);
    if (!buf) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    for (size_t t = 0; t < n; t++) {
        for (size_t i = 0; i < traces[t].events.count; i++) {
            char *line = event_to_json(&traces[t].events.items[i]);
            size_t l = line ? strlen(line) : 0;
            if (len + l + 2 > cap) {
                while (len + l + 2 > cap)
                    cap *= 2;
                char *grown = realloc(buf, cap);
                if (!grown) {
                    free(line);
                    free(buf);
                    snprintf(err, errlen, "%s: out of memory", path);
                    return -1;
                }
                buf = grown;
            }
            memcpy(buf + len, line, l);
            len += l;
            buf[len++] = '\n';
            free(line);
        }
    }
    int rc = report_atomic_write(path, buf, len, err, errlen);
    free(buf);
    return rc;
}

static judged_trace *trace_for(judged_trace **traces, size_t *n, const char *scenario)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*traces)[i].name, scenario) == 0)
            return &(*traces)[i];
    judged_trace *grown = realloc(*traces, (*n + 1) * sizeof(judged_trace));
    if (!grown)
        return NULL;
    *traces = grown;
    judged_trace *t = &grown[(*n)++];
    memset(t, 0, sizeof(*t));
    t->name = strdup(scenario);
    t->description = strdup("");
    t->outcome = SCENARIO_COMPLETED;
    return t;
}

/* What the recorded events say about how the scenario ended. */
static void settle_outcome(judged_trace *t)
{
    t->outcome = SCENARIO_CRASHED;
    for (size_t i = 0; i < t->events.count; i++) {
        const event *ev = &t->events.items[i];
        if (ev->kind == EV_HANG)
            t->outcome = ev->name && (strcmp(ev->name, "limit") == 0 || strcmp(ev->name, "integrity") == 0)
                             ? SCENARIO_STOPPED : SCENARIO_HUNG;
        else if (ev->kind == EV_ERROR)
            t->outcome = SCENARIO_LOAD_ERROR;
        else if (ev->kind == EV_OP && strcmp(ev->name, "scenario_end") == 0 && t->outcome == SCENARIO_CRASHED)
            t->outcome = SCENARIO_COMPLETED;
        else if (ev->kind == EV_CRASH)
            t->outcome = SCENARIO_CRASHED;
    }
}

/* A scenario's trace is whole when it begins with scenario_begin and ends
 * the way a host ends one: scenario_end, or the crash, hang or load error
 * the judge recorded. Anything else was cut short: judging it would report
 * a clean run of what never ran. */
static int trace_complete(const judged_trace *t, char *why, size_t len)
{
    const event_list *e = &t->events;
    if (!e->count || e->items[0].kind != EV_OP || strcmp(e->items[0].name, "scenario_begin") != 0) {
        snprintf(why, len, "scenario %s does not begin with scenario_begin", t->name);
        return 0;
    }
    for (size_t i = e->count; i-- > 0;) {
        const event *ev = &e->items[i];
        if ((ev->kind == EV_OP && strcmp(ev->name, "scenario_end") == 0) || ev->kind == EV_CRASH ||
            ev->kind == EV_HANG || ev->kind == EV_ERROR)
            return 1;
    }
    snprintf(why, len, "scenario %s ends at event %zu without scenario_end, crash, hang or error: "
                       "the trace is incomplete (cut short?)", t->name, e->count - 1);
    return 0;
}

/* A trace line longer than this is refused, not read into memory. */
#define TRACE_MAX_LINE (4u << 20)

int judge_read_trace(const char *path, judged_trace **traces, size_t *n, char **driver, char *err, size_t errlen)
{
    *traces = NULL;
    *n = 0;
    *driver = NULL;
    char why[256];
    FILE *f = input_open_regular(path, why, sizeof why);
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, why);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    unsigned long lineno = 0;
    int rc = 0;
    while ((got = input_read_line(f, &line, &cap, TRACE_MAX_LINE)) >= 0) {
        lineno++;
        if (got <= 1)
            continue;
        event ev;
        if (event_from_json(line, &ev, why, sizeof(why)) != 0) {
            snprintf(err, errlen, "%s:%lu: not a trace event: %s", path, lineno, why);
            rc = -1;
            break;
        }
        judged_trace *t = trace_for(traces, n, ev.scenario);
        if (!t) {
            event_free(&ev);
            snprintf(err, errlen, "%s: out of memory", path);
            rc = -1;
            break;
        }
        if (ev.kind == EV_OP && strcmp(ev.name, "scenario_begin") == 0) {
            const event_arg *d = event_arg_get(&ev, "description"), *drv = event_arg_get(&ev, "driver");
            if (d && d->is_str) {
                free(t->description);
                t->description = strdup(d->str);
            }
            if (drv && drv->is_str && !*driver)
                *driver = strdup(drv->str);
        }
        ev.index = t->events.count;
        if (event_list_push(&t->events, &ev) != 0) {
            event_free(&ev);
            snprintf(err, errlen, "%s: out of memory", path);
            rc = -1;
            break;
        }
    }
    if (rc == 0 && got == INPUT_LINE_TOO_LONG) {
        snprintf(err, errlen, "%s:%lu: a line longer than %u bytes: not a trace", path, lineno + 1, TRACE_MAX_LINE);
        rc = -1;
    }
    free(line);
    fclose(f);
    if (rc == 0 && *n == 0) {
        snprintf(err, errlen, "%s: the trace holds no events", path);
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < *n; i++)
        if (!trace_complete(&(*traces)[i], why, sizeof why)) {
            snprintf(err, errlen, "%s: %s", path, why);
            rc = -1;
        }
    for (size_t i = 0; rc == 0 && i < *n; i++)
        settle_outcome(&(*traces)[i]);
    if (rc != 0) {
        for (size_t i = 0; i < *n; i++)
            judged_trace_free(&(*traces)[i]);
        free(*traces);
        *traces = NULL;
        *n = 0;
        free(*driver);
        *driver = NULL;
    }
    return rc;
}
