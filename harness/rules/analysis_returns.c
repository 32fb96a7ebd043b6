/* return_values: a callback's return value judged against the values its
 * WDK page documents (checks/tables/returns.yaml).  A rule takes either the
 * entries of one set (closed or open: the severity follows the page's
 * wording) or named callbacks, whose entries the set rules then leave to it. */
#include "analysis.h"
#include "table_load.h"

#include <stdio.h>
#include <string.h>

static int names_callback(const analysis_def *a, const char *callback)
{
    for (size_t i = 0; i < a->ncallbacks; i++)
        if (strcmp(a->callbacks[i], callback) == 0)
            return 1;
    return 0;
}

/* Is the entry of this callback judged by a rule that names it? */
static int claimed(const ruleset *rs, const char *callback)
{
    for (size_t i = 0; i < rs->nrules; i++) {
        const rule *r = rs->rules[i];
        if (r->body == BODY_ANALYSIS && r->analysis.id == AN_RETURN_VALUES && names_callback(&r->analysis, callback))
            return 1;
    }
    return 0;
}

void analysis_return_values(const ruleset *rs, const rule *r, const event *ev, finding_sink *sink)
{
    if (ev->kind != EV_RETURN || !ev->has_status)
        return;
    const callback_returns *entry = tables_returns(&rs->tables, ev->name);
    if (!entry || returns_allows(entry, ev->status))
        return;
    const analysis_def *a = &r->analysis;
    int by_name = a->ncallbacks > 0;
    if (by_name ? !names_callback(a, entry->callback)
                : (int)entry->set != a->return_set || claimed(rs, entry->callback))
        return;
    char detail[1024];
    snprintf(detail, sizeof detail, "its page documents %s; %s", entry->allowed_text, entry->outside);
    /* a rule naming its callbacks cites its own page; the set rules cite the entry's */
    message_ctx ctx = { .ev = ev, .detail = detail, .doc = by_name ? NULL : entry->doc,
                        .doc_url = by_name ? NULL : entry->url };
    emit_finding(sink, r, ev, &ctx, NULL, NULL);
}

/* return_values: `set: closed|open` (the entries of that set) or
 * `callbacks: [...]` (those callbacks' entries, whatever their set). */
int analysis_return_params(const ynode *params, const ndis_tables *t, analysis_def *a, yerror *err)
{
    const ynode *set = ymap_get(params, "set"), *cbs = ymap_get(params, "callbacks");
    if ((set != NULL) == (cbs != NULL))
        return yerr_at(err, params, "return_values takes either set or callbacks");
    if (set) {
        if (ynode_expect(set, YNODE_SCALAR, "set", err) < 0)
            return -1;
        a->return_set = strcmp(set->scalar, "closed") == 0 ? RETURN_SET_CLOSED
                        : strcmp(set->scalar, "open") == 0 ? RETURN_SET_OPEN : 0;
        return a->return_set ? 0 : yerr_at(err, set, "set is closed or open, not '%s'", set->scalar);
    }
    if (yaml_names(cbs, "callbacks", &a->callbacks, &a->ncallbacks, err) < 0)
        return -1;
    for (size_t i = 0; i < a->ncallbacks; i++)
        if (!tables_returns(t, a->callbacks[i]))
            return yerr_at(err, cbs->type == YNODE_SEQ ? cbs->values[i] : cbs,
                           "callback '%s' has no entry in the returns table", a->callbacks[i]);
    return 0;
}
