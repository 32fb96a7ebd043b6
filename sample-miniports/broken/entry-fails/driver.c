/* DriverEntry fails. */
#include "../common.h"
NTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)
{
    (void)d; (void)r;
    return STATUS_UNSUCCESSFUL;
}
