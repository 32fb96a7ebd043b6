/* A finding: one rule broken at one point of one scenario. */
#ifndef MPC_VIOLATION_H
#define MPC_VIOLATION_H

#include <stddef.h>
#include <stdint.h>
#include "event.h"

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
} violation;

typedef struct {
    violation *items;
    size_t count;
    size_t capacity;
} violation_list;

int violation_list_push(violation_list *list, violation *v); /* takes ownership */
void violation_free(violation *v);
void violation_list_free(violation_list *list);
/* Stable order: scenario order is kept by the caller; within one, by event index then rule id. */
void violation_list_sort(violation_list *list);

#endif
