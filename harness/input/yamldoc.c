/* YAML files into a position-carrying node tree, built from libyaml's event
 * stream.  Every limit in yamldoc.h is checked here, before any node is
 * allocated past it, so hostile input costs bounded memory. */
#include "yamldoc.h"
#include "input_file.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

int yerr_at(yerror *err, const ynode *node, const char *fmt, ...)
{
    va_list ap;
    int n = 0;
    if (!err)
        return -1;
    if (node)
        n = snprintf(err->text, sizeof err->text, "%s:%d:%d: ", node->file ? node->file : "?",
                     node->line, node->column);
    if (n < 0 || (size_t)n >= sizeof err->text)
        return -1;
    va_start(ap, fmt);
    vsnprintf(err->text + n, sizeof err->text - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

static int yerr_pos(yerror *err, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int yerr_pos(yerror *err, const char *file, int line, int col, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(err->text, sizeof err->text, "%s:%d:%d: ", file, line, col);
    if (n < 0 || (size_t)n >= sizeof err->text)
        return -1;
    va_start(ap, fmt);
    vsnprintf(err->text + n, sizeof err->text - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

/* The document's memory: blocks carved front to back, never a free per
 * node (a rules file is thousands of small nodes and scalars, and
 * allocating and freeing each was a third of loading the rules beside
 * libyaml's own parse). */
struct ydoc_block {
    ydoc_block *next;
    size_t used, size;
    max_align_t data[];
};

#define YDOC_BLOCK_BYTES ((size_t)16 << 10)

/* n zeroed bytes of the document's memory, aligned for any node; NULL
 * when memory runs out. */
static void *doc_alloc(ydoc *doc, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    ydoc_block *b = doc->blocks;
    if (!b || b->size - b->used < n) {
        size_t size = n > YDOC_BLOCK_BYTES ? n : YDOC_BLOCK_BYTES;
        b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->next = doc->blocks;
        b->used = 0;
        b->size = size;
        doc->blocks = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

void ydoc_free(ydoc *doc)
{
    if (!doc)
        return;
    while (doc->blocks) {
        ydoc_block *next = doc->blocks->next;
        free(doc->blocks);
        doc->blocks = next;
    }
    free(doc->file);
    doc->root = NULL;
    doc->file = NULL;
}

/* The builder: a stack of open collections and, for maps, a pending key. */
typedef struct {
    ynode *node;
    ynode *pending_key;   /* maps: key read, value not yet */
    size_t cap;
} frame_t;

typedef struct {
    ydoc *doc;            /* whose memory the nodes take */
    const char *file;
    frame_t stack[YAMLDOC_MAX_DEPTH + 1];
    int depth;
    size_t nodes;
    ynode *root;
    int documents;
    yerror *err;
} builder;

static ynode *node_new(builder *b, ynode_type type, const yaml_mark_t *mark)
{
    if (++b->nodes > YAMLDOC_MAX_NODES) {
        yerr_pos(b->err, b->file, (int)mark->line + 1, (int)mark->column + 1,
                 "more than %d nodes", YAMLDOC_MAX_NODES);
        return NULL;
    }
    ynode *n = doc_alloc(b->doc, sizeof *n);
    if (!n) {
        yerr_pos(b->err, b->file, (int)mark->line + 1, (int)mark->column + 1, "out of memory");
        return NULL;
    }
    n->type = type;
    n->file = b->file;
    n->line = (int)mark->line + 1;
    n->column = (int)mark->column + 1;
    return n;
}

static int append(builder *b, frame_t *f, ynode *key, ynode *value)
{
    if (f->node->count == f->cap) {
        /* A full array is copied to one twice its size; the old one stays
         * in the document's memory, unused (at most as much again). */
        size_t cap = f->cap ? f->cap * 2 : 4;
        int map = f->node->type == YNODE_MAP;
        ynode **v = doc_alloc(b->doc, cap * sizeof *v), **k = map ? doc_alloc(b->doc, cap * sizeof *k) : NULL;
        if (!v || (map && !k))
            return yerr_at(b->err, value, "out of memory");
        if (f->node->count) {
            memcpy(v, f->node->values, f->node->count * sizeof *v);
            if (map)
                memcpy(k, f->node->keys, f->node->count * sizeof *k);
        }
        f->node->values = v;
        f->node->keys = k;
        f->cap = cap;
    }
    if (f->node->type == YNODE_MAP)
        f->node->keys[f->node->count] = key;
    f->node->values[f->node->count++] = value;
    return 0;
}

/* Hands a finished node to its parent (or makes it the root). */
static int attach(builder *b, ynode *n)
{
    if (b->depth == 0) {
        b->root = n;
        return 0;
    }
    frame_t *f = &b->stack[b->depth - 1];
    if (f->node->type == YNODE_SEQ) {
        return append(b, f, NULL, n);
    }
    if (!f->pending_key) {
        if (n->type != YNODE_SCALAR)
            return yerr_at(b->err, n, "map keys must be scalars");
        for (size_t i = 0; i < f->node->count; i++) {
            if (strcmp(f->node->keys[i]->scalar, n->scalar) == 0) {
                return yerr_at(b->err, n, "duplicate key '%s' (first at line %d, column %d)", n->scalar,
                               f->node->keys[i]->line, f->node->keys[i]->column);
            }
        }
        f->pending_key = n;
        return 0;
    }
    ynode *key = f->pending_key;
    f->pending_key = NULL;
    return append(b, f, key, n);
}

static int open_collection(builder *b, ynode_type type, const yaml_mark_t *mark)
{
    if (b->depth >= YAMLDOC_MAX_DEPTH)
        return yerr_pos(b->err, b->file, (int)mark->line + 1, (int)mark->column + 1,
                        "nesting deeper than %d levels", YAMLDOC_MAX_DEPTH);
    ynode *n = node_new(b, type, mark);
    if (!n)
        return -1;
    b->stack[b->depth].node = n;
    b->stack[b->depth].pending_key = NULL;
    b->stack[b->depth].cap = 0;
    b->depth++;
    return 0;
}

static int close_collection(builder *b)
{
    frame_t *f = &b->stack[--b->depth];
    ynode *n = f->node;
    f->node = NULL;
    f->pending_key = NULL;
    return attach(b, n);
}

static int on_event(builder *b, const yaml_event_t *ev)
{
    const yaml_mark_t *m = &ev->start_mark;
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++b->documents > 1)
            return yerr_pos(b->err, b->file, (int)m->line + 1, (int)m->column + 1,
                            "only one YAML document per file is supported");
        return 0;
    case YAML_ALIAS_EVENT:
        return yerr_pos(b->err, b->file, (int)m->line + 1, (int)m->column + 1,
                        "anchors and aliases are not supported");
    case YAML_SCALAR_EVENT: {
        if (ev->data.scalar.anchor)
            return yerr_pos(b->err, b->file, (int)m->line + 1, (int)m->column + 1,
                            "anchors and aliases are not supported");
        if (ev->data.scalar.length > YAMLDOC_MAX_SCALAR)
            return yerr_pos(b->err, b->file, (int)m->line + 1, (int)m->column + 1,
                            "scalar longer than %d bytes", YAMLDOC_MAX_SCALAR);
        ynode *n = node_new(b, YNODE_SCALAR, m);
        if (!n)
            return -1;
        n->scalar = doc_alloc(b->doc, ev->data.scalar.length + 1);
        if (!n->scalar)
            return yerr_pos(b->err, b->file, (int)m->line + 1, (int)m->column + 1, "out of memory");
        memcpy(n->scalar, ev->data.scalar.value, ev->data.scalar.length);
        n->scalar[ev->data.scalar.length] = '\0';
        n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
        return attach(b, n);
    }
    case YAML_SEQUENCE_START_EVENT:
        if (ev->data.sequence_start.anchor)
            return yerr_pos(b->err, b->file, (int)m->line + 1, (int)m->column + 1,
                            "anchors and aliases are not supported");
        return open_collection(b, YNODE_SEQ, m);
    case YAML_MAPPING_START_EVENT:
        if (ev->data.mapping_start.anchor)
            return yerr_pos(b->err, b->file, (int)m->line + 1, (int)m->column + 1,
                            "anchors and aliases are not supported");
        return open_collection(b, YNODE_MAP, m);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return close_collection(b);
    default:
        return 0;
    }
}

int ydoc_load_string(const char *name, const char *text, size_t len, ydoc *doc, yerror *err)
{
    yaml_parser_t parser;
    builder b;
    int rc = 0, done = 0;

    doc->root = NULL;
    doc->blocks = NULL;
    doc->file = strdup(name ? name : "<string>");
    if (!doc->file) {
        snprintf(err->text, sizeof err->text, "%s: out of memory", name);
        return -1;
    }
    if (len > YAMLDOC_MAX_FILE) {
        yerr_pos(err, doc->file, 1, 1, "file larger than %d bytes", YAMLDOC_MAX_FILE);
        ydoc_free(doc);
        return -1;
    }
    memset(&b, 0, sizeof b);
    b.doc = doc;
    b.file = doc->file;
    b.err = err;
    if (!yaml_parser_initialize(&parser)) {
        yerr_pos(err, doc->file, 1, 1, "cannot initialise the YAML parser");
        ydoc_free(doc);
        return -1;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    while (!done && rc == 0) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            const yaml_mark_t *pm = &parser.problem_mark;
            yerr_pos(err, doc->file, (int)pm->line + 1, (int)pm->column + 1, "%s%s%s",
                     parser.problem ? parser.problem : "YAML syntax error",
                     parser.context ? " " : "", parser.context ? parser.context : "");
            rc = -1;
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        rc = on_event(&b, &ev);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    if (rc < 0) {
        ydoc_free(doc);   /* every node built, attached or not, with it */
        return -1;
    }
    doc->root = b.root;
    return 0;
}

int ydoc_load_file(const char *path, ydoc *doc, yerror *err)
{
    char why[200];
    FILE *f = input_open_regular(path, why, sizeof why);
    doc->root = NULL;
    doc->file = NULL;
    doc->blocks = NULL;
    if (!f) {
        snprintf(err->text, sizeof err->text, "%s:1:1: %s", path, why);
        return -1;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (len == cap) {
            if (cap > YAMLDOC_MAX_FILE)
                break;
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    int read_error = ferror(f);
    fclose(f);
    if (!buf) {
        snprintf(err->text, sizeof err->text, "%s:1:1: out of memory", path);
        return -1;
    }
    if (read_error) {
        free(buf);
        snprintf(err->text, sizeof err->text, "%s:1:1: read error", path);
        return -1;
    }
    if (len > YAMLDOC_MAX_FILE) {
        free(buf);
        snprintf(err->text, sizeof err->text, "%s:1:1: file larger than %d bytes", path,
                 YAMLDOC_MAX_FILE);
        return -1;
    }
    int rc = ydoc_load_string(path, buf, len, doc, err);
    free(buf);
    return rc;
}

const ynode *ymap_get(const ynode *map, const char *key)
{
    if (!map || map->type != YNODE_MAP)
        return NULL;
    for (size_t i = 0; i < map->count; i++)
        if (strcmp(map->keys[i]->scalar, key) == 0)
            return map->values[i];
    return NULL;
}

const char *ynode_type_name(ynode_type type)
{
    switch (type) {
    case YNODE_SCALAR: return "scalar";
    case YNODE_MAP: return "map";
    case YNODE_SEQ: return "list";
    }
    return "?";
}

int ynode_expect(const ynode *node, ynode_type type, const char *what, yerror *err)
{
    if (node->type == type)
        return 0;
    return yerr_at(err, node, "%s must be a %s, not a %s", what, ynode_type_name(type),
                   ynode_type_name(node->type));
}

int ynode_int(const ynode *node, int64_t *out, yerror *err)
{
    if (node->type != YNODE_SCALAR || node->quoted)
        return yerr_at(err, node, "expected an integer");
    const char *s = node->scalar;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 0);
    if (*s == '\0' || *end != '\0' || errno == ERANGE) {
        /* unsigned 64-bit hex handles */
        errno = 0;
        unsigned long long u = strtoull(s, &end, 0);
        if (*s == '\0' || *end != '\0' || errno == ERANGE || *s == '-')
            return yerr_at(err, node, "expected an integer, got '%s'", s);
        v = (long long)u;
    }
    *out = v;
    return 0;
}

int ynode_bool(const ynode *node, int *out, yerror *err)
{
    if (node->type == YNODE_SCALAR && !node->quoted) {
        if (strcmp(node->scalar, "true") == 0) {
            *out = 1;
            return 0;
        }
        if (strcmp(node->scalar, "false") == 0) {
            *out = 0;
            return 0;
        }
    }
    return yerr_at(err, node, "expected true or false");
}

int ymap_check_keys(const ynode *map, const char *const *allowed, yerror *err)
{
    if (!map || map->type != YNODE_MAP)
        return 0;
    for (size_t i = 0; i < map->count; i++) {
        int ok = 0;
        for (const char *const *a = allowed; *a; a++)
            if (strcmp(*a, map->keys[i]->scalar) == 0) {
                ok = 1;
                break;
            }
        if (!ok) {
            char list[512];
            size_t n = 0;
            list[0] = '\0';
            for (const char *const *a = allowed; *a && n < sizeof list - 1; a++)
                n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "", *a);
            return yerr_at(err, map->keys[i], "unknown key '%s' (expected one of: %s)",
                           map->keys[i]->scalar, list);
        }
    }
    return 0;
}
