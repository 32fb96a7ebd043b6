/* In-stack queued spin locks: the same KSPIN_LOCK word ke_spinlock.c marks
 * held, with the caller's IRQL and the lock kept in its KLOCK_QUEUE_HANDLE
 * (KeReleaseInStackQueuedSpinLock "restores the original IRQL that the
 * operating system saved at the beginning of the
 * KeAcquireInStackQueuedSpinLock call"). */
#include "ndis_internal.h"

VOID KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
{
    KIRQL old = (KIRQL)host_irql();
    int held = SpinLock && *SpinLock == KLOCK_HELD;
    HOST_DDI_VOID("KeAcquireInStackQueuedSpinLock", TA_PTR("lock", SpinLock), TA_PTR("handle_at", LockHandle),
                  TA_INT("held", held), TA_INT("OldIrql", old));
    host_raise_to_dispatch();
    if (SpinLock)
        *SpinLock = KLOCK_HELD;
    if (LockHandle) {
        LockHandle->LockQueue.Next = NULL;
        LockHandle->LockQueue.Lock = SpinLock;
        LockHandle->OldIrql = old;
    }
}

VOID KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle)
{
    PKSPIN_LOCK lock = LockHandle ? LockHandle->LockQueue.Lock : NULL;
    int held = lock && *lock == KLOCK_HELD;
    HOST_DDI_VOID("KeReleaseInStackQueuedSpinLock", TA_PTR("lock", lock), TA_PTR("handle_at", LockHandle),
                  TA_INT("held", held), TA_INT("OldIrql", LockHandle ? LockHandle->OldIrql : 0));
    if (!held)
        return;
    *lock = 0;
    LockHandle->LockQueue.Lock = NULL;
    host_set_irql(LockHandle->OldIrql);
}
