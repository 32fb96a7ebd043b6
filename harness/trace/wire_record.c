/* Frame headers, checksums and the event record's layout (wire.h). */
#include "wire_internal.h"

#include <xxhash.h>

/* XXH3 (libxxhash) of the payload seeded with XXH3 of the header's first 24
 * bytes, its low 32 bits: a torn or forged frame fails it as surely as a
 * CRC-32 would, at a tenth of zlib's crc32 cost on a 200-byte frame, and
 * with no state (the signal path calls it). */
uint32_t wire_frame_check(const uint8_t *frame, size_t payload_len)
{
    XXH64_hash_t header = XXH3_64bits(frame, 24);
    return (uint32_t)XXH3_64bits_withSeed(frame + WIRE_HEADER_BYTES, payload_len, header);
}

void wire_put_header(uint8_t *frame, uint32_t payload_len, uint32_t seq, pid_t pid, pid_t tid)
{
    uint32_t magic = WIRE_MAGIC, p = (uint32_t)pid, t = (uint32_t)tid;
    uint16_t version = WIRE_VERSION, reserved = 0;
    memcpy(frame, &magic, 4);
    memcpy(frame + 4, &version, 2);
    memcpy(frame + 6, &reserved, 2);
    memcpy(frame + 8, &payload_len, 4);
    memcpy(frame + 12, &seq, 4);
    memcpy(frame + 16, &p, 4);
    memcpy(frame + 20, &t, 4);
    uint32_t check = wire_frame_check(frame, payload_len);
    memcpy(frame + 24, &check, 4);
}

/* The ids of an event's strings, taken in order as the record is written. */
typedef struct {
    const uint32_t *ids;
    size_t n, next;
} string_ids;

static void put_string(wire_cursor *c, const char *s, string_ids *ids)
{
    if (!s) {
        wire_put_u32(c, WIRE_STRING_NULL);
        return;
    }
    uint32_t id = ids->next < ids->n ? ids->ids[ids->next] : 0;
    ids->next++;
    if (id) {
        wire_put_u32(c, id);
        return;
    }
    size_t len = wire_string_len(s);
    wire_put_u32(c, WIRE_STRING_INLINE);
    wire_put_u32(c, (uint32_t)len);
    wire_put(c, s, len);
}

static uint16_t count16(size_t n)
{
    return n > UINT16_MAX ? UINT16_MAX : (uint16_t)n;
}

void wire_put_event_record(wire_cursor *c, const event *ev, const uint32_t *ids, size_t nids)
{
    string_ids strings = { ids, ids ? nids : 0, 0 };
    wire_put_u8(c, WIRE_RECORD_EVENT);
    wire_put_u8(c, (uint8_t)ev->kind);
    wire_put_u8(c, ev->has_status ? 1 : 0);
    wire_put_u8(c, 0);
    wire_put_u32(c, (uint32_t)ev->adapter);
    wire_put_u32(c, (uint32_t)ev->irql);
    wire_put_u64(c, ev->index);
    wire_put_u64(c, ev->time_us);
    wire_put_u64(c, (uint64_t)ev->status);
    wire_put_u32(c, (uint32_t)ev->thread);
    wire_put_u32(c, (uint32_t)ev->pid);
    put_string(c, ev->name, &strings);
    put_string(c, ev->scenario, &strings);
    put_string(c, ev->callback, &strings);
    put_string(c, ev->state, &strings);
    uint16_t depth = count16(ev->stack_depth);
    wire_put_u16(c, depth);
    for (size_t i = 0; i < depth; i++)
        put_string(c, ev->stack[i], &strings);
    uint16_t nargs = count16(ev->nargs);
    wire_put_u16(c, nargs);
    for (size_t i = 0; i < nargs; i++) {
        const event_arg *a = &ev->args[i];
        put_string(c, a->key, &strings);
        wire_put_u8(c, a->is_str ? 1 : 0);
        if (a->is_str)
            put_string(c, a->str, &strings);
        else
            wire_put_u64(c, (uint64_t)a->num ^ WIRE_VALUE_MASK);
    }
    uint16_t nframes = count16(ev->bt.count);
    wire_put_u16(c, nframes);
    for (size_t i = 0; i < nframes; i++) {
        const frame *f = &ev->bt.frames[i];
        wire_put_u64(c, f->pc);
        wire_put_u64(c, f->offset);
        put_string(c, f->module, &strings);
        put_string(c, f->function, &strings);
        put_string(c, f->file, &strings);
        wire_put_u32(c, (uint32_t)f->line);
    }
}

/* Unchecked stores for wire_put_event_record_fast: the caller made room. */
#define PUT(p, v) do { __typeof__(v) v_ = (v); memcpy((p), &v_, sizeof v_); (p) += sizeof v_; } while (0)

size_t wire_event_record_bound(const event *ev)
{
    return 44 + 4 * 4 + 2 + 4 * (size_t)count16(ev->stack_depth) + 2 + 13 * (size_t)count16(ev->nargs) + 2 +
           32 * (size_t)count16(ev->bt.count);
}

size_t wire_put_event_record_fast(uint8_t *out, const event *ev, const uint32_t *ids)
{
    uint8_t *p = out;
    size_t next = 0;
#define PUT_STRING(s) PUT(p, (uint32_t)((s) ? ids[next++] : WIRE_STRING_NULL))
    PUT(p, (uint8_t)WIRE_RECORD_EVENT);
    PUT(p, (uint8_t)ev->kind);
    PUT(p, (uint8_t)(ev->has_status ? 1 : 0));
    PUT(p, (uint8_t)0);
    PUT(p, (uint32_t)ev->adapter);
    PUT(p, (uint32_t)ev->irql);
    PUT(p, (uint64_t)ev->index);
    PUT(p, (uint64_t)ev->time_us);
    PUT(p, (uint64_t)ev->status);
    PUT(p, (uint32_t)ev->thread);
    PUT(p, (uint32_t)ev->pid);
    PUT_STRING(ev->name);
    PUT_STRING(ev->scenario);
    PUT_STRING(ev->callback);
    PUT_STRING(ev->state);
    uint16_t depth = count16(ev->stack_depth);
    PUT(p, depth);
    for (size_t i = 0; i < depth; i++)
        PUT_STRING(ev->stack[i]);
    uint16_t nargs = count16(ev->nargs);
    PUT(p, nargs);
    for (size_t i = 0; i < nargs; i++) {
        const event_arg *a = &ev->args[i];
        PUT_STRING(a->key);
        PUT(p, (uint8_t)(a->is_str ? 1 : 0));
        if (a->is_str)
            PUT_STRING(a->str);
        else
            PUT(p, (uint64_t)a->num ^ WIRE_VALUE_MASK);
    }
    uint16_t nframes = count16(ev->bt.count);
    PUT(p, nframes);
    for (size_t i = 0; i < nframes; i++) {
        const frame *f = &ev->bt.frames[i];
        PUT(p, (uint64_t)f->pc);
        PUT(p, (uint64_t)f->offset);
        PUT_STRING(f->module);
        PUT_STRING(f->function);
        PUT_STRING(f->file);
        PUT(p, (uint32_t)f->line);
    }
#undef PUT_STRING
    return (size_t)(p - out);
}
#undef PUT

size_t wire_event_string_list(const event *ev, const char **out, size_t max)
{
    size_t n = 0;
#define TAKE(s) do { if ((s) && n < max) out[n++] = (s); } while (0)
    TAKE(ev->name);
    TAKE(ev->scenario);
    TAKE(ev->callback);
    TAKE(ev->state);
    /* the record's own limits, so that ids and strings stay in step */
    for (size_t i = 0; i < count16(ev->stack_depth); i++)
        TAKE(ev->stack[i]);
    for (size_t i = 0; i < count16(ev->nargs); i++) {
        TAKE(ev->args[i].key);
        if (ev->args[i].is_str)
            TAKE(ev->args[i].str);
    }
    for (size_t i = 0; i < count16(ev->bt.count); i++) {
        const frame *f = &ev->bt.frames[i];
        TAKE(f->module);
        TAKE(f->function);
        TAKE(f->file);
    }
#undef TAKE
    return n;
}
