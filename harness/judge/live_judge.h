/* The judge of a live run (`mpconform run`): each host's trace is judged
 * as soon as its host ends, what later rounds need is taken from it (the
 * allocation points to inject, whether a fault was injected), its JSON
 * lines go to a spool, and its events are dropped. So a run holds the
 * events of the scenarios still running, not of the whole run; within one
 * scenario every event is still held until it ends (judge_scenario judges
 * a whole scenario). At the end the results are put in trace order, which
 * is the order of the jobs, not the order the hosts ended in, and
 * trace.jsonl is assembled from the spool in that order. */
#ifndef MPC_LIVE_JUDGE_H
#define MPC_LIVE_JUDGE_H

#include "judge.h"
#include "coverage_share.h"
#include "inject_sweep.h"

#include <stdint.h>

/* What a run still needs from one trace. */
typedef struct {
    int injected_run;       /* a sweep or allocation-point run: kept only when it injected a fault */
    int counts_coverage;    /* not a sweep run: coverage is what the driver showed unprovoked */
    int sweep_points;       /* collect its allocation points in Initialize and Restart */
    const char *within;     /* collect its allocation points in this callback (inject: {allocation: each}) */
    size_t scenario;        /* its scenario's index in the suite (the points') */
} live_needs;

typedef struct {
    int taken;                   /* its host ended and it was taken */
    int injected;                /* it holds a fault_injected op */
    scenario_result *result;     /* judged; NULL when not (an injected run that injected nothing) */
    int judge_rc;                /* judge_scenario's answer */
    coverage_share coverage;
    int counted;                 /* coverage holds its share */
    uint64_t spool_off, spool_len;
    sweep_point *points;         /* sweep_points: in Initialize and Restart */
    size_t npoints;
    sweep_point *within_points;  /* within: in that callback */
    size_t nwithin_points;
} live_slot;

typedef struct {
    const ruleset *rs;
    const coverage_plan *plan;   /* loaded, never counted into: the matrix's own items */
    int keep_story;              /* the HTML report draws it */
    int spool_fd;                /* the traces' JSON lines, unnamed; -1: no trace.jsonl to write */
    uint64_t spool_size;
    live_slot *slots;
    size_t nslots;
    int failed;                  /* out of memory */
    int spool_errno;             /* the spool could not be written (a full disk): trace.jsonl cannot be */
} live_judge;

/* spool_dir: where trace.jsonl will be written (the spool is made there,
 * unnamed, so that nothing is left behind), or NULL. 0, or -1 with err. */
int live_judge_init(live_judge *lj, const ruleset *rs, const coverage_plan *plan, int keep_story,
                    const char *spool_dir, char *err, size_t errlen);
/* n more slots, empty; *first is the index of the first. 0, or -1. */
int live_judge_add_slots(live_judge *lj, size_t n, size_t *first);
/* Takes trace t (freed) into slot: what needs asks for, its judgement, its
 * lines in the spool. A failure sets lj->failed. */
void live_judge_take(live_judge *lj, size_t slot, judged_trace *t, const live_needs *needs);
/* Moves the results of the slots in order (trace order) into r, adds up
 * their coverage (the slots before sweep_from) and concludes. The other
 * slots' results are dropped. 0; -1 internal error; -2 a rule's pattern
 * could not be decided (judge_traces). */
int live_judge_conclude(live_judge *lj, const size_t *order, size_t n, size_t sweep_from, run_result *r);
/* Writes the slots' lines, in order, to path, atomically. 0, or -1 with err. */
int live_judge_write_trace(live_judge *lj, const size_t *order, size_t n, const char *path, char *err,
                           size_t errlen);
void live_judge_free(live_judge *lj);

#endif
