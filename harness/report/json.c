/* report.json: the whole run as one document for tools (schema in
 * docs/report-json.md).  Keys are emitted in a fixed order and arrays keep
 * the order of the run result, so two runs diff cleanly. */
#include "report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA_VERSION 1

/* A JSON string, or null for NULL.  Bytes jansson rejects as invalid UTF-8
 * (driver-supplied text may carry anything) become '?'. */
static json_t *jstr(const char *s)
{
    if (!s)
        return json_null();
    json_t *j = json_string(s);
    if (j)
        return j;
    char *copy = strdup(s);
    if (!copy)
        return json_null();
    for (char *c = copy; *c; c++)
        if ((unsigned char)*c >= 0x80)
            *c = '?';
    j = json_string(copy);
    free(copy);
    return j ? j : json_null();
}

static json_t *frames_json(const backtrace_t *bt)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < bt->count; i++) {
        const frame *f = &bt->frames[i];
        json_t *o = json_object();
        json_object_set_new(o, "function", jstr(f->function));
        json_object_set_new(o, "file", jstr(f->file));
        json_object_set_new(o, "line", f->line > 0 ? json_integer(f->line) : json_null());
        json_object_set_new(o, "module", jstr(f->module));
        json_object_set_new(o, "offset", json_integer((json_int_t)f->offset));
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *violation_json(const violation *v)
{
    json_t *o = json_object();
    json_object_set_new(o, "rule", jstr(v->rule_id));
    json_object_set_new(o, "severity", jstr(severity_name(v->sev)));
    json_object_set_new(o, "summary", jstr(v->summary));
    json_object_set_new(o, "doc", jstr(v->doc));
    json_object_set_new(o, "message", jstr(v->message));
    json_object_set_new(o, "scenario", jstr(v->scenario));
    json_object_set_new(o, "event_index", json_integer((json_int_t)v->event_index));
    json_object_set_new(o, "adapter", json_integer(v->adapter));
    json_object_set_new(o, "callback", jstr(v->callback ? v->callback : ""));
    json_object_set_new(o, "state", jstr(v->state));
    json_object_set_new(o, "backtrace", frames_json(&v->bt));
    json_object_set_new(o, "origin", frames_json(&v->origin));
    return o;
}

static json_t *scenario_json(const scenario_result *sc)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", jstr(sc->name));
    json_object_set_new(o, "description", jstr(sc->description));
    json_object_set_new(o, "outcome", jstr(scenario_outcome_name(sc->outcome)));
    json_object_set_new(o, "events", json_integer((json_int_t)sc->event_count));
    json_t *vs = json_array();
    for (size_t i = 0; i < sc->violations.count; i++)
        json_array_append_new(vs, violation_json(&sc->violations.items[i]));
    json_object_set_new(o, "violations", vs);
    return o;
}

static json_t *run_json(const run_result *r)
{
    size_t n[3];
    run_result_counts(r, n);

    json_t *root = json_object();
    json_object_set_new(root, "schema_version", json_integer(SCHEMA_VERSION));
    json_t *tool = json_object();
    json_object_set_new(tool, "name", json_string("mpconform"));
    json_object_set_new(tool, "version", jstr(r->tool_version));
    json_object_set_new(root, "tool", tool);
    json_object_set_new(root, "driver", jstr(r->driver));
    json_object_set_new(root, "fail_on", jstr(severity_name(r->fail_on)));
    json_object_set_new(root, "verdict", json_string(run_result_failed(r) ? "fail" : "pass"));
    json_t *counts = json_object();
    json_object_set_new(counts, "error", json_integer((json_int_t)n[SEV_ERROR]));
    json_object_set_new(counts, "warning", json_integer((json_int_t)n[SEV_WARNING]));
    json_object_set_new(counts, "info", json_integer((json_int_t)n[SEV_INFO]));
    json_object_set_new(root, "counts", counts);

    json_t *scs = json_array();
    for (size_t s = 0; s < r->nscenarios; s++)
        json_array_append_new(scs, scenario_json(&r->scenarios[s]));
    json_object_set_new(root, "scenarios", scs);

    json_t *cov = json_array();
    for (size_t i = 0; i < r->ncoverage; i++) {
        json_t *c = json_object();
        json_object_set_new(c, "group", jstr(r->coverage[i].group));
        json_object_set_new(c, "name", jstr(r->coverage[i].name));
        json_object_set_new(c, "count", json_integer(r->coverage[i].count));
        json_array_append_new(cov, c);
    }
    json_object_set_new(root, "coverage", cov);
    return root;
}

int report_write_json(const char *path, const run_result *r, char *err, size_t errlen)
{
    json_t *root = run_json(r);
    char *text = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(root);
    if (!text) {
        snprintf(err, errlen, "%s: cannot encode the report as JSON (out of memory)", path);
        return -1;
    }
    size_t len = strlen(text);
    /* json_dumps leaves no trailing newline; text tools expect one. */
    char *withnl = realloc(text, len + 2);
    if (!withnl) {
        free(text);
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    withnl[len] = '\n';
    withnl[len + 1] = '\0';
    int rc = report_atomic_write(path, withnl, len + 1, err, errlen);
    free(withnl);
    return rc;
}
