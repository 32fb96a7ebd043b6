/* Event <-> JSON line with jansson: the authority the fast paths
 * (event_json_write.c, event_json_read.c) defer to. */
#include "event_json.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *frame_to_json(const frame *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "pc", json_integer((json_int_t)f->pc));
    json_object_set_new(o, "offset", json_integer((json_int_t)f->offset));
    if (f->module)
        json_object_set_new(o, "module", json_string(f->module));
    if (f->function)
        json_object_set_new(o, "function", json_string(f->function));
    if (f->file)
        json_object_set_new(o, "file", json_string(f->file));
    if (f->line)
        json_object_set_new(o, "line", json_integer(f->line));
    return o;
}

json_t *backtrace_to_json(const backtrace_t *bt)
{
    json_t *a = json_array();
    for (size_t i = 0; i < bt->count; i++)
        json_array_append_new(a, frame_to_json(&bt->frames[i]));
    return a;
}

char *event_to_json_reference(const event *ev)
{
    json_t *o = json_object();
    json_object_set_new(o, "i", json_integer((json_int_t)ev->index));
    json_object_set_new(o, "scenario", json_string(ev->scenario ? ev->scenario : ""));
    json_object_set_new(o, "kind", json_string(event_kind_name(ev->kind)));
    json_object_set_new(o, "name", json_string(ev->name ? ev->name : ""));
    json_object_set_new(o, "adapter", json_integer(ev->adapter));
    json_object_set_new(o, "callback", json_string(ev->callback ? ev->callback : ""));
    json_t *stack = json_array();
    for (size_t i = 0; i < ev->stack_depth; i++)
        json_array_append_new(stack, json_string(ev->stack[i]));
    json_object_set_new(o, "stack", stack);
    json_object_set_new(o, "state", json_string(ev->state ? ev->state : ""));
    json_object_set_new(o, "irql", json_integer(ev->irql));
    json_object_set_new(o, "time", json_integer((json_int_t)ev->time_us));
    if (ev->has_status)
        json_object_set_new(o, "status", json_integer(ev->status));
    json_t *args = json_object();
    for (size_t i = 0; i < ev->nargs; i++) {
        const event_arg *a = &ev->args[i];
        json_object_set_new(args, a->key,
                            a->is_str ? json_string(a->str ? a->str : "") : json_integer(a->num));
    }
    json_object_set_new(o, "args", args);
    if (ev->bt.count)
        json_object_set_new(o, "bt", backtrace_to_json(&ev->bt));
    if (ev->thread)
        json_object_set_new(o, "thread", json_integer(ev->thread));
    if (ev->pid)
        json_object_set_new(o, "pid", json_integer(ev->pid));
    char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
    json_decref(o);
    return text;
}

static const char *string_field(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return atom(s ? s : "");
}

static int fail(char *err, size_t errlen, const char *what)
{
    snprintf(err, errlen, "%s", what);
    return -1;
}

int backtrace_from_json(json_t *a, backtrace_t *bt)
{
    bt->count = 0;
    bt->frames = NULL;
    if (!json_is_array(a) || json_array_size(a) == 0)
        return 0;
    bt->frames = calloc(json_array_size(a), sizeof(frame));
    if (!bt->frames)
        return -1;
    size_t i;
    json_t *f;
    json_array_foreach(a, i, f) {
        frame *fr = &bt->frames[bt->count++];
        fr->pc = (uint64_t)json_integer_value(json_object_get(f, "pc"));
        fr->offset = (uint64_t)json_integer_value(json_object_get(f, "offset"));
        const char *s;
        if ((s = json_string_value(json_object_get(f, "module"))))
            fr->module = atom(s);
        if ((s = json_string_value(json_object_get(f, "function"))))
            fr->function = atom(s);
        if ((s = json_string_value(json_object_get(f, "file"))))
            fr->file = atom(s);
        fr->line = (int)json_integer_value(json_object_get(f, "line"));
    }
    return 0;
}

static const char *json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number with a fraction";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

/* Every field an event carries, with its type: a trace is refused at the
 * first field of the wrong type, never read as zeros (docs/events.md). */
static int check_event_types(json_t *o, char *err, size_t errlen)
{
    static const struct {
        const char *key;
        json_type type;
        int required;
    } fields[] = {
        { "i", JSON_INTEGER, 1 },      { "scenario", JSON_STRING, 1 }, { "kind", JSON_STRING, 1 },
        { "name", JSON_STRING, 1 },    { "adapter", JSON_INTEGER, 1 }, { "callback", JSON_STRING, 1 },
        { "stack", JSON_ARRAY, 1 },    { "state", JSON_STRING, 1 },    { "irql", JSON_INTEGER, 1 },
        { "time", JSON_INTEGER, 1 },   { "status", JSON_INTEGER, 0 },  { "args", JSON_OBJECT, 1 },
        { "bt", JSON_ARRAY, 0 },       { "thread", JSON_INTEGER, 0 },  { "pid", JSON_INTEGER, 0 },
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        json_t *v = json_object_get(o, fields[i].key);
        if (!v && !fields[i].required)
            continue;
        if (!v || json_typeof(v) != fields[i].type) {
            const char *want = fields[i].type == JSON_INTEGER ? "an integer"
                               : fields[i].type == JSON_STRING ? "a string"
                               : fields[i].type == JSON_ARRAY  ? "an array"
                                                               : "an object";
            snprintf(err, errlen, "field \"%s\": expected %s, found %s", fields[i].key, want,
                     v ? json_type_name(v) : "nothing");
            return -1;
        }
    }
    size_t k;
    json_t *s;
    json_array_foreach(json_object_get(o, "stack"), k, s) if (!json_is_string(s))
    {
        snprintf(err, errlen, "field \"stack\": item %zu is %s, not a callback name", k, json_type_name(s));
        return -1;
    }
    const char *key;
    json_object_foreach(json_object_get(o, "args"), key, s) if (!json_is_string(s) && !json_is_integer(s) &&
                                                                 !json_is_boolean(s))
    {
        snprintf(err, errlen, "argument \"%s\": expected a string, an integer or a boolean, found %s", key,
                 json_type_name(s));
        return -1;
    }
    json_array_foreach(json_object_get(o, "bt"), k, s) if (!json_is_object(s))
    {
        snprintf(err, errlen, "field \"bt\": frame %zu is %s, not an object", k, json_type_name(s));
        return -1;
    }
    return 0;
}

int event_from_json_reference(const char *line, event *ev, char *err, size_t errlen)
{
    memset(ev, 0, sizeof(*ev));
    json_error_t jerr;
    json_t *o = json_loads(line, JSON_REJECT_DUPLICATES, &jerr);
    if (!o) {
        snprintf(err, errlen, "column %d: %s", jerr.column, jerr.text);
        return -1;
    }
    if (!json_is_object(o)) {
        json_decref(o);
        return fail(err, errlen, "an event must be a JSON object");
    }
    int kind = event_kind_from_name(json_string_value(json_object_get(o, "kind")));
    if (kind < 0 || !json_is_string(json_object_get(o, "name"))) {
        json_decref(o);
        return fail(err, errlen,
                    "an event needs \"kind\" (enter, return, ddi, op, crash, hang, error, valgrind) and \"name\"");
    }
    if (check_event_types(o, err, errlen) != 0) {
        json_decref(o);
        return -1;
    }
    ev->kind = (event_kind)kind;
    ev->index = (uint64_t)json_integer_value(json_object_get(o, "i"));
    ev->name = string_field(o, "name");
    ev->scenario = string_field(o, "scenario");
    json_t *adapter = json_object_get(o, "adapter");
    ev->adapter = adapter ? (int)json_integer_value(adapter) : -1;
    ev->callback = string_field(o, "callback");
    ev->state = string_field(o, "state");
    ev->irql = (int)json_integer_value(json_object_get(o, "irql"));
    ev->time_us = (uint64_t)json_integer_value(json_object_get(o, "time"));
    json_t *status = json_object_get(o, "status");
    if (json_is_integer(status)) {
        ev->has_status = 1;
        ev->status = json_integer_value(status);
    }
    json_t *stack = json_object_get(o, "stack");
    if (json_is_array(stack) && json_array_size(stack)) {
        ev->stack = calloc(json_array_size(stack), sizeof(char *));
        size_t i;
        json_t *s;
        if (ev->stack)
            json_array_foreach(stack, i, s) ev->stack[ev->stack_depth++] = atom(json_string_value(s) ? json_string_value(s) : "");
    }
    json_t *args = json_object_get(o, "args");
    if (json_is_object(args) && json_object_size(args)) {
        ev->args = calloc(json_object_size(args), sizeof(event_arg));
        const char *key;
        json_t *v;
        if (ev->args)
            json_object_foreach(args, key, v) {
            event_arg *a = &ev->args[ev->nargs++];
            a->key = atom(key);
            if (json_is_string(v)) {
                a->is_str = 1;
                a->str = atom(json_string_value(v));
            } else {
                a->num = json_is_integer(v) ? json_integer_value(v) : (json_is_true(v) ? 1 : 0);
            }
        }
    }
    backtrace_from_json(json_object_get(o, "bt"), &ev->bt);
    ev->thread = (int)json_integer_value(json_object_get(o, "thread"));
    ev->pid = (int)json_integer_value(json_object_get(o, "pid"));
    json_decref(o);
    return 0;
}
