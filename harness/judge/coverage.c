/* Coverage matrix: each item is (group, event kind, name, field, value). */
#include "coverage.h"
#include "coverage_share.h"
#include "../input/constants.h"
#include "../input/name_index.h"

#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A value a run shows that the plan does not list is not a plan item: each
 * trace's share keeps it (coverage_feed_event, share_unexpected). */
typedef enum { MATCH_TRANSITION, MATCH_RETURN, MATCH_ENTER_ARG, MATCH_DDI } match_kind;

typedef struct {
    match_kind match;
    char *group;
    char *label;          /* shown in the report */
    char *name;           /* callback or DDI; transition: "from" */
    char *field;          /* argument name; transition: "to" */
    int64_t value;
} plan_item;

/* The loaded items an event named `name` can match, by position. */
typedef struct {
    size_t *items;
    size_t n;
} item_list;

struct coverage_plan {
    plan_item *items;
    size_t count;         /* never counted into: the shares hold the counts */
    /* event name ("transition" for transitions, else the callback or DDI)
     * -> its items: an event is checked against those alone, not against
     * the whole plan (which cost more than judging the event) */
    name_index by_name;
    item_list *lists;
    size_t nlists;
};

/* The name of the events an item counts. */
static const char *event_name_of(const plan_item *it)
{
    return it->match == MATCH_TRANSITION ? "transition" : it->name;
}

static int index_items(coverage_plan *plan)
{
    plan->lists = calloc(plan->count + 1, sizeof *plan->lists);
    if (!plan->lists)
        return -1;
    for (size_t i = 0; i < plan->count; i++) {
        size_t at;
        const char *name = event_name_of(&plan->items[i]);
        if (!name_index_get(&plan->by_name, name, &at)) {
            at = plan->nlists++;
            if (name_index_put(&plan->by_name, name, at) != 0)
                return -1;
        }
        item_list *l = &plan->lists[at];
        size_t *grown = realloc(l->items, (l->n + 1) * sizeof *grown);
        if (!grown)
            return -1;
        l->items = grown;
        l->items[l->n++] = i;
    }
    return 0;
}

static const struct {
    const char *section;
    const char *group;
    match_kind match;
} sections[] = {
    { "transitions", "transition", MATCH_TRANSITION },
    { "callback returns", "callback return", MATCH_RETURN },
    { "callback arguments", "callback argument", MATCH_ENTER_ARG },
    { "ddi answers", "DDI answer", MATCH_DDI },
};

static void item_free(plan_item *it)
{
    free(it->group);
    free(it->label);
    free(it->name);
    free(it->field);
}

void coverage_free(coverage_plan *plan)
{
    if (!plan)
        return;
    for (size_t i = 0; i < plan->count; i++)
        item_free(&plan->items[i]);
    free(plan->items);
    for (size_t i = 0; i < plan->nlists; i++)
        free(plan->lists[i].items);
    free(plan->lists);
    name_index_free(&plan->by_name);
    free(plan);
}

static plan_item *add_item(coverage_plan *plan)
{
    plan_item *grown = realloc(plan->items, (plan->count + 1) * sizeof(plan_item));
    if (!grown)
        return NULL;
    plan->items = grown;
    plan_item *it = &plan->items[plan->count++];
    memset(it, 0, sizeof(*it));
    return it;
}

static int value_of(const ynode *n, int64_t *v, yerror *err)
{
    if (ynode_expect(n, YNODE_SCALAR, "a constant name or number", err) != 0)
        return -1;
    if (constant_value(n->scalar, v) == 0)
        return 0;
    yerror ignored;
    if (ynode_int(n, v, &ignored) == 0)
        return 0;
    return yerr_at(err, n, "unknown constant '%s'", n->scalar);
}

static int load_transitions(coverage_plan *plan, const ynode *seq, const char *group, yerror *err)
{
    if (ynode_expect(seq, YNODE_SEQ, "a list of 'From -> To' transitions", err) != 0)
        return -1;
    for (size_t i = 0; i < seq->count; i++) {
        const ynode *n = seq->values[i];
        char from[64], to[64];
        if (n->type != YNODE_SCALAR || sscanf(n->scalar, "%63s -> %63s", from, to) != 2)
            return yerr_at(err, n, "expected 'From -> To'");
        plan_item *it = add_item(plan);
        if (!it)
            return yerr_at(err, n, "out of memory");
        it->match = MATCH_TRANSITION;
        it->group = strdup(group);
        it->label = strdup(n->scalar);
        it->name = strdup(from);
        it->field = strdup(to);
    }
    return 0;
}

static int load_values(coverage_plan *plan, const ynode *map, const char *group, match_kind match, yerror *err)
{
    if (ynode_expect(map, YNODE_MAP, "a map of name -> list of values", err) != 0)
        return -1;
    for (size_t i = 0; i < map->count; i++) {
        const char *key = map->keys[i]->scalar;
        const ynode *values = map->values[i];
        if (ynode_expect(values, YNODE_SEQ, "a list of values", err) != 0)
            return -1;
        char name[128] = "", field[64] = "";
        if (match == MATCH_ENTER_ARG) {
            const char *dot = strchr(key, '.');
            if (!dot)
                return yerr_at(err, map->keys[i], "expected Callback.Argument");
            snprintf(name, sizeof(name), "%.*s", (int)(dot - key), key);
            snprintf(field, sizeof(field), "%s", dot + 1);
        } else {
            snprintf(name, sizeof(name), "%s", key);
        }
        for (size_t k = 0; k < values->count; k++) {
            plan_item *it = add_item(plan);
            if (!it)
                return yerr_at(err, values, "out of memory");
            it->match = match;
            it->group = strdup(group);
            it->name = strdup(name);
            it->field = strdup(field);
            if (value_of(values->values[k], &it->value, err) != 0)
                return -1;
            char label[256];
            snprintf(label, sizeof(label), "%s -> %s", key, values->values[k]->scalar);
            it->label = strdup(label);
        }
    }
    return 0;
}

coverage_plan *coverage_load(const char *path, yerror *err)
{
    ydoc doc;
    if (ydoc_load_file(path, &doc, err) != 0)
        return NULL;
    coverage_plan *plan = calloc(1, sizeof(*plan));
    int rc = plan ? 0 : -1;
    const ynode *root = doc.root;
    if (rc == 0 && (!root || ynode_expect(root, YNODE_MAP, "a map of coverage sections", err) != 0))
        rc = -1;
    static const char *const keys[] = { "transitions", "callback returns", "callback arguments", "ddi answers", NULL };
    if (rc == 0 && ymap_check_keys(root, keys, err) != 0)
        rc = -1;
    for (size_t s = 0; rc == 0 && s < sizeof(sections) / sizeof(sections[0]); s++) {
        const ynode *n = ymap_get(root, sections[s].section);
        if (!n)
            continue;
        rc = sections[s].match == MATCH_TRANSITION
                 ? load_transitions(plan, n, sections[s].group, err)
                 : load_values(plan, n, sections[s].group, sections[s].match, err);
    }
    ydoc_free(&doc);
    if (rc == 0 && index_items(plan) != 0)
        rc = yerr_at(err, NULL, "out of memory");
    if (rc != 0) {
        coverage_free(plan);
        return NULL;
    }
    return plan;
}

static int item_matches(const plan_item *it, const event *ev)
{
    switch (it->match) {
    case MATCH_TRANSITION: {
        const event_arg *from = event_arg_get(ev, "from"), *to = event_arg_get(ev, "to");
        return ev->kind == EV_OP && strcmp(ev->name, "transition") == 0 && from && to && from->is_str &&
               to->is_str && strcmp(from->str, it->name) == 0 && strcmp(to->str, it->field) == 0;
    }
    case MATCH_RETURN:
        return ev->kind == EV_RETURN && ev->has_status && strcmp(ev->name, it->name) == 0 &&
               (int32_t)ev->status == (int32_t)it->value;
    case MATCH_ENTER_ARG:
        return ev->kind == EV_ENTER && strcmp(ev->name, it->name) == 0 &&
               event_arg_int(ev, it->field, INT64_MIN) == it->value;
    case MATCH_DDI:
        return ev->kind == EV_DDI && ev->has_status && strcmp(ev->name, it->name) == 0 &&
               (int32_t)ev->status == (int32_t)it->value;
    }
    return 0;
}

/* How the matrix names a value the plan does not list: its group and its
 * label, "NdisMFreePort -> NDIS_STATUS_INVALID_PORT". */
static const char *unexpected_group(match_kind kind)
{
    return kind == MATCH_RETURN ? "unexpected callback return" : "unexpected DDI answer";
}

static void unexpected_label(const event *ev, char *label, size_t len)
{
    const char *sname = status_name(ev->status);
    char value[32];
    if (sname)
        snprintf(value, sizeof value, "%s", sname);
    else
        snprintf(value, sizeof value, "%d", (int)(int32_t)ev->status);
    snprintf(label, len, "%s -> %s", ev->name, value);
}

/* The plan's list for an event's name, remembered by the name's address
 * for one scenario (atom_memo_slot). */
#define NAME_MEMO 256

typedef struct {
    const char *name;
    int listed;
    size_t at;
} name_memo;

static int list_of(const coverage_plan *plan, name_memo *memo, const char *name, size_t *at)
{
    name_memo *m = &memo[atom_memo_slot(name, NAME_MEMO)];
    if (m->name != name) {
        m->name = name;
        m->listed = name_index_get(&plan->by_name, name, &m->at);
    }
    *at = m->at;
    return m->listed;
}

int coverage_export(const coverage_plan *plan, coverage_item **items, size_t *count)
{
    *items = calloc(plan->count ? plan->count : 1, sizeof(coverage_item));
    if (!*items)
        return -1;
    for (size_t i = 0; i < plan->count; i++) {
        (*items)[i].group = strdup(plan->items[i].group);
        (*items)[i].name = strdup(plan->items[i].label);
    }
    *count = plan->count;
    return 0;
}

/* ---- one trace's share, counted as its events come (coverage_share.h) ---- */

struct coverage_feed {
    const coverage_plan *plan;
    coverage_share share;
    name_memo memo[NAME_MEMO];
};

coverage_feed *coverage_feed_begin(const coverage_plan *plan)
{
    coverage_feed *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->plan = plan;
    f->share.nloaded = plan->count;
    f->share.counts = calloc(plan->count ? plan->count : 1, sizeof *f->share.counts);
    if (!f->share.counts) {
        free(f);
        return NULL;
    }
    return f;
}

/* A value the plan does not list for a callback or DDI it does list: the
 * matrix shows it (group "unexpected ...") instead of dropping it. The
 * same value again adds to its item (group and label name it), a new one
 * joins the share at the end. */
static int share_unexpected(coverage_share *s, const event *ev, match_kind kind)
{
    const char *group = unexpected_group(kind);
    char label[256];
    unexpected_label(ev, label, sizeof label);
    for (size_t i = 0; i < s->nunexpected; i++)
        if (strcmp(s->unexpected[i].name, label) == 0 && strcmp(s->unexpected[i].group, group) == 0) {
            s->unexpected[i].count++;
            return 0;
        }
    coverage_item *grown = realloc(s->unexpected, (s->nunexpected + 1) * sizeof *grown);
    if (!grown)
        return -1;
    s->unexpected = grown;
    coverage_item *it = &grown[s->nunexpected++];
    it->group = strdup(group);
    it->name = strdup(label);
    it->count = 1;
    return it->group && it->name ? 0 : -1;
}

int coverage_feed_event(coverage_feed *f, const event *ev)
{
    const coverage_plan *plan = f->plan;
    match_kind kind = ev->kind == EV_RETURN ? MATCH_RETURN : MATCH_DDI;
    int matched = 0, listed = 0;
    size_t at;
    if (ev->name && list_of(plan, f->memo, ev->name, &at))
        for (size_t k = 0; k < plan->lists[at].n; k++) {
            size_t i = plan->lists[at].items[k];
            const plan_item *it = &plan->items[i];
            listed |= it->match == kind;
            if (item_matches(it, ev)) {
                f->share.counts[i]++;
                matched = 1;
            }
        }
    if (!matched && listed && ev->has_status && (ev->kind == EV_RETURN || ev->kind == EV_DDI))
        return share_unexpected(&f->share, ev, kind);
    return 0;
}

void coverage_feed_end(coverage_feed *f, coverage_share *out)
{
    *out = f->share;
    free(f);
}

void coverage_feed_free(coverage_feed *f)
{
    if (!f)
        return;
    coverage_share_free(&f->share);
    free(f);
}
