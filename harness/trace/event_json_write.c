/* Writing trace.jsonl lines straight into one buffer: no json_t tree and
 * no allocation per line. Only the plain event is written here: every
 * string printable ASCII without '"' or '\\' (nothing to escape), no NULL
 * where jansson would drop an item, argument keys all distinct (jansson's
 * object_set would replace). Its bytes are jansson's for JSON_COMPACT |
 * JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII: the same keys in the same order,
 * integers as "%lld". Any other event is jansson's to write (event_json.c). */
#include "event_json.h"
#include "atom.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Beyond this many arguments the duplicate check (quadratic) is jansson's. */
#define PLAIN_MAX_ARGS 64
/* The longest integer text: "-9223372036854775808". */
#define INT_TEXT 20

/* Bytes s takes written, quotes included; 0 when it needs escaping. */
static size_t plain_string_size(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    for (; *p; p++)
        if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
            return 0;
    return (size_t)(p - (const unsigned char *)s) + 2;
}

/* The sizes of the atoms seen last, by address: an event's strings are
 * the same few hundred atoms line after line, and an atom's text never
 * changes (atom_owns), so each is scanned about once. Another string is
 * scanned each time; its slot only remembers that it is not an atom, so
 * that the walk of atom_owns is not made again for it (were its address an
 * atom's later, the scan would still be right). */
#define SIZE_MEMO_SLOTS 1024
static struct {
    const char *s;
    size_t size;
    int atom;
} size_memo[SIZE_MEMO_SLOTS];

/* The size s takes written (0: not plain): an atom's from its slot, any
 * other string scanned; a string new to its slot is noted there. */
static size_t string_size(const char *s)
{
    size_t slot = atom_memo_slot(s, SIZE_MEMO_SLOTS);
    if (size_memo[slot].s == s && size_memo[slot].atom)
        return size_memo[slot].size;
    size_t n = plain_string_size(s);
    if (size_memo[slot].s != s) {
        size_memo[slot].s = s;
        size_memo[slot].size = n;
        size_memo[slot].atom = atom_owns(s);
    }
    return n;
}

/* Adds a string's size to *total; 0 when it is not plain. */
static int add_string(size_t *total, const char *s)
{
    size_t n = string_size(s);
    *total += n;
    return n != 0;
}

/* The length of a plain string: an atom's remembered, another's counted. */
static size_t plain_length(const char *s)
{
    size_t slot = atom_memo_slot(s, SIZE_MEMO_SLOTS);
    return size_memo[slot].s == s && size_memo[slot].atom ? size_memo[slot].size - 2 : strlen(s);
}

/* Two argument keys with the same text: one address, or the same bytes
 * (most keys differ in their first). */
static int same_key(const char *a, const char *b)
{
    return a == b || (*a == *b && strcmp(a, b) == 0);
}

/* An upper bound on the line's length; 0 when the event is not plain. */
static size_t plain_event_size(const event *ev)
{
    /* The keys, punctuation and integers of the fixed fields, generously. */
    size_t total = 160 + 8 * INT_TEXT;   /* the newline too */
    if (!add_string(&total, ev->scenario ? ev->scenario : "") || !add_string(&total, ev->name ? ev->name : "") ||
        !add_string(&total, ev->callback ? ev->callback : "") || !add_string(&total, ev->state ? ev->state : "") ||
        !add_string(&total, event_kind_name(ev->kind)))
        return 0;
    for (size_t i = 0; i < ev->stack_depth; i++)
        if (!ev->stack[i] || !add_string(&total, ev->stack[i]))
            return 0;
    total += ev->stack_depth;
    if (ev->nargs > PLAIN_MAX_ARGS)
        return 0;
    for (size_t i = 0; i < ev->nargs; i++) {
        const event_arg *a = &ev->args[i];
        if (!a->key || !add_string(&total, a->key))
            return 0;
        if (a->is_str && !add_string(&total, a->str ? a->str : ""))
            return 0;
        total += 2 + INT_TEXT;
        for (size_t j = 0; j < i; j++)
            if (same_key(ev->args[j].key, a->key))
                return 0;
    }
    for (size_t i = 0; i < ev->bt.count; i++) {
        const frame *f = &ev->bt.frames[i];
        total += 64 + 3 * INT_TEXT;
        if ((f->module && !add_string(&total, f->module)) || (f->function && !add_string(&total, f->function)) ||
            (f->file && !add_string(&total, f->file)))
            return 0;
    }
    return total;
}

static char *put(char *p, const char *text, size_t n)
{
    memcpy(p, text, n);
    return p + n;
}

#define PUT(p, literal) put(p, literal, sizeof literal - 1)

static char *put_string(char *p, const char *s)
{
    *p++ = '"';
    p = put(p, s, plain_length(s));
    *p++ = '"';
    return p;
}

/* "00" to "99": two digits a division. */
static const char two_digits[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* The number of decimal digits of u (1 for 0): the bits' count gives it
 * to within one (1233 / 4096 is just under log10(2)), a comparison
 * decides. */
static const uint64_t powers_of_ten[20] = {
    1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
    1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull,
    100000000000000ull, 1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
    1000000000000000000ull, 10000000000000000000ull,
};

static size_t digits_of(uint64_t u)
{
    size_t t = (size_t)(64 - __builtin_clzll(u | 1)) * 1233 >> 12;
    return t + (u >= powers_of_ten[t]) + (u == 0);
}

/* As "%lld" writes it: the digits in place from the right, two at a time. */
static char *put_int(char *p, long long v)
{
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    if (v < 0)
        *p++ = '-';
    char *end = p + digits_of(u), *d = end;
    while (u >= 100) {
        d -= 2;
        memcpy(d, two_digits + 2 * (u % 100), 2);
        u /= 100;
    }
    if (u >= 10)
        memcpy(d - 2, two_digits + 2 * u, 2);
    else
        d[-1] = (char)('0' + u);
    return end;
}

static char *put_frame(char *p, const frame *f)
{
    p = PUT(p, "{\"pc\":");
    p = put_int(p, (long long)f->pc);
    p = PUT(p, ",\"offset\":");
    p = put_int(p, (long long)f->offset);
    if (f->module)
        p = put_string(PUT(p, ",\"module\":"), f->module);
    if (f->function)
        p = put_string(PUT(p, ",\"function\":"), f->function);
    if (f->file)
        p = put_string(PUT(p, ",\"file\":"), f->file);
    if (f->line)
        p = put_int(PUT(p, ",\"line\":"), f->line);
    *p++ = '}';
    return p;
}

static char *put_event(char *p, const event *ev)
{
    p = put_int(PUT(p, "{\"i\":"), (long long)ev->index);
    p = put_string(PUT(p, ",\"scenario\":"), ev->scenario ? ev->scenario : "");
    p = put_string(PUT(p, ",\"kind\":"), event_kind_name(ev->kind));
    p = put_string(PUT(p, ",\"name\":"), ev->name ? ev->name : "");
    p = put_int(PUT(p, ",\"adapter\":"), ev->adapter);
    p = put_string(PUT(p, ",\"callback\":"), ev->callback ? ev->callback : "");
    p = PUT(p, ",\"stack\":[");
    for (size_t i = 0; i < ev->stack_depth; i++) {
        if (i)
            *p++ = ',';
        p = put_string(p, ev->stack[i]);
    }
    p = put_string(PUT(p, "],\"state\":"), ev->state ? ev->state : "");
    p = put_int(PUT(p, ",\"irql\":"), ev->irql);
    p = put_int(PUT(p, ",\"time\":"), (long long)ev->time_us);
    if (ev->has_status)
        p = put_int(PUT(p, ",\"status\":"), ev->status);
    p = PUT(p, ",\"args\":{");
    for (size_t i = 0; i < ev->nargs; i++) {
        const event_arg *a = &ev->args[i];
        if (i)
            *p++ = ',';
        p = put_string(p, a->key);
        *p++ = ':';
        p = a->is_str ? put_string(p, a->str ? a->str : "") : put_int(p, a->num);
    }
    *p++ = '}';
    if (ev->bt.count) {
        p = PUT(p, ",\"bt\":[");
        for (size_t i = 0; i < ev->bt.count; i++) {
            if (i)
                *p++ = ',';
            p = put_frame(p, &ev->bt.frames[i]);
        }
        *p++ = ']';
    }
    if (ev->thread)
        p = put_int(PUT(p, ",\"thread\":"), ev->thread);
    if (ev->pid)
        p = put_int(PUT(p, ",\"pid\":"), ev->pid);
    *p++ = '}';
    *p++ = '\n';
    return p;
}

/* Room for n more bytes. */
static int reserve(json_text *out, size_t n)
{
    if (out->cap - out->len >= n)
        return 0;
    size_t cap = out->cap ? out->cap : 4096;
    while (cap - out->len < n)
        cap *= 2;
    char *grown = realloc(out->text, cap);
    if (!grown)
        return -1;
    out->text = grown;
    out->cap = cap;
    return 0;
}

int event_json_append_plain(json_text *out, const event *ev)
{
    size_t bound = plain_event_size(ev);
    if (bound == 0)
        return 0;
    if (reserve(out, bound) != 0)
        return -1;
    out->len = (size_t)(put_event(out->text + out->len, ev) - out->text);
    return 1;
}

static event_json_paths writes;

event_json_paths event_json_write_paths(void)
{
    return writes;
}

int event_json_append(json_text *out, const event *ev)
{
    int plain = event_json_append_plain(out, ev);
    if (plain != 0) {
        writes.plain += plain > 0;
        return plain > 0 ? 0 : -1;
    }
    writes.reference++;
    char *line = event_to_json_reference(ev);
    size_t n = line ? strlen(line) : 0;
    if (!line || reserve(out, n + 1) != 0) {
        free(line);
        return -1;
    }
    memcpy(out->text + out->len, line, n);
    out->len += n;
    out->text[out->len++] = '\n';
    free(line);
    return 0;
}
