/* The host process's main line: load the driver and perform one scenario's
 * steps, streaming events; crash and hang reporting from inside. */
#ifndef MPC_HOST_RUN_H
#define MPC_HOST_RUN_H

#include "host_state.h"
#include "scenario.h"

/* Exit codes of a host process (the judge reads them). */
#define HOST_EXIT_OK 0
#define HOST_EXIT_LOAD_ERROR 2
#define HOST_EXIT_INTERNAL 3
#define HOST_EXIT_HANG 71
#define HOST_EXIT_BUGCHECK 72   /* the driver called KeBugCheckEx: a crash event was sent */

/* Runs in the forked child; returns the exit code for _exit(). */
int host_run_scenario(const char *driver_path, const scenario *sc, const host_setup *setup);

#endif
