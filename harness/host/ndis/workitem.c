/* IO work items: NdisQueueIoWorkItem runs the routine as IoWorkItemRoutine
 * at PASSIVE_LEVEL when deferred work next runs. A work item freed while
 * queued or running is released by its deferred call. */
#include <stdlib.h>
#include "ndis_internal.h"

typedef struct {
    adapter *a;
    NDIS_IO_WORKITEM_ROUTINE routine;
    PVOID context;
    int queued;   /* queued and its routine not yet started (host_defer_active misses a scheduled item) */
    int dead;
} work_item;

static void work_item_run(void *ctx1, void *ctx2)
{
    (void)ctx2;
    work_item *w = ctx1;
    w->queued = 0;
    if (w->dead || !w->routine) {
        if (w->dead)
            free(w);
        return;
    }
    trace_arg args[] = { TA_PTR("work_item", w) };
    host_callback_enter("IoWorkItemRoutine", w->a, PASSIVE_LEVEL, args, 1);
    w->routine(w->context, w);   /* may queue it again, or free it */
    host_callback_return("IoWorkItemRoutine", 0, 0, NULL, 0);
    if (w->dead)
        free(w);
}

NDIS_HANDLE NdisAllocateIoWorkItem(NDIS_HANDLE NdisObjectHandle)
{
    work_item *w = NULL;
    if (!host_should_fail("NdisAllocateIoWorkItem") && (w = calloc(1, sizeof *w))) {
        if (ndis_handle_add(w, NDIS_RES_WORK_ITEM) != 0) {
            free(w);
            w = NULL;
        } else {
            w->a = host_adapter_from_handle(NdisObjectHandle);
        }
    }
    HOST_DDI_VOID("NdisAllocateIoWorkItem", TA_PTR("handle", w));
    return w;
}

VOID NdisQueueIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle, NDIS_IO_WORKITEM_ROUTINE Routine, PVOID WorkItemContext)
{
    int known = ndis_handle_is(NdisIoWorkItemHandle, NDIS_RES_WORK_ITEM);
    int already = known && ((work_item *)NdisIoWorkItemHandle)->queued;
    HOST_DDI_VOID("NdisQueueIoWorkItem", TA_PTR("work_item", NdisIoWorkItemHandle), TA_PTR("Routine", Routine),
                  TA_INT("allocated", known), TA_INT("already_queued", already));
    if (!known || already || !Routine)
        return;
    work_item *w = NdisIoWorkItemHandle;
    w->routine = Routine;
    w->context = WorkItemContext;
    w->queued = 1;
    host_defer(DEFER_WORK_ITEM, "IoWorkItemRoutine", host_now_us(), 0, work_item_run, w, NULL, w, w->a);
}

VOID NdisFreeIoWorkItem(NDIS_HANDLE NdisIoWorkItemHandle)
{
    int known = ndis_handle_is(NdisIoWorkItemHandle, NDIS_RES_WORK_ITEM);
    int queued = known ? host_defer_cancel(NdisIoWorkItemHandle) : 0;
    int active = known ? host_defer_active(NdisIoWorkItemHandle) : 0;
    HOST_DDI_VOID("NdisFreeIoWorkItem", TA_PTR("handle", NdisIoWorkItemHandle), TA_INT("was_queued", queued || active));
    if (!known)
        return;
    ndis_handle_remove(NdisIoWorkItemHandle);
    work_item *w = NdisIoWorkItemHandle;
    if (active)
        w->dead = 1;
    else
        free(w);
}
