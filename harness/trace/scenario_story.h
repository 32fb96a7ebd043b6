/* What a scenario did to the adapter, for reports people read: the state
 * transitions it took and the life of every resource the miniport held.
 * The judge fills it from the trace (transitions) and from the ledger the
 * analyses rebuilt (resources); the reports only draw it. */
#ifndef MPC_SCENARIO_STORY_H
#define MPC_SCENARIO_STORY_H

#include <stddef.h>
#include <stdint.h>
#include "event.h"

typedef struct {
    char *from, *to;          /* adapter state names */
    int adapter;
    uint64_t event_index;
    int failed;               /* the operation failed: Initializing -> Halted, Restarting -> Paused */
} state_step;

typedef struct {
    const char *kind;         /* "timer", "memory", ... (resource table); an atom */
    const char *alloc_ddi;    /* an atom */
    const char *free_ddi;     /* an atom; NULL while held */
    uint64_t handle;
    int adapter;
    uint64_t alloc_index;     /* trace index of the allocation */
    uint64_t free_index;      /* trace index of the release (when freed) */
    int leaked;               /* still held at the end of the scenario */
    int out_of_order;         /* released in Halt in the wrong order (a release-order rule fired on it) */
} resource_span;

typedef struct {
    state_step *steps;
    size_t nsteps;
    resource_span *spans;
    size_t nspans, capspans;
} scenario_story;

/* Appends ev when it is a `transition` op. 0, or -1 out of memory. */
int story_add_transition(scenario_story *story, const event *ev);
/* Appends one resource (its strings made atoms). 0, or -1 out of memory. */
int story_add_span(scenario_story *story, const resource_span *span);
void scenario_story_free(scenario_story *story);

#endif
