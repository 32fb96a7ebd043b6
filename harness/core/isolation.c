/* Fork, stream, watch: see isolation.h. */
#include "isolation.h"
#include "event_json.h"
#include "host_run.h"

#include <errno.h>
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

/* A host that floods events without end is stopped here. */
#define MAX_EVENTS_PER_SCENARIO 2000000
#define HANG_GRACE_MS 1000

typedef struct {
    size_t job;
    pid_t pid;
    int fd;
    char *buf;
    size_t len, cap;
    uint64_t last_progress_ms;
    uint64_t killed_at_ms;       /* 0 = not asked to stop */
    int hang;
    int flood;
} running_host;

static uint64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
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
    /* Other hosts' pipes were inherited: a crash here must not keep them open. */
    for (int fd = HOST_EVENT_FD + 1; fd < 1024; fd++)
        close(fd);
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
        dup2(devnull, STDOUT_FILENO);  /* the miniport's prints must not mix with the report */
        close(devnull);
    }
    personality(ADDR_NO_RANDOMIZE);
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0)
        return;
    self[n] = 0;
    const char *argv[64 + 2 * 32];
    size_t argc = 0;
    char nth[32], suppressions[4200];
    snprintf(nth, sizeof(nth), "%u", job->setup.inject_nth);
    snprintf(suppressions, sizeof(suppressions), "--suppressions=%s",
             job->valgrind_suppressions ? job->valgrind_suppressions : "");
    if (job->valgrind) {
        argv[argc++] = "valgrind";
        argv[argc++] = "--quiet";
        argv[argc++] = "--leak-check=full";
        argv[argc++] = "--errors-for-leak-kinds=definite";
        if (job->valgrind_suppressions)
            argv[argc++] = suppressions;
    }
    argv[argc++] = self;
    argv[argc++] = "__host";
    argv[argc++] = job->driver;
    argv[argc++] = job->sc->file;
    argv[argc++] = job->sc->name;
    for (size_t i = 0; i < job->nrule_dirs && i < 32; i++) {
        argv[argc++] = "--rules";
        argv[argc++] = job->rule_dirs[i];
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
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        exec_host(job, fds[1]);
        _exit(HOST_EXIT_INTERNAL);
    }
    close(fds[1]);
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    rh->pid = pid;
    rh->fd = fds[0];
    rh->len = 0;
    rh->last_progress_ms = monotonic_ms();
    rh->killed_at_ms = 0;
    rh->hang = rh->flood = 0;
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

/* Reads what is available; returns 1 at end of file. */
static int read_available(running_host *rh, host_result *res)
{
    for (;;) {
        if (rh->cap - rh->len < 65536) {
            size_t cap = rh->cap ? rh->cap * 2 : 131072;
            char *grown = realloc(rh->buf, cap);
            if (!grown)
                return 1;
            rh->buf = grown;
            rh->cap = cap;
        }
        ssize_t n = read(rh->fd, rh->buf + rh->len, rh->cap - rh->len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return 0;  /* EAGAIN */
        if (n == 0)
            return 1;
        rh->len += (size_t)n;
        rh->last_progress_ms = monotonic_ms();
        size_t start = 0;
        for (size_t i = 0; i < rh->len; i++) {
            if (rh->buf[i] != '\n')
                continue;
            rh->buf[i] = 0;
            if (res->events.count < MAX_EVENTS_PER_SCENARIO)
                take_line(res, rh->buf + start);
            else
                rh->flood = 1;
            start = i + 1;
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

static int has_op(const host_result *res, const char *name)
{
    const event *ev = last_event(res);
    return ev && ev->kind == EV_OP && strcmp(ev->name, name) == 0;
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

/* Adds a numeric argument to the first event of kind named name that lacks it. */
static void add_arg(host_result *res, event_kind kind, const char *name, const char *key, int64_t value)
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
        args[ev->nargs++].num = value;
        return;
    }
}

/* exit() from the miniport: the host saw it, the wait status knows the code. */
static void add_exit_status(host_result *res, int status)
{
    add_arg(res, EV_CRASH, "exit", "exit_status", status);
}

/* The host's own hang report does not know the deadline the judge applied. */
static void add_timeout_arg(host_result *res, unsigned timeout_ms)
{
    add_arg(res, EV_HANG, NULL, "timeout_ms", timeout_ms);
}

static void finish_host(const host_job *job, running_host *rh, host_result *res, int status)
{
    const char *name = job->sc->name;
    if (rh->hang || rh->flood) {
        add_timeout_arg(res, job->timeout_ms);
        if (!has_kind(res, EV_HANG))
            synthesize(res, name, EV_HANG, "hang", rh->flood ? "reason" : NULL,
                       "the host sent more events than a scenario may", "timeout_ms", job->timeout_ms);
        res->outcome = SCENARIO_HUNG;
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
        res->outcome = SCENARIO_LOAD_ERROR;
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == HOST_EXIT_LOAD_ERROR && has_kind(res, EV_ERROR)) {
        res->outcome = SCENARIO_LOAD_ERROR;
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == HOST_EXIT_OK && has_op(res, "scenario_end")) {
        res->outcome = SCENARIO_COMPLETED;
    } else {
        /* The process ended without finishing the scenario: exit() or _exit() from the miniport. */
        if (!has_kind(res, EV_CRASH))
            synthesize(res, name, EV_CRASH, "exit", NULL, NULL, "exit_status",
                       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        else
            add_exit_status(res, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        res->outcome = SCENARIO_CRASHED;
    }
    close(rh->fd);
    free(rh->buf);
    rh->buf = NULL;
    rh->cap = rh->len = 0;
    rh->pid = 0;
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
        uint64_t now = monotonic_ms();
        for (unsigned s = 0; s < parallel; s++) {
            running_host *rh = &running[s];
            if (!rh->pid)
                continue;
            const host_job *job = &jobs[rh->job];
            host_result *res = &results[rh->job];
            int eof = (pfds[s].revents & (POLLIN | POLLHUP | POLLERR)) ? read_available(rh, res) : 0;
            now = monotonic_ms();
            if (!eof && !rh->killed_at_ms && (rh->flood || now > rh->last_progress_ms + job->timeout_ms)) {
                rh->hang = 1;
                rh->killed_at_ms = now;
                kill(rh->pid, rh->flood ? SIGKILL : SIGUSR2);  /* USR2: the host reports where it is */
            }
            if (!eof && rh->killed_at_ms && now - rh->killed_at_ms > HANG_GRACE_MS) {
                kill(rh->pid, SIGKILL);
                eof = 1;
            }
            if (!eof)
                continue;
            int status = 0;
            while (waitpid(rh->pid, &status, 0) < 0 && errno == EINTR)
                ;
            read_available(rh, res);
            finish_host(job, rh, res, status);
            active--;
            done++;
            if (progress)
                progress(done, njobs, progress_ctx);
        }
    }
    free(running);
    free(pfds);
    return rc;
}
