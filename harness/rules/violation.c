/* Findings: ownership, ordering, severity names. */
#include "violation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const severity_names[] = { "info", "warning", "error" };

const char *severity_name(severity s)
{
    return (unsigned)s <= SEV_ERROR ? severity_names[s] : "?";
}

int severity_from_name(const char *name)
{
    for (int s = SEV_INFO; s <= SEV_ERROR; s++)
        if (name && strcmp(severity_names[s], name) == 0)
            return s;
    return -1;
}

int violation_active(const violation *v)
{
    return !v->suppressed && !v->baselined;
}

static int has_source(const frame *f) { return f->file && f->line > 0; }

const frame *violation_primary_frame(const violation *v)
{
    for (size_t i = 0; i < v->bt.count; i++)
        if (has_source(&v->bt.frames[i]))
            return &v->bt.frames[i];
    for (size_t i = 0; i < v->origin.count; i++)
        if (has_source(&v->origin.frames[i]))
            return &v->origin.frames[i];
    return NULL;
}

/* FNV-1a over rule id, function and file name (not its directory). */
static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path;
}

/* Without a source line (a driver built without -g), the first named
 * frame of the call, else of the allocation, tells causes apart. */
static const frame *first_named_frame(const violation *v)
{
    for (size_t i = 0; i < v->bt.count; i++)
        if (v->bt.frames[i].function)
            return &v->bt.frames[i];
    for (size_t i = 0; i < v->origin.count; i++)
        if (v->origin.frames[i].function)
            return &v->origin.frames[i];
    return NULL;
}

void violation_fingerprint(const violation *v, char *buf, size_t len)
{
    const frame *f = violation_primary_frame(v);
    const frame *named = f ? f : first_named_frame(v);
    const char *where = f ? base_name(f->file) : named ? base_name(named->module) : v->callback;
    const char *parts[] = { v->rule_id, named ? named->function : NULL, where };
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
        for (const unsigned char *p = (const unsigned char *)(parts[i] ? parts[i] : "");; p++) {
            h = (h ^ *p) * 1099511628211ull;
            if (!*p)
                break;
        }
    snprintf(buf, len, "%016llx:%d", (unsigned long long)h, f ? f->line : 0);
}

int violation_list_push(violation_list *list, violation *v)
{
    if (list->count == list->capacity) {
        size_t cap = list->capacity ? list->capacity * 2 : 16;
        violation *items = realloc(list->items, cap * sizeof(violation));
        if (!items)
            return -1;
        list->items = items;
        list->capacity = cap;
    }
    list->items[list->count++] = *v;
    memset(v, 0, sizeof(*v));
    return 0;
}

void violation_free(violation *v)
{
    free(v->rule_id);
    free(v->summary);
    free(v->doc);
    free(v->doc_url);
    free(v->fix);
    free(v->message);
    free(v->scenario);
    free(v->callback);
    free(v->state);
    free(v->suppressed);
    backtrace_free(&v->bt);
    backtrace_free(&v->origin);
    memset(v, 0, sizeof(*v));
}

void violation_list_free(violation_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        violation_free(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof(*list));
}

static int compare_violations(const void *a, const void *b)
{
    const violation *x = a, *y = b;
    if (x->event_index != y->event_index)
        return x->event_index < y->event_index ? -1 : 1;
    int c = strcmp(x->rule_id ? x->rule_id : "", y->rule_id ? y->rule_id : "");
    if (c)
        return c;
    return strcmp(x->message ? x->message : "", y->message ? y->message : "");
}

void violation_list_sort(violation_list *list)
{
    if (list->count > 1)
        qsort(list->items, list->count, sizeof(violation), compare_violations);
}
