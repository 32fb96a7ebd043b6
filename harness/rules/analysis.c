/* The built-in analyses (docs/rules.md, "Analyses").  One pass over the
 * trace keeps a ledger (trace/ledger.h) of what the miniport holds, plus the
 * little per-adapter context the relations need. */
#include "analysis.h"
#include "../input/constants.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ADAPTERS 256
#define FORGET_FROM 1024   /* records before the first forgetting (forget_released) */

void subject_format(int64_t v, char *buf, size_t len)
{
    if (v >= 0x10000 || v < -0x10000)
        snprintf(buf, len, "0x%" PRIx64, (uint64_t)v);
    else
        snprintf(buf, len, "%" PRId64, v);
}

typedef struct {
    int in_init;                 /* inside MiniportInitializeEx */
    uint64_t init_index;         /* trace index of its enter */
    int halt_order_reported;     /* HALT-REVERSE-ORDER: once per Halt, the first pair out of order */
    int in_halt;                 /* inside MiniportHaltEx */
    uint64_t halt_index;         /* trace index of its enter */
    ledger_record **init_allocs; /* allocations of the last Initialize, in order (of id) */
    size_t ninit, capinit;
    size_t first_released;       /* lowest init_allocs position released in this Halt, SIZE_MAX: none */
    int max_order;               /* highest init_order allocated so far in this Initialize */
    const char *max_order_kind;
    int order_reported;
    int interrupt_seen;
    int interrupt_reported;
    int64_t oid_in_call;         /* request of the MiniportOidRequest running, 0 none */
} adapter_ctx;

typedef struct {
    int64_t id;                  /* NBL or request pointer */
    int adapter;
    int is_oid;
    const event *issued;         /* kept: the send or the OID request */
    const event *reset;          /* kept: the first reset while outstanding, NULL none */
} request;

struct analysis_state {
    const ruleset *rs;
    ledger *l;
    adapter_ctx *adapters[MAX_ADAPTERS]; /* made when an event first names the adapter: a
                                          * scenario has one or two, and zeroing all of them
                                          * per scenario cost more than judging its events */
    request *reqs;
    size_t nreqs, capreqs;
    const resource_kind *last_kind;  /* the kind typically allocated last (interrupts) */
    int any_requests_rule;
    const rule **per_event;          /* the analysis rules that look at every event */
    size_t nper_event;
    int keep_spans;                  /* the story's spans are wanted (the HTML timeline) */
    struct kept_span *kept;          /* keep_spans: the spans of the records forgotten so far */
    size_t nkept, capkept;
    size_t forget_at;                /* records in the ledger when the next forgetting is due */
};

analysis_state *analysis_begin(const ruleset *rs, int keep_spans)
{
    analysis_state *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->rs = rs;
    st->keep_spans = keep_spans;
    st->forget_at = FORGET_FROM;
    st->l = ledger_new();
    if (!st->l) {
        free(st);
        return NULL;
    }
    for (size_t i = 0; i < rs->tables.nkinds; i++)
        if (rs->tables.kinds[i].init_order > 0 &&
            (!st->last_kind || rs->tables.kinds[i].init_order > st->last_kind->init_order))
            st->last_kind = &rs->tables.kinds[i];
    st->per_event = calloc(rs->nrules ? rs->nrules : 1, sizeof *st->per_event);
    if (!st->per_event) {
        analysis_free(st);
        return NULL;
    }
    /* picked once: each event would otherwise pass every rule of the set */
    for (size_t i = 0; i < rs->nrules; i++) {
        const rule *r = rs->rules[i];
        if (r->body != BODY_ANALYSIS)
            continue;
        if (r->analysis.id == AN_REQUESTS_AT_RESET)
            st->any_requests_rule = 1;
        else
            st->per_event[st->nper_event++] = r;
    }
    return st;
}

const ledger_record *analysis_record_for(analysis_state *st, int64_t handle)
{
    return st && handle ? ledger_find_latest(st->l, (uint64_t)handle) : NULL;
}

void analysis_free(analysis_state *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < MAX_ADAPTERS; i++)
        if (st->adapters[i]) {
            free(st->adapters[i]->init_allocs);
            free(st->adapters[i]);
        }
    ledger_free(st->l);
    for (size_t i = 0; i < st->nreqs; i++) {
        event_kept_release(st->reqs[i].issued);
        event_kept_release(st->reqs[i].reset);
    }
    free(st->reqs);
    free(st->per_event);
    free(st->kept);
    free(st);
}

static adapter_ctx *adapter_of(analysis_state *st, int adapter)
{
    return adapter >= 0 && adapter < MAX_ADAPTERS ? st->adapters[adapter] : NULL;
}

static ddi_fact facts_about(analysis_state *st, const char *ddi)
{
    return analysis_facts_about(st->rs, ddi);
}

static int kind_selected(const analysis_def *a, const resource_kind *k)
{
    const char *name = k ? k->kind : "";
    for (size_t i = 0; i < a->nexclude; i++)
        if (strcmp(a->exclude[i], name) == 0)
            return 0;
    if (!a->ninclude)
        return 1;
    for (size_t i = 0; i < a->ninclude; i++)
        if (strcmp(a->include[i], name) == 0)
            return 1;
    return 0;
}

static int is(const event *ev, event_kind kind, const char *name)
{
    /* the first byte tells most names apart without a call */
    return ev->kind == kind && ev->name && ev->name[0] == name[0] && strcmp(ev->name, name) == 0;
}

static int failed_status(const event *ev)
{
    return ev->has_status && strcmp(status_class(ev->status), "error") == 0;
}

static void emit_resource(finding_sink *sink, const rule *r, const event *ev,
                          const ledger_record *rec, int64_t handle, const char *detail)
{
    char subject[64];
    subject_format(handle, subject, sizeof subject);
    message_ctx ctx = { .ev = ev, .res = rec, .res_ev = rec && rec->alloc_event.name ? &rec->alloc_event : NULL, .detail = detail };
    emit_finding(sink, r, ev, &ctx, rec ? &rec->bt : NULL, subject);
}

/* What this event did to the ledger. */
typedef struct {
    ledger_record *alloc;
    int freed;
    ledger_free_outcome outcome;
    ledger_record *rec;
    const resource_kind *free_kind;
    int64_t handle;
} effect;

/* NDIS took ownership of a block the miniport allocated (restart
 * attributes, 001): it is released, by NDIS, so never a leak; a later free
 * by the miniport is a double free.  Unknown handles are not ours to judge. */
#define OWNERSHIP_TRANSFER "ownership_transfer"

static void transfer_ownership(analysis_state *st, const event *ev)
{
    const event_arg *h = event_arg_get(ev, "handle");
    if (!h || h->is_str || !ledger_find_open(st->l, (uint64_t)h->num))
        return;
    ledger_record *rec;
    (void)ledger_record_free(st->l, OWNERSHIP_TRANSFER, (uint64_t)h->num, ev, &rec);
}

/* Memory NDIS handed the miniport (op ndis_allocated): the miniport may
 * free it (001), and it is never the miniport's leak. */
#define NDIS_OWNED_ADAPTER (-2)

static int record_ndis_allocation(analysis_state *st, const event *ev)
{
    const event_arg *h = event_arg_get(ev, "handle");
    const resource_kind *memory = tables_kind(&st->rs->tables, "memory");
    if (!h || h->is_str || !h->num || !memory)
        return 0;
    ledger_record *rec = ledger_record_alloc(st->l, memory, (uint64_t)h->num, ev);
    if (!rec)
        return -1;
    rec->adapter = NDIS_OWNED_ADAPTER;
    return 0;
}

/* What the HTML timeline draws of a record (its story span). */
static resource_span span_of(const ledger_record *rec)
{
    return (resource_span){
        .kind = rec->kind ? rec->kind->kind : "?",
        .alloc_ddi = rec->alloc_ddi,   /* made atoms by story_add_span */
        .free_ddi = rec->free_ddi,
        .handle = rec->handle,
        .adapter = rec->adapter,
        .alloc_index = rec->event_index,
        .free_index = rec->free_ddi ? rec->free_event_index : 0,
        .leaked = !rec->free_ddi,  /* still open, or its handle reused while held */
        .out_of_order = rec->out_of_order,
    };
}

/* NDIS's memory lent to the miniport: not the miniport's to account for,
 * and no span. */
static int drawn(const ledger_record *rec)
{
    return rec->adapter != NDIS_OWNED_ADAPTER;
}

/* A record's span and its place in the ledger's order (the record's id).
 * Its strings outlive the run: atoms, literals, the ruleset's kinds. */
struct kept_span {
    uint64_t id;
    resource_span span;
};

static int keep_span(analysis_state *st, const ledger_record *rec)
{
    if (st->nkept == st->capkept) {
        size_t cap = st->capkept ? 2 * st->capkept : 64;
        struct kept_span *grown = realloc(st->kept, cap * sizeof *grown);
        if (!grown)
            return -1;
        st->kept = grown;
        st->capkept = cap;
    }
    st->kept[st->nkept++] = (struct kept_span){ rec->id, span_of(rec) };
    return 0;
}

/* Records released and out of every lookup's reach are freed now and
 * then (ledger_forget_unreachable), once there are twice as many records
 * as after the last time: an Initialize that allocates and frees 100 k
 * times holds what it holds at once, not 100 k records. What points to
 * records lets go first: each adapter's Initialize list drops those
 * released, which no later release order can involve (only releases within
 * a Halt count), so nothing is forgotten while a Halt runs. A record
 * forgotten is closed, so its span is final: when the story is wanted,
 * the span is kept (a few words) instead of the record. */
static int forget_released(analysis_state *st)
{
    if (ledger_count(st->l) < st->forget_at)
        return 0;
    for (size_t i = 0; i < MAX_ADAPTERS; i++)
        if (st->adapters[i] && st->adapters[i]->in_halt)
            return 0;
    for (size_t i = 0; i < MAX_ADAPTERS; i++) {
        adapter_ctx *a = st->adapters[i];
        size_t kept = 0;
        for (size_t k = 0; a && k < a->ninit; k++)
            if (a->init_allocs[k]->open)
                a->init_allocs[kept++] = a->init_allocs[k];
        if (a)
            a->ninit = kept;
    }
    for (size_t i = 0; st->keep_spans && i < ledger_count(st->l); i++) {
        const ledger_record *rec = ledger_at(st->l, i);
        if (ledger_forgettable(rec) && drawn(rec) && keep_span(st, rec) != 0)
            return -1;
    }
    ledger_forget_unreachable(st->l);
    st->forget_at = 2 * ledger_count(st->l) > FORGET_FROM ? 2 * ledger_count(st->l) : FORGET_FROM;
    return 0;
}

static int apply_ledger(analysis_state *st, const event *ev, effect *fx)
{
    memset(fx, 0, sizeof *fx);
    if (is(ev, EV_OP, OWNERSHIP_TRANSFER)) {
        transfer_ownership(st, ev);
        return 0;
    }
    if (is(ev, EV_OP, "ndis_allocated"))
        return record_ndis_allocation(st, ev);
    if (ev->kind != EV_DDI || !ev->name)
        return 0;
    const event_arg *h = event_arg_get(ev, "handle");
    if (!h || h->is_str || failed_status(ev))
        return 0;
    fx->handle = h->num;
    const resource_kind *k = facts_about(st, ev->name).allocates;
    if (k) {
        if (h->num == 0)
            return 0;
        if (forget_released(st) != 0)  /* before the new record: fx->alloc stays valid */
            return -1;
        fx->alloc = ledger_record_alloc(st->l, k, (uint64_t)h->num, ev);
        if (!fx->alloc)
            return -1;
        adapter_ctx *a = adapter_of(st, ev->adapter);
        if (a && a->in_init && event_within(ev, "MiniportInitializeEx")) {
            if (a->ninit == a->capinit) {
                size_t cap = a->capinit ? a->capinit * 2 : 16;
                ledger_record **g = realloc(a->init_allocs, cap * sizeof *g);
                if (!g)
                    return -1;
                a->init_allocs = g;
                a->capinit = cap;
            }
            a->init_allocs[a->ninit++] = fx->alloc;
        }
        return 0;
    }
    fx->free_kind = facts_about(st, ev->name).frees;
    if (fx->free_kind) {
        fx->freed = 1;
        fx->outcome = ledger_record_free(st->l, ev->name, (uint64_t)h->num, ev, &fx->rec);
    }
    return 0;
}

static void leaks(analysis_state *st, const rule *r, const event *ev, finding_sink *sink)
{
    const analysis_def *a = &r->analysis;
    int at_halt = a->at_halt && is(ev, EV_RETURN, "MiniportHaltEx");
    int at_init = a->at_failed_init && is(ev, EV_RETURN, "MiniportInitializeEx") && ev->has_status &&
                  ev->status != 0;
    if (!at_halt && !at_init)
        return;
    adapter_ctx *ac = adapter_of(st, ev->adapter);
    for (size_t i = 0; i < ledger_count(st->l); i++) {
        ledger_record *rec = ledger_at(st->l, i);
        if (!rec->open || rec->adapter != ev->adapter || !kind_selected(a, rec->kind))
            continue;
        if (at_init && (!ac || rec->event_index < ac->init_index))
            continue;
        emit_resource(sink, r, ev, rec, (int64_t)rec->handle, at_halt ? "MiniportHaltEx" : "MiniportInitializeEx");
    }
}

/* Position of rec among the allocations of the last Initialize (ordered by
 * id: a binary search, so a Halt that frees a 30,000-entry ring stays
 * linear), or a->ninit when it is not one of them. */
static size_t init_position(const adapter_ctx *a, const ledger_record *rec)
{
    size_t lo = 0, hi = a->ninit;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->init_allocs[mid]->id < rec->id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < a->ninit && a->init_allocs[lo] == rec ? lo : a->ninit;
}

/* Released, by the miniport, since this Halt began. */
static int released_in_halt(const adapter_ctx *a, const ledger_record *rec)
{
    return !rec->open && rec->free_ddi && strcmp(rec->free_ddi, OWNERSHIP_TRANSFER) != 0 &&
           rec->free_event_index >= a->halt_index;
}

/* Judges pairs that are both released in this Halt: releasing a resource
 * after one that Initialize allocated before it is the reverse of the
 * reverse order.  A resource never released (a leak, reported by the leak
 * rules) takes no part, so it cannot make the others look out of order. */
static void release_order(analysis_state *st, const rule *r, const event *ev, const effect *fx,
                          finding_sink *sink)
{
    if (!fx->freed || !fx->rec || fx->outcome == LEDGER_FREE_DOUBLE || !event_within(ev, "MiniportHaltEx"))
        return;
    adapter_ctx *a = adapter_of(st, ev->adapter);
    if (!a || !a->in_halt || a->halt_order_reported || !kind_selected(&r->analysis, fx->rec->kind))
        return;
    size_t pos = init_position(a, fx->rec);
    if (pos == a->ninit)
        return;
    /* Without kind filters the earliest release of this Halt is the pair to
     * report, when it comes before pos; with them, the first selected one. */
    int filtered = r->analysis.ninclude || r->analysis.nexclude;
    size_t from = 0, to = pos;
    if (!filtered) {
        from = a->first_released;
        to = a->first_released < pos ? a->first_released + 1 : 0;
    }
    for (size_t i = from; i < to; i++) {
        const ledger_record *earlier = a->init_allocs[i];
        if (!released_in_halt(a, earlier) || !kind_selected(&r->analysis, earlier->kind))
            continue;
        char detail[256];
        snprintf(detail, sizeof detail, "%s 0x%" PRIx64 " (allocated earlier by %s) was already released by %s",
                 earlier->kind ? earlier->kind->kind : "?", earlier->handle, earlier->alloc_ddi,
                 earlier->free_ddi);
        emit_resource(sink, r, ev, fx->rec, (int64_t)fx->rec->handle, detail);
        fx->rec->out_of_order = 1;
        a->halt_order_reported = 1;  /* the first pair says it; every later one follows from it */
        return;
    }
}

static void bad_free(const rule *r, const event *ev, const effect *fx, finding_sink *sink)
{
    if (!fx->freed)
        return;
    const analysis_def *a = &r->analysis;
    if (fx->outcome == LEDGER_FREE_DOUBLE && a->which_double &&
        kind_selected(a, fx->rec ? fx->rec->kind : fx->free_kind))
        emit_resource(sink, r, ev, fx->rec, fx->handle, "double");
    else if (fx->outcome == LEDGER_FREE_UNKNOWN && a->which_foreign && kind_selected(a, fx->free_kind))
        emit_resource(sink, r, ev, NULL, fx->handle, "foreign");
}

static void wrong_reciprocal(const rule *r, const event *ev, const effect *fx, finding_sink *sink)
{
    if (!fx->freed || fx->outcome != LEDGER_FREE_WRONG_RECIPROCAL || !fx->rec ||
        !kind_selected(&r->analysis, fx->rec->kind))
        return;
    char detail[256] = "";
    const resource_kind *k = fx->rec->kind;
    for (size_t i = 0; k && i < k->nfree; i++) {
        size_t n = strlen(detail);
        snprintf(detail + n, sizeof detail - n, "%s%s", i ? " or " : "", k->free_ddis[i]);
    }
    emit_resource(sink, r, ev, fx->rec, fx->handle, detail);
}

static void irql_limit(analysis_state *st, const rule *r, const event *ev, finding_sink *sink)
{
    if (ev->kind != EV_DDI || !ev->name)
        return;
    int max = facts_about(st, ev->name).max_irql;
    if (max < 0 || ev->irql <= max)
        return;
    /* The DDI's own page states its IRQL (Requirements table): cite it. */
    const char *page = tables_ddi_doc(&st->rs->tables, ev->name);
    char doc[256], url[256];
    message_ctx ctx = { .ev = ev, .max_irql = max };
    if (page) {
        const char *slash = strchr(page, '/');
        snprintf(doc, sizeof doc, "%s %s (%.*s.h): IRQL %s %s", ev->name,
                 strstr(page, "/nc-") ? "callback function" : strstr(page, "/ns-") ? "structure" : "function",
                 slash ? (int)(slash - page) : 0, page, max >= 31 ? "any level:" : "<=", irql_name(max));
        snprintf(url, sizeof url, "https://learn.microsoft.com/windows-hardware/drivers/ddi/%s", page);
        ctx.doc = doc;
        ctx.doc_url = url;
    }
    emit_finding(sink, r, ev, &ctx, NULL, NULL);
}

static void init_alloc_order(analysis_state *st, const rule *r, const event *ev, const effect *fx,
                             finding_sink *sink)
{
    adapter_ctx *a = adapter_of(st, ev->adapter);
    if (!fx->alloc || !a || !a->in_init || !fx->alloc->kind || fx->alloc->kind->init_order <= 0)
        return;
    const resource_kind *k = fx->alloc->kind;
    if (k->init_order < a->max_order && !a->order_reported) {
        char detail[256];
        snprintf(detail, sizeof detail, "%s (typically #%d) allocated after %s (typically #%d)", k->kind,
                 k->init_order, a->max_order_kind, a->max_order);
        a->order_reported = 1;
        emit_resource(sink, r, ev, fx->alloc, fx->handle, detail);
    }
}

static void interrupt_last(analysis_state *st, const rule *r, const event *ev, const effect *fx,
                           finding_sink *sink)
{
    adapter_ctx *a = adapter_of(st, ev->adapter);
    if (!fx->alloc || !a || !a->in_init || !st->last_kind || !fx->alloc->kind)
        return;
    if (fx->alloc->kind != st->last_kind && fx->alloc->kind->init_order > 0 && a->interrupt_seen &&
        !a->interrupt_reported) {
        char detail[256];
        snprintf(detail, sizeof detail, "%s allocated after the %s was registered", fx->alloc->kind->kind,
                 st->last_kind->kind);
        a->interrupt_reported = 1;
        emit_resource(sink, r, ev, fx->alloc, fx->handle, detail);
    }
}

/* ---- sends and OID requests outstanding across a reset ---- */

static int num_is_pending(int64_t status)
{
    int64_t pending;
    return constant_value("NDIS_STATUS_PENDING", &pending) == 0 && (uint32_t)status == (uint32_t)pending;
}

/* An outstanding send or OID request; one completed leaves the list. */
static int request_add(analysis_state *st, int64_t id, int adapter, int is_oid, finding_sink *sink)
{
    if (st->nreqs == st->capreqs) {
        size_t cap = st->capreqs ? st->capreqs * 2 : 32;
        request *g = realloc(st->reqs, cap * sizeof *g);
        if (!g)
            return -1;
        st->reqs = g;
        st->capreqs = cap;
    }
    const event *issued = sink_keep_current(sink);
    if (!issued)
        return -1;
    st->reqs[st->nreqs++] = (request){ .id = id, .adapter = adapter, .is_oid = is_oid, .issued = issued };
    return 0;
}

static void request_done(analysis_state *st, int64_t id, int is_oid)
{
    for (size_t i = st->nreqs; i-- > 0;)
        if (st->reqs[i].id == id && st->reqs[i].is_oid == is_oid) {
            event_kept_release(st->reqs[i].issued);
            event_kept_release(st->reqs[i].reset);
            memmove(&st->reqs[i], &st->reqs[i + 1], (st->nreqs - i - 1) * sizeof *st->reqs);
            st->nreqs--;
            return;
        }
}

static int64_t arg_any(const event *ev, const char *a, const char *b)
{
    const event_arg *x = event_arg_get(ev, a);
    if (!x)
        x = event_arg_get(ev, b);
    return x && !x->is_str ? x->num : 0;
}

static int track_requests(analysis_state *st, const event *ev, finding_sink *sink)
{
    adapter_ctx *a = adapter_of(st, ev->adapter);
    if (is(ev, EV_ENTER, "MiniportSendNetBufferLists")) {
        int64_t nbl = arg_any(ev, "nbl", "NetBufferLists");
        if (nbl && request_add(st, nbl, ev->adapter, 0, sink) < 0)
            return -1;
    } else if (is(ev, EV_DDI, "NdisMSendNetBufferListsComplete")) {
        int64_t nbl = arg_any(ev, "nbl", "NetBufferLists");
        if (nbl)
            request_done(st, nbl, 0);
    } else if (is(ev, EV_ENTER, "MiniportOidRequest")) {
        int64_t req = arg_any(ev, "request", "OidRequest");
        if (req && request_add(st, req, ev->adapter, 1, sink) < 0)
            return -1;
        if (a)
            a->oid_in_call = req;
    } else if (is(ev, EV_RETURN, "MiniportOidRequest")) {
        if (a && a->oid_in_call && ev->has_status && !num_is_pending(ev->status))
            request_done(st, a->oid_in_call, 1);
        if (a)
            a->oid_in_call = 0;
    } else if (is(ev, EV_DDI, "NdisMOidRequestComplete")) {
        int64_t req = arg_any(ev, "request", "OidRequest");
        if (req)
            request_done(st, req, 1);
    } else if (is(ev, EV_ENTER, "MiniportResetEx")) {
        for (size_t i = 0; i < st->nreqs; i++)
            if (st->reqs[i].adapter == ev->adapter && !st->reqs[i].reset &&
                !(st->reqs[i].reset = sink_keep_current(sink)))
                return -1;
    }
    return 0;
}

static void requests_at_reset(analysis_state *st, const rule *r, finding_sink *sink)
{
    for (size_t i = 0; i < st->nreqs; i++) {
        const request *q = &st->reqs[i];
        if (!q->reset)
            continue;
        const event *reset = q->reset, *issued = q->issued;
        char detail[160], subject[64];
        subject_format(q->id, subject, sizeof subject);
        snprintf(detail, sizeof detail, "%s %s (event %" PRIu64 ")", q->is_oid ? "OID request" : "send NBL",
                 subject, issued->index);
        message_ctx ctx = { .ev = reset, .detail = detail };
        emit_finding(sink, r, reset, &ctx, &issued->bt, subject);
    }
}

/* ---- driving ---- */

static void track_adapter(analysis_state *st, const event *ev, const effect *fx)
{
    adapter_ctx *a = adapter_of(st, ev->adapter);
    if (!a)
        return;
    if (is(ev, EV_ENTER, "MiniportInitializeEx")) {
        a->in_init = 1;
        a->init_index = ev->index;
        a->ninit = 0;
        a->max_order = 0;
        a->max_order_kind = NULL;
        a->order_reported = a->interrupt_seen = a->interrupt_reported = 0;
    } else if (is(ev, EV_RETURN, "MiniportInitializeEx")) {
        a->in_init = 0;
    } else if (is(ev, EV_ENTER, "MiniportHaltEx")) {
        a->in_halt = 1;
        a->halt_index = ev->index;
        a->halt_order_reported = 0;
        a->first_released = SIZE_MAX;
    } else if (is(ev, EV_RETURN, "MiniportHaltEx")) {
        a->in_halt = 0;
    } else if (a->in_halt && fx->freed && fx->rec && fx->outcome != LEDGER_FREE_DOUBLE &&
               released_in_halt(a, fx->rec)) {
        size_t pos = init_position(a, fx->rec);
        if (pos < a->ninit && pos < a->first_released)
            a->first_released = pos;
    } else if (fx->alloc && a->in_init && fx->alloc->kind) {
        if (fx->alloc->kind->init_order > a->max_order) {
            a->max_order = fx->alloc->kind->init_order;
            a->max_order_kind = fx->alloc->kind->kind;
        }
        if (fx->alloc->kind == st->last_kind)
            a->interrupt_seen = 1;
    }
}

int analysis_event(analysis_state *st, const event *ev, finding_sink *sink)
{
    effect fx;
    if (ev->adapter >= 0 && ev->adapter < MAX_ADAPTERS && !st->adapters[ev->adapter] &&
        !(st->adapters[ev->adapter] = calloc(1, sizeof(adapter_ctx))))
        return -1;
    if (apply_ledger(st, ev, &fx) < 0)
        return -1;
    if (st->any_requests_rule && track_requests(st, ev, sink) < 0)
        return -1;
    for (size_t i = 0; i < st->nper_event; i++) {
        const rule *r = st->per_event[i];
        switch (r->analysis.id) {
        case AN_LEAKS_AT_HALT: leaks(st, r, ev, sink); break;
        case AN_RELEASE_ORDER: release_order(st, r, ev, &fx, sink); break;
        case AN_BAD_FREE: bad_free(r, ev, &fx, sink); break;
        case AN_WRONG_RECIPROCAL: wrong_reciprocal(r, ev, &fx, sink); break;
        case AN_IRQL_LIMIT: irql_limit(st, r, ev, sink); break;
        case AN_INIT_ALLOC_ORDER: init_alloc_order(st, r, ev, &fx, sink); break;
        case AN_INTERRUPT_LAST: interrupt_last(st, r, ev, &fx, sink); break;
        case AN_RETURN_VALUES: analysis_return_values(st->rs, r, ev, sink); break;
        case AN_REQUESTS_AT_RESET:
        case AN_COUNT: break;
        }
    }
    track_adapter(st, ev, &fx);
    return 0;
}

int analysis_end(analysis_state *st, finding_sink *sink)
{
    for (size_t i = 0; i < st->rs->nrules; i++) {
        const rule *r = st->rs->rules[i];
        if (r->body == BODY_ANALYSIS && r->analysis.id == AN_REQUESTS_AT_RESET)
            requests_at_reset(st, r, sink);
    }
    return 0;
}

static int by_ledger_order(const void *a, const void *b)
{
    const struct kept_span *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

int analysis_export_spans(analysis_state *st, scenario_story *story)
{
    if (!st)
        return 0;
    /* The forgotten records went out in batches, each from anywhere in the
     * ledger: with the records left, sorted by id, they are the ledger's
     * order, which is the allocations' order. */
    for (size_t i = 0; i < ledger_count(st->l); i++) {
        const ledger_record *rec = ledger_at(st->l, i);
        if (drawn(rec) && keep_span(st, rec) != 0)
            return -1;
    }
    if (st->nkept)
        qsort(st->kept, st->nkept, sizeof *st->kept, by_ledger_order);
    for (size_t i = 0; i < st->nkept; i++)
        if (story_add_span(story, &st->kept[i].span) != 0)
            return -1;
    return 0;
}
