/* libFuzzer target: the judge's side of the host's event channel
 * (trace/wire_decode.c). The miniport runs in the host's process: it can
 * write any bytes to the channel, and it can make a frame's check word as
 * the host does. So the input is a list of payloads, each sent in a
 * well-formed frame (the next sequence number, the host's pid, the check
 * word the decoder expects): the decoder must decode or refuse each
 * without reading outside it. Every event decoded is then written as its
 * trace.jsonl line both ways, the fast writer against jansson (abort()
 * when they differ), and the events are judged with the shipped rules as
 * one scenario, as a live run judges whatever a host sent (the story and
 * its spans too: judge_traces keeps it).
 * Input: [payload length, 2 bytes little-endian][payload] ... */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/event_json.h"
#include "trace/wire.h"
#include "judge/coverage.h"
#include "judge/judge.h"

#define HOST_PID 4242

static ruleset *shipped;
static coverage_plan *plan;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *dirs[] = { "checks" };
    yerror err;
    if (!(shipped = ruleset_load(dirs, 1, &err)) || !(plan = coverage_load("fixtures/coverage.yaml", &err))) {
        fprintf(stderr, "fuzz_wire: %s\n", err.text);
        abort();
    }
    return 0;
}

/* The payloads of data, each framed as the host frames it, into one stream
 * (*len bytes, malloc'd); NULL when memory runs out. */
static uint8_t *frame_stream(const uint8_t *data, size_t size, size_t *len)
{
    uint8_t *out = malloc(size / 2 * (WIRE_HEADER_BYTES + 2) + size + WIRE_HEADER_BYTES);
    uint32_t seq = 0;
    *len = 0;
    for (size_t at = 0; out && at + 2 <= size; seq++) {
        size_t n = (size_t)data[at] | (size_t)data[at + 1] << 8;
        at += 2;
        if (n > size - at)
            n = size - at;
        memcpy(out + *len + WIRE_HEADER_BYTES, data + at, n);
        wire_put_header(out + *len, (uint32_t)n, seq, HOST_PID, HOST_PID);
        *len += WIRE_HEADER_BYTES + n;
        at += n;
    }
    return out;
}

/* ev's line both ways: abort() when the fast writer and jansson differ. */
static void compare_writers(const event *ev)
{
    char *want = event_to_json_reference(ev);
    json_text written = { 0 };
    if (want && (event_json_append(&written, ev) != 0 || written.len != strlen(want) + 1 ||
                 memcmp(written.text, want, written.len - 1) != 0))
        abort();
    free(want);
    free(written.text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t len;
    uint8_t *stream = frame_stream(data, size, &len);
    if (!stream)
        return 0;
    static char name[] = "fuzz";
    judged_trace trace = { .name = name, .outcome = SCENARIO_COMPLETED };
    wire_decoder d;
    wire_decoder_init(&d, HOST_PID);
    for (size_t at = 0;;) {
        event ev;
        size_t used = 0;
        wire_result r = wire_decode(&d, stream + at, len - at, &used, &ev);
        if (used > len - at)
            abort();   /* consumed more than it was given */
        at += used;
        if (r != WIRE_EVENT)
            break;
        ev.index = trace.events.count;   /* as the live judge numbers what a host sent */
        compare_writers(&ev);
        if (event_list_push(&trace.events, &ev) != 0)
            event_free(&ev);
    }
    wire_decoder_free(&d);
    free(stream);
    run_result result;
    memset(&result, 0, sizeof result);
    judge_traces(shipped, &trace, 1, 1, plan, &result);
    run_result_free(&result);
    event_list_free(&trace.events);
    return 0;
}
