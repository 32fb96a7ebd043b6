/* The judge's side of isolation: one forked host per scenario, events read
 * from its pipe as they come, crashes and hangs turned into events, up to
 * N hosts at once. Results are stored per scenario index, so the outcome
 * does not depend on N. */
#ifndef MPC_ISOLATION_H
#define MPC_ISOLATION_H

#include "../trace/event.h"
#include "../trace/host_setup.h"
#include "../input/scenario.h"
#include "../report/report.h"

typedef struct {
    const char *driver;
    const scenario *sc;          /* sc->file is where the host reads it again */
    const char *name;            /* the scenario's name in the trace (a sweep run's differs); NULL: sc->name */
    host_setup setup;            /* what to inject; tables and out_fd are the host's own */
    unsigned timeout_ms;         /* no event for this long: hang */
    uint64_t memory_limit;       /* bytes of address space (RLIMIT_AS; 0: none; not under valgrind) */
    unsigned wall_timeout_ms;    /* still running this long after its start: hang (0: none) */
    unsigned cpu_limit_s;        /* CPU seconds (RLIMIT_CPU; 0: none): HOST-CPU-LIMIT */
    size_t max_events;           /* the harness stops a scenario with more events (0: ISOLATION_DEFAULT_MAX_EVENTS) */
    size_t loop_events;          /* this many repeated events in one callback: a loop (0: LOOP_DEFAULT_EVENTS) */
    int tables_fd;               /* the judge's tables for the host (tables_to_memfd); 0: none */
    int valgrind;                /* run the host under valgrind memcheck */
    const char *valgrind_suppressions; /* file of known non-issues (libunwind), or NULL */
    const char *valgrind_xml;    /* memcheck writes its errors there as XML (valgrind_xml.h) */
    const char *const *user_suppressions; /* --valgrind-suppressions FILEs of the user */
    size_t nuser_suppressions;
} host_job;

typedef struct {
    event_list events;           /* what was not handed to the feed (host_event_fn): all of them
                                  * without one, else the tail the outcome may still change */
    size_t total;                /* events read */
    size_t fed;                  /* of them handed to the feed, the first ones */
    int fed_op, fed_fault;       /* among those: an op, a fault_injected op */
    scenario_outcome outcome;
    char error[1024];            /* load error message, when outcome is SCENARIO_LOAD_ERROR */
    int internal_error;          /* the host could not start at all: mpconform's fault, not the driver's */
    uint64_t wall_us;            /* from start to reaping the host (JUnit times) */
} host_result;

typedef void (*progress_fn)(size_t done, size_t total, void *ctx);

/* The harness's own limit: a scenario that sends more events than this is
 * stopped and reported as stopped by the harness (HOST-LIMIT), not as a
 * loop. It bounds how long one scenario runs and its share of trace.jsonl
 * (about 130 MB); the judge's memory does not grow with it, since each
 * event is dropped once judged. A loop that makes no progress is found
 * long before, by the loop detector (loop_detect.h, HOST-FLOOD). */
#define ISOLATION_DEFAULT_MAX_EVENTS 300000

/* Each host is a fresh process: the judge forks and executes
 * `mpconform __host ...` with address-space randomization off, so every
 * host starts from the same state and the same scenario gives the same
 * trace whatever -j is. Events arrive on descriptor HOST_EVENT_FD. */
#define HOST_EVENT_FD 3
/* Where the host finds the tables blob (input/tables_wire.h) the judge
 * wrote once for the whole run: `__host ... --tables-fd 4`. */
#define HOST_TABLES_FD 4

/* Told of each host once it has ended and results[job] is complete, in the
 * order the hosts end (with -j N not the order of the jobs). It may take
 * res->events: a run then holds the events of the hosts still running, not
 * of the whole batch. Called between two looks at the running hosts, so
 * that the time it takes never counts as a running host's silence. */
typedef void (*host_done_fn)(size_t job, host_result *res, void *ctx);
/* Told of each event as soon as nothing can change it any more, in order,
 * so that it can be judged and dropped while the host runs. What the
 * outcome may still edit or look at (outcome.h) is held back in
 * res->events: the latest event, and from the first crash, hang or error
 * on, every event. Called between two looks at the running hosts. */
typedef void (*host_event_fn)(size_t job, const event *ev, void *ctx);

typedef struct {
    host_event_fn event;         /* NULL: every event stays in res->events */
    host_done_fn done;           /* may be NULL */
    void *ctx;                   /* theirs */
    progress_fn progress;        /* may be NULL */
    void *progress_ctx;
} host_listeners;

/* Runs every job, at most parallel at once, telling the listeners. 0, or
 * -1 when the judge itself failed (fork, pipe): that is an internal error. */
int isolation_run_each(const host_job *jobs, size_t njobs, unsigned parallel, host_result *results,
                       const host_listeners *to);
void host_result_free(host_result *r);

#endif
