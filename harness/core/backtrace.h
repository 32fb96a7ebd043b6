/* Backtraces: captured in the host with libunwind (addresses and modules
 * only, cheap enough for every event) and symbolized in the judge with
 * libdw (function, file:line) for the frames a report shows. */
#ifndef MPC_BACKTRACE_H
#define MPC_BACKTRACE_H

#include <stdint.h>
#include "event.h"

#define BACKTRACE_MAX_FRAMES 16

/* Fills bt with the frames of the current stack that are not the harness's
 * own (the miniport's, and libraries it called into), innermost first. */
void backtrace_capture(backtrace_t *bt);
/* The same from a signal handler: frames above the interrupted instruction
 * (the handler and the kernel's signal trampoline) are left out. */
void backtrace_capture_from(backtrace_t *bt, uintptr_t interrupted_pc);

/* Adds function, file and line to every frame that lacks them, where the
 * module's symbols or debug info allow. Caches modules between calls. */
void backtrace_symbolize(backtrace_t *bt);
/* Releases the symbolizer's cache. */
void backtrace_symbolizer_reset(void);

/* An allocation site's identity for fault injection: "DDI|module+0xoff|...",
 * the same whether computed in the host or from a recorded event. */
void backtrace_signature(const char *ddi, const backtrace_t *bt, char *buf, size_t len);

/* "function (file:line)", "function (module+0xoff)" or "module+0xoff". */
void frame_describe(const frame *f, char *buf, size_t len);

#endif
