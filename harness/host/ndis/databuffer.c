/* NdisGetDataBuffer: the first BytesNeeded bytes of a NET_BUFFER's data,
 * as its WDK page (nf-nblapi-ndisgetdatabuffer) says:
 *  - NULL when the NET_BUFFER's DataLength is less than BytesNeeded;
 *  - a pointer into the MDL when the bytes are contiguous there (and, as
 *    the page asks, at an address that is AlignOffset past a multiple of
 *    AlignMultiple);
 *  - otherwise Storage, filled with a copy, or NULL when Storage is NULL.
 * The MDLs are read through MappedSystemVa, as MmGetSystemAddressForMdlSafe. */
#include "ndis_internal.h"

static int aligned(const void *p, ULONG multiple, ULONG offset)
{
    return multiple <= 1 || ((uintptr_t)p & (multiple - 1)) == (offset & (multiple - 1));
}

/* Copies need bytes from mdl at offset on into out; 0 when the chain ends first. */
static int copy_chain(PMDL mdl, ULONG offset, ULONG need, UCHAR *out)
{
    while (need > 0 && mdl) {
        if (offset < mdl->ByteCount && mdl->MappedSystemVa) {
            ULONG n = mdl->ByteCount - offset < need ? mdl->ByteCount - offset : need;
            memcpy(out, (UCHAR *)mdl->MappedSystemVa + offset, n);
            out += n;
            need -= n;
            offset = 0;
        } else {
            offset -= mdl->ByteCount < offset ? mdl->ByteCount : offset;
        }
        mdl = mdl->Next;
    }
    return need == 0;
}

PVOID NdisGetDataBuffer(PNET_BUFFER NetBuffer, ULONG BytesNeeded, PVOID Storage, ULONG AlignMultiple,
                        ULONG AlignOffset)
{
    PVOID result = NULL;
    const char *how = "too_short";
    if (NetBuffer && NET_BUFFER_DATA_LENGTH(NetBuffer) >= BytesNeeded && NetBuffer->CurrentMdl) {
        PMDL mdl = NetBuffer->CurrentMdl;
        ULONG offset = NetBuffer->CurrentMdlOffset;
        UCHAR *at = mdl->MappedSystemVa ? (UCHAR *)mdl->MappedSystemVa + offset : NULL;
        if (at && offset <= mdl->ByteCount && mdl->ByteCount - offset >= BytesNeeded &&
            aligned(at, AlignMultiple, AlignOffset)) {
            result = at;
            how = "contiguous";
        } else if (Storage && copy_chain(mdl, offset, BytesNeeded, Storage)) {
            result = Storage;
            how = "copied";
        } else {
            how = Storage ? "bad_mdl_chain" : "not_contiguous";
        }
    }
    HOST_DDI_VOID("NdisGetDataBuffer", TA_PTR("NetBuffer", NetBuffer), TA_INT("BytesNeeded", BytesNeeded),
                  TA_PTR("Storage", Storage), TA_STR("result", how));
    return result;
}
