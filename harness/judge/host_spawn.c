/* See host_spawn.h. The child runs on a stack of its own in the judge's
 * memory, with the judge suspended: it must not allocate, use stdio, or
 * touch a lock the judge may hold. It says what failed itself, with one
 * writev (valgrind runs such a child as a forked copy: nothing it stored
 * would reach the judge). */
#include "host_spawn.h"
#include "../trace/host_limits.h"
#include "../trace/host_setup.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define HOST_ADDRESS_SANITIZED 1
#else
#define HOST_ADDRESS_SANITIZED 0
#endif

/* Fixed arguments and the NULL: valgrind's seven and the host's thirteen. */
#define FIXED_ARGS 26

typedef struct {
    /* in: prepared by the judge */
    const host_job *job;
    pid_t judge;
    int event_fd;
    const char *program;         /* what execv runs: the host, or valgrind through PATH */
    char **argv;
    size_t tables_arg;           /* argv's index of "--tables-fd" (0: none) */
    sigset_t judge_mask;         /* the host's mask, as a forked child had it */
    int handled[NSIG];           /* the signals whose handler is the judge's: 1 */
} spawn_plan;

/* Strings argv points into, kept beside it. */
typedef struct {
    char self[4096], nth[32], suppressions[4200], xml_file[4200], tables_arg[16];
} spawn_strings;

/* The host program beside this one (bin/mpconform-host: only the host's
 * libraries, a cheaper start than this program's). */
static int host_program(char *self, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", self, size - 1);
    if (n <= 0)
        return -1;
    self[n] = 0;
    char *slash = strrchr(self, '/');
    if (!slash || (size_t)(slash - self) + sizeof("/mpconform-host") > size)
        return -1;
    memcpy(slash, "/mpconform-host", sizeof("/mpconform-host"));
    return 0;
}

static int build_argv(const host_job *job, spawn_strings *s, spawn_plan *plan)
{
    if (host_program(s->self, sizeof s->self) != 0)
        return -1;
    const char **argv = calloc(FIXED_ARGS + job->nuser_suppressions, sizeof(char *));
    if (!argv)
        return -1;
    size_t argc = 0;
    snprintf(s->nth, sizeof s->nth, "%u", job->setup.inject_nth);
    snprintf(s->tables_arg, sizeof s->tables_arg, "%d", HOST_TABLES_FD);
    snprintf(s->suppressions, sizeof s->suppressions, "--suppressions=%s",
             job->valgrind_suppressions ? job->valgrind_suppressions : "");
    if (job->valgrind) {
        argv[argc++] = "valgrind";
        argv[argc++] = "--quiet";
        argv[argc++] = "--leak-check=full";
        argv[argc++] = "--errors-for-leak-kinds=definite";
        if (job->valgrind_suppressions)
            argv[argc++] = s->suppressions;
        if (job->valgrind_xml) {
            /* The errors as XML for the judge; the text still goes to stderr. */
            snprintf(s->xml_file, sizeof s->xml_file, "--xml-file=%s", job->valgrind_xml);
            argv[argc++] = "--xml=yes";
            argv[argc++] = s->xml_file;
        }
        for (size_t i = 0; i < job->nuser_suppressions; i++)
            argv[argc++] = job->user_suppressions[i];
    }
    argv[argc++] = s->self;
    argv[argc++] = "__host";
    argv[argc++] = job->driver;
    argv[argc++] = job->sc->file;
    argv[argc++] = job->sc->name;
    argv[argc++] = "--trace-name";   /* a sweep run is its own scenario in the trace */
    argv[argc++] = job->name ? job->name : job->sc->name;
    plan->tables_arg = 0;
    if (job->tables_fd > 0) {
        plan->tables_arg = argc;
        argv[argc++] = "--tables-fd";
        argv[argc++] = s->tables_arg;
    }
    if (job->setup.inject_ddi) {
        argv[argc++] = "--inject-ddi";
        argv[argc++] = job->setup.inject_ddi;
        argv[argc++] = "--inject-nth";
        argv[argc++] = s->nth;
    }
    if (job->setup.inject_signature) {
        argv[argc++] = "--inject-site";
        argv[argc++] = job->setup.inject_signature;
    }
    argv[argc] = NULL;
    plan->argv = (char **)argv;
    plan->program = job->valgrind ? "valgrind" : s->self;
    return 0;
}

/* Without the tables' descriptor the host is told of none: its two
 * arguments go, the rest moves up. */
static void drop_tables_arg(char **argv, size_t at)
{
    for (size_t i = at; argv[i]; i++)
        argv[i] = argv[i + 2];
}

/* One line on stderr from the NULL-terminated pieces, without stdio.
 * strerrordesc_np is strerror's text without the locale (the judge never
 * sets one), from a constant table. */
static void say(const char *const *pieces)
{
    struct iovec v[8];
    int n = 0;
    for (; n < 8 && pieces[n]; n++) {
        v[n].iov_base = (void *)pieces[n];
        v[n].iov_len = strlen(pieces[n]);
    }
    ssize_t ignored = writev(STDERR_FILENO, v, n);
    (void)ignored;
}

static const char *error_text(int err)
{
    const char *text = strerrordesc_np(err);
    return text ? text : "Unknown error";
}

/* In the child: descriptors in place, limits, then the host. Only system
 * calls from here: the memory is the judge's. */
static int child(void *arg)
{
    spawn_plan *plan = arg;
    const host_job *job = plan->job;
    /* The judge's handlers must not run here, on its memory: the defaults
     * until the exec, which resets them anyway. */
    for (int sig = 1; sig < NSIG; sig++)
        if (plan->handled[sig])
            signal(sig, SIG_DFL);
    sigprocmask(SIG_SETMASK, &plan->judge_mask, NULL);
    /* A judge that dies (killed, or crashed) takes its hosts with it: a
     * spinning driver must not outlive the run that started it. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != plan->judge)
        _exit(HOST_EXIT_INTERNAL);
    setpgid(0, 0);  /* the judge can stop the host and whatever it forked at once */
    if (plan->event_fd != HOST_EVENT_FD) {
        dup2(plan->event_fd, HOST_EVENT_FD);
        close(plan->event_fd);
    }
    int last_kept = HOST_EVENT_FD;
    if (plan->tables_arg && dup2(job->tables_fd, HOST_TABLES_FD) == HOST_TABLES_FD)
        last_kept = HOST_TABLES_FD;   /* dup2 clears close-on-exec on the copy */
    else if (plan->tables_arg)
        drop_tables_arg(plan->argv, plan->tables_arg);
    /* Other hosts' pipes were inherited: a crash here must not keep them
     * open. closefrom (glibc 2.34: close_range) closes every one, above 1024
     * too, with one system call instead of a thousand, which the host's
     * CPU time counted. */
    closefrom(last_kept + 1);
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
        dup2(devnull, STDOUT_FILENO);  /* the miniport's prints must not mix with the report */
        close(devnull);
    }
    /* valgrind needs far more address space than the program it runs, and
     * so does a host built by `make sanitize` (ASan reserves terabytes of
     * shadow memory). */
    if (job->memory_limit && !job->valgrind && !HOST_ADDRESS_SANITIZED &&
        host_limits_apply_memory(job->memory_limit) != 0)
        say((const char *[]){ "mpconform: warning: cannot limit the host's memory (", error_text(errno),
                              "): --memory-limit not applied\n", NULL });
    if (job->cpu_limit_s && host_limits_apply_cpu(job->cpu_limit_s) != 0)
        say((const char *[]){ "mpconform: warning: cannot limit the host's CPU time (", error_text(errno),
                              "): --cpu-limit not applied\n", NULL });
    /* Without it the report still holds, but handles differ from run to run. */
    if (personality(ADDR_NO_RANDOMIZE) == -1)
        say((const char *[]){ "mpconform: warning: cannot turn off address randomization (", error_text(errno),
                              "): handles in the report will differ from run to run\n", NULL });
    if (job->valgrind)
        execvp(plan->program, plan->argv);
    else
        execv(plan->program, plan->argv);
    say((const char *[]){ "mpconform: cannot execute the host (", plan->program, "): ", error_text(errno), "\n",
                          NULL });
    _exit(HOST_EXIT_INTERNAL);
}

/* The child's stack: one child at a time, and the judge waits while it runs. */
#define CHILD_STACK_BYTES (64 * 1024)
static _Alignas(64) char child_stack[CHILD_STACK_BYTES];

pid_t host_spawn(const host_job *job, int event_fd)
{
    spawn_plan plan;
    memset(&plan, 0, sizeof plan);
    plan.job = job;
    plan.judge = getpid();
    plan.event_fd = event_fd;
    static spawn_strings strings;
    if (build_argv(job, &strings, &plan) != 0)
        plan.argv = NULL;   /* as before: a host that could not be prepared starts and leaves */
    for (int sig = 1; sig < NSIG; sig++) {
        struct sigaction sa;
        plan.handled[sig] = sigaction(sig, NULL, &sa) == 0 && sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN;
    }
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &plan.judge_mask);
    pid_t pid = plan.argv ? clone(child, child_stack + CHILD_STACK_BYTES, CLONE_VM | CLONE_VFORK | SIGCHLD, &plan)
                          : fork();
    int saved = errno;
    if (pid == 0)
        _exit(HOST_EXIT_INTERNAL);   /* only the fork above: nothing to run */
    sigprocmask(SIG_SETMASK, &plan.judge_mask, NULL);
    free(plan.argv);
    errno = saved;
    return pid;
}
