/* NDIS ports (UsePorts keyword): VNIC_PORTS_USED ports are allocated and
 * activated in MiniportInitializeEx, after the registration attributes,
 * and deactivated, then freed, in MiniportHaltEx (NdisMFreePort remarks). */
#include "vnic.h"

/* Sends one activation or deactivation event for ports Ports[0..Count-1]. */
static NDIS_STATUS
VnicSignalPorts(PVNIC_ADAPTER Adapter, NET_PNP_EVENT_CODE Event)
{
    NDIS_PORT PortList[VNIC_MAX_PORTS];
    NDIS_PORT_NUMBER Numbers[VNIC_MAX_PORTS];
    NET_PNP_EVENT_NOTIFICATION Notification;
    ULONG i;

    if (Adapter->PortCount == 0) {
        return NDIS_STATUS_SUCCESS;
    }

    NdisZeroMemory(PortList, sizeof(PortList));
    for (i = 0; i < Adapter->PortCount; i++) {
        PNDIS_PORT_CHARACTERISTICS Characteristics = &PortList[i].PortCharacteristics;

        PortList[i].Next = (i + 1 < Adapter->PortCount) ? &PortList[i + 1] : NULL;
        Characteristics->Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
        Characteristics->Header.Revision = NDIS_PORT_CHARACTERISTICS_REVISION_1;
        Characteristics->Header.Size = NDIS_SIZEOF_PORT_CHARACTERISTICS_REVISION_1;
        Characteristics->PortNumber = Adapter->Ports[i];
        Numbers[i] = Adapter->Ports[i];
        Characteristics->Type = NdisPortTypeUndefined;
        Characteristics->MediaConnectState = Adapter->LinkState;
        Characteristics->XmitLinkSpeed = VNIC_LINK_SPEED;
        Characteristics->RcvLinkSpeed = VNIC_LINK_SPEED;
        Characteristics->Direction = NET_IF_DIRECTION_SENDRECEIVE;
        Characteristics->SendControlState = NdisPortControlStateUncontrolled;
        Characteristics->RcvControlState = NdisPortControlStateUncontrolled;
        Characteristics->SendAuthorizationState = NdisPortAuthorizationUnknown;
        Characteristics->RcvAuthorizationState = NdisPortAuthorizationUnknown;
    }

    NdisZeroMemory(&Notification, sizeof(Notification));
    Notification.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    Notification.Header.Revision = NET_PNP_EVENT_NOTIFICATION_REVISION_1;
    Notification.Header.Size = NDIS_SIZEOF_NET_PNP_EVENT_NOTIFICATION_REVISION_1;
    Notification.PortNumber = NDIS_DEFAULT_PORT_NUMBER;   /* the numbers are in the list */
    Notification.NetPnPEvent.NetEvent = Event;
    if (Event == NetEventPortActivation) {
        /* activation: the NDIS_PORT structures, linked through Next */
        Notification.NetPnPEvent.Buffer = PortList;
        Notification.NetPnPEvent.BufferLength = sizeof(NDIS_PORT);
    } else {
        /* deactivation: an array of port numbers ("Deactivating an NDIS Port") */
        Notification.NetPnPEvent.Buffer = Numbers;
        Notification.NetPnPEvent.BufferLength = Adapter->PortCount * sizeof(NDIS_PORT_NUMBER);
    }

    return NdisMNetPnPEvent(Adapter->AdapterHandle, &Notification);
}

NDIS_STATUS
VnicAllocatePorts(PVNIC_ADAPTER Adapter)
{
    NDIS_STATUS Status = NDIS_STATUS_SUCCESS;
    ULONG i;

    if (!Adapter->Config.UsePorts) {
        return NDIS_STATUS_SUCCESS;
    }

    for (i = 0; i < VNIC_PORTS_USED; i++) {
        NDIS_PORT_CHARACTERISTICS Characteristics;

        NdisZeroMemory(&Characteristics, sizeof(Characteristics));
        Characteristics.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
        Characteristics.Header.Revision = NDIS_PORT_CHARACTERISTICS_REVISION_1;
        Characteristics.Header.Size = NDIS_SIZEOF_PORT_CHARACTERISTICS_REVISION_1;
        Characteristics.Flags = 0;
        Characteristics.Type = NdisPortTypeUndefined;
        Characteristics.MediaConnectState = Adapter->LinkState;
        Characteristics.XmitLinkSpeed = VNIC_LINK_SPEED;
        Characteristics.RcvLinkSpeed = VNIC_LINK_SPEED;
        Characteristics.Direction = NET_IF_DIRECTION_SENDRECEIVE;
        /* Plain Ethernet ports: no 802.1X authorization, so uncontrolled
         * and the authorization states are ignored. */
        Characteristics.SendControlState = NdisPortControlStateUncontrolled;
        Characteristics.RcvControlState = NdisPortControlStateUncontrolled;
        Characteristics.SendAuthorizationState = NdisPortAuthorizationUnknown;
        Characteristics.RcvAuthorizationState = NdisPortAuthorizationUnknown;

        Status = NdisMAllocatePort(Adapter->AdapterHandle, &Characteristics);
        if (Status != NDIS_STATUS_SUCCESS) {
            break;
        }
        Adapter->Ports[Adapter->PortCount++] = Characteristics.PortNumber;
    }

    if (Status == NDIS_STATUS_SUCCESS) {
        Status = VnicSignalPorts(Adapter, NetEventPortActivation);
        Adapter->PortsActive = (Status == NDIS_STATUS_SUCCESS);
    }
    if (Status != NDIS_STATUS_SUCCESS) {
        VnicFreePorts(Adapter);     /* this step failed: undo what it did */
    }
    return Status;
}

VOID
VnicFreePorts(PVNIC_ADAPTER Adapter)
{
    ULONG i;

    if (Adapter->PortsActive) {
#if !defined(VNIC_BUG_PORT_DEACTIVATE)
        /* PORT-DEACTIVATE-BEFORE-FREE (when left out): an activated port is
         * deactivated before it is freed. */
        (VOID)VnicSignalPorts(Adapter, NetEventPortDeactivation);
#endif
        Adapter->PortsActive = FALSE;
    }

#if defined(VNIC_BUG_PORT_FREE_DEFAULT)
    /* PORT-NO-FREE-DEFAULT: the default port is treated as one of the
     * driver's own and freed as well. */
    (VOID)NdisMFreePort(Adapter->AdapterHandle, NDIS_DEFAULT_PORT_NUMBER);
#endif

#if defined(VNIC_BUG_PORT_INVALID_NUMBER)
    /* PORT-INVALID-NUMBER: every slot of the table is freed, including the
     * unused ones that hold the VNIC_PORT_UNUSED marker. */
    for (i = VNIC_MAX_PORTS; i > 0; i--) {
        (VOID)NdisMFreePort(Adapter->AdapterHandle, Adapter->Ports[i - 1]);
        Adapter->Ports[i - 1] = VNIC_PORT_UNUSED;
    }
#else
    /* Last allocated, first freed. */
    for (i = Adapter->PortCount; i > 0; i--) {
#if defined(VNIC_BUG_PORT_FREE_BEFORE_HALT)
        /* PORT-FREE-BEFORE-HALT: the first port is left allocated. */
        if (i == 1) {
            break;
        }
#endif
        (VOID)NdisMFreePort(Adapter->AdapterHandle, Adapter->Ports[i - 1]);
        Adapter->Ports[i - 1] = VNIC_PORT_UNUSED;
    }
#endif
    Adapter->PortCount = 0;
}
