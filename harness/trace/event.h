/* One record of what happened while a scenario ran: a miniport callback
 * entered or returned, a DDI the miniport called, an operation NDIS (the
 * harness) performed, or the host dying.  The host builds events, encodes
 * them as binary frames (wire.h) and streams them to the judge, which
 * decodes them back into this structure, evaluates the rules and writes
 * them to trace.jsonl as JSON lines (event_json.c).
 *
 * Strings: an event, its arguments and its frames own none of their text.
 * Every string is an atom (atom.h) or a literal, in the host one of its own
 * strings that live as long as it does; event_free and backtrace_free
 * release only the arrays, and backtrace_copy shares the text. An event
 * whose arrays share one block (arrays) is freed with event_free only:
 * none of its three arrays is freed, grown or taken over alone. */
#ifndef MPC_EVENT_H
#define MPC_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include "atom.h"

typedef enum {
    EV_ENTER,    /* NDIS calls into a miniport callback (MiniportHaltEx, a timer function, ...) */
    EV_RETURN,   /* that callback returned; status holds its return value if it has one */
    EV_DDI,      /* the miniport called an NDIS DDI; status holds what NDIS answered */
    EV_OP,       /* a scenario operation NDIS performs (begin/end of a step, clock advance) */
    EV_CRASH,    /* the host died on a signal or exited from inside the miniport */
    EV_HANG,     /* the host made no progress before its deadline */
    EV_ERROR,    /* the host could not run the scenario (load error); args.message */
    EV_VALGRIND, /* memcheck found an error in the host (run --valgrind); name: its kind, args.what */
    EV_KIND_COUNT
} event_kind;

const char *event_kind_name(event_kind kind);
/* Returns -1 when name is not a kind. */
int event_kind_from_name(const char *name);

typedef struct {
    uint64_t pc;          /* absolute address in the host that recorded it */
    uint64_t offset;      /* pc relative to the module's load base */
    const char *module;   /* path of the shared object (or executable) */
    const char *function; /* symbol name, NULL when unknown */
    const char *file;     /* source file, filled by symbolization, NULL when unknown */
    int line;             /* 0 when unknown */
} frame;

typedef struct {
    frame *frames;
    size_t count;
} backtrace_t;

typedef struct {
    const char *key;
    int is_str;
    int64_t num;
    const char *str;
} event_arg;

typedef struct event {
    uint64_t index;       /* position in the scenario's trace, from 0 */
    event_kind kind;
    const char *name;     /* DDI, callback or operation name */
    const char *scenario;
    int adapter;          /* adapter number within the scenario, from 0; -1 for driver-wide */
    const char *callback; /* innermost miniport callback running, "" when none */
    const char **stack;   /* every miniport callback running, outermost first */
    size_t stack_depth;
    const char *state;    /* adapter state when the event happened */
    int irql;             /* simulated IRQL of the caller */
    uint64_t time_us;     /* virtual clock */
    int has_status;
    int64_t status;       /* DDI answer or callback return value */
    event_arg *args;
    size_t nargs;
    backtrace_t bt;       /* miniport frames of the call, innermost first */
    int thread;           /* 0: the host thread; N: the Nth driver thread that called NDIS */
    int pid;              /* 0: the host process; else a process the miniport forked */
    void *arrays;         /* NULL, or one block holding stack, args and bt.frames (the trace reader's),
                             which event_free frees instead of the three */
} event;

/* Argument lookup; NULL when absent. */
const event_arg *event_arg_get(const event *ev, const char *key);
/* Integer argument or fallback. */
int64_t event_arg_int(const event *ev, const char *key, int64_t fallback);
int event_within(const event *ev, const char *callback);

void event_free(event *ev);
void backtrace_free(backtrace_t *bt);
int backtrace_copy(backtrace_t *dst, const backtrace_t *src);

/* An event kept after the one who fed it dropped it (a judge that streams
 * holds only what a rule still cites: an open callback's enter, a
 * resource's allocating call, a monitor's entry): a copy in one block,
 * shared by count. Never passed to event_free. NULL when out of memory. */
const event *event_keep(const event *ev);
const event *event_kept_share(const event *kept);   /* one more holder; kept may be NULL */
void event_kept_release(const event *kept);         /* one holder less; freed with the last; NULL ok */
/* A growable array of events: one scenario's trace. */
typedef struct {
    event *items;
    size_t count;
    size_t capacity;
} event_list;

int event_list_push(event_list *list, event *ev); /* takes ownership of *ev's contents */
/* The list holds an event of this kind (named name; any name when NULL). */
int event_list_has(const event_list *list, event_kind kind, const char *name);
void event_list_free(event_list *list);

#endif
