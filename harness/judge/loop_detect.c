/* See loop_detect.h.  Each event is reduced to a signature of everything
 * but its time and index: kind, name, adapter, callback stack depth,
 * state, IRQL, status, arguments and the miniport frame that made the call.
 * Equal signatures one period apart, `window` times in a row, are a loop. */
#include "loop_detect.h"

#include <stdint.h>
#include <string.h>
#include <xxhash.h>

/* Arguments past this many do not tell two calls apart (a DDI has a few). */
#define LOOP_SIGNATURE_ARGS 16

/* The fields packed in one buffer, hashed once with XXH3 (libxxhash); a
 * string by its address: the judge's events hold atoms (event.h), one copy
 * per distinct string, so equal strings have equal addresses. The
 * signature is compared within one run only, never stored. */
static uint64_t signature(const event *ev)
{
    uint64_t words[8 + 2 * LOOP_SIGNATURE_ARGS];
    size_t n = 0;
    words[n++] = (uint64_t)ev->kind | (uint64_t)(uint32_t)ev->adapter << 32;
    words[n++] = (uint64_t)(uintptr_t)ev->name;
    words[n++] = (uint64_t)ev->stack_depth;
    words[n++] = (uint64_t)(uintptr_t)ev->state;
    words[n++] = (uint64_t)(uint32_t)ev->irql | (uint64_t)(ev->has_status != 0) << 32;
    words[n++] = (uint64_t)ev->status;
    words[n++] = ev->bt.count ? ev->bt.frames[0].pc : 0;
    words[n++] = ev->nargs;
    for (size_t i = 0; i < ev->nargs && i < LOOP_SIGNATURE_ARGS; i++) {
        words[n++] = (uint64_t)(uintptr_t)ev->args[i].key;
        words[n++] = ev->args[i].is_str ? (uint64_t)(uintptr_t)ev->args[i].str ^ 1 : (uint64_t)ev->args[i].num;
    }
    return XXH3_64bits(words, n * sizeof words[0]);
}

void loop_detector_init(loop_detector *d, size_t window)
{
    memset(d, 0, sizeof *d);
    d->window = window ? window : LOOP_DEFAULT_EVENTS;
}

static void level_reset(loop_level *l)
{
    l->from = l->next;
}

unsigned loop_detector_feed(loop_detector *d, const event *ev)
{
    /* Back in the host (an operation of its own): whatever repeated was the
     * host's doing, and it ended. */
    if (ev->stack_depth == 0) {
        for (size_t i = 0; i < LOOP_MAX_DEPTH; i++)
            level_reset(&d->level[i]);
        return 0;
    }
    size_t depth = ev->stack_depth < LOOP_MAX_DEPTH ? ev->stack_depth : LOOP_MAX_DEPTH;
    /* A callback entered or returning begins or ends an invocation at its
     * depth; neither is a call its caller made. */
    if (ev->kind == EV_ENTER || ev->kind == EV_RETURN) {
        for (size_t i = depth - 1; i < LOOP_MAX_DEPTH; i++)
            level_reset(&d->level[i]);
        return 0;
    }
    loop_level *l = &d->level[depth - 1];
    uint64_t sig = signature(ev), i = l->next;
    uint64_t span = i - l->from < LOOP_MAX_PERIOD ? i - l->from : LOOP_MAX_PERIOD;
    unsigned found = 0;
    if (!l->present[(uint8_t)sig])
        span = 0;  /* not in the ring: it matches no period */
    for (uint64_t p = 1; p <= span; p++) {
        if (l->recent[(i - p) % LOOP_MAX_PERIOD] != sig)
            continue;
        /* a run goes on when the event before this one matched too (it is
         * of this invocation: i - p >= from) */
        l->run[p] = l->matched[p] == i ? l->run[p] + 1 : 1;
        l->matched[p] = i + 1;
        if (!found && l->run[p] >= d->window)
            found = (unsigned)p;
    }
    if (i >= LOOP_MAX_PERIOD)  /* the signature leaving the ring */
        l->present[(uint8_t)l->recent[i % LOOP_MAX_PERIOD]]--;
    l->recent[i % LOOP_MAX_PERIOD] = sig;
    l->present[(uint8_t)sig]++;
    l->next = i + 1;
    return found;
}
