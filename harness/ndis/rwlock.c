/* The NDIS 6.0 read/write lock. Acquiring raises the simulated IRQL to
 * DISPATCH_LEVEL and keeps the caller's IRQL in the LOCK_STATE, as NDIS
 * does. One thread runs everything: readers are counted and a writer is
 * flagged, and an acquire that would block is recorded (contended=1)
 * instead of spinning. The lock has no free DDI, so it is not a ledger
 * resource. */
#include "ndis_internal.h"


/* LOCK_STATE.LockState values of the emulation (opaque to drivers). */
#define STATE_FREE 0u
#define STATE_READ 1u
#define STATE_WRITE 2u

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
    int writer = known && Lock->WriterWaiting;
    int readers = known ? (int)Lock->SharedRefCount : 0;
    int contended = writer || (fWrite && readers > 0);
    HOST_DDI_VOID("NdisAcquireReadWriteLock", TA_PTR("lock", Lock), TA_INT("fWrite", fWrite),
                  TA_INT("allocated", known), TA_INT("contended", contended));
    if (!known || !LockState)
        return;
    int old = host_irql();
    LockState->OldIrql = (KIRQL)old;
    if (old < DISPATCH_LEVEL)
        host_set_irql(DISPATCH_LEVEL);
    if (fWrite) {
        Lock->WriterWaiting = TRUE;
        LockState->LockState = STATE_WRITE;
    } else {
        Lock->SharedRefCount++;
        LockState->LockState = STATE_READ;
    }
}

VOID NdisReleaseReadWriteLock(PNDIS_RW_LOCK Lock, PLOCK_STATE LockState)
{
    int known = ndis_handle_is(Lock, NDIS_RES_RW_LOCK);
    int held = known && LockState &&
               ((LockState->LockState == STATE_WRITE && Lock->WriterWaiting) ||
                (LockState->LockState == STATE_READ && Lock->SharedRefCount > 0));
    HOST_DDI_VOID("NdisReleaseReadWriteLock", TA_PTR("lock", Lock), TA_INT("allocated", known),
                  TA_INT("held", held));
    if (!held)
        return;
    if (LockState->LockState == STATE_WRITE)
        Lock->WriterWaiting = FALSE;
    else
        Lock->SharedRefCount--;
    LockState->LockState = STATE_FREE;
    host_set_irql(LockState->OldIrql);
}
