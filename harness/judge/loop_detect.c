/* See loop_detect.h.  Each event is reduced to a signature of everything
 * but its time and index: kind, name, adapter, callback stack depth,
 * state, IRQL, status, arguments and the miniport frame that made the call.
 * Equal signatures one period apart, `window` times in a row, are a loop. */
#include "loop_detect.h"

#include <string.h>
#include <xxhash.h>

/* Each field hashed with XXH3 (libxxhash) seeded by what came before:
 * the signature is compared within one run only, never stored. */
static uint64_t mix(uint64_t h, const void *data, size_t len)
{
    return XXH3_64bits_withSeed(data, len, h);
}

static uint64_t mix_str(uint64_t h, const char *s)
{
    return s ? mix(h, s, strlen(s) + 1) : mix(h, "", 1);
}

static uint64_t signature(const event *ev)
{
    uint64_t h = 1469598103934665603ULL;
    int kind = (int)ev->kind;
    h = mix(h, &kind, sizeof kind);
    h = mix_str(h, ev->name);
    h = mix(h, &ev->adapter, sizeof ev->adapter);
    h = mix(h, &ev->stack_depth, sizeof ev->stack_depth);
    h = mix_str(h, ev->state);
    h = mix(h, &ev->irql, sizeof ev->irql);
    h = mix(h, &ev->has_status, sizeof ev->has_status);
    h = mix(h, &ev->status, sizeof ev->status);
    for (size_t i = 0; i < ev->nargs; i++) {
        h = mix_str(h, ev->args[i].key);
        h = ev->args[i].is_str ? mix_str(h, ev->args[i].str) : mix(h, &ev->args[i].num, sizeof ev->args[i].num);
    }
    if (ev->bt.count)
        h = mix(h, &ev->bt.frames[0].pc, sizeof ev->bt.frames[0].pc);
    return h;
}

void loop_detector_init(loop_detector *d, size_t window)
{
    memset(d, 0, sizeof *d);
    d->window = window ? window : LOOP_DEFAULT_EVENTS;
}

static void level_reset(loop_level *l)
{
    l->seen = 0;
    memset(l->run, 0, sizeof l->run);
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
    uint64_t sig = signature(ev);
    unsigned found = 0;
    for (size_t p = 1; p <= LOOP_MAX_PERIOD; p++) {
        int same = l->seen >= p && l->recent[(l->seen - p) % LOOP_MAX_PERIOD] == sig;
        l->run[p] = same ? l->run[p] + 1 : 0;
        if (!found && l->run[p] >= d->window)
            found = (unsigned)p;
    }
    l->recent[l->seen % LOOP_MAX_PERIOD] = sig;
    l->seen++;
    return found;
}
