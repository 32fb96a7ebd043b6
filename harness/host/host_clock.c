/* The virtual clock and the deferred-work queue (timers, DPCs, work items).
 * Nothing runs by itself: work runs when the clock is moved by a sleep, a
 * wait for a completion, or a scenario step, in due-time order. */
#include "host_state.h"
#include "host_clock.h"
#include "host_thread.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    uint64_t id;
    defer_kind kind;
    const char *callback_name;
    uint64_t due_us, period_us;
    defer_fn fn;
    void *ctx1, *ctx2;
    const void *owner;
    adapter *a;
    defer_state state;
    size_t run_depth;   /* callbacks running when it started (its own is pushed above) */
} defer_item;

/* A periodic item with period 0 would spin forever: bound one pass. */
#define MAX_RUNS_PER_PASS 100000

static uint64_t now_us;
static defer_item *items;
static size_t nitems, capacity;
static uint64_t next_id = 1;

uint64_t host_now_us(void)
{
    return now_us;
}

void host_advance_us(uint64_t us)
{
    now_us += us;
}

void host_clock_reset(void)
{
    free(items);
    items = NULL;
    nitems = capacity = 0;
    now_us = 0;
    next_id = 1;
}

uint64_t host_defer(defer_kind kind, const char *callback_name, uint64_t due_us,
                    uint64_t period_us, defer_fn fn, void *ctx1, void *ctx2,
                    const void *owner, adapter *a)
{
    if (nitems == capacity) {
        size_t cap = capacity ? capacity * 2 : 32;
        defer_item *grown = realloc(items, cap * sizeof(*items));
        if (!grown)
            return 0;
        items = grown;
        capacity = cap;
    }
    defer_item *it = &items[nitems++];
    memset(it, 0, sizeof(*it));
    it->id = next_id++;
    it->kind = kind;
    it->callback_name = callback_name;
    it->due_us = due_us;
    it->period_us = period_us;
    it->fn = fn;
    it->ctx1 = ctx1;
    it->ctx2 = ctx2;
    it->owner = owner;
    it->a = a;
    it->state = DEFER_SCHEDULED;
    return it->id;
}

static void remove_at(size_t i)
{
    items[i] = items[--nitems];
}

int host_defer_cancel(const void *owner)
{
    int removed = 0;
    for (size_t i = 0; i < nitems;) {
        if (items[i].owner == owner && items[i].state == DEFER_SCHEDULED) {
            remove_at(i);
            removed = 1;
            continue;
        }
        if (items[i].owner == owner)
            items[i].period_us = 0;  /* already queued or running: it runs once more, then stops */
        i++;
    }
    return removed;
}

int host_defer_cancel_periodic(const void *owner)
{
    int present = 0;
    for (size_t i = 0; i < nitems;) {
        if (items[i].owner != owner) {
            i++;
            continue;
        }
        present = 1;
        if (items[i].state == DEFER_SCHEDULED || items[i].state == DEFER_QUEUED) {
            remove_at(i);
            continue;
        }
        items[i].period_us = 0;   /* running now: it ends and is not re-armed */
        i++;
    }
    return present;
}

int host_defer_active(const void *owner)
{
    for (size_t i = 0; i < nitems; i++)
        if (items[i].owner == owner && (items[i].state == DEFER_QUEUED || items[i].state == DEFER_RUNNING))
            return 1;
    return 0;
}

void host_defer_expire_due(void)
{
    for (size_t i = 0; i < nitems; i++)
        if (items[i].state == DEFER_SCHEDULED && items[i].due_us <= now_us)
            items[i].state = DEFER_QUEUED;
}

/* The runnable item to go next: queued first, then due, earliest first. */
static long pick_runnable(void)
{
    long best = -1;
    for (size_t i = 0; i < nitems; i++) {
        const defer_item *it = &items[i];
        int runnable = it->state == DEFER_QUEUED || (it->state == DEFER_SCHEDULED && it->due_us <= now_us);
        if (!runnable)
            continue;
        if (best < 0 || it->due_us < items[best].due_us ||
            (it->due_us == items[best].due_us && it->id < items[best].id))
            best = (long)i;
    }
    return best;
}

static size_t find_id(uint64_t id)
{
    for (size_t i = 0; i < nitems; i++)
        if (items[i].id == id)
            return i;
    return (size_t)-1;
}

/* A run is over: a periodic item is re-armed, any other removed. */
static void finish_run(size_t i)
{
    if (items[i].period_us > 0) {
        items[i].state = DEFER_SCHEDULED;
        items[i].due_us += items[i].period_us;
        if (items[i].due_us <= now_us)
            items[i].due_us = now_us + items[i].period_us;
    } else {
        remove_at(i);
    }
}

static void run_one(long index)
{
    uint64_t id = items[index].id;
    items[index].state = DEFER_RUNNING;
    items[index].run_depth = host_callback_depth();
    defer_item copy = items[index];
    copy.fn(copy.ctx1, copy.ctx2);  /* may add or cancel items: re-find by id */
    size_t i = find_id(id);
    if (i != (size_t)-1)
        finish_run(i);
}

void host_defer_unwound(size_t depth)
{
    for (size_t i = 0; i < nitems;) {
        if (items[i].state == DEFER_RUNNING && items[i].run_depth >= depth) {
            size_t before = nitems;
            finish_run(i);
            if (nitems < before)
                continue;  /* removed: another item moved to i */
        }
        i++;
    }
}

size_t host_defer_run_due(void)
{
    if (!host_thread_is_host())
        return 0;  /* deferred work runs on the host thread, in virtual time */
    size_t ran = 0;
    long i;
    while (ran < MAX_RUNS_PER_PASS && (i = pick_runnable()) >= 0) {
        run_one(i);
        ran++;
    }
    return ran;
}

/* The scheduled item due first (of adapter a and kind when a is not NULL), or -1. */
static long earliest_scheduled(uint64_t limit_us, const adapter *a, defer_kind kind)
{
    long best = -1;
    for (size_t i = 0; i < nitems; i++)
        if (items[i].state == DEFER_SCHEDULED && items[i].due_us <= limit_us &&
            (!a || (items[i].a == a && items[i].kind == kind)) &&
            (best < 0 || items[i].due_us < items[best].due_us))
            best = (long)i;
    return best;
}

int host_defer_run_next(uint64_t limit_us)
{
    if (!host_thread_is_host()) {
        /* A driver thread waiting: the host thread moves the clock; let it. */
        host_thread_pause_us(1000);
        return now_us < limit_us;
    }
    if (host_defer_run_due())
        return 1;
    long best = earliest_scheduled(limit_us, NULL, DEFER_TIMER);
    if (best < 0)
        return 0;
    if (items[best].due_us > now_us)
        now_us = items[best].due_us;
    host_defer_run_due();
    return 1;
}

int host_wait_step(uint64_t limit_us)
{
    if (host_defer_run_next(limit_us))
        return 1;
    if (!host_thread_is_host() || now_us >= limit_us || !host_thread_others_alive())
        return 0;
    host_sleep_us(limit_us - now_us < 1000 ? limit_us - now_us : 1000);
    return 1;
}

void host_sleep_us(uint64_t us)
{
    if (!host_thread_is_host()) {
        host_thread_pause_us(us);
        return;
    }
    if (us > 0 && host_thread_others_alive())
        host_thread_pause_us(us);  /* the driver's threads run meanwhile (a real millisecond at most) */
    uint64_t target = now_us + us;
    while (host_defer_run_next(target))
        ;
    if (now_us < target)
        now_us = target;
    host_defer_run_due();
}

void host_defer_drop_adapter(adapter *a)
{
    for (size_t i = 0; i < nitems;) {
        if (items[i].a == a && items[i].state == DEFER_SCHEDULED) {
            remove_at(i);
            continue;
        }
        i++;
    }
}

/* Items of adapter a still in the queue, for the halt audit. */
size_t host_defer_count(adapter *a, defer_kind kind, defer_state state)
{
    size_t n = 0;
    for (size_t i = 0; i < nitems; i++)
        if (items[i].a == a && items[i].kind == kind && items[i].state == state)
            n++;
    return n;
}

/* "Pausing a Miniport Adapter": sends are completed before the pause is. */
void host_note_pause_with_sends(adapter *a)
{
    if (a->outstanding_sends)
        host_emit_op("pause_with_sends", (trace_arg[]){ TA_INT("outstanding", a->outstanding_sends) }, 1);
}

int host_complete(adapter *a, pending_op op, NDIS_STATUS status)
{
    if (!a || !(a->pending & op))
        return 0;
    a->pending &= ~(unsigned)op;
    a->completions_seen |= (unsigned)op;
    a->completion_status = status;
    /* The operation is complete now, not when NDIS next looks (001, pause). */
    if (op == PENDING_PAUSE && a->state == ADAPTER_PAUSING) {
        host_note_pause_with_sends(a);
        host_transition(a, ADAPTER_PAUSED);
    }
    else if (op == PENDING_RESTART && a->state == ADAPTER_RESTARTING)
        host_transition(a, status == NDIS_STATUS_SUCCESS ? ADAPTER_RUNNING : ADAPTER_PAUSED);
    return 1;
}

int host_defer_expire_next(adapter *a, defer_kind kind)
{
    long best = earliest_scheduled(UINT64_MAX, a, kind);
    if (best < 0)
        return 0;
    if (items[best].due_us > now_us)
        now_us = items[best].due_us;
    items[best].state = DEFER_QUEUED;
    return 1;
}
