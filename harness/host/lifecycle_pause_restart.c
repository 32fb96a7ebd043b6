/* NDIS's side of MiniportRestart and MiniportPause (see lifecycle.h): the
 * restart attribute list NDIS hands over and what the miniport did to it. */
#include "lifecycle_internal.h"
#include "host_thread.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- restart and pause ---- */

/* NDIS's restart attribute list: one entry, OID_GEN_MINIPORT_RESTART_ATTRIBUTES
 * holding NDIS_RESTART_GENERAL_ATTRIBUTES in Data (001). */
static PNDIS_RESTART_ATTRIBUTES new_restart_attributes(size_t *size)
{
    *size = offsetof(NDIS_RESTART_ATTRIBUTES, Data) + sizeof(NDIS_RESTART_GENERAL_ATTRIBUTES);
    /* NDIS pool memory: 001 lets the miniport free it with NdisFreeMemory. */
    PNDIS_RESTART_ATTRIBUTES attributes = ndis_memory_alloc_for_ndis(*size);
    if (!attributes)
        return NULL;
    memset(attributes, 0, *size);
    attributes->Oid = OID_GEN_MINIPORT_RESTART_ATTRIBUTES;
    attributes->DataLength = sizeof(NDIS_RESTART_GENERAL_ATTRIBUTES);
    PNDIS_RESTART_GENERAL_ATTRIBUTES general = (PNDIS_RESTART_GENERAL_ATTRIBUTES)attributes->Data;
    general->Header.Type = NDIS_OBJECT_TYPE_RESTART_GENERAL_ATTRIBUTES;
    general->Header.Revision = NDIS_RESTART_GENERAL_ATTRIBUTES_REVISION_1;
    general->Header.Size = NDIS_SIZEOF_RESTART_GENERAL_ATTRIBUTES_REVISION_1;
    general->MtuSize = 1500;
    general->LookaheadSize = 1500;
    return attributes;
}

/* What the miniport did to the list: entries it added, and whether each is
 * memory from NdisAllocateMemoryWithTagPriority, which NDIS then frees. */
#define MAX_RESTART_ATTRIBUTE_ENTRIES 64

typedef struct {
    int modified;
    int added;
    int from_ndis;
    void *taken[MAX_RESTART_ATTRIBUTE_ENTRIES];  /* entries NDIS now owns and frees */
    size_t ntaken;
} restart_attribute_change;

static restart_attribute_change inspect_restart_attributes(PNDIS_RESTART_ATTRIBUTES given, const void *snapshot,
                                                           size_t size, PNDIS_RESTART_ATTRIBUTES after)
{
    restart_attribute_change c;
    memset(&c, 0, sizeof(c));
    c.from_ndis = 1;
    /* Freed by the miniport (001 allows it) counts as modified; never read it then. */
    c.modified = after != given || (given && (!ndis_memory_is_live(given) || memcmp(given, snapshot, size) != 0));
    PNDIS_RESTART_ATTRIBUTES entry = after;
    for (int n = 0; entry && n < MAX_RESTART_ATTRIBUTE_ENTRIES; n++, entry = entry->Next) {
        if (entry == given)
            continue;
        c.added++;
        if (!host_handle_is_live((uint64_t)(uintptr_t)entry)) {
            c.from_ndis = 0;
            continue;
        }
        host_emit_op("ownership_transfer", (trace_arg[]){ TA_PTR("handle", entry),
                     TA_STR("reason", "NDIS frees the restart attributes it propagated (001)") }, 2);
        c.taken[c.ntaken++] = entry;
    }
    return c;
}

/* Moves a to state to unless a completion already did. */
static void settle(adapter *a, adapter_state to)
{
    if (a->state != to)
        host_transition(a, to);
}

int64_t lifecycle_restart(adapter *a, const restart_options *opt)
{
    if (!in_state(a, ADAPTER_PAUSED))
        return skip("restart", "adapter is not Paused");
    size_t size;
    PNDIS_RESTART_ATTRIBUTES ndis_attributes = new_restart_attributes(&size);
    void *snapshot = malloc(size);
    if (!ndis_attributes || !snapshot) {
        ndis_memory_release_for_ndis(ndis_attributes);
        free(snapshot);
        return skip("restart", "out of memory");
    }
    memcpy(snapshot, ndis_attributes, size);
    host_emit_op("ndis_allocated", (trace_arg[]){ TA_PTR("handle", ndis_attributes),
                 TA_STR("reason", "NDIS_RESTART_ATTRIBUTES NDIS passes to MiniportRestart (001)") }, 2);

    NDIS_MINIPORT_RESTART_PARAMETERS params;
    memset(&params, 0, sizeof(params));
    params.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    params.Header.Revision = NDIS_MINIPORT_RESTART_PARAMETERS_REVISION_1;
    params.Header.Size = sizeof(params);
    PNDIS_RESTART_ATTRIBUTES given = (opt && opt->null_restart_attributes) ? NULL : ndis_attributes;
    params.RestartAttributes = given;

    host_transition(a, ADAPTER_RESTARTING);
    a->pending |= PENDING_RESTART;
    CALL_ENTER("MiniportRestart", a, TA_PTR("RestartAttributes", given));
    NDIS_STATUS status = chars()->RestartHandler(a->context, &params);
    PNDIS_RESTART_ATTRIBUTES after = params.RestartAttributes;
    /* The inspection reads the handle registry and the ledger and emits:
     * under the host lock, which the miniport's threads may want now. */
    host_lock_restore(1);
    restart_attribute_change change = inspect_restart_attributes(given, snapshot, size, after);
    host_callback_return("MiniportRestart", 1, status,
                         (trace_arg[]){ TA_PTR("RestartAttributes", given), TA_PTR("RestartAttributesAfter", after),
                                        TA_INT("RestartAttributesModified", change.modified),
                                        TA_INT("RestartAttributesAdded", change.added),
                                        TA_INT("RestartAttributesFromNdis", change.from_ndis) }, 5);
    int64_t result = lifecycle_operation_result(a, PENDING_RESTART, "restart", status, NDIS_STATUS_FAILURE);
    settle(a, result == NDIS_STATUS_SUCCESS ? ADAPTER_RUNNING : ADAPTER_PAUSED);
    /* Propagated to the protocols; now NDIS frees the list (001). */
    for (size_t i = 0; i < change.ntaken; i++)
        ndis_memory_release_for_ndis(change.taken[i]);
    ndis_memory_release_for_ndis(ndis_attributes);
    free(snapshot);
    return result;
}

int64_t lifecycle_pause(adapter *a)
{
    if (!in_state(a, ADAPTER_RUNNING))
        return skip("pause", "adapter is not Running");
    NDIS_MINIPORT_PAUSE_PARAMETERS params;
    memset(&params, 0, sizeof(params));
    params.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    params.Header.Revision = NDIS_MINIPORT_PAUSE_PARAMETERS_REVISION_1;
    params.Header.Size = sizeof(params);
    params.PauseReason = NDIS_PAUSE_NDIS_INTERNAL;

    /* The protocols above return what they hold before NDIS pauses the miniport. */
    ndis_return_receives(a);
    lifecycle_drain_oid(a);
    host_transition(a, ADAPTER_PAUSING);
    a->pending |= PENDING_PAUSE;
    CALL_ENTER_NOARGS("MiniportPause", a);
    NDIS_STATUS status = chars()->PauseHandler(a->context, &params);
    host_callback_return("MiniportPause", 1, status, NULL, 0);
    /* A PENDING pause is checked at its completion.  Any other value is
     * taken as SUCCESS: MiniportPause cannot fail (checks/tables/returns.yaml). */
    if (status != NDIS_STATUS_PENDING)
        host_note_pause_with_sends(a);
    int64_t result = lifecycle_operation_result(a, PENDING_PAUSE, "pause", status, NDIS_STATUS_FAILURE);
    lifecycle_drain_sends(a);
    settle(a, ADAPTER_PAUSED);
    return result;
}
