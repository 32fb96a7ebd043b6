/* The kernel (wdm.h) services vnic uses besides NDIS's: a statistics block
 * from the executive pool, described by an MDL for the (simulated) DMA
 * engine, a snapshot buffer from ExAllocatePool2, and an event log in paged
 * pool that the device writes, its pages locked while the adapter lives.
 * All are taken right after the adapter context and returned right before
 * it. */
#include "vnic.h"

#define VNIC_STATS_SIZE     512
#define VNIC_SNAPSHOT_SIZE  128
#define VNIC_EVENT_LOG_SIZE (2 * PAGE_SIZE)

/* The event log is pool memory, first in the order of "Initializing a
 * Miniport Adapter", so it sits with the other pool blocks here, before the
 * NBL pool, and not among the later steps of resources.c; its MDL and lock
 * follow the buffer they describe.  It is paged pool, so the device may
 * write it only while MmProbeAndLockPages keeps it resident: locked at
 * PASSIVE_LEVEL in MiniportInitializeEx (pageable pages: IRQL <= APC_LEVEL),
 * unlocked and freed at PASSIVE_LEVEL in MiniportHaltEx or on Initialize's
 * failure path, in reverse: MmUnlockPages, IoFreeMdl, then the pool. */
static NDIS_STATUS
VnicAllocateEventLog(PVNIC_ADAPTER Adapter)
{
    Adapter->EventLog = ExAllocatePool2(POOL_FLAG_PAGED, VNIC_EVENT_LOG_SIZE, VNIC_TAG);
    if (Adapter->EventLog == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    Adapter->EventLogMdl = IoAllocateMdl(Adapter->EventLog, VNIC_EVENT_LOG_SIZE, FALSE, FALSE, NULL);
    if (Adapter->EventLogMdl == NULL) {
        ExFreePoolWithTag(Adapter->EventLog, VNIC_TAG);
        Adapter->EventLog = NULL;
        return NDIS_STATUS_RESOURCES;
    }
    /* A kernel-mode buffer of the driver's own: nothing to probe that can
     * fail, so no exception handler (the page: it raises on failure). */
    MmProbeAndLockPages(Adapter->EventLogMdl, KernelMode, IoWriteAccess);
#if defined(VNIC_BUG_MDL_LOCK_TWICE)
    /* MM-LOCK-TWICE: the code that hands the log to the device locks it
     * too, as if nobody had before it. */
    MmProbeAndLockPages(Adapter->EventLogMdl, KernelMode, IoWriteAccess);
#endif
    return NDIS_STATUS_SUCCESS;
}

static VOID
VnicFreeEventLog(PVNIC_ADAPTER Adapter)
{
    if (Adapter->EventLogMdl != NULL) {
#if !defined(VNIC_BUG_MDL_FREE_LOCKED)
        /* MDL-FREE-LOCKED when left out: the MDL is freed with its pages
         * still locked. */
        MmUnlockPages(Adapter->EventLogMdl);
#endif
#if defined(VNIC_BUG_MDL_UNLOCK_NOT_LOCKED)
        /* MM-UNLOCK-NOT-LOCKED: the device-stop code already unlocked the
         * log, and the teardown unlocks it again. */
        MmUnlockPages(Adapter->EventLogMdl);
#endif
        IoFreeMdl(Adapter->EventLogMdl);
        Adapter->EventLogMdl = NULL;
    }
    if (Adapter->EventLog != NULL) {
        ExFreePoolWithTag(Adapter->EventLog, VNIC_TAG);
        Adapter->EventLog = NULL;
    }
}

/* Retires the event log under its lock, taken exclusively inside a
 * critical region (the acquire pages: normal kernel APCs disabled; each
 * KeEnterCriticalRegion has its KeLeaveCriticalRegion), then deletes the
 * lock before the log it guards is released ("Call ExDeleteResourceLite
 * before freeing the memory for the resource"). PASSIVE_LEVEL. */
static VOID
VnicRetireEventLog(PVNIC_ADAPTER Adapter)
{
    if (!Adapter->EventLogLockReady) {
        return;
    }
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&Adapter->EventLogLock, TRUE);
    Adapter->EventLogRetired = TRUE;
    ExReleaseResourceLite(&Adapter->EventLogLock);
#if defined(VNIC_BUG_RESOURCE_RELEASE_NOT_HELD)
    /* EX-RESOURCE-RELEASE-NOT-HELD: a second release, as if the shared
     * reader's acquire had been taken here too. */
    ExReleaseResourceLite(&Adapter->EventLogLock);
#endif
    KeLeaveCriticalRegion();
#if defined(VNIC_BUG_LEAVE_CRITICAL_UNMATCHED)
    /* KE-LEAVE-CRITICAL-UNMATCHED: the error path leaves the region the
     * normal path already left. */
    KeLeaveCriticalRegion();
#endif
    ExDeleteResourceLite(&Adapter->EventLogLock);
    Adapter->EventLogLockReady = FALSE;
}

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
    if (VnicAllocateEventLog(Adapter) != NDIS_STATUS_SUCCESS) {
        ExFreePool(Adapter->Snapshot);
        IoFreeMdl(Adapter->StatsMdl);
        ExFreePoolWithTag(Adapter->Stats, VNIC_TAG);
        Adapter->Snapshot = NULL;
        Adapter->StatsMdl = NULL;
        Adapter->Stats = NULL;
        return NDIS_STATUS_RESOURCES;
    }
    /* "ExInitializeResourceLite returns STATUS_SUCCESS": it cannot fail. */
    ExInitializeResourceLite(&Adapter->EventLogLock);
    Adapter->EventLogLockReady = TRUE;
    KeInitializeSpinLock(&Adapter->StatsLock);
    RtlInitUnicodeString(&Adapter->KernelName, L"vnic");
    return NDIS_STATUS_SUCCESS;
}

VOID
VnicFreeKernelResources(PVNIC_ADAPTER Adapter)
{
    VnicRetireEventLog(Adapter);
    VnicFreeEventLog(Adapter);
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
