/* A vendor may build the driver with clang instead of gcc (clang's
 * -fms-extensions takes MSVC-flavoured sources, such as the 1UI64 literals of
 * netvmini 6.80): the shim compiles under clang, and findings still name
 * source lines although clang -g emits no .debug_aranges (the symbolizer
 * walks the compile units). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "tool_runner.h"

#define RUN(...) tool_run((const char *const[]){ __VA_ARGS__, NULL })

static int build_with_clang(const char *out, const char *defines)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd,
             "clang -fms-extensions -std=gnu11 -shared -fPIC -fshort-wchar -g -O0 -Wall -Werror "
             "-Wno-unused-parameter -Wno-microsoft-anon-tag -Iharness/include %s -o %s sample-miniports/vnic/*.c",
             defines, out);
    return system(cmd);
}

START_TEST(a_clang_built_driver_is_judged_at_its_source_lines)
{
    char *dir = tool_temp_dir("clang");
    char leak[600], clean[600];
    snprintf(leak, sizeof leak, "%s/vnic-leak.so", dir);
    snprintf(clean, sizeof clean, "%s/vnic.so", dir);
    ck_assert_int_eq(build_with_clang(leak, "-DVNIC_BUG_LEAK_TIMER"), 0);
    ck_assert_int_eq(build_with_clang(clean, ""), 0);
    tool_output o = RUN("run", "-q", "--no-color", "--scenario", "lifecycle", leak);
    ck_assert_int_eq(o.status, 1);
    ck_assert_msg(strstr(o.out, "allocated at VnicAllocateTimer") && strstr(o.out, "sample-miniports/vnic/timer.c:"),
                  "%s", o.out);
    tool_output_free(&o);
    o = RUN("run", "-q", "--no-color", "--scenario", "lifecycle", clean);
    ck_assert_msg(o.status == 0, "%s", o.out);
    tool_output_free(&o);
    tool_remove_dir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("clang-driver");
    TCase *tc = tcase_create("clang-driver");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, a_clang_built_driver_is_judged_at_its_source_lines);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
