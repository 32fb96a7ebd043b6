/* The resource ledger: records in allocation order plus an open-addressing
 * index from handle to the latest record with that handle, which links to
 * the earlier ones at the same handle (ledger_record.same_handle). A
 * lookup-only ledger (the host's) keeps no list: a record no lookup can
 * reach any more is freed when it leaves its handle's chain. */
#include "ledger.h"

#include <stdlib.h>
#include <string.h>

struct ledger {
    ledger_record **records;
    size_t count, capacity;
    uint64_t next_id;
    int lookup_only;
    ledger_record *spare;    /* lookup-only: the last record shadowed, for the next allocation */
    /* index: handle -> the latest record for it (NULL: empty slot) */
    uint64_t *keys;
    ledger_record **slots;
    size_t index_capacity;   /* power of two */
    size_t index_used;
};

ledger *ledger_new(void)
{
    return calloc(1, sizeof(ledger));
}

ledger *ledger_new_lookup_only(void)
{
    ledger *l = ledger_new();
    if (l)
        l->lookup_only = 1;
    return l;
}

/* A record's frames live just after it, in its own allocation. */
static frame *inline_frames(ledger_record *r)
{
    return (frame *)(r + 1);
}

static void record_free(ledger_record *r)
{
    if (r->bt.frames != inline_frames(r))
        backtrace_free(&r->bt);
    free(r);
}

void ledger_free(ledger *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->count; i++)
        record_free(l->records[i]);
    for (size_t i = 0; l->lookup_only && i < l->index_capacity; i++)
        for (ledger_record *r = l->slots[i], *next; r; r = next) {
            next = r->same_handle;
            record_free(r);
        }
    free(l->spare);
    free(l->records);
    free(l->keys);
    free(l->slots);
    free(l);
}

static size_t hash_handle(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return (size_t)h;
}

/* Position in the index for handle (its slot, or the empty slot it would take). */
static size_t index_probe(const ledger *l, uint64_t handle)
{
    size_t mask = l->index_capacity - 1;
    size_t i = hash_handle(handle) & mask;
    while (l->slots[i] && l->keys[i] != handle)
        i = (i + 1) & mask;
    return i;
}

static int index_grow(ledger *l)
{
    size_t old_cap = l->index_capacity;
    uint64_t *old_keys = l->keys;
    ledger_record **old_slots = l->slots;
    size_t cap = old_cap ? old_cap * 2 : 64;
    l->keys = calloc(cap, sizeof(uint64_t));
    l->slots = calloc(cap, sizeof(*l->slots));
    if (!l->keys || !l->slots) {
        free(l->keys);
        free(l->slots);
        l->keys = old_keys;
        l->slots = old_slots;
        return -1;
    }
    l->index_capacity = cap;
    for (size_t i = 0; i < old_cap; i++) {
        if (!old_slots[i])
            continue;
        size_t j = index_probe(l, old_keys[i]);
        l->keys[j] = old_keys[i];
        l->slots[j] = old_slots[i];
    }
    free(old_keys);
    free(old_slots);
    return 0;
}

static ledger_record *index_lookup(const ledger *l, uint64_t handle)
{
    if (!l->index_capacity)
        return NULL;
    return l->slots[index_probe(l, handle)];
}

static const char *text_or_empty(const char *s)
{
    return s ? s : "";
}

ledger_record *ledger_record_alloc(ledger *l, const resource_kind *kind, uint64_t handle,
                                   const event *ev)
{
    if ((l->index_used + 1) * 2 > l->index_capacity && index_grow(l) != 0)
        return NULL;
    if (!l->lookup_only && l->count == l->capacity) {
        size_t cap = l->capacity ? l->capacity * 2 : 64;
        ledger_record **records = realloc(l->records, cap * sizeof(*records));
        if (!records)
            return NULL;
        l->records = records;
        l->capacity = cap;
    }
    size_t nframes = ev ? ev->bt.count : 0, nargs = ev ? ev->nargs : 0;
    ledger_record *r;
    if (l->spare && !ev) {   /* the one a pair's free left behind: no malloc a pair */
        r = l->spare;
        l->spare = NULL;
        memset(r, 0, sizeof(*r));
    } else {
        r = calloc(1, sizeof(*r) + nframes * sizeof(frame) + nargs * sizeof(event_arg));
    }
    if (!r)
        return NULL;
    r->id = ++l->next_id;
    r->kind = kind;
    r->handle = handle;
    r->adapter = ev ? ev->adapter : -1;
    /* Without an event (the host's ledger, which only answers "is it
     * held"), the record keeps no text: nothing to copy per allocation. */
    if (ev) {
        r->alloc_ddi = text_or_empty(ev->name);
        r->callback = text_or_empty(ev->callback);
        r->state = text_or_empty(ev->state);
        r->event_index = ev->index;
        if (nframes) {   /* the text is shared (event.h), the array copied */
            r->bt.frames = inline_frames(r);
            memcpy(r->bt.frames, ev->bt.frames, nframes * sizeof(frame));
            r->bt.count = nframes;
        }
        /* the call itself, which the judge may drop once it is judged */
        r->alloc_event = *ev;
        r->alloc_event.arrays = NULL;
        r->alloc_event.stack = NULL;
        r->alloc_event.stack_depth = 0;
        r->alloc_event.bt = r->bt;
        r->alloc_event.args = nargs ? memcpy(inline_frames(r) + nframes, ev->args, nargs * sizeof(event_arg)) : NULL;
    }
    r->open = 1;

    /* A new allocation at a handle still held by a resource of the same kind
     * means the old one is gone unseen (the handle was reused): it cannot be
     * released any more. One of another kind stays held: storage the driver
     * supplies may lie inside a block it allocated. */
    /* Earlier records of this kind leave the chain: the new one shadows
     * them for every lookup (a release picks the latest record its DDI
     * releases, and the kind fixes that), and a chain that kept them would
     * grow with every reuse of an address. */
    ledger_record **link = &r->same_handle;
    *link = index_lookup(l, handle);
    while (*link) {
        ledger_record *p = *link;
        if (p->kind == kind) {
            p->open = 0;
            *link = p->same_handle;
            p->same_handle = NULL;
            p->shadowed = 1;
            if (l->lookup_only && !l->spare && p->bt.count == 0)
                l->spare = p;     /* out of every lookup's reach: kept for the next record */
            else if (l->lookup_only)
                record_free(p);
        } else {
            link = &p->same_handle;
        }
    }
    if (!l->lookup_only)
        l->records[l->count++] = r;
    size_t i = index_probe(l, handle);
    if (!l->slots[i])
        l->index_used++;
    l->keys[i] = handle;
    l->slots[i] = r;
    return r;
}

static int frees(const ledger_record *r, const char *free_ddi)
{
    for (size_t i = 0; r->kind && i < r->kind->nfree; i++)
        if (strcmp(r->kind->free_ddis[i], free_ddi) == 0)
            return 1;
    return 0;
}

/* The record a release of handle by free_ddi is for: the latest open one
 * this DDI releases; else the latest this DDI released already (a double
 * release); else the latest open one (a wrong reciprocal); else the latest. */
static ledger_record *released_record(ledger *l, const char *free_ddi, uint64_t handle)
{
    ledger_record *latest = index_lookup(l, handle), *open = NULL, *closed_match = NULL;
    for (ledger_record *r = latest; r; r = r->same_handle) {
        if (r->open && frees(r, free_ddi))
            return r;
        if (r->open && !open)
            open = r;
        if (!r->open && !closed_match && frees(r, free_ddi))
            closed_match = r;
    }
    return closed_match ? closed_match : open ? open : latest;
}

ledger_free_outcome ledger_record_free(ledger *l, const char *free_ddi, uint64_t handle,
                                       const event *ev, ledger_record **rec)
{
    ledger_record *r = released_record(l, free_ddi, handle);
    if (rec)
        *rec = r;
    if (!r)
        return LEDGER_FREE_UNKNOWN;
    if (!r->open)
        return LEDGER_FREE_DOUBLE;
    r->open = 0;
    r->free_ddi = ev ? text_or_empty(free_ddi) : NULL;
    r->free_event_index = ev ? ev->index : 0;
    return frees(r, free_ddi) || !r->kind ? LEDGER_FREE_OK : LEDGER_FREE_WRONG_RECIPROCAL;
}

ledger_record *ledger_find_open(ledger *l, uint64_t handle)
{
    for (ledger_record *r = index_lookup(l, handle); r; r = r->same_handle)
        if (r->open)
            return r;
    return NULL;
}

ledger_record *ledger_find_latest(ledger *l, uint64_t handle)
{
    return index_lookup(l, handle);
}

int ledger_forgettable(const ledger_record *r)
{
    return !r->open && r->shadowed;
}

size_t ledger_forget_unreachable(ledger *l)
{
    size_t kept = 0, freed = 0;
    for (size_t i = 0; i < l->count; i++) {
        ledger_record *r = l->records[i];
        if (ledger_forgettable(r)) {
            record_free(r);
            freed++;
        } else {
            l->records[kept++] = r;
        }
    }
    l->count = kept;
    return freed;
}

size_t ledger_count(const ledger *l)
{
    return l->count;
}

ledger_record *ledger_at(ledger *l, size_t i)
{
    return i < l->count ? l->records[i] : NULL;
}

size_t ledger_open_count(const ledger *l, int adapter)
{
    size_t n = 0;
    for (size_t i = 0; l->lookup_only && i < l->index_capacity; i++)
        for (const ledger_record *r = l->slots[i]; r; r = r->same_handle)
            if (r->open && (adapter < 0 || r->adapter == adapter))
                n++;
    for (size_t i = 0; i < l->count; i++)
        if (l->records[i]->open && (adapter < 0 || l->records[i]->adapter == adapter))
            n++;
    return n;
}
