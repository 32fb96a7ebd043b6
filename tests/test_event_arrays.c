/* The plain-line reader (event_json_read.c) puts an event's stack, args
 * and frames in one block (event.arrays): each array lies inside it, in
 * full and apart from the others; event_free frees the block alone (run
 * under valgrind: no leak, no invalid free); event_list_push moves it with
 * the event; backtrace_copy of such a frame array is the copy's own and
 * outlives the event; a line whose containers are empty has no block; a
 * line refused after the block was made leaves nothing behind. Also the
 * reader's comparison of field names (key_index) and its integers. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "trace/event_json.h"
#include "tool_runner.h"

static const char line[] =
    "{\"i\":4,\"scenario\":\"s\",\"kind\":\"ddi\",\"name\":\"NdisFreeMemory\",\"adapter\":0,"
    "\"callback\":\"MiniportHaltEx\",\"stack\":[\"DriverEntry\",\"MiniportHaltEx\"],\"state\":\"Running\","
    "\"irql\":0,\"time\":7,\"status\":0,\"args\":{\"handle\":42,\"tag\":\"vnic\",\"len\":8},"
    "\"bt\":[{\"pc\":1,\"offset\":2,\"module\":\"m.so\"},{\"pc\":3,\"offset\":4,\"module\":\"m.so\",\"line\":9}]}\n";

static int inside(const void *block, size_t bytes, const void *p, size_t n)
{
    uintptr_t b = (uintptr_t)block, a = (uintptr_t)p;
    return a >= b && a + n <= b + bytes;
}

START_TEST(the_three_arrays_share_one_block_without_overlap)
{
    event ev;
    ck_assert_int_eq(event_from_json_plain(line, &ev), 1);
    ck_assert_ptr_nonnull(ev.arrays);
    size_t bytes = 2 * sizeof(frame) + 3 * sizeof(event_arg) + 2 * sizeof(const char *);
    ck_assert_uint_eq(ev.bt.count, 2);
    ck_assert_uint_eq(ev.nargs, 3);
    ck_assert_uint_eq(ev.stack_depth, 2);
    ck_assert(inside(ev.arrays, bytes, ev.bt.frames, 2 * sizeof(frame)));
    ck_assert(inside(ev.arrays, bytes, ev.args, 3 * sizeof(event_arg)));
    ck_assert(inside(ev.arrays, bytes, ev.stack, 2 * sizeof(const char *)));
    ck_assert((char *)ev.bt.frames + 2 * sizeof(frame) <= (char *)ev.args);
    ck_assert((char *)ev.args + 3 * sizeof(event_arg) <= (char *)ev.stack);
    ck_assert_str_eq(ev.stack[1], "MiniportHaltEx");
    ck_assert_str_eq(event_arg_get(&ev, "tag")->str, "vnic");
    ck_assert_int_eq(event_arg_int(&ev, "len", -1), 8);
    ck_assert_int_eq(ev.bt.frames[1].line, 9);
    ck_assert_ptr_null(ev.bt.frames[0].function);
    event_free(&ev);
    ck_assert_ptr_null(ev.arrays);
    ck_assert_ptr_null(ev.stack);
}
END_TEST

START_TEST(a_list_takes_the_block_and_a_copied_backtrace_outlives_it)
{
    event ev;
    ck_assert_int_eq(event_from_json_plain(line, &ev), 1);
    void *block = ev.arrays;
    event_list list = { 0 };
    ck_assert_int_eq(event_list_push(&list, &ev), 0);
    ck_assert_ptr_null(ev.arrays);
    ck_assert_ptr_eq(list.items[0].arrays, block);
    backtrace_t copy;
    ck_assert_int_eq(backtrace_copy(&copy, &list.items[0].bt), 0);
    ck_assert(!inside(block, 1, copy.frames, 1) || copy.frames == NULL);
    event_list_free(&list);
    ck_assert_uint_eq(copy.count, 2);
    ck_assert_uint_eq(copy.frames[1].offset, 4);
    ck_assert_str_eq(copy.frames[1].module, "m.so");
    backtrace_free(&copy);
}
END_TEST

START_TEST(empty_containers_make_no_block_and_a_refused_line_leaves_none)
{
    event ev;
    static const char empty[] = "{\"i\":0,\"scenario\":\"s\",\"kind\":\"op\",\"name\":\"step\",\"adapter\":0,"
                                "\"callback\":\"\",\"stack\":[],\"state\":\"Halted\",\"irql\":0,\"time\":0,\"args\":{}}";
    ck_assert_int_eq(event_from_json_plain(empty, &ev), 1);
    ck_assert_ptr_null(ev.arrays);
    ck_assert_ptr_null(ev.stack);
    ck_assert_ptr_null(ev.args);
    event_free(&ev);
    /* the containers are read before the unknown key: refused, nothing left */
    char bad[sizeof line + 16];
    snprintf(bad, sizeof bad, "%.*s,\"zz\":1}", (int)(strlen(line) - 2), line);
    ck_assert_int_eq(event_from_json_plain(bad, &ev), 0);
    ck_assert_ptr_null(ev.arrays);
    ck_assert_ptr_null(ev.args);
    ck_assert_uint_eq(ev.nargs, 0);
}
END_TEST

/* Field names are compared as one masked word when eight bytes of the line
 * follow the key, byte by byte near the end: a key that is a prefix or an
 * extension of a name is no field either way, and the last key is read. */
START_TEST(keys_are_compared_whole_in_the_line_and_at_its_end)
{
    static const char head[] = "{\"i\":0,\"scenario\":\"s\",\"kind\":\"op\",\"name\":\"step\",\"adapter\":0,"
                               "\"callback\":\"\",\"stack\":[],\"state\":\"Halted\",\"irql\":0,\"time\":0,\"args\":{}";
    static const char *const tails[] = { ",\"pi\":1}", ",\"pidd\":1}", ",\"threa\":1,\"pid\":1}",
                                         ",\"threads\":1,\"pid\":1}", ",\"pid\":1,\"x\":1}" };
    char text[512];
    event ev;
    for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
        snprintf(text, sizeof text, "%s%s", head, tails[i]);
        ck_assert_msg(event_from_json_plain(text, &ev) == 0, "taken: %s", tails[i]);
    }
    snprintf(text, sizeof text, "%s%s", head, ",\"thread\":3,\"pid\":77}");
    ck_assert_int_eq(event_from_json_plain(text, &ev), 1);
    ck_assert_int_eq(ev.thread, 3);
    ck_assert_int_eq(ev.pid, 77);
    event_free(&ev);
}
END_TEST

/* Integers are read eight digits at a time where eight are left: every
 * length around the boundaries, int64's limits, and a non-digit in any of
 * the eight places refused. */
START_TEST(integers_read_whole_and_refused_with_any_bad_digit)
{
    static const struct {
        const char *text;
        int ok;
        int64_t value;
    } cases[] = {
        { "0", 1, 0 }, { "7", 1, 7 }, { "1234567", 1, 1234567 }, { "12345678", 1, 12345678 },
        { "99999999", 1, 99999999 }, { "100000000", 1, 100000000 }, { "-12345678", 1, -12345678 },
        { "140737353852817", 1, 140737353852817 }, { "9876543210987654", 1, 9876543210987654 },
        { "1234567890123456789", 1, 1234567890123456789 }, { "9223372036854775807", 1, INT64_MAX },
        { "-9223372036854775808", 1, INT64_MIN }, { "9223372036854775808", 0, 0 },
        { "12345678901234567890", 0, 0 }, { "01234567", 0, 0 }, { "1234567a", 0, 0 }, { "a2345678", 0, 0 },
        { "1234:678", 0, 0 }, { "12/45678", 0, 0 }, { "123456789012345A", 0, 0 }, { "1.5", 0, 0 },
    };
    char text[512];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(text, sizeof text, "{\"i\":0,\"scenario\":\"s\",\"kind\":\"ddi\",\"name\":\"n\",\"adapter\":0,"
                 "\"callback\":\"\",\"stack\":[],\"state\":\"Halted\",\"irql\":0,\"time\":0,\"status\":%s,"
                 "\"args\":{}}", cases[i].text);
        event ev;
        ck_assert_msg(event_from_json_plain(text, &ev) == cases[i].ok, "%s", cases[i].text);
        if (cases[i].ok)
            ck_assert_msg(ev.status == cases[i].value, "%s read as %lld", cases[i].text, (long long)ev.status);
        event_free(&ev);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("event_arrays");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, the_three_arrays_share_one_block_without_overlap);
    tcase_add_test(tc, a_list_takes_the_block_and_a_copied_backtrace_outlives_it);
    tcase_add_test(tc, empty_containers_make_no_block_and_a_refused_line_leaves_none);
    tcase_add_test(tc, keys_are_compared_whole_in_the_line_and_at_its_end);
    tcase_add_test(tc, integers_read_whole_and_refused_with_any_bad_digit);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
