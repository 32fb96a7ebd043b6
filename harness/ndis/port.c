/* NDIS ports: NdisMAllocatePort hands out the lowest free number,
 * NdisMNetPnPEvent tracks activation, NdisMFreePort answers as documented
 * (seed 003): INVALID_DATA for 0 or > 0xFFFFFF, INVALID_PORT when not
 * allocated, INVALID_PORT_STATE while activated. */
#include "ndis_internal.h"

#define PORT_NUMBER_MAX 0xFFFFFFu

/* A port's ledger handle: the number alone would collide between two
 * adapters of the driver, which both start at port 1. */
static int64_t port_handle(const adapter *a, NDIS_PORT_NUMBER number)
{
    return a && number ? ((int64_t)(a->index + 1) << 32) | (int64_t)number : 0;
}

static int header_ok(const NDIS_OBJECT_HEADER *h, UCHAR type, UCHAR revision, size_t min_size)
{
    return h->Type == type && h->Revision >= revision && h->Size >= min_size;
}

NDIS_STATUS NdisMAllocatePort(NDIS_HANDLE NdisMiniportHandle, PNDIS_PORT_CHARACTERISTICS PortCharacteristics)
{
    adapter *a = host_adapter_from_handle(NdisMiniportHandle);
    NDIS_STATUS status = NDIS_STATUS_SUCCESS;
    NDIS_PORT_NUMBER number = 0;
    if (!a || !PortCharacteristics ||
        !header_ok(&PortCharacteristics->Header, NDIS_OBJECT_TYPE_DEFAULT, NDIS_PORT_CHARACTERISTICS_REVISION_1,
                   NDIS_SIZEOF_PORT_CHARACTERISTICS_REVISION_1)) {
        status = NDIS_STATUS_INVALID_PARAMETER;
    } else if (host_should_fail("NdisMAllocatePort")) {
        status = NDIS_STATUS_RESOURCES;
    } else {
        for (NDIS_PORT_NUMBER n = 1; n < HOST_MAX_PORTS; n++)
            if (a->ports[n].state == PORT_FREE) {
                number = n;
                break;
            }
        if (number == 0) {
            status = NDIS_STATUS_RESOURCES;
        } else {
            a->ports[number].number = number;
            a->ports[number].state = PORT_ALLOCATED;
            PortCharacteristics->PortNumber = number;
        }
    }
    HOST_DDI("NdisMAllocatePort", status, TA_INT("handle", port_handle(a, number)), TA_INT("PortNumber", number));
    return status;
}

NDIS_STATUS NdisMFreePort(NDIS_HANDLE NdisMiniportHandle, NDIS_PORT_NUMBER PortNumber)
{
    adapter *a = host_adapter_from_handle(NdisMiniportHandle);
    NDIS_STATUS status;
    if (!a)
        status = NDIS_STATUS_INVALID_PARAMETER;
    else if (PortNumber == NDIS_DEFAULT_PORT_NUMBER || PortNumber > PORT_NUMBER_MAX)
        status = NDIS_STATUS_INVALID_DATA;
    else if (PortNumber >= HOST_MAX_PORTS || a->ports[PortNumber].state == PORT_FREE)
        status = NDIS_STATUS_INVALID_PORT;
    else if (a->ports[PortNumber].state == PORT_ACTIVATED)
        status = NDIS_STATUS_INVALID_PORT_STATE;
    else {
        a->ports[PortNumber].state = PORT_FREE;
        status = NDIS_STATUS_SUCCESS;
    }
    HOST_DDI("NdisMFreePort", status, TA_INT("handle", port_handle(a, PortNumber)), TA_INT("PortNumber", PortNumber));
    return status;
}

/* Moves one port between ALLOCATED and ACTIVATED; the status NDIS answers. */
static NDIS_STATUS port_transition(adapter *a, NDIS_PORT_NUMBER n, port_state from, port_state to)
{
    if (n == NDIS_DEFAULT_PORT_NUMBER || n >= HOST_MAX_PORTS || a->ports[n].state == PORT_FREE)
        return NDIS_STATUS_INVALID_PORT;
    if (a->ports[n].state != from)
        return NDIS_STATUS_INVALID_PORT_STATE;
    a->ports[n].state = to;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS NdisMNetPnPEvent(NDIS_HANDLE MiniportAdapterHandle, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification)
{
    adapter *a = host_adapter_from_handle(MiniportAdapterHandle);
    PNET_PNP_EVENT_NOTIFICATION n = NetPnPEventNotification;
    NDIS_STATUS status = NDIS_STATUS_SUCCESS;
    int64_t event = -1, port = -1;
    if (!a || !n || n->Header.Type != NDIS_OBJECT_TYPE_DEFAULT || n->Header.Size < NDIS_SIZEOF_NET_PNP_EVENT_NOTIFICATION_REVISION_1) {
        status = NDIS_STATUS_INVALID_PARAMETER;
    } else {
        event = n->NetPnPEvent.NetEvent;
        port = n->PortNumber;
        /* The port list in Buffer names the ports; without one, PortNumber does. */
        NDIS_PORT_NUMBER number = n->PortNumber;
        if (n->NetPnPEvent.Buffer && n->NetPnPEvent.BufferLength >= sizeof(NDIS_PORT))
            number = ((PNDIS_PORT)n->NetPnPEvent.Buffer)->PortCharacteristics.PortNumber;
        port = number;
        if (event == NetEventPortActivation)
            status = port_transition(a, number, PORT_ALLOCATED, PORT_ACTIVATED);
        else if (event == NetEventPortDeactivation)
            status = port_transition(a, number, PORT_ACTIVATED, PORT_ALLOCATED);
    }
    HOST_DDI("NdisMNetPnPEvent", status, TA_INT("NetEvent", event), TA_INT("PortNumber", port));
    return status;
}
