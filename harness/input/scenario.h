/* Scenarios: the operations NDIS performs, in order, read from YAML under
 * fixtures/scenarios/ (format: docs/scenarios.md). */
#ifndef MPC_SCENARIO_H
#define MPC_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include "yamldoc.h"

/* The most virtual time a scenario may take, in microseconds (one wait, and
 * all its waits together: scenario_budget.h). */
#define SCENARIO_MAX_WAIT_US (3600ULL * 1000000)

typedef enum {
    STEP_INITIALIZE,
    STEP_RESTART,
    STEP_PAUSE,
    STEP_RESET,
    STEP_RESET_TWICE,     /* a second reset while the first is pending */
    STEP_CHECK_FOR_HANG,
    STEP_OID,
    STEP_SEND,
    STEP_INTERRUPT,
    STEP_RETURN_RECEIVES,
    STEP_WAIT,
    STEP_HALT,
    STEP_SHUTDOWN,
    STEP_PNP_EVENT,
    STEP_UNLOAD,
    STEP_OP_COUNT
} step_op;

const char *step_op_name(step_op op);

typedef struct {
    step_op op;
    int adapter;          /* which adapter, from 0 */
    int line;             /* where the step is written */
    int column;
    int64_t value;        /* halt/shutdown action, wait microseconds, send count, PnP event */
    int null_attributes;  /* restart: RestartAttributes = NULL */
    int oid_set;          /* oid: 1 set, 0 query */
    uint32_t oid;
    uint32_t length;
    int no_wait;          /* oid: wait: false */
} step;

typedef struct {
    char *keyword;
    int is_str;
    int64_t num;
    char *str;
} scenario_config;

/* Points at which the emulated hardware raises an interrupt by itself. */
enum {
    INTERRUPT_AFTER_REGISTER = 1 << 0,    /* as soon as NdisMRegisterInterruptEx succeeded */
    INTERRUPT_BEFORE_DEREGISTER = 1 << 1  /* inside NdisMDeregisterInterruptEx, before it returns (000) */
};

/* What a scenario is written to exercise (expects:): a callback that
 * returns a given status, or any failure, or a callback or DDI that is called
 * at all.  The judge checks each against the trace; one that did not happen
 * makes the scenario "not exercised" rather than "completed". */
typedef enum {
    EXPECT_STATUS,    /* the callback returned this status at least once */
    EXPECT_FAILURE,   /* the callback returned a failure status (NT_ERROR) */
    EXPECT_CALLED     /* the callback was entered / the DDI was called */
} expect_kind;

typedef struct {
    char *name;           /* MiniportRestart, NdisMAllocatePort, ... */
    expect_kind kind;
    int64_t status;       /* EXPECT_STATUS */
} scenario_expect;

/* inject: NDIS fails the resources the driver asks for inside one callback. */
typedef struct {
    char *within;         /* the callback (MiniportInitializeEx, MiniportRestart); NULL: none */
    unsigned allocation;  /* fail the Nth failable allocation made within it, from 1 */
    int each;             /* allocation: each -- one run per allocation point, in turn */
} scenario_inject;

typedef struct {
    char *name;
    char *description;
    char *file;
    int adapters;
    unsigned interrupt_points;
    scenario_config *config;
    size_t nconfig;
    step *steps;
    size_t nsteps;
    scenario_expect *expects;
    size_t nexpects;
    scenario_inject inject;
} scenario;

/* Parsers for the expects: and inject: keys (scenario_intent.c). */
int scenario_parse_expects(const ynode *map, scenario *sc, yerror *err);
int scenario_parse_inject(const ynode *map, scenario *sc, yerror *err);
void scenario_intent_free(scenario *sc);

typedef struct {
    scenario *items;
    size_t count;
} scenario_list;

/* Loads one scenario file; 0, or -1 with err "file:line:column: ...". */
int scenario_load_file(const char *path, scenario *out, yerror *err);
/* Loads every *.yaml of dir, sorted by file name. */
int scenario_load_dir(const char *dir, scenario_list *out, yerror *err);
int scenario_list_add_file(scenario_list *list, const char *path, yerror *err);
void scenario_free(scenario *s);
void scenario_list_free(scenario_list *list);

#endif
