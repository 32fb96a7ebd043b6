/* Backtraces as the trace carries them: symbolized in the judge with libdw
 * (function, file:line) for the frames a report shows (symbolize.c), and
 * the signature of a call site. Capture is the host's
 * (host/backtrace_capture.h). */
#ifndef MPC_BACKTRACE_H
#define MPC_BACKTRACE_H

#include <stdint.h>
#include "event.h"

#define BACKTRACE_MAX_FRAMES 16

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
