/* The calling thread's identity and priority, and the performance counter
 * on the virtual clock.  A thread object is opaque ("the memory containing
 * the thread object is opaque"), so each thread gets a small record of the
 * host's: its address identifies the thread and holds the priority
 * KeSetPriorityThread sets. */
#include "ndis_internal.h"

/* The emulated counter runs at 10 MHz: one tick per 100 ns of virtual time. */
#define PERFORMANCE_FREQUENCY 10000000LL
/* What a thread runs at before anyone sets it: the pages give no value;
 * any in the variable range below LOW_REALTIME_PRIORITY will do. */
#define DEFAULT_THREAD_PRIORITY 8

struct _KTHREAD {
    KPRIORITY priority;
};

static __thread struct _KTHREAD current_thread = { DEFAULT_THREAD_PRIORITY };

PKTHREAD KeGetCurrentThread(void)
{
    HOST_DDI_VOID("KeGetCurrentThread", TA_PTR("thread", &current_thread));
    return &current_thread;
}

KPRIORITY KeSetPriorityThread(PKTHREAD Thread, KPRIORITY Priority)
{
    KPRIORITY old = Thread ? Thread->priority : 0;
    HOST_DDI("KeSetPriorityThread", old, TA_PTR("thread", Thread), TA_INT("Priority", Priority),
             TA_INT("own_thread", Thread == &current_thread));
    if (Thread)
        Thread->priority = Priority;
    return old;   /* "returns the old priority of the thread" */
}

LARGE_INTEGER KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency)
{
    LARGE_INTEGER now;
    now.QuadPart = (LONGLONG)host_now_us() * (PERFORMANCE_FREQUENCY / 1000000);
    if (PerformanceFrequency)
        PerformanceFrequency->QuadPart = PERFORMANCE_FREQUENCY;
    HOST_DDI_VOID("KeQueryPerformanceCounter", TA_INT("ticks", now.QuadPart));
    return now;
}
