/* How a scenario ended, decided in one place: for a live run from its
 * events, the host's wait status and why the judge stopped it (completing
 * the events with the crash or hang the host could not send), and for a
 * recorded trace (`mpconform check`) from the events alone, one event at a
 * time so that a trace is judged while it streams. The two agree: the
 * events a live run completed classify again as the live run did. */
#ifndef MPC_OUTCOME_H
#define MPC_OUTCOME_H

#include "../trace/event.h"
#include "../report/report.h"

#include <stddef.h>
#include <stdint.h>

/* Why the judge stopped a host before it ended by itself. */
typedef enum {
    STOP_NONE,
    STOP_HANG,        /* no event within the deadline */
    STOP_WALL,        /* still running at its wall-clock deadline */
    STOP_FLOOD,       /* a loop that makes no progress, or a broken stream */
    STOP_LIMIT,       /* the scenario reached --max-events: the harness's limit, not a loop */
    STOP_INTEGRITY,   /* the event channel carried something the host did not write (wire.h) */
    STOP_QUIET_AFTER_END  /* finished the scenario, then did not exit */
} stop_reason;

/* How a live host ended. */
typedef struct {
    const char *scenario;        /* its name in the trace, for the events added */
    int wait_status;             /* from waitpid */
    stop_reason stop;
    const char *stop_detail;     /* the reason of a flood or limit stop */
    unsigned timeout_ms;         /* the deadlines the judge applied */
    unsigned wall_timeout_ms;
    unsigned cpu_limit_s;        /* --cpu-limit (0: none) */
    uint64_t cpu_ms;             /* the host's CPU time, from wait4 */
    int untrusted;               /* a frame failed its checks (wire.h): nothing from untrusted_from on is believed */
    uint64_t untrusted_from;
    const char *integrity_problem;
    size_t fed;                  /* events already judged and dropped, all before those given */
    int fed_op, fed_fault;       /* among them: an op, a fault_injected op */
} host_ending;

/* A live run judges an event as soon as nothing can change it (isolation.h):
 * held holds back the latest event and, from the first crash, hang or error
 * on, every event, which is what outcome_of_host may edit or look at. Takes
 * ev into held; 1 when that made the one held before it final (moved to
 * *final, the caller's to free), 0 when not, -1 when ev was lost (out of
 * memory). */
int outcome_hold(event_list *held, event *ev, event *final);

/* The live run's verdict on a host that ended. Adds to events what the host
 * could not report (the signal, the exit, the judge's deadline); error gets
 * the message of a load error, *internal is set when the host could not
 * start at all. events may be the tail of the trace (isolation.h holds it
 * back): end->fed events came before it, none a crash, hang or error. */
scenario_outcome outcome_of_host(event_list *events, const host_ending *end, char *error, size_t errlen,
                                 int *internal);

/* The last event is the scenario's end: the host finished it. */
int outcome_scenario_ended(const event_list *events);

/* A recorded scenario read one event at a time. */
typedef struct {
    size_t events;               /* seen so far */
    int begun;                   /* its first event was scenario_begin */
    int terminated;              /* it holds scenario_end, a crash, a hang or an error */
    int injected;                /* a fault was injected before any error (the error is the verdict) */
    int errored;                 /* it holds an error */
    int out_of_memory;           /* it ended at its memory limit: a crash, whatever followed */
    scenario_outcome outcome;    /* what the events seen so far say */
} outcome_reading;

void outcome_reading_init(outcome_reading *r);
void outcome_reading_feed(outcome_reading *r, const event *ev);
/* A whole scenario begins with scenario_begin and ends the way a host ends
 * one: scenario_end, or the crash, hang or load error the judge recorded.
 * Anything else was cut short: judging it would report a clean run of what
 * never ran. 1 when whole; else 0 with why ("scenario NAME ..."). */
int outcome_reading_whole(const outcome_reading *r, const char *name, char *why, size_t len);

#endif
