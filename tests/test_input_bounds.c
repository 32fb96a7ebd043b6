/* Rule patterns and scenario values are bounded: a pattern whose compiled
 * form would take the machine's memory, or whose matching would not end, is
 * an input error naming its file:line:col; so is a duration that overflows
 * or exceeds the virtual time a scenario may take, and a scenario whose own
 * steps need more events than --max-events allows. None of them reaches a
 * host or becomes a finding against the driver. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tool_runner.h"

#define RUN(...) tool_run((const char *const[]){ __VA_ARGS__, NULL })

static char *dir;
static void setup(void) { dir = tool_temp_dir("bounds"); }
static void teardown(void)
{
    tool_remove_dir(dir);
}

static const char *path(const char *name)
{
    return tool_path_in(dir, name);
}

static void write_file(const char *name, const char *text)
{
    FILE *f = fopen(path(name), "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

/* A rule directory with one pattern rule: `where: {name: {matches: PATTERN}}`
 * on DDI calls; the pattern's scalar starts at line 10, column 25. */
static void write_pattern_rule(const char *pattern)
{
    mkdir(path("rules"), 0755);
    FILE *f = fopen(path("rules/custom.yaml"), "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f,
            "rules:\n"
            "  - id: CUSTOM-ONE\n"
            "    severity: error\n"
            "    summary: s\n"
            "    doc: {file: 000_69f3f19d2011d430.txt, passage: p}\n"
            "    message: m\n"
            "    pattern:\n"
            "      kind: ddi\n"
            "      where:\n"
            "        name: {matches: '%s'}\n",
            pattern);
    ck_assert_int_eq(fclose(f), 0);
}

static void assert_refused(tool_output o, const char *where, const char *what)
{
    ck_assert_msg(o.status == 2, "exit %d (stdout %s, stderr %s)", o.status, o.out, o.err);
    ck_assert_msg(strstr(o.err, where) != NULL, "stderr lacks '%s': %s", where, o.err);
    ck_assert_msg(strstr(o.err, what) != NULL, "stderr lacks '%s': %s", what, o.err);
    ck_assert_ptr_null(strstr(o.out, "HOST-"));
    tool_output_free(&o);
}

START_TEST(nested_repetition_pattern_is_refused_at_load)
{
    write_pattern_rule("((((a{1,100}){1,100}){1,100}){1,100})");
    /* Under a 1 GiB address-space limit: a compiler that expands the
     * repetitions runs out of it (and says "Memory exhausted") instead of
     * taking the machine. */
    char cmd[1024], *out = NULL;
    snprintf(cmd, sizeof cmd, "ulimit -v 1048576; bin/mpconform rules --rules %s", path("rules"));
    int status = tool_shell(cmd, &out);
    ck_assert_msg(status == 2, "exit %d: %s", status, out);
    char where[700];
    snprintf(where, sizeof where, "%s:10:25: ", path("rules/custom.yaml"));
    ck_assert_msg(strstr(out, where) != NULL, "no %s in: %s", where, out);
    ck_assert_msg(strstr(out, "compiled form stays within the bounds") != NULL, "%s", out);
    ck_assert_msg(strstr(out, "regular expression is too large") != NULL, "%s", out);
    free(out);
}
END_TEST

START_TEST(overlong_pattern_is_refused_at_load)
{
    char pattern[1100];
    memset(pattern, 'a', sizeof pattern - 1);
    pattern[sizeof pattern - 1] = '\0';
    write_pattern_rule(pattern);
    char where[700];
    snprintf(where, sizeof where, "%s:10:25: ", path("rules/custom.yaml"));
    assert_refused(RUN("rules", "--rules", path("rules")), where, "at most 1024 bytes (this one has 1099)");
}
END_TEST

START_TEST(pattern_that_cannot_be_decided_stops_the_judge)
{
    /* Nested stars backtrack without end on any DDI name; the match bound
     * stops it, and the judge says which pattern instead of guessing. */
    write_pattern_rule("^(.*)*(.*)*(.*)*(.*)*(.*)*[#%]$");
    char where[700];
    snprintf(where, sizeof where, "%s:10:25: ", path("rules/custom.yaml"));
    tool_output o = RUN("run", "-q", "--rules", path("rules"), "--scenario", "lifecycle", "build/samples/vnic.so");
    ck_assert_msg(o.status == 2, "exit %d (stderr %s)", o.status, o.err);
    ck_assert_msg(strstr(o.err, where) != NULL, "stderr lacks '%s': %s", where, o.err);
    ck_assert_msg(strstr(o.err, "could not be decided") != NULL, "%s", o.err);
    ck_assert_msg(strstr(o.err, "match limit") != NULL, "%s", o.err);
    tool_output_free(&o);
}
END_TEST

START_TEST(extended_regex_patterns_keep_their_meaning)
{
    /* Alternation, a bracket range, a class, an interval and anchors, as
     * POSIX ERE writes them: the rule fires on NdisReadConfiguration. */
    write_pattern_rule("^Ndis(Read|Write)Config[[:alpha:]]{3,}[a-z]+$");
    tool_output o = RUN("run", "-q", "--no-color", "--rules", path("rules"), "--scenario", "lifecycle",
                        "build/samples/vnic.so");
    ck_assert_msg(o.status == 1, "exit %d: %s %s", o.status, o.out, o.err);
    ck_assert_msg(strstr(o.out, "ERROR CUSTOM-ONE") != NULL, "%s", o.out);
    tool_output_free(&o);
    /* `$` is the end of the text, as in POSIX, not "before a final newline" */
    write_pattern_rule("^NdisReadConfiguratio$");
    o = RUN("run", "-q", "--no-color", "--rules", path("rules"), "--scenario", "lifecycle", "build/samples/vnic.so");
    ck_assert_msg(o.status == 0, "exit %d: %s %s", o.status, o.out, o.err);
    tool_output_free(&o);
}
END_TEST

START_TEST(overflowing_wait_is_refused)
{
    write_file("overflow.yaml", "scenario: overflow\nsteps:\n  - initialize\n  - wait: 99999999999999999999s\n");
    char where[700];
    snprintf(where, sizeof where, "%s:4:11: ", path("overflow.yaml"));
    assert_refused(RUN("run", "--scenario", path("overflow.yaml"), "build/samples/vnic.so"), where,
                   "expected a duration of at most 3600s");
    /* one past the bound, in microseconds, and the unit multiplying past 64 bits */
    write_file("over.yaml", "scenario: over\nsteps:\n  - initialize\n  - wait: {duration: 3600000001}\n");
    snprintf(where, sizeof where, "%s:4:22: ", path("over.yaml"));
    assert_refused(RUN("run", "--scenario", path("over.yaml"), "build/samples/vnic.so"), where, "at most 3600s");
    write_file("mul.yaml", "scenario: mul\nsteps:\n  - initialize\n  - wait: 18446744073709552s\n");
    snprintf(where, sizeof where, "%s:4:11: ", path("mul.yaml"));
    assert_refused(RUN("run", "--scenario", path("mul.yaml"), "build/samples/vnic.so"), where, "at most 3600s");
}
END_TEST

START_TEST(waits_adding_up_past_the_bound_are_refused)
{
    write_file("waits.yaml", "scenario: waits\nsteps:\n  - initialize\n  - restart\n  - wait: 3000s\n"
                             "  - wait: 601s\n  - halt\n");
    char where[700];
    snprintf(where, sizeof where, "%s:6:5: ", path("waits.yaml"));
    assert_refused(RUN("run", "--scenario", path("waits.yaml"), "build/samples/vnic.so"), where,
                   "waits that add up to at most 3600s");
}
END_TEST

START_TEST(too_many_steps_are_refused_not_blamed_on_the_driver)
{
    /* 400 CheckForHang steps: the harness alone writes 4 + 2 * 3 + 400 * 3
     * events, more than --max-events 1000; the step that goes over is the 331st
     * (line 335 of the file) */
    FILE *f = fopen(path("many.yaml"), "w");
    ck_assert_ptr_nonnull(f);
    fputs("scenario: many\nsteps:\n  - initialize\n  - restart\n", f);
    for (int i = 0; i < 400; i++)
        fputs("  - check_for_hang\n", f);
    ck_assert_int_eq(fclose(f), 0);
    char where[700];
    snprintf(where, sizeof where, "%s:335:5: ", path("many.yaml"));
    assert_refused(RUN("run", "-q", "--max-events", "1000", "--scenario", path("many.yaml"), "build/samples/vnic.so"),
                   where, "expected a scenario that fits in 1000 events (--max-events)");
}
END_TEST

START_TEST(longest_valid_wait_passes_on_the_correct_sample)
{
    /* The longest wait a scenario may ask for fits the default limits with
     * the correct sample: it runs its timers for an hour of virtual time and
     * nothing is reported. */
    write_file("long.yaml", "scenario: long-wait\nsteps:\n  - initialize\n  - restart\n  - wait: 3600s\n"
                            "  - pause\n  - halt\n");
    tool_output o = RUN("run", "-q", "--no-color", "--scenario", path("long.yaml"), "build/samples/vnic.so");
    ck_assert_msg(o.status == 0, "exit %d: %s %s", o.status, o.out, o.err);
    ck_assert_ptr_null(strstr(o.out, "HOST-"));
    ck_assert_msg(strstr(o.out, "0 errors, 0 warnings") != NULL, "%s", o.out);
    tool_output_free(&o);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("input_bounds");
    TCase *tc = tcase_create("input_bounds");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, nested_repetition_pattern_is_refused_at_load);
    tcase_add_test(tc, overlong_pattern_is_refused_at_load);
    tcase_add_test(tc, pattern_that_cannot_be_decided_stops_the_judge);
    tcase_add_test(tc, extended_regex_patterns_keep_their_meaning);
    tcase_add_test(tc, overflowing_wait_is_refused);
    tcase_add_test(tc, waits_adding_up_past_the_bound_are_refused);
    tcase_add_test(tc, too_many_steps_are_refused_not_blamed_on_the_driver);
    tcase_add_test(tc, longest_valid_wait_passes_on_the_correct_sample);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
