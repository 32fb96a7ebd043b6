/* `run --valgrind` as a gate: memcheck writes each host's errors as XML
 * (--xml=yes); the judge reads them with libxml2 and adds one `valgrind`
 * event per error to the scenario's trace (name: memcheck's error kind,
 * InvalidRead, UninitCondition, Leak_DefinitelyLost, ...; args: what;
 * backtrace: the driver's frames of memcheck's stack). Rules in checks/
 * turn them into findings like any other event, and `check` re-judges them
 * from trace.jsonl. */
#ifndef MPC_VALGRIND_XML_H
#define MPC_VALGRIND_XML_H

#include <stddef.h>
#include "../trace/event.h"

/* Appends the errors of xml_path to events (before a final crash, hang or
 * error event, which stays last). Frames outside driver_path are dropped
 * when any frame is the driver's. Returns the number of errors added, or -1
 * with err when the file is not memcheck XML. A missing file adds nothing. */
int valgrind_xml_add_events(const char *xml_path, const char *driver_path, const char *scenario,
                            event_list *events, char *err, size_t errlen);

#endif
