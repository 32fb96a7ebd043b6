/* Judging one scenario as its events come: the rules (rules.h,
 * ruleset_run_*), its intent (intent.h), its share of coverage
 * (coverage_share.h) and the story the HTML report draws, each fed the
 * event in turn, so that whoever feeds may drop each event once it is fed.
 * What it holds follows the resources held and the instances open, not the
 * events fed (see docs/decisions-judge.md). */
#ifndef MPC_SCENARIO_JUDGE_H
#define MPC_SCENARIO_JUDGE_H

#include "judge.h"
#include "coverage_share.h"

typedef struct scenario_judge scenario_judge;

/* name: the scenario's in the trace (a sweep run's carries JUDGE_SWEEP_MARK,
 * and its expectations are not judged); coverage: the plan its share is
 * counted against, NULL for none; keep_story: collect what the HTML report
 * draws. NULL out of memory. */
scenario_judge *scenario_judge_begin(const ruleset *rs, const char *name, const coverage_plan *coverage,
                                     int keep_story);
/* 0; -1 internal error, -2 a rule's pattern could not be decided
 * (ruleset_evaluate). A judge that failed stays failed and ignores the rest. */
int scenario_judge_feed(scenario_judge *sj, const event *ev);
/* Fills out (findings symbolized and sorted, intent, story): about gives the name, description,
 * outcome and wall time (its events are not read); last is the scenario's
 * last event, still held by the caller (NULL: none). The share counted,
 * when a plan was given, goes to *share (zeroed otherwise). Frees sj;
 * answers as scenario_judge_feed. */
int scenario_judge_end(scenario_judge *sj, const judged_trace *about, const event *last, scenario_result *out,
                       coverage_share *share);
void scenario_judge_free(scenario_judge *sj);

#endif
