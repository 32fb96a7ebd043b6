/* MiniportResetEx and MiniportCheckForHangEx.  A reset aborts whatever is
 * queued, drops the link (announced again as Connected from the timer once
 * the reset is over) and either finishes at once or pends on the timer: it
 * never waits longer than VNIC_RESET_SETTLE_US in place. */
#include "vnic.h"

#if defined(VNIC_BUG_HOST_HANG) || defined(VNIC_BUG_POLL_FOREVER)
/* Status register of the simulated device: the "reset done" bit never sets. */
static volatile ULONG VnicDeviceStatus;
#define VNIC_STATUS_RESET_DONE 0x80000000u
#endif

/* Sends and OID requests in flight are completed before the reset returns. */
static VOID
VnicAbortRequests(PVNIC_ADAPTER Adapter)
{
#if defined(VNIC_BUG_RESET_REQUESTS)
    /* RESET-REQUESTS-COMPLETED: the hardware reset re-initialises the
     * transmit ring and the OID slot, dropping what was in them. */
    NdisAcquireSpinLock(&Adapter->Lock);
    Adapter->SendHead = NULL;
    Adapter->SendTail = NULL;
    Adapter->SendsQueued = 0;
    Adapter->PendingOid = NULL;
    NdisReleaseSpinLock(&Adapter->Lock);
#else
    VnicCompleteQueuedSends(Adapter, NDIS_STATUS_SEND_ABORTED, FALSE);
    VnicCompletePendingOid(Adapter, TRUE);
#endif
}

static VOID
VnicIndicateResetBoundary(PVNIC_ADAPTER Adapter, NDIS_STATUS Boundary)
{
#if defined(VNIC_BUG_RESET_INDICATION)
    /* RESET-NO-RESET-INDICATION: the driver announces the start and end of
     * its reset itself; NDIS already does. */
    NDIS_STATUS_INDICATION Indication;

    NdisZeroMemory(&Indication, sizeof(Indication));
    Indication.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
    Indication.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
    Indication.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
    Indication.SourceHandle = Adapter->AdapterHandle;
    Indication.PortNumber = NDIS_DEFAULT_PORT_NUMBER;
    Indication.StatusCode = Boundary;
    NdisMIndicateStatusEx(Adapter->AdapterHandle, &Indication);
#else
    UNREFERENCED_PARAMETER(Adapter);
    UNREFERENCED_PARAMETER(Boundary);
#endif
}

_Use_decl_annotations_
NDIS_STATUS
VnicReset(NDIS_HANDLE MiniportAdapterContext, PBOOLEAN AddressingReset)
{
    PVNIC_ADAPTER Adapter = (PVNIC_ADAPTER)MiniportAdapterContext;
    NDIS_STATUS Status;

    *AddressingReset = FALSE;

    NdisAcquireSpinLock(&Adapter->Lock);
    if (Adapter->ResetInProgress) {
        NdisReleaseSpinLock(&Adapter->Lock);
        return NDIS_STATUS_RESET_IN_PROGRESS;
    }
    Adapter->ResetInProgress = TRUE;
    NdisReleaseSpinLock(&Adapter->Lock);

    VnicIndicateResetBoundary(Adapter, NDIS_STATUS_RESET_START);
    VnicAbortRequests(Adapter);

    /* The PHY restarts: the link is down until the timer sees it back. */
    if (Adapter->LinkState == MediaConnectStateConnected) {
        VnicIndicateLinkState(Adapter, MediaConnectStateDisconnected);
    }
    Adapter->LinkUpPending = TRUE;

#if defined(VNIC_BUG_HOST_HANG)
    /* HOST-HANG: busy-polls for a completion bit instead of pending on a
     * timer; the simulated device never sets it. */
    while ((VnicDeviceStatus & VNIC_STATUS_RESET_DONE) == 0) {
    }
#endif
#if defined(VNIC_BUG_RESET_STATION_ADDRESS)
    /* RESET-STATION-ADDRESS: the device reset reloads the factory address,
     * and the driver forgets to restore the configured one. */
    Adapter->CurrentAddress[5] ^= 0x01;
#endif
#if defined(VNIC_BUG_POLL_FOREVER)
    /* HOST-FLOOD: polls the device with short stalls (each within the 50 us
     * limit) for a bit the simulated device never sets, on the pending path. */
    if (Adapter->Config.ResetMode == VnicResetPending) {
        while ((VnicDeviceStatus & VNIC_STATUS_RESET_DONE) == 0)
            NdisStallExecution(10);
    }
#endif
#if defined(VNIC_BUG_RESET_STALL)
    /* RESET-STALL-50US: waits for the PHY in place, far beyond 50 us. */
    NdisStallExecution(500);
#elif defined(VNIC_BUG_IRQL_SLEEP_IN_RESET)
    /* IRQL-DDI-MAX: a passive-level wait in a callback that can run at
     * DISPATCH_LEVEL. */
    NdisMSleep(1000);
#else
    NdisStallExecution(VNIC_RESET_SETTLE_US);
#endif

    switch (Adapter->Config.ResetMode) {
    case VnicResetPending:
    case VnicResetPendingAddressing:
        NdisAcquireSpinLock(&Adapter->Lock);
        Adapter->ResetPending = TRUE;
        Adapter->ResetAddressing = (Adapter->Config.ResetMode == VnicResetPendingAddressing);
        NdisReleaseSpinLock(&Adapter->Lock);
        *AddressingReset = Adapter->ResetAddressing;
        VnicKickTimer(Adapter);
        return NDIS_STATUS_PENDING;
    case VnicResetSoftErrors:
#if !defined(VNIC_BUG_RESET_ERRORLOG)
        /* RESET-ERRORLOG (when left out): the recoverable error is logged. */
        NdisWriteErrorLogEntry(Adapter->AdapterHandle, VNIC_ERROR_CODE,
                               1, VNIC_ERRLOG_RESET_SOFT);
#endif
        Status = NDIS_STATUS_SOFT_ERRORS;
        break;
    case VnicResetHardErrors:
        NdisWriteErrorLogEntry(Adapter->AdapterHandle, VNIC_ERROR_CODE,
                               1, VNIC_ERRLOG_RESET_HARD);
        Status = NDIS_STATUS_HARD_ERRORS;
        break;
    default:
        Status = NDIS_STATUS_SUCCESS;
        break;
    }

#if defined(VNIC_BUG_RESET_STATUS)
    /* RESET-STATUS: a generic failure is not one of MiniportResetEx's
     * documented answers (HARD_ERRORS would be). */
    NdisWriteErrorLogEntry(Adapter->AdapterHandle, VNIC_ERROR_CODE,
                           1, VNIC_ERRLOG_RESET_HARD);
    Status = NDIS_STATUS_FAILURE;
#endif

    NdisAcquireSpinLock(&Adapter->Lock);
#if !defined(VNIC_BUG_RESET_IN_PROGRESS_FALSE)
    Adapter->ResetInProgress = FALSE;
#endif
    NdisReleaseSpinLock(&Adapter->Lock);

    VnicIndicateResetBoundary(Adapter, NDIS_STATUS_RESET_END);
#if defined(VNIC_BUG_RESET_UNSOLICITED_COMPLETE)
    /* RESET-UNSOLICITED-COMPLETE: the common "reset done" path completes
     * a reset that was not pended. */
    NdisMResetComplete(Adapter->AdapterHandle, Status, FALSE);
#endif
    VnicKickTimer(Adapter);     /* brings the link back */
    return Status;
}

/* Timer: a reset that returned PENDING is finished. */
VOID
VnicFinishPendingReset(PVNIC_ADAPTER Adapter)
{
    BOOLEAN Finish;
    BOOLEAN Addressing;

    NdisDprAcquireSpinLock(&Adapter->Lock);
    Finish = Adapter->ResetPending;
    Addressing = Adapter->ResetAddressing;
    if (Finish) {
        Adapter->ResetPending = FALSE;
        Adapter->ResetAddressing = FALSE;
        Adapter->ResetInProgress = FALSE;
    }
#if defined(VNIC_BUG_RESET_COMPLETE_SPINLOCK)
    /* RESET-COMPLETE-SPINLOCK: the reset is completed under the lock. */
    if (Finish)
        NdisMResetComplete(Adapter->AdapterHandle, NDIS_STATUS_SUCCESS, Addressing);
#endif
    NdisDprReleaseSpinLock(&Adapter->Lock);

    if (Finish) {
        VnicIndicateResetBoundary(Adapter, NDIS_STATUS_RESET_END);
#if !defined(VNIC_BUG_RESET_PENDING_COMPLETE) && !defined(VNIC_BUG_RESET_COMPLETE_SPINLOCK)
        /* RESET-PENDING-COMPLETE (when left out): PENDING must end with
         * NdisMResetComplete. */
        NdisMResetComplete(Adapter->AdapterHandle, NDIS_STATUS_SUCCESS, Addressing);
#else
        UNREFERENCED_PARAMETER(Addressing);
#endif
    }
}

_Use_decl_annotations_
BOOLEAN
VnicCheckForHang(NDIS_HANDLE MiniportAdapterContext)
{
    PVNIC_ADAPTER Adapter = (PVNIC_ADAPTER)MiniportAdapterContext;

    if (Adapter->Config.HangCheckReset && !Adapter->HangReported) {
        Adapter->HangReported = TRUE;
        return TRUE;
    }
#if !NDIS_SUPPORT_NDIS630
    /* NdisMResetMiniport exists from NDIS 6.30 on; an NDIS 6.0 miniport
     * asks for its reset through the next CheckForHang. */
    if (Adapter->Config.RequestReset && Adapter->ResetRequested == 1 && !Adapter->HangReported) {
        Adapter->HangReported = TRUE;
        return TRUE;
    }
#endif
    return FALSE;
}

/* Timer: the RequestReset keyword asks NDIS for one reset. */
VOID
VnicRequestResetIfAsked(PVNIC_ADAPTER Adapter)
{
    if (!Adapter->Config.RequestReset || Adapter->ResetRequested) {
        return;
    }
    Adapter->ResetRequested = TRUE;
#if NDIS_SUPPORT_NDIS630
    NdisMResetMiniport(Adapter->AdapterHandle);
#endif
}
