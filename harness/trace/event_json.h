/* Events as JSON lines: the format of trace.jsonl (docs/events.md), which
 * the judge writes and `mpconform check` reads. The host->judge pipe
 * carries binary frames instead (wire.h).
 *
 * Two ways each direction: jansson is the authority (event_json.c), and a
 * fast path handles the plain case, the lines the judge itself writes
 * (event_json_write.c, event_json_read.c). Whatever the fast path is not
 * sure of goes to jansson, so the bytes written, the events read and every
 * error message are jansson's. */
#ifndef MPC_EVENT_JSON_H
#define MPC_EVENT_JSON_H

#include <stddef.h>
#include <jansson.h>
#include "event.h"

/* Text that grows as lines are appended; free(text) when done. */
typedef struct {
    char *text;
    size_t len, cap;
} json_text;

/* Appends ev as one JSON line with its newline (the fast path when it
 * can). 0, or -1 out of memory. */
int event_json_append(json_text *out, const event *ev);
/* 0 on success; -1 with err filled (the line is not a valid event). */
int event_from_json(const char *line, event *ev, char *err, size_t errlen);

/* The authority, jansson: one line without its newline, caller frees (NULL when
 * out of memory); and the reader it is. */
char *event_to_json_reference(const event *ev);
int event_from_json_reference(const char *line, event *ev, char *err, size_t errlen);

/* The fast paths alone, for tests. Writing (line and newline, as
 * event_json_append): 1 appended, 0 not a plain
 * event (nothing appended), -1 out of memory. Reading: 1 decoded, 0 not
 * sure (ev left empty: jansson must read the line). */
int event_json_append_plain(json_text *out, const event *ev);
int event_from_json_plain(const char *line, event *ev);

/* Lines each way took since the process started: the tests' proof that
 * the fast paths are taken. */
typedef struct {
    unsigned long plain, reference;
} event_json_paths;
event_json_paths event_json_read_paths(void);
event_json_paths event_json_write_paths(void);

/* Backtraces alone, for reports and the ledger. */
json_t *backtrace_to_json(const backtrace_t *bt);
int backtrace_from_json(json_t *array, backtrace_t *bt);

#endif
