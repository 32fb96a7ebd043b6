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

int coverage_share_add(coverage_item **items, size_t *count, const coverage_share *sh)
{
    for (size_t i = 0; i < sh->nloaded && i < *count; i++)
        (*items)[i].count += sh->counts[i];
    for (size_t i = 0; i < sh->nunexpected; i++)
        if (add_unexpected(items, count, &sh->unexpected[i]) != 0)
            return -1;
    return 0;
}

int coverage_share_sum(const coverage_plan *plan, const coverage_share *const *shares, size_t n,
                       coverage_item **items, size_t *count)
{
    if (coverage_export(plan, items, count) != 0)
        return -1;
    for (size_t s = 0; s < n; s++)
        if (coverage_share_add(items, count, shares[s]) != 0)
            return -1;
    return 0;
}
