/* Scenario intent against the trace (see intent.h). */
#include "intent.h"
#include "../input/constants.h"
#include "../input/name_index.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
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

/* What the scenario showed of one routine: gathered for every routine as
 * the events come, since an expectation may come after them. */
typedef struct {
    const char *name;      /* the events' (an atom: one address, one text); NULL: a free slot */
    int called;            /* entered (a callback) or called (a DDI) */
    int entered;
    int64_t *answers;      /* its callback's distinct return values, in order of first appearance */
    size_t nanswers, cap;
} routine_facts;

struct intent_feed {
    int sweep;
    routine_facts *facts;  /* open addressing by the name's address, grown at half full: most
                            * routines of a scenario appear once or twice, so no text is hashed
                            * or copied per routine */
    size_t capfacts, nfacts;
    expectation *expects;  /* strings owned */
    size_t nexpects, capexpects;
    const event *step;     /* the latest step, kept (event_keep): a skip's label */
    const event *plan;     /* the latest inject_plan, kept */
    const event *fault;    /* the first fault_injected, kept */
    unproven_list skipped;
};

intent_feed *intent_begin(int sweep)
{
    intent_feed *f = calloc(1, sizeof *f);
    if (f)
        f->sweep = sweep;
    return f;
}

void intent_free(intent_feed *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->capfacts; i++)
        free(f->facts[i].answers);
    free(f->facts);
    for (size_t i = 0; i < f->nexpects; i++) {
        free((char *)f->expects[i].routine);
        free((char *)f->expects[i].want);
    }
    free(f->expects);
    event_kept_release(f->step);
    event_kept_release(f->plan);
    event_kept_release(f->fault);
    unproven_list_free(&f->skipped);
    free(f);
}

static routine_facts *facts_slot(routine_facts *facts, size_t cap, const char *name)
{
    size_t i = atom_memo_slot(name, cap);
    while (facts[i].name && facts[i].name != name)
        i = (i + 1) & (cap - 1);
    return &facts[i];
}

static routine_facts *facts_of(intent_feed *f, const char *name)
{
    if ((f->nfacts + 1) * 2 > f->capfacts) {
        size_t cap = f->capfacts ? f->capfacts * 2 : 128;
        routine_facts *grown = calloc(cap, sizeof *grown);
        if (!grown)
            return NULL;
        for (size_t i = 0; i < f->capfacts; i++)
            if (f->facts[i].name)
                *facts_slot(grown, cap, f->facts[i].name) = f->facts[i];
        free(f->facts);
        f->facts = grown;
        f->capfacts = cap;
    }
    routine_facts *r = facts_slot(f->facts, f->capfacts, name);
    if (!r->name) {
        r->name = name;
        f->nfacts++;
    }
    return r;
}

/* The facts of the routine an expectation names, found by its text. */
static const routine_facts *facts_named(const intent_feed *f, const char *text)
{
    for (size_t i = 0; i < f->capfacts; i++)
        if (f->facts[i].name && strcmp(f->facts[i].name, text) == 0)
            return &f->facts[i];
    return NULL;
}

static int add_answer(routine_facts *r, int64_t status)
{
    for (size_t i = 0; i < r->nanswers; i++)
        if (r->answers[i] == status)
            return 0;
    if (r->nanswers == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 4;
        int64_t *g = realloc(r->answers, cap * sizeof *g);
        if (!g)
            return -1;
        r->answers = g;
        r->cap = cap;
    }
    r->answers[r->nanswers++] = status;
    return 0;
}

static int add_expectation(intent_feed *f, const event *ev)
{
    const event_arg *routine = event_arg_get(ev, "routine"), *want = event_arg_get(ev, "want");
    if (!routine || !routine->is_str || !want || !want->is_str)
        return 0;
    if (f->nexpects == f->capexpects) {
        size_t cap = f->capexpects ? f->capexpects * 2 : 8;
        expectation *g = realloc(f->expects, cap * sizeof *g);
        if (!g)
            return -1;
        f->expects = g;
        f->capexpects = cap;
    }
    expectation *e = &f->expects[f->nexpects];
    e->routine = strdup(routine->str);
    e->want = strdup(want->str);
    e->status = event_arg_int(ev, "status", 0);
    if (!e->routine || !e->want) {
        free((char *)e->routine);
        free((char *)e->want);
        return -1;
    }
    f->nexpects++;
    return 0;
}

/* *slot := a kept copy of ev (the one it held released). */
static int keep_in(const event **slot, const event *ev)
{
    const event *kept = event_keep(ev);
    if (!kept)
        return -1;
    event_kept_release(*slot);
    *slot = kept;
    return 0;
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

static int note_skip(intent_feed *f, const event *ev, int teardown)
{
    const event_arg *op = event_arg_get(ev, "op"), *why = event_arg_get(ev, "reason");
    char label[160];
    if (teardown)
        snprintf(label, sizeof(label), "teardown %s (adapter %d)", op && op->is_str ? op->str : "?", ev->adapter);
    else
        step_label(f->step, op && op->is_str ? op->str : "?", label, sizeof(label));
    return unproven_add(&f->skipped, label, why && why->is_str ? why->str : "", NULL);
}

static int feed_op(intent_feed *f, const event *ev)
{
    const char *n = ev->name;
    switch (n[0]) {  /* most ops are none of these: one look at the first letter */
    case 's':
        if (strcmp(n, "step") == 0)
            return keep_in(&f->step, ev);
        return strcmp(n, "skipped") == 0 ? note_skip(f, ev, 0) : 0;
    case 't':
        return strcmp(n, "teardown_skipped") == 0 ? note_skip(f, ev, 1) : 0;
    case 'i':
        return strcmp(n, "inject_plan") == 0 ? keep_in(&f->plan, ev) : 0;
    case 'f':
        return !f->fault && strcmp(n, "fault_injected") == 0 ? keep_in(&f->fault, ev) : 0;
    case 'e':
        return !f->sweep && strcmp(n, "expect") == 0 ? add_expectation(f, ev) : 0;
    default:
        return 0;
    }
}

int intent_feed_event(intent_feed *f, const event *ev)
{
    if (!ev->name)
        return 0;
    if (ev->kind == EV_OP)
        return feed_op(f, ev);
    if (f->sweep || (ev->kind != EV_ENTER && ev->kind != EV_DDI && ev->kind != EV_RETURN))
        return 0;
    routine_facts *r = facts_of(f, ev->name);
    if (!r)
        return -1;
    if (ev->kind == EV_RETURN)
        return ev->has_status ? add_answer(r, ev->status) : 0;
    r->called = 1;
    r->entered |= ev->kind == EV_ENTER;
    return 0;
}

static int met(const routine_facts *r, const expectation *e)
{
    if (!r)
        return 0;
    if (strcmp(e->want, "called") == 0)
        return r->called;
    for (size_t i = 0; i < r->nanswers; i++)
        if (strcmp(e->want, "failure") == 0 ? is_failure(r->answers[i]) : r->answers[i] == e->status)
            return 1;
    return 0;
}

/* "it returned NDIS_STATUS_SUCCESS, NDIS_STATUS_RESOURCES": the distinct
 * answers the callback did give, in order of first appearance (eight at most). */
static size_t returned_list(const routine_facts *r, char *buf, size_t len)
{
    size_t n = r ? (r->nanswers < 8 ? r->nanswers : 8) : 0, used = 0;
    buf[0] = 0;
    for (size_t i = 0; i < n; i++) {
        char tmp[32];
        used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s", i ? ", " : "",
                                 status_text(r->answers[i], tmp, sizeof(tmp)));
    }
    return n;
}

/* What the inject: plan did, for the reason text: "" when there was none. */
static void injection_note(const intent_feed *f, const char *routine, char *buf, size_t len)
{
    buf[0] = 0;
    if (!f->plan)
        return;
    const event_arg *within = event_arg_get(f->plan, "within");
    int64_t nth = event_arg_int(f->plan, "allocation", 1);
    const char *where = within && within->is_str ? within->str : routine;
    const event_arg *ddi = f->fault ? event_arg_get(f->fault, "ddi") : NULL;
    if (ddi && ddi->is_str)
        snprintf(buf, len, " although NDIS failed its %s", ddi->str);
    else if (nth <= 1)
        snprintf(buf, len, "; %s asked NDIS for nothing that can fail", where);
    else
        snprintf(buf, len, "; %s made fewer than %" PRId64 " allocations NDIS can fail", where, nth);
}

static void reason_for(const intent_feed *f, const routine_facts *r, const expectation *e, char *buf, size_t len)
{
    char answers[256], note[320];
    size_t n = returned_list(r, answers, sizeof(answers));
    injection_note(f, e->routine, note, sizeof(note));
    char want[64], tmp[32];
    if (strcmp(e->want, "called") == 0) {
        snprintf(buf, len, "%s was never called%s", e->routine, note);
        return;
    }
    if (strcmp(e->want, "failure") == 0)
        snprintf(want, sizeof(want), "a failure status");
    else
        snprintf(want, sizeof(want), "%s", status_text(e->status, tmp, sizeof(tmp)));
    if (n == 0 && r && r->entered)
        snprintf(buf, len, "%s was called but never returned (the scenario ended inside it)%s", e->routine, note);
    else if (n == 0)
        snprintf(buf, len, "%s was never called%s", e->routine, note);
    else
        snprintf(buf, len, "%s never returned %s (it returned %s)%s", e->routine, want, answers, note);
}

/* A scenario stopped where the driver called a DDI the host does not
 * emulate (crash not_emulated): the rest of it, named with that DDI. */
static int judge_not_emulated(const event *last, unproven_list *skipped)
{
    if (!last || last->kind != EV_CRASH || strcmp(last->name, "not_emulated") != 0)
        return 0;
    const event_arg *ddi = event_arg_get(last, "ddi");
    char reason[256];
    snprintf(reason, sizeof(reason), "the driver called %s, which mpconform does not emulate, in %s: the later "
             "steps, the teardown and the halt-time checks did not run", ddi && ddi->is_str ? ddi->str : "a DDI",
             last->callback && *last->callback ? last->callback : "DriverEntry");
    return unproven_add(skipped, REST_OF_SCENARIO, reason, NULL);
}

int intent_end(intent_feed *f, const event *last, scenario_result *out)
{
    int rc = 0;
    for (size_t i = 0; i < f->skipped.count && rc == 0; i++)
        rc = unproven_add(&out->skipped, f->skipped.items[i].what, f->skipped.items[i].reason, NULL);
    if (rc == 0)
        rc = judge_not_emulated(last, &out->skipped);
    for (size_t i = 0; i < f->nexpects && rc == 0; i++) {
        const expectation *e = &f->expects[i];
        const routine_facts *r = facts_named(f, e->routine);
        char what[192], reason[768];
        describe(e, what, sizeof(what));
        if (met(r, e)) {
            rc = unproven_add(&out->exercised, what, "", NULL);
            continue;
        }
        reason_for(f, r, e, reason, sizeof(reason));
        rc = unproven_add(&out->not_exercised, what, reason, NULL);
    }
    if (rc == 0 && out->outcome == SCENARIO_COMPLETED && out->not_exercised.count)
        out->outcome = SCENARIO_NOT_EXERCISED;
    intent_free(f);
    return rc;
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
