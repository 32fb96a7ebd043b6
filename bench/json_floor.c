/* `json_floor TRACE REPS`: the baseline of the `mpconform check` figure.
 * Reads TRACE (JSON lines) and looks at each byte of each line once,
 * counting the bytes JSON's structure is made of: the least any reader of
 * trace.jsonl does (`check`'s reader, harness/trace/event_json_read.c,
 * does this much and builds the event); prints the median over REPS
 * passes of the CPU time per line in nanoseconds. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "baseline.h"

static unsigned char is_structure[256] = { ['"'] = 1, ['{'] = 1, ['}'] = 1, ['['] = 1, [']'] = 1, [','] = 1, [':'] = 1 };

int main(int argc, char **argv)
{
    int reps = argc == 3 ? atoi(argv[2]) : 0;
    if (reps < 1 || reps > MAX_REPS) {
        fprintf(stderr, "usage: json_floor TRACE REPS(1..%d)\n", MAX_REPS);
        return 2;
    }
    double per_line[MAX_REPS];
    char *line = NULL;
    size_t cap = 0;
    for (int r = 0; r < reps; r++) {
        FILE *f = fopen(argv[1], "r");
        if (!f) {
            perror(argv[1]);
            return 1;
        }
        long lines = 0;
        int64_t start = cpu_ns();
        ssize_t len;
        while ((len = getline(&line, &cap, f)) > 0) {
            size_t structure = 0;
            for (ssize_t i = 0; i < len; i++)
                structure += is_structure[(unsigned char)line[i]];
            if (structure == 0) {
                fprintf(stderr, "%s:%ld: not a JSON line\n", argv[1], lines + 1);
                return 1;
            }
            lines++;
        }
        per_line[r] = lines ? (double)(cpu_ns() - start) / (double)lines : 0;
        fclose(f);
    }
    free(line);
    printf("%.1f\n", median(per_line, reps));
    return 0;
}
