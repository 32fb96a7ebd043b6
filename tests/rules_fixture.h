/* What the rule tests (tests/test_rules*.c) share: the shipped rule set
 * loaded per test, the checks of what a trace is judged to break, and the
 * traces of a good initialize, a restart and a link state indication. */
#ifndef MPC_TESTS_RULES_FIXTURE_H
#define MPC_TESTS_RULES_FIXTURE_H

#include "trace_builder.h"

/* checks/, loaded by load_checks (the per_rule fixture). */
extern ruleset *shipped_rules;
void load_checks(void);
void unload_checks(void);

/* Evaluates and checks that exactly `id` (or nothing, for NULL) is reported. */
void expect_only(trace *t, const char *id);

/* Initialize with both attribute calls, optionally allocating memory. */
void good_init_begin(trace *t);
void good_init_end(trace *t);

void alloc_mem(trace *t, int64_t h);

/* What the host reports of the restart attributes list when MiniportRestart returns. */
typedef struct {
    int64_t before, after, modified, added, from_ndis;
} attrs;
void restart_with(trace *t, int64_t st, attrs a);
#define UNCHANGED ((attrs){ 0x70000, 0x70000, 0, 0, 1 })

void link_state(trace *t, int64_t state);

/* Evaluates and checks that `id` is reported exactly n times, and nothing else. */
void expect_count(trace *t, const char *id, size_t n);

void timeout(trace *t, const char *operation);

/* Evaluates and checks that the set of rule ids found is exactly `ids`
 * (space separated, sorted, "" for none); returns the findings. */
void expect_set(trace *t, const char *ids, violation_list *out);

#endif
