/* Synthesized traces for the rule tests (trace_builder.c). */
#ifndef MPC_TESTS_TRACE_BUILDER_H
#define MPC_TESTS_TRACE_BUILDER_H

#include "rules/rules.h"

typedef struct {
    event_list list;
    char *stack[16];
    size_t depth;
    const char *state;
    int irql;
    uint64_t time;
} trace;

#define SUCCESS 0x00000000
#define PENDING 0x00000103
#define FAILURE 0xC0000001
#define RESOURCES 0xC000009A
#define SOFT_ERRORS 0x80010003
#define RESET_IN_PROGRESS 0xC001000D
#define INVALID_PORT 0xC023002D
#define INVALID_PORT_STATE 0xC023002E

void tr_init(trace *t);
void arg(event *ev, const char *key, int64_t num);
void sarg(event *ev, const char *key, const char *str);
/* NdisMSetMiniportAttributes of one attribute type, answered SUCCESS. */
void attributes_set(event *ev, int64_t type);
void trace_free(trace *t);
event *tr_push(trace *t, event_kind kind, const char *name);
event *status(event *ev, int64_t st);
event *enter(trace *t, const char *cb);
event *ret(trace *t, const char *cb);
event *ddi(trace *t, const char *name);
event *ddi_h(trace *t, const char *name, int64_t handle);
/* The shipped rule set (checks/), or the test fails. */
ruleset *tb_load_checks(void);
/* Findings of rule id in out. */
size_t tb_count(const violation_list *out, const char *id);

/* The shipped rule set as a Check fixture: tb_rules_load / tb_rules_unload
 * around each test, tb_rules in between. */
extern ruleset *tb_rules;
void tb_rules_load(void);
void tb_rules_unload(void);
/* Evaluates tb_rules over t, frees t, and returns how many findings rule id
 * has; with strict, a finding of any other rule fails the test. */
size_t tb_judged(trace *t, const char *id, int strict);

#endif
