/* Spin locks: acquiring raises the simulated IRQL to DISPATCH_LEVEL and
 * keeps the caller's IRQL in OldIrql, as NDIS does. The lock word holds
 * LOCK_HELD and the owner (host_thread_number). A lock another thread holds
 * is waited for, without the host lock, as a processor spins; a second
 * acquire by its owner is recorded (held=1) instead of spinning forever. */
#include "ndis_internal.h"
#include "../host_thread.h"

#define LOCK_HELD 1u
#define LOCK_WORD(owner) (LOCK_HELD | ((KSPIN_LOCK)(owner) << 1))
#define LOCK_IS_HELD(word) (((word) & LOCK_HELD) != 0)

/* NDIS spin locks the calling thread holds right now (each scenario runs in
 * its own process, so the count starts at 0): NdisMResetComplete records it. */
static __thread int locks_held;

int ndis_spin_locks_held(void)
{
    return locks_held;
}

VOID NdisAllocateSpinLock(PNDIS_SPIN_LOCK SpinLock)
{
    if (SpinLock) {
        SpinLock->SpinLock = 0;
        SpinLock->OldIrql = PASSIVE_LEVEL;
        ndis_handle_add(SpinLock, NDIS_RES_SPIN_LOCK);
    }
    HOST_DDI_VOID("NdisAllocateSpinLock", TA_PTR("handle", SpinLock));
}

VOID NdisFreeSpinLock(PNDIS_SPIN_LOCK SpinLock)
{
    int known = ndis_handle_is(SpinLock, NDIS_RES_SPIN_LOCK);
    HOST_DDI_VOID("NdisFreeSpinLock", TA_PTR("handle", SpinLock),
                  TA_INT("held", known ? (int64_t)(LOCK_IS_HELD(SpinLock->SpinLock)) : 0));
    if (known) {
        if (LOCK_IS_HELD(SpinLock->SpinLock) && locks_held > 0)
            locks_held--;
        ndis_handle_remove(SpinLock);
    }
}

/* dpr: the caller is already at DISPATCH_LEVEL and the IRQL stays. */
static void acquire(const char *ddi, PNDIS_SPIN_LOCK SpinLock, int dpr)
{
    /* Another thread holds it: wait while some other thread lives to
     * release it. Alone, the lock word is the miniport's own doing (acquired
     * twice, or memory it freed and reused): recorded below, never a wait
     * that cannot end. */
    while (ndis_handle_is(SpinLock, NDIS_RES_SPIN_LOCK) && LOCK_IS_HELD(SpinLock->SpinLock) &&
           SpinLock->SpinLock != LOCK_WORD(host_thread_number()) && host_thread_others_alive())
        host_thread_yield();
    int known = ndis_handle_is(SpinLock, NDIS_RES_SPIN_LOCK);
    int held = known && LOCK_IS_HELD(SpinLock->SpinLock);
    HOST_DDI_VOID(ddi, TA_PTR("lock", SpinLock), TA_INT("allocated", known), TA_INT("held", held));
    if (!known)
        return;
    if (!dpr) {
        SpinLock->OldIrql = (KIRQL)host_raise_to_dispatch();
    }
    if (!held)
        locks_held++;
    SpinLock->SpinLock = LOCK_WORD(host_thread_number());
}

static void release(const char *ddi, PNDIS_SPIN_LOCK SpinLock, int dpr)
{
    int known = ndis_handle_is(SpinLock, NDIS_RES_SPIN_LOCK);
    int held = known && LOCK_IS_HELD(SpinLock->SpinLock);
    HOST_DDI_VOID(ddi, TA_PTR("lock", SpinLock), TA_INT("allocated", known), TA_INT("held", held));
    if (!held)
        return;
    SpinLock->SpinLock = 0;
    if (locks_held > 0)
        locks_held--;
    if (!dpr)
        host_set_irql(SpinLock->OldIrql);
}

VOID NdisAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock) { acquire("NdisAcquireSpinLock", SpinLock, 0); }
VOID NdisReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock) { release("NdisReleaseSpinLock", SpinLock, 0); }
VOID NdisDprAcquireSpinLock(PNDIS_SPIN_LOCK SpinLock) { acquire("NdisDprAcquireSpinLock", SpinLock, 1); }
VOID NdisDprReleaseSpinLock(PNDIS_SPIN_LOCK SpinLock) { release("NdisDprReleaseSpinLock", SpinLock, 1); }

/* The interlocked list DDIs take the lock only for the list operation;
 * one event each, under their own name. */
static int list_lock_ok(const char *ddi, PLIST_ENTRY ListHead, PNDIS_SPIN_LOCK SpinLock)
{
    int known = ndis_handle_is(SpinLock, NDIS_RES_SPIN_LOCK);
    HOST_DDI_VOID(ddi, TA_PTR("ListHead", ListHead), TA_PTR("lock", SpinLock), TA_INT("allocated", known));
    return ListHead != NULL;
}

PLIST_ENTRY NdisInterlockedInsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PNDIS_SPIN_LOCK SpinLock)
{
    if (!list_lock_ok("NdisInterlockedInsertHeadList", ListHead, SpinLock) || !ListEntry)
        return NULL;
    PLIST_ENTRY first = IsListEmpty(ListHead) ? NULL : ListHead->Flink;
    InsertHeadList(ListHead, ListEntry);
    return first;
}

PLIST_ENTRY NdisInterlockedInsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry, PNDIS_SPIN_LOCK SpinLock)
{
    if (!list_lock_ok("NdisInterlockedInsertTailList", ListHead, SpinLock) || !ListEntry)
        return NULL;
    PLIST_ENTRY last = IsListEmpty(ListHead) ? NULL : ListHead->Blink;
    InsertTailList(ListHead, ListEntry);
    return last;
}

PLIST_ENTRY NdisInterlockedRemoveHeadList(PLIST_ENTRY ListHead, PNDIS_SPIN_LOCK SpinLock)
{
    if (!list_lock_ok("NdisInterlockedRemoveHeadList", ListHead, SpinLock) || IsListEmpty(ListHead))
        return NULL;
    return RemoveHeadList(ListHead);
}
