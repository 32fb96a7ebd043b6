/* The host's side of the DDIs it does not emulate (trace/not_emulated.h
 * has their table). */
#ifndef MPC_HOST_NOT_EMULATED_H
#define MPC_HOST_NOT_EMULATED_H

#include "../../trace/not_emulated.h"

/* A function stub's body: records crash not_emulated (arg ddi) with the
 * driver's backtrace and ends the host as a bug check does. */
void host_not_emulated(const char *ddi) __attribute__((noreturn));

#endif
