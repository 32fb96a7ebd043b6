/* NDIS ports: NdisMAllocatePort hands out the lowest free number,
 * NdisMNetPnPEvent tracks activation, NdisMFreePort answers as documented
 * (seed 003): INVALID_DATA for 0 or > 0xFFFFFF, INVALID_PORT when not
 * allocated, INVALID_PORT_STATE while activated. */
#include <stdio.h>
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

#define MAX_PORTS_PER_EVENT 64

/* The ports an activation or deactivation names: activation links NDIS_PORT
 * structures through Next; deactivation passes an array of NDIS_PORT_NUMBER
 * ("Activating NDIS Ports", "Deactivating an NDIS Port"). Without a buffer,
 * PortNumber names the one port. Returns how many were found. */
static size_t ports_named(const NET_PNP_EVENT_NOTIFICATION *n, NDIS_PORT_NUMBER *out)
{
    size_t count = 0;
    const NET_PNP_EVENT *e = &n->NetPnPEvent;
    if (!e->Buffer) {
        out[count++] = n->PortNumber;
    } else if (e->NetEvent == NetEventPortActivation && e->BufferLength >= sizeof(NDIS_PORT)) {
        for (const NDIS_PORT *p = e->Buffer; p && count < MAX_PORTS_PER_EVENT; p = p->Next)
            out[count++] = p->PortCharacteristics.PortNumber;
    } else if (e->NetEvent == NetEventPortDeactivation) {
        const NDIS_PORT_NUMBER *numbers = e->Buffer;
        for (size_t i = 0; i < e->BufferLength / sizeof(NDIS_PORT_NUMBER) && count < MAX_PORTS_PER_EVENT; i++)
            out[count++] = numbers[i];
    }
    return count;
}

NDIS_STATUS NdisMNetPnPEvent(NDIS_HANDLE MiniportAdapterHandle, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification)
{
    adapter *a = host_adapter_from_handle(MiniportAdapterHandle);
    PNET_PNP_EVENT_NOTIFICATION n = NetPnPEventNotification;
    NDIS_STATUS status = NDIS_STATUS_SUCCESS;
    int64_t event = -1;
    NDIS_PORT_NUMBER ports[MAX_PORTS_PER_EVENT];
    size_t count = 0;
    char list[MAX_PORTS_PER_EVENT * 12] = "";
    if (!a || !n || n->Header.Type != NDIS_OBJECT_TYPE_DEFAULT || n->Header.Size < NDIS_SIZEOF_NET_PNP_EVENT_NOTIFICATION_REVISION_1) {
        status = NDIS_STATUS_INVALID_PARAMETER;
    } else {
        event = n->NetPnPEvent.NetEvent;
        count = ports_named(n, ports);
        size_t used = 0;
        for (size_t i = 0; i < count; i++) {
            used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%u", i ? "," : "", ports[i]);
            NDIS_STATUS one = NDIS_STATUS_SUCCESS;
            if (event == NetEventPortActivation)
                one = port_transition(a, ports[i], PORT_ALLOCATED, PORT_ACTIVATED);
            else if (event == NetEventPortDeactivation)
                one = port_transition(a, ports[i], PORT_ACTIVATED, PORT_ALLOCATED);
            if (status == NDIS_STATUS_SUCCESS)
                status = one;  /* the first port that could not change answers for the event */
        }
    }
    HOST_DDI("NdisMNetPnPEvent", status, TA_INT("NetEvent", event), TA_INT("PortNumber", count ? ports[0] : 0),
             TA_STR("ports", list), TA_INT("count", count));
    return status;
}
