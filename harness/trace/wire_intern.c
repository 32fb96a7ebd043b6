/* The host's string table: each distinct string is sent once, as a
 * definition, then named by its number. Open addressing, FNV-1a. */
#include "wire_internal.h"

#include <stdlib.h>

struct wire_intern_slot {
    uint64_t hash;
    uint32_t id;                 /* 0: empty */
    uint32_t len;
    char *text;
};

int wire_intern_init(wire_intern *t)
{
    t->cap = 1024;
    t->count = 0;
    t->next_id = 1;
    t->slots = calloc(t->cap, sizeof(*t->slots));
    return t->slots ? 0 : -1;
}

void wire_intern_free(wire_intern *t)
{
    for (size_t i = 0; t->slots && i < t->cap; i++)
        free(t->slots[i].text);
    free(t->slots);
    t->slots = NULL;
    t->cap = t->count = 0;
}

uint64_t wire_intern_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static size_t probe(const wire_intern *t, const char *s, size_t len, uint64_t hash)
{
    size_t i = (size_t)hash & (t->cap - 1);
    while (t->slots[i].id &&
           !(t->slots[i].hash == hash && t->slots[i].len == len && memcmp(t->slots[i].text, s, len) == 0))
        i = (i + 1) & (t->cap - 1);
    return i;
}

uint32_t wire_intern_find(const wire_intern *t, const char *s, size_t len, uint64_t hash)
{
    if (!t || !t->slots || len > WIRE_INTERN_MAX_LEN)
        return 0;
    return t->slots[probe(t, s, len, hash)].id;
}

static int grow(wire_intern *t)
{
    wire_intern bigger = { calloc(t->cap * 2, sizeof(*t->slots)), t->cap * 2, t->count, t->next_id };
    if (!bigger.slots)
        return -1;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].id)
            bigger.slots[probe(&bigger, t->slots[i].text, t->slots[i].len, t->slots[i].hash)] = t->slots[i];
    free(t->slots);
    *t = bigger;
    return 0;
}

uint32_t wire_intern_add(wire_intern *t, const char *s, size_t len, uint64_t hash)
{
    if (!t->slots || len > WIRE_INTERN_MAX_LEN || t->count >= WIRE_INTERN_MAX_COUNT)
        return 0;
    if ((t->count + 1) * 2 > t->cap && grow(t) != 0)
        return 0;
    char *text = malloc(len + 1);
    if (!text)
        return 0;
    memcpy(text, s, len);
    text[len] = '\0';
    size_t i = probe(t, s, len, hash);
    t->slots[i] = (struct wire_intern_slot){ hash, t->next_id, (uint32_t)len, text };
    t->count++;
    return t->next_id++;
}
