/* When the judge must next look at a host that sends nothing: the deadlines
 * of isolation.h (--timeout, --wall-timeout, the grace after a stop) as
 * instants, and the poll timeout that wakes the judge at the nearest one.
 * The judge otherwise sleeps until a host writes or exits: no fixed tick. */
#ifndef MPC_HOST_DEADLINE_H
#define MPC_HOST_DEADLINE_H

#include <stdint.h>

/* What the judge knows of one running host's clocks, in monotonic ms. */
typedef struct {
    uint64_t started_us;        /* the wall deadline runs from here (µs, as the JUnit times) */
    uint64_t last_progress_ms;  /* the last time it sent something */
    uint64_t stopped_at_ms;     /* when the judge stopped it; meaningful when stopped */
    int stopped;                /* the judge already asked it to stop */
} host_clocks;

/* Sentinel: no deadline. */
#define DEADLINE_NONE UINT64_MAX

typedef enum {
    DEADLINE_NOT_YET,
    DEADLINE_QUIET,      /* no event for timeout_ms */
    DEADLINE_WALL,       /* still running wall_timeout_ms after its start */
    DEADLINE_GRACE_OVER  /* stopped grace_ms ago and still not gone */
} deadline_kind;

/* The instant (ms) after which the host's nearest deadline has passed: the
 * host is due when now > that instant. DEADLINE_NONE when it has none.
 * wall_timeout_ms 0: no wall deadline. */
uint64_t host_deadline_next(const host_clocks *c, unsigned timeout_ms, unsigned wall_timeout_ms, unsigned grace_ms);

/* Which deadline has passed at now (the wall one first). */
deadline_kind host_deadline_due(const host_clocks *c, unsigned timeout_ms, unsigned wall_timeout_ms,
                                unsigned grace_ms, uint64_t now_ms);

/* The poll(2) timeout that wakes at the nearest of n deadlines (the
 * instants of host_deadline_next): -1 when none, 0 when one has passed. */
int host_deadline_poll_timeout(const uint64_t *deadlines, unsigned n, uint64_t now_ms);

#endif
