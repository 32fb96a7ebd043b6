/* Which rules listen for which event name: built once per rule set (when
 * it is loaded), read for every event of every scenario. */
#ifndef MPC_LISTENERS_H
#define MPC_LISTENERS_H

#include <stddef.h>

typedef struct ruleset ruleset;

typedef struct {
    const char *name;      /* NULL: a free slot */
    size_t *rules;         /* in rule order, each once */
    size_t n;
} listener_slot;

typedef struct listeners {
    listener_slot *slots;
    size_t cap;
    size_t *wild;          /* rules with a name-less matcher, or a deadline */
    size_t nwild;
} listeners;

/* NULL when memory runs out. */
listeners *listeners_build(const ruleset *rs);
/* The rules listening for name (NULL when none); wildcards are apart. */
const listener_slot *listeners_for(const listeners *ls, const char *name);
void listeners_free(listeners *ls);

#endif
