/* libFuzzer target: any bytes as a YAML document (input/yamldoc.c), then the
 * typed accessors every loader uses on each node of the tree. */
#include <stdint.h>
#include <stdlib.h>

#include "input/yamldoc.h"

static const char *const some_keys[] = { "name", "steps", "rules", "id", NULL };

static void walk(const ynode *n, yerror *err)
{
    int64_t num;
    int flag;
    if (n->type == YNODE_SCALAR) {
        ynode_int(n, &num, err);
        ynode_bool(n, &flag, err);
        return;
    }
    if (n->type == YNODE_MAP) {
        ymap_check_keys(n, some_keys, err);
        ymap_get(n, "name");
    }
    for (size_t i = 0; i < n->count; i++) {
        if (n->keys && n->keys[i])
            walk(n->keys[i], err);
        walk(n->values[i], err);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ydoc doc;
    yerror err;
    if (ydoc_load_string("fuzz.yaml", (const char *)data, size, &doc, &err) != 0)
        return 0;
    if (doc.root)
        walk(doc.root, &err);
    ydoc_free(&doc);
    return 0;
}
