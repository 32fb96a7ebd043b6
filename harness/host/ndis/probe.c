/* ProbeForRead / ProbeForWrite (WDK pages nf-wdm-probeforread,
 * nf-wdm-probeforwrite).  "If Length = 0, ProbeForRead does no checking of
 * the address"; otherwise an Address not "aligned on the byte boundary that
 * is specified by Alignment" raises STATUS_DATATYPE_MISALIGNMENT, and a
 * range that is not a valid user-mode range raises STATUS_ACCESS_VIOLATION.
 * The harness has one address space, so only a NULL start or a range that
 * wraps past the top is invalid.  The emulation raises no exceptions
 * (excpt.h): the exception the page names is recorded in the event
 * (argument raised, 0 for none) and the call returns. */
#include "ndis_internal.h"

static void probe(const char *ddi, const volatile void *Address, SIZE_T Length, ULONG Alignment)
{
    uintptr_t at = (uintptr_t)Address;
    NTSTATUS raised = 0;
    if (Length == 0)
        ;   /* nothing checked */
    else if (Alignment > 1 && (at & (Alignment - 1)) != 0)
        raised = STATUS_DATATYPE_MISALIGNMENT;
    else if (at == 0 || at + Length < at)
        raised = STATUS_ACCESS_VIOLATION;
    HOST_DDI_VOID(ddi, TA_PTR("Address", (const void *)Address), TA_INT("Length", (int64_t)Length),
                  TA_INT("Alignment", Alignment), TA_INT("raised", raised));
}

VOID ProbeForRead(const volatile VOID *Address, SIZE_T Length, ULONG Alignment)
{
    probe("ProbeForRead", Address, Length, Alignment);
}

VOID ProbeForWrite(volatile VOID *Address, SIZE_T Length, ULONG Alignment)
{
    probe("ProbeForWrite", Address, Length, Alignment);
}
