/* NDIS 6.20 shared memory (NdisAllocateSharedMemory / NdisFreeSharedMemory):
 * there is no shared memory provider here, so NDIS hands out ordinary zeroed
 * memory whose "physical address" is its virtual address, described by a
 * one-element scatter/gather list when the caller supplies room for one.
 * WDK page nf-ndis-ndisallocatesharedmemory: NDIS_STATUS_SUCCESS,
 * NDIS_STATUS_RESOURCES, NDIS_STATUS_INVALID_PARAMETER; the allocation
 * handle "is NULL if the function fails" and the caller "must use this
 * handle to free the shared memory".  The allocation handle is the ledger
 * handle (checks/tables/resources.yaml, kind shared_memory_ex). */
#include <stdlib.h>
#include "ndis_internal.h"

typedef struct {
    void *data;
    ULONG length;
} shared_allocation;

/* A scatter/gather list fits in the caller's buffer: fill its one element. */
static void describe(PNDIS_SHARED_MEMORY_PARAMETERS p, const shared_allocation *a)
{
    size_t need = sizeof(SCATTER_GATHER_LIST) + sizeof(SCATTER_GATHER_ELEMENT);
    if (!p->SGListBuffer || p->SGListBufferLength < need)
        return;
    p->SGListBuffer->NumberOfElements = 1;
    p->SGListBuffer->Elements[0].Address.QuadPart = (LONGLONG)(uintptr_t)a->data;
    p->SGListBuffer->Elements[0].Length = a->length;
    p->SGListBuffer->Elements[0].Reserved = 0;
}

static NDIS_STATUS allocate(PNDIS_SHARED_MEMORY_PARAMETERS p, shared_allocation **out)
{
    if (!p || p->Length == 0 || p->Header.Revision < NDIS_SHARED_MEMORY_PARAMETERS_REVISION_1 ||
        p->Header.Size < NDIS_SIZEOF_SHARED_MEMORY_PARAMETERS_REVISION_1)
        return NDIS_STATUS_INVALID_PARAMETER;
    if (host_should_fail("NdisAllocateSharedMemory"))
        return NDIS_STATUS_RESOURCES;
    shared_allocation *a = calloc(1, sizeof *a);
    if (a)
        a->data = calloc(1, p->Length);
    if (!a || !a->data || ndis_handle_add(a, NDIS_RES_SHARED_MEMORY_ALLOCATION) != 0) {
        if (a)
            free(a->data);
        free(a);
        return NDIS_STATUS_RESOURCES;
    }
    a->length = p->Length;
    p->VirtualAddress = a->data;
    p->SharedMemoryHandle = a;
    describe(p, a);
    *out = a;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS NdisAllocateSharedMemory(NDIS_HANDLE NdisHandle, PNDIS_SHARED_MEMORY_PARAMETERS SharedMemoryParameters,
                                     PNDIS_HANDLE pAllocationHandle)
{
    shared_allocation *a = NULL;
    NDIS_STATUS status = pAllocationHandle ? allocate(SharedMemoryParameters, &a) : NDIS_STATUS_INVALID_PARAMETER;
    if (pAllocationHandle)
        *pAllocationHandle = a;
    HOST_DDI("NdisAllocateSharedMemory", status, TA_PTR("NdisHandle", NdisHandle), TA_PTR("handle", a),
             TA_INT("Length", SharedMemoryParameters ? SharedMemoryParameters->Length : 0),
             TA_INT("Usage", SharedMemoryParameters ? SharedMemoryParameters->Usage : 0));
    return status;
}

VOID NdisFreeSharedMemory(NDIS_HANDLE NdisHandle, NDIS_HANDLE AllocationHandle)
{
    int known = ndis_handle_is(AllocationHandle, NDIS_RES_SHARED_MEMORY_ALLOCATION);
    HOST_DDI_VOID("NdisFreeSharedMemory", TA_PTR("NdisHandle", NdisHandle), TA_PTR("handle", AllocationHandle));
    if (!known)
        return;
    shared_allocation *a = AllocationHandle;
    ndis_handle_remove(a);
    free(a->data);
    free(a);
}
