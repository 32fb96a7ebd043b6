/* Host context: the callback stack, simulated IRQL, adapters, the host's
 * resource ledger, and emission of events to the judge. */
#include "host_state.h"
#include "backtrace_capture.h"
#include "callback_guard.h"
#include "longjmp_watch.h"
#include "host_clock.h"
#include "host_thread.h"
#include "../trace/wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_CALLBACK_DEPTH 32

typedef struct {
    const char *name;
    adapter *a;
    int saved_irql;
    uintptr_t caller_sp;         /* the harness frame that called it (callback_guard.h) */
    unsigned lock_depth;         /* host lock depth to take back on its return */
} callback_frame;

typedef struct {
    callback_frame stack[MAX_CALLBACK_DEPTH];
    size_t depth;
    size_t overflow;             /* callbacks entered beyond MAX_CALLBACK_DEPTH, not on the stack */
} callback_stack;

static struct {
    host_setup setup;
    uint64_t next_index;
    ledger *ledger;
    int irql;
    callback_stack callbacks;    /* the host thread's */
    adapter *adapters[HOST_MAX_ADAPTERS];
    size_t nadapters;
    adapter *step_adapter;
    unsigned inject_calls;
    unsigned inject_within_calls;  /* failable calls seen inside setup.inject_within */
    host_driver driver;
} H;

/* A driver thread's own callbacks (a DDI it calls may call the miniport). */
static __thread callback_stack thread_callbacks;

static callback_stack *callbacks(void)
{
    return host_thread_is_host() ? &H.callbacks : &thread_callbacks;
}
#define CB (*callbacks())

/* The event channel: outside H, whose reset must not drop a batch. */
static wire_encoder W;

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

static void kind_cache_clear(void);

int host_begin(const host_setup *setup)
{
    memset(&H, 0, sizeof(H));
    kind_cache_clear();  /* a session's tables may sit where an earlier one's were freed */
    H.setup = *setup;
    H.ledger = ledger_new_lookup_only();
    host_thread_begin();
    if (wire_encoder_init(&W, setup->out_fd) != 0) {
        ledger_free(H.ledger);
        H.ledger = NULL;
    }
    return H.ledger ? 0 : -1;
}

void host_flush(void)
{
    wire_flush(&W);
}

void host_end(void)
{
    wire_encoder_free(&W);
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
    const callback_stack *cb = callbacks();
    for (size_t i = cb->depth; i > 0; i--)
        if (cb->stack[i - 1].a)
            return cb->stack[i - 1].a;
    return H.step_adapter;
}

size_t host_callback_depth(void)
{
    return CB.depth;
}

const char *host_callback_name(void)
{
    const callback_stack *cb = callbacks();
    return cb->depth ? cb->stack[cb->depth - 1].name : "";
}

int host_irql(void)
{
    return host_thread_is_host() ? H.irql : host_thread_irql();
}

int host_raise_to_dispatch(void)
{
    int old = host_irql();
    if (old < DISPATCH_LEVEL)
        host_set_irql(DISPATCH_LEVEL);
    return old;
}

void host_set_irql(int irql)
{
    if (host_thread_is_host())
        H.irql = irql;
    else
        host_thread_set_irql(irql);
}

/* ---- emission ---- */

/* Fills the context fields every event shares. Strings are borrowed. */
static void fill_context(event *ev, event_kind kind, const char *name, adapter *a)
{
    static const char *names[MAX_CALLBACK_DEPTH];
    const callback_stack *cb = callbacks();
    for (size_t i = 0; i < cb->depth; i++)
        names[i] = cb->stack[i].name;
    /* Field by field, every one: a memset of the whole event first (or an
     * initializer, which gcc clears the same way) is a `rep stos`, some
     * 2 % of a tracked pair's host CPU. The padding is never read. */
    ev->index = H.next_index++;
    ev->kind = kind;
    ev->name = name;
    ev->scenario = H.setup.scenario ? H.setup.scenario : "";
    ev->adapter = a ? a->index : -1;
    ev->callback = host_callback_name();
    ev->stack = names;
    ev->stack_depth = cb->depth;
    ev->state = a ? adapter_state_name(a->state) : "Halted";
    ev->irql = host_irql();
    ev->time_us = host_now_us();
    ev->has_status = 0;
    ev->status = 0;
    ev->args = NULL;
    ev->nargs = 0;
    ev->bt = (backtrace_t){ NULL, 0 };
    ev->thread = host_thread_number();
    ev->pid = host_thread_foreign_pid();
    ev->arrays = NULL;
}

/* Into out, which has room for nargs (and the ledger's argument). */
static void copy_args(event_arg *out, const trace_arg *args, size_t nargs)
{
    for (size_t i = 0; i < nargs; i++) {
        out[i].key = args[i].key;
        out[i].is_str = args[i].is_str;
        out[i].num = args[i].num;
        out[i].str = args[i].str;
    }
}

/* The host ledger keeps handles disguised, for the reason handles.c gives:
 * valgrind must not see the miniport's leaked blocks as still reachable. */
#define DISGUISE(h) ((uint64_t)(h) ^ 0x5A5A5A5A5A5A5A5Aull)

/* What the tables say a DDI allocates and frees, remembered by the
 * name's address when the name is one of the host program's literals
 * (wire_is_literal: that text cannot change), as a DDI's name is: one
 * comparison of addresses instead of two hashed lookups an event. */
#define KIND_CACHE 64
typedef struct {
    const char *at;
    const ndis_tables *tables;
    const resource_kind *allocs, *frees;
} kind_cache_entry;
static kind_cache_entry kind_cache[KIND_CACHE];

static void kind_cache_clear(void)
{
    memset(kind_cache, 0, sizeof kind_cache);
}

static kind_cache_entry ddi_kinds(const ndis_tables *t, const char *name)
{
    uintptr_t p = (uintptr_t)name;
    kind_cache_entry *c = &kind_cache[(p ^ (p >> 7)) % KIND_CACHE];
    if (c->at == name && c->tables == t)
        return *c;
    kind_cache_entry found = { name, t, tables_kind_allocated_by(t, name), tables_kind_freed_by(t, name) };
    if (wire_is_literal(name))
        *c = found;
    return found;
}

/* Keeps the host ledger in step with a resource DDI; adds arg "ledger" to frees. */
static void track_resource(event *ev)
{
    const ndis_tables *t = H.setup.tables;
    if (!t || !H.ledger)
        return;
    const event_arg *h = event_arg_get(ev, "handle");
    if (!h || h->is_str)
        return;
    kind_cache_entry kinds = ddi_kinds(t, ev->name);
    const resource_kind *allocs = kinds.allocs;
    if (allocs) {
        if (h->num != 0 && (!ev->has_status || ev->status == 0))
            ledger_record_alloc(H.ledger, allocs, DISGUISE(h->num), NULL);  /* the judge keeps the details */
        return;
    }
    if (!kinds.frees)
        return;
    if (ev->has_status && ev->status != 0)
        return;  /* NDIS refused the release (NdisMFreePort's INVALID_PORT_STATE): still held */
    static const char *const outcome_names[] = { "ok", "unknown", "double", "wrong_reciprocal" };
    ledger_free_outcome o = ledger_record_free(H.ledger, ev->name, DISGUISE(h->num), NULL, NULL);
    event_arg *a = &ev->args[ev->nargs++];
    a->key = "ledger";
    a->is_str = 1;
    a->str = outcome_names[o];
}

/* What an emission records besides the context. */
enum { WITH_BACKTRACE = 1, WITH_LEDGER = 2 };

static uintptr_t interrupted_pc;  /* set by a signal handler: fatal backtraces start there */

/* Most events have a few arguments: those live on the stack (no malloc,
 * which also keeps the fatal path usable from a signal handler). */
#define STACK_ARGS 24

/* The miniport's frame of its latest call into NDIS. A hang or crash
 * interrupted inside a library (a sleep in the C library, say) may not
 * unwind back into the miniport; its report then still shows the
 * miniport's place: the call it made last. Its module is borrowed from the
 * capture's table, which keeps every path for the life of the process. */
static frame last_call;

static void remember_call_site(const backtrace_t *bt)
{
    if (bt->count && bt->frames[0].module)
        last_call = (frame){ .pc = bt->frames[0].pc, .offset = bt->frames[0].offset, .module = bt->frames[0].module };
}

/* Appends the last call site unless the backtrace reached the miniport's
 * module itself; frames has room for one more. No allocation: this runs in
 * the crash and hang handlers. */
static void add_last_call_site(backtrace_t *bt)
{
    if (!last_call.module)
        return;
    for (size_t i = 0; i < bt->count; i++)
        if (bt->frames[i].module && strcmp(bt->frames[i].module, last_call.module) == 0)
            return;  /* it reached the miniport itself */
    bt->frames[bt->count++] = last_call;
}

/* Builds, sends and forgets one event. Returns its index. */
/* given: a backtrace taken by the caller (borrowed), used instead of
 * capturing one. */
static uint64_t emit_with(event_kind kind, const char *name, adapter *a, int has_status, int64_t status,
                          const trace_arg *args, size_t nargs, unsigned what, const backtrace_t *given)
{
    event ev;
    fill_context(&ev, kind, name, a);
    ev.has_status = has_status;
    ev.status = status;
    event_arg stack_args[STACK_ARGS];
    size_t room = nargs + ((what & WITH_LEDGER) ? 1 : 0);
    event_arg *heap_args = room > STACK_ARGS ? calloc(room, sizeof(event_arg)) : NULL;
    ev.args = room > STACK_ARGS ? heap_args : stack_args;
    ev.nargs = ev.args ? nargs : 0;
    if (ev.args)
        copy_args(ev.args, args, nargs);
    int fatal = kind == EV_CRASH || kind == EV_HANG || kind == EV_ERROR;
    if (fatal)
        wire_flush(&W);  /* before the backtrace, which may fault again on a broken heap */
    frame frames[BACKTRACE_MAX_FRAMES + 1];   /* + the last call site */
    if (given) {
        ev.bt = *given;
    } else if (what & WITH_BACKTRACE) {
        ev.bt.frames = frames;
        ev.bt.count = backtrace_capture_frames(frames, BACKTRACE_MAX_FRAMES, fatal && kind != EV_ERROR ? interrupted_pc : 0);
        if (fatal)
            add_last_call_site(&ev.bt);
        else
            remember_call_site(&ev.bt);
    }
    if (what & WITH_LEDGER)
        track_resource(&ev);
    if (fatal)
        wire_emit_fatal(&W, &ev);  /* the host ends here: everything goes out now */
    else
        wire_encode_event(&W, &ev);
    if (ev.pid)
        wire_flush(&W);  /* a forked process's record reaches the judge, which refuses it (not the host's) */
    free(heap_args);
    return ev.index;
}

static uint64_t emit(event_kind kind, const char *name, adapter *a, int has_status, int64_t status,
                     const trace_arg *args, size_t nargs, unsigned what)
{
    return emit_with(kind, name, a, has_status, status, args, nargs, what, NULL);
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

void host_emit_op_with_backtrace(const char *op, const trace_arg *args, size_t nargs, const backtrace_t *bt)
{
    emit_with(EV_OP, op, host_current_adapter(), 0, 0, args, nargs, 0, bt);
}

int host_handle_is_live(uint64_t handle)
{
    return H.ledger && ledger_find_open(H.ledger, DISGUISE(handle)) != NULL;
}


/* ---- callbacks ---- */

/* ---- callbacks left without returning ----
 * A miniport that longjmps out of a callback skips the harness code that
 * pops it. Each frame records the stack pointer of the harness frame that
 * called the callback: once the miniport runs above it again (a DDI call),
 * or that harness frame sees a return while frames it did not push are
 * still on top, those frames are gone. They are popped, the IRQL and the
 * host lock are put back as they were when the outermost of them was
 * entered, their timer or work-item runs end, and op callback_unwound says
 * so once (docs/events.md). */

static void pop_dead_frames(size_t keep, const char *how)
{
    if (keep >= CB.depth)
        return;
    const char *left = CB.stack[CB.depth - 1].name;
    size_t skipped = CB.depth - keep;
    host_set_irql(CB.stack[keep].saved_irql);
    CB.depth = keep;
    CB.overflow = 0;
    host_defer_unwound(keep);
    trace_arg args[] = { TA_STR("left", left), TA_INT("skipped", (int64_t)skipped), TA_STR("how", how) };
    emit(EV_OP, "callback_unwound", host_current_adapter(), 0, 0, args, 3, WITH_BACKTRACE);
}

void host_check_callbacks_alive(void)
{
    static int checking;
    if (checking || CB.depth == 0 || !host_thread_is_host() || host_thread_foreign_pid())
        return;
    if (!longjmp_watch_take())
        return;  /* no jump since the last look: every callback frame is where it was */
    checking = 1;
    uintptr_t callers[MAX_CALLBACK_DEPTH], sp = 0;
    for (size_t i = 0; i < CB.depth; i++)
        callers[i] = CB.stack[i].caller_sp;
    size_t caller = 0, keep = CB.depth;
    switch (callback_guard_find(callers, CB.depth, &sp, &caller)) {
    case GUARD_DRIVER:  /* the miniport runs above the callers of the frames it left */
        while (keep > 0 && CB.stack[keep - 1].caller_sp && sp >= CB.stack[keep - 1].caller_sp)
            keep--;
        break;
    case GUARD_CALLER:  /* harness code inside callback caller: the frames above it are gone */
        keep = caller + 1;
        break;
    case GUARD_UNKNOWN:
        break;
    }
    pop_dead_frames(keep, "longjmp");
    checking = 0;
}

void host_callback_enter(const char *name, adapter *a, int irql,
                         const trace_arg *args, size_t nargs)
{
    uintptr_t caller_sp = host_thread_is_host() ? callback_guard_caller_sp() : 0;
    host_check_callbacks_alive();
    if (CB.depth < MAX_CALLBACK_DEPTH) {
        CB.stack[CB.depth].name = name;
        CB.stack[CB.depth].a = a;
        CB.stack[CB.depth].saved_irql = host_irql();
        CB.stack[CB.depth].caller_sp = caller_sp;
        CB.stack[CB.depth].lock_depth = host_lock_depth();
        CB.depth++;
    } else {
        CB.overflow++;
    }
    host_set_irql(irql);
    emit(EV_ENTER, name, a ? a : host_current_adapter(), 0, 0, args, nargs, 0);
    /* The miniport's code may never return (_exit, SIGKILL) or may scribble
     * on the channel: what led up to the call is on the judge's side first. */
    wire_flush(&W);
    host_lock_release_all();  /* the miniport's code runs; its threads may call NDIS */
}

void (host_callback_return)(const char *name, int has_status, int64_t status,
                            const trace_arg *args, size_t nargs)
{
    uintptr_t caller_sp = host_thread_is_host() ? callback_guard_caller_sp() : 0;
    host_lock_restore(1);
    unsigned lock_depth = 1;
    int mine = 1;  /* is the top frame this return's? */
    if (CB.overflow == 0 && caller_sp) {
        size_t keep = CB.depth;
        while (keep > 0 && CB.stack[keep - 1].caller_sp && CB.stack[keep - 1].caller_sp < caller_sp)
            keep--;  /* pushed by harness frames below this one, which are gone */
        pop_dead_frames(keep, "longjmp");
        mine = CB.depth > 0 && CB.stack[CB.depth - 1].caller_sp == caller_sp;
    }
    if (!mine) {
        /* Not on the stack (it returned already): the return is recorded,
         * nothing is popped. */
        trace_arg note[] = { TA_STR("left", name), TA_INT("skipped", 0), TA_STR("how", "returned_twice") };
        emit(EV_OP, "callback_unwound", host_current_adapter(), 0, 0, note, 3, 0);
        emit(EV_RETURN, name, host_current_adapter(), has_status, status, args, nargs, 0);
        return;
    }
    emit(EV_RETURN, name, host_current_adapter(), has_status, status, args, nargs, 0);
    if (CB.overflow > 0) {
        CB.overflow--;  /* its frame was never pushed */
    } else if (CB.depth > 0) {
        CB.depth--;
        host_set_irql(CB.stack[CB.depth].saved_irql);
        lock_depth = CB.stack[CB.depth].lock_depth;
    }
    host_lock_restore(lock_depth ? lock_depth : 1);
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
    frame frames[BACKTRACE_MAX_FRAMES];
    backtrace_t bt = { .frames = frames, .count = backtrace_capture_frames(frames, BACKTRACE_MAX_FRAMES, 0) };
    backtrace_signature(ddi, &bt, buf, len);
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
    for (size_t i = 0; i < CB.depth; i++)
        if (strcmp(CB.stack[i].name, name) == 0)
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
