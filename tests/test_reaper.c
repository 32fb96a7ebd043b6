/* judge/reaper.c: the judge finds its children from its threads' children
 * files (proc(5), /proc/PID/task/TID/children) as the /proc scan does, and
 * a sweep kills an orphan a host's child left in a session of its own while
 * it keeps the hosts still running. */
#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "judge/reaper.h"
#include "tool_runner.h"

static pid_t fork_sleeper(void)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        pause();
        _exit(0);
    }
    return pid;
}

static void *fork_from_thread(void *out)
{
    *(pid_t *)out = fork_sleeper();
    return NULL;
}

static int by_pid(const void *a, const void *b)
{
    pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
    return (x > y) - (x < y);
}

static int listed(const pid_t *pids, size_t n, pid_t pid)
{
    for (size_t i = 0; i < n; i++)
        if (pids[i] == pid)
            return 1;
    return 0;
}

static void end_child(pid_t pid)
{
    kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
}

START_TEST(the_threads_children_files_list_what_the_proc_scan_lists)
{
    pid_t mine[4];
    for (int i = 0; i < 3; i++)
        mine[i] = fork_sleeper();
    /* a child forked by another thread is in that thread's file, not the main one's */
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, fork_from_thread, &mine[3]), 0);
    ck_assert_int_eq(pthread_join(t, NULL), 0);

    pid_t by_task[64], by_scan[64];
    size_t ntask = reaper_children(by_task, 64, REAPER_BY_TASK);
    size_t nscan = reaper_children(by_scan, 64, REAPER_BY_SCAN);
    ck_assert_uint_eq(ntask, 4);
    ck_assert_uint_eq(nscan, 4);
    qsort(by_task, ntask, sizeof(pid_t), by_pid);
    qsort(by_scan, nscan, sizeof(pid_t), by_pid);
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(by_task[i], by_scan[i]);
        ck_assert_msg(listed(by_task, ntask, mine[i]), "child %d not listed", (int)mine[i]);
    }
    for (int i = 0; i < 4; i++)
        end_child(mine[i]);
    ck_assert_uint_eq(reaper_children(by_task, 64, REAPER_BY_TASK), 0);
}
END_TEST

START_TEST(a_sweep_kills_an_orphan_in_its_own_session_and_keeps_the_running_host)
{
    reaper_begin();
    pid_t host = fork_sleeper();
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t parent = fork();
    ck_assert_int_ge(parent, 0);
    if (parent == 0) {
        pid_t orphan = fork();
        if (orphan == 0) {
            setsid();
            pause();
            _exit(0);
        }
        (void)!write(fds[1], &orphan, sizeof orphan);
        _exit(0);
    }
    pid_t orphan = 0;
    ck_assert_int_eq(read(fds[0], &orphan, sizeof orphan), (ssize_t)sizeof orphan);
    ck_assert_int_eq(waitpid(parent, NULL, 0), parent);  /* the orphan is the judge's child now */

    ck_assert_uint_eq(reaper_sweep(&host, 1), 1);
    ck_assert_int_eq(kill(orphan, 0), -1);  /* killed and reaped: no such process */
    ck_assert_int_eq(errno, ESRCH);
    ck_assert_int_eq(kill(host, 0), 0);

    reaper_end();  /* the last sweep keeps nothing */
    ck_assert_int_eq(kill(host, 0), -1);
    ck_assert_int_eq(errno, ESRCH);
    close(fds[0]);
    close(fds[1]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("reaper");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, the_threads_children_files_list_what_the_proc_scan_lists);
    tcase_add_test(tc, a_sweep_kills_an_orphan_in_its_own_session_and_keeps_the_running_host);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
