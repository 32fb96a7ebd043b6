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
/* Counts what one scenario's trace exercised. */
void coverage_count(coverage_plan *plan, const event_list *trace);
/* Copies the matrix into the run result (items in plan order). */
int coverage_export(const coverage_plan *plan, coverage_item **items, size_t *count);

#endif
