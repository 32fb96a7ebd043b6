/* NdisRetreatNetBufferDataStart / NdisAdvanceNetBufferDataStart: moving
 * the start of a NET_BUFFER's used data space, as their WDK pages
 * (nf-nblapi-ndisretreatnetbufferdatastart, -ndisadvancenetbufferdatastart)
 * describe.  A retreat takes unused data space first ("reducing the value
 * of the DataOffset member"); when there is too little it allocates a new
 * buffer and MDL, through the driver's NetAllocateMdl when it gave one,
 * and chains it at the front.  An advance gives the space back and, with
 * FreeMdl, frees the MDLs that became unused: NDIS's own here, the
 * driver's through its NetFreeMdl.  Only NET_BUFFERs the emulation handed
 * out are touched (NDIS_STATUS_FAILURE for any other). */
#include <stdlib.h>
#include "ndis_internal.h"

/* An MDL and buffer NDIS allocated for a retreat: one block, the MDL first. */
typedef struct {
    MDL mdl;
    unsigned char data[];
} retreat_mdl;

/* MDLs the driver's NetAllocateMdl gave for a retreat: only those go back
 * to its NetFreeMdl (the advance page: "only to free the MDLs and memory
 * that the driver allocated"). */
typedef struct driver_mdl {
    PMDL mdl;
    struct driver_mdl *next;
} driver_mdl;
static driver_mdl *driver_mdls;

static int driver_mdl_take(PMDL m, int remove)
{
    for (driver_mdl **p = &driver_mdls; *p; p = &(*p)->next)
        if ((*p)->mdl == m) {
            if (remove) {
                driver_mdl *dead = *p;
                *p = dead->next;
                free(dead);
            }
            return 1;
        }
    return 0;
}

static PMDL ndis_mdl_new(ULONG size)
{
    retreat_mdl *r = host_should_fail("NdisRetreatNetBufferDataStart") ? NULL : calloc(1, sizeof *r + size);
    if (!r)
        return NULL;
    if (ndis_handle_add(&r->mdl, NDIS_RES_RETREAT_MDL) != 0) {
        free(r);
        return NULL;
    }
    r->mdl.Size = (CSHORT)sizeof r->mdl;
    r->mdl.MdlFlags = MDL_SOURCE_IS_NONPAGED_POOL | MDL_MAPPED_TO_SYSTEM_VA;
    r->mdl.StartVa = r->mdl.MappedSystemVa = r->data;
    r->mdl.ByteCount = size;
    return &r->mdl;
}

static void ndis_mdl_free(PMDL m)
{
    ndis_handle_remove(m);
    free(m);   /* the retreat_mdl block starts with it */
}

/* A new MDL of size bytes from the driver's allocator or NDIS's; NULL when none. */
static PMDL mdl_for_retreat(ULONG size, NET_BUFFER_ALLOCATE_MDL *AllocateMdlHandler)
{
    if (!AllocateMdlHandler)
        return ndis_mdl_new(size);
    ULONG asked = size;
    PMDL m = AllocateMdlHandler(&asked);
    if (!m)
        return NULL;
    driver_mdl *d = malloc(sizeof *d);
    if (!d)
        return NULL;   /* the driver's MDL stays the driver's: nothing chained */
    d->mdl = m;
    d->next = driver_mdls;
    driver_mdls = d;
    return m;
}

NDIS_STATUS NdisRetreatNetBufferDataStart(PNET_BUFFER NetBuffer, ULONG DataOffsetDelta, ULONG DataBackFill,
                                          NET_BUFFER_ALLOCATE_MDL *AllocateMdlHandler)
{
    int known = ndis_net_buffer_known(NetBuffer);
    NDIS_STATUS status = NDIS_STATUS_FAILURE;
    ULONG allocated = 0;
    if (known && DataOffsetDelta <= NetBuffer->DataOffset) {
        NetBuffer->DataOffset -= DataOffsetDelta;
        NetBuffer->DataLength += DataOffsetDelta;
        status = NDIS_STATUS_SUCCESS;
    } else if (known) {
        /* The unused space left in front is used too: the new buffer holds
         * the rest of the delta and DataBackFill in front of it, so the
         * data now starts DataBackFill bytes into the chain. */
        ULONG short_by = DataOffsetDelta - NetBuffer->DataOffset;
        ULONG size = short_by + DataBackFill;
        PMDL m = size >= short_by ? mdl_for_retreat(size, AllocateMdlHandler) : NULL;
        status = NDIS_STATUS_RESOURCES;
        if (m && m->ByteCount >= size) {
            ULONG spare = m->ByteCount - size;   /* a driver's allocator may give more */
            m->Next = NetBuffer->MdlChain;
            NetBuffer->MdlChain = m;
            NetBuffer->DataOffset = DataBackFill + spare;
            NetBuffer->DataLength += DataOffsetDelta;
            allocated = m->ByteCount;
            status = NDIS_STATUS_SUCCESS;
        } else if (m) {
            /* Too small to use: not chained, so given back as it came. */
            if (AllocateMdlHandler)
                driver_mdl_take(m, 1);
            else
                ndis_mdl_free(m);
        }
    }
    if (status == NDIS_STATUS_SUCCESS)
        ndis_net_buffer_set_current_mdl(NetBuffer);
    HOST_DDI("NdisRetreatNetBufferDataStart", status, TA_PTR("NetBuffer", NetBuffer),
             TA_INT("DataOffsetDelta", DataOffsetDelta), TA_INT("DataBackFill", DataBackFill),
             TA_INT("driver_allocator", AllocateMdlHandler != NULL), TA_INT("allocated", allocated),
             TA_INT("foreign", !known));
    return status;
}

/* Frees the MDL m at the head of nb's chain if someone can: 1 when it went. */
static int release_head(NET_BUFFER *nb, PMDL m, NET_BUFFER_FREE_MDL *FreeMdlHandler, int64_t *kept_driver_mdl)
{
    if (ndis_handle_is(m, NDIS_RES_RETREAT_MDL)) {
        nb->MdlChain = m->Next;
        ndis_mdl_free(m);
        return 1;
    }
    if (!driver_mdl_take(m, 0))
        return 0;   /* the driver's own chain: never NDIS's to free */
    if (!FreeMdlHandler) {
        (*kept_driver_mdl)++;   /* no NetFreeMdl to give it to: it stays chained */
        return 0;
    }
    nb->MdlChain = m->Next;
    driver_mdl_take(m, 1);
    FreeMdlHandler(m);
    return 1;
}

VOID NdisAdvanceNetBufferDataStart(PNET_BUFFER NetBuffer, ULONG DataOffsetDelta, BOOLEAN FreeMdl,
                                   NET_BUFFER_FREE_MDL *FreeMdlHandler)
{
    int known = ndis_net_buffer_known(NetBuffer);
    int beyond = known && DataOffsetDelta > NetBuffer->DataLength;
    int64_t freed = 0, kept_driver_mdl = 0;
    if (known && !beyond) {
        NetBuffer->DataOffset += DataOffsetDelta;
        NetBuffer->DataLength -= DataOffsetDelta;
        /* An MDL is unused once the data starts past its end. */
        for (PMDL m = NetBuffer->MdlChain; FreeMdl && m && NetBuffer->DataOffset >= m->ByteCount;
             m = NetBuffer->MdlChain) {
            ULONG bytes = m->ByteCount;
            if (!release_head(NetBuffer, m, FreeMdlHandler, &kept_driver_mdl))
                break;
            NetBuffer->DataOffset -= bytes;
            freed++;
        }
        ndis_net_buffer_set_current_mdl(NetBuffer);
    }
    HOST_DDI_VOID("NdisAdvanceNetBufferDataStart", TA_PTR("NetBuffer", NetBuffer),
                  TA_INT("DataOffsetDelta", DataOffsetDelta), TA_INT("FreeMdl", FreeMdl),
                  TA_INT("driver_free", FreeMdlHandler != NULL), TA_INT("freed_mdls", freed),
                  TA_INT("kept_driver_mdl", kept_driver_mdl), TA_INT("beyond_data", beyond),
                  TA_INT("foreign", !known));
}

void ndis_net_buffer_release_mdls(NET_BUFFER *nb)
{
    for (PMDL m = nb->MdlChain; m && ndis_handle_is(m, NDIS_RES_RETREAT_MDL); m = nb->MdlChain) {
        nb->MdlChain = m->Next;
        ndis_mdl_free(m);
    }
}
