/* The data path.  Sends are queued for the simulated transmit engine and
 * completed (each NBL exactly once, with its status set) from the interrupt
 * DPC or the timer; receives are built from the NBL pool over the receive
 * buffer in shared memory, indicated while Running, and freed when NDIS
 * returns them (MiniportReturnNetBufferLists). */
#include "vnic.h"

/* MiniportReserved[0] of a receive NBL keeps the MDL that describes its data. */
#define VNIC_RX_NBL_MDL(Nbl) ((PMDL)(Nbl)->MiniportReserved[0])

#if defined(VNIC_BUG_SEND_NOT_COMPLETED)
#define VNIC_BUG_TX_RING 4
#endif

/* Completes a chain of NBLs linked by NET_BUFFER_LIST_NEXT_NBL with Status. */
static VOID
VnicCompleteChain(PVNIC_ADAPTER Adapter, PNET_BUFFER_LIST Chain, NDIS_STATUS Status, BOOLEAN AtDispatch)
{
    PNET_BUFFER_LIST Nbl;

    if (Chain == NULL) {
        return;
    }
#if defined(VNIC_BUG_SEND_COMPLETE_TWICE)
    /* SEND-COMPLETE-ONCE: each NBL is completed on its own, but without
     * being unlinked first, so every call also completes the rest of the
     * chain and all but the first NBL are completed again. */
    for (Nbl = Chain; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
        NET_BUFFER_LIST_STATUS(Nbl) = Status;
        NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, Nbl,
                                        AtDispatch ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
    }
    return;
#endif
    for (Nbl = Chain; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
        NET_BUFFER_LIST_STATUS(Nbl) = Status;
    }
    NdisMSendNetBufferListsComplete(Adapter->AdapterHandle, Chain,
                                    AtDispatch ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

_Use_decl_annotations_
VOID
VnicSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                       NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    PVNIC_ADAPTER Adapter = (PVNIC_ADAPTER)MiniportAdapterContext;
    BOOLEAN AtDispatch = (SendFlags & NDIS_SEND_FLAGS_DISPATCH_LEVEL) != 0;
    NDIS_STATUS Reject = NDIS_STATUS_SUCCESS;
    PNET_BUFFER_LIST Last;
    ULONG Count = 0;

    UNREFERENCED_PARAMETER(PortNumber);

    for (Last = NetBufferLists; ; Last = NET_BUFFER_LIST_NEXT_NBL(Last)) {
        Count++;
        if (NET_BUFFER_LIST_NEXT_NBL(Last) == NULL) {
            break;
        }
#if defined(VNIC_BUG_SEND_NOT_COMPLETED)
        /* SEND-NOT-COMPLETED: the transmit ring has VNIC_BUG_TX_RING slots;
         * frames beyond them are cut off the chain and dropped, never
         * completed back to NDIS. */
        if (Count == VNIC_BUG_TX_RING) {
            NET_BUFFER_LIST_NEXT_NBL(Last) = NULL;
            break;
        }
#endif
    }

    if (AtDispatch) {
        NdisDprAcquireSpinLock(&Adapter->Lock);
    } else {
        NdisAcquireSpinLock(&Adapter->Lock);
    }
    if (Adapter->State != VnicStateRunning) {
        Reject = NDIS_STATUS_PAUSED;
    } else if (Adapter->ResetInProgress) {
        Reject = NDIS_STATUS_RESET_IN_PROGRESS;
    } else {
        if (Adapter->SendTail != NULL) {
            NET_BUFFER_LIST_NEXT_NBL(Adapter->SendTail) = NetBufferLists;
        } else {
            Adapter->SendHead = NetBufferLists;
        }
        Adapter->SendTail = Last;
        Adapter->SendsQueued += Count;
        /* The device raises "transmit done" for the frames just queued. */
        InterlockedOr(&Adapter->InterruptCause, VNIC_INT_TX_DONE);
    }
    if (AtDispatch) {
        NdisDprReleaseSpinLock(&Adapter->Lock);
    } else {
        NdisReleaseSpinLock(&Adapter->Lock);
    }

    if (Reject != NDIS_STATUS_SUCCESS) {
        VnicCompleteChain(Adapter, NetBufferLists, Reject, AtDispatch);
        return;
    }
    VnicKickTimer(Adapter);
}

/* Completes every queued send with Status (SUCCESS from the transmit engine,
 * an abort status from a reset). */
VOID
VnicCompleteQueuedSends(PVNIC_ADAPTER Adapter, NDIS_STATUS Status, BOOLEAN AtDispatch)
{
    PNET_BUFFER_LIST Chain;
    ULONG Count;

    if (AtDispatch) {
        NdisDprAcquireSpinLock(&Adapter->Lock);
    } else {
        NdisAcquireSpinLock(&Adapter->Lock);
    }
    Chain = Adapter->SendHead;
    Count = Adapter->SendsQueued;
    Adapter->SendHead = NULL;
    Adapter->SendTail = NULL;
    Adapter->SendsQueued = 0;
    if (Status == NDIS_STATUS_SUCCESS) {
        Adapter->FramesSent += Count;
    } else {
        Adapter->SendErrors += Count;
    }
    if (AtDispatch) {
        NdisDprReleaseSpinLock(&Adapter->Lock);
    } else {
        NdisReleaseSpinLock(&Adapter->Lock);
    }

    VnicCompleteChain(Adapter, Chain, Status, AtDispatch);
}

_Use_decl_annotations_
VOID
VnicCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
    PVNIC_ADAPTER Adapter = (PVNIC_ADAPTER)MiniportAdapterContext;
    PNET_BUFFER_LIST Nbl, Next, Keep = NULL, KeepTail = NULL, Cancelled = NULL;
    ULONG Kept = 0;

    NdisAcquireSpinLock(&Adapter->Lock);
    for (Nbl = Adapter->SendHead; Nbl != NULL; Nbl = Next) {
        Next = NET_BUFFER_LIST_NEXT_NBL(Nbl);
        NET_BUFFER_LIST_NEXT_NBL(Nbl) = NULL;
        if (NDIS_GET_NET_BUFFER_LIST_CANCEL_ID(Nbl) == CancelId) {
            NET_BUFFER_LIST_NEXT_NBL(Nbl) = Cancelled;
            Cancelled = Nbl;
        } else {
            if (KeepTail != NULL) {
                NET_BUFFER_LIST_NEXT_NBL(KeepTail) = Nbl;
            } else {
                Keep = Nbl;
            }
            KeepTail = Nbl;
            Kept++;
        }
    }
    Adapter->SendHead = Keep;
    Adapter->SendTail = KeepTail;
    Adapter->SendsQueued = Kept;
    NdisReleaseSpinLock(&Adapter->Lock);

    VnicCompleteChain(Adapter, Cancelled, NDIS_STATUS_SEND_ABORTED, FALSE);
}

/* Indicates one frame from the virtual wire: a broadcast from the device's
 * peer, built in the receive buffer.  The device has a single receive
 * buffer, which NDIS owns from the indication until it returns the NBL to
 * VnicReturnNetBufferLists; while it is out, the frame waits in the device
 * and FALSE is returned.  Called at DISPATCH_LEVEL. */
BOOLEAN
VnicIndicateReceive(PVNIC_ADAPTER Adapter)
{
    PUCHAR Frame = (PUCHAR)Adapter->SharedVa + VNIC_RX_BUFFER_OFFSET;
    PMDL Mdl;
    PNET_BUFFER_LIST Nbl;

    NdisDprAcquireSpinLock(&Adapter->Lock);
    if (Adapter->RxOutstanding != 0) {
        NdisDprReleaseSpinLock(&Adapter->Lock);
        return FALSE;
    }
    Adapter->RxOutstanding = 1;         /* the buffer is claimed */
    NdisDprReleaseSpinLock(&Adapter->Lock);

    NdisFillMemory(Frame, VNIC_MAC_LENGTH, 0xFF);                     /* destination: broadcast */
    NdisMoveMemory(Frame + VNIC_MAC_LENGTH, Adapter->PermanentAddress, VNIC_MAC_LENGTH);
    Frame[VNIC_MAC_LENGTH + 5] ^= 0x01;                               /* the peer's address */
    Frame[12] = 0x88;                                                 /* local experimental ethertype */
    Frame[13] = 0xB5;
    NdisZeroMemory(Frame + VNIC_FRAME_HEADER, VNIC_RX_FRAME_SIZE - VNIC_FRAME_HEADER);

    Mdl = NdisAllocateMdl(Adapter->AdapterHandle, Frame, VNIC_RX_FRAME_SIZE);
    Nbl = Mdl == NULL ? NULL :
          NdisAllocateNetBufferAndNetBufferList(Adapter->NblPool, 0, 0, Mdl, 0, VNIC_RX_FRAME_SIZE);
    if (Nbl == NULL) {
        if (Mdl != NULL) {
            NdisFreeMdl(Mdl);
        }
        NdisDprAcquireSpinLock(&Adapter->Lock);
        Adapter->RxOutstanding = 0;     /* nothing went up: the buffer is free again */
        NdisDprReleaseSpinLock(&Adapter->Lock);
        return FALSE;
    }
    Nbl->SourceHandle = Adapter->AdapterHandle;
    Nbl->MiniportReserved[0] = Mdl;

    NdisDprAcquireSpinLock(&Adapter->Lock);
    Adapter->FramesReceived++;
    NdisDprReleaseSpinLock(&Adapter->Lock);

    NdisMIndicateReceiveNetBufferLists(Adapter->AdapterHandle, Nbl, NDIS_DEFAULT_PORT_NUMBER, 1,
                                       NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL);
#if defined(VNIC_BUG_RECEIVE_INDICATE_OWNED)
    /* RECEIVE-INDICATE-OWNED: the peer's frames are broadcast, which the
     * device also flags as multicast, and the driver indicates the frame once
     * per flag with the same NBL, which NDIS already holds. */
    NdisMIndicateReceiveNetBufferLists(Adapter->AdapterHandle, Nbl, NDIS_DEFAULT_PORT_NUMBER, 1,
                                       NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL);
#endif
    return TRUE;
}

/* NDIS gives indicated NBLs back here: each is freed with its MDL, and
 * the receive buffer under it is free for the next frame. */
_Use_decl_annotations_
VOID
VnicReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                         ULONG ReturnFlags)
{
    PVNIC_ADAPTER Adapter = (PVNIC_ADAPTER)MiniportAdapterContext;
    BOOLEAN AtDispatch = (ReturnFlags & NDIS_RETURN_FLAGS_DISPATCH_LEVEL) != 0;
    PNET_BUFFER_LIST Nbl, Next;
    LONG Returned = 0;
    BOOLEAN PauseWaiting;

    for (Nbl = NetBufferLists; Nbl != NULL; Nbl = Next) {
        PMDL Mdl = VNIC_RX_NBL_MDL(Nbl);

        Next = NET_BUFFER_LIST_NEXT_NBL(Nbl);
        NET_BUFFER_LIST_NEXT_NBL(Nbl) = NULL;
        NdisFreeNetBufferList(Nbl);
        NdisFreeMdl(Mdl);
        Returned++;
    }

    if (AtDispatch) {
        NdisDprAcquireSpinLock(&Adapter->Lock);
    } else {
        NdisAcquireSpinLock(&Adapter->Lock);
    }
    Adapter->RxOutstanding = Adapter->RxOutstanding > Returned ? Adapter->RxOutstanding - Returned : 0;
    PauseWaiting = Adapter->PausePending && Adapter->RxOutstanding == 0;
    if (AtDispatch) {
        NdisDprReleaseSpinLock(&Adapter->Lock);
    } else {
        NdisReleaseSpinLock(&Adapter->Lock);
    }

    if (PauseWaiting) {
        VnicKickTimer(Adapter);     /* the pause can finish now */
    }
}
