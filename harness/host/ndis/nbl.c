/* NET_BUFFER_LIST pools, NBL and MDL allocation, and the data path: the
 * NBLs NDIS sends (ndis_alloc_send_nbls) and their completion, receives the
 * miniport indicates and their return. Every NBL is allocated together with
 * room for one NET_BUFFER and its context area; NdisAllocateNetBufferList
 * hands the NET_BUFFER out only from a pool made with fAllocateNetBuffer,
 * and with a data buffer when the pool has a DataSize. Only NBLs in the
 * handle registry are ever dereferenced, so a bogus or repeated NBL cannot
 * crash the host. */
#include <stdlib.h>
#include "ndis_internal.h"

typedef struct {
    NET_BUFFER_LIST_POOL_PARAMETERS params;
    NDIS_HANDLE owner;
    unsigned live;
} nbl_pool;

typedef struct nbl_block {
    NET_BUFFER_LIST nbl;
    NET_BUFFER nb;
    nbl_pool *pool;              /* NULL for NBLs NDIS sends */
    adapter *a;                  /* send NBLs: the adapter they were sent to */
    int completed;               /* send NBLs: NdisMSendNetBufferListsComplete seen */
    NDIS_STATUS status;          /* send NBLs: status at completion */
    int held;                    /* indicated, NDIS has not returned it */
    struct nbl_block *next_held; /* receive NBLs NDIS holds, per adapter */
    struct nbl_block *next_send; /* every send NBL NDIS built */
    MDL mdl;                     /* send NBLs and pools with a DataSize: describes data[] */
    unsigned char *data;         /* send NBLs: malloc'ed */
    unsigned char *pool_data;    /* pools with a DataSize: a guarded block (overruns are reported) */
} nbl_block;

_Static_assert(offsetof(nbl_block, nbl) == 0, "an NBL pointer is its block");

/* ---- pools ---- */
NDIS_HANDLE NdisAllocateNetBufferListPool(NDIS_HANDLE NdisHandle, PNET_BUFFER_LIST_POOL_PARAMETERS Parameters)
{
    nbl_pool *p = NULL;
    int valid = Parameters && Parameters->Header.Type == NDIS_OBJECT_TYPE_DEFAULT &&
                Parameters->Header.Revision >= NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1 &&
                Parameters->Header.Size >= NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    if (valid && !host_should_fail("NdisAllocateNetBufferListPool") && (p = calloc(1, sizeof *p))) {
        if (ndis_handle_add(p, NDIS_RES_NBL_POOL) != 0) {
            free(p);
            p = NULL;
        } else {
            p->params = *Parameters;
            p->owner = NdisHandle;
        }
    }
    HOST_DDI_VOID("NdisAllocateNetBufferListPool", TA_PTR("handle", p), TA_INT("valid_parameters", valid),
                  TA_INT("ContextSize", valid ? Parameters->ContextSize : 0),
                  TA_INT("fAllocateNetBuffer", valid ? Parameters->fAllocateNetBuffer : 0));
    return p;
}

VOID NdisFreeNetBufferListPool(NDIS_HANDLE PoolHandle)
{
    int known = ndis_handle_is(PoolHandle, NDIS_RES_NBL_POOL);
    nbl_pool *p = PoolHandle;
    HOST_DDI_VOID("NdisFreeNetBufferListPool", TA_PTR("handle", PoolHandle),
                  TA_INT("outstanding", known ? (int64_t)p->live : 0));
    if (!known)
        return;
    ndis_handle_remove(p);
    free(p);   /* NBLs still out keep a stale pool pointer; they check the registry */
}

/* Points the NET_BUFFER at DataOffset within the MDL chain. */
void ndis_net_buffer_set_current_mdl(NET_BUFFER *nb)
{
    PMDL m = nb->MdlChain;
    ULONG off = nb->DataOffset;
    while (m && m->Next && off >= m->ByteCount) {
        off -= m->ByteCount;
        m = m->Next;
    }
    nb->CurrentMdl = m;
    nb->CurrentMdlOffset = off;
}

static nbl_block *block_new(USHORT context_size, USHORT backfill)
{
    size_t context = context_size + backfill;
    nbl_block *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    if (context) {
        b->nbl.Context = calloc(1, sizeof(NET_BUFFER_LIST_CONTEXT) + context);
        if (!b->nbl.Context) {
            free(b);
            return NULL;
        }
        b->nbl.Context->Size = (USHORT)context;
        b->nbl.Context->Offset = backfill;
    }
    return b;
}

static void block_free(nbl_block *b)
{
    ndis_net_buffer_release_mdls(&b->nb);
    ndis_guarded_free(b->pool_data, NDIS_RES_NBL_DATA);
    free(b->nbl.Context);
    free(b->data);
    free(b);
}

static nbl_block *block_of(const NET_BUFFER *nb)
{
    return (nbl_block *)((uintptr_t)nb - offsetof(nbl_block, nb));
}

int ndis_net_buffer_known(const NET_BUFFER *nb)
{
    if (!nb)
        return 0;
    const nbl_block *b = block_of(nb);   /* compared, not read, until the registry knows it */
    return (ndis_handle_is(&b->nbl, NDIS_RES_NBL) || ndis_handle_is(&b->nbl, NDIS_RES_SEND_NBL)) &&
           b->nbl.FirstNetBuffer == nb;
}

/* Takes b into pool p: counted, and in the handle registry; 0 on success. */
static int block_register(nbl_block *b, nbl_pool *p)
{
    if (ndis_handle_add(&b->nbl, NDIS_RES_NBL) != 0)
        return -1;
    b->pool = p;
    p->live++;
    b->nbl.NdisPoolHandle = p;
    b->nbl.SourceHandle = p->owner;
    return 0;
}

PNET_BUFFER_LIST NdisAllocateNetBufferAndNetBufferList(NDIS_HANDLE PoolHandle, USHORT ContextSize,
                                                       USHORT ContextBackFill, PMDL MdlChain, ULONG DataOffset,
                                                       SIZE_T DataLength)
{
    int known = ndis_handle_is(PoolHandle, NDIS_RES_NBL_POOL);
    nbl_block *b = NULL;
    if (known && !host_should_fail("NdisAllocateNetBufferAndNetBufferList") &&
        (b = block_new(ContextSize, ContextBackFill))) {
        nbl_pool *p = PoolHandle;
        if (block_register(b, p) != 0) {
            block_free(b);
            b = NULL;
        } else {
            b->nbl.FirstNetBuffer = &b->nb;
            b->nb.NdisPoolHandle = p;
            b->nb.MdlChain = MdlChain;
            b->nb.DataOffset = DataOffset;
            b->nb.DataLength = (ULONG)DataLength;
            ndis_net_buffer_set_current_mdl(&b->nb);
        }
    }
    HOST_DDI_VOID("NdisAllocateNetBufferAndNetBufferList", TA_PTR("handle", b ? &b->nbl : NULL),
                  TA_PTR("PoolHandle", PoolHandle), TA_INT("ContextSize", ContextSize),
                  TA_INT("DataOffset", DataOffset), TA_INT("DataLength", (int64_t)DataLength));
    return b ? &b->nbl : NULL;
}

/* Gives b the pool's data buffer: DataSize bytes described by one MDL. The
 * pages leave the starting offsets unstated; the whole buffer starts out as
 * unused data space (DataOffset DataSize, DataLength 0), which is what a
 * driver that retreats into it, as it would for a receive, relies on. */
static int attach_pool_data(nbl_block *b, ULONG size, ULONG tag)
{
    b->pool_data = ndis_guarded_alloc(size, tag, NDIS_RES_NBL_DATA);
    if (!b->pool_data)
        return -1;
    b->mdl.Size = (CSHORT)sizeof b->mdl;
    b->mdl.MdlFlags = MDL_SOURCE_IS_NONPAGED_POOL | MDL_MAPPED_TO_SYSTEM_VA;
    b->mdl.StartVa = b->mdl.MappedSystemVa = b->pool_data;
    b->mdl.ByteCount = size;
    b->nb.MdlChain = &b->mdl;
    b->nb.DataOffset = size;
    b->nb.DataLength = 0;
    ndis_net_buffer_set_current_mdl(&b->nb);
    return 0;
}

/* WDK page nf-nblapi-ndisallocatenetbufferlist: with fAllocateNetBuffer
 * TRUE "NDIS allocates a NET_BUFFER_LIST, NET_BUFFER, MDL, and data" (the
 * MDL and data when the pool has a DataSize: NET_BUFFER_LIST_POOL_PARAMETERS
 * Remarks); otherwise the NBL has no NET_BUFFER. NULL when it fails. */
PNET_BUFFER_LIST NdisAllocateNetBufferList(NDIS_HANDLE PoolHandle, USHORT ContextSize, USHORT ContextBackFill)
{
    int known = ndis_handle_is(PoolHandle, NDIS_RES_NBL_POOL);
    nbl_pool *p = known ? PoolHandle : NULL;
    int with_nb = p && p->params.fAllocateNetBuffer;
    ULONG data_size = with_nb ? p->params.DataSize : 0;
    nbl_block *b = NULL;
    if (known && !host_should_fail("NdisAllocateNetBufferList") && (b = block_new(ContextSize, ContextBackFill))) {
        if ((data_size && attach_pool_data(b, data_size, p->params.PoolTag) != 0) || block_register(b, p) != 0) {
            block_free(b);
            b = NULL;
        } else if (with_nb) {
            b->nbl.FirstNetBuffer = &b->nb;
            b->nb.NdisPoolHandle = p;
        }
    }
    HOST_DDI_VOID("NdisAllocateNetBufferList", TA_PTR("handle", b ? &b->nbl : NULL), TA_PTR("PoolHandle", PoolHandle),
                  TA_INT("ContextSize", ContextSize), TA_INT("ContextBackFill", ContextBackFill),
                  TA_INT("net_buffer", with_nb), TA_INT("DataSize", data_size));
    return b ? &b->nbl : NULL;
}

VOID NdisFreeNetBufferList(PNET_BUFFER_LIST NetBufferList)
{
    int known = ndis_handle_is(NetBufferList, NDIS_RES_NBL);
    nbl_block *b = (nbl_block *)NetBufferList;
    int held = known && b->held;
    /* A refused free (NDIS still holds the NBL) releases nothing: no ledger handle. */
    trace_arg args[] = { TA_PTR("nbl", NetBufferList), TA_INT("held_by_ndis", held), TA_PTR("handle", NetBufferList) };
    host_emit_ddi("NdisFreeNetBufferList", 0, 0, args, held ? 2 : 3);
    if (!known || b->held)
        return;   /* an NBL NDIS still holds is not freed under it */
    if (ndis_handle_is(b->pool, NDIS_RES_NBL_POOL) && b->pool->live > 0)
        b->pool->live--;
    ndis_handle_remove(NetBufferList);
    block_free(b);
}

PMDL NdisAllocateMdl(NDIS_HANDLE NdisHandle, PVOID VirtualAddress, UINT Length)
{
    (void)NdisHandle;
    PMDL m = NULL;
    if (!host_should_fail("NdisAllocateMdl") && (m = calloc(1, sizeof *m))) {
        if (ndis_handle_add(m, NDIS_RES_MDL) != 0) {
            free(m);
            m = NULL;
        } else {
            m->Size = (CSHORT)sizeof *m;
            m->MdlFlags = MDL_SOURCE_IS_NONPAGED_POOL | MDL_MAPPED_TO_SYSTEM_VA;
            m->StartVa = VirtualAddress;
            m->MappedSystemVa = VirtualAddress;
            m->ByteCount = Length;
        }
    }
    HOST_DDI_VOID("NdisAllocateMdl", TA_PTR("handle", m), TA_PTR("VirtualAddress", VirtualAddress),
                  TA_INT("Length", Length));
    return m;
}

VOID NdisFreeMdl(PMDL Mdl)
{
    int known = ndis_handle_is(Mdl, NDIS_RES_MDL);
    HOST_DDI_VOID("NdisFreeMdl", TA_PTR("handle", Mdl));
    if (!known)
        return;
    ndis_handle_remove(Mdl);
    free(Mdl);
}

/* ---- sends ---- */
static nbl_block *sends;   /* every send NBL not yet freed */

NET_BUFFER_LIST *ndis_alloc_send_nbls(adapter *a, unsigned count, size_t bytes)
{
    static const UCHAR source[6] = { 0x02, 0x4d, 0x50, 0x43, 0x00, 0x01 };
    NET_BUFFER_LIST *first = NULL, **link = &first;
    if (bytes < 14)
        bytes = 14;
    for (unsigned i = 0; i < count; i++) {
        nbl_block *b = block_new(0, 0);
        if (!b || !(b->data = malloc(bytes)) || ndis_handle_add(&b->nbl, NDIS_RES_SEND_NBL) != 0) {
            if (b)
                block_free(b);
            break;
        }
        memcpy(b->data, a ? a->current_address : source, 6);
        memcpy(b->data + 6, source, 6);
        b->data[12] = 0x08;   /* IPv4 ethertype */
        b->data[13] = 0x00;
        for (size_t k = 14; k < bytes; k++)
            b->data[k] = (unsigned char)(k + i);
        b->mdl.Size = (CSHORT)sizeof b->mdl;
        b->mdl.MdlFlags = MDL_SOURCE_IS_NONPAGED_POOL | MDL_MAPPED_TO_SYSTEM_VA;
        b->mdl.StartVa = b->mdl.MappedSystemVa = b->data;
        b->mdl.ByteCount = (ULONG)bytes;
        b->nb.MdlChain = b->nb.CurrentMdl = &b->mdl;
        b->nb.DataLength = (ULONG)bytes;
        b->nbl.FirstNetBuffer = &b->nb;
        b->a = a;
        b->next_send = sends;
        sends = b;
        *link = &b->nbl;
        link = &b->nbl.Next;
        if (a)
            a->outstanding_sends++;
    }
    return first;
}

int ndis_send_status(const NET_BUFFER_LIST *nbl, NDIS_STATUS *status)
{
    if (!ndis_handle_is(nbl, NDIS_RES_SEND_NBL))
        return -1;
    const nbl_block *b = (const nbl_block *)nbl;
    if (!b->completed)
        return 0;
    if (status)
        *status = b->status;
    return 1;
}

/* Walks the chain; the walk stops at an NBL NDIS did not send, whose Next
 * cannot be trusted. Counts land in the event. */
VOID NdisMSendNetBufferListsComplete(NDIS_HANDLE MiniportAdapterHandle, PNET_BUFFER_LIST NetBufferLists,
                                     ULONG SendCompleteFlags)
{
    adapter *a = host_adapter_from_handle(MiniportAdapterHandle);
    int64_t count = 0, failed = 0, doubled = 0, foreign = 0, wrong_adapter = 0;
    NDIS_STATUS first_failure = NDIS_STATUS_SUCCESS;
    for (PNET_BUFFER_LIST n = NetBufferLists; n; ) {
        if (!ndis_handle_is(n, NDIS_RES_SEND_NBL)) {
            foreign++;
            break;
        }
        nbl_block *b = (nbl_block *)n;
        count++;
        if (b->completed) {
            doubled++;
        } else {
            b->completed = 1;
            b->status = n->Status;
            if (b->a != a)
                wrong_adapter++;
            if (b->a && b->a->outstanding_sends > 0)
                b->a->outstanding_sends--;
            if (n->Status != NDIS_STATUS_SUCCESS && failed++ == 0)
                first_failure = n->Status;
        }
        if (count > 1000000)
            break;   /* a cycle in the chain */
        n = n->Next;
    }
    HOST_DDI_VOID("NdisMSendNetBufferListsComplete", TA_PTR("nbl", NetBufferLists), TA_INT("count", count),
                  TA_INT("SendCompleteFlags", SendCompleteFlags), TA_INT("failed", failed),
                  TA_INT("first_failure", first_failure), TA_INT("double", doubled), TA_INT("foreign", foreign),
                  TA_INT("wrong_adapter", wrong_adapter),
                  TA_INT("dispatch_flag", (SendCompleteFlags & NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL) != 0));
}

void ndis_free_completed_sends(adapter *a)
{
    nbl_block **p = &sends;
    while (*p) {
        nbl_block *b = *p;
        if (b->completed && (!a || b->a == a)) {
            *p = b->next_send;
            ndis_handle_remove(&b->nbl);
            block_free(b);
        } else {
            p = &b->next_send;
        }
    }
}

/* ---- receives ---- */
#define MAX_ADAPTERS 16
static struct {
    adapter *a;
    nbl_block *head;
    unsigned count;
} held[MAX_ADAPTERS];

static int held_slot(adapter *a, int create)
{
    for (int i = 0; i < MAX_ADAPTERS; i++)
        if (held[i].a == a)
            return i;
    if (!create)
        return -1;
    for (int i = 0; i < MAX_ADAPTERS; i++)
        if (!held[i].a) {
            held[i].a = a;
            return i;
        }
    return -1;
}

VOID NdisMIndicateReceiveNetBufferLists(NDIS_HANDLE MiniportAdapterHandle, PNET_BUFFER_LIST NetBufferLists,
                                        NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists,
                                        ULONG ReceiveFlags)
{
    adapter *a = host_adapter_from_handle(MiniportAdapterHandle);
    int keep = a && !(ReceiveFlags & NDIS_RECEIVE_FLAGS_RESOURCES);
    int slot = keep ? held_slot(a, 1) : -1;
    int64_t count = 0, foreign = 0, already_held = 0;
    PNET_BUFFER_LIST n = NetBufferLists;
    while (n && count < (int64_t)NumberOfNetBufferLists) {
        if (!ndis_handle_is(n, NDIS_RES_NBL)) {
            foreign++;
            break;
        }
        nbl_block *b = (nbl_block *)n;
        PNET_BUFFER_LIST next = n->Next;
        count++;
        if (b->held) {
            already_held++;
        } else if (slot >= 0) {
            b->held = 1;
            b->next_held = held[slot].head;
            held[slot].head = b;
            held[slot].count++;
            a->outstanding_receives++;
        }
        n = next;
    }
    HOST_DDI_VOID("NdisMIndicateReceiveNetBufferLists", TA_PTR("nbl", NetBufferLists), TA_INT("count", count),
                  TA_INT("NumberOfNetBufferLists", NumberOfNetBufferLists), TA_INT("PortNumber", PortNumber),
                  TA_INT("ReceiveFlags", ReceiveFlags), TA_INT("foreign", foreign),
                  TA_INT("already_held", already_held));
}

unsigned ndis_held_receives(adapter *a)
{
    int slot = held_slot(a, 0);
    return slot < 0 ? 0 : held[slot].count;
}

void ndis_return_receives(adapter *a)
{
    host_driver *d = host_driver_get();
    int slot = held_slot(a, 0);
    if (slot < 0 || !held[slot].head)
        return;
    /* Chain them in indication order (the list is newest first). */
    PNET_BUFFER_LIST chain = NULL;
    unsigned count = 0;
    for (nbl_block *b = held[slot].head; b; b = b->next_held) {
        b->held = 0;
        b->nbl.Next = chain;
        chain = &b->nbl;
        count++;
    }
    held[slot].head = NULL;
    held[slot].count = 0;
    held[slot].a = NULL;
    a->outstanding_receives = a->outstanding_receives >= count ? a->outstanding_receives - count : 0;
    if (!d->chars.ReturnNetBufferListsHandler)
        return;
    int irql = host_callback_irql("MiniportReturnNetBufferLists");
    ULONG flags = irql >= DISPATCH_LEVEL ? NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0;
    trace_arg args[] = { TA_PTR("nbl", chain), TA_INT("count", count) };
    host_callback_enter("MiniportReturnNetBufferLists", a, irql, args, 2);
    d->chars.ReturnNetBufferListsHandler(a->context, chain, flags);
    host_callback_return("MiniportReturnNetBufferLists", 0, 0, NULL, 0);
}
