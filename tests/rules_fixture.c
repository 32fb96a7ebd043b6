/* The rule tests' shared helpers (rules_fixture.h). */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "rules_fixture.h"

ruleset *shipped_rules;

void load_checks(void)
{
    shipped_rules = tb_load_checks();
}

void unload_checks(void)
{
    ruleset_free(shipped_rules);
    shipped_rules = NULL;
}

/* Evaluates and checks that exactly `id` (or nothing, for NULL) is reported. */
void expect_only(trace *t, const char *id)
{
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(shipped_rules, &t->list, &out), 0);
    for (size_t i = 0; i < out.count; i++) {
        if (!id || strcmp(out.items[i].rule_id, id) != 0)
            fprintf(stderr, "unexpected %s: %s\n", out.items[i].rule_id, out.items[i].message);
        if (id)
            ck_assert_str_eq(out.items[i].rule_id, id);
    }
    if (id)
        ck_assert_uint_ge(out.count, 1);
    else
        ck_assert_uint_eq(out.count, 0);
    violation_list_free(&out);
    trace_free(t);
}

/* Initialize with both attribute calls, optionally allocating memory. */
void good_init_begin(trace *t)
{
    t->state = "Initializing";
    enter(t, "MiniportInitializeEx");
    attributes_set(ddi(t, "NdisMSetMiniportAttributes"), 0x9E);
    attributes_set(ddi(t, "NdisMSetMiniportAttributes"), 0x9F);
}

void good_init_end(trace *t)
{
    status(ret(t, "MiniportInitializeEx"), SUCCESS);
    t->state = "Paused";
}

void alloc_mem(trace *t, int64_t h)
{
    event *e = ddi_h(t, "NdisAllocateMemoryWithTagPriority", h);
    arg(e, "Tag", 0x31564D4E);
}

void restart_with(trace *t, int64_t st, attrs a)
{
    arg(enter(t, "MiniportRestart"), "RestartAttributes", a.before);
    event *r = status(ret(t, "MiniportRestart"), st);
    arg(r, "RestartAttributes", a.before);
    arg(r, "RestartAttributesAfter", a.after);
    arg(r, "RestartAttributesModified", a.modified);
    arg(r, "RestartAttributesAdded", a.added);
    arg(r, "RestartAttributesFromNdis", a.from_ndis);
}

void link_state(trace *t, int64_t state)
{
    event *e = ddi(t, "NdisMIndicateStatusEx");
    arg(e, "StatusCode", 0x40010017);
    arg(e, "MediaConnectState", state);
}

/* Evaluates and checks that `id` is reported exactly n times, and nothing else. */
void expect_count(trace *t, const char *id, size_t n)
{
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(shipped_rules, &t->list, &out), 0);
    for (size_t i = 0; i < out.count; i++) {
        if (strcmp(out.items[i].rule_id, id) != 0)
            fprintf(stderr, "unexpected %s: %s\n", out.items[i].rule_id, out.items[i].message);
        ck_assert_str_eq(out.items[i].rule_id, id);
    }
    ck_assert_uint_eq(out.count, n);
    violation_list_free(&out);
    trace_free(t);
}

void timeout(trace *t, const char *operation)
{
    sarg(tr_push(t, EV_OP, "completion_timeout"), "operation", operation);
}

/* Evaluates and checks that the set of rule ids found is exactly `ids`
 * (space separated, sorted, "" for none); returns the findings. */
void expect_set(trace *t, const char *ids, violation_list *out)
{
    ck_assert_int_eq(ruleset_evaluate(shipped_rules, &t->list, out), 0);
    char found[512] = "";
    for (size_t i = 0; i < out->count; i++) {
        /* insertion into a sorted, de-duplicated list of words */
        const char *id = out->items[i].rule_id;
        char word[80];
        snprintf(word, sizeof word, " %s ", id);
        char padded[520];
        snprintf(padded, sizeof padded, " %s ", found);
        if (strstr(padded, word))
            continue;
        char next[512] = "";
        int placed = 0;
        char copy[512];
        snprintf(copy, sizeof copy, "%s", found);
        for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " ")) {
            size_t n = strlen(next);
            if (!placed && strcmp(id, tok) < 0) {
                snprintf(next + n, sizeof next - n, "%s%s", n ? " " : "", id);
                placed = 1;
                n = strlen(next);
            }
            snprintf(next + n, sizeof next - n, "%s%s", n ? " " : "", tok);
        }
        if (!placed) {
            size_t n = strlen(next);
            snprintf(next + n, sizeof next - n, "%s%s", n ? " " : "", id);
        }
        snprintf(found, sizeof found, "%s", next);
    }
    if (strcmp(found, ids) != 0)
        for (size_t i = 0; i < out->count; i++)
            fprintf(stderr, "found %s: %s\n", out->items[i].rule_id, out->items[i].message);
    ck_assert_str_eq(found, ids);
    trace_free(t);
}
