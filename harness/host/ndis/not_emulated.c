/* A DDI the shim declares but the host does not emulate was called (its
 * generated stub, not_emulated.list): the host cannot play what Windows
 * would do, so the scenario stops here, like a bug check, with crash
 * not_emulated (arg ddi) and the driver's backtrace.  HOST-NOT-EMULATED
 * says so and the report lists the rest of the scenario as not proven. */
#include <unistd.h>
#include "ndis_internal.h"
#include "not_emulated.h"
#include "../host_run.h"

void host_not_emulated(const char *ddi)
{
    trace_arg args[] = { TA_STR("ddi", ddi) };
    host_emit_fatal(EV_CRASH, "not_emulated", args, 1);
    _exit(HOST_EXIT_NOT_EMULATED);
}
