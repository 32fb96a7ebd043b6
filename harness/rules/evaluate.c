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
    const event_list *trace;
    violation_list *out;
    size_t first;         /* first violation appended by this evaluation */
    char **subjects;      /* per appended violation, NULL = the whole event */
    size_t nsubjects;
    int failed;
    int undecided;        /* a `matches:` pattern hit its bound: the rule file is at fault */
    analysis_state *an;   /* resources named by a pattern's event (arg handle) */
};

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
    size_t entered_event;  /* position in the trace */
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
    free(m->slots);
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
    if (in->entered_event < sink->trace->count && in->state != m->initial)
        origin = &sink->trace->items[in->entered_event].bt;
    emit_finding(sink, r, at, &ctx, origin, key);
}

static void reset(instance *in, int initial)
{
    in->state = initial;
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
static int event_matches(finding_sink *sink, const matcher *m, const event *ev, size_t pos)
{
    const rule_pattern *stopped = NULL;
    int rc = matcher_matches(m, ev, &stopped);
    if (rc >= 0)
        return rc;
    fprintf(stderr, "mpconform: %s: the pattern could not be decided on event %zu (%s): %s\n",
            stopped ? rule_pattern_where(stopped) : "?", pos, ev->name ? ev->name : "?",
            stopped ? rule_pattern_failure(stopped) : "?");
    sink->failed = 1;
    sink->undecided = 1;
    return 0;
}

static void monitor_event(finding_sink *sink, const rule *r, instance_map *im, const event *ev,
                          size_t pos)
{
    const monitor_def *m = &r->monitor;
    if (m->has_deadline)
        check_deadlines(sink, r, im, ev);
    for (size_t t = 0; t < m->ntrans; t++) {
        const transition *tr = &m->trans[t];
        instance_key key;
        if (!event_matches(sink, &tr->on, ev, pos))
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
            in->entered_event = pos;
            in->entered_time = ev->time_us;
        }
        if (tr->fail)
            monitor_fail(sink, r, in, ev);
        if (in) {
            if (in->state != to) {
                in->entered_event = pos;
                in->entered_time = ev->time_us;
            }
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

static void dispatch(finding_sink *sink, const rule *r, instance_map *im, const event *ev, size_t pos)
{
    if (r->body == BODY_PATTERN) {
        if (event_matches(sink, &r->pattern, ev, pos)) {
            /* An event about a resource (arg handle) brings its record:
             * {resource.*}, {origin} and the allocation backtrace. */
            const event_arg *h = event_arg_get(ev, "handle");
            const ledger_record *rec = h && !h->is_str ? analysis_record_for(sink->an, h->num) : NULL;
            message_ctx ctx = { .ev = ev, .res = rec };
            emit_finding(sink, r, ev, &ctx, rec ? &rec->bt : NULL, NULL);
        }
    } else if (r->body == BODY_MONITOR) {
        monitor_event(sink, r, im, ev, pos);
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

int ruleset_evaluate(const ruleset *rs, const event_list *trace, violation_list *out)
{
    return ruleset_evaluate_story(rs, trace, out, NULL);
}

int ruleset_evaluate_story(const ruleset *rs, const event_list *trace, violation_list *out,
                           scenario_story *resources)
{
    size_t *enters = calloc(trace->count + 1, sizeof *enters); /* stack of open enter positions */
    size_t nenters = 0;
    event_arg *argbuf = NULL;
    size_t argcap = 0;
    event view;
    finding_sink sink = { .rs = rs, .trace = trace, .out = out, .first = out->count };
    listeners *own = NULL;   /* a rule set not from ruleset_load has no index of its own */
    const listeners *ls = rs->listeners ? rs->listeners : (own = listeners_build(rs));
    listener_memo memo[LISTENER_MEMO] = { { 0 } };
    instance_map *maps = calloc(rs->nrules + 1, sizeof *maps);
    analysis_state *an = analysis_begin(rs, trace);
    sink.an = an;
    int rc = 0;
    if (!maps || !an || !enters || !ls) {
        rc = -1;
        goto done;
    }
    for (size_t pos = 0; pos < trace->count && !sink.failed; pos++) {
        const event *ev = &trace->items[pos];
        const event *enter = NULL;
        if (enters && ev->kind == EV_ENTER) {
            enters[nenters++] = pos;
        } else if (enters && ev->kind == EV_RETURN) {
            /* the innermost open enter of the same callback */
            for (size_t k = nenters; k-- > 0;)
                if (strcmp(trace->items[enters[k]].name, ev->name ? ev->name : "") == 0) {
                    enter = &trace->items[enters[k]];
                    nenters = k;
                    break;
                }
        }
        ev = with_enter_args(ev, enter, &view, &argbuf, &argcap);
        const listener_slot *s = ev->name ? listeners_memo_for(memo, ls, ev->name) : NULL;
        /* named listeners and wildcards, each rule once, in rule order */
        size_t a = 0, b = 0, na = s ? s->n : 0;
        while (a < na || b < ls->nwild) {
            size_t r;
            if (b >= ls->nwild || (a < na && s->rules[a] < ls->wild[b]))
                r = s->rules[a++];
            else if (a >= na || ls->wild[b] < s->rules[a])
                r = ls->wild[b++];
            else {
                r = s->rules[a++];
                b++;
            }
            dispatch(&sink, rs->rules[r], &maps[r], ev, pos);
        }
        if (analysis_event(an, ev, pos, &sink) < 0)
            sink.failed = 1;
    }
    if (trace->count && !sink.failed) {
        const event *last = &trace->items[trace->count - 1];
        for (size_t r = 0; r < rs->nrules; r++)
            if (rs->rules[r]->body == BODY_MONITOR)
                monitor_end(&sink, rs->rules[r], &maps[r], last);
        if (analysis_end(an, &sink) < 0)
            sink.failed = 1;
    }
    if (!sink.failed)
        apply_supersedes(&sink);
    if (!sink.failed && resources && analysis_export_spans(an, resources) != 0)
        sink.failed = 1;
    rc = sink.failed ? (sink.undecided ? -2 : -1) : 0;
done:
    for (size_t r = 0; maps && r < rs->nrules; r++)
        instance_map_free(&maps[r]);
    free(maps);
    free(enters);
    free(argbuf);
    analysis_free(an);
    listeners_free(own);
    for (size_t i = 0; i < sink.nsubjects; i++)
        free(sink.subjects[i]);
    free(sink.subjects);
    return rc;
}
