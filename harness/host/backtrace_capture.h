/* Backtraces captured in the host with libunwind: addresses and modules
 * only, cheap enough for every event; the judge symbolizes them
 * (trace/backtrace.h). */
#ifndef MPC_BACKTRACE_CAPTURE_H
#define MPC_BACKTRACE_CAPTURE_H

#include <stdint.h>
#include "../trace/backtrace.h"

/* Fills frames (room for max) with the frames of the current stack that
 * are not the harness's own (the miniport's, and libraries it called
 * into), innermost first, and returns how many. From a signal handler,
 * interrupted_pc (else 0) leaves out the frames above the interrupted
 * instruction (the handler and the kernel's signal trampoline). No
 * allocation: each frame's module is borrowed from the capture's table of
 * loaded modules, which keeps every path it ever held for the life of the
 * process; so it serves every event, and the crash and hang handlers,
 * where malloc may be the call that broke. */
size_t backtrace_capture_frames(frame *frames, size_t max, uintptr_t interrupted_pc);

/* Rebuilds the table of loaded modules now (after a dlopen): a capture
 * from a signal handler uses the table as it is. */
void backtrace_capture_refresh(void);

/* pc lies in the harness program itself (the loaded-module table capture
 * uses): callback_guard.c tells harness frames from the miniport's. */
int backtrace_pc_in_harness(uintptr_t pc);

#endif
