/* KeBugCheckEx: on Windows the machine stops with a blue screen.  Here the
 * host records the bug check as a crash event (kind crash, name bugcheck,
 * the code and its four parameters, the driver's backtrace) and ends the
 * scenario: HOST-BUGCHECK judges it as the driver's crash.  The host exits
 * with its own status so the judge never takes it for the driver calling
 * exit(). */
#include <unistd.h>
#include "ndis_internal.h"
#include "../host_run.h"

VOID KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR BugCheckParameter1, ULONG_PTR BugCheckParameter2,
                  ULONG_PTR BugCheckParameter3, ULONG_PTR BugCheckParameter4)
{
    trace_arg args[] = { TA_INT("code", BugCheckCode), TA_INT("p1", (int64_t)BugCheckParameter1),
                         TA_INT("p2", (int64_t)BugCheckParameter2), TA_INT("p3", (int64_t)BugCheckParameter3),
                         TA_INT("p4", (int64_t)BugCheckParameter4) };
    host_emit_fatal(EV_CRASH, "bugcheck", args, sizeof args / sizeof args[0]);
    _exit(HOST_EXIT_BUGCHECK);
}

VOID KeBugCheck(ULONG BugCheckCode)
{
    KeBugCheckEx(BugCheckCode, 0, 0, 0, 0);
}

/* Without a kernel debugger the breakpoint exception is unhandled in
 * kernel mode: bug check KMODE_EXCEPTION_NOT_HANDLED (STATUS_BREAKPOINT). */
VOID DbgBreakPoint(void)
{
    KeBugCheckEx(KMODE_EXCEPTION_NOT_HANDLED, (ULONG_PTR)(ULONG)STATUS_BREAKPOINT, 0, 0, 0);
}
