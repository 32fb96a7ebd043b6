/* libFuzzer target: any bytes as the XML memcheck writes for
 * `run --valgrind` (judge/valgrind_xml.c, libxml2), added once to an empty
 * trace and once to a trace that ended in a crash (the errors go before it). */
#include <stdlib.h>
#include <string.h>

#include "memfile.h"
#include "judge/valgrind_xml.h"

/* A path that exists on every machine: frames whose <obj> is "/" count as
 * the driver's, so the "keep only the driver's frames" branch is reachable. */
#define DRIVER "/"

static event crash_event(void)
{
    event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = EV_CRASH;
    ev.name = "SIGSEGV";   /* event strings are atoms or literals (event.h) */
    ev.scenario = "fuzz";
    ev.callback = "";
    ev.state = "Running";
    ev.adapter = -1;
    return ev;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = memfile_path(data, size);
    char err[512];
    event_list events;
    memset(&events, 0, sizeof events);
    valgrind_xml_add_events(path, DRIVER, "fuzz", &events, err, sizeof err);
    event_list_free(&events);

    memset(&events, 0, sizeof events);
    event crash = crash_event();
    if (event_list_push(&events, &crash) != 0)
        event_free(&crash);
    valgrind_xml_add_events(path, DRIVER, "fuzz", &events, err, sizeof err);
    event_list_free(&events);
    return 0;
}
