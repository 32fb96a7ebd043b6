/* Executive synchronization a miniport takes outside NDIS's own locks:
 * ERESOURCE reader/writer resources (at most APC_LEVEL, inside a critical
 * region) and EX_SPIN_LOCK reader/writer spin locks (raise to
 * DISPATCH_LEVEL).  Emulated: harness/host/ndis/ex_resource.c,
 * ex_spinlock.c.  Signatures from the WDK pages (learn.microsoft.com,
 * windows-hardware/drivers/ddi/wdm/): "ExInitializeResourceLite function
 * (wdm.h)", "ExAcquireResourceExclusiveLite function (wdm.h)",
 * "ExAcquireSpinLockShared function (wdm.h)" and their siblings named
 * below. */
#ifndef MPC_WDM_EX_H
#define MPC_WDM_EX_H

/* ---- driver runtime ("ExInitializeDriverRuntime function (wdm.h)") ---- */
/* The WDK defines it inline: with POOL_NX_OPTIN it makes NonPagedPool mean
 * NonPagedPoolNx.  The emulated pool is one kind of memory, so nothing
 * changes here. */
#define DrvRtPoolNxOptIn 0x00000001
static inline VOID ExInitializeDriverRuntime(_In_ ULONG RuntimeFlags) { (void)RuntimeFlags; }

/* ---- executive resources (ERESOURCE) ---- */
typedef ULONG_PTR ERESOURCE_THREAD, *PERESOURCE_THREAD;

typedef struct _OWNER_ENTRY {
    ERESOURCE_THREAD OwnerThread;
    union {
        ULONG TableSize;
        ULONG OwnerCount;
    };
} OWNER_ENTRY, *POWNER_ENTRY;

/* Opaque to drivers ("must not be accessed directly"); the layout of the
 * WDK's x64 structure, which the emulation uses for its own bookkeeping. */
typedef struct _ERESOURCE {
    LIST_ENTRY SystemResourcesList;
    POWNER_ENTRY OwnerTable;
    SHORT ActiveCount;
    USHORT Flag;
    PVOID SharedWaiters;
    PVOID ExclusiveWaiters;
    OWNER_ENTRY OwnerEntry;
    ULONG ActiveEntries;
    ULONG ContentionCount;
    ULONG NumberOfSharedWaiters;
    ULONG NumberOfExclusiveWaiters;
    PVOID Reserved2;
    union {
        PVOID Address;
        ULONG_PTR CreatorBackTraceIndex;
    };
    KSPIN_LOCK SpinLock;
} ERESOURCE, *PERESOURCE;

extern NTSTATUS ExInitializeResourceLite(_Out_ PERESOURCE Resource);
extern NTSTATUS ExDeleteResourceLite(_Inout_ PERESOURCE Resource);
extern BOOLEAN ExAcquireResourceExclusiveLite(_Inout_ PERESOURCE Resource, _In_ BOOLEAN Wait);
extern BOOLEAN ExAcquireResourceSharedLite(_Inout_ PERESOURCE Resource, _In_ BOOLEAN Wait);
extern BOOLEAN ExAcquireSharedStarveExclusive(_Inout_ PERESOURCE Resource, _In_ BOOLEAN Wait);
extern VOID ExReleaseResourceLite(_Inout_ PERESOURCE Resource);
#define ExReleaseResource(R) (ExReleaseResourceLite(R))

/* ---- reader/writer spin locks ("ExAcquireSpinLockExclusive function (wdm.h)") ---- */
typedef volatile LONG EX_SPIN_LOCK, *PEX_SPIN_LOCK;

extern KIRQL ExAcquireSpinLockExclusive(_Inout_ PEX_SPIN_LOCK SpinLock);
extern VOID ExReleaseSpinLockExclusive(_Inout_ PEX_SPIN_LOCK SpinLock, _In_ KIRQL OldIrql);
extern KIRQL ExAcquireSpinLockShared(_Inout_ PEX_SPIN_LOCK SpinLock);
extern VOID ExReleaseSpinLockShared(_Inout_ PEX_SPIN_LOCK SpinLock, _In_ KIRQL OldIrql);

#endif
