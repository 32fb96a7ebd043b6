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

/* The processor number of an index; STATUS_INVALID_PARAMETER for an index
 * that names no processor. */
static NTSTATUS number_of(ULONG index, PPROCESSOR_NUMBER out)
{
    if (index >= NDIS_HOST_PROCESSORS || !out)
        return STATUS_INVALID_PARAMETER;
    out->Group = 0;
    out->Number = (UCHAR)index;
    out->Reserved = 0;
    return STATUS_SUCCESS;
}

/* A processor count query: records ddi with the group asked (under the
 * DDI's own parameter name) and the answer. */
static ULONG count_in(const char *ddi, const char *group_arg, USHORT group)
{
    ULONG n = processors_in(group);
    HOST_DDI_VOID(ddi, TA_INT(group_arg, group), TA_INT("count", n));
    return n;
}

static ULONG index_of(const PROCESSOR_NUMBER *n)
{
    return (n && n->Group == 0 && n->Number < NDIS_HOST_PROCESSORS) ? n->Number : INVALID_PROCESSOR_INDEX;
}

ULONG KeGetCurrentProcessorNumberEx(PPROCESSOR_NUMBER ProcNumber)
{
    number_of(0, ProcNumber);
    HOST_DDI_VOID("KeGetCurrentProcessorNumberEx", TA_INT("index", 0));
    return 0;
}

ULONG KeQueryActiveProcessorCountEx(USHORT GroupNumber)
{
    return count_in("KeQueryActiveProcessorCountEx", "GroupNumber", GroupNumber);
}

ULONG KeQueryMaximumProcessorCountEx(USHORT GroupNumber)
{
    return count_in("KeQueryMaximumProcessorCountEx", "GroupNumber", GroupNumber);
}

USHORT KeQueryActiveGroupCount(void)
{
    HOST_DDI_VOID("KeQueryActiveGroupCount", TA_INT("count", 1));
    return 1;
}

NTSTATUS KeGetProcessorNumberFromIndex(ULONG ProcIndex, PPROCESSOR_NUMBER ProcNumber)
{
    NTSTATUS status = number_of(ProcIndex, ProcNumber);
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

/* ---- the NDIS spelling (NDIS 6.20), same machine ---- */

USHORT NdisActiveGroupCount(void)
{
    HOST_DDI_VOID("NdisActiveGroupCount", TA_INT("count", 1));
    return 1;
}

USHORT NdisMaxGroupCount(void)
{
    HOST_DDI_VOID("NdisMaxGroupCount", TA_INT("count", 1));
    return 1;
}

ULONG NdisGroupMaxProcessorCount(USHORT Group)
{
    return count_in("NdisGroupMaxProcessorCount", "Group", Group);
}

ULONG NdisGroupActiveProcessorCount(USHORT Group)
{
    return count_in("NdisGroupActiveProcessorCount", "Group", Group);
}

/* nf-ndis-ndisgroupactiveprocessormask: "the currently active processor mask
 * for the specified group as a KAFFINITY bitmap". */
KAFFINITY NdisGroupActiveProcessorMask(USHORT Group)
{
    KAFFINITY mask = processors_in(Group) ? (((KAFFINITY)1 << NDIS_HOST_PROCESSORS) - 1) : 0;
    HOST_DDI_VOID("NdisGroupActiveProcessorMask", TA_INT("Group", Group), TA_INT("mask", (int64_t)mask));
    return mask;
}

PROCESSOR_NUMBER NdisCurrentGroupAndProcessor(void)
{
    PROCESSOR_NUMBER n = { 0, 0, 0 };
    HOST_DDI_VOID("NdisCurrentGroupAndProcessor", TA_INT("index", 0));
    return n;
}

ULONG NdisCurrentProcessorIndex(void)
{
    HOST_DDI_VOID("NdisCurrentProcessorIndex", TA_INT("index", 0));
    return 0;
}

ULONG NdisProcessorNumberToIndex(PROCESSOR_NUMBER ProcNum)
{
    ULONG index = index_of(&ProcNum);
    HOST_DDI_VOID("NdisProcessorNumberToIndex", TA_INT("index", (int64_t)(LONG)index));
    return index;
}

NTSTATUS NdisProcessorIndexToNumber(ULONG ProcIndex, PPROCESSOR_NUMBER ProcNum)
{
    NTSTATUS status = number_of(ProcIndex, ProcNum);
    HOST_DDI("NdisProcessorIndexToNumber", status, TA_INT("ProcIndex", ProcIndex));
    return status;
}

CCHAR NdisSystemProcessorCount(void)
{
    HOST_DDI_VOID("NdisSystemProcessorCount", TA_INT("count", NDIS_HOST_PROCESSORS));
    return (CCHAR)NDIS_HOST_PROCESSORS;
}
