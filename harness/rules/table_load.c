/* Schema of the table files under checks/tables; see docs/rules.md, "Tables". */
#include "table_load.h"
#include "../input/name_index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

int yaml_names(const ynode *node, const char *what, char ***out, size_t *n, yerror *err)
{
    *out = NULL;
    *n = 0;
    if (node->type == YNODE_MAP)
        return yerr_at(err, node, "%s must be a name or a list of names", what);
    size_t count = node->type == YNODE_SCALAR ? 1 : node->count;
    char **names = calloc(count ? count : 1, sizeof *names);
    if (!names)
        return yerr_at(err, node, "out of memory");
    for (size_t i = 0; i < count; i++) {
        const ynode *s = node->type == YNODE_SCALAR ? node : node->values[i];
        if (s->type != YNODE_SCALAR || !*s->scalar) {
            names_free(names, i);
            return yerr_at(err, s, "%s: each entry must be a non-empty name", what);
        }
        names[i] = strdup(s->scalar);
        if (!names[i]) {
            names_free(names, i);
            return yerr_at(err, s, "out of memory");
        }
    }
    *out = names;
    *n = count;
    return 0;
}

char *yaml_dup_required(const ynode *map, const char *key, const ynode *where, yerror *err)
{
    const ynode *n = ymap_get(map, key);
    if (!n) {
        yerr_at(err, where, "missing required field '%s'", key);
        return NULL;
    }
    if (ynode_expect(n, YNODE_SCALAR, key, err) < 0)
        return NULL;
    if (!*n->scalar) {
        yerr_at(err, n, "'%s' must not be empty", key);
        return NULL;
    }
    char *s = strdup(n->scalar);
    if (!s)
        yerr_at(err, n, "out of memory");
    return s;
}

static int grow(void **items, size_t count, size_t size)
{
    void *p = realloc(*items, (count + 1) * size);
    if (!p)
        return -1;
    *items = p;
    memset((char *)p + count * size, 0, size);
    return 0;
}

int table_load_resources(ndis_tables *t, const ynode *list, yerror *err)
{
    static const char *const keys[] = { "kind", "alloc", "free", "init_order", "doc", NULL };
    if (ynode_expect(list, YNODE_SEQ, "resources", err) < 0)
        return -1;
    for (size_t i = 0; i < list->count; i++) {
        const ynode *e = list->values[i];
        if (ynode_expect(e, YNODE_MAP, "a resource entry", err) < 0 ||
            ymap_check_keys(e, keys, err) < 0)
            return -1;
        const ynode *kind = ymap_get(e, "kind"), *alloc = ymap_get(e, "alloc"),
                    *fr = ymap_get(e, "free"), *order = ymap_get(e, "init_order");
        if (!kind || !alloc || !fr)
            return yerr_at(err, e, "a resource entry needs kind, alloc and free");
        if (ynode_expect(kind, YNODE_SCALAR, "kind", err) < 0)
            return -1;
        if (tables_kind(t, kind->scalar))
            return yerr_at(err, kind, "resource kind '%s' is defined twice", kind->scalar);
        int64_t ord = 0;
        if (order && (ynode_int(order, &ord, err) < 0))
            return -1;
        if (ord < 0 || ord > 100)
            return yerr_at(err, order, "init_order must be 0..100");
        if (grow((void **)&t->kinds, t->nkinds, sizeof *t->kinds) < 0)
            return yerr_at(err, e, "out of memory");
        resource_kind *k = &t->kinds[t->nkinds];
        k->kind = strdup(kind->scalar);
        k->init_order = (int)ord;
        t->nkinds++;
        if (!k->kind || yaml_names(alloc, "alloc", &k->alloc_ddis, &k->nalloc, err) < 0 ||
            yaml_names(fr, "free", &k->free_ddis, &k->nfree, err) < 0)
            return -1;
        for (size_t a = 0; a < k->nalloc; a++) {
            const resource_kind *other = tables_kind_allocated_by(t, k->alloc_ddis[a]);
            if (other && other != k)
                return yerr_at(err, alloc, "%s already allocates kind '%s'", k->alloc_ddis[a],
                               other->kind);
        }
    }
    return 0;
}

static int parse_irql(const ynode *n, int *out, yerror *err)
{
    if (n->type != YNODE_SCALAR || (*out = irql_from_name(n->scalar)) < 0)
        return yerr_at(err, n, "expected an IRQL (PASSIVE_LEVEL, APC_LEVEL, DISPATCH_LEVEL, DIRQL, HIGH_LEVEL or a number)");
    return 0;
}

/* One entry of the irql table's ddis list; listed: every DDI the tables
 * hold so far (an earlier file's too). */
static int add_irql_ddi(ndis_tables *t, const ynode *e, name_index *listed, const char *const *dkeys, yerror *err)
{
    if (ynode_expect(e, YNODE_MAP, "a DDI entry", err) < 0 || ymap_check_keys(e, dkeys, err) < 0)
        return -1;
    const ynode *name = ymap_get(e, "name"), *max = ymap_get(e, "max");
    if (!name || !max)
        return yerr_at(err, e, "a DDI entry needs name and max");
    if (ynode_expect(name, YNODE_SCALAR, "name", err) < 0)
        return -1;
    size_t first;
    if (name_index_get(listed, name->scalar, &first))
        return yerr_at(err, name, "DDI '%s' is listed twice", name->scalar);
    int irql;
    if (parse_irql(max, &irql, err) < 0)
        return -1;
    if (grow((void **)&t->ddis, t->nddis, sizeof *t->ddis) < 0)
        return yerr_at(err, e, "out of memory");
    t->ddis[t->nddis].name = strdup(name->scalar);
    t->ddis[t->nddis].max_irql = irql;
    const ynode *doc = ymap_get(e, "doc");
    /* "ndis/nf-ndis-ndismsleep (< DISPATCH_LEVEL)": the page is the first word */
    t->ddis[t->nddis].doc = doc && doc->type == YNODE_SCALAR ? strndup(doc->scalar, strcspn(doc->scalar, " ")) : NULL;
    size_t at = t->nddis++;
    if (!t->ddis[at].name || name_index_put(listed, name->scalar, at) != 0)
        return yerr_at(err, e, "out of memory");
    return 0;
}

int table_load_irql(ndis_tables *t, const ynode *map, yerror *err)
{
    static const char *const top[] = { "ddis", "callbacks", NULL };
    static const char *const dkeys[] = { "name", "max", "doc", NULL };
    static const char *const ckeys[] = { "name", "irql", "strict", "doc", NULL };
    if (ynode_expect(map, YNODE_MAP, "irql", err) < 0 || ymap_check_keys(map, top, err) < 0)
        return -1;
    const ynode *ddis = ymap_get(map, "ddis"), *cbs = ymap_get(map, "callbacks");
    if (ddis) {
        if (ynode_expect(ddis, YNODE_SEQ, "ddis", err) < 0)
            return -1;
        /* the names listed so far, for the duplicate check: a scan of the
         * tables for each of some 300 DDIs was a tenth of loading the rules */
        name_index listed = { 0 };
        int rc = 0;
        for (size_t k = 0; k < t->nddis && rc == 0; k++)
            rc = name_index_put(&listed, t->ddis[k].name, k) != 0 ? yerr_at(err, ddis, "out of memory") : 0;
        for (size_t i = 0; i < ddis->count && rc == 0; i++)
            rc = add_irql_ddi(t, ddis->values[i], &listed, dkeys, err);
        name_index_free(&listed);
        if (rc < 0)
            return -1;
    }
    if (cbs) {
        if (ynode_expect(cbs, YNODE_SEQ, "callbacks", err) < 0)
            return -1;
        for (size_t i = 0; i < cbs->count; i++) {
            const ynode *e = cbs->values[i];
            if (ynode_expect(e, YNODE_MAP, "a callback entry", err) < 0 ||
                ymap_check_keys(e, ckeys, err) < 0)
                return -1;
            const ynode *name = ymap_get(e, "name"), *irql = ymap_get(e, "irql"),
                        *strict = ymap_get(e, "strict");
            if (!name || !irql)
                return yerr_at(err, e, "a callback entry needs name and irql");
            if (ynode_expect(name, YNODE_SCALAR, "name", err) < 0)
                return -1;
            if (tables_callback(t, name->scalar))
                return yerr_at(err, name, "callback '%s' is listed twice", name->scalar);
            int lo, hi;
            if (parse_irql(irql, &lo, err) < 0)
                return -1;
            hi = lo;
            if (strict && parse_irql(strict, &hi, err) < 0)
                return -1;
            if (hi < lo)
                return yerr_at(err, strict, "strict IRQL below the callback's IRQL");
            if (grow((void **)&t->callbacks, t->ncallbacks, sizeof *t->callbacks) < 0)
                return yerr_at(err, e, "out of memory");
            callback_irql *c = &t->callbacks[t->ncallbacks];
            c->name = strdup(name->scalar);
            c->irql = lo;
            c->strict_irql = hi;
            if (!t->callbacks[t->ncallbacks++].name)
                return yerr_at(err, e, "out of memory");
        }
    }
    return 0;
}

int table_check(const ndis_tables *t, yerror *err)
{
    for (size_t i = 0; i < t->nkinds; i++) {
        const resource_kind *k = &t->kinds[i];
        for (size_t a = 0; a < k->nalloc + k->nfree; a++) {
            const char *ddi = a < k->nalloc ? k->alloc_ddis[a] : k->free_ddis[a - k->nalloc];
            if (t->nddis && tables_ddi_max_irql(t, ddi) < 0) {
                snprintf(err->text, sizeof err->text,
                         "resource kind '%s': DDI '%s' is not in the IRQL table", k->kind, ddi);
                return -1;
            }
        }
    }
    return 0;
}
