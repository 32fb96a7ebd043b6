/* Nonpaged lookaside lists. NDIS keeps freed entries on the list for
 * reuse; the emulation keeps none (depth 0, which NDIS may choose), so
 * every allocate calls the driver's Allocate function (or the pool) and
 * every free its Free function (or the pool). Each entry handed out is a
 * resource of its own, so an entry never given back shows as a leak. */
#include <stdlib.h>
#include "ndis_internal.h"


VOID NdisInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PALLOCATE_FUNCTION Allocate,
                                       PFREE_FUNCTION Free, ULONG Flags, ULONG Size, ULONG Tag,
                                       USHORT Depth)
{
    if (Lookaside) {
        memset(Lookaside, 0, sizeof *Lookaside);
        Lookaside->L.Type = NonPagedPoolNx;
        Lookaside->L.Size = Size;
        Lookaside->L.Tag = Tag;
        Lookaside->L.Allocate = Allocate;
        Lookaside->L.Free = Free;
        Lookaside->L.Depth = Depth;
        ndis_handle_add(Lookaside, NDIS_RES_LOOKASIDE);
    }
    HOST_DDI_VOID("NdisInitializeNPagedLookasideList", TA_PTR("handle", Lookaside),
                  TA_INT("Flags", Flags), TA_INT("Size", Size), TA_INT("Tag", Tag),
                  TA_INT("custom_allocator", Allocate != NULL), TA_INT("custom_free", Free != NULL));
}

VOID NdisDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
    int known = ndis_handle_is(Lookaside, NDIS_RES_LOOKASIDE);
    HOST_DDI_VOID("NdisDeleteNPagedLookasideList", TA_PTR("handle", Lookaside), TA_INT("allocated", known));
    if (known)
        ndis_handle_remove(Lookaside);
}

PVOID NdisAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
    int known = ndis_handle_is(Lookaside, NDIS_RES_LOOKASIDE);
    PVOID entry = NULL;
    if (known && !host_should_fail("NdisAllocateFromNPagedLookasideList")) {
        Lookaside->L.TotalAllocates++;
        Lookaside->L.AllocateMisses++;
        /* The driver's allocator runs inside this DDI, as the kernel runs it. */
        entry = Lookaside->L.Allocate
                    ? Lookaside->L.Allocate(Lookaside->L.Type, Lookaside->L.Size, Lookaside->L.Tag)
                    : calloc(1, Lookaside->L.Size ? Lookaside->L.Size : 1);
    }
    /* With the driver's own allocator the entry is the driver's memory, already
     * in the ledger under its allocating DDI: it is not a second resource. */
    int own = known && Lookaside->L.Allocate;
    trace_arg args[] = { TA_PTR("entry", entry), TA_PTR("lookaside", Lookaside), TA_INT("allocated", known),
                         TA_PTR("handle", entry) };
    host_emit_ddi("NdisAllocateFromNPagedLookasideList", 1, entry ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES,
                  args, own ? 3 : 4);
    return entry;
}

VOID NdisFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry)
{
    int known = ndis_handle_is(Lookaside, NDIS_RES_LOOKASIDE);
    int own = known && Lookaside->L.Free;  /* the driver's Free releases its own memory */
    trace_arg args[] = { TA_PTR("entry", Entry), TA_PTR("lookaside", Lookaside), TA_INT("allocated", known),
                         TA_PTR("handle", Entry) };
    host_emit_ddi("NdisFreeToNPagedLookasideList", 0, 0, args, own ? 3 : 4);
    if (!known || !Entry)
        return;
    Lookaside->L.TotalFrees++;
    Lookaside->L.FreeMisses++;
    if (Lookaside->L.Free)
        Lookaside->L.Free(Entry);
    else
        free(Entry);
}
