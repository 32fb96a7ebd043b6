/* What a scenario is for: the expects: and inject: keys (docs/scenarios.md).
 * Kept apart from the step parser: these say what must happen for the
 * scenario to have tested anything, not what NDIS does. */
#include "scenario.h"
#include "constants.h"

#include <stdlib.h>
#include <string.h>

/* A callback or DDI name as the trace spells it. */
static int is_routine_name(const char *s)
{
    return strncmp(s, "Miniport", 8) == 0 || strncmp(s, "Ndis", 4) == 0;
}

static int parse_one_expect(const ynode *key, const ynode *value, scenario_expect *e, yerror *err)
{
    if (!is_routine_name(key->scalar))
        return yerr_at(err, key, "expects: '%s' is not a callback (Miniport...) or DDI (Ndis...) name", key->scalar);
    if (ynode_expect(value, YNODE_SCALAR, "an NDIS_STATUS name, 'failure' or 'called'", err) != 0)
        return -1;
    e->name = strdup(key->scalar);
    if (strcmp(value->scalar, "called") == 0) {
        e->kind = EXPECT_CALLED;
    } else if (strcmp(value->scalar, "failure") == 0) {
        e->kind = EXPECT_FAILURE;
    } else if (constant_value(value->scalar, &e->status) == 0 && strncmp(value->scalar, "NDIS_STATUS_", 12) == 0) {
        e->kind = EXPECT_STATUS;
    } else {
        return yerr_at(err, value, "expects: '%s' is not an NDIS_STATUS name, 'failure' or 'called'", value->scalar);
    }
    if (e->kind != EXPECT_CALLED && strncmp(key->scalar, "Miniport", 8) != 0)
        return yerr_at(err, value, "expects: a status is expected of a callback (Miniport...), not of %s", key->scalar);
    return 0;
}

int scenario_parse_expects(const ynode *map, scenario *sc, yerror *err)
{
    if (ynode_expect(map, YNODE_MAP, "a map such as {MiniportRestart: NDIS_STATUS_PENDING}", err) != 0)
        return -1;
    sc->expects = calloc(map->count ? map->count : 1, sizeof(scenario_expect));
    if (!sc->expects)
        return yerr_at(err, map, "out of memory");
    for (size_t i = 0; i < map->count; i++) {
        if (parse_one_expect(map->keys[i], map->values[i], &sc->expects[sc->nexpects], err) != 0) {
            free(sc->expects[sc->nexpects].name);
            sc->expects[sc->nexpects].name = NULL;
            return -1;
        }
        sc->nexpects++;
    }
    return 0;
}

int scenario_parse_inject(const ynode *map, scenario *sc, yerror *err)
{
    static const char *const keys[] = { "within", "allocation", NULL };
    if (ynode_expect(map, YNODE_MAP, "a map {within: CALLBACK, allocation: N|each}", err) != 0 ||
        ymap_check_keys(map, keys, err) != 0)
        return -1;
    const ynode *within = ymap_get(map, "within"), *nth = ymap_get(map, "allocation");
    if (!within || within->type != YNODE_SCALAR || strncmp(within->scalar, "Miniport", 8) != 0)
        return yerr_at(err, within ? within : map, "inject: 'within' names the callback (MiniportInitializeEx, ...)");
    sc->inject.allocation = 1;
    if (nth && nth->type == YNODE_SCALAR && strcmp(nth->scalar, "each") == 0) {
        sc->inject.each = 1;
    } else if (nth) {
        int64_t v;
        if (ynode_int(nth, &v, err) != 0)
            return -1;
        if (v < 1 || v > 100000)
            return yerr_at(err, nth, "inject: allocation is 'each' or a number from 1, got %lld", (long long)v);
        sc->inject.allocation = (unsigned)v;
    }
    sc->inject.within = strdup(within->scalar);
    return 0;
}

void scenario_intent_free(scenario *sc)
{
    for (size_t i = 0; i < sc->nexpects; i++)
        free(sc->expects[i].name);
    free(sc->expects);
    free(sc->inject.within);
    sc->expects = NULL;
    sc->nexpects = 0;
    sc->inject.within = NULL;
}
