/* The validation of table files: each mistake is refused at its file:line:col. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "rules/table_load.h"

static const char *table_error(const char *text)
{
    static yerror err;
    ydoc doc;
    ndis_tables tab;
    memset(&tab, 0, sizeof tab);
    ck_assert_int_eq(ydoc_load_string("tab.yaml", text, strlen(text), &doc, &err), 0);
    const ynode *root = doc.root;
    const char *kind = root->keys[0]->scalar;
    int rc = strcmp(kind, "resources") == 0 ? table_load_resources(&tab, root->values[0], &err)
             : strcmp(kind, "returns") == 0 ? table_load_returns(&tab, root->values[0], &err)
                                            : table_load_irql(&tab, root->values[0], &err);
    if (rc == 0)
        rc = table_check(&tab, &err);
    tables_free(&tab);
    ydoc_free(&doc);
    return rc == 0 ? "" : err.text;
}

START_TEST(table_validation)
{
    ck_assert_str_eq(table_error("resources:\n"
                                 "  - {kind: memory, alloc: A, free: F}\n"
                                 "  - {kind: memory, alloc: B, free: G}\n"),
                     "tab.yaml:3:12: resource kind 'memory' is defined twice");
    ck_assert_str_eq(table_error("resources:\n  - {kind: x, alloc: A, free: F, colour: red}\n"),
                     "tab.yaml:2:34: unknown key 'colour' (expected one of: kind, alloc, free, init_order, doc)");
    ck_assert_str_eq(table_error("resources:\n  - {kind: x, alloc: A}\n"),
                     "tab.yaml:2:5: a resource entry needs kind, alloc and free");
    ck_assert_str_eq(table_error("irql:\n  ddis:\n    - {name: NdisX, max: TOP_LEVEL}\n"),
                     "tab.yaml:3:26: expected an IRQL (PASSIVE_LEVEL, APC_LEVEL, DISPATCH_LEVEL, DIRQL, HIGH_LEVEL or a number)");
    ck_assert_str_eq(table_error("irql:\n  callbacks:\n    - {name: Cb, irql: DISPATCH_LEVEL, strict: PASSIVE_LEVEL}\n"),
                     "tab.yaml:3:48: strict IRQL below the callback's IRQL");
    ck_assert_str_eq(table_error("irql:\n  ddis:\n    - {name: A, max: 0}\n    - {name: A, max: 1}\n"),
                     "tab.yaml:4:14: DDI 'A' is listed twice");
}
END_TEST

/* A DDI an earlier irql file listed is listed twice in a later one too. */
START_TEST(a_ddi_of_an_earlier_irql_file_is_listed_twice)
{
    static const char *const files[] = { "irql:\n  ddis:\n    - {name: A, max: 0}\n    - {name: B, max: 2}\n",
                                         "irql:\n  ddis:\n    - {name: C, max: 0}\n    - {name: B, max: 1}\n" };
    ndis_tables tab;
    memset(&tab, 0, sizeof tab);
    yerror err;
    int rc = 0;
    for (size_t i = 0; i < 2 && rc == 0; i++) {
        ydoc doc;
        ck_assert_int_eq(ydoc_load_string(i ? "second.yaml" : "first.yaml", files[i], strlen(files[i]), &doc, &err), 0);
        rc = table_load_irql(&tab, doc.root->values[0], &err);
        ydoc_free(&doc);
    }
    ck_assert_int_eq(rc, -1);
    ck_assert_str_eq(err.text, "second.yaml:4:14: DDI 'B' is listed twice");
    ck_assert_uint_eq(tab.nddis, 3);
    tables_free(&tab);
}
END_TEST

#define RETURNS_HEAD                                                                        \
    "returns:\n"                                                                            \
    "  - callback: MiniportPause\n"                                                         \
    "    page: MINIPORT_PAUSE callback function (ndis.h)\n"                                 \
    "    passage: p\n"                                                                      \
    "    outside: o\n"

START_TEST(returns_validation)
{
    const char *ok = RETURNS_HEAD "    url: https://learn.microsoft.com/x\n    set: closed\n"
                                  "    allowed: [NDIS_STATUS_SUCCESS, 0x103, error]\n"
                                  "    after: {NDIS_STATUS_SUCCESS: Paused, other: completion}\n";
    ck_assert_str_eq(table_error(ok), "");
    char text[1024];
    snprintf(text, sizeof text, "%s%s", ok, ok + strlen("returns:\n"));
    ck_assert_str_eq(table_error(text), "tab.yaml:10:15: callback 'MiniportPause' has two returns entries");
    ck_assert_str_eq(table_error(RETURNS_HEAD "    url: http://example.com/x\n    set: closed\n"
                                              "    allowed: [NDIS_STATUS_SUCCESS]\n    after: {other: Paused}\n"),
                     "tab.yaml:6:10: 'url' must be the page's public address (https://learn.microsoft.com/...)");
    ck_assert_str_eq(table_error(RETURNS_HEAD "    url: https://learn.microsoft.com/x\n    set: shut\n"
                                              "    allowed: [NDIS_STATUS_SUCCESS]\n    after: {other: Paused}\n"),
                     "tab.yaml:7:10: set is closed (the page lists every value) or open");
    ck_assert_str_eq(table_error(RETURNS_HEAD "    url: https://learn.microsoft.com/x\n    set: open\n"
                                              "    allowed: [NDIS_STATUS_SUCESS]\n    after: {other: Paused}\n"),
                     "tab.yaml:8:15: unknown constant 'NDIS_STATUS_SUCESS' (a name, a number, or `error`)");
    ck_assert_str_eq(table_error(RETURNS_HEAD "    url: https://learn.microsoft.com/x\n    set: open\n"
                                              "    allowed: [0]\n    after: {other: Stopped}\n"),
                     "tab.yaml:9:20: after: 'Stopped' is not an adapter state or `completion`");
    ck_assert_str_eq(table_error(RETURNS_HEAD "    url: https://learn.microsoft.com/x\n    set: open\n"
                                              "    after: {other: Paused}\n"),
                     "tab.yaml:2:5: a returns entry needs 'allowed' and 'after'");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tables_validation");
    TCase *tc = tcase_create("tables_validation");
    tcase_add_test(tc, table_validation);
    tcase_add_test(tc, a_ddi_of_an_earlier_irql_file_is_listed_twice);
    tcase_add_test(tc, returns_validation);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
