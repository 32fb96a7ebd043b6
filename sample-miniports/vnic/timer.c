/* The adapter timer: the simulated device's clock.  It runs every
 * VNIC_TIMER_PERIOD_MS from Initialize to Halt (re-armed by each run) and is
 * kicked to run at once whenever an operation the driver pended has work
 * to finish.  Each run completes transmitted frames, finishes pended
 * restart / pause / reset / OID requests, re-announces the link after a
 * reset and, while Running, delivers frames from the virtual wire. */
#include "vnic.h"

/* A timer object of the adapter that calls Function with the adapter. */
static NDIS_STATUS
VnicAllocateTimerObject(PVNIC_ADAPTER Adapter, PNDIS_TIMER_FUNCTION Function, PNDIS_HANDLE Timer)
{
    NDIS_TIMER_CHARACTERISTICS TimerCharacteristics;

    NdisZeroMemory(&TimerCharacteristics, sizeof(TimerCharacteristics));
    TimerCharacteristics.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    TimerCharacteristics.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    TimerCharacteristics.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    TimerCharacteristics.AllocationTag = VNIC_TAG;
    TimerCharacteristics.TimerFunction = Function;
    TimerCharacteristics.FunctionContext = Adapter;
    return NdisAllocateTimerObject(Adapter->AdapterHandle, &TimerCharacteristics, Timer);
}

#if defined(VNIC_PERIODIC_WATCHDOG)
/* VNIC_PERIODIC_WATCHDOG: a second timer, set once as a periodic timer
 * (NdisSetTimerObject with a MillisecondsPeriod), that only counts ticks. */
#define VNIC_WATCHDOG_PERIOD_MS 500

static VOID
VnicWatchdogFunction(PVOID SystemSpecific1, PVOID FunctionContext,
                     PVOID SystemSpecific2, PVOID SystemSpecific3)
{
    PVNIC_ADAPTER Adapter = (PVNIC_ADAPTER)FunctionContext;

    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);
    InterlockedIncrement(&Adapter->WatchdogTicks);
}

static NDIS_STATUS
VnicAllocateWatchdog(PVNIC_ADAPTER Adapter)
{
    LARGE_INTEGER DueTime;
    NDIS_STATUS Status;

    Status = VnicAllocateTimerObject(Adapter, VnicWatchdogFunction, &Adapter->Watchdog);
    if (Status == NDIS_STATUS_SUCCESS) {
        DueTime.QuadPart = -10000LL * VNIC_WATCHDOG_PERIOD_MS;
        NdisSetTimerObject(Adapter->Watchdog, DueTime, VNIC_WATCHDOG_PERIOD_MS, NULL);
    }
    return Status;
}

/* NdisCancelTimerObject page: for a periodic timer "NdisCancelTimerObject
 * calls KeFlushQueuedDpcs to ensure that the timer is not currently
 * running", so nothing is left to wait for once it returns. */
static VOID
VnicStopAndFreeWatchdog(PVNIC_ADAPTER Adapter)
{
#if defined(VNIC_BUG_PERIODIC_CANCEL_DISPATCH)
    /* IRQL-CANCEL-PERIODIC-TIMER: cancelled under the adapter lock, at
     * DISPATCH_LEVEL; a periodic timer must be cancelled at PASSIVE_LEVEL. */
    NdisAcquireSpinLock(&Adapter->Lock);
    (VOID)NdisCancelTimerObject(Adapter->Watchdog);
    NdisReleaseSpinLock(&Adapter->Lock);
#else
    (VOID)NdisCancelTimerObject(Adapter->Watchdog);
#endif
    NdisFreeTimerObject(Adapter->Watchdog);
    Adapter->Watchdog = NULL;
}
#endif

NDIS_STATUS
VnicAllocateTimer(PVNIC_ADAPTER Adapter)
{
    NDIS_STATUS Status;

    Status = VnicAllocateTimerObject(Adapter, VnicTimerFunction, &Adapter->Timer);
    if (Status == NDIS_STATUS_SUCCESS) {
        VnicArmTimer(Adapter, VNIC_TIMER_PERIOD_MS);
    }
#if defined(VNIC_PERIODIC_WATCHDOG)
    if (Status == NDIS_STATUS_SUCCESS) {
        Status = VnicAllocateWatchdog(Adapter);
        if (Status != NDIS_STATUS_SUCCESS) {
            VnicStopAndFreeTimer(Adapter);
        }
    }
#endif
    return Status;
}

VOID
VnicArmTimer(PVNIC_ADAPTER Adapter, ULONG Milliseconds)
{
    LARGE_INTEGER DueTime;

    if (Adapter->Halting) {
        return;
    }
    /* Relative due time, in 100 ns units; at least one unit. */
    DueTime.QuadPart = Milliseconds == 0 ? -1 : -10000LL * (LONGLONG)Milliseconds;
    InterlockedExchange(&Adapter->TimerQueued, 1);
    NdisSetTimerObject(Adapter->Timer, DueTime, 0, NULL);
}

/* Runs the timer as soon as possible: some pended operation can finish. */
VOID
VnicKickTimer(PVNIC_ADAPTER Adapter)
{
    VnicArmTimer(Adapter, 0);
}

/* Halt's timer step: stop the timer, wait out a run that could not be
 * cancelled (MINIPORT_HALT: "the driver should wait for the timer function
 * to complete before the driver returns"), then free the object. */
VOID
VnicStopAndFreeTimer(PVNIC_ADAPTER Adapter)
{
    Adapter->Halting = TRUE;

#if defined(VNIC_PERIODIC_WATCHDOG)
    if (Adapter->Watchdog != NULL) {
        VnicStopAndFreeWatchdog(Adapter);
    }
#endif

#if defined(VNIC_BUG_HALT_CANCEL_TIMERS)
    /* HALT-CANCEL-TIMERS: the timer is freed while it may still be queued. */
#elif defined(VNIC_BUG_HALT_WAIT_TIMER_FUNCTION)
    /* HALT-WAIT-TIMER-FUNCTION: the result of the cancel is ignored, so a
     * timer function that already fired may still be running. */
    (VOID)NdisCancelTimerObject(Adapter->Timer);
#else
    if (NdisCancelTimerObject(Adapter->Timer)) {
        InterlockedExchange(&Adapter->TimerQueued, 0);
    } else {
        while (Adapter->TimerQueued) {
            NdisMSleep(VNIC_HALT_POLL_US);
        }
    }
#endif

    NdisFreeTimerObject(Adapter->Timer);
    Adapter->Timer = NULL;
}

_Use_decl_annotations_
VOID
VnicTimerFunction(PVOID SystemSpecific1, PVOID FunctionContext,
                  PVOID SystemSpecific2, PVOID SystemSpecific3)
{
    PVNIC_ADAPTER Adapter = (PVNIC_ADAPTER)FunctionContext;
    BOOLEAN Running;

    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);

    if (Adapter->Halting) {
        /* Halt is waiting for this run to end; touch nothing else. */
        InterlockedExchange(&Adapter->TimerQueued, 0);
        return;
    }

#if defined(VNIC_BUG_IRQL_SPINLOCK_MISMATCH)
    /* IRQL-SPINLOCK-MISMATCH: acquired with the Dpr variant (IRQL already
     * DISPATCH_LEVEL) but released with the variant that restores an IRQL
     * it never saved. */
    NdisDprAcquireSpinLock(&Adapter->Lock);
    Running = (Adapter->State == VnicStateRunning);
    NdisReleaseSpinLock(&Adapter->Lock);
#else
    NdisDprAcquireSpinLock(&Adapter->Lock);
    Running = (Adapter->State == VnicStateRunning);
    NdisDprReleaseSpinLock(&Adapter->Lock);
#endif

    /* The transmit engine finished everything queued so far. */
    VnicCompleteQueuedSends(Adapter, NDIS_STATUS_SUCCESS, TRUE);

    VnicCompletePendingOid(Adapter, FALSE);
    VnicFinishPendingReset(Adapter);

    if (Adapter->LinkUpPending && !Adapter->ResetPending) {
        Adapter->LinkUpPending = FALSE;
#if !defined(VNIC_BUG_RESET_LINK_STATE)
        /* RESET-LINK-STATE (when left out): the link came back after the
         * reset and must be announced as Connected again. */
        VnicIndicateLinkState(Adapter, MediaConnectStateConnected);
#endif
    }

    VnicFinishPendingRestart(Adapter);

    /* A frame stays on the wire until the receive buffer is free for it. */
    if (Running && Adapter->State == VnicStateRunning && Adapter->RxFramesOnWire > 0 &&
        VnicIndicateReceive(Adapter)) {
        Adapter->RxFramesOnWire--;
    }
    VnicFinishPendingPause(Adapter);

    VnicRequestResetIfAsked(Adapter);

    VnicArmTimer(Adapter, VNIC_TIMER_PERIOD_MS);
}
