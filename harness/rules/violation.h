/* A finding: one rule broken at one point of one scenario. */
#ifndef MPC_VIOLATION_H
#define MPC_VIOLATION_H

#include <stddef.h>
#include <stdint.h>
#include "../trace/event.h"

typedef enum { SEV_INFO = 0, SEV_WARNING = 1, SEV_ERROR = 2 } severity;

const char *severity_name(severity s);
/* -1 when name is not error, warning or info. */
int severity_from_name(const char *name);

typedef struct {
    char *rule_id;
    severity sev;
    char *summary;
    char *doc;            /* "WDK page title: passage enforced" */
    char *doc_url;        /* the page's public address */
    char *fix;            /* how to fix, NULL when the rule gives none */
    char *message;        /* rule message with values filled in */
    char *scenario;
    uint64_t event_index; /* the offending event */
    int adapter;
    char *callback;       /* callback running at the offending event, "" none */
    char *state;          /* adapter state at the offending event */
    backtrace_t bt;       /* the offending call */
    backtrace_t origin;   /* for resources: where it was allocated */
    char *suppressed;     /* the reason a suppression gives, NULL when not suppressed */
    int baselined;        /* 1: the finding is in the --baseline (known, not new) */
} violation;

typedef struct {
    violation *items;
    size_t count;
    size_t capacity;
} violation_list;

int violation_list_push(violation_list *list, violation *v); /* takes ownership */
void violation_free(violation *v);
void violation_list_free(violation_list *list);
/* 1 when the finding counts for the verdict (not suppressed, not in the baseline). */
int violation_active(const violation *v);
/* The frame a finding is located at: the first of the offending call with a
 * source line, else of the allocation (a leak is fixed where it was
 * allocated); NULL when no frame has one. */
const frame *violation_primary_frame(const violation *v);
/* A key that stays the same for the same rule at the same source line from
 * run to run, whatever the addresses in the message, the scenario or the
 * directory the driver was built in: "hex:line". */
void violation_fingerprint(const violation *v, char *buf, size_t len);

/* Stable order: scenario order is kept by the caller; within one, by event index then rule id. */
void violation_list_sort(violation_list *list);

#endif
