/* NDIS's side of the adapter lifecycle (see lifecycle.h); restart and pause
 * are in lifecycle_pause_restart.c. */
#include "lifecycle_internal.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lets virtual time run until op is completed or the deadline passes.
 * Returns 0 with *status set, or -1 after recording completion_timeout. */
static int wait_for_completion(adapter *a, pending_op op, const char *opname, int64_t *status)
{
    uint64_t deadline = host_now_us() + LIFECYCLE_COMPLETION_DEADLINE_US;
    host_defer_run_due();
    while (a->pending & op) {
        if (op == PENDING_PAUSE)
            ndis_return_receives(a);  /* a pausing miniport waits for its receives */
        if (!host_wait_step(deadline))
            break;
    }
    if (a->pending & op) {
        if (host_now_us() < deadline)
            host_advance_us(deadline - host_now_us());
        a->pending &= ~(unsigned)op;
        host_emit_op("completion_timeout", (trace_arg[]){ TA_STR("operation", opname),
                     TA_INT("deadline_us", LIFECYCLE_COMPLETION_DEADLINE_US),
                     TA_PTR("request", op == PENDING_OID ? a->oid_request : NULL) }, 3);
        return -1;
    }
    *status = a->completion_status;
    return 0;
}

/* What an operation ended with: its handler's answer, or after PENDING the
 * status of its completion (timeout_status when none came in time). */
int64_t lifecycle_operation_result(adapter *a, pending_op op, const char *opname, NDIS_STATUS answer,
                                   NDIS_STATUS timeout_status)
{
    int64_t result = answer;
    if (answer != NDIS_STATUS_PENDING)
        a->pending &= ~(unsigned)op;
    else if (wait_for_completion(a, op, opname, &result) != 0)
        result = timeout_status;
    return result;
}

/* NDIS halts and pauses only when no send is outstanding: give the miniport
 * virtual time to complete them. */
void lifecycle_drain_sends(adapter *a)
{
    uint64_t deadline = host_now_us() + LIFECYCLE_COMPLETION_DEADLINE_US;
    host_defer_run_due();
    while (a->outstanding_sends && host_wait_step(deadline))
        ;
    if (a->outstanding_sends)
        host_emit_op("completion_timeout", (trace_arg[]){ TA_STR("operation", "send"),
                     TA_INT("outstanding", a->outstanding_sends) }, 2);
}

/* 000: NDIS does not halt (or pause) with an OID request outstanding. */
void lifecycle_drain_oid(adapter *a)
{
    int64_t status;
    int completed = !(a->pending & PENDING_OID) || wait_for_completion(a, PENDING_OID, "oid", &status) == 0;
    /* A request never completed may still be completed later by the
     * miniport: it stays allocated rather than be freed under it. */
    if (completed) {
        free(a->oid_request);
        free(a->oid_buffer);
    }
    a->oid_request = a->oid_buffer = NULL;
}

/* ---- initialize ---- */

static void hang_check_tick(void *ctx1, void *ctx2);

static void schedule_hang_check(adapter *a)
{
    uint64_t period = (uint64_t)(a->check_for_hang_secs ? a->check_for_hang_secs : 2) * 1000000ull;
    host_defer(DEFER_INTERNAL, "CheckForHangTimer", host_now_us() + period, period,
               hang_check_tick, a, NULL, a, a);
}

int64_t lifecycle_initialize(adapter *a)
{
    if (!in_state(a, ADAPTER_HALTED))
        return skip("initialize", "adapter is not Halted");
    NDIS_MINIPORT_INIT_PARAMETERS params;
    memset(&params, 0, sizeof(params));
    params.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_INIT_PARAMETERS;
    params.Header.Revision = NDIS_MINIPORT_INIT_PARAMETERS_REVISION_1;
    params.Header.Size = sizeof(params);
    params.IfIndex = (NET_IFINDEX)(a->index + 1);

    host_transition(a, ADAPTER_INITIALIZING);
    CALL_ENTER_NOARGS("MiniportInitializeEx", a);
    NDIS_STATUS status = chars()->InitializeHandlerEx((NDIS_HANDLE)a, host_driver_get()->driver_context, &params);
    host_callback_return("MiniportInitializeEx", 1, status, NULL, 0);
    if (status == NDIS_STATUS_SUCCESS && !a->registration_attributes_set) {
        /* Without registration attributes NDIS has no MiniportAdapterContext
         * to call the adapter with: it cannot use the adapter. */
        host_emit_op("skipped", (trace_arg[]){ TA_STR("op", "adapter"),
                     TA_STR("reason", "Initialize succeeded without registration attributes") }, 2);
        host_transition(a, ADAPTER_HALTED);
        host_defer_drop_adapter(a);
    } else if (status == NDIS_STATUS_SUCCESS) {
        host_transition(a, ADAPTER_PAUSED);
        schedule_hang_check(a);
    } else {
        ndis_memory_audit();
        host_transition(a, ADAPTER_HALTED);
        host_defer_drop_adapter(a);
    }
    return status;
}

/* ---- OID requests ---- */

int64_t lifecycle_oid(adapter *a, const oid_options *opt)
{
    if (!a || (a->state != ADAPTER_PAUSED && a->state != ADAPTER_RUNNING && a->state != ADAPTER_RESTARTING &&
               a->state != ADAPTER_PAUSING))
        return skip("oid", "adapter is not initialized");
    if (a->pending & PENDING_OID)
        return skip("oid", "an OID request is already pending");
    NDIS_OID_REQUEST *req = calloc(1, sizeof(*req));
    void *buffer = calloc(1, opt->length ? opt->length : 1);
    if (!req || !buffer) {
        free(req);
        free(buffer);
        return skip("oid", "out of memory");
    }
    req->Header.Type = NDIS_OBJECT_TYPE_OID_REQUEST;
    /* The host plays NDIS 6.86: its requests carry the NDIS 6.50 members
     * (default switch and VPort, no NDIS_OID_REQUEST_FLAGS_VPORT_ID_VALID). */
    req->Header.Revision = NDIS_OID_REQUEST_REVISION_2;
    req->Header.Size = NDIS_SIZEOF_OID_REQUEST_REVISION_2;
    req->SwitchId = NDIS_DEFAULT_SWITCH_ID;
    req->VPortId = NDIS_DEFAULT_VPORT_ID;
    req->RequestType = opt->type;
    req->PortNumber = NDIS_DEFAULT_PORT_NUMBER;
    if (opt->type == NdisRequestSetInformation) {
        req->DATA.SET_INFORMATION.Oid = opt->oid;
        req->DATA.SET_INFORMATION.InformationBuffer = buffer;
        req->DATA.SET_INFORMATION.InformationBufferLength = opt->length;
    } else {
        req->DATA.QUERY_INFORMATION.Oid = opt->oid;
        req->DATA.QUERY_INFORMATION.InformationBuffer = buffer;
        req->DATA.QUERY_INFORMATION.InformationBufferLength = opt->length;
    }
    a->pending |= PENDING_OID;
    CALL_ENTER("MiniportOidRequest", a, TA_INT("Oid", opt->oid), TA_INT("RequestType", opt->type),
               TA_INT("InformationBufferLength", opt->length), TA_PTR("request", req));
    NDIS_STATUS status = chars()->OidRequestHandler(a->context, req);
    int64_t result = status;
    if (status == NDIS_STATUS_PENDING && opt->no_wait) {
        host_callback_return("MiniportOidRequest", 1, status, NULL, 0);
        a->oid_request = req;  /* completed later; drain_oid waits for it */
        a->oid_buffer = buffer;
        return status;
    }
    if (status == NDIS_STATUS_PENDING) {
        host_callback_return("MiniportOidRequest", 1, status, NULL, 0);
        a->oid_request = req;  /* named by a completion_timeout */
        if (wait_for_completion(a, PENDING_OID, "oid", &result) != 0) {
            a->oid_request = NULL;
            return NDIS_STATUS_REQUEST_ABORTED;  /* req and buffer stay: the miniport may still complete it */
        }
        a->oid_request = NULL;
    } else {
        ULONG written = opt->type == NdisRequestSetInformation ? 0 : req->DATA.QUERY_INFORMATION.BytesWritten;
        ULONG read = opt->type == NdisRequestSetInformation ? req->DATA.SET_INFORMATION.BytesRead : 0;
        ULONG needed = opt->type == NdisRequestSetInformation ? req->DATA.SET_INFORMATION.BytesNeeded
                                                               : req->DATA.QUERY_INFORMATION.BytesNeeded;
        host_callback_return("MiniportOidRequest", 1, status,
                             (trace_arg[]){ TA_INT("BytesWritten", written), TA_INT("BytesRead", read),
                                            TA_INT("BytesNeeded", needed) }, 3);
        a->pending &= ~(unsigned)PENDING_OID;  /* under the host lock again: a driver thread's completion reads it */
    }
    if (opt->answer && result == NDIS_STATUS_SUCCESS)
        memcpy(opt->answer, buffer, opt->length);
    free(buffer);
    free(req);
    return result;
}

/* 002: with AddressingReset TRUE, NDIS restores the addressing state through
 * MiniportOidRequest, and the wake-up pattern list. */
static void replay_addressing(adapter *a)
{
    static const oid_options replay[] = {
        { NdisRequestSetInformation, OID_GEN_CURRENT_PACKET_FILTER, sizeof(ULONG), 0, NULL },
        { NdisRequestSetInformation, OID_802_3_MULTICAST_LIST, 6, 0, NULL },
        { NdisRequestQueryInformation, OID_802_3_CURRENT_ADDRESS, 6, 0, NULL },
        { NdisRequestSetInformation, OID_PNP_ADD_WAKE_UP_PATTERN, 64, 0, NULL },
    };
    host_emit_op("addressing_replay", NULL, 0);
    for (size_t i = 0; i < sizeof(replay) / sizeof(replay[0]); i++)
        lifecycle_oid(a, &replay[i]);
}

/* 002: "If a reset causes a change in the station address, the miniport
 * driver automatically restores the prior value". NDIS asks for the current
 * address after the reset and compares it with the one the general
 * attributes gave. */
static void check_station_address(adapter *a)
{
    static const UCHAR none[6];
    if (memcmp(a->current_address, none, sizeof(none)) == 0)
        return;  /* no address was reported: nothing to compare */
    UCHAR now[6];
    oid_options query = { NdisRequestQueryInformation, OID_802_3_CURRENT_ADDRESS, sizeof(now), 0, now };
    if (lifecycle_oid(a, &query) != NDIS_STATUS_SUCCESS)
        return;
    char before[18], after[18];
    snprintf(before, sizeof(before), "%02x:%02x:%02x:%02x:%02x:%02x", a->current_address[0], a->current_address[1],
             a->current_address[2], a->current_address[3], a->current_address[4], a->current_address[5]);
    snprintf(after, sizeof(after), "%02x:%02x:%02x:%02x:%02x:%02x", now[0], now[1], now[2], now[3], now[4], now[5]);
    host_emit_op("station_address", (trace_arg[]){ TA_STR("before", before), TA_STR("after", after),
                 TA_INT("changed", strcmp(before, after) != 0) }, 3);
}

/* ---- reset and check for hang ---- */

int64_t lifecycle_reset(adapter *a)
{
    if (!a || (a->state != ADAPTER_RUNNING && a->state != ADAPTER_PAUSED))
        return skip("reset", "adapter is neither Running nor Paused");
    if (!chars()->ResetHandlerEx)
        return skip("reset", "the driver registered no MiniportResetEx");
    BOOLEAN addressing_reset = FALSE;
    a->pending |= PENDING_RESET;
    CALL_ENTER_NOARGS("MiniportResetEx", a);
    NDIS_STATUS status = chars()->ResetHandlerEx(a->context, &addressing_reset);
    host_callback_return("MiniportResetEx", 1, status,
                         (trace_arg[]){ TA_INT("AddressingReset", addressing_reset) }, 1);
    int64_t result = lifecycle_operation_result(a, PENDING_RESET, "reset", status, NDIS_STATUS_FAILURE);
    if (status == NDIS_STATUS_PENDING)
        addressing_reset = a->completion_addressing_reset;  /* NdisMResetComplete's, not the stale out-parameter */
    /* SOFT_ERRORS is a reset that succeeded with a recoverable error (002). */
    int reset_done = result == NDIS_STATUS_SUCCESS || result == NDIS_STATUS_SOFT_ERRORS;
    if (addressing_reset && reset_done)
        replay_addressing(a);
    if (reset_done)
        check_station_address(a);
    return result;
}

/* A second MiniportResetEx while the first is still pending (002:
 * NDIS_STATUS_RESET_IN_PROGRESS). The first one's completion is awaited after. */
int64_t lifecycle_reset_overlapping(adapter *a)
{
    if (!a || (a->state != ADAPTER_RUNNING && a->state != ADAPTER_PAUSED) || !chars()->ResetHandlerEx)
        return skip("reset_twice", "adapter cannot be reset");
    BOOLEAN addressing = FALSE;
    a->pending |= PENDING_RESET;
    CALL_ENTER_NOARGS("MiniportResetEx", a);
    NDIS_STATUS first = chars()->ResetHandlerEx(a->context, &addressing);
    host_callback_return("MiniportResetEx", 1, first, (trace_arg[]){ TA_INT("AddressingReset", addressing) }, 1);
    if (first != NDIS_STATUS_PENDING) {
        a->pending &= ~(unsigned)PENDING_RESET;
        return first;
    }
    CALL_ENTER_NOARGS("MiniportResetEx", a);
    NDIS_STATUS second = chars()->ResetHandlerEx(a->context, &addressing);
    host_callback_return("MiniportResetEx", 1, second, (trace_arg[]){ TA_INT("AddressingReset", addressing) }, 1);
    /* The step's result is the second call's answer (RESET_IN_PROGRESS is
     * what the test is after); the first reset's own ends with its
     * NdisMResetComplete, whose event records its status. */
    int64_t completion;
    (void)wait_for_completion(a, PENDING_RESET, "reset", &completion);
    return second;
}

int64_t lifecycle_check_for_hang(adapter *a)
{
    if (!a || (a->state != ADAPTER_RUNNING && a->state != ADAPTER_PAUSED))
        return skip("check_for_hang", "adapter is neither Running nor Paused");
    if (!chars()->CheckForHangHandlerEx)
        return skip("check_for_hang", "the driver registered no MiniportCheckForHangEx");
    CALL_ENTER_NOARGS("MiniportCheckForHangEx", a);
    BOOLEAN hung = chars()->CheckForHangHandlerEx(a->context);
    host_callback_return("MiniportCheckForHangEx", 1, hung, NULL, 0);
    if (hung)
        lifecycle_reset(a);
    return hung;
}

/* Requests the miniport made of NDIS (NdisMResetMiniport), served between operations. */
static void serve_requests(adapter *a)
{
    if (a && a->reset_requested && !a->pending && host_callback_depth() == 0) {
        a->reset_requested = 0;
        host_emit_op("reset_requested", NULL, 0);
        lifecycle_reset(a);
    }
}

static void hang_check_tick(void *ctx1, void *ctx2)
{
    (void)ctx2;
    adapter *a = ctx1;
    /* NDIS does not overlap CheckForHang with a PnP operation or a callback. */
    if (host_callback_depth() > 0 || a->pending)
        return;
    if (a->state == ADAPTER_RUNNING || a->state == ADAPTER_PAUSED)
        lifecycle_check_for_hang(a);
    serve_requests(a);
}

int64_t lifecycle_wait(uint64_t us)
{
    uint64_t target = host_now_us() + us;
    while (host_defer_run_next(target))
        for (size_t i = 0; i < host_adapter_count(); i++)
            serve_requests(host_adapter_at((int)i));
    if (host_now_us() < target)
        host_advance_us(target - host_now_us());
    host_defer_run_due();
    for (size_t i = 0; i < host_adapter_count(); i++)
        serve_requests(host_adapter_at((int)i));
    return 0;
}

/* ---- data path ---- */

int64_t lifecycle_send(adapter *a, unsigned count)
{
    if (!in_state(a, ADAPTER_RUNNING))
        return skip("send", "adapter is not Running");
    NET_BUFFER_LIST *nbls = ndis_alloc_send_nbls(a, count, 64);
    if (!nbls)
        return skip("send", "out of memory");
    CALL_ENTER("MiniportSendNetBufferLists", a, TA_PTR("nbl", nbls), TA_INT("count", count),
               TA_INT("PortNumber", NDIS_DEFAULT_PORT_NUMBER));
    chars()->SendNetBufferListsHandler(a->context, nbls, NDIS_DEFAULT_PORT_NUMBER, 0);
    host_callback_return("MiniportSendNetBufferLists", 0, 0, NULL, 0);
    return 0;
}

int64_t lifecycle_return_receives(adapter *a)
{
    if (!a)
        return skip("return_receives", "no adapter");
    ndis_return_receives(a);
    return 0;
}

int64_t lifecycle_interrupt(adapter *a)
{
    if (!a || !a->interrupt_registered)
        return skip("interrupt", "the adapter has no registered interrupt");
    int64_t claimed = ndis_fire_interrupt(a);
    host_defer_run_due();
    return claimed;
}

/* ---- halt, shutdown, PnP, unload ---- */

int64_t lifecycle_halt(adapter *a, NDIS_HALT_ACTION action)
{
    if (!a || (a->state != ADAPTER_PAUSED))
        return skip("halt", "adapter is not Paused");
    lifecycle_drain_sends(a);
    lifecycle_drain_oid(a);
    ndis_return_receives(a);
    /* The timer may fire at any moment: let the adapter's next timer be
     * queued (not yet run) so that NdisCancelTimerObject in Halt answers
     * FALSE and the driver must wait for the timer function (000). */
    host_defer_expire_next(a, DEFER_TIMER);
    CALL_ENTER("MiniportHaltEx", a, TA_INT("HaltAction", action));
    chars()->HaltHandlerEx(a->context, action);
    host_callback_return("MiniportHaltEx", 0, 0, NULL, 0);
    a->context = NULL;  /* NDIS forgets the context: a block the miniport leaked is unreachable */
    ndis_memory_audit();
    host_transition(a, ADAPTER_HALTED);
    /* Work already queued or due (a work item, a DPC, a fired timer) runs
     * anyway, as it would on a real system; timers still waiting are dropped. */
    host_defer_expire_due();
    host_defer_drop_adapter(a);
    host_defer_run_due();
    return 0;
}

int64_t lifecycle_shutdown(adapter *a, NDIS_SHUTDOWN_ACTION action)
{
    if (!a || (a->state != ADAPTER_RUNNING && a->state != ADAPTER_PAUSED))
        return skip("shutdown", "adapter is neither Running nor Paused");
    /* NdisShutdownBugCheck runs at HIGH_LEVEL; PowerOff at PASSIVE_LEVEL. */
    int irql = action == NdisShutdownBugCheck ? 31 : 0;
    host_callback_enter("MiniportShutdownEx", a, irql, (trace_arg[]){ TA_INT("ShutdownAction", action) }, 1);
    chars()->ShutdownHandlerEx(a->context, action);
    host_callback_return("MiniportShutdownEx", 0, 0, NULL, 0);
    host_transition(a, ADAPTER_SHUTDOWN);
    host_defer_drop_adapter(a);
    return 0;
}

int64_t lifecycle_pnp_event(adapter *a, NDIS_DEVICE_PNP_EVENT pnp)
{
    if (!a || a->state == ADAPTER_HALTED || !chars()->DevicePnPEventNotifyHandler)
        return skip("pnp_event", "adapter is Halted or has no DevicePnPEventNotify handler");
    NET_DEVICE_PNP_EVENT event;
    memset(&event, 0, sizeof(event));
    event.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    event.Header.Revision = NET_DEVICE_PNP_EVENT_REVISION_1;
    event.Header.Size = sizeof(event);
    event.DevicePnPEvent = pnp;
    CALL_ENTER("MiniportDevicePnPEventNotify", a, TA_INT("DevicePnPEvent", pnp));
    chars()->DevicePnPEventNotifyHandler(a->context, &event);
    host_callback_return("MiniportDevicePnPEventNotify", 0, 0, NULL, 0);
    return 0;
}

int64_t lifecycle_unload(void)
{
    host_driver *d = host_driver_get();
    if (!d->registered)
        return skip("unload", "no driver is registered");
    for (size_t i = 0; i < host_adapter_count(); i++) {
        adapter *a = host_adapter_at((int)i);
        if (a->state != ADAPTER_HALTED && a->state != ADAPTER_SHUTDOWN)
            return skip("unload", "an adapter is not halted");
    }
    host_set_step_adapter(NULL);
    CALL_ENTER_NOARGS("MiniportDriverUnload", NULL);
    d->chars.UnloadHandler(d->driver_object);
    host_callback_return("MiniportDriverUnload", 0, 0, NULL, 0);
    return 0;
}
