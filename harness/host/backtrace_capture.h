/* Backtraces captured in the host with libunwind: addresses and modules
 * only, cheap enough for every event; the judge symbolizes them
 * (trace/backtrace.h). */
#ifndef MPC_BACKTRACE_CAPTURE_H
#define MPC_BACKTRACE_CAPTURE_H

#include <stdint.h>
#include "../trace/backtrace.h"

/* Fills bt with the frames of the current stack that are not the harness's
 * own (the miniport's, and libraries it called into), innermost first. */
void backtrace_capture(backtrace_t *bt);
/* The same from a signal handler: frames above the interrupted instruction
 * (the handler and the kernel's signal trampoline) are left out. */
void backtrace_capture_from(backtrace_t *bt, uintptr_t interrupted_pc);

/* pc lies in the harness program itself (the loaded-module table capture
 * uses): callback_guard.c tells harness frames from the miniport's. */
int backtrace_pc_in_harness(uintptr_t pc);

#endif
