/* The attribute-header rules (ATTRIBUTES-REGISTRATION-REVISION,
 * ATTRIBUTES-REVISION of checks/initialize.yaml) at their edges: NDIS's
 * NDIS_STATUS_BAD_VERSION answer is what makes a finding, the registration
 * attributes have their own (error) rule, every other type the warning.
 * And what findings and the "not proven" list say: amounts in decimal,
 * IRQL-DDI-MAX citing the DDI's own page, an expectation cut inside its
 * routine. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "trace_builder.h"
#include "judge/intent.h"

#define BAD_VERSION 0xC0010004
#define TYPE_REGISTRATION 0x9E
#define TYPE_GENERAL 0x9F
#define TYPE_NDK 0xB3

static size_t judged(int64_t type, int64_t revision, int64_t answer, const char *id)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportInitializeEx");
    event *e = status(ddi(&t, "NdisMSetMiniportAttributes"), answer);
    arg(e, "Type", type);
    arg(e, "Revision", revision);
    arg(e, "Size", 28);
    arg(e, "MaxRevision", 2);
    return tb_judged(&t, id, 0);
}

/* NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES: "the driver must set the
 * Revision member of Header to one of the following values". */
START_TEST(registration_revision_edges)
{
    ck_assert_uint_eq(judged(TYPE_REGISTRATION, 28, BAD_VERSION, "ATTRIBUTES-REGISTRATION-REVISION"), 1);
    ck_assert_uint_eq(judged(TYPE_REGISTRATION, 28, BAD_VERSION, "ATTRIBUTES-REVISION"), 0);
    ck_assert_uint_eq(judged(TYPE_REGISTRATION, 2, SUCCESS, "ATTRIBUTES-REGISTRATION-REVISION"), 0);
    ck_assert_uint_eq(judged(TYPE_GENERAL, 28, BAD_VERSION, "ATTRIBUTES-REGISTRATION-REVISION"), 0);
}
END_TEST

/* NdisMSetMiniportAttributes: "NDIS_STATUS_BAD_VERSION: Indicates that NDIS
 * does not support the version that is specified in the Revision member". */
START_TEST(other_attributes_revision_edges)
{
    ck_assert_uint_eq(judged(TYPE_GENERAL, 3, BAD_VERSION, "ATTRIBUTES-REVISION"), 1);
    ck_assert_uint_eq(judged(TYPE_NDK, 0, BAD_VERSION, "ATTRIBUTES-REVISION"), 1);
    ck_assert_uint_eq(judged(TYPE_GENERAL, 1, SUCCESS, "ATTRIBUTES-REVISION"), 0);
    ck_assert_uint_eq(judged(TYPE_GENERAL, 1, RESOURCES, "ATTRIBUTES-REVISION"), 0);
}
END_TEST

/* Amounts print in decimal however large (docs/rules.md, {arg.X}); a
 * handle of the same size prints in hex. */
START_TEST(amounts_print_in_decimal)
{
    trace t;
    tr_init(&t);
    enter(&t, "NetTimerCallback");
    event *e = tr_push(&t, EV_HANG, "limit");
    arg(e, "events", 300000);
    sarg(e, "reason", "the harness's limit");
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(tb_rules, &t.list, &out), 0);
    ck_assert_uint_eq(out.count, 1);
    ck_assert_str_eq(out.items[0].rule_id, "HOST-LIMIT");
    ck_assert_msg(strstr(out.items[0].message, "after 300000 events") != NULL, "%s", out.items[0].message);
    violation_list_free(&out);
    trace_free(&t);
    tr_init(&t);                      /* a handle keeps its hex */
    ddi_h(&t, "NdisFreeMemory", 0x493e0);
    ck_assert_int_eq(ruleset_evaluate(tb_rules, &t.list, &out), 0);
    ck_assert_uint_eq(out.count, 1);
    ck_assert_msg(strstr(out.items[0].message, "0x493e0") != NULL, "%s", out.items[0].message);
    violation_list_free(&out);
    trace_free(&t);
}
END_TEST

/* IRQL-DDI-MAX cites the called DDI's own page (its Requirements table),
 * not one page for every DDI. */
START_TEST(irql_limit_cites_the_ddis_own_page)
{
    trace t;
    tr_init(&t);
    enter(&t, "MiniportResetEx");
    t.irql = 2;
    ddi(&t, "NdisMSleep");
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(tb_rules, &t.list, &out), 0);
    ck_assert_uint_eq(tb_count(&out, "IRQL-DDI-MAX"), 1);
    for (size_t i = 0; i < out.count; i++) {
        if (strcmp(out.items[i].rule_id, "IRQL-DDI-MAX") != 0)
            continue;
        ck_assert_str_eq(out.items[i].doc_url, "https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nf-ndis-ndismsleep");
        ck_assert_str_eq(out.items[i].doc, "NdisMSleep function (ndis.h): IRQL <= APC_LEVEL");
    }
    violation_list_free(&out);
    trace_free(&t);
}
END_TEST

/* A scenario that ended inside the routine it expected something of says
 * so, not that the routine was never called (SoftEther's Neo6 crashed in
 * MiniportInitializeEx and was told Initialize "was never called"). */
START_TEST(an_expectation_cut_inside_its_routine_says_so)
{
    trace t;
    tr_init(&t);
    event *x = tr_push(&t, EV_OP, "expect");
    sarg(x, "routine", "MiniportInitializeEx");
    sarg(x, "want", "failure");
    enter(&t, "MiniportInitializeEx");
    tr_push(&t, EV_CRASH, "signal");
    scenario_result out;
    memset(&out, 0, sizeof out);
    intent_feed *f = intent_begin(0);
    ck_assert_ptr_nonnull(f);
    for (size_t i = 0; i < t.list.count; i++)
        ck_assert_int_eq(intent_feed_event(f, &t.list.items[i]), 0);
    ck_assert_int_eq(intent_end(f, &t.list.items[t.list.count - 1], &out), 0);
    ck_assert_uint_eq(out.not_exercised.count, 1);
    ck_assert_str_eq(out.not_exercised.items[0].reason,
                     "MiniportInitializeEx was called but never returned (the scenario ended inside it)");
    unproven_list_free(&out.not_exercised);
    unproven_list_free(&out.exercised);
    unproven_list_free(&out.skipped);
    trace_free(&t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rule_edges8");
    TCase *tc = tcase_create("attributes");
    tcase_add_checked_fixture(tc, tb_rules_load, tb_rules_unload);
    tcase_add_test(tc, registration_revision_edges);
    tcase_add_test(tc, other_attributes_revision_edges);
    tcase_add_test(tc, amounts_print_in_decimal);
    tcase_add_test(tc, irql_limit_cites_the_ddis_own_page);
    tcase_add_test(tc, an_expectation_cut_inside_its_routine_says_so);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
