/* Odd trace.jsonl lines and events through both ways, the fast paths
 * (event_json_write.c, event_json_read.c) and jansson (event_json.c):
 * escapes, \u sequences, non-ASCII, duplicate keys at every level, what
 * follows the object, big, negative and non-integer numbers, null and
 * booleans, missing, unknown and mistyped fields, and what a lenient
 * tokenizer lets through (a missing ',' or ':', a trailing ','): jansson's
 * outcome and error text either way, and each on the path it must take. Events with
 * odd numbers, NULLs, strings to escape and keys twice are written as
 * jansson writes them. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_json_compare.h"
#include "trace/atom.h"
#include "tool_runner.h"


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
    /* what a lenient tokenizer lets through (jsmn did): the reader must not */
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

START_TEST(a_line_of_more_arguments_than_the_fast_path_has_room_for_is_jansson_s)
{
    /* 600 arguments: more than the fast path's room (64 a container) */
    size_t cap = 600 * 24 + 16;
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

/* Integers are written as "%lld" writes them, digits counted from the
 * number's bits: every power of ten, one less, both signs, 0. */
START_TEST(integers_at_every_power_of_ten_are_written_as_jansson_writes_them)
{
    event_arg arg = { .key = "n" };
    event ev = { .kind = EV_OP, .name = "op", .scenario = "s", .callback = "", .state = "Halted", .args = &arg,
                 .nargs = 1 };
    uint64_t p = 1;
    for (int k = 0; k <= 19; k++, p *= 10) {
        const int64_t near[] = { (int64_t)p, (int64_t)(p - 1), (int64_t)(p + 1) };
        for (size_t i = 0; i < 3; i++) {
            arg.num = near[i];
            ck_assert_int_eq(assert_written_alike(&ev), 1);
            arg.num = -near[i];
            ck_assert_int_eq(assert_written_alike(&ev), 1);
            ev.time_us = (uint64_t)near[i];   /* unsigned fields too */
            ck_assert_int_eq(assert_written_alike(&ev), 1);
        }
    }
    arg.num = 0;
    ck_assert_int_eq(assert_written_alike(&ev), 1);
}
END_TEST

/* The writer remembers a string's size by its address only for an atom,
 * whose text never changes (event_json_write.c): a buffer written again at
 * the same address is looked at again, whether it now needs escaping or
 * is longer than before. */
START_TEST(a_buffer_written_again_at_its_address_is_written_as_it_reads_now)
{
    char buffer[32] = "plain";
    event ev = { .kind = EV_OP, .name = buffer, .scenario = "s", .callback = "", .state = "Halted" };
    ck_assert_int_eq(assert_written_alike(&ev), 1);
    ck_assert_int_eq(assert_written_alike(&ev), 1);
    strcpy(buffer, "q\"");
    ck_assert_int_eq(assert_written_alike(&ev), 0);
    strcpy(buffer, "a longer plain text, 31 bytes!");
    ck_assert_int_eq(assert_written_alike(&ev), 1);
    ev.name = atom("an atom");
    ck_assert_int_eq(assert_written_alike(&ev), 1);
    ck_assert_int_eq(assert_written_alike(&ev), 1);   /* its size remembered */
    ev.name = atom("an \"atom\"");
    ck_assert_int_eq(assert_written_alike(&ev), 0);
    ck_assert_int_eq(assert_written_alike(&ev), 0);
    /* two keys of one text at two addresses in the atoms' memory (an atom,
     * and the end of a longer one): the same key twice, which jansson
     * writes once */
    ev.name = "op";
    event_arg args[2] = { { .key = atom("key"), .num = 1 }, { .key = atom("a longer key") + 9, .num = 2 } };
    ev.args = args;
    ev.nargs = 2;
    ck_assert_int_eq(assert_written_alike(&ev), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("event_json_odd");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, odd_lines_have_jansson_outcome_and_error_text);
    tcase_add_test(tc, a_line_of_more_arguments_than_the_fast_path_has_room_for_is_jansson_s);
    tcase_add_test(tc, odd_events_are_written_as_jansson_writes_them);
    tcase_add_test(tc, a_buffer_written_again_at_its_address_is_written_as_it_reads_now);
    tcase_add_test(tc, integers_at_every_power_of_ten_are_written_as_jansson_writes_them);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
