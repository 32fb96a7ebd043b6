/* Test support: an event line or an event through both ways of
 * trace.jsonl, the fast paths (event_json_write.c, event_json_read.c) and
 * jansson (event_json.c), with a Check assertion that they agree. */
#ifndef MPC_TEST_EVENT_JSON_COMPARE_H
#define MPC_TEST_EVENT_JSON_COMPARE_H

#include "trace/event_json.h"

/* a and b hold the same event, field by field; what names the line. */
void assert_same_event(const event *a, const event *b, const char *what);
/* Reads line both ways and through event_from_json: the same outcome, the
 * same event or error text; an event read is then written alike both ways.
 * 1 when the fast path decoded it. */
int assert_read_alike(const char *line);
/* ev written both ways: the same bytes. 1 when the fast path wrote it. */
int assert_written_alike(const event *ev);
/* Printable ASCII without a backslash: the lines the fast path is for. */
int plain_bytes(const char *s);

/* One plain line: every field, each key once, nothing to escape. */
extern const char plain_line[];

#endif
