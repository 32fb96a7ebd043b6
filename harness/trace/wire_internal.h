/* What the wire's own files share (wire.h is the interface). */
#ifndef MPC_WIRE_INTERNAL_H
#define MPC_WIRE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wire.h"

/* Integer arguments travel disguised: a raw pointer left in the host's
 * batch buffer would keep the miniport's leaked block reachable (or
 * "possibly lost") for valgrind, which then would not call the leak a leak. */
#define WIRE_VALUE_MASK 0x5AA5C33C96696AA5ull

/* Appends to a fixed buffer; overflow is remembered, never written past. */
typedef struct {
    uint8_t *p;
    size_t len, cap;
    int overflow;
} wire_cursor;

static inline void wire_put(wire_cursor *c, const void *src, size_t n)
{
    if (c->overflow || c->cap - c->len < n) {
        c->overflow = 1;
        return;
    }
    memcpy(c->p + c->len, src, n);
    c->len += n;
}

static inline void wire_put_u8(wire_cursor *c, uint8_t v) { wire_put(c, &v, 1); }
static inline void wire_put_u16(wire_cursor *c, uint16_t v) { wire_put(c, &v, 2); }
static inline void wire_put_u32(wire_cursor *c, uint32_t v) { wire_put(c, &v, 4); }
static inline void wire_put_u64(wire_cursor *c, uint64_t v) { wire_put(c, &v, 8); }

/* Strings longer than 256 bytes are sent inline, not interned: they are
 * messages and paths that rarely repeat. */
#define WIRE_INTERN_MAX_LEN 256
#define WIRE_INTERN_MAX_COUNT 65536

int wire_intern_init(wire_intern *t);
void wire_intern_free(wire_intern *t);
/* The id of s, 0 when it has none; *len is its wire length, and *hash its
 * hash when it has no id and can have one (len <= WIRE_INTERN_MAX_LEN). */
uint32_t wire_intern_lookup(wire_intern *t, const char *s, size_t *len, uint64_t *hash);
/* The recent cache's slot for the string at s (by address). */
static inline size_t wire_intern_recent_slot(const char *s)
{
    uintptr_t p = (uintptr_t)s;
    return (size_t)((p ^ (p >> 9)) & (WIRE_INTERN_RECENT - 1));
}

/* The id of s when the recent cache last saw it at this very address and
 * the address lies in the program's read-only image (nothing to compare:
 * those bytes cannot change); 0 otherwise, and wire_intern_lookup decides.
 * Most strings of an event are such literals. */
static inline uint32_t wire_intern_fixed_hit(const wire_intern *t, const char *s)
{
    const wire_intern_recent *r = &t->recent[wire_intern_recent_slot(s)];
    return r->ptr == s && r->fixed ? r->id : 0;
}

/* s (len bytes and its terminator) lies in the program's read-only image,
 * or is a string the host pinned (wire_intern_pin). */
int wire_intern_is_fixed(const char *s, size_t len);
/* A new id for s (not yet present), 0 when the table is full or memory runs out. */
uint32_t wire_intern_add(wire_intern *t, const char *s, size_t len, uint64_t hash);

/* Length of s as the wire carries it (cut at WIRE_MAX_STRING). */
static inline size_t wire_string_len(const char *s)
{
    size_t n = strnlen(s, WIRE_MAX_STRING);
    return n;
}

/* An event record. Its strings, in wire_event_strings' order, go by the
 * ids given (nids of them, NULL for none), inline where an id is 0 or
 * missing. */
void wire_put_event_record(wire_cursor *c, const event *ev, const uint32_t *ids, size_t nids);
/* The most bytes wire_put_event_record_fast writes for ev. */
size_t wire_event_record_bound(const event *ev);
/* The event record of ev into out (room for wire_event_record_bound), with
 * no bounds checks: every string (not NULL) goes by its id, ids in
 * wire_event_string_list's order, none of them 0. Returns its length. The
 * same bytes wire_put_event_record writes with those ids. */
size_t wire_put_event_record_fast(uint8_t *out, const event *ev, const uint32_t *ids);
/* The strings (not NULL) an event record carries, in the order the record
 * carries them, into out (room for max; the rest are left out); returns
 * how many were put there. */
size_t wire_event_string_list(const event *ev, const char **out, size_t max);

#endif
