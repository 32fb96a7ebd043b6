/* The YAML layer: positions of nodes and of every refusal. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/yamldoc.h"

static int load(const char *text, ydoc *doc, yerror *err)
{
    return ydoc_load_string("t.yaml", text, strlen(text), doc, err);
}

START_TEST(positions_are_one_based)
{
    ydoc doc;
    yerror err;
    ck_assert_int_eq(load("a: 1\nlist:\n  - x\n  - {k: \"v\"}\n", &doc, &err), 0);
    const ynode *list = ymap_get(doc.root, "list");
    ck_assert_ptr_nonnull(list);
    ck_assert_int_eq(list->type, YNODE_SEQ);
    ck_assert_int_eq(list->line, 3);
    ck_assert_int_eq(list->column, 3);
    const ynode *v = ymap_get(list->values[1], "k");
    ck_assert_str_eq(v->scalar, "v");
    ck_assert_int_eq(v->quoted, 1);
    ck_assert_int_eq(v->line, 4);
    ck_assert_int_eq(v->column, 9);
    int64_t n;
    ck_assert_int_eq(ynode_int(ymap_get(doc.root, "a"), &n, &err), 0);
    ck_assert_int_eq(n, 1);
    ck_assert_int_eq(ynode_int(v, &n, &err), -1);
    ck_assert_str_eq(err.text, "t.yaml:4:9: expected an integer");
    ydoc_free(&doc);
}
END_TEST

/* A document's nodes live in its own blocks (yamldoc.c): one far larger
 * than a block, with lists and maps grown many times and a scalar larger
 * than a block, reads back whole, in order, at its positions. */
START_TEST(a_document_larger_than_its_blocks_reads_back_whole)
{
    enum { ITEMS = 3000, BIG = 40000 };
    size_t cap = (size_t)ITEMS * 32 + BIG + 64, len = 0;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    len += (size_t)snprintf(text + len, cap - len, "big: ");
    memset(text + len, 'b', BIG);
    len += BIG;
    len += (size_t)snprintf(text + len, cap - len, "\nlist:\n");
    for (int i = 0; i < ITEMS; i++)
        len += (size_t)snprintf(text + len, cap - len, "  - {k%d: v%d}\n", i, i);
    ydoc doc;
    yerror err;
    ck_assert_msg(ydoc_load_string("big.yaml", text, len, &doc, &err) == 0, "%s", err.text);
    const ynode *big = ymap_get(doc.root, "big"), *list = ymap_get(doc.root, "list");
    ck_assert_uint_eq(strlen(big->scalar), BIG);
    ck_assert_int_eq(big->scalar[BIG - 1], 'b');
    ck_assert_uint_eq(list->count, ITEMS);
    for (int i = 0; i < ITEMS; i++) {
        char key[16], value[16];
        snprintf(key, sizeof key, "k%d", i);
        snprintf(value, sizeof value, "v%d", i);
        const ynode *item = list->values[i];
        ck_assert_int_eq(item->line, i + 3);
        ck_assert_uint_eq(item->count, 1);
        ck_assert_str_eq(ymap_get(item, key)->scalar, value);
    }
    ydoc_free(&doc);
    free(text);
}
END_TEST

START_TEST(syntax_error)
{
    ydoc doc;
    yerror err;
    ck_assert_int_eq(load("a: [1, 2\nb: 3\n", &doc, &err), -1);
    ck_assert_ptr_null(doc.root);
    ck_assert_msg(strncmp(err.text, "t.yaml:2:2: ", 12) == 0, "%s", err.text);
    ck_assert_ptr_nonnull(strstr(err.text, "did not find expected ',' or ']'"));
}
END_TEST

START_TEST(alias_bomb)
{
    ydoc doc;
    yerror err;
    ck_assert_int_eq(load("a: &x [1, 2]\nb: [*x, *x]\n", &doc, &err), -1);
    ck_assert_str_eq(err.text, "t.yaml:1:4: anchors and aliases are not supported");
    ck_assert_int_eq(load("a: b\nc: *x\n", &doc, &err), -1);
    ck_assert_str_eq(err.text, "t.yaml:2:4: anchors and aliases are not supported");
}
END_TEST

START_TEST(deep_nesting)
{
    ydoc doc;
    yerror err;
    char text[512];
    size_t n = 0;
    for (int i = 0; i < YAMLDOC_MAX_DEPTH + 1; i++)
        text[n++] = '[';
    for (int i = 0; i < YAMLDOC_MAX_DEPTH + 1; i++)
        text[n++] = ']';
    text[n] = '\0';
    ck_assert_int_eq(load(text, &doc, &err), -1);
    ck_assert_str_eq(err.text, "t.yaml:1:65: nesting deeper than 64 levels");
    text[YAMLDOC_MAX_DEPTH] = '\0';  /* 64 opens... */
    memset(text + YAMLDOC_MAX_DEPTH - 1, 0, 1);
    n = 0;
    for (int i = 0; i < YAMLDOC_MAX_DEPTH; i++)
        text[n++] = '[';
    for (int i = 0; i < YAMLDOC_MAX_DEPTH; i++)
        text[n++] = ']';
    text[n] = '\0';
    ck_assert_int_eq(load(text, &doc, &err), 0);
    ydoc_free(&doc);
}
END_TEST

START_TEST(huge_scalar)
{
    ydoc doc;
    yerror err;
    size_t len = YAMLDOC_MAX_SCALAR + 16;
    char *text = malloc(len + 8);
    memcpy(text, "k: v\nx: ", 8);
    memset(text + 8, 'a', YAMLDOC_MAX_SCALAR + 1);
    text[8 + YAMLDOC_MAX_SCALAR + 1] = '\0';
    ck_assert_int_eq(load(text, &doc, &err), -1);
    ck_assert_str_eq(err.text, "t.yaml:2:4: scalar longer than 65536 bytes");
    free(text);
}
END_TEST

START_TEST(duplicate_key)
{
    ydoc doc;
    yerror err;
    ck_assert_int_eq(load("rules:\n  - id: A\n    id: B\n", &doc, &err), -1);
    ck_assert_str_eq(err.text, "t.yaml:3:5: duplicate key 'id' (first at line 2, column 5)");
}
END_TEST

START_TEST(non_scalar_key_and_documents)
{
    ydoc doc;
    yerror err;
    ck_assert_int_eq(load("? [a]\n: 1\n", &doc, &err), -1);
    ck_assert_str_eq(err.text, "t.yaml:1:3: map keys must be scalars");
    ck_assert_int_eq(load("a: 1\n---\nb: 2\n", &doc, &err), -1);
    ck_assert_str_eq(err.text, "t.yaml:2:1: only one YAML document per file is supported");
}
END_TEST

START_TEST(node_limit_and_file_limit)
{
    ydoc doc;
    yerror err;
    size_t count = YAMLDOC_MAX_NODES + 10;
    char *text = malloc(count * 3 + 8);
    size_t n = 0;
    text[n++] = '[';
    for (size_t i = 0; i < count; i++) {
        text[n++] = '1';
        text[n++] = ',';
    }
    text[n++] = ']';
    text[n] = '\0';
    ck_assert_int_eq(load(text, &doc, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.text, "more than 200000 nodes"));
    ck_assert_int_eq(ydoc_load_string("big.yaml", text, YAMLDOC_MAX_FILE + 1, &doc, &err), -1);
    ck_assert_str_eq(err.text, "big.yaml:1:1: file larger than 8388608 bytes");
    free(text);
}
END_TEST

START_TEST(check_keys_names_stranger)
{
    ydoc doc;
    yerror err;
    static const char *const allowed[] = { "id", "severity", NULL };
    ck_assert_int_eq(load("id: X\nsevrity: error\n", &doc, &err), 0);
    ck_assert_int_eq(ymap_check_keys(doc.root, allowed, &err), -1);
    ck_assert_str_eq(err.text, "t.yaml:2:1: unknown key 'sevrity' (expected one of: id, severity)");
    ydoc_free(&doc);
    ck_assert_int_eq(ydoc_load_file("/nonexistent/x.yaml", &doc, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.text, "/nonexistent/x.yaml:1:1: cannot open"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("yamldoc");
    TCase *tc = tcase_create("yamldoc");
    tcase_add_test(tc, positions_are_one_based);
    tcase_add_test(tc, a_document_larger_than_its_blocks_reads_back_whole);
    tcase_add_test(tc, syntax_error);
    tcase_add_test(tc, alias_bomb);
    tcase_add_test(tc, deep_nesting);
    tcase_add_test(tc, huge_scalar);
    tcase_add_test(tc, duplicate_key);
    tcase_add_test(tc, non_scalar_key_and_documents);
    tcase_add_test(tc, node_limit_and_file_limit);
    tcase_add_test(tc, check_keys_names_stranger);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
