/* The built-in analyses: relations over many events that a pattern or a
 * monitor cannot say, run over a ledger rebuilt from the trace. */
#ifndef MPC_RULES_ANALYSIS_H
#define MPC_RULES_ANALYSIS_H

#include "rule_model.h"
#include "../trace/scenario_story.h"

typedef struct analysis_state analysis_state;

/* Records released and out of every lookup's reach are freed as it goes;
 * keep_spans: what the story draws of each (its span) is kept instead. */
analysis_state *analysis_begin(const ruleset *rs, int keep_spans);
/* Feeds one event (in trace order) to every analysis rule. */
int analysis_event(analysis_state *st, const event *ev, finding_sink *sink);
int analysis_end(analysis_state *st, finding_sink *sink);
void analysis_free(analysis_state *st);
/* analysis_facts.c: what the ruleset's tables say about a DDI, kept by
 * the name's address for the ruleset's life (ruleset.ddi_facts). */
typedef struct {
    const char *name;   /* NULL: an empty slot */
    const resource_kind *allocates, *frees;
    int max_irql;       /* -1: none in the tables */
} ddi_fact;
/* NULL when memory runs out. */
struct ddi_facts *analysis_facts_new(void);
void analysis_facts_free(struct ddi_facts *facts);
/* What rs's tables say about ddi (an atom or a literal: one address, one
 * text); asked of the tables each time when rs keeps no memory. */
ddi_fact analysis_facts_about(const ruleset *rs, const char *ddi);
/* The resource a handle names, as the ledger knows it up to the current event. */
const ledger_record *analysis_record_for(analysis_state *st, int64_t handle);

/* analysis_returns.c: a callback's return outside its documented values. */
void analysis_return_values(const ruleset *rs, const rule *r, const event *ev, finding_sink *sink);
/* Its params (`set` or `callbacks`), read when the rule is loaded. */
int analysis_return_params(const ynode *params, const ndis_tables *t, analysis_def *a, yerror *err);
/* Every resource of the scenario, forgotten or still in the ledger, in
 * allocation order, into story->spans (what the HTML timeline draws; the
 * state must have been begun with keep_spans). Once, at the scenario's
 * end. 0, or -1 out of memory. */
int analysis_export_spans(analysis_state *st, scenario_story *story);

/* "0x..." for handles, decimal for small numbers: the subject of a finding. */
void subject_format(int64_t v, char *buf, size_t len);

#endif
