/* The attributes MiniportInitializeEx hands to NdisMSetMiniportAttributes:
 * registration attributes (context, flags, CheckForHang interval,
 * interface type) and general attributes (media, link, addresses, OIDs). */
#include "vnic.h"

const NDIS_OID VnicSupportedOids[] = {
    OID_GEN_SUPPORTED_LIST,
    OID_GEN_MEDIA_SUPPORTED,
    OID_GEN_MEDIA_IN_USE,
    OID_GEN_MAXIMUM_FRAME_SIZE,
    OID_GEN_MAXIMUM_TOTAL_SIZE,
    OID_GEN_LINK_SPEED,
    OID_GEN_VENDOR_ID,
    OID_GEN_VENDOR_DESCRIPTION,
    OID_GEN_VENDOR_DRIVER_VERSION,
    OID_GEN_CURRENT_PACKET_FILTER,
    OID_GEN_CURRENT_LOOKAHEAD,
    OID_GEN_XMIT_OK,
    OID_GEN_RCV_OK,
    OID_GEN_XMIT_ERROR,
    OID_802_3_PERMANENT_ADDRESS,
    OID_802_3_CURRENT_ADDRESS,
    OID_802_3_MULTICAST_LIST,
    OID_802_3_MAXIMUM_LIST_SIZE,
};
const ULONG VnicSupportedOidCount = sizeof(VnicSupportedOids) / sizeof(VnicSupportedOids[0]);

NDIS_STATUS
VnicSetRegistrationAttributes(PVNIC_ADAPTER Adapter)
{
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES Registration;

    NdisZeroMemory(&Registration, sizeof(Registration));
    Registration.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
#ifdef VNIC_BUG_REGISTRATION_REVISION
    /* The slip a shipped driver makes: the size constant in Revision. */
    Registration.Header.Revision = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
#else
    Registration.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
#endif
    Registration.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    Registration.MiniportAdapterContext = (NDIS_HANDLE)Adapter;
    Registration.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_HARDWARE_DEVICE |
                                  NDIS_MINIPORT_ATTRIBUTES_BUS_MASTER;
    Registration.CheckForHangTimeInSeconds = VNIC_CHECK_FOR_HANG_SECONDS;
    Registration.InterfaceType = NdisInterfacePci;

    return NdisMSetMiniportAttributes(Adapter->AdapterHandle,
                                      (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&Registration);
}

NDIS_STATUS
VnicSetGeneralAttributes(PVNIC_ADAPTER Adapter)
{
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES General;

    NdisZeroMemory(&General, sizeof(General));
    General.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
#ifdef VNIC_BUG_GENERAL_REVISION
    General.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2 + 1;
#else
    General.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
#endif
    General.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;

    General.MediaType = NdisMedium802_3;
    General.PhysicalMediumType = NdisPhysicalMediumUnspecified;
    General.MtuSize = VNIC_MTU;
    General.MaxXmitLinkSpeed = VNIC_LINK_SPEED;
    General.XmitLinkSpeed = VNIC_LINK_SPEED;
    General.MaxRcvLinkSpeed = VNIC_LINK_SPEED;
    General.RcvLinkSpeed = VNIC_LINK_SPEED;
    General.MediaConnectState = Adapter->LinkState;
    General.MediaDuplexState = MediaDuplexStateFull;
    General.LookaheadSize = VNIC_MTU;
    General.PowerManagementCapabilities = NULL;
    General.MacOptions = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA |
                         NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
                         NDIS_MAC_OPTION_NO_LOOPBACK;
    General.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED |
                                     NDIS_PACKET_TYPE_MULTICAST |
                                     NDIS_PACKET_TYPE_ALL_MULTICAST |
                                     NDIS_PACKET_TYPE_BROADCAST;
    General.MaxMulticastListSize = VNIC_MAX_MULTICAST;
    General.MacAddressLength = VNIC_MAC_LENGTH;
    NdisMoveMemory(General.PermanentMacAddress, Adapter->PermanentAddress, VNIC_MAC_LENGTH);
    NdisMoveMemory(General.CurrentMacAddress, Adapter->CurrentAddress, VNIC_MAC_LENGTH);
    General.RecvScaleCapabilities = NULL;
    General.AccessType = NET_IF_ACCESS_BROADCAST;
    General.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
    General.ConnectionType = NET_IF_CONNECTION_DEDICATED;
    General.IfType = IF_TYPE_ETHERNET_CSMACD;
    General.IfConnectorPresent = TRUE;
    /* The statistics OIDs VnicQuery answers. */
    General.SupportedStatistics = NDIS_STATISTICS_XMIT_OK_SUPPORTED |
                                  NDIS_STATISTICS_RCV_OK_SUPPORTED |
                                  NDIS_STATISTICS_XMIT_ERROR_SUPPORTED;
    General.SupportedPauseFunctions = NdisPauseFunctionsUnsupported;
    General.DataBackFillSize = 0;
    General.ContextBackFillSize = 0;
    General.SupportedOidList = (PNDIS_OID)VnicSupportedOids;
    General.SupportedOidListLength = sizeof(VnicSupportedOids);
    General.AutoNegotiationFlags = NDIS_LINK_STATE_XMIT_LINK_SPEED_AUTO_NEGOTIATED |
                                   NDIS_LINK_STATE_RCV_LINK_SPEED_AUTO_NEGOTIATED |
                                   NDIS_LINK_STATE_DUPLEX_AUTO_NEGOTIATED;

    return NdisMSetMiniportAttributes(Adapter->AdapterHandle,
                                      (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&General);
}
