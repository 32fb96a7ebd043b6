/* The judge of a live run (`mpconform run`): each event is judged as soon
 * as nothing can change it any more (isolation.h holds back the tail an
 * outcome may edit) and then dropped: its rules, intent, coverage, the
 * allocation points a later round injects at, whether a fault was
 * injected, and its JSON line, which joins the run's one spool file in
 * blocks (hosts run side by side, so a slot remembers where its blocks
 * went). When the host ends, the tail is judged and the scenario's result
 * is kept. So memory follows the resources held and the instances open,
 * not the events. At the end the results are put in trace order, which is
 * the order of the jobs, not the order the hosts ended in, and trace.jsonl
 * is assembled from the spool's blocks in that order; when the spool
 * already holds exactly that (one host at a time, nothing left out), the
 * spool itself becomes trace.jsonl and nothing is copied. */
#ifndef MPC_LIVE_JUDGE_H
#define MPC_LIVE_JUDGE_H

#include "judge.h"
#include "coverage_share.h"
#include "inject_sweep.h"
#include "../trace/event_json.h"

#include <stdint.h>

/* What a run still needs from one trace. */
typedef struct {
    const char *name;       /* the trace's name for it (a sweep run's carries JUDGE_SWEEP_MARK) */
    int injected_run;       /* a sweep or allocation-point run: kept only when it injected a fault */
    int counts_coverage;    /* not a sweep run: coverage is what the driver showed unprovoked */
    int sweep_points;       /* collect its allocation points in Initialize and Restart */
    const char *within;     /* collect its allocation points in this callback (inject: {allocation: each}) */
    size_t scenario;        /* its scenario's index in the suite (the points') */
} live_needs;

/* A run of bytes of the spool: some of one slot's lines. */
typedef struct {
    uint64_t off, len;
} spool_block;

typedef struct {
    int taken;                   /* its host ended and it was taken */
    int injected;                /* it holds a fault_injected op */
    scenario_result *result;     /* judged; NULL when not (an injected run that injected nothing) */
    int judge_rc;                /* judge_scenario's answer */
    coverage_share coverage;
    int counted;                 /* coverage holds its share */
    spool_block *blocks;         /* where its lines are in the run's spool, in order */
    size_t nblocks;
    sweep_point *points;         /* sweep_points: in Initialize and Restart */
    size_t npoints;
    sweep_point *within_points;  /* within: in that callback */
    size_t nwithin_points;
    /* while its host runs */
    struct scenario_judge *judge;
    json_text lines;             /* its lines not in the spool yet */
    size_t fed;                  /* events judged */
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
/* Judges one event of slot's trace (the first opens the slot), then the
 * caller may drop it. A failure sets lj->failed. */
void live_judge_feed(live_judge *lj, size_t slot, const event *ev, const live_needs *needs);
/* The host ended: judges the rest of its trace, t's events (their
 * indexes follow the events fed), and takes the scenario into slot: what
 * needs asks for, its judgement, its lines in the spool. t is freed. A
 * failure sets lj->failed. */
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
