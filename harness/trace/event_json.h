/* Events as JSON lines: the format of trace.jsonl (docs/events.md), which
 * the judge writes and `mpconform check` reads. The host->judge pipe
 * carries binary frames instead (wire.h). */
#ifndef MPC_EVENT_JSON_H
#define MPC_EVENT_JSON_H

#include <stddef.h>
#include <jansson.h>
#include "event.h"

/* One line of JSON, no trailing newline; caller frees. NULL on allocation failure. */
char *event_to_json(const event *ev);
/* 0 on success; -1 with err filled (the line is not a valid event). */
int event_from_json(const char *line, event *ev, char *err, size_t errlen);

/* Backtraces alone, for reports and the ledger. */
json_t *backtrace_to_json(const backtrace_t *bt);
int backtrace_from_json(json_t *array, backtrace_t *bt);

#endif
