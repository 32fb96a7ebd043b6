/* A YAML file read with libyaml into a small tree whose every node knows its
 * file, line and column, so schema errors can say exactly where they are.
 * Hostile input is bounded: anchors and aliases are refused (no alias
 * expansion bombs), nesting deeper than YAMLDOC_MAX_DEPTH, scalars longer
 * than YAMLDOC_MAX_SCALAR, files larger than YAMLDOC_MAX_FILE and more than
 * YAMLDOC_MAX_NODES nodes are errors. */
#ifndef MPC_YAMLDOC_H
#define MPC_YAMLDOC_H

#include <stddef.h>
#include <stdint.h>

#define YAMLDOC_MAX_DEPTH  64
#define YAMLDOC_MAX_SCALAR (64 * 1024)
#define YAMLDOC_MAX_FILE   (8 * 1024 * 1024)
#define YAMLDOC_MAX_NODES  200000

typedef enum { YNODE_SCALAR, YNODE_MAP, YNODE_SEQ } ynode_type;

typedef struct ynode ynode;
struct ynode {
    ynode_type type;
    const char *file;     /* shared, owned by the document */
    int line;             /* 1-based */
    int column;           /* 1-based */
    char *scalar;         /* YNODE_SCALAR */
    int quoted;           /* scalar was quoted: never a number or bool */
    /* YNODE_MAP: keys[i] -> values[i]; YNODE_SEQ: values[i] */
    ynode **keys;
    ynode **values;
    size_t count;
};

/* A document's nodes, scalars and child arrays live in its own blocks,
 * freed together by ydoc_free. */
typedef struct ydoc_block ydoc_block;

typedef struct {
    char *file;
    ynode *root;          /* NULL for an empty document */
    ydoc_block *blocks;
} ydoc;

/* Error text: "file:line:column: message". */
typedef struct {
    char text[1024];
} yerror;

/* 0 on success; -1 with err filled. */
int ydoc_load_file(const char *path, ydoc *doc, yerror *err);
int ydoc_load_string(const char *name, const char *text, size_t len, ydoc *doc, yerror *err);
void ydoc_free(ydoc *doc);

/* Formats "file:line:column: " + message into err; returns -1 for chaining. */
int yerr_at(yerror *err, const ynode *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Map lookup by key; NULL when absent or node is not a map. */
const ynode *ymap_get(const ynode *map, const char *key);
const char *ynode_type_name(ynode_type type);

/* Typed accessors: 0 on success, -1 with err naming the node and what was expected. */
int ynode_expect(const ynode *node, ynode_type type, const char *what, yerror *err);
int ynode_int(const ynode *node, int64_t *out, yerror *err);
int ynode_bool(const ynode *node, int *out, yerror *err);
/* Checks every key of map is one of allowed (NULL-terminated); names the first stranger. */
int ymap_check_keys(const ynode *map, const char *const *allowed, yerror *err);

#endif
