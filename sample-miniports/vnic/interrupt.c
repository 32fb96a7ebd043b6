/* The line-based interrupt: the ISR claims it when the simulated device has
 * a cause latched and queues the DPC, which completes transmitted frames.
 * Also the DMA callbacks NdisMRegisterScatterGatherDma asks for. */
#include "vnic.h"

NDIS_STATUS
VnicRegisterInterrupt(PVNIC_ADAPTER Adapter)
{
    NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS Interrupt;

    NdisZeroMemory(&Interrupt, sizeof(Interrupt));
    Interrupt.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT;
    Interrupt.Header.Revision = NDIS_MINIPORT_INTERRUPT_REVISION_1;
    Interrupt.Header.Size = NDIS_SIZEOF_MINIPORT_INTERRUPT_CHARACTERISTICS_REVISION_1;
    Interrupt.InterruptHandler = VnicInterrupt;
    Interrupt.InterruptDpcHandler = VnicInterruptDpc;
    Interrupt.DisableInterruptHandler = VnicDisableInterrupt;
    Interrupt.EnableInterruptHandler = VnicEnableInterrupt;
    Interrupt.MsiSupported = FALSE;

    return NdisMRegisterInterruptEx(Adapter->AdapterHandle, Adapter, &Interrupt,
                                    &Adapter->InterruptHandle);
}

VOID
VnicDeregisterInterrupt(PVNIC_ADAPTER Adapter)
{
    /* Quiesce the device first: no new causes while the ISR is torn down. */
    InterlockedExchange(&Adapter->InterruptCause, 0);
    NdisMDeregisterInterruptEx(Adapter->InterruptHandle);
    Adapter->InterruptHandle = NULL;
}

_Use_decl_annotations_
BOOLEAN
VnicInterrupt(NDIS_HANDLE MiniportInterruptContext, PBOOLEAN QueueDefaultInterruptDpc,
              PULONG TargetProcessors)
{
    PVNIC_ADAPTER Adapter = (PVNIC_ADAPTER)MiniportInterruptContext;
    LONG Cause;

    *TargetProcessors = 0;
    /* DIRQL: no spin lock here, only the device's (atomic) cause latch. */
    Cause = InterlockedExchange(&Adapter->InterruptCause, 0);
    if (Cause == 0) {
        *QueueDefaultInterruptDpc = FALSE;
        return FALSE;       /* not ours: the line is shared */
    }
    *QueueDefaultInterruptDpc = TRUE;
    return TRUE;
}

_Use_decl_annotations_
VOID
VnicInterruptDpc(NDIS_HANDLE MiniportInterruptContext, PVOID MiniportDpcContext,
                 PVOID ReceiveThrottleParameters, PVOID NdisReserved2)
{
    PVNIC_ADAPTER Adapter = (PVNIC_ADAPTER)MiniportInterruptContext;

    UNREFERENCED_PARAMETER(MiniportDpcContext);
    UNREFERENCED_PARAMETER(ReceiveThrottleParameters);
    UNREFERENCED_PARAMETER(NdisReserved2);

    VnicCompleteQueuedSends(Adapter, NDIS_STATUS_SUCCESS, TRUE);
}

_Use_decl_annotations_
VOID
VnicEnableInterrupt(PVOID MiniportInterruptContext)
{
    UNREFERENCED_PARAMETER(MiniportInterruptContext);
}

_Use_decl_annotations_
VOID
VnicDisableInterrupt(PVOID MiniportInterruptContext)
{
    UNREFERENCED_PARAMETER(MiniportInterruptContext);
}

/* The driver completes frames without mapping them (the device copies from
 * the NBL's virtual addresses), so no scatter-gather list is ever built. */
_Use_decl_annotations_
VOID
VnicProcessSgList(PDEVICE_OBJECT DeviceObject, PVOID Reserved, PSCATTER_GATHER_LIST ScatterGatherList,
                  PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Reserved);
    UNREFERENCED_PARAMETER(ScatterGatherList);
    UNREFERENCED_PARAMETER(Context);
}

/* Only NdisMAllocateSharedMemory (synchronous) is used. */
_Use_decl_annotations_
VOID
VnicSharedMemAllocateComplete(NDIS_HANDLE MiniportAdapterContext, PVOID VirtualAddress,
                              PNDIS_PHYSICAL_ADDRESS PhysicalAddress, ULONG Length, PVOID Context)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(VirtualAddress);
    UNREFERENCED_PARAMETER(PhysicalAddress);
    UNREFERENCED_PARAMETER(Length);
    UNREFERENCED_PARAMETER(Context);
}
