/* The rule grammar of docs/rules.md: every key checked, every name checked
 * against the tables and docs/events.md, every error at file:line:column. */
#include "rule_load.h"
#include "../input/constants.h"
#include "table_load.h"
#include "analysis.h"
#include "rule_matcher.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const analysis_names[AN_COUNT] = {
    [AN_LEAKS_AT_HALT] = "leaks_at_halt", [AN_RELEASE_ORDER] = "release_order",
    [AN_BAD_FREE] = "bad_free", [AN_WRONG_RECIPROCAL] = "wrong_reciprocal",
    [AN_IRQL_LIMIT] = "irql_limit", [AN_INIT_ALLOC_ORDER] = "init_alloc_order",
    [AN_INTERRUPT_LAST] = "interrupt_last", [AN_REQUESTS_AT_RESET] = "requests_at_reset",
    [AN_RETURN_VALUES] = "return_values",
};

const char *analysis_name(analysis_id id)
{
    return id < AN_COUNT ? analysis_names[id] : "?";
}

/* A small growable text buffer, for explain's body rendering. */
typedef struct {
    char *s;
    size_t len, cap;
} sbuf;

static void sb_add_n(sbuf *b, const char *text, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = (b->len + n + 1) * 2;
        char *p = realloc(b->s, cap);
        if (!p)
            return;
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, text, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void sb_add(sbuf *b, const char *text)
{
    sb_add_n(b, text, strlen(text));
}

/* indent spaces (at most 60) in one piece: the body of every rule is
 * rendered at load, and a piece per space was most of that. */
static void pad_to(sbuf *b, int indent)
{
    static const char spaces[] = "                                                            ";
    sb_add_n(b, spaces, indent < 0 ? 0 : indent > 60 ? 60 : (size_t)indent);
}

/* Renders a node as block YAML; a map inside a list starts on the dash's line. */
static void dump_node(sbuf *b, const ynode *n, int indent, int inline_first)
{
    if (n->type == YNODE_SCALAR) {
        if (n->quoted || !*n->scalar) {
            sb_add(b, "\"");
            sb_add(b, n->scalar);
            sb_add(b, "\"");
        } else {
            sb_add(b, n->scalar);
        }
        sb_add(b, "\n");
        return;
    }
    if (n->count == 0) {
        sb_add(b, n->type == YNODE_MAP ? "{}\n" : "[]\n");
        return;
    }
    if (!inline_first)
        sb_add(b, "\n");
    for (size_t i = 0; i < n->count; i++) {
        if (i > 0 || !inline_first)
            pad_to(b, indent);
        if (n->type == YNODE_MAP) {
            sb_add(b, n->keys[i]->scalar);
            sb_add(b, n->values[i]->type == YNODE_SCALAR || !n->values[i]->count ? ": " : ":");
            dump_node(b, n->values[i], indent + 2, 0);
        } else {
            sb_add(b, "- ");
            const ynode *v = n->values[i];
            dump_node(b, v, indent + 2, v->type == YNODE_MAP && v->count > 0);
        }
    }
}

void rule_free(rule *r)
{
    if (!r)
        return;
    free(r->id);
    free(r->summary);
    free(r->doc_file);
    free(r->doc_page);
    free(r->doc_url);
    free(r->doc_passage);
    free(r->doc);
    free(r->fix);
    free(r->message);
    free(r->source);
    free(r->body_text);
    names_free(r->supersedes, r->nsupersedes);
    matcher_free(&r->pattern);
    monitor_def *m = &r->monitor;
    for (size_t i = 0; i < m->nkey; i++)
        field_free(&m->key[i]);
    free(m->key);
    names_free(m->states, m->nstates);
    free(m->accepting);
    for (size_t i = 0; i < m->ntrans; i++) {
        free(m->trans[i].from);
        matcher_free(&m->trans[i].on);
    }
    free(m->trans);
    names_free(m->end_callbacks, m->nend);
    names_free(r->analysis.include, r->analysis.ninclude);
    names_free(r->analysis.exclude, r->analysis.nexclude);
    names_free(r->analysis.callbacks, r->analysis.ncallbacks);
    free(r);
}

static int state_index(monitor_def *m, const ynode *n, yerror *err)
{
    if (ynode_expect(n, YNODE_SCALAR, "a state", err) < 0)
        return -1;
    for (size_t i = 0; i < m->nstates; i++)
        if (strcmp(m->states[i], n->scalar) == 0)
            return (int)i;
    char **s = realloc(m->states, (m->nstates + 1) * sizeof *s);
    if (!s)
        return yerr_at(err, n, "out of memory");
    m->states = s;
    if (!(s[m->nstates] = strdup(n->scalar)))
        return yerr_at(err, n, "out of memory");
    return (int)m->nstates++;
}

static int parse_monitor(const ynode *n, const ndis_tables *t, monitor_def *m, yerror *err)
{
    static const char *const keys[] = { "key", "initial", "accepting", "transitions", "end",
                                        "deadline", NULL };
    static const char *const tkeys[] = { "from", "on", "to", "fail", NULL };
    if (ynode_expect(n, YNODE_MAP, "monitor", err) < 0 || ymap_check_keys(n, keys, err) < 0)
        return -1;
    const ynode *key = ymap_get(n, "key"), *initial = ymap_get(n, "initial"),
                *accepting = ymap_get(n, "accepting"), *trans = ymap_get(n, "transitions"),
                *end = ymap_get(n, "end"), *deadline = ymap_get(n, "deadline");
    if (!key || !initial || !trans)
        return yerr_at(err, n, "a monitor needs key, initial and transitions");
    if (matcher_parse_key(key, &m->key, &m->nkey, err) < 0)
        return -1;
    if ((m->initial = state_index(m, initial, err)) < 0)
        return -1;
    if (ynode_expect(trans, YNODE_SEQ, "transitions", err) < 0)
        return -1;
    if (trans->count == 0)
        return yerr_at(err, trans, "a monitor needs at least one transition");
    m->trans = calloc(trans->count, sizeof *m->trans);
    if (!m->trans)
        return yerr_at(err, trans, "out of memory");
    /* first pass: states entered (initial, every `to`) */
    size_t entered_cap = trans->count + 1;
    int *entered = calloc(entered_cap, sizeof *entered);
    size_t nentered = 0;
    if (!entered)
        return yerr_at(err, trans, "out of memory");
    entered[nentered++] = m->initial;
    for (size_t i = 0; i < trans->count; i++) {
        const ynode *tn = trans->values[i];
        transition *tr = &m->trans[i];
        m->ntrans++;
        tr->to = -1;
        if (ynode_expect(tn, YNODE_MAP, "a transition", err) < 0 || ymap_check_keys(tn, tkeys, err) < 0)
            goto fail;
        const ynode *from = ymap_get(tn, "from"), *on = ymap_get(tn, "on"), *to = ymap_get(tn, "to"),
                    *f = ymap_get(tn, "fail");
        if (!from || !on) {
            yerr_at(err, tn, "a transition needs from and on");
            goto fail;
        }
        if (!to && !f) {
            yerr_at(err, tn, "a transition needs to or fail: true");
            goto fail;
        }
        if (f && ynode_bool(f, &tr->fail, err) < 0)
            goto fail;
        if (to && (tr->to = state_index(m, to, err)) < 0)
            goto fail;
        if (tr->to >= 0)
            entered[nentered++] = tr->to;
        if (from->type == YNODE_SCALAR && strcmp(from->scalar, "*") == 0) {
            tr->from_any = 1;
        } else {
            size_t nf = from->type == YNODE_SEQ ? from->count : 1;
            if (from->type == YNODE_MAP || nf == 0) {
                yerr_at(err, from, "from must be a state, a list of states or \"*\"");
                goto fail;
            }
            tr->from = calloc(nf, sizeof *tr->from);
            if (!tr->from) {
                yerr_at(err, from, "out of memory");
                goto fail;
            }
            for (size_t s = 0; s < nf; s++) {
                int idx = state_index(m, from->type == YNODE_SEQ ? from->values[s] : from, err);
                if (idx < 0)
                    goto fail;
                tr->from[tr->nfrom++] = idx;
            }
        }
        if (matcher_parse(on, t, 1, &tr->on, err) < 0)
            goto fail;
    }
    if (accepting) {
        size_t na = accepting->type == YNODE_SEQ ? accepting->count : 1;
        if (accepting->type == YNODE_MAP) {
            yerr_at(err, accepting, "accepting must be a state or a list of states");
            goto fail;
        }
        for (size_t i = 0; i < na; i++)
            if (state_index(m, accepting->type == YNODE_SEQ ? accepting->values[i] : accepting, err) < 0)
                goto fail;
    }
    if (deadline) {
        static const char *const dkeys[] = { "state", "after_us", NULL };
        int64_t us;
        const ynode *ds, *da;
        if (ynode_expect(deadline, YNODE_MAP, "deadline", err) < 0 || ymap_check_keys(deadline, dkeys, err) < 0)
            goto fail;
        ds = ymap_get(deadline, "state");
        da = ymap_get(deadline, "after_us");
        if (!ds || !da) {
            yerr_at(err, deadline, "deadline needs state and after_us");
            goto fail;
        }
        if ((m->deadline_state = state_index(m, ds, err)) < 0 || ynode_int(da, &us, err) < 0)
            goto fail;
        if (us <= 0) {
            yerr_at(err, da, "after_us must be positive");
            goto fail;
        }
        m->deadline_us = (uint64_t)us;
        m->has_deadline = 1;
    }
    /* every state named must be entered somewhere */
    m->accepting = calloc(m->nstates, 1);
    if (!m->accepting) {
        yerr_at(err, n, "out of memory");
        goto fail;
    }
    for (size_t s = 0; s < m->nstates; s++) {
        int ok = 0;
        for (size_t e = 0; e < nentered && !ok; e++)
            ok = entered[e] == (int)s;
        if (!ok) {
            yerr_at(err, n, "monitor state '%s' is never entered (not initial, no transition goes to it)",
                    m->states[s]);
            goto fail;
        }
    }
    free(entered);
    entered = NULL;
    if (accepting) {
        size_t na = accepting->type == YNODE_SEQ ? accepting->count : 1;
        for (size_t i = 0; i < na; i++)
            m->accepting[state_index(m, accepting->type == YNODE_SEQ ? accepting->values[i] : accepting,
                                     err)] = 1;
    }
    if (end) {
        char **names;
        size_t nn;
        if (yaml_names(end, "end", &names, &nn, err) < 0)
            return -1;
        for (size_t i = 0; i < nn; i++) {
            if (strcmp(names[i], "scenario") == 0) {
                m->end_scenario = 1;
                continue;
            }
            if (!tables_callback(t, names[i])) {
                yerr_at(err, end->type == YNODE_SEQ ? end->values[i] : end,
                        "end: '%s' is neither 'scenario' nor a callback", names[i]);
                names_free(names, nn);
                return -1;
            }
            char **grown = realloc(m->end_callbacks, (m->nend + 1) * sizeof *grown);
            if (!grown) {
                names_free(names, nn);
                return yerr_at(err, end, "out of memory");
            }
            m->end_callbacks = grown;
            m->end_callbacks[m->nend++] = strdup(names[i]);
        }
        names_free(names, nn);
    }
    return 0;
fail:
    free(entered);
    return -1;
}

/* ---- analyses ---- */

static int parse_analysis(const ynode *n, const ndis_tables *t, analysis_def *a, yerror *err)
{
    static const char *const keys[] = { "name", "params", NULL };
    /* the parameters each analysis accepts */
    static const char *const p_leaks[] = { "include", "exclude", "when", NULL };
    static const char *const p_kinds[] = { "include", "exclude", NULL };
    static const char *const p_bad[] = { "include", "exclude", "which", NULL };
    static const char *const p_none[] = { NULL };
    static const char *const p_returns[] = { "set", "callbacks", NULL };
    static const char *const *const params_of[AN_COUNT] = {
        [AN_LEAKS_AT_HALT] = p_leaks, [AN_RELEASE_ORDER] = p_kinds, [AN_BAD_FREE] = p_bad,
        [AN_WRONG_RECIPROCAL] = p_kinds, [AN_IRQL_LIMIT] = p_none, [AN_INIT_ALLOC_ORDER] = p_none,
        [AN_INTERRUPT_LAST] = p_none, [AN_REQUESTS_AT_RESET] = p_none, [AN_RETURN_VALUES] = p_returns,
    };
    if (ynode_expect(n, YNODE_MAP, "analysis", err) < 0 || ymap_check_keys(n, keys, err) < 0)
        return -1;
    const ynode *name = ymap_get(n, "name"), *params = ymap_get(n, "params");
    if (!name)
        return yerr_at(err, n, "analysis needs a name");
    if (!rule_scalar(name, "name", err))
        return -1;
    int found = -1;
    for (int i = 0; i < AN_COUNT; i++)
        if (strcmp(analysis_names[i], name->scalar) == 0)
            found = i;
    if (found < 0)
        return yerr_at(err, name,
                       "unknown analysis '%s' (leaks_at_halt, release_order, bad_free, wrong_reciprocal, "
                       "irql_limit, init_alloc_order, interrupt_last, requests_at_reset, return_values)",
                       name->scalar);
    a->id = (analysis_id)found;
    a->at_halt = a->at_failed_init = 1;
    a->which_double = a->which_foreign = 1;
    if (!params)
        return a->id == AN_RETURN_VALUES ? yerr_at(err, n, "return_values needs params set or callbacks") : 0;
    if (ynode_expect(params, YNODE_MAP, "params", err) < 0 || ymap_check_keys(params, params_of[found], err) < 0)
        return -1;
    if (a->id == AN_RETURN_VALUES)
        return analysis_return_params(params, t, a, err);
    const ynode *inc = ymap_get(params, "include"), *exc = ymap_get(params, "exclude"),
                *when = ymap_get(params, "when"), *which = ymap_get(params, "which");
    if (inc && yaml_names(inc, "include", &a->include, &a->ninclude, err) < 0)
        return -1;
    if (exc && yaml_names(exc, "exclude", &a->exclude, &a->nexclude, err) < 0)
        return -1;
    for (size_t i = 0; i < a->ninclude + a->nexclude; i++) {
        const char *k = i < a->ninclude ? a->include[i] : a->exclude[i - a->ninclude];
        const ynode *at = i < a->ninclude ? inc : exc;
        size_t j = i < a->ninclude ? i : i - a->ninclude;
        if (!tables_kind(t, k))
            return yerr_at(err, at->type == YNODE_SEQ ? at->values[j] : at, "unknown resource kind '%s'", k);
    }
    if (when) {
        char **w;
        size_t nw;
        if (yaml_names(when, "when", &w, &nw, err) < 0)
            return -1;
        a->at_halt = a->at_failed_init = 0;
        for (size_t i = 0; i < nw; i++) {
            if (strcmp(w[i], "halt") == 0)
                a->at_halt = 1;
            else if (strcmp(w[i], "failed_initialize") == 0)
                a->at_failed_init = 1;
            else {
                yerr_at(err, when->type == YNODE_SEQ ? when->values[i] : when,
                        "when is halt or failed_initialize, not '%s'", w[i]);
                names_free(w, nw);
                return -1;
            }
        }
        names_free(w, nw);
    }
    if (which) {
        char **w;
        size_t nw;
        if (yaml_names(which, "which", &w, &nw, err) < 0)
            return -1;
        a->which_double = a->which_foreign = 0;
        for (size_t i = 0; i < nw; i++) {
            if (strcmp(w[i], "double") == 0)
                a->which_double = 1;
            else if (strcmp(w[i], "foreign") == 0)
                a->which_foreign = 1;
            else {
                yerr_at(err, which->type == YNODE_SEQ ? which->values[i] : which,
                        "which is double or foreign, not '%s'", w[i]);
                names_free(w, nw);
                return -1;
            }
        }
        names_free(w, nw);
    }
    return 0;
}

/* ---- the rule ---- */

static int valid_id(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

static char *dup_scalar(const ynode *map, const char *key, yerror *err, const ynode *rule_node)
{
    return yaml_dup_required(map, key, rule_node, err);
}

/* doc: {file: SEED, passage} (page and address from the pages table), or
 * {page, url, passage} for a page beyond the seeds. */
static int doc_parse(rule *r, const ynode *doc, const doc_pages *pages, yerror *err)
{
    static const char *const doc_keys[] = { "file", "page", "url", "passage", NULL };
    if (ynode_expect(doc, YNODE_MAP, "doc", err) < 0 || ymap_check_keys(doc, doc_keys, err) < 0)
        return -1;
    if (!(r->doc_passage = dup_scalar(doc, "passage", err, doc)))
        return -1;
    if (ymap_get(doc, "file")) {
        if (!(r->doc_file = dup_scalar(doc, "file", err, doc)))
            return -1;
        const doc_page *p = doc_pages_find(pages, r->doc_file);
        if (!p)
            return yerr_at(err, ymap_get(doc, "file"), "doc.file '%s' is not a seed page of the pages: table",
                           r->doc_file);
        r->doc_page = strdup(p->title);
        r->doc_url = strdup(p->url);
    }
    if (ymap_get(doc, "page")) {
        free(r->doc_page);
        if (!(r->doc_page = dup_scalar(doc, "page", err, doc)))
            return -1;
    }
    if (ymap_get(doc, "url")) {
        free(r->doc_url);
        if (!(r->doc_url = dup_scalar(doc, "url", err, doc)))
            return -1;
        if (!doc_url_valid(r->doc_url))
            return yerr_at(err, ymap_get(doc, "url"), "doc.url must be an https:// address");
    }
    if (!r->doc_page || !r->doc_url)
        return yerr_at(err, doc, "doc needs 'file' (a seed page) or both 'page' and 'url'");
    size_t dl = strlen(r->doc_page) + strlen(r->doc_passage) + 3;
    if (!(r->doc = malloc(dl)))
        return yerr_at(err, doc, "out of memory");
    snprintf(r->doc, dl, "%s: %s", r->doc_page, r->doc_passage);
    return 0;
}

int rule_parse(const ynode *node, const ndis_tables *t, const doc_pages *pages, rule **out, yerror *err)
{
    static const char *const keys[] = { "id", "severity", "summary", "doc", "fix", "message", "pattern",
                                        "monitor", "analysis", "supersedes", NULL };
    *out = NULL;
    if (ynode_expect(node, YNODE_MAP, "a rule", err) < 0 || ymap_check_keys(node, keys, err) < 0)
        return -1;
    rule *r = calloc(1, sizeof *r);
    if (!r)
        return yerr_at(err, node, "out of memory");
    char src[1100];
    snprintf(src, sizeof src, "%s:%d", node->file, node->line);
    r->source = strdup(src);
    if (!(r->id = dup_scalar(node, "id", err, node)))
        goto fail;
    if (!valid_id(r->id)) {
        yerr_at(err, ymap_get(node, "id"), "rule id '%s' must be made of A-Z, 0-9 and '-'", r->id);
        goto fail;
    }
    char *sev = dup_scalar(node, "severity", err, node);
    if (!sev)
        goto fail;
    int s = severity_from_name(sev);
    free(sev);
    if (s < 0) {
        yerr_at(err, ymap_get(node, "severity"), "severity is error, warning or info");
        goto fail;
    }
    r->sev = (severity)s;
    if (!(r->summary = dup_scalar(node, "summary", err, node)))
        goto fail;
    const ynode *doc = ymap_get(node, "doc");
    if (!doc) {
        yerr_at(err, node, "missing required field 'doc'");
        goto fail;
    }
    if (doc_parse(r, doc, pages, err) < 0)
        goto fail;
    if (ymap_get(node, "fix") && !(r->fix = dup_scalar(node, "fix", err, node)))
        goto fail;
    if (!(r->message = dup_scalar(node, "message", err, node)))
        goto fail;
    if (message_check(r->message, ymap_get(node, "message"), err) < 0)
        goto fail;
    const ynode *pat = ymap_get(node, "pattern"), *mon = ymap_get(node, "monitor"),
                *an = ymap_get(node, "analysis"), *sup = ymap_get(node, "supersedes");
    int bodies = !!pat + !!mon + !!an;
    if (bodies != 1) {
        yerr_at(err, node, "a rule needs exactly one of pattern, monitor, analysis (has %d)", bodies);
        goto fail;
    }
    const ynode *body = pat ? pat : mon ? mon : an;
    if (pat) {
        r->body = BODY_PATTERN;
        if (ynode_expect(pat, YNODE_MAP, "pattern", err) < 0 || matcher_parse(pat, t, 0, &r->pattern, err) < 0)
            goto fail;
    } else if (mon) {
        r->body = BODY_MONITOR;
        if (parse_monitor(mon, t, &r->monitor, err) < 0)
            goto fail;
    } else {
        r->body = BODY_ANALYSIS;
        if (parse_analysis(an, t, &r->analysis, err) < 0)
            goto fail;
    }
    if (sup && yaml_names(sup, "supersedes", &r->supersedes, &r->nsupersedes, err) < 0)
        goto fail;
    sbuf b = { 0 };
    sb_add(&b, pat ? "pattern:" : mon ? "monitor:" : "analysis:");
    dump_node(&b, body, 2, 0);
    r->body_text = b.s;
    *out = r;
    return 0;
fail:
    rule_free(r);
    return -1;
}
