/* libFuzzer target: any bytes as the files of the findings policy
 * (cli/policy.c): the project file mpconform.yaml, a suppressions file and
 * a baseline (JSON), each loader given the same input. A policy that loads
 * is applied, as `check` would, to a result of one finding (a leak at
 * adapter.c:22 in VnicAllocateAdapter), so its globs, severities and
 * baseline keys meet a real finding. */
#include <stdlib.h>
#include <string.h>

#include "cli/policy.h"
#include "memfile.h"

static void one_finding(run_result *r)
{
    memset(r, 0, sizeof *r);
    r->driver = strdup("drv.so");
    r->tool_version = strdup("fuzz");
    r->scenarios = calloc(1, sizeof *r->scenarios);
    if (!r->scenarios)
        return;
    r->nscenarios = 1;
    scenario_result *sc = &r->scenarios[0];
    sc->name = strdup("lifecycle");
    sc->description = strdup("");
    violation v;
    memset(&v, 0, sizeof v);
    v.rule_id = strdup("HALT-FREE-ALL");
    v.sev = SEV_ERROR;
    v.message = strdup("memory still held");
    v.scenario = strdup("lifecycle");
    v.callback = strdup("MiniportHaltEx");
    v.state = strdup("Paused");
    v.origin.frames = calloc(1, sizeof(frame));
    if (v.origin.frames) {
        v.origin.count = 1;
        v.origin.frames[0].function = "VnicAllocateAdapter";
        v.origin.frames[0].file = "sample-miniports/vnic/adapter.c";
        v.origin.frames[0].line = 22;
    }
    if (violation_list_push(&sc->violations, &v) != 0)
        violation_free(&v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int (*const loaders[])(policy *, const char *, char *, size_t) = {
        policy_load_config, policy_load_suppressions, policy_load_baseline,
    };
    const char *path = memfile_path(data, size);
    char err[1024];
    for (size_t i = 0; i < sizeof loaders / sizeof loaders[0]; i++) {
        policy pol;
        policy_init(&pol);
        if (loaders[i](&pol, path, err, sizeof err) == 0) {
            run_result r;
            one_finding(&r);
            policy_apply(&pol, &r);
            run_result_free(&r);
        }
        policy_free(&pol);
    }
    return 0;
}
