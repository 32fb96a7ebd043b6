/* Executive pool allocation (emulated: harness/host/ndis/pool.c).  Every block
 * is a guarded block of the host's memory module; ExFreePoolWithTag and
 * ExFreePool are its reciprocals in checks/tables/resources.yaml.
 * POOL_FLAG_* values: the WDK's wdm.h, as republished in public headers
 * (e.g. github.com/Dol3v/HvcNope PoolFlags.h) and the POOL_FLAGS page. */
#ifndef MPC_WDM_POOL_H
#define MPC_WDM_POOL_H

typedef ULONG64 POOL_FLAGS;

#define POOL_FLAG_REQUIRED_START      0x0000000000000001ull
#define POOL_FLAG_USE_QUOTA           0x0000000000000001ull
#define POOL_FLAG_UNINITIALIZED       0x0000000000000002ull
#define POOL_FLAG_SESSION             0x0000000000000004ull
#define POOL_FLAG_CACHE_ALIGNED       0x0000000000000008ull
#define POOL_FLAG_RESERVED1           0x0000000000000010ull
#define POOL_FLAG_RAISE_ON_FAILURE    0x0000000000000020ull
#define POOL_FLAG_NON_PAGED           0x0000000000000040ull
#define POOL_FLAG_NON_PAGED_EXECUTE   0x0000000000000080ull
#define POOL_FLAG_PAGED               0x0000000000000100ull
#define POOL_FLAG_RESERVED2           0x0000000000000200ull
#define POOL_FLAG_RESERVED3           0x0000000000000400ull
#define POOL_FLAG_REQUIRED_END        0x0000000080000000ull
#define POOL_FLAG_OPTIONAL_START      0x0000000100000000ull
#define POOL_FLAG_SPECIAL_POOL        0x0000000100000000ull
#define POOL_FLAG_OPTIONAL_END        0x8000000000000000ull

/* Zeroed unless POOL_FLAG_UNINITIALIZED; NULL for Tag 0 or invalid flags. */
extern PVOID ExAllocatePool2(_In_ POOL_FLAGS Flags, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);
extern PVOID ExAllocatePoolWithTag(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);
extern VOID ExFreePoolWithTag(_In_ PVOID P, _In_ ULONG Tag);
extern VOID ExFreePool(_In_ PVOID P);

/* As in the WDK: ExAllocatePool is ExAllocatePoolWithTag with the tag 'enoN'. */
#define ExAllocatePool(PoolType, NumberOfBytes) ExAllocatePoolWithTag((PoolType), (NumberOfBytes), 0x656E6F4Eu)

/* The WDK's inline wrappers for drivers built for releases before ExAllocatePool2. */
static inline PVOID ExAllocatePoolZero(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag)
{
    PVOID block = ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
    if (block)
        __builtin_memset(block, 0, NumberOfBytes);
    return block;
}
static inline PVOID ExAllocatePoolUninitialized(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag)
{
    return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

#endif
