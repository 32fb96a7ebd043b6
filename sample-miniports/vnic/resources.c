/* The adapter's resources: one allocation step per kind, in the typical
 * MiniportInitializeEx order of "Initializing a Miniport Adapter" (NBL
 * pool, spin lock, timer, I/O ports, DMA, shared memory, interrupt last),
 * and their reciprocals, which VnicReleaseSteps runs in reverse. */
#include "vnic.h"

/* The order MiniportInitializeEx allocates in.  Releasing walks it backwards. */
static const VNIC_INIT_STEP VnicStepOrder[VnicStepCount] = {
    VnicStepNblPool,
#if defined(VNIC_BUG_INIT_ALLOC_ORDER)
    /* INIT-ALLOC-ORDER: the timer is set up before the spin lock it uses. */
    VnicStepTimer,
    VnicStepSpinLock,
#else
    VnicStepSpinLock,
    VnicStepTimer,
#endif
    VnicStepIoPorts,
    VnicStepDma,
#if defined(VNIC_BUG_INIT_INTERRUPT_LAST)
    /* INIT-INTERRUPT-LAST: the interrupt is connected before the shared
     * memory its DPC touches exists. */
    VnicStepInterrupt,
    VnicStepSharedMemory,
    VnicStepPorts,
#else
    VnicStepSharedMemory,
    VnicStepPorts,
    VnicStepInterrupt,
#endif
};

VNIC_INIT_STEP
VnicStepAt(ULONG Index)
{
    return VnicStepOrder[Index];
}

static NDIS_STATUS
VnicAllocateNblPool(PVNIC_ADAPTER Adapter)
{
    NET_BUFFER_LIST_POOL_PARAMETERS PoolParameters;

    NdisZeroMemory(&PoolParameters, sizeof(PoolParameters));
    PoolParameters.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    PoolParameters.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    PoolParameters.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    PoolParameters.ProtocolId = NDIS_PROTOCOL_ID_DEFAULT;
    PoolParameters.fAllocateNetBuffer = TRUE;
    PoolParameters.ContextSize = 0;
    PoolParameters.PoolTag = VNIC_TAG;
    PoolParameters.DataSize = 0;

    Adapter->NblPool = NdisAllocateNetBufferListPool(Adapter->AdapterHandle, &PoolParameters);
    return Adapter->NblPool != NULL ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
}

static NDIS_STATUS
VnicAllocateIoPorts(PVNIC_ADAPTER Adapter)
{
    return NdisMRegisterIoPortRange(&Adapter->IoPortOffset, Adapter->AdapterHandle,
                                    VNIC_IO_PORT_BASE, VNIC_IO_PORT_COUNT);
}

static NDIS_STATUS
VnicRegisterDma(PVNIC_ADAPTER Adapter)
{
    NDIS_SG_DMA_DESCRIPTION DmaDescription;
    NDIS_STATUS Status;

    NdisZeroMemory(&DmaDescription, sizeof(DmaDescription));
    DmaDescription.Header.Type = NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION;
    DmaDescription.Header.Revision = NDIS_SG_DMA_DESCRIPTION_REVISION_1;
    DmaDescription.Header.Size = NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1;
    DmaDescription.Flags = NDIS_SG_DMA_64_BIT_ADDRESS;
    DmaDescription.MaximumPhysicalMapping = VNIC_MAX_FRAME;
    DmaDescription.ProcessSGListHandler = VnicProcessSgList;
    DmaDescription.SharedMemAllocateCompleteHandler = VnicSharedMemAllocateComplete;

    Status = NdisMRegisterScatterGatherDma(Adapter->AdapterHandle, &DmaDescription,
                                           &Adapter->DmaHandle);
    if (Status == NDIS_STATUS_SUCCESS) {
        Adapter->SgListSize = DmaDescription.ScatterGatherListSize;
    }
    return Status;
}

static NDIS_STATUS
VnicAllocateSharedMemory(PVNIC_ADAPTER Adapter)
{
    NdisMAllocateSharedMemory(Adapter->AdapterHandle, VNIC_SHARED_MEMORY_SIZE, FALSE,
                              &Adapter->SharedVa, &Adapter->SharedPa);
    if (Adapter->SharedVa == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Adapter->SharedVa, VNIC_SHARED_MEMORY_SIZE);
    return NDIS_STATUS_SUCCESS;
}

static VOID
VnicFreeSharedMemory(PVNIC_ADAPTER Adapter)
{
    if (Adapter->SharedVa == NULL) {
        return;
    }
#if defined(VNIC_BUG_FOREIGN_FREE)
    /* RES-FOREIGN-FREE: the receive buffer is carved out of the shared
     * memory, but the teardown treats it as a separate pool block. */
    NdisFreeMemory((PUCHAR)Adapter->SharedVa + VNIC_RX_BUFFER_OFFSET, VNIC_MAX_FRAME, 0);
#endif
#if defined(VNIC_BUG_HALT_RECIPROCAL)
    /* HALT-RECIPROCAL: shared memory handed back as if it were pool memory. */
    NdisFreeMemory(Adapter->SharedVa, VNIC_SHARED_MEMORY_SIZE, 0);
#else
    NdisMFreeSharedMemory(Adapter->AdapterHandle, VNIC_SHARED_MEMORY_SIZE, FALSE,
                          Adapter->SharedVa, Adapter->SharedPa);
#endif
#if !defined(VNIC_BUG_DOUBLE_FREE)
    Adapter->SharedVa = NULL;
#endif
}

NDIS_STATUS
VnicAllocateStep(PVNIC_ADAPTER Adapter, VNIC_INIT_STEP Step)
{
    switch (Step) {
    case VnicStepNblPool:
        return VnicAllocateNblPool(Adapter);
    case VnicStepSpinLock:
        NdisAllocateSpinLock(&Adapter->Lock);
        return NDIS_STATUS_SUCCESS;
    case VnicStepTimer:
        return VnicAllocateTimer(Adapter);
    case VnicStepIoPorts:
        return VnicAllocateIoPorts(Adapter);
    case VnicStepDma:
        return VnicRegisterDma(Adapter);
    case VnicStepSharedMemory:
        return VnicAllocateSharedMemory(Adapter);
    case VnicStepPorts:
        return VnicAllocatePorts(Adapter);
    case VnicStepInterrupt:
        return VnicRegisterInterrupt(Adapter);
    default:
        return NDIS_STATUS_FAILURE;
    }
}

static VOID
VnicReleaseStep(PVNIC_ADAPTER Adapter, VNIC_INIT_STEP Step)
{
    switch (Step) {
    case VnicStepNblPool:
        NdisFreeNetBufferListPool(Adapter->NblPool);
        Adapter->NblPool = NULL;
        break;
    case VnicStepSpinLock:
        NdisFreeSpinLock(&Adapter->Lock);
#if defined(VNIC_BUG_FOREIGN_FREE_SPINLOCK)
        /* RES-FOREIGN-FREE-SPINLOCK: a counters lock the driver never
         * allocated (the field is only zeroed) is freed with the others. */
        NdisFreeSpinLock(&Adapter->CountersLock);
#endif
        break;
    case VnicStepTimer:
        VnicStopAndFreeTimer(Adapter);
        break;
    case VnicStepIoPorts:
        NdisMDeregisterIoPortRange(Adapter->AdapterHandle, VNIC_IO_PORT_BASE,
                                   VNIC_IO_PORT_COUNT, Adapter->IoPortOffset);
        Adapter->IoPortOffset = NULL;
        break;
    case VnicStepDma:
#if defined(VNIC_BUG_DOUBLE_FREE)
        /* RES-DOUBLE-FREE: the DMA teardown releases "its" ring buffers
         * again; the shared-memory step freed them without clearing the
         * pointer. */
        VnicFreeSharedMemory(Adapter);
#endif
        NdisMDeregisterScatterGatherDma(Adapter->DmaHandle);
        Adapter->DmaHandle = NULL;
        break;
    case VnicStepSharedMemory:
        VnicFreeSharedMemory(Adapter);
        break;
    case VnicStepPorts:
        VnicFreePorts(Adapter);
        break;
    case VnicStepInterrupt:
        VnicDeregisterInterrupt(Adapter);
        break;
    default:
        break;
    }
}

/* Undoes the completed allocation steps, last first. */
VOID
VnicReleaseSteps(PVNIC_ADAPTER Adapter)
{
    while (Adapter->StepsDone > 0) {
        VNIC_INIT_STEP Step = VnicStepOrder[Adapter->StepsDone - 1];

#if defined(VNIC_BUG_HALT_REVERSE_ORDER)
        /* HALT-REVERSE-ORDER: the DMA engine is torn down first and its
         * rings (allocated after it) released afterwards. */
        if (Step == VnicStepSharedMemory && Adapter->StepsDone >= 2 &&
            VnicStepOrder[Adapter->StepsDone - 2] == VnicStepDma) {
            VnicReleaseStep(Adapter, VnicStepDma);
            VnicReleaseStep(Adapter, VnicStepSharedMemory);
            Adapter->StepsDone -= 2;
            continue;
        }
#endif
#if defined(VNIC_BUG_LEAK_TIMER)
        /* HALT-FREE-ALL: the timer is cancelled but its object never freed. */
        if (Step == VnicStepTimer) {
            Adapter->Halting = TRUE;
            if (!NdisCancelTimerObject(Adapter->Timer)) {
                while (Adapter->TimerQueued) {
                    NdisMSleep(VNIC_HALT_POLL_US);
                }
            }
            Adapter->StepsDone--;
            continue;
        }
#endif
#if defined(VNIC_BUG_HALT_NO_DEREGISTER_INTERRUPT)
        /* HALT-DEREGISTER-INTERRUPT: the interrupt is left connected. */
        if (Step == VnicStepInterrupt) {
            Adapter->StepsDone--;
            continue;
        }
#endif
        VnicReleaseStep(Adapter, Step);
        Adapter->StepsDone--;
    }
}
