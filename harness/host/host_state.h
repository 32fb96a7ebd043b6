/* The host's own bookkeeping, behind host.h: set up by the host process
 * before a scenario runs and read by the lifecycle and scenario runner. */
#ifndef MPC_HOST_STATE_H
#define MPC_HOST_STATE_H

#include "host.h"
#include "../trace/host_setup.h"

#define HOST_MAX_ADAPTERS 8

/* Which allocation inside the scenario's inject: callback fails (0: none). */
unsigned host_inject_allocation(void);

/* 0, or -1 when memory runs out. */
int host_begin(const host_setup *setup);
void host_end(void);
/* Sends the events batched so far (wire.h): at each step's end and before
 * the host returns or waits. */
void host_flush(void);

/* A new adapter record (state Halted), or NULL when HOST_MAX_ADAPTERS are in use. */
adapter *host_adapter_new(void);
adapter *host_adapter_at(int index);
size_t host_adapter_count(void);
/* The adapter the current scenario step operates on (events outside callbacks are attributed to it). */
void host_set_step_adapter(adapter *a);
/* Moves the adapter to a new state and emits op `transition`. */
void host_transition(adapter *a, adapter_state to);

/* Number of callbacks running (0 outside any). */
size_t host_callback_depth(void);
/* Innermost callback name, "" when none. */
const char *host_callback_name(void);

/* The allocation site signature of the current call (DDI name + miniport
 * frames as module offsets), used to identify fault-injection points. */
void host_site_signature(const char *ddi, char *buf, size_t len);

/* On the host thread, as the miniport calls NDIS (or NDIS calls it): pops
 * the callbacks whose harness caller lies below the miniport code now
 * running, which left them by longjmp, and records op callback_unwound. */
void host_check_callbacks_alive(void);

/* Crash, hang and error events from the host's signal handlers and loader. */
void host_emit_fatal(event_kind kind, const char *name, const trace_arg *args, size_t nargs);
/* The instruction a signal interrupted; the next fatal event's backtrace starts there. */
void host_set_interrupted_pc(uintptr_t pc);
/* An op event with the backtrace given (borrowed): the sandbox's refused
 * calls, whose backtrace is taken in a signal handler. */
void host_emit_op_with_backtrace(const char *op, const trace_arg *args, size_t nargs, const backtrace_t *bt);

#endif
