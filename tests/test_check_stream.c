/* `mpconform check` streams: scenarios found by name in a hash (5,000 of
 * them, each judged on its own events), interleaved scenarios judged as
 * their contiguous trace is, a scenario cut short or repeated refused,
 * injected runs' repeated findings reported once. And the pieces under it:
 * the name index, one classification of a scenario's end shared by the
 * live run and check (outcome.h), and the judge's wait computed from the
 * nearest deadline (host_deadline.h). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "judge/host_deadline.h"
#include "judge/judge.h"
#include "input/name_index.h"
#include "judge/outcome.h"
#include "trace/host_setup.h"
#include "tool_runner.h"
#include "trace_builder.h"

#define RUN(...) tool_run((const char *const[]){ __VA_ARGS__, NULL })

static char *dir;
static void setup(void) { dir = tool_temp_dir("check-stream"); }
static void teardown(void) { tool_remove_dir(dir); }

static const char *path(const char *name)
{
    return tool_path_in(dir, name);
}

/* One event line of scenario sc; args is the inside of the args object. */
static void line(FILE *f, int i, const char *sc, const char *kind, const char *name, int irql, const char *args)
{
    fprintf(f, "{\"i\":%d,\"scenario\":\"%s\",\"kind\":\"%s\",\"name\":\"%s\",\"adapter\":0,"
               "\"callback\":\"%s\",\"stack\":[],\"state\":\"Running\",\"irql\":%d,\"time\":%d,\"args\":{%s}}\n",
            i, sc, kind, name, strcmp(kind, "ddi") == 0 ? "MiniportPause" : "", irql, i, args);
}

static void begin(FILE *f, const char *sc) { line(f, 0, sc, "op", "scenario_begin", 0, "\"description\":\"d\""); }
/* NdisMSleep at DISPATCH_LEVEL: one IRQL-DDI-MAX finding. */
static void sleep_at_dispatch(FILE *f, int i, const char *sc)
{
    line(f, i, sc, "ddi", "NdisMSleep", 2, "\"MicrosecondsToSleep\":10");
}
static void stall(FILE *f, int i, const char *sc)
{
    line(f, i, sc, "ddi", "NdisStallExecution", 0, "\"MicrosecondsToStall\":1");
}

/* Scenario k of the many: how it ends, how many events, whether it breaks a rule. */
static const char *many_outcome(int k) { return k % 3 == 0 ? "completed" : k % 3 == 1 ? "crashed" : "hung"; }
static int many_finding(int k) { return k % 4 == 0; }
static int many_fillers(int k) { return k % 5; }
static int many_events(int k) { return 2 + many_finding(k) + many_fillers(k); }

static void write_many(const char *file, int n)
{
    FILE *f = fopen(file, "w");
    ck_assert_ptr_nonnull(f);
    char sc[64];
    for (int k = 0; k < n; k++) {
        snprintf(sc, sizeof sc, "generated %d", k);
        int i = 0;
        begin(f, sc);
        i++;
        if (many_finding(k))
            sleep_at_dispatch(f, i++, sc);
        for (int j = 0; j < many_fillers(k); j++)
            stall(f, i++, sc);
        if (k % 3 == 0)
            line(f, i, sc, "op", "scenario_end", 0, "");
        else if (k % 3 == 1)
            line(f, i, sc, "crash", "signal", 0, "\"signal\":\"SIGSEGV\"");
        else
            line(f, i, sc, "hang", "hang", 0, "\"reason\":\"no event for 10 ms\",\"timeout_ms\":10");
    }
    fclose(f);
}

/* How many of a scenario's findings are of rule id. */
static int rules_of(json_t *violations, const char *id)
{
    int n = 0;
    size_t i;
    json_t *v;
    json_array_foreach(violations, i, v) n += strcmp(json_string_value(json_object_get(v, "rule")), id) == 0;
    return n;
}

START_TEST(many_scenarios_each_get_their_own_verdict)
{
    enum { N = 5000 };
    write_many(path("many.jsonl"), N);
    tool_output o = RUN("check", "-q", "--format", "json", "-o", path("out"), path("many.jsonl"));
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    tool_output_free(&o);
    json_t *report = tool_load_report(path("out"));
    ck_assert_ptr_nonnull(report);
    json_t *scenarios = json_object_get(report, "scenarios");
    ck_assert_uint_eq(json_array_size(scenarios), N);
    for (int k = 0; k < N; k++) {
        json_t *s = json_array_get(scenarios, (size_t)k);
        char want[64];
        snprintf(want, sizeof want, "generated %d", k);
        ck_assert_str_eq(json_string_value(json_object_get(s, "name")), want);
        ck_assert_msg(strcmp(json_string_value(json_object_get(s, "outcome")), many_outcome(k)) == 0,
                      "%s: outcome %s, want %s", want, json_string_value(json_object_get(s, "outcome")),
                      many_outcome(k));
        ck_assert_int_eq(json_integer_value(json_object_get(s, "events")), many_events(k));
        json_t *v = json_object_get(s, "violations");
        ck_assert_msg(rules_of(v, "IRQL-DDI-MAX") == many_finding(k), "%s: %d IRQL findings", want,
                      rules_of(v, "IRQL-DDI-MAX"));
        /* A crash and a hang are findings of their own. */
        ck_assert_int_eq(rules_of(v, "HOST-CRASH"), k % 3 == 1);
        ck_assert_int_eq(rules_of(v, "HOST-HANG"), k % 3 == 2);
        ck_assert_uint_eq(json_array_size(v), (size_t)(many_finding(k) + (k % 3 != 0)));
    }
    json_decref(report);
}
END_TEST

/* Three scenarios, their lines mixed (interleaved) or one after the other. */
static void write_three(const char *file, int interleaved)
{
    FILE *f = fopen(file, "w");
    ck_assert_ptr_nonnull(f);
    if (interleaved) {
        begin(f, "a");
        begin(f, "b");
        stall(f, 1, "a");
        begin(f, "c");
        stall(f, 1, "b");
        line(f, 2, "a", "op", "scenario_end", 0, "");
        sleep_at_dispatch(f, 2, "b");
        stall(f, 1, "c");
        line(f, 3, "b", "op", "scenario_end", 0, "");
        line(f, 2, "c", "crash", "signal", 0, "\"signal\":\"SIGSEGV\"");
    } else {
        begin(f, "a");
        stall(f, 1, "a");
        line(f, 2, "a", "op", "scenario_end", 0, "");
        begin(f, "b");
        stall(f, 1, "b");
        sleep_at_dispatch(f, 2, "b");
        line(f, 3, "b", "op", "scenario_end", 0, "");
        begin(f, "c");
        stall(f, 1, "c");
        line(f, 2, "c", "crash", "signal", 0, "\"signal\":\"SIGSEGV\"");
    }
    fclose(f);
}

START_TEST(interleaved_scenarios_are_judged_as_contiguous_ones)
{
    write_three(path("mixed.jsonl"), 1);
    write_three(path("plain.jsonl"), 0);
    tool_output o = RUN("check", "-q", "--format", "json", "-o", path("mixed"), path("mixed.jsonl"));
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    tool_output_free(&o);
    o = RUN("check", "-q", "--format", "json", "-o", path("plain"), path("plain.jsonl"));
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    tool_output_free(&o);
    json_t *mixed = tool_load_report(path("mixed")), *plain = tool_load_report(path("plain"));
    ck_assert_ptr_nonnull(mixed);
    ck_assert_ptr_nonnull(plain);
    json_t *s = json_object_get(mixed, "scenarios");
    ck_assert_uint_eq(json_array_size(s), 3);
    const char *names[] = { "a", "b", "c" }, *outcomes[] = { "completed", "completed", "crashed" };
    const int events[] = { 3, 4, 3 };
    for (size_t i = 0; i < 3; i++) {
        json_t *sc = json_array_get(s, i);
        ck_assert_str_eq(json_string_value(json_object_get(sc, "name")), names[i]);
        ck_assert_str_eq(json_string_value(json_object_get(sc, "outcome")), outcomes[i]);
        ck_assert_int_eq(json_integer_value(json_object_get(sc, "events")), events[i]);
        ck_assert_int_eq(rules_of(json_object_get(sc, "violations"), "IRQL-DDI-MAX"), (i == 1));
    }
    /* The driver field names the trace file, which differs. */
    json_object_del(mixed, "driver");
    json_object_del(plain, "driver");
    ck_assert_msg(json_equal(mixed, plain), "the interleaved trace was judged differently");
    json_decref(mixed);
    json_decref(plain);
}
END_TEST

/* A sink that takes each event as it is read (judge.h, on_event): it sees
 * every event once, numbered in its scenario from 0, interleaved as the
 * file has them; the whole scenario handed on holds its last event alone. */
typedef struct {
    size_t seen[3];       /* events fed, per scenario */
    int ordered;
    size_t whole;
    int last_alone;
} feed_log;

static int log_event(const event *ev, size_t index, void *ctx)
{
    feed_log *log = ctx;
    if (index >= 3 || ev->index != log->seen[index])
        log->ordered = 0;
    if (index < 3)
        log->seen[index]++;
    return 0;
}

static int log_whole(judged_trace *t, size_t index, void *ctx)
{
    feed_log *log = ctx;
    log->whole++;
    const event *last = t->events.count ? &t->events.items[0] : NULL;
    if (t->events.count != 1 || index >= 3 || last->index + 1 != log->seen[index] ||
        (last->kind != EV_CRASH && strcmp(last->name, "scenario_end") != 0))
        log->last_alone = 0;
    judged_trace_free(t);
    return 0;
}

START_TEST(a_sink_fed_each_event_gets_the_last_one_alone)
{
    write_three(path("mixed.jsonl"), 1);
    feed_log log = { .ordered = 1, .last_alone = 1 };
    trace_sink sink = { .on_whole = log_whole, .on_event = log_event, .ctx = &log };
    char err[512];
    ck_assert_msg(judge_stream_trace(path("mixed.jsonl"), &sink, NULL, err, sizeof err) == 0, "%s", err);
    ck_assert_uint_eq(log.seen[0], 3);  /* the events write_three gives each */
    ck_assert_uint_eq(log.seen[1], 4);
    ck_assert_uint_eq(log.seen[2], 3);
    ck_assert(log.ordered);
    ck_assert_uint_eq(log.whole, 3);
    ck_assert(log.last_alone);
}
END_TEST

static void assert_refused(tool_output o, const char *needle)
{
    ck_assert_msg(o.status == 2, "exit %d (stderr %s)", o.status, o.err);
    ck_assert_msg(strstr(o.err, needle) != NULL, "stderr lacks '%s': %s", needle, o.err);
    tool_output_free(&o);
}

START_TEST(a_scenario_without_its_end_is_refused_mid_stream)
{
    /* b lacks its end, and whole scenarios follow it: refused all the
     * same, naming b and the line of its last event. */
    FILE *f = fopen(path("cut.jsonl"), "w");
    ck_assert_ptr_nonnull(f);
    begin(f, "a");
    line(f, 1, "a", "op", "scenario_end", 0, "");
    begin(f, "b");
    stall(f, 1, "b");
    begin(f, "c");
    line(f, 1, "c", "op", "scenario_end", 0, "");
    fclose(f);
    assert_refused(RUN("check", "-o", path("out"), path("cut.jsonl")),
                   "cut.jsonl:4: scenario b ends at event 1 without scenario_end, crash, hang or error");
    tool_output o = RUN("check", "-q", path("cut.jsonl"));
    ck_assert_str_eq(o.out, "");  /* no report of the other scenarios */
    tool_output_free(&o);
}
END_TEST

START_TEST(a_scenario_after_its_end_is_refused)
{
    FILE *f = fopen(path("twice.jsonl"), "w");
    ck_assert_ptr_nonnull(f);
    begin(f, "a");
    line(f, 1, "a", "op", "scenario_end", 0, "");
    begin(f, "b");
    line(f, 1, "b", "op", "scenario_end", 0, "");
    stall(f, 2, "a");
    fclose(f);
    assert_refused(RUN("check", path("twice.jsonl")), "twice.jsonl:5: an event of scenario a after its end");
}
END_TEST

START_TEST(sweep_runs_report_a_finding_once)
{
    /* The same finding (same rule, same place) in several injected runs is
     * reported in the first only; the plain run keeps its own. */
    FILE *f = fopen(path("sweep.jsonl"), "w");
    ck_assert_ptr_nonnull(f);
    const char *plain = "s", *runs[] = { "s [inject #1: a]", "s [inject #2: b]", "s [inject #3: c]" };
    begin(f, plain);
    sleep_at_dispatch(f, 1, plain);
    line(f, 2, plain, "op", "scenario_end", 0, "");
    for (int r = 0; r < 3; r++) {
        begin(f, runs[r]);
        if (r < 2)
            sleep_at_dispatch(f, 1, runs[r]);
        if (r == 0)
            sleep_at_dispatch(f, 2, runs[r]);
        if (r == 0)
            line(f, 3, runs[r], "op", "scenario_end", 0, "");
        else
            line(f, 2, runs[r], "crash", "signal", 0, "\"signal\":\"SIGSEGV\"");
    }
    fclose(f);
    tool_output o = RUN("check", "-q", "--format", "json", "-o", path("out"), path("sweep.jsonl"));
    ck_assert_msg(o.status == 1, "exit %d: %s", o.status, o.err);
    tool_output_free(&o);
    json_t *report = tool_load_report(path("out"));
    ck_assert_ptr_nonnull(report);
    json_t *sc = json_object_get(report, "scenarios");
    ck_assert_uint_eq(json_array_size(sc), 4);
    const int irql[] = { 1, 1, 0, 0 }, crash[] = { 0, 0, 1, 0 };
    for (size_t i = 0; i < 4; i++) {
        json_t *v = json_object_get(json_array_get(sc, i), "violations");
        ck_assert_msg(rules_of(v, "IRQL-DDI-MAX") == irql[i], "scenario %zu: %d IRQL findings", i,
                      rules_of(v, "IRQL-DDI-MAX"));
        ck_assert_msg(rules_of(v, "HOST-CRASH") == crash[i], "scenario %zu: %d crash findings", i,
                      rules_of(v, "HOST-CRASH"));
        ck_assert_uint_eq(json_array_size(v), (size_t)(irql[i] + crash[i]));
    }
    json_decref(report);
}
END_TEST

START_TEST(name_index_finds_every_name)
{
    name_index ix = { 0 };
    char key[32];
    size_t v;
    for (size_t i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "scenario %zu", i);
        ck_assert_int_eq(name_index_get(&ix, key, &v), 0);
        ck_assert_int_eq(name_index_put(&ix, key, i * 7), 0);
    }
    ck_assert_uint_eq(ix.count, 5000);
    ck_assert_uint_ge(ix.cap, 2 * ix.count);
    for (size_t i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "scenario %zu", i);
        ck_assert_int_eq(name_index_get(&ix, key, &v), 1);
        ck_assert_uint_eq(v, i * 7);
    }
    ck_assert_int_eq(name_index_get(&ix, "scenario 5000", &v), 0);
    ck_assert_int_eq(name_index_get(&ix, "", &v), 0);
    name_index_free(&ix);
    ck_assert_int_eq(name_index_get(&ix, "scenario 1", &v), 0);
}
END_TEST

/* ---- one classification ---- */

static outcome_reading read_back(const event_list *events)
{
    outcome_reading r;
    outcome_reading_init(&r);
    for (size_t i = 0; i < events->count; i++)
        outcome_reading_feed(&r, &events->items[i]);
    return r;
}

typedef struct {
    const char *what;
    int wait_status;
    stop_reason stop;
    int ended;             /* the host sent scenario_end */
    const char *last;      /* an ending event the host sent itself: "error", "hang", "memory", "injected-error" */
    scenario_outcome want;
} ending_case;

START_TEST(a_live_outcome_reads_back_the_same)
{
    const ending_case cases[] = {
        { "completed", 0, STOP_NONE, 1, NULL, SCENARIO_COMPLETED },
        { "lingered after its end", 9, STOP_QUIET_AFTER_END, 1, NULL, SCENARIO_COMPLETED },
        { "signal", SIGSEGV, STOP_NONE, 0, NULL, SCENARIO_CRASHED },
        { "signal after its end", SIGSEGV, STOP_NONE, 1, NULL, SCENARIO_CRASHED },
        { "exit()", 5 << 8, STOP_NONE, 0, NULL, SCENARIO_CRASHED },
        { "no event in time", 9, STOP_HANG, 0, NULL, SCENARIO_HUNG },
        { "wall deadline", 9, STOP_WALL, 0, "hang", SCENARIO_HUNG },
        { "loop", 9, STOP_FLOOD, 0, NULL, SCENARIO_HUNG },
        { "--max-events", 9, STOP_LIMIT, 0, NULL, SCENARIO_STOPPED },
        { "deadlock seen by the host", HOST_EXIT_HANG << 8, STOP_NONE, 0, "hang", SCENARIO_HUNG },
        { "load error", HOST_EXIT_LOAD_ERROR << 8, STOP_NONE, 0, "error", SCENARIO_LOAD_ERROR },
        { "injected DriverEntry failure", HOST_EXIT_LOAD_ERROR << 8, STOP_NONE, 0, "injected-error",
          SCENARIO_COMPLETED },
        { "memory limit, then a hang stop", 9, STOP_HANG, 0, "memory", SCENARIO_CRASHED },
    };
    size_t added = 0;
    /* sent_nothing: the host ended before its first event (a crash in its
     * own start, a sanitizer's abort, a stall): no driver code ran. */
    for (size_t k = 0; k < 2 * sizeof cases / sizeof cases[0]; k++) {
        size_t c = k / 2;
        int sent_nothing = k % 2;
        if (sent_nothing && (cases[c].ended || cases[c].last))
            continue;  /* these hosts sent events of their own */
        trace t;
        tr_init(&t);
        if (!sent_nothing) {
            tr_push(&t, EV_OP, "scenario_begin");
            ddi(&t, "NdisStallExecution");
        }
        const char *last = cases[c].last;
        if (last && strcmp(last, "injected-error") == 0) {
            tr_push(&t, EV_OP, "fault_injected");
            tr_push(&t, EV_ERROR, "error");
        } else if (last && strcmp(last, "memory") == 0) {
            tr_push(&t, EV_CRASH, "memory");
        } else if (last) {
            tr_push(&t, strcmp(last, "hang") == 0 ? EV_HANG : EV_ERROR, last);
        }
        if (cases[c].ended)
            tr_push(&t, EV_OP, "scenario_end");
        host_ending end = { .scenario = "synthetic [inject #1: x]", .wait_status = cases[c].wait_status, .stop = cases[c].stop,
                            .stop_detail = "detail", .timeout_ms = 10, .wall_timeout_ms = 2000 };
        char error[128] = "";
        int internal = 0;
        size_t sent = t.list.count;
        scenario_outcome live = outcome_of_host(&t.list, &end, error, sizeof error, &internal);
        /* What the judge adds belongs to the scenario's trace (a sweep run's own name). */
        for (size_t i = sent; i < t.list.count; i++, added++)
            ck_assert_str_eq(t.list.items[i].scenario, end.scenario);
        if (sent_nothing) {
            /* ended or stopped before scenario_begin: the harness failed, not the driver */
            ck_assert_msg(internal == 1 && live == SCENARIO_LOAD_ERROR && t.list.count == 0,
                          "%s, silent host: outcome %s, internal %d, %zu events", cases[c].what,
                          scenario_outcome_name(live), internal, t.list.count);
            ck_assert_msg(strstr(error, "could not start") != NULL, "%s", error);
            trace_free(&t);
            continue;
        }
        ck_assert_msg(live == cases[c].want, "%s: live outcome %s", cases[c].what, scenario_outcome_name(live));
        outcome_reading r = read_back(&t.list);
        ck_assert_msg(r.outcome == live, "%s: read back as %s, the live run said %s", cases[c].what,
                      scenario_outcome_name(r.outcome), scenario_outcome_name(live));
        char why[256];
        ck_assert_msg(outcome_reading_whole(&r, "synthetic", why, sizeof why), "%s: %s", cases[c].what, why);
        ck_assert_int_eq(internal, 0);
        trace_free(&t);
    }
    ck_assert_uint_ge(added, 5);  /* signal, exit, hang, loop, limit */
}
END_TEST

/* docs/events.md: traces of earlier versions hold a host that ended
 * before its first event as the judge's crash (or hang) alone. */
/* A trace of kinds and names ("o" op, "d" ddi, "c" crash, "h" hang, "e"
 * error), as a host would send it. */
static void build_sequence(trace *t, const char *const *seq)
{
    static const struct { char code; event_kind kind; } kinds[] = {
        { 'o', EV_OP }, { 'd', EV_DDI }, { 'c', EV_CRASH }, { 'h', EV_HANG }, { 'e', EV_ERROR },
    };
    tr_init(t);
    for (size_t i = 0; seq[i]; i++)
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
            if (kinds[k].code == seq[i][0])
                tr_push(t, kinds[k].kind, seq[i] + 1);
}

static void same_event(const event *a, const event *b, const char *what)
{
    ck_assert_msg(a->kind == b->kind && strcmp(a->name, b->name) == 0 && a->index == b->index &&
                      a->nargs == b->nargs,
                  "%s: event %zu: %s/%zu vs %s/%zu", what, (size_t)a->index, a->name, a->nargs, b->name, b->nargs);
    for (size_t i = 0; i < a->nargs; i++) {
        ck_assert_str_eq(a->args[i].key, b->args[i].key);
        ck_assert_int_eq(a->args[i].num, b->args[i].num);
        ck_assert_int_eq(a->args[i].is_str, b->args[i].is_str);
    }
}

/* A live run judges each event once nothing can change it (outcome_hold)
 * and keeps the tail: outcome_of_host on that tail, told what went before,
 * must give the outcome and the events it gives on the whole trace, also
 * when a crash, hang or error is followed by more events (a driver thread
 * still calling NDIS while the host dies). */
START_TEST(a_held_tail_gets_the_outcome_the_whole_trace_gets)
{
    static const struct {
        const char *what;
        const char *seq[8];
        int wait_status;
        stop_reason stop;
    } cases[] = {
        { "signal, more calls after the crash", { "oscenario_begin", "dA", "csignal", "dB", "dC" }, SIGSEGV, STOP_NONE },
        { "hang report, then calls", { "oscenario_begin", "dA", "hhang", "dB" }, 9, STOP_HANG },
        { "wall deadline without a report", { "oscenario_begin", "dA", "dB" }, 9, STOP_WALL },
        { "injected DriverEntry failure", { "oscenario_begin", "ofault_injected", "dA", "eerror", "dB" },
          HOST_EXIT_LOAD_ERROR << 8, STOP_NONE },
        { "load error", { "oscenario_begin", "dA", "eerror" }, HOST_EXIT_LOAD_ERROR << 8, STOP_NONE },
        { "exit() after a crash report", { "oscenario_begin", "dA", "cexit", "dB" }, 5 << 8, STOP_NONE },
        { "exit()", { "oscenario_begin", "dA", "dB" }, 5 << 8, STOP_NONE },
        { "loop", { "oscenario_begin", "dA", "dA", "dA" }, 9, STOP_FLOOD },
        { "--max-events", { "oscenario_begin", "dA", "dB", "dC" }, 9, STOP_LIMIT },
        { "completed", { "oscenario_begin", "dA", "oscenario_end" }, 0, STOP_NONE },
        { "memory limit, then calls", { "oscenario_begin", "cmemory", "dA" }, 9, STOP_HANG },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        trace whole, sent;
        build_sequence(&whole, cases[c].seq);
        build_sequence(&sent, cases[c].seq);
        host_ending end = { .scenario = "synthetic", .wait_status = cases[c].wait_status, .stop = cases[c].stop,
                            .stop_detail = "detail", .timeout_ms = 10, .wall_timeout_ms = 2000 };
        char error[128] = "";
        int internal = 0;
        scenario_outcome want = outcome_of_host(&whole.list, &end, error, sizeof error, &internal);

        event_list fed = { 0 }, held = { 0 };
        for (size_t i = 0; i < sent.list.count; i++) {
            event final;
            int r = outcome_hold(&held, &sent.list.items[i], &final);
            ck_assert_int_ge(r, 0);
            if (r == 1) {
                ck_assert_msg(final.kind != EV_CRASH && final.kind != EV_HANG && final.kind != EV_ERROR,
                              "%s: %s handed on", cases[c].what, final.name);
                end.fed++;
                end.fed_op |= final.kind == EV_OP;
                end.fed_fault |= final.kind == EV_OP && strcmp(final.name, "fault_injected") == 0;
                ck_assert_int_eq(event_list_push(&fed, &final), 0);
            }
        }
        sent.list.count = 0;  /* every event moved to fed or held */
        ck_assert_uint_ge(held.count, 1);  /* the latest is always held */
        scenario_outcome got = outcome_of_host(&held, &end, error, sizeof error, &internal);
        for (size_t i = 0; i < held.count; i++)  /* as isolation.c numbers them */
            held.items[i].index = end.fed + i;
        ck_assert_msg(got == want, "%s: %s, whole trace %s", cases[c].what, scenario_outcome_name(got),
                      scenario_outcome_name(want));
        ck_assert_uint_eq(fed.count + held.count, whole.list.count);
        /* the event before the first crash, hang or error stays held:
         * memcheck's errors, added later, take their context from it */
        for (size_t i = 1; i < fed.count + held.count; i++) {
            event_kind k = whole.list.items[i].kind;
            if (k == EV_CRASH || k == EV_HANG || k == EV_ERROR) {
                ck_assert_msg(fed.count < i, "%s: %zu events handed on", cases[c].what, fed.count);
                break;
            }
        }
        for (size_t i = 0; i < whole.list.count; i++)
            same_event(i < fed.count ? &fed.items[i] : &held.items[i - fed.count], &whole.list.items[i],
                       cases[c].what);
        event_list_free(&fed);
        event_list_free(&held);
        trace_free(&whole);
        trace_free(&sent);
    }
}
END_TEST

START_TEST(a_recorded_scenario_of_the_judges_crash_alone_is_whole)
{
    trace t;
    tr_init(&t);
    tr_push(&t, EV_CRASH, "exit");
    outcome_reading r = read_back(&t.list);
    char why[256];
    ck_assert_int_eq(outcome_reading_whole(&r, "s", why, sizeof why), 1);
    ck_assert_int_eq(r.outcome, SCENARIO_CRASHED);
    trace_free(&t);
    tr_init(&t);
    tr_push(&t, EV_HANG, "hang");
    r = read_back(&t.list);
    ck_assert_int_eq(outcome_reading_whole(&r, "s", why, sizeof why), 1);
    ck_assert_int_eq(r.outcome, SCENARIO_HUNG);
    trace_free(&t);
}
END_TEST

START_TEST(a_cut_recorded_scenario_is_not_whole)
{
    trace t;
    tr_init(&t);
    tr_push(&t, EV_OP, "scenario_begin");
    ddi(&t, "NdisStallExecution");
    outcome_reading r = read_back(&t.list);
    char why[256];
    ck_assert_int_eq(outcome_reading_whole(&r, "s", why, sizeof why), 0);
    ck_assert_str_eq(why, "scenario s ends at event 1 without scenario_end, crash, hang or error: "
                          "the trace is incomplete (cut short?)");
    trace_free(&t);
    tr_init(&t);
    ddi(&t, "NdisStallExecution");
    tr_push(&t, EV_OP, "scenario_end");
    r = read_back(&t.list);
    ck_assert_int_eq(outcome_reading_whole(&r, "s", why, sizeof why), 0);
    ck_assert_str_eq(why, "scenario s does not begin with scenario_begin");
    trace_free(&t);
}
END_TEST

/* ---- the wait: the nearest deadline, never a tick ---- */

START_TEST(the_wait_ends_at_the_nearest_deadline)
{
    /* Running host: quiet deadline 10 s after its last event. */
    host_clocks a = { .started_us = 1000 * 1000, .last_progress_ms = 1500 };
    ck_assert_uint_eq(host_deadline_next(&a, 10000, 0, 1000), 11500);
    /* A wall deadline nearer than the quiet one wins: started at 1 s + 3 s. */
    ck_assert_uint_eq(host_deadline_next(&a, 10000, 3000, 1000), 4000);
    /* A stopped host: the grace after the stop, whatever else. */
    host_clocks b = { .started_us = 0, .last_progress_ms = 100, .stopped_at_ms = 700, .stopped = 1 };
    ck_assert_uint_eq(host_deadline_next(&b, 10000, 3000, 1000), 1700);

    uint64_t d[] = { 11500, DEADLINE_NONE, 1700 };
    ck_assert_int_eq(host_deadline_poll_timeout(d, 3, 1000), 701);  /* due once now > 1700 */
    ck_assert_int_eq(host_deadline_poll_timeout(d, 3, 1700), 1);
    ck_assert_int_eq(host_deadline_poll_timeout(d, 3, 1701), 0);
    ck_assert_int_eq(host_deadline_poll_timeout(d, 2, 1000), 10501);
    ck_assert_int_eq(host_deadline_poll_timeout(d + 1, 1, 1000), -1);  /* nothing to wait for but events */
    ck_assert_int_eq(host_deadline_poll_timeout(NULL, 0, 1000), -1);
}
END_TEST

START_TEST(a_deadline_is_due_exactly_when_the_wait_ends)
{
    /* Whatever the clocks, the instant the wait computes is the last one
     * at which nothing is due, and one ms later the right deadline is. */
    const unsigned timeouts[] = { 1, 10, 10000 }, walls[] = { 0, 5, 3000 };
    const uint64_t starts_us[] = { 0, 999, 123456789 };
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            for (size_t k = 0; k < 3; k++)
                for (int stopped = 0; stopped < 2; stopped++) {
                    host_clocks c = { .started_us = starts_us[k], .last_progress_ms = starts_us[k] / 1000 + 2,
                                      .stopped_at_ms = starts_us[k] / 1000 + 4, .stopped = stopped };
                    uint64_t next = host_deadline_next(&c, timeouts[i], walls[j], 1000);
                    ck_assert_int_eq(host_deadline_due(&c, timeouts[i], walls[j], 1000, next), DEADLINE_NOT_YET);
                    deadline_kind due = host_deadline_due(&c, timeouts[i], walls[j], 1000, next + 1);
                    deadline_kind want = stopped ? DEADLINE_GRACE_OVER
                                         : walls[j] && (starts_us[k] + walls[j] * 1000ull) / 1000 <=
                                                           c.last_progress_ms + timeouts[i]
                                             ? DEADLINE_WALL
                                             : DEADLINE_QUIET;
                    ck_assert_msg(due == want, "timeout %u wall %u start %llu stopped %d: due %d, want %d",
                                  timeouts[i], walls[j], (unsigned long long)starts_us[k], stopped, due, want);
                    if (next >= 5)
                        ck_assert_int_eq(host_deadline_poll_timeout(&next, 1, next - 5), 6);
                }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("check-stream");
    TCase *tc = tcase_create("check-stream");
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, many_scenarios_each_get_their_own_verdict);
    tcase_add_test(tc, interleaved_scenarios_are_judged_as_contiguous_ones);
    tcase_add_test(tc, a_sink_fed_each_event_gets_the_last_one_alone);
    tcase_add_test(tc, a_scenario_without_its_end_is_refused_mid_stream);
    tcase_add_test(tc, a_scenario_after_its_end_is_refused);
    tcase_add_test(tc, sweep_runs_report_a_finding_once);
    suite_add_tcase(s, tc);
    TCase *units = tcase_create("units");
    tcase_add_test(units, name_index_finds_every_name);
    tcase_add_test(units, a_live_outcome_reads_back_the_same);
    tcase_add_test(units, a_held_tail_gets_the_outcome_the_whole_trace_gets);
    tcase_add_test(units, a_cut_recorded_scenario_is_not_whole);
    tcase_add_test(units, a_recorded_scenario_of_the_judges_crash_alone_is_whole);
    tcase_add_test(units, the_wait_ends_at_the_nearest_deadline);
    tcase_add_test(units, a_deadline_is_due_exactly_when_the_wait_ends);
    suite_add_tcase(s, units);
    return tool_run_suite(s);
}
