/* input_read_line, a block at a time: each line with its newline and a NUL
 * after it, the last one without a newline, -1 at the end (and again after
 * it), INPUT_LINE_TOO_LONG for more than max bytes before the newline
 * (exactly max is a line), NUL bytes inside a line counted, lines across
 * block boundaries and longer than a block whole. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/input_file.h"
#include "tool_runner.h"

/* A file holding the n bytes of text, read back through input_lines. */
static FILE *file_of(const char *text, size_t n)
{
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, n, f), n);
    rewind(f);
    return f;
}

static void expect_line(input_lines *in, size_t max, const char *want, size_t want_len)
{
    const char *line;
    ssize_t got = input_read_line(in, &line, max);
    ck_assert_int_eq(got, (ssize_t)want_len);
    ck_assert(memcmp(line, want, want_len) == 0);
    ck_assert_int_eq(line[want_len], 0);
}

START_TEST(lines_come_with_their_newline_and_the_last_without)
{
    static const char text[] = "a\n\nbc\nlast";
    FILE *f = file_of(text, sizeof text - 1);
    input_lines in;
    input_lines_init(&in, f);
    expect_line(&in, 100, "a\n", 2);
    expect_line(&in, 100, "\n", 1);
    expect_line(&in, 100, "bc\n", 3);
    expect_line(&in, 100, "last", 4);
    const char *line;
    ck_assert_int_eq(input_read_line(&in, &line, 100), -1);
    ck_assert_int_eq(input_read_line(&in, &line, 100), -1);
    input_lines_free(&in);
    fclose(f);
}
END_TEST

START_TEST(an_empty_file_has_no_line)
{
    FILE *f = file_of("", 0);
    input_lines in;
    input_lines_init(&in, f);
    const char *line;
    ck_assert_int_eq(input_read_line(&in, &line, 100), -1);
    input_lines_free(&in);
    fclose(f);
}
END_TEST

START_TEST(a_nul_inside_a_line_is_counted)
{
    static const char text[] = "a\0b\nc\n";
    FILE *f = file_of(text, sizeof text - 1);
    input_lines in;
    input_lines_init(&in, f);
    expect_line(&in, 100, "a\0b\n", 4);
    expect_line(&in, 100, "c\n", 2);
    input_lines_free(&in);
    fclose(f);
}
END_TEST

/* A file whose first line holds len bytes before its newline (or none). */
static void expect_first(size_t len, int newline, size_t max, ssize_t want)
{
    char *text = malloc(len + 3);
    memset(text, 'x', len);
    memcpy(text + len, newline ? "\ny" : "", newline ? 3 : 1);
    FILE *f = file_of(text, len + (newline ? 2 : 0));
    input_lines in;
    input_lines_init(&in, f);
    const char *line;
    ck_assert_int_eq(input_read_line(&in, &line, max), want);
    if (newline && want > 0 && max > 0)
        expect_line(&in, max, "y", 1);
    input_lines_free(&in);
    fclose(f);
    free(text);
}

START_TEST(max_bytes_before_the_newline_is_a_line_one_more_is_too_long)
{
    expect_first(10, 1, 10, 11);
    expect_first(11, 1, 10, INPUT_LINE_TOO_LONG);
    expect_first(10, 0, 10, 10);
    expect_first(11, 0, 10, INPUT_LINE_TOO_LONG);
    /* past a block (64 KiB) and past a doubled buffer */
    expect_first(300000, 1, 300000, 300001);
    expect_first(300001, 1, 300000, INPUT_LINE_TOO_LONG);
    expect_first(300000, 0, 300000, 300000);
    expect_first(300001, 0, 300000, INPUT_LINE_TOO_LONG);
    expect_first(0, 1, 0, 1);
    expect_first(1, 1, 0, INPUT_LINE_TOO_LONG);
}
END_TEST

START_TEST(many_lines_across_blocks_read_whole)
{
    /* lines of 0..999 bytes, each its own letter: every boundary falls somewhere */
    size_t cap = 3000 * 1001, n = 0;
    char *text = malloc(cap);
    for (int i = 0; i < 3000; i++) {
        size_t len = (size_t)(i * 7919) % 1000;
        memset(text + n, 'a' + i % 26, len);
        n += len;
        text[n++] = '\n';
    }
    FILE *f = file_of(text, n);
    input_lines in;
    input_lines_init(&in, f);
    size_t at = 0;
    for (int i = 0; i < 3000; i++) {
        size_t len = (size_t)(i * 7919) % 1000 + 1;
        expect_line(&in, 1000, text + at, len);
        at += len;
    }
    const char *line;
    ck_assert_int_eq(input_read_line(&in, &line, 1000), -1);
    input_lines_free(&in);
    fclose(f);
    free(text);
}
END_TEST

/* input_read_line as it was, a byte at a time: the contract to keep. */
static ssize_t byte_at_a_time(FILE *f, char **line, size_t *cap, size_t max)
{
    size_t len = 0;
    int c;
    while ((c = getc(f)) != EOF) {
        if (len + 2 > *cap) {
            if (len + 2 > max + 2)
                return INPUT_LINE_TOO_LONG;
            size_t grown = *cap ? *cap * 2 : 256;
            *line = realloc(*line, grown);
            *cap = grown;
        }
        (*line)[len++] = (char)c;
        if (c == '\n')
            break;
        if (len > max)
            return INPUT_LINE_TOO_LONG;
    }
    if (len == 0)
        return -1;
    (*line)[len] = 0;
    return (ssize_t)len;
}

START_TEST(every_file_reads_as_byte_at_a_time_did)
{
    /* random short lines, and NULs, around each max */
    unsigned seed = 1;
    for (int round = 0; round < 400; round++) {
        char text[600];
        size_t n = (size_t)(round % 600);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 40;
            text[i] = r == 0 ? '\n' : r == 1 ? 0 : (char)('a' + r % 26);
        }
        size_t max = (size_t)(round % 37);
        FILE *a = file_of(text, n), *b = file_of(text, n);
        input_lines in;
        input_lines_init(&in, a);
        char *old = NULL;
        size_t cap = 0;
        for (;;) {
            const char *line;
            ssize_t got = input_read_line(&in, &line, max), want = byte_at_a_time(b, &old, &cap, max);
            ck_assert_int_eq(got, want);
            if (got < 0)
                break;
            ck_assert(memcmp(line, old, (size_t)got + 1) == 0);
        }
        free(old);
        input_lines_free(&in);
        fclose(a);
        fclose(b);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("input_lines");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, lines_come_with_their_newline_and_the_last_without);
    tcase_add_test(tc, an_empty_file_has_no_line);
    tcase_add_test(tc, a_nul_inside_a_line_is_counted);
    tcase_add_test(tc, max_bytes_before_the_newline_is_a_line_one_more_is_too_long);
    tcase_add_test(tc, many_lines_across_blocks_read_whole);
    tcase_add_test(tc, every_file_reads_as_byte_at_a_time_did);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
