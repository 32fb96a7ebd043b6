/* Schema of the `returns:` table (checks/tables/returns.yaml): for each
 * callback NDIS calls, the values its WDK page documents, whether the page
 * lists every value (closed) or the usual ones (open), what NDIS does after
 * each value, and what the host does with a value outside the set. */
#include "table_load.h"
#include "../input/constants.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WDK_URL_PREFIX "https://learn.microsoft.com/"

/* docs/events.md: the adapter states, and `completion` (the state the
 * completion's status gives a PENDING operation). */
static const char *const after_states[] = {
    "Halted", "Initializing", "Paused", "Restarting", "Running", "Pausing", "Shutdown", "completion", NULL
};

static int known_state(const char *s)
{
    for (size_t i = 0; after_states[i]; i++)
        if (strcmp(after_states[i], s) == 0)
            return 1;
    return 0;
}

static char *dup_required(const ynode *map, const char *key, yerror *err)
{
    return yaml_dup_required(map, key, map, err);
}

/* A value of `allowed`: a constant name or a number; `error` = any error status. */
static int parse_allowed(callback_returns *r, const ynode *list, yerror *err)
{
    if (ynode_expect(list, YNODE_SEQ, "allowed", err) < 0)
        return -1;
    r->allowed = calloc(list->count ? list->count : 1, sizeof *r->allowed);
    size_t textlen = 1;
    for (size_t i = 0; i < list->count; i++)
        textlen += (list->values[i]->type == YNODE_SCALAR ? strlen(list->values[i]->scalar) : 0) + 20;
    r->allowed_text = calloc(1, textlen);
    if (!r->allowed || !r->allowed_text)
        return yerr_at(err, list, "out of memory");
    size_t len = 0;
    for (size_t i = 0; i < list->count; i++) {
        const ynode *v = list->values[i];
        if (ynode_expect(v, YNODE_SCALAR, "an allowed value", err) < 0)
            return -1;
        const char *shown = v->scalar;
        if (strcmp(v->scalar, "error") == 0) {
            r->any_error = 1;
            shown = "any error status";
        } else if (constant_value(v->scalar, &r->allowed[r->nallowed]) == 0) {
            r->nallowed++;
        } else {
            yerror ignored;
            if (ynode_int(v, &r->allowed[r->nallowed], &ignored) < 0)
                return yerr_at(err, v, "unknown constant '%s' (a name, a number, or `error`)", v->scalar);
            r->nallowed++;
        }
        len += (size_t)snprintf(r->allowed_text + len, textlen - len, "%s%s", len ? ", " : "", shown);
    }
    return 0;
}

static int parse_after(callback_returns *r, const ynode *map, yerror *err)
{
    if (ynode_expect(map, YNODE_MAP, "after", err) < 0)
        return -1;
    r->after = calloc(map->count ? map->count : 1, sizeof *r->after);
    if (!r->after)
        return yerr_at(err, map, "out of memory");
    for (size_t i = 0; i < map->count; i++) {
        const char *key = map->keys[i]->scalar;
        const ynode *v = map->values[i];
        int64_t ignored;
        if (strcmp(key, "error") != 0 && strcmp(key, "other") != 0 && constant_value(key, &ignored) != 0)
            return yerr_at(err, map->keys[i], "after: '%s' is not a constant name, `error` or `other`", key);
        if (ynode_expect(v, YNODE_SCALAR, "an adapter state", err) < 0)
            return -1;
        if (!known_state(v->scalar))
            return yerr_at(err, v, "after: '%s' is not an adapter state or `completion`", v->scalar);
        r->after[i].value = strdup(key);
        r->after[i].state = strdup(v->scalar);
        r->nafter++;
        if (!r->after[i].value || !r->after[i].state)
            return yerr_at(err, v, "out of memory");
    }
    return 0;
}

static int parse_entry(callback_returns *r, const ynode *e, yerror *err)
{
    static const char *const keys[] = { "callback", "page", "url", "passage", "set", "allowed",
                                        "after", "outside", NULL };
    if (ynode_expect(e, YNODE_MAP, "a returns entry", err) < 0 || ymap_check_keys(e, keys, err) < 0)
        return -1;
    if (!(r->callback = dup_required(e, "callback", err)) || !(r->page = dup_required(e, "page", err)) ||
        !(r->url = dup_required(e, "url", err)) || !(r->passage = dup_required(e, "passage", err)) ||
        !(r->outside = dup_required(e, "outside", err)))
        return -1;
    if (strncmp(r->url, WDK_URL_PREFIX, strlen(WDK_URL_PREFIX)) != 0)
        return yerr_at(err, ymap_get(e, "url"), "'url' must be the page's public address (%s...)", WDK_URL_PREFIX);
    char *set = dup_required(e, "set", err);
    if (!set)
        return -1;
    r->set = strcmp(set, "closed") == 0 ? RETURN_SET_CLOSED : strcmp(set, "open") == 0 ? RETURN_SET_OPEN : 0;
    free(set);
    if (!r->set)
        return yerr_at(err, ymap_get(e, "set"), "set is closed (the page lists every value) or open");
    const ynode *allowed = ymap_get(e, "allowed"), *after = ymap_get(e, "after");
    if (!allowed || !after)
        return yerr_at(err, e, "a returns entry needs 'allowed' and 'after'");
    if (parse_allowed(r, allowed, err) < 0 || parse_after(r, after, err) < 0)
        return -1;
    size_t dl = strlen(r->page) + strlen(r->passage) + 3;
    if (!(r->doc = malloc(dl)))
        return yerr_at(err, e, "out of memory");
    snprintf(r->doc, dl, "%s: %s", r->page, r->passage);
    return 0;
}

int table_load_returns(ndis_tables *t, const ynode *list, yerror *err)
{
    if (ynode_expect(list, YNODE_SEQ, "returns", err) < 0)
        return -1;
    for (size_t i = 0; i < list->count; i++) {
        const ynode *e = list->values[i], *cb = ymap_get(e, "callback");
        if (cb && cb->type == YNODE_SCALAR && tables_returns(t, cb->scalar))
            return yerr_at(err, cb, "callback '%s' has two returns entries", cb->scalar);
        callback_returns *grown = realloc(t->returns, (t->nreturns + 1) * sizeof *grown);
        if (!grown)
            return yerr_at(err, e, "out of memory");
        t->returns = grown;
        memset(&t->returns[t->nreturns], 0, sizeof *grown);
        t->nreturns++;   /* counted before parsing: tables_free releases a half-read entry */
        if (parse_entry(&t->returns[t->nreturns - 1], e, err) < 0)
            return -1;
    }
    return 0;
}
