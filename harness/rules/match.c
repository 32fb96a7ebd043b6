/* What a matcher means on one event: field lookup and comparisons. */
#include "rule_model.h"
#include "../input/constants.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

int field_get(const event *ev, const field_ref *f, value *out)
{
    out->is_str = 0;
    out->str = NULL;
    out->num = 0;
    switch (f->id) {
    case F_KIND:
        out->is_str = 1;
        out->str = (char *)event_kind_name(ev->kind);
        return 0;
    case F_NAME:
        out->is_str = 1;
        out->str = (char *)(ev->name ? ev->name : "");
        return 0;
    case F_CALLBACK:
        out->is_str = 1;
        out->str = (char *)(ev->callback ? ev->callback : "");
        return 0;
    case F_STATE:
        out->is_str = 1;
        out->str = (char *)(ev->state ? ev->state : "");
        return 0;
    case F_SCENARIO:
        out->is_str = 1;
        out->str = (char *)(ev->scenario ? ev->scenario : "");
        return 0;
    case F_ADAPTER:
        out->num = ev->adapter;
        return 0;
    case F_IRQL:
        out->num = ev->irql;
        return 0;
    case F_TIME:
        out->num = (int64_t)ev->time_us;
        return 0;
    case F_INDEX:
        out->num = (int64_t)ev->index;
        return 0;
    case F_STATUS:
        if (!ev->has_status)
            return -1;
        out->num = ev->status;
        return 0;
    case F_STATUS_CLASS:
        if (!ev->has_status)
            return -1;
        out->is_str = 1;
        out->str = (char *)status_class(ev->status);
        return 0;
    case F_ARG: {
        const event_arg *a = event_arg_get(ev, f->arg);
        if (!a)
            return -1;
        out->is_str = a->is_str;
        out->num = a->num;
        out->str = (char *)a->str;   /* borrowed, as every out->str */
        return 0;
    }
    }
    return -1;
}

/* NDIS values are 32-bit; the trace may carry them sign- or zero-extended. */
static int fits32(int64_t v)
{
    return v >= INT32_MIN && v <= (int64_t)UINT32_MAX;
}

static int num_equal(int64_t a, int64_t b)
{
    return a == b || (fits32(a) && fits32(b) && (uint32_t)a == (uint32_t)b);
}

/* -2 when the two cannot be compared (string against number). */
static int compare(const value *a, const value *b)
{
    if (a->is_str != b->is_str)
        return -2;
    if (a->is_str) {
        int c = strcmp(a->str ? a->str : "", b->str ? b->str : "");
        return c < 0 ? -1 : c > 0;
    }
    if (num_equal(a->num, b->num))
        return 0;
    return a->num < b->num ? -1 : 1;
}

static int in_set(const value *v, const condition *c)
{
    for (size_t i = 0; i < c->nvalues; i++)
        if (compare(v, &c->values[i]) == 0)
            return 1;
    return 0;
}

static int condition_holds(const condition *c, const event *ev)
{
    value v;
    int present = field_get(ev, &c->field, &v) == 0;
    if (c->op == OP_EXISTS)
        return present == c->exists;
    if (!present)
        return 0;
    switch (c->op) {
    case OP_EQ: return compare(&v, &c->values[0]) == 0;
    case OP_NE: return compare(&v, &c->values[0]) != 0;
    case OP_GT: { int r = compare(&v, &c->values[0]); return r == 1; }
    case OP_GE: { int r = compare(&v, &c->values[0]); return r == 0 || r == 1; }
    case OP_LT: { int r = compare(&v, &c->values[0]); return r == -1; }
    case OP_LE: { int r = compare(&v, &c->values[0]); return r == 0 || r == -1; }
    case OP_IN: return in_set(&v, c);
    case OP_NOT_IN: return !in_set(&v, c);
    case OP_MATCHES: {
        char buf[64];
        const char *text = v.str;
        if (!v.is_str) {
            snprintf(buf, sizeof buf, "%" PRId64, v.num);
            text = buf;
        }
        return rule_pattern_match(c->re, text ? text : "");
    }
    case OP_SAME_AS:
    case OP_DIFFERS_FROM: {
        value o;
        if (field_get(ev, &c->other, &o) != 0)
            return 0;
        int same = compare(&v, &o) == 0;
        return c->op == OP_SAME_AS ? same : !same;
    }
    case OP_CLASS:
        /* an NDIS_STATUS carried in any field (arg.Status of a completion), of any listed class */
        for (size_t k = 0; !v.is_str && k < c->nvalues; k++)
            if (strcmp(status_class(v.num), c->values[k].str) == 0)
                return 1;
        return 0;
    case OP_EXISTS:
        break;
    }
    return 0;
}

static int in_names(char **names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], s ? s : "") == 0)
            return 1;
    return 0;
}

int matcher_matches(const matcher *m, const event *ev, const rule_pattern **stopped)
{
    if (m->kinds && !(m->kinds & (1u << ev->kind)))
        return 0;
    if (m->nnames && !in_names(m->names, m->nnames, ev->name))
        return 0;
    if (m->nstates && !in_names(m->states, m->nstates, ev->state))
        return 0;
    if (m->nwithin) {
        int any = 0;
        for (size_t i = 0; i < m->nwithin && !any; i++)
            any = event_within(ev, m->within[i]);
        if (!any)
            return 0;
    }
    for (size_t i = 0; i < m->nconds; i++) {
        int holds = condition_holds(&m->conds[i], ev);
        if (holds < 0 && stopped)
            *stopped = m->conds[i].re;
        if (holds <= 0)
            return holds;
    }
    return 1;
}

static const char *const field_names[] = {
    [F_KIND] = "kind", [F_NAME] = "name", [F_ADAPTER] = "adapter", [F_CALLBACK] = "callback",
    [F_STATE] = "state", [F_IRQL] = "irql", [F_TIME] = "time", [F_STATUS] = "status",
    [F_STATUS_CLASS] = "status_class", [F_INDEX] = "index", [F_SCENARIO] = "scenario",
    [F_ARG] = "arg",
};

void field_format(const field_ref *f, char *buf, size_t len)
{
    if (f->id == F_ARG)
        snprintf(buf, len, "arg.%s", f->arg);
    else
        snprintf(buf, len, "%s", field_names[f->id]);
}

/* Returns -1 when text is not a field name. */
int field_parse(const char *text, field_ref *out)
{
    out->arg = NULL;
    if (strncmp(text, "arg.", 4) == 0 && text[4]) {
        out->id = F_ARG;
        out->arg = strdup(text + 4);
        return out->arg ? 0 : -1;
    }
    for (size_t i = 0; i < sizeof field_names / sizeof field_names[0]; i++)
        if (i != F_ARG && strcmp(field_names[i], text) == 0) {
            out->id = (field_id)i;
            return 0;
        }
    return -1;
}

/* WDK arguments that hold an NDIS_STATUS: Status, StatusCode, *Status
 * (not exit_status, a process exit code, nor StatusBufferSize). */
static int arg_is_status(const char *name)
{
    size_t n = strlen(name);
    return strcmp(name, "StatusCode") == 0 || (n >= 6 && strcmp(name + n - 6, "Status") == 0);
}

/* An argument whose name says it is an amount (a count, a length, a size,
 * a duration) prints in decimal however large: 300000 events, not 0x493e0. */
static int arg_is_quantity(const char *name)
{
    static const char *const suffixes[] = { "events", "_ms", "_us", "_bytes", "Length", "Size", "count",
                                            "Count", "MicrosecondsToStall" };
    size_t n = name ? strlen(name) : 0;
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t k = strlen(suffixes[i]);
        if (n >= k && strcmp(name + n - k, suffixes[i]) == 0)
            return 1;
    }
    return 0;
}

/* Values print the way NDIS people read them: statuses by name, IRQLs by
 * level, handles in hex, amounts in decimal. */
void format_value_of(const event *ev, const field_ref *f, char *buf, size_t len)
{
    value v;
    if (field_get(ev, f, &v) != 0) {
        snprintf(buf, len, "?");
        return;
    }
    if (v.is_str) {
        snprintf(buf, len, "%s", v.str ? v.str : "");
        return;
    }
    if (f->id == F_STATUS || (f->id == F_ARG && arg_is_status(f->arg))) {
        const char *n = status_name(v.num);
        if (n)
            snprintf(buf, len, "%s", n);
        else
            snprintf(buf, len, "0x%08" PRIX32, (uint32_t)v.num);
        return;
    }
    if (f->id == F_IRQL) {
        snprintf(buf, len, "%s", irql_name((int)v.num));
        return;
    }
    if ((v.num >= 0x10000 || v.num < -0x10000) && !(f->id == F_ARG && arg_is_quantity(f->arg)))
        snprintf(buf, len, "0x%" PRIx64, (uint64_t)v.num);
    else
        snprintf(buf, len, "%" PRId64, v.num);
}
