/* The folders show the architecture (docs/architecture.md, "Layers"): data
 * flows from the host through the trace to the judge and its reports, and
 * no file includes a header of a folder above its own.  This test reads
 * every #include "..." under harness/ and checks it against the table. */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tool_runner.h"

/* Which folders each folder of harness/ may include from (besides itself).
 * host/ndis/ is part of host/: the emulated DDIs are the host's. */
static const struct {
    const char *folder;
    const char *may_include;   /* space-separated */
} layers[] = {
    { "include", "" },                      /* the shim a miniport compiles against */
    { "input", "include" },                 /* files users give: YAML, scenarios, tables */
    { "trace", "include input" },           /* what host and judge share: events, setup */
    { "host", "include input trace" },      /* the process that plays NDIS */
    { "rules", "include input trace" },     /* the judge's rule engine */
    { "report", "include input trace rules" },
    { "judge", "include input trace rules report" },
    { "cli", "include input trace host rules report judge" },
};

static const char *allowed_for(const char *folder)
{
    for (size_t i = 0; i < sizeof(layers) / sizeof(layers[0]); i++)
        if (strcmp(layers[i].folder, folder) == 0)
            return layers[i].may_include;
    return NULL;
}

/* The folder of harness/ a path (relative to the repository) is in. */
static int folder_of(const char *path, char *out, size_t len)
{
    const char *p = strncmp(path, "harness/", 8) == 0 ? path + 8 : NULL;
    const char *slash = p ? strchr(p, '/') : NULL;
    if (!slash || (size_t)(slash - p) >= len)
        return -1;
    memcpy(out, p, (size_t)(slash - p));
    out[slash - p] = 0;
    return 0;
}

/* Resolves "../x/y.h" against the directory of from; plain "y.h" first as
 * the compiler does (the including file's directory), then -Iharness/include
 * and -Iharness. Returns 0 with the repository-relative path in out. */
static int resolve(const char *from, const char *inc, char *out, size_t len)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", from);
    char *cut = strrchr(dir, '/');
    if (cut)
        *cut = 0;
    const char *bases[] = { dir, "harness/include", "harness" };
    for (size_t b = 0; b < 3; b++) {
        char joined[2100];
        snprintf(joined, sizeof joined, "%s/%s", bases[b], inc);
        /* Collapse "a/b/../c" by hand: realpath would leave the repository. */
        char *parts[64];
        size_t n = 0;
        for (char *tok = strtok(joined, "/"); tok && n < 64; tok = strtok(NULL, "/")) {
            if (strcmp(tok, "..") == 0 && n > 0)
                n--;
            else if (strcmp(tok, ".") != 0)
                parts[n++] = tok;
        }
        size_t used = 0;
        out[0] = 0;
        for (size_t i = 0; i < n && used < len; i++)
            used += (size_t)snprintf(out + used, len - used, "%s%s", i ? "/" : "", parts[i]);
        struct stat st;
        if (stat(out, &st) == 0)
            return 0;
    }
    return -1;
}

/* One include of one file: NULL when allowed, else why not (static buffer). */
static const char *layer_violation(const char *file, const char *target)
{
    static char why[1200];
    char from[64], to[64];
    if (folder_of(file, from, sizeof from) != 0 || folder_of(target, to, sizeof to) != 0)
        return NULL;  /* outside harness/: a system or test header */
    if (strcmp(from, to) == 0)
        return NULL;
    const char *may = allowed_for(from);
    if (!may) {
        snprintf(why, sizeof why, "%s: folder harness/%s/ is not in the layer table", file, from);
        return why;
    }
    char list[256];
    snprintf(list, sizeof list, " %s ", may);
    char needle[70];
    snprintf(needle, sizeof needle, " %s ", to);
    if (strstr(list, needle))
        return NULL;
    snprintf(why, sizeof why, "%s includes %s: harness/%s/ may include only from: %s", file, target, from,
             *may ? may : "(nothing)");
    return why;
}

typedef struct {
    char **problems;
    size_t count;
    size_t files;
} scan_result;

static void add_problem(scan_result *r, const char *text)
{
    r->problems = realloc(r->problems, (r->count + 1) * sizeof *r->problems);
    r->problems[r->count++] = strdup(text);
}

static void scan_file(const char *path, scan_result *r)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    r->files++;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        char inc[512];
        if (sscanf(line, " #include \"%511[^\"]\"", inc) != 1)
            continue;
        char target[1024];
        if (resolve(path, inc, target, sizeof target) != 0) {
            char msg[1600];
            snprintf(msg, sizeof msg, "%s: #include \"%s\" does not resolve", path, inc);
            add_problem(r, msg);
            continue;
        }
        const char *why = layer_violation(path, target);
        if (why)
            add_problem(r, why);
    }
    fclose(f);
}

static void scan_dir(const char *dir, scan_result *r)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        size_t n = strlen(e->d_name);
        if (S_ISDIR(st.st_mode))
            scan_dir(path, r);
        else if (n > 2 && (strcmp(e->d_name + n - 2, ".c") == 0 || strcmp(e->d_name + n - 2, ".h") == 0))
            scan_file(path, r);
    }
    closedir(d);
}

START_TEST(no_file_includes_a_folder_above_its_own)
{
    scan_result r = { 0 };
    scan_dir("harness", &r);
    ck_assert_uint_gt(r.files, 100);
    for (size_t i = 0; i < r.count; i++)
        fprintf(stderr, "layer: %s\n", r.problems[i]);
    ck_assert_msg(r.count == 0, "%zu includes break the layers (first: %s)", r.count,
                  r.count ? r.problems[0] : "");
    for (size_t i = 0; i < r.count; i++)
        free(r.problems[i]);
    free(r.problems);
}
END_TEST

/* The checker itself catches what it must: the judge reaching into the
 * host, the host into the judge's rules, the trace into the host. */
START_TEST(upward_and_sideways_includes_are_caught)
{
    ck_assert_ptr_nonnull(layer_violation("harness/judge/isolation.c", "harness/host/host_run.h"));
    ck_assert_ptr_nonnull(layer_violation("harness/host/host_state.c", "harness/rules/rules.h"));
    ck_assert_ptr_nonnull(layer_violation("harness/trace/event.c", "harness/host/host.h"));
    ck_assert_ptr_nonnull(layer_violation("harness/rules/analysis.c", "harness/judge/judge.h"));
    ck_assert_ptr_nonnull(layer_violation("harness/host/ndis/memory.c", "harness/judge/judge.h"));
    ck_assert_ptr_null(layer_violation("harness/host/ndis/memory.c", "harness/host/host.h"));
    ck_assert_ptr_null(layer_violation("harness/host/lifecycle.c", "harness/host/ndis/ndis_internal.h"));
    ck_assert_ptr_null(layer_violation("harness/judge/judge.c", "harness/rules/rules.h"));
    ck_assert_ptr_null(layer_violation("harness/cli/cmd_host.c", "harness/host/host_run.h"));
}
END_TEST

/* There is no catch-all folder: every folder of harness/ has a layer. */
START_TEST(every_harness_folder_has_a_layer)
{
    DIR *d = opendir("harness");
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        ck_assert_msg(allowed_for(e->d_name) != NULL, "harness/%s/ has no layer", e->d_name);
    }
    closedir(d);
    ck_assert_ptr_null(allowed_for("core"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("layers");
    TCase *tc = tcase_create("includes");
    tcase_add_test(tc, no_file_includes_a_folder_above_its_own);
    tcase_add_test(tc, upward_and_sideways_includes_are_caught);
    tcase_add_test(tc, every_harness_folder_has_a_layer);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
