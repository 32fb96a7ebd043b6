/* The `matches:` regular expressions of rules, compiled and run by PCRE2
 * with bounds: a pattern longer than RULE_PATTERN_MAX_LENGTH, nested deeper
 * than RULE_PATTERN_MAX_NESTING or whose compiled form exceeds PCRE2's own
 * size limit is refused when the rules load; a match that needs more than
 * RULE_PATTERN_MATCH_LIMIT steps or RULE_PATTERN_HEAP_KIB of memory stops
 * with an error instead of answering. See docs/decisions-judge.md for why PCRE2
 * and not glibc's regcomp. */
#ifndef MPC_RULES_RULE_PATTERN_H
#define MPC_RULES_RULE_PATTERN_H

#include "../input/yamldoc.h"

#define RULE_PATTERN_MAX_LENGTH  1024
#define RULE_PATTERN_MAX_NESTING 32
#define RULE_PATTERN_MATCH_LIMIT 1000000
#define RULE_PATTERN_HEAP_KIB    4096

typedef struct rule_pattern rule_pattern;

/* Compiles the scalar n; -1 with err at n's file:line:col naming what is wrong. */
int rule_pattern_compile(const ynode *n, rule_pattern **out, yerror *err);
/* 1 when text matches anywhere, 0 when not, -1 when a bound stopped the match
 * (rule_pattern_where and rule_pattern_failure then say which and why). */
int rule_pattern_match(rule_pattern *p, const char *text);
/* "file:line:col" of the pattern in its rule file. */
const char *rule_pattern_where(const rule_pattern *p);
const char *rule_pattern_failure(const rule_pattern *p);
void rule_pattern_free(rule_pattern *p);

#endif
