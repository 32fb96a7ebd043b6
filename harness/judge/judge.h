/* The judge: turns scenario traces into findings, and keeps traces on
 * disk (trace.jsonl) so that `mpconform check` can judge them again. */
#ifndef MPC_JUDGE_H
#define MPC_JUDGE_H

#include "../trace/event.h"
#include "../report/report.h"
#include "../rules/rules.h"

typedef struct {
    char *name;
    char *description;
    scenario_outcome outcome;
    event_list events;
    uint64_t wall_us;     /* the host's wall time; 0 when not measured (read back from a file) */
} judged_trace;

/* Names of fault-injection sweep runs contain this (after the scenario's name). */
#define JUDGE_SWEEP_MARK " [inject #"
/* Names of the runs of an `inject: {allocation: each}` scenario contain this. */
#define JUDGE_ALLOCATION_MARK " [allocation #"

struct coverage_plan;
/* Judges every trace into r (scenarios, coverage). Traces from sweep_from on
 * are sweep runs: they do not count for coverage, and a finding they repeat
 * at the same place is reported once. 0, -1 on internal error, -2 when a
 * rule's pattern could not be decided (ruleset_evaluate: an input error). */
int judge_traces(const ruleset *rs, const judged_trace *traces, size_t n, size_t sweep_from,
                 struct coverage_plan *plan, run_result *r);
/* What judge_traces concludes once every scenario is in r->scenarios (in
 * trace order), the coverage matrix counted elsewhere (taken). 0, or -1. */
int judge_conclude(run_result *r, size_t sweep_from, coverage_item *coverage, size_t ncoverage);
/* The first sweep run in a recorded trace, or n. */
size_t judge_sweep_start(const judged_trace *traces, size_t n);

/* Writes every trace, in order, as JSON lines (atomically). */
int judge_write_trace(const char *path, const judged_trace *traces, size_t n, char *err, size_t errlen);
/* Reads a trace.jsonl back, one judged_trace per scenario in order of
 * appearance. -1 with "path:line: problem" in err. */
int judge_read_trace(const char *path, judged_trace **traces, size_t *n, char **driver, char *err, size_t errlen);

/* What a streamed trace is handed to (trace_stream.c). on_begin (may be
 * NULL) learns each scenario's name and number (order of first appearance)
 * when its first line is read; on_whole gets each scenario once it is whole
 * (outcome settled, outcome.h), takes its contents, and returns 0 or -1. */
typedef struct {
    int (*on_begin)(const char *name, size_t index, void *ctx);
    int (*on_whole)(judged_trace *trace, size_t index, void *ctx);
    void *ctx;
    /* When set, each event goes here as it is read (0, or -1: the sink
     * failed) and is then dropped: the trace on_whole gets holds the
     * scenario's last event alone (its events' count is 1). */
    int (*on_event)(const event *ev, size_t index, void *ctx);
} trace_sink;

/* Reads path line by line, handing each scenario on as soon as it is
 * whole; memory holds the scenarios open at once, not the whole trace.
 * 0; -1 when the file is not a whole trace ("path:line: problem" in err);
 * -2 when the sink failed. *driver (may be NULL): the driver it ran. */
int judge_stream_trace(const char *path, const trace_sink *sink, char **driver, char *err, size_t errlen);

/* `mpconform check`: judges the trace at path as it streams, into r (its
 * scenarios in order of appearance, coverage, the run-level summaries), in
 * the memory of its largest scenarios. Each scenario's story (drawn only by
 * the HTML report) is kept when keep_story. 0; -1 bad trace; -2 internal
 * error. */
int judge_trace_file(const ruleset *rs, const char *path, struct coverage_plan *plan, int keep_story,
                     run_result *r, char **driver, char *err, size_t errlen);
void judged_trace_free(judged_trace *t);

#endif
