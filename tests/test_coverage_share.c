/* judge/coverage_share.c and the coverage feed (coverage.c): each trace is
 * counted apart, as its events come, several at once, and the shares added
 * up in trace order give the matrix: the plan's own items, then each value
 * the plan does not list where it first appeared, counted across traces. */
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

static void items_free(coverage_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].name);
        free(items[i].group);
    }
    free(items);
}

/* A whole trace's share, fed event by event. */
static void count_share(const coverage_plan *plan, const trace *t, coverage_share *out)
{
    coverage_feed *f = coverage_feed_begin(plan);
    ck_assert_ptr_nonnull(f);
    for (size_t i = 0; i < t->list.count; i++)
        ck_assert_int_eq(coverage_feed_event(f, &t->list.items[i]), 0);
    coverage_feed_end(f, out);
}

/* The matrix the shares add up to, in the order given: the plan's own
 * items (SUCCESS `success` times, nothing else), then each value the plan
 * does not list where it first appeared, with its count. */
static void expect_matrix(const coverage_share *first, const coverage_share *second, unsigned success,
                          const char *unexpected0, unsigned count0, const char *unexpected1, unsigned count1)
{
    coverage_plan *base = load();
    coverage_item *plan_items = NULL, *summed = NULL;
    size_t np = 0, ns = 0;
    ck_assert_int_eq(coverage_export(base, &plan_items, &np), 0);
    const coverage_share *shares[] = { first, second };
    ck_assert_int_eq(coverage_share_sum(base, shares, 2, &summed, &ns), 0);
    ck_assert_uint_eq(ns, np + (unexpected1 ? 2 : 1));
    for (size_t i = 0; i < np; i++) {
        ck_assert_str_eq(summed[i].name, plan_items[i].name);
        unsigned want = strcmp(summed[i].name, "NdisMFreePort -> NDIS_STATUS_SUCCESS") == 0 ? success : 0;
        ck_assert_uint_eq(summed[i].count, want);
    }
    ck_assert_str_eq(summed[np].group, "unexpected DDI answer");
    ck_assert_str_eq(summed[np].name, unexpected0);
    ck_assert_uint_eq(summed[np].count, count0);
    if (unexpected1) {
        ck_assert_str_eq(summed[np + 1].group, "unexpected DDI answer");
        ck_assert_str_eq(summed[np + 1].name, unexpected1);
        ck_assert_uint_eq(summed[np + 1].count, count1);
    }
    items_free(plan_items, np);
    items_free(summed, ns);
    coverage_free(base);
}

#define PORT "NdisMFreePort -> NDIS_STATUS_INVALID_PORT"
#define PORT_STATE "NdisMFreePort -> NDIS_STATUS_INVALID_PORT_STATE"

START_TEST(shares_add_up_in_order)
{
    coverage_plan *plan = load();
    trace a, b, c;
    fill(&a, &b);
    tr_init(&c);  /* a's unlisted value again, twice, and SUCCESS once */
    status(ddi(&c, "NdisMFreePort"), INVALID_PORT);
    status(ddi(&c, "NdisMFreePort"), SUCCESS);
    status(ddi(&c, "NdisMFreePort"), INVALID_PORT);
    coverage_share sa, sb, sc;
    count_share(plan, &a, &sa);
    count_share(plan, &b, &sb);
    count_share(plan, &c, &sc);
    ck_assert_uint_eq(sa.nunexpected, 1);  /* each share holds its own values alone */
    ck_assert_uint_eq(sb.nunexpected, 1);
    ck_assert_uint_eq(sc.nunexpected, 1);
    ck_assert_uint_eq(sc.unexpected[0].count, 2);
    expect_matrix(&sa, &sb, 3, PORT, 1, PORT_STATE, 1);
    expect_matrix(&sb, &sa, 3, PORT_STATE, 1, PORT, 1);  /* where it first appears */
    expect_matrix(&sa, &sc, 2, PORT, 3, NULL, 0);        /* the same value adds to its item */
    coverage_share_free(&sa);
    coverage_share_free(&sb);
    coverage_share_free(&sc);
    trace_free(&a);
    trace_free(&b);
    trace_free(&c);
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
    expect_matrix(&sa, &sb, 3, PORT, 1, PORT_STATE, 1);
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
    tcase_add_test(tc, shares_add_up_in_order);
    tcase_add_test(tc, traces_fed_at_once_count_apart);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
