/* The registry a driver reads with ZwOpenKey, ZwQueryValueKey and ZwClose,
 * emulated as an empty registry: no key exists, so ZwOpenKey fails as its
 * page says for a missing key ("If the specified key does not exist,
 * ZwOpenKey returns an error status and does not return a key handle";
 * the status Windows gives is STATUS_OBJECT_NAME_NOT_FOUND), and no handle
 * a driver could pass to ZwQueryValueKey or ZwClose is valid
 * (STATUS_INVALID_HANDLE, ZwClose page).  Keys are therefore never ledger
 * resources.  ZwClose also closes the handles IoCreateNotificationEvent
 * gives (named_event.c): those are (kind event_handle). */
#include "ndis_internal.h"

NTSTATUS ZwOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, POBJECT_ATTRIBUTES ObjectAttributes)
{
    char name[256] = "";
    if (ObjectAttributes && ObjectAttributes->ObjectName)
        ndis_string_to_ascii(ObjectAttributes->ObjectName, name, sizeof name);
    NTSTATUS status = (!KeyHandle || !ObjectAttributes) ? STATUS_INVALID_PARAMETER : STATUS_OBJECT_NAME_NOT_FOUND;
    HOST_DDI("ZwOpenKey", status, TA_INT("DesiredAccess", DesiredAccess), TA_STR("name", name),
             TA_INT("Attributes", ObjectAttributes ? ObjectAttributes->Attributes : 0),
             TA_INT("kernel_handle", ObjectAttributes && (ObjectAttributes->Attributes & OBJ_KERNEL_HANDLE)));
    return status;
}

NTSTATUS ZwQueryValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName,
                         KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass, PVOID KeyValueInformation,
                         ULONG Length, PULONG ResultLength)
{
    (void)KeyValueInformation;
    char name[128] = "";
    if (ValueName)
        ndis_string_to_ascii(ValueName, name, sizeof name);
    if (ResultLength)
        *ResultLength = 0;
    NTSTATUS status = STATUS_INVALID_HANDLE;
    HOST_DDI("ZwQueryValueKey", status, TA_PTR("key", KeyHandle), TA_STR("name", name),
             TA_INT("class", KeyValueInformationClass), TA_INT("Length", Length));
    return status;
}

NTSTATUS ZwClose(HANDLE Handle)
{
    if (ndis_event_handle_close(Handle)) {
        HOST_DDI("ZwClose", STATUS_SUCCESS, TA_PTR("handle", Handle));
        return STATUS_SUCCESS;
    }
    NTSTATUS status = STATUS_INVALID_HANDLE;
    HOST_DDI("ZwClose", status, TA_PTR("key", Handle));
    return status;
}
