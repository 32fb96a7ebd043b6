/* The resource ledger: records in allocation order plus an open-addressing
 * index from handle to the latest record with that handle. */
#include "ledger.h"

#include <stdlib.h>
#include <string.h>

struct ledger {
    ledger_record **records;
    size_t count, capacity;
    /* index: handle -> position+1 in records of the latest record for it */
    uint64_t *keys;
    size_t *slots;
    size_t index_capacity;   /* power of two */
    size_t index_used;
};

ledger *ledger_new(void)
{
    return calloc(1, sizeof(ledger));
}

static void record_free(ledger_record *r)
{
    free(r->alloc_ddi);
    free(r->callback);
    free(r->state);
    free(r->free_ddi);
    backtrace_free(&r->bt);
    free(r);
}

void ledger_free(ledger *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->count; i++)
        record_free(l->records[i]);
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
    size_t *old_slots = l->slots;
    size_t cap = old_cap ? old_cap * 2 : 64;
    l->keys = calloc(cap, sizeof(uint64_t));
    l->slots = calloc(cap, sizeof(size_t));
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
    size_t i = index_probe(l, handle);
    return l->slots[i] ? l->records[l->slots[i] - 1] : NULL;
}

static char *dup_text(const char *s)
{
    return strdup(s ? s : "");
}

ledger_record *ledger_record_alloc(ledger *l, const resource_kind *kind, uint64_t handle,
                                   const event *ev)
{
    if ((l->index_used + 1) * 2 > l->index_capacity && index_grow(l) != 0)
        return NULL;
    if (l->count == l->capacity) {
        size_t cap = l->capacity ? l->capacity * 2 : 64;
        ledger_record **records = realloc(l->records, cap * sizeof(*records));
        if (!records)
            return NULL;
        l->records = records;
        l->capacity = cap;
    }
    ledger_record *r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    r->id = l->count + 1;
    r->kind = kind;
    r->handle = handle;
    r->adapter = ev ? ev->adapter : -1;
    /* Without an event (the host's ledger, which only answers "is it
     * held"), the record keeps no text: nothing to copy per allocation. */
    if (ev) {
        r->alloc_ddi = dup_text(ev->name);
        r->callback = dup_text(ev->callback);
        r->state = dup_text(ev->state);
        r->event_index = ev->index;
        backtrace_copy(&r->bt, &ev->bt);
    }
    r->open = 1;

    ledger_record *previous = index_lookup(l, handle);
    if (previous)
        previous->open = 0;  /* handle reused: the old record cannot be released any more */
    l->records[l->count++] = r;
    size_t i = index_probe(l, handle);
    if (!l->slots[i])
        l->index_used++;
    l->keys[i] = handle;
    l->slots[i] = l->count;
    return r;
}

ledger_free_outcome ledger_record_free(ledger *l, const char *free_ddi, uint64_t handle,
                                       const event *ev, ledger_record **rec)
{
    ledger_record *r = index_lookup(l, handle);
    if (rec)
        *rec = r;
    if (!r)
        return LEDGER_FREE_UNKNOWN;
    if (!r->open)
        return LEDGER_FREE_DOUBLE;
    r->open = 0;
    r->free_ddi = ev ? dup_text(free_ddi) : NULL;
    r->free_event_index = ev ? ev->index : 0;
    for (size_t i = 0; r->kind && i < r->kind->nfree; i++)
        if (strcmp(r->kind->free_ddis[i], free_ddi) == 0)
            return LEDGER_FREE_OK;
    return r->kind ? LEDGER_FREE_WRONG_RECIPROCAL : LEDGER_FREE_OK;
}

ledger_record *ledger_find_open(ledger *l, uint64_t handle)
{
    ledger_record *r = index_lookup(l, handle);
    return (r && r->open) ? r : NULL;
}

ledger_record *ledger_find_latest(ledger *l, uint64_t handle)
{
    return index_lookup(l, handle);
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
    for (size_t i = 0; i < l->count; i++)
        if (l->records[i]->open && (adapter < 0 || l->records[i]->adapter == adapter))
            n++;
    return n;
}
