/* The analyses' memory of the tables (rules/analysis_facts.c): for every
 * DDI it answers as the tables do (which kind the DDI allocates, which it
 * frees, its IRQL limit), asked once or many times, for names that share
 * a slot of the memory taking turns, and for a ruleset that keeps no
 * memory. The tables' own answers are the reference. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "rules/analysis.h"
#include "tool_runner.h"

static ruleset *rs;

static void load(void)
{
    const char *dirs[] = { "checks" };
    yerror err;
    rs = ruleset_load(dirs, 1, &err);
    ck_assert_msg(rs != NULL, "%s", err.text);
}

static void unload(void)
{
    ruleset_free(rs);
}

static void assert_as_tables(const ruleset *set, const char *ddi)
{
    ddi_fact f = analysis_facts_about(set, ddi);
    ck_assert_ptr_eq(f.allocates, tables_kind_allocated_by(&set->tables, ddi));
    ck_assert_ptr_eq(f.frees, tables_kind_freed_by(&set->tables, ddi));
    ck_assert_int_eq(f.max_irql, tables_ddi_max_irql(&set->tables, ddi));
}

START_TEST(every_ddi_of_the_tables_is_answered_as_the_tables_answer_it)
{
    ck_assert_ptr_nonnull(rs->ddi_facts);
    size_t asked = 0;
    for (int round = 0; round < 3; round++)
        for (size_t k = 0; k < rs->tables.nkinds; k++) {
            const resource_kind *kind = &rs->tables.kinds[k];
            for (size_t i = 0; i < kind->nalloc; i++, asked++)
                assert_as_tables(rs, kind->alloc_ddis[i]);
            for (size_t i = 0; i < kind->nfree; i++, asked++)
                assert_as_tables(rs, kind->free_ddis[i]);
        }
    ck_assert_uint_gt(asked, 10);
    /* a DDI the resource table leaves out, and a name no table holds */
    assert_as_tables(rs, "NdisMSleep");
    ck_assert_int_ge(analysis_facts_about(rs, "NdisMSleep").max_irql, 0);
    assert_as_tables(rs, "NoSuchDdi");
    ck_assert_int_eq(analysis_facts_about(rs, "NoSuchDdi").max_irql, -1);
}
END_TEST

/* Names 512 KiB apart share a slot (atom_memo_slot reads address bits 3
 * to 18): asked in turns, each gets its own answer. */
#define SHARED_SLOT_STRIDE (512u * 1024u)
START_TEST(names_that_share_a_slot_taking_turns_get_their_own_answers)
{
    char *block = calloc(1, 4 * SHARED_SLOT_STRIDE);
    ck_assert_ptr_nonnull(block);
    static const char *const names[] = { "NdisFreeMemory", "NdisMSleep", "NdisAllocateMemoryWithTagPriority",
                                         "NoSuchDdi" };
    for (size_t i = 0; i < 4; i++) {
        strcpy(block + i * SHARED_SLOT_STRIDE, names[i]);
        ck_assert_uint_eq(atom_memo_slot(block + i * SHARED_SLOT_STRIDE, 256), atom_memo_slot(block, 256));
    }
    for (int round = 0; round < 4; round++)
        for (size_t i = 0; i < 4; i++)
            assert_as_tables(rs, block + i * SHARED_SLOT_STRIDE);
    ck_assert_ptr_nonnull(analysis_facts_about(rs, block).frees);
    ck_assert_ptr_null(analysis_facts_about(rs, block + SHARED_SLOT_STRIDE).frees);
    ck_assert_ptr_nonnull(analysis_facts_about(rs, block + 2 * SHARED_SLOT_STRIDE).allocates);
    free(block);
}
END_TEST

START_TEST(a_ruleset_without_memory_asks_the_tables)
{
    struct ddi_facts *kept = rs->ddi_facts;
    rs->ddi_facts = NULL;
    assert_as_tables(rs, "NdisFreeMemory");
    assert_as_tables(rs, "NdisMSleep");
    ck_assert_ptr_nonnull(analysis_facts_about(rs, "NdisFreeMemory").frees);
    rs->ddi_facts = kept;
}
END_TEST

int main(void)
{
    Suite *s = suite_create("analysis_facts");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, load, unload);
    tcase_add_test(tc, every_ddi_of_the_tables_is_answered_as_the_tables_answer_it);
    tcase_add_test(tc, names_that_share_a_slot_taking_turns_get_their_own_answers);
    tcase_add_test(tc, a_ruleset_without_memory_asks_the_tables);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
