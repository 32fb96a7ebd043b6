/* Reading trace.jsonl one line at a time (see judge.h): each scenario is
 * handed on as soon as it is whole, so that `mpconform check` holds the
 * events of the scenarios being read, not of the whole trace.
 *
 * With a sink that takes each event as it is read (on_event), a scenario
 * holds only its latest event: memory follows the scenarios open at once
 * and what the sink keeps, not their length.
 *
 * When a scenario is whole: mpconform writes each scenario's lines
 * together, ending with scenario_end, or with the crash, hang or error the
 * judge recorded (an exit after scenario_end adds its crash after it).  So
 * a scenario is whole once it holds such an ending event and a line of
 * another scenario follows, or the file ends.  Scenarios may interleave
 * (each is collected apart); a line of a scenario already handed on is
 * refused: the trace would hold it twice. */
#include "judge.h"
#include "../input/name_index.h"
#include "outcome.h"
#include "../trace/event_json.h"
#include "../input/input_file.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A trace line longer than this is refused, not read into memory. */
#define TRACE_MAX_LINE (4u << 20)

typedef struct {
    judged_trace trace;          /* empty once handed on */
    outcome_reading reading;
    unsigned long last_line;     /* of its latest event */
    size_t fed;                  /* events read: the next one's index */
    int handed_on;
} scenario_reading;

typedef struct {
    const char *path;
    const trace_sink *sink;
    name_index names;
    scenario_reading *scenarios; /* in order of first appearance */
    size_t count, cap;
    char *err;
    size_t errlen;
    const char *last_name;       /* the scenario of the latest line: an atom, so its address is its text */
    size_t last_index;
} trace_reader;

/* The scenario named name, added when it first appears; NULL on error. */
static scenario_reading *scenario_named(trace_reader *rd, const char *name, size_t *index)
{
    if (name && name == rd->last_name) {
        *index = rd->last_index;
        return &rd->scenarios[*index];
    }
    if (name_index_get(&rd->names, name, index)) {
        rd->last_name = name;
        rd->last_index = *index;
        return &rd->scenarios[*index];
    }
    if (rd->count == rd->cap) {
        size_t cap = rd->cap ? rd->cap * 2 : 64;
        scenario_reading *grown = realloc(rd->scenarios, cap * sizeof *grown);
        if (!grown)
            return NULL;
        rd->scenarios = grown;
        rd->cap = cap;
    }
    scenario_reading *s = &rd->scenarios[rd->count];
    memset(s, 0, sizeof *s);
    s->trace.name = strdup(name);
    s->trace.description = strdup("");
    if (!s->trace.name || !s->trace.description || name_index_put(&rd->names, name, rd->count) != 0) {
        judged_trace_free(&s->trace);
        return NULL;
    }
    outcome_reading_init(&s->reading);
    *index = rd->count++;
    if (rd->sink->on_begin && rd->sink->on_begin(name, *index, rd->sink->ctx) != 0)
        return NULL;
    return s;
}

/* Checks scenario index is whole and hands it on. 0, -1 (err set: the
 * trace is cut short), -2 (the sink failed). */
static int hand_on(trace_reader *rd, size_t index)
{
    scenario_reading *s = &rd->scenarios[index];
    char why[256];
    if (!outcome_reading_whole(&s->reading, s->trace.name, why, sizeof why)) {
        snprintf(rd->err, rd->errlen, "%s:%lu: %s", rd->path, s->last_line, why);
        return -1;
    }
    s->trace.outcome = s->reading.outcome;
    s->handed_on = 1;
    judged_trace t = s->trace;
    memset(&s->trace, 0, sizeof s->trace);
    return rd->sink->on_whole(&t, index, rd->sink->ctx) != 0 ? -2 : 0;
}

static void read_begin(const event *ev, judged_trace *t, char **driver)
{
    const event_arg *d = event_arg_get(ev, "description"), *drv = event_arg_get(ev, "driver");
    if (d && d->is_str) {
        free(t->description);
        t->description = strdup(d->str);
    }
    if (drv && drv->is_str && driver && !*driver)
        *driver = strdup(drv->str);
}

/* One event line. 0, -1 (err set), -2 (the sink failed). */
static int take_event(trace_reader *rd, event *ev, unsigned long lineno, size_t *current, char **driver)
{
    size_t index;
    scenario_reading *s = scenario_named(rd, ev->scenario, &index);
    if (!s) {
        snprintf(rd->err, rd->errlen, "%s: out of memory", rd->path);
        return -2;
    }
    if (s->handed_on) {
        snprintf(rd->err, rd->errlen, "%s:%lu: an event of scenario %s after its end (line %lu): "
                 "a trace holds each scenario once", rd->path, lineno, ev->scenario, s->last_line);
        return -1;
    }
    if (*current != index && *current != SIZE_MAX && rd->scenarios[*current].reading.terminated &&
        !rd->scenarios[*current].handed_on) {
        int rc = hand_on(rd, *current);
        if (rc != 0)
            return rc;
        s = &rd->scenarios[index];
    }
    *current = index;
    outcome_reading_feed(&s->reading, ev);
    s->last_line = lineno;
    if (s->reading.events == 1 && !s->reading.begun) {
        char why[256];
        outcome_reading_whole(&s->reading, s->trace.name, why, sizeof why);
        snprintf(rd->err, rd->errlen, "%s:%lu: %s", rd->path, lineno, why);
        return -1;
    }
    if (ev->kind == EV_OP && strcmp(ev->name, "scenario_begin") == 0)
        read_begin(ev, &s->trace, driver);
    ev->index = s->fed++;
    if (rd->sink->on_event) {
        if (rd->sink->on_event(ev, index, rd->sink->ctx) != 0)
            return -2;
        /* only the latest stays: the one the sink's end is given */
        for (size_t i = 0; i < s->trace.events.count; i++)
            event_free(&s->trace.events.items[i]);
        s->trace.events.count = 0;
    }
    if (event_list_push(&s->trace.events, ev) != 0) {
        snprintf(rd->err, rd->errlen, "%s: out of memory", rd->path);
        return -2;
    }
    return 0;
}

int judge_stream_trace(const char *path, const trace_sink *sink, char **driver, char *err, size_t errlen)
{
    if (driver)
        *driver = NULL;
    err[0] = 0;
    char why[256];
    FILE *f = input_open_regular(path, why, sizeof why);
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, why);
        return -1;
    }
    trace_reader rd = { .path = path, .sink = sink, .err = err, .errlen = errlen };
    input_lines lines;
    input_lines_init(&lines, f);
    const char *line;
    size_t current = SIZE_MAX;
    ssize_t got;
    unsigned long lineno = 0;
    int rc = 0;
    while ((got = input_read_line(&lines, &line, TRACE_MAX_LINE)) >= 0) {
        lineno++;
        if (got <= 1)
            continue;
        event ev;
        if (event_from_json(line, &ev, why, sizeof(why)) != 0) {
            snprintf(err, errlen, "%s:%lu: not a trace event: %s", path, lineno, why);
            rc = -1;
            break;
        }
        rc = take_event(&rd, &ev, lineno, &current, driver);
        if (rc != 0) {
            event_free(&ev);
            break;
        }
    }
    if (rc == 0 && got == INPUT_LINE_TOO_LONG) {
        snprintf(err, errlen, "%s:%lu: a line longer than %u bytes: not a trace", path, lineno + 1, TRACE_MAX_LINE);
        rc = -1;
    }
    input_lines_free(&lines);
    fclose(f);
    if (rc == 0 && rd.count == 0) {
        snprintf(err, errlen, "%s: the trace holds no events", path);
        rc = -1;
    }
    /* The end of the file ends every scenario still open, in order of appearance. */
    for (size_t i = 0; rc == 0 && i < rd.count; i++)
        if (!rd.scenarios[i].handed_on)
            rc = hand_on(&rd, i);
    for (size_t i = 0; i < rd.count; i++)
        judged_trace_free(&rd.scenarios[i].trace);
    free(rd.scenarios);
    name_index_free(&rd.names);
    if (rc == -2 && !*err)
        snprintf(err, errlen, "%s: could not judge the trace", path);
    if (rc != 0 && driver) {
        free(*driver);
        *driver = NULL;
    }
    return rc;
}

/* ---- the whole trace in memory (merge) ---- */

typedef struct {
    judged_trace *traces;
    size_t n;
} trace_collection;

static int collect(judged_trace *t, size_t index, void *ctx)
{
    trace_collection *c = ctx;
    if (index >= c->n) {
        judged_trace *grown = realloc(c->traces, (index + 1) * sizeof *grown);
        if (!grown) {
            judged_trace_free(t);
            return -1;
        }
        memset(grown + c->n, 0, (index + 1 - c->n) * sizeof *grown);
        c->traces = grown;
        c->n = index + 1;
    }
    c->traces[index] = *t;
    return 0;
}

int judge_read_trace(const char *path, judged_trace **traces, size_t *n, char **driver, char *err, size_t errlen)
{
    trace_collection c = { 0 };
    trace_sink sink = { .on_whole = collect, .ctx = &c };
    int rc = judge_stream_trace(path, &sink, driver, err, errlen);
    if (rc != 0) {
        for (size_t i = 0; i < c.n; i++)
            judged_trace_free(&c.traces[i]);
        free(c.traces);
        c.traces = NULL;
        c.n = 0;
    }
    *traces = c.traces;
    *n = c.n;
    return rc ? -1 : 0;
}
