/* The host's sandbox: a seccomp filter (libseccomp) installed in the host
 * before the driver is loaded. It refuses, with EPERM, the system calls by
 * which a driver could reach a process outside its host (signal, trace, read
 * or write another process, change its limits or scheduling), leave the
 * host's process group, or change the whole machine (as root). Each refusal
 * in the host process is recorded as op `sandbox` with where the driver made
 * the call (HOST-SANDBOX). The filter is inherited by whatever the driver
 * forks or executes, where refusals are not recorded. docs/decisions-host.md
 * says why each call is refused. */
#ifndef MPC_HOST_SANDBOX_H
#define MPC_HOST_SANDBOX_H

#include <stddef.h>

typedef enum {
    SANDBOX_ON,        /* under valgrind too, but refusals are then not recorded */
    SANDBOX_REFUSED    /* the kernel or the library would not install it */
} sandbox_state;

/* Installs the filter and its SIGSYS handler. When refused, why is in reason. */
sandbox_state host_sandbox_install(char *reason, size_t len);

#endif
