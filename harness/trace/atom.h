/* Interned strings that live as long as the process: every string an
 * event, a frame or a resource record holds (trace/event.h) is one, or a
 * literal. Equal strings share one copy, so the judge keeps each distinct
 * name, key, state and module path once however many events carry it, and
 * copying an event's backtrace copies pointers, not text. Not thread-safe:
 * the judge and the tools that read traces are single-threaded, and the
 * host's events borrow its own immortal strings instead. */
#ifndef MPC_ATOM_H
#define MPC_ATOM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The interned copy of s (NULL for NULL); NULL when memory runs out. */
const char *atom(const char *s);
/* The same for the len bytes at s (a NUL among them ends the string). */
const char *atom_n(const char *s, size_t len);
/* The same for len bytes known to hold no NUL (a reader that checked
 * them): nothing looks for one. */
const char *atom_text(const char *s, size_t len);

/* s lies in the atoms' memory (an atom, or a pointer into one's text),
 * not in a literal or another copy of the text: its text stays as it is
 * for the life of the process, so what a caller worked out from it can be
 * remembered by its address. A walk of the text blocks. */
int atom_owns(const char *s);

/* The slot among nslots (a power of two) of a table that remembers
 * something about a string by its address: an event's strings are atoms
 * or literals, so while the events live one address is one text. The low
 * bits are the allocator's alignment, hence the shifts. */
static inline size_t atom_memo_slot(const char *s, size_t nslots)
{
    uintptr_t p = (uintptr_t)s;
    return (size_t)(p >> 3 ^ p >> 11) & (nslots - 1);
}

/* memcmp(a, b, len) == 0 for the short texts atoms are, without a call:
 * whole words, the last one overlapping the one before. */
static inline uint64_t atom_word64(const char *p) { uint64_t w; memcpy(&w, p, 8); return w; }
static inline uint32_t atom_word32(const char *p) { uint32_t w; memcpy(&w, p, 4); return w; }
static inline uint16_t atom_word16(const char *p) { uint16_t w; memcpy(&w, p, 2); return w; }

static inline int atom_same_text(const char *a, const char *b, size_t len)
{
    if (len >= 8) {
        for (size_t i = 0; i + 8 < len; i += 8)
            if (atom_word64(a + i) != atom_word64(b + i))
                return 0;
        return atom_word64(a + len - 8) == atom_word64(b + len - 8);
    }
    if (len >= 4)
        return atom_word32(a) == atom_word32(b) && atom_word32(a + len - 4) == atom_word32(b + len - 4);
    if (len >= 2)
        return atom_word16(a) == atom_word16(b) && atom_word16(a + len - 2) == atom_word16(b + len - 2);
    return len == 0 || a[0] == b[0];
}

#endif
