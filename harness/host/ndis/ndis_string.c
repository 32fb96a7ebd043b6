/* NdisInitializeString (WDK page nf-ndis-ndisinitializestring): "allocates
 * storage for and initializes a counted string"; the buffer is NDIS memory,
 * since the NdisFreeString that releases it is a macro for NdisFreeMemory.
 * The buffer is a ledger resource (kind ndis_string) so a string never
 * freed is a leak.  The system-default character set is taken to be ASCII
 * (a byte above 0x7F becomes '?'), as rtl_string.c does the other way. */
#include "ndis_internal.h"

VOID NdisInitializeString(PNDIS_STRING Destination, PUCHAR Source)
{
    size_t chars = 0;
    if (Source)
        while (Source[chars])
            chars++;
    size_t bytes = (chars + 1) * sizeof(WCHAR);
    WCHAR *buffer = NULL;
    /* A failed allocation leaves an empty string with no buffer. */
    if (Destination && Source && bytes <= MAX_USTRING && !host_should_fail("NdisInitializeString"))
        buffer = ndis_guarded_alloc(bytes, 'rtsN', NDIS_RES_MEMORY);
    if (buffer) {
        for (size_t i = 0; i < chars; i++)
            buffer[i] = Source[i] < 0x80 ? Source[i] : (WCHAR)'?';
        buffer[chars] = 0;   /* "terminates the destination string with zero" */
    }
    if (Destination) {
        Destination->Buffer = buffer;
        Destination->Length = buffer ? (USHORT)(chars * sizeof(WCHAR)) : 0;
        Destination->MaximumLength = buffer ? (USHORT)bytes : 0;
    }
    HOST_DDI_VOID("NdisInitializeString", TA_PTR("handle", buffer), TA_PTR("string", Destination),
                  TA_INT("Length", buffer ? (int64_t)(chars * sizeof(WCHAR)) : 0), TA_INT("source_null", !Source));
}
