/* End to end: every sample miniport of sample-miniports/variants.list is
 * run through `mpconform run` and must be reported with exactly the rule
 * ids of fixtures/expected/NAME.ids (the correct vnic: none at all).  A
 * line "# scenarios: FILE ..." in the .ids file runs only those scenario
 * files (a variant whose every scenario is heavy, like a 30,000-block ring,
 * is judged on the scenarios that show its behaviour). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_runner.h"

#define MAX_VARIANTS 128
static char *variants[MAX_VARIANTS];
static int nvariants;

static void load_variants(void)
{
    FILE *f = fopen("sample-miniports/variants.list", "r");
    if (!f)
        return;
    char line[512];
    while (fgets(line, sizeof(line), f) && nvariants < MAX_VARIANTS) {
        char name[128];
        if (line[0] == '#' || sscanf(line, "%127s", name) != 1)
            continue;
        variants[nvariants++] = strdup(name);
    }
    fclose(f);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The .ids file as a sorted, space-separated list. */
static char *expected_ids(const char *name)
{
    char path[256];
    snprintf(path, sizeof(path), "fixtures/expected/%s.ids", name);
    char *text = tool_read_file(path);
    ck_assert_msg(text != NULL, "missing %s", path);
    char *ids[256];
    size_t n = 0;
    /* a line from '#' on is a comment */
    for (char *c = text; (c = strchr(c, '#')) != NULL;)
        while (*c && *c != '\n')
            *c++ = ' ';
    for (char *save = NULL, *tok = strtok_r(text, " \t\r\n", &save); tok && n < 256;
         tok = strtok_r(NULL, " \t\r\n", &save))
        ids[n++] = tok;
    qsort(ids, n, sizeof(char *), compare_strings);
    char *out = calloc(1, 4096);
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        if (!i || strcmp(ids[i], ids[i - 1]))
            len += (size_t)snprintf(out + len, 4096 - len, "%s%s", len ? " " : "", ids[i]);
    free(text);
    return out;
}

static int report_has_error(json_t *report)
{
    return json_integer_value(json_object_get(json_object_get(report, "counts"), "error")) > 0;
}

#define MAX_SCENARIO_FILES 8

/* The "# scenarios:" line of the .ids file, as --scenario arguments. */
static size_t scenario_args(const char *name, const char **args, char *store, size_t storelen)
{
    char path[256];
    snprintf(path, sizeof(path), "fixtures/expected/%s.ids", name);
    char *text = tool_read_file(path);
    const char *line = text ? strstr(text, "# scenarios:") : NULL;
    size_t n = 0;
    if (line) {
        snprintf(store, storelen, "%.*s", (int)strcspn(line + 12, "\n"), line + 12);
        for (char *save = NULL, *tok = strtok_r(store, " \t", &save); tok && n < 2 * MAX_SCENARIO_FILES;
             tok = strtok_r(NULL, " \t", &save)) {
            args[n++] = "--scenario";
            args[n++] = tok;
        }
    }
    free(text);
    return n;
}

START_TEST(sample_is_reported_with_exactly_its_rules)
{
    const char *name = variants[_i];
    char so[256];
    snprintf(so, sizeof(so), "build/samples/%s.so", name);
    char *dir = tool_temp_dir("sample");
    /* The scenarios its .ids names, else the default suite and the
     * sample-only scenarios (vnic's registry keywords). */
    const char *args[16 + 2 * MAX_SCENARIO_FILES] = { "run", "--format", "json", "-o", dir, "--no-color", "-q",
                                                      "-j", "2", "--timeout", "2" };
    char store[512];
    size_t n = 11 + scenario_args(name, args + 11, store, sizeof store);
    if (n == 11) {
        args[n++] = "--scenarios";
        args[n++] = "fixtures/scenarios";
        args[n++] = "--scenarios";
        args[n++] = "sample-miniports/vnic/scenarios";
    }
    args[n++] = so;
    args[n] = NULL;
    tool_output o = tool_run(args);
    json_t *report = tool_load_report(dir);
    ck_assert_msg(report != NULL, "%s: no report.json (exit %d): %s", name, o.status, o.err);
    char *found = tool_report_rule_ids(report);
    char *want = expected_ids(name);
    ck_assert_msg(strcmp(found, want) == 0, "%s: found [%s], expected [%s]", name, found, want);
    ck_assert_msg(o.status == (report_has_error(report) ? 1 : 0), "%s: exit %d", name, o.status);
    free(found);
    free(want);
    json_decref(report);
    tool_output_free(&o);
    free(dir);
}
END_TEST

int main(void)
{
    load_variants();
    Suite *s = suite_create("samples");
    TCase *tc = tcase_create("variants");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, sample_is_reported_with_exactly_its_rules, 0, nvariants);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    int ran = srunner_ntests_run(sr);
    srunner_free(sr);
    if (nvariants == 0 || ran == 0) {
        fprintf(stderr, "no sample variants found\n");
        return EXIT_FAILURE;
    }
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
