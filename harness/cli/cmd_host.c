/* `mpconform-host __host DRIVER SCENARIO-FILE SCENARIO-NAME [--tables-fd FD]
 * [--trace-name NAME] [--inject-ddi DDI --inject-nth N] [--inject-site SIGNATURE]`: the host
 * process the judge starts for one scenario (not for users; host_main.c). Events go to
 * descriptor HOST_EVENT_FD. The judge loaded the rules; the host reads
 * only the resource and IRQL tables, as the blob of input/tables_wire.h on
 * descriptor FD, and parses no YAML but its scenario. */
#include "cli.h"
#include "../host/host_run.h"
#include "../judge/isolation.h"
#include "../input/tables_wire.h"
#include "../trace/wire.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_host(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "mpconform __host: internal command, started by 'mpconform run'\n");
        return EXIT_USAGE;
    }
    const char *driver = argv[1], *file = argv[2], *name = argv[3];
    int tables_fd = -1;
    const char *trace_name = name;
    host_setup setup;
    memset(&setup, 0, sizeof(setup));
    setup.out_fd = HOST_EVENT_FD;
    for (int i = 4; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--tables-fd") == 0) {
            char *end;
            long fd = strtol(argv[i + 1], &end, 10);
            if (*argv[i + 1] == '\0' || *end || fd < 0 || fd > 1023) {
                fprintf(stderr, "mpconform-host: --tables-fd takes a descriptor number, not '%s'\n", argv[i + 1]);
                return HOST_EXIT_INTERNAL;
            }
            tables_fd = (int)fd;
        }
        else if (strcmp(argv[i], "--trace-name") == 0)
            trace_name = argv[i + 1];
        else if (strcmp(argv[i], "--inject-ddi") == 0)
            setup.inject_ddi = argv[i + 1];
        else if (strcmp(argv[i], "--inject-nth") == 0)
            setup.inject_nth = (unsigned)strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--inject-site") == 0)
            setup.inject_signature = argv[i + 1];
    }
    /* Without tables the host still plays NDIS, but keeps no ledger and
     * runs every callback at PASSIVE_LEVEL: only tests ask for that. */
    ndis_tables tables;
    char tables_err[512];
    if (tables_fd >= 0 && tables_from_fd(tables_fd, &tables, tables_err, sizeof tables_err) != 0) {
        fprintf(stderr, "mpconform __host: %s\n", tables_err);
        return HOST_EXIT_INTERNAL;
    }
    if (tables_fd >= 0)
        close(tables_fd);
    yerror err;
    scenario sc;
    if (scenario_load_file(file, &sc, &err) != 0) {
        fprintf(stderr, "mpconform __host: %s\n", err.text);
        return HOST_EXIT_INTERNAL;
    }
    int rc = HOST_EXIT_INTERNAL;
    if (strcmp(sc.name, name) == 0) {
        setup.tables = tables_fd >= 0 ? &tables : NULL;
        setup.scenario = trace_name;
        wire_intern_pin(trace_name);   /* an argument: there until the process ends */
        /* The scenario's own inject: {allocation: N}. With 'each' the judge
         * runs the scenario once plainly, then once per allocation site
         * (--inject-site); an injection asked on the command line wins. */
        if (sc.inject.within && !sc.inject.each && !setup.inject_ddi && !setup.inject_signature) {
            setup.inject_within = sc.inject.within;
            setup.inject_within_nth = sc.inject.allocation;
        }
        rc = host_run_scenario(driver, &sc, &setup);
    } else {
        fprintf(stderr, "mpconform __host: %s holds scenario '%s', not '%s'\n", file, sc.name, name);
    }
    /* The miniport may still hold memory and timers: leave without tearing down. */
    fflush(NULL);
    _exit(rc);
}
