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

/* One trace's share, counted against plan (never counted into) one event
 * at a time, for a judge that drops each event once judged (coverage.c).
 * Several traces may be counted at once, each into its own feed.
 * begin: NULL out of memory; event: 0, or -1 (out of memory: free the
 * feed); end: the share (the feed is gone). */
typedef struct coverage_feed coverage_feed;
coverage_feed *coverage_feed_begin(const coverage_plan *plan);
int coverage_feed_event(coverage_feed *f, const event *ev);
void coverage_feed_end(coverage_feed *f, coverage_share *out);
void coverage_feed_free(coverage_feed *f);
void coverage_share_free(coverage_share *s);

/* The matrix of plan with the shares added in order (coverage_share_add). */
int coverage_share_sum(const coverage_plan *plan, const coverage_share *const *shares, size_t n,
                       coverage_item **items, size_t *count);
/* Adds one share to a matrix (coverage_export's, the plan's own items
 * first), as the next in order. 0, or -1 out of memory. */
int coverage_share_add(coverage_item **items, size_t *count, const coverage_share *sh);

#endif
