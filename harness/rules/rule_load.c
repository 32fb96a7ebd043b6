/* The rule grammar of docs/rules.md: every key checked, every name checked
 * against the tables and docs/events.md, every error at file:line:column. */
#include "rule_load.h"
#include "constants.h"
#include "table_load.h"
#include "analysis.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* docs/events.md: operation names and adapter states. */
static const char *const op_names[] = {
    "scenario_begin", "scenario_end", "step", "transition", "completion_timeout",
    "unsolicited_completion", "memory_corruption", "clock", "ownership_transfer", "skipped",
    "expect", "inject_plan", "teardown_skipped",
    "addressing_replay", "reset_requested", "fault_injected", "pause_with_sends", "ndis_allocated", "station_address", NULL
};
/* docs/events.md: a crash is a signal, an exit() or a KeBugCheckEx from the miniport, or the host at its --memory-limit. */
static const char *const crash_names[] = { "signal", "exit", "bugcheck", "memory", NULL };
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

static const char *const analysis_names[AN_COUNT] = {
    [AN_LEAKS_AT_HALT] = "leaks_at_halt", [AN_RELEASE_ORDER] = "release_order",
    [AN_BAD_FREE] = "bad_free", [AN_WRONG_RECIPROCAL] = "wrong_reciprocal",
    [AN_IRQL_LIMIT] = "irql_limit", [AN_INIT_ALLOC_ORDER] = "init_alloc_order",
    [AN_INTERRUPT_LAST] = "interrupt_last", [AN_REQUESTS_AT_RESET] = "requests_at_reset",
    [AN_RETURN_VALUES] = "return_values",
};

const char *analysis_name(analysis_id id)
{
    return id < AN_COUNT ? analysis_names[id] : "?";
}

static int in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0)
            return 1;
    return 0;
}

static const char *scalar(const ynode *n, const char *what, yerror *err)
{
    if (ynode_expect(n, YNODE_SCALAR, what, err) < 0)
        return NULL;
    return n->scalar;
}

/* A small growable text buffer, for explain's body rendering. */
typedef struct {
    char *s;
    size_t len, cap;
} sbuf;

static void sb_add(sbuf *b, const char *text)
{
    size_t n = strlen(text);
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *p = realloc(b->s, cap);
        if (!p)
            return;
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, text, n + 1);
    b->len += n;
}

static void pad_to(sbuf *b, int indent)
{
    for (int i = 0; i < indent && i < 60; i++)
        sb_add(b, " ");
}

/* Renders a node as block YAML; a map inside a list starts on the dash's line. */
static void dump_node(sbuf *b, const ynode *n, int indent, int inline_first)
{
    if (n->type == YNODE_SCALAR) {
        if (n->quoted || !*n->scalar) {
            sb_add(b, "\"");
            sb_add(b, n->scalar);
            sb_add(b, "\"");
        } else {
            sb_add(b, n->scalar);
        }
        sb_add(b, "\n");
        return;
    }
    if (n->count == 0) {
        sb_add(b, n->type == YNODE_MAP ? "{}\n" : "[]\n");
        return;
    }
    if (!inline_first)
        sb_add(b, "\n");
    for (size_t i = 0; i < n->count; i++) {
        if (i > 0 || !inline_first)
            pad_to(b, indent);
        if (n->type == YNODE_MAP) {
            sb_add(b, n->keys[i]->scalar);
            sb_add(b, n->values[i]->type == YNODE_SCALAR || !n->values[i]->count ? ": " : ":");
            dump_node(b, n->values[i], indent + 2, 0);
        } else {
            sb_add(b, "- ");
            const ynode *v = n->values[i];
            dump_node(b, v, indent + 2, v->type == YNODE_MAP && v->count > 0);
        }
    }
}

static void field_free(field_ref *f)
{
    free(f->arg);
    f->arg = NULL;
}

static void value_free(value *v)
{
    if (v->is_str)
        free(v->str);
}

static void matcher_free(matcher *m)
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
        if (c->has_re)
            regfree(&c->re);
    }
    free(m->conds);
    for (size_t i = 0; i < m->nkey; i++)
        field_free(&m->key[i]);
    free(m->key);
    memset(m, 0, sizeof *m);
}

void rule_free(rule *r)
{
    if (!r)
        return;
    free(r->id);
    free(r->summary);
    free(r->doc_file);
    free(r->doc_page);
    free(r->doc_url);
    free(r->doc_passage);
    free(r->doc);
    free(r->fix);
    free(r->message);
    free(r->source);
    free(r->body_text);
    names_free(r->supersedes, r->nsupersedes);
    matcher_free(&r->pattern);
    monitor_def *m = &r->monitor;
    for (size_t i = 0; i < m->nkey; i++)
        field_free(&m->key[i]);
    free(m->key);
    names_free(m->states, m->nstates);
    free(m->accepting);
    for (size_t i = 0; i < m->ntrans; i++) {
        free(m->trans[i].from);
        matcher_free(&m->trans[i].on);
    }
    free(m->trans);
    names_free(m->end_callbacks, m->nend);
    names_free(r->analysis.include, r->analysis.ninclude);
    names_free(r->analysis.exclude, r->analysis.nexclude);
    names_free(r->analysis.callbacks, r->analysis.ncallbacks);
    free(r);
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
        if (f->id == F_STATE && !in_list(adapter_states, s))
            return yerr_at(err, n, "unknown adapter state '%s'", s);
        if (f->id == F_STATUS_CLASS && !in_list(status_classes, s))
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
            case OP_MATCHES: {
                if (arg->type != YNODE_SCALAR) {
                    field_free(&f);
                    return yerr_at(err, arg, "matches takes a regular expression");
                }
                int rc = regcomp(&c->re, arg->scalar, REG_EXTENDED | REG_NOSUB);
                if (rc != 0) {
                    char msg[256];
                    regerror(rc, &c->re, msg, sizeof msg);
                    field_free(&f);
                    return yerr_at(err, arg, "bad regular expression '%s': %s", arg->scalar, msg);
                }
                c->has_re = 1;
                break;
            }
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
                    if (one->type != YNODE_SCALAR || !in_list(status_classes, one->scalar)) {
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

static int parse_key(const ynode *n, field_ref **out, size_t *count, yerror *err)
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
    if ((any || (kinds & (1u << EV_OP))) && in_list(op_names, name))
        return 1;
    if ((any || (kinds & (1u << EV_CRASH))) && in_list(crash_names, name))
        return 1;
    if ((any || (kinds & (1u << EV_VALGRIND))) && in_list(valgrind_names, name))
        return 1;
    if (kinds & ((1u << EV_HANG) | (1u << EV_ERROR)))
        return 1;
    return 0;
}

static int parse_matcher(const ynode *n, const ndis_tables *t, int allow_key, matcher *m,
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
            if (!in_list(adapter_states, m->states[i]))
                return yerr_at(err, state->type == YNODE_SEQ ? state->values[i] : state,
                               "unknown adapter state '%s'", m->states[i]);
    }
    if (where && parse_where(where, t, m, err) < 0)
        return -1;
    if (key && parse_key(key, &m->key, &m->nkey, err) < 0)
        return -1;
    return 0;
}

/* ---- monitors ---- */

static int state_index(monitor_def *m, const ynode *n, yerror *err)
{
    if (ynode_expect(n, YNODE_SCALAR, "a state", err) < 0)
        return -1;
    for (size_t i = 0; i < m->nstates; i++)
        if (strcmp(m->states[i], n->scalar) == 0)
            return (int)i;
    char **s = realloc(m->states, (m->nstates + 1) * sizeof *s);
    if (!s)
        return yerr_at(err, n, "out of memory");
    m->states = s;
    if (!(s[m->nstates] = strdup(n->scalar)))
        return yerr_at(err, n, "out of memory");
    return (int)m->nstates++;
}

static int parse_monitor(const ynode *n, const ndis_tables *t, monitor_def *m, yerror *err)
{
    static const char *const keys[] = { "key", "initial", "accepting", "transitions", "end",
                                        "deadline", NULL };
    static const char *const tkeys[] = { "from", "on", "to", "fail", NULL };
    if (ynode_expect(n, YNODE_MAP, "monitor", err) < 0 || ymap_check_keys(n, keys, err) < 0)
        return -1;
    const ynode *key = ymap_get(n, "key"), *initial = ymap_get(n, "initial"),
                *accepting = ymap_get(n, "accepting"), *trans = ymap_get(n, "transitions"),
                *end = ymap_get(n, "end"), *deadline = ymap_get(n, "deadline");
    if (!key || !initial || !trans)
        return yerr_at(err, n, "a monitor needs key, initial and transitions");
    if (parse_key(key, &m->key, &m->nkey, err) < 0)
        return -1;
    if ((m->initial = state_index(m, initial, err)) < 0)
        return -1;
    if (ynode_expect(trans, YNODE_SEQ, "transitions", err) < 0)
        return -1;
    if (trans->count == 0)
        return yerr_at(err, trans, "a monitor needs at least one transition");
    m->trans = calloc(trans->count, sizeof *m->trans);
    if (!m->trans)
        return yerr_at(err, trans, "out of memory");
    /* first pass: states entered (initial, every `to`) */
    size_t entered_cap = trans->count + 1;
    int *entered = calloc(entered_cap, sizeof *entered);
    size_t nentered = 0;
    if (!entered)
        return yerr_at(err, trans, "out of memory");
    entered[nentered++] = m->initial;
    for (size_t i = 0; i < trans->count; i++) {
        const ynode *tn = trans->values[i];
        transition *tr = &m->trans[i];
        m->ntrans++;
        tr->to = -1;
        if (ynode_expect(tn, YNODE_MAP, "a transition", err) < 0 || ymap_check_keys(tn, tkeys, err) < 0)
            goto fail;
        const ynode *from = ymap_get(tn, "from"), *on = ymap_get(tn, "on"), *to = ymap_get(tn, "to"),
                    *f = ymap_get(tn, "fail");
        if (!from || !on) {
            yerr_at(err, tn, "a transition needs from and on");
            goto fail;
        }
        if (!to && !f) {
            yerr_at(err, tn, "a transition needs to or fail: true");
            goto fail;
        }
        if (f && ynode_bool(f, &tr->fail, err) < 0)
            goto fail;
        if (to && (tr->to = state_index(m, to, err)) < 0)
            goto fail;
        if (tr->to >= 0)
            entered[nentered++] = tr->to;
        if (from->type == YNODE_SCALAR && strcmp(from->scalar, "*") == 0) {
            tr->from_any = 1;
        } else {
            size_t nf = from->type == YNODE_SEQ ? from->count : 1;
            if (from->type == YNODE_MAP || nf == 0) {
                yerr_at(err, from, "from must be a state, a list of states or \"*\"");
                goto fail;
            }
            tr->from = calloc(nf, sizeof *tr->from);
            if (!tr->from) {
                yerr_at(err, from, "out of memory");
                goto fail;
            }
            for (size_t s = 0; s < nf; s++) {
                int idx = state_index(m, from->type == YNODE_SEQ ? from->values[s] : from, err);
                if (idx < 0)
                    goto fail;
                tr->from[tr->nfrom++] = idx;
            }
        }
        if (parse_matcher(on, t, 1, &tr->on, err) < 0)
            goto fail;
    }
    if (accepting) {
        size_t na = accepting->type == YNODE_SEQ ? accepting->count : 1;
        if (accepting->type == YNODE_MAP) {
            yerr_at(err, accepting, "accepting must be a state or a list of states");
            goto fail;
        }
        for (size_t i = 0; i < na; i++)
            if (state_index(m, accepting->type == YNODE_SEQ ? accepting->values[i] : accepting, err) < 0)
                goto fail;
    }
    if (deadline) {
        static const char *const dkeys[] = { "state", "after_us", NULL };
        int64_t us;
        const ynode *ds, *da;
        if (ynode_expect(deadline, YNODE_MAP, "deadline", err) < 0 || ymap_check_keys(deadline, dkeys, err) < 0)
            goto fail;
        ds = ymap_get(deadline, "state");
        da = ymap_get(deadline, "after_us");
        if (!ds || !da) {
            yerr_at(err, deadline, "deadline needs state and after_us");
            goto fail;
        }
        if ((m->deadline_state = state_index(m, ds, err)) < 0 || ynode_int(da, &us, err) < 0)
            goto fail;
        if (us <= 0) {
            yerr_at(err, da, "after_us must be positive");
            goto fail;
        }
        m->deadline_us = (uint64_t)us;
        m->has_deadline = 1;
    }
    /* every state named must be entered somewhere */
    m->accepting = calloc(m->nstates, 1);
    if (!m->accepting) {
        yerr_at(err, n, "out of memory");
        goto fail;
    }
    for (size_t s = 0; s < m->nstates; s++) {
        int ok = 0;
        for (size_t e = 0; e < nentered && !ok; e++)
            ok = entered[e] == (int)s;
        if (!ok) {
            yerr_at(err, n, "monitor state '%s' is never entered (not initial, no transition goes to it)",
                    m->states[s]);
            goto fail;
        }
    }
    free(entered);
    entered = NULL;
    if (accepting) {
        size_t na = accepting->type == YNODE_SEQ ? accepting->count : 1;
        for (size_t i = 0; i < na; i++)
            m->accepting[state_index(m, accepting->type == YNODE_SEQ ? accepting->values[i] : accepting,
                                     err)] = 1;
    }
    if (end) {
        char **names;
        size_t nn;
        if (yaml_names(end, "end", &names, &nn, err) < 0)
            return -1;
        for (size_t i = 0; i < nn; i++) {
            if (strcmp(names[i], "scenario") == 0) {
                m->end_scenario = 1;
                continue;
            }
            if (!tables_callback(t, names[i])) {
                yerr_at(err, end->type == YNODE_SEQ ? end->values[i] : end,
                        "end: '%s' is neither 'scenario' nor a callback", names[i]);
                names_free(names, nn);
                return -1;
            }
            char **grown = realloc(m->end_callbacks, (m->nend + 1) * sizeof *grown);
            if (!grown) {
                names_free(names, nn);
                return yerr_at(err, end, "out of memory");
            }
            m->end_callbacks = grown;
            m->end_callbacks[m->nend++] = strdup(names[i]);
        }
        names_free(names, nn);
    }
    return 0;
fail:
    free(entered);
    return -1;
}

/* ---- analyses ---- */

static int parse_analysis(const ynode *n, const ndis_tables *t, analysis_def *a, yerror *err)
{
    static const char *const keys[] = { "name", "params", NULL };
    /* the parameters each analysis accepts */
    static const char *const p_leaks[] = { "include", "exclude", "when", NULL };
    static const char *const p_kinds[] = { "include", "exclude", NULL };
    static const char *const p_bad[] = { "include", "exclude", "which", NULL };
    static const char *const p_none[] = { NULL };
    static const char *const p_returns[] = { "set", "callbacks", NULL };
    static const char *const *const params_of[AN_COUNT] = {
        [AN_LEAKS_AT_HALT] = p_leaks, [AN_RELEASE_ORDER] = p_kinds, [AN_BAD_FREE] = p_bad,
        [AN_WRONG_RECIPROCAL] = p_kinds, [AN_IRQL_LIMIT] = p_none, [AN_INIT_ALLOC_ORDER] = p_none,
        [AN_INTERRUPT_LAST] = p_none, [AN_REQUESTS_AT_RESET] = p_none, [AN_RETURN_VALUES] = p_returns,
    };
    if (ynode_expect(n, YNODE_MAP, "analysis", err) < 0 || ymap_check_keys(n, keys, err) < 0)
        return -1;
    const ynode *name = ymap_get(n, "name"), *params = ymap_get(n, "params");
    if (!name)
        return yerr_at(err, n, "analysis needs a name");
    if (!scalar(name, "name", err))
        return -1;
    int found = -1;
    for (int i = 0; i < AN_COUNT; i++)
        if (strcmp(analysis_names[i], name->scalar) == 0)
            found = i;
    if (found < 0)
        return yerr_at(err, name,
                       "unknown analysis '%s' (leaks_at_halt, release_order, bad_free, wrong_reciprocal, "
                       "irql_limit, init_alloc_order, interrupt_last, requests_at_reset, return_values)",
                       name->scalar);
    a->id = (analysis_id)found;
    a->at_halt = a->at_failed_init = 1;
    a->which_double = a->which_foreign = 1;
    if (!params)
        return a->id == AN_RETURN_VALUES ? yerr_at(err, n, "return_values needs params set or callbacks") : 0;
    if (ynode_expect(params, YNODE_MAP, "params", err) < 0 || ymap_check_keys(params, params_of[found], err) < 0)
        return -1;
    if (a->id == AN_RETURN_VALUES)
        return analysis_return_params(params, t, a, err);
    const ynode *inc = ymap_get(params, "include"), *exc = ymap_get(params, "exclude"),
                *when = ymap_get(params, "when"), *which = ymap_get(params, "which");
    if (inc && yaml_names(inc, "include", &a->include, &a->ninclude, err) < 0)
        return -1;
    if (exc && yaml_names(exc, "exclude", &a->exclude, &a->nexclude, err) < 0)
        return -1;
    for (size_t i = 0; i < a->ninclude + a->nexclude; i++) {
        const char *k = i < a->ninclude ? a->include[i] : a->exclude[i - a->ninclude];
        const ynode *at = i < a->ninclude ? inc : exc;
        size_t j = i < a->ninclude ? i : i - a->ninclude;
        if (!tables_kind(t, k))
            return yerr_at(err, at->type == YNODE_SEQ ? at->values[j] : at, "unknown resource kind '%s'", k);
    }
    if (when) {
        char **w;
        size_t nw;
        if (yaml_names(when, "when", &w, &nw, err) < 0)
            return -1;
        a->at_halt = a->at_failed_init = 0;
        for (size_t i = 0; i < nw; i++) {
            if (strcmp(w[i], "halt") == 0)
                a->at_halt = 1;
            else if (strcmp(w[i], "failed_initialize") == 0)
                a->at_failed_init = 1;
            else {
                yerr_at(err, when->type == YNODE_SEQ ? when->values[i] : when,
                        "when is halt or failed_initialize, not '%s'", w[i]);
                names_free(w, nw);
                return -1;
            }
        }
        names_free(w, nw);
    }
    if (which) {
        char **w;
        size_t nw;
        if (yaml_names(which, "which", &w, &nw, err) < 0)
            return -1;
        a->which_double = a->which_foreign = 0;
        for (size_t i = 0; i < nw; i++) {
            if (strcmp(w[i], "double") == 0)
                a->which_double = 1;
            else if (strcmp(w[i], "foreign") == 0)
                a->which_foreign = 1;
            else {
                yerr_at(err, which->type == YNODE_SEQ ? which->values[i] : which,
                        "which is double or foreign, not '%s'", w[i]);
                names_free(w, nw);
                return -1;
            }
        }
        names_free(w, nw);
    }
    return 0;
}

/* ---- the rule ---- */

static int valid_id(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

static char *dup_scalar(const ynode *map, const char *key, yerror *err, const ynode *rule_node)
{
    return yaml_dup_required(map, key, rule_node, err);
}

/* doc: {file: SEED, passage} (page and address from the pages table), or
 * {page, url, passage} for a page beyond the seeds. */
static int doc_parse(rule *r, const ynode *doc, const doc_pages *pages, yerror *err)
{
    static const char *const doc_keys[] = { "file", "page", "url", "passage", NULL };
    if (ynode_expect(doc, YNODE_MAP, "doc", err) < 0 || ymap_check_keys(doc, doc_keys, err) < 0)
        return -1;
    if (!(r->doc_passage = dup_scalar(doc, "passage", err, doc)))
        return -1;
    if (ymap_get(doc, "file")) {
        if (!(r->doc_file = dup_scalar(doc, "file", err, doc)))
            return -1;
        const doc_page *p = doc_pages_find(pages, r->doc_file);
        if (!p)
            return yerr_at(err, ymap_get(doc, "file"), "doc.file '%s' is not a seed page of the pages: table",
                           r->doc_file);
        r->doc_page = strdup(p->title);
        r->doc_url = strdup(p->url);
    }
    if (ymap_get(doc, "page")) {
        free(r->doc_page);
        if (!(r->doc_page = dup_scalar(doc, "page", err, doc)))
            return -1;
    }
    if (ymap_get(doc, "url")) {
        free(r->doc_url);
        if (!(r->doc_url = dup_scalar(doc, "url", err, doc)))
            return -1;
        if (!doc_url_valid(r->doc_url))
            return yerr_at(err, ymap_get(doc, "url"), "doc.url must be an https:// address");
    }
    if (!r->doc_page || !r->doc_url)
        return yerr_at(err, doc, "doc needs 'file' (a seed page) or both 'page' and 'url'");
    size_t dl = strlen(r->doc_page) + strlen(r->doc_passage) + 3;
    if (!(r->doc = malloc(dl)))
        return yerr_at(err, doc, "out of memory");
    snprintf(r->doc, dl, "%s: %s", r->doc_page, r->doc_passage);
    return 0;
}

int rule_parse(const ynode *node, const ndis_tables *t, const doc_pages *pages, rule **out, yerror *err)
{
    static const char *const keys[] = { "id", "severity", "summary", "doc", "fix", "message", "pattern",
                                        "monitor", "analysis", "supersedes", NULL };
    *out = NULL;
    if (ynode_expect(node, YNODE_MAP, "a rule", err) < 0 || ymap_check_keys(node, keys, err) < 0)
        return -1;
    rule *r = calloc(1, sizeof *r);
    if (!r)
        return yerr_at(err, node, "out of memory");
    char src[1100];
    snprintf(src, sizeof src, "%s:%d", node->file, node->line);
    r->source = strdup(src);
    if (!(r->id = dup_scalar(node, "id", err, node)))
        goto fail;
    if (!valid_id(r->id)) {
        yerr_at(err, ymap_get(node, "id"), "rule id '%s' must be made of A-Z, 0-9 and '-'", r->id);
        goto fail;
    }
    char *sev = dup_scalar(node, "severity", err, node);
    if (!sev)
        goto fail;
    int s = severity_from_name(sev);
    free(sev);
    if (s < 0) {
        yerr_at(err, ymap_get(node, "severity"), "severity is error, warning or info");
        goto fail;
    }
    r->sev = (severity)s;
    if (!(r->summary = dup_scalar(node, "summary", err, node)))
        goto fail;
    const ynode *doc = ymap_get(node, "doc");
    if (!doc) {
        yerr_at(err, node, "missing required field 'doc'");
        goto fail;
    }
    if (doc_parse(r, doc, pages, err) < 0)
        goto fail;
    if (ymap_get(node, "fix") && !(r->fix = dup_scalar(node, "fix", err, node)))
        goto fail;
    if (!(r->message = dup_scalar(node, "message", err, node)))
        goto fail;
    if (message_check(r->message, ymap_get(node, "message"), err) < 0)
        goto fail;
    const ynode *pat = ymap_get(node, "pattern"), *mon = ymap_get(node, "monitor"),
                *an = ymap_get(node, "analysis"), *sup = ymap_get(node, "supersedes");
    int bodies = !!pat + !!mon + !!an;
    if (bodies != 1) {
        yerr_at(err, node, "a rule needs exactly one of pattern, monitor, analysis (has %d)", bodies);
        goto fail;
    }
    const ynode *body = pat ? pat : mon ? mon : an;
    if (pat) {
        r->body = BODY_PATTERN;
        if (ynode_expect(pat, YNODE_MAP, "pattern", err) < 0 || parse_matcher(pat, t, 0, &r->pattern, err) < 0)
            goto fail;
    } else if (mon) {
        r->body = BODY_MONITOR;
        if (parse_monitor(mon, t, &r->monitor, err) < 0)
            goto fail;
    } else {
        r->body = BODY_ANALYSIS;
        if (parse_analysis(an, t, &r->analysis, err) < 0)
            goto fail;
    }
    if (sup && yaml_names(sup, "supersedes", &r->supersedes, &r->nsupersedes, err) < 0)
        goto fail;
    sbuf b = { 0 };
    sb_add(&b, pat ? "pattern:" : mon ? "monitor:" : "analysis:");
    dump_node(&b, body, 2, 0);
    r->body_text = b.s;
    *out = r;
    return 0;
fail:
    rule_free(r);
    return -1;
}
