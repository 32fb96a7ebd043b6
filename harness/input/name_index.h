/* Name -> number, one hash lookup instead of a scan of every name: the
 * scenarios of a trace.jsonl whose every line names its own (O(events x
 * scenarios) before), the tables' DDI and callback names, the coverage
 * plan's event names, findings already reported. Open addressing over XXH3
 * (libxxhash), grown at half full. Why not hsearch_r: its table cannot
 * grow, and how many names come is not known in advance; why not GLib's
 * GHashTable: a new dependency for sixty lines. */
#ifndef MPC_NAME_INDEX_H
#define MPC_NAME_INDEX_H

#include <stddef.h>

typedef struct {
    char **keys;       /* owned copies; NULL: free slot */
    size_t *values;
    size_t cap;        /* a power of two, or 0 */
    size_t count;
} name_index;

/* 1 and *value when key is in, else 0. */
int name_index_get(const name_index *ix, const char *key, size_t *value);
/* Adds key (copied) -> value; key must not be in yet. 0, or -1 out of memory. */
int name_index_put(name_index *ix, const char *key, size_t value);
void name_index_free(name_index *ix);

#endif
