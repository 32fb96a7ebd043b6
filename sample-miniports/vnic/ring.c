/* VNIC_RX_RING_BLOCKS=N: a receive ring of N descriptors, each its own
 * nonpaged block, allocated right after the adapter block in Initialize
 * and freed, in reverse, right before it in Halt.  Heavy but finite work:
 * a correct driver the harness must not mistake for a runaway loop. */
#include "vnic.h"

#if defined(VNIC_RX_RING_BLOCKS)
#define VNIC_RX_DESCRIPTOR_SIZE 256

static VOID
VnicFreeRxBlocks(PVNIC_ADAPTER Adapter, ULONG Count)
{
    while (Count > 0) {
        Count--;
        NdisFreeMemory(Adapter->RxRing[Count], VNIC_RX_DESCRIPTOR_SIZE, 0);
    }
}

NDIS_STATUS
VnicAllocateRxRing(PVNIC_ADAPTER Adapter)
{
    ULONG i;

    Adapter->RxRing = NdisAllocateMemoryWithTagPriority(Adapter->AdapterHandle,
                                                        VNIC_RX_RING_BLOCKS * sizeof(PVOID), VNIC_TAG,
                                                        NormalPoolPriority);
    if (Adapter->RxRing == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    for (i = 0; i < VNIC_RX_RING_BLOCKS; i++) {
        Adapter->RxRing[i] = NdisAllocateMemoryWithTagPriority(Adapter->AdapterHandle, VNIC_RX_DESCRIPTOR_SIZE,
                                                               VNIC_TAG, NormalPoolPriority);
        if (Adapter->RxRing[i] == NULL) {
            VnicFreeRxBlocks(Adapter, i);
            NdisFreeMemory(Adapter->RxRing, VNIC_RX_RING_BLOCKS * sizeof(PVOID), 0);
            Adapter->RxRing = NULL;
            return NDIS_STATUS_RESOURCES;
        }
    }
    return NDIS_STATUS_SUCCESS;
}

VOID
VnicFreeRxRing(PVNIC_ADAPTER Adapter)
{
    if (Adapter->RxRing == NULL) {
        return;
    }
    VnicFreeRxBlocks(Adapter, VNIC_RX_RING_BLOCKS);
    NdisFreeMemory(Adapter->RxRing, VNIC_RX_RING_BLOCKS * sizeof(PVOID), 0);
    Adapter->RxRing = NULL;
}
#else
NDIS_STATUS
VnicAllocateRxRing(PVNIC_ADAPTER Adapter)
{
    UNREFERENCED_PARAMETER(Adapter);
    return NDIS_STATUS_SUCCESS;
}

VOID
VnicFreeRxRing(PVNIC_ADAPTER Adapter)
{
    UNREFERENCED_PARAMETER(Adapter);
}
#endif
