/* The fast paths of trace.jsonl (event_json_write.c, event_json_read.c)
 * against jansson, the authority (event_json.c), on a real trace: every
 * line reads to the same event and writes back to the same bytes both
 * ways; every line cut short or with a byte changed has the same outcome
 * both ways; and the fast paths are the ones taken for plain lines. Odd
 * lines and events: test_event_json_odd.c. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/valgrind.h>

#include "event_json_compare.h"
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

int main(void)
{
    Suite *s = suite_create("event_json_fast");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 300);
    tcase_add_unchecked_fixture(tc, make_trace, drop_trace);
    tcase_add_test(tc, every_line_of_a_real_trace_reads_alike_and_fast);
    tcase_add_test(tc, every_line_of_a_real_trace_writes_back_byte_for_byte);
    tcase_add_test(tc, the_fast_paths_are_the_ones_taken_for_plain_lines);
    tcase_add_test(tc, real_lines_cut_short_or_with_a_byte_changed_read_alike);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
