/* Fork, stream, watch: see isolation.h. */
#include "isolation.h"
#include "../trace/event_json.h"
#include "../trace/host_limits.h"
#include "loop_detect.h"
#include "reaper.h"

#include <errno.h>
#include <sys/prctl.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* No event line is this long; a longer one is a broken stream. */
#define MAX_LINE_BYTES (1024 * 1024)
#define HANG_GRACE_MS 1000

/* Why the judge stopped a host before it ended by itself. */
typedef enum {
    STOP_NONE,
    STOP_HANG,        /* no event within the deadline */
    STOP_WALL,        /* still running at its wall-clock deadline */
    STOP_FLOOD,       /* a loop that makes no progress, or a broken stream */
    STOP_LIMIT,       /* the scenario reached --max-events: the harness's limit, not a loop */
    STOP_QUIET_AFTER_END  /* finished the scenario, then did not exit */
} stop_reason;

typedef struct {
    size_t job;
    pid_t pid;                   /* also the process group of the host and anything it forked */
    int fd;                      /* -1 once the pipe reached end of file */
    char *buf;
    size_t len, cap;
    uint64_t last_progress_ms;
    uint64_t stopped_at_ms;
    uint64_t started_us;         /* the host's wall time runs from here (JUnit times) */
    stop_reason stop;
    char stop_detail[320];
    loop_detector loop;
} running_host;

static uint64_t monotonic_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static uint64_t monotonic_ms(void)
{
    return monotonic_us() / 1000;
}

void host_result_free(host_result *r)
{
    event_list_free(&r->events);
}

/* In the child: descriptors in place, then `mpconform __host`. Returns only on failure. */
static void exec_host(const host_job *job, int event_fd)
{
    if (event_fd != HOST_EVENT_FD) {
        dup2(event_fd, HOST_EVENT_FD);
        close(event_fd);
    }
    int last_kept = HOST_EVENT_FD;
    if (job->tables_fd > 0 && dup2(job->tables_fd, HOST_TABLES_FD) == HOST_TABLES_FD)
        last_kept = HOST_TABLES_FD;   /* dup2 clears close-on-exec on the copy */
    /* Other hosts' pipes were inherited: a crash here must not keep them open. */
    for (int fd = last_kept + 1; fd < 1024; fd++)
        close(fd);
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
        dup2(devnull, STDOUT_FILENO);  /* the miniport's prints must not mix with the report */
        close(devnull);
    }
    /* valgrind needs far more address space than the program it runs. */
    if (job->memory_limit && !job->valgrind && host_limits_apply_memory(job->memory_limit) != 0)
        fprintf(stderr, "mpconform: warning: cannot limit the host's memory (%s): --memory-limit not applied\n",
                strerror(errno));
    /* Without it the report still holds, but handles differ from run to run. */
    if (personality(ADDR_NO_RANDOMIZE) == -1)
        fprintf(stderr, "mpconform: warning: cannot turn off address randomization (%s): "
                "handles in the report will differ from run to run\n", strerror(errno));
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0)
        return;
    self[n] = 0;
    /* The host program beside this one (bin/mpconform-host: only the
     * host's libraries, a cheaper start than this program's). */
    char *slash = strrchr(self, '/');
    if (!slash || (size_t)(slash - self) + sizeof("/mpconform-host") > sizeof(self))
        return;
    memcpy(slash, "/mpconform-host", sizeof("/mpconform-host"));
    /* Fixed arguments and the NULL. */
    const char **argv = calloc(26 + job->nuser_suppressions, sizeof(char *));
    if (!argv)
        return;
    size_t argc = 0;
    char nth[32], suppressions[4200], xml_file[4200], tables_arg[16];
    snprintf(nth, sizeof(nth), "%u", job->setup.inject_nth);
    snprintf(tables_arg, sizeof(tables_arg), "%d", HOST_TABLES_FD);
    snprintf(suppressions, sizeof(suppressions), "--suppressions=%s",
             job->valgrind_suppressions ? job->valgrind_suppressions : "");
    if (job->valgrind) {
        argv[argc++] = "valgrind";
        argv[argc++] = "--quiet";
        argv[argc++] = "--leak-check=full";
        argv[argc++] = "--errors-for-leak-kinds=definite";
        if (job->valgrind_suppressions)
            argv[argc++] = suppressions;
        if (job->valgrind_xml) {
            /* The errors as XML for the judge; the text still goes to stderr. */
            snprintf(xml_file, sizeof(xml_file), "--xml-file=%s", job->valgrind_xml);
            argv[argc++] = "--xml=yes";
            argv[argc++] = xml_file;
        }
        for (size_t i = 0; i < job->nuser_suppressions; i++)
            argv[argc++] = job->user_suppressions[i];
    }
    argv[argc++] = self;
    argv[argc++] = "__host";
    argv[argc++] = job->driver;
    argv[argc++] = job->sc->file;
    argv[argc++] = job->sc->name;
    argv[argc++] = "--trace-name";   /* a sweep run is its own scenario in the trace */
    argv[argc++] = job->name ? job->name : job->sc->name;
    if (last_kept == HOST_TABLES_FD) {
        argv[argc++] = "--tables-fd";
        argv[argc++] = tables_arg;
    }
    if (job->setup.inject_ddi) {
        argv[argc++] = "--inject-ddi";
        argv[argc++] = job->setup.inject_ddi;
        argv[argc++] = "--inject-nth";
        argv[argc++] = nth;
    }
    if (job->setup.inject_signature) {
        argv[argc++] = "--inject-site";
        argv[argc++] = job->setup.inject_signature;
    }
    argv[argc] = NULL;
    if (job->valgrind)
        execvp("valgrind", (char *const *)argv);
    else
        execv(self, (char *const *)argv);
    fprintf(stderr, "mpconform: cannot execute the host (%s): %s\n", job->valgrind ? "valgrind" : self,
            strerror(errno));
}

static int start_host(const host_job *job, running_host *rh)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fflush(NULL);
    pid_t judge = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        /* A judge that dies (killed, or crashed) takes its hosts with it: a
         * spinning driver must not outlive the run that started it. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != judge)
            _exit(HOST_EXIT_INTERNAL);
        setpgid(0, 0);  /* the judge can stop the host and whatever it forked at once */
        close(fds[0]);
        exec_host(job, fds[1]);
        _exit(HOST_EXIT_INTERNAL);
    }
    setpgid(pid, pid);
    close(fds[1]);
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    rh->started_us = monotonic_us();
    rh->pid = pid;
    rh->fd = fds[0];
    rh->len = 0;
    rh->last_progress_ms = monotonic_ms();
    rh->stopped_at_ms = 0;
    rh->stop = STOP_NONE;
    rh->stop_detail[0] = '\0';
    loop_detector_init(&rh->loop, job->loop_events);
    return 0;
}

static void take_line(host_result *res, const char *line)
{
    event ev;
    char err[256];
    if (event_from_json(line, &ev, err, sizeof(err)) != 0)
        return;  /* a torn last line of a dying host; the wait status tells the rest */
    ev.index = res->events.count;
    if (ev.kind == EV_ERROR) {
        const event_arg *m = event_arg_get(&ev, "message");
        snprintf(res->error, sizeof(res->error), "%s", m && m->is_str ? m->str : "the host could not load the driver");
    }
    if (event_list_push(&res->events, &ev) != 0)
        event_free(&ev);
}

typedef enum { READ_MORE, READ_EOF, READ_BROKEN, READ_LOOP, READ_LIMIT } read_result;

/* The last event, fed to the loop detector: READ_LOOP with the detail set
 * when it closes a loop that makes no progress. */
static read_result check_loop(running_host *rh, const host_result *res)
{
    const event *ev = &res->events.items[res->events.count - 1];
    unsigned period = loop_detector_feed(&rh->loop, ev);
    if (!period)
        return READ_MORE;
    char body[32] = "call";
    if (period > 1)
        snprintf(body, sizeof body, "%u calls", period);
    snprintf(rh->stop_detail, sizeof rh->stop_detail,
             "the same %s from the same place, with the same arguments, repeated for %zu events in %s "
             "without anything changing: a loop that makes no progress", body, rh->loop.window,
             ev->callback && *ev->callback ? ev->callback : "the miniport");
    return READ_LOOP;
}

/* Reads what is available without blocking; READ_BROKEN when the stream
 * cannot be a host's (a line too long, too many events, no memory). */
static read_result read_available(running_host *rh, host_result *res, size_t max_events)
{
    for (;;) {
        if (rh->cap - rh->len < 65536) {
            size_t cap = rh->cap ? rh->cap * 2 : 131072;
            char *grown = cap <= 2 * MAX_LINE_BYTES ? realloc(rh->buf, cap) : NULL;
            if (!grown) {
                snprintf(rh->stop_detail, sizeof rh->stop_detail, "an event line longer than 1 MiB");
                return READ_BROKEN;
            }
            rh->buf = grown;
            rh->cap = cap;
        }
        ssize_t n = read(rh->fd, rh->buf + rh->len, rh->cap - rh->len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return READ_MORE;  /* EAGAIN */
        if (n == 0)
            return READ_EOF;
        rh->len += (size_t)n;
        rh->last_progress_ms = monotonic_ms();
        size_t start = 0;
        for (size_t i = 0; i < rh->len; i++) {
            if (rh->buf[i] != '\n')
                continue;
            rh->buf[i] = 0;
            if (res->events.count >= max_events) {
                snprintf(rh->stop_detail, sizeof rh->stop_detail,
                         "the harness stops a scenario at %zu events (--max-events %zu); the driver was still "
                         "working and nothing after that point was checked: run again with a larger --max-events",
                         max_events, max_events);
                return READ_LIMIT;
            }
            size_t before = res->events.count;
            take_line(res, rh->buf + start);
            start = i + 1;
            if (res->events.count > before && check_loop(rh, res) == READ_LOOP)
                return READ_LOOP;
        }
        memmove(rh->buf, rh->buf + start, rh->len - start);
        rh->len -= start;
    }
}

static const event *last_event(const host_result *res)
{
    return res->events.count ? &res->events.items[res->events.count - 1] : NULL;
}

static int has_kind(const host_result *res, event_kind kind)
{
    for (size_t i = res->events.count; i > 0; i--)
        if (res->events.items[i - 1].kind == kind)
            return 1;
    return 0;
}

static int last_event_is_op(const host_result *res, const char *name)
{
    const event *ev = last_event(res);
    return ev && ev->kind == EV_OP && strcmp(ev->name, name) == 0;
}

static int injected_before_error(const host_result *res)
{
    for (size_t i = 0; i < res->events.count; i++) {
        const event *ev = &res->events.items[i];
        if (ev->kind == EV_ERROR)
            return 0;
        if (ev->kind == EV_OP && strcmp(ev->name, "fault_injected") == 0)
            return 1;
    }
    return 0;
}

/* An event the host could not send itself, in the context of its last one. */
static void synthesize(host_result *res, const char *scenario, event_kind kind, const char *name,
                       const char *key, const char *value, const char *key2, int64_t num)
{
    event ev;
    memset(&ev, 0, sizeof(ev));
    const event *last = last_event(res);
    ev.index = res->events.count;
    ev.kind = kind;
    ev.name = strdup(name);
    ev.scenario = strdup(scenario);
    ev.adapter = last ? last->adapter : -1;
    ev.callback = strdup(last ? last->callback : "");
    ev.state = strdup(last ? last->state : "Halted");
    ev.irql = last ? last->irql : 0;
    ev.time_us = last ? last->time_us : 0;
    if (last)
        backtrace_copy(&ev.bt, &last->bt);  /* where the miniport last called NDIS */
    if (last && last->stack_depth) {
        ev.stack = calloc(last->stack_depth, sizeof(char *));
        for (size_t i = 0; ev.stack && i < last->stack_depth; i++)
            ev.stack[ev.stack_depth++] = strdup(last->stack[i]);
    }
    ev.args = calloc(2, sizeof(event_arg));
    if (ev.args && key) {
        ev.args[ev.nargs].key = strdup(key);
        ev.args[ev.nargs].is_str = 1;
        ev.args[ev.nargs++].str = strdup(value);
    }
    if (ev.args && key2) {
        ev.args[ev.nargs].key = strdup(key2);
        ev.args[ev.nargs++].num = num;
    }
    if (event_list_push(&res->events, &ev) != 0)
        event_free(&ev);
}

/* Adds an argument (text when str is not NULL) to the first event of kind
 * named name that lacks it. */
static void add_arg(host_result *res, event_kind kind, const char *name, const char *key, int64_t value,
                    const char *str)
{
    for (size_t i = 0; i < res->events.count; i++) {
        event *ev = &res->events.items[i];
        if (ev->kind != kind || (name && strcmp(ev->name, name) != 0) || event_arg_get(ev, key))
            continue;
        event_arg *args = realloc(ev->args, (ev->nargs + 1) * sizeof(event_arg));
        if (!args)
            return;
        ev->args = args;
        memset(&args[ev->nargs], 0, sizeof(event_arg));
        args[ev->nargs].key = strdup(key);
        args[ev->nargs].is_str = str != NULL;
        args[ev->nargs].str = str ? strdup(str) : NULL;
        args[ev->nargs++].num = value;
        return;
    }
}


/* The host reported that it ended at its memory limit (host_limits.h). */
static int out_of_memory(const host_result *res)
{
    for (size_t i = 0; i < res->events.count; i++)
        if (res->events.items[i].kind == EV_CRASH && strcmp(res->events.items[i].name, "memory") == 0)
            return 1;
    return 0;
}

static void finish_host(const host_job *job, running_host *rh, host_result *res, int status)
{
    const char *name = job->sc->name;
    if (out_of_memory(res)) {
        res->outcome = SCENARIO_CRASHED;  /* whatever stopped it, the limit is the cause */
    } else if (rh->stop == STOP_QUIET_AFTER_END) {
        res->outcome = SCENARIO_COMPLETED;  /* it finished; what lingered was killed */
    } else if (rh->stop == STOP_FLOOD) {
        synthesize(res, name, EV_HANG, "flood", "reason", rh->stop_detail, "events", (int64_t)res->events.count);
        res->outcome = SCENARIO_HUNG;
    } else if (rh->stop == STOP_LIMIT) {
        synthesize(res, name, EV_HANG, "limit", "reason", rh->stop_detail, "events", (int64_t)res->events.count);
        res->outcome = SCENARIO_STOPPED;
    } else if (rh->stop == STOP_HANG) {
        /* The host's own hang report does not know the deadline the judge applied. */
        char reason[96];
        snprintf(reason, sizeof(reason), "no event for %u ms", job->timeout_ms);
        if (!has_kind(res, EV_HANG))
            synthesize(res, name, EV_HANG, "hang", "reason", reason, "timeout_ms", job->timeout_ms);
        add_arg(res, EV_HANG, NULL, "timeout_ms", job->timeout_ms, NULL);
        add_arg(res, EV_HANG, NULL, "reason", 0, reason);
        res->outcome = SCENARIO_HUNG;
    } else if (rh->stop == STOP_WALL) {
        char reason[160];
        snprintf(reason, sizeof(reason),
                 "still running at the wall-clock deadline of %u s (raise --wall-timeout if the scenario "
                 "really needs longer)", job->wall_timeout_ms / 1000);
        if (!has_kind(res, EV_HANG))
            synthesize(res, name, EV_HANG, "hang", "reason", reason, "wall_timeout_ms", job->wall_timeout_ms);
        add_arg(res, EV_HANG, NULL, "wall_timeout_ms", job->wall_timeout_ms, NULL);
        add_arg(res, EV_HANG, NULL, "reason", 0, reason);
        res->outcome = SCENARIO_HUNG;
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == HOST_EXIT_HANG && has_kind(res, EV_HANG)) {
        res->outcome = SCENARIO_HUNG;  /* the host saw the deadlock itself (an infinite wait) */
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == HOST_EXIT_BUGCHECK && has_kind(res, EV_CRASH)) {
        res->outcome = SCENARIO_CRASHED;  /* KeBugCheckEx: the crash event says which bug check */
    } else if (WIFSIGNALED(status)) {
        if (!has_kind(res, EV_CRASH))
            {
            char label[32];
            snprintf(label, sizeof(label), "SIG%s", sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?");
            synthesize(res, name, EV_CRASH, "signal", "signal", label, NULL, 0);
        }
        res->outcome = SCENARIO_CRASHED;
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == HOST_EXIT_INTERNAL && res->events.count == 0) {
        snprintf(res->error, sizeof(res->error), "the host process for scenario '%s' could not start", name);
        res->internal_error = 1;
        res->outcome = SCENARIO_LOAD_ERROR;
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == HOST_EXIT_LOAD_ERROR && has_kind(res, EV_ERROR)) {
        /* A failure injected into a DDI DriverEntry calls is a verdict, not a load error. */
        res->outcome = has_kind(res, EV_OP) && injected_before_error(res) ? SCENARIO_COMPLETED : SCENARIO_LOAD_ERROR;
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == HOST_EXIT_OK && last_event_is_op(res, "scenario_end")) {
        res->outcome = SCENARIO_COMPLETED;
    } else {
        /* The process ended without finishing the scenario: exit() or _exit() from the miniport. */
        if (!has_kind(res, EV_CRASH))
            synthesize(res, name, EV_CRASH, "exit", NULL, NULL, "exit_status",
                       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        else
            add_arg(res, EV_CRASH, "exit", "exit_status", WIFEXITED(status) ? WEXITSTATUS(status) : -1, NULL);
        res->outcome = SCENARIO_CRASHED;
    }
    res->wall_us = monotonic_us() - rh->started_us;
    if (rh->fd >= 0)
        close(rh->fd);
    rh->fd = -1;
    free(rh->buf);
    rh->buf = NULL;
    rh->cap = rh->len = 0;
    rh->pid = 0;
}

static void stop_host(running_host *rh, stop_reason why, int signal_to_host)
{
    rh->stop = why;
    rh->stopped_at_ms = monotonic_ms();
    if (signal_to_host == SIGUSR2)
        kill(rh->pid, SIGUSR2);  /* the host alone: it reports where it is, then exits */
    else
        kill(-rh->pid, signal_to_host);
}

/* One look at a running host: read, reap, apply the deadlines. Returns 1
 * when the host is finished (its result is complete), 0 otherwise. The
 * judge never blocks on a host: a miniport that closes the pipe, forks, or
 * stops reading still meets the deadline. */
static int watch_host(const host_job *job, running_host *rh, host_result *res, short revents)
{
    if (rh->fd >= 0 && (revents & (POLLIN | POLLHUP | POLLERR))) {
        read_result r = read_available(rh, res, job->max_events ? job->max_events : ISOLATION_DEFAULT_MAX_EVENTS);
        if (r == READ_EOF) {
            close(rh->fd);
            rh->fd = -1;
        } else if ((r == READ_BROKEN || r == READ_LOOP) && rh->stop == STOP_NONE) {
            stop_host(rh, STOP_FLOOD, SIGKILL);
        } else if (r == READ_LIMIT && rh->stop == STOP_NONE) {
            stop_host(rh, STOP_LIMIT, SIGKILL);
        }
    }
    int status = 0;
    pid_t w;
    while ((w = waitpid(rh->pid, &status, WNOHANG)) < 0 && errno == EINTR)
        ;
    if (w == rh->pid) {
        kill(-rh->pid, SIGKILL);  /* anything the miniport forked goes with it */
        if (rh->fd >= 0 && rh->stop != STOP_FLOOD && rh->stop != STOP_LIMIT)
            read_available(rh, res, job->max_events ? job->max_events : ISOLATION_DEFAULT_MAX_EVENTS);
        finish_host(job, rh, res, status);
        return 1;
    }
    uint64_t now = monotonic_ms();
    if (rh->stop == STOP_NONE && job->wall_timeout_ms && now * 1000 > rh->started_us + (uint64_t)job->wall_timeout_ms * 1000) {
        if (last_event_is_op(res, "scenario_end"))
            stop_host(rh, STOP_QUIET_AFTER_END, SIGKILL);
        else
            stop_host(rh, STOP_WALL, SIGUSR2);  /* it says where it is; the group goes after the grace */
    } else if (rh->stop == STOP_NONE && now > rh->last_progress_ms + job->timeout_ms) {
        if (last_event_is_op(res, "scenario_end"))
            stop_host(rh, STOP_QUIET_AFTER_END, SIGKILL);
        else
            stop_host(rh, STOP_HANG, SIGUSR2);
    } else if (rh->stop != STOP_NONE && now > rh->stopped_at_ms + HANG_GRACE_MS) {
        kill(-rh->pid, SIGKILL);
    }
    return 0;
}

/* Kills what the finished hosts left behind (their orphans are the judge's
 * children now); the hosts still running are kept. */
static void sweep_orphans(const running_host *running, unsigned parallel)
{
    pid_t keep[64];
    size_t nkeep = 0;
    for (unsigned s = 0; s < parallel && nkeep < sizeof(keep) / sizeof(keep[0]); s++)
        if (running[s].pid)
            keep[nkeep++] = running[s].pid;
    reaper_sweep(keep, nkeep);
}

int isolation_run(const host_job *jobs, size_t njobs, unsigned parallel, host_result *results,
                  progress_fn progress, void *progress_ctx)
{
    if (parallel < 1)
        parallel = 1;
    running_host *running = calloc(parallel, sizeof(running_host));
    struct pollfd *pfds = calloc(parallel, sizeof(struct pollfd));
    if (!running || !pfds) {
        free(running);
        free(pfds);
        return -1;
    }
    for (size_t i = 0; i < njobs; i++)
        memset(&results[i], 0, sizeof(results[i]));
    size_t next = 0, done = 0, active = 0;
    int rc = 0;
    reaper_begin();  /* what a driver forks and orphans comes back to the judge */
    while (done < njobs) {
        for (unsigned s = 0; s < parallel && next < njobs; s++) {
            if (running[s].pid)
                continue;
            running[s].job = next;
            if (start_host(&jobs[next], &running[s]) != 0) {
                rc = -1;
                next = njobs;
                break;
            }
            next++;
            active++;
        }
        if (active == 0)
            break;
        for (unsigned s = 0; s < parallel; s++) {
            pfds[s].fd = running[s].pid ? running[s].fd : -1;
            pfds[s].events = POLLIN;
            pfds[s].revents = 0;
        }
        poll(pfds, parallel, 100);
        for (unsigned s = 0; s < parallel; s++) {
            running_host *rh = &running[s];
            if (!rh->pid)
                continue;
            if (watch_host(&jobs[rh->job], rh, &results[rh->job], pfds[s].revents) == 0)
                continue;
            active--;
            done++;
            sweep_orphans(running, parallel);
            if (progress)
                progress(done, njobs, progress_ctx);
        }
    }
    reaper_end();
    free(running);
    free(pfds);
    return rc;
}
