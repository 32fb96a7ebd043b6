/* Starting one host process: everything the child needs (its arguments,
 * where its descriptors go, its limits) is prepared in the judge, then a
 * child that shares the judge's memory until it executes the host
 * (clone(CLONE_VM | CLONE_VFORK), as posix_spawn does) makes only system
 * calls. A forked copy of the judge cost each host its copy-on-write
 * faults and the teardown of that copy at exec, some 0.1 ms of the host's
 * CPU time (docs/decisions-host.md). */
#ifndef MPC_HOST_SPAWN_H
#define MPC_HOST_SPAWN_H

#include "isolation.h"

#include <sys/types.h>

/* Starts the host of job with event_fd (the pipe's write end) as its
 * HOST_EVENT_FD, in a process group of its own. What the child could not
 * do (the limits, address randomization, the exec itself) is said on
 * stderr as before; a host that could not be executed exits
 * HOST_EXIT_INTERNAL. Returns the pid, or -1 when no process was created
 * (errno set). */
pid_t host_spawn(const host_job *job, int event_fd);

#endif
