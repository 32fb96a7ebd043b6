/* Findings grouped by cause: the same rule at the same driver location
 * (violation_fingerprint) in any number of scenarios is one finding, shown
 * once with the scenarios it occurred in.  Every writer groups the same way. */
#ifndef MPC_FINDING_GROUPS_H
#define MPC_FINDING_GROUPS_H

#include "report.h"

typedef struct {
    const violation *first;    /* the first occurrence, in scenario order: what is shown in full */
    size_t first_scenario;     /* its scenario's index in the run */
    char fingerprint[64];
    size_t occurrences;
    size_t *scenarios;         /* indexes of the scenarios it occurred in, in run order, each once */
    size_t nscenarios;
} finding_group;

typedef struct {
    finding_group *items;      /* by severity (errors first), then by first occurrence */
    size_t count;
} finding_groups;

/* 0, or -1 out of memory (g is then empty). */
int finding_groups_build(const run_result *r, finding_groups *g);
void finding_groups_free(finding_groups *g);

/* Policy state of the group: the same rule at the same place is suppressed
 * or baselined as a whole (suppressions and baselines match by that key). */
int finding_group_active(const finding_group *fg);

/* Groups and occurrences per severity that count for the verdict, plus the
 * groups that are suppressed or in the baseline. */
typedef struct {
    size_t groups[3], occurrences[3];
    size_t suppressed, baselined;
} finding_counts;
void finding_groups_count(const finding_groups *g, finding_counts *c);

/* "a", "a and b", "a, b and c", "a, b and 27 more": the scenarios of a group. */
void finding_group_put_scenarios(FILE *out, const run_result *r, const finding_group *fg);

#endif
