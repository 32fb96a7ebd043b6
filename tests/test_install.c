/* Installing as a Debian package would (make install / uninstall with
 * PREFIX and DESTDIR, whatever was built before), and the small things a
 * user's shell and terminal expect: a driver named without "./", NO_COLOR. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tool_runner.h"

static int exists(const char *dir, const char *rel)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    struct stat st;
    return stat(path, &st) == 0;
}

START_TEST(install_into_a_prefix_works_from_anywhere_and_uninstalls_cleanly)
{
    char *dest = tool_temp_dir("install");
    char cwd[4096], cmd[8192];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
    /* The binary was built without knowing this PREFIX: it must find its data
     * beside itself, staged under DESTDIR as well as installed. */
    snprintf(cmd, sizeof(cmd), "make -s -C %s install DESTDIR=%s PREFIX=/opt/mpc", cwd, dest);
    char *out;
    ck_assert_msg(tool_shell(cmd, &out) == 0, "make install failed: %s", out);
    free(out);
    const char *const wanted[] = { "opt/mpc/bin/mpconform", "opt/mpc/include/mpconform/ndis.h",
                                   "opt/mpc/share/mpconform/checks/halt.yaml",
                                   "opt/mpc/share/mpconform/checks/tables/irql.yaml",
                                   "opt/mpc/share/mpconform/fixtures/scenarios/010-lifecycle.yaml",
                                   "opt/mpc/share/mpconform/fixtures/coverage.yaml",
                                   "opt/mpc/share/man/man1/mpconform.1",
                                   "opt/mpc/share/man/man5/mpconform-rules.5",
                                   "opt/mpc/share/man/man5/mpconform-scenarios.5",
                                   "opt/mpc/lib/pkgconfig/mpconform.pc" };
    for (size_t i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
        ck_assert_msg(exists(dest, wanted[i]), "not installed: %s", wanted[i]);
    /* Test expectations are not for users. */
    ck_assert(!exists(dest, "opt/mpc/share/mpconform/fixtures/expected"));

    /* From another directory, with no MPCONFORM_HOME: rules and a whole run. */
    snprintf(cmd, sizeof(cmd), "cd / && env -u MPCONFORM_HOME %s/opt/mpc/bin/mpconform rules", dest);
    ck_assert_int_eq(tool_shell(cmd, &out), 0);
    ck_assert_msg(strstr(out, "HALT-FREE-ALL") != NULL, "rules lists no HALT-FREE-ALL: %s", out);
    free(out);
    snprintf(cmd, sizeof(cmd),
             "cd %s/build/samples && env -u MPCONFORM_HOME %s/opt/mpc/bin/mpconform run -q --no-color vnic-leak.so",
             cwd, dest);
    ck_assert_int_eq(tool_shell(cmd, &out), 1);
    ck_assert_msg(strstr(out, "HALT-FREE-ALL") != NULL, "the leak is not reported: %s", out);
    free(out);
    /* The pkg-config file names the prefix installed into. */
    snprintf(cmd, sizeof(cmd), "PKG_CONFIG_PATH=%s/opt/mpc/lib/pkgconfig pkg-config --dont-define-prefix --cflags mpconform", dest);
    ck_assert_int_eq(tool_shell(cmd, &out), 0);
    ck_assert_msg(strstr(out, "-I/opt/mpc/include/mpconform") != NULL, "pkg-config: %s", out);
    free(out);

    snprintf(cmd, sizeof(cmd), "make -s -C %s uninstall DESTDIR=%s PREFIX=/opt/mpc", cwd, dest);
    ck_assert_int_eq(tool_shell(cmd, NULL), 0);
    snprintf(cmd, sizeof(cmd), "find %s -type f", dest);
    ck_assert_int_eq(tool_shell(cmd, &out), 0);
    ck_assert_msg(out[0] == 0, "left after uninstall:\n%s", out);
    free(out);
    tool_remove_dir(dest);
}
END_TEST

START_TEST(a_driver_named_without_a_slash_is_the_file_here)
{
    char *out;
    ck_assert_int_eq(tool_shell("cd build/samples && ../../bin/mpconform run -q --no-color "
                           "--scenario ../../fixtures/scenarios/010-lifecycle.yaml vnic.so", &out), 0);
    free(out);
}
END_TEST

/* https://no-color.org: "Command-line software which adds ANSI color to its
 * output by default should check for a NO_COLOR environment variable that,
 * when present and not an empty string ..., prevents the addition of ANSI
 * color." The report goes to a terminal (script(1) gives it one). */
START_TEST(no_color_turns_colour_off_on_a_terminal)
{
    const char *run = "bin/mpconform run -q --scenario fixtures/scenarios/010-lifecycle.yaml build/samples/vnic-leak.so";
    char cmd[1024], *out;
    snprintf(cmd, sizeof(cmd), "script -qec 'env -u NO_COLOR %s' /dev/null", run);
    tool_shell(cmd, &out);
    ck_assert_msg(strchr(out, '\033') != NULL, "no colour on a terminal: %s", out);
    free(out);
    snprintf(cmd, sizeof(cmd), "script -qec 'NO_COLOR=1 %s' /dev/null", run);
    tool_shell(cmd, &out);
    ck_assert_msg(strstr(out, "HALT-FREE-ALL") != NULL, "no report: %s", out);
    ck_assert_msg(strchr(out, '\033') == NULL, "colour despite NO_COLOR: %s", out);
    free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("install");
    TCase *tc = tcase_create("install");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, install_into_a_prefix_works_from_anywhere_and_uninstalls_cleanly);
    tcase_add_test(tc, a_driver_named_without_a_slash_is_the_file_here);
    tcase_add_test(tc, no_color_turns_colour_off_on_a_terminal);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
