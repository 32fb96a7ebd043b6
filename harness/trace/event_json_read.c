/* Reading trace.jsonl lines: one pass over the line, no tokens, for the
 * plain line only: printable ASCII without '\\' (so a string ends at the
 * next '"' and needs no unescaping), spaces the only white space, the
 * fields of docs/events.md each once and of its type (args: strings,
 * integers, booleans; stack: strings; bt: objects of the frame fields),
 * integers in int64 range, nothing after the object, and no container
 * larger than the room below. Any other line is jansson's to read
 * (event_json.c): the event, or the exact error message, is then
 * jansson's. The reader refuses at the first byte it does not expect;
 * it never decides what jansson would say. */
#include "event_json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Items a plain line's stack, args or bt may hold; a larger container is
 * jansson's (a trace line holds a few). */
#define MAX_ITEMS 64

/* The small steps every field takes: inlined even at -O1. */
#define ALWAYS_INLINE static inline __attribute__((always_inline))

typedef struct {
    const char *p;      /* the next byte to read */
    const char *stop;   /* the end of the line: its newline or NUL, which no rule below takes */
    const char **stack;
    event_arg *args;
    frame *frames;
    size_t nstack, nargs, nframes;
} reader;

static inline void skip_spaces(reader *r)
{
    while (*r->p == ' ')
        r->p++;
}

/* Takes punct after any spaces (and the spaces after it); 0, or -1 when
 * another byte comes first. */
static inline int take(reader *r, char punct)
{
    skip_spaces(r);
    if (*r->p != punct)
        return -1;
    r->p++;
    skip_spaces(r);
    return 0;
}

/* Sixteen bytes at a time with the compiler's vector extension (SSE2 on
 * x86-64, plain code elsewhere). */
typedef signed char bytes16 __attribute__((vector_size(16)));

/* The first '"' in [s, stop), or NULL: sixteen bytes at a time while
 * sixteen are left in the line, then byte by byte. */
static inline const char *next_quote(const char *s, const char *stop)
{
    for (; stop - s >= 16; s += 16) {
        bytes16 v;
        memcpy(&v, s, 16);
        bytes16 quote = v == '"';
        uint64_t halves[2];
        memcpy(halves, &quote, 16);
        if (halves[0])
            return s + __builtin_ctzll(halves[0]) / 8;
        if (halves[1])
            return s + 8 + __builtin_ctzll(halves[1]) / 8;
    }
    for (; s < stop; s++)
        if (*s == '"')
            return s;
    return NULL;
}

/* The text of a string whose opening quote is next: [*text, *text+*len).
 * No backslash is in the line, so the next quote closes it. */
static inline int take_text(reader *r, const char **text, size_t *len)
{
    if (*r->p != '"')
        return -1;
    const char *s = r->p + 1, *q = next_quote(s, r->stop);
    if (!q)
        return -1;
    *text = s;
    *len = (size_t)(q - s);
    r->p = q + 1;
    return 0;
}

/* The atom a field held on the line read before: a trace repeats its
 * scenario, state, callback and module line after line, and comparing
 * with the last one costs less than atom_text's call and cache. Atoms
 * live as long as the process, so it never dangles; like the atom set,
 * for one thread. */
typedef struct {
    const char *atom;   /* NULL: none yet */
    size_t len;
} last_atom;

ALWAYS_INLINE int take_string_like(reader *r, const char **out, last_atom *last)
{
    const char *s;
    size_t len;
    if (take_text(r, &s, &len) != 0)
        return -1;
    if (last->atom && last->len == len && atom_same_text(last->atom, s, len)) {
        *out = last->atom;
        return 0;
    }
    if (!(*out = atom_text(s, len)))
        return -1;
    last->atom = *out;
    last->len = len;
    return 0;
}

static inline int take_string(reader *r, const char **out)
{
    const char *s;
    size_t len;
    if (take_text(r, &s, &len) != 0 || !(*out = atom_text(s, len)))
        return -1;
    return 0;
}

/* An integer as jansson reads one: -?(0|[1-9][0-9]*), in int64 range.
 * What follows it is the caller's to check (a '.', 'e' or letter is no
 * ',', '}' or ']'). Past 19 digits u wraps, harmlessly: such a number is
 * refused by its length. */
ALWAYS_INLINE int take_int(reader *r, int64_t *out)
{
    const char *s = r->p;
    int negative = *s == '-';
    s += negative;
    const char *digits = s;
    uint64_t u = 0;
    for (unsigned d; (d = (unsigned)(*s - '0')) < 10u; s++)
        u = u * 10 + d;
    size_t n = (size_t)(s - digits);
    if (n == 0 || n > 19 || (n > 1 && digits[0] == '0'))
        return -1;
    if (negative) {
        if (u > (uint64_t)INT64_MAX + 1)
            return -1;
        *out = (int64_t)(0 - u);
    } else {
        if (u > (uint64_t)INT64_MAX)
            return -1;
        *out = (int64_t)u;
    }
    r->p = s;
    return 0;
}

/* The three kinds of list (members, items, fields) share their
 * punctuation: list_open takes the opening byte and says whether the list
 * is empty (1: its closing byte taken too), holds items (0) or is not
 * there (-1); list_next, after an item, takes the closing byte (1) or a
 * comma (0), and refuses anything else (-1). */
ALWAYS_INLINE int list_open(reader *r, char open, char close)
{
    if (*r->p != open)
        return -1;
    r->p++;
    skip_spaces(r);
    if (*r->p != close)
        return 0;
    r->p++;
    return 1;
}

ALWAYS_INLINE int list_next(reader *r, char close)
{
    skip_spaces(r);
    if (*r->p == close) {
        r->p++;
        return 1;
    }
    if (*r->p != ',')
        return -1;
    r->p++;
    skip_spaces(r);
    return 0;
}

/* The members of the object whose '{' is next, each value read by
 * member(r, key, len, ctx). Inlined, so that member is a known call. */

ALWAYS_INLINE int read_members(reader *r, int (*member)(reader *, const char *, size_t, void *), void *ctx)
{
    int at = list_open(r, '{', '}');
    while (at == 0) {
        const char *key;
        size_t len;
        if (take_text(r, &key, &len) != 0 || take(r, ':') != 0 || member(r, key, len, ctx) != 0)
            return -1;
        at = list_next(r, '}');
    }
    return at < 0 ? -1 : 0;
}

/* The items of the array whose '[' is next, each read by item(r). */
ALWAYS_INLINE int read_items(reader *r, int (*item)(reader *))
{
    int at = list_open(r, '[', ']');
    while (at == 0) {
        if (item(r) != 0)
            return -1;
        at = list_next(r, ']');
    }
    return at < 0 ? -1 : 0;
}

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

ALWAYS_INLINE int key_index(const key_name *names, int n, int hint, const char *key, int len, const char *stop)
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

/* Which fields of an object were read, and the one likely next: the
 * judge writes them in one order. */
typedef struct {
    unsigned seen;
    int next;
} field_order;

/* The index of the key whose opening quote is next among names (n of
 * them), the key and its closing quote taken; -1 when it is none of them.
 * The field likely next is tried first in place: its name as one masked
 * word, then its closing quote (no quote lies inside the name, so the key
 * ends there and is the name). */
ALWAYS_INLINE int take_key(reader *r, const key_name *names, int n, int hint)
{
    const char *key = r->p + 1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (hint < n && r->stop - key >= 8) {
        const key_name *want = &names[hint];
        uint64_t word, name;
        memcpy(&word, key, 8);
        memcpy(&name, want->text, 8);
        if (want->len < 8)
            word &= ((uint64_t)1 << (8 * want->len)) - 1;
        if (word == name && key[want->len] == '"') {
            r->p = key + want->len + 1;
            return hint;
        }
    }
#endif
    const char *text;
    size_t len;
    if (take_text(r, &text, &len) != 0)
        return -1;
    return key_index(names, n, hint, text, (int)len, r->stop);
}

/* The fields of the object whose '{' is next, named among names: each
 * value read by field(r, index, ctx); a key that is none of them, or one
 * read before, refuses the line. */
ALWAYS_INLINE int read_fields(reader *r, const key_name *names, int n, field_order *order,
                              int (*field)(reader *, int, void *), void *ctx)
{
    int at = list_open(r, '{', '}');
    while (at == 0) {
        if (*r->p != '"')
            return -1;
        int k = take_key(r, names, n, order->next);
        if (k < 0 || (order->seen & (1u << k)))
            return -1;
        order->seen |= 1u << k;
        order->next = k + 1;
        if (take(r, ':') != 0 || field(r, k, ctx) != 0)
            return -1;
        at = list_next(r, '}');
    }
    return at < 0 ? -1 : 0;
}

typedef struct {
    field_order order;
    frame *f;
} frame_reading;

static const key_name frame_keys[] = { KEY("pc"), KEY("offset"), KEY("module"), KEY("function"), KEY("file"),
                                      KEY("line") };

static last_atom last_module, last_file;

static int frame_field(reader *r, int k, void *ctx)
{
    frame_reading *fr = ctx;
    int64_t n = 0;
    switch (k) {
    case 0: return take_int(r, &n) == 0 ? (fr->f->pc = (uint64_t)n, 0) : -1;
    case 1: return take_int(r, &n) == 0 ? (fr->f->offset = (uint64_t)n, 0) : -1;
    case 2: return take_string_like(r, &fr->f->module, &last_module);
    case 3: return take_string(r, &fr->f->function);
    case 4: return take_string_like(r, &fr->f->file, &last_file);
    default: return take_int(r, &n) == 0 ? (fr->f->line = (int)n, 0) : -1;
    }
}

static int bt_item(reader *r)
{
    if (r->nframes == MAX_ITEMS)
        return -1;
    frame_reading fr = { { 0, 0 }, &r->frames[r->nframes++] };
    memset(fr.f, 0, sizeof *fr.f);
    return read_fields(r, frame_keys, 6, &fr.order, frame_field, &fr);
}

static int stack_item(reader *r)
{
    static last_atom last_at_depth[8];   /* the stack's outer callbacks repeat */
    if (r->nstack == MAX_ITEMS)
        return -1;
    size_t depth = r->nstack++;
    return depth < 8 ? take_string_like(r, &r->stack[depth], &last_at_depth[depth])
                     : take_string(r, &r->stack[depth]);
}

/* 1 when the len bytes at s are the literal word. */
#define WORD_IS(s, len, word) ((len) >= sizeof word - 1 && memcmp(s, word, sizeof word - 1) == 0)

static int arg_member(reader *r, const char *key, size_t len, void *ctx)
{
    (void)ctx;
    if (r->nargs == MAX_ITEMS)
        return -1;
    event_arg *a = &r->args[r->nargs];
    *a = (event_arg){ .key = atom_text(key, len) };
    if (!a->key)
        return -1;
    for (size_t i = 0; i < r->nargs; i++)
        if (r->args[i].key == a->key)   /* atoms: equal text, same pointer */
            return -1;
    r->nargs++;
    size_t left = (size_t)(r->stop - r->p);
    switch (*r->p) {
    case '"':
        a->is_str = 1;
        return take_string(r, &a->str);
    case 't':
        if (!WORD_IS(r->p, left, "true"))
            return -1;
        a->num = 1;
        r->p += 4;
        return 0;
    case 'f':
        if (!WORD_IS(r->p, left, "false"))
            return -1;
        r->p += 5;
        return 0;
    default:
        return take_int(r, &a->num);
    }
}

enum { F_I, F_SCENARIO, F_KIND, F_NAME, F_ADAPTER, F_CALLBACK, F_STACK, F_STATE, F_IRQL, F_TIME,
       F_STATUS, F_ARGS, F_BT, F_THREAD, F_PID, F_COUNT };
static const key_name field_names[F_COUNT] = { KEY("i"), KEY("scenario"), KEY("kind"), KEY("name"),
                                              KEY("adapter"), KEY("callback"), KEY("stack"), KEY("state"),
                                              KEY("irql"), KEY("time"), KEY("status"), KEY("args"),
                                              KEY("bt"), KEY("thread"), KEY("pid") };
#define REQUIRED (((1u << F_COUNT) - 1) & ~(1u << F_STATUS | 1u << F_BT | 1u << F_THREAD | 1u << F_PID))

typedef struct {
    field_order order;
    event *ev;
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

static last_atom last_scenario, last_callback, last_state;

static int event_field(reader *r, int f, void *ctx)
{
    event_reading *er = ctx;
    event *ev = er->ev;
    int64_t n = 0;
    const char *kind;
    switch (f) {
    case F_SCENARIO: return take_string_like(r, &ev->scenario, &last_scenario);
    case F_NAME: return take_string(r, &ev->name);
    case F_CALLBACK: return take_string_like(r, &ev->callback, &last_callback);
    case F_STATE: return take_string_like(r, &ev->state, &last_state);
    case F_KIND:
        if (take_string(r, &kind) != 0 || (f = kind_of_atom(kind)) < 0)
            return -1;
        ev->kind = (event_kind)f;
        return 0;
    case F_STACK: return read_items(r, stack_item);
    case F_ARGS: return read_members(r, arg_member, NULL);
    case F_BT: return read_items(r, bt_item);
    default:
        break;
    }
    if (take_int(r, &n) != 0)
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
 * non-ASCII, a backslash (an escape). Sixteen bytes at a time: as signed
 * bytes, every non-ASCII byte is below ' ' too. */
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

/* The event's three arrays as one allocation (event.arrays): frames, then
 * args, then stack, copied from the reader's room; none when all are empty. */
static int place_arrays(const reader *r, event *ev)
{
    size_t frames = r->nframes * sizeof(frame), args = r->nargs * sizeof(event_arg);
    size_t bytes = frames + args + r->nstack * sizeof(const char *);
    if (!bytes)
        return 0;
    char *block = malloc(bytes);
    if (!block)
        return -1;
    ev->arrays = block;
    if (r->nframes) {
        ev->bt.frames = memcpy(block, r->frames, frames);
        ev->bt.count = r->nframes;
    }
    if (r->nargs) {
        ev->args = memcpy(block + frames, r->args, args);
        ev->nargs = r->nargs;
    }
    if (r->nstack) {
        ev->stack = memcpy(block + frames + args, r->stack, r->nstack * sizeof(const char *));
        ev->stack_depth = r->nstack;
    }
    return 0;
}

int event_from_json_plain(const char *line, event *ev)
{
    memset(ev, 0, sizeof *ev);
    int len = plain_length(line);
    if (len < 0)
        return 0;
    const char *stack[MAX_ITEMS];
    event_arg args[MAX_ITEMS];
    frame frames[MAX_ITEMS];
    reader r = { .p = line, .stop = line + len, .stack = stack, .args = args, .frames = frames };
    event_reading er = { { 0, 0 }, ev };
    skip_spaces(&r);
    if (read_fields(&r, field_names, F_COUNT, &er.order, event_field, &er) != 0)
        goto refused;
    skip_spaces(&r);
    if (r.p != r.stop || (er.order.seen & REQUIRED) != REQUIRED || place_arrays(&r, ev) != 0)
        goto refused;
    return 1;
refused:
    memset(ev, 0, sizeof *ev);
    return 0;
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
