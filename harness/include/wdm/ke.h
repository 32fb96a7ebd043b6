/* Kernel dispatcher routines beyond DPCs and spin locks: events, waits,
 * delays, the spin-lock acquire that raises to DISPATCH_LEVEL, and bug
 * checks (emulated: harness/host/ndis/ke_event.c, ke_spinlock.c, bugcheck.c).
 * Enumeration values: mingw-w64 ddk/wdm.h and winnt.h; bug-check codes:
 * mingw-w64 bugcodes.h (independent public headers). */
#ifndef MPC_WDM_KE_H
#define MPC_WDM_KE_H

/* ---- events and waits ---- */
typedef enum _EVENT_TYPE {
    NotificationEvent = 0,      /* stays signaled until reset */
    SynchronizationEvent = 1    /* a satisfied wait resets it */
} EVENT_TYPE;

typedef enum _WAIT_TYPE { WaitAll = 0, WaitAny = 1 } WAIT_TYPE;

typedef enum _KWAIT_REASON {
    Executive = 0, FreePage, PageIn, PoolAllocation, DelayExecution, Suspended, UserRequest,
    WrExecutive, WrFreePage, WrPageIn, WrPoolAllocation, WrDelayExecution, WrSuspended,
    WrUserRequest, WrEventPair, WrQueue, WrLpcReceive, WrLpcReply, WrVirtualMemory,
    WrPageOut, WrRendezvous, MaximumWaitReason = 37
} KWAIT_REASON;

typedef LONG KPRIORITY;
#define IO_NO_INCREMENT 0
#define EVENT_INCREMENT 1
#define IO_NETWORK_INCREMENT 2

extern VOID KeInitializeEvent(_Out_ PRKEVENT Event, _In_ EVENT_TYPE Type, _In_ BOOLEAN State);
/* The previous signal state. */
extern LONG KeSetEvent(_Inout_ PRKEVENT Event, _In_ KPRIORITY Increment, _In_ BOOLEAN Wait);
extern VOID KeClearEvent(_Inout_ PRKEVENT Event);
extern LONG KeResetEvent(_Inout_ PRKEVENT Event);
extern LONG KeReadStateEvent(_In_ PRKEVENT Event);
/* Object must be a KEVENT here.  Timeout: NULL waits without end, a
 * negative value is relative in 100 ns units, 0 only tests the state.
 * STATUS_SUCCESS when signaled, STATUS_TIMEOUT otherwise. */
extern NTSTATUS KeWaitForSingleObject(_In_ PVOID Object, _In_ KWAIT_REASON WaitReason,
                                      _In_ KPROCESSOR_MODE WaitMode, _In_ BOOLEAN Alertable,
                                      _In_opt_ PLARGE_INTEGER Timeout);
/* Interval: negative relative, positive absolute, both in 100 ns units. */
extern NTSTATUS KeDelayExecutionThread(_In_ KPROCESSOR_MODE WaitMode, _In_ BOOLEAN Alertable,
                                       _In_ PLARGE_INTEGER Interval);
extern VOID KeStallExecutionProcessor(_In_ ULONG MicroSeconds);
/* The virtual clock in 100 ns units: time since boot, and system time
 * (emulated: harness/host/ndis/ke_tick.c). */
extern ULONGLONG KeQueryInterruptTime(void);
extern VOID KeQuerySystemTime(_Out_ PLARGE_INTEGER CurrentTime);

/* ---- spin locks raising the IRQL (x64: the WDK's macro over the RaiseToDpc form) ---- */
extern KIRQL KeAcquireSpinLockRaiseToDpc(_Inout_ PKSPIN_LOCK SpinLock);
#define KeAcquireSpinLock(SpinLock, OldIrql) (*(OldIrql) = KeAcquireSpinLockRaiseToDpc(SpinLock))

/* ---- bug checks: a finding for the driver, the scenario ends there ---- */
#define MAXIMUM_WAIT_OBJECTS_EXCEEDED ((ULONG)0x0000000C)
#define IRQL_NOT_LESS_OR_EQUAL ((ULONG)0x0000000A)
#define BAD_POOL_HEADER ((ULONG)0x00000019)
#define KMODE_EXCEPTION_NOT_HANDLED ((ULONG)0x0000001E)
#define NDIS_INTERNAL_ERROR ((ULONG)0x0000004F)
#define PAGE_FAULT_IN_NONPAGED_AREA ((ULONG)0x00000050)
#define SYSTEM_THREAD_EXCEPTION_NOT_HANDLED ((ULONG)0x0000007E)
#define BAD_POOL_CALLER ((ULONG)0x000000C2)
#define DRIVER_CORRUPTED_EXPOOL ((ULONG)0x000000C5)
#define DRIVER_IRQL_NOT_LESS_OR_EQUAL ((ULONG)0x000000D1)
#define MANUALLY_INITIATED_CRASH ((ULONG)0x000000E2)

extern DECLSPEC_NORETURN VOID KeBugCheckEx(_In_ ULONG BugCheckCode, _In_ ULONG_PTR BugCheckParameter1,
                                           _In_ ULONG_PTR BugCheckParameter2, _In_ ULONG_PTR BugCheckParameter3,
                                           _In_ ULONG_PTR BugCheckParameter4);
extern DECLSPEC_NORETURN VOID KeBugCheck(_In_ ULONG BugCheckCode);

/* ---- queued spin locks ("KeAcquireInStackQueuedSpinLock function (wdm.h)",
 * emulated: harness/host/ndis/ke_queued_spinlock.c) ---- */
typedef struct _KSPIN_LOCK_QUEUE {
    struct _KSPIN_LOCK_QUEUE *volatile Next;
    PKSPIN_LOCK volatile Lock;
} KSPIN_LOCK_QUEUE, *PKSPIN_LOCK_QUEUE;
typedef struct _KLOCK_QUEUE_HANDLE {
    KSPIN_LOCK_QUEUE LockQueue;
    KIRQL OldIrql;
} KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;
extern VOID KeAcquireInStackQueuedSpinLock(_Inout_ PKSPIN_LOCK SpinLock, _Out_ PKLOCK_QUEUE_HANDLE LockHandle);
extern VOID KeReleaseInStackQueuedSpinLock(_In_ PKLOCK_QUEUE_HANDLE LockHandle);

/* ---- critical regions ("KeEnterCriticalRegion function (ntddk.h)";
 * emulated: harness/host/ndis/ex_resource.c) ---- */
extern VOID KeEnterCriticalRegion(void);
extern VOID KeLeaveCriticalRegion(void);

/* ---- threads and the performance counter ("KeGetCurrentThread function
 * (wdm.h)", "KeSetPriorityThread function (wdm.h)",
 * "KeQueryPerformanceCounter function (wdm.h)"; emulated:
 * harness/host/ndis/ke_thread.c) and multi-object waits
 * ("KeWaitForMultipleObjects function (wdm.h)"; ke_event.c, events only,
 * as KeWaitForSingleObject) ---- */
typedef struct _KTHREAD *PKTHREAD, *PRKTHREAD;
/* Thread priorities (wdm.h). */
#define LOW_PRIORITY 0
#define LOW_REALTIME_PRIORITY 16
#define HIGH_PRIORITY 31
#define MAXIMUM_PRIORITY 32
#define THREAD_WAIT_OBJECTS 3
#define MAXIMUM_WAIT_OBJECTS 64
typedef struct _KWAIT_BLOCK {
    LIST_ENTRY WaitListEntry;
    UCHAR WaitType;
    volatile UCHAR BlockState;
    USHORT WaitKey;
    LONG SpareLong;
    struct _KTHREAD *Thread;
    PVOID Object;
    PVOID SparePtr;
} KWAIT_BLOCK, *PKWAIT_BLOCK, *PRKWAIT_BLOCK;
extern PKTHREAD KeGetCurrentThread(void);
extern KPRIORITY KeSetPriorityThread(_Inout_ PKTHREAD Thread, _In_ KPRIORITY Priority);
extern LARGE_INTEGER KeQueryPerformanceCounter(_Out_opt_ PLARGE_INTEGER PerformanceFrequency);
extern NTSTATUS KeWaitForMultipleObjects(_In_ ULONG Count, _In_reads_(Count) PVOID Object[], _In_ WAIT_TYPE WaitType,
                                         _In_ KWAIT_REASON WaitReason, _In_ KPROCESSOR_MODE WaitMode,
                                         _In_ BOOLEAN Alertable, _In_opt_ PLARGE_INTEGER Timeout,
                                         _Out_opt_ PKWAIT_BLOCK WaitBlockArray);

#endif
