/* The SARIF of every bundled sample is accepted by code scanning: it
 * validates against the SARIF 2.1.0 schema and the SARIF and GitHub
 * ingestion rules of Microsoft's SARIF Multitool (scripts/validate-sarif.sh),
 * and every result carries what GitHub, SonarQube and Jenkins read: a
 * location at a source line where the driver has one, a fingerprint, and
 * rule help with the WDK page. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_runner.h"

#define MAX_SAMPLES 256

/* The sample drivers that load: every .so of build/samples but broken- and hostile-. */
static size_t list_samples(char names[][64])
{
    DIR *d = opendir("build/samples");
    ck_assert_ptr_nonnull(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < MAX_SAMPLES) {
        size_t len = strlen(e->d_name);
        if (len > 3 && len < 60 && strcmp(e->d_name + len - 3, ".so") == 0 && strncmp(e->d_name, "broken-", 7) != 0 &&
            strncmp(e->d_name, "hostile-", 8) != 0)  /* test_sandbox runs those, with their options */
            snprintf(names[n++], 64, "%.*s", (int)(len - 3), e->d_name);
    }
    closedir(d);
    return n;
}

static void assert_result_fields(json_t *result, const char *sample)
{
    json_t *loc = json_array_get(json_object_get(result, "locations"), 0);
    json_t *phys = json_object_get(loc, "physicalLocation");
    ck_assert_msg(json_object_get(json_object_get(phys, "artifactLocation"), "uri") != NULL,
                  "%s: a result has no artifact location", sample);
    ck_assert_msg(json_object_get(json_object_get(result, "partialFingerprints"), "mpconformFinding/v1") != NULL,
                  "%s: a result has no fingerprint", sample);
}

START_TEST(every_sample_sarif_is_accepted_by_code_scanning)
{
    static char names[MAX_SAMPLES][64];
    size_t n = list_samples(names);
    ck_assert_msg(n >= 10, "only %zu samples built", n);
    char *dir = tool_temp_dir("sarif");
    char cmd[65536];
    size_t used = (size_t)snprintf(cmd, sizeof cmd, "sh scripts/validate-sarif.sh");
    size_t with_source_line = 0, results_in_all = 0;
    for (size_t i = 0; i < n; i++) {
        char out[512], so[128];
        snprintf(out, sizeof out, "%s/%s", dir, names[i]);
        snprintf(so, sizeof so, "build/samples/%s.so", names[i]);
        /* A sample whose .ids names its scenarios is too heavy for the whole
         * suite (the 30,000-block ring): lifecycle shows its SARIF as well. */
        char ids[600];
        snprintf(ids, sizeof ids, "fixtures/expected/%s.ids", names[i]);
        char *idtext = tool_read_file(ids);
        int heavy = idtext && strstr(idtext, "# scenarios:");
        free(idtext);
        const char *args[16] = { "run", "-q", "--format", "sarif", "-o", out, "--timeout", "3", "--source-root", "." };
        size_t n = 10;
        if (heavy) {
            args[n++] = "--scenario";
            args[n++] = "lifecycle";
        }
        args[n++] = so;
        args[n] = NULL;
        tool_output o = tool_run(args);
        ck_assert_msg(o.status == 0 || o.status == 1, "%s: exit %d: %s", names[i], o.status, o.err);
        tool_output_free(&o);
        char sarif[600];
        snprintf(sarif, sizeof sarif, "%s/report.sarif", out);
        json_t *root = json_load_file(sarif, 0, NULL);
        ck_assert_msg(root != NULL, "%s: no report.sarif", names[i]);
        json_t *run = json_array_get(json_object_get(root, "runs"), 0);
        json_t *results = json_object_get(run, "results");
        results_in_all += json_array_size(results);
        for (size_t k = 0; k < json_array_size(results); k++) {
            json_t *res = json_array_get(results, k);
            assert_result_fields(res, names[i]);
            json_t *phys = json_object_get(json_array_get(json_object_get(res, "locations"), 0), "physicalLocation");
            with_source_line += json_object_get(json_object_get(phys, "region"), "startLine") != NULL;
        }
        json_t *rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
        for (size_t k = 0; k < json_array_size(rules); k++) {
            json_t *rule = json_array_get(rules, k);
            const char *uri = json_string_value(json_object_get(rule, "helpUri"));
            ck_assert_msg(uri && strncmp(uri, "https://learn.microsoft.com/", 28) == 0, "%s: rule %s has helpUri %s",
                          names[i], json_string_value(json_object_get(rule, "id")), uri ? uri : "(none)");
            ck_assert_ptr_nonnull(json_object_get(json_object_get(rule, "help"), "markdown"));
        }
        json_decref(root);
        used += (size_t)snprintf(cmd + used, sizeof cmd - used, " %s", sarif);
        ck_assert(used < sizeof cmd);
    }
    /* Most findings of the samples are at a line of their source (built with
     * -g). Results are findings grouped by cause: some 70 over the samples. */
    ck_assert_msg(with_source_line * 2 > results_in_all && with_source_line >= 40,
                  "only %zu of %zu results at a source line", with_source_line, results_in_all);
    char *out;
    int status = tool_shell(cmd, &out);
    fputs(out, stderr);
    ck_assert_msg(status == 0, "the validator refused the reports:\n%s", out);
    ck_assert_ptr_nonnull(strstr(out, "validate-sarif: "));
    ck_assert_ptr_nonnull(strstr(strstr(out, "validate-sarif: "), " 0 errors"));
    free(out);
    tool_remove_dir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sarif-valid");
    TCase *tc = tcase_create("sarif-valid");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, every_sample_sarif_is_accepted_by_code_scanning);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
