/* Spin locks, events, timer objects, IO work items, stalls and sleeps. */
#ifndef MPC_NDIS_SYNC_H
#define MPC_NDIS_SYNC_H

/* ---- IRQL ---- */
#define NDIS_CURRENT_IRQL() KeGetCurrentIrql()
#define NDIS_RAISE_IRQL_TO_DISPATCH(_pIrql_) KeRaiseIrql(DISPATCH_LEVEL, (_pIrql_))
#define NDIS_LOWER_IRQL(_OldIrql_, _CurIrql_) \
    do { if ((_OldIrql_) != (_CurIrql_)) KeLowerIrql(_OldIrql_); } while (0)

/* ---- spin locks ---- */
typedef struct _NDIS_SPIN_LOCK {
    KSPIN_LOCK SpinLock;
    KIRQL OldIrql;
} NDIS_SPIN_LOCK, *PNDIS_SPIN_LOCK;

extern VOID NdisAllocateSpinLock(_Out_ PNDIS_SPIN_LOCK SpinLock);
extern VOID NdisFreeSpinLock(_In_ PNDIS_SPIN_LOCK SpinLock);
extern VOID NdisAcquireSpinLock(_Inout_ PNDIS_SPIN_LOCK SpinLock);
extern VOID NdisReleaseSpinLock(_Inout_ PNDIS_SPIN_LOCK SpinLock);
extern VOID NdisDprAcquireSpinLock(_Inout_ PNDIS_SPIN_LOCK SpinLock);
extern VOID NdisDprReleaseSpinLock(_Inout_ PNDIS_SPIN_LOCK SpinLock);

extern PLIST_ENTRY NdisInterlockedInsertHeadList(_In_ PLIST_ENTRY ListHead, _In_ PLIST_ENTRY ListEntry,
                                                 _In_ PNDIS_SPIN_LOCK SpinLock);
extern PLIST_ENTRY NdisInterlockedInsertTailList(_In_ PLIST_ENTRY ListHead, _In_ PLIST_ENTRY ListEntry,
                                                 _In_ PNDIS_SPIN_LOCK SpinLock);
extern PLIST_ENTRY NdisInterlockedRemoveHeadList(_In_ PLIST_ENTRY ListHead, _In_ PNDIS_SPIN_LOCK SpinLock);

#define NdisInitializeListHead(_ListHead) InitializeListHead(_ListHead)
#define NdisInterlockedIncrement(Addend) InterlockedIncrement(Addend)
#define NdisInterlockedDecrement(Addend) InterlockedDecrement(Addend)
#define NdisInterlockedExchange(Target, Value) InterlockedExchange((Target), (Value))
#define NdisInterlockedAddUlong(_Addend, _Increment, _SpinLock) \
    ((void)(_SpinLock), (ULONG)InterlockedExchangeAdd((LONG volatile *)(_Addend), (LONG)(_Increment)))

/* ---- events ---- */
typedef struct _NDIS_EVENT {
    KEVENT Event;
} NDIS_EVENT, *PNDIS_EVENT;

extern VOID NdisInitializeEvent(_Out_ PNDIS_EVENT Event);
extern VOID NdisSetEvent(_In_ PNDIS_EVENT Event);
extern VOID NdisResetEvent(_In_ PNDIS_EVENT Event);
extern BOOLEAN NdisWaitEvent(_In_ PNDIS_EVENT Event, _In_ UINT MsToWait);

/* ---- timer objects ---- */
typedef VOID (NDIS_TIMER_FUNCTION)(_In_ PVOID SystemSpecific1, _In_ PVOID FunctionContext,
                                   _In_ PVOID SystemSpecific2, _In_ PVOID SystemSpecific3);
typedef NDIS_TIMER_FUNCTION *PNDIS_TIMER_FUNCTION;

#define NDIS_TIMER_CHARACTERISTICS_REVISION_1 1

typedef struct _NDIS_TIMER_CHARACTERISTICS {
    NDIS_OBJECT_HEADER Header;   /* NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS */
    ULONG AllocationTag;
    PNDIS_TIMER_FUNCTION TimerFunction;
    PVOID FunctionContext;
} NDIS_TIMER_CHARACTERISTICS, *PNDIS_TIMER_CHARACTERISTICS;

#define NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1 \
    RTL_SIZEOF_THROUGH_FIELD(NDIS_TIMER_CHARACTERISTICS, FunctionContext)

extern NDIS_STATUS NdisAllocateTimerObject(_In_ NDIS_HANDLE NdisHandle,
                                           _In_ PNDIS_TIMER_CHARACTERISTICS TimerCharacteristics,
                                           _Out_ PNDIS_HANDLE pTimerObject);
extern VOID NdisFreeTimerObject(_In_ NDIS_HANDLE TimerObject);
/* DueTime in 100 ns units, negative = relative. TRUE when the timer was already queued. */
extern BOOLEAN NdisSetTimerObject(_In_ NDIS_HANDLE TimerObject, _In_ LARGE_INTEGER DueTime,
                                  _In_opt_ LONG MillisecondsPeriod, _In_opt_ PVOID FunctionContext);
extern BOOLEAN NdisCancelTimerObject(_In_ NDIS_HANDLE TimerObject);

/* ---- IO work items ---- */
typedef VOID (NDIS_IO_WORKITEM_FUNCTION)(_In_opt_ PVOID WorkItemContext, _In_ NDIS_HANDLE NdisIoWorkItemHandle);
typedef NDIS_IO_WORKITEM_FUNCTION *NDIS_IO_WORKITEM_ROUTINE;

extern NDIS_HANDLE NdisAllocateIoWorkItem(_In_ NDIS_HANDLE NdisObjectHandle);
extern VOID NdisQueueIoWorkItem(_In_ NDIS_HANDLE NdisIoWorkItemHandle, _In_ NDIS_IO_WORKITEM_ROUTINE Routine,
                                _In_opt_ PVOID WorkItemContext);
extern VOID NdisFreeIoWorkItem(_In_ NDIS_HANDLE NdisIoWorkItemHandle);

/* ---- time ---- */
extern VOID NdisStallExecution(_In_ ULONG MicrosecondsToStall);
extern VOID NdisMSleep(_In_ ULONG MicrosecondsToSleep);
extern UINT NdisGetVersion(void);
/* What NdisGetVersion answers, per NDIS release (ndis.h; major << 16 | minor). */
#define NDIS_RUNTIME_VERSION_60  ((6 << 16) | 0)
#define NDIS_RUNTIME_VERSION_61  ((6 << 16) | 1)
#define NDIS_RUNTIME_VERSION_620 ((6 << 16) | 20)
#define NDIS_RUNTIME_VERSION_630 ((6 << 16) | 30)
#define NDIS_RUNTIME_VERSION_640 ((6 << 16) | 40)
#define NDIS_RUNTIME_VERSION_650 ((6 << 16) | 50)
#define NDIS_RUNTIME_VERSION_660 ((6 << 16) | 60)
#define NDIS_RUNTIME_VERSION_670 ((6 << 16) | 70)
#define NDIS_RUNTIME_VERSION_680 ((6 << 16) | 80)
#define NDIS_RUNTIME_VERSION_681 ((6 << 16) | 81)
#define NDIS_RUNTIME_VERSION_682 ((6 << 16) | 82)
#define NDIS_RUNTIME_VERSION_683 ((6 << 16) | 83)
#define NDIS_RUNTIME_VERSION_684 ((6 << 16) | 84)
#define NDIS_RUNTIME_VERSION_685 ((6 << 16) | 85)
#define NDIS_RUNTIME_VERSION_686 ((6 << 16) | 86)
extern VOID NdisGetCurrentSystemTime(_Out_ PLARGE_INTEGER pSystemTime);
/* NDIS 6.20: milliseconds since the system started (WDK page nf-ndis-ndisgetsystemuptimeex). */
extern VOID NdisGetSystemUpTimeEx(_Out_ PLARGE_INTEGER pSystemUpTime);

#endif
