/* Characteristics with the wrong Header.Type. */
#include "../common.h"
NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS ch;
    broken_fill(&ch);
    ch.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    NdisMRegisterMiniportDriver(d, r, NULL, &ch, &broken_driver_handle);
    return STATUS_SUCCESS;
}
