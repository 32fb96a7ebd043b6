/* Interrupts: the adapter keeps a copy of the characteristics; the harness
 * plays an interrupt with ndis_fire_interrupt. Deregistering first runs the
 * DPCs already scheduled (NDIS does not return until they finish). */
#include <stdlib.h>
#include "ndis_internal.h"

#define DIRQL 3

typedef struct {
    adapter *a;
} interrupt_object;

static interrupt_object *object_of(adapter *a);

static void dpc_run(void *ctx1, void *ctx2)
{
    (void)ctx2;
    adapter *a = ctx1;
    if (!a->interrupt_registered || !a->interrupt.InterruptDpcHandler)
        return;
    NDIS_RECEIVE_THROTTLE_PARAMETERS throttle = { NDIS_INDICATE_ALL_NBLS, 0 };
    host_callback_enter("MiniportInterruptDPC", a, DISPATCH_LEVEL, NULL, 0);
    a->interrupt.InterruptDpcHandler(a->interrupt_context, NULL, &throttle, NULL);
    host_callback_return("MiniportInterruptDPC", 0, 0, NULL, 0);
}

int ndis_fire_interrupt(adapter *a)
{
    if (!a || !a->interrupt_registered || !a->interrupt.InterruptHandler)
        return -1;
    BOOLEAN queue_dpc = FALSE;
    ULONG target = 0;
    host_callback_enter("MiniportInterrupt", a, DIRQL, NULL, 0);
    BOOLEAN claimed = a->interrupt.InterruptHandler(a->interrupt_context, &queue_dpc, &target);
    trace_arg ret[] = { TA_INT("QueueDefaultInterruptDpc", queue_dpc), TA_INT("TargetProcessors", target) };
    host_callback_return("MiniportInterrupt", 1, claimed, ret, 2);
    /* MINIPORT_ISR page: "If QueueDefaultInterruptDpc is TRUE, NDIS ignores
     * the value of the TargetProcessors parameter. If it is set to FALSE,
     * NDIS uses the value of the TargetProcessors parameter to schedule
     * DPCs." and "Regardless of the value that MiniportInterrupt returns,
     * NDIS will queue DPCs": one DPC per processor asked for, run in turn. */
    unsigned dpcs = queue_dpc ? 1u : (unsigned)__builtin_popcount(target);
    for (unsigned i = 0; i < dpcs; i++)
        host_defer(DEFER_DPC, "MiniportInterruptDPC", host_now_us(), 0, dpc_run, a, NULL, object_of(a), a);
    return claimed ? 1 : 0;
}

/* One interrupt object per adapter; a small table keeps them. */
#define MAX_OBJECTS 64
static interrupt_object *objects[MAX_OBJECTS];

static interrupt_object *object_of(adapter *a)
{
    for (size_t i = 0; i < MAX_OBJECTS; i++)
        if (objects[i] && objects[i]->a == a)
            return objects[i];
    return NULL;
}

static int remember(interrupt_object *o)
{
    for (size_t i = 0; i < MAX_OBJECTS; i++)
        if (!objects[i]) {
            objects[i] = o;
            return 0;
        }
    return -1;
}

static void forget(interrupt_object *o)
{
    for (size_t i = 0; i < MAX_OBJECTS; i++)
        if (objects[i] == o)
            objects[i] = NULL;
}

NDIS_STATUS NdisMRegisterInterruptEx(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportInterruptContext,
                                     PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS MiniportInterruptCharacteristics,
                                     PNDIS_HANDLE NdisInterruptHandle)
{
    adapter *a = host_adapter_from_handle(MiniportAdapterHandle);
    PNDIS_MINIPORT_INTERRUPT_CHARACTERISTICS c = MiniportInterruptCharacteristics;
    interrupt_object *o = NULL;
    NDIS_STATUS status = NDIS_STATUS_SUCCESS;
    if (!a || !c || !NdisInterruptHandle || c->Header.Type != NDIS_OBJECT_TYPE_MINIPORT_INTERRUPT ||
        c->Header.Revision < NDIS_MINIPORT_INTERRUPT_REVISION_1 ||
        c->Header.Size < RTL_SIZEOF_THROUGH_FIELD(NDIS_MINIPORT_INTERRUPT_CHARACTERISTICS, EnableMessageInterruptHandler) ||
        (!c->InterruptHandler && !c->MessageInterruptHandler))
        status = NDIS_STATUS_INVALID_PARAMETER;
    else if (a->interrupt_registered)
        status = NDIS_STATUS_FAILURE;
    else if (host_should_fail("NdisMRegisterInterruptEx") || !(o = calloc(1, sizeof *o)))
        status = NDIS_STATUS_RESOURCES;
    else if (remember(o) != 0 || ndis_handle_add(o, NDIS_RES_INTERRUPT) != 0) {
        forget(o);
        free(o);
        o = NULL;
        status = NDIS_STATUS_RESOURCES;
    }
    if (status == NDIS_STATUS_SUCCESS) {
        o->a = a;
        size_t n = c->Header.Size < sizeof a->interrupt ? c->Header.Size : sizeof a->interrupt;
        memset(&a->interrupt, 0, sizeof a->interrupt);
        memcpy(&a->interrupt, c, n);
        a->interrupt_context = MiniportInterruptContext;
        a->interrupt_registered = 1;
        c->InterruptType = NDIS_CONNECT_LINE_BASED;
        *NdisInterruptHandle = o;
    }
    HOST_DDI("NdisMRegisterInterruptEx", status, TA_PTR("handle", o));
    /* The device may interrupt as soon as the interrupt is connected. */
    if (status == NDIS_STATUS_SUCCESS && host_interrupt_after_register())
        ndis_fire_interrupt(a);
    return status;
}

VOID NdisMDeregisterInterruptEx(NDIS_HANDLE NdisInterruptHandle)
{
    int known = ndis_handle_is(NdisInterruptHandle, NDIS_RES_INTERRUPT);
    /* 000: "a driver can keep getting interrupts until NdisMDeregisterInterruptEx returns". */
    if (known && host_interrupt_before_deregister())
        ndis_fire_interrupt(((interrupt_object *)NdisInterruptHandle)->a);
    HOST_DDI_VOID("NdisMDeregisterInterruptEx", TA_PTR("handle", NdisInterruptHandle));
    if (!known)
        return;
    interrupt_object *o = NdisInterruptHandle;
    /* Let scheduled DPCs finish; a DPC running now (deregistering from
     * inside it) cannot, so stop when nothing more runs. */
    host_defer_expire_due();
    while (host_defer_active(o) && host_defer_run_due() > 0) {
    }
    host_defer_cancel(o);
    o->a->interrupt_registered = 0;
    o->a->interrupt_context = NULL;
    ndis_handle_remove(o);
    forget(o);
    if (!host_defer_active(o))
        free(o);
}
