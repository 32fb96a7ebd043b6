/* The tables' name index (tables_seal): the same answers as a scan of the
 * lists. */
#include <check.h>
#include <stdio.h>

#include "rules/rules.h"
#include "rules_fixture.h"
#include "rules/table_load.h"

static const ndis_tables *t;

static void setup(void)
{
    load_checks();
    t = ruleset_tables(shipped_rules);
}

/* The same answers from the sealed tables' index as from a scan of the
 * lists (a shallow copy without the index scans), for every name. */
static void same_answers(const ndis_tables *sealed, const ndis_tables *scanned, const char *name)
{
    ck_assert_ptr_eq(tables_kind_allocated_by(sealed, name), tables_kind_allocated_by(scanned, name));
    ck_assert_ptr_eq(tables_kind_freed_by(sealed, name), tables_kind_freed_by(scanned, name));
    ck_assert_int_eq(tables_ddi_max_irql(sealed, name), tables_ddi_max_irql(scanned, name));
    ck_assert_ptr_eq(tables_ddi_doc(sealed, name), tables_ddi_doc(scanned, name));
    ck_assert_ptr_eq(tables_callback(sealed, name), tables_callback(scanned, name));
    ck_assert_ptr_eq(tables_returns(sealed, name), tables_returns(scanned, name));
}

START_TEST(the_index_answers_as_a_scan_does)
{
    ck_assert_ptr_nonnull(t->lookup);   /* ruleset_load sealed them */
    ndis_tables scanned = *t;
    scanned.lookup = NULL;
    for (size_t i = 0; i < t->nddis; i++)
        same_answers(t, &scanned, t->ddis[i].name);
    for (size_t i = 0; i < t->nkinds; i++) {
        for (size_t k = 0; k < t->kinds[i].nalloc; k++)
            same_answers(t, &scanned, t->kinds[i].alloc_ddis[k]);
        for (size_t k = 0; k < t->kinds[i].nfree; k++)
            same_answers(t, &scanned, t->kinds[i].free_ddis[k]);
    }
    for (size_t i = 0; i < t->ncallbacks; i++)
        same_answers(t, &scanned, t->callbacks[i].name);
    for (size_t i = 0; i < t->nreturns; i++)
        same_answers(t, &scanned, t->returns[i].callback);
    same_answers(t, &scanned, "NdisNotInAnyTable");
    ck_assert_ptr_null(tables_kind_allocated_by(t, "NdisNotInAnyTable"));
}
END_TEST

/* A DDI two kinds list: the first kind in table order, sealed or not. */
START_TEST(the_first_listing_wins_after_sealing)
{
    char *alloc_a[] = { "NdisSharedAlloc" }, *alloc_b[] = { "NdisSharedAlloc", "NdisOtherAlloc" };
    char *free_a[] = { "NdisFreeA" }, *free_b[] = { "NdisFreeB" };
    resource_kind kinds[] = { { "a", alloc_a, 1, free_a, 1, 0 }, { "b", alloc_b, 2, free_b, 1, 0 } };
    ndis_tables hand = { .kinds = kinds, .nkinds = 2 };
    ck_assert_ptr_eq(tables_kind_allocated_by(&hand, "NdisSharedAlloc"), &kinds[0]);
    tables_seal(&hand);
    ck_assert_ptr_nonnull(hand.lookup);
    ck_assert_ptr_eq(tables_kind_allocated_by(&hand, "NdisSharedAlloc"), &kinds[0]);
    ck_assert_ptr_eq(tables_kind_allocated_by(&hand, "NdisOtherAlloc"), &kinds[1]);
    ck_assert_ptr_eq(tables_kind_freed_by(&hand, "NdisFreeB"), &kinds[1]);
    hand.kinds = NULL;   /* the lists are the test's: tables_free releases only the index */
    hand.nkinds = 0;
    tables_free(&hand);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tables_index");
    TCase *tc = tcase_create("tables_index");
    tcase_add_checked_fixture(tc, setup, unload_checks);
    tcase_add_test(tc, the_index_answers_as_a_scan_does);
    tcase_add_test(tc, the_first_listing_wins_after_sealing);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
