/* Event helpers: names of kinds, argument lookup, ownership. */
#include "event.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[EV_KIND_COUNT] = {
    [EV_ENTER] = "enter", [EV_RETURN] = "return", [EV_DDI] = "ddi", [EV_OP] = "op",
    [EV_CRASH] = "crash", [EV_HANG] = "hang", [EV_ERROR] = "error", [EV_VALGRIND] = "valgrind",
};

const char *event_kind_name(event_kind kind)
{
    return (unsigned)kind < EV_KIND_COUNT ? kind_names[kind] : "?";
}

int event_kind_from_name(const char *name)
{
    for (int k = 0; k < EV_KIND_COUNT; k++)
        if (name && strcmp(kind_names[k], name) == 0)
            return k;
    return -1;
}

const event_arg *event_arg_get(const event *ev, const char *key)
{
    /* the first byte first: most keys differ there, and this runs for
     * every rule and analysis that reads an argument of every event */
    for (size_t i = 0; i < ev->nargs; i++)
        if (ev->args[i].key[0] == key[0] && strcmp(ev->args[i].key, key) == 0)
            return &ev->args[i];
    return NULL;
}

int64_t event_arg_int(const event *ev, const char *key, int64_t fallback)
{
    const event_arg *a = event_arg_get(ev, key);
    return (a && !a->is_str) ? a->num : fallback;
}

int event_within(const event *ev, const char *callback)
{
    for (size_t i = 0; i < ev->stack_depth; i++)
        if (strcmp(ev->stack[i], callback) == 0)
            return 1;
    return 0;
}

void backtrace_free(backtrace_t *bt)
{
    free(bt->frames);
    bt->frames = NULL;
    bt->count = 0;
}

int backtrace_copy(backtrace_t *dst, const backtrace_t *src)
{
    dst->count = 0;
    dst->frames = NULL;
    if (src->count == 0)
        return 0;
    dst->frames = malloc(src->count * sizeof(frame));
    if (!dst->frames)
        return -1;
    memcpy(dst->frames, src->frames, src->count * sizeof(frame));   /* the text is shared (event.h) */
    dst->count = src->count;
    return 0;
}

void event_free(event *ev)
{
    if (ev->arrays) {
        free(ev->arrays);
    } else {
        free(ev->stack);
        free(ev->args);
        backtrace_free(&ev->bt);
    }
    memset(ev, 0, sizeof(*ev));
}

typedef struct {
    size_t holders;
    event ev;
    /* then the stack, the args and the frames, each 8-byte aligned */
} kept_event;

static kept_event *kept_of(const event *ev)
{
    return (kept_event *)(void *)((char *)(uintptr_t)ev - offsetof(kept_event, ev));
}

const event *event_keep(const event *ev)
{
    size_t stack = ev->stack_depth * sizeof *ev->stack, args = ev->nargs * sizeof *ev->args,
           frames = ev->bt.count * sizeof *ev->bt.frames;
    kept_event *k = malloc(sizeof *k + stack + args + frames);
    if (!k)
        return NULL;
    k->holders = 1;
    k->ev = *ev;
    k->ev.arrays = NULL;
    char *at = (char *)(k + 1);
    k->ev.stack = stack ? memcpy(at, ev->stack, stack) : NULL;
    k->ev.args = args ? memcpy(at + stack, ev->args, args) : NULL;
    k->ev.bt.frames = frames ? memcpy(at + stack + args, ev->bt.frames, frames) : NULL;
    return &k->ev;
}

const event *event_kept_share(const event *kept)
{
    if (kept)
        kept_of(kept)->holders++;
    return kept;
}

void event_kept_release(const event *kept)
{
    if (kept && --kept_of(kept)->holders == 0)
        free(kept_of(kept));
}

int event_list_push(event_list *list, event *ev)
{
    if (list->count == list->capacity) {
        size_t cap = list->capacity ? list->capacity * 2 : 256;
        event *items = realloc(list->items, cap * sizeof(event));
        if (!items)
            return -1;
        list->items = items;
        list->capacity = cap;
    }
    list->items[list->count++] = *ev;
    memset(ev, 0, sizeof(*ev));
    return 0;
}

void event_list_free(event_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        event_free(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof(*list));
}

int event_list_has(const event_list *list, event_kind kind, const char *name)
{
    for (size_t i = list->count; i > 0; i--) {
        const event *ev = &list->items[i - 1];
        if (ev->kind == kind && (!name || (ev->name && strcmp(ev->name, name) == 0)))
            return 1;
    }
    return 0;
}
