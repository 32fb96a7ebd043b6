/* Test support for the direct DDI tests (tests/test_ndis_*.c): a host with
 * the shipped resource tables and a temporary file as event sink, and the
 * event stream read back from that file and decoded as the judge does
 * (harness/trace/wire.h). */
#ifndef MPC_TEST_NDIS_FIXTURE_H
#define MPC_TEST_NDIS_FIXTURE_H

#include <check.h>
#include <sys/types.h>

#include "trace/event.h"
#include "host/host_state.h"

/* Loads checks/ once per binary (the ledger needs the resource table). */
void ndis_fixture_load_tables(void);
void ndis_fixture_free_tables(void);
/* Runs the suite, frees the shared tables; the exit status for main(). */
int ndis_fixture_run(Suite *s);

/* host_begin with events to a fresh temp file; inject_ddi/inject_nth as given
 * (NULL/0 for none). Returns a new adapter (state Halted). */
adapter *ndis_fixture_begin(const char *inject_ddi, unsigned inject_nth);
/* host_end, host_clock_reset, removes the temp file. */
void ndis_fixture_end(void);

/* The last event named name (of any kind) in the stream so far: 1 and *out
 * filled (free it with event_free), 0 when there is none. */
int ndis_fixture_last(const char *name, event *out);
/* The same, only events of kind (EV_ENTER for a callback's arguments). */
int ndis_fixture_last_kind(event_kind kind, const char *name, event *out);
/* Waits for child, a fork that ended the host on a fatal call, and asserts
 * it exited with exit_code (HOST_EXIT_*) after sending crash crash_name,
 * which lands in *out (free it with event_free). */
void ndis_fixture_expect_fatal(pid_t child, int exit_code, const char *crash_name, event *out);
/* Every event of the stream so far, in order, into *out (event_list_free it). */
void ndis_fixture_all(event_list *out);
/* How many events named name the stream holds. */
size_t ndis_fixture_count(const char *name);
/* String argument key of ev, "" when absent or not a string. */
const char *ndis_fixture_str(const event *ev, const char *key);
/* The ledger outcome ("ok", "double", ...) the last event of ddi recorded. */
const char *ndis_fixture_last_ledger(const char *ddi);
/* Asserts that the last event named name exists and its string argument key is want. */
void ndis_fixture_expect_str(const char *name, const char *key, const char *want);
/* Integer argument key of the last event named name (asserted to exist); missing when absent. */
int64_t ndis_fixture_last_int(const char *name, const char *key, int64_t missing);

#endif
