/* The tables blob the judge hands the host (tables_wire.h): what goes in
 * comes out, and a damaged blob is refused with its line. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"
#include "rules_fixture.h"
#include "rules/table_load.h"
#include "input/tables_wire.h"

#include <stdlib.h>
#include <unistd.h>

static const ndis_tables *t;

static void setup(void)
{
    load_checks();
    t = ruleset_tables(shipped_rules);
}

/* The host gets its tables as a blob (tables_wire.h): every kind, DDI limit
 * and callback IRQL survives the trip through the judge's memory file. */
START_TEST(tables_blob_round_trip)
{
    char err[256];
    int fd = tables_to_memfd(t, err, sizeof err);
    ck_assert_msg(fd >= 10, "%s", err);
    ndis_tables back;
    ck_assert_int_eq(tables_from_fd(fd, &back, err, sizeof err), 0);
    close(fd);
    ck_assert_uint_eq(back.nkinds, t->nkinds);
    ck_assert_uint_eq(back.nddis, t->nddis);
    ck_assert_uint_eq(back.ncallbacks, t->ncallbacks);
    ck_assert_uint_eq(back.nreturns, 0);
    for (size_t i = 0; i < t->nkinds; i++) {
        ck_assert_str_eq(back.kinds[i].kind, t->kinds[i].kind);
        ck_assert_int_eq(back.kinds[i].init_order, t->kinds[i].init_order);
        ck_assert_uint_eq(back.kinds[i].nalloc, t->kinds[i].nalloc);
        ck_assert_uint_eq(back.kinds[i].nfree, t->kinds[i].nfree);
        for (size_t k = 0; k < t->kinds[i].nalloc; k++)
            ck_assert_str_eq(back.kinds[i].alloc_ddis[k], t->kinds[i].alloc_ddis[k]);
        for (size_t k = 0; k < t->kinds[i].nfree; k++)
            ck_assert_str_eq(back.kinds[i].free_ddis[k], t->kinds[i].free_ddis[k]);
    }
    for (size_t i = 0; i < t->nddis; i++) {
        ck_assert_str_eq(back.ddis[i].name, t->ddis[i].name);
        ck_assert_int_eq(back.ddis[i].max_irql, t->ddis[i].max_irql);
    }
    for (size_t i = 0; i < t->ncallbacks; i++) {
        ck_assert_str_eq(back.callbacks[i].name, t->callbacks[i].name);
        ck_assert_int_eq(back.callbacks[i].irql, t->callbacks[i].irql);
        ck_assert_int_eq(back.callbacks[i].strict_irql, t->callbacks[i].strict_irql);
    }
    ck_assert_str_eq(tables_kind_freed_by(&back, "NdisFreeMemory")->kind, "memory");
    tables_free(&back);
}
END_TEST

static const char *blob_error(const char *blob)
{
    static char err[256];
    ndis_tables back;
    err[0] = '\0';
    ck_assert_int_eq(tables_deserialize(blob, strlen(blob), &back, err, sizeof err), -1);
    ck_assert_uint_eq(back.nkinds + back.nddis + back.ncallbacks, 0);
    return err;
}

START_TEST(tables_blob_damage)
{
    ck_assert_str_eq(blob_error("mpconform-tables 2\nend\n"), "tables:1: expected 'mpconform-tables 1'");
    ck_assert_str_eq(blob_error("mpconform-tables 1\nddi NdisFreeMemory 2\n"),
                     "tables:3: expected 'end' (the blob is cut short)");
    ck_assert_str_eq(blob_error("mpconform-tables 1\nddi NdisFreeMemory 40\nend\n"),
                     "tables:2: expected an IRQL (0..31), not '40'");
    ck_assert_str_eq(blob_error("mpconform-tables 1\nkind memory 1 2 NdisAllocateMemory\nend\n"),
                     "tables:2: expected a DDI name");
    ck_assert_str_eq(blob_error("mpconform-tables 1\ncallback MiniportPause 0 0 1\nend\n"),
                     "tables:2: expected the end of the line");
    ck_assert_str_eq(blob_error("mpconform-tables 1\ngpu x\nend\n"),
                     "tables:2: expected kind, ddi, callback or end, not 'gpu'");
    /* A name the blob cannot carry is refused when writing. */
    char *name = "Ndis Free", *names[] = { name };
    resource_kind k = { .kind = "memory", .alloc_ddis = names, .nalloc = 1, .free_ddis = names, .nfree = 1 };
    ndis_tables bad = { .kinds = &k, .nkinds = 1 };
    char *blob = NULL, err[256];
    size_t len;
    ck_assert_int_eq(tables_serialize(&bad, &blob, &len, err, sizeof err), -1);
    ck_assert_ptr_null(blob);
    ck_assert_str_eq(err, "tables: the name 'Ndis Free' cannot be passed to the host (empty or with a blank)");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tables_wire");
    TCase *tc = tcase_create("tables_wire");
    tcase_add_checked_fixture(tc, setup, unload_checks);
    tcase_add_test(tc, tables_blob_round_trip);
    tcase_add_test(tc, tables_blob_damage);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
