/* What the report writer tests share: a run result built by hand (three
 * scenarios with known findings, a story and coverage) and a scratch
 * directory. */
#include "report_fixture.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char tmpdir[256];

void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/mpc-report-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

void remove_tmpdir(void)
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

char *path_in(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    return p;
}

char *slurp(const char *path)
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
int temp_files_left(const char *dir)
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

void set_frame(frame *f, const char *function, const char *file, int line, const char *module,
                      uint64_t offset)
{
    f->pc = 0x7f0000000000ull + offset;
    f->offset = offset;
    f->module = atom(module);
    f->function = atom(function);
    f->file = atom(file);
    f->line = line;
}

violation make_violation(const char *rule, severity sev, const char *message, const char *scenario,
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

void add_coverage(run_result *r, const char *group, const char *name, unsigned count)
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
run_result sample_run_result(void)
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

char *text_report(const run_result *r, int color)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    ck_assert_int_eq(report_write_text(out, r, color), 0);
    fclose(out);
    return buf;
}
