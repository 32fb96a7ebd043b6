/* The host's string table: each distinct string is sent once, as a
 * definition, then named by its number. Open addressing over XXH3
 * (libxxhash), and in front of it a small cache keyed by the string's
 * address: most strings an event carries are the same few literals and
 * module paths at the same addresses, event after event. */
#include "wire_internal.h"

#include <link.h>
#include <stdlib.h>
#include <xxhash.h>

struct wire_intern_slot {
    uint64_t hash;
    uint32_t id;                 /* 0: empty */
    uint32_t len;
    char *text;
};

int wire_intern_init(wire_intern *t)
{
    wire_intern_is_fixed("", 0);   /* the ranges, read here and not on a signal path */
    memset(t, 0, sizeof *t);
    t->cap = 1024;
    t->next_id = 1;
    t->slots = calloc(t->cap, sizeof(*t->slots));
    return t->slots ? 0 : -1;
}

void wire_intern_free(wire_intern *t)
{
    for (size_t i = 0; t->slots && i < t->cap; i++)
        free(t->slots[i].text);
    free(t->slots);
    memset(t, 0, sizeof *t);
}


static size_t probe(const wire_intern *t, const char *s, size_t len, uint64_t hash)
{
    size_t i = (size_t)hash & (t->cap - 1);
    while (t->slots[i].id &&
           !(t->slots[i].hash == hash && t->slots[i].len == len && memcmp(t->slots[i].text, s, len) == 0))
        i = (i + 1) & (t->cap - 1);
    return i;
}

/* The program's own read-only segments (code, literals, relocated
 * constants): a string there cannot change, so a hit by its address needs
 * no comparison. Most strings an event carries are such literals: DDI,
 * callback and state names, argument keys. Only the main program: a shared
 * object can be unloaded and another mapped at its address. */
#define FIXED_RANGES 8
static struct { uintptr_t lo, hi; } fixed_ranges[FIXED_RANGES];
static size_t nfixed_ranges;
static int fixed_ranges_read;

static int note_main_program(struct dl_phdr_info *info, size_t size, void *ctx)
{
    (void)size;
    (void)ctx;
    for (size_t i = 0; i < info->dlpi_phnum && nfixed_ranges < FIXED_RANGES; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        int readonly = (ph->p_type == PT_LOAD && !(ph->p_flags & PF_W)) || ph->p_type == PT_GNU_RELRO;
        if (readonly && ph->p_memsz) {
            uintptr_t lo = info->dlpi_addr + ph->p_vaddr;
            fixed_ranges[nfixed_ranges].lo = lo;
            fixed_ranges[nfixed_ranges++].hi = lo + ph->p_memsz;
        }
    }
    return 1;   /* the first object listed is the program */
}

/* Strings outside that image that stay as they are for the life of the
 * process all the same (wire_intern_pin): a few, compared by address. */
#define PINNED_MAX 32
static const char *pinned[PINNED_MAX];
static size_t npinned;

void wire_intern_pin(const char *s)
{
    if (s && npinned < PINNED_MAX)
        pinned[npinned++] = s;
}

int wire_intern_is_fixed(const char *s, size_t len)
{
    for (size_t i = 0; i < npinned; i++)
        if (pinned[i] == s)
            return 1;
    if (!fixed_ranges_read) {
        dl_iterate_phdr(note_main_program, NULL);
        fixed_ranges_read = 1;
    }
    uintptr_t lo = (uintptr_t)s, hi = lo + len + 1;
    for (size_t i = 0; i < nfixed_ranges; i++)
        if (lo >= fixed_ranges[i].lo && hi <= fixed_ranges[i].hi && hi > lo)
            return 1;
    return 0;
}

uint32_t wire_intern_lookup(wire_intern *t, const char *s, size_t *len, uint64_t *hash)
{
    /* The address alone proves nothing (a buffer reused for another
     * string): the text is compared, up to and with its terminator. */
    wire_intern_recent *r = &t->recent[wire_intern_recent_slot(s)];
    if (r->ptr == s && (r->fixed || strncmp(r->text, s, (size_t)r->len + 1) == 0)) {
        *len = r->len;
        return r->id;
    }
    *len = wire_string_len(s);
    if (!t->slots || *len > WIRE_INTERN_MAX_LEN)
        return 0;
    *hash = XXH3_64bits(s, *len);
    const struct wire_intern_slot *slot = &t->slots[probe(t, s, *len, *hash)];
    if (slot->id)
        *r = (wire_intern_recent){ s, slot->text, slot->id, slot->len, wire_intern_is_fixed(s, *len) };
    return slot->id;
}

int wire_is_literal(const char *s)
{
    return s && wire_intern_is_fixed(s, strlen(s));
}

static int grow(wire_intern *t)
{
    struct wire_intern_slot *old = t->slots;
    size_t old_cap = t->cap;
    t->slots = calloc(old_cap * 2, sizeof(*t->slots));
    if (!t->slots) {
        t->slots = old;
        return -1;
    }
    t->cap = old_cap * 2;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].id)
            t->slots[probe(t, old[i].text, old[i].len, old[i].hash)] = old[i];
    free(old);
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
    t->recent[wire_intern_recent_slot(s)] = (wire_intern_recent){ s, text, t->next_id, (uint32_t)len, wire_intern_is_fixed(s, len) };
    return t->next_id++;
}
