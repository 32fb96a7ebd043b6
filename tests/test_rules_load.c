/* The rule loader: errors carry file:line:column and say what was
 * expected, and a rule in a second directory takes effect. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules_fixture.h"

static char tmpdir[64];

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void remove_dir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

/* Loads checks/ plus a directory holding one rule file; returns the error or "". */
static const char *load_extra(const char *rule_yaml)
{
    static yerror err;
    strcpy(tmpdir, "/tmp/mpc-rules-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    write_file("extra.yaml", rule_yaml);
    const char *dirs[] = { "checks", tmpdir };
    ruleset *r = ruleset_load(dirs, 2, &err);
    if (r) {
        ruleset_free(r);
        err.text[0] = '\0';
    }
    remove_dir();
    return err.text;
}

#define RULE_HEAD_DOC(doc) \
    "rules:\n  - id: CUSTOM-ONE\n    severity: error\n    summary: s\n    doc: " doc "\n    message: m\n"

#define RULE_HEAD                                                                              \
    "rules:\n"                                                                                 \
    "  - id: CUSTOM-ONE\n"                                                                     \
    "    severity: error\n"                                                                    \
    "    summary: s\n"                                                                         \
    "    doc: {file: 000_69f3f19d2011d430.txt, passage: p}\n"                                  \
    "    message: m\n"

static void expect_error(const char *yaml, const char *where, const char *what)
{
    const char *e = load_extra(yaml);
    char want[256];
    snprintf(want, sizeof want, "%s/extra.yaml:%s: ", tmpdir, where);
    if (strncmp(e, want, strlen(want)) != 0 || !strstr(e, what))
        fprintf(stderr, "got '%s', want '%s...%s'\n", e, want, what);
    ck_assert(strncmp(e, want, strlen(want)) == 0);
    ck_assert_ptr_nonnull(strstr(e, what));
}

START_TEST(load_unknown_key)
{
    expect_error(RULE_HEAD "    colour: red\n"
                           "    pattern: {kind: ddi, name: NdisMSleep}\n",
                 "7:5", "unknown key 'colour'");
}
END_TEST

START_TEST(load_wrong_type)
{
    expect_error(RULE_HEAD "    pattern: [ddi]\n", "7:14", "pattern must be a map");
}
END_TEST

START_TEST(load_duplicate_id)
{
    expect_error("rules:\n"
                 "  - id: HALT-FREE-ALL\n"
                 "    severity: error\n"
                 "    summary: s\n"
                 "    doc: {file: 000_69f3f19d2011d430.txt, passage: p}\n"
                 "    message: m\n"
                 "    pattern: {kind: ddi}\n",
                 "2:9", "duplicate rule id 'HALT-FREE-ALL' (first defined at checks/halt.yaml:");
}
END_TEST

START_TEST(load_unknown_event_name)
{
    expect_error(RULE_HEAD "    pattern:\n"
                           "      kind: ddi\n"
                           "      name: NdisFrobnicate\n",
                 "9:13", "unknown event name 'NdisFrobnicate'");
}
END_TEST

START_TEST(load_unknown_event_kind)
{
    expect_error(RULE_HEAD "    pattern: {kind: call}\n", "7:21", "unknown event kind 'call'");
}
END_TEST

START_TEST(load_bad_regex)
{
    expect_error(RULE_HEAD "    pattern:\n"
                           "      kind: ddi\n"
                           "      where:\n"
                           "        callback: {matches: \"Miniport(\"}\n",
                 "10:29", "bad regular expression");
}
END_TEST

START_TEST(load_unknown_resource_kind)
{
    expect_error(RULE_HEAD "    analysis:\n"
                           "      name: leaks_at_halt\n"
                           "      params: {include: [memory, gpu]}\n",
                 "9:34", "unknown resource kind 'gpu'");
}
END_TEST

START_TEST(load_unknown_constant)
{
    expect_error(RULE_HEAD "    pattern:\n"
                           "      kind: return\n"
                           "      where: {status: NDIS_STATUS_SUCESS}\n",
                 "9:23", "unknown constant 'NDIS_STATUS_SUCESS'");
}
END_TEST

START_TEST(load_unknown_analysis_param)
{
    expect_error(RULE_HEAD "    analysis: {name: irql_limit, params: {max: 2}}\n", "7:43",
                 "unknown key 'max'");
}
END_TEST

START_TEST(load_missing_field)
{
    expect_error("rules:\n  - id: X-1\n    severity: error\n", "2:5", "missing required field 'summary'");
}
END_TEST

/* doc: a seed page must be in the pages: table; a page beyond the seeds
 * needs its title and an https address. */
START_TEST(load_doc_pages)
{
    expect_error(RULE_HEAD_DOC("{file: 009_nope.txt, passage: p}") "    pattern: {kind: ddi}\n", "5:17",
                 "doc.file '009_nope.txt' is not a seed page");
    expect_error(RULE_HEAD_DOC("{page: NdisStallExecution function (ndis.h), passage: p}") "    pattern: {kind: ddi}\n",
                 "5:10", "doc needs 'file' (a seed page) or both 'page' and 'url'");
    expect_error(RULE_HEAD_DOC("{page: P, url: learn.microsoft.com/x, passage: p}") "    pattern: {kind: ddi}\n",
                 "5:25", "doc.url must be an https:// address");
    const char *e = load_extra(RULE_HEAD_DOC("{page: P, url: \"https://learn.microsoft.com/x\", passage: p}")
                               "    fix: do it right\n    pattern: {kind: ddi}\n");
    ck_assert_msg(e[0] == 0, "%s", e);
}
END_TEST

START_TEST(load_unknown_placeholder)
{
    expect_error("rules:\n"
                 "  - id: CUSTOM-ONE\n"
                 "    severity: error\n"
                 "    summary: s\n"
                 "    doc: {file: 000_69f3f19d2011d430.txt, passage: p}\n"
                 "    message: \"{colour} thing\"\n"
                 "    pattern: {kind: ddi}\n",
                 "6:14", "unknown placeholder '{colour}'");
}
END_TEST

/* A rule in a second directory is loaded and judged with the others. */
START_TEST(second_directory_rule)
{
    yerror err;
    strcpy(tmpdir, "/tmp/mpc-rules-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    write_file("vendor.yaml", "rules:\n"
                              "  - id: VENDOR-NO-SLEEP\n"
                              "    severity: warning\n"
                              "    summary: no sleeping in restart\n"
                              "    doc: {file: 001_3d3456cccab0fa79.txt, passage: p}\n"
                              "    message: \"{name} slept {arg.MicrosecondsToSleep} us in {callback}\"\n"
                              "    pattern:\n"
                              "      kind: ddi\n"
                              "      name: NdisMSleep\n"
                              "      within: MiniportRestart\n");
    const char *dirs[] = { "checks", tmpdir };
    ruleset *two = ruleset_load(dirs, 2, &err);
    remove_dir();
    ck_assert_ptr_nonnull(two);
    ck_assert_ptr_nonnull(ruleset_find(two, "VENDOR-NO-SLEEP"));
    trace t;
    tr_init(&t);
    enter(&t, "MiniportRestart");
    arg(ddi(&t, "NdisMSleep"), "MicrosecondsToSleep", 77);
    status(ret(&t, "MiniportRestart"), SUCCESS);
    violation_list out = { 0 };
    ck_assert_int_eq(ruleset_evaluate(two, &t.list, &out), 0);
    ck_assert_uint_eq(out.count, 1);
    ck_assert_str_eq(out.items[0].rule_id, "VENDOR-NO-SLEEP");
    ck_assert_str_eq(out.items[0].message, "NdisMSleep slept 77 us in MiniportRestart");
    ck_assert_uint_eq(out.items[0].event_index, 1);
    violation_list_free(&out);
    trace_free(&t);
    ruleset_free(two);
}
END_TEST

START_TEST(load_bad_status_class)
{
    expect_error(RULE_HEAD "    pattern: {kind: return, where: {status: {class: fatal}}}\n", "7:53",
                 "class takes success, informational, warning or error");
}
END_TEST

static Suite *rules_load_suite(void)
{
    Suite *s = suite_create("rules_load");
    TCase *loader = tcase_create("loader");
    tcase_add_test(loader, load_unknown_key);
    tcase_add_test(loader, load_wrong_type);
    tcase_add_test(loader, load_duplicate_id);
    tcase_add_test(loader, load_unknown_event_name);
    tcase_add_test(loader, load_unknown_event_kind);
    tcase_add_test(loader, load_bad_regex);
    tcase_add_test(loader, load_unknown_resource_kind);
    tcase_add_test(loader, load_unknown_constant);
    tcase_add_test(loader, load_unknown_analysis_param);
    tcase_add_test(loader, load_missing_field);
    tcase_add_test(loader, load_unknown_placeholder);
    tcase_add_test(loader, load_doc_pages);
    tcase_add_test(loader, second_directory_rule);
    tcase_add_test(loader, load_bad_status_class);
    suite_add_tcase(s, loader);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(rules_load_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
