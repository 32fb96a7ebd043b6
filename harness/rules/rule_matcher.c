/* The event-matcher grammar of docs/rules.md (kind, name, within, state,
 * where, key) and the names it checks against: shared by the pattern and
 * monitor parts of rule_load.c. */
#include "rule_matcher.h"
#include "../input/constants.h"
#include "table_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* docs/events.md: operation names and adapter states. */
static const char *const op_names[] = {
    "scenario_begin", "scenario_end", "step", "transition", "completion_timeout",
    "unsolicited_completion", "memory_corruption", "clock", "ownership_transfer", "skipped",
    "expect", "inject_plan", "teardown_skipped",
    "addressing_replay", "reset_requested", "fault_injected", "pause_with_sends", "ndis_allocated", "station_address",
    "sandbox", "sandbox_off", "callback_unwound", NULL
};
/* docs/events.md: a crash is a signal, an exit() or a KeBugCheckEx from the miniport, a call of a DDI the
 * host does not emulate, or the host at its --memory-limit or --cpu-limit. */
static const char *const crash_names[] = { "signal", "exit", "bugcheck", "not_emulated", "memory", "cpu", NULL };
/* The error kinds of memcheck's XML output (valgrind's
 * docs/internals/xml-output-protocol4.txt, section "ERRORS"). */
static const char *const valgrind_names[] = {
    "InvalidFree", "MismatchedFree", "InvalidRead", "InvalidWrite", "InvalidJump", "Overlap",
    "InvalidMemPool", "UninitCondition", "UninitValue", "SyscallParam", "ClientCheck",
    "Leak_DefinitelyLost", "Leak_IndirectlyLost", "Leak_PossiblyLost", "Leak_StillReachable",
    "FishyValue", "ReallocSizeZero", "InvalidAlignment", "InvalidSizeAndAlignment", NULL
};
static const char *const adapter_states[] = {
    "Halted", "Initializing", "Paused", "Restarting", "Running", "Pausing", "Shutdown", NULL
};
static const char *const status_classes[] = { "success", "informational", "warning", "error", NULL };

int rule_in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0)
            return 1;
    return 0;
}

const char *rule_scalar(const ynode *n, const char *what, yerror *err)
{
    if (ynode_expect(n, YNODE_SCALAR, what, err) < 0)
        return NULL;
    return n->scalar;
}

void field_free(field_ref *f)
{
    free(f->arg);
    f->arg = NULL;
}

static void value_free(value *v)
{
    if (v->is_str)
        free(v->str);
}

void matcher_free(matcher *m)
{
    names_free(m->names, m->nnames);
    names_free(m->within, m->nwithin);
    names_free(m->states, m->nstates);
    for (size_t i = 0; i < m->nconds; i++) {
        condition *c = &m->conds[i];
        field_free(&c->field);
        field_free(&c->other);
        for (size_t v = 0; v < c->nvalues; v++)
            value_free(&c->values[v]);
        free(c->values);
        rule_pattern_free(c->re);
    }
    free(m->conds);
    for (size_t i = 0; i < m->nkey; i++)
        field_free(&m->key[i]);
    free(m->key);
    memset(m, 0, sizeof *m);
}

/* ---- values and conditions ---- */

static int field_is_string(field_id id)
{
    return id == F_KIND || id == F_NAME || id == F_CALLBACK || id == F_STATE || id == F_SCENARIO ||
           id == F_STATUS_CLASS;
}

static int parse_value(const ynode *n, const field_ref *f, const ndis_tables *t, value *out,
                       yerror *err)
{
    memset(out, 0, sizeof *out);
    if (n->type != YNODE_SCALAR)
        return yerr_at(err, n, "expected a value, not a %s", ynode_type_name(n->type));
    const char *s = n->scalar;
    if (field_is_string(f->id)) {
        if (f->id == F_STATE && !rule_in_list(adapter_states, s))
            return yerr_at(err, n, "unknown adapter state '%s'", s);
        if (f->id == F_STATUS_CLASS && !rule_in_list(status_classes, s))
            return yerr_at(err, n, "status_class is success, informational, warning or error, not '%s'", s);
        if (f->id == F_KIND && event_kind_from_name(s) < 0)
            return yerr_at(err, n, "unknown event kind '%s'", s);
        if (f->id == F_CALLBACK && *s && !tables_callback(t, s))
            return yerr_at(err, n, "unknown callback '%s'", s);
        out->is_str = 1;
        out->str = strdup(s);
        return out->str ? 0 : yerr_at(err, n, "out of memory");
    }
    if (!n->quoted) {
        yerror ignored;
        if (ynode_int(n, &out->num, &ignored) == 0)
            return 0;
        if (constant_value(s, &out->num) == 0)
            return 0;
        if (f->id == F_IRQL && irql_from_name(s) >= 0) {
            out->num = irql_from_name(s);
            return 0;
        }
        if (f->id != F_ARG || constant_like(s))
            return yerr_at(err, n, "unknown constant '%s'", s);
    } else if (f->id != F_ARG) {
        return yerr_at(err, n, "%s takes a number or a constant name, not a quoted string",
                       f->id == F_STATUS ? "status" : "this field");
    }
    out->is_str = 1;
    out->str = strdup(s);
    return out->str ? 0 : yerr_at(err, n, "out of memory");
}

static int parse_values(const ynode *n, const field_ref *f, const ndis_tables *t, condition *c,
                        yerror *err)
{
    size_t count = n->type == YNODE_SEQ ? n->count : 1;
    if (n->type == YNODE_MAP)
        return yerr_at(err, n, "expected a value or a list of values");
    c->values = calloc(count ? count : 1, sizeof *c->values);
    if (!c->values)
        return yerr_at(err, n, "out of memory");
    for (size_t i = 0; i < count; i++) {
        if (parse_value(n->type == YNODE_SEQ ? n->values[i] : n, f, t, &c->values[i], err) < 0)
            return -1;
        c->nvalues++;
    }
    return 0;
}

static const char *const op_keys[] = {
    "eq", "ne", "gt", "ge", "lt", "le", "in", "not_in", "matches", "exists", "same_as",
    "differs_from", "class", NULL
};

static int push_condition(matcher *m, condition **out)
{
    condition *c = realloc(m->conds, (m->nconds + 1) * sizeof *c);
    if (!c)
        return -1;
    m->conds = c;
    memset(&c[m->nconds], 0, sizeof *c);
    *out = &c[m->nconds++];
    return 0;
}

static int parse_field(const ynode *n, field_ref *f, yerror *err)
{
    if (n->type != YNODE_SCALAR || field_parse(n->scalar, f) < 0)
        return yerr_at(err, n,
                       "unknown field '%s' (kind, name, adapter, callback, state, irql, time, status, "
                       "status_class, index, scenario or arg.NAME)",
                       n->type == YNODE_SCALAR ? n->scalar : "?");
    return 0;
}

static int parse_where(const ynode *where, const ndis_tables *t, matcher *m, yerror *err)
{
    if (ynode_expect(where, YNODE_MAP, "where", err) < 0)
        return -1;
    for (size_t i = 0; i < where->count; i++) {
        field_ref f;
        if (parse_field(where->keys[i], &f, err) < 0)
            return -1;
        const ynode *v = where->values[i];
        if (v->type != YNODE_MAP) {
            condition *c;
            if (push_condition(m, &c) < 0) {
                field_free(&f);
                return yerr_at(err, v, "out of memory");
            }
            c->field = f;
            c->op = OP_EQ;
            if (v->type == YNODE_SEQ)
                return yerr_at(err, v, "a list needs in: or not_in:");
            if (parse_values(v, &f, t, c, err) < 0)
                return -1;
            continue;
        }
        if (ymap_check_keys(v, op_keys, err) < 0) {
            field_free(&f);
            return -1;
        }
        for (size_t k = 0; k < v->count; k++) {
            condition *c;
            const char *op = v->keys[k]->scalar;
            const ynode *arg = v->values[k];
            if (push_condition(m, &c) < 0) {
                field_free(&f);
                return yerr_at(err, v, "out of memory");
            }
            c->field.id = f.id;
            c->field.arg = f.arg ? strdup(f.arg) : NULL;
            for (int o = 0; op_keys[o]; o++)
                if (strcmp(op_keys[o], op) == 0)
                    c->op = (cond_op)o;
            switch (c->op) {
            case OP_IN:
            case OP_NOT_IN:
                if (arg->type != YNODE_SEQ) {
                    field_free(&f);
                    return yerr_at(err, arg, "%s takes a list", op);
                }
                if (parse_values(arg, &f, t, c, err) < 0) {
                    field_free(&f);
                    return -1;
                }
                break;
            case OP_MATCHES:
                if (rule_pattern_compile(arg, &c->re, err) < 0) {
                    field_free(&f);
                    return -1;
                }
                break;
            case OP_EXISTS:
                if (ynode_bool(arg, &c->exists, err) < 0) {
                    field_free(&f);
                    return -1;
                }
                break;
            case OP_CLASS: {
                /* one class, or a list: any of them */
                size_t n = arg->type == YNODE_SEQ ? arg->count : 1;
                c->values = calloc(n ? n : 1, sizeof *c->values);
                if (!c->values) {
                    field_free(&f);
                    return yerr_at(err, arg, "out of memory");
                }
                for (size_t k = 0; k < n; k++) {
                    const ynode *one = arg->type == YNODE_SEQ ? arg->values[k] : arg;
                    if (one->type != YNODE_SCALAR || !rule_in_list(status_classes, one->scalar)) {
                        field_free(&f);
                        return yerr_at(err, one, "class takes success, informational, warning or error");
                    }
                    if (!(c->values[k].str = strdup(one->scalar))) {
                        field_free(&f);
                        return yerr_at(err, one, "out of memory");
                    }
                    c->values[k].is_str = 1;
                    c->nvalues = k + 1;
                }
                break;
            }
            case OP_SAME_AS:
            case OP_DIFFERS_FROM:
                if (parse_field(arg, &c->other, err) < 0) {
                    field_free(&f);
                    return -1;
                }
                break;
            default:
                if (arg->type != YNODE_SCALAR) {
                    field_free(&f);
                    return yerr_at(err, arg, "%s takes one value", op);
                }
                if (parse_values(arg, &f, t, c, err) < 0) {
                    field_free(&f);
                    return -1;
                }
            }
        }
        field_free(&f);
    }
    return 0;
}

int matcher_parse_key(const ynode *n, field_ref **out, size_t *count, yerror *err)
{
    size_t k = n->type == YNODE_SEQ ? n->count : 1;
    if (n->type == YNODE_MAP || k == 0)
        return yerr_at(err, n, "key must be a field or a list of fields");
    *out = calloc(k, sizeof **out);
    if (!*out)
        return yerr_at(err, n, "out of memory");
    for (size_t i = 0; i < k; i++) {
        if (parse_field(n->type == YNODE_SEQ ? n->values[i] : n, &(*out)[i], err) < 0)
            return -1;
        (*count)++;
    }
    return 0;
}

static int name_known(const ndis_tables *t, unsigned kinds, const char *name)
{
    unsigned any = kinds == 0;
    if ((any || (kinds & ((1u << EV_ENTER) | (1u << EV_RETURN)))) && tables_callback(t, name))
        return 1;
    if ((any || (kinds & (1u << EV_DDI))) && tables_ddi_max_irql(t, name) >= 0)
        return 1;
    if ((any || (kinds & (1u << EV_OP))) && rule_in_list(op_names, name))
        return 1;
    if ((any || (kinds & (1u << EV_CRASH))) && rule_in_list(crash_names, name))
        return 1;
    if ((any || (kinds & (1u << EV_VALGRIND))) && rule_in_list(valgrind_names, name))
        return 1;
    if (kinds & ((1u << EV_HANG) | (1u << EV_ERROR)))
        return 1;
    return 0;
}

int matcher_parse(const ynode *n, const ndis_tables *t, int allow_key, matcher *m,
                         yerror *err)
{
    static const char *const keys[] = { "kind", "name", "within", "state", "where", NULL };
    static const char *const keys_k[] = { "kind", "name", "within", "state", "where", "key", NULL };
    if (ynode_expect(n, YNODE_MAP, "an event matcher", err) < 0 ||
        ymap_check_keys(n, allow_key ? keys_k : keys, err) < 0)
        return -1;
    const ynode *kind = ymap_get(n, "kind"), *name = ymap_get(n, "name"),
                *within = ymap_get(n, "within"), *state = ymap_get(n, "state"),
                *where = ymap_get(n, "where"), *key = ymap_get(n, "key");
    if (kind) {
        char **kinds;
        size_t nk;
        if (yaml_names(kind, "kind", &kinds, &nk, err) < 0)
            return -1;
        for (size_t i = 0; i < nk; i++) {
            int k = event_kind_from_name(kinds[i]);
            if (k < 0) {
                const ynode *at = kind->type == YNODE_SEQ ? kind->values[i] : kind;
                names_free(kinds, nk);
                return yerr_at(err, at,
                               "unknown event kind '%s' (enter, return, ddi, op, crash, hang, error)",
                               at->scalar);
            }
            m->kinds |= 1u << k;
        }
        names_free(kinds, nk);
    }
    if (name) {
        if (yaml_names(name, "name", &m->names, &m->nnames, err) < 0)
            return -1;
        for (size_t i = 0; i < m->nnames; i++)
            if (!name_known(t, m->kinds, m->names[i]))
                return yerr_at(err, name->type == YNODE_SEQ ? name->values[i] : name,
                               "unknown event name '%s' (not a callback or DDI of the IRQL table, "
                               "nor an operation of docs/events.md)",
                               m->names[i]);
    }
    if (within) {
        if (yaml_names(within, "within", &m->within, &m->nwithin, err) < 0)
            return -1;
        for (size_t i = 0; i < m->nwithin; i++)
            if (!tables_callback(t, m->within[i]))
                return yerr_at(err, within->type == YNODE_SEQ ? within->values[i] : within,
                               "unknown callback '%s'", m->within[i]);
    }
    if (state) {
        if (yaml_names(state, "state", &m->states, &m->nstates, err) < 0)
            return -1;
        for (size_t i = 0; i < m->nstates; i++)
            if (!rule_in_list(adapter_states, m->states[i]))
                return yerr_at(err, state->type == YNODE_SEQ ? state->values[i] : state,
                               "unknown adapter state '%s'", m->states[i]);
    }
    if (where && parse_where(where, t, m, err) < 0)
        return -1;
    if (key && matcher_parse_key(key, &m->key, &m->nkey, err) < 0)
        return -1;
    return 0;
}

/* ---- monitors ---- */
