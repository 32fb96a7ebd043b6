/* Report writers.  Every writer takes the same run result; files are
 * written to a temporary name and renamed, so an interrupted run never
 * leaves a half-written report. */
#ifndef MPC_REPORT_H
#define MPC_REPORT_H

#include <stdio.h>
#include "../rules/violation.h"
#include "../trace/scenario_story.h"

typedef enum {
    SCENARIO_COMPLETED,   /* the host ran every step */
    SCENARIO_CRASHED,     /* signal or exit inside the miniport */
    SCENARIO_HUNG,        /* killed at the deadline */
    SCENARIO_LOAD_ERROR,  /* the driver could not be loaded or registered */
    SCENARIO_NOT_EXERCISED, /* every step ran, but what the scenario is for (expects:) never happened */
    SCENARIO_STOPPED,     /* the harness stopped it at its own limit (--max-events) */
    SCENARIO_OUTCOME_COUNT
} scenario_outcome;

const char *scenario_outcome_name(scenario_outcome o);

/* Something a run could not prove, and why: an expectation of the scenario
 * that never happened, a step NDIS could not perform, a teardown that could
 * not halt the adapter, or a scenario that stopped early. */
typedef struct {
    char *what;           /* "MiniportRestart returns NDIS_STATUS_PENDING", "step halt (line 7)" */
    char *reason;         /* "MiniportRestart never returned NDIS_STATUS_PENDING (it returned NDIS_STATUS_SUCCESS)" */
    char *scenario;       /* where (run-level list only) */
} unproven_item;

typedef struct {
    unproven_item *items;
    size_t count;
} unproven_list;

int unproven_add(unproven_list *l, const char *what, const char *reason, const char *scenario);
void unproven_list_free(unproven_list *l);

typedef struct {
    char *name;
    char *description;
    scenario_outcome outcome;
    size_t event_count;
    violation_list violations;
    unproven_list not_exercised;  /* expectations that did not happen */
    unproven_list skipped;        /* steps NDIS could not perform, teardown it could not do */
    unproven_list exercised;      /* expectations that did happen (reason empty) */
    scenario_story story;         /* transitions taken, resources held (HTML diagram and timeline) */
    uint64_t wall_us;             /* the host's wall time, measured by the judge; 0 unknown
                                     (a re-judged trace): only JUnit shows it */
} scenario_result;

typedef struct {
    char *name;           /* "transition Paused -> Restarting", "MiniportResetEx -> NDIS_STATUS_PENDING" */
    char *group;          /* "transition", "callback return", "DDI answer" */
    unsigned count;       /* times seen; 0 = never exercised */
} coverage_item;

typedef struct {
    char *driver;         /* path of the miniport .so */
    char *tool_version;
    int baseline_used;    /* a --baseline was given: findings are new or known */
    char *source_root;    /* --source-root, absolute with a trailing '/', or NULL:
                             SARIF makes source paths under it relative */
    severity fail_on;
    scenario_result *scenarios;
    size_t nscenarios;
    coverage_item *coverage;
    size_t ncoverage;
    /* The honest verdict: contracts this run did not exercise for this
     * driver (no scenario proved them), with the reason and the scenario. */
    unproven_list unproven;
} run_result;

/* Counts of findings at each severity over all scenarios. */
void run_result_counts(const run_result *r, size_t counts[3]);
/* 1 when any finding is at or above fail_on. */
int run_result_failed(const run_result *r);
void run_result_free(run_result *r);

/* Text report (also what `run` prints on stdout). color: use ANSI colours. */
int report_write_text(FILE *out, const run_result *r, int color);
/* Each returns 0, or -1 with errno-style message in err (size errlen). */
int report_write_json(const char *path, const run_result *r, char *err, size_t errlen);
int report_write_junit(const char *path, const run_result *r, char *err, size_t errlen);
int report_write_sarif(const char *path, const run_result *r, char *err, size_t errlen);
int report_write_html(const char *path, const run_result *r, char *err, size_t errlen);

/* Writes data to path via path.tmp + rename. */
int report_atomic_write(const char *path, const char *data, size_t len, char *err, size_t errlen);
/* The same, the content written by fill (0, or -1 with errno set): a file
 * too large to hold in memory. A failure leaves path as it was. */
typedef int (*report_fill_fn)(int fd, void *ctx);
int report_atomic_write_with(const char *path, report_fill_fn fill, void *ctx, char *err, size_t errlen);
/* The same for a file already written, unnamed (open's O_TMPFILE) in
 * path's directory: it is named path, atomically, and nothing is copied.
 * 0; 1 when it cannot be named so (not such a file, no /proc), for the
 * caller to copy it instead; -1 with err. fd stays the caller's. */
int report_atomic_adopt(const char *path, int fd, char *err, size_t errlen);
/* Writes all len bytes to fd, again after a short write or EINTR. 0, or -1 with errno. */
int report_write_all(int fd, const char *data, size_t len);

#endif
