/* The registry of handles the emulated NDIS gave out: a hash set keyed by
 * pointer, so that DDIs can refuse a handle they never issued (or already
 * took back) without dereferencing it. */
#include <stdlib.h>
#include "ndis_internal.h"

#define BUCKETS 4096u

/* Handles are kept disguised: a plain pointer here would keep a block the
 * miniport leaked "still reachable" for valgrind, hiding the leak that
 * `make memcheck` must show at the miniport's line. */
#define DISGUISE(h) ((uintptr_t)(h) ^ (uintptr_t)0xA5A5A5A5A5A5A5A5ull)

typedef struct entry {
    uintptr_t handle;       /* DISGUISE(pointer) */
    ndis_res_kind kind;
    struct entry *next;
} entry;

static entry *table[BUCKETS];
/* Entries of removed handles, for the next ones: a block allocated and
 * freed per pair would cost a malloc and a free each time. */
static entry *spare;

static size_t bucket_of(const void *h)
{
    uint64_t x = (uint64_t)(uintptr_t)h;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (size_t)(x % BUCKETS);
}

static entry *find(const void *h)
{
    for (entry *e = table[bucket_of(h)]; e; e = e->next)
        if (e->handle == DISGUISE(h))
            return e;
    return NULL;
}

int ndis_handle_add(const void *handle, ndis_res_kind kind)
{
    entry *e = find(handle);
    if (e) {
        e->kind = kind;
        return 0;
    }
    if (spare) {
        e = spare;
        spare = e->next;
    } else if (!(e = malloc(sizeof *e))) {
        return -1;
    }
    size_t b = bucket_of(handle);
    e->handle = DISGUISE(handle);
    e->kind = kind;
    e->next = table[b];
    table[b] = e;
    return 0;
}

int ndis_handle_is(const void *handle, ndis_res_kind kind)
{
    if (!handle)
        return 0;
    const entry *e = find(handle);
    return e && e->kind == kind;
}

void ndis_handle_remove(const void *handle)
{
    entry **p = &table[bucket_of(handle)];
    while (*p) {
        if ((*p)->handle == DISGUISE(handle)) {
            entry *dead = *p;
            *p = dead->next;
            dead->next = spare;
            spare = dead;
            return;
        }
        p = &(*p)->next;
    }
}

void ndis_string_to_ascii(const NDIS_STRING *s, char *buf, size_t size)
{
    size_t n = 0;
    if (size == 0)
        return;
    if (s && s->Buffer) {
        size_t chars = s->Length / sizeof(WCHAR);
        for (size_t i = 0; i < chars && n + 1 < size; i++) {
            WCHAR c = s->Buffer[i];
            buf[n++] = (c > 0 && c < 0x80) ? (char)c : '?';
        }
    }
    buf[n] = '\0';
}
