/* Grouping findings by cause (finding_groups.h). */
#include "finding_groups.h"
#include "report_util.h"

#include <stdlib.h>
#include <string.h>

static finding_group *find_group(finding_groups *g, const char *rule, const char *fingerprint)
{
    for (size_t i = 0; i < g->count; i++)
        if (strcmp(g->items[i].fingerprint, fingerprint) == 0 &&
            strcmp(report_str_or(g->items[i].first->rule_id, ""), rule) == 0)
            return &g->items[i];
    return NULL;
}

static int add_scenario(finding_group *fg, size_t scenario)
{
    if (fg->nscenarios && fg->scenarios[fg->nscenarios - 1] == scenario)
        return 0;  /* scenarios are visited in order: a repeat is the last one */
    size_t *grown = realloc(fg->scenarios, (fg->nscenarios + 1) * sizeof *grown);
    if (!grown)
        return -1;
    fg->scenarios = grown;
    fg->scenarios[fg->nscenarios++] = scenario;
    return 0;
}

static int by_severity_then_first(const void *a, const void *b)
{
    const finding_group *x = a, *y = b;
    if (x->first->sev != y->first->sev)
        return x->first->sev > y->first->sev ? -1 : 1;
    if (x->first_scenario != y->first_scenario)
        return x->first_scenario < y->first_scenario ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

int finding_groups_build(const run_result *r, finding_groups *g)
{
    memset(g, 0, sizeof *g);
    for (size_t s = 0; s < r->nscenarios; s++) {
        const violation_list *vl = &r->scenarios[s].violations;
        for (size_t i = 0; i < vl->count; i++) {
            const violation *v = &vl->items[i];
            char fp[64];
            violation_fingerprint(v, fp, sizeof fp);
            finding_group *fg = find_group(g, report_str_or(v->rule_id, ""), fp);
            if (!fg) {
                finding_group *grown = realloc(g->items, (g->count + 1) * sizeof *grown);
                if (!grown)
                    goto oom;
                g->items = grown;
                fg = &g->items[g->count++];
                memset(fg, 0, sizeof *fg);
                fg->first = v;
                fg->first_scenario = s;
                memcpy(fg->fingerprint, fp, sizeof fp);
            }
            fg->occurrences++;
            if (add_scenario(fg, s) != 0)
                goto oom;
        }
    }
    if (g->count > 1)
        qsort(g->items, g->count, sizeof *g->items, by_severity_then_first);
    return 0;
oom:
    finding_groups_free(g);
    return -1;
}

void finding_groups_free(finding_groups *g)
{
    for (size_t i = 0; i < g->count; i++)
        free(g->items[i].scenarios);
    free(g->items);
    memset(g, 0, sizeof *g);
}

int finding_group_active(const finding_group *fg)
{
    return violation_active(fg->first);
}

void finding_groups_count(const finding_groups *g, finding_counts *c)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < g->count; i++) {
        const finding_group *fg = &g->items[i];
        unsigned sev = (unsigned)fg->first->sev;
        if (fg->first->suppressed)
            c->suppressed++;
        else if (fg->first->baselined)
            c->baselined++;
        else if (sev <= SEV_ERROR) {
            c->groups[sev]++;
            c->occurrences[sev] += fg->occurrences;
        }
    }
}

void finding_group_put_scenarios(FILE *out, const run_result *r, const finding_group *fg)
{
    /* Up to three names in full; beyond that two and how many more. */
    size_t n = fg->nscenarios, shown = n <= 3 ? n : 2;
    for (size_t i = 0; i < shown; i++) {
        if (i)
            fputs(i + 1 == n ? " and " : ", ", out);
        fputs(report_str_or(r->scenarios[fg->scenarios[i]].name, "?"), out);
    }
    if (shown < n)
        fprintf(out, " and %zu more", n - shown);
}
