/* Scenario loader: YAML -> steps, validated with positions. */
#include "scenario.h"
#include "oid_names.h"
#include "../rules/constants.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const op_names[STEP_OP_COUNT] = {
    [STEP_INITIALIZE] = "initialize", [STEP_RESTART] = "restart", [STEP_PAUSE] = "pause",
    [STEP_RESET] = "reset", [STEP_RESET_TWICE] = "reset_twice", [STEP_CHECK_FOR_HANG] = "check_for_hang",
    [STEP_OID] = "oid", [STEP_SEND] = "send", [STEP_INTERRUPT] = "interrupt",
    [STEP_RETURN_RECEIVES] = "return_receives", [STEP_WAIT] = "wait", [STEP_HALT] = "halt",
    [STEP_SHUTDOWN] = "shutdown", [STEP_PNP_EVENT] = "pnp_event", [STEP_UNLOAD] = "unload",
};

/* Names a scenario may use for enumerations, with the WDK values
 * (../shared/reference/ndis-constants.md, sections 2 and 7). */
typedef struct {
    const char *name;
    int64_t value;
} named_value;

static const named_value halt_actions[] = {
    { "NdisHaltDeviceDisabled", 0 }, { "NdisHaltDeviceInstanceDeInitialized", 1 },
    { "NdisHaltDevicePoweredDown", 2 }, { "NdisHaltDeviceSurpriseRemoved", 3 },
    { "NdisHaltDeviceFailed", 4 }, { "NdisHaltDeviceInitializationFailed", 5 },
    { "NdisHaltDeviceStopped", 6 }, { NULL, 0 },
};
static const named_value shutdown_actions[] = {
    { "NdisShutdownPowerOff", 0 }, { "NdisShutdownBugCheck", 1 }, { NULL, 0 },
};
static const named_value pnp_events[] = {
    { "NdisDevicePnPEventQueryRemoved", 0 }, { "NdisDevicePnPEventRemoved", 1 },
    { "NdisDevicePnPEventSurpriseRemoved", 2 }, { "NdisDevicePnPEventQueryStopped", 3 },
    { "NdisDevicePnPEventStopped", 4 }, { "NdisDevicePnPEventPowerProfileChanged", 5 }, { NULL, 0 },
};

const char *step_op_name(step_op op)
{
    return (unsigned)op < STEP_OP_COUNT ? op_names[op] : "?";
}

static int op_from_name(const char *name)
{
    for (int i = 0; i < STEP_OP_COUNT; i++)
        if (strcmp(op_names[i], name) == 0)
            return i;
    return -1;
}

static int named_lookup(const ynode *n, const named_value *table, const char *what, int64_t *out, yerror *err)
{
    if (ynode_expect(n, YNODE_SCALAR, what, err) != 0)
        return -1;
    for (size_t i = 0; table[i].name; i++)
        if (strcmp(table[i].name, n->scalar) == 0) {
            *out = table[i].value;
            return 0;
        }
    char names[512] = "";
    for (size_t i = 0; table[i].name; i++) {
        size_t used = strlen(names);
        snprintf(names + used, sizeof(names) - used, "%s%s", i ? ", " : "", table[i].name);
    }
    return yerr_at(err, n, "unknown %s '%s'; expected one of: %s", what, n->scalar, names);
}

/* The longest wait: far beyond any timer a driver sets, and small enough
 * that no unit overflows (strtoll clamps, and v * scale must fit). */
#define MAX_WAIT_US (3600LL * 1000000)

/* "250us", "20ms", "2s" or a plain number of microseconds. */
static int parse_duration(const ynode *n, int64_t *us, yerror *err)
{
    if (ynode_expect(n, YNODE_SCALAR, "a duration", err) != 0)
        return -1;
    char *end;
    long long v = strtoll(n->scalar, &end, 10);
    int64_t scale = 1;
    if (end == n->scalar || v < 0)
        return yerr_at(err, n, "expected a duration such as 500us, 20ms or 2s, got '%s'", n->scalar);
    if (strcmp(end, "") == 0 || strcmp(end, "us") == 0)
        scale = 1;
    else if (strcmp(end, "ms") == 0)
        scale = 1000;
    else if (strcmp(end, "s") == 0)
        scale = 1000000;
    else
        return yerr_at(err, n, "expected a duration such as 500us, 20ms or 2s, got '%s'", n->scalar);
    if (v > MAX_WAIT_US / scale)
        return yerr_at(err, n, "a wait of at most 3600s (one hour of virtual time), got '%s'", n->scalar);
    *us = v * scale;
    return 0;
}

static int parse_count(const ynode *n, int64_t *out, int64_t min, int64_t max, yerror *err)
{
    if (ynode_int(n, out, err) != 0)
        return -1;
    if (*out < min || *out > max)
        return yerr_at(err, n, "expected a number from %lld to %lld, got %lld", (long long)min, (long long)max,
                       (long long)*out);
    return 0;
}

static int parse_oid_value(const ynode *n, uint32_t *oid, yerror *err)
{
    if (ynode_expect(n, YNODE_SCALAR, "an OID name or number", err) != 0)
        return -1;
    if (oid_from_name(n->scalar, oid) == 0)
        return 0;
    int64_t v;
    yerror ignored;
    if (ynode_int(n, &v, &ignored) == 0) {
        *oid = (uint32_t)v;
        return 0;
    }
    return yerr_at(err, n, "unknown OID '%s'; write its name (OID_GEN_...) or its number", n->scalar);
}

/* The operation's argument: a scalar shorthand or a map of options. */
static int parse_step_argument(step *s, const ynode *arg, yerror *err)
{
    const ynode *main_value = arg;
    if (arg->type == YNODE_MAP) {
        static const char *const keys[] = { "adapter", "action", "duration", "count", "attributes",
                                            "type", "oid", "length", "event", "wait", NULL };
        if (ymap_check_keys(arg, keys, err) != 0)
            return -1;
        const ynode *ad = ymap_get(arg, "adapter");
        int64_t index = 0;
        if (ad && parse_count(ad, &index, 0, 7, err) != 0)
            return -1;
        s->adapter = (int)index;
        main_value = ymap_get(arg, "action");
        if (!main_value) main_value = ymap_get(arg, "duration");
        if (!main_value) main_value = ymap_get(arg, "count");
        if (!main_value) main_value = ymap_get(arg, "event");
    }
    switch (s->op) {
    case STEP_HALT:
        return main_value ? named_lookup(main_value, halt_actions, "halt action", &s->value, err) : 0;
    case STEP_SHUTDOWN:
        return main_value ? named_lookup(main_value, shutdown_actions, "shutdown action", &s->value, err) : 0;
    case STEP_PNP_EVENT:
        if (!main_value)
            return yerr_at(err, arg, "pnp_event needs an event (NdisDevicePnPEventSurpriseRemoved, ...)");
        return named_lookup(main_value, pnp_events, "PnP event", &s->value, err);
    case STEP_WAIT:
        if (!main_value)
            return yerr_at(err, arg, "wait needs a duration (500us, 20ms, 2s)");
        return parse_duration(main_value, &s->value, err);
    case STEP_SEND:
        s->value = 1;
        return main_value ? parse_count(main_value, &s->value, 1, 1024, err) : 0;
    case STEP_RESTART: {
        const ynode *at = arg->type == YNODE_MAP ? ymap_get(arg, "attributes") : NULL;
        if (at) {
            if (at->type != YNODE_SCALAR || (strcmp(at->scalar, "null") && strcmp(at->scalar, "general")))
                return yerr_at(err, at, "attributes: expected null or general");
            s->null_attributes = strcmp(at->scalar, "null") == 0;
        }
        return 0;
    }
    case STEP_OID: {
        if (arg->type != YNODE_MAP)
            return yerr_at(err, arg, "oid needs a map: {type: query|set, oid: OID_..., length: N}");
        const ynode *type = ymap_get(arg, "type"), *oid = ymap_get(arg, "oid"), *len = ymap_get(arg, "length");
        if (!type || type->type != YNODE_SCALAR || (strcmp(type->scalar, "query") && strcmp(type->scalar, "set")))
            return yerr_at(err, type ? type : arg, "oid: type must be query or set");
        s->oid_set = strcmp(type->scalar, "set") == 0;
        if (!oid)
            return yerr_at(err, arg, "oid: missing 'oid'");
        if (parse_oid_value(oid, &s->oid, err) != 0)
            return -1;
        int64_t length = 4;
        if (len && parse_count(len, &length, 0, 65536, err) != 0)
            return -1;
        s->length = (uint32_t)length;
        const ynode *wait = ymap_get(arg, "wait");
        int waits = 1;
        if (wait && ynode_bool(wait, &waits, err) != 0)
            return -1;
        s->no_wait = !waits;
        return 0;
    }
    default:
        if (arg->type == YNODE_SCALAR)
            return yerr_at(err, arg, "%s takes no value (write '- %s' or '- %s: {adapter: N}')",
                           op_names[s->op], op_names[s->op], op_names[s->op]);
        return 0;
    }
}

static int parse_step(const ynode *n, step *s, yerror *err)
{
    memset(s, 0, sizeof(*s));
    s->line = n->line;
    const ynode *name = n, *arg = NULL;
    if (n->type == YNODE_MAP) {
        if (n->count != 1)
            return yerr_at(err, n, "a step is one operation: '- pause' or '- halt: NdisHaltDeviceStopped'");
        name = n->keys[0];
        arg = n->values[0];
    } else if (n->type != YNODE_SCALAR) {
        return yerr_at(err, n, "a step is an operation name or a one-key map, not a list");
    }
    int op = op_from_name(name->scalar);
    if (op < 0) {
        char names[512] = "";
        for (int i = 0; i < STEP_OP_COUNT; i++) {
            size_t used = strlen(names);
            snprintf(names + used, sizeof(names) - used, "%s%s", i ? ", " : "", op_names[i]);
        }
        return yerr_at(err, name, "unknown operation '%s'; expected one of: %s", name->scalar, names);
    }
    s->op = (step_op)op;
    if (s->op == STEP_SEND)
        s->value = 1;
    return arg ? parse_step_argument(s, arg, err) : 0;
}

static int parse_config(const ynode *map, scenario *sc, yerror *err)
{
    if (ynode_expect(map, YNODE_MAP, "a map of configuration keywords", err) != 0)
        return -1;
    sc->config = calloc(map->count ? map->count : 1, sizeof(scenario_config));
    if (!sc->config)
        return yerr_at(err, map, "out of memory");
    for (size_t i = 0; i < map->count; i++) {
        const ynode *v = map->values[i];
        if (ynode_expect(v, YNODE_SCALAR, "an integer or a string", err) != 0)
            return -1;
        scenario_config *c = &sc->config[sc->nconfig++];
        c->keyword = strdup(map->keys[i]->scalar);
        int64_t num;
        yerror ignored;
        if (!v->quoted && ynode_int(v, &num, &ignored) == 0) {
            c->num = num;
        } else {
            c->is_str = 1;
            c->str = strdup(v->scalar);
        }
    }
    return 0;
}

static int parse_interrupt_points(const ynode *seq, unsigned *points, yerror *err)
{
    static const named_value names[] = {
        { "after_register", INTERRUPT_AFTER_REGISTER }, { "before_deregister", INTERRUPT_BEFORE_DEREGISTER }, { NULL, 0 },
    };
    if (ynode_expect(seq, YNODE_SEQ, "a list of interrupt points (after_register, before_deregister)", err) != 0)
        return -1;
    for (size_t i = 0; i < seq->count; i++) {
        int64_t bit;
        if (named_lookup(seq->values[i], names, "interrupt point", &bit, err) != 0)
            return -1;
        *points |= (unsigned)bit;
    }
    return 0;
}

static int parse_scenario(const ydoc *doc, scenario *sc, yerror *err)
{
    const ynode *root = doc->root;
    if (!root)
        return yerr_at(err, NULL, "%s: the scenario file is empty", doc->file);
    static const char *const keys[] = { "scenario", "description", "adapters", "config", "interrupts", "steps",
                                        "expects", "inject", NULL };
    if (ynode_expect(root, YNODE_MAP, "a scenario map (scenario, description, config, steps)", err) != 0 ||
        ymap_check_keys(root, keys, err) != 0)
        return -1;
    const ynode *name = ymap_get(root, "scenario"), *steps = ymap_get(root, "steps");
    if (!name || name->type != YNODE_SCALAR)
        return yerr_at(err, name ? name : root, "missing 'scenario:' (the scenario's name)");
    if (!steps)
        return yerr_at(err, root, "missing 'steps:' (the operations NDIS performs)");
    if (ynode_expect(steps, YNODE_SEQ, "a list of steps", err) != 0)
        return -1;
    sc->name = strdup(name->scalar);
    const ynode *desc = ymap_get(root, "description");
    sc->description = strdup(desc && desc->type == YNODE_SCALAR ? desc->scalar : "");
    sc->adapters = 1;
    const ynode *adapters = ymap_get(root, "adapters");
    if (adapters) {
        int64_t n;
        if (parse_count(adapters, &n, 1, 8, err) != 0)
            return -1;
        sc->adapters = (int)n;
    }
    const ynode *interrupts = ymap_get(root, "interrupts");
    if (interrupts && parse_interrupt_points(interrupts, &sc->interrupt_points, err) != 0)
        return -1;
    const ynode *config = ymap_get(root, "config");
    if (config && parse_config(config, sc, err) != 0)
        return -1;
    const ynode *expects = ymap_get(root, "expects"), *inject = ymap_get(root, "inject");
    if (expects && scenario_parse_expects(expects, sc, err) != 0)
        return -1;
    if (inject && scenario_parse_inject(inject, sc, err) != 0)
        return -1;
    sc->steps = calloc(steps->count ? steps->count : 1, sizeof(step));
    if (!sc->steps)
        return yerr_at(err, steps, "out of memory");
    for (size_t i = 0; i < steps->count; i++) {
        if (parse_step(steps->values[i], &sc->steps[i], err) != 0)
            return -1;
        if (sc->steps[i].adapter >= sc->adapters)
            return yerr_at(err, steps->values[i], "adapter %d does not exist (the scenario has %d)",
                           sc->steps[i].adapter, sc->adapters);
        sc->nsteps++;
    }
    return 0;
}

int scenario_load_file(const char *path, scenario *out, yerror *err)
{
    memset(out, 0, sizeof(*out));
    ydoc doc;
    if (ydoc_load_file(path, &doc, err) != 0)
        return -1;
    int rc = parse_scenario(&doc, out, err);
    ydoc_free(&doc);
    out->file = strdup(path);
    if (rc != 0)
        scenario_free(out);
    return rc;
}

void scenario_free(scenario *s)
{
    free(s->name);
    free(s->description);
    free(s->file);
    for (size_t i = 0; i < s->nconfig; i++) {
        free(s->config[i].keyword);
        free(s->config[i].str);
    }
    free(s->config);
    free(s->steps);
    scenario_intent_free(s);
    memset(s, 0, sizeof(*s));
}

int scenario_list_add_file(scenario_list *list, const char *path, yerror *err)
{
    scenario s;
    if (scenario_load_file(path, &s, err) != 0)
        return -1;
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i].name, s.name) == 0) {
            snprintf(err->text, sizeof(err->text), "%s: scenario name '%s' is already used by %s", path, s.name,
                     list->items[i].file);
            scenario_free(&s);
            return -1;
        }
    scenario *grown = realloc(list->items, (list->count + 1) * sizeof(scenario));
    if (!grown) {
        scenario_free(&s);
        snprintf(err->text, sizeof(err->text), "%s: out of memory", path);
        return -1;
    }
    list->items = grown;
    list->items[list->count++] = s;
    return 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int scenario_load_dir(const char *dir, scenario_list *out, yerror *err)
{
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err->text, sizeof(err->text), "%s: cannot open the scenario directory", dir);
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".yaml") == 0) {
            char **grown = realloc(names, (n + 1) * sizeof(char *));
            if (!grown)
                break;
            names = grown;
            names[n++] = strdup(e->d_name);
        }
    }
    closedir(d);
    qsort(names, n, sizeof(char *), compare_names);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        if (rc == 0 && scenario_list_add_file(out, path, err) != 0)
            rc = -1;
        free(names[i]);
    }
    free(names);
    if (rc == 0 && out->count == 0) {
        snprintf(err->text, sizeof(err->text), "%s: no scenario (*.yaml) found", dir);
        rc = -1;
    }
    return rc;
}

void scenario_list_free(scenario_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        scenario_free(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof(*list));
}
