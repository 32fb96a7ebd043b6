/* The host's side of the wire: frames appended to a batch, a batch written
 * with one write(). See wire.h for the layout and docs/decisions-host.md for
 * when a batch is flushed and why. */
#include "wire_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BATCH_BYTES (64 * 1024)
#define SIGNAL_BYTES (64 * 1024)
#define FLUSH_INTERVAL_US 10000

/* Which process and thread write: cached, since the host writes many
 * frames; a fork resets the cache (atfork below), a new thread has its own. */
static pid_t writer_pid;
static __thread pid_t writer_tid, writer_tid_of;
static wire_encoder *active;   /* flushed before a fork */

pid_t wire_current_pid(void)
{
    if (!writer_pid)
        writer_pid = getpid();
    return writer_pid;
}

static pid_t current_tid(void)
{
    pid_t pid = wire_current_pid();
    if (writer_tid_of != pid) {
        writer_tid = (pid_t)syscall(SYS_gettid);
        writer_tid_of = pid;
    }
    return writer_tid;
}

/* The coarse clock (the kernel's last tick, read without the TSC): it
 * only decides when a batch is old enough to flush, and is read for every
 * event. A tick is at most 4 ms (HZ 250). */
static uint64_t monotonic_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static size_t committed_len(const wire_encoder *e) { return (size_t)(e->commit >> 32); }
static uint32_t committed_seq(const wire_encoder *e) { return (uint32_t)e->commit; }

static void set_commit(wire_encoder *e, size_t len, uint32_t seq)
{
    e->commit = ((uint64_t)len << 32) | seq;
}

/* A driver that forks: the parent's batch goes out before the fork (or the
 * child would send it again); the child writes as itself. */
static void before_fork(void)
{
    if (active)
        wire_flush(active);
}

static void in_child(void)
{
    writer_pid = 0;
    if (active)
        set_commit(active, 0, committed_seq(active));
}

int wire_encoder_init(wire_encoder *e, int fd)
{
    memset(e, 0, sizeof(*e));
    e->fd = fd;
    e->cap = BATCH_BYTES;
    e->sigcap = SIGNAL_BYTES;
    e->buf = malloc(e->cap);
    e->sigbuf = malloc(e->sigcap);
    /* the coarse clock may lag by a tick: a frame 10 ms after the last
     * flush still flushes */
    struct timespec tick;
    uint64_t tick_us = clock_getres(CLOCK_MONOTONIC_COARSE, &tick) == 0
                       ? (uint64_t)tick.tv_sec * 1000000 + (uint64_t)tick.tv_nsec / 1000 + 1 : 0;
    e->flush_interval_us = tick_us < FLUSH_INTERVAL_US / 2 ? FLUSH_INTERVAL_US - tick_us : FLUSH_INTERVAL_US / 2;
    e->last_flush_us = monotonic_us();
    writer_pid = 0;
    if (!e->buf || !e->sigbuf || wire_intern_init(&e->strings) != 0) {
        wire_encoder_free(e);
        return -1;
    }
    static int registered;
    if (!registered && pthread_atfork(before_fork, NULL, in_child) == 0)
        registered = 1;
    active = e;
    return 0;
}

void wire_encoder_free(wire_encoder *e)
{
    if (e->buf)
        wire_flush(e);
    if (active == e)
        active = NULL;
    free(e->buf);
    free(e->sigbuf);
    wire_intern_free(&e->strings);
    e->buf = e->sigbuf = NULL;
    e->cap = e->sigcap = 0;
}

/* Blocking, whatever a driver did to the descriptor; only async-signal-safe calls. */
static int write_all(wire_encoder *e, const uint8_t *p, size_t n, int track)
{
    if (e->fd < 0 || e->failed)
        return -1;
    int flags = fcntl(e->fd, F_GETFL);
    if (flags >= 0 && (flags & O_NONBLOCK))
        fcntl(e->fd, F_SETFL, flags & ~O_NONBLOCK);
    while (n) {
        ssize_t w = write(e->fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && errno == EAGAIN) {
            /* set again behind our back (another thread): wait until the pipe drains */
            struct pollfd pfd = { .fd = e->fd, .events = POLLOUT };
            poll(&pfd, 1, -1);
            continue;
        }
        if (w <= 0) {
            e->failed = 1;  /* the judge is gone: nobody left to tell */
            return -1;
        }
        p += w;
        n -= (size_t)w;
        if (track)
            e->flushed += (size_t)w;
    }
    return 0;
}

int wire_flush(wire_encoder *e)
{
    sigset_t hang, old;
    sigemptyset(&hang);
    sigaddset(&hang, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &hang, &old);
    size_t len = committed_len(e);
    int rc = 0;
    if (len > e->flushed)
        rc = write_all(e, e->buf + e->flushed, len - e->flushed, 1);
    e->flushed = 0;
    set_commit(e, 0, committed_seq(e));
    e->last_flush_us = monotonic_us();
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

/* Builds one frame at the end of the batch: 0 and committed, or -1 when it
 * does not fit (nothing committed). */
static int append_frame(wire_encoder *e, void (*fill)(wire_cursor *c, const void *ctx), const void *ctx)
{
    size_t start = committed_len(e);
    if (e->cap - start < WIRE_HEADER_BYTES)
        return -1;
    wire_cursor c = { e->buf + start + WIRE_HEADER_BYTES, 0, e->cap - start - WIRE_HEADER_BYTES, 0 };
    fill(&c, ctx);
    if (c.overflow || c.len > WIRE_MAX_PAYLOAD)
        return -1;
    uint32_t seq = committed_seq(e);
    wire_put_header(e->buf + start, (uint32_t)c.len, seq, wire_current_pid(), current_tid());
    set_commit(e, start + WIRE_HEADER_BYTES + c.len, seq + 1);
    return 0;
}

/* Appends a frame, flushing or growing the batch when it does not fit. */
static int append(wire_encoder *e, void (*fill)(wire_cursor *c, const void *ctx), const void *ctx)
{
    if (append_frame(e, fill, ctx) == 0)
        return 0;
    if (committed_len(e) > 0) {
        wire_flush(e);
        if (append_frame(e, fill, ctx) == 0)
            return 0;
    }
    while (e->cap < WIRE_MAX_PAYLOAD + WIRE_HEADER_BYTES) {
        uint8_t *bigger = realloc(e->buf, e->cap * 2);
        if (!bigger)
            return -1;
        e->buf = bigger;
        e->cap *= 2;
        if (append_frame(e, fill, ctx) == 0)
            return 0;
    }
    return -1;
}

typedef struct {
    const char *text;
    size_t len;
    uint32_t id;
} string_def;

static void fill_string(wire_cursor *c, const void *ctx)
{
    const string_def *d = ctx;
    wire_put_u8(c, WIRE_RECORD_STRING);
    wire_put_u32(c, d->id);
    wire_put_u32(c, (uint32_t)d->len);
    wire_put(c, d->text, d->len);
}

/* An event's strings resolved to ids once, in record order; the strings
 * past the first EVENT_STRINGS_MAX go inline. */
#define EVENT_STRINGS_MAX 256

/* The id of s, sending its definition first when the table has none; 0
 * (inline) when it cannot have one. *failed is set when a definition could
 * not be sent. */
static uint32_t define_string(wire_encoder *e, const char *s, int *failed)
{
    wire_intern *t = &e->strings;
    size_t len;
    uint64_t hash = 0;
    uint32_t id = wire_intern_lookup(t, s, &len, &hash);
    if (!id && len <= WIRE_INTERN_MAX_LEN && t->count < WIRE_INTERN_MAX_COUNT) {
        /* the definition goes out before the id is used, in the same order */
        string_def d = { s, len, t->next_id };
        if (append(e, fill_string, &d) == 0)
            id = wire_intern_add(t, s, len, hash);
        else
            *failed = 1;
    }
    return id;
}

typedef struct {
    const event *ev;
    const uint32_t *ids;
    size_t nids;
} event_ctx;

static void fill_event(wire_cursor *c, const void *ctx)
{
    const event_ctx *ec = ctx;
    wire_put_event_record(c, ec->ev, ec->ids, ec->nids);
}

int wire_encode_event(wire_encoder *e, const event *ev)
{
    if (!e->buf)
        return -1;
    const char *strings[EVENT_STRINGS_MAX];
    uint32_t ids[EVENT_STRINGS_MAX];
    size_t n = wire_event_string_list(ev, strings, EVENT_STRINGS_MAX);
    int failed = 0, all_ids = n < EVENT_STRINGS_MAX;
    for (size_t i = 0; i < n; i++) {
        uint32_t id = wire_intern_fixed_hit(&e->strings, strings[i]);
        ids[i] = id ? id : define_string(e, strings[i], &failed);
        all_ids &= ids[i] != 0;
    }
    int rc;
    size_t start = committed_len(e), bound = wire_event_record_bound(ev);
    if (all_ids && e->cap - start >= WIRE_HEADER_BYTES + bound && bound <= WIRE_MAX_PAYLOAD) {
        /* the common case: every string has its id and the batch has room */
        size_t len = wire_put_event_record_fast(e->buf + start + WIRE_HEADER_BYTES, ev, ids);
        uint32_t seq = committed_seq(e);
        wire_put_header(e->buf + start, (uint32_t)len, seq, wire_current_pid(), current_tid());
        set_commit(e, start + WIRE_HEADER_BYTES + len, seq + 1);
        rc = 0;
    } else {
        event_ctx ec = { ev, ids, n };
        rc = append(e, fill_event, &ec);
    }
    if (monotonic_us() - e->last_flush_us >= e->flush_interval_us)
        wire_flush(e);
    return rc != 0 || failed ? -1 : 0;
}

static void fill_event_inline(wire_cursor *c, const void *ctx)
{
    wire_put_event_record(c, ctx, NULL, 0);
}

void wire_emit_fatal(wire_encoder *e, const event *ev)
{
    if (!e->buf || !e->sigbuf)
        return;
    /* what the batch holds first: building the event may fault again */
    size_t len = committed_len(e);
    uint32_t seq = committed_seq(e);
    if (len > e->flushed)
        write_all(e, e->buf + e->flushed, len - e->flushed, 0);
    e->flushed = 0;
    set_commit(e, 0, seq);
    wire_cursor c = { e->sigbuf + WIRE_HEADER_BYTES, 0, e->sigcap - WIRE_HEADER_BYTES, 0 };
    fill_event_inline(&c, ev);
    if (c.overflow) {
        /* a huge backtrace or argument: the event without them */
        event bare = *ev;
        bare.bt.count = 0;
        bare.nargs = 0;
        c = (wire_cursor){ e->sigbuf + WIRE_HEADER_BYTES, 0, e->sigcap - WIRE_HEADER_BYTES, 0 };
        fill_event_inline(&c, &bare);
    }
    /* raw ids: the handler may run in a child or thread the cache has not seen */
    wire_put_header(e->sigbuf, (uint32_t)c.len, seq, getpid(), (pid_t)syscall(SYS_gettid));
    set_commit(e, 0, seq + 1);
    write_all(e, e->sigbuf, WIRE_HEADER_BYTES + c.len, 0);
}

int wire_relocate_fd(int fd)
{
    if (fd < 0)
        return fd;
    /* below FD_SETSIZE (1024), where a driver's sweep over "every
     * descriptor" goes: it hits the channel and is caught every time,
     * instead of only when the limit happens to be low */
    struct rlimit lim;
    long top = FD_SETSIZE;
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY && (long)lim.rlim_cur < top)
        top = (long)lim.rlim_cur;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    long span = top / 2 - 16;
    long lowest = top / 2 + (span > 0 ? (long)((ts.tv_nsec ^ getpid()) % span) : 0);
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, (int)lowest);
    if (moved < 0)
        moved = fcntl(fd, F_DUPFD_CLOEXEC, 10);
    if (moved < 0)
        return fd;
    close(fd);
    return moved;
}
