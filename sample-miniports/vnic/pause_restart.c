/* MiniportPause and MiniportRestart, and the timer-side completion of the
 * ones that pend. */
#include "vnic.h"

#if defined(VNIC_BUG_HOST_EXIT)
#include <stdlib.h>
#endif

/* A vendor-private attribute the restart bugs publish. */
#define VNIC_OID_RESTART_INFO      0xFF010001
#define VNIC_RESTART_ATTRIBUTE_SIZE \
    (FIELD_OFFSET(NDIS_RESTART_ATTRIBUTES, Data) + sizeof(ULONG))

#if defined(VNIC_BUG_RESTART_ATTRIBUTES_ALLOCATOR)
/* RESTART-ATTRIBUTES-ALLOCATOR: a static buffer NDIS will later try to free. */
static ULONG64 VnicStaticRestartAttribute[8];
#endif

#if defined(VNIC_BUG_RESTART_NULL_ATTRIBUTES)
static PNDIS_RESTART_ATTRIBUTES
VnicNewRestartAttribute(PVNIC_ADAPTER Adapter)
{
    PNDIS_RESTART_ATTRIBUTES Attribute;

    Attribute = NdisAllocateMemoryWithTagPriority(Adapter->AdapterHandle,
                                                  VNIC_RESTART_ATTRIBUTE_SIZE,
                                                  VNIC_TAG, NormalPoolPriority);
    if (Attribute != NULL) {
        NdisZeroMemory(Attribute, VNIC_RESTART_ATTRIBUTE_SIZE);
        Attribute->Oid = VNIC_OID_RESTART_INFO;
        Attribute->DataLength = sizeof(ULONG);
    }
    return Attribute;
}
#endif

/* Looks at (and, in the buggy variants, touches) the restart attributes.
 * The correct driver only checks the revision of the general attributes:
 * it has nothing to add. */
static VOID
VnicInspectRestartAttributes(PVNIC_ADAPTER Adapter, PNDIS_MINIPORT_RESTART_PARAMETERS Parameters)
{
    PNDIS_RESTART_ATTRIBUTES Attribute = Parameters->RestartAttributes;

    UNREFERENCED_PARAMETER(Adapter);

#if defined(VNIC_BUG_RESTART_NULL_ATTRIBUTES)
    /* RESTART-NULL-ATTRIBUTES: NDIS passed no list, and the driver builds
     * one to publish its private attribute anyway. */
    if (Attribute == NULL) {
        Parameters->RestartAttributes = VnicNewRestartAttribute(Adapter);
        return;
    }
#endif

    for (; Attribute != NULL; Attribute = Attribute->Next) {
        if (Attribute->Oid == OID_GEN_MINIPORT_RESTART_ATTRIBUTES) {
            PNDIS_RESTART_GENERAL_ATTRIBUTES General =
                (PNDIS_RESTART_GENERAL_ATTRIBUTES)Attribute->Data;

            if (General->Header.Revision < NDIS_RESTART_GENERAL_ATTRIBUTES_REVISION_1) {
                continue;   /* nothing this driver understands */
            }
#if defined(VNIC_BUG_RESTART_FAILED_NO_MODIFY)
            /* RESTART-FAILED-NO-MODIFY: the lookahead is updated before the
             * driver knows the restart will fail. */
            General->LookaheadSize = Adapter->Lookahead / 2;
#endif
        }
    }
}

/* 001: a miniport that needs more room "can free an NDIS_RESTART_ATTRIBUTES
 * structure with the NdisFreeMemory function and allocate a new structure";
 * NDIS frees the new one. This one copies the general attributes over. */
static VOID
VnicReplaceRestartAttributes(PVNIC_ADAPTER Adapter, PNDIS_MINIPORT_RESTART_PARAMETERS Parameters)
{
    PNDIS_RESTART_ATTRIBUTES Old = Parameters->RestartAttributes;
    PNDIS_RESTART_ATTRIBUTES New;
    ULONG Size;

    if (Old == NULL || Old->Oid != OID_GEN_MINIPORT_RESTART_ATTRIBUTES) {
        return;   /* no list: nothing may be added (001) */
    }
    Size = FIELD_OFFSET(NDIS_RESTART_ATTRIBUTES, Data) + Old->DataLength;
    New = NdisAllocateMemoryWithTagPriority(Adapter->AdapterHandle, Size, VNIC_TAG, NormalPoolPriority);
    if (New == NULL) {
        return;   /* keep NDIS's list as it is */
    }
    NdisMoveMemory(New, Old, Size);
    New->Next = Old->Next;
    NdisFreeMemory(Old, 0, 0);
    Parameters->RestartAttributes = New;
}

#if defined(VNIC_BUG_RESTART_ATTRIBUTES_ALLOCATOR)
/* Once the restart is going ahead, the driver publishes its private
 * attribute at the end of the list NDIS passed. */
static VOID
VnicPublishRestartInfo(PNDIS_MINIPORT_RESTART_PARAMETERS Parameters)
{
    PNDIS_RESTART_ATTRIBUTES Attribute = Parameters->RestartAttributes;
    PNDIS_RESTART_ATTRIBUTES Extra = (PNDIS_RESTART_ATTRIBUTES)VnicStaticRestartAttribute;

    if (Attribute == NULL) {
        return;
    }
    for (;; Attribute = Attribute->Next) {
        if (Attribute == Extra) {
            return;     /* still in the list from an earlier restart */
        }
        if (Attribute->Next == NULL) {
            break;
        }
    }
    NdisZeroMemory(VnicStaticRestartAttribute, sizeof(VnicStaticRestartAttribute));
    Extra->Oid = VNIC_OID_RESTART_INFO;
    Extra->DataLength = sizeof(ULONG);
    Attribute->Next = Extra;
}
#endif

_Use_decl_annotations_
NDIS_STATUS
VnicRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS MiniportRestartParameters)
{
    PVNIC_ADAPTER Adapter = (PVNIC_ADAPTER)MiniportAdapterContext;

    VnicInspectRestartAttributes(Adapter, MiniportRestartParameters);

#if defined(VNIC_BUG_RESTART_FAILED_NO_MODIFY)
    /* The receive rings cannot be refilled: the restart fails. */
    return NDIS_STATUS_RESOURCES;
#endif

#if defined(VNIC_BUG_RESTART_FAILED_STOPS_IO)
    /* RESTART-FAILED-STOPS-IO: the receive engine is started before the
     * step that fails, and is left running when the restart fails. */
    NdisAcquireSpinLock(&Adapter->Lock);
    Adapter->State = VnicStateRunning;
    Adapter->RxFramesOnWire = VNIC_RX_FRAMES_PER_RUN;
    NdisReleaseSpinLock(&Adapter->Lock);
    VnicKickTimer(Adapter);
    return NDIS_STATUS_RESOURCES;
#endif

    switch (Adapter->Config.RestartMode) {
    case VnicRestartFailResources:
        return NDIS_STATUS_RESOURCES;
    case VnicRestartFailLogged:
#if !defined(VNIC_BUG_RESTART_ERRORLOG)
        /* RESTART-ERRORLOG (when left out): a plain failure must be logged. */
        NdisWriteErrorLogEntry(Adapter->AdapterHandle, VNIC_ERROR_CODE,
                               1, VNIC_ERRLOG_RESTART_FAILED);
#endif
        return NDIS_STATUS_FAILURE;
    default:
        break;
    }

#if defined(VNIC_BUG_RESTART_STATUS)
    /* RESTART-STATUS: the PHY reports correctable errors when the link is
     * brought back up, and the driver passes up the reset path's warning
     * NDIS_STATUS_SOFT_ERRORS, neither SUCCESS, PENDING nor an error status. */
    NdisWriteErrorLogEntry(Adapter->AdapterHandle, VNIC_ERROR_CODE,
                           1, VNIC_ERRLOG_RESET_SOFT);
    return NDIS_STATUS_SOFT_ERRORS;
#endif

#if defined(VNIC_BUG_RESTART_ATTRIBUTES_ALLOCATOR)
    VnicPublishRestartInfo(MiniportRestartParameters);
#endif
    if (Adapter->Config.ReplaceRestartAttributes)
        VnicReplaceRestartAttributes(Adapter, MiniportRestartParameters);

    NdisAcquireSpinLock(&Adapter->Lock);
    Adapter->RxFramesOnWire = VNIC_RX_FRAMES_PER_RUN;
    if (Adapter->Config.RestartMode == VnicRestartPending) {
        Adapter->State = VnicStateRestarting;
        Adapter->RestartPending = TRUE;
        NdisReleaseSpinLock(&Adapter->Lock);
        VnicKickTimer(Adapter);
        return NDIS_STATUS_PENDING;
    }
    Adapter->State = VnicStateRunning;
    NdisReleaseSpinLock(&Adapter->Lock);

#if defined(VNIC_BUG_RESTART_UNSOLICITED_COMPLETE)
    /* RESTART-UNSOLICITED-COMPLETE: the shared "restart done" path also
     * reports completion for a restart that returns SUCCESS. */
    NdisMRestartComplete(Adapter->AdapterHandle, NDIS_STATUS_SUCCESS);
#endif
    return NDIS_STATUS_SUCCESS;
}

/* Timer: a restart that returned PENDING is finished. */
VOID
VnicFinishPendingRestart(PVNIC_ADAPTER Adapter)
{
    BOOLEAN Finish;

    NdisDprAcquireSpinLock(&Adapter->Lock);
    Finish = Adapter->RestartPending;
    if (Finish) {
        Adapter->RestartPending = FALSE;
        Adapter->State = VnicStateRunning;
    }
    NdisDprReleaseSpinLock(&Adapter->Lock);

    if (Finish) {
#if !defined(VNIC_BUG_RESTART_PENDING_COMPLETE)
        /* RESTART-PENDING-COMPLETE (when left out): PENDING must end with
         * NdisMRestartComplete. */
        NdisMRestartComplete(Adapter->AdapterHandle, NDIS_STATUS_SUCCESS);
#endif
    }
}

_Use_decl_annotations_
NDIS_STATUS
VnicPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS MiniportPauseParameters)
{
    PVNIC_ADAPTER Adapter = (PVNIC_ADAPTER)MiniportAdapterContext;
    BOOLEAN Pend;

    UNREFERENCED_PARAMETER(MiniportPauseParameters);

#if defined(VNIC_BUG_WAIT_FOREVER)
    /* HOST-HANG found by the host itself: waits, with no timeout, for an
     * event nothing will ever set (no timer, DPC or work item is left to
     * run), so on Windows this thread would wait forever. */
    {
        NDIS_EVENT NeverSet;
        NdisInitializeEvent(&NeverSet);
        NdisWaitEvent(&NeverSet, 0);
    }
#endif
#if defined(VNIC_BUG_HOST_EXIT)
    /* HOST-EXIT: a debugging shortcut left in: "should never be paused
     * with the link down" ends the whole process. */
    if (Adapter->LinkState == MediaConnectStateConnected) {
        exit(3);
    }
#endif

    NdisAcquireSpinLock(&Adapter->Lock);
    /* Stop receiving at once; sends still queued finish before the pause does. */
    Adapter->State = VnicStatePausing;
#if defined(VNIC_BUG_PAUSE_SENDS_OUTSTANDING)
    /* PAUSE-SENDS-OUTSTANDING: the queued sends are left to the timer, which
     * completes them after the pause already has. */
    Pend = Adapter->Config.PauseMode == VnicPausePending || Adapter->RxOutstanding != 0;
#else
    Pend = Adapter->Config.PauseMode == VnicPausePending ||
           Adapter->SendsQueued != 0 || Adapter->RxOutstanding != 0;
#endif
    if (Pend) {
        Adapter->PausePending = TRUE;
    } else {
        Adapter->State = VnicStatePaused;
    }
    NdisReleaseSpinLock(&Adapter->Lock);

    if (Pend) {
        VnicKickTimer(Adapter);
        return NDIS_STATUS_PENDING;
    }
#if defined(VNIC_BUG_PAUSE_UNSOLICITED_COMPLETE)
    /* PAUSE-UNSOLICITED-COMPLETE: the shared "pause done" path also reports
     * completion for a pause that returns SUCCESS. */
    NdisMPauseComplete(Adapter->AdapterHandle);
#endif
#if defined(VNIC_BUG_PAUSE_RETURNS_FAILURE)
    /* CALLBACK-RETURN-UNDOCUMENTED: the pause is done, but the driver
     * reports NDIS_STATUS_FAILURE, a value MiniportPause may not return. */
    return NDIS_STATUS_FAILURE;
#else
    return NDIS_STATUS_SUCCESS;
#endif
}

/* Timer: a pause that returned PENDING finishes once every send is
 * completed and every indicated receive is back. */
VOID
VnicFinishPendingPause(PVNIC_ADAPTER Adapter)
{
    BOOLEAN Finish;

    NdisDprAcquireSpinLock(&Adapter->Lock);
    Finish = Adapter->PausePending && Adapter->SendsQueued == 0 && Adapter->RxOutstanding == 0;
    if (Finish) {
        Adapter->PausePending = FALSE;
        Adapter->State = VnicStatePaused;
    }
    NdisDprReleaseSpinLock(&Adapter->Lock);

    if (Finish) {
#if !defined(VNIC_BUG_PAUSE_PENDING_COMPLETE)
        /* PAUSE-PENDING-COMPLETE (when left out): a pause answered PENDING
         * must end with NdisMPauseComplete. */
        NdisMPauseComplete(Adapter->AdapterHandle);
#endif
#if defined(VNIC_BUG_RECEIVE_PAUSED)
        /* ADAPTER-NO-RECEIVE-PAUSED: the receive ring is drained to the
         * stack after the pause has been reported complete. */
        VnicIndicateReceive(Adapter);
#endif
    }
}
