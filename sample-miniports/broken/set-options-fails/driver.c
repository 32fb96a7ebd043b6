/* MiniportSetOptions fails: NDIS calls it within NdisMRegisterMiniportDriver,
 * so the registration fails (the host's reading, checks/tables/returns.yaml). */
#include "../common.h"
static NDIS_STATUS BrokenSetOptions(NDIS_HANDLE h, NDIS_HANDLE c) { (void)h; (void)c; return NDIS_STATUS_RESOURCES; }
NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS ch;
    broken_fill(&ch);
    ch.SetOptionsHandler = BrokenSetOptions;
    NdisMRegisterMiniportDriver(d, r, NULL, &ch, &broken_driver_handle);
    return STATUS_SUCCESS;
}
