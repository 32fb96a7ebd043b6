/* What the judge asks of one host: where its events go, which scenario it
 * runs, which call NDIS fails. The judge fills it (judge/isolation.c) and
 * passes it on the host's command line; the host (host/host_state.c) keeps
 * it for the scenario. */
#ifndef MPC_HOST_SETUP_H
#define MPC_HOST_SETUP_H

#include "../input/tables.h"

typedef struct {
    int out_fd;                  /* events go here, as binary frames (wire.h) */
    const char *scenario;
    const ndis_tables *tables;
    const char *inject_ddi;      /* fail the inject_nth call of this DDI (1-based) */
    unsigned inject_nth;
    const char *inject_signature;/* or: fail the call whose site signature matches (sweep) */
    const char *inject_within;   /* or: fail the inject_within_nth failable call made inside this callback */
    unsigned inject_within_nth;  /*     (a scenario's inject: {allocation: N}, 1-based) */
    unsigned interrupt_points;   /* INTERRUPT_* bits of scenario.h */
} host_setup;

/* Exit codes of a host process (the judge reads them). */
#define HOST_EXIT_OK 0
#define HOST_EXIT_LOAD_ERROR 2
#define HOST_EXIT_INTERNAL 3
#define HOST_EXIT_HANG 71
#define HOST_EXIT_BUGCHECK 72   /* the driver called KeBugCheckEx: a crash event was sent */
#define HOST_EXIT_NOT_EMULATED 73 /* the driver called a DDI the host does not emulate: a crash event was sent */

#endif
