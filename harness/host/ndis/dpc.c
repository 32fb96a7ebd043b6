/* Kernel DPCs (KDPC) a miniport queues itself: KeInsertQueueDpc schedules
 * the DeferredRoutine through host_defer, due now; it runs as a DPC at
 * DISPATCH_LEVEL when deferred work runs (callback name CustomDpc, the
 * WDK's name for a KDEFERRED_ROUTINE). Target processor and importance
 * are recorded only: everything runs on one thread. DpcData is non-NULL
 * while the DPC is in the queue, as in the kernel. */
#include "ndis_internal.h"

static void dpc_fire(void *ctx1, void *ctx2)
{
    (void)ctx2;
    PRKDPC dpc = ctx1;
    dpc->DpcData = NULL;   /* dequeued: the routine may queue it again */
    if (!dpc->DeferredRoutine)
        return;
    trace_arg args[] = { TA_PTR("dpc", dpc) };
    host_callback_enter("CustomDpc", host_current_adapter(), DISPATCH_LEVEL, args, 1);
    dpc->DeferredRoutine(dpc, dpc->DeferredContext, dpc->SystemArgument1, dpc->SystemArgument2);
    host_callback_return("CustomDpc", 0, 0, NULL, 0);
}

VOID KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext)
{
    if (Dpc) {
        memset(Dpc, 0, sizeof *Dpc);
        Dpc->Importance = MediumImportance;
        Dpc->DeferredRoutine = DeferredRoutine;
        Dpc->DeferredContext = DeferredContext;
    }
    HOST_DDI_VOID("KeInitializeDpc", TA_PTR("Dpc", Dpc), TA_PTR("DeferredContext", DeferredContext));
}

BOOLEAN KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2)
{
    /* FALSE when the DPC is already queued (its arguments stay). */
    BOOLEAN inserted = Dpc && Dpc->DeferredRoutine && !Dpc->DpcData && !host_defer_active(Dpc);
    if (inserted) {
        Dpc->DpcData = Dpc;
        Dpc->SystemArgument1 = SystemArgument1;
        Dpc->SystemArgument2 = SystemArgument2;
        host_defer(DEFER_DPC, "CustomDpc", host_now_us(), 0, dpc_fire, Dpc, NULL, Dpc,
                   host_current_adapter());
    }
    HOST_DDI("KeInsertQueueDpc", inserted, TA_PTR("Dpc", Dpc), TA_INT("initialized", Dpc && Dpc->DeferredRoutine));
    return inserted;
}

BOOLEAN KeRemoveQueueDpc(PRKDPC Dpc)
{
    BOOLEAN removed = Dpc ? (BOOLEAN)host_defer_cancel(Dpc) : FALSE;
    if (removed)
        Dpc->DpcData = NULL;
    HOST_DDI("KeRemoveQueueDpc", removed, TA_PTR("Dpc", Dpc));
    return removed;
}

/* Returns after every queued DPC has run: the host runs the deferred work now due. */
VOID KeFlushQueuedDpcs(void)
{
    HOST_DDI_NOARGS("KeFlushQueuedDpcs", 0, 0);
    host_defer_run_due();
}

VOID KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance)
{
    if (Dpc)
        Dpc->Importance = (UCHAR)Importance;
    HOST_DDI_VOID("KeSetImportanceDpc", TA_PTR("Dpc", Dpc), TA_INT("Importance", Importance));
}

VOID KeSetTargetProcessorDpc(PRKDPC Dpc, CCHAR Number)
{
    if (Dpc)
        Dpc->Number = (USHORT)(UCHAR)Number;
    HOST_DDI_VOID("KeSetTargetProcessorDpc", TA_PTR("Dpc", Dpc), TA_INT("Number", Number));
}

/* The watchdog is reported disabled (limit 0): no DPC runs long here. */
NTSTATUS KeQueryDpcWatchdogInformation(PKDPC_WATCHDOG_INFORMATION WatchdogInformation)
{
    NTSTATUS status = WatchdogInformation ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
    if (WatchdogInformation)
        memset(WatchdogInformation, 0, sizeof *WatchdogInformation);
    HOST_DDI("KeQueryDpcWatchdogInformation", status, TA_PTR("WatchdogInformation", WatchdogInformation));
    return status;
}
