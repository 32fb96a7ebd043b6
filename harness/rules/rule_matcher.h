/* The event-matcher grammar (rule_matcher.c), for rule_load.c. */
#ifndef MPC_RULES_RULE_MATCHER_H
#define MPC_RULES_RULE_MATCHER_H

#include "rule_model.h"

/* A matcher (pattern body, monitor transition's on:); allow_key: monitors' key. */
int matcher_parse(const ynode *n, const ndis_tables *t, int allow_key, matcher *m, yerror *err);
/* A field or list of fields, first present wins (monitor keys). */
int matcher_parse_key(const ynode *n, field_ref **out, size_t *count, yerror *err);
void matcher_free(matcher *m);
void field_free(field_ref *f);
int rule_in_list(const char *const *list, const char *s);
/* n as a scalar, or NULL with err naming what was expected. */
const char *rule_scalar(const ynode *n, const char *what, yerror *err);

#endif
