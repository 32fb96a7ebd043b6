/* One rule definition from YAML into its compiled form (rule_model.h). */
#ifndef MPC_RULES_RULE_LOAD_H
#define MPC_RULES_RULE_LOAD_H

#include "rule_model.h"

/* pages: the seed -> WDK page table a doc.file is looked up in. */
int rule_parse(const ynode *node, const ndis_tables *t, const doc_pages *pages, rule **out, yerror *err);
void rule_free(rule *r);
const char *analysis_name(analysis_id id);

#endif
