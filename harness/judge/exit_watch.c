/* See exit_watch.h. */
#include "exit_watch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <valgrind/valgrind.h>

static int use_pidfd;
static int child_pipe[2] = { -1, -1 };
static struct sigaction saved_chld;
static int handler_installed;

static int pidfd_open_raw(pid_t pid)
{
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    (void)pid;
    errno = ENOSYS;
    return -1;
#endif
}

static void on_sigchld(int sig)
{
    (void)sig;
    int saved = errno;
    if (write(child_pipe[1], "c", 1) < 0) {
        /* full: the judge wakes anyway */
    }
    errno = saved;
}

int exit_watch_begin(void)
{
    /* valgrind (3.19) does not know pidfd_open and warns of it: the judge
     * under memcheck takes the SIGCHLD path, without a note. */
    int probe = RUNNING_ON_VALGRIND ? -1 : pidfd_open_raw(getpid());
    if (probe >= 0) {
        close(probe);
        use_pidfd = 1;
        return 0;
    }
    use_pidfd = 0;
    static int said;
    if (!said && !RUNNING_ON_VALGRIND) {
        said = 1;
        fprintf(stderr, "mpconform: note: pidfd_open is not available (%s; Linux 5.3 or later has it): "
                "the judge learns of host exits by SIGCHLD\n", strerror(errno));
    }
    if (pipe2(child_pipe, O_NONBLOCK | O_CLOEXEC) != 0) {
        child_pipe[0] = child_pipe[1] = -1;
        return -1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigchld;
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGCHLD, &sa, &saved_chld) != 0) {
        exit_watch_end();
        return -1;
    }
    handler_installed = 1;
    return 0;
}

int exit_watch_open(pid_t pid)
{
    if (!use_pidfd)
        return -1;
    int fd = pidfd_open_raw(pid);
    if (fd >= 0)
        fcntl(fd, F_SETFD, FD_CLOEXEC);
    return fd;
}

int exit_watch_fd(void)
{
    return child_pipe[0];
}

void exit_watch_drain(void)
{
    char buf[64];
    while (child_pipe[0] >= 0 && read(child_pipe[0], buf, sizeof buf) > 0)
        ;
}

void exit_watch_end(void)
{
    if (child_pipe[0] < 0)
        return;
    if (handler_installed)
        sigaction(SIGCHLD, &saved_chld, NULL);
    handler_installed = 0;
    close(child_pipe[0]);
    close(child_pipe[1]);
    child_pipe[0] = child_pipe[1] = -1;
}
