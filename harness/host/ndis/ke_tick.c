/* The interval timer and the interrupt/system time on the host's virtual
 * clock: one tick every KeQueryTimeIncrement() 100 ns units (156250, the
 * usual 15.625 ms). */
#include "ndis_internal.h"

#define TICK_100NS 156250u

VOID KeQueryTickCount(PLARGE_INTEGER CurrentCount)
{
    if (CurrentCount)
        CurrentCount->QuadPart = (LONGLONG)(host_now_us() * 10u / TICK_100NS);
    HOST_DDI_VOID("KeQueryTickCount", TA_PTR("CurrentCount", CurrentCount));
}

ULONG KeQueryTimeIncrement(void)
{
    HOST_DDI_NOARGS("KeQueryTimeIncrement", 0, 0);
    return TICK_100NS;
}

/* 100 ns units since the virtual boot. */
ULONGLONG KeQueryInterruptTime(void)
{
    HOST_DDI_NOARGS("KeQueryInterruptTime", 0, 0);
    return host_now_us() * 10u;
}

/* The same clock NdisGetCurrentSystemTime reads. */
VOID KeQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
    if (CurrentTime)
        CurrentTime->QuadPart = (LONGLONG)(host_now_us() * 10u);
    HOST_DDI_VOID("KeQuerySystemTime", TA_PTR("CurrentTime", CurrentTime));
}
