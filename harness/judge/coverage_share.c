/* Coverage counted trace by trace: see coverage_share.h. */
#include "coverage_share.h"

#include <stdlib.h>
#include <string.h>

static void items_free(coverage_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].name);
        free(items[i].group);
    }
    free(items);
}

int coverage_share_count(coverage_plan *work, const event_list *trace, coverage_share *out)
{
    memset(out, 0, sizeof *out);
    coverage_reset(work);
    coverage_count(work, trace);
    size_t nloaded = coverage_loaded_count(work);
    coverage_item *items = NULL;
    size_t n = 0;
    if (coverage_export(work, &items, &n) != 0 || n < nloaded) {
        items_free(items, n);
        return -1;
    }
    out->nloaded = nloaded;
    out->counts = calloc(nloaded ? nloaded : 1, sizeof *out->counts);
    out->unexpected = calloc(n - nloaded ? n - nloaded : 1, sizeof *out->unexpected);
    if (!out->counts || !out->unexpected) {
        items_free(items, n);
        coverage_share_free(out);
        return -1;
    }
    for (size_t i = 0; i < nloaded; i++)
        out->counts[i] = items[i].count;
    for (size_t i = nloaded; i < n; i++) {  /* taken, not copied */
        out->unexpected[out->nunexpected++] = items[i];
        memset(&items[i], 0, sizeof items[i]);
    }
    items_free(items, n);
    return 0;
}

void coverage_share_free(coverage_share *s)
{
    free(s->counts);
    items_free(s->unexpected, s->nunexpected);
    memset(s, 0, sizeof *s);
}

/* Adds u to the matrix: to the value already there, or as a new one at the end. */
static int add_unexpected(coverage_item **items, size_t *count, const coverage_item *u)
{
    for (size_t i = 0; i < *count; i++)
        if (strcmp((*items)[i].group, u->group) == 0 && strcmp((*items)[i].name, u->name) == 0) {
            (*items)[i].count += u->count;
            return 0;
        }
    coverage_item *grown = realloc(*items, (*count + 1) * sizeof **items);
    if (!grown)
        return -1;
    *items = grown;
    coverage_item *it = &grown[(*count)++];
    it->group = strdup(u->group);
    it->name = strdup(u->name);
    it->count = u->count;
    return it->group && it->name ? 0 : -1;
}

int coverage_share_sum(const coverage_plan *plan, const coverage_share *const *shares, size_t n,
                       coverage_item **items, size_t *count)
{
    if (coverage_export(plan, items, count) != 0)
        return -1;
    size_t nloaded = *count;
    for (size_t s = 0; s < n; s++) {
        const coverage_share *sh = shares[s];
        for (size_t i = 0; i < sh->nloaded && i < nloaded; i++)
            (*items)[i].count += sh->counts[i];
        for (size_t i = 0; i < sh->nunexpected; i++)
            if (add_unexpected(items, count, &sh->unexpected[i]) != 0)
                return -1;
    }
    return 0;
}
