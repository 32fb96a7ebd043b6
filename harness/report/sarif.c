/* SARIF 2.1.0 for code-scanning tools: one run, the rules that fired as the
 * tool's rule descriptors, one result per finding located at the first
 * backtrace frame that has a source file and line. */
#include "report.h"
#include "report_util.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string; NULL becomes "", invalid UTF-8 bytes become '?'. */
static json_t *text_obj(const char *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "text", report_json_text(s, 0));
    return o;
}

static const char *level_of(severity s)
{
    switch (s) {
    case SEV_ERROR: return "error";
    case SEV_WARNING: return "warning";
    default: return "note";
    }
}

/* SARIF wants URIs: absolute paths become file:// URIs, relative ones stay
 * relative references; bytes outside the unreserved set are %-encoded. */
static json_t *file_uri(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(path);
    char *out = malloc(n * 3 + 8);
    if (!out)
        return report_json_text(path, 0);
    char *o = out;
    if (path[0] == '/') {
        memcpy(o, "file://", 7);
        o += 7;
    }
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p)) {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    json_t *j = json_string(out);
    free(out);
    return j;
}

static json_t *physical_location(const frame *f)
{
    json_t *art = json_object();
    json_object_set_new(art, "uri", file_uri(f->file));
    json_t *phys = json_object();
    json_object_set_new(phys, "artifactLocation", art);
    if (f->line > 0) {
        json_t *region = json_object();
        json_object_set_new(region, "startLine", json_integer(f->line));
        json_object_set_new(phys, "region", region);
    }
    return phys;
}

static json_t *frame_location(const frame *f)
{
    json_t *loc = json_object();
    if (f->file)
        json_object_set_new(loc, "physicalLocation", physical_location(f));
    if (f->function) {
        json_t *logical = json_object();
        json_object_set_new(logical, "fullyQualifiedName", report_json_text(f->function, 0));
        json_object_set_new(logical, "kind", json_string("function"));
        json_t *arr = json_array();
        json_array_append_new(arr, logical);
        json_object_set_new(loc, "logicalLocations", arr);
    }
    if (!f->file) {
        char where[64];
        snprintf(where, sizeof where, "+0x%llx", (unsigned long long)f->offset);
        json_object_set_new(loc, "message", text_obj(where));
    }
    return loc;
}

static json_t *stack_json(const backtrace_t *bt, const char *what)
{
    json_t *frames = json_array();
    for (size_t i = 0; i < bt->count; i++) {
        json_t *fr = json_object();
        json_object_set_new(fr, "location", frame_location(&bt->frames[i]));
        if (bt->frames[i].module)
            json_object_set_new(fr, "module", report_json_text(bt->frames[i].module, 0));
        json_array_append_new(frames, fr);
    }
    json_t *stack = json_object();
    json_object_set_new(stack, "message", text_obj(what));
    json_object_set_new(stack, "frames", frames);
    return stack;
}

/* Index of rule in the rules array, appending a descriptor when new. */
static size_t rule_index(json_t *rules, const violation *v)
{
    const char *id = v->rule_id ? v->rule_id : "";
    size_t i;
    json_t *r;
    json_array_foreach(rules, i, r)
    {
        if (strcmp(json_string_value(json_object_get(r, "id")), id) == 0)
            return i;
    }
    r = json_object();
    json_object_set_new(r, "id", report_json_text(id, 0));
    json_object_set_new(r, "shortDescription", text_obj(v->summary ? v->summary : id));
    if (v->doc && *v->doc)
        json_object_set_new(r, "fullDescription", text_obj(v->doc));
    json_t *cfg = json_object();
    json_object_set_new(cfg, "level", json_string(level_of(v->sev)));
    json_object_set_new(r, "defaultConfiguration", cfg);
    json_t *props = json_object();
    json_object_set_new(props, "severity", report_json_text(severity_name(v->sev), 0));
    json_object_set_new(props, "doc", report_json_text(v->doc, 0));
    json_object_set_new(r, "properties", props);
    json_array_append_new(rules, r);
    return json_array_size(rules) - 1;
}

static json_t *result_json(const violation *v, size_t index)
{
    json_t *res = json_object();
    json_object_set_new(res, "ruleId", report_json_text(v->rule_id, 0));
    json_object_set_new(res, "ruleIndex", json_integer((json_int_t)index));
    json_object_set_new(res, "level", json_string(level_of(v->sev)));
    json_object_set_new(res, "message", text_obj(v->message ? v->message : v->summary));

    for (size_t i = 0; i < v->bt.count; i++) {
        const frame *f = &v->bt.frames[i];
        if (f->file && f->line > 0) {
            json_t *locs = json_array();
            json_array_append_new(locs, frame_location(f));
            json_object_set_new(res, "locations", locs);
            break;
        }
    }
    json_t *stacks = json_array();
    if (v->bt.count)
        json_array_append_new(stacks, stack_json(&v->bt, "offending call"));
    if (v->origin.count)
        json_array_append_new(stacks, stack_json(&v->origin, "allocated at"));
    if (json_array_size(stacks))
        json_object_set_new(res, "stacks", stacks);
    else
        json_decref(stacks);

    json_t *props = json_object();
    json_object_set_new(props, "scenario", report_json_text(v->scenario, 0));
    json_object_set_new(props, "eventIndex", json_integer((json_int_t)v->event_index));
    json_object_set_new(props, "adapter", json_integer(v->adapter));
    json_object_set_new(props, "callback", report_json_text(v->callback, 0));
    json_object_set_new(props, "state", report_json_text(v->state, 0));
    json_object_set_new(res, "properties", props);
    return res;
}

static json_t *sarif_json(const run_result *r)
{
    json_t *rules = json_array();
    json_t *results = json_array();
    for (size_t s = 0; s < r->nscenarios; s++) {
        const violation_list *vl = &r->scenarios[s].violations;
        for (size_t i = 0; i < vl->count; i++) {
            size_t idx = rule_index(rules, &vl->items[i]);
            json_array_append_new(results, result_json(&vl->items[i], idx));
        }
    }

    json_t *driver = json_object();
    json_object_set_new(driver, "name", json_string("mpconform"));
    if (r->tool_version)
        json_object_set_new(driver, "version", report_json_text(r->tool_version, 0));
    json_object_set_new(driver, "rules", rules);
    json_t *tool = json_object();
    json_object_set_new(tool, "driver", driver);

    json_t *inv = json_object();
    json_object_set_new(inv, "executionSuccessful", json_true());
    json_t *invs = json_array();
    json_array_append_new(invs, inv);

    json_t *run = json_object();
    json_object_set_new(run, "tool", tool);
    json_object_set_new(run, "invocations", invs);
    json_object_set_new(run, "results", results);
    json_t *props = json_object();
    json_object_set_new(props, "driver", report_json_text(r->driver, 0));
    json_object_set_new(props, "verdict", json_string(run_result_failed(r) ? "fail" : "pass"));
    /* The honest verdict: what the run did not exercise for this driver. */
    json_t *unproven = json_array();
    for (size_t i = 0; i < r->unproven.count; i++) {
        const unproven_item *it = &r->unproven.items[i];
        json_t *o = json_object();
        json_object_set_new(o, "what", report_json_text(it->what, 0));
        json_object_set_new(o, "reason", report_json_text(it->reason, 0));
        json_object_set_new(o, "scenario", report_json_text(it->scenario, 0));
        json_array_append_new(unproven, o);
    }
    json_object_set_new(props, "notProven", unproven);
    json_object_set_new(run, "properties", props);

    json_t *runs = json_array();
    json_array_append_new(runs, run);
    json_t *root = json_object();
    json_object_set_new(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
    json_object_set_new(root, "version", json_string("2.1.0"));
    json_object_set_new(root, "runs", runs);
    return root;
}

int report_write_sarif(const char *path, const run_result *r, char *err, size_t errlen)
{
    return report_write_json_document(path, sarif_json(r), err, errlen);
}
