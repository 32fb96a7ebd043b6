/* Did each scenario do what it was written for?  From the trace alone (so
 * `mpconform check` judges a saved trace the same way): the scenario's
 * expects: (op `expect`), its inject: plan, the steps NDIS skipped and the
 * teardown it could not do.  Then the run's honest verdict: what no
 * scenario proved for this driver. */
#ifndef MPC_INTENT_H
#define MPC_INTENT_H

#include "../trace/event.h"
#include "../report/report.h"

/* Fills out->exercised, out->not_exercised and out->skipped; a completed
 * scenario with an expectation unmet becomes SCENARIO_NOT_EXERCISED.
 * sweep: a fault-injection sweep run, whose expectations are not judged
 * (the injected failure is its purpose). 0, or -1 when memory runs out. */
int intent_judge(const event_list *trace, int sweep, scenario_result *out);

/* r->unproven from the first n scenario results: each expectation no
 * scenario met (once, with the first scenario's reason), every skipped step
 * or teardown, every scenario that ended early. 0, or -1. */
int intent_summarize(run_result *r, size_t n);

#endif
