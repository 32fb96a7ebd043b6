/* The coverage matrix: which documented transitions, callback returns,
 * callback arguments and DDI answers a run exercised (fixtures/coverage.yaml). */
#ifndef MPC_COVERAGE_H
#define MPC_COVERAGE_H

#include "../trace/event.h"
#include "../input/yamldoc.h"
#include "../report/report.h"

typedef struct coverage_plan coverage_plan;

coverage_plan *coverage_load(const char *path, yerror *err);
void coverage_free(coverage_plan *plan);
/* The plan's items in plan order, every count zero: the matrix the
 * traces' shares are added to (coverage_share.h). */
int coverage_export(const coverage_plan *plan, coverage_item **items, size_t *count);

#endif
