/* The one-pass reader of plain trace.jsonl lines (event_json_read.c)
 * against jansson, the authority (event_json.c): every shape it accepts
 * reads to jansson's event, every shape it refuses goes to jansson (same
 * event or same error text), each on the path named here. Shapes: empty
 * and spaced containers, null, booleans and integers in every place,
 * int64's limits, keys twice and out of order, spaces around everything,
 * strings of every length ending at every distance from the line's end
 * (quotes are found sixteen bytes at a time), lines cut inside a string,
 * values that differ from the line before's in one byte (the reader
 * remembers the last ones), and containers up to and past the reader's
 * room (64 items). The real
 * trace's lines: test_event_json_fast.c; more odd lines:
 * test_event_json_odd.c. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event_json_compare.h"
#include "tool_runner.h"

/* A whole event line: these fields (every required one) then `tail`, a
 * text that holds the rest of the object (and the closing brace). */
#define HEAD "{\"i\":3,\"scenario\":\"s\",\"kind\":\"ddi\",\"name\":\"NdisMSleep\",\"adapter\":0,\"callback\":\"cb\"," \
             "\"state\":\"Running\",\"irql\":2,\"time\":9,"

enum path { FAST, JANSSON };
static const struct {
    const char *line;
    enum path path;
} shapes[] = {
    /* containers empty, spaced, nested */
    { HEAD "\"stack\":[],\"args\":{}}", FAST },
    { HEAD "\"stack\":[ ],\"args\":{ },\"bt\":[ ]}", FAST },
    { HEAD "\"stack\":[ \"A\" , \"B\" ],\"args\":{ \"k\" : 1 , \"s\" : \"x\" }}", FAST },
    { HEAD "\"stack\":[[\"A\"]],\"args\":{}}", JANSSON },
    { HEAD "\"stack\":[\"A\",[\"B\"]],\"args\":{}}", JANSSON },
    { HEAD "\"stack\":[{}],\"args\":{}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{\"o\":{}}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{\"o\":[]}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{},\"bt\":[{}]}", FAST },
    { HEAD "\"stack\":[],\"args\":{},\"bt\":[{},{\"pc\":1}]}", FAST },
    { HEAD "\"stack\":[],\"args\":{},\"bt\":[{\"pc\":[1]}]}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{},\"bt\":[[]]}", JANSSON },
    /* null */
    { HEAD "\"stack\":null,\"args\":{}}", JANSSON },
    { HEAD "\"stack\":[null],\"args\":{}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{\"k\":null}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":null}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{},\"status\":null}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{},\"bt\":[{\"function\":null}]}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{},\"bt\":null}", JANSSON },
    /* booleans: arguments only */
    { HEAD "\"stack\":[],\"args\":{\"t\":true,\"f\":false}}", FAST },
    { HEAD "\"stack\":[],\"args\":{\"t\":true }}", FAST },
    { HEAD "\"stack\":[],\"args\":{\"t\":True}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{\"t\":fals}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{\"t\":t", JANSSON },
    { HEAD "\"stack\":[],\"args\":{\"t\":f", JANSSON },
    { HEAD "\"stack\":[],\"args\":{},\"pid\":true}", JANSSON },
    { HEAD "\"stack\":[true],\"args\":{}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{},\"bt\":[{\"line\":false}]}", JANSSON },
    /* integers: negative, int64's limits, in every place */
    { HEAD "\"stack\":[],\"args\":{\"n\":-1,\"m\":-9223372036854775808,\"x\":9223372036854775807}}", FAST },
    { HEAD "\"stack\":[],\"args\":{\"n\":-9223372036854775809}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{\"n\":18446744073709551615}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{\"n\":-}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{\"n\":--1}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{\"n\":-01}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{\"n\":1.5}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{\"n\":2e1}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{},\"status\":-1073741823,\"thread\":-2,\"pid\":-3}", FAST },
    { HEAD "\"stack\":[],\"args\":{},\"bt\":[{\"pc\":9223372036854775807,\"offset\":-1,\"line\":-5}]}", FAST },
    { HEAD "\"stack\":[],\"args\":{},\"bt\":[{\"pc\":9223372036854775808}]}", JANSSON },
    { HEAD "\"stack\":[1],\"args\":{}}", JANSSON },
    /* keys twice */
    { HEAD "\"stack\":[],\"stack\":[],\"args\":{}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{},\"args\":{}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{\"k\":1,\"k\":\"x\"}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{},\"bt\":[{\"module\":\"m\",\"module\":\"m\"}]}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{},\"bt\":[],\"bt\":[]}", JANSSON },
    /* the same value twice in the stack is no key twice */
    { HEAD "\"stack\":[\"A\",\"A\"],\"args\":{}}", FAST },
    /* keys out of order, every level */
    { "{\"pid\":1,\"thread\":2,\"bt\":[{\"line\":3,\"file\":\"c.c\",\"function\":\"f\",\"module\":\"m\",\"offset\":4,"
      "\"pc\":5}],\"args\":{\"z\":1,\"a\":\"b\"},\"status\":0,\"time\":1,\"irql\":0,\"state\":\"Halted\","
      "\"stack\":[\"B\",\"A\"],\"callback\":\"\",\"adapter\":-1,\"name\":\"n\",\"kind\":\"op\",\"scenario\":\"s\","
      "\"i\":0}",
      FAST },
    /* spaces: before, after and inside; any other white space is jansson's */
    { "   " HEAD "\"stack\":[],\"args\":{}}   ", FAST },
    { HEAD "\"stack\":[],\"args\":{}}   \n", FAST },
    { HEAD "\"stack\"  :  [  ]  ,  \"args\"  :  {  }  }", FAST },
    { HEAD "\"stack\":[],\"args\":{}}\t", JANSSON },
    { "\t" HEAD "\"stack\":[],\"args\":{}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{}}\r", JANSSON },
    /* strings: spaces and punctuation inside are text */
    { HEAD "\"stack\":[\"a b\",\"{[,:]}\"],\"args\":{\"k k\":\" : , \"}}", FAST },
    { HEAD "\"stack\":[],\"args\":{\"\":\"\"}}", FAST },
    /* what follows the object, what it lacks */
    { HEAD "\"stack\":[],\"args\":{}}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{}},", JANSSON },
    { HEAD "\"stack\":[],\"args\":{},}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{\"k\":1,}}", JANSSON },
    { HEAD "\"stack\":[\"A\",],\"args\":{}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{\"k\" 1}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{\"k\":}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{k:1}}", JANSSON },
    { HEAD "\"stack\":[],\"args\":{},\"kind\":\"op\"}", JANSSON },
    { HEAD "\"stack\":[]}", JANSSON },
};

START_TEST(each_shape_reads_as_jansson_reads_it_on_its_path)
{
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        int fast = assert_read_alike(shapes[i].line);
        ck_assert_msg(fast == (shapes[i].path == FAST), "shape %zu: the %s path read %s", i,
                      fast ? "fast" : "jansson", shapes[i].line);
    }
}
END_TEST

/* A string argument of every length from 0 to 40, with 0 to 20 spaces
 * before the closing brace: the closing quote at every place in a
 * sixteen-byte block and at every distance from the end. Then the same
 * lines cut inside the string: never taken by the fast path. */
START_TEST(strings_end_anywhere_in_a_block_and_near_the_end)
{
    char value[41], line[512];
    for (int len = 0; len <= 40; len++) {
        for (int i = 0; i < len; i++)
            value[i] = (char)('a' + (i * 7 + len) % 26);
        value[len] = 0;
        for (int pad = 0; pad <= 20; pad++) {
            snprintf(line, sizeof line, HEAD "\"stack\":[],\"args\":{\"s\":\"%s\"}%*s}", value, pad, "");
            ck_assert_msg(assert_read_alike(line) == 1, "not read fast: %s", line);
            char *exact = strdup(line);   /* no byte past its NUL: memcheck sees a read beyond it */
            event ev;
            ck_assert_int_eq(event_from_json_plain(exact, &ev), 1);
            ck_assert_str_eq(event_arg_get(&ev, "s")->str, value);
            event_free(&ev);
            free(exact);
            /* cut after the opening quote and each byte of the value */
            const char *open = strstr(line, "\"s\":\"") + 5;
            for (int cut = 0; cut <= len; cut++) {
                char *shorter = strndup(line, (size_t)(open - line) + (size_t)cut);
                ck_assert_msg(assert_read_alike(shorter) == 0, "read fast: %s", shorter);
                free(shorter);
            }
        }
    }
}
END_TEST

/* Lines one after the other whose repeated fields (scenario, callback,
 * state, the stack's callbacks, a frame's module and file) differ from the
 * line before in one byte, the length the same: the reader remembers the
 * last value of each, and must read the new one. Odd and even lines take
 * turns, so every field also repeats the value two lines back. */
START_TEST(a_value_like_the_last_line_s_but_for_one_byte_is_read_anew)
{
    char base[] = "abcdefghijklmnopqrst", line[1024];
    for (size_t at = 0; at < sizeof base - 1; at++) {
        for (int turn = 0; turn < 4; turn++) {
            char v[sizeof base];
            memcpy(v, base, sizeof base);
            if (turn % 2)
                v[at] = 'Z';
            snprintf(line, sizeof line,
                     "{\"i\":0,\"scenario\":\"%s\",\"kind\":\"ddi\",\"name\":\"%s\",\"adapter\":0,"
                     "\"callback\":\"%s\",\"stack\":[\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"%s\","
                     "\"%s\",\"%s\"],\"state\":\"%s\",\"irql\":0,\"time\":0,\"args\":{\"%s\":\"%s\"},"
                     "\"bt\":[{\"pc\":1,\"offset\":2,\"module\":\"%s\",\"function\":\"%s\",\"file\":\"%s\"}]}",
                     v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v);
            ck_assert_msg(assert_read_alike(line) == 1, "not read fast: %s", line);
            event ev;
            ck_assert_int_eq(event_from_json_plain(line, &ev), 1);
            ck_assert_str_eq(ev.scenario, v);
            ck_assert_str_eq(ev.callback, v);
            ck_assert_str_eq(ev.state, v);
            for (size_t d = 0; d < ev.stack_depth; d++)
                ck_assert_str_eq(ev.stack[d], v);
            ck_assert_str_eq(ev.bt.frames[0].module, v);
            ck_assert_str_eq(ev.bt.frames[0].file, v);
            event_free(&ev);
        }
    }
}
END_TEST

/* n items in the stack, the args or the frames. */
static char *with_items(const char *which, int n)
{
    size_t cap = (size_t)n * 48 + 512;
    char *line = malloc(cap), *p = line;
    p += sprintf(p, HEAD);
    p += sprintf(p, "\"stack\":[");
    for (int i = 0; strcmp(which, "stack") == 0 && i < n; i++)
        p += sprintf(p, "%s\"cb%d\"", i ? "," : "", i);
    p += sprintf(p, "],\"args\":{");
    for (int i = 0; strcmp(which, "args") == 0 && i < n; i++)
        p += sprintf(p, i % 2 ? "%s\"a%d\":%d" : "%s\"a%d\":\"v%d\"", i ? "," : "", i, i);
    p += sprintf(p, "},\"bt\":[");
    for (int i = 0; strcmp(which, "bt") == 0 && i < n; i++)
        p += sprintf(p, "%s{\"pc\":%d,\"offset\":%d,\"module\":\"m%d\"}", i ? "," : "", 1000 + i, i, i % 3);
    strcpy(p, "]}");
    return line;
}

START_TEST(containers_up_to_the_room_read_fast_and_larger_ones_alike)
{
    static const char *const which[] = { "stack", "args", "bt" };
    for (size_t w = 0; w < 3; w++) {
        for (int n = 0; n <= 70; n++) {
            char *line = with_items(which[w], n);
            int fast = assert_read_alike(line);
            ck_assert_msg(fast == (n <= 64), "%s of %d items: the %s path", which[w], n, fast ? "fast" : "jansson");
            event ev;
            char err[256];
            ck_assert_int_eq(event_from_json(line, &ev, err, sizeof err), 0);
            size_t count = w == 0 ? ev.stack_depth : w == 1 ? ev.nargs : ev.bt.count;
            ck_assert_uint_eq(count, (size_t)n);
            event_free(&ev);
            free(line);
        }
    }
}
END_TEST

/* A line refused anywhere after its containers were read leaves no block
 * and no count behind. */
START_TEST(a_line_refused_late_leaves_the_event_empty)
{
    static const char *const late[] = {
        HEAD "\"stack\":[\"A\"],\"args\":{\"k\":1},\"bt\":[{\"pc\":1}],\"zz\":1}",
        HEAD "\"stack\":[\"A\"],\"args\":{\"k\":1},\"bt\":[{\"pc\":1}]} x",
        HEAD "\"stack\":[\"A\"],\"args\":{\"k\":1},\"bt\":[{\"pc\":1}],\"pid\":01}",
    };
    for (size_t i = 0; i < sizeof late / sizeof *late; i++) {
        event ev;
        ck_assert_int_eq(event_from_json_plain(late[i], &ev), 0);
        ck_assert_ptr_null(ev.arrays);
        ck_assert_ptr_null(ev.stack);
        ck_assert_ptr_null(ev.args);
        ck_assert_ptr_null(ev.bt.frames);
        ck_assert_uint_eq(ev.stack_depth + ev.nargs + ev.bt.count, 0);
        ck_assert_ptr_null(ev.name);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("event_json_plain");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, each_shape_reads_as_jansson_reads_it_on_its_path);
    tcase_add_test(tc, strings_end_anywhere_in_a_block_and_near_the_end);
    tcase_add_test(tc, containers_up_to_the_room_read_fast_and_larger_ones_alike);
    tcase_add_test(tc, a_value_like_the_last_line_s_but_for_one_byte_is_read_anew);
    tcase_add_test(tc, a_line_refused_late_leaves_the_event_empty);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
