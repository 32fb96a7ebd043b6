/* See atom.h. Text lives in large blocks (no allocation per string); an
 * open-addressing set over XXH3 (libxxhash) finds the copy. In front of
 * it, a small direct-mapped cache of recent atoms: a trace repeats the
 * same few hundred strings (scenario, kind, name, callback, state, module)
 * on every line, and a cached one is found by comparing it, not hashing. */
#include "atom.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define BLOCK_BYTES ((size_t)64 << 10)

typedef struct text_block {
    struct text_block *next;
    size_t used, size;
    char text[];
} text_block;

typedef struct {
    uint64_t hash;
    const char *text;   /* NULL: free slot */
    size_t len;
} atom_slot;

/* Cache slots: picked by the length and three bytes of the text, so the
 * choice costs a few instructions; a hit is confirmed on the whole text. */
#define CACHE_SLOTS 1024

typedef struct {
    const char *text;   /* an atom; NULL: empty */
    size_t len;
} cache_slot;

static struct {
    atom_slot *slots;
    size_t cap, count;
    text_block *blocks;
    cache_slot cache[CACHE_SLOTS];
} A;

static cache_slot *cache_for(const char *s, size_t len)
{
    uint32_t h = (uint32_t)len * 0x9E3779B1u;
    if (len)
        h ^= (uint32_t)(unsigned char)s[0] * 0x85EBCA77u ^ (uint32_t)(unsigned char)s[len - 1] * 0xC2B2AE3Du ^
             (uint32_t)(unsigned char)s[len / 2] * 0x27D4EB2Fu;
    return &A.cache[(h ^ h >> 15) & (CACHE_SLOTS - 1)];
}

static size_t probe(const char *s, size_t len, uint64_t hash)
{
    size_t i = (size_t)hash & (A.cap - 1);
    while (A.slots[i].text &&
           !(A.slots[i].hash == hash && A.slots[i].len == len && memcmp(A.slots[i].text, s, len) == 0))
        i = (i + 1) & (A.cap - 1);
    return i;
}

static int grow(void)
{
    atom_slot *old = A.slots;
    size_t old_cap = A.cap, cap = old_cap ? old_cap * 2 : 1024;
    atom_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    A.slots = slots;
    A.cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].text)
            A.slots[probe(old[i].text, old[i].len, old[i].hash)] = old[i];
    free(old);
    return 0;
}

/* Room for n bytes of text, from the newest block or a new one. */
static char *text_room(size_t n)
{
    text_block *b = A.blocks;
    if (!b || b->size - b->used < n) {
        size_t size = n > BLOCK_BYTES ? n : BLOCK_BYTES;
        b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->next = A.blocks;
        b->used = 0;
        b->size = size;
        A.blocks = b;
    }
    char *p = b->text + b->used;
    b->used += n;
    return p;
}

const char *atom_n(const char *s, size_t len)
{
    if (!s)
        return NULL;
    return atom_text(s, strnlen(s, len));
}

const char *atom_text(const char *s, size_t len)
{
    cache_slot *c = cache_for(s, len);
    if (c->text && c->len == len && atom_same_text(c->text, s, len))
        return c->text;
    if ((A.count + 1) * 2 > A.cap && grow() != 0)
        return NULL;
    uint64_t hash = XXH3_64bits(s, len);
    size_t i = probe(s, len, hash);
    if (!A.slots[i].text) {
        char *copy = text_room(len + 1);
        if (!copy)
            return NULL;
        memcpy(copy, s, len);
        copy[len] = '\0';
        A.slots[i] = (atom_slot){ hash, copy, len };
        A.count++;
    }
    *c = (cache_slot){ A.slots[i].text, len };
    return A.slots[i].text;
}

const char *atom(const char *s)
{
    return s ? atom_text(s, strlen(s)) : NULL;
}

int atom_owns(const char *s)
{
    for (const text_block *b = A.blocks; b; b = b->next)
        if (s >= b->text && s < b->text + b->used)
            return 1;
    return 0;
}
