/* Shared memory: ordinary zeroed memory whose "physical address" is its
 * virtual address (nothing here does DMA). */
#include <stdlib.h>
#include "ndis_internal.h"

typedef struct {
    ULONG length;
    BOOLEAN cached;
    DECLSPEC_ALIGN(64) unsigned char data[];
} shared_block;

#define BLOCK_OF(va) ((shared_block *)((unsigned char *)(va) - offsetof(shared_block, data)))

VOID NdisMAllocateSharedMemory(NDIS_HANDLE MiniportAdapterHandle, ULONG Length, BOOLEAN Cached,
                               PVOID *VirtualAddress, PNDIS_PHYSICAL_ADDRESS PhysicalAddress)
{
    adapter *a = host_adapter_from_handle(MiniportAdapterHandle);
    shared_block *b = NULL;
    if (a && VirtualAddress && PhysicalAddress && Length > 0 && !host_should_fail("NdisMAllocateSharedMemory") &&
        (b = aligned_alloc(64, (sizeof *b + Length + 63) & ~(size_t)63))) {
        if (ndis_handle_add(b->data, NDIS_RES_SHARED_MEMORY) != 0) {
            free(b);
            b = NULL;
        } else {
            memset(b->data, 0, Length);
            b->length = Length;
            b->cached = Cached;
        }
    }
    if (VirtualAddress)
        *VirtualAddress = b ? b->data : NULL;
    if (PhysicalAddress)
        PhysicalAddress->QuadPart = b ? (LONGLONG)(uintptr_t)b->data : 0;
    HOST_DDI_VOID("NdisMAllocateSharedMemory", TA_PTR("handle", b ? b->data : NULL), TA_INT("Length", Length),
                  TA_INT("Cached", Cached));
}

VOID NdisMFreeSharedMemory(NDIS_HANDLE MiniportAdapterHandle, ULONG Length, BOOLEAN Cached, PVOID VirtualAddress,
                           NDIS_PHYSICAL_ADDRESS PhysicalAddress)
{
    (void)MiniportAdapterHandle;
    int known = ndis_handle_is(VirtualAddress, NDIS_RES_SHARED_MEMORY);
    int matches = known && BLOCK_OF(VirtualAddress)->length == Length && BLOCK_OF(VirtualAddress)->cached == Cached &&
                  PhysicalAddress.QuadPart == (LONGLONG)(uintptr_t)VirtualAddress;
    HOST_DDI_VOID("NdisMFreeSharedMemory", TA_PTR("handle", VirtualAddress), TA_INT("Length", Length),
                  TA_INT("Cached", Cached), TA_INT("matches_allocation", matches));
    if (!known)
        return;
    ndis_handle_remove(VirtualAddress);
    free(BLOCK_OF(VirtualAddress));
}
