/* Executive spin locks (KSPIN_LOCK) used directly by a miniport. The
 * emulation marks the lock word held; on one thread a second acquire can
 * only be a recursive one, which is recorded (held=1). KeReleaseSpinLock
 * restores the IRQL the caller passes. */
#include "ndis_internal.h"

VOID KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    int held = SpinLock && *SpinLock == KLOCK_HELD;
    HOST_DDI_VOID("KeAcquireSpinLockAtDpcLevel", TA_PTR("lock", SpinLock), TA_INT("held", held));
    if (SpinLock)
        *SpinLock = KLOCK_HELD;
}

BOOLEAN KeTryToAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    BOOLEAN acquired = SpinLock && *SpinLock != KLOCK_HELD;
    if (acquired)
        *SpinLock = KLOCK_HELD;
    HOST_DDI("KeTryToAcquireSpinLockAtDpcLevel", acquired, TA_PTR("lock", SpinLock));
    return acquired;
}

VOID KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
{
    int held = SpinLock && *SpinLock == KLOCK_HELD;
    HOST_DDI_VOID("KeReleaseSpinLockFromDpcLevel", TA_PTR("lock", SpinLock), TA_INT("held", held));
    if (held)
        *SpinLock = 0;
}

/* KeAcquireSpinLock on x64: raise to DISPATCH_LEVEL, then take the lock. */
KIRQL KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock)
{
    KIRQL old = (KIRQL)host_irql();
    int held = SpinLock && *SpinLock == KLOCK_HELD;
    HOST_DDI_VOID("KeAcquireSpinLockRaiseToDpc", TA_PTR("lock", SpinLock), TA_INT("held", held),
                  TA_INT("OldIrql", old));
    host_raise_to_dispatch();
    if (SpinLock)
        *SpinLock = KLOCK_HELD;
    return old;
}

VOID KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
{
    int held = SpinLock && *SpinLock == KLOCK_HELD;
    HOST_DDI_VOID("KeReleaseSpinLock", TA_PTR("lock", SpinLock), TA_INT("NewIrql", NewIrql), TA_INT("held", held));
    if (!held)
        return;
    *SpinLock = 0;
    host_set_irql(NewIrql);
}
