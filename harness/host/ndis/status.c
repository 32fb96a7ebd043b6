/* NdisMIndicateStatusEx and NdisWriteErrorLogEntry: recorded, nothing else. */
#include <stdarg.h>
#include "ndis_internal.h"

VOID NdisMIndicateStatusEx(NDIS_HANDLE MiniportAdapterHandle, PNDIS_STATUS_INDICATION StatusIndication)
{
    adapter *a = host_adapter_from_handle(MiniportAdapterHandle);
    PNDIS_STATUS_INDICATION s = StatusIndication;
    int valid = a && s && s->Header.Type == NDIS_OBJECT_TYPE_STATUS_INDICATION &&
                s->Header.Revision >= NDIS_STATUS_INDICATION_REVISION_1 &&
                s->Header.Size >= NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
    int64_t connect = -1, xmit = -1;
    if (valid && s->StatusCode == NDIS_STATUS_LINK_STATE && s->StatusBuffer &&
        s->StatusBufferSize >= NDIS_SIZEOF_LINK_STATE_REVISION_1) {
        const NDIS_LINK_STATE *l = s->StatusBuffer;
        connect = l->MediaConnectState;
        xmit = (int64_t)l->XmitLinkSpeed;
    }
    HOST_DDI_VOID("NdisMIndicateStatusEx", TA_INT("valid", valid), TA_INT("StatusCode", valid ? s->StatusCode : 0),
                  TA_INT("PortNumber", valid ? (int64_t)s->PortNumber : -1),
                  TA_INT("StatusBufferSize", valid ? (int64_t)s->StatusBufferSize : 0),
                  TA_INT("MediaConnectState", connect), TA_INT("XmitLinkSpeed", xmit));
}

VOID NdisWriteErrorLogEntry(NDIS_HANDLE NdisAdapterHandle, NDIS_ERROR_CODE ErrorCode, ULONG NumberOfErrorValues, ...)
{
    (void)NdisAdapterHandle;
    int64_t v[2] = { -1, -1 };
    va_list ap;
    va_start(ap, NumberOfErrorValues);
    for (ULONG i = 0; i < NumberOfErrorValues && i < 2; i++)
        v[i] = va_arg(ap, ULONG);
    va_end(ap);
    HOST_DDI_VOID("NdisWriteErrorLogEntry", TA_INT("ErrorCode", ErrorCode),
                  TA_INT("NumberOfErrorValues", NumberOfErrorValues), TA_INT("value0", v[0]), TA_INT("value1", v[1]));
}
