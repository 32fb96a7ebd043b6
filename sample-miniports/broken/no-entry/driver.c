/* No DriverEntry at all. */
#include "../common.h"
NTSTATUS NotTheEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS ch;
    broken_fill(&ch);
    return NdisMRegisterMiniportDriver(d, r, NULL, &ch, &broken_driver_handle);
}
