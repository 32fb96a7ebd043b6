/* The fast paths of trace.jsonl (event_json_write.c, event_json_read.c)
 * against jansson, the authority (event_json.c): every line of a real
 * trace reads to the same event and writes to the same bytes both ways;
 * odd lines (escapes, duplicate keys, big numbers, jsmn's leniencies) and
 * odd events give jansson's outcome and error text; every line of a real
 * trace cut short or with a byte changed has the same outcome both ways;
 * and the fast paths are the ones taken for plain lines. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/valgrind.h>

#include "trace/event_json.h"
#include "tool_runner.h"

#define RUN(...) tool_run((const char *const[]){ __VA_ARGS__, NULL })

/* The vnic sample's suite, run once for every test (unchecked fixture). */
static char *run_dir;
static char *trace_text;

static void make_trace(void)
{
    run_dir = tool_temp_dir("event-json-fast");
    tool_output o = RUN("run", "-q", "--no-color", "-j1", "-o", run_dir, "build/samples/vnic.so");
    ck_assert_msg(o.status == 0, "run: exit %d: %s", o.status, o.err);
    tool_output_free(&o);
    trace_text = tool_read_file(tool_path_in(run_dir, "trace.jsonl"));
    ck_assert_ptr_nonnull(trace_text);
}

static void drop_trace(void)
{
    free(trace_text);
    tool_remove_dir(run_dir);
}

/* The trace's lines, each NUL-terminated without its newline; *n of them. */
static char **trace_lines(size_t *n)
{
    char *copy = strdup(trace_text);
    size_t cap = 1024;
    char **lines = malloc(cap * sizeof *lines);
    *n = 0;
    for (char *s = copy, *nl; *s; s = nl + 1) {
        nl = strchr(s, '\n');
        ck_assert_ptr_nonnull(nl);
        *nl = 0;
        if (*n == cap)
            lines = realloc(lines, (cap *= 2) * sizeof *lines);
        lines[(*n)++] = s;
    }
    ck_assert_uint_gt(*n, 1000);
    return lines;
}

static void free_lines(char **lines)
{
    free(lines[0]);
    free(lines);
}

static int same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

/* a and b hold the same event, field by field; what names the line. */
static void assert_same_event(const event *a, const event *b, const char *what)
{
    ck_assert_msg(a->index == b->index && a->kind == b->kind && same_text(a->name, b->name) &&
                      same_text(a->scenario, b->scenario) && a->adapter == b->adapter &&
                      same_text(a->callback, b->callback) && same_text(a->state, b->state) && a->irql == b->irql &&
                      a->time_us == b->time_us && a->has_status == b->has_status && a->status == b->status &&
                      a->thread == b->thread && a->pid == b->pid,
                  "scalar fields differ: %s", what);
    ck_assert_msg(a->stack_depth == b->stack_depth, "stack depth differs: %s", what);
    for (size_t i = 0; i < a->stack_depth; i++)
        ck_assert_msg(same_text(a->stack[i], b->stack[i]), "stack[%zu] differs: %s", i, what);
    ck_assert_msg(a->nargs == b->nargs, "argument count differs: %s", what);
    for (size_t i = 0; i < a->nargs; i++) {
        const event_arg *x = &a->args[i], *y = &b->args[i];
        ck_assert_msg(same_text(x->key, y->key) && x->is_str == y->is_str && x->num == y->num &&
                          same_text(x->str, y->str),
                      "argument %zu differs: %s", i, what);
    }
    ck_assert_msg(a->bt.count == b->bt.count, "frame count differs: %s", what);
    for (size_t i = 0; i < a->bt.count; i++) {
        const frame *x = &a->bt.frames[i], *y = &b->bt.frames[i];
        ck_assert_msg(x->pc == y->pc && x->offset == y->offset && same_text(x->module, y->module) &&
                          same_text(x->function, y->function) && same_text(x->file, y->file) && x->line == y->line,
                      "frame %zu differs: %s", i, what);
    }
}

static int assert_written_alike(const event *ev);

/* Reads line both ways and through event_from_json: the same outcome, the
 * same event or error text; an event read is then written alike both ways.
 * 1 when the fast path decoded it. */
static int assert_read_alike(const char *line)
{
    event ref, fast, both;
    char ref_err[512] = "", both_err[512] = "";
    int ref_rc = event_from_json_reference(line, &ref, ref_err, sizeof ref_err);
    int plain = event_from_json_plain(line, &fast);
    int both_rc = event_from_json(line, &both, both_err, sizeof both_err);
    ck_assert_msg(both_rc == ref_rc, "event_from_json says %d, jansson %d (%s): %s", both_rc, ref_rc, ref_err, line);
    if (ref_rc != 0) {
        ck_assert_msg(!plain, "the fast path took a line jansson refuses (%s): %s", ref_err, line);
        ck_assert_str_eq(both_err, ref_err);
        return 0;
    }
    if (plain) {
        assert_same_event(&ref, &fast, line);
        event_free(&fast);
    }
    assert_same_event(&ref, &both, line);
    assert_written_alike(&ref);
    event_free(&ref);
    event_free(&both);
    return plain;
}

/* ev written both ways: the same bytes. 1 when the fast path wrote it. */
static int assert_written_alike(const event *ev)
{
    char *ref = event_to_json_reference(ev);
    ck_assert_ptr_nonnull(ref);
    json_text fast = { 0 }, both = { 0 };
    int plain = event_json_append_plain(&fast, ev);
    ck_assert_int_ge(plain, 0);
    ck_assert_int_eq(event_json_append(&both, ev), 0);
    size_t n = strlen(ref);
    ck_assert_msg(both.len == n + 1 && memcmp(both.text, ref, n) == 0 && both.text[n] == '\n',
                  "event_json_append wrote %.*s, jansson %s", (int)both.len, both.text, ref);
    if (plain)
        ck_assert_msg(fast.len == n + 1 && memcmp(fast.text, ref, n) == 0 && fast.text[n] == '\n',
                      "the fast path wrote %.*s, jansson %s", (int)fast.len, fast.text, ref);
    else
        ck_assert_uint_eq(fast.len, 0);
    free(ref);
    free(fast.text);
    free(both.text);
    return plain;
}

/* printable ASCII without a backslash: the lines the fast path is for */
static int plain_bytes(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e || *s == '\\')
            return 0;
    return 1;
}

START_TEST(every_line_of_a_real_trace_reads_alike_and_fast)
{
    size_t n, plain_lines = 0;
    char **lines = trace_lines(&n);
    for (size_t i = 0; i < n; i++) {
        int fast = assert_read_alike(lines[i]);
        ck_assert_msg(fast || !plain_bytes(lines[i]), "line %zu is plain, yet jansson read it: %s", i + 1, lines[i]);
        plain_lines += fast;
    }
    ck_assert_uint_gt(plain_lines, n * 9 / 10);
    free_lines(lines);
}
END_TEST

START_TEST(every_line_of_a_real_trace_writes_back_byte_for_byte)
{
    size_t n, plain_events = 0;
    char **lines = trace_lines(&n);
    json_text all = { 0 };
    for (size_t i = 0; i < n; i++) {
        event ev;
        char err[256];
        ck_assert_int_eq(event_from_json_reference(lines[i], &ev, err, sizeof err), 0);
        plain_events += (size_t)assert_written_alike(&ev);
        ck_assert_int_eq(event_json_append(&all, &ev), 0);
        event_free(&ev);
    }
    /* The judge's own lines come back as it wrote them. */
    ck_assert_uint_eq(all.len, strlen(trace_text));
    ck_assert(memcmp(all.text, trace_text, all.len) == 0);
    ck_assert_uint_gt(plain_events, n * 9 / 10);
    free(all.text);
    free_lines(lines);
}
END_TEST

static const char plain_line[] =
    "{\"i\":1,\"scenario\":\"s\",\"kind\":\"ddi\",\"name\":\"NdisMSleep\",\"adapter\":0,\"callback\":\"\","
    "\"stack\":[\"A\",\"B\"],\"state\":\"Running\",\"irql\":0,\"time\":5,\"status\":0,\"args\":{\"k\":1,\"s\":\"x\"},"
    "\"bt\":[{\"pc\":1,\"offset\":2,\"module\":\"m\",\"function\":\"f\",\"file\":\"c.c\",\"line\":3}],"
    "\"thread\":1,\"pid\":2}";

START_TEST(the_fast_paths_are_the_ones_taken_for_plain_lines)
{
    event ev;
    char err[256];
    event_json_paths before = event_json_read_paths();
    ck_assert_int_eq(event_from_json(plain_line, &ev, err, sizeof err), 0);
    event_json_paths after = event_json_read_paths();
    ck_assert_uint_eq(after.plain, before.plain + 1);
    ck_assert_uint_eq(after.reference, before.reference);

    json_text out = { 0 };
    event_json_paths w0 = event_json_write_paths();
    ck_assert_int_eq(event_json_append(&out, &ev), 0);
    event_json_paths w1 = event_json_write_paths();
    ck_assert_uint_eq(w1.plain, w0.plain + 1);
    ck_assert_uint_eq(w1.reference, w0.reference);
    ev.name = "quote\"d";   /* needs escaping: jansson's */
    ck_assert_int_eq(event_json_append(&out, &ev), 0);
    event_json_paths w2 = event_json_write_paths();
    ck_assert_uint_eq(w2.plain, w1.plain);
    ck_assert_uint_eq(w2.reference, w1.reference + 1);
    free(out.text);
    event_free(&ev);

    ck_assert_int_eq(event_from_json("{\"i\":\"x\"}", &ev, err, sizeof err), -1);
    event_json_paths refused = event_json_read_paths();
    ck_assert_uint_eq(refused.plain, after.plain);
    ck_assert_uint_eq(refused.reference, after.reference + 1);
    ck_assert_str_eq(err, "an event needs \"kind\" (enter, return, ddi, op, crash, hang, error, valgrind) and \"name\"");
}
END_TEST

/* plain_line with its first `from` replaced by `to`. */
static char *variant(const char *from, const char *to)
{
    const char *at = strstr(plain_line, from);
    ck_assert_msg(at != NULL, "no %s in the plain line", from);
    size_t head = (size_t)(at - plain_line), n = strlen(plain_line) - strlen(from) + strlen(to);
    char *s = malloc(n + 1);
    memcpy(s, plain_line, head);
    strcpy(s + head, to);
    strcat(s, at + strlen(from));
    return s;
}

enum path { FAST, JANSSON };
static const struct {
    const char *from, *to;
    enum path path;
} odd[] = {
    { "{", "{", FAST },
    { "{\"i\":1,", "  { \"i\" : 1 ,  ", FAST },
    { "\"pid\":2}", "\"pid\" : 2 }   \n", FAST },
    { "\"pid\":2}", "\"pid\":2}\r\n", JANSSON },
    { "\"i\":1,", "\"i\":\t1,", JANSSON },
    /* escapes, \u sequences, non-ASCII, control characters */
    { "\"s\":\"x\"", "\"s\":\"x\\\"y\"", JANSSON },
    { "\"s\":\"x\"", "\"s\":\"\\u0041\"", JANSSON },
    { "\"s\":\"x\"", "\"s\":\"\\u00e9\\/\"", JANSSON },
    { "\"s\":\"x\"", "\"s\":\"\\u0000\"", JANSSON },
    { "\"s\":\"x\"", "\"s\":\"\\ud800\"", JANSSON },
    { "\"s\":\"x\"", "\"s\":\"\\q\"", JANSSON },
    { "\"s\":\"x\"", "\"s\":\"\xc3\xa9\"", JANSSON },
    { "\"s\":\"x\"", "\"s\":\"\xff\"", JANSSON },
    { "\"s\":\"x\"", "\"s\":\"a\x01\"", JANSSON },
    { "\"s\":\"x\"", "\"s\":\"a\x7f\"", JANSSON },
    /* duplicate keys: top level, in args, in a frame */
    { "\"i\":1,", "\"i\":1,\"i\":1,", JANSSON },
    { "\"pid\":2}", "\"pid\":2,\"pid\":2}", JANSSON },
    { "\"k\":1,", "\"k\":1,\"k\":2,", JANSSON },
    { "\"s\":\"x\"", "\"s\":\"x\",\"s\":\"x\"", JANSSON },
    { "\"pc\":1,", "\"pc\":1,\"pc\":1,", JANSSON },
    { "\"line\":3", "\"line\":3,\"module\":\"m\"", JANSSON },
    /* after the object */
    { "\"pid\":2}", "\"pid\":2}x", JANSSON },
    { "\"pid\":2}", "\"pid\":2} {}", JANSSON },
    { "\"pid\":2}", "\"pid\":2}}", JANSSON },
    { "\"pid\":2}", "\"pid\":2},", JANSSON },
    { "\"pid\":2}", "\"pid\":2", JANSSON },
    /* numbers */
    { "\"time\":5", "\"time\":9223372036854775807", FAST },
    { "\"time\":5", "\"time\":9223372036854775808", JANSSON },
    { "\"time\":5", "\"time\":-9223372036854775808", FAST },
    { "\"time\":5", "\"time\":-9223372036854775809", JANSSON },
    { "\"time\":5", "\"time\":99999999999999999999", JANSSON },
    { "\"time\":5", "\"time\":-0", FAST },
    { "\"time\":5", "\"time\":0", FAST },
    { "\"time\":5", "\"time\":05", JANSSON },
    { "\"time\":5", "\"time\":+5", JANSSON },
    { "\"time\":5", "\"time\":-", JANSSON },
    { "\"time\":5", "\"time\":1.0", JANSSON },
    { "\"time\":5", "\"time\":1e3", JANSSON },
    { "\"time\":5", "\"time\":1E3", JANSSON },
    { "\"time\":5", "\"time\":5x", JANSSON },
    { "\"k\":1", "\"k\":-12345678901234", FAST },
    { "\"line\":3", "\"line\":4294967297", FAST },
    /* null, booleans */
    { "\"k\":1", "\"k\":null", JANSSON },
    { "\"k\":1", "\"k\":true", FAST },
    { "\"k\":1", "\"k\":false", FAST },
    { "\"k\":1", "\"k\":tru", JANSSON },
    { "\"k\":1", "\"k\":truex", JANSSON },
    { "\"k\":1", "\"k\":nul", JANSSON },
    { "\"status\":0", "\"status\":null", JANSSON },
    { "\"i\":1", "\"i\":true", JANSSON },
    { "\"thread\":1", "\"thread\":false", JANSSON },
    /* missing fields, unknown fields */
    { "\"state\":\"Running\",", "", JANSSON },
    { "\"kind\":\"ddi\",", "", JANSSON },
    { "\"args\":{\"k\":1,\"s\":\"x\"},", "", JANSSON },
    { "\"status\":0,", "", FAST },
    { ",\"thread\":1,\"pid\":2", "", FAST },
    { "\"function\":\"f\",", "", FAST },
    { "{\"pc\":1,\"offset\":2,\"module\":\"m\",\"function\":\"f\",\"file\":\"c.c\",\"line\":3}", "{}", FAST },
    { "\"pid\":2}", "\"pid\":2,\"extra\":1}", JANSSON },
    { "\"line\":3", "\"line\":3,\"column\":1", JANSSON },
    { "\"kind\":\"ddi\"", "\"kind\":\"dd\"", JANSSON },
    { "\"kind\":\"ddi\"", "\"kind\":\"\"", JANSSON },
    { "\"k\":1", "\"\":1", FAST },
    /* wrong types */
    { "\"name\":\"NdisMSleep\"", "\"name\":1", JANSSON },
    { "\"stack\":[\"A\",\"B\"]", "\"stack\":\"A\"", JANSSON },
    { "\"stack\":[\"A\",\"B\"]", "\"stack\":[\"A\",2]", JANSSON },
    { "\"stack\":[\"A\",\"B\"]", "\"stack\":[]", FAST },
    { "\"stack\":[\"A\",\"B\"]", "\"stack\":[ ]", FAST },
    { "\"args\":{\"k\":1,\"s\":\"x\"}", "\"args\":[]", JANSSON },
    { "\"args\":{\"k\":1,\"s\":\"x\"}", "\"args\":{}", FAST },
    { "\"args\":{\"k\":1,\"s\":\"x\"}", "\"args\":{ }", FAST },
    { "\"k\":1", "\"k\":[1]", JANSSON },
    { "\"k\":1", "\"k\":{}", JANSSON },
    { "\"bt\":[{", "\"bt\":[1,{", JANSSON },
    { "\"bt\":[{\"pc\":1,\"offset\":2,\"module\":\"m\",\"function\":\"f\",\"file\":\"c.c\",\"line\":3}]", "\"bt\":{}",
      JANSSON },
    { "\"bt\":[{\"pc\":1,\"offset\":2,\"module\":\"m\",\"function\":\"f\",\"file\":\"c.c\",\"line\":3}]", "\"bt\":[]",
      FAST },
    { "\"pc\":1", "\"pc\":\"1\"", JANSSON },
    { "\"module\":\"m\"", "\"module\":7", JANSSON },
    { "\"irql\":0", "\"irql\":\"0\"", JANSSON },
    /* what jsmn lets through: the walk must not */
    { "\"i\":1,", "\"i\":1 ", JANSSON },
    { "\"i\":1,", "\"i\":1,,", JANSSON },
    { "\"i\":1,", "\"i\" 1,", JANSSON },
    { "\"i\":1,", "\"i\"::1,", JANSSON },
    { "\"i\":1,", "\"i\":1:2,", JANSSON },
    { "\"i\":1,", "\"i\":1 : 2,", JANSSON },
    { "\"s\":\"x\"", "\"s\":\"x\":\"y\"", JANSSON },
    { "\"s\":\"x\"", "\"s\" \"x\"", JANSSON },
    { "\"s\":\"x\"", "\"s\"", JANSSON },
    { "\"s\":\"x\"", "\"s\":\"x\",", JANSSON },
    { "{\"i\"", "{,\"i\"", JANSSON },
    { "[\"A\",\"B\"]", "[\"A\" \"B\"]", JANSSON },
    { "[\"A\",\"B\"]", "[\"A\",\"B\",]", JANSSON },
    { "[\"A\",\"B\"]", "[,\"A\",\"B\"]", JANSSON },
    { "[\"A\",\"B\"]", "[\"A\",,\"B\"]", JANSSON },
    { "[\"A\",\"B\"]", "[\"A\":\"B\"]", JANSSON },
    { "[\"A\",\"B\"]", "[\"A\",\"B\"}", JANSSON },
    { "\"line\":3}]", "\"line\":3]}", JANSSON },
    { "\"line\":3}]", "\"line\":3}],]", JANSSON },
    { "\"offset\":2,", "\"offset\":2 \"x\":1,", JANSSON },
};

START_TEST(odd_lines_have_jansson_outcome_and_error_text)
{
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        char *line = variant(odd[i].from, odd[i].to);
        int fast = assert_read_alike(line);
        ck_assert_msg(fast == (odd[i].path == FAST), "case %zu: the %s path read %s", i, fast ? "fast" : "jansson",
                      line);
        free(line);
    }
    static const char *const whole[] = { "", " ", "{}", "[]", "[{}]", "\"x\"", "1", "null", "{", "}", "{\"i\"}",
                                         "{\"i\":}", "{\"i\":1}", "{\"kind\":\"op\",\"name\":\"x\"}" };
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
        ck_assert_msg(!assert_read_alike(whole[i]), "the fast path read %s", whole[i]);
}
END_TEST

START_TEST(a_line_of_more_tokens_than_jsmn_is_given_is_jansson_s)
{
    /* 600 arguments: more tokens than the fast path's 1024 */
    size_t cap = 600 * 24 + sizeof plain_line;
    char *args = malloc(cap), *p = args;
    p += sprintf(p, "\"args\":{");
    for (int i = 0; i < 600; i++)
        p += sprintf(p, "%s\"a%d\":%d", i ? "," : "", i, i);
    strcpy(p, "}");
    char *line = variant("\"args\":{\"k\":1,\"s\":\"x\"}", args);
    ck_assert_int_eq(assert_read_alike(line), 0);
    event ev;
    char err[256];
    ck_assert_int_eq(event_from_json(line, &ev, err, sizeof err), 0);
    ck_assert_uint_eq(ev.nargs, 600);
    event_free(&ev);
    free(line);
    free(args);
}
END_TEST

/* One line of each kind and name in the trace (at most limit): the shapes there are. */
static size_t sample_lines(char **lines, size_t n, const char **out, size_t limit)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < limit; i++) {
        const char *kind = strstr(lines[i], "\"kind\":");
        size_t j = 0;
        while (j < k && strncmp(strstr(out[j], "\"kind\":"), kind, 48) != 0)
            j++;
        if (j == k)
            out[k++] = lines[i];
    }
    return k;
}

START_TEST(real_lines_cut_short_or_with_a_byte_changed_read_alike)
{
    size_t n;
    char **lines = trace_lines(&n);
    const char *sample[16];
    /* under valgrind a few shapes: it sees the code paths, the loop runs natively */
    size_t k = sample_lines(lines, n, sample, RUNNING_ON_VALGRIND ? 2 : 16);
    static const char bytes[] = { '"', '\\', ',', ':', '{', '}', '[', ']', ' ', '\t', '0', '9', '-', '.', 'e', 'a',
                                  't', 'n', '\n', 1, (char)0x80, (char)0xff, (char)0x7f };
    size_t variants = 0, fast = 0;
    for (size_t s = 0; s < k; s++) {
        size_t len = strlen(sample[s]);
        char *m = malloc(len + 2);
        for (size_t at = 0; at <= len; at++) {
            memcpy(m, sample[s], at);   /* cut short */
            m[at] = 0;
            fast += (size_t)assert_read_alike(m);
            variants++;
            if (at == len)
                break;
            strcpy(m, sample[s]);
            for (size_t b = 0; b < sizeof bytes; b++) {   /* one byte changed */
                m[at] = bytes[b];
                fast += (size_t)assert_read_alike(m);
                variants++;
            }
            memmove(m + at, sample[s] + at + 1, len - at);   /* one byte dropped */
            fast += (size_t)assert_read_alike(m);
            memcpy(m, sample[s], at + 1);   /* one byte doubled */
            strcpy(m + at + 1, sample[s] + at);
            fast += (size_t)assert_read_alike(m);
            variants += 2;
        }
        free(m);
    }
    /* the fast path took some of them: the comparison was not jansson with itself */
    ck_assert_uint_gt(fast, variants / 20);
    free_lines(lines);
}
END_TEST

START_TEST(odd_events_are_written_as_jansson_writes_them)
{
    frame frames[2] = { { .pc = UINT64_MAX, .offset = 0, .module = "m" },
                        { .pc = 1, .offset = 2, .function = "f", .file = "c.c", .line = -7 } };
    event_arg args[3] = { { .key = "n", .num = INT64_MIN }, { .key = "s", .is_str = 1, .str = NULL },
                          { .key = "t", .is_str = 1, .str = "" } };
    const char *stack[2] = { "A", "B" };
    event ev = { .index = UINT64_MAX, .kind = EV_DDI, .name = "N", .scenario = NULL, .adapter = INT32_MIN,
                 .callback = "cb", .stack = stack, .stack_depth = 2, .state = "Running", .irql = -1,
                 .time_us = (uint64_t)INT64_MAX + 1, .has_status = 1, .status = INT64_MAX, .args = args,
                 .nargs = 3, .bt = { frames, 2 }, .thread = INT32_MAX, .pid = -1 };
    /* plain, however odd the numbers and NULLs */
    ck_assert_int_eq(assert_written_alike(&ev), 1);
    ev.kind = (event_kind)99;   /* "?" */
    ck_assert_int_eq(assert_written_alike(&ev), 1);
    ev.kind = EV_OP;
    ev.has_status = 0;
    ev.bt.count = 0;
    ev.thread = ev.pid = 0;
    ck_assert_int_eq(assert_written_alike(&ev), 1);

    /* each needs jansson: escaping, UTF-8, a NULL jansson drops, a key twice */
    static const char *const strings[] = { "q\"", "b\\", "tab\t", "nl\n", "\x01", "\x7f", "caf\xc3\xa9",
                                           "bad\xff", "\xe2\x82\xac", "\xf0\x9f\x98\x80" };
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
        const char **fields[] = { &ev.name, &ev.scenario, &ev.callback, &ev.state, &stack[1], &args[2].key,
                                  &args[2].str, &frames[0].module, &frames[1].file };
        ev.bt.count = 2;
        for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
            const char *kept = *fields[f];
            *fields[f] = strings[i];
            ck_assert_msg(assert_written_alike(&ev) == 0, "string %zu in field %zu went the fast way", i, f);
            *fields[f] = kept;
        }
    }
    stack[0] = NULL;
    ck_assert_int_eq(assert_written_alike(&ev), 0);
    stack[0] = "A";
    args[0].key = NULL;
    ck_assert_int_eq(assert_written_alike(&ev), 0);
    args[0].key = "t";   /* the same key as args[2] */
    ck_assert_int_eq(assert_written_alike(&ev), 0);
    args[0].key = "n";
    ck_assert_int_eq(assert_written_alike(&ev), 1);

    /* more arguments than the fast path checks for duplicates */
    event_arg many[65];
    char keys[65][8];
    for (int i = 0; i < 65; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i);
        many[i] = (event_arg){ .key = keys[i], .num = i };
    }
    ev.args = many;
    ev.nargs = 64;
    ck_assert_int_eq(assert_written_alike(&ev), 1);
    ev.nargs = 65;
    ck_assert_int_eq(assert_written_alike(&ev), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("event_json_fast");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_unchecked_fixture(tc, make_trace, drop_trace);
    tcase_add_test(tc, every_line_of_a_real_trace_reads_alike_and_fast);
    tcase_add_test(tc, every_line_of_a_real_trace_writes_back_byte_for_byte);
    tcase_add_test(tc, the_fast_paths_are_the_ones_taken_for_plain_lines);
    tcase_add_test(tc, odd_lines_have_jansson_outcome_and_error_text);
    tcase_add_test(tc, a_line_of_more_tokens_than_jsmn_is_given_is_jansson_s);
    tcase_add_test(tc, real_lines_cut_short_or_with_a_byte_changed_read_alike);
    tcase_add_test(tc, odd_events_are_written_as_jansson_writes_them);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
