/* The compiled form of the rules: what the loader (rule_load.c) builds from
 * YAML and the evaluator (evaluate.c, monitor.c, analysis.c) runs. */
#ifndef MPC_RULES_MODEL_H
#define MPC_RULES_MODEL_H

#include <stdint.h>
#include "rules.h"
#include "../trace/ledger.h"
#include "doc_pages.h"
#include "rule_pattern.h"

/* A field of an event a condition, key or message can name. */
typedef enum {
    F_KIND, F_NAME, F_ADAPTER, F_CALLBACK, F_STATE, F_IRQL, F_TIME, F_STATUS,
    F_STATUS_CLASS, F_INDEX, F_SCENARIO, F_ARG
} field_id;

typedef struct {
    field_id id;
    char *arg;            /* F_ARG: the argument name */
} field_ref;

typedef struct {
    int is_str;
    int64_t num;
    char *str;
} value;

typedef enum {
    OP_EQ, OP_NE, OP_GT, OP_GE, OP_LT, OP_LE, OP_IN, OP_NOT_IN, OP_MATCHES, OP_EXISTS,
    OP_SAME_AS, OP_DIFFERS_FROM, OP_CLASS
} cond_op;

typedef struct {
    field_ref field;
    cond_op op;
    value *values;        /* one for comparisons, the set for in/not_in */
    size_t nvalues;
    rule_pattern *re;     /* OP_MATCHES */
    int exists;           /* OP_EXISTS: true or false */
    field_ref other;      /* OP_SAME_AS / OP_DIFFERS_FROM */
} condition;

/* One event shape: every listed constraint must hold. */
typedef struct {
    unsigned kinds;       /* bit per event_kind; 0 = any */
    char **names;         /* any of; none = any name */
    size_t nnames;
    char **within;        /* any of these callbacks on the stack */
    size_t nwithin;
    char **states;        /* adapter state any of */
    size_t nstates;
    condition *conds;
    size_t nconds;
    field_ref *key;       /* monitors: where this event's key comes from (overrides the monitor's) */
    size_t nkey;
} matcher;

typedef struct {
    int *from;            /* state indexes; NULL with from_any */
    size_t nfrom;
    int from_any;
    matcher on;
    int to;               /* state index, -1 = stay (fail without to) */
    int fail;
} transition;

typedef struct {
    field_ref *key;       /* first present wins */
    size_t nkey;
    char **states;        /* every state named; states[initial] */
    size_t nstates;
    int initial;
    unsigned char *accepting;
    transition *trans;
    size_t ntrans;
    int end_scenario;     /* fail instances not accepting when the scenario ends */
    char **end_callbacks; /* ... or when one of these callbacks returns for the instance's adapter */
    size_t nend;
    int has_deadline;
    int deadline_state;
    uint64_t deadline_us;
} monitor_def;

typedef enum {
    AN_LEAKS_AT_HALT, AN_RELEASE_ORDER, AN_BAD_FREE, AN_WRONG_RECIPROCAL, AN_IRQL_LIMIT,
    AN_INIT_ALLOC_ORDER, AN_INTERRUPT_LAST, AN_REQUESTS_AT_RESET, AN_RETURN_VALUES, AN_COUNT
} analysis_id;

typedef struct {
    analysis_id id;
    char **include;       /* resource kinds; none = all */
    size_t ninclude;
    char **exclude;
    size_t nexclude;
    int at_halt;          /* leaks_at_halt: when */
    int at_failed_init;
    int which_double;     /* bad_free: which */
    int which_foreign;
    int return_set;       /* return_values: the entries of this set (return_set), 0 = see callbacks */
    char **callbacks;     /* return_values: only these callbacks' entries */
    size_t ncallbacks;
} analysis_def;

typedef enum { BODY_PATTERN, BODY_MONITOR, BODY_ANALYSIS } body_kind;

struct rule {
    char *id;
    severity sev;
    char *summary;
    char *doc_file;       /* the seed copy it was specified from, internal; NULL beyond the seeds */
    char *doc_page;       /* WDK page title */
    char *doc_url;        /* its public address */
    char *doc_passage;    /* the sentence enforced, quoted */
    char *doc;            /* "page: passage", what reports print */
    char *fix;            /* how to fix, NULL when not given */
    char *message;
    char *source;         /* file:line */
    char *body_text;      /* the body as written, for explain */
    char **supersedes;    /* findings of these rules at the same event and subject are dropped */
    size_t nsupersedes;
    body_kind body;
    matcher pattern;
    monitor_def monitor;
    analysis_def analysis;
};

struct ruleset {
    ndis_tables tables;
    doc_pages pages;      /* seed file -> WDK page title and address */
    rule **rules;
    size_t nrules;
    struct listeners *listeners;   /* which rules listen for which event name (listeners.h) */
    struct ddi_facts *ddi_facts;   /* the analyses' table lookups by DDI name (analysis.c); NULL: none kept */
};

/* Field and matcher semantics (match.c). */
int field_get(const event *ev, const field_ref *f, value *out);   /* 0 when present; out->str borrowed */
/* 1 when ev matches, 0 when not, -1 when a `matches:` pattern hit its bound
 * (*stopped then names it). */
int matcher_matches(const matcher *m, const event *ev, const rule_pattern **stopped);
void field_format(const field_ref *f, char *buf, size_t len);
int field_parse(const char *text, field_ref *out);            /* -1: not a field */

/* Message templates (message.c): what a placeholder may be filled from. */
typedef struct {
    const event *ev;              /* the offending event */
    const ledger_record *res;     /* resource findings */
    const event *res_ev;          /* the event that allocated res: {resource.arg.X} */
    const char *key;              /* monitor instance key */
    const char *mstate;           /* monitor state */
    const char *detail;           /* analysis-specific text */
    int max_irql;                 /* irql_limit */
    const char *doc;              /* replaces the rule's doc: the page a table entry cites */
    const char *doc_url;          /* and that page's address */
} message_ctx;

int message_check(const char *tmpl, const ynode *where, yerror *err);
char *message_fill(const char *tmpl, const message_ctx *ctx);
void format_value_of(const event *ev, const field_ref *f, char *buf, size_t len);

/* Findings (evaluate.c): builds a violation of r at ev and appends it. */
typedef struct finding_sink finding_sink;
int emit_finding(finding_sink *sink, const rule *r, const event *ev, const message_ctx *ctx,
                 const backtrace_t *origin, const char *subject);
/* The event being judged, kept for a holder that outlives it (event_keep,
 * one copy however many hold it); NULL out of memory (the run then fails). */
const event *sink_keep_current(finding_sink *sink);

#endif
