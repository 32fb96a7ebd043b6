/* I/O port ranges: the emulation maps a range to a zeroed byte array so a
 * driver that reads or writes through PortOffset touches real memory. */
#include <stdlib.h>
#include "ndis_internal.h"

typedef struct {
    adapter *a;
    UINT initial;
    UINT count;
    unsigned char ports[];
} port_range;

#define RANGE_OF(offset) ((port_range *)((unsigned char *)(offset) - offsetof(port_range, ports)))

NDIS_STATUS NdisMRegisterIoPortRange(PVOID *PortOffset, NDIS_HANDLE MiniportAdapterHandle, UINT InitialPort,
                                     UINT NumberOfPorts)
{
    adapter *a = host_adapter_from_handle(MiniportAdapterHandle);
    NDIS_STATUS status = NDIS_STATUS_SUCCESS;
    port_range *r = NULL;
    if (!a || !PortOffset || NumberOfPorts == 0)
        status = NDIS_STATUS_INVALID_PARAMETER;
    else if (host_should_fail("NdisMRegisterIoPortRange") || !(r = calloc(1, sizeof *r + NumberOfPorts)))
        status = NDIS_STATUS_RESOURCES;
    else if (ndis_handle_add(r->ports, NDIS_RES_IO_PORT) != 0) {
        free(r);
        r = NULL;
        status = NDIS_STATUS_RESOURCES;
    } else {
        r->a = a;
        r->initial = InitialPort;
        r->count = NumberOfPorts;
        *PortOffset = r->ports;
    }
    HOST_DDI("NdisMRegisterIoPortRange", status, TA_PTR("handle", r ? r->ports : NULL),
             TA_INT("InitialPort", InitialPort), TA_INT("NumberOfPorts", NumberOfPorts));
    return status;
}

VOID NdisMDeregisterIoPortRange(NDIS_HANDLE MiniportAdapterHandle, UINT InitialPort, UINT NumberOfPorts,
                                PVOID PortOffset)
{
    (void)MiniportAdapterHandle;
    int known = ndis_handle_is(PortOffset, NDIS_RES_IO_PORT);
    int matches = known && RANGE_OF(PortOffset)->initial == InitialPort && RANGE_OF(PortOffset)->count == NumberOfPorts;
    HOST_DDI_VOID("NdisMDeregisterIoPortRange", TA_PTR("handle", PortOffset), TA_INT("InitialPort", InitialPort),
                  TA_INT("NumberOfPorts", NumberOfPorts), TA_INT("range_matches", matches));
    if (!known)
        return;
    ndis_handle_remove(PortOffset);
    free(RANGE_OF(PortOffset));
}
