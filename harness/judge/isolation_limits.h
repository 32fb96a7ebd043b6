/* The judge's side of a host's CPU limit and sandbox (isolation.c): how it
 * tells that a host ended at --cpu-limit, and that it ran unsandboxed. */
#ifndef MPC_ISOLATION_LIMITS_H
#define MPC_ISOLATION_LIMITS_H

#include <stdint.h>
#include <sys/resource.h>

#include "../trace/event.h"

/* The host's CPU time (user and system) from wait4's rusage, in ms. */
uint64_t isolation_cpu_ms(const struct rusage *usage);
/* The host ended at its CPU limit of cpu_limit_s seconds (0: none): it
 * said so itself (crash `cpu`, on SIGXCPU), or SIGXCPU, or SIGKILL the
 * judge did not send, ended it with its CPU time at the limit. */
int isolation_out_of_cpu(const event_list *events, unsigned cpu_limit_s, int wait_status, uint64_t cpu_ms,
                         int stopped_by_judge);
/* Tells the user, once a run, when a host's event says it runs without
 * its sandbox (op `sandbox_off`, host_sandbox.h). */
void isolation_warn_unsandboxed(const event *ev);

#endif
