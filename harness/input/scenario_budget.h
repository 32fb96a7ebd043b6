/* What a scenario asks of the harness, checked when it is loaded and before
 * any host runs: a scenario the harness cannot play within its own limits
 * is the scenario's fault (exit 2 at the step), never a finding against the
 * driver (HOST-LIMIT, HOST-FLOOD). */
#ifndef MPC_SCENARIO_BUDGET_H
#define MPC_SCENARIO_BUDGET_H

#include <stddef.h>
#include "scenario.h"

/* Events the harness itself writes around a scenario's steps: scenario_begin,
 * DriverEntry's entry and return, scenario_end. */
#define SCENARIO_FIXED_EVENTS 4

/* The events the harness writes for one step when it runs, however the
 * driver behaves: the `step` event and the entry and return of each
 * callback NDIS makes for it. */
size_t scenario_step_events(step_op op);

/* 0 when sc fits: its waits add up to at most SCENARIO_MAX_WAIT_US and its
 * steps' events (scenario_step_events) stay under max_events. Else -1 with
 * err at the step that goes over: "file:line:col: what is allowed". */
int scenario_check_budget(const scenario *sc, size_t max_events, yerror *err);

#endif
