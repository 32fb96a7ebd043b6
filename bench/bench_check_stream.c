/* Benchmark: where `mpconform check` spends its time per event, phase by
 * phase, on a real trace (scale one up with bench/scale_trace.sh):
 * reading lines, jansson's parse alone, the whole decoding into events.
 *   build/bench/bench_check_stream TRACE.jsonl
 * The whole pipeline (with judging) is `mpconform check -q TRACE.jsonl`
 * under /usr/bin/time. Prints figures; asserts nothing. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "input/input_file.h"
#include "trace/event_json.h"

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum { PHASE_READ, PHASE_PARSE, PHASE_DECODE };

static void phase(const char *path, int what, const char *label)
{
    FILE *f = fopen(path, "re");
    if (!f) {
        perror(path);
        exit(2);
    }
    char *line = NULL;
    size_t cap = 0, n = 0;
    double t0 = cpu_s();
    while (input_read_line(f, &line, &cap, 4u << 20) >= 0) {
        n++;
        if (what == PHASE_PARSE) {
            json_t *o = json_loads(line, JSON_REJECT_DUPLICATES, NULL);
            json_decref(o);
        } else if (what == PHASE_DECODE) {
            event ev;
            char err[256];
            if (event_from_json(line, &ev, err, sizeof err) == 0)
                event_free(&ev);
        }
    }
    double t = cpu_s() - t0;
    printf("%-44s %8zu events  %6.2f us/event  %9.0f events/s\n", label, n, n ? t * 1e6 / (double)n : 0.0,
           t > 0 ? (double)n / t : 0.0);
    free(line);
    fclose(f);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: bench_check_stream TRACE.jsonl\n");
        return 2;
    }
    phase(argv[1], PHASE_READ, "read lines (input_read_line)");
    phase(argv[1], PHASE_PARSE, "read + json_loads (jansson, no event)");
    phase(argv[1], PHASE_DECODE, "read + event_from_json (jansson -> event)");
    return 0;
}
