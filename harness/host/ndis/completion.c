/* Completion DDIs for pended operations, and NdisMResetMiniport. A
 * completion with nothing pending is recorded as op unsolicited_completion. */
#include "ndis_internal.h"

static void complete(adapter *a, pending_op op, NDIS_STATUS status, const char *operation)
{
    if (!a)
        return;
    if (!host_complete(a, op, status)) {
        trace_arg args[] = { TA_STR("operation", operation) };
        host_emit_op("unsolicited_completion", args, 1);
    }
}

VOID NdisMRestartComplete(NDIS_HANDLE MiniportAdapterHandle, NDIS_STATUS Status)
{
    adapter *a = host_adapter_from_handle(MiniportAdapterHandle);
    HOST_DDI_VOID("NdisMRestartComplete", TA_INT("Status", Status), TA_INT("valid_handle", a != NULL));
    complete(a, PENDING_RESTART, Status, "restart");
}

VOID NdisMPauseComplete(NDIS_HANDLE MiniportAdapterHandle)
{
    adapter *a = host_adapter_from_handle(MiniportAdapterHandle);
    HOST_DDI_VOID("NdisMPauseComplete", TA_INT("valid_handle", a != NULL));
    complete(a, PENDING_PAUSE, NDIS_STATUS_SUCCESS, "pause");
}

VOID NdisMResetComplete(NDIS_HANDLE MiniportAdapterHandle, NDIS_STATUS Status, BOOLEAN AddressingReset)
{
    adapter *a = host_adapter_from_handle(MiniportAdapterHandle);
    HOST_DDI_VOID("NdisMResetComplete", TA_INT("Status", Status), TA_INT("AddressingReset", AddressingReset),
                  TA_INT("valid_handle", a != NULL), TA_INT("spin_locks_held", ndis_spin_locks_held()));
    if (a && (a->pending & PENDING_RESET))
        a->completion_addressing_reset = AddressingReset;  /* after PENDING, this one counts */
    complete(a, PENDING_RESET, Status, "reset");
}

VOID NdisMOidRequestComplete(NDIS_HANDLE MiniportAdapterHandle, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
{
    adapter *a = host_adapter_from_handle(MiniportAdapterHandle);
    /* The request is NDIS's own structure; only read it while one is pending. */
    int pending = a && (a->pending & PENDING_OID) && OidRequest;
    HOST_DDI_VOID("NdisMOidRequestComplete", TA_PTR("request", OidRequest), TA_INT("Status", Status),
                  TA_INT("Oid", pending ? (int64_t)OidRequest->DATA.QUERY_INFORMATION.Oid : -1),
                  TA_INT("valid_handle", a != NULL));
    complete(a, PENDING_OID, Status, "oid");
}

VOID NdisMResetMiniport(NDIS_HANDLE MiniportAdapterHandle)
{
    adapter *a = host_adapter_from_handle(MiniportAdapterHandle);
    HOST_DDI_VOID("NdisMResetMiniport", TA_INT("valid_handle", a != NULL));
    if (a)
        a->reset_requested = 1;
}
