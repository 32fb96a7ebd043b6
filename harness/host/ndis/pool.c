/* Executive pool: ExAllocatePool2, ExAllocatePoolWithTag, ExFreePoolWithTag
 * and ExFreePool.  A pool block is a guarded block of memory.c (guard
 * zones, valgrind announcements, write-after-free quarantine) registered
 * as NDIS_RES_POOL, so NdisFreeMemory cannot release one and ExFreePool
 * cannot release NDIS memory: the ledger judges the reciprocal by the
 * resource table. */
#include "ndis_internal.h"

/* Exactly one of the pool-type flags must be given (POOL_FLAGS page:
 * "one of the following flags must be specified"). */
static int pool_flags_valid(POOL_FLAGS Flags)
{
    POOL_FLAGS type = Flags & (POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED);
    return type != 0 && (type & (type - 1)) == 0;
}

PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag)
{
    /* NULL for Tag 0 or invalid flags (ExAllocatePool2 page, Return value). */
    int valid = Tag != 0 && pool_flags_valid(Flags);
    PVOID block = NULL;
    if (valid && !host_should_fail("ExAllocatePool2")) {
        block = ndis_guarded_alloc(NumberOfBytes, Tag, NDIS_RES_POOL);
        if (block && !(Flags & POOL_FLAG_UNINITIALIZED))
            memset(block, 0, NumberOfBytes);
    }
    HOST_DDI_VOID("ExAllocatePool2", TA_PTR("handle", block), TA_INT("Flags", (int64_t)Flags),
                  TA_INT("NumberOfBytes", (int64_t)NumberOfBytes), TA_INT("Tag", Tag),
                  TA_INT("paged", (Flags & POOL_FLAG_PAGED) != 0), TA_INT("valid", valid));
    return block;
}

PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    PVOID block = host_should_fail("ExAllocatePoolWithTag") ? NULL
                  : ndis_guarded_alloc(NumberOfBytes, Tag, NDIS_RES_POOL);
    HOST_DDI_VOID("ExAllocatePoolWithTag", TA_PTR("handle", block), TA_INT("PoolType", PoolType),
                  TA_INT("NumberOfBytes", (int64_t)NumberOfBytes), TA_INT("Tag", Tag),
                  TA_INT("paged", (PoolType & 1) != 0));
    return block;
}

/* tag < 0: ExFreePool, which names no tag. */
static void free_pool(const char *ddi, PVOID P, int64_t tag)
{
    int64_t allocated = ndis_guarded_length(P, NDIS_RES_POOL);
    int known = allocated >= 0;
    int tag_matches = !known || tag < 0 || (ULONG)tag == ndis_guarded_tag(P);
    trace_arg args[] = { TA_PTR("handle", P), TA_INT("allocated_length", allocated),
                         TA_INT("Tag", tag), TA_INT("tag_matches", tag_matches) };
    host_emit_ddi(ddi, 0, 0, args, tag < 0 ? 2 : 4);
    if (known)    /* else a foreign or double free: the ledger already said so */
        ndis_guarded_free(P, NDIS_RES_POOL);
}

VOID ExFreePoolWithTag(PVOID P, ULONG Tag)
{
    free_pool("ExFreePoolWithTag", P, Tag);
}

VOID ExFreePool(PVOID P)
{
    free_pool("ExFreePool", P, -1);
}
