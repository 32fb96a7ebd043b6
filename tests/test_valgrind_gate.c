/* `run --valgrind` is a gate: memcheck's errors in the driver (read from its
 * XML output with libxml2) are findings with rule ids, at the driver's
 * source lines, in every report, and count for the exit status; the user's
 * own suppression files pass through to valgrind. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_runner.h"

#define RUN(...) tool_run((const char *const[]){ __VA_ARGS__, NULL })
#define BUGGY "build/samples/vnic-valgrind-errors.so"

/* The line of the sample that holds text. */
static int source_line(const char *text)
{
    FILE *f = fopen("sample-miniports/vnic/adapter.c", "r");
    ck_assert_ptr_nonnull(f);
    char buf[512];
    int line = 0, found = 0;
    while (!found && fgets(buf, sizeof buf, f)) {
        line++;
        found = strstr(buf, text) != NULL;
    }
    fclose(f);
    ck_assert_msg(found, "no '%s' in the sample", text);
    return line;
}

static json_t *finding(json_t *report, const char *rule)
{
    size_t si, vi;
    json_t *sc, *v;
    json_array_foreach(json_object_get(report, "scenarios"), si, sc)
        json_array_foreach(json_object_get(sc, "violations"), vi, v)
            if (strcmp(json_string_value(json_object_get(v, "rule")), rule) == 0)
                return v;
    return NULL;
}

static void assert_at(json_t *v, const char *rule, int line)
{
    ck_assert_msg(v != NULL, "no %s finding", rule);
    json_t *f = json_array_get(json_object_get(v, "backtrace"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(f, "function")), "VnicHalt");
    const char *file = json_string_value(json_object_get(f, "file"));
    ck_assert_msg(file && strstr(file, "sample-miniports/vnic/adapter.c"), "file %s", file ? file : "(none)");
    ck_assert_int_eq(json_integer_value(json_object_get(f, "line")), line);
}

/* libxml2 (with ICU and libstdc++) is opened only when XML is read: no
 * command but `run --valgrind` pays its relocation at start-up. The tests
 * above show the XML is still read. */
START_TEST(the_judge_does_not_link_libxml2)
{
    char *out = NULL;
    ck_assert_int_eq(tool_shell("readelf -d bin/mpconform", &out), 0);
    ck_assert_ptr_nonnull(strstr(out, "(NEEDED)"));
    ck_assert_msg(strstr(out, "libxml2") == NULL, "bin/mpconform links libxml2:\n%s", out);
    ck_assert_msg(strstr(out, "libicu") == NULL, "bin/mpconform links ICU:\n%s", out);
    free(out);
}
END_TEST

START_TEST(memcheck_errors_are_findings_that_count)
{
    char *dir = tool_temp_dir("vg");
    tool_output o = RUN("run", "-q", "--valgrind", "--scenario", "lifecycle", "--format", "json,sarif", "-o", dir, BUGGY);
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    tool_output_free(&o);
    json_t *report = tool_load_report(dir);
    char *ids = tool_report_rule_ids(report);
    ck_assert_str_eq(ids, "VALGRIND-INVALID-ACCESS VALGRIND-UNINITIALISED");
    free(ids);
    assert_at(finding(report, "VALGRIND-UNINITIALISED"), "VALGRIND-UNINITIALISED", source_line("if (*Reason == 0x7u)"));
    assert_at(finding(report, "VALGRIND-INVALID-ACCESS"), "VALGRIND-INVALID-ACCESS", source_line("if (Stats[3] == 0x7u)"));
    json_decref(report);

    /* The trace keeps them: check judges them again. */
    char trace[600];
    snprintf(trace, sizeof trace, "%s/trace.jsonl", dir);
    o = RUN("check", "-q", "--no-color", trace);
    ck_assert_int_eq(o.status, 1);
    ck_assert_ptr_nonnull(strstr(o.out, "VALGRIND-UNINITIALISED"));
    tool_output_free(&o);

    /* Without valgrind nothing sees them; the correct sample is clean under it. */
    o = RUN("run", "-q", "--scenario", "lifecycle", BUGGY);
    ck_assert_int_eq(o.status, 0);
    tool_output_free(&o);
    o = RUN("run", "-q", "--valgrind", "--scenario", "lifecycle", "build/samples/vnic.so");
    ck_assert_msg(o.status == 0, "exit %d: %s %s", o.status, o.out, o.err);
    tool_output_free(&o);
    tool_remove_dir(dir);
}
END_TEST

/* A block of NDIS memory the driver leaks is a definite leak for memcheck,
 * at the driver's allocation: nothing the harness keeps (its handle
 * registry, the events in its batch buffer) may point into it. */
START_TEST(a_leaked_ndis_block_is_a_definite_leak_at_the_drivers_line)
{
    char *dir = tool_temp_dir("vgleak");
    tool_output o = RUN("run", "-q", "--valgrind", "--scenario", "lifecycle", "--format", "json", "-o", dir,
                        "build/samples/vnic-leak-memory.so");
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    tool_output_free(&o);
    json_t *report = tool_load_report(dir);
    json_t *v = finding(report, "VALGRIND-LEAK");
    ck_assert_msg(v != NULL, "no VALGRIND-LEAK finding");
    json_t *f = json_array_get(json_object_get(v, "backtrace"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(f, "function")), "VnicAllocateAdapter");
    json_decref(report);
    tool_remove_dir(dir);
}
END_TEST

START_TEST(user_suppressions_pass_through)
{
    char *dir = tool_temp_dir("vgsupp");
    char supp[600];
    snprintf(supp, sizeof supp, "%s/mine.supp", dir);
    FILE *f = fopen(supp, "w");
    ck_assert_ptr_nonnull(f);
    fputs("{\n   known-uninitialised-reason\n   Memcheck:Cond\n   fun:VnicHalt\n}\n", f);
    fclose(f);
    tool_output o = RUN("run", "-q", "--valgrind", "--valgrind-suppressions", supp, "--scenario", "lifecycle",
                        "--format", "json", "-o", dir, BUGGY);
    ck_assert_int_eq(o.status, 1);
    tool_output_free(&o);
    json_t *report = tool_load_report(dir);
    char *ids = tool_report_rule_ids(report);
    ck_assert_str_eq(ids, "VALGRIND-INVALID-ACCESS");
    free(ids);
    json_decref(report);
    tool_remove_dir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("valgrind-gate");
    TCase *tc = tcase_create("valgrind-gate");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, the_judge_does_not_link_libxml2);
    tcase_add_test(tc, memcheck_errors_are_findings_that_count);
    tcase_add_test(tc, user_suppressions_pass_through);
    tcase_add_test(tc, a_leaked_ndis_block_is_a_definite_leak_at_the_drivers_line);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
