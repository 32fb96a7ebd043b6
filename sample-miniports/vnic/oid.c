/* OID requests.  Queries answer from the adapter's state, and a buffer too
 * short for the answer gets NDIS_STATUS_BUFFER_TOO_SHORT with BytesNeeded
 * set.  Sets apply at once; with the OidPending keyword they are answered
 * PENDING and completed from the timer with NdisMOidRequestComplete. */
#include "vnic.h"

#define VNIC_VENDOR_ID              0x00FFFFFF   /* no IEEE OUI: the "unknown vendor" value */
#define VNIC_VENDOR_DRIVER_VERSION  ((VNIC_DRIVER_MAJOR_VERSION << 16) | VNIC_DRIVER_MINOR_VERSION)

static NDIS_STATUS
VnicQuery(PVNIC_ADAPTER Adapter, PNDIS_OID_REQUEST Request)
{
    struct _QUERY *Query = &Request->DATA.QUERY_INFORMATION;
    ULONG Value32 = 0;
    ULONG64 Value64 = 0;
    const VOID *Source = &Value32;
    ULONG Length = sizeof(ULONG);
    NDIS_MEDIUM Medium = NdisMedium802_3;

    switch (Query->Oid) {
    case OID_GEN_SUPPORTED_LIST:
        Source = VnicSupportedOids;
        Length = VnicSupportedOidCount * sizeof(NDIS_OID);
        break;
    case OID_GEN_MEDIA_SUPPORTED:
    case OID_GEN_MEDIA_IN_USE:
        Source = &Medium;
        Length = sizeof(Medium);
        break;
    case OID_GEN_MAXIMUM_FRAME_SIZE:
        Value32 = VNIC_MTU;
        break;
    case OID_GEN_MAXIMUM_TOTAL_SIZE:
        Value32 = VNIC_MAX_FRAME;
        break;
    case OID_GEN_LINK_SPEED:
        Value32 = (ULONG)(VNIC_LINK_SPEED / 100);   /* in units of 100 b/s */
        break;
    case OID_GEN_VENDOR_ID:
        Value32 = VNIC_VENDOR_ID;
        break;
    case OID_GEN_VENDOR_DESCRIPTION:
        Source = Adapter->Description;
        Length = sizeof(Adapter->Description);
        break;
    case OID_GEN_VENDOR_DRIVER_VERSION:
        Value32 = VNIC_VENDOR_DRIVER_VERSION;
        break;
    case OID_GEN_CURRENT_PACKET_FILTER:
        Value32 = VnicGetPacketFilter(Adapter);
        break;
    case OID_GEN_CURRENT_LOOKAHEAD:
        Value32 = Adapter->Lookahead;
        break;
    case OID_GEN_XMIT_OK:
    case OID_GEN_RCV_OK:
    case OID_GEN_XMIT_ERROR:
        Value64 = Query->Oid == OID_GEN_XMIT_OK ? Adapter->FramesSent :
                  Query->Oid == OID_GEN_RCV_OK ? Adapter->FramesReceived : Adapter->SendErrors;
        /* Statistics counters: 64 bits when the buffer allows, else 32. */
        if (Query->InformationBufferLength >= sizeof(ULONG64)) {
            Source = &Value64;
            Length = sizeof(ULONG64);
        } else {
            Value32 = (ULONG)Value64;
        }
        break;
    case OID_802_3_PERMANENT_ADDRESS:
        Source = Adapter->PermanentAddress;
        Length = VNIC_MAC_LENGTH;
        break;
    case OID_802_3_CURRENT_ADDRESS:
        Source = Adapter->CurrentAddress;
        Length = VNIC_MAC_LENGTH;
        break;
    case OID_802_3_MULTICAST_LIST:
        Source = Adapter->MulticastList;
        Length = Adapter->MulticastCount * VNIC_MAC_LENGTH;
        break;
    case OID_802_3_MAXIMUM_LIST_SIZE:
        Value32 = VNIC_MAX_MULTICAST;
        break;
    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }

    if (Query->InformationBufferLength < Length) {
#if !defined(VNIC_BUG_OID_BYTES_NEEDED)
        /* OID-BYTES-NEEDED (when left out): NDIS retries with BytesNeeded. */
        Query->BytesNeeded = Length;
#endif
        Query->BytesWritten = 0;
        return NDIS_STATUS_BUFFER_TOO_SHORT;
    }
    if (Length != 0) {
        NdisMoveMemory(Query->InformationBuffer, Source, Length);
    }
    Query->BytesWritten = Length;
    Query->BytesNeeded = 0;
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS
VnicSet(PVNIC_ADAPTER Adapter, PNDIS_OID_REQUEST Request)
{
    struct _SET *Set = &Request->DATA.SET_INFORMATION;
    ULONG Value;

    Set->BytesRead = 0;
    Set->BytesNeeded = 0;

    switch (Set->Oid) {
    case OID_GEN_CURRENT_PACKET_FILTER:
    case OID_GEN_CURRENT_LOOKAHEAD:
        if (Set->InformationBufferLength < sizeof(ULONG)) {
            Set->BytesNeeded = sizeof(ULONG);
            return NDIS_STATUS_INVALID_LENGTH;
        }
        NdisMoveMemory(&Value, Set->InformationBuffer, sizeof(ULONG));
        if (Set->Oid == OID_GEN_CURRENT_PACKET_FILTER) {
            if (Value & ~(ULONG)(NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST |
                                 NDIS_PACKET_TYPE_ALL_MULTICAST | NDIS_PACKET_TYPE_BROADCAST)) {
                return NDIS_STATUS_NOT_SUPPORTED;
            }
            VnicSetPacketFilter(Adapter, Value);
        } else {
            if (Value > VNIC_MTU) {
                return NDIS_STATUS_INVALID_DATA;
            }
            Adapter->Lookahead = Value;
        }
        Set->BytesRead = sizeof(ULONG);
        return NDIS_STATUS_SUCCESS;

    case OID_802_3_MULTICAST_LIST:
        if (Set->InformationBufferLength % VNIC_MAC_LENGTH != 0) {
            Set->BytesNeeded = VNIC_MAC_LENGTH;
            return NDIS_STATUS_INVALID_LENGTH;
        }
        if (Set->InformationBufferLength > sizeof(Adapter->MulticastList)) {
            return NDIS_STATUS_MULTICAST_FULL;
        }
        NdisMoveMemory(Adapter->MulticastList, Set->InformationBuffer,
                       Set->InformationBufferLength);
        Adapter->MulticastCount = Set->InformationBufferLength / VNIC_MAC_LENGTH;
        Set->BytesRead = Set->InformationBufferLength;
        return NDIS_STATUS_SUCCESS;

    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }
}

_Use_decl_annotations_
NDIS_STATUS
VnicOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
    PVNIC_ADAPTER Adapter = (PVNIC_ADAPTER)MiniportAdapterContext;
    NDIS_STATUS Status;

    switch (OidRequest->RequestType) {
    case NdisRequestQueryInformation:
    case NdisRequestQueryStatistics:
        return VnicQuery(Adapter, OidRequest);

    case NdisRequestSetInformation:
        Status = VnicSet(Adapter, OidRequest);
        if (Adapter->Config.OidPending && Status != NDIS_STATUS_NOT_SUPPORTED) {
            /* The device acknowledges the new setting on its next tick. */
            NdisAcquireSpinLock(&Adapter->Lock);
            Adapter->PendingOid = OidRequest;
            Adapter->PendingOidStatus = Status;
            NdisReleaseSpinLock(&Adapter->Lock);
            VnicKickTimer(Adapter);
            return NDIS_STATUS_PENDING;
        }
#if defined(VNIC_BUG_OID_UNSOLICITED_COMPLETE)
        /* OID-UNSOLICITED-COMPLETE: the "setting applied" notification is
         * sent for a set answered at once as well as for a pended one. */
        NdisMOidRequestComplete(Adapter->AdapterHandle, OidRequest, Status);
#endif
        return Status;

    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }
}

/* Completes the pended OID request, if any: with its own status from the
 * timer, or as aborted (reset, cancel). */
VOID
VnicCompletePendingOid(PVNIC_ADAPTER Adapter, BOOLEAN Abort)
{
    PNDIS_OID_REQUEST Request;
    NDIS_STATUS Status;

    NdisAcquireSpinLock(&Adapter->Lock);
    Request = Adapter->PendingOid;
    Status = Abort ? NDIS_STATUS_REQUEST_ABORTED : Adapter->PendingOidStatus;
    Adapter->PendingOid = NULL;
    NdisReleaseSpinLock(&Adapter->Lock);

#if defined(VNIC_BUG_OID_PENDING_COMPLETE)
    /* OID-PENDING-COMPLETE: the timer applies the pended set and clears the
     * slot, but only an abort reports the request complete. */
    if (!Abort) {
        return;
    }
#endif
    if (Request != NULL) {
        NdisMOidRequestComplete(Adapter->AdapterHandle, Request, Status);
    }
}

_Use_decl_annotations_
VOID
VnicCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
    PVNIC_ADAPTER Adapter = (PVNIC_ADAPTER)MiniportAdapterContext;
    BOOLEAN Match;

    NdisAcquireSpinLock(&Adapter->Lock);
    Match = Adapter->PendingOid != NULL && Adapter->PendingOid->RequestId == RequestId;
    NdisReleaseSpinLock(&Adapter->Lock);

    if (Match) {
        VnicCompletePendingOid(Adapter, TRUE);
    }
}
