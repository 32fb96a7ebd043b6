/* One rule definition from YAML into its compiled form (rule_model.h). */
#ifndef MPC_RULES_RULE_LOAD_H
#define MPC_RULES_RULE_LOAD_H

#include "rule_model.h"

int rule_parse(const ynode *node, const ndis_tables *t, rule **out, yerror *err);
void rule_free(rule *r);
const char *analysis_name(analysis_id id);
/* Reads a rule's `doc:` (rule_doc.c) into r->doc_file, doc_url, doc_passage and doc. */
int rule_doc_parse(rule *r, const ynode *doc, const ndis_tables *t, yerror *err);

#endif
