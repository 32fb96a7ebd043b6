/* The writers CI tools read: JUnit (one stable case per scenario, the
 * element of each outcome, classname, counts, times) and SARIF (every
 * field GitHub code scanning, SonarQube and Jenkins read). Each test
 * writes a run result built by hand and checks exact values. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "report_fixture.h"
#include "tool_runner.h"

START_TEST(junit_content)
{
    run_result r = sample_run_result();
    /* Bytes XML 1.0 cannot carry (a control character, broken UTF-8) become '?'. */
    free(r.scenarios[1].violations.items[0].message);
    r.scenarios[1].violations.items[0].message = strdup("tick\x01\xff tock \xc3\xa9");
    char err[256] = "";
    make_tmpdir();
    ck_assert_msg(report_write_junit(path_in("junit.xml"), &r, err, sizeof err) == 0, "%s", err);
    char *x = slurp(path_in("junit.xml"));
    ck_assert_ptr_nonnull(strstr(x, "<?xml version=\"1.0\""));
    /* One case per scenario: halt-leak fails (its error), reset-pending
     * crashed (an error, whatever its findings), clean passes. The suite's
     * time is the sum of the scenarios' wall times. */
    ck_assert_ptr_nonnull(strstr(x, "<testsuite name=\"scenarios\" tests=\"3\" failures=\"1\" errors=\"1\" "
                                    "skipped=\"0\" time=\"1.242\">\n"));
    const char *leak = strstr(x, "    <testcase classname=\"mpconform.halt-leak\" name=\"halt-leak\" time=\"1.234\">\n"
                                 "      <failure type=\"HALT-FREE-ALL\" message=\"1 finding: HALT-FREE-ALL\">"
                                 "error HALT-FREE-ALL: memory block 0x1000 not freed\n"
                                 "in MiniportHaltEx (adapter 0, state Halted), event #41\n");
    ck_assert_ptr_nonnull(leak);
    /* The warning is below fail-on: in system-out, never a failure. */
    ck_assert_ptr_null(strstr(x, "<failure type=\"STALL-LIMIT\""));
    ck_assert_ptr_nonnull(strstr(leak, "<system-out>completed, 57 events: initialize then halt\n"
                                       "not counted for the verdict:\nwarning STALL-LIMIT: value &lt;&amp;&quot;&gt; escaped\n"));
    ck_assert_ptr_null(strstr(x, "<&\">"));
    ck_assert_ptr_nonnull(strstr(leak, "at MpHalt (mp/halt.c:42)"));
    const char *crash = strstr(x, "    <testcase classname=\"mpconform.reset-pending\" name=\"reset-pending\" "
                                  "time=\"0.008\">\n      <error type=\"crashed\" message=\"scenario crashed; 1 finding: "
                                  "RESET-NO-BLOCK\">error RESET-NO-BLOCK: blocked in reset\n");
    ck_assert_ptr_nonnull(crash);
    ck_assert_ptr_null(strstr(x, "<failure type=\"RESET-NO-BLOCK\""));
    ck_assert_ptr_nonnull(strstr(crash, "info RESET-INFO: tick?? tock \xc3\xa9"));
    /* The clean scenario is one passing case: nothing but its system-out. */
    ck_assert_ptr_nonnull(strstr(x, "    <testcase classname=\"mpconform.clean\" name=\"clean\" time=\"0.000\">\n"
                                    "      <system-out>completed, 4 events: nothing happens\n</system-out>\n"
                                    "    </testcase>\n  </testsuite>\n"));
    /* Exactly one test case per scenario. */
    size_t cases = 0;
    for (const char *p = x; (p = strstr(p, "<testcase ")); p++)
        cases++;
    ck_assert_uint_eq(cases, 3);
    free(x);
    remove_tmpdir();
    run_result_free(&r);
}
END_TEST

/* The names of a JUnit file's test cases, "classname/name" one a line. */
static char *junit_case_names(const char *xml)
{
    char *names = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&names, &len);
    for (const char *p = xml; (p = strstr(p, "<testcase classname=\"")); p++) {
        const char *end = strstr(p, "\" time=");
        ck_assert_ptr_nonnull(end);
        fprintf(out, "%.*s\n", (int)(end - p), p);
    }
    fclose(out);
    return names;
}

/* A CI dashboard follows a test case from run to run: the same cases,
 * named the same, whatever was found; every run of one scenario file (an
 * allocation point) under one class. */
START_TEST(junit_cases_are_the_same_in_every_run)
{
    run_result r = sample_run_result();
    free(r.scenarios[2].name);
    r.scenarios[2].name = strdup("initialize-fails [allocation #2: fail NdisAllocateMemoryWithTagPriority]");
    char err[256] = "";
    make_tmpdir();
    ck_assert_msg(report_write_junit(path_in("a.xml"), &r, err, sizeof err) == 0, "%s", err);
    for (size_t s = 0; s < r.nscenarios; s++) {
        violation_list_free(&r.scenarios[s].violations);
        r.scenarios[s].outcome = SCENARIO_COMPLETED;
        r.scenarios[s].wall_us = 777;
    }
    ck_assert_msg(report_write_junit(path_in("b.xml"), &r, err, sizeof err) == 0, "%s", err);
    char *a = slurp(path_in("a.xml")), *b = slurp(path_in("b.xml"));
    char *na = junit_case_names(a), *nb = junit_case_names(b);
    ck_assert_str_eq(na, nb);
    ck_assert_str_eq(na, "<testcase classname=\"mpconform.halt-leak\" name=\"halt-leak\n"
                         "<testcase classname=\"mpconform.reset-pending\" name=\"reset-pending\n"
                         "<testcase classname=\"mpconform.initialize-fails\" name=\"initialize-fails [allocation #2: "
                         "fail NdisAllocateMemoryWithTagPriority]\n");
    ck_assert_ptr_nonnull(strstr(b, "tests=\"3\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0.002\">"));
    ck_assert_ptr_nonnull(strstr(b, "name=\"halt-leak\" time=\"0.000\">"));
    ck_assert_ptr_null(strstr(b, "<failure"));
    ck_assert_ptr_null(strstr(b, "<error"));
    free(na);
    free(nb);
    free(a);
    free(b);
    remove_tmpdir();
    run_result_free(&r);
}
END_TEST

START_TEST(sarif_content)
{
    run_result r = sample_run_result();
    char err[256] = "";
    make_tmpdir();
    ck_assert_msg(report_write_sarif(path_in("r.sarif"), &r, err, sizeof err) == 0, "%s", err);
    char *raw = slurp(path_in("r.sarif"));
    ck_assert_ptr_nonnull(strstr(raw, "value <&\\\"> escaped"));
    free(raw);

    json_t *root = json_load_file(path_in("r.sarif"), 0, NULL);
    ck_assert_ptr_nonnull(root);
    ck_assert_str_eq(json_string_value(json_object_get(root, "version")), "2.1.0");
    json_t *run = json_array_get(json_object_get(root, "runs"), 0);
    json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
    ck_assert_str_eq(json_string_value(json_object_get(driver, "name")), "mpconform");
    json_t *rules = json_object_get(driver, "rules");
    ck_assert_uint_eq(json_array_size(rules), 4);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rules, 0), "id")), "HALT-FREE-ALL");
    /* Rules in the order of the results: errors first, then by first occurrence. */
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rules, 1), "id")), "RESET-NO-BLOCK");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rules, 2), "id")), "STALL-LIMIT");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(rules, 3), "id")), "RESET-INFO");
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_object_get(json_array_get(rules, 0), "shortDescription"), "text")),
                     "summary of the rule");

    json_t *results = json_object_get(run, "results");
    ck_assert_uint_eq(json_array_size(results), 4);
    json_t *r0 = json_array_get(results, 0);
    ck_assert_str_eq(json_string_value(json_object_get(r0, "ruleId")), "HALT-FREE-ALL");
    ck_assert_str_eq(json_string_value(json_object_get(r0, "level")), "error");
    json_t *phys = json_object_get(json_array_get(json_object_get(r0, "locations"), 0), "physicalLocation");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(phys, "artifactLocation"), "uri")),
                     "mp/halt.c");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(phys, "region"), "startLine")), 42);

    /* The rest of both stacks (frames with a name or a file): the
     * allocation as a related location. */
    json_t *related = json_object_get(r0, "relatedLocations");
    ck_assert_uint_eq(json_array_size(related), 1);
    json_t *alloc = json_array_get(related, 0);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(alloc, "message"), "text")), "allocated at");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(json_object_get(alloc, "physicalLocation"),
                                                                       "artifactLocation"), "uri")), "mp/init.c");
    ck_assert_int_eq(json_integer_value(json_object_get(alloc, "id")), 1);

    /* GitHub code scanning refuses a result without a location: findings
     * with no source frame are located at the driver binary. */
    json_t *r1 = json_array_get(results, 2);
    ck_assert_str_eq(json_string_value(json_object_get(r1, "level")), "warning");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r1, "message"), "text")), NASTY);
    json_t *drv = json_object_get(json_array_get(json_object_get(r1, "locations"), 0), "physicalLocation");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(drv, "artifactLocation"), "uri")),
                     "build/samples/leaky.so");
    json_t *r2 = json_array_get(results, 3);
    ck_assert_str_eq(json_string_value(json_object_get(r2, "level")), "note");
    ck_assert_str_eq(json_string_value(json_object_get(r2, "ruleId")), "RESET-INFO");
    ck_assert_int_eq(json_integer_value(json_object_get(r2, "ruleIndex")), 3);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(results, 1), "ruleIndex")), 1);
    /* What SonarQube and Jenkins show beside the message: the scenarios and
     * where the details come from, and the stacks. */
    json_t *p0 = json_object_get(r0, "properties");
    ck_assert_str_eq(json_string_value(json_object_get(p0, "scenario")), "halt-leak");
    ck_assert_int_eq(json_integer_value(json_object_get(p0, "eventIndex")), 41);
    ck_assert_int_eq(json_integer_value(json_object_get(p0, "occurrences")), 1);
    ck_assert_uint_eq(json_array_size(json_object_get(p0, "scenarios")), 1);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(p0, "scenarios"), 0)), "halt-leak");
    ck_assert_str_eq(json_string_value(json_object_get(p0, "callback")), "MiniportHaltEx");
    ck_assert_str_eq(json_string_value(json_object_get(p0, "state")), "Halted");
    json_t *stacks = json_object_get(r0, "stacks");
    ck_assert_uint_eq(json_array_size(stacks), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(json_array_get(stacks, 0), "message"), "text")),
                     "offending call");
    ck_assert_uint_eq(json_array_size(json_object_get(json_array_get(stacks, 0), "frames")), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(json_array_get(stacks, 1), "message"), "text")),
                     "allocated at");
    /* Rule descriptors: full description and default level too. */
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(json_array_get(rules, 0), "fullDescription"),
                                                       "text")),
                     "MINIPORT_HALT callback function (ndis.h): free every resource");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(json_array_get(rules, 2), "defaultConfiguration"),
                                                       "level")), "warning");
    for (size_t i = 0; i < json_array_size(results); i++) {
        json_t *res = json_array_get(results, i);
        ck_assert_msg(json_array_size(json_object_get(res, "locations")) == 1, "result %zu has no location", i);
        ck_assert_ptr_nonnull(json_object_get(json_object_get(res, "partialFingerprints"), "mpconformFinding/v1"));
    }

    /* Rule help a reader can act on: the page's address and how to fix. */
    json_t *rule0 = json_array_get(rules, 0);
    ck_assert_str_eq(json_string_value(json_object_get(rule0, "helpUri")),
                     "https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nc-ndis-miniport_halt");
    json_t *help = json_object_get(rule0, "help");
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(help, "text")), "How to fix: free it in MiniportHaltEx"));
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(help, "markdown")),
                                 "](https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nc-ndis-miniport_halt)"));
    /* The run failed (an error at fail-on error): exit code 1. */
    json_t *inv = json_array_get(json_object_get(run, "invocations"), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(inv, "exitCode")), 1);
    ck_assert_ptr_null(json_object_get(run, "originalUriBaseIds"));
    json_decref(root);
    remove_tmpdir();
    run_result_free(&r);
}
END_TEST

/* partialFingerprints: the same rule at the same source line is the same
 * finding in every run and scenario, whatever the addresses in its message
 * or the directory the driver was built in: one result listing both
 * scenarios. Another line is another finding. --source-root makes URIs
 * under it relative; others stay absolute. */
/* A HALT-FREE-ALL finding of sc whose offending call is function at file:line. */
static void add_halt_leak(scenario_result *sc, const char *message, uint64_t index, const char *function,
                          const char *file, int line, uint64_t offset)
{
    violation v = make_violation("HALT-FREE-ALL", SEV_ERROR, message, sc->name, index, "MiniportHaltEx", "Halted");
    v.bt.count = 1;
    v.bt.frames = calloc(1, sizeof(frame));
    set_frame(&v.bt.frames[0], function, file, line, "/opt/leaky.so", offset);
    ck_assert_int_eq(violation_list_push(&sc->violations, &v), 0);
}

START_TEST(sarif_groups_by_cause_with_fingerprints_and_source_root)
{
    run_result r = sample_run_result();
    free(r.scenarios[1].violations.items[1].message);
    r.scenarios[1].violations.items[1].message = strdup("blocked in reset at 0x5555");
    add_halt_leak(&r.scenarios[2], "memory block 0x2000 not freed", 9, "MpHalt", "/src/repo/mp/halt.c", 42, 0x99);
    add_halt_leak(&r.scenarios[2], "memory block 0x1000 not freed", 10, "MpHalt", "/src/repo/mp/halt.c", 43, 0x1a2b);
    add_halt_leak(&r.scenarios[2], "memory block 0x3000 not freed", 11, "MpFree", "/elsewhere/mp/free.c", 7, 0x77);
    r.source_root = strdup("/src/repo/");
    char err[256] = "";
    make_tmpdir();
    ck_assert_msg(report_write_sarif(path_in("r.sarif"), &r, err, sizeof err) == 0, "%s", err);
    json_t *root = json_load_file(path_in("r.sarif"), 0, NULL);
    json_t *run = json_array_get(json_object_get(root, "runs"), 0);
    json_t *results = json_object_get(run, "results");
    /* errors: the halt-leak line 42 (with its twin), RESET-NO-BLOCK, line 43, free.c; a warning; an info */
    ck_assert_uint_eq(json_array_size(results), 6);
#define RES(i) json_array_get(results, i)
#define FP(i) json_string_value(json_object_get(json_object_get(RES(i), "partialFingerprints"), "mpconformFinding/v1"))
#define URI(i) json_object_get(json_object_get(json_object_get(json_array_get(json_object_get(RES(i), "locations"), 0), \
                                                               "physicalLocation"), "artifactLocation"), "uri")
    json_t *props = json_object_get(RES(0), "properties");
    ck_assert_int_eq(json_integer_value(json_object_get(props, "occurrences")), 2);
    ck_assert_uint_eq(json_array_size(json_object_get(props, "scenarios")), 2);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(props, "scenarios"), 0)), "halt-leak");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(props, "scenarios"), 1)), "clean");
    /* the details are the first occurrence's */
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(RES(0), "message"), "text")),
                     "memory block 0x1000 not freed");
    ck_assert_str_eq(json_string_value(URI(0)), "mp/halt.c");
    char expect[64];
    violation_fingerprint(&r.scenarios[0].violations.items[0], expect, sizeof expect);
    ck_assert_str_eq(FP(0), expect);
    ck_assert_str_eq(json_string_value(json_object_get(RES(1), "ruleId")), "RESET-NO-BLOCK");
    ck_assert_str_ne(FP(0), FP(2));
    ck_assert_str_ne(FP(0), FP(3));
    ck_assert_str_ne(FP(0), FP(1));
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(RES(2), "properties"), "occurrences")), 1);
    json_t *art = json_object_get(json_object_get(json_array_get(json_object_get(RES(2), "locations"), 0),
                                                  "physicalLocation"), "artifactLocation");
    ck_assert_str_eq(json_string_value(json_object_get(art, "uri")), "mp/halt.c");
    ck_assert_str_eq(json_string_value(json_object_get(art, "uriBaseId")), "SRCROOT");
    json_t *base = json_object_get(json_object_get(run, "originalUriBaseIds"), "SRCROOT");
    ck_assert_str_eq(json_string_value(json_object_get(base, "uri")), "file:///src/repo/");
    /* A file outside the root keeps its absolute URI. */
    art = json_object_get(json_object_get(json_array_get(json_object_get(RES(3), "locations"), 0), "physicalLocation"),
                          "artifactLocation");
    ck_assert_str_eq(json_string_value(json_object_get(art, "uri")), "file:///elsewhere/mp/free.c");
    ck_assert_ptr_null(json_object_get(art, "uriBaseId"));
#undef URI
#undef FP
#undef RES
    json_decref(root);
    remove_tmpdir();
    run_result_free(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("report_ci");
    TCase *tc = tcase_create("junit and sarif");
    tcase_add_test(tc, junit_content);
    tcase_add_test(tc, junit_cases_are_the_same_in_every_run);
    tcase_add_test(tc, sarif_content);
    tcase_add_test(tc, sarif_groups_by_cause_with_fingerprints_and_source_root);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
