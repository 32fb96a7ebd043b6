/* Counted strings: RtlInitUnicodeString, RtlInitAnsiString, RtlInitString
 * RtlCopyUnicodeString and RtlCopyString, RtlAppendUnicode(StringTo)String,
 * RtlUnicodeStringToAnsiString and RtlFreeAnsiString, with the semantics of their WDK pages (the
 * Init routines point at the source without copying; MaximumLength counts
 * the terminator; a NULL source gives an empty string; lengths stop below
 * 0xFFFE bytes, MAX_USTRING). */
#include "ndis_internal.h"

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

/* Appends Source: STATUS_BUFFER_TOO_SMALL (nothing copied) when
 * "Destination->Length + Source->Length > Destination->MaximumLength"
 * (RtlAppendUnicodeStringToString page); a terminator when room is left. */
static NTSTATUS append(const char *ddi, PUNICODE_STRING Destination, const WCHAR *src, size_t bytes)
{
    NTSTATUS status = STATUS_SUCCESS;
    if (!Destination)
        status = STATUS_INVALID_PARAMETER;
    else if (Destination->Length + bytes > Destination->MaximumLength)
        status = STATUS_BUFFER_TOO_SMALL;
    HOST_DDI(ddi, status, TA_PTR("string", Destination), TA_INT("Length", (int64_t)bytes));
    if (status != STATUS_SUCCESS || !bytes)
        return status;
    memmove((char *)Destination->Buffer + Destination->Length, src, bytes);
    Destination->Length = (USHORT)(Destination->Length + bytes);
    if (Destination->Length + sizeof(WCHAR) <= Destination->MaximumLength)
        Destination->Buffer[Destination->Length / sizeof(WCHAR)] = 0;
    return status;
}

NTSTATUS RtlAppendUnicodeStringToString(PUNICODE_STRING Destination, PCUNICODE_STRING Source)
{
    return append("RtlAppendUnicodeStringToString", Destination, Source ? Source->Buffer : NULL,
                  Source ? Source->Length & ~1u : 0);
}

NTSTATUS RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source)
{
    size_t chars = 0;
    if (Source)
        while (Source[chars])
            chars++;
    return append("RtlAppendUnicodeToString", Destination, Source, chars * sizeof(WCHAR));
}

/* Unicode to the ANSI code page, which the emulation takes to be ASCII
 * (other characters become '?').  With AllocateDestinationString the
 * buffer is allocated (a ledger resource freed by RtlFreeAnsiString);
 * without it a destination too small gets what fits, terminated, and
 * STATUS_BUFFER_OVERFLOW. */
NTSTATUS RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString, PCUNICODE_STRING SourceString,
                                      BOOLEAN AllocateDestinationString)
{
    NTSTATUS status = STATUS_SUCCESS;
    size_t chars = SourceString ? SourceString->Length / sizeof(WCHAR) : 0;
    char *buffer = NULL;
    if (!DestinationString || !SourceString || chars + 1 > MAX_USTRING) {
        status = STATUS_INVALID_PARAMETER;
    } else if (AllocateDestinationString) {
        buffer = host_should_fail("RtlUnicodeStringToAnsiString") ? NULL
                 : ndis_guarded_alloc(chars + 1, 'rtsA', NDIS_RES_ANSI_STRING);
        if (!buffer)
            status = STATUS_NO_MEMORY;
        else
            DestinationString->MaximumLength = (USHORT)(chars + 1);
    } else {
        buffer = DestinationString->Buffer;
        if (chars >= DestinationString->MaximumLength) {
            status = STATUS_BUFFER_OVERFLOW;
            chars = DestinationString->MaximumLength ? DestinationString->MaximumLength - 1u : 0;
            if (!DestinationString->MaximumLength)
                buffer = NULL;
        }
    }
    if (buffer) {
        for (size_t i = 0; i < chars; i++) {
            WCHAR c = SourceString->Buffer[i];
            buffer[i] = c < 0x80 ? (char)c : '?';
        }
        buffer[chars] = 0;
        DestinationString->Buffer = buffer;
        DestinationString->Length = (USHORT)chars;
    }
    if (AllocateDestinationString)
        HOST_DDI("RtlUnicodeStringToAnsiString", status, TA_PTR("handle", buffer), TA_INT("allocate", 1),
                 TA_INT("Length", (int64_t)chars));
    else
        HOST_DDI("RtlUnicodeStringToAnsiString", status, TA_PTR("buffer", buffer), TA_INT("allocate", 0),
                 TA_INT("Length", (int64_t)chars));
    return status;
}

/* Releases a buffer RtlUnicodeStringToAnsiString allocated and empties the
 * string; a string with no buffer is left alone (no ledger entry). */
VOID RtlFreeAnsiString(PANSI_STRING AnsiString)
{
    PCHAR buffer = AnsiString ? AnsiString->Buffer : NULL;
    if (!buffer) {
        HOST_DDI_VOID("RtlFreeAnsiString", TA_PTR("string", AnsiString), TA_PTR("buffer", NULL));
        return;
    }
    HOST_DDI_VOID("RtlFreeAnsiString", TA_PTR("string", AnsiString), TA_PTR("handle", buffer));
    ndis_guarded_free(buffer, NDIS_RES_ANSI_STRING);
    AnsiString->Buffer = NULL;
    AnsiString->Length = 0;
    AnsiString->MaximumLength = 0;
}
