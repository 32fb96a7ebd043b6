/* The judge's rule set: every *.yaml under checks/ and under each --rules
 * DIR.  A file holds `rules:` (rule definitions), `resources:` (the
 * alloc/free table) or `irql:` (DDI and callback IRQL tables).  See
 * docs/rules.md for the grammar. */
#ifndef MPC_RULES_H
#define MPC_RULES_H

#include <stdio.h>
#include "../trace/event.h"
#include "../input/tables.h"
#include "violation.h"
#include "../input/yamldoc.h"
#include "../trace/scenario_story.h"

typedef struct ruleset ruleset;
typedef struct rule rule;

/* Loads every *.yaml (sorted by name, recursively) in each directory.
 * NULL with err ("file:line:column: what was expected") on any error. */
ruleset *ruleset_load(const char *const *dirs, size_t ndirs, yerror *err);
void ruleset_free(ruleset *rs);

const ndis_tables *ruleset_tables(const ruleset *rs);
size_t ruleset_count(const ruleset *rs);
const rule *ruleset_at(const ruleset *rs, size_t i);
const rule *ruleset_find(const ruleset *rs, const char *id);

const char *rule_id(const rule *r);
severity rule_severity(const rule *r);
const char *rule_summary(const rule *r);
const char *rule_doc(const rule *r);       /* "seed file: passage" */
const char *rule_kind(const rule *r);      /* "pattern", "monitor", "analysis" */
const char *rule_source(const rule *r);    /* "file:line" where it is defined */

/* Judges one scenario's trace; appends findings to out.  0, -1 on internal
 * error, -2 when a rule's `matches:` pattern hit its bound (rule_pattern.h;
 * said on stderr with the pattern's file:line:col): an input error. */
int ruleset_evaluate(const ruleset *rs, const event_list *trace, violation_list *out);
/* The same, and the life of every resource the ledger saw into resources->spans. */
int ruleset_evaluate_story(const ruleset *rs, const event_list *trace, violation_list *out,
                           scenario_story *resources);

/* The same, one event at a time: what a judge that streams feeds. The run
 * keeps what a rule may still cite (open callbacks' enters, resources'
 * allocating calls, monitors' entries), so a fed event may be dropped as
 * soon as ruleset_run_feed returns; memory follows the resources held and
 * the instances open, not the events fed. Feed returns as
 * ruleset_evaluate does, and a run that failed stays failed. end is given
 * the scenario's last event (NULL for none), still held by the caller:
 * the monitors open at the end are reported there. */
typedef struct rule_run rule_run;
/* keep_resources: end will be asked for every resource's span (the story),
 * so the span of each released record is kept when the record is
 * forgotten. NULL out of memory. */
rule_run *ruleset_run_begin(const ruleset *rs, violation_list *out, int keep_resources);
int ruleset_run_feed(rule_run *run, const event *ev);
int ruleset_run_end(rule_run *run, const event *last, scenario_story *resources);
void ruleset_run_free(rule_run *run);

/* `mpconform rules` and `mpconform explain` output. */
void ruleset_print_list(const ruleset *rs, FILE *out);
int ruleset_print_explain(const ruleset *rs, const char *id, FILE *out); /* -1 unknown id */

#endif
