/* The runaway-loop detector of the judge: a loop that makes no progress is
 * the same calls, from the same place, with the same arguments, over and
 * over inside one callback invocation.  A large but finite amount of work
 * (30,000 allocations, each a new handle) is not one, nor is the host
 * calling the miniport again and again (timers while it waits): the host
 * ends those itself. */
#ifndef MPC_LOOP_DETECT_H
#define MPC_LOOP_DETECT_H

#include <stddef.h>
#include <stdint.h>
#include "../trace/event.h"

/* Longest cycle recognised: a loop body of up to this many NDIS calls. */
#define LOOP_MAX_PERIOD 64
/* Repeated events that make a loop (--loop-events). */
#define LOOP_DEFAULT_EVENTS 10000

/* Callback nesting tracked apart; deeper invocations share the last level. */
#define LOOP_MAX_DEPTH 8

/* The repetition seen inside one callback invocation. Events are numbered
 * for the life of the level; a new invocation only moves `from`, and a
 * period's run is kept for the periods that matched, so an event costs a
 * scan of the ring and nothing per period that did not match. */
typedef struct {
    uint64_t recent[LOOP_MAX_PERIOD];      /* signatures of the last events, a ring by number */
    uint64_t next;                         /* the number of the next event */
    uint64_t from;                         /* the first event of this invocation */
    uint64_t matched[LOOP_MAX_PERIOD + 1]; /* matched[p]: 1 + the last event equal to the one p before it */
    uint64_t run[LOOP_MAX_PERIOD + 1];     /* run[p]: consecutive such events up to matched[p] */
    /* How many signatures in the ring end in each byte value: none, and
     * the event repeats nothing the ring holds, which spares the scan
     * (most calls of a working driver are new). */
    uint8_t present[256];
} loop_level;

typedef struct {
    size_t window;                         /* repeated events that make a loop */
    /* level[d - 1]: the invocation running at nesting depth d. A callback
     * NDIS runs inside a driver's call (a timer while the driver sleeps or
     * waits) is an invocation of its own: the harness running it many times
     * is not the waiting driver repeating itself. */
    loop_level level[LOOP_MAX_DEPTH];
} loop_detector;

void loop_detector_init(loop_detector *d, size_t window);
/* Feeds the next event of a scenario.  Returns the loop's period (1 ..
 * LOOP_MAX_PERIOD) once `window` consecutive events each repeated the event
 * one period before it, within one callback invocation (the calls it made
 * itself, not those of callbacks nested in it); else 0. */
unsigned loop_detector_feed(loop_detector *d, const event *ev);

#endif
