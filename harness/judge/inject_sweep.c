/* Allocation points for the sweep, and --inject DDI:N parsing. */
#include "inject_sweep.h"
#include "../trace/backtrace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A point is known by its signature (the DDI and its call stack). */
static int has_point(const sweep_point *points, size_t count, const char *signature)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(points[i].signature, signature) == 0)
            return 1;
    return 0;
}

static int append_point(sweep_point **points, size_t *count, const char *signature, const char *description,
                        size_t scenario)
{
    sweep_point *grown = realloc(*points, (*count + 1) * sizeof(sweep_point));
    if (!grown)
        return -1;
    *points = grown;
    sweep_point *p = &grown[(*count)++];
    p->signature = strdup(signature);
    p->description = strdup(description);
    p->scenario = scenario;
    return p->signature && p->description ? 0 : -1;
}

int sweep_collect_event(const event *ev, size_t scenario, const ndis_tables *t, const char *within,
                        sweep_point **points, size_t *count)
{
    if (ev->kind != EV_DDI || !tables_kind_allocated_by(t, ev->name))
        return 0;
    if (within ? !event_within(ev, within)
               : !event_within(ev, "MiniportInitializeEx") && !event_within(ev, "MiniportRestart"))
        return 0;
    char sig[2048];
    backtrace_signature(ev->name, &ev->bt, sig, sizeof(sig));
    if (has_point(*points, *count, sig))
        return 0;
    backtrace_t bt;
    backtrace_copy(&bt, &ev->bt);
    backtrace_symbolize(&bt);
    char where[512] = "the driver";
    if (bt.count)
        frame_describe(&bt.frames[0], where, sizeof(where));
    backtrace_free(&bt);
    char desc[768];
    snprintf(desc, sizeof(desc), "%s in %s", ev->name, where);
    return append_point(points, count, sig, desc, scenario);
}

int sweep_points_merge(sweep_point **points, size_t *count, const sweep_point *more, size_t nmore)
{
    for (size_t m = 0; m < nmore; m++)
        if (!has_point(*points, *count, more[m].signature) &&
            append_point(points, count, more[m].signature, more[m].description, more[m].scenario) != 0)
            return -1;
    return 0;
}

void sweep_points_free(sweep_point *points, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(points[i].signature);
        free(points[i].description);
    }
    free(points);
}

int inject_parse(const char *spec, char *ddi, size_t ddilen, unsigned *nth)
{
    const char *colon = strchr(spec, ':');
    size_t n = colon ? (size_t)(colon - spec) : strlen(spec);
    if (n == 0 || n >= ddilen)
        return -1;
    memcpy(ddi, spec, n);
    ddi[n] = 0;
    *nth = 1;
    if (colon) {
        char *end;
        unsigned long v = strtoul(colon + 1, &end, 10);
        if (!colon[1] || *end || v < 1 || v > 1000000)
            return -1;
        *nth = (unsigned)v;
    }
    return 0;
}
