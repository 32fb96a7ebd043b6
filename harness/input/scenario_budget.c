/* See scenario_budget.h. */
#include "scenario_budget.h"

#include <stdio.h>

size_t scenario_step_events(step_op op)
{
    switch (op) {
    case STEP_WAIT:
    case STEP_RETURN_RECEIVES:
        return 1;                 /* NDIS calls nothing by itself */
    case STEP_RESET_TWICE:
        return 1 + 2 * 2;         /* two resets */
    default:
        return 1 + 2;             /* one callback */
    }
}

int scenario_check_budget(const scenario *sc, size_t max_events, yerror *err)
{
    unsigned long long events = SCENARIO_FIXED_EVENTS, waited = 0;
    const char *file = sc->file ? sc->file : "?";
    for (size_t i = 0; i < sc->nsteps; i++) {
        const step *s = &sc->steps[i];
        events += scenario_step_events(s->op);
        if (s->op == STEP_WAIT)
            waited += (unsigned long long)s->value;   /* each at most SCENARIO_MAX_WAIT_US: no overflow */
        if (waited > SCENARIO_MAX_WAIT_US) {
            snprintf(err->text, sizeof err->text,
                     "%s:%d:%d: expected waits that add up to at most %llus of virtual time in one scenario; "
                     "by this step they add up to %lluus: split the scenario",
                     file, s->line, s->column, SCENARIO_MAX_WAIT_US / 1000000, waited);
            return -1;
        }
        if (events > max_events) {
            snprintf(err->text, sizeof err->text,
                     "%s:%d:%d: expected a scenario that fits in %zu events (--max-events); by this step the "
                     "harness alone writes %llu (a step event, and the entry and return of each callback NDIS "
                     "makes): split the scenario or raise --max-events",
                     file, s->line, s->column, max_events, events);
            return -1;
        }
    }
    return 0;
}
