/* What both NDIS read/write locks (rwlock.c for NDIS_RW_LOCK, rwlock_ex.c
 * for NDIS_RW_LOCK_EX) do on acquire and release.  One thread runs
 * everything: readers are counted and a writer is flagged; an acquire that
 * would have to wait is only reported (rw_would_wait) by the caller.
 * Acquiring raises the simulated IRQL to DISPATCH_LEVEL and hands back the
 * caller's IRQL; releasing restores it. */
#include "ndis_internal.h"

int rw_would_wait(rw_counts c, int write)
{
    return *c.writer || (write && *c.readers > 0);
}

unsigned rw_take(rw_counts c, int write, KIRQL *old_irql)
{
    *old_irql = (KIRQL)host_raise_to_dispatch();
    if (write) {
        *c.writer = TRUE;
        return RW_STATE_WRITE;
    }
    (*c.readers)++;
    return RW_STATE_READ;
}

int rw_holds(rw_counts c, unsigned state)
{
    return (state == RW_STATE_WRITE && *c.writer) || (state == RW_STATE_READ && *c.readers > 0);
}

void rw_give(rw_counts c, unsigned state, KIRQL old_irql)
{
    if (state == RW_STATE_WRITE)
        *c.writer = FALSE;
    else
        (*c.readers)--;
    host_set_irql(old_irql);
}
