/* The NDIS 6.0 read/write lock (harness/host/ndis/rwlock.c). Layout as the WDK's
 * (mingw-w64 10.0.0 ddk/ndis.h:595-622); drivers must not touch members. */
#ifndef MPC_NDIS_RWLOCK_H
#define MPC_NDIS_RWLOCK_H

typedef union _NDIS_RW_LOCK_REFCOUNT {
    UINT RefCount;
    UCHAR cacheLine[16];
} NDIS_RW_LOCK_REFCOUNT;

typedef struct _NDIS_RW_LOCK {
    union {
        struct {
            KSPIN_LOCK SpinLock;
            PVOID Context;
        };
        UCHAR Reserved[16];
    };
    union {
        NDIS_RW_LOCK_REFCOUNT RefCount[MAXIMUM_PROCESSORS];
        ULONG RefCountEx[sizeof(NDIS_RW_LOCK_REFCOUNT) / sizeof(ULONG) * MAXIMUM_PROCESSORS];
        struct {
            KSPIN_LOCK RefCountLock;
            volatile ULONG SharedRefCount;
            volatile BOOLEAN WriterWaiting;
        };
    };
} NDIS_RW_LOCK, *PNDIS_RW_LOCK;

typedef struct _LOCK_STATE {
    USHORT LockState;
    KIRQL OldIrql;
} LOCK_STATE, *PLOCK_STATE;

extern VOID NdisInitializeReadWriteLock(_Out_ PNDIS_RW_LOCK Lock);
extern VOID NdisAcquireReadWriteLock(_Inout_ PNDIS_RW_LOCK Lock, _In_ BOOLEAN fWrite,
                                     _Out_ PLOCK_STATE LockState);
extern VOID NdisReleaseReadWriteLock(_Inout_ PNDIS_RW_LOCK Lock, _In_ PLOCK_STATE LockState);

/* The NDIS 6.20 read/write lock (harness/host/ndis/rwlock_ex.c): allocated by
 * NDIS, opaque to drivers (WDK page nf-ndis-ndisallocaterwlock: "returns a
 * pointer to an NDIS_RW_LOCK_EX structure ... otherwise it returns NULL").
 * LOCK_STATE_EX layout: WDK page ns-ndis-_lock_state_ex. */
typedef struct _NDIS_RW_LOCK_EX NDIS_RW_LOCK_EX, *PNDIS_RW_LOCK_EX;

typedef struct _LOCK_STATE_EX {
    KIRQL OldIrql;
    UCHAR LockState;
    UCHAR Flags;
} LOCK_STATE_EX, *PLOCK_STATE_EX;

/* Flags of NdisAcquireRWLockRead/Write: the caller is already at DISPATCH_LEVEL. */
#define NDIS_RWL_AT_DISPATCH_LEVEL 1

extern PNDIS_RW_LOCK_EX NdisAllocateRWLock(_In_opt_ NDIS_HANDLE NdisHandle);
extern VOID NdisFreeRWLock(_In_ PNDIS_RW_LOCK_EX Lock);
extern VOID NdisAcquireRWLockRead(_In_ PNDIS_RW_LOCK_EX Lock, _Out_ PLOCK_STATE_EX LockState, _In_ UCHAR Flags);
extern VOID NdisAcquireRWLockWrite(_In_ PNDIS_RW_LOCK_EX Lock, _Out_ PLOCK_STATE_EX LockState, _In_ UCHAR Flags);
extern VOID NdisReleaseRWLock(_In_ PNDIS_RW_LOCK_EX Lock, _In_ PLOCK_STATE_EX LockState);

#endif
