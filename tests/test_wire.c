/* The event channel's codec (harness/trace/wire.h): every event kind comes
 * back as it went, strings travel once, and a changed byte, a lost,
 * repeated or reordered frame, or a frame from another process (a thread
 * of the host is the host)
 * is found, never decoded as an event. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "trace/wire.h"
#include "trace/wire_internal.h"
#include "tool_runner.h"

/* ---- building events ---- */

static const char *stack_names[] = { "MiniportInitializeEx", "NetTimerCallback" };

/* An event of kind k with every field set: two arguments (an integer and a
 * string), a stack of two, and two frames, one without a function. */
static event sample(event_kind k, uint64_t index)
{
    static event_arg args[3];
    static frame frames[2];
    args[0] = (event_arg){ "handle", 0, (int64_t)0xffff800012345678ull, NULL };
    args[1] = (event_arg){ "ledger", 1, 0, "double" };
    args[2] = (event_arg){ "Tag", 0, -7, NULL };
    frames[0] = (frame){ 0x7f0000001234, 0x1234, "/drivers/vnic.so", NULL, NULL, 0 };
    frames[1] = (frame){ 0x7f0000005678, 0x5678, "/drivers/vnic.so", "VnicInit", "adapter.c", 42 };
    event ev = { 0 };
    ev.index = index;
    ev.kind = k;
    ev.name = "NdisFreeMemory";
    ev.scenario = "lifecycle";
    ev.adapter = 1;
    ev.callback = "NetTimerCallback";
    ev.stack = stack_names;
    ev.stack_depth = 2;
    ev.state = "Running";
    ev.irql = 2;
    ev.thread = 3;   /* the third driver thread that called NDIS */
    ev.time_us = 123456789;
    ev.has_status = 1;
    ev.status = -1073676266;
    ev.args = args;
    ev.nargs = 3;
    ev.bt.frames = frames;
    ev.bt.count = 2;
    return ev;
}

static void assert_same_string(const char *got, const char *want)
{
    if (!want)
        ck_assert_ptr_null(got);
    else
        ck_assert_str_eq(got, want);
}

static void assert_same_event(const event *got, const event *want)
{
    ck_assert_uint_eq(got->index, want->index);
    ck_assert_int_eq(got->kind, want->kind);
    assert_same_string(got->name, want->name);
    assert_same_string(got->scenario, want->scenario);
    ck_assert_int_eq(got->adapter, want->adapter);
    assert_same_string(got->callback, want->callback);
    ck_assert_uint_eq(got->stack_depth, want->stack_depth);
    for (size_t i = 0; i < want->stack_depth; i++)
        assert_same_string(got->stack[i], want->stack[i]);
    assert_same_string(got->state, want->state);
    ck_assert_int_eq(got->irql, want->irql);
    ck_assert_int_eq(got->thread, want->thread);
    ck_assert_int_eq(got->pid, want->pid);
    ck_assert_uint_eq(got->time_us, want->time_us);
    ck_assert_int_eq(got->has_status, want->has_status);
    ck_assert_int_eq(got->status, want->status);
    ck_assert_uint_eq(got->nargs, want->nargs);
    for (size_t i = 0; i < want->nargs; i++) {
        assert_same_string(got->args[i].key, want->args[i].key);
        ck_assert_int_eq(got->args[i].is_str, want->args[i].is_str);
        if (want->args[i].is_str)
            assert_same_string(got->args[i].str, want->args[i].str);
        else
            ck_assert_int_eq(got->args[i].num, want->args[i].num);
    }
    ck_assert_uint_eq(got->bt.count, want->bt.count);
    for (size_t i = 0; i < want->bt.count; i++) {
        ck_assert_uint_eq(got->bt.frames[i].pc, want->bt.frames[i].pc);
        ck_assert_uint_eq(got->bt.frames[i].offset, want->bt.frames[i].offset);
        assert_same_string(got->bt.frames[i].module, want->bt.frames[i].module);
        assert_same_string(got->bt.frames[i].function, want->bt.frames[i].function);
        assert_same_string(got->bt.frames[i].file, want->bt.frames[i].file);
        ck_assert_int_eq(got->bt.frames[i].line, want->bt.frames[i].line);
    }
}

/* ---- a stream in a temporary file ---- */

typedef struct {
    uint8_t *bytes;
    size_t len;
} stream;

static int temp_fd(void)
{
    char path[] = "/tmp/mpc_test_wire_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    unlink(path);
    return fd;
}

static stream read_back(int fd)
{
    stream s = { NULL, 0 };
    off_t size = lseek(fd, 0, SEEK_END);
    ck_assert_int_ge(size, 0);
    s.bytes = malloc((size_t)size + 1);
    ck_assert_int_eq(pread(fd, s.bytes, (size_t)size, 0), size);
    s.len = (size_t)size;
    return s;
}

/* An encoder writing to a fresh temporary file; its descriptor. */
static int encoder_open(wire_encoder *e)
{
    int fd = temp_fd();
    ck_assert_int_eq(wire_encoder_init(e, fd), 0);
    return fd;
}

/* Flushes and frees e, and reads back what it wrote to fd (closed). */
static stream encoder_close(wire_encoder *e, int fd)
{
    wire_encoder_free(e);
    stream s = read_back(fd);
    close(fd);
    return s;
}

/* n events of kind EV_DDI through an encoder, flushed: the stream. */
static stream encode_ddis(size_t n)
{
    wire_encoder e;
    int fd = encoder_open(&e);
    for (size_t i = 0; i < n; i++) {
        event ev = sample(EV_DDI, i);
        ck_assert_int_eq(wire_encode_event(&e, &ev), 0);
    }
    stream s = encoder_close(&e, fd);
    return s;
}

/* Decodes a whole stream as the judge does: the events in *out, and the
 * result that ended it (WIRE_MORE when every byte decoded). */
static wire_result decode_all(const stream *s, pid_t host, event_list *out, char *problem, size_t len)
{
    wire_decoder d;
    wire_decoder_init(&d, host);
    size_t at = 0;
    wire_result r;
    for (;;) {
        event ev;
        size_t used = 0;
        r = wire_decode(&d, s->bytes + at, s->len - at, &used, &ev);
        at += used;
        if (r != WIRE_EVENT)
            break;
        event_list_push(out, &ev);
    }
    if (r == WIRE_MORE)
        ck_assert_uint_eq(at, s->len);
    snprintf(problem, len, "%s", d.problem);
    wire_decoder_free(&d);
    return r;
}

/* Decodes all of s as the host's stream (this process's), asserting that
 * every byte decoded. */
static void decode_whole(const stream *s, event_list *out)
{
    char problem[320];
    ck_assert_int_eq(decode_all(s, getpid(), out, problem, sizeof problem), WIRE_MORE);
}

/* Offsets of the frames in a stream (from their length fields). */
static size_t frame_offsets(const stream *s, size_t *offsets, size_t max)
{
    size_t n = 0, at = 0;
    while (at + WIRE_HEADER_BYTES <= s->len && n < max) {
        uint32_t plen;
        memcpy(&plen, s->bytes + at + 8, 4);
        offsets[n++] = at;
        at += WIRE_HEADER_BYTES + plen;
    }
    ck_assert_uint_eq(at, s->len);
    return n;
}

static size_t frame_len(const stream *s, size_t off)
{
    uint32_t plen;
    memcpy(&plen, s->bytes + off + 8, 4);
    return WIRE_HEADER_BYTES + plen;
}

/* ---- tests ---- */

START_TEST(every_kind_round_trips)
{
    wire_encoder e;
    int fd = encoder_open(&e);
    for (int k = 0; k < EV_KIND_COUNT; k++) {
        event ev = sample((event_kind)k, (uint64_t)k);
        if (k == EV_OP) {
            ev.has_status = 0;
            ev.nargs = 0;       /* nothing at all */
            ev.bt.count = 0;
            ev.stack_depth = 0;
        }
        ck_assert_int_eq(wire_encode_event(&e, &ev), 0);
    }
    stream s = encoder_close(&e, fd);
    event_list got = { 0 };
    decode_whole(&s, &got);
    ck_assert_uint_eq(got.count, EV_KIND_COUNT);
    for (int k = 0; k < EV_KIND_COUNT; k++) {
        event want = sample((event_kind)k, (uint64_t)k);
        if (k == EV_OP) {
            want.has_status = 0;
            want.nargs = 0;
            want.bt.count = 0;
            want.stack_depth = 0;
        }
        assert_same_event(&got.items[k], &want);
    }
    ck_assert_ptr_null(got.items[EV_OP].args);
    ck_assert_ptr_null(got.items[EV_DDI].bt.frames[0].function);
    event_list_free(&got);
    free(s.bytes);
}
END_TEST

/* A decoded call carries its three arrays in one block (event.arrays); a
 * crash keeps arrays of its own, which the judge may grow (an argument
 * added to the event that ended the trace). */
START_TEST(a_decoded_call_has_one_block_a_crash_its_own_arrays)
{
    wire_encoder e;
    int fd = encoder_open(&e);
    event ddi = sample(EV_DDI, 0), crash = sample(EV_CRASH, 1);
    ck_assert_int_eq(wire_encode_event(&e, &ddi), 0);
    ck_assert_int_eq(wire_encode_event(&e, &crash), 0);
    stream s = encoder_close(&e, fd);
    event_list got = { 0 };
    decode_whole(&s, &got);
    ck_assert_uint_eq(got.count, 2);
    const event *d = &got.items[0], *c = &got.items[1];
    ck_assert_ptr_eq(d->arrays, d->args);
    ck_assert_ptr_eq((const void *)d->bt.frames, (const void *)(d->args + d->nargs));
    ck_assert_ptr_eq((const void *)d->stack, (const void *)(d->bt.frames + d->bt.count));
    assert_same_event(d, &ddi);
    ck_assert_ptr_null(c->arrays);
    event_arg *grown = realloc(c->args, (c->nargs + 1) * sizeof *grown);
    ck_assert_ptr_nonnull(grown);
    got.items[1].args = grown;
    assert_same_event(c, &crash);
    event_list_free(&got);
    free(s.bytes);
}
END_TEST

/* The encoder's unchecked writer (every string by id, room made first)
 * writes the bytes of the checked one, within its bound, for every kind
 * and for an event with NULL strings, no stack, arguments or frames. */
START_TEST(the_fast_record_writer_writes_the_checked_ones_bytes)
{
    for (int k = 0; k <= EV_KIND_COUNT; k++) {
        event ev = sample(k < EV_KIND_COUNT ? (event_kind)k : EV_OP, (uint64_t)k);
        if (k == EV_KIND_COUNT) {
            ev.callback = NULL;
            ev.stack_depth = ev.nargs = ev.bt.count = 0;
        }
        const char *strings[64];
        uint32_t ids[64];
        size_t n = wire_event_string_list(&ev, strings, 64);
        for (size_t i = 0; i < n; i++)
            ids[i] = (uint32_t)(100 + i);
        uint8_t checked[4096], fast[4096];
        memset(fast, 0xAB, sizeof fast);
        wire_cursor c = { checked, 0, sizeof checked, 0 };
        wire_put_event_record(&c, &ev, ids, n);
        ck_assert_int_eq(c.overflow, 0);
        size_t len = wire_put_event_record_fast(fast, &ev, ids);
        ck_assert_uint_eq(len, c.len);
        ck_assert_uint_le(len, wire_event_record_bound(&ev));
        ck_assert_int_eq(memcmp(fast, checked, len), 0);
        ck_assert_uint_eq(fast[len], 0xAB);   /* nothing past it */
    }
}
END_TEST

static size_t occurrences(const stream *s, const char *text)
{
    size_t n = 0, len = strlen(text);
    for (size_t i = 0; i + len <= s->len; i++)
        if (memcmp(s->bytes + i, text, len) == 0)
            n++;
    return n;
}

START_TEST(strings_are_sent_once)
{
    stream s = encode_ddis(200);
    /* each distinct string once, however many events name it */
    ck_assert_uint_eq(occurrences(&s, "NdisFreeMemory"), 1);
    ck_assert_uint_eq(occurrences(&s, "MiniportInitializeEx"), 1);
    ck_assert_uint_eq(occurrences(&s, "/drivers/vnic.so"), 1);
    ck_assert_uint_eq(occurrences(&s, "double"), 1);
    event_list got = { 0 };
    decode_whole(&s, &got);
    ck_assert_uint_eq(got.count, 200);
    event want = sample(EV_DDI, 199);
    assert_same_event(&got.items[199], &want);
    event_list_free(&got);
    free(s.bytes);
}
END_TEST

/* The encoder remembers where it last saw each string; a buffer the
 * driver or the host reuses for another string, longer, shorter or of the
 * same length, must still travel as what it holds now. */
START_TEST(a_reused_string_buffer_travels_as_its_new_text)
{
    static const char *const texts[] = { "alpha", "alphabet", "alp", "omega", "omega", "", "alpha" };
    const size_t n = sizeof texts / sizeof texts[0];
    char buffer[32];
    wire_encoder e;
    int fd = encoder_open(&e);
    for (size_t i = 0; i < n; i++) {
        snprintf(buffer, sizeof buffer, "%s", texts[i]);
        event ev = sample(EV_DDI, i);
        ev.name = buffer;             /* the same address every time */
        ev.args[1].str = buffer;
        ck_assert_int_eq(wire_encode_event(&e, &ev), 0);
    }
    stream st = encoder_close(&e, fd);
    event_list got = { 0 };
    decode_whole(&st, &got);
    ck_assert_uint_eq(got.count, n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(got.items[i].name, texts[i]);
        ck_assert_str_eq(got.items[i].args[1].str, texts[i]);
    }
    ck_assert_uint_eq(occurrences(&st, "alphabet"), 1);   /* still sent once */
    event_list_free(&got);
    free(st.bytes);
}
END_TEST

/* A string the host pinned (wire_intern_pin: a module path of the
 * capture's table, the trace's name) is trusted by its address as a
 * literal is; a copy of its text elsewhere is not. Not freed: a pin lasts
 * as long as the process. */
START_TEST(a_pinned_string_is_trusted_by_address)
{
    char *pinned = strdup("/drivers/pinned-vnic.so");
    char *copy = strdup(pinned);
    ck_assert_int_eq(wire_intern_is_fixed(pinned, strlen(pinned)), 0);
    wire_intern_pin(pinned);
    ck_assert_int_eq(wire_intern_is_fixed(pinned, strlen(pinned)), 1);
    ck_assert_int_eq(wire_is_literal(pinned), 1);
    ck_assert_int_eq(wire_intern_is_fixed(copy, strlen(copy)), 0);
    free(copy);
}
END_TEST

/* The encoder trusts an address without comparing the text only where the
 * text cannot change: the program's own read-only image. */
START_TEST(only_the_programs_literals_are_trusted_by_address)
{
    static const char literal[] = "NdisAllocateMemoryWithTagPriority";
    char on_stack[] = "NdisAllocateMemoryWithTagPriority";
    char *on_heap = strdup(literal);
    ck_assert_int_eq(wire_intern_is_fixed(literal, strlen(literal)), 1);
    ck_assert_int_eq(wire_intern_is_fixed("MiniportInitializeEx", 20), 1);
    ck_assert_int_eq(wire_intern_is_fixed(on_stack, strlen(on_stack)), 0);
    ck_assert_int_eq(wire_intern_is_fixed(on_heap, strlen(on_heap)), 0);
    free(on_heap);
}
END_TEST

START_TEST(a_string_longer_than_the_limit_is_cut)
{
    char *long_text = malloc(WIRE_MAX_STRING + 100);
    memset(long_text, 'x', WIRE_MAX_STRING + 99);
    long_text[WIRE_MAX_STRING + 99] = '\0';
    wire_encoder e;
    int fd = encoder_open(&e);
    event ev = sample(EV_ERROR, 0);
    event_arg message = { "message", 1, 0, long_text };
    ev.args = &message;
    ev.nargs = 1;
    ck_assert_int_eq(wire_encode_event(&e, &ev), 0);
    stream s = encoder_close(&e, fd);
    event_list got = { 0 };
    decode_whole(&s, &got);
    ck_assert_uint_eq(got.count, 1);
    ck_assert_uint_eq(strlen(got.items[0].args[0].str), WIRE_MAX_STRING);
    event_list_free(&got);
    free(s.bytes);
    free(long_text);
}
END_TEST

/* Decodes s and asserts it is untrusted after exactly `good` events, with
 * `why` in the problem. */
static void assert_untrusted(const stream *s, pid_t host, size_t good, const char *why)
{
    event_list got = { 0 };
    char problem[320];
    ck_assert_int_eq(decode_all(s, host, &got, problem, sizeof problem), WIRE_UNTRUSTED);
    ck_assert_uint_eq(got.count, good);
    ck_assert_msg(strstr(problem, why) != NULL, "problem: %s", problem);
    event_list_free(&got);
}

START_TEST(a_changed_byte_breaks_the_frame)
{
    stream s = encode_ddis(10);
    size_t off[64];
    size_t n = frame_offsets(&s, off, 64);
    ck_assert_uint_gt(n, 10);  /* string definitions, then ten events */
    size_t last = off[n - 1];
    /* a byte of the last event's payload: its index field */
    s.bytes[last + WIRE_HEADER_BYTES + 20] ^= 0x01;
    assert_untrusted(&s, getpid(), 9, "checksum does not match");
    s.bytes[last + WIRE_HEADER_BYTES + 20] ^= 0x01;
    /* its sequence number */
    s.bytes[last + 12] ^= 0x40;
    assert_untrusted(&s, getpid(), 9, "checksum does not match");
    s.bytes[last + 12] ^= 0x40;
    /* its frame mark */
    s.bytes[last] = '{';
    assert_untrusted(&s, getpid(), 9, "a broken frame at byte");
    free(s.bytes);
}
END_TEST

/* A frame with a right header and checksum whose record is cut short, at
 * every length: refused as a record that does not decode, never read
 * past its end (ASan would say). */
START_TEST(a_well_framed_record_that_does_not_decode_is_refused)
{
    stream s = encode_ddis(1);
    size_t off[64];
    size_t n = frame_offsets(&s, off, 64);
    size_t last = off[n - 1];
    uint32_t plen, seq;
    memcpy(&plen, s.bytes + last + 8, 4);
    memcpy(&seq, s.bytes + last + 12, 4);
    for (uint32_t cut = 1; cut < plen; cut++) {
        stream t = { malloc(s.len), last + WIRE_HEADER_BYTES + cut };
        memcpy(t.bytes, s.bytes, t.len);
        wire_put_header(t.bytes + last, cut, seq, getpid(), getpid());
        assert_untrusted(&t, getpid(), 0, "does not decode");
        free(t.bytes);
    }
    free(s.bytes);
}
END_TEST

/* A copy of s with frames in the order given by `order` (indexes into the frames). */
static stream reorder(const stream *s, const size_t *order, size_t n)
{
    size_t off[128];
    frame_offsets(s, off, 128);
    stream out = { malloc(s->len * 2), 0 };
    for (size_t i = 0; i < n; i++) {
        size_t len = frame_len(s, off[order[i]]);
        memcpy(out.bytes + out.len, s->bytes + off[order[i]], len);
        out.len += len;
    }
    return out;
}

START_TEST(a_lost_repeated_or_reordered_frame_is_found)
{
    stream s = encode_ddis(6);
    size_t off[128];
    size_t n = frame_offsets(&s, off, 128);
    size_t first_event = n - 6;   /* the definitions come first */
    size_t order[128];
    for (size_t i = 0; i < n; i++)
        order[i] = i;

    /* the third event's frame lost */
    size_t lost[128] = { 0 }, k = 0;
    for (size_t i = 0; i < n; i++)
        if (i != first_event + 2)
            lost[k++] = i;
    stream t = reorder(&s, lost, k);
    assert_untrusted(&t, getpid(), 2, "1 record(s) were lost or reordered");
    free(t.bytes);

    /* the second event's frame sent twice */
    size_t twice[129] = { 0 };
    k = 0;
    for (size_t i = 0; i < n; i++) {
        twice[k++] = i;
        if (i == first_event + 1)
            twice[k++] = i;
    }
    t = reorder(&s, twice, k);
    assert_untrusted(&t, getpid(), 2, "a record was repeated, reordered or forged");
    free(t.bytes);

    /* the fourth and fifth events swapped */
    memcpy(lost, order, n * sizeof(size_t));
    lost[first_event + 3] = first_event + 4;
    lost[first_event + 4] = first_event + 3;
    t = reorder(&s, lost, n);
    assert_untrusted(&t, getpid(), 3, "lost or reordered");
    free(t.bytes);
    free(s.bytes);
}
END_TEST

START_TEST(a_frame_from_another_process_is_found)
{
    wire_encoder e;
    int fd = encoder_open(&e);
    event ev = sample(EV_DDI, 0);
    ck_assert_int_eq(wire_encode_event(&e, &ev), 0);
    /* a child of the writer, as a driver's fork() makes: the batch goes
     * out before the fork, then the child writes as itself */
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        event c = sample(EV_DDI, 1);
        wire_encode_event(&e, &c);
        wire_flush(&e);
        _exit(0);
    }
    int status;
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    stream s = encoder_close(&e, fd);
    assert_untrusted(&s, getpid(), 1, "a record written by another process than the host");
    free(s.bytes);
}
END_TEST

static void *encode_in_thread(void *arg)
{
    event ev = sample(EV_DDI, 1);
    wire_encode_event(arg, &ev);
    return NULL;
}

/* The host serializes its threads' DDI calls: a frame of another thread of
 * the host process keeps the sequence and is the host's. */
START_TEST(a_frame_from_another_thread_of_the_host_is_accepted)
{
    wire_encoder e;
    int fd = encoder_open(&e);
    event ev = sample(EV_DDI, 0);
    ck_assert_int_eq(wire_encode_event(&e, &ev), 0);
    pthread_t t;
    ck_assert_int_eq(pthread_create(&t, NULL, encode_in_thread, &e), 0);
    pthread_join(t, NULL);
    stream s = encoder_close(&e, fd);
    event_list got = { 0 };
    decode_whole(&s, &got);
    ck_assert_uint_eq(got.count, 2);
    event_list_free(&got);
    free(s.bytes);
}
END_TEST

START_TEST(a_fatal_event_follows_the_batch_in_sequence)
{
    wire_encoder e;
    int fd = encoder_open(&e);
    for (uint64_t i = 0; i < 3; i++) {
        event ev = sample(EV_DDI, i);
        wire_encode_event(&e, &ev);
    }
    event crash = sample(EV_CRASH, 3);
    crash.name = "signal";
    wire_emit_fatal(&e, &crash);
    /* the host may go on after an error event: the sequence goes on too */
    event more = sample(EV_OP, 4);
    wire_encode_event(&e, &more);
    stream s = encoder_close(&e, fd);
    event_list got = { 0 };
    decode_whole(&s, &got);
    ck_assert_uint_eq(got.count, 5);
    assert_same_event(&got.items[3], &crash);
    assert_same_event(&got.items[4], &more);
    /* the fatal frame carries its strings inline, the table untouched */
    ck_assert_uint_eq(occurrences(&s, "signal"), 1);
    event_list_free(&got);
    free(s.bytes);
}
END_TEST

/* A driver sets O_NONBLOCK on the channel, and the pipe is full: the
 * encoder clears the flag and waits for the reader, losing nothing. */
START_TEST(o_nonblock_loses_nothing)
{
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    fcntl(p[1], F_SETFL, fcntl(p[1], F_GETFL) | O_NONBLOCK);
    size_t filler = 0;
    char junk[4096] = { 0 };
    for (size_t chunk = sizeof junk; chunk; chunk /= 2)
        for (ssize_t n; (n = write(p[1], junk, chunk)) > 0;)
            filler += (size_t)n;
    ck_assert_int_eq(errno, EAGAIN);  /* full */
    pid_t child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        close(p[0]);
        wire_encoder e;
        if (wire_encoder_init(&e, p[1]) != 0)
            _exit(2);
        for (uint64_t i = 0; i < 5000; i++) {
            event ev = sample(EV_DDI, i);
            wire_encode_event(&e, &ev);
        }
        wire_flush(&e);
        int still_nonblocking = fcntl(p[1], F_GETFL) & O_NONBLOCK;
        wire_encoder_free(&e);
        _exit(still_nonblocking ? 1 : 0);
    }
    close(p[1]);
    stream s = { malloc(1 << 20), 0 };
    size_t cap = 1 << 20;
    for (ssize_t n;;) {
        if (cap - s.len < 65536)
            s.bytes = realloc(s.bytes, cap *= 2);
        n = read(p[0], s.bytes + s.len, cap - s.len);
        if (n <= 0)
            break;
        s.len += (size_t)n;
    }
    close(p[0]);
    int status;
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer status %d", status);
    ck_assert_uint_gt(s.len, filler);
    stream events = { s.bytes + filler, s.len - filler };
    event_list got = { 0 };
    char problem[320];
    ck_assert_int_eq(decode_all(&events, child, &got, problem, sizeof problem), WIRE_MORE);
    ck_assert_uint_eq(got.count, 5000);
    ck_assert_uint_eq(got.items[4999].index, 4999);
    event_list_free(&got);
    free(s.bytes);
}
END_TEST

START_TEST(the_channel_moves_out_of_the_drivers_way)
{
    int fd = temp_fd();  /* fd 3 in the host; here Check may own 3 */
    int moved = wire_relocate_fd(fd);
    struct rlimit lim;
    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &lim), 0);
    long top = lim.rlim_cur < 1024 ? (long)lim.rlim_cur : 1024;
    ck_assert_int_ge(moved, top / 2);
    ck_assert_int_lt(moved, top);
    ck_assert_int_eq(fcntl(fd, F_GETFD), -1);   /* the original is closed */
    ck_assert_int_eq(errno, EBADF);
    ck_assert_int_eq(fcntl(moved, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
    close(moved);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("wire");
    TCase *tc = tcase_create("wire");
    tcase_add_test(tc, every_kind_round_trips);
    tcase_add_test(tc, the_fast_record_writer_writes_the_checked_ones_bytes);
    tcase_add_test(tc, a_decoded_call_has_one_block_a_crash_its_own_arrays);
    tcase_add_test(tc, strings_are_sent_once);
    tcase_add_test(tc, a_reused_string_buffer_travels_as_its_new_text);
    tcase_add_test(tc, only_the_programs_literals_are_trusted_by_address);
    tcase_add_test(tc, a_pinned_string_is_trusted_by_address);
    tcase_add_test(tc, a_string_longer_than_the_limit_is_cut);
    tcase_add_test(tc, a_changed_byte_breaks_the_frame);
    tcase_add_test(tc, a_well_framed_record_that_does_not_decode_is_refused);
    tcase_add_test(tc, a_lost_repeated_or_reordered_frame_is_found);
    tcase_add_test(tc, a_frame_from_another_process_is_found);
    tcase_add_test(tc, a_frame_from_another_thread_of_the_host_is_accepted);
    tcase_add_test(tc, a_fatal_event_follows_the_batch_in_sequence);
    tcase_add_test(tc, o_nonblock_loses_nothing);
    tcase_add_test(tc, the_channel_moves_out_of_the_drivers_way);
    suite_add_tcase(s, tc);
    return tool_run_suite(s);
}
