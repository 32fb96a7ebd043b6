/* judge/coverage_share.c and coverage_reset (judge/coverage.h): a live run
 * counts each trace into one working plan, reset before each, and the
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

START_TEST(reset_gives_back_the_plan_as_loaded)
{
    coverage_plan *plan = load(), *fresh = load();
    trace a, b;
    fill(&a, &b);
    coverage_count(plan, &a.list);
    coverage_reset(plan);
    coverage_item *x = NULL, *y = NULL;
    size_t nx = 0, ny = 0;
    ck_assert_int_eq(coverage_export(plan, &x, &nx), 0);
    ck_assert_int_eq(coverage_export(fresh, &y, &ny), 0);
    ck_assert_uint_eq(nx, ny);  /* the unexpected INVALID_PORT item is gone */
    ck_assert_uint_eq(nx, coverage_loaded_count(plan));
    for (size_t i = 0; i < nx; i++) {
        ck_assert_str_eq(x[i].name, y[i].name);
        ck_assert_uint_eq(x[i].count, 0);
    }
    items_free(x, nx);
    items_free(y, ny);
    trace_free(&a);
    trace_free(&b);
    coverage_free(plan);
    coverage_free(fresh);
}
END_TEST

START_TEST(shares_counted_in_one_working_plan_add_up_to_one_count)
{
    coverage_plan *base = load(), *work = load(), *whole = load();
    trace a, b;
    fill(&a, &b);
    coverage_share sa, sb;
    ck_assert_int_eq(coverage_share_count(work, &a.list, &sa), 0);
    ck_assert_int_eq(coverage_share_count(work, &b.list, &sb), 0);
    const coverage_share *shares[] = { &sa, &sb };
    coverage_item *summed = NULL, *counted = NULL;
    size_t ns = 0, nc = 0;
    ck_assert_int_eq(coverage_share_sum(base, shares, 2, &summed, &ns), 0);
    coverage_count(whole, &a.list);
    coverage_count(whole, &b.list);
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
    ck_assert_uint_eq(sb.nunexpected, 1);  /* b's share holds its own value alone, not a's */
    items_free(summed, ns);
    items_free(counted, nc);
    coverage_share_free(&sa);
    coverage_share_free(&sb);
    trace_free(&a);
    trace_free(&b);
    coverage_free(base);
    coverage_free(work);
    coverage_free(whole);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("coverage_share");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, reset_gives_back_the_plan_as_loaded);
    tcase_add_test(tc, shares_counted_in_one_working_plan_add_up_to_one_count);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
