/* Cancel-safe IRP queues: IoCsqInitialize(Ex), IoCsqInsertIrp(Ex),
 * IoCsqRemoveNextIrp and IoCsqRemoveIrp, as their WDK pages describe
 * them (wdm/nf-wdm-iocsq*; "Cancel-Safe IRP Queues"): the driver's
 * callbacks keep the queue and its lock, the routines call them in the
 * documented order, own Irp->CancelRoutine while the IRP is queued and
 * keep their context in Irp->Tail.Overlay.DriverContext[3].
 *
 * An IRP queued here gets csq_cancel as its cancel routine.  Windows calls
 * a cancel routine holding the cancel spin lock, which the routine
 * releases; the emulation has no cancel spin lock (nothing in it cancels
 * an IRP on its own), so whoever plays IoCancelIrp (a test) sets
 * Irp->Cancel, takes the routine with IoSetCancelRoutine(Irp, NULL) and
 * calls it: csq_cancel removes the IRP through CsqRemoveIrp and hands it
 * to CsqCompleteCanceledIrp. */
#include "ndis_internal.h"

#define CSQ_SLOT 3   /* DriverContext[3]: "the IoCsqXxx routines use the DriverContext[3] member" */

static PIO_CSQ csq_of(PIRP Irp)
{
    PVOID slot = Irp->Tail.Overlay.DriverContext[CSQ_SLOT];
    if (slot && ((PIO_CSQ_IRP_CONTEXT)slot)->Type == IO_TYPE_CSQ_IRP_CONTEXT)
        return ((PIO_CSQ_IRP_CONTEXT)slot)->Csq;
    return (PIO_CSQ)slot;
}

/* The IRP leaves the queue: its context no longer names it. */
static void forget(PIRP Irp)
{
    PVOID slot = Irp->Tail.Overlay.DriverContext[CSQ_SLOT];
    if (slot && ((PIO_CSQ_IRP_CONTEXT)slot)->Type == IO_TYPE_CSQ_IRP_CONTEXT)
        ((PIO_CSQ_IRP_CONTEXT)slot)->Irp = NULL;
    Irp->Tail.Overlay.DriverContext[CSQ_SLOT] = NULL;
}

static VOID csq_cancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    (void)DeviceObject;
    PIO_CSQ csq = csq_of(Irp);
    if (!csq)
        return;
    KIRQL irql;
    csq->CsqAcquireLock(csq, &irql);
    csq->CsqRemoveIrp(csq, Irp);
    forget(Irp);
    csq->CsqReleaseLock(csq, irql);
    csq->CsqCompleteCanceledIrp(csq, Irp);
}

static NTSTATUS init(const char *ddi, PIO_CSQ Csq, ULONG type, PVOID insert, PIO_CSQ_REMOVE_IRP remove,
                     PIO_CSQ_PEEK_NEXT_IRP peek, PIO_CSQ_ACQUIRE_LOCK acquire, PIO_CSQ_RELEASE_LOCK release,
                     PIO_CSQ_COMPLETE_CANCELED_IRP complete)
{
    NTSTATUS status = STATUS_SUCCESS;   /* "IoCsqInitialize returns STATUS_SUCCESS" */
    int valid = Csq && insert && remove && peek && acquire && release && complete;
    if (Csq) {
        Csq->Type = type;
        Csq->CsqInsertIrp = (PIO_CSQ_INSERT_IRP)insert;
        Csq->CsqRemoveIrp = remove;
        Csq->CsqPeekNextIrp = peek;
        Csq->CsqAcquireLock = acquire;
        Csq->CsqReleaseLock = release;
        Csq->CsqCompleteCanceledIrp = complete;
        Csq->ReservePointer = NULL;
    }
    HOST_DDI(ddi, status, TA_PTR("csq", Csq), TA_INT("valid", valid));
    return status;
}

NTSTATUS IoCsqInitialize(PIO_CSQ Csq, PIO_CSQ_INSERT_IRP CsqInsertIrp, PIO_CSQ_REMOVE_IRP CsqRemoveIrp,
                         PIO_CSQ_PEEK_NEXT_IRP CsqPeekNextIrp, PIO_CSQ_ACQUIRE_LOCK CsqAcquireLock,
                         PIO_CSQ_RELEASE_LOCK CsqReleaseLock, PIO_CSQ_COMPLETE_CANCELED_IRP CsqCompleteCanceledIrp)
{
    return init("IoCsqInitialize", Csq, IO_TYPE_CSQ, (PVOID)CsqInsertIrp, CsqRemoveIrp, CsqPeekNextIrp,
                CsqAcquireLock, CsqReleaseLock, CsqCompleteCanceledIrp);
}

NTSTATUS IoCsqInitializeEx(PIO_CSQ Csq, PIO_CSQ_INSERT_IRP_EX CsqInsertIrp, PIO_CSQ_REMOVE_IRP CsqRemoveIrp,
                           PIO_CSQ_PEEK_NEXT_IRP CsqPeekNextIrp, PIO_CSQ_ACQUIRE_LOCK CsqAcquireLock,
                           PIO_CSQ_RELEASE_LOCK CsqReleaseLock, PIO_CSQ_COMPLETE_CANCELED_IRP CsqCompleteCanceledIrp)
{
    return init("IoCsqInitializeEx", Csq, IO_TYPE_CSQ_EX, (PVOID)CsqInsertIrp, CsqRemoveIrp, CsqPeekNextIrp,
                CsqAcquireLock, CsqReleaseLock, CsqCompleteCanceledIrp);
}

/* The four steps of the IoCsqInsertIrp(Ex) Remarks: lock, CsqInsertIrp(Ex),
 * mark pending, unlock.  "If the IRP to be inserted has already been
 * canceled, IoCsqInsertIrp does not attempt to insert the IRP into the
 * queue": it goes straight to CsqCompleteCanceledIrp, after the unlock.
 * An Ex insert routine that fails leaves the IRP out of the queue and
 * not owned by it. */
static NTSTATUS insert(const char *ddi, PIO_CSQ Csq, PIRP Irp, PIO_CSQ_IRP_CONTEXT Context, PVOID InsertContext)
{
    NTSTATUS status = STATUS_SUCCESS;
    int canceled = 0;
    if (!Csq || !Irp || !Csq->CsqAcquireLock) {
        HOST_DDI_VOID(ddi, TA_PTR("csq", Csq), TA_PTR("irp", Irp), TA_PTR("context", Context), TA_INT("canceled", 0));
        return STATUS_INVALID_PARAMETER;
    }
    if (Context) {
        Context->Type = IO_TYPE_CSQ_IRP_CONTEXT;
        Context->Irp = Irp;
        Context->Csq = Csq;
        Irp->Tail.Overlay.DriverContext[CSQ_SLOT] = Context;
    } else {
        Irp->Tail.Overlay.DriverContext[CSQ_SLOT] = Csq;
    }
    KIRQL irql;
    Csq->CsqAcquireLock(Csq, &irql);
    IoSetCancelRoutine(Irp, csq_cancel);
    if (Irp->Cancel && IoSetCancelRoutine(Irp, NULL)) {
        canceled = 1;
        forget(Irp);
    } else {
        IoMarkIrpPending(Irp);
        if (Csq->Type == IO_TYPE_CSQ_EX)
            status = ((PIO_CSQ_INSERT_IRP_EX)(PVOID)Csq->CsqInsertIrp)(Csq, Irp, InsertContext);
        else
            Csq->CsqInsertIrp(Csq, Irp);
        if (!NT_SUCCESS(status)) {
            IoSetCancelRoutine(Irp, NULL);
            forget(Irp);
        }
    }
    Csq->CsqReleaseLock(Csq, irql);
    HOST_DDI_VOID(ddi, TA_PTR("csq", Csq), TA_PTR("irp", Irp), TA_PTR("context", Context),
                  TA_INT("canceled", canceled));
    if (canceled)
        Csq->CsqCompleteCanceledIrp(Csq, Irp);
    return status;
}

VOID IoCsqInsertIrp(PIO_CSQ Csq, PIRP Irp, PIO_CSQ_IRP_CONTEXT Context)
{
    (void)insert("IoCsqInsertIrp", Csq, Irp, Context, NULL);
}

NTSTATUS IoCsqInsertIrpEx(PIO_CSQ Csq, PIRP Irp, PIO_CSQ_IRP_CONTEXT Context, PVOID InsertContext)
{
    return insert("IoCsqInsertIrpEx", Csq, Irp, Context, InsertContext);
}

/* Takes the IRP back from the queue unless its cancellation has begun
 * (its cancel routine is gone): then NULL, the cancel path completes it. */
static int claim(PIO_CSQ Csq, PIRP Irp)
{
    if (!IoSetCancelRoutine(Irp, NULL))
        return 0;
    Csq->CsqRemoveIrp(Csq, Irp);
    forget(Irp);
    return 1;
}

/* "IoCsqRemoveNextIrp ... returns NULL if there are no IRPs in the queue
 * that match PeekContext"; IRPs being canceled are passed over. */
PIRP IoCsqRemoveNextIrp(PIO_CSQ Csq, PVOID PeekContext)
{
    PIRP irp = NULL;
    if (Csq && Csq->CsqAcquireLock) {
        KIRQL irql;
        Csq->CsqAcquireLock(Csq, &irql);
        irp = Csq->CsqPeekNextIrp(Csq, NULL, PeekContext);
        while (irp && !claim(Csq, irp))
            irp = Csq->CsqPeekNextIrp(Csq, irp, PeekContext);
        Csq->CsqReleaseLock(Csq, irql);
    }
    HOST_DDI_VOID("IoCsqRemoveNextIrp", TA_PTR("csq", Csq), TA_PTR("PeekContext", PeekContext), TA_PTR("irp", irp));
    return irp;
}

/* "IoCsqRemoveIrp returns a pointer to the IRP, or NULL if the IRP has
 * been canceled" (or already removed: the context no longer names it). */
PIRP IoCsqRemoveIrp(PIO_CSQ Csq, PIO_CSQ_IRP_CONTEXT Context)
{
    PIRP irp = NULL;
    if (Csq && Context && Csq->CsqAcquireLock) {
        KIRQL irql;
        Csq->CsqAcquireLock(Csq, &irql);
        irp = Context->Irp;
        if (irp && !claim(Csq, irp))
            irp = NULL;
        Csq->CsqReleaseLock(Csq, irql);
    }
    HOST_DDI_VOID("IoCsqRemoveIrp", TA_PTR("csq", Csq), TA_PTR("context", Context), TA_PTR("irp", irp));
    return irp;
}
