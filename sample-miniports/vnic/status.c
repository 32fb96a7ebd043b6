/* Status indications: link state changes with NDIS_STATUS_LINK_STATE. */
#include "vnic.h"

VOID
VnicIndicateLinkStateOnHandle(NDIS_HANDLE AdapterHandle, NDIS_MEDIA_CONNECT_STATE State)
{
    NDIS_LINK_STATE LinkState;
    NDIS_STATUS_INDICATION Indication;
    BOOLEAN Up = (State == MediaConnectStateConnected);

    NdisZeroMemory(&LinkState, sizeof(LinkState));
    LinkState.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    LinkState.Header.Revision = NDIS_LINK_STATE_REVISION_1;
    LinkState.Header.Size = NDIS_SIZEOF_LINK_STATE_REVISION_1;
    LinkState.MediaConnectState = State;
    LinkState.MediaDuplexState = Up ? MediaDuplexStateFull : MediaDuplexStateUnknown;
    LinkState.XmitLinkSpeed = Up ? VNIC_LINK_SPEED : NDIS_LINK_SPEED_UNKNOWN;
    LinkState.RcvLinkSpeed = Up ? VNIC_LINK_SPEED : NDIS_LINK_SPEED_UNKNOWN;
    LinkState.PauseFunctions = NdisPauseFunctionsUnsupported;
    LinkState.AutoNegotiationFlags = Up ? (NDIS_LINK_STATE_XMIT_LINK_SPEED_AUTO_NEGOTIATED |
                                           NDIS_LINK_STATE_RCV_LINK_SPEED_AUTO_NEGOTIATED |
                                           NDIS_LINK_STATE_DUPLEX_AUTO_NEGOTIATED) : 0;

    NdisZeroMemory(&Indication, sizeof(Indication));
    Indication.Header.Type = NDIS_OBJECT_TYPE_STATUS_INDICATION;
    Indication.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
    Indication.Header.Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
    Indication.SourceHandle = AdapterHandle;
    Indication.PortNumber = NDIS_DEFAULT_PORT_NUMBER;
    Indication.StatusCode = NDIS_STATUS_LINK_STATE;
    Indication.StatusBuffer = &LinkState;
    Indication.StatusBufferSize = sizeof(LinkState);

    NdisMIndicateStatusEx(AdapterHandle, &Indication);
}

VOID
VnicIndicateLinkState(PVNIC_ADAPTER Adapter, NDIS_MEDIA_CONNECT_STATE State)
{
    Adapter->LinkState = State;
    VnicIndicateLinkStateOnHandle(Adapter->AdapterHandle, State);
}
