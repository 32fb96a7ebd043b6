/* NdisGetRssProcessorInformation: the RSS processor set of the emulated
 * machine (every processor of group 0, see NDIS_HOST_PROCESSORS), laid out
 * as NDIS_RSS_PROCESSOR_INFO revision 2 followed by its NDIS_RSS_PROCESSOR
 * array.  WDK page nf-ndis-ndisgetrssprocessorinformation: when *Size is
 * too small the answer is NDIS_STATUS_BUFFER_TOO_SHORT with the needed size
 * in *Size; otherwise NDIS_STATUS_SUCCESS with the size written. */
#include "ndis_internal.h"

#define ARRAY_OFFSET ((sizeof(NDIS_RSS_PROCESSOR_INFO) + 7u) & ~(size_t)7u)
#define NEEDED (ARRAY_OFFSET + NDIS_HOST_PROCESSORS * sizeof(NDIS_RSS_PROCESSOR))

static void fill(PNDIS_RSS_PROCESSOR_INFO info)
{
    memset(info, 0, NEEDED);
    info->Header.Type = NDIS_OBJECT_TYPE_RSS_PROCESSOR_INFO;
    info->Header.Revision = NDIS_RSS_PROCESSOR_INFO_REVISION_2;
    info->Header.Size = (USHORT)NDIS_SIZEOF_RSS_PROCESSOR_INFO_REVISION_2;
    info->MaxNumRssProcessors = NDIS_HOST_PROCESSORS;
    info->RssProcessorArrayOffset = (ULONG)ARRAY_OFFSET;
    info->RssProcessorCount = NDIS_HOST_PROCESSORS;
    info->RssProcessorEntrySize = sizeof(NDIS_RSS_PROCESSOR);
    info->RssMaxProcessor.Number = (UCHAR)(NDIS_HOST_PROCESSORS - 1);
    info->RssProfile = NdisRssProfileClosest;
    PNDIS_RSS_PROCESSOR p = (PNDIS_RSS_PROCESSOR)((PUCHAR)info + ARRAY_OFFSET);
    for (ULONG i = 0; i < NDIS_HOST_PROCESSORS; i++)
        p[i].ProcNum.Number = (UCHAR)i;
}

NDIS_STATUS NdisGetRssProcessorInformation(NDIS_HANDLE NdisHandle, PNDIS_RSS_PROCESSOR_INFO RssProcessorInfo,
                                           PSIZE_T Size)
{
    NDIS_STATUS status = NDIS_STATUS_BUFFER_TOO_SHORT;
    SIZE_T given = Size ? *Size : 0;
    if (Size && RssProcessorInfo && given >= NEEDED) {
        fill(RssProcessorInfo);
        status = NDIS_STATUS_SUCCESS;
    }
    if (Size)
        *Size = NEEDED;
    HOST_DDI("NdisGetRssProcessorInformation", status, TA_PTR("NdisHandle", NdisHandle), TA_INT("Size", given),
             TA_INT("needed", NEEDED));
    return status;
}
