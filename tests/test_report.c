/* The report writers: a run result built by hand is written in every format
 * and the output is checked for the exact facts that were put in. */
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/report.h"

#define NASTY "value <&\"> escaped"

static char tmpdir[256];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/mpc-report-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    DIR *d = opendir(tmpdir);
    if (!d)
        return;
    struct dirent *e;
    char p[512];
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
        if (rmdir(p) != 0)
            unlink(p);
    }
    closedir(d);
    rmdir(tmpdir);
}

static char *path_in(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    return p;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Number of files in tmpdir whose name contains ".tmp.". */
static int temp_files_left(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += strstr(e->d_name, ".tmp.") != NULL;
    closedir(d);
    return n;
}

static void set_frame(frame *f, const char *function, const char *file, int line, const char *module,
                      uint64_t offset)
{
    f->pc = 0x7f0000000000ull + offset;
    f->offset = offset;
    f->module = module ? strdup(module) : NULL;
    f->function = function ? strdup(function) : NULL;
    f->file = file ? strdup(file) : NULL;
    f->line = line;
}

static violation make_violation(const char *rule, severity sev, const char *message, const char *scenario,
                                uint64_t index, const char *callback, const char *state)
{
    violation v;
    memset(&v, 0, sizeof v);
    v.rule_id = strdup(rule);
    v.sev = sev;
    v.summary = strdup("summary of the rule");
    v.doc = strdup("MINIPORT_HALT callback function (ndis.h): free every resource");
    v.doc_url = strdup("https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nc-ndis-miniport_halt");
    v.fix = strdup("free it in MiniportHaltEx");
    v.message = strdup(message);
    v.scenario = strdup(scenario);
    v.event_index = index;
    v.adapter = 0;
    v.callback = strdup(callback);
    v.state = strdup(state);
    return v;
}

static void add_coverage(run_result *r, const char *group, const char *name, unsigned count)
{
    coverage_item *c = &r->coverage[r->ncoverage++];
    c->group = strdup(group);
    c->name = strdup(name);
    c->count = count;
}

/* Scenario "halt-leak": an error with a symbolized backtrace and an origin,
 * and a warning whose message needs escaping.  Scenario "reset-pending": an
 * info and an error with an unsymbolized frame and eight frames in all.
 * Scenario "clean": nothing. */
static run_result build(void)
{
    run_result r;
    memset(&r, 0, sizeof r);
    r.driver = strdup("build/samples/leaky.so");
    r.tool_version = strdup("0.1.0");
    r.fail_on = SEV_ERROR;
    r.nscenarios = 3;
    r.scenarios = calloc(3, sizeof(scenario_result));

    scenario_result *a = &r.scenarios[0];
    a->name = strdup("halt-leak");
    a->description = strdup("initialize then halt");
    a->outcome = SCENARIO_COMPLETED;
    a->event_count = 57;
    a->wall_us = 1234567;
    violation v = make_violation("HALT-FREE-ALL", SEV_ERROR, "memory block 0x1000 not freed", "halt-leak", 41,
                                 "MiniportHaltEx", "Halted");
    v.bt.count = 2;
    v.bt.frames = calloc(2, sizeof(frame));
    set_frame(&v.bt.frames[0], "MpHalt", "mp/halt.c", 42, "/opt/leaky.so", 0x1a2b);
    set_frame(&v.bt.frames[1], NULL, NULL, 0, "/opt/leaky.so", 0x3c4d);
    v.origin.count = 1;
    v.origin.frames = calloc(1, sizeof(frame));
    set_frame(&v.origin.frames[0], "MpAllocRings", "mp/init.c", 17, "/opt/leaky.so", 0x500);
    ck_assert_int_eq(violation_list_push(&a->violations, &v), 0);
    /* its story: a failed Initialize, then a lifecycle to Paused and Halt;
     * memory released, a timer leaked, DMA released out of order */
    static const struct { const char *from, *to; } steps[] = {
        { "Halted", "Initializing" }, { "Initializing", "Halted" }, { "Halted", "Initializing" },
        { "Initializing", "Paused" }, { "Paused", "Halted" },
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        a->story.steps = realloc(a->story.steps, (i + 1) * sizeof(state_step));
        a->story.steps[i] = (state_step){ strdup(steps[i].from), strdup(steps[i].to), 0, i * 10,
                                          strcmp(steps[i].from, "Initializing") == 0 && strcmp(steps[i].to, "Halted") == 0 };
        a->story.nsteps++;
    }
    ck_assert_int_eq(story_add_span(&a->story, &(resource_span){ .kind = "memory", .alloc_ddi = "NdisAllocateMemoryWithTagPriority",
                                                                 .free_ddi = "NdisFreeMemory", .handle = 0x1000,
                                                                 .alloc_index = 2, .free_index = 51 }), 0);
    ck_assert_int_eq(story_add_span(&a->story, &(resource_span){ .kind = "timer", .alloc_ddi = "NdisAllocateTimerObject",
                                                                 .handle = 0x2000, .alloc_index = 3, .leaked = 1 }), 0);
    ck_assert_int_eq(story_add_span(&a->story, &(resource_span){ .kind = "dma", .alloc_ddi = "NdisMRegisterScatterGatherDma",
                                                                 .free_ddi = "NdisMDeregisterScatterGatherDma",
                                                                 .handle = 0x3000, .alloc_index = 4, .free_index = 50,
                                                                 .out_of_order = 1 }), 0);
    v = make_violation("STALL-LIMIT", SEV_WARNING, NASTY, "halt-leak", 12, "MiniportInitializeEx", "Initializing");
    ck_assert_int_eq(violation_list_push(&a->violations, &v), 0);

    scenario_result *b = &r.scenarios[1];
    b->name = strdup("reset-pending");
    b->description = strdup("reset that pends");
    b->outcome = SCENARIO_CRASHED;
    b->event_count = 8;
    b->wall_us = 8400;
    v = make_violation("RESET-INFO", SEV_INFO, "reset took 3 ticks", "reset-pending", 3, "", "Running");
    v.adapter = -1;
    ck_assert_int_eq(violation_list_push(&b->violations, &v), 0);
    v = make_violation("RESET-NO-BLOCK", SEV_ERROR, "blocked in reset", "reset-pending", 5, "MiniportResetEx",
                       "Running");
    v.bt.count = 8;
    v.bt.frames = calloc(8, sizeof(frame));
    for (int i = 0; i < 8; i++) {
        char fn[32];
        snprintf(fn, sizeof fn, "deep_%d", i);
        set_frame(&v.bt.frames[i], i == 0 ? NULL : fn, NULL, 0, "/opt/leaky.so", 0x100u * (unsigned)(i + 1));
    }
    ck_assert_int_eq(violation_list_push(&b->violations, &v), 0);

    scenario_result *c = &r.scenarios[2];
    c->name = strdup("clean");
    c->description = strdup("nothing happens");
    c->outcome = SCENARIO_COMPLETED;
    c->event_count = 4;

    r.coverage = calloc(4, sizeof(coverage_item));
    add_coverage(&r, "transition", "transition Paused -> Restarting", 3);
    add_coverage(&r, "transition", "transition Running -> Pausing", 0);
    add_coverage(&r, "callback return", "MiniportResetEx -> NDIS_STATUS_PENDING", 2);
    add_coverage(&r, "DDI answer", "NdisMSetMiniportAttributes -> NDIS_STATUS_INVALID_PORT_STATE", 0);
    return r;
}

static char *text_report(const run_result *r, int color)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    ck_assert_int_eq(report_write_text(out, r, color), 0);
    fclose(out);
    return buf;
}

START_TEST(counts_and_verdict)
{
    run_result r = build();
    size_t n[3];
    run_result_counts(&r, n);
    ck_assert_uint_eq(n[SEV_ERROR], 2);
    ck_assert_uint_eq(n[SEV_WARNING], 1);
    ck_assert_uint_eq(n[SEV_INFO], 1);
    ck_assert_int_eq(run_result_failed(&r), 1);

    /* Drop the errors: warnings fail only when fail_on is warning or info. */
    violation_free(&r.scenarios[0].violations.items[0]);
    r.scenarios[0].violations.items[0] = r.scenarios[0].violations.items[1];
    r.scenarios[0].violations.count = 1;
    violation_free(&r.scenarios[1].violations.items[1]);
    r.scenarios[1].violations.count = 1;
    ck_assert_int_eq(run_result_failed(&r), 0);
    r.fail_on = SEV_WARNING;
    ck_assert_int_eq(run_result_failed(&r), 1);
    r.fail_on = SEV_INFO;
    ck_assert_int_eq(run_result_failed(&r), 1);
    violation_free(&r.scenarios[0].violations.items[0]);
    r.scenarios[0].violations.count = 0;
    r.fail_on = SEV_WARNING;
    ck_assert_int_eq(run_result_failed(&r), 0);
    run_result_free(&r);
    ck_assert_ptr_null(r.scenarios);
    ck_assert_uint_eq(r.nscenarios, 0);
}
END_TEST

START_TEST(outcome_names)
{
    ck_assert_str_eq(scenario_outcome_name(SCENARIO_COMPLETED), "completed");
    ck_assert_str_eq(scenario_outcome_name(SCENARIO_CRASHED), "crashed");
    ck_assert_str_eq(scenario_outcome_name(SCENARIO_HUNG), "hung");
    ck_assert_str_eq(scenario_outcome_name(SCENARIO_LOAD_ERROR), "load error");
    ck_assert_str_eq(scenario_outcome_name(SCENARIO_NOT_EXERCISED), "not exercised");
}
END_TEST

START_TEST(json_round_trip)
{
    run_result r = build();
    char err[256] = "";
    make_tmpdir();
    ck_assert_msg(report_write_json(path_in("report.json"), &r, err, sizeof err) == 0, "%s", err);
    json_error_t jerr;
    json_t *root = json_load_file(path_in("report.json"), 0, &jerr);
    ck_assert_msg(root != NULL, "report.json does not parse: %s", jerr.text);

    /* Key order is part of the schema. */
    ck_assert_str_eq(json_object_iter_key(json_object_iter(root)), "schema_version");
    ck_assert_int_eq(json_integer_value(json_object_get(root, "schema_version")), 1);
    json_t *tool = json_object_get(root, "tool");
    ck_assert_str_eq(json_string_value(json_object_get(tool, "name")), "mpconform");
    ck_assert_str_eq(json_string_value(json_object_get(tool, "version")), "0.1.0");
    ck_assert_str_eq(json_string_value(json_object_get(root, "driver")), "build/samples/leaky.so");
    ck_assert_str_eq(json_string_value(json_object_get(root, "fail_on")), "error");
    ck_assert_str_eq(json_string_value(json_object_get(root, "verdict")), "fail");
    json_t *counts = json_object_get(root, "counts");
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "error")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "warning")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(counts, "info")), 1);

    json_t *scs = json_object_get(root, "scenarios");
    ck_assert_uint_eq(json_array_size(scs), 3);
    json_t *s0 = json_array_get(scs, 0), *s1 = json_array_get(scs, 1);
    ck_assert_str_eq(json_string_value(json_object_get(s0, "name")), "halt-leak");
    ck_assert_str_eq(json_string_value(json_object_get(s0, "description")), "initialize then halt");
    ck_assert_str_eq(json_string_value(json_object_get(s0, "outcome")), "completed");
    ck_assert_str_eq(json_string_value(json_object_get(s1, "outcome")), "crashed");
    ck_assert_int_eq(json_integer_value(json_object_get(s0, "events")), 57);

    json_t *v = json_array_get(json_object_get(s0, "violations"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(v, "rule")), "HALT-FREE-ALL");
    ck_assert_str_eq(json_string_value(json_object_get(v, "severity")), "error");
    ck_assert_str_eq(json_string_value(json_object_get(v, "summary")), "summary of the rule");
    ck_assert_str_eq(json_string_value(json_object_get(v, "doc")),
                     "MINIPORT_HALT callback function (ndis.h): free every resource");
    ck_assert_str_eq(json_string_value(json_object_get(v, "doc_url")),
                     "https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nc-ndis-miniport_halt");
    ck_assert_str_eq(json_string_value(json_object_get(v, "fix")), "free it in MiniportHaltEx");
    ck_assert_str_eq(json_string_value(json_object_get(v, "message")), "memory block 0x1000 not freed");
    ck_assert_str_eq(json_string_value(json_object_get(v, "scenario")), "halt-leak");
    ck_assert_int_eq(json_integer_value(json_object_get(v, "event_index")), 41);
    ck_assert_int_eq(json_integer_value(json_object_get(v, "adapter")), 0);
    ck_assert_str_eq(json_string_value(json_object_get(v, "callback")), "MiniportHaltEx");
    ck_assert_str_eq(json_string_value(json_object_get(v, "state")), "Halted");
    json_t *bt = json_object_get(v, "backtrace");
    ck_assert_uint_eq(json_array_size(bt), 2);
    json_t *f0 = json_array_get(bt, 0), *f1 = json_array_get(bt, 1);
    ck_assert_str_eq(json_string_value(json_object_get(f0, "function")), "MpHalt");
    ck_assert_str_eq(json_string_value(json_object_get(f0, "file")), "mp/halt.c");
    ck_assert_int_eq(json_integer_value(json_object_get(f0, "line")), 42);
    ck_assert_str_eq(json_string_value(json_object_get(f0, "module")), "/opt/leaky.so");
    ck_assert_int_eq(json_integer_value(json_object_get(f0, "offset")), 0x1a2b);
    ck_assert(json_is_null(json_object_get(f1, "function")));
    ck_assert(json_is_null(json_object_get(f1, "file")));
    ck_assert(json_is_null(json_object_get(f1, "line")));
    ck_assert_int_eq(json_integer_value(json_object_get(f1, "offset")), 0x3c4d);
    json_t *origin = json_object_get(v, "origin");
    ck_assert_uint_eq(json_array_size(origin), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(origin, 0), "function")), "MpAllocRings");
    json_t *w = json_array_get(json_object_get(s0, "violations"), 1);
    ck_assert_str_eq(json_string_value(json_object_get(w, "message")), NASTY);
    ck_assert_uint_eq(json_array_size(json_object_get(w, "origin")), 0);
    json_t *info = json_array_get(json_object_get(s1, "violations"), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(info, "adapter")), -1);
    ck_assert_str_eq(json_string_value(json_object_get(info, "callback")), "");

    json_t *cov = json_object_get(root, "coverage");
    ck_assert_uint_eq(json_array_size(cov), 4);
    json_t *c1 = json_array_get(cov, 1);
    ck_assert_str_eq(json_string_value(json_object_get(c1, "group")), "transition");
    ck_assert_str_eq(json_string_value(json_object_get(c1, "name")), "transition Running -> Pausing");
    ck_assert_int_eq(json_integer_value(json_object_get(c1, "count")), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(cov, 2), "count")), 2);

    json_decref(root);
    ck_assert_int_eq(temp_files_left(tmpdir), 0);
    remove_tmpdir();
    run_result_free(&r);
}
END_TEST

START_TEST(json_pass_verdict)
{
    run_result r = build();
    r.fail_on = SEV_ERROR;
    violation_list_free(&r.scenarios[0].violations);
    violation_list_free(&r.scenarios[1].violations);
    char err[256] = "";
    make_tmpdir();
    ck_assert_msg(report_write_json(path_in("r.json"), &r, err, sizeof err) == 0, "%s", err);
    json_t *root = json_load_file(path_in("r.json"), 0, NULL);
    ck_assert_ptr_nonnull(root);
    ck_assert_str_eq(json_string_value(json_object_get(root, "verdict")), "pass");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(root, "counts"), "error")), 0);
    json_decref(root);
    remove_tmpdir();
    run_result_free(&r);
}
END_TEST

START_TEST(junit_content)
{
    run_result r = build();
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
    run_result r = build();
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
    run_result r = build();
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
START_TEST(sarif_groups_by_cause_with_fingerprints_and_source_root)
{
    run_result r = build();
    free(r.scenarios[1].violations.items[1].message);
    r.scenarios[1].violations.items[1].message = strdup("blocked in reset at 0x5555");
    violation twin = make_violation("HALT-FREE-ALL", SEV_ERROR, "memory block 0x2000 not freed", "clean", 9,
                                    "MiniportHaltEx", "Halted");
    twin.bt.count = 1;
    twin.bt.frames = calloc(1, sizeof(frame));
    set_frame(&twin.bt.frames[0], "MpHalt", "/src/repo/mp/halt.c", 42, "/opt/other.so", 0x99);
    ck_assert_int_eq(violation_list_push(&r.scenarios[2].violations, &twin), 0);
    violation moved = make_violation("HALT-FREE-ALL", SEV_ERROR, "memory block 0x1000 not freed", "clean", 10,
                                     "MiniportHaltEx", "Halted");
    moved.bt.count = 1;
    moved.bt.frames = calloc(1, sizeof(frame));
    set_frame(&moved.bt.frames[0], "MpHalt", "/src/repo/mp/halt.c", 43, "/opt/leaky.so", 0x1a2b);
    ck_assert_int_eq(violation_list_push(&r.scenarios[2].violations, &moved), 0);
    violation outside = make_violation("HALT-FREE-ALL", SEV_ERROR, "memory block 0x3000 not freed", "clean", 11,
                                       "MiniportHaltEx", "Halted");
    outside.bt.count = 1;
    outside.bt.frames = calloc(1, sizeof(frame));
    set_frame(&outside.bt.frames[0], "MpFree", "/elsewhere/mp/free.c", 7, "/opt/leaky.so", 0x77);
    ck_assert_int_eq(violation_list_push(&r.scenarios[2].violations, &outside), 0);
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

START_TEST(text_content)
{
    run_result r = build();
    char *t = text_report(&r, 0);
    ck_assert_ptr_nonnull(strstr(t, "driver: build/samples/leaky.so"));
    ck_assert_ptr_nonnull(strstr(t, "scenarios run: 3 (2 completed, 1 crashed)"));
    /* Each scenario on one line: how it ended, its findings by severity, the rules. */
    ck_assert_ptr_nonnull(strstr(t, "\nScenarios\n"
                                    "   !!  halt-leak (57 events): 1 error, 1 warning [HALT-FREE-ALL, STALL-LIMIT]\n"
                                    "CRASH  reset-pending (crashed, 8 events): 1 error, 1 info [RESET-INFO, RESET-NO-BLOCK]\n"
                                    "   ok  clean (4 events)\n"));
    ck_assert_ptr_nonnull(strstr(t, "\nFindings (4, grouped by cause: the same rule at the same driver location is one "
                                    "finding; 4 occurrences in all)\n"));
    /* Each finding in full, once, errors first. */
    const char *hfa = strstr(t, "ERROR HALT-FREE-ALL  memory block 0x1000 not freed\n");
    const char *rnb = strstr(t, "ERROR RESET-NO-BLOCK  blocked in reset\n"), *stall = strstr(t, "WARNING STALL-LIMIT");
    ck_assert(hfa && rnb && stall && hfa < rnb && rnb < stall);
    ck_assert_ptr_nonnull(strstr(t, "ERROR HALT-FREE-ALL  memory block 0x1000 not freed\n"
                                    "  occurred in 1 scenario: halt-leak\n"
                                    "  in MiniportHaltEx (adapter 0, state Halted), event #41\n"
                                    "    at MpHalt (mp/halt.c:42)\n"
                                    "    at leaky.so+0x3c4d\n"
                                    "  allocated at MpAllocRings (mp/init.c:17)\n"
                                    "  doc: MINIPORT_HALT callback function (ndis.h): free every resource\n"
                                    "       https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nc-ndis-miniport_halt\n"
                                    "  fix: free it in MiniportHaltEx\n"));
    ck_assert_ptr_nonnull(strstr(t, "WARNING STALL-LIMIT  " NASTY "\n"));
    ck_assert_ptr_nonnull(strstr(t, "INFO RESET-INFO  reset took 3 ticks\n  occurred in 1 scenario: reset-pending\n"
                                    "  in no callback (driver-wide, state Running)"));
    /* The per-rule table closes the report, just before the count line. */
    ck_assert_ptr_nonnull(strstr(t, "\nPer rule\n"
                                    "  rule            severity  findings  scenarios\n"
                                    "  HALT-FREE-ALL   error            1          1\n"
                                    "  RESET-NO-BLOCK  error            1          1\n"
                                    "  STALL-LIMIT     warning          1          1\n"
                                    "  RESET-INFO      info             1          1\n"
                                    "\n2 errors, 1 warning, 1 info — FAIL (fail-on: error)\n"));
    /* At most six frames, then how many were left out. */
    ck_assert_ptr_nonnull(strstr(t, "    at deep_5 (leaky.so+0x600)\n    ... 2 more frames\n"));
    ck_assert_ptr_null(strstr(t, "deep_6"));

    char *cov = strstr(t, "Coverage");
    char *never = strstr(t, "NOT exercised");
    ck_assert_ptr_nonnull(cov);
    ck_assert_ptr_nonnull(never);
    ck_assert(cov < never);
    char *hit = strstr(cov, "3  transition Paused -> Restarting");
    ck_assert_ptr_nonnull(hit);
    ck_assert(hit < never);
    ck_assert_ptr_nonnull(strstr(never, "transition Running -> Pausing"));
    ck_assert_ptr_nonnull(strstr(never, "NdisMSetMiniportAttributes -> NDIS_STATUS_INVALID_PORT_STATE"));
    ck_assert_ptr_null(strstr(never, "Paused -> Restarting"));
    ck_assert_ptr_nonnull(strstr(t, "2 errors, 1 warning, 1 info — FAIL (fail-on: error)\n"));
    ck_assert_ptr_null(strstr(t, "\033["));
    free(t);

    t = text_report(&r, 1);
    ck_assert_ptr_nonnull(strstr(t, "\033[1;31mERROR\033[0m"));
    free(t);

    r.fail_on = SEV_ERROR;
    violation_list_free(&r.scenarios[1].violations);
    violation_free(&r.scenarios[0].violations.items[0]);
    r.scenarios[0].violations.items[0] = r.scenarios[0].violations.items[1];
    r.scenarios[0].violations.count = 1;
    t = text_report(&r, 0);
    ck_assert_ptr_nonnull(strstr(t, "0 errors, 1 warning, 0 info — PASS (fail-on: error)\n"));
    free(t);
    run_result_free(&r);
}
END_TEST

/* The same rule at the same driver location in a later scenario is the same
 * finding: shown once in full, with both scenarios; counted once, its
 * occurrences said. */
START_TEST(text_groups_findings_by_cause)
{
    run_result r = build();
    violation again = make_violation("HALT-FREE-ALL", SEV_ERROR, "memory block 0x2000 not freed", "clean", 77,
                                     "MiniportHaltEx", "Halted");
    ck_assert_int_eq(backtrace_copy(&again.bt, &r.scenarios[0].violations.items[0].bt), 0);
    ck_assert_int_eq(backtrace_copy(&again.origin, &r.scenarios[0].violations.items[0].origin), 0);
    violation_list_push(&r.scenarios[2].violations, &again);
    char *t = text_report(&r, 0);
    ck_assert_ptr_nonnull(strstr(t, "ERROR HALT-FREE-ALL  memory block 0x1000 not freed\n"
                                    "  occurred in 2 scenarios: halt-leak and clean\n"
                                    "  in MiniportHaltEx (adapter 0, state Halted), event #41\n"));
    ck_assert_ptr_null(strstr(t, "event #77"));
    ck_assert_ptr_null(strstr(t, "0x2000"));
    ck_assert_ptr_nonnull(strstr(t, "   !!  clean (4 events): 1 error [HALT-FREE-ALL]\n"));
    ck_assert_ptr_nonnull(strstr(t, "  HALT-FREE-ALL   error            1          2\n"));
    ck_assert_ptr_nonnull(strstr(t, "\n2 errors (3 occurrences), 1 warning, 1 info — FAIL (fail-on: error)\n"));
    free(t);
    run_result_free(&r);
}
END_TEST

/* One missing free seen in 30 scenarios: one finding, its scenarios
 * abbreviated, "1 error (30 occurrences)". */
START_TEST(text_abbreviates_a_long_scenario_list)
{
    run_result r;
    memset(&r, 0, sizeof r);
    r.driver = strdup("leaky.so");
    r.fail_on = SEV_ERROR;
    r.nscenarios = 30;
    r.scenarios = calloc(30, sizeof(scenario_result));
    for (size_t s = 0; s < 30; s++) {
        char name[32];
        snprintf(name, sizeof name, "scenario-%02zu", s);
        r.scenarios[s].name = strdup(name);
        r.scenarios[s].event_count = 10;
        violation v = make_violation("HALT-FREE-ALL", SEV_ERROR, "timer not freed", name, 5, "MiniportHaltEx", "Paused");
        v.origin.count = 1;
        v.origin.frames = calloc(1, sizeof(frame));
        set_frame(&v.origin.frames[0], "VnicAllocateTimer", "vnic/timer.c", 23, "/opt/vnic.so", 0x40);
        ck_assert_int_eq(violation_list_push(&r.scenarios[s].violations, &v), 0);
    }
    char *t = text_report(&r, 0);
    ck_assert_ptr_nonnull(strstr(t, "  occurred in 30 scenarios: scenario-00, scenario-01 and 28 more\n"));
    size_t blocks = 0;
    for (const char *p = t; (p = strstr(p, "ERROR HALT-FREE-ALL")); p++)
        blocks++;
    ck_assert_uint_eq(blocks, 1);
    ck_assert_ptr_nonnull(strstr(t, "  HALT-FREE-ALL  error            1         30\n"));
    ck_assert_ptr_nonnull(strstr(t, "\n1 error (30 occurrences), 0 warnings, 0 info — FAIL (fail-on: error)\n"));
    free(t);
    run_result_free(&r);
}
END_TEST

START_TEST(html_content)
{
    run_result r = build();
    char err[256] = "";
    make_tmpdir();
    ck_assert_msg(report_write_html(path_in("r.html"), &r, err, sizeof err) == 0, "%s", err);
    char *h = slurp(path_in("r.html"));
    ck_assert_ptr_nonnull(strstr(h, "<!DOCTYPE html>"));
    ck_assert_ptr_nonnull(strstr(h, "<style>"));
    /* Self-contained: inline script and SVG, nothing fetched. */
    ck_assert_ptr_nonnull(strstr(h, "<script>"));
    ck_assert_ptr_null(strstr(h, "<script src"));
    ck_assert_ptr_null(strstr(h, " src="));
    ck_assert_ptr_null(strstr(h, "<link"));
    ck_assert_ptr_null(strstr(h, "@import"));
    /* The state diagram of halt-leak: states visited filled, the failed
     * Initialize red, a state never reached drawn empty. */
    const char *leak = strstr(h, "<details class=\"scenario\" id=\"scenario-0\" data-scenario=\"halt-leak\" open>");
    ck_assert_ptr_nonnull(leak);
    const char *next = strstr(leak, "id=\"scenario-1\"");
    ck_assert_ptr_nonnull(next);
    const char *diagram = strstr(leak, "<svg class=\"diagram\"");
    ck_assert(diagram && diagram < next);
    ck_assert_ptr_nonnull(strstr(diagram, "<g class=\"state visited\" data-state=\"Initializing\">"));
    ck_assert_ptr_nonnull(strstr(diagram, "<g class=\"state\" data-state=\"Running\">"));
    ck_assert_ptr_nonnull(strstr(diagram, "<g class=\"edge failed\" data-from=\"Initializing\" data-to=\"Halted\" "
                                          "data-count=\"1\">"));
    ck_assert_ptr_nonnull(strstr(diagram, "<g class=\"edge\" data-from=\"Halted\" data-to=\"Initializing\" "
                                          "data-count=\"2\">"));
    /* Its timeline: the leak runs to the end, the wrong-order release is marked. */
    const char *timeline = strstr(leak, "<svg class=\"timeline\"");
    ck_assert(timeline && timeline < next);
    ck_assert_ptr_nonnull(strstr(timeline, "<g class=\"span leak\" data-kind=\"timer\" data-alloc=\"3\" "
                                           "data-free=\"leaked\">"));
    ck_assert_ptr_nonnull(strstr(timeline, "<g class=\"span wrong-order\" data-kind=\"dma\" data-alloc=\"4\" "
                                           "data-free=\"50\">"));
    ck_assert_ptr_nonnull(strstr(timeline, "<g class=\"span\" data-kind=\"memory\" data-alloc=\"2\" data-free=\"51\">"));
    /* Findings grouped by rule, each row carrying what the filters match. */
    ck_assert_ptr_nonnull(strstr(h, "<section class=\"rule\" data-rule=\"HALT-FREE-ALL\">"));
    ck_assert_ptr_nonnull(strstr(h, "<tr class=\"finding\" data-severity=\"error\" data-rule=\"HALT-FREE-ALL\" "
                                    "data-scenarios=\"halt-leak\">"));
    ck_assert_ptr_nonnull(strstr(h, "<select id=\"f-severity\">"));
    ck_assert_ptr_nonnull(strstr(h, "<option value=\"reset-pending\">reset-pending</option>"));
    ck_assert_ptr_null(strstr(h, "<option value=\"clean\">"));  /* no finding there: nothing to filter */
    ck_assert_ptr_nonnull(strstr(h, "value &lt;&amp;&quot;&gt; escaped"));
    ck_assert_ptr_nonnull(strstr(h, "HALT-FREE-ALL"));
    ck_assert_ptr_nonnull(strstr(h, "at MpHalt (mp/halt.c:42)"));
    ck_assert_ptr_nonnull(strstr(h, "verdict fail\">FAIL"));
    ck_assert_ptr_nonnull(strstr(h, "transition Running -&gt; Pausing</td><td>NOT exercised"));
    free(h);
    remove_tmpdir();
    run_result_free(&r);
}
END_TEST

START_TEST(atomic_write)
{
    char err[256] = "";
    make_tmpdir();
    ck_assert_int_eq(report_atomic_write(path_in("ok.txt"), "hello\n", 6, err, sizeof err), 0);
    char *s = slurp(path_in("ok.txt"));
    ck_assert_str_eq(s, "hello\n");
    free(s);
    /* Replacing an existing report works too. */
    ck_assert_int_eq(report_atomic_write(path_in("ok.txt"), "bye\n", 4, err, sizeof err), 0);
    s = slurp(path_in("ok.txt"));
    ck_assert_str_eq(s, "bye\n");
    free(s);

    /* A directory that does not exist: fails, names the path and the cause. */
    char missing[512];
    snprintf(missing, sizeof missing, "%s/no-such-dir/report.json", tmpdir);
    ck_assert_int_eq(report_atomic_write(missing, "x", 1, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "no-such-dir/report.json") != NULL, "err: %s", err);
    ck_assert_msg(strstr(err, "No such file or directory") != NULL, "err: %s", err);

    /* The target is a directory: the temp file is written, the rename fails,
     * and the temp file must be gone afterwards. */
    ck_assert_int_eq(mkdir(path_in("taken"), 0755), 0);
    err[0] = '\0';
    ck_assert_int_eq(report_atomic_write(path_in("taken"), "x", 1, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "taken") != NULL && strstr(err, "rename") != NULL, "err: %s", err);
    ck_assert_int_eq(temp_files_left(tmpdir), 0);

    /* A writer passes the failure on. */
    run_result r = build();
    err[0] = '\0';
    ck_assert_int_eq(report_write_json(missing, &r, err, sizeof err), -1);
    ck_assert_msg(strstr(err, "report.json") != NULL, "err: %s", err);
    ck_assert_int_eq(report_write_sarif(path_in("taken"), &r, err, sizeof err), -1);
    ck_assert_int_eq(report_write_junit(path_in("taken"), &r, err, sizeof err), -1);
    ck_assert_int_eq(report_write_html(path_in("taken"), &r, err, sizeof err), -1);
    ck_assert_int_eq(temp_files_left(tmpdir), 0);
    run_result_free(&r);
    remove_tmpdir();
}
END_TEST

static Suite *report_suite(void)
{
    Suite *s = suite_create("report");
    TCase *tc = tcase_create("writers");
    tcase_add_test(tc, counts_and_verdict);
    tcase_add_test(tc, outcome_names);
    tcase_add_test(tc, json_round_trip);
    tcase_add_test(tc, json_pass_verdict);
    tcase_add_test(tc, junit_content);
    tcase_add_test(tc, junit_cases_are_the_same_in_every_run);
    tcase_add_test(tc, sarif_content);
    tcase_add_test(tc, sarif_groups_by_cause_with_fingerprints_and_source_root);
    tcase_add_test(tc, text_content);
    tcase_add_test(tc, text_groups_findings_by_cause);
    tcase_add_test(tc, text_abbreviates_a_long_scenario_list);
    tcase_add_test(tc, html_content);
    tcase_add_test(tc, atomic_write);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(report_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
