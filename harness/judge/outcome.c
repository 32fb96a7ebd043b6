/* See outcome.h. */
#include "outcome.h"
#include "../trace/host_setup.h"
#include "isolation_limits.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static const event *last_event(const event_list *events)
{
    return events->count ? &events->items[events->count - 1] : NULL;
}

static int is_op(const event *ev, const char *name)
{
    return ev && ev->kind == EV_OP && ev->name && strcmp(ev->name, name) == 0;
}

int outcome_scenario_ended(const event_list *events)
{
    return is_op(last_event(events), "scenario_end");
}

static int injected_before_error(const event_list *events)
{
    for (size_t i = 0; i < events->count; i++) {
        const event *ev = &events->items[i];
        if (ev->kind == EV_ERROR)
            return 0;
        if (is_op(ev, "fault_injected"))
            return 1;
    }
    return 0;
}

/* An event the host could not send itself, in the context of its last one. */
static void synthesize(event_list *events, const char *scenario, event_kind kind, const char *name,
                       const char *key, const char *value, const char *key2, int64_t num)
{
    event ev;
    memset(&ev, 0, sizeof(ev));
    const event *last = last_event(events);
    ev.index = events->count;
    ev.kind = kind;
    ev.name = atom(name);
    ev.scenario = atom(scenario);
    ev.adapter = last ? last->adapter : -1;
    ev.callback = last ? last->callback : "";
    ev.state = last ? last->state : "Halted";
    ev.irql = last ? last->irql : 0;
    ev.time_us = last ? last->time_us : 0;
    if (last)
        backtrace_copy(&ev.bt, &last->bt);  /* where the miniport last called NDIS */
    if (last && last->stack_depth) {
        ev.stack = calloc(last->stack_depth, sizeof(*ev.stack));
        for (size_t i = 0; ev.stack && i < last->stack_depth; i++)
            ev.stack[ev.stack_depth++] = last->stack[i];
    }
    ev.args = calloc(2, sizeof(event_arg));
    if (ev.args && key) {
        ev.args[ev.nargs].key = atom(key);
        ev.args[ev.nargs].is_str = 1;
        ev.args[ev.nargs++].str = atom(value);
    }
    if (ev.args && key2) {
        ev.args[ev.nargs].key = atom(key2);
        ev.args[ev.nargs++].num = num;
    }
    if (event_list_push(events, &ev) != 0)
        event_free(&ev);
}

/* Adds an argument (text when str is not NULL) to the last event of kind
 * named name that lacks it: the one that ended the trace, when an earlier
 * one of the same kind came before it. */
static void add_arg(event_list *events, event_kind kind, const char *name, const char *key, int64_t value,
                    const char *str)
{
    for (size_t i = events->count; i-- > 0;) {
        event *ev = &events->items[i];
        if (ev->kind != kind || (name && (!ev->name || strcmp(ev->name, name) != 0)) || event_arg_get(ev, key))
            continue;
        event_arg *args = realloc(ev->args, (ev->nargs + 1) * sizeof(event_arg));
        if (!args)
            return;
        ev->args = args;
        memset(&args[ev->nargs], 0, sizeof(event_arg));
        args[ev->nargs].key = atom(key);
        args[ev->nargs].is_str = str != NULL;
        args[ev->nargs].str = atom(str);
        args[ev->nargs++].num = value;
        return;
    }
}

/* The judge's deadline, on the host's own hang report or a new one. */
static void record_deadline(event_list *events, const char *scenario, const char *reason, const char *key,
                            unsigned ms)
{
    if (!event_list_has(events, EV_HANG, NULL))
        synthesize(events, scenario, EV_HANG, "hang", "reason", reason, key, ms);
    add_arg(events, EV_HANG, NULL, key, ms, NULL);
    add_arg(events, EV_HANG, NULL, "reason", 0, reason);
}

/* The kinds outcome_of_host edits or looks for: from the first of them on,
 * nothing is final. */
static int outcome_may_touch(const event *ev)
{
    return ev->kind == EV_CRASH || ev->kind == EV_HANG || ev->kind == EV_ERROR;
}

int outcome_hold(event_list *held, event *ev, event *final)
{
    int released = 0;
    /* the held event is final when it is not the latest any more and
     * neither it nor ev is one the outcome touches (the event before a
     * crash stays too: memcheck's errors take their context from it) */
    if (held->count == 1 && !outcome_may_touch(&held->items[0]) && !outcome_may_touch(ev)) {
        *final = held->items[0];
        held->count = 0;
        released = 1;
    }
    if (event_list_push(held, ev) != 0) {
        event_free(ev);
        return released ? 1 : -1;
    }
    return released;
}

scenario_outcome outcome_of_host(event_list *events, const host_ending *end, char *error, size_t errlen,
                                 int *internal)
{
    const char *name = end->scenario;
    int status = end->wait_status;
    int exited = WIFEXITED(status), code = exited ? WEXITSTATUS(status) : -1;
    if (end->untrusted) {
        /* never judge the driver on events that may be lost or forged: the
         * trace ends here, like a crash, and HOST-TRACE-INTEGRITY says why */
        synthesize(events, name, EV_HANG, "integrity", "reason", end->integrity_problem, "from",
                   (int64_t)end->untrusted_from);
        return SCENARIO_STOPPED;
    }
    size_t total = end->fed + events->count;
    if (total == 0) {
        /* The host sends scenario_begin before the miniport's first
         * instruction (host_run.c flushes it before dlopen): a host that
         * ended, or was stopped, without it failed in the harness's own
         * start, which no driver can cause (exec, the dynamic loader,
         * valgrind, a sanitizer). */
        char how[96];
        if (end->stop == STOP_HANG)
            snprintf(how, sizeof how, "sent nothing for %u ms", end->timeout_ms);
        else if (end->stop == STOP_WALL)
            snprintf(how, sizeof how, "was still starting at the wall-clock deadline of %u s",
                     end->wall_timeout_ms / 1000);
        else if (exited)
            snprintf(how, sizeof how, "exited with status %d", code);
        else
            snprintf(how, sizeof how, "was killed by signal %d", WTERMSIG(status));
        snprintf(error, errlen, "the host process for scenario '%s' could not start (it %s before the "
                 "driver was loaded; its messages are above)", name, how);
        *internal = 1;
        return SCENARIO_LOAD_ERROR;
    }
    if (event_list_has(events, EV_CRASH, "memory"))  /* the host said it ended at its memory limit */
        return SCENARIO_CRASHED;  /* whatever stopped it, the limit is the cause */
    if (isolation_out_of_cpu(events, end->cpu_limit_s, status, end->cpu_ms, end->stop != STOP_NONE)) {
        if (!event_list_has(events, EV_CRASH, "cpu")) {
            char limit[32];
            snprintf(limit, sizeof(limit), "%u s", end->cpu_limit_s);
            synthesize(events, name, EV_CRASH, "cpu", "limit", limit, NULL, 0);
            add_arg(events, EV_CRASH, "cpu", "end", 0, WTERMSIG(status) == SIGXCPU ? "SIGXCPU" : "SIGKILL");
        }
        return SCENARIO_CRASHED;  /* the kernel ended it at --cpu-limit */
    }
    switch (end->stop) {
    case STOP_INTEGRITY:
        return SCENARIO_STOPPED;  /* comes with end->untrusted, handled above */
    case STOP_QUIET_AFTER_END:
        return SCENARIO_COMPLETED;  /* it finished; what lingered was killed */
    case STOP_FLOOD:
        synthesize(events, name, EV_HANG, "flood", "reason", end->stop_detail, "events", (int64_t)total);
        return SCENARIO_HUNG;
    case STOP_LIMIT:
        synthesize(events, name, EV_HANG, "limit", "reason", end->stop_detail, "events", (int64_t)total);
        return SCENARIO_STOPPED;
    case STOP_HANG: {
        /* The host's own hang report does not know the deadline the judge applied. */
        char reason[96];
        snprintf(reason, sizeof(reason), "no event for %u ms", end->timeout_ms);
        record_deadline(events, name, reason, "timeout_ms", end->timeout_ms);
        return SCENARIO_HUNG;
    }
    case STOP_WALL: {
        char reason[160];
        snprintf(reason, sizeof(reason),
                 "still running at the wall-clock deadline of %u s (raise --wall-timeout if the scenario "
                 "really needs longer)", end->wall_timeout_ms / 1000);
        record_deadline(events, name, reason, "wall_timeout_ms", end->wall_timeout_ms);
        return SCENARIO_HUNG;
    }
    case STOP_NONE:
        break;
    }
    if (exited && code == HOST_EXIT_HANG && event_list_has(events, EV_HANG, NULL))
        return SCENARIO_HUNG;  /* the host saw the deadlock itself (an infinite wait) */
    if (exited && code == HOST_EXIT_BUGCHECK && event_list_has(events, EV_CRASH, NULL))
        return SCENARIO_CRASHED;  /* KeBugCheckEx: the crash event says which bug check */
    if (exited && code == HOST_EXIT_NOT_EMULATED && event_list_has(events, EV_CRASH, "not_emulated"))
        return SCENARIO_CRASHED;  /* a DDI the host does not emulate: the crash event names it */
    if (WIFSIGNALED(status)) {
        if (!event_list_has(events, EV_CRASH, NULL)) {
            const char *abbrev = sigabbrev_np(WTERMSIG(status));
            char label[32];
            snprintf(label, sizeof(label), "SIG%s", abbrev ? abbrev : "?");
            synthesize(events, name, EV_CRASH, "signal", "signal", label, NULL, 0);
        }
        return SCENARIO_CRASHED;
    }
    if (exited && code == HOST_EXIT_LOAD_ERROR && event_list_has(events, EV_ERROR, NULL))
        /* A failure injected into a DDI DriverEntry calls is a verdict, not a load error. */
        return (end->fed_op || event_list_has(events, EV_OP, NULL)) &&
                       (end->fed_fault || injected_before_error(events)) ? SCENARIO_COMPLETED
                                                                        : SCENARIO_LOAD_ERROR;
    if (exited && code == HOST_EXIT_OK && outcome_scenario_ended(events))
        return SCENARIO_COMPLETED;
    /* The process ended without finishing the scenario: exit() or _exit() from the miniport. */
    if (!event_list_has(events, EV_CRASH, NULL))
        synthesize(events, name, EV_CRASH, "exit", NULL, NULL, "exit_status", code);
    else
        add_arg(events, EV_CRASH, "exit", "exit_status", code, NULL);
    return SCENARIO_CRASHED;
}

void outcome_reading_init(outcome_reading *r)
{
    memset(r, 0, sizeof *r);
    r->outcome = SCENARIO_CRASHED;  /* until an end says otherwise */
}

/* A recorded scenario's outcome is what its last ending event says, as
 * outcome_of_host decided it: a hang (or the harness's limit), a load error
 * (a verdict when a fault injected before it caused it), a crash (for good
 * once at the memory limit); scenario_end completes it unless something
 * ended it before. */
void outcome_reading_feed(outcome_reading *r, const event *ev)
{
    /* Earlier versions wrote a host that ended before its first event as
     * the crash, hang or error the judge added for it alone. */
    if (r->events++ == 0)
        r->begun = is_op(ev, "scenario_begin") || ev->kind == EV_CRASH || ev->kind == EV_HANG || ev->kind == EV_ERROR;
    if (is_op(ev, "fault_injected") && !r->errored)
        r->injected = 1;
    r->errored |= ev->kind == EV_ERROR;
    if (ev->kind == EV_CRASH && ev->name && strcmp(ev->name, "memory") == 0)
        r->out_of_memory = 1;
    if (r->out_of_memory) {
        r->outcome = SCENARIO_CRASHED;
        r->terminated = 1;
        return;
    }
    switch (ev->kind) {
    case EV_HANG:
        r->outcome = ev->name && (strcmp(ev->name, "limit") == 0 || strcmp(ev->name, "integrity") == 0)
                         ? SCENARIO_STOPPED : SCENARIO_HUNG;
        r->terminated = 1;
        break;
    case EV_ERROR:
        r->outcome = r->injected ? SCENARIO_COMPLETED : SCENARIO_LOAD_ERROR;
        r->terminated = 1;
        break;
    case EV_CRASH:
        r->outcome = SCENARIO_CRASHED;
        r->terminated = 1;
        break;
    case EV_OP:
        if (is_op(ev, "scenario_end")) {
            if (r->outcome == SCENARIO_CRASHED)
                r->outcome = SCENARIO_COMPLETED;
            r->terminated = 1;
        }
        break;
    default:
        break;
    }
}

int outcome_reading_whole(const outcome_reading *r, const char *name, char *why, size_t len)
{
    if (!r->begun) {
        snprintf(why, len, "scenario %s does not begin with scenario_begin", name);
        return 0;
    }
    if (!r->terminated) {
        snprintf(why, len, "scenario %s ends at event %zu without scenario_end, crash, hang or error: "
                           "the trace is incomplete (cut short?)", name, r->events - 1);
        return 0;
    }
    return 1;
}
