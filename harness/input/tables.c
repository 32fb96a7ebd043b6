/* Lookups over the NDIS contract tables.  The tables are filled from YAML
 * by harness/rules/table_load.c; this file only answers questions. */
#include "tables.h"

#include "name_index.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* What the tables say about one name (a DDI or a callback). */
typedef struct {
    const ddi_irql *ddi;
    const resource_kind *allocates;   /* the first kind that lists it, as the YAML orders them */
    const resource_kind *frees;
    const callback_irql *callback;
    const callback_returns *returns;
} name_facts;

struct tables_lookup {
    name_index names;   /* name -> position in facts */
    name_facts *facts;
    size_t count, cap;
};

enum fact { FACT_DDI, FACT_ALLOCATES, FACT_FREES, FACT_CALLBACK, FACT_RETURNS };

/* Sets one fact unless an earlier entry set it (the first one wins, as a
 * scan in table order would find it). */
static void set_fact(name_facts *f, enum fact which, const void *entry)
{
    switch (which) {
    case FACT_DDI: if (!f->ddi) f->ddi = entry; break;
    case FACT_ALLOCATES: if (!f->allocates) f->allocates = entry; break;
    case FACT_FREES: if (!f->frees) f->frees = entry; break;
    case FACT_CALLBACK: if (!f->callback) f->callback = entry; break;
    case FACT_RETURNS: if (!f->returns) f->returns = entry; break;
    }
}

/* Calls fn for every (name, fact) the tables hold, in table order; stops at
 * the first non-zero return and returns it. */
static int each_fact(const ndis_tables *t, int (*fn)(void *ctx, const char *name, enum fact which, const void *entry),
                     void *ctx)
{
    int rc = 0;
    for (size_t i = 0; !rc && i < t->nddis; i++)
        rc = fn(ctx, t->ddis[i].name, FACT_DDI, &t->ddis[i]);
    for (size_t i = 0; !rc && i < t->nkinds; i++) {
        for (size_t k = 0; !rc && k < t->kinds[i].nalloc; k++)
            rc = fn(ctx, t->kinds[i].alloc_ddis[k], FACT_ALLOCATES, &t->kinds[i]);
        for (size_t k = 0; !rc && k < t->kinds[i].nfree; k++)
            rc = fn(ctx, t->kinds[i].free_ddis[k], FACT_FREES, &t->kinds[i]);
    }
    for (size_t i = 0; !rc && i < t->ncallbacks; i++)
        rc = fn(ctx, t->callbacks[i].name, FACT_CALLBACK, &t->callbacks[i]);
    for (size_t i = 0; !rc && i < t->nreturns; i++)
        rc = fn(ctx, t->returns[i].callback, FACT_RETURNS, &t->returns[i]);
    return rc;
}

static int index_fact(void *ctx, const char *name, enum fact which, const void *entry)
{
    struct tables_lookup *l = ctx;
    size_t at;
    if (!name)
        return 0;
    if (!name_index_get(&l->names, name, &at)) {
        if (l->count == l->cap) {
            size_t cap = l->cap ? l->cap * 2 : 64;
            name_facts *grown = realloc(l->facts, cap * sizeof *grown);
            if (!grown)
                return -1;
            l->facts = grown;
            l->cap = cap;
        }
        at = l->count;
        if (name_index_put(&l->names, name, at) != 0)
            return -1;
        l->facts[l->count++] = (name_facts){ 0 };
    }
    set_fact(&l->facts[at], which, entry);
    return 0;
}

static void lookup_free(struct tables_lookup *l)
{
    if (!l)
        return;
    name_index_free(&l->names);
    free(l->facts);
    free(l);
}

typedef struct {
    const char *name;
    name_facts *out;
} scan_ctx;

static int scan_fact(void *ctx, const char *name, enum fact which, const void *entry)
{
    scan_ctx *sc = ctx;
    if (name && strcmp(name, sc->name) == 0)
        set_fact(sc->out, which, entry);
    return 0;
}

void tables_seal(ndis_tables *t)
{
    if (!t || t->lookup)
        return;
    struct tables_lookup *l = calloc(1, sizeof *l);
    if (l && each_fact(t, index_fact, l) == 0)
        t->lookup = l;
    else
        lookup_free(l);   /* out of memory: lookups scan, slower, never different */
}

/* The facts about name: from the index once the tables are sealed, by a
 * scan while they are being loaded (the loaders ask about what they have
 * read so far). */
static name_facts facts_of(const ndis_tables *t, const char *name)
{
    name_facts f = { 0 };
    size_t at;
    if (!t || !name)
        return f;
    if (t->lookup)
        return name_index_get(&t->lookup->names, name, &at) ? t->lookup->facts[at] : f;
    scan_ctx sc = { name, &f };
    each_fact(t, scan_fact, &sc);
    return f;
}

const resource_kind *tables_kind_allocated_by(const ndis_tables *t, const char *ddi)
{
    return facts_of(t, ddi).allocates;
}

const resource_kind *tables_kind_freed_by(const ndis_tables *t, const char *ddi)
{
    return facts_of(t, ddi).frees;
}

const resource_kind *tables_kind(const ndis_tables *t, const char *kind)
{
    for (size_t i = 0; t && kind && i < t->nkinds; i++)
        if (strcmp(t->kinds[i].kind, kind) == 0)
            return &t->kinds[i];
    return NULL;
}

int tables_ddi_max_irql(const ndis_tables *t, const char *ddi)
{
    const ddi_irql *e = facts_of(t, ddi).ddi;
    return e ? e->max_irql : -1;
}

const char *tables_ddi_doc(const ndis_tables *t, const char *ddi)
{
    const ddi_irql *e = facts_of(t, ddi).ddi;
    return e ? e->doc : NULL;
}

const callback_irql *tables_callback(const ndis_tables *t, const char *name)
{
    return facts_of(t, name).callback;
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
    return facts_of(t, callback).returns;
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
    lookup_free(t->lookup);
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
