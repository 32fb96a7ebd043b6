/* The NDIS 6.20 read/write lock, NDIS_RW_LOCK_EX.  Unlike the 6.0 lock it
 * is allocated by NDIS (NdisAllocateRWLock) and freed by the driver
 * (NdisFreeRWLock), so it is a ledger resource (checks/tables/resources.yaml).
 * Acquiring raises the simulated IRQL to DISPATCH_LEVEL and keeps the
 * caller's IRQL in LOCK_STATE_EX.OldIrql; NdisReleaseRWLock restores it
 * (WDK pages nf-ndis-ndisacquirerwlockread/-write: "raises the IRQL to
 * DISPATCH_LEVEL"; nf-ndis-ndisreleaserwlock: "restores the IRQL").  As
 * with the 6.0 lock one thread runs everything, so an acquire that would
 * spin is recorded (contended=1) instead, and the NDIS_RWL_AT_DISPATCH_LEVEL
 * flag is recorded with the IRQL so a rule can judge a caller that sets it
 * below DISPATCH_LEVEL. */
#include <stdlib.h>
#include "ndis_internal.h"

struct _NDIS_RW_LOCK_EX {
    volatile ULONG readers;
    volatile BOOLEAN writer;
};

static rw_counts counts_of(PNDIS_RW_LOCK_EX Lock)
{
    return (rw_counts){ &Lock->readers, &Lock->writer };
}

PNDIS_RW_LOCK_EX NdisAllocateRWLock(NDIS_HANDLE NdisHandle)
{
    PNDIS_RW_LOCK_EX lock = NULL;
    if (!host_should_fail("NdisAllocateRWLock") && (lock = calloc(1, sizeof *lock)) &&
        ndis_handle_add(lock, NDIS_RES_RW_LOCK_EX) != 0) {
        free(lock);
        lock = NULL;
    }
    HOST_DDI_VOID("NdisAllocateRWLock", TA_PTR("NdisHandle", NdisHandle), TA_PTR("handle", lock));
    return lock;
}

VOID NdisFreeRWLock(PNDIS_RW_LOCK_EX Lock)
{
    int known = ndis_handle_is(Lock, NDIS_RES_RW_LOCK_EX);
    int held = known && (Lock->readers > 0 || Lock->writer);
    HOST_DDI_VOID("NdisFreeRWLock", TA_PTR("handle", Lock), TA_INT("held", held));
    if (!known)
        return;
    ndis_handle_remove(Lock);
    free(Lock);
}

static VOID acquire(const char *ddi, PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags, int write)
{
    int known = ndis_handle_is(Lock, NDIS_RES_RW_LOCK_EX);
    int contended = known && rw_would_wait(counts_of(Lock), write);
    HOST_DDI_VOID(ddi, TA_PTR("lock", Lock), TA_INT("Flags", Flags),
                  TA_INT("at_dispatch_flag", (Flags & NDIS_RWL_AT_DISPATCH_LEVEL) != 0),
                  TA_INT("allocated", known), TA_INT("contended", contended));
    if (!known || !LockState)
        return;
    LockState->Flags = Flags;
    LockState->LockState = (UCHAR)rw_take(counts_of(Lock), write, &LockState->OldIrql);
}

VOID NdisAcquireRWLockRead(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags)
{
    acquire("NdisAcquireRWLockRead", Lock, LockState, Flags, 0);
}

VOID NdisAcquireRWLockWrite(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState, UCHAR Flags)
{
    acquire("NdisAcquireRWLockWrite", Lock, LockState, Flags, 1);
}

VOID NdisReleaseRWLock(PNDIS_RW_LOCK_EX Lock, PLOCK_STATE_EX LockState)
{
    int known = ndis_handle_is(Lock, NDIS_RES_RW_LOCK_EX);
    int held = known && LockState && rw_holds(counts_of(Lock), LockState->LockState);
    HOST_DDI_VOID("NdisReleaseRWLock", TA_PTR("lock", Lock), TA_INT("allocated", known), TA_INT("held", held));
    if (!held)
        return;
    rw_give(counts_of(Lock), LockState->LockState, LockState->OldIrql);
    LockState->LockState = RW_STATE_FREE;
}
