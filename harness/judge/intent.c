/* Scenario intent against the trace (see intent.h). */
#include "intent.h"
#include "../input/constants.h"
#include "../input/name_index.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define REST_OF_SCENARIO "the rest of the scenario"

typedef struct {
    const char *routine;   /* callback or DDI */
    const char *want;      /* "status", "failure", "called" */
    int64_t status;
} expectation;

static int is_failure(int64_t status)
{
    return ((uint32_t)status >> 30) == 3;  /* NT_ERROR: the severity bits say error */
}

static const char *status_text(int64_t status, char *buf, size_t len)
{
    const char *name = status_name(status);
    if (name)
        return name;
    snprintf(buf, len, "0x%08" PRIx32, (uint32_t)status);
    return buf;
}

static void describe(const expectation *e, char *buf, size_t len)
{
    char tmp[32];
    if (strcmp(e->want, "called") == 0)
        snprintf(buf, len, "%s is called", e->routine);
    else if (strcmp(e->want, "failure") == 0)
        snprintf(buf, len, "%s fails", e->routine);
    else
        snprintf(buf, len, "%s returns %s", e->routine, status_text(e->status, tmp, sizeof(tmp)));
}

static int met(const event_list *trace, const expectation *e)
{
    for (size_t i = 0; i < trace->count; i++) {
        const event *ev = &trace->items[i];
        if (strcmp(ev->name, e->routine) != 0)
            continue;
        if (strcmp(e->want, "called") == 0 && (ev->kind == EV_ENTER || ev->kind == EV_DDI))
            return 1;
        if (ev->kind != EV_RETURN || !ev->has_status)
            continue;
        if (strcmp(e->want, "failure") == 0 ? is_failure(ev->status) : ev->status == e->status)
            return 1;
    }
    return 0;
}

/* "it returned NDIS_STATUS_SUCCESS, NDIS_STATUS_RESOURCES": the distinct
 * answers the callback did give, in order of first appearance. */
static size_t returned_list(const event_list *trace, const char *routine, char *buf, size_t len)
{
    int64_t seen[8];
    size_t n = 0, used = 0;
    buf[0] = 0;
    for (size_t i = 0; i < trace->count && n < 8; i++) {
        const event *ev = &trace->items[i];
        if (ev->kind != EV_RETURN || !ev->has_status || strcmp(ev->name, routine) != 0)
            continue;
        int dup = 0;
        for (size_t k = 0; k < n && !dup; k++)
            dup = seen[k] == ev->status;
        if (dup)
            continue;
        seen[n++] = ev->status;
        char tmp[32];
        used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s", n > 1 ? ", " : "",
                                 status_text(ev->status, tmp, sizeof(tmp)));
    }
    return n;
}

/* What the inject: plan did, for the reason text: "" when there was none. */
static void injection_note(const event_list *trace, const char *routine, char *buf, size_t len)
{
    const event *plan = NULL, *fault = NULL;
    for (size_t i = 0; i < trace->count; i++) {
        const event *ev = &trace->items[i];
        if (ev->kind == EV_OP && strcmp(ev->name, "inject_plan") == 0)
            plan = ev;
        else if (ev->kind == EV_OP && strcmp(ev->name, "fault_injected") == 0 && !fault)
            fault = ev;
    }
    buf[0] = 0;
    if (!plan)
        return;
    const event_arg *within = event_arg_get(plan, "within");
    int64_t nth = event_arg_int(plan, "allocation", 1);
    const char *where = within && within->is_str ? within->str : routine;
    const event_arg *ddi = fault ? event_arg_get(fault, "ddi") : NULL;
    if (ddi && ddi->is_str)
        snprintf(buf, len, " although NDIS failed its %s", ddi->str);
    else if (nth <= 1)
        snprintf(buf, len, "; %s asked NDIS for nothing that can fail", where);
    else
        snprintf(buf, len, "; %s made fewer than %" PRId64 " allocations NDIS can fail", where, nth);
}

static int entered(const event_list *trace, const char *routine)
{
    for (size_t i = 0; i < trace->count; i++)
        if (trace->items[i].kind == EV_ENTER && strcmp(trace->items[i].name, routine) == 0)
            return 1;
    return 0;
}

static void reason_for(const event_list *trace, const expectation *e, char *buf, size_t len)
{
    char answers[256], note[320];
    size_t n = returned_list(trace, e->routine, answers, sizeof(answers));
    injection_note(trace, e->routine, note, sizeof(note));
    char want[64], tmp[32];
    if (strcmp(e->want, "called") == 0) {
        snprintf(buf, len, "%s was never called%s", e->routine, note);
        return;
    }
    if (strcmp(e->want, "failure") == 0)
        snprintf(want, sizeof(want), "a failure status");
    else
        snprintf(want, sizeof(want), "%s", status_text(e->status, tmp, sizeof(tmp)));
    if (n == 0 && entered(trace, e->routine))
        snprintf(buf, len, "%s was called but never returned (the scenario ended inside it)%s", e->routine, note);
    else if (n == 0)
        snprintf(buf, len, "%s was never called%s", e->routine, note);
    else
        snprintf(buf, len, "%s never returned %s (it returned %s)%s", e->routine, want, answers, note);
}

/* The step a skip belongs to: "step halt (line 7)" or "teardown halt". */
static void step_label(const event *step, const char *fallback, char *buf, size_t len)
{
    if (!step) {
        snprintf(buf, len, "%s", fallback);
        return;
    }
    const event_arg *op = event_arg_get(step, "op");
    const char *name = op && op->is_str ? op->str : fallback;
    if (event_arg_int(step, "teardown", 0))
        snprintf(buf, len, "teardown %s (adapter %d)", name, step->adapter);
    else
        snprintf(buf, len, "step %s (line %" PRId64 ")", name, event_arg_int(step, "line", 0));
}

static int judge_skips(const event_list *trace, scenario_result *out)
{
    const event *step = NULL;
    for (size_t i = 0; i < trace->count; i++) {
        const event *ev = &trace->items[i];
        if (ev->kind != EV_OP)
            continue;
        if (strcmp(ev->name, "step") == 0) {
            step = ev;
            continue;
        }
        int teardown = strcmp(ev->name, "teardown_skipped") == 0;
        if (!teardown && strcmp(ev->name, "skipped") != 0)
            continue;
        const event_arg *op = event_arg_get(ev, "op"), *why = event_arg_get(ev, "reason");
        char label[160];
        if (teardown)
            snprintf(label, sizeof(label), "teardown %s (adapter %d)", op && op->is_str ? op->str : "?",
                     ev->adapter);
        else
            step_label(step, op && op->is_str ? op->str : "?", label, sizeof(label));
        if (unproven_add(&out->skipped, label, why && why->is_str ? why->str : "", NULL) != 0)
            return -1;
    }
    return 0;
}

/* A scenario stopped where the driver called a DDI the host does not
 * emulate (crash not_emulated): the rest of it, named with that DDI. */
static int judge_not_emulated(const event_list *trace, scenario_result *out)
{
    const event *last = trace->count ? &trace->items[trace->count - 1] : NULL;
    if (!last || last->kind != EV_CRASH || strcmp(last->name, "not_emulated") != 0)
        return 0;
    const event_arg *ddi = event_arg_get(last, "ddi");
    char reason[256];
    snprintf(reason, sizeof(reason), "the driver called %s, which mpconform does not emulate, in %s: the later "
             "steps, the teardown and the halt-time checks did not run", ddi && ddi->is_str ? ddi->str : "a DDI",
             last->callback && *last->callback ? last->callback : "DriverEntry");
    return unproven_add(&out->skipped, REST_OF_SCENARIO, reason, NULL);
}

int intent_judge(const event_list *trace, int sweep, scenario_result *out)
{
    if (judge_skips(trace, out) != 0 || judge_not_emulated(trace, out) != 0)
        return -1;
    for (size_t i = 0; !sweep && i < trace->count; i++) {
        const event *ev = &trace->items[i];
        if (ev->kind != EV_OP || strcmp(ev->name, "expect") != 0)
            continue;
        const event_arg *routine = event_arg_get(ev, "routine"), *want = event_arg_get(ev, "want");
        if (!routine || !routine->is_str || !want || !want->is_str)
            continue;
        expectation e = { routine->str, want->str, event_arg_int(ev, "status", 0) };
        char what[192], reason[768];
        describe(&e, what, sizeof(what));
        if (met(trace, &e)) {
            if (unproven_add(&out->exercised, what, "", NULL) != 0)
                return -1;
            continue;
        }
        reason_for(trace, &e, reason, sizeof(reason));
        if (unproven_add(&out->not_exercised, what, reason, NULL) != 0)
            return -1;
    }
    if (out->outcome == SCENARIO_COMPLETED && out->not_exercised.count)
        out->outcome = SCENARIO_NOT_EXERCISED;
    return 0;
}

/* Every routine outcome some scenario exercised: one hash lookup per
 * unexercised one, not a scan of every scenario's list (O(scenarios^2) on
 * a trace of thousands). */
static int index_exercised(const run_result *r, size_t n, name_index *ix)
{
    for (size_t s = 0; s < n; s++)
        for (size_t i = 0; i < r->scenarios[s].exercised.count; i++) {
            const char *what = r->scenarios[s].exercised.items[i].what;
            size_t unused;
            if (!name_index_get(ix, what, &unused) && name_index_put(ix, what, s) != 0)
                return -1;
        }
    return 0;
}

static int listed(const unproven_list *l, const char *what)
{
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i].what, what) == 0)
            return 1;
    return 0;
}

/* Adds to the run's unproven list and to the index of what it lists. */
static int report_unproven(run_result *r, name_index *reported, const char *what, const char *reason,
                           const char *scenario)
{
    size_t unused;
    if (unproven_add(&r->unproven, what, reason, scenario) != 0)
        return -1;
    return name_index_get(reported, what, &unused) ? 0 : name_index_put(reported, what, r->unproven.count - 1);
}

int intent_summarize(run_result *r, size_t n)
{
    name_index exercised = { 0 }, reported = { 0 };
    int rc = index_exercised(r, n, &exercised);
    for (size_t i = 0; i < r->unproven.count && rc == 0; i++) {
        size_t unused;
        if (!name_index_get(&reported, r->unproven.items[i].what, &unused))
            rc = name_index_put(&reported, r->unproven.items[i].what, i);
    }
    for (size_t s = 0; s < n && rc == 0; s++) {
        const scenario_result *sc = &r->scenarios[s];
        for (size_t i = 0; i < sc->not_exercised.count && rc == 0; i++) {
            const unproven_item *it = &sc->not_exercised.items[i];
            size_t unused;
            if (!name_index_get(&exercised, it->what, &unused) && !name_index_get(&reported, it->what, &unused))
                rc = report_unproven(r, &reported, it->what, it->reason, sc->name);
        }
        for (size_t i = 0; i < sc->skipped.count && rc == 0; i++)
            rc = report_unproven(r, &reported, sc->skipped.items[i].what, sc->skipped.items[i].reason, sc->name);
        /* a scenario stopped at a DDI not emulated has its own entry, naming the DDI */
        if (rc == 0 && (sc->outcome == SCENARIO_CRASHED || sc->outcome == SCENARIO_HUNG) &&
            !listed(&sc->skipped, REST_OF_SCENARIO)) {
            char reason[160];
            snprintf(reason, sizeof(reason), "the host %s: the later steps, the teardown and the halt-time checks "
                     "did not run", sc->outcome == SCENARIO_CRASHED ? "crashed" : "hung");
            rc = report_unproven(r, &reported, REST_OF_SCENARIO, reason, sc->name);
        }
    }
    name_index_free(&exercised);
    name_index_free(&reported);
    return rc;
}
