/* The host process's main line: load the driver and perform one scenario's
 * steps, streaming events; crash and hang reporting from inside. */
#ifndef MPC_HOST_RUN_H
#define MPC_HOST_RUN_H

#include "host_state.h"
#include "../input/scenario.h"

/* Runs in the forked child; returns the exit code for _exit(). */
int host_run_scenario(const char *driver_path, const scenario *sc, const host_setup *setup);

#endif
