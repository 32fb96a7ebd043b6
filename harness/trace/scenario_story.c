/* Collecting a scenario's story: transitions from the trace, resources as
 * the judge's ledger saw them (analysis.c hands them over). */
#include "scenario_story.h"

#include <stdlib.h>
#include <string.h>

/* NDIS's two ways back: an Initialize or a Restart that failed. */
static int failed_transition(const char *from, const char *to)
{
    return (strcmp(from, "Initializing") == 0 && strcmp(to, "Halted") == 0) ||
           (strcmp(from, "Restarting") == 0 && strcmp(to, "Paused") == 0);
}

int story_add_transition(scenario_story *story, const event *ev)
{
    if (ev->kind != EV_OP || !ev->name || strcmp(ev->name, "transition") != 0)
        return 0;
    const event_arg *from = event_arg_get(ev, "from"), *to = event_arg_get(ev, "to");
    if (!from || !to || !from->is_str || !to->is_str)
        return 0;
    state_step *grown = realloc(story->steps, (story->nsteps + 1) * sizeof *grown);
    if (!grown)
        return -1;
    story->steps = grown;
    state_step *s = &grown[story->nsteps];
    s->from = strdup(from->str);
    s->to = strdup(to->str);
    s->adapter = ev->adapter;
    s->event_index = ev->index;
    s->failed = failed_transition(from->str, to->str);
    story->nsteps++;
    return s->from && s->to ? 0 : -1;
}

int story_add_span(scenario_story *story, const resource_span *span)
{
    if (story->nspans == story->capspans) {
        size_t cap = story->capspans ? story->capspans * 2 : 16;
        resource_span *grown = realloc(story->spans, cap * sizeof *grown);
        if (!grown)
            return -1;
        story->spans = grown;
        story->capspans = cap;
    }
    resource_span *s = &story->spans[story->nspans];
    *s = *span;
    s->kind = atom(span->kind ? span->kind : "?");
    s->alloc_ddi = atom(span->alloc_ddi ? span->alloc_ddi : "?");
    s->free_ddi = span->free_ddi ? atom(span->free_ddi) : NULL;
    if (!s->kind || !s->alloc_ddi || (span->free_ddi && !s->free_ddi))
        return -1;
    story->nspans++;
    return 0;
}

void scenario_story_free(scenario_story *story)
{
    for (size_t i = 0; i < story->nsteps; i++) {
        free(story->steps[i].from);
        free(story->steps[i].to);
    }
    free(story->steps);
    free(story->spans);
    memset(story, 0, sizeof *story);
}
