/* The NDIS 6.0 read/write lock. Acquiring raises the simulated IRQL to
 * DISPATCH_LEVEL and keeps the caller's IRQL in the LOCK_STATE, as NDIS
 * does (the bookkeeping is rw_counts.c's, shared with NDIS_RW_LOCK_EX).
 * One thread runs everything: an acquire that would block is recorded
 * (contended=1) instead of spinning. The lock has no free DDI, so it is
 * not a ledger resource. */
#include "ndis_internal.h"

static rw_counts counts_of(PNDIS_RW_LOCK Lock)
{
    return (rw_counts){ &Lock->SharedRefCount, &Lock->WriterWaiting };
}

VOID NdisInitializeReadWriteLock(PNDIS_RW_LOCK Lock)
{
    if (Lock) {
        memset(Lock, 0, sizeof *Lock);
        ndis_handle_add(Lock, NDIS_RES_RW_LOCK);
    }
    HOST_DDI_VOID("NdisInitializeReadWriteLock", TA_PTR("lock", Lock));
}

VOID NdisAcquireReadWriteLock(PNDIS_RW_LOCK Lock, BOOLEAN fWrite, PLOCK_STATE LockState)
{
    int known = ndis_handle_is(Lock, NDIS_RES_RW_LOCK);
    int contended = known && rw_would_wait(counts_of(Lock), fWrite);
    HOST_DDI_VOID("NdisAcquireReadWriteLock", TA_PTR("lock", Lock), TA_INT("fWrite", fWrite),
                  TA_INT("allocated", known), TA_INT("contended", contended));
    if (known && LockState)
        LockState->LockState = (USHORT)rw_take(counts_of(Lock), fWrite, &LockState->OldIrql);
}

VOID NdisReleaseReadWriteLock(PNDIS_RW_LOCK Lock, PLOCK_STATE LockState)
{
    int known = ndis_handle_is(Lock, NDIS_RES_RW_LOCK);
    int held = known && LockState && rw_holds(counts_of(Lock), LockState->LockState);
    HOST_DDI_VOID("NdisReleaseReadWriteLock", TA_PTR("lock", Lock), TA_INT("allocated", known),
                  TA_INT("held", held));
    if (!held)
        return;
    rw_give(counts_of(Lock), LockState->LockState, LockState->OldIrql);
    LockState->LockState = RW_STATE_FREE;
}
