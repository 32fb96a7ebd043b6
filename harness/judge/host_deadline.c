/* See host_deadline.h. */
#include "host_deadline.h"

#include <limits.h>

static uint64_t wall_deadline(const host_clocks *c, unsigned wall_timeout_ms)
{
    /* now_ms * 1000 > started_us + wall * 1000  <=>  now_ms > floor(that / 1000) */
    return wall_timeout_ms ? (c->started_us + (uint64_t)wall_timeout_ms * 1000) / 1000 : DEADLINE_NONE;
}

uint64_t host_deadline_next(const host_clocks *c, unsigned timeout_ms, unsigned wall_timeout_ms, unsigned grace_ms)
{
    if (c->stopped)
        return c->stopped_at_ms + grace_ms;
    uint64_t quiet = c->last_progress_ms + timeout_ms, wall = wall_deadline(c, wall_timeout_ms);
    return quiet < wall ? quiet : wall;
}

deadline_kind host_deadline_due(const host_clocks *c, unsigned timeout_ms, unsigned wall_timeout_ms,
                                unsigned grace_ms, uint64_t now_ms)
{
    if (c->stopped)
        return now_ms > c->stopped_at_ms + grace_ms ? DEADLINE_GRACE_OVER : DEADLINE_NOT_YET;
    uint64_t wall = wall_deadline(c, wall_timeout_ms);
    if (wall != DEADLINE_NONE && now_ms > wall)
        return DEADLINE_WALL;
    if (now_ms > c->last_progress_ms + timeout_ms)
        return DEADLINE_QUIET;
    return DEADLINE_NOT_YET;
}

int host_deadline_poll_timeout(const uint64_t *deadlines, unsigned n, uint64_t now_ms)
{
    uint64_t nearest = DEADLINE_NONE;
    for (unsigned i = 0; i < n; i++)
        if (deadlines[i] < nearest)
            nearest = deadlines[i];
    if (nearest == DEADLINE_NONE)
        return -1;
    if (now_ms > nearest)
        return 0;
    /* Due once now > nearest: wake at nearest + 1. */
    uint64_t wait = nearest - now_ms + 1;
    return wait > INT_MAX ? INT_MAX : (int)wait;
}
