/* Did each scenario do what it was written for?  From the trace alone (so
 * `mpconform check` judges a saved trace the same way): the scenario's
 * expects: (op `expect`), its inject: plan, the steps NDIS skipped and the
 * teardown it could not do.  Then the run's honest verdict: what no
 * scenario proved for this driver. */
#ifndef MPC_INTENT_H
#define MPC_INTENT_H

#include "../trace/event.h"
#include "../report/report.h"

/* One scenario's intent, fed event by event (the judge drops each event
 * once judged): begin (NULL out of memory); feed every event (0, or -1 out
 * of memory: free the feed); end with the scenario's last event (held by
 * the caller; NULL for none), which fills out->exercised,
 * out->not_exercised and out->skipped, makes a completed scenario with an
 * expectation unmet SCENARIO_NOT_EXERCISED, frees the feed, and answers 0,
 * or -1 when memory runs out. sweep: a fault-injection sweep run, whose
 * expectations are not judged (the injected failure is its purpose). */
typedef struct intent_feed intent_feed;
intent_feed *intent_begin(int sweep);
int intent_feed_event(intent_feed *f, const event *ev);
int intent_end(intent_feed *f, const event *last, scenario_result *out);
void intent_free(intent_feed *f);

/* r->unproven from the first n scenario results: each expectation no
 * scenario met (once, with the first scenario's reason), every skipped step
 * or teardown, every scenario that ended early. 0, or -1. */
int intent_summarize(run_result *r, size_t n);

#endif
