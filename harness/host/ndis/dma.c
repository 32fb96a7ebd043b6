/* Scatter/gather DMA registration. */
#include <stdlib.h>
#include "ndis_internal.h"

#define SG_MAX_ELEMENTS 32

typedef struct {
    adapter *a;
    NDIS_SG_DMA_DESCRIPTION description;
} dma_object;

NDIS_STATUS NdisMRegisterScatterGatherDma(NDIS_HANDLE MiniportAdapterHandle, PNDIS_SG_DMA_DESCRIPTION DmaDescription,
                                          PNDIS_HANDLE NdisMiniportDmaHandle)
{
    adapter *a = host_adapter_from_handle(MiniportAdapterHandle);
    PNDIS_SG_DMA_DESCRIPTION d = DmaDescription;
    NDIS_STATUS status = NDIS_STATUS_SUCCESS;
    dma_object *o = NULL;
    if (!a || !d || !NdisMiniportDmaHandle || d->Header.Type != NDIS_OBJECT_TYPE_SG_DMA_DESCRIPTION ||
        d->Header.Revision < NDIS_SG_DMA_DESCRIPTION_REVISION_1 ||
        d->Header.Size < NDIS_SIZEOF_SG_DMA_DESCRIPTION_REVISION_1 || !d->ProcessSGListHandler)
        status = NDIS_STATUS_INVALID_PARAMETER;
    else if (host_should_fail("NdisMRegisterScatterGatherDma") || !(o = calloc(1, sizeof *o)))
        status = NDIS_STATUS_RESOURCES;
    else if (ndis_handle_add(o, NDIS_RES_DMA) != 0) {
        free(o);
        o = NULL;
        status = NDIS_STATUS_RESOURCES;
    } else {
        o->a = a;
        d->ScatterGatherListSize = (ULONG)(sizeof(SCATTER_GATHER_LIST) + SG_MAX_ELEMENTS * sizeof(SCATTER_GATHER_ELEMENT));
        o->description = *d;
        *NdisMiniportDmaHandle = o;
    }
    HOST_DDI("NdisMRegisterScatterGatherDma", status, TA_PTR("handle", o),
             TA_INT("Flags", d ? (int64_t)d->Flags : 0),
             TA_INT("MaximumPhysicalMapping", d ? (int64_t)d->MaximumPhysicalMapping : 0));
    return status;
}

VOID NdisMDeregisterScatterGatherDma(NDIS_HANDLE NdisMiniportDmaHandle)
{
    int known = ndis_handle_is(NdisMiniportDmaHandle, NDIS_RES_DMA);
    HOST_DDI_VOID("NdisMDeregisterScatterGatherDma", TA_PTR("handle", NdisMiniportDmaHandle));
    if (!known)
        return;
    ndis_handle_remove(NdisMiniportDmaHandle);
    free(NdisMiniportDmaHandle);
}
