/* Splitting across CI runners (docs/ci.md): `run --shard I/N` on each runner,
 * then `merge` of their result directories gives the same report set as one
 * run of the whole suite, whatever order the directories come in. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_runner.h"

#define RUN(...) tool_run((const char *const[]){ __VA_ARGS__, NULL })
#define DRIVER "build/samples/vnic-leak.so"

static void assert_same_file(const char *a_dir, const char *b_dir, const char *name)
{
    char a[600], b[600];
    snprintf(a, sizeof a, "%s/%s", a_dir, name);
    snprintf(b, sizeof b, "%s/%s", b_dir, name);
    char *x = tool_read_file(a), *y = tool_read_file(b);
    ck_assert_msg(x && y, "missing %s", name);
    /* Real wall times are in the whole run's JUnit only: a merge re-judges
     * recorded traces, which carry no times. Everything else must match. */
    if (strstr(name, "junit")) {
        tool_blank_junit_times(x);
        tool_blank_junit_times(y);
    }
    ck_assert_msg(strcmp(x, y) == 0, "%s differs between the whole run and the merged shards", name);
    free(x);
    free(y);
}

START_TEST(merged_shards_equal_one_whole_run)
{
    char *dir = tool_temp_dir("shard");
    char whole[512], merged[512], shard[3][512];
    snprintf(whole, sizeof whole, "%s/whole", dir);
    snprintf(merged, sizeof merged, "%s/merged", dir);
    tool_output o = RUN("run", "-q", "--format", "json,junit,sarif,html", "-o", whole, DRIVER);
    ck_assert_int_eq(o.status, 1);
    const char *n = strstr(o.out, "scenarios run: ");
    ck_assert_ptr_nonnull(n);
    size_t in_whole = strtoul(n + 15, NULL, 10);
    tool_output_free(&o);
    size_t scenarios = 0;
    for (int i = 0; i < 3; i++) {
        char spec[8];
        snprintf(spec, sizeof spec, "%d/3", i + 1);
        snprintf(shard[i], sizeof shard[i], "%s/shard-%d", dir, i + 1);
        o = RUN("run", "-q", "--shard", spec, "-o", shard[i], DRIVER);
        ck_assert_int_eq(o.status, 1);
        n = strstr(o.out, "scenarios run: ");
        ck_assert_ptr_nonnull(n);
        scenarios += strtoul(n + 15, NULL, 10);
        tool_output_free(&o);
    }
    ck_assert_uint_eq(scenarios, in_whole); /* a partition: each scenario once */
    o = RUN("merge", "-q", "--format", "json,junit,sarif,html", "-o", merged, shard[2], shard[0], shard[1]);
    ck_assert_msg(o.status == 1, "merge exit %d: %s", o.status, o.err);
    tool_output_free(&o);
    const char *files[] = { "report.json", "report.junit.xml", "report.sarif", "report.html", "trace.jsonl" };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        assert_same_file(whole, merged, files[i]);

    /* The same shard twice, or shards of two drivers, are refused. */
    o = RUN("merge", shard[0], shard[0]);
    ck_assert_int_eq(o.status, 2);
    ck_assert_ptr_nonnull(strstr(o.err, "is in two of the inputs"));
    tool_output_free(&o);
    char other[512];
    snprintf(other, sizeof other, "%s/other", dir);
    o = RUN("run", "-q", "--shard", "2/3", "-o", other, "build/samples/vnic.so");
    tool_output_free(&o);
    o = RUN("merge", shard[0], other);
    ck_assert_int_eq(o.status, 2);
    ck_assert_ptr_nonnull(strstr(o.err, "shards of different drivers"));
    tool_output_free(&o);
    o = RUN("run", "--shard", "4/3", DRIVER);
    ck_assert_int_eq(o.status, 2);
    ck_assert_ptr_nonnull(strstr(o.err, "--shard expects I/N"));
    tool_output_free(&o);
    tool_remove_dir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("shard");
    TCase *tc = tcase_create("shard");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, merged_shards_equal_one_whole_run);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
