/* `json_floor TRACE REPS`: the baseline of the `mpconform check` figure.
 * Reads TRACE (JSON lines) and parses each line with jansson, the least
 * any reader of trace.jsonl does; prints the median over REPS passes of
 * the CPU time per line in nanoseconds. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "baseline.h"

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
            json_error_t err;
            json_t *j = json_loadb(line, (size_t)len, 0, &err);
            if (!j) {
                fprintf(stderr, "%s:%ld:%d: %s\n", argv[1], lines + 1, err.column, err.text);
                return 1;
            }
            json_decref(j);
            lines++;
        }
        per_line[r] = lines ? (double)(cpu_ns() - start) / (double)lines : 0;
        fclose(f);
    }
    free(line);
    printf("%.1f\n", median(per_line, reps));
    return 0;
}
