/* The executive-resource and critical-region rules (checks/ddi.yaml:
 * EX-RESOURCE-RELEASE-NOT-HELD, KE-LEAVE-CRITICAL-UNMATCHED) pinned at their
 * edges: each argument value on both sides and the DDI each rule reads. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_builder.h"

/* The findings of id in t (freed); no other rule may report. */
static size_t only(trace *t, const char *id)
{
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(tb_rules, &t->list, &out), 0);
    size_t n = tb_count(&out, id);
    for (size_t i = 0; i < out.count; i++)
        ck_assert_msg(strcmp(out.items[i].rule_id, id) == 0, "unexpected %s: %s", out.items[i].rule_id,
                      out.items[i].message);
    violation_list_free(&out);
    trace_free(t);
    return n;
}

static size_t one_call(const char *ddi_name, const char *key, int value, const char *id)
{
    trace t;
    tr_init(&t);
    event *e = ddi(&t, ddi_name);
    arg(e, "resource", 0x8000);
    arg(e, key, value);
    return only(&t, id);
}

/* "ExReleaseResourceLite function (wdm.h)": Resource is "A pointer to an
 * executive resource owned by the current thread."; "KeEnterCriticalRegion
 * function (ntddk.h)": "each call to KeEnterCriticalRegion must have a
 * matching call to KeLeaveCriticalRegion." */
START_TEST(release_and_leave_edges)
{
    ck_assert_uint_eq(one_call("ExReleaseResourceLite", "held", 0, "EX-RESOURCE-RELEASE-NOT-HELD"), 1);
    ck_assert_uint_eq(one_call("ExReleaseResourceLite", "held", 1, "EX-RESOURCE-RELEASE-NOT-HELD"), 0);
    ck_assert_uint_eq(one_call("ExDeleteResourceLite", "held", 0, "EX-RESOURCE-RELEASE-NOT-HELD"), 0);   /* other DDI */
    ck_assert_uint_eq(one_call("KeLeaveCriticalRegion", "matched", 0, "KE-LEAVE-CRITICAL-UNMATCHED"), 1);
    ck_assert_uint_eq(one_call("KeLeaveCriticalRegion", "matched", 1, "KE-LEAVE-CRITICAL-UNMATCHED"), 0);
    ck_assert_uint_eq(one_call("KeEnterCriticalRegion", "matched", 0, "KE-LEAVE-CRITICAL-UNMATCHED"), 0);   /* other DDI */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rule_edges9");
    TCase *tc = tcase_create("eresource");
    tcase_add_checked_fixture(tc, tb_rules_load, tb_rules_unload);
    tcase_add_test(tc, release_and_leave_edges);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
