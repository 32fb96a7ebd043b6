/* The host gets the rules' tables from the judge (input/tables_wire.h) on
 * descriptor 4 and loads no rules itself: bin/mpconform-host refuses a
 * damaged blob or a missing descriptor with the reason, and a run through
 * the host program judges as before (the samples' expected findings are
 * test_samples' job; here, one finding that needs the host's tables). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_runner.h"

#define HOST "bin/mpconform-host __host build/samples/vnic.so fixtures/scenarios/010-lifecycle.yaml lifecycle"

static char *host_with_blob(const char *blob, int *status)
{
    char path[] = "/tmp/mpc-test-blob-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs(blob, f);
    fclose(f);
    char cmd[512], *out = NULL;
    snprintf(cmd, sizeof cmd, HOST " --tables-fd 4 3>/dev/null 4<%s", path);
    *status = tool_shell(cmd, &out);
    remove(path);
    return out;
}

START_TEST(damaged_blob_is_an_internal_error_with_its_line)
{
    int status;
    char *out = host_with_blob("mpconform-tables 1\nddi NdisFreeMemory 40\nend\n", &status);
    ck_assert_int_eq(status, 3);
    ck_assert_msg(strstr(out, "mpconform __host: tables:2: expected an IRQL (0..31), not '40'"), "%s", out);
    free(out);
    out = host_with_blob("mpconform-tables 1\nkind memory 1 1 NdisAllocateMemoryWithTagPriority 1 NdisFreeMemory\n", &status);
    ck_assert_int_eq(status, 3);
    ck_assert_msg(strstr(out, "tables:3: expected 'end' (the blob is cut short)"), "%s", out);
    free(out);
}
END_TEST

START_TEST(missing_descriptor_is_an_internal_error)
{
    char *out = NULL;
    int status = tool_shell(HOST " --tables-fd 4 3>/dev/null 4<&-", &out);
    ck_assert_int_eq(status, 3);
    ck_assert_msg(strstr(out, "tables: descriptor 4: Bad file descriptor"), "%s", out);
    free(out);
}
END_TEST

/* MiniportResetEx runs at DISPATCH_LEVEL only because the host has the
 * callback IRQL table: without it, NdisMSleep in Reset is no finding. */
START_TEST(a_run_through_the_host_program_uses_the_judges_tables)
{
    char *dir = tool_temp_dir("host-tables");
    tool_output o = tool_run((const char *const[]){ "run", "-q", "--no-color", "--format", "json", "-o", dir,
                                                    "--scenario", "fixtures/scenarios/010-lifecycle.yaml",
                                                    "build/samples/vnic-irql-sleep-in-reset.so", NULL });
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    json_t *report = tool_load_report(dir);
    ck_assert_ptr_nonnull(report);
    char *ids = tool_report_rule_ids(report);
    ck_assert_str_eq(ids, "IRQL-DDI-MAX");
    free(ids);
    json_decref(report);
    tool_output_free(&o);
    tool_remove_dir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("host_tables");
    TCase *tc = tcase_create("host_tables");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, damaged_blob_is_an_internal_error_with_its_line);
    tcase_add_test(tc, missing_descriptor_is_an_internal_error);
    tcase_add_test(tc, a_run_through_the_host_program_uses_the_judges_tables);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
