/* The Ke* IRQL routines and DbgPrint/DbgPrintEx, for drivers that use them directly
 * (NDIS_RAISE_IRQL_TO_DISPATCH / NDIS_LOWER_IRQL expand to them). */
#include "ndis_internal.h"

KIRQL KeGetCurrentIrql(void)
{
    HOST_DDI_NOARGS("KeGetCurrentIrql", 0, 0);
    return (KIRQL)host_irql();
}

KIRQL KfRaiseIrql(KIRQL NewIrql)
{
    KIRQL old = (KIRQL)host_irql();
    HOST_DDI_VOID("KeRaiseIrql", TA_INT("NewIrql", NewIrql), TA_INT("lowers", NewIrql < old));
    if (NewIrql > old)
        host_set_irql(NewIrql);
    return old;
}

KIRQL KeRaiseIrqlToDpcLevel(void)
{
    KIRQL old = (KIRQL)host_irql();
    HOST_DDI_VOID("KeRaiseIrql", TA_INT("NewIrql", DISPATCH_LEVEL), TA_INT("lowers", old > DISPATCH_LEVEL));
    host_raise_to_dispatch();
    return old;
}

VOID KeLowerIrql(KIRQL NewIrql)
{
    HOST_DDI_VOID("KeLowerIrql", TA_INT("NewIrql", NewIrql), TA_INT("raises", NewIrql > host_irql()));
    host_set_irql(NewIrql);
}

/* Debug output is not part of the trace: both print nothing and return
 * STATUS_SUCCESS, as with no debugger attached. */
ULONG DbgPrint(PCSTR Format, ...)
{
    (void)Format;
    return STATUS_SUCCESS;
}

ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...)
{
    (void)ComponentId;
    (void)Level;
    (void)Format;
    return STATUS_SUCCESS;
}
