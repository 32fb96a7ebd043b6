/* IoCompleteRequest for a driver's own control-device IRPs: the host
 * records which IRP completed with which status. */
#include "ndis_internal.h"

VOID IofCompleteRequest(PIRP Irp, CCHAR PriorityBoost)
{
    HOST_DDI_VOID("IoCompleteRequest", TA_PTR("irp", Irp), TA_INT("PriorityBoost", PriorityBoost),
                  TA_INT("status", Irp ? Irp->IoStatus.Status : 0),
                  TA_INT("information", Irp ? (int64_t)Irp->IoStatus.Information : 0));
}
