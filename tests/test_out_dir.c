/* The report set of -o DIR is whole or absent and never mixes two runs: one
 * run at a time per DIR, a run that dies leaves the previous set as it was,
 * reports of an earlier run that this run does not write are gone, files of
 * the user's own stay, and nothing temporary is left in or beside DIR. */
#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tool_runner.h"

#define RUN(...) tool_run((const char *const[]){ __VA_ARGS__, NULL })

static char *root;
static char outdir[600];
static void setup(void)
{
    root = tool_temp_dir("outdir");
    snprintf(outdir, sizeof outdir, "%s/r", root);
}
static void teardown(void)
{
    tool_remove_dir(root);
}

static int exists(const char *dir, const char *name)
{
    char p[800];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    struct stat st;
    return stat(p, &st) == 0;
}

/* Entries of dir other than . and .., as "a b c". */
static void entries(const char *dir, char *buf, size_t len)
{
    buf[0] = 0;
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", buf[0] ? " " : "", e->d_name);
    closedir(d);
}

START_TEST(a_run_replaces_the_whole_set)
{
    tool_output o = RUN("run", "-q", "--scenario", "lifecycle", "--format", "json,sarif", "-o", outdir,
                        "build/samples/vnic.so");
    ck_assert_int_eq(o.status, 0);
    tool_output_free(&o);
    ck_assert(exists(outdir, "report.sarif"));
    o = RUN("run", "-q", "--scenario", "lifecycle", "--format", "html", "-o", outdir, "build/samples/vnic.so");
    ck_assert_int_eq(o.status, 0);
    tool_output_free(&o);
    /* The SARIF of the first run would describe another run: it is gone. */
    char names[512];
    entries(outdir, names, sizeof names);
    ck_assert_msg(!exists(outdir, "report.sarif") && !exists(outdir, "report.json"), "left: %s", names);
    ck_assert(exists(outdir, "report.html") && exists(outdir, "trace.jsonl"));
    /* Nothing but DIR is left beside it. */
    entries(root, names, sizeof names);
    ck_assert_str_eq(names, "r");

    /* A file of the user's own in DIR stays. */
    char mine[700];
    snprintf(mine, sizeof mine, "%s/notes.txt", outdir);
    FILE *f = fopen(mine, "w");
    fputs("mine\n", f);
    fclose(f);
    o = RUN("run", "-q", "--scenario", "lifecycle", "--format", "json", "-o", outdir, "build/samples/vnic.so");
    ck_assert_int_eq(o.status, 0);
    tool_output_free(&o);
    entries(outdir, names, sizeof names);
    ck_assert(exists(outdir, "notes.txt") && exists(outdir, "report.json") && !exists(outdir, "report.html"));
}
END_TEST

/* Is pid a live process? A zombie is dead, only not yet reaped by whoever
 * inherited it. */
static int running(int pid)
{
    char path[64], stat[256] = "";
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(stat, 1, sizeof stat - 1, f);
    fclose(f);
    stat[n] = 0;
    const char *state = strrchr(stat, ')');
    return state && state[1] == ' ' && state[2] != 'Z' && state[2] != 'X';
}

/* Starts a run that hangs for a while (the hang sample, --timeout 5) on DIR. */
static pid_t start_slow_run(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", 1);
        dup2(null, 1);
        dup2(null, 2);
        execl("bin/mpconform", "bin/mpconform", "run", "-q", "--timeout", "5", "--format", "json", "-o", outdir,
              "build/samples/vnic-hang.so", (char *)NULL);
        _exit(127);
    }
    usleep(700 * 1000);
    return pid;
}

START_TEST(one_run_at_a_time_and_a_killed_run_changes_nothing)
{
    tool_output o = RUN("run", "-q", "--scenario", "lifecycle", "--format", "sarif", "-o", outdir,
                        "build/samples/vnic.so");
    ck_assert_int_eq(o.status, 0);
    tool_output_free(&o);
    char *before = tool_read_file(strcat(strcpy((char[700]){ 0 }, outdir), "/report.sarif"));
    pid_t slow = start_slow_run();
    o = RUN("run", "-q", "--scenario", "lifecycle", "-o", outdir, "build/samples/vnic.so");
    ck_assert_int_eq(o.status, 2);
    ck_assert_ptr_nonnull(strstr(o.err, "another mpconform run is writing its reports there"));
    tool_output_free(&o);
    /* The judge is killed mid-run: the previous set is untouched, and its
     * hosts (spinning in the hang sample) die with it. Its own hosts only,
     * by pid: another run on the machine may have hosts of the same name. */
    char cmd[64], *hosts;
    snprintf(cmd, sizeof cmd, "pgrep -P %d", (int)slow);
    tool_shell(cmd, &hosts);
    ck_assert_msg(hosts[0] != 0, "the slow run has no host to kill");
    kill(slow, SIGKILL);
    waitpid(slow, NULL, 0);
    usleep(300 * 1000);
    for (char *save = NULL, *pid = strtok_r(hosts, "\n", &save); pid; pid = strtok_r(NULL, "\n", &save))
        ck_assert_msg(!running(atoi(pid)), "host %s outlived its judge", pid);
    free(hosts);
    char *after = tool_read_file(strcat(strcpy((char[700]){ 0 }, outdir), "/report.sarif"));
    ck_assert_ptr_nonnull(after);
    ck_assert_str_eq(before, after);
    ck_assert(!exists(outdir, "report.json"));
    free(before);
    free(after);
    /* The next run cleans what the killed one left beside DIR. */
    o = RUN("run", "-q", "--scenario", "lifecycle", "-o", outdir, "build/samples/vnic.so");
    ck_assert_int_eq(o.status, 0);
    tool_output_free(&o);
    char names[512];
    entries(root, names, sizeof names);
    ck_assert_str_eq(names, "r");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("out-dir");
    TCase *tc = tcase_create("out-dir");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, a_run_replaces_the_whole_set);
    tcase_add_test(tc, one_run_at_a_time_and_a_killed_run_changes_nothing);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
