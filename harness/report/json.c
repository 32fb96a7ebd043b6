/* report.json: the whole run as one document for tools (schema in
 * docs/report-json.md).  Keys are emitted in a fixed order and arrays keep
 * the order of the run result, so two runs diff cleanly. */
#include "report.h"
#include "report_util.h"
#include "finding_groups.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA_VERSION 1

/* A JSON string, or null for NULL.  Bytes jansson rejects as invalid UTF-8
 * (driver-supplied text may carry anything) become '?'. */
static json_t *frames_json(const backtrace_t *bt)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < bt->count; i++) {
        const frame *f = &bt->frames[i];
        json_t *o = json_object();
        json_object_set_new(o, "function", report_json_text(f->function, 1));
        json_object_set_new(o, "file", report_json_text(f->file, 1));
        json_object_set_new(o, "line", f->line > 0 ? json_integer(f->line) : json_null());
        json_object_set_new(o, "module", report_json_text(f->module, 1));
        json_object_set_new(o, "offset", json_integer((json_int_t)f->offset));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *violation_json(const violation *v)
{
    json_t *o = json_object();
    json_object_set_new(o, "rule", report_json_text(v->rule_id, 1));
    json_object_set_new(o, "severity", report_json_text(severity_name(v->sev), 1));
    json_object_set_new(o, "summary", report_json_text(v->summary, 1));
    json_object_set_new(o, "doc", report_json_text(v->doc, 1));
    json_object_set_new(o, "doc_url", report_json_text(v->doc_url, 1));
    json_object_set_new(o, "fix", report_json_text(v->fix, 1));
    json_object_set_new(o, "suppressed", report_json_text(v->suppressed, 1));
    json_object_set_new(o, "baseline", json_boolean(v->baselined));
    json_object_set_new(o, "message", report_json_text(v->message, 1));
    json_object_set_new(o, "scenario", report_json_text(v->scenario, 1));
    json_object_set_new(o, "event_index", json_integer((json_int_t)v->event_index));
    json_object_set_new(o, "adapter", json_integer(v->adapter));
    json_object_set_new(o, "callback", report_json_text(v->callback ? v->callback : "", 1));
    json_object_set_new(o, "state", report_json_text(v->state, 1));
    json_object_set_new(o, "backtrace", frames_json(&v->bt));
    json_object_set_new(o, "origin", frames_json(&v->origin));
    return o;
}

/* [{what, reason[, scenario]}], or [what, ...] for the exercised list. */
static json_t *unproven_json(const unproven_list *l, int what_only)
{
    json_t *a = json_array();
    for (size_t i = 0; i < l->count; i++) {
        if (what_only) {
            json_array_append_new(a, report_json_text(l->items[i].what, 1));
            continue;
        }
        json_t *o = json_object();
        json_object_set_new(o, "what", report_json_text(l->items[i].what, 1));
        json_object_set_new(o, "reason", report_json_text(l->items[i].reason, 1));
        if (l->items[i].scenario)
            json_object_set_new(o, "scenario", report_json_text(l->items[i].scenario, 1));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *scenario_json(const scenario_result *sc)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", report_json_text(sc->name, 1));
    json_object_set_new(o, "description", report_json_text(sc->description, 1));
    json_object_set_new(o, "outcome", report_json_text(scenario_outcome_name(sc->outcome), 1));
    json_object_set_new(o, "events", json_integer((json_int_t)sc->event_count));
    json_t *vs = json_array();
    for (size_t i = 0; i < sc->violations.count; i++)
        json_array_append_new(vs, violation_json(&sc->violations.items[i]));
    json_object_set_new(o, "violations", vs);
    json_object_set_new(o, "exercised", unproven_json(&sc->exercised, 1));
    json_object_set_new(o, "not_exercised", unproven_json(&sc->not_exercised, 0));
    json_object_set_new(o, "skipped", unproven_json(&sc->skipped, 0));
    return o;
}

/* The driver location a finding group is at: the primary frame (for a leak
 * the allocation), or null when no frame has a source line. */
static json_t *location_json(const violation *v)
{
    const frame *f = violation_primary_frame(v);
    if (!f)
        return json_null();
    json_t *o = json_object();
    json_object_set_new(o, "function", report_json_text(f->function, 1));
    json_object_set_new(o, "file", report_json_text(f->file, 1));
    json_object_set_new(o, "line", f->line > 0 ? json_integer(f->line) : json_null());
    return o;
}

/* One entry per cause (docs/report-json.md, "findings"); the occurrences
 * stay in each scenario's violations. */
static json_t *group_json(const run_result *r, const finding_group *fg)
{
    const violation *v = fg->first;
    json_t *o = json_object();
    json_object_set_new(o, "rule", report_json_text(v->rule_id, 1));
    json_object_set_new(o, "severity", report_json_text(severity_name(v->sev), 1));
    json_object_set_new(o, "fingerprint", json_string(fg->fingerprint));
    json_object_set_new(o, "message", report_json_text(v->message, 1));
    json_object_set_new(o, "location", location_json(v));
    json_object_set_new(o, "callback", report_json_text(v->callback ? v->callback : "", 1));
    json_t *names = json_array();
    for (size_t i = 0; i < fg->nscenarios; i++)
        json_array_append_new(names, report_json_text(r->scenarios[fg->scenarios[i]].name, 1));
    json_object_set_new(o, "scenarios", names);
    json_object_set_new(o, "count", json_integer((json_int_t)fg->occurrences));
    json_object_set_new(o, "suppressed", report_json_text(v->suppressed, 1));
    json_object_set_new(o, "baseline", json_boolean(v->baselined));
    json_t *first = json_object();
    json_object_set_new(first, "scenario", report_json_text(r->scenarios[fg->first_scenario].name, 1));
    json_object_set_new(first, "event_index", json_integer((json_int_t)v->event_index));
    json_object_set_new(o, "first", first);
    return o;
}

static json_t *counts_json(const size_t n[3])
{
    json_t *counts = json_object();
    json_object_set_new(counts, "error", json_integer((json_int_t)n[SEV_ERROR]));
    json_object_set_new(counts, "warning", json_integer((json_int_t)n[SEV_WARNING]));
    json_object_set_new(counts, "info", json_integer((json_int_t)n[SEV_INFO]));
    return counts;
}

static json_t *run_json(const run_result *r)
{
    size_t n[3];
    run_result_counts(r, n);

    json_t *root = json_object();
    json_object_set_new(root, "schema_version", json_integer(SCHEMA_VERSION));
    json_t *tool = json_object();
    json_object_set_new(tool, "name", json_string("mpconform"));
    json_object_set_new(tool, "version", report_json_text(r->tool_version, 1));
    json_object_set_new(root, "tool", tool);
    json_object_set_new(root, "driver", report_json_text(r->driver, 1));
    json_object_set_new(root, "fail_on", report_json_text(severity_name(r->fail_on), 1));
    json_object_set_new(root, "verdict", json_string(run_result_failed(r) ? "fail" : "pass"));
    json_object_set_new(root, "counts", counts_json(n));
    finding_groups g;
    if (finding_groups_build(r, &g) != 0) {
        json_decref(root);
        return NULL;
    }
    finding_counts fc;
    finding_groups_count(&g, &fc);
    json_object_set_new(root, "finding_counts", counts_json(fc.groups));
    json_t *findings = json_array();
    for (size_t i = 0; i < g.count; i++)
        json_array_append_new(findings, group_json(r, &g.items[i]));
    json_object_set_new(root, "findings", findings);
    finding_groups_free(&g);

    json_t *scs = json_array();
    for (size_t s = 0; s < r->nscenarios; s++)
        json_array_append_new(scs, scenario_json(&r->scenarios[s]));
    json_object_set_new(root, "scenarios", scs);
    json_object_set_new(root, "not_proven", unproven_json(&r->unproven, 0));

    json_t *cov = json_array();
    for (size_t i = 0; i < r->ncoverage; i++) {
        json_t *c = json_object();
        json_object_set_new(c, "group", report_json_text(r->coverage[i].group, 1));
        json_object_set_new(c, "name", report_json_text(r->coverage[i].name, 1));
        json_object_set_new(c, "count", json_integer(r->coverage[i].count));
        json_array_append_new(cov, c);
    }
    json_object_set_new(root, "coverage", cov);
    return root;
}

int report_write_json(const char *path, const run_result *r, char *err, size_t errlen)
{
    return report_write_json_document(path, run_json(r), err, errlen);
}
