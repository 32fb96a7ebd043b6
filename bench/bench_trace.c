/* Benchmark: the cost of the event pipeline and of judging, per event,
 * at growing trace sizes (cost should grow linearly with events).
 * Prints figures; asserts nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "trace/event_json.h"
#include "trace/wire.h"

#include <unistd.h>
#include "rules/rules.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The host->judge wire (trace/wire.h): n events batched into a temporary
 * file (the writes included), then decoded back; ns per event each way. */
static void bench_wire(const event_list *list, double *encode_ns, double *decode_ns)
{
    FILE *tf = tmpfile();
    wire_encoder e;
    if (!tf || wire_encoder_init(&e, fileno(tf)) != 0) {
        *encode_ns = *decode_ns = -1;
        return;
    }
    double t0 = now_s();
    for (size_t i = 0; i < list->count; i++)
        wire_encode_event(&e, &list->items[i]);
    wire_encoder_free(&e);
    double t1 = now_s();
    off_t size = lseek(fileno(tf), 0, SEEK_END);
    uint8_t *bytes = malloc((size_t)size);
    if (pread(fileno(tf), bytes, (size_t)size, 0) != size)
        size = 0;
    fclose(tf);
    double t2 = now_s();
    wire_decoder d;
    wire_decoder_init(&d, getpid());
    size_t at = 0, used;
    event ev;
    while (wire_decode(&d, bytes + at, (size_t)size - at, &used, &ev) == WIRE_EVENT) {
        at += used;
        event_free(&ev);
    }
    double t3 = now_s();
    wire_decoder_free(&d);
    free(bytes);
    *encode_ns = (t1 - t0) / (double)list->count * 1e9;
    *decode_ns = (t3 - t2) / (double)list->count * 1e9;
}

/* A plausible trace: alloc/free pairs of memory inside a halt-less run. */
static void build_trace(event_list *list, size_t n)
{
    static char *stack[] = { "MiniportInitializeEx" };
    for (size_t i = 0; i < n; i++) {
        event ev;
        memset(&ev, 0, sizeof(ev));
        ev.index = i;
        ev.kind = EV_DDI;
        ev.name = strdup(i % 2 ? "NdisFreeMemory" : "NdisAllocateMemoryWithTagPriority");
        ev.scenario = strdup("bench");
        ev.callback = strdup("MiniportInitializeEx");
        ev.stack = calloc(1, sizeof(char *));
        ev.stack[0] = strdup(stack[0]);
        ev.stack_depth = 1;
        ev.state = strdup("Initializing");
        ev.args = calloc(2, sizeof(event_arg));
        ev.args[0].key = strdup("handle");
        ev.args[0].num = (int64_t)(0x10000 + (i / 2) * 64);
        ev.args[1].key = strdup("Tag");
        ev.args[1].num = 0x434e5056;
        ev.nargs = 2;
        ev.has_status = 0;
        event_list_push(list, &ev);
    }
}

int main(void)
{
    const char *dirs[] = { "checks" };
    yerror err;
    ruleset *rs = ruleset_load(dirs, 1, &err);
    if (!rs) {
        fprintf(stderr, "bench: %s\n", err.text);
        return 1;
    }
    printf("%-10s %14s %14s %14s %14s %14s\n", "events", "JSON enc ns/ev", "JSON dec ns/ev", "wire enc ns/ev",
           "wire dec ns/ev", "judge ns/ev");
    for (size_t n = 10000; n <= 1000000; n *= 10) {
        event_list list = { 0 };
        build_trace(&list, n);
        double t0 = now_s();
        char **lines = malloc(n * sizeof(char *));
        for (size_t i = 0; i < n; i++)
            lines[i] = event_to_json(&list.items[i]);
        double t1 = now_s();
        for (size_t i = 0; i < n; i++) {
            event ev;
            char e[128];
            event_from_json(lines[i], &ev, e, sizeof(e));
            event_free(&ev);
            free(lines[i]);
        }
        double t2 = now_s();
        double wire_enc, wire_dec;
        bench_wire(&list, &wire_enc, &wire_dec);
        double t3 = now_s();
        violation_list out = { 0 };
        ruleset_evaluate(rs, &list, &out);
        double t4 = now_s();
        printf("%-10zu %14.0f %14.0f %14.0f %14.0f %14.0f\n", n, (t1 - t0) / (double)n * 1e9,
               (t2 - t1) / (double)n * 1e9, wire_enc, wire_dec, (t4 - t3) / (double)n * 1e9);
        violation_list_free(&out);
        free(lines);
        event_list_free(&list);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS: %ld KiB\n", ru.ru_maxrss);
    ruleset_free(rs);
    return 0;
}
