/* libFuzzer target: any bytes as a scenario file (input/scenario.c and
 * scenario_intent.c), through the same path-based loader `run --scenario
 * FILE` uses. */
#include <stdint.h>

#include "memfile.h"
#include "input/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    scenario sc;
    yerror err;
    if (scenario_load_file(memfile_path(data, size), &sc, &err) == 0)
        scenario_free(&sc);
    return 0;
}
