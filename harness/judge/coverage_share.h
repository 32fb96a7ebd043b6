/* One trace's part of the coverage matrix, counted apart from the others,
 * so that a live run can count each trace when its host ends, in whatever
 * order the hosts end, and add the parts up in trace order at the end. The
 * order matters: a value the plan does not list joins the matrix where it
 * first appears (coverage.h). */
#ifndef MPC_COVERAGE_SHARE_H
#define MPC_COVERAGE_SHARE_H

#include "coverage.h"

typedef struct {
    unsigned *counts;           /* of the plan's own items, in plan order */
    size_t nloaded;
    coverage_item *unexpected;  /* the values it added, in order of first appearance */
    size_t nunexpected;
} coverage_share;

/* Counts trace into work, reset first (coverage_reset), and keeps what it
 * counted. 0, or -1 (out of memory). */
int coverage_share_count(coverage_plan *work, const event_list *trace, coverage_share *out);
void coverage_share_free(coverage_share *s);

/* The matrix of plan (never counted into) with the shares added in order,
 * the same as counting their traces into plan one after the other. */
int coverage_share_sum(const coverage_plan *plan, const coverage_share *const *shares, size_t n,
                       coverage_item **items, size_t *count);

#endif
