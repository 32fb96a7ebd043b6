/* Reader/writer spin locks (EX_SPIN_LOCK, a 32-bit variable the driver
 * zeroes): the emulation counts shared holders in the low bits and flags
 * the exclusive holder in the top bit.  Acquiring raises to DISPATCH_LEVEL
 * and returns the caller's IRQL; releasing restores the IRQL passed.  One
 * thread runs everything, so a lock already held when acquired is the
 * recursive acquisition the pages forbid ("causes deadlock"): it is
 * recorded (held=1) and the acquire proceeds. */
#include "ndis_internal.h"

#define EX_LOCK_EXCLUSIVE ((LONG)0x80000000)
#define EX_LOCK_SHARED_MASK 0x7FFFFFFF

KIRQL ExAcquireSpinLockExclusive(PEX_SPIN_LOCK SpinLock)
{
    KIRQL old = (KIRQL)host_irql();
    int held = SpinLock && *SpinLock != 0;
    HOST_DDI_VOID("ExAcquireSpinLockExclusive", TA_PTR("lock", SpinLock), TA_INT("held", held), TA_INT("OldIrql", old));
    host_raise_to_dispatch();
    if (SpinLock)
        *SpinLock = EX_LOCK_EXCLUSIVE;
    return old;
}

VOID ExReleaseSpinLockExclusive(PEX_SPIN_LOCK SpinLock, KIRQL OldIrql)
{
    int held = SpinLock && (*SpinLock & EX_LOCK_EXCLUSIVE);
    HOST_DDI_VOID("ExReleaseSpinLockExclusive", TA_PTR("lock", SpinLock), TA_INT("OldIrql", OldIrql), TA_INT("held", held));
    if (!held)
        return;
    *SpinLock = 0;
    host_set_irql(OldIrql);
}

KIRQL ExAcquireSpinLockShared(PEX_SPIN_LOCK SpinLock)
{
    KIRQL old = (KIRQL)host_irql();
    int held = SpinLock && (*SpinLock & EX_LOCK_EXCLUSIVE);
    HOST_DDI_VOID("ExAcquireSpinLockShared", TA_PTR("lock", SpinLock), TA_INT("held", held), TA_INT("OldIrql", old));
    host_raise_to_dispatch();
    if (SpinLock)
        (*SpinLock)++;
    return old;
}

VOID ExReleaseSpinLockShared(PEX_SPIN_LOCK SpinLock, KIRQL OldIrql)
{
    int held = SpinLock && (*SpinLock & EX_LOCK_SHARED_MASK) != 0;
    HOST_DDI_VOID("ExReleaseSpinLockShared", TA_PTR("lock", SpinLock), TA_INT("OldIrql", OldIrql), TA_INT("held", held));
    if (!held)
        return;
    (*SpinLock)--;
    host_set_irql(OldIrql);
}
