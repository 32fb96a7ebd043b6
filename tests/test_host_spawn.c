/* How the judge starts a host (harness/judge/host_spawn.c), seen from the
 * host's side: a copy of the judge in a directory of its own, with a
 * stand-in for bin/mpconform-host beside it (the judge executes the host
 * program next to its own). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tool_runner.h"

/* DIR/bin/mpconform (a copy: the judge finds its host through
 * /proc/self/exe), DIR/bin/mpconform-host with host_text and mode, and the
 * rules and fixtures the judge reads relative to bin/.. . */
static char *judge_beside(const char *host_text, mode_t mode)
{
    char *dir = tool_temp_dir("spawn");
    char cmd[8192], cwd[1024];
    ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
    snprintf(cmd, sizeof cmd, "mkdir %s/bin && cp bin/mpconform %s/bin/ && ln -s %s/checks %s/checks && "
             "ln -s %s/fixtures %s/fixtures", dir, dir, cwd, dir, cwd, dir);
    ck_assert_int_eq(tool_shell(cmd, NULL), 0);
    const char *host = tool_path_in(dir, "bin/mpconform-host");
    FILE *f = fopen(host, "w");
    ck_assert_ptr_nonnull(f);
    fputs(host_text, f);
    fclose(f);
    ck_assert_int_eq(chmod(host, mode), 0);
    return dir;
}

/* A host program that cannot be executed: the judge says why, with the
 * program's path, then that the scenario's host could not start; exit 3
 * (an internal error), as when the host was forked. */
START_TEST(a_host_that_cannot_be_executed_is_said_with_its_path)
{
    char *dir = judge_beside("#!/bin/sh\nexit 0\n", 0644);
    char cmd[2048], want[1024];
    snprintf(cmd, sizeof cmd, "%s/bin/mpconform run -q --scenario lifecycle -o %s/out build/samples/vnic.so 2>&1",
             dir, dir);
    char *said = NULL;
    ck_assert_int_eq(tool_shell(cmd, &said), 3);
    snprintf(want, sizeof want, "mpconform: cannot execute the host (%s/bin/mpconform-host): Permission denied\n"
             "mpconform: the host process for scenario 'lifecycle' could not start", dir);
    ck_assert_msg(strstr(said, want) != NULL, "%.2000s", said);
    free(said);
    tool_remove_dir(dir);
}
END_TEST

/* A host that ends before its first event failed in the harness's own
 * start (the host sends scenario_begin before it loads the driver): an
 * internal error, exit 3, with how it ended and the host's own message
 * kept; never a finding against the driver (HOST-EXIT, HOST-CRASH). */
START_TEST(a_host_that_ends_before_its_first_event_is_the_harness_failing)
{
    static const struct { const char *host_text, *how; } cases[] = {
        { "#!/bin/sh\necho 'host: cannot map the arena' >&2\nexit 1\n", "it exited with status 1" },
        { "#!/bin/sh\necho 'host: cannot map the arena' >&2\nkill -SEGV $$\n", "it was killed by signal 11" },
        { "#!/bin/sh\necho 'host: cannot map the arena' >&2\nexec sleep 30\n", "it sent nothing for 1000 ms" },
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char *dir = judge_beside(cases[c].host_text, 0755);
        char cmd[2048], want[512];
        snprintf(cmd, sizeof cmd, "%s/bin/mpconform run -q --timeout 1 --scenario lifecycle -o %s/out "
                 "build/samples/vnic.so 2>&1", dir, dir);
        char *said = NULL;
        ck_assert_int_eq(tool_shell(cmd, &said), 3);
        ck_assert_msg(strstr(said, "host: cannot map the arena\n") != NULL, "%s", said);
        snprintf(want, sizeof want, "mpconform: the host process for scenario 'lifecycle' could not start (%s "
                 "before the driver was loaded; its messages are above)\n", cases[c].how);
        ck_assert_msg(strstr(said, want) != NULL, "%s", said);
        ck_assert_msg(strstr(said, "HOST-") == NULL, "%s", said);
        free(said);
        tool_remove_dir(dir);
    }
}
END_TEST

/* The stand-in lists its descriptors (from a child in the background: the
 * shell redirects nothing of its own for it), its arguments, its process group and its personality, then
 * exits as a host that failed. */
static const char recorder[] =
    "#!/bin/sh\n"
    "here=$(dirname \"$0\")/..\n"
    "ls -l /proc/$$/fd > \"$here/fds\" & wait\n"
    "echo \"$*\" > \"$here/args\"\n"
    "echo $$ $(ps -o pgid= -p $$) > \"$here/group\"\n"
    "cat /proc/$$/personality > \"$here/personality\"\n"
    "exit 3\n";

START_TEST(the_host_starts_with_its_descriptors_group_and_limits_in_place)
{
    char *dir = judge_beside(recorder, 0755);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s/bin/mpconform run -q --scenario lifecycle -o %s/out build/samples/vnic.so 2>&1",
             dir, dir);
    ck_assert_int_eq(tool_shell(cmd, NULL), 3);
    /* 0 and 2 the judge's, 1 /dev/null, 3 the event pipe, 4 the tables; the
     * script the shell reads is the only other one. */
    char *fds = tool_read_file(tool_path_in(dir, "fds"));
    ck_assert_ptr_nonnull(fds);
    ck_assert_msg(strstr(fds, " 1 -> /dev/null\n") != NULL, "%s", fds);
    ck_assert_msg(strstr(fds, " 3 -> pipe:[") != NULL, "%s", fds);
    ck_assert_msg(strstr(fds, " 4 -> /memfd:mpconform-tables") != NULL, "%s", fds);
    size_t others = 0;
    for (char *line = strstr(fds, " -> "); line; line = strstr(line + 4, " -> ")) {
        const char *num = line;
        while (num > fds && num[-1] != ' ')
            num--;
        int fd = atoi(num);
        if (fd > 4 && strncmp(line + 4, dir, strlen(dir)) != 0)
            others++;
    }
    ck_assert_msg(others == 0, "descriptors beyond 4 that are not the script:\n%s", fds);
    free(fds);
    char *args = tool_read_file(tool_path_in(dir, "args"));
    ck_assert_ptr_nonnull(args);
    char want[2048];
    snprintf(want, sizeof want, "__host build/samples/vnic.so %s/fixtures/scenarios/010-lifecycle.yaml lifecycle "
             "--trace-name lifecycle --tables-fd 4\n", dir);
    ck_assert_str_eq(args, want);
    free(args);
    /* A process group of its own: the judge stops the host and what it forked at once. */
    char *group = tool_read_file(tool_path_in(dir, "group"));
    ck_assert_ptr_nonnull(group);
    int pid = 0, pgid = 0;
    ck_assert_int_eq(sscanf(group, "%d %d", &pid, &pgid), 2);
    ck_assert_int_eq(pid, pgid);
    free(group);
    /* ADDR_NO_RANDOMIZE (0x0040000, linux/personality.h): the same addresses every run. */
    char *personality = tool_read_file(tool_path_in(dir, "personality"));
    ck_assert_ptr_nonnull(personality);
    ck_assert_msg(strtoul(personality, NULL, 16) & 0x0040000, "%s", personality);
    free(personality);
    tool_remove_dir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("host_spawn");
    TCase *tc = tcase_create("host_spawn");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, a_host_that_cannot_be_executed_is_said_with_its_path);
    tcase_add_test(tc, the_host_starts_with_its_descriptors_group_and_limits_in_place);
    tcase_add_test(tc, a_host_that_ends_before_its_first_event_is_the_harness_failing);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
