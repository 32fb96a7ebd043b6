/* Adapter lifetime: MiniportInitializeEx and MiniportHaltEx, plus the PnP
 * and shutdown notifications. */
#include "vnic.h"

/* Locally administered unicast address of the simulated device. */
static const UCHAR VnicDefaultAddress[VNIC_MAC_LENGTH] = { 0x02, 0x00, 0x56, 0x4E, 0x49, 0x43 };

/* Steps completed before a FailInitialize adapter gives up. */
#define VNIC_FAIL_INITIALIZE_AFTER 3

static PVNIC_ADAPTER
VnicAllocateAdapter(NDIS_HANDLE AdapterHandle)
{
    PVNIC_ADAPTER Adapter;
    ULONG i;

#if defined(VNIC_BUG_ZERO_TAG)
    /* MEM-ZERO-TAG: no pool tag, so the block cannot be traced to the driver. */
    Adapter = NdisAllocateMemoryWithTagPriority(AdapterHandle, sizeof(VNIC_ADAPTER), 0,
                                                NormalPoolPriority);
#else
    Adapter = NdisAllocateMemoryWithTagPriority(AdapterHandle, sizeof(VNIC_ADAPTER), VNIC_TAG,
                                                NormalPoolPriority);
#endif
    if (Adapter == NULL) {
#if defined(VNIC_BUG_BUGCHECK_ON_ALLOCATION_FAILURE)
        /* HOST-BUGCHECK-ALLOCATION-FAILED: the system is stopped because
         * NDIS had no memory, instead of failing the Initialize. */
        KeBugCheckEx(0xDEAD0002, (ULONG_PTR)AdapterHandle, sizeof(VNIC_ADAPTER), 0, 0);
#endif
        return NULL;
    }
    NdisZeroMemory(Adapter, sizeof(VNIC_ADAPTER));
    if (VnicAllocateKernelResources(Adapter) != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(Adapter, sizeof(VNIC_ADAPTER), 0);
        return NULL;
    }
    Adapter->AdapterHandle = AdapterHandle;
    Adapter->State = VnicStateInitializing;
    Adapter->LinkState = MediaConnectStateConnected;
    Adapter->PacketFilter = 0;
    Adapter->Lookahead = VNIC_MTU;
    NdisMoveMemory(Adapter->PermanentAddress, VnicDefaultAddress, VNIC_MAC_LENGTH);
    NdisMoveMemory(Adapter->CurrentAddress, VnicDefaultAddress, VNIC_MAC_LENGTH);
    for (i = 0; i < VNIC_MAX_PORTS; i++) {
        Adapter->Ports[i] = VNIC_PORT_UNUSED;
    }

#if defined(VNIC_BUG_GUARD_OVERRUN)
    /* MEM-GUARD-OVERRUN: the terminator is written one byte past the
     * 32-byte field, which ends the allocation. */
    {
        static const CHAR Name[] = "vnic virtual ethernet adapter #1";   /* 32 characters */
        NdisMoveMemory(Adapter->Description, Name, sizeof(Name) - 1);
        Adapter->Description[sizeof(Name) - 1] = '\0';
    }
#else
    {
        static const CHAR Name[] = "vnic virtual ethernet adapter";
        NdisMoveMemory(Adapter->Description, Name, sizeof(Name));
    }
#endif

#if defined(VNIC_BUG_RESET_IN_PROGRESS_FALSE)
    /* RESET-IN-PROGRESS-FALSE: the device is marked as "in reset" while it
     * is brought up and the mark is never cleared, so MiniportResetEx
     * claims a reset is already running. */
    Adapter->ResetInProgress = TRUE;
#endif
    if (VnicAllocateRxRing(Adapter) != NDIS_STATUS_SUCCESS) {
        VnicFreeKernelResources(Adapter);
        NdisFreeMemory(Adapter, sizeof(VNIC_ADAPTER), 0);
        return NULL;
    }
    return Adapter;
}

/* In reverse of VnicAllocateAdapter. */
static VOID
VnicFreeAdapter(PVNIC_ADAPTER Adapter)
{
    VnicFreeRxRing(Adapter);
    VnicFreeKernelResources(Adapter);
    NdisFreeMemory(Adapter, sizeof(VNIC_ADAPTER), 0);
}

#if defined(VNIC_NOT_EMULATED_UNUSED)
static HANDLE VnicControlClient;   /* never opened: no control device */
#endif

_Use_decl_annotations_
NDIS_STATUS
VnicInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
               PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
    VNIC_CONFIG Config;
    PVNIC_ADAPTER Adapter;
    NDIS_STATUS Status;
    ULONG i;

    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);
#ifdef VNIC_SANDBOX_BUG
    VnicSandboxBug(MiniportAdapterHandle);
#endif
#if defined(VNIC_BUG_NOT_EMULATED)
    /* HOST-NOT-EMULATED: asks whether Driver Verifier watches it with a DDI
     * the shim declares but mpconform does not emulate; every scenario
     * stops at this call, and the report says what was not proven. */
    {
        ULONG VerifierFlags;
        MmIsVerifierEnabled(&VerifierFlags);
    }
#endif
#if defined(VNIC_NOT_EMULATED_UNUSED)
    /* Imports a DDI mpconform does not emulate on a path no scenario takes
     * (a control-device client handle, which this driver never opens): it
     * loads and is judged as the correct vnic. */
    if (VnicControlClient != NULL) {
        ObCloseHandle(VnicControlClient, KernelMode);
        VnicControlClient = NULL;
    }
#endif

    /* 1. Configuration, before anything is allocated. */
    VnicReadConfiguration(&Config, MiniportAdapterHandle);

    /* 2. Nonpaged memory for the adapter context. */
    Adapter = VnicAllocateAdapter(MiniportAdapterHandle);
    if (Adapter == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    Adapter->Config = Config;

    /* 3. Registration attributes: NDIS needs the context from here on. */
#if defined(VNIC_BUG_INIT_REGISTRATION_ATTRIBUTES)
    /* INIT-REGISTRATION-ATTRIBUTES: ported from an NDIS 5 driver, where
     * NdisMSetAttributesEx handed over the context; the NDIS 6 version never
     * sets the registration attributes, so NDIS has no adapter context. */
    Status = NDIS_STATUS_SUCCESS;
#else
    Status = VnicSetRegistrationAttributes(Adapter);
#endif
    if (Status == NDIS_STATUS_SUCCESS) {
        Status = VnicAllocateFilterLock(Adapter);
    }
    if (Status != NDIS_STATUS_SUCCESS) {
        VnicFreeAdapter(Adapter);
        return Status;
    }

    /* 4. Adapter resources, in the typical order, interrupt last. */
    for (i = 0; i < VnicStepCount; i++) {
        if (Adapter->Config.FailInitialize && i == VNIC_FAIL_INITIALIZE_AFTER) {
#if defined(VNIC_BUG_INIT_FAIL_RELEASE)
            /* INIT-FAIL-RELEASE: bails out without undoing the steps. */
            return NDIS_STATUS_RESOURCES;
#else
            Status = NDIS_STATUS_RESOURCES;
            break;
#endif
        }
        Status = VnicAllocateStep(Adapter, VnicStepAt(i));
        if (Status != NDIS_STATUS_SUCCESS) {
#if defined(VNIC_BUG_LEAK_ON_INIT_FAILURE)
            /* A leak reachable only when an allocation fails (fault
             * injection): when the very first pool cannot be had the driver
             * returns at once, forgetting the adapter context (its kernel
             * blocks are released with the statistics, kernel.c). */
            if (i == 0) {
                VnicFreeKernelResources(Adapter);
                return Status;
            }
#endif
            break;
        }
        Adapter->StepsDone++;
    }

    /* 5. General attributes once the device is up. */
#if !defined(VNIC_BUG_INIT_GENERAL_ATTRIBUTES)
    if (Status == NDIS_STATUS_SUCCESS) {
        Status = VnicSetGeneralAttributes(Adapter);
    }
#endif
    /* INIT-GENERAL-ATTRIBUTES (VNIC_BUG_INIT_GENERAL_ATTRIBUTES): the
     * general attributes are never set, yet Initialize succeeds. */

    if (Status != NDIS_STATUS_SUCCESS) {
        /* MiniportInitializeEx failing must release everything it took. */
        Adapter->Halting = TRUE;
        VnicReleaseSteps(Adapter);
        VnicFreeFilterLock(Adapter);
        VnicFreeAdapter(Adapter);
        return Status;
    }

    Adapter->State = VnicStatePaused;
    return NDIS_STATUS_SUCCESS;
}

#if defined(VNIC_BUG_HALT_NO_CALLS_AFTER)
/* The work item's context is the NDIS adapter handle, not the adapter
 * block, which Halt frees. */
static VOID
VnicLinkDownWorkItem(PVOID WorkItemContext, NDIS_HANDLE NdisIoWorkItemHandle)
{
    VnicIndicateLinkStateOnHandle((NDIS_HANDLE)WorkItemContext, MediaConnectStateDisconnected);
    NdisFreeIoWorkItem(NdisIoWorkItemHandle);
}
#endif

_Use_decl_annotations_
VOID
VnicHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    PVNIC_ADAPTER Adapter = (PVNIC_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(HaltAction);

#if defined(VNIC_BUG_HOST_CRASH)
    /* HOST-CRASH: the driver logs the halt through a per-adapter trace
     * block that was never allocated. */
    {
        volatile ULONG *TraceBlock = NULL;
        *TraceBlock = (ULONG)HaltAction;
    }
#endif

    Adapter->State = VnicStateHalting;

#if defined(VNIC_BUG_VALGRIND_ERRORS)
    /* VALGRIND-UNINITIALISED and VALGRIND-INVALID-ACCESS (run --valgrind
     * only: nothing else sees them): a decision taken on a value never set,
     * and a statistics block read after it was freed. */
    {
        ULONG NeverSet;
        volatile ULONG *Reason = &NeverSet;
        volatile UCHAR *Stats = NdisAllocateMemoryWithTagPriority(Adapter->AdapterHandle, 16, VNIC_TAG,
                                                                   NormalPoolPriority);
        if (*Reason == 0x7u)
            Adapter->SurpriseRemoved = TRUE;
        if (Stats != NULL) {
            NdisFreeMemory((PVOID)Stats, 0, 0);
            if (Stats[3] == 0x7u)
                Adapter->SurpriseRemoved = TRUE;
        }
    }
#endif
#if defined(VNIC_BUG_HALT_STALL_100US)
    /* STALL-50US: the driver busy-waits 100 us for the device to go quiet;
     * longer than 50 us it should sleep (NdisMSleep) instead. */
    NdisStallExecution(100);
#endif

    /* Everything taken in Initialize, in reverse: the interrupt is
     * disconnected first, the timer cancelled (and waited for) at its
     * place. */
    VnicReleaseSteps(Adapter);
#if defined(VNIC_BUG_LEAK_RWLOCK)
    /* HALT-FREE-ALL: the packet filter's NDIS_RW_LOCK_EX is never freed
     * (NdisAllocateRWLock's page: the driver "must call the NdisFreeRWLock
     * function"). */
#else
    VnicFreeFilterLock(Adapter);
#endif
    VnicSettleStats(Adapter);

#if defined(VNIC_BUG_LEAK_POOL)
    /* HALT-FREE-ALL: the statistics pointer is cleared with the counters,
     * so the pool block behind it is never returned. */
    Adapter->Stats = NULL;
#endif
#if defined(VNIC_BUG_LEAK_MDL)
    /* HALT-FREE-ALL: the MDL pointer is cleared with the counters, so the
     * MDL is never returned with IoFreeMdl. */
    Adapter->StatsMdl = NULL;
#endif

#if defined(VNIC_BUG_HALT_NO_CALLS_AFTER)
    /* HALT-NO-CALLS-AFTER: the final link-down indication is handed to an
     * IO work item, to run at PASSIVE_LEVEL once the device is stopped, and
     * Halt returns without waiting for it: the routine calls
     * NdisMIndicateStatusEx for an adapter that NDIS has already halted. */
    {
        NDIS_HANDLE WorkItem = NdisAllocateIoWorkItem(Adapter->AdapterHandle);

        if (WorkItem != NULL) {
            NdisQueueIoWorkItem(WorkItem, VnicLinkDownWorkItem, Adapter->AdapterHandle);
        }
    }
#endif

#if defined(VNIC_BUG_LEAK_MEMORY)
    /* HALT-FREE-ALL: the adapter context block is never returned. */
#else
    VnicFreeAdapter(Adapter);
#endif

#if defined(VNIC_BUG_USE_AFTER_FREE)
    /* MEM-USE-AFTER-FREE: the state is recorded after the block is gone. */
    Adapter->State = VnicStateHalting;
#endif
}

_Use_decl_annotations_
VOID
VnicDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
    PVNIC_ADAPTER Adapter = (PVNIC_ADAPTER)MiniportAdapterContext;

    if (NetDevicePnPEvent->DevicePnPEvent == NdisDevicePnPEventSurpriseRemoved) {
        /* The device is gone: Halt must not wait on it. */
        Adapter->SurpriseRemoved = TRUE;
    }
}

_Use_decl_annotations_
VOID
VnicShutdown(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
    PVNIC_ADAPTER Adapter = (PVNIC_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(ShutdownAction);
    /* Shutdown may run at high IRQL: only quiesce the device, no NDIS calls
     * and no freeing. */
    InterlockedExchange(&Adapter->InterruptCause, 0);
    Adapter->Halting = TRUE;
}
