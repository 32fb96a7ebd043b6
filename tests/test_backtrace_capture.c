/* The host's backtrace capture (host/backtrace_capture.c): the walk depth
 * it remembers and the captures it caches must never change what a
 * capture returns. Frames outside the harness come from libc here: the
 * capture runs inside a qsort comparison, so the kept frames are qsort's,
 * between the comparison function and the test that called qsort. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "host/backtrace_capture.h"
#include "tool_runner.h"

static frame captured[BACKTRACE_MAX_FRAMES];
static size_t ncaptured;
static int harness_depth;   /* harness frames between the comparison and the capture */

static __attribute__((noinline)) size_t capture_below(int depth, frame *out)
{
    if (depth > 0) {
        size_t n = capture_below(depth - 1, out);
        __asm__ volatile("" ::: "memory");   /* not a tail call: the frame stays */
        return n;
    }
    return backtrace_capture_frames(out, BACKTRACE_MAX_FRAMES, 0);
}

static int compare_and_capture(const void *a, const void *b)
{
    ncaptured = capture_below(harness_depth, captured);
    return memcmp(a, b, sizeof(int));
}

/* One capture from inside qsort, depth harness frames above it; its frames into out. */
static size_t capture_in_qsort(int depth, frame *out)
{
    int items[2] = { 2, 1 };
    harness_depth = depth;
    ncaptured = 0;
    qsort(items, 2, sizeof items[0], compare_and_capture);
    memcpy(out, captured, ncaptured * sizeof *out);
    return ncaptured;
}

static void assert_same_frames(const frame *a, size_t na, const frame *b, size_t nb)
{
    ck_assert_uint_eq(na, nb);
    for (size_t i = 0; i < na; i++) {
        ck_assert_uint_eq(a[i].pc, b[i].pc);
        ck_assert_uint_eq(a[i].offset, b[i].offset);
        ck_assert_str_eq(a[i].module, b[i].module);
    }
}

START_TEST(a_repeated_capture_returns_the_first_ones_frames)
{
    frame first[BACKTRACE_MAX_FRAMES], again[BACKTRACE_MAX_FRAMES];
    size_t n = capture_in_qsort(0, first);
    ck_assert_uint_gt(n, 0);
    ck_assert_ptr_nonnull(strstr(first[0].module, "libc"));   /* qsort's own frames, not the harness's */
    for (int i = 0; i < 3; i++)
        assert_same_frames(again, capture_in_qsort(0, again), first, n);
    backtrace_capture_refresh();   /* a new module table: nothing cached from the old one is used */
    assert_same_frames(again, capture_in_qsort(0, again), first, n);
}
END_TEST

/* The remembered depth fits the shallow capture; a capture with 40 more
 * harness frames above qsort's needs a deeper walk and still finds them. */
START_TEST(a_deeper_capture_than_the_last_walks_the_whole_stack)
{
    frame shallow[BACKTRACE_MAX_FRAMES], deep[BACKTRACE_MAX_FRAMES];
    size_t n = capture_in_qsort(0, shallow);
    capture_in_qsort(0, shallow);
    ck_assert_uint_gt(n, 0);
    assert_same_frames(deep, capture_in_qsort(40, deep), shallow, n);
    assert_same_frames(deep, capture_in_qsort(0, deep), shallow, n);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("backtrace_capture");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, a_repeated_capture_returns_the_first_ones_frames);
    tcase_add_test(tc, a_deeper_capture_than_the_last_walks_the_whole_stack);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
