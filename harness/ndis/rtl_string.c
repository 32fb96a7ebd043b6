/* Counted strings: RtlInitUnicodeString, RtlInitAnsiString, RtlInitString
 * RtlCopyUnicodeString and RtlCopyString, with the semantics of their WDK pages (the
 * Init routines point at the source without copying; MaximumLength counts
 * the terminator; a NULL source gives an empty string; lengths stop below
 * 0xFFFE bytes, MAX_USTRING). */
#include "ndis_internal.h"

#define MAX_USTRING 0xFFFEu

VOID RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString)
{
    size_t chars = 0;
    if (SourceString)
        while (SourceString[chars])
            chars++;
    size_t bytes = chars * sizeof(WCHAR);
    if (bytes > MAX_USTRING - sizeof(WCHAR))
        bytes = MAX_USTRING - sizeof(WCHAR);
    HOST_DDI_VOID("RtlInitUnicodeString", TA_PTR("string", DestinationString), TA_INT("Length", (int64_t)bytes));
    if (!DestinationString)
        return;
    DestinationString->Buffer = (PWCH)SourceString;
    DestinationString->Length = (USHORT)bytes;
    DestinationString->MaximumLength = SourceString ? (USHORT)(bytes + sizeof(WCHAR)) : 0;
}

static void init_narrow(const char *ddi, PSTRING DestinationString, PCSTR SourceString)
{
    size_t bytes = SourceString ? strlen(SourceString) : 0;
    if (bytes > MAX_USTRING - 1)
        bytes = MAX_USTRING - 1;
    HOST_DDI_VOID(ddi, TA_PTR("string", DestinationString), TA_INT("Length", (int64_t)bytes));
    if (!DestinationString)
        return;
    DestinationString->Buffer = (PCHAR)SourceString;
    DestinationString->Length = (USHORT)bytes;
    DestinationString->MaximumLength = SourceString ? (USHORT)(bytes + 1) : 0;
}

VOID RtlInitAnsiString(PANSI_STRING DestinationString, PCSTR SourceString)
{
    init_narrow("RtlInitAnsiString", DestinationString, SourceString);
}

VOID RtlInitString(PSTRING DestinationString, PCSTR SourceString)
{
    init_narrow("RtlInitString", DestinationString, SourceString);
}

/* Copies min(source Length, destination MaximumLength) bytes; NULL source
 * empties the destination; MaximumLength and Buffer stay as they are. A
 * terminator is added when room is left, as Windows does. */
VOID RtlCopyUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString)
{
    HOST_DDI_VOID("RtlCopyUnicodeString", TA_PTR("string", DestinationString), TA_PTR("source", SourceString));
    if (!DestinationString)
        return;
    if (!SourceString) {
        DestinationString->Length = 0;
        return;
    }
    USHORT bytes = SourceString->Length < DestinationString->MaximumLength ? SourceString->Length
                                                                          : DestinationString->MaximumLength;
    bytes &= (USHORT)~1u;
    memmove(DestinationString->Buffer, SourceString->Buffer, bytes);
    DestinationString->Length = bytes;
    if (bytes + sizeof(WCHAR) <= DestinationString->MaximumLength)
        DestinationString->Buffer[bytes / sizeof(WCHAR)] = 0;
}

VOID RtlCopyString(PSTRING DestinationString, const STRING *SourceString)
{
    HOST_DDI_VOID("RtlCopyString", TA_PTR("string", DestinationString), TA_PTR("source", SourceString));
    if (!DestinationString)
        return;
    USHORT bytes = 0;
    if (SourceString) {
        bytes = SourceString->Length < DestinationString->MaximumLength ? SourceString->Length
                                                                       : DestinationString->MaximumLength;
        memmove(DestinationString->Buffer, SourceString->Buffer, bytes);
    }
    DestinationString->Length = bytes;
}
