/* Judging one scenario: every event goes, in order, to the pattern rules
 * and monitors listening for its name and to the analyses; monitors end
 * with the scenario.  Cost is linear in events. */
#include "analysis.h"
#include "listeners.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

struct finding_sink {
    const ruleset *rs;
    violation_list *out;
    size_t first;         /* first violation appended by this evaluation */
    char **subjects;      /* per appended violation, NULL = the whole event */
    size_t nsubjects;
    int failed;
    int undecided;        /* a `matches:` pattern hit its bound: the rule file is at fault */
    analysis_state *an;   /* resources named by a pattern's event (arg handle) */
    const event *current; /* the event being judged (with its enter's arguments) */
    const event *current_kept;  /* its kept copy, made at the first holder's asking */
};

const event *sink_keep_current(finding_sink *sink)
{
    if (!sink->current_kept && !(sink->current_kept = event_keep(sink->current)))
        sink->failed = 1;
    return event_kept_share(sink->current_kept);
}

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

int emit_finding(finding_sink *sink, const rule *r, const event *ev, const message_ctx *ctx,
                 const backtrace_t *origin, const char *subject)
{
    violation v;
    memset(&v, 0, sizeof v);
    v.rule_id = strdup(r->id);
    v.sev = r->sev;
    v.summary = strdup(r->summary);
    v.doc = strdup(ctx && ctx->doc ? ctx->doc : r->doc);
    v.doc_url = strdup(ctx && ctx->doc_url ? ctx->doc_url : r->doc_url);
    v.fix = r->fix ? strdup(r->fix) : NULL;
    v.message = message_fill(r->message, ctx);
    v.scenario = dup_or_empty(ev->scenario);
    v.event_index = ev->index;
    v.adapter = ev->adapter;
    v.callback = dup_or_empty(ev->callback);
    v.state = dup_or_empty(ev->state);
    int bad = !v.rule_id || !v.summary || !v.doc || !v.doc_url || (r->fix && !v.fix) || !v.message || !v.scenario || !v.callback || !v.state;
    if (!bad && backtrace_copy(&v.bt, &ev->bt) != 0)
        bad = 1;
    if (!bad && origin && backtrace_copy(&v.origin, origin) != 0)
        bad = 1;
    char **subjects = realloc(sink->subjects, (sink->nsubjects + 1) * sizeof *subjects);
    if (bad || !subjects || violation_list_push(sink->out, &v) != 0) {
        if (subjects)
            sink->subjects = subjects;
        violation_free(&v);
        sink->failed = 1;
        return -1;
    }
    sink->subjects = subjects;
    sink->subjects[sink->nsubjects++] = subject ? strdup(subject) : NULL;
    return 0;
}

/* ---- monitor instances: key -> state, open addressing, never deleted
 * (an instance back in its initial state is as good as absent) ---- */

/* A key is the value of the monitor's key field, kept as a value: strings
 * are atoms or literals (they outlive the evaluation), so nothing is
 * formatted or copied per event; the text is made only for a finding. */
typedef struct {
    int is_str;
    int64_t num;
    const char *str;
} instance_key;

typedef struct {
    int used;
    instance_key key;
    int state;
    int adapter;
    uint64_t entered_time;
    const event *entered;  /* the event that brought it to its state, kept: its backtrace is a finding's origin */
} instance;

typedef struct {
    instance *slots;
    size_t cap, used;
} instance_map;

static size_t hash_str(const char *s)
{
    return (size_t)XXH3_64bits(s, strlen(s));
}

static size_t hash_key(const instance_key *k)
{
    return k->is_str ? hash_str(k->str)
                     : (size_t)XXH3_64bits_withSeed(&k->num, sizeof k->num, 1);
}

static int same_key(const instance_key *a, const instance_key *b)
{
    if (a->is_str != b->is_str)
        return 0;
    return a->is_str ? (a->str == b->str || strcmp(a->str, b->str) == 0) : a->num == b->num;
}

/* The key as findings show it (their subject). */
static void key_text(const instance_key *k, char *buf, size_t len)
{
    if (k->is_str)
        snprintf(buf, len, "%s", k->str);
    else
        subject_format(k->num, buf, len);
}

static instance *instance_find(instance_map *m, const instance_key *key, int create, int initial)
{
    if (create && (m->used + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        instance *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return NULL;
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->slots[i].used)
                continue;
            size_t j = hash_key(&m->slots[i].key) & (cap - 1);
            while (slots[j].used)
                j = (j + 1) & (cap - 1);
            slots[j] = m->slots[i];
        }
        free(m->slots);
        m->slots = slots;
        m->cap = cap;
    }
    if (!m->cap)
        return NULL;
    size_t i = hash_key(key) & (m->cap - 1);
    while (m->slots[i].used) {
        if (same_key(&m->slots[i].key, key))
            return &m->slots[i];
        i = (i + 1) & (m->cap - 1);
    }
    if (!create)
        return NULL;
    m->slots[i].used = 1;
    m->slots[i].key = *key;
    m->slots[i].state = initial;
    m->used++;
    return &m->slots[i];
}

static void instance_map_free(instance_map *m)
{
    for (size_t i = 0; i < m->cap; i++)
        event_kept_release(m->slots[i].entered);
    free(m->slots);
}

static void instance_enter(finding_sink *sink, instance *in, const event *ev)
{
    event_kept_release(in->entered);
    in->entered = sink_keep_current(sink);
    in->entered_time = ev->time_us;
}

static int key_of(const event *ev, const field_ref *fields, size_t n, instance_key *key)
{
    for (size_t i = 0; i < n; i++) {
        value v;
        if (field_get(ev, &fields[i], &v) != 0)
            continue;
        *key = (instance_key){ v.is_str, v.is_str ? 0 : v.num, v.is_str ? (v.str ? v.str : "") : NULL };
        return 0;
    }
    return -1;
}

static void monitor_fail(finding_sink *sink, const rule *r, instance *in, const event *at)
{
    const monitor_def *m = &r->monitor;
    char key[128];
    key_text(&in->key, key, sizeof key);
    message_ctx ctx = { .ev = at, .key = key, .mstate = m->states[in->state] };
    const backtrace_t *origin = NULL;
    if (in->entered && in->state != m->initial)
        origin = &in->entered->bt;
    emit_finding(sink, r, at, &ctx, origin, key);
}

/* Back in the initial state: as good as absent, and citing nothing. */
static void reset(instance *in, int initial)
{
    in->state = initial;
    event_kept_release(in->entered);
    in->entered = NULL;
}

static void check_deadlines(finding_sink *sink, const rule *r, instance_map *im, const event *ev)
{
    const monitor_def *m = &r->monitor;
    for (size_t i = 0; i < im->cap; i++) {
        instance *in = &im->slots[i];
        if (in->used && in->state == m->deadline_state && in->state != m->initial &&
            ev->time_us > in->entered_time + m->deadline_us) {
            monitor_fail(sink, r, in, ev);
            reset(in, m->initial);
        }
    }
}

static int from_has(const transition *t, int state)
{
    if (t->from_any)
        return 1;
    for (size_t i = 0; i < t->nfrom; i++)
        if (t->from[i] == state)
            return 1;
    return 0;
}

/* A `matches:` pattern stopped by its bound (rule_pattern.h) decides
 * nothing: the evaluation fails, saying which pattern and which event,
 * rather than count the event as matched or not. */
static int event_matches(finding_sink *sink, const matcher *m, const event *ev)
{
    const rule_pattern *stopped = NULL;
    int rc = matcher_matches(m, ev, &stopped);
    if (rc >= 0)
        return rc;
    fprintf(stderr, "mpconform: %s: the pattern could not be decided on event %zu (%s): %s\n",
            stopped ? rule_pattern_where(stopped) : "?", (size_t)ev->index, ev->name ? ev->name : "?",
            stopped ? rule_pattern_failure(stopped) : "?");
    sink->failed = 1;
    sink->undecided = 1;
    return 0;
}

static void monitor_event(finding_sink *sink, const rule *r, instance_map *im, const event *ev)
{
    const monitor_def *m = &r->monitor;
    if (m->has_deadline)
        check_deadlines(sink, r, im, ev);
    for (size_t t = 0; t < m->ntrans; t++) {
        const transition *tr = &m->trans[t];
        instance_key key;
        if (!event_matches(sink, &tr->on, ev))
            continue;
        if (tr->on.nkey ? key_of(ev, tr->on.key, tr->on.nkey, &key) != 0
                        : key_of(ev, m->key, m->nkey, &key) != 0)
            continue;
        instance *in = instance_find(im, &key, 0, m->initial);
        int state = in ? in->state : m->initial;
        if (!from_has(tr, state))
            continue;
        int to = tr->to >= 0 ? tr->to : (tr->fail ? m->initial : state);
        if (!in && (to != m->initial || tr->fail)) {
            in = instance_find(im, &key, 1, m->initial);
            if (!in) {
                sink->failed = 1;
                return;
            }
            in->adapter = ev->adapter;
            instance_enter(sink, in, ev);
        }
        if (tr->fail)
            monitor_fail(sink, r, in, ev);
        if (in) {
            if (to == m->initial)
                reset(in, to);
            else if (in->state != to)
                instance_enter(sink, in, ev);
            in->state = to;
            in->adapter = ev->adapter;
        }
        break;
    }
    /* a callback that ends instances returned: judge this adapter's instances */
    if (ev->kind == EV_RETURN) {
        for (size_t e = 0; e < m->nend; e++) {
            if (strcmp(m->end_callbacks[e], ev->name ? ev->name : "") != 0)
                continue;
            for (size_t i = 0; i < im->cap; i++) {
                instance *in = &im->slots[i];
                if (!in->used || in->adapter != ev->adapter || in->state == m->initial)
                    continue;
                if (!m->accepting[in->state])
                    monitor_fail(sink, r, in, ev);
                reset(in, m->initial);
            }
        }
    }
}

static void monitor_end(finding_sink *sink, const rule *r, instance_map *im, const event *last)
{
    const monitor_def *m = &r->monitor;
    if (m->has_deadline)
        check_deadlines(sink, r, im, last);
    /* a scenario cut short by a crash, hang or load error never reached
     * its end: "never happened" would blame the miniport for the cut, which
     * HOST-* already reports */
    int cut = last->kind == EV_CRASH || last->kind == EV_HANG || last->kind == EV_ERROR;
    if (!m->end_scenario || cut)
        return;
    for (size_t i = 0; i < im->cap; i++) {
        instance *in = &im->slots[i];
        if (in->used && in->state != m->initial && !m->accepting[in->state])
            monitor_fail(sink, r, in, last);
    }
}

static void dispatch(finding_sink *sink, const rule *r, instance_map *im, const event *ev)
{
    if (r->body == BODY_PATTERN) {
        if (event_matches(sink, &r->pattern, ev)) {
            /* An event about a resource (arg handle) brings its record:
             * {resource.*}, {origin} and the allocation backtrace. */
            const event_arg *h = event_arg_get(ev, "handle");
            const ledger_record *rec = h && !h->is_str ? analysis_record_for(sink->an, h->num) : NULL;
            message_ctx ctx = { .ev = ev, .res = rec };
            emit_finding(sink, r, ev, &ctx, rec ? &rec->bt : NULL, NULL);
        }
    } else if (r->body == BODY_MONITOR) {
        monitor_event(sink, r, im, ev);
    }
}

/* A rule that supersedes another drops that rule's findings at the same
 * event about the same subject (say, a port freed twice and a port that
 * should never have been freed). */
static void apply_supersedes(finding_sink *sink)
{
    violation_list *out = sink->out;
    size_t n = out->count - sink->first;
    unsigned char *drop = calloc(n ? n : 1, 1);
    if (!drop) {
        sink->failed = 1;
        return;
    }
    for (size_t a = 0; a < n; a++) {
        const rule *ra = ruleset_find(sink->rs, out->items[sink->first + a].rule_id);
        if (!ra || !ra->nsupersedes)
            continue;
        for (size_t b = 0; b < n; b++) {
            violation *vb = &out->items[sink->first + b];
            const violation *va = &out->items[sink->first + a];
            if (a == b || drop[b] || vb->event_index != va->event_index)
                continue;
            int superseded = 0;
            for (size_t s = 0; s < ra->nsupersedes && !superseded; s++)
                superseded = strcmp(ra->supersedes[s], vb->rule_id) == 0;
            const char *sa = sink->subjects[a], *sb = sink->subjects[b];
            if (superseded && (!sa || !sb || strcmp(sa, sb) == 0))
                drop[b] = 1;
        }
    }
    size_t w = sink->first;
    for (size_t i = 0; i < n; i++) {
        if (drop[i])
            violation_free(&out->items[sink->first + i]);
        else
            out->items[w++] = out->items[sink->first + i];
    }
    out->count = w;
    free(drop);
}

/* A return event carries only what the callback gave back; rules also see
 * the arguments NDIS passed in (the timer of a NetTimerCallback return, the
 * request of a MiniportOidRequest return).  This builds that view: the
 * return's own arguments first, then its enter's.  Returns ev itself when
 * there is nothing to add. */
static const event *with_enter_args(const event *ev, const event *enter, event *view, event_arg **buf,
                                    size_t *cap)
{
    if (ev->kind != EV_RETURN || !enter || !enter->nargs)
        return ev;
    size_t need = ev->nargs + enter->nargs;
    if (need > *cap) {
        event_arg *g = realloc(*buf, need * sizeof *g);
        if (!g)
            return ev;
        *buf = g;
        *cap = need;
    }
    size_t n = 0;
    for (size_t i = 0; i < ev->nargs; i++)
        (*buf)[n++] = ev->args[i];
    for (size_t i = 0; i < enter->nargs; i++)
        if (!event_arg_get(ev, enter->args[i].key))
            (*buf)[n++] = enter->args[i];
    *view = *ev;
    view->args = *buf;
    view->nargs = n;
    return view;
}

/* The listeners of an event's name, remembered by the name's address for
 * one evaluation (atom_memo_slot): most events share a few names. */
#define LISTENER_MEMO 256

typedef struct {
    const char *name;
    const listener_slot *slot;
} listener_memo;

static const listener_slot *listeners_memo_for(listener_memo *memo, const listeners *ls, const char *name)
{
    listener_memo *m = &memo[atom_memo_slot(name, LISTENER_MEMO)];
    if (m->name != name) {
        m->name = name;
        m->slot = listeners_for(ls, name);
    }
    return m->slot;
}

/* What a run answers (rules.h): 0, -1, or -2 when a pattern could not be decided. */
static int run_answer(const finding_sink *sink)
{
    return sink->failed ? (sink->undecided ? -2 : -1) : 0;
}

/* One scenario being judged (rules.h). Each open callback's enter is
 * kept, so that its return sees the arguments NDIS passed in. */
struct rule_run {
    finding_sink sink;
    const ruleset *rs;
    const listeners *ls;
    listeners *own;       /* a rule set not from ruleset_load has no index of its own */
    listener_memo memo[LISTENER_MEMO];
    instance_map *maps;   /* per rule */
    analysis_state *an;
    const event **enters; /* stack of open enters, kept */
    size_t nenters, capenters;
    event_arg *argbuf;
    size_t argcap;
};

rule_run *ruleset_run_begin(const ruleset *rs, violation_list *out, int keep_resources)
{
    rule_run *run = calloc(1, sizeof *run);
    if (!run)
        return NULL;
    run->rs = rs;
    run->sink = (finding_sink){ .rs = rs, .out = out, .first = out->count };
    run->ls = rs->listeners ? rs->listeners : (run->own = listeners_build(rs));
    run->maps = calloc(rs->nrules + 1, sizeof *run->maps);
    run->an = analysis_begin(rs, keep_resources);
    run->sink.an = run->an;
    if (!run->ls || !run->maps || !run->an) {
        ruleset_run_free(run);
        return NULL;
    }
    return run;
}

/* The enter a return closes: the innermost open enter of the same
 * callback, taken off the stack with those above it (the caller releases
 * it). NULL when none is open. */
static const event *close_enter(rule_run *run, const event *ev)
{
    for (size_t k = run->nenters; k-- > 0;) {
        if (strcmp(run->enters[k]->name, ev->name ? ev->name : "") != 0)
            continue;
        const event *enter = run->enters[k];
        for (size_t i = k + 1; i < run->nenters; i++)
            event_kept_release(run->enters[i]);
        run->nenters = k;
        return enter;
    }
    return NULL;
}

static int open_enter(rule_run *run)
{
    if (run->nenters == run->capenters) {
        size_t cap = run->capenters ? run->capenters * 2 : 16;
        const event **g = realloc(run->enters, cap * sizeof *g);
        if (!g)
            return -1;
        run->enters = g;
        run->capenters = cap;
    }
    const event *kept = sink_keep_current(&run->sink);
    if (!kept)
        return -1;
    run->enters[run->nenters++] = kept;
    return 0;
}

int ruleset_run_feed(rule_run *run, const event *ev)
{
    finding_sink *sink = &run->sink;
    const listeners *ls = run->ls;
    const event *enter = ev->kind == EV_RETURN ? close_enter(run, ev) : NULL;
    event view;
    sink->current = with_enter_args(ev, enter, &view, &run->argbuf, &run->argcap);
    sink->current_kept = NULL;
    ev = sink->current;
    if (ev->kind == EV_ENTER && open_enter(run) != 0)
        sink->failed = 1;
    const listener_slot *s = ev->name ? listeners_memo_for(run->memo, ls, ev->name) : NULL;
    /* named listeners and wildcards, each rule once, in rule order */
    size_t a = 0, b = 0, na = s ? s->n : 0;
    while (!sink->failed && (a < na || b < ls->nwild)) {
        size_t r;
        if (b >= ls->nwild || (a < na && s->rules[a] < ls->wild[b]))
            r = s->rules[a++];
        else if (a >= na || ls->wild[b] < s->rules[a])
            r = ls->wild[b++];
        else {
            r = s->rules[a++];
            b++;
        }
        dispatch(sink, run->rs->rules[r], &run->maps[r], ev);
    }
    if (!sink->failed && analysis_event(run->an, ev, sink) < 0)
        sink->failed = 1;
    event_kept_release(enter);
    event_kept_release(sink->current_kept);
    sink->current = NULL;
    sink->current_kept = NULL;
    return run_answer(sink);
}

int ruleset_run_end(rule_run *run, const event *last, scenario_story *resources)
{
    finding_sink *sink = &run->sink;
    const ruleset *rs = run->rs;
    if (last && !sink->failed) {
        for (size_t r = 0; r < rs->nrules; r++)
            if (rs->rules[r]->body == BODY_MONITOR)
                monitor_end(sink, rs->rules[r], &run->maps[r], last);
        if (analysis_end(run->an, sink) < 0)
            sink->failed = 1;
    }
    if (!sink->failed)
        apply_supersedes(sink);
    if (!sink->failed && resources && analysis_export_spans(run->an, resources) != 0)
        sink->failed = 1;
    return run_answer(sink);
}

void ruleset_run_free(rule_run *run)
{
    if (!run)
        return;
    for (size_t r = 0; run->maps && r < run->rs->nrules; r++)
        instance_map_free(&run->maps[r]);
    free(run->maps);
    for (size_t i = 0; i < run->nenters; i++)
        event_kept_release(run->enters[i]);
    free(run->enters);
    free(run->argbuf);
    analysis_free(run->an);
    listeners_free(run->own);
    for (size_t i = 0; i < run->sink.nsubjects; i++)
        free(run->sink.subjects[i]);
    free(run->sink.subjects);
    free(run);
}

int ruleset_evaluate(const ruleset *rs, const event_list *trace, violation_list *out)
{
    return ruleset_evaluate_story(rs, trace, out, NULL);
}

int ruleset_evaluate_story(const ruleset *rs, const event_list *trace, violation_list *out,
                           scenario_story *resources)
{
    rule_run *run = ruleset_run_begin(rs, out, resources != NULL);
    if (!run)
        return -1;
    int rc = 0;
    for (size_t pos = 0; pos < trace->count && rc == 0; pos++)
        rc = ruleset_run_feed(run, &trace->items[pos]);
    if (rc == 0)
        rc = ruleset_run_end(run, trace->count ? &trace->items[trace->count - 1] : NULL, resources);
    ruleset_run_free(run);
    return rc;
}
