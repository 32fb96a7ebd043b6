/* The honest verdict section (issue 9, item 4): a run result with one
 * scenario that never did what it was for is written in every format, and
 * each must say so after the findings, with the reason. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "tool_runner.h"

#define PENDING_WHAT "MiniportRestart returns NDIS_STATUS_PENDING"
#define PENDING_WHY "MiniportRestart never returned NDIS_STATUS_PENDING (it returned NDIS_STATUS_SUCCESS)"

static char *dir;

static const char *path_in(const char *name)
{
    static char p[600];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

/* "leaky": one error finding. "restart-pending": clean, but the driver never
 * pended, and a halt step could not apply. */
static run_result build(void)
{
    run_result r;
    memset(&r, 0, sizeof r);
    r.driver = strdup("drv.so");
    r.tool_version = strdup("0.1.0");
    r.fail_on = SEV_ERROR;
    r.nscenarios = 2;
    r.scenarios = calloc(2, sizeof(scenario_result));
    scenario_result *a = &r.scenarios[0];
    a->name = strdup("leaky");
    a->description = strdup("");
    a->outcome = SCENARIO_COMPLETED;
    a->event_count = 10;
    violation v;
    memset(&v, 0, sizeof v);
    v.rule_id = strdup("HALT-FREE-ALL");
    v.sev = SEV_ERROR;
    v.message = strdup("a block not freed");
    v.scenario = strdup("leaky");
    ck_assert_int_eq(violation_list_push(&a->violations, &v), 0);

    scenario_result *c = &r.scenarios[1];
    c->name = strdup("restart-pending");
    c->description = strdup("");
    c->outcome = SCENARIO_NOT_EXERCISED;
    c->event_count = 4;
    ck_assert_int_eq(unproven_add(&c->not_exercised, PENDING_WHAT, PENDING_WHY, NULL), 0);
    ck_assert_int_eq(unproven_add(&c->skipped, "step halt (line 7)", "adapter is not Paused", NULL), 0);
    ck_assert_int_eq(unproven_add(&r.unproven, PENDING_WHAT, PENDING_WHY, "restart-pending"), 0);
    return r;
}

static char *text_of(const run_result *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    ck_assert_int_eq(report_write_text(out, r, 0), 0);
    fclose(out);
    return buf;
}

START_TEST(text_says_it_after_the_findings)
{
    run_result r = build();
    char *text = text_of(&r);
    const char *finding = strstr(text, "ERROR HALT-FREE-ALL"), *section = strstr(text, "Not proven for this driver (1)");
    ck_assert_ptr_nonnull(section);
    ck_assert_msg(finding && finding < section, "the verdict section comes after the findings");
    ck_assert_ptr_nonnull(strstr(section, "  - " PENDING_WHAT " [restart-pending]\n      " PENDING_WHY "\n"));
    ck_assert_ptr_nonnull(strstr(text, "   --  restart-pending (4 events)\n       not exercised: " PENDING_WHY "\n"
                                       "       skipped: step halt (line 7): adapter is not Paused\n"));
    ck_assert_ptr_null(strstr(text, "   ok  restart-pending"));
    ck_assert_ptr_nonnull(strstr(text, "scenarios run: 2 (1 completed, 1 not exercised)\n"));
    free(text);
    run_result_free(&r);
    ck_assert_uint_eq(r.unproven.count, 0);
}
END_TEST

START_TEST(text_says_plainly_when_nothing_is_unproven)
{
    run_result r = build();
    unproven_list_free(&r.unproven);
    char *text = text_of(&r);
    ck_assert_ptr_nonnull(strstr(text, "Not proven: nothing; every scenario did what it was written for.\n"));
    free(text);
    run_result_free(&r);
}
END_TEST

START_TEST(json_lists_it_per_scenario_and_for_the_run)
{
    run_result r = build();
    char err[256];
    ck_assert_int_eq(report_write_json(path_in("r.json"), &r, err, sizeof err), 0);
    json_error_t jerr;
    json_t *root = json_load_file(path_in("r.json"), 0, &jerr);
    ck_assert_ptr_nonnull(root);
    json_t *np = json_object_get(root, "not_proven");
    ck_assert_uint_eq(json_array_size(np), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(np, 0), "what")), PENDING_WHAT);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(np, 0), "reason")), PENDING_WHY);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(np, 0), "scenario")), "restart-pending");
    json_t *sc = json_array_get(json_object_get(root, "scenarios"), 1);
    ck_assert_str_eq(json_string_value(json_object_get(sc, "outcome")), "not exercised");
    ck_assert_uint_eq(json_array_size(json_object_get(sc, "not_exercised")), 1);
    ck_assert_ptr_null(json_object_get(json_array_get(json_object_get(sc, "not_exercised"), 0), "scenario"));
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(json_object_get(sc, "skipped"), 0), "reason")),
                     "adapter is not Paused");
    ck_assert_uint_eq(json_array_size(json_object_get(sc, "exercised")), 0);
    json_decref(root);
    run_result_free(&r);
}
END_TEST

START_TEST(junit_marks_it_skipped_never_passed)
{
    run_result r = build();
    char err[256];
    ck_assert_int_eq(report_write_junit(path_in("r.xml"), &r, err, sizeof err), 0);
    char *xml = tool_read_file(path_in("r.xml"));
    ck_assert_ptr_nonnull(xml);
    /* One case per scenario: the clean one that proved nothing is skipped. */
    ck_assert_ptr_nonnull(strstr(xml, "<testsuite name=\"scenarios\" tests=\"2\" failures=\"1\" errors=\"0\" "
                                      "skipped=\"1\""));
    const char *tc = strstr(xml, "<testcase classname=\"mpconform.restart-pending\" name=\"restart-pending\"");
    ck_assert_ptr_nonnull(tc);
    ck_assert_ptr_nonnull(strstr(tc, "\">\n      <skipped message=\"not exercised: " PENDING_WHY "\"/>\n"
                                     "      <system-out>not exercised, 4 events"));
    ck_assert_ptr_nonnull(strstr(tc, "not exercised: " PENDING_WHY "\nskipped: step halt (line 7): adapter is not Paused\n"
                                     "</system-out>"));
    ck_assert_ptr_nonnull(strstr(xml, "<testsuite name=\"not proven\" tests=\"1\" failures=\"0\" errors=\"0\" "
                                      "skipped=\"1\""));
    free(xml);
    run_result_free(&r);
}
END_TEST

START_TEST(sarif_and_html_carry_it)
{
    run_result r = build();
    char err[256];
    ck_assert_int_eq(report_write_sarif(path_in("r.sarif"), &r, err, sizeof err), 0);
    json_error_t jerr;
    json_t *root = json_load_file(path_in("r.sarif"), 0, &jerr);
    ck_assert_ptr_nonnull(root);
    json_t *props = json_object_get(json_array_get(json_object_get(root, "runs"), 0), "properties");
    json_t *np = json_object_get(props, "notProven");
    ck_assert_uint_eq(json_array_size(np), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(np, 0), "reason")), PENDING_WHY);
    json_decref(root);

    ck_assert_int_eq(report_write_html(path_in("r.html"), &r, err, sizeof err), 0);
    char *html = tool_read_file(path_in("r.html"));
    ck_assert_ptr_nonnull(html);
    const char *findings = strstr(html, "<h2 id=\"findings\">Findings"),
               *section = strstr(html, "<h2>Not proven for this driver</h2>");
    ck_assert_ptr_nonnull(section);
    ck_assert_msg(findings && findings < section, "the verdict section comes after the findings");
    ck_assert_ptr_nonnull(strstr(section, "<td>" PENDING_WHAT "</td><td>restart-pending</td><td>" PENDING_WHY "</td>"));
    free(html);
    run_result_free(&r);
}
END_TEST

int main(void)
{
    dir = tool_temp_dir("verdict");
    Suite *s = suite_create("report_verdict");
    TCase *tc = tcase_create("not proven");
    tcase_add_test(tc, text_says_it_after_the_findings);
    tcase_add_test(tc, text_says_plainly_when_nothing_is_unproven);
    tcase_add_test(tc, json_lists_it_per_scenario_and_for_the_run);
    tcase_add_test(tc, junit_marks_it_skipped_never_passed);
    tcase_add_test(tc, sarif_and_html_carry_it);
    suite_add_tcase(s, tc);
    int rc = tool_run_suite(s);
    free(dir);
    return rc;
}
