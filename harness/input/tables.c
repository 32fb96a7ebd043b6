/* Lookups over the NDIS contract tables.  The tables are filled from YAML
 * by harness/rules/table_load.c; this file only answers questions. */
#include "tables.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int in_list(char **list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], name) == 0)
            return 1;
    return 0;
}

const resource_kind *tables_kind_allocated_by(const ndis_tables *t, const char *ddi)
{
    for (size_t i = 0; t && ddi && i < t->nkinds; i++)
        if (in_list(t->kinds[i].alloc_ddis, t->kinds[i].nalloc, ddi))
            return &t->kinds[i];
    return NULL;
}

const resource_kind *tables_kind_freed_by(const ndis_tables *t, const char *ddi)
{
    for (size_t i = 0; t && ddi && i < t->nkinds; i++)
        if (in_list(t->kinds[i].free_ddis, t->kinds[i].nfree, ddi))
            return &t->kinds[i];
    return NULL;
}

const resource_kind *tables_kind(const ndis_tables *t, const char *kind)
{
    for (size_t i = 0; t && kind && i < t->nkinds; i++)
        if (strcmp(t->kinds[i].kind, kind) == 0)
            return &t->kinds[i];
    return NULL;
}

static const ddi_irql *ddi_entry(const ndis_tables *t, const char *ddi)
{
    for (size_t i = 0; t && ddi && i < t->nddis; i++)
        if (strcmp(t->ddis[i].name, ddi) == 0)
            return &t->ddis[i];
    return NULL;
}

int tables_ddi_max_irql(const ndis_tables *t, const char *ddi)
{
    const ddi_irql *e = ddi_entry(t, ddi);
    return e ? e->max_irql : -1;
}

const char *tables_ddi_doc(const ndis_tables *t, const char *ddi)
{
    const ddi_irql *e = ddi_entry(t, ddi);
    return e ? e->doc : NULL;
}

const callback_irql *tables_callback(const ndis_tables *t, const char *name)
{
    for (size_t i = 0; t && name && i < t->ncallbacks; i++)
        if (strcmp(t->callbacks[i].name, name) == 0)
            return &t->callbacks[i];
    return NULL;
}

/* Values are the WDK's (wdm.h): PASSIVE 0, APC 1, DISPATCH 2; anything
 * above is a device IRQL, which the harness models as one level. */
const char *irql_name(int irql)
{
    switch (irql) {
    case 0: return "PASSIVE_LEVEL";
    case 1: return "APC_LEVEL";
    case 2: return "DISPATCH_LEVEL";
    case 31: return "HIGH_LEVEL";
    default: return irql > 2 ? "DIRQL" : "?";
    }
}

int irql_from_name(const char *name)
{
    if (!name || !*name)
        return -1;
    if (strcmp(name, "PASSIVE_LEVEL") == 0)
        return 0;
    if (strcmp(name, "APC_LEVEL") == 0)
        return 1;
    if (strcmp(name, "DISPATCH_LEVEL") == 0)
        return 2;
    if (strcmp(name, "DIRQL") == 0)
        return 3;
    if (strcmp(name, "HIGH_LEVEL") == 0)
        return 31;  /* "any IRQL" in the WDK pages */
    char *end;
    long v = strtol(name, &end, 10);
    if (*end != '\0' || v < 0 || v > 31)
        return -1;
    return (int)v;
}

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

const callback_returns *tables_returns(const ndis_tables *t, const char *callback)
{
    for (size_t i = 0; t && callback && i < t->nreturns; i++)
        if (strcmp(t->returns[i].callback, callback) == 0)
            return &t->returns[i];
    return NULL;
}

int returns_allows(const callback_returns *r, int64_t status)
{
    for (size_t i = 0; i < r->nallowed; i++)
        if ((int32_t)r->allowed[i] == (int32_t)status)
            return 1;
    /* NTSTATUS severity bits 31..30 = 11: an error */
    return r->any_error && (((uint32_t)status >> 30) & 3u) == 3u;
}

void tables_free(ndis_tables *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nkinds; i++) {
        free(t->kinds[i].kind);
        free_list(t->kinds[i].alloc_ddis, t->kinds[i].nalloc);
        free_list(t->kinds[i].free_ddis, t->kinds[i].nfree);
    }
    free(t->kinds);
    for (size_t i = 0; i < t->nddis; i++) {
        free(t->ddis[i].name);
        free(t->ddis[i].doc);
    }
    free(t->ddis);
    for (size_t i = 0; i < t->ncallbacks; i++)
        free(t->callbacks[i].name);
    free(t->callbacks);
    for (size_t i = 0; i < t->nreturns; i++) {
        callback_returns *r = &t->returns[i];
        free(r->callback);
        free(r->page);
        free(r->url);
        free(r->passage);
        free(r->doc);
        free(r->allowed);
        free(r->allowed_text);
        for (size_t k = 0; k < r->nafter; k++) {
            free(r->after[k].value);
            free(r->after[k].state);
        }
        free(r->after);
        free(r->outside);
    }
    free(t->returns);
    memset(t, 0, sizeof *t);
}
