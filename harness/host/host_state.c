/* Host context: the callback stack, simulated IRQL, adapters, the host's
 * resource ledger, and emission of events to the judge. */
#include "host_state.h"
#include "backtrace_capture.h"
#include "../trace/event_json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_CALLBACK_DEPTH 32

typedef struct {
    const char *name;
    adapter *a;
    int saved_irql;
} callback_frame;

static struct {
    host_setup setup;
    uint64_t next_index;
    ledger *ledger;
    int irql;
    callback_frame stack[MAX_CALLBACK_DEPTH];
    size_t depth;
    size_t overflow;             /* callbacks entered beyond MAX_CALLBACK_DEPTH, not on the stack */
    adapter *adapters[HOST_MAX_ADAPTERS];
    size_t nadapters;
    adapter *step_adapter;
    unsigned inject_calls;
    unsigned inject_within_calls;  /* failable calls seen inside setup.inject_within */
    host_driver driver;
} H;

static const char *const state_names[ADAPTER_STATE_COUNT] = {
    [ADAPTER_HALTED] = "Halted", [ADAPTER_INITIALIZING] = "Initializing",
    [ADAPTER_PAUSED] = "Paused", [ADAPTER_RESTARTING] = "Restarting",
    [ADAPTER_RUNNING] = "Running", [ADAPTER_PAUSING] = "Pausing",
    [ADAPTER_SHUTDOWN] = "Shutdown",
};

const char *adapter_state_name(adapter_state s)
{
    return (unsigned)s < ADAPTER_STATE_COUNT ? state_names[s] : "?";
}

int host_begin(const host_setup *setup)
{
    memset(&H, 0, sizeof(H));
    H.setup = *setup;
    H.ledger = ledger_new();
    return H.ledger ? 0 : -1;
}

void host_end(void)
{
    for (size_t i = 0; i < H.nadapters; i++) {
        H.adapters[i]->magic = 0;
        for (size_t k = 0; k < H.adapters[i]->nconfig; k++) {
            free(H.adapters[i]->config[k].keyword);
            free(H.adapters[i]->config[k].str);
        }
        free(H.adapters[i]);
    }
    ledger_free(H.ledger);
    memset(&H, 0, sizeof(H));
}

host_driver *host_driver_get(void)
{
    return &H.driver;
}

const ndis_tables *host_tables(void)
{
    return H.setup.tables;
}

adapter *host_adapter_new(void)
{
    if (H.nadapters == HOST_MAX_ADAPTERS)
        return NULL;
    adapter *a = calloc(1, sizeof(*a));
    if (!a)
        return NULL;
    a->magic = ADAPTER_MAGIC;
    a->index = (int)H.nadapters;
    a->state = ADAPTER_HALTED;
    a->check_for_hang_secs = 2;
    H.adapters[H.nadapters++] = a;
    return a;
}

adapter *host_adapter_at(int index)
{
    return (index >= 0 && (size_t)index < H.nadapters) ? H.adapters[index] : NULL;
}

size_t host_adapter_count(void)
{
    return H.nadapters;
}

adapter *host_adapter_from_handle(NDIS_HANDLE handle)
{
    for (size_t i = 0; i < H.nadapters; i++)
        if ((void *)H.adapters[i] == handle && H.adapters[i]->magic == ADAPTER_MAGIC)
            return H.adapters[i];
    return NULL;
}

void host_set_step_adapter(adapter *a)
{
    H.step_adapter = a;
}

adapter *host_current_adapter(void)
{
    for (size_t i = H.depth; i > 0; i--)
        if (H.stack[i - 1].a)
            return H.stack[i - 1].a;
    return H.step_adapter;
}

size_t host_callback_depth(void)
{
    return H.depth;
}

const char *host_callback_name(void)
{
    return H.depth ? H.stack[H.depth - 1].name : "";
}

int host_irql(void)
{
    return H.irql;
}

void host_set_irql(int irql)
{
    H.irql = irql;
}

/* ---- emission ---- */

static void write_line(const char *text)
{
    if (H.setup.out_fd < 0 || !text)
        return;
    size_t len = strlen(text);
    char *line = malloc(len + 1);
    if (!line)
        return;
    memcpy(line, text, len);
    line[len] = '\n';
    size_t done = 0;
    while (done < len + 1) {
        ssize_t n = write(H.setup.out_fd, line + done, len + 1 - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;  /* the judge is gone; nothing left to tell */
        done += (size_t)n;
    }
    free(line);
}

/* Fills the context fields every event shares. Strings are borrowed. */
static void fill_context(event *ev, event_kind kind, const char *name, adapter *a)
{
    memset(ev, 0, sizeof(*ev));
    ev->index = H.next_index++;
    ev->kind = kind;
    ev->name = (char *)name;
    ev->scenario = (char *)(H.setup.scenario ? H.setup.scenario : "");
    ev->adapter = a ? a->index : -1;
    ev->callback = (char *)host_callback_name();
    ev->state = (char *)(a ? adapter_state_name(a->state) : "Halted");
    ev->irql = H.irql;
    ev->time_us = host_now_us();
    static char *names[MAX_CALLBACK_DEPTH];
    for (size_t i = 0; i < H.depth; i++)
        names[i] = (char *)H.stack[i].name;
    ev->stack = names;
    ev->stack_depth = H.depth;
}

static event_arg *copy_args(const trace_arg *args, size_t nargs, size_t extra)
{
    event_arg *out = calloc(nargs + extra + 1, sizeof(event_arg));
    if (!out)
        return NULL;
    for (size_t i = 0; i < nargs; i++) {
        out[i].key = (char *)args[i].key;
        out[i].is_str = args[i].is_str;
        out[i].num = args[i].num;
        out[i].str = (char *)args[i].str;
    }
    return out;
}

static void send_event(event *ev)
{
    char *text = event_to_json(ev);
    write_line(text);
    free(text);
}

/* The host ledger keeps handles disguised, for the reason handles.c gives:
 * valgrind must not see the miniport's leaked blocks as still reachable. */
#define DISGUISE(h) ((uint64_t)(h) ^ 0x5A5A5A5A5A5A5A5Aull)

/* Keeps the host ledger in step with a resource DDI; adds arg "ledger" to frees. */
static void track_resource(event *ev)
{
    const ndis_tables *t = H.setup.tables;
    if (!t || !H.ledger)
        return;
    const event_arg *h = event_arg_get(ev, "handle");
    if (!h || h->is_str)
        return;
    const resource_kind *allocs = tables_kind_allocated_by(t, ev->name);
    if (allocs) {
        if (h->num != 0 && (!ev->has_status || ev->status == 0))
            ledger_record_alloc(H.ledger, allocs, DISGUISE(h->num), NULL);  /* the judge keeps the details */
        return;
    }
    if (!tables_kind_freed_by(t, ev->name))
        return;
    if (ev->has_status && ev->status != 0)
        return;  /* NDIS refused the release (NdisMFreePort's INVALID_PORT_STATE): still held */
    static const char *const outcome_names[] = { "ok", "unknown", "double", "wrong_reciprocal" };
    ledger_free_outcome o = ledger_record_free(H.ledger, ev->name, DISGUISE(h->num), NULL, NULL);
    event_arg *a = &ev->args[ev->nargs++];
    a->key = "ledger";
    a->is_str = 1;
    a->str = (char *)outcome_names[o];
}

/* What an emission records besides the context. */
enum { WITH_BACKTRACE = 1, WITH_LEDGER = 2 };

static uintptr_t interrupted_pc;  /* set by a signal handler: fatal backtraces start there */

/* Builds, sends and forgets one event. Returns its index. */
static uint64_t emit(event_kind kind, const char *name, adapter *a, int has_status, int64_t status,
                     const trace_arg *args, size_t nargs, unsigned what)
{
    event ev;
    fill_context(&ev, kind, name, a);
    ev.has_status = has_status;
    ev.status = status;
    ev.args = copy_args(args, nargs, (what & WITH_LEDGER) ? 1 : 0);
    ev.nargs = ev.args ? nargs : 0;
    if (what & WITH_BACKTRACE)
        backtrace_capture_from(&ev.bt, kind == EV_CRASH || kind == EV_HANG ? interrupted_pc : 0);
    if (what & WITH_LEDGER)
        track_resource(&ev);
    send_event(&ev);
    backtrace_free(&ev.bt);
    free(ev.args);
    return ev.index;
}

uint64_t host_emit_ddi(const char *ddi, int has_status, int64_t status,
                       const trace_arg *args, size_t nargs)
{
    return emit(EV_DDI, ddi, host_current_adapter(), has_status, status, args, nargs,
                WITH_BACKTRACE | WITH_LEDGER);
}

uint64_t host_emit_op(const char *op, const trace_arg *args, size_t nargs)
{
    return emit(EV_OP, op, host_current_adapter(), 0, 0, args, nargs, 0);
}

void host_set_interrupted_pc(uintptr_t pc)
{
    interrupted_pc = pc;
}

void host_emit_fatal(event_kind kind, const char *name, const trace_arg *args, size_t nargs)
{
    emit(kind, name, host_current_adapter(), 0, 0, args, nargs, kind != EV_ERROR ? WITH_BACKTRACE : 0);
}

int host_handle_is_live(uint64_t handle)
{
    return H.ledger && ledger_find_open(H.ledger, DISGUISE(handle)) != NULL;
}


/* ---- callbacks ---- */

void host_callback_enter(const char *name, adapter *a, int irql,
                         const trace_arg *args, size_t nargs)
{
    if (H.depth < MAX_CALLBACK_DEPTH) {
        H.stack[H.depth].name = name;
        H.stack[H.depth].a = a;
        H.stack[H.depth].saved_irql = H.irql;
        H.depth++;
    } else {
        H.overflow++;
    }
    H.irql = irql;
    emit(EV_ENTER, name, a ? a : host_current_adapter(), 0, 0, args, nargs, 0);
}

void host_callback_return(const char *name, int has_status, int64_t status,
                          const trace_arg *args, size_t nargs)
{
    emit(EV_RETURN, name, host_current_adapter(), has_status, status, args, nargs, 0);
    if (H.overflow > 0) {
        H.overflow--;  /* its frame was never pushed */
    } else if (H.depth > 0) {
        H.depth--;
        H.irql = H.stack[H.depth].saved_irql;
    }
}

int host_callback_irql(const char *name)
{
    const callback_irql *c = H.setup.tables ? tables_callback(H.setup.tables, name) : NULL;
    return c ? c->strict_irql : 0;
}

void host_transition(adapter *a, adapter_state to)
{
    adapter_state from = a->state;
    a->state = to;
    host_emit_op("transition", (trace_arg[]){ TA_STR("from", adapter_state_name(from)),
                                              TA_STR("to", adapter_state_name(to)) }, 2);
}

const config_entry *host_config_find(adapter *a, const char *keyword)
{
    if (!a)
        return NULL;
    for (size_t i = 0; i < a->nconfig; i++)
        if (strcasecmp(a->config[i].keyword, keyword) == 0)
            return &a->config[i];
    return NULL;
}

/* ---- hardware behaviour ---- */

int host_interrupt_after_register(void)
{
    return (H.setup.interrupt_points & 1u) != 0;
}

int host_interrupt_before_deregister(void)
{
    return (H.setup.interrupt_points & 2u) != 0;
}

/* ---- fault injection ---- */

void host_site_signature(const char *ddi, char *buf, size_t len)
{
    backtrace_t bt;
    backtrace_capture(&bt);
    backtrace_signature(ddi, &bt, buf, len);
    backtrace_free(&bt);
}

/* Records that a fault is being injected, so a run can tell it really was. */
static int injected(const char *ddi)
{
    host_emit_op("fault_injected", (trace_arg[]){ TA_STR("ddi", ddi) }, 1);
    return 1;
}

unsigned host_inject_allocation(void)
{
    return H.setup.inject_within ? H.setup.inject_within_nth : 0;
}

static int inside_callback(const char *name)
{
    for (size_t i = 0; i < H.depth; i++)
        if (strcmp(H.stack[i].name, name) == 0)
            return 1;
    return 0;
}

int host_should_fail(const char *ddi)
{
    if (H.setup.inject_ddi && strcmp(H.setup.inject_ddi, ddi) == 0)
        return ++H.inject_calls == H.setup.inject_nth ? injected(ddi) : 0;
    if (H.setup.inject_signature) {
        char sig[2048];
        host_site_signature(ddi, sig, sizeof(sig));
        if (strcmp(sig, H.setup.inject_signature) == 0) {
            H.setup.inject_signature = NULL;  /* one failure per run */
            return injected(ddi);
        }
    }
    if (H.setup.inject_within && inside_callback(H.setup.inject_within))
        return ++H.inject_within_calls == H.setup.inject_within_nth ? injected(ddi) : 0;
    return 0;
}
