/* Reading trace.jsonl lines: jsmn (libjsmn-dev) splits the line into
 * tokens without allocating, and a walk over them fills the event. jsmn is
 * lenient (it takes a missing ',' or ':' and a trailing ','), so the walk
 * checks the text between every two tokens itself, and takes only the
 * plain line: printable ASCII without '\\' (no escapes), integers in int64
 * range, each field with its type, no key twice, nothing after the object.
 * Any other line is jansson's to read (event_json.c): the event, or the
 * exact error message, is then jansson's. */
#include "event_json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

/* A line with more tokens than this is jansson's (a trace line has ~60). */
#define MAX_TOKENS 1024

typedef struct {
    const char *js;
    const jsmntok_t *tok;
    int count, next; /* tokens; the next one to walk */
    int end;         /* where the value walked last ends in js */
    const char *stop; /* the end of the line */
} walk;

/* Where token t's text begins and ends: a string's with its quotes. */
static int text_start(const jsmntok_t *t) { return t->type == JSMN_STRING ? t->start - 1 : t->start; }
static int text_end(const jsmntok_t *t) { return t->type == JSMN_STRING ? t->end + 1 : t->end; }

/* js[from, to) is spaces, then punct (when not 0), then spaces. The
 * judge writes no spaces, so the bare gap is looked at first. */
static inline int gap_is(const char *js, int from, int to, char punct)
{
    if (punct ? to == from + 1 && js[from] == punct : from == to)
        return 1;
    while (from < to && js[from] == ' ')
        from++;
    if (punct) {
        if (from >= to || js[from] != punct)
            return 0;
        from++;
        while (from < to && js[from] == ' ')
            from++;
    }
    return from == to;
}

/* The next token, a scalar of the type wanted; NULL when it is not. */
static inline const jsmntok_t *take_scalar(walk *w, jsmntype_t type)
{
    if (w->next >= w->count)
        return NULL;
    const jsmntok_t *t = &w->tok[w->next];
    if (t->type != type || t->size != 0)
        return NULL;
    w->next++;
    w->end = text_end(t);
    return t;
}

static inline int take_string(walk *w, const char **out)
{
    const jsmntok_t *t = take_scalar(w, JSMN_STRING);
    if (!t || !(*out = atom_text(w->js + t->start, (size_t)(t->end - t->start))))
        return -1;
    return 0;
}

/* A plain integer as jansson reads one: -?(0|[1-9][0-9]*), in int64 range. */
static int integer_text(const char *s, int len, int64_t *out)
{
    int i = s[0] == '-', digits = len - i;
    if (digits < 1 || digits > 19 || (digits > 1 && s[i] == '0'))
        return -1;
    uint64_t u = 0;
    for (; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        u = u * 10 + (uint64_t)(s[i] - '0');
    }
    if (s[0] == '-') {
        if (u > (uint64_t)INT64_MAX + 1)
            return -1;
        *out = (int64_t)(0 - u);
    } else {
        if (u > (uint64_t)INT64_MAX)
            return -1;
        *out = (int64_t)u;
    }
    return 0;
}

static int take_int(walk *w, int64_t *out)
{
    const jsmntok_t *t = take_scalar(w, JSMN_PRIMITIVE);
    return t ? integer_text(w->js + t->start, t->end - t->start, out) : -1;
}

/* The next token opens a container of this type: it is taken, its size is returned (-1: it is not). */
static int take_open(walk *w, jsmntype_t type, const jsmntok_t **open)
{
    if (w->next >= w->count || w->tok[w->next].type != type)
        return -1;
    *open = &w->tok[w->next++];
    return (*open)->size;
}

/* The members of the object just taken: member() takes each value. */
typedef int (*member_fn)(walk *w, const char *key, int keylen, void *ctx);

static int walk_members(walk *w, const jsmntok_t *o, member_fn member, void *ctx)
{
    int pos = o->start + 1;
    for (int i = 0; i < o->size; i++) {
        if (w->next + 1 >= w->count)
            return -1;
        const jsmntok_t *k = &w->tok[w->next++];
        if (k->type != JSMN_STRING || k->size != 1 || !gap_is(w->js, pos, k->start - 1, i ? ',' : 0) ||
            !gap_is(w->js, k->end + 1, text_start(&w->tok[w->next]), ':') ||
            member(w, w->js + k->start, k->end - k->start, ctx) != 0)
            return -1;
        pos = w->end;
    }
    w->end = o->end;
    return gap_is(w->js, pos, o->end - 1, 0) ? 0 : -1;
}

/* The items of the array just taken: item() takes each one. */
typedef int (*item_fn)(walk *w, size_t index, void *ctx);

static int walk_items(walk *w, const jsmntok_t *a, item_fn item, void *ctx)
{
    int pos = a->start + 1;
    for (int i = 0; i < a->size; i++) {
        if (w->next >= w->count || !gap_is(w->js, pos, text_start(&w->tok[w->next]), i ? ',' : 0) ||
            item(w, (size_t)i, ctx) != 0)
            return -1;
        pos = w->end;
    }
    w->end = a->end;
    return gap_is(w->js, pos, a->end - 1, 0) ? 0 : -1;
}

/* 1 when key is name; names are literals. */
#define KEY_IS(key, len, name) ((len) == (int)sizeof name - 1 && memcmp(key, name, sizeof name - 1) == 0)

typedef struct {
    frame *f;
    unsigned seen;
    int next;   /* the key likely next */
} frame_reading;

/* The index of key among names (n of them), looked for from hint on: the
 * judge writes keys in one order, so the first guess is nearly always it.
 * Every field name fits in eight bytes: on a little-endian machine, when
 * eight bytes from the key lie inside the line, the key is one word
 * (masked to its length) compared with the name's zero-padded word. */
typedef struct {
    char text[9];   /* zero-padded */
    int len;
} key_name;
#define KEY(s) { s, (int)sizeof s - 1 }

static inline int key_is(const key_name *name, const char *key, int len)
{
    if (name->len != len)
        return 0;
    for (int i = 0; i < len; i++)   /* keys are a few bytes: no call to memcmp */
        if (name->text[i] != key[i])
            return 0;
    return 1;
}

static int key_index(const key_name *names, int n, int hint, const char *key, int len, const char *stop)
{
    int k = hint < n ? hint : 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (len > 0 && len <= 8 && stop - key >= 8) {
        uint64_t word, name;
        memcpy(&word, key, 8);
        if (len < 8)
            word &= ((uint64_t)1 << (8 * len)) - 1;
        for (int j = 0; j < n; j++) {
            memcpy(&name, names[k].text, 8);
            if (name == word && names[k].len == len)
                return k;
            if (++k == n)
                k = 0;
        }
        return -1;
    }
#else
    (void)stop;
#endif
    for (int j = 0; j < n; j++) {
        if (key_is(&names[k], key, len))
            return k;
        if (++k == n)
            k = 0;
    }
    return -1;
}

static int frame_field(walk *w, const char *key, int len, void *ctx)
{
    static const key_name keys[] = { KEY("pc"), KEY("offset"), KEY("module"), KEY("function"), KEY("file"),
                                     KEY("line") };
    frame_reading *r = ctx;
    int k = key_index(keys, 6, r->next, key, len, w->stop);
    if (k < 0 || (r->seen & (1u << k)))
        return -1;
    r->seen |= 1u << k;
    r->next = k + 1;
    int64_t n = 0;
    switch (k) {
    case 0: return take_int(w, &n) == 0 ? (r->f->pc = (uint64_t)n, 0) : -1;
    case 1: return take_int(w, &n) == 0 ? (r->f->offset = (uint64_t)n, 0) : -1;
    case 2: return take_string(w, &r->f->module);
    case 3: return take_string(w, &r->f->function);
    case 4: return take_string(w, &r->f->file);
    default: return take_int(w, &n) == 0 ? (r->f->line = (int)n, 0) : -1;
    }
}

static int bt_item(walk *w, size_t index, void *ctx)
{
    backtrace_t *bt = ctx;
    const jsmntok_t *o;
    if (take_open(w, JSMN_OBJECT, &o) < 0)
        return -1;
    frame_reading r = { &bt->frames[index], 0, 0 };
    bt->count++;
    return walk_members(w, o, frame_field, &r);
}

static int stack_item(walk *w, size_t index, void *ctx)
{
    event *ev = ctx;
    ev->stack_depth++;
    return take_string(w, &ev->stack[index]);
}

static int arg_member(walk *w, const char *key, int len, void *ctx)
{
    event *ev = ctx;
    event_arg *a = &ev->args[ev->nargs];
    if (!(a->key = atom_text(key, (size_t)len)))
        return -1;
    for (size_t i = 0; i < ev->nargs; i++)
        if (ev->args[i].key == a->key)   /* atoms: equal text, same pointer */
            return -1;
    ev->nargs++;
    if (w->next >= w->count)
        return -1;
    const jsmntok_t *t = &w->tok[w->next];
    if (t->type == JSMN_STRING) {
        a->is_str = 1;
        return take_string(w, &a->str);
    }
    if (!take_scalar(w, JSMN_PRIMITIVE))
        return -1;
    const char *s = w->js + t->start;
    int n = t->end - t->start;
    if (KEY_IS(s, n, "true") || KEY_IS(s, n, "false")) {
        a->num = s[0] == 't';
        return 0;
    }
    return integer_text(s, n, &a->num);
}

/* A container's items: the room planned for them in the event's block
 * (plan_arrays); a container of another size than planned is refused. */
static int take_array_of(walk *w, jsmntype_t type, void *items, size_t planned, const jsmntok_t **open)
{
    int size = take_open(w, type, open);
    if (size < 0 || (size_t)size != planned || (size > 0 && !items))
        return -1;
    return 0;
}

enum { F_I, F_SCENARIO, F_KIND, F_NAME, F_ADAPTER, F_CALLBACK, F_STACK, F_STATE, F_IRQL, F_TIME,
       F_STATUS, F_ARGS, F_BT, F_THREAD, F_PID, F_COUNT };
static const key_name field_names[F_COUNT] = { KEY("i"), KEY("scenario"), KEY("kind"), KEY("name"),
                                              KEY("adapter"), KEY("callback"), KEY("stack"), KEY("state"),
                                              KEY("irql"), KEY("time"), KEY("status"), KEY("args"),
                                              KEY("bt"), KEY("thread"), KEY("pid") };
#define REQUIRED (((1u << F_COUNT) - 1) & ~(1u << F_STATUS | 1u << F_BT | 1u << F_THREAD | 1u << F_PID))

typedef struct {
    event *ev;
    unsigned seen;
    int next;   /* the field likely next */
    size_t nstack, nargs, nframes;   /* the room planned in ev->arrays */
} event_reading;

/* The kind an atom names, -1 for none: atoms compare by pointer, and the
 * kinds' atoms are made once (they live as long as the process). */
static int kind_of_atom(const char *name)
{
    static const char *kinds[EV_KIND_COUNT];
    for (int k = 0; k < EV_KIND_COUNT; k++) {
        if (!kinds[k] && !(kinds[k] = atom(event_kind_name((event_kind)k))))
            return event_kind_from_name(name);
        if (kinds[k] == name)
            return k;
    }
    return -1;
}

static int event_field(walk *w, const char *key, int len, void *ctx)
{
    event_reading *r = ctx;
    event *ev = r->ev;
    int f = key_index(field_names, F_COUNT, r->next, key, len, w->stop);
    if (f < 0 || (r->seen & (1u << f)))
        return -1;
    r->seen |= 1u << f;
    r->next = f + 1;
    int64_t n = 0;
    const char *kind;
    const jsmntok_t *open;
    switch (f) {
    case F_SCENARIO: return take_string(w, &ev->scenario);
    case F_NAME: return take_string(w, &ev->name);
    case F_CALLBACK: return take_string(w, &ev->callback);
    case F_STATE: return take_string(w, &ev->state);
    case F_KIND:
        if (take_string(w, &kind) != 0 || (f = kind_of_atom(kind)) < 0)
            return -1;
        ev->kind = (event_kind)f;
        return 0;
    case F_STACK:
        return take_array_of(w, JSMN_ARRAY, ev->stack, r->nstack, &open) == 0
                   ? walk_items(w, open, stack_item, ev) : -1;
    case F_ARGS:
        return take_array_of(w, JSMN_OBJECT, ev->args, r->nargs, &open) == 0
                   ? walk_members(w, open, arg_member, ev) : -1;
    case F_BT:
        return take_array_of(w, JSMN_ARRAY, ev->bt.frames, r->nframes, &open) == 0
                   ? walk_items(w, open, bt_item, &ev->bt) : -1;
    default:
        break;
    }
    if (take_int(w, &n) != 0)
        return -1;
    switch (f) {
    case F_I: ev->index = (uint64_t)n; break;
    case F_ADAPTER: ev->adapter = (int)n; break;
    case F_IRQL: ev->irql = (int)n; break;
    case F_TIME: ev->time_us = (uint64_t)n; break;
    case F_STATUS: ev->has_status = 1; ev->status = n; break;
    case F_THREAD: ev->thread = (int)n; break;
    default: ev->pid = (int)n; break;
    }
    return 0;
}

/* Some byte the fast path leaves to jansson: a control char, DEL or
 * non-ASCII, a backslash (an escape). Sixteen bytes at a time with the
 * compiler's vector extension (SSE2 on x86-64, plain code elsewhere):
 * as signed bytes, every non-ASCII byte is below ' ' too. */
typedef signed char bytes16 __attribute__((vector_size(16)));

static int holds_odd_byte(const char *s, size_t n)
{
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        bytes16 v;
        memcpy(&v, s + i, 16);
        bytes16 odd = (v < ' ') | (v == 0x7f) | (v == '\\');
        uint64_t halves[2];
        memcpy(halves, &odd, 16);
        if (halves[0] | halves[1])
            return 1;
    }
    for (; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e || s[i] == '\\')
            return 1;
    return 0;
}

/* The line's length without its newline; -1 when it holds a byte the
 * fast path leaves to jansson. */
static int plain_length(const char *line)
{
    size_t n = strlen(line);
    if (n && line[n - 1] == '\n')
        n--;
    return n < INT32_MAX && !holds_odd_byte(line, n) ? (int)n : -1;
}

/* One allocation for the event's three arrays: the sizes are read off the
 * top-level "stack", "args" and "bt" tokens (parent links tell the
 * top-level keys) before the walk, which then fills the room. */
static int plan_arrays(const jsmntok_t *tok, int count, const char *js, event_reading *r)
{
    for (int i = 1; i + 1 < count; i++) {
        if (tok[i].parent != 0 || tok[i].type != JSMN_STRING)
            continue;
        const char *k = js + tok[i].start;
        int len = tok[i].end - tok[i].start;
        const jsmntok_t *v = &tok[i + 1];
        if (v->type == JSMN_STRING || v->type == JSMN_PRIMITIVE)
            continue;   /* most fields: not a container */
        if (KEY_IS(k, len, "stack") && v->type == JSMN_ARRAY)
            r->nstack = (size_t)v->size;
        else if (KEY_IS(k, len, "args") && v->type == JSMN_OBJECT)
            r->nargs = (size_t)v->size;
        else if (KEY_IS(k, len, "bt") && v->type == JSMN_ARRAY)
            r->nframes = (size_t)v->size;
    }
    size_t frames = r->nframes * sizeof(frame), args = r->nargs * sizeof(event_arg);
    size_t bytes = frames + args + r->nstack * sizeof(const char *);
    if (!bytes)
        return 0;
    char *block = calloc(1, bytes);
    if (!block)
        return -1;
    event *ev = r->ev;
    ev->arrays = block;
    ev->bt.frames = r->nframes ? (frame *)block : NULL;
    ev->args = r->nargs ? (event_arg *)(block + frames) : NULL;
    ev->stack = r->nstack ? (const char **)(block + frames + args) : NULL;
    return 0;
}

int event_from_json_plain(const char *line, event *ev)
{
    memset(ev, 0, sizeof *ev);
    int len = plain_length(line);
    if (len < 0)
        return 0;
    jsmntok_t tok[MAX_TOKENS];
    jsmn_parser p;
    jsmn_init(&p);
    int count = jsmn_parse(&p, line, (size_t)len, tok, MAX_TOKENS);
    if (count < 1 || tok[0].type != JSMN_OBJECT || !gap_is(line, 0, tok[0].start, 0) ||
        !gap_is(line, tok[0].end, len, 0))
        return 0;
    walk w = { .js = line, .tok = tok, .count = count, .next = 1, .stop = line + len };
    event_reading r = { ev, 0, 0, 0, 0, 0 };
    if (plan_arrays(tok, count, line, &r) != 0 || walk_members(&w, &tok[0], event_field, &r) != 0 || w.next != count || (r.seen & REQUIRED) != REQUIRED) {
        event_free(ev);
        memset(ev, 0, sizeof *ev);
        return 0;
    }
    return 1;
}

static event_json_paths reads;

event_json_paths event_json_read_paths(void)
{
    return reads;
}

int event_from_json(const char *line, event *ev, char *err, size_t errlen)
{
    if (event_from_json_plain(line, ev)) {
        reads.plain++;
        return 0;
    }
    reads.reference++;
    return event_from_json_reference(line, ev, err, errlen);
}
