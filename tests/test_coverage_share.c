/* judge/coverage_share.c and the coverage feed (coverage.c): a live run
 * counts each trace apart, as its events come, several at once, and the
 * shares added up in trace order give the matrix that counting every trace
 * into one fresh plan gives, the values a plan does not list included. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "judge/coverage.h"
#include "judge/coverage_share.h"
#include "tool_runner.h"
#include "trace_builder.h"

#define PLAN "fixtures/coverage.yaml"

static coverage_plan *load(void)
{
    yerror err;
    coverage_plan *plan = coverage_load(PLAN, &err);
    ck_assert_msg(plan != NULL, "%s", err.text);
    return plan;
}

/* Trace a frees a port (listed answer) and gets INVALID_PORT (a value the
 * plan does not list); trace b gets INVALID_PORT_STATE, and SUCCESS twice. */
static void fill(trace *a, trace *b)
{
    tr_init(a);
    status(ddi(a, "NdisMFreePort"), SUCCESS);
    status(ddi(a, "NdisMFreePort"), INVALID_PORT);
    tr_init(b);
    status(ddi(b, "NdisMFreePort"), INVALID_PORT_STATE);
    status(ddi(b, "NdisMFreePort"), SUCCESS);
    status(ddi(b, "NdisMFreePort"), SUCCESS);
}

static unsigned count_of(const coverage_item *items, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(items[i].name, name) == 0)
            return items[i].count;
    return 0;
}

static void items_free(coverage_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].name);
        free(items[i].group);
    }
    free(items);
}

/* The matrix the shares of a and b add up to equals counting a then b
 * into one plan. */
static void expect_sum_is_one_count(const coverage_share *sa, const coverage_share *sb, trace *a, trace *b)
{
    coverage_plan *base = load(), *whole = load();
    const coverage_share *shares[] = { sa, sb };
    coverage_item *summed = NULL, *counted = NULL;
    size_t ns = 0, nc = 0;
    ck_assert_int_eq(coverage_share_sum(base, shares, 2, &summed, &ns), 0);
    coverage_count(whole, &a->list);
    coverage_count(whole, &b->list);
    ck_assert_int_eq(coverage_export(whole, &counted, &nc), 0);
    ck_assert_uint_eq(ns, nc);
    for (size_t i = 0; i < nc; i++) {
        ck_assert_str_eq(summed[i].group, counted[i].group);
        ck_assert_str_eq(summed[i].name, counted[i].name);
        ck_assert_uint_eq(summed[i].count, counted[i].count);
    }
    ck_assert_uint_eq(count_of(summed, ns, "NdisMFreePort -> NDIS_STATUS_SUCCESS"), 3);
    ck_assert_uint_eq(count_of(summed, ns, "NdisMFreePort -> NDIS_STATUS_INVALID_PORT"), 1);
    ck_assert_uint_eq(count_of(summed, ns, "NdisMFreePort -> NDIS_STATUS_INVALID_PORT_STATE"), 1);
    items_free(summed, ns);
    items_free(counted, nc);
    coverage_free(base);
    coverage_free(whole);
}

START_TEST(shares_add_up_to_one_count)
{
    coverage_plan *plan = load();
    trace a, b;
    fill(&a, &b);
    coverage_share sa, sb;
    ck_assert_int_eq(coverage_share_count(plan, &a.list, &sa), 0);
    ck_assert_int_eq(coverage_share_count(plan, &b.list, &sb), 0);
    expect_sum_is_one_count(&sa, &sb, &a, &b);
    ck_assert_uint_eq(sb.nunexpected, 1);  /* b's share holds its own value alone, not a's */
    ck_assert_uint_eq(sa.nunexpected, 1);
    coverage_share_free(&sa);
    coverage_share_free(&sb);
    trace_free(&a);
    trace_free(&b);
    coverage_free(plan);
}
END_TEST

/* Two hosts' events arrive interleaved (-j2): each feed counts its own. */
START_TEST(traces_fed_at_once_count_apart)
{
    coverage_plan *plan = load();
    trace a, b;
    fill(&a, &b);
    coverage_feed *fa = coverage_feed_begin(plan), *fb = coverage_feed_begin(plan);
    ck_assert_ptr_nonnull(fa);
    ck_assert_ptr_nonnull(fb);
    for (size_t i = 0; i < a.list.count || i < b.list.count; i++) {
        if (i < b.list.count)
            ck_assert_int_eq(coverage_feed_event(fb, &b.list.items[i]), 0);
        if (i < a.list.count)
            ck_assert_int_eq(coverage_feed_event(fa, &a.list.items[i]), 0);
    }
    coverage_share sa, sb;
    coverage_feed_end(fa, &sa);
    coverage_feed_end(fb, &sb);
    expect_sum_is_one_count(&sa, &sb, &a, &b);
    coverage_share_free(&sa);
    coverage_share_free(&sb);
    trace_free(&a);
    trace_free(&b);
    coverage_free(plan);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("coverage_share");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, shares_add_up_to_one_count);
    tcase_add_test(tc, traces_fed_at_once_count_apart);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
