/* Calls a DDI mpconform does not emulate. */
#include "../common.h"
extern VOID NdisMRemoveMiniportForTests(NDIS_HANDLE MiniportAdapterHandle);
NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)
{
    NDIS_MINIPORT_DRIVER_CHARACTERISTICS ch;
    broken_fill(&ch);
    NdisMRemoveMiniportForTests(NULL);
    return NdisMRegisterMiniportDriver(d, r, NULL, &ch, &broken_driver_handle);
}
