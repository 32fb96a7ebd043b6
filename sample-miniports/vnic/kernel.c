/* The kernel (wdm.h) services vnic uses besides NDIS's: a statistics block
 * from the executive pool, described by an MDL for the (simulated) DMA
 * engine, and a snapshot buffer from ExAllocatePool2.  Both are taken right
 * after the adapter context and returned right before it. */
#include "vnic.h"

#define VNIC_STATS_SIZE     512
#define VNIC_SNAPSHOT_SIZE  128

NDIS_STATUS
VnicAllocateKernelResources(PVNIC_ADAPTER Adapter)
{
    Adapter->Stats = ExAllocatePoolWithTag(NonPagedPoolNx, VNIC_STATS_SIZE, VNIC_TAG);
    if (Adapter->Stats == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    RtlZeroMemory(Adapter->Stats, VNIC_STATS_SIZE);
    Adapter->StatsMdl = IoAllocateMdl(Adapter->Stats, VNIC_STATS_SIZE, FALSE, FALSE, NULL);
    if (Adapter->StatsMdl == NULL) {
        ExFreePoolWithTag(Adapter->Stats, VNIC_TAG);
        Adapter->Stats = NULL;
        return NDIS_STATUS_RESOURCES;
    }
    MmBuildMdlForNonPagedPool(Adapter->StatsMdl);
    Adapter->Snapshot = ExAllocatePool2(POOL_FLAG_NON_PAGED, VNIC_SNAPSHOT_SIZE, VNIC_TAG);
    if (Adapter->Snapshot == NULL) {
        IoFreeMdl(Adapter->StatsMdl);
        ExFreePoolWithTag(Adapter->Stats, VNIC_TAG);
        Adapter->StatsMdl = NULL;
        Adapter->Stats = NULL;
        return NDIS_STATUS_RESOURCES;
    }
    KeInitializeSpinLock(&Adapter->StatsLock);
    RtlInitUnicodeString(&Adapter->KernelName, L"vnic");
    return NDIS_STATUS_SUCCESS;
}

VOID
VnicFreeKernelResources(PVNIC_ADAPTER Adapter)
{
    if (Adapter->Snapshot != NULL) {
        ExFreePool(Adapter->Snapshot);
        Adapter->Snapshot = NULL;
    }
    if (Adapter->StatsMdl != NULL) {
        IoFreeMdl(Adapter->StatsMdl);
        Adapter->StatsMdl = NULL;
    }
    if (Adapter->Stats != NULL) {
        ExFreePoolWithTag(Adapter->Stats, VNIC_TAG);
#if defined(VNIC_BUG_POOL_DOUBLE_FREE)
        /* RES-DOUBLE-FREE: a second cleanup path frees the block again. */
        ExFreePoolWithTag(Adapter->Stats, VNIC_TAG);
#endif
        Adapter->Stats = NULL;
    }
}

/* Writes a closing record through an optional trace buffer, closes the
 * statistics period under the statistics lock, then, at PASSIVE_LEVEL,
 * waits one millisecond for a running hardware update. */
VOID
VnicSettleStats(PVNIC_ADAPTER Adapter)
{
    LARGE_INTEGER Interval;
    KIRQL OldIrql;
    PVOID Trace;

    Interval.QuadPart = -10000;   /* 1 ms, relative */
    /* An optional trace buffer for the closing record: nothing is lost without it. */
#if defined(VNIC_BUG_POOL2_TAG_ZERO)
    /* POOL2-INVALID-REQUEST: no pool tag, which ExAllocatePool2 refuses. */
    Trace = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 0);
#else
    Trace = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, VNIC_TAG);
#endif
    if (Trace != NULL) {
        ExFreePool(Trace);
    }
    KeAcquireSpinLock(&Adapter->StatsLock, &OldIrql);
    ((PULONG)Adapter->Stats)[0]++;
#if defined(VNIC_BUG_PAGED_POOL_AT_DISPATCH)
    /* POOL-PAGED-AT-DISPATCH: a scratch copy of the counters is taken from
     * paged pool while the statistics spin lock is held. */
    {
        PVOID Copy = ExAllocatePoolWithTag(PagedPool, 16, VNIC_TAG);
        if (Copy != NULL) {
            ExFreePoolWithTag(Copy, VNIC_TAG);
        }
    }
#endif
#if defined(VNIC_BUG_IRQL_DELAY_AT_DISPATCH)
    /* IRQL-DDI-MAX: the wait is made while holding the statistics spin
     * lock, at DISPATCH_LEVEL, where KeDelayExecutionThread must not run. */
    KeDelayExecutionThread(KernelMode, FALSE, &Interval);
    KeReleaseSpinLock(&Adapter->StatsLock, OldIrql);
#else
    KeReleaseSpinLock(&Adapter->StatsLock, OldIrql);
    KeDelayExecutionThread(KernelMode, FALSE, &Interval);
#endif
#if defined(VNIC_BUG_BUGCHECK)
    /* HOST-BUGCHECK: a consistency check that stops the system instead of
     * logging an error and continuing. */
    if (Adapter->State == VnicStateHalting) {
        KeBugCheckEx(0xDEAD0001, (ULONG_PTR)Adapter, (ULONG_PTR)Adapter->State, 0, 0);
    }
#endif
}
