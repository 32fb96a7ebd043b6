/* See listeners.h. Names are atoms; an open-addressing table over XXH3. */
#include "listeners.h"
#include "rule_model.h"
#include "../trace/atom.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static size_t slot_index(const listeners *ls, const char *name)
{
    size_t i = (size_t)XXH3_64bits(name, strlen(name)) & (ls->cap - 1);
    while (ls->slots[i].name && ls->slots[i].name != name && strcmp(ls->slots[i].name, name) != 0)
        i = (i + 1) & (ls->cap - 1);
    return i;
}

const listener_slot *listeners_for(const listeners *ls, const char *name)
{
    const listener_slot *s = &ls->slots[slot_index(ls, name)];
    return s->name ? s : NULL;
}

static int add(listeners *ls, const char *name, size_t rule)
{
    listener_slot *s = &ls->slots[slot_index(ls, name)];
    if (!s->name && !(s->name = atom(name)))
        return -1;
    if (s->n && s->rules[s->n - 1] == rule)
        return 0;
    size_t *g = realloc(s->rules, (s->n + 1) * sizeof *g);
    if (!g)
        return -1;
    s->rules = g;
    s->rules[s->n++] = rule;
    return 0;
}

static int add_matcher(listeners *ls, const matcher *m, size_t rule, int *wild)
{
    if (!m->nnames) {
        *wild = 1;
        return 0;
    }
    for (size_t i = 0; i < m->nnames; i++)
        if (add(ls, m->names[i], rule) < 0)
            return -1;
    return 0;
}

static int fill(listeners *ls, const ruleset *rs)
{
    size_t names = 16;
    for (size_t i = 0; i < rs->nrules; i++)
        names += rs->rules[i]->pattern.nnames + rs->rules[i]->monitor.ntrans * 2 + rs->rules[i]->monitor.nend;
    ls->cap = 16;
    while (ls->cap < names * 2)
        ls->cap *= 2;
    ls->slots = calloc(ls->cap, sizeof *ls->slots);
    ls->wild = calloc(rs->nrules + 1, sizeof *ls->wild);
    if (!ls->slots || !ls->wild)
        return -1;
    for (size_t i = 0; i < rs->nrules; i++) {
        const rule *r = rs->rules[i];
        int wild = 0;
        if (r->body == BODY_PATTERN && add_matcher(ls, &r->pattern, i, &wild) < 0)
            return -1;
        if (r->body == BODY_MONITOR) {
            for (size_t t = 0; t < r->monitor.ntrans; t++)
                if (add_matcher(ls, &r->monitor.trans[t].on, i, &wild) < 0)
                    return -1;
            for (size_t e = 0; e < r->monitor.nend; e++)
                if (add(ls, r->monitor.end_callbacks[e], i) < 0)
                    return -1;
            /* deadlines are checked on every event */
            if (r->monitor.has_deadline)
                wild = 1;
        }
        if (wild)
            ls->wild[ls->nwild++] = i;
    }
    return 0;
}

listeners *listeners_build(const ruleset *rs)
{
    listeners *ls = calloc(1, sizeof *ls);
    if (ls && fill(ls, rs) != 0) {
        listeners_free(ls);
        return NULL;
    }
    return ls;
}

void listeners_free(listeners *ls)
{
    if (!ls)
        return;
    for (size_t i = 0; ls->slots && i < ls->cap; i++)
        free(ls->slots[i].rules);
    free(ls->slots);
    free(ls->wild);
    free(ls);
}
