/* Synthesized traces for the rule tests: events pushed in order with a
 * callback stack, adapter state, IRQL and a clock that moves 10 us per
 * event, as the host would record them. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_builder.h"


void tr_init(trace *t)
{
    memset(t, 0, sizeof *t);
    t->state = "Running";
}

event *tr_push(trace *t, event_kind kind, const char *name)
{
    event ev;
    memset(&ev, 0, sizeof ev);
    ev.index = t->list.count;
    ev.kind = kind;
    ev.name = atom(name);
    ev.scenario = "synthetic";
    ev.adapter = 0;
    ev.callback = atom(t->depth ? t->stack[t->depth - 1] : "");
    ev.stack_depth = t->depth;
    ev.stack = calloc(t->depth + 1, sizeof(*ev.stack));
    for (size_t i = 0; i < t->depth; i++)
        ev.stack[i] = atom(t->stack[i]);
    ev.state = atom(t->state);
    ev.irql = t->irql;
    ev.time_us = t->time += 10;
    ck_assert_int_eq(event_list_push(&t->list, &ev), 0);
    return &t->list.items[t->list.count - 1];
}

void arg(event *ev, const char *key, int64_t num)
{
    ev->args = realloc(ev->args, (ev->nargs + 1) * sizeof *ev->args);
    ev->args[ev->nargs++] = (event_arg){ .key = atom(key), .num = num };
}

void sarg(event *ev, const char *key, const char *str)
{
    ev->args = realloc(ev->args, (ev->nargs + 1) * sizeof *ev->args);
    ev->args[ev->nargs++] = (event_arg){ .key = atom(key), .is_str = 1, .str = atom(str) };
}

event *status(event *ev, int64_t st)
{
    ev->has_status = 1;
    ev->status = (int32_t)(uint32_t)st;
    return ev;
}

/* NdisMSetMiniportAttributes of one attribute type, answered SUCCESS. */
void attributes_set(event *ev, int64_t type)
{
    arg(ev, "Type", type);
    status(ev, 0);
}

event *enter(trace *t, const char *cb)
{
    event *ev = tr_push(t, EV_ENTER, cb);
    t->stack[t->depth++] = strdup(cb);
    return ev;
}

event *ret(trace *t, const char *cb)
{
    ck_assert_uint_gt(t->depth, 0);
    free(t->stack[--t->depth]);
    /* the return event still belongs to the callback */
    t->stack[t->depth] = NULL;
    t->depth++;
    t->stack[t->depth - 1] = strdup(cb);
    event *ev = tr_push(t, EV_RETURN, cb);
    free(t->stack[--t->depth]);
    t->stack[t->depth] = NULL;
    return ev;
}

event *ddi(trace *t, const char *name)
{
    return tr_push(t, EV_DDI, name);
}

event *ddi_h(trace *t, const char *name, int64_t handle)
{
    event *ev = tr_push(t, EV_DDI, name);
    arg(ev, "handle", handle);
    return ev;
}

void trace_free(trace *t)
{
    for (size_t i = 0; i < t->depth; i++)
        free(t->stack[i]);
    event_list_free(&t->list);
}

ruleset *tb_load_checks(void)
{
    yerror err;
    const char *dirs[] = { "checks" };
    ruleset *rs = ruleset_load(dirs, 1, &err);
    if (!rs)
        fprintf(stderr, "%s\n", err.text);
    ck_assert_ptr_nonnull(rs);
    return rs;
}

ruleset *tb_rules;

void tb_rules_load(void)
{
    tb_rules = tb_load_checks();
}

void tb_rules_unload(void)
{
    ruleset_free(tb_rules);
    tb_rules = NULL;
}

size_t tb_judged(trace *t, const char *id, int strict)
{
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(tb_rules, &t->list, &out), 0);
    size_t n = tb_count(&out, id);
    if (strict)
        for (size_t i = 0; i < out.count; i++)
            ck_assert_msg(strcmp(out.items[i].rule_id, id) == 0, "unexpected %s: %s", out.items[i].rule_id,
                          out.items[i].message);
    violation_list_free(&out);
    trace_free(t);
    return n;
}

size_t tb_count(const violation_list *out, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < out->count; i++)
        n += strcmp(out->items[i].rule_id, id) == 0;
    return n;
}
