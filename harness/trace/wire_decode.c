/* The judge's side of the wire: every frame is checked (magic, version,
 * length, checksum, writer, sequence) before its record is believed; the
 * first frame that fails makes the rest of the stream untrusted. */
#include "wire_internal.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* No host defines more strings than this; more is a broken stream. */
#define MAX_STRING_ID (1u << 20)

void wire_decoder_init(wire_decoder *d, pid_t host_pid)
{
    memset(d, 0, sizeof(*d));
    d->host_pid = host_pid;
}

void wire_decoder_free(wire_decoder *d)
{
    free(d->scratch_stack);
    free(d->scratch_args);
    free(d->scratch_frames);
    d->scratch_stack = NULL;
    d->scratch_args = NULL;
    d->scratch_frames = NULL;
    memset(d->scratch_cap, 0, sizeof d->scratch_cap);
    free(d->strings);
    d->strings = NULL;
    d->nstrings = 0;
}

static wire_result untrusted(wire_decoder *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static wire_result untrusted(wire_decoder *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->problem, sizeof d->problem, fmt, ap);
    va_end(ap);
    return WIRE_UNTRUSTED;
}

/* Reads from a record; a read past its end marks it short. */
typedef struct {
    const uint8_t *p;
    size_t len, at;
    int short_read;
} reader;

/* n bytes into dst, or zeros and short_read. Inline with a constant n, so
 * each field is one load, not a call to memcpy. */
static inline __attribute__((always_inline)) void take(reader *r, void *dst, size_t n)
{
    if (r->short_read || r->len - r->at < n) {
        r->short_read = 1;
        memset(dst, 0, n);
        return;
    }
    memcpy(dst, r->p + r->at, n);
    r->at += n;
}

#define TAKE_INLINE static inline __attribute__((always_inline))
TAKE_INLINE uint8_t take_u8(reader *r) { uint8_t v; take(r, &v, 1); return v; }
TAKE_INLINE uint16_t take_u16(reader *r) { uint16_t v; take(r, &v, 2); return v; }
TAKE_INLINE uint32_t take_u32(reader *r) { uint32_t v; take(r, &v, 4); return v; }
TAKE_INLINE uint64_t take_u64(reader *r) { uint64_t v; take(r, &v, 8); return v; }

/* A string field: NULL, a defined id, or inline bytes; an atom (event.h),
 * so an event costs no copy of the names and paths it shares with every
 * other. *bad when it is none of them, or memory ran out. */
static inline __attribute__((always_inline)) const char *take_string(wire_decoder *d, reader *r, int *bad)
{
    uint32_t ref = take_u32(r);
    if (r->short_read || ref == WIRE_STRING_NULL)
        return NULL;
    if (ref == WIRE_STRING_INLINE) {
        uint32_t len = take_u32(r);
        if (r->short_read || len > r->len - r->at) {
            r->short_read = 1;
            return NULL;
        }
        const char *s = atom_n((const char *)r->p + r->at, len);
        r->at += len;
        if (!s)
            *bad = 1;
        return s;
    }
    if (ref >= d->nstrings || !d->strings[ref]) {
        *bad = 1;
        return NULL;
    }
    return d->strings[ref];
}

static int define_string(wire_decoder *d, reader *r)
{
    uint32_t id = take_u32(r), len = take_u32(r);
    if (r->short_read || id == 0 || id >= MAX_STRING_ID || len > r->len - r->at)
        return -1;
    if (id >= d->nstrings) {
        size_t n = d->nstrings ? d->nstrings : 1024;
        while (n <= id)
            n *= 2;
        const char **grown = realloc(d->strings, n * sizeof(*grown));
        if (!grown)
            return -1;
        memset(grown + d->nstrings, 0, (n - d->nstrings) * sizeof(*grown));
        d->strings = grown;
        d->nstrings = n;
    }
    d->strings[id] = atom_n((const char *)r->p + r->at, len);
    r->at += len;
    return d->strings[id] ? 0 : -1;
}

/* Room for n elements of size in *array (capacity *cap); 0, or -1 when
 * memory runs out. */
static int scratch_room(void *array, size_t *cap, size_t n, size_t size)
{
    if (n <= *cap)
        return 0;
    void *grown = realloc(*(void **)array, n * size);
    if (!grown)
        return -1;
    *(void **)array = grown;
    *cap = n;
    return 0;
}

/* The arrays of a decoded event, from the scratch: for the events the
 * judge only reads (calls, callbacks, operations) one block of the exact
 * size (event.arrays: one allocation an event, not three); a crash, hang
 * or error keeps arrays of their own, to which the judge may add an
 * argument (judge/outcome.c). 0, or -1 when memory runs out. */
static int place_arrays(wire_decoder *d, event *ev)
{
    size_t stack_bytes = ev->stack_depth * sizeof(*ev->stack);
    size_t args_bytes = ev->nargs * sizeof(*ev->args);
    size_t frames_bytes = ev->bt.count * sizeof(*ev->bt.frames);
    size_t total = stack_bytes + args_bytes + frames_bytes;
    if (total == 0)
        return 0;
    int one_block = ev->kind == EV_DDI || ev->kind == EV_ENTER || ev->kind == EV_RETURN || ev->kind == EV_OP;
    unsigned char *block = one_block ? malloc(total) : NULL;
    if (one_block && !block)
        return -1;
    ev->arrays = block;
    if (ev->nargs) {   /* first: the block's start is aligned for every member */
        ev->args = block ? (event_arg *)block : malloc(args_bytes);
        if (!ev->args)
            return -1;
        memcpy(ev->args, d->scratch_args, args_bytes);
    }
    if (ev->bt.count) {
        ev->bt.frames = block ? (frame *)(block + args_bytes) : malloc(frames_bytes);
        if (!ev->bt.frames)
            return -1;
        memcpy(ev->bt.frames, d->scratch_frames, frames_bytes);
    }
    if (ev->stack_depth) {
        ev->stack = block ? (const char **)(block + args_bytes + frames_bytes) : malloc(stack_bytes);
        if (!ev->stack)
            return -1;
        memcpy(ev->stack, d->scratch_stack, stack_bytes);
    }
    return 0;
}

static int take_event(wire_decoder *d, reader *r, event *ev)
{
    memset(ev, 0, sizeof(*ev));
    int bad = 0;
    uint8_t kind = take_u8(r);
    ev->kind = (event_kind)kind;
    ev->has_status = take_u8(r);
    take_u8(r);
    ev->adapter = (int32_t)take_u32(r);
    ev->irql = (int32_t)take_u32(r);
    ev->index = take_u64(r);
    ev->time_us = take_u64(r);
    ev->status = (int64_t)take_u64(r);
    ev->thread = (int32_t)take_u32(r);
    ev->pid = (int32_t)take_u32(r);
    ev->name = take_string(d, r, &bad);
    ev->scenario = take_string(d, r, &bad);
    ev->callback = take_string(d, r, &bad);
    ev->state = take_string(d, r, &bad);
    /* the arrays go to the scratch until the record is known good */
    size_t depth = take_u16(r), stack_depth = 0;
    if (depth && !r->short_read && scratch_room(&d->scratch_stack, &d->scratch_cap[0], depth, sizeof(char *)) == 0)
        for (size_t i = 0; i < depth && !r->short_read; i++)
            d->scratch_stack[stack_depth++] = take_string(d, r, &bad);
    size_t nargs = take_u16(r), nargs_read = 0;
    if (nargs && !r->short_read && scratch_room(&d->scratch_args, &d->scratch_cap[1], nargs, sizeof(event_arg)) == 0)
        for (size_t i = 0; i < nargs && !r->short_read; i++) {
            event_arg *a = &d->scratch_args[nargs_read++];
            memset(a, 0, sizeof *a);
            a->key = take_string(d, r, &bad);
            a->is_str = take_u8(r);
            if (a->is_str)
                a->str = take_string(d, r, &bad);
            else
                a->num = (int64_t)(take_u64(r) ^ WIRE_VALUE_MASK);
            if (!a->key)
                bad = 1;
        }
    size_t nframes = take_u16(r), frames_read = 0;
    if (nframes && !r->short_read && scratch_room(&d->scratch_frames, &d->scratch_cap[2], nframes, sizeof(frame)) == 0)
        for (size_t i = 0; i < nframes && !r->short_read; i++) {
            frame *f = &d->scratch_frames[frames_read++];
            memset(f, 0, sizeof *f);
            f->pc = take_u64(r);
            f->offset = take_u64(r);
            f->module = take_string(d, r, &bad);
            f->function = take_string(d, r, &bad);
            f->file = take_string(d, r, &bad);
            f->line = (int32_t)take_u32(r);
        }
    /* fields the rules rely on being there */
    if (kind >= EV_KIND_COUNT || r->short_read || bad || r->at != r->len || !ev->name ||
        stack_depth != depth || nargs_read != nargs || frames_read != nframes) {
        memset(ev, 0, sizeof(*ev));
        return -1;
    }
    ev->stack_depth = stack_depth;
    ev->nargs = nargs_read;
    ev->bt.count = frames_read;
    if (place_arrays(d, ev) != 0) {
        event_free(ev);
        return -1;
    }
    return 0;
}

wire_result wire_decode(wire_decoder *d, const uint8_t *buf, size_t len, size_t *used, event *ev)
{
    size_t at = 0;
    wire_result result = WIRE_MORE;
    for (;;) {
        const uint8_t *f = buf + at;
        size_t left = len - at;
        uint64_t where = d->offset + at;
        if (left < 4)
            break;
        uint32_t magic;
        memcpy(&magic, f, 4);
        if (magic != WIRE_MAGIC) {
            result = untrusted(d, "a broken frame at byte %" PRIu64 " of the stream (it begins '%.*s', not the "
                               "frame mark): something other than the host wrote to the event channel",
                               where, (int)(left < 8 ? left : 8), (const char *)f);
            for (char *c = d->problem; *c; c++)
                if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e)
                    *c = '?';
            break;
        }
        if (left < WIRE_HEADER_BYTES)
            break;
        uint16_t version;
        uint32_t plen, seq, pid, tid, check;
        memcpy(&version, f + 4, 2);
        memcpy(&plen, f + 8, 4);
        memcpy(&seq, f + 12, 4);
        memcpy(&pid, f + 16, 4);
        memcpy(&tid, f + 20, 4);
        memcpy(&check, f + 24, 4);
        if (version != WIRE_VERSION || plen > WIRE_MAX_PAYLOAD) {
            result = untrusted(d, "a broken frame at byte %" PRIu64 " of the stream (version %u, length %u)", where,
                               version, plen);
            break;
        }
        if (left < WIRE_HEADER_BYTES + (size_t)plen)
            break;
        if (wire_frame_check(f, plen) != check) {
            result = untrusted(d, "a broken frame at byte %" PRIu64 " of the stream: its checksum does not match "
                               "(bytes were changed or mixed with other writes)", where);
            break;
        }
        if (!d->host_pid && !d->frames)
            d->host_pid = (pid_t)pid;
        if ((pid_t)pid != d->host_pid) {
            /* no pid in the text: the report must read the same from run to run */
            result = untrusted(d, "a record written by another process than the host: a process the driver "
                               "forked wrote to the event channel; its records are not part of the trace");
            break;
        }
        /* Any thread of the host may write: the host serializes its
         * threads' DDI calls (host_thread.h) and so their frames, which
         * keep the one sequence; the event's `thread` says whose it is. */
        (void)tid;
        if (seq != d->next_seq) {
            if (seq > d->next_seq)
                result = untrusted(d, "record %u came where record %u was due: %u record(s) were lost or reordered",
                                   seq, d->next_seq, seq - d->next_seq);
            else
                result = untrusted(d, "record %u came where record %u was due: a record was repeated, reordered "
                                   "or forged", seq, d->next_seq);
            break;
        }
        reader r = { f + WIRE_HEADER_BYTES, plen, 0, 0 };
        uint8_t type = take_u8(&r);
        if (type == WIRE_RECORD_STRING) {
            if (define_string(d, &r) != 0 || r.at != r.len) {
                result = untrusted(d, "record %u (a string definition) does not decode", seq);
                break;
            }
        } else if (type != WIRE_RECORD_EVENT || take_event(d, &r, ev) != 0) {
            result = untrusted(d, "record %u does not decode as an event", seq);
            break;
        } else {
            result = WIRE_EVENT;
        }
        d->next_seq++;
        d->frames++;
        at += WIRE_HEADER_BYTES + plen;
        if (result == WIRE_EVENT)
            break;
    }
    d->offset += at;
    *used = at;
    return result;
}
