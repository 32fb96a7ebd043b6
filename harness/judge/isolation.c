/* Fork, stream, watch: see isolation.h. */
#include "isolation.h"
#include "../trace/wire.h"
#include "../trace/host_limits.h"
#include "isolation_limits.h"
#include "host_spawn.h"
#include "exit_watch.h"
#include "host_deadline.h"
#include "loop_detect.h"
#include "outcome.h"
#include "reaper.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The read buffer holds at most one frame (wire.h) and a read's worth more. */
#define MAX_BUFFER_BYTES (2 * (WIRE_MAX_PAYLOAD + WIRE_HEADER_BYTES))
#define HANG_GRACE_MS 1000

typedef struct {
    size_t job;
    pid_t pid;                   /* also the process group of the host and anything it forked */
    int fd;                      /* -1 once the pipe reached end of file */
    int pidfd;                   /* readable once the host ended (exit_watch.h), or -1 */
    char *buf;
    size_t len, cap;
    uint64_t last_progress_ms;
    uint64_t stopped_at_ms;
    uint64_t started_us;         /* the host's wall time runs from here (JUnit times) */
    stop_reason stop;
    char stop_detail[320];
    loop_detector loop;
    wire_decoder wire;
    int untrusted;               /* a frame failed its checks: nothing after it is believed */
    uint64_t untrusted_from;     /* the index the next event would have had */
    int torn_tail;               /* the stream ended inside a frame */
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

static int start_host(const host_job *job, running_host *rh)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = host_spawn(job, fds[1]);
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    setpgid(pid, pid);
    close(fds[1]);
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    rh->started_us = monotonic_us();
    rh->pid = pid;
    rh->pidfd = exit_watch_open(pid);
    rh->fd = fds[0];
    rh->len = 0;
    rh->last_progress_ms = monotonic_ms();
    rh->stopped_at_ms = 0;
    rh->stop = STOP_NONE;
    rh->stop_detail[0] = '\0';
    rh->untrusted = rh->torn_tail = 0;
    rh->untrusted_from = 0;
    wire_decoder_init(&rh->wire, pid);
    loop_detector_init(&rh->loop, job->loop_events);
    return 0;
}

/* Feeds the event ev makes final (outcome_hold), if any. */
static void feed_final(const host_listeners *to, size_t job, host_result *res, event *ev)
{
    event final;
    if (!to || !to->event) {
        if (event_list_push(&res->events, ev) != 0)
            event_free(ev);
        return;
    }
    if (outcome_hold(&res->events, ev, &final) == 1) {
        to->event(job, &final, to->ctx);
        res->fed++;
        res->fed_op |= final.kind == EV_OP;
        res->fed_fault |= final.kind == EV_OP && strcmp(final.name, "fault_injected") == 0;
        event_free(&final);
    }
}

static void take_event(const host_listeners *to, size_t job, host_result *res, event *ev)
{
    ev->index = res->total++;
    if (ev->kind == EV_ERROR) {
        const event_arg *m = event_arg_get(ev, "message");
        snprintf(res->error, sizeof(res->error), "%s", m && m->is_str ? m->str : "the host could not load the driver");
    }
    isolation_warn_unsandboxed(ev);  /* op sandbox_off */
    feed_final(to, job, res, ev);
}

typedef enum { READ_MORE, READ_EOF, READ_BROKEN, READ_LOOP, READ_LIMIT, READ_UNTRUSTED } read_result;

/* The last event, fed to the loop detector: READ_LOOP with the detail set
 * when it closes a loop that makes no progress. */
static read_result check_loop(running_host *rh, const host_result *res)
{
    if (res->events.count == 0)
        return READ_MORE;  /* it was lost: the judge ran out of memory */
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

/* Decodes the whole frames in the buffer and keeps what is left. */
static read_result decode_buffered(const host_listeners *to, running_host *rh, host_result *res, size_t max_events)
{
    size_t start = 0;
    read_result r = READ_MORE;
    while (r == READ_MORE) {
        event ev;
        size_t used = 0;
        wire_result w = wire_decode(&rh->wire, (const uint8_t *)rh->buf + start, rh->len - start, &used, &ev);
        start += used;
        if (w == WIRE_MORE)
            break;
        if (w == WIRE_UNTRUSTED) {
            rh->untrusted = 1;
            rh->untrusted_from = res->total;
            start = rh->len;  /* nothing after a bad frame is read as events */
            r = READ_UNTRUSTED;
        } else if (res->total >= max_events) {
            event_free(&ev);
            snprintf(rh->stop_detail, sizeof rh->stop_detail,
                     "the harness stops a scenario at %zu events (--max-events %zu); the driver was still "
                     "working and nothing after that point was checked: run again with a larger --max-events",
                     max_events, max_events);
            r = READ_LIMIT;
        } else {
            take_event(to, rh->job, res, &ev);
            r = check_loop(rh, res);
        }
    }
    memmove(rh->buf, rh->buf + start, rh->len - start);
    rh->len -= start;
    return r;
}

/* Reads what is available without blocking, frame by frame (wire.h);
 * READ_UNTRUSTED when a frame fails its checks, READ_BROKEN when the judge
 * runs out of memory. Once untrusted, what arrives is read and dropped. */
static read_result read_available(const host_listeners *to, running_host *rh, host_result *res,
                                  size_t max_events)
{
    for (;;) {
        if (rh->cap - rh->len < 65536) {
            size_t cap = rh->cap ? rh->cap * 2 : 131072;
            char *grown = cap <= MAX_BUFFER_BYTES ? realloc(rh->buf, cap) : NULL;
            if (!grown) {
                snprintf(rh->stop_detail, sizeof rh->stop_detail, "the judge ran out of memory reading the events");
                return READ_BROKEN;
            }
            rh->buf = grown;
            rh->cap = cap;
        }
        ssize_t n = read(rh->fd, rh->buf + rh->len, rh->cap - rh->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return READ_MORE;  /* EAGAIN */
        if (n == 0) {
            rh->torn_tail = rh->len > 0 && !rh->untrusted;
            return READ_EOF;
        }
        rh->last_progress_ms = monotonic_ms();
        if (rh->untrusted)
            continue;
        rh->len += (size_t)n;
        read_result r = decode_buffered(to, rh, res, max_events);
        if (r != READ_MORE)
            return r;
    }
}

static void finish_host(const host_job *job, running_host *rh, host_result *res, int status, uint64_t cpu_ms)
{
    if (rh->torn_tail && !rh->untrusted && rh->stop == STOP_NONE && !WIFSIGNALED(status)) {
        /* it ended by itself, so it was not cut mid-write: someone else wrote */
        rh->untrusted = 1;
        rh->untrusted_from = res->total;
        snprintf(rh->wire.problem, sizeof rh->wire.problem,
                 "the stream ends inside a frame (%zu bytes after byte %llu): something other than the host "
                 "wrote to the event channel", rh->len, (unsigned long long)rh->wire.offset);
    }
    host_ending end = { .scenario = job->name ? job->name : job->sc->name, .wait_status = status,
                        .stop = rh->stop, .stop_detail = rh->stop_detail, .timeout_ms = job->timeout_ms,
                        .wall_timeout_ms = job->wall_timeout_ms,
                        .cpu_limit_s = job->cpu_limit_s, .cpu_ms = cpu_ms,
                        .untrusted = rh->untrusted, .untrusted_from = rh->untrusted_from,
                        .integrity_problem = rh->wire.problem, .fed = res->fed, .fed_op = res->fed_op,
                        .fed_fault = res->fed_fault };
    res->outcome = outcome_of_host(&res->events, &end, res->error, sizeof res->error, &res->internal_error);
    for (size_t i = 0; i < res->events.count; i++)  /* what it added follows what was read */
        res->events.items[i].index = res->fed + i;
    res->total = res->fed + res->events.count;
    res->wall_us = monotonic_us() - rh->started_us;
    if (rh->fd >= 0)
        close(rh->fd);
    rh->fd = -1;
    if (rh->pidfd >= 0)
        close(rh->pidfd);
    rh->pidfd = -1;
    free(rh->buf);
    rh->buf = NULL;
    rh->cap = rh->len = 0;
    rh->pid = 0;
    wire_decoder_free(&rh->wire);
}

static host_clocks host_clocks_of(const running_host *rh)
{
    host_clocks c = { .started_us = rh->started_us, .last_progress_ms = rh->last_progress_ms,
                      .stopped_at_ms = rh->stopped_at_ms, .stopped = rh->stop != STOP_NONE };
    return c;
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
static int watch_host(const host_listeners *to, const host_job *job, running_host *rh, host_result *res,
                      short revents)
{
    if (rh->fd >= 0 && (revents & (POLLIN | POLLHUP | POLLERR))) {
        read_result r = read_available(to, rh, res, job->max_events ? job->max_events : ISOLATION_DEFAULT_MAX_EVENTS);
        if (r == READ_EOF) {
            close(rh->fd);
            rh->fd = -1;
        } else if ((r == READ_BROKEN || r == READ_LOOP) && rh->stop == STOP_NONE) {
            stop_host(rh, STOP_FLOOD, SIGKILL);
        } else if (r == READ_LIMIT && rh->stop == STOP_NONE) {
            stop_host(rh, STOP_LIMIT, SIGKILL);
        } else if (r == READ_UNTRUSTED && rh->stop == STOP_NONE) {
            stop_host(rh, STOP_INTEGRITY, SIGKILL);
        }
    }
    int status = 0;
    struct rusage usage;  /* its CPU time tells a CPU-limit SIGKILL from another */
    memset(&usage, 0, sizeof(usage));
    pid_t w;
    while ((w = wait4(rh->pid, &status, WNOHANG, &usage)) < 0 && errno == EINTR)
        ;
    if (w == rh->pid) {
        kill(-rh->pid, SIGKILL);  /* anything the miniport forked goes with it */
        if (rh->fd >= 0 && rh->stop != STOP_FLOOD && rh->stop != STOP_LIMIT)
            read_available(to, rh, res, job->max_events ? job->max_events : ISOLATION_DEFAULT_MAX_EVENTS);
        finish_host(job, rh, res, status, isolation_cpu_ms(&usage));
        return 1;
    }
    host_clocks clocks = host_clocks_of(rh);
    deadline_kind due = host_deadline_due(&clocks, job->timeout_ms, job->wall_timeout_ms, HANG_GRACE_MS,
                                          monotonic_ms());
    if (due == DEADLINE_GRACE_OVER) {
        kill(-rh->pid, SIGKILL);
        rh->stopped_at_ms = monotonic_ms();  /* again a grace later, not in a busy loop */
    } else if (due != DEADLINE_NOT_YET && outcome_scenario_ended(&res->events)) {
        stop_host(rh, STOP_QUIET_AFTER_END, SIGKILL);
    } else if (due != DEADLINE_NOT_YET) {
        /* It says where it is; the group goes after the grace. */
        stop_host(rh, due == DEADLINE_WALL ? STOP_WALL : STOP_HANG, SIGUSR2);
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

/* Sleeps until a host writes, ends, or meets its nearest deadline; pfds
 * holds each slot's pipe (2 s) and exit descriptor (2 s + 1), then the
 * SIGCHLD pipe. */
static void wait_for_hosts(const host_job *jobs, const running_host *running, unsigned parallel,
                           struct pollfd *pfds, uint64_t *deadlines, int exit_watched)
{
    unsigned ndeadlines = 0;
    int blind = !exit_watched;  /* a host whose end nothing reports */
    for (unsigned s = 0; s < parallel; s++) {
        const running_host *rh = &running[s];
        pfds[2 * s].fd = rh->pid ? rh->fd : -1;
        pfds[2 * s + 1].fd = rh->pid ? rh->pidfd : -1;
        pfds[2 * s].events = pfds[2 * s + 1].events = POLLIN;
        pfds[2 * s].revents = pfds[2 * s + 1].revents = 0;
        if (!rh->pid)
            continue;
        blind |= rh->pidfd < 0 && exit_watch_fd() < 0;
        host_clocks c = host_clocks_of(rh);
        deadlines[ndeadlines++] =
            host_deadline_next(&c, jobs[rh->job].timeout_ms, jobs[rh->job].wall_timeout_ms, HANG_GRACE_MS);
    }
    struct pollfd *chld = &pfds[2 * parallel];
    chld->fd = exit_watch_fd();
    chld->events = POLLIN;
    chld->revents = 0;
    int timeout = host_deadline_poll_timeout(deadlines, ndeadlines, monotonic_ms());
    if (blind && (timeout < 0 || timeout > EXIT_WATCH_FALLBACK_MS))
        timeout = EXIT_WATCH_FALLBACK_MS;
    poll(pfds, 2 * (nfds_t)parallel + 1, timeout);
    if (chld->revents)
        exit_watch_drain();
}

int isolation_run_each(const host_job *jobs, size_t njobs, unsigned parallel, host_result *results,
                       const host_listeners *to)
{
    if (parallel < 1)
        parallel = 1;
    running_host *running = calloc(parallel, sizeof(running_host));
    struct pollfd *pfds = calloc(2 * (size_t)parallel + 1, sizeof(struct pollfd));
    uint64_t *deadlines = calloc(parallel, sizeof(uint64_t));
    size_t *ended = calloc(parallel, sizeof(size_t));  /* the jobs whose hosts ended in one look */
    if (!running || !pfds || !deadlines || !ended) {
        free(running);
        free(pfds);
        free(deadlines);
        free(ended);
        return -1;
    }
    for (size_t i = 0; i < njobs; i++)
        memset(&results[i], 0, sizeof(results[i]));
    size_t next = 0, done = 0, active = 0;
    int rc = 0;
    reaper_begin();  /* what a driver forks and orphans comes back to the judge */
    int exit_watched = exit_watch_begin() == 0;
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
        wait_for_hosts(jobs, running, parallel, pfds, deadlines, exit_watched);
        size_t nended = 0;
        for (unsigned s = 0; s < parallel; s++) {
            running_host *rh = &running[s];
            if (!rh->pid)
                continue;
            size_t job = rh->job;
            if (watch_host(to, &jobs[job], rh, &results[job], pfds[2 * s].revents) == 0)
                continue;
            ended[nended++] = job;
            active--;
            done++;
            sweep_orphans(running, parallel);
            if (to && to->progress)
                to->progress(done, njobs, to->progress_ctx);
        }
        for (size_t e = 0; to && to->done && e < nended; e++)
            to->done(ended[e], &results[ended[e]], to->ctx);
    }
    exit_watch_end();
    reaper_end();
    free(running);
    free(pfds);
    free(deadlines);
    free(ended);
    return rc;
}
