/* The last line of .ci/run (scripts/ci-summary.sh): what each step counted,
 * read from the files the steps leave in build/counts/; a step without a
 * file reads "not run", the real miniports' absence "skipped". */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_runner.h"

static char *dir;
static void setup(void) { dir = tool_temp_dir("ci-summary"); }
static void teardown(void) { tool_remove_dir(dir); }

static void put(const char *name, const char *text)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static char *summary(void)
{
    char cmd[700], *out = NULL;
    snprintf(cmd, sizeof cmd, "sh scripts/ci-summary.sh %s", dir);
    ck_assert_int_eq(tool_shell(cmd, &out), 0);
    return out;
}

START_TEST(every_step_counted)
{
    put("check", "1480 2\n");
    put("check-real", "12 0\n");
    put("memcheck", "61 1\n");
    put("sanitize", "13 0\n");
    put("fuzz", "7 0 8\n");
    char *out = summary();
    ck_assert_str_eq(out, "tests: 1480 checks, 2 failed; real: 12 checks, 0 failed; "
                          "memcheck: 61 runs, 1 failed; sanitize: 13 runs, 0 failed; fuzz: 7 targets x 8s, 0 failed\n");
    free(out);
}
END_TEST

START_TEST(missing_and_skipped_steps_say_so)
{
    put("check", "900 0\n");
    put("check-real", "skipped\n");
    char *out = summary();
    ck_assert_str_eq(out, "tests: 900 checks, 0 failed; real: skipped; memcheck: not run; sanitize: not run; fuzz: not run\n");
    free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("ci-summary");
    TCase *tc = tcase_create("ci-summary");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, every_step_counted);
    tcase_add_test(tc, missing_and_skipped_steps_say_so);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
