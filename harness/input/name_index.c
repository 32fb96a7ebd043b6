/* See name_index.h. */
#include "name_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* The slot of key, or the free slot where it would go. */
static size_t slot_of(const name_index *ix, const char *key)
{
    size_t i = (size_t)XXH3_64bits(key, strlen(key)) & (ix->cap - 1);
    while (ix->keys[i] && strcmp(ix->keys[i], key) != 0)
        i = (i + 1) & (ix->cap - 1);
    return i;
}

int name_index_get(const name_index *ix, const char *key, size_t *value)
{
    if (!ix->cap)
        return 0;
    size_t i = slot_of(ix, key);
    if (!ix->keys[i])
        return 0;
    *value = ix->values[i];
    return 1;
}

static int grow(name_index *ix)
{
    name_index bigger = { .cap = ix->cap ? ix->cap * 2 : 64 };
    bigger.keys = calloc(bigger.cap, sizeof *bigger.keys);
    bigger.values = calloc(bigger.cap, sizeof *bigger.values);
    if (!bigger.keys || !bigger.values) {
        free(bigger.keys);
        free(bigger.values);
        return -1;
    }
    for (size_t i = 0; i < ix->cap; i++) {
        if (!ix->keys[i])
            continue;
        size_t j = slot_of(&bigger, ix->keys[i]);
        bigger.keys[j] = ix->keys[i];
        bigger.values[j] = ix->values[i];
    }
    bigger.count = ix->count;
    free(ix->keys);
    free(ix->values);
    *ix = bigger;
    return 0;
}

int name_index_put(name_index *ix, const char *key, size_t value)
{
    if ((ix->count + 1) * 2 > ix->cap && grow(ix) != 0)
        return -1;
    size_t i = slot_of(ix, key);
    char *copy = strdup(key);
    if (!copy)
        return -1;
    ix->keys[i] = copy;
    ix->values[i] = value;
    ix->count++;
    return 0;
}

void name_index_free(name_index *ix)
{
    for (size_t i = 0; i < ix->cap; i++)
        free(ix->keys[i]);
    free(ix->keys);
    free(ix->values);
    memset(ix, 0, sizeof *ix);
}
