/* Processor groups: the emulated machine has NDIS_HOST_PROCESSORS processors,
 * all in group 0, and everything runs on processor 0 (one thread plays
 * every processor, see host.h).  Return values as the WDK pages:
 * nf-wdm-kegetprocessornumberfromindex (STATUS_INVALID_PARAMETER for an
 * index out of range), nf-wdm-kegetprocessorindexfromnumber
 * (INVALID_PROCESSOR_INDEX for a number that names no processor),
 * nf-wdm-kesettargetprocessordpcex (an NTSTATUS, STATUS_INVALID_PARAMETER
 * for such a number), nf-wdm-kequeryactiveprocessorcountex (0 for a group
 * that does not exist; ALL_PROCESSOR_GROUPS counts every group). */
#include "ndis_internal.h"

#define INVALID_PROCESSOR_INDEX 0xffffffffu

static ULONG processors_in(USHORT group)
{
    return (group == 0 || group == ALL_PROCESSOR_GROUPS) ? NDIS_HOST_PROCESSORS : 0;
}

static ULONG index_of(const PROCESSOR_NUMBER *n)
{
    return (n && n->Group == 0 && n->Number < NDIS_HOST_PROCESSORS) ? n->Number : INVALID_PROCESSOR_INDEX;
}

ULONG KeGetCurrentProcessorNumberEx(PPROCESSOR_NUMBER ProcNumber)
{
    if (ProcNumber) {
        ProcNumber->Group = 0;
        ProcNumber->Number = 0;
        ProcNumber->Reserved = 0;
    }
    HOST_DDI_VOID("KeGetCurrentProcessorNumberEx", TA_INT("index", 0));
    return 0;
}

ULONG KeQueryActiveProcessorCountEx(USHORT GroupNumber)
{
    ULONG n = processors_in(GroupNumber);
    HOST_DDI_VOID("KeQueryActiveProcessorCountEx", TA_INT("GroupNumber", GroupNumber), TA_INT("count", n));
    return n;
}

ULONG KeQueryMaximumProcessorCountEx(USHORT GroupNumber)
{
    ULONG n = processors_in(GroupNumber);
    HOST_DDI_VOID("KeQueryMaximumProcessorCountEx", TA_INT("GroupNumber", GroupNumber), TA_INT("count", n));
    return n;
}

USHORT KeQueryActiveGroupCount(void)
{
    HOST_DDI_VOID("KeQueryActiveGroupCount", TA_INT("count", 1));
    return 1;
}

NTSTATUS KeGetProcessorNumberFromIndex(ULONG ProcIndex, PPROCESSOR_NUMBER ProcNumber)
{
    NTSTATUS status = (ProcIndex < NDIS_HOST_PROCESSORS && ProcNumber) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
    if (status == STATUS_SUCCESS) {
        ProcNumber->Group = 0;
        ProcNumber->Number = (UCHAR)ProcIndex;
        ProcNumber->Reserved = 0;
    }
    HOST_DDI("KeGetProcessorNumberFromIndex", status, TA_INT("ProcIndex", ProcIndex));
    return status;
}

ULONG KeGetProcessorIndexFromNumber(PPROCESSOR_NUMBER ProcNumber)
{
    ULONG index = index_of(ProcNumber);
    HOST_DDI_VOID("KeGetProcessorIndexFromNumber", TA_INT("index", (int64_t)(LONG)index));
    return index;
}

NTSTATUS KeSetTargetProcessorDpcEx(PKDPC Dpc, PPROCESSOR_NUMBER ProcNumber)
{
    ULONG index = index_of(ProcNumber);
    NTSTATUS status = (Dpc && index != INVALID_PROCESSOR_INDEX) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
    if (status == STATUS_SUCCESS)
        Dpc->Number = (USHORT)index;
    HOST_DDI("KeSetTargetProcessorDpcEx", status, TA_PTR("Dpc", Dpc), TA_INT("index", (int64_t)(LONG)index));
    return status;
}
