/* rules/evaluate.c, ruleset_run_*: judging a scenario one event at a time,
 * each event dropped (poisoned, then freed) as soon as it is fed, finds
 * exactly what judging the whole trace finds: same rules, messages,
 * events, backtraces and origins, same resource spans. A run that kept a
 * pointer to a fed event reads poison: other text, other frames, or a
 * crash (and memcheck or ASan say where).
 *
 * The traces are the suite's on samples whose findings cite what the run
 * must keep: a monitor's entry (origin), a resource's allocating call
 * ({resource.arg.PortNumber}), a request outstanding at a reset, an OID
 * request's enter (its return judged with the enter's arguments). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "judge/judge.h"
#include "tool_runner.h"
#include "trace_builder.h"

/* A fed event's copy, in one block the test poisons when it drops it. */
static event *copy_event(const event *ev, size_t *size)
{
    size_t stack = ev->stack_depth * sizeof *ev->stack, args = ev->nargs * sizeof *ev->args,
           frames = ev->bt.count * sizeof *ev->bt.frames;
    *size = sizeof *ev + stack + args + frames;
    event *c = malloc(*size);
    ck_assert_ptr_nonnull(c);
    *c = *ev;
    c->arrays = NULL;
    char *at = (char *)(c + 1);
    c->stack = memcpy(at, ev->stack, stack);
    c->args = memcpy(at + stack, ev->args, args);
    c->bt.frames = memcpy(at + stack + args, ev->bt.frames, frames);
    return c;
}

static void drop_event(event *c, size_t size)
{
    memset(c, 0xa5, size);
    free(c);
}

static void same_backtrace(const backtrace_t *a, const backtrace_t *b)
{
    ck_assert_uint_eq(a->count, b->count);
    for (size_t i = 0; i < a->count; i++) {
        ck_assert_uint_eq(a->frames[i].pc, b->frames[i].pc);
        ck_assert_str_eq(a->frames[i].module, b->frames[i].module);
    }
}

/* Judges t both ways; counts the findings of want_rule, and those of them with an origin. */
static void judge_both_ways(const ruleset *rs, const event_list *t, const char *want_rule, size_t *want_seen,
                            size_t *want_origin)
{
    violation_list whole = { 0 }, streamed = { 0 };
    scenario_story whole_story = { 0 }, streamed_story = { 0 };
    ck_assert_int_eq(ruleset_evaluate_story(rs, t, &whole, &whole_story), 0);

    rule_run *run = ruleset_run_begin(rs, &streamed, 1);
    ck_assert_ptr_nonnull(run);
    event *last = NULL;
    size_t last_size = 0;
    for (size_t i = 0; i < t->count; i++) {
        size_t size;
        event *c = copy_event(&t->items[i], &size);
        ck_assert_int_eq(ruleset_run_feed(run, c), 0);
        if (last)
            drop_event(last, last_size);  /* only the last event is held, for the end */
        last = c;
        last_size = size;
    }
    ck_assert_int_eq(ruleset_run_end(run, last, &streamed_story), 0);
    ruleset_run_free(run);
    if (last)
        drop_event(last, last_size);

    ck_assert_uint_eq(whole.count, streamed.count);
    for (size_t i = 0; i < whole.count; i++) {
        const violation *a = &whole.items[i], *b = &streamed.items[i];
        ck_assert_str_eq(a->rule_id, b->rule_id);
        ck_assert_str_eq(a->message, b->message);
        ck_assert_uint_eq(a->event_index, b->event_index);
        ck_assert_str_eq(a->callback, b->callback);
        ck_assert_str_eq(a->state, b->state);
        same_backtrace(&a->bt, &b->bt);
        same_backtrace(&a->origin, &b->origin);
        if (strcmp(a->rule_id, want_rule) == 0) {
            (*want_seen)++;
            *want_origin += a->origin.count > 0;
        }
    }
    ck_assert_uint_eq(whole_story.nspans, streamed_story.nspans);
    for (size_t i = 0; i < whole_story.nspans; i++) {
        ck_assert_uint_eq(whole_story.spans[i].handle, streamed_story.spans[i].handle);
        ck_assert_uint_eq(whole_story.spans[i].free_index, streamed_story.spans[i].free_index);
    }
    violation_list_free(&whole);
    violation_list_free(&streamed);
    scenario_story_free(&whole_story);
    scenario_story_free(&streamed_story);
}

static const struct {
    const char *sample;
    const char *rule;   /* a finding that cites what the run kept */
    int origin;         /* ... and carries its backtrace as the origin */
} cases[] = {
    { "vnic-port-free-before-halt", "PORT-FREE-BEFORE-HALT", 1 },   /* {resource.arg.PortNumber} */
    { "vnic-reset-requests", "RESET-REQUESTS-COMPLETED", 0 },       /* the request and the reset */
    { "vnic-pause-pending-complete", "PAUSE-PENDING-COMPLETE", 0 }, /* a monitor entered by NDIS */
    { "vnic-irql-spinlock-mismatch", "IRQL-SPINLOCK-MISMATCH", 1 }, /* a monitor entered by a DDI */
    { "vnic-oid-bytes-needed", "OID-BYTES-NEEDED", 0 },             /* the enter's arguments */
    { "vnic-double-free", "RES-DOUBLE-FREE", 1 },
    { "vnic-leak", "HALT-FREE-ALL", 1 },
};

START_TEST(a_run_fed_events_it_may_drop_finds_what_the_whole_trace_finds)
{
    char *dir = tool_temp_dir("rule-stream");
    char so[256], out[512], trace_path[600];
    snprintf(so, sizeof so, "build/samples/%s.so", cases[_i].sample);
    snprintf(out, sizeof out, "%s/out", dir);
    tool_output o = tool_run((const char *const[]){ "run", "-q", "-o", out, so, NULL });
    ck_assert_msg(o.status == 1, "%s: exit %d: %s", so, o.status, o.err);
    tool_output_free(&o);
    snprintf(trace_path, sizeof trace_path, "%s/trace.jsonl", out);

    judged_trace *traces = NULL;
    size_t n = 0;
    char err[512];
    ck_assert_msg(judge_read_trace(trace_path, &traces, &n, NULL, err, sizeof err) == 0, "%s", err);
    ruleset *rs = tb_load_checks();
    size_t seen = 0, with_origin = 0;
    for (size_t i = 0; i < n; i++) {
        judge_both_ways(rs, &traces[i].events, cases[_i].rule, &seen, &with_origin);
        judged_trace_free(&traces[i]);
    }
    free(traces);
    ck_assert_msg(seen, "%s: no %s finding to compare", so, cases[_i].rule);
    if (cases[_i].origin)
        ck_assert_msg(with_origin > 0, "%s: no %s finding with an origin", so, cases[_i].rule);
    ruleset_free(rs);
    tool_remove_dir(dir);
}
END_TEST

/* A judge that keeps no story forgets the records of released resources
 * no lookup reaches (analysis.c, forget_released) every time the ledger
 * doubles. Its findings must be those of a judge that keeps every record:
 * thousands of pairs at reused addresses in MiniportInitializeEx, then a
 * double free of one of them, a foreign free, a leak, and a Halt that
 * releases in the wrong order. */
START_TEST(forgetting_released_resources_changes_no_finding)
{
    trace t;
    tr_init(&t);
    t.state = "Initializing";
    enter(&t, "MiniportInitializeEx");
    status(ddi_h(&t, "NdisAllocateMemoryWithTagPriority", 0x1000), SUCCESS);
    status(ddi_h(&t, "NdisAllocateSpinLock", 0x6000), SUCCESS);
    for (int i = 0; i < 5000; i++) {
        int64_t h = 0x100000 + (i % 64) * 0x100;
        status(ddi_h(&t, "NdisAllocateMemoryWithTagPriority", h), SUCCESS);
        ddi_h(&t, "NdisFreeMemory", h);
    }
    status(ddi_h(&t, "NdisAllocateTimerObject", 0x7000), SUCCESS);
    status(ddi_h(&t, "NdisAllocateMemoryWithTagPriority", 0x3000), SUCCESS);  /* never released */
    attributes_set(ddi(&t, "NdisMSetMiniportAttributes"), 0x9E);
    attributes_set(ddi(&t, "NdisMSetMiniportAttributes"), 0x9F);
    status(ret(&t, "MiniportInitializeEx"), SUCCESS);
    t.state = "Paused";
    ddi_h(&t, "NdisFreeMemory", 0x100000);   /* released in the loop: a double free */
    ddi_h(&t, "NdisFreeMemory", 0x999000);   /* never allocated */
    enter(&t, "MiniportHaltEx");
    ddi_h(&t, "NdisFreeMemory", 0x1000);     /* before what Initialize allocated after it */
    ddi_h(&t, "NdisFreeSpinLock", 0x6000);
    ddi_h(&t, "NdisFreeTimerObject", 0x7000);
    ret(&t, "MiniportHaltEx");

    ruleset *rs = tb_load_checks();
    violation_list kept = { 0 }, forgot = { 0 };
    scenario_story story = { 0 };
    ck_assert_int_eq(ruleset_evaluate_story(rs, &t.list, &kept, &story), 0);
    ck_assert_uint_eq(story.nspans, 5000 + 4);  /* this judge kept every record's span */
    /* in allocation order, though most records were forgotten in batches
     * and their spans kept apart (analysis.c): each pair of the loop is
     * released at the next event */
    for (size_t i = 1; i < story.nspans; i++)
        ck_assert_uint_lt(story.spans[i - 1].alloc_index, story.spans[i].alloc_index);
    for (size_t i = 2; i < 5000 + 2; i++) {
        ck_assert(!story.spans[i].leaked);
        ck_assert_uint_eq(story.spans[i].free_index, story.spans[i].alloc_index + 1);
    }
    rule_run *run = ruleset_run_begin(rs, &forgot, 0);
    ck_assert_ptr_nonnull(run);
    for (size_t i = 0; i < t.list.count; i++)
        ck_assert_int_eq(ruleset_run_feed(run, &t.list.items[i]), 0);
    ck_assert_int_eq(ruleset_run_end(run, &t.list.items[t.list.count - 1], NULL), 0);
    ruleset_run_free(run);

    ck_assert_uint_eq(kept.count, forgot.count);
    const char *want[] = { "RES-DOUBLE-FREE", "RES-FOREIGN-FREE", "HALT-FREE-ALL", "HALT-REVERSE-ORDER" };
    for (size_t w = 0; w < sizeof want / sizeof want[0]; w++)
        ck_assert_msg(tb_count(&forgot, want[w]) >= 1, "no %s", want[w]);
    for (size_t i = 0; i < kept.count; i++) {
        ck_assert_str_eq(kept.items[i].rule_id, forgot.items[i].rule_id);
        ck_assert_str_eq(kept.items[i].message, forgot.items[i].message);
        ck_assert_uint_eq(kept.items[i].event_index, forgot.items[i].event_index);
        same_backtrace(&kept.items[i].origin, &forgot.items[i].origin);
    }
    violation_list_free(&kept);
    violation_list_free(&forgot);
    scenario_story_free(&story);
    ruleset_free(rs);
    trace_free(&t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rule_stream");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, a_run_fed_events_it_may_drop_finds_what_the_whole_trace_finds, 0,
                        (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, forgetting_released_resources_changes_no_finding);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
