/* SARIF 2.1.0 for code-scanning tools (GitHub code scanning, SonarQube,
 * Jenkins Warnings NG): one run, the rules that fired as the tool's rule
 * descriptors, one result per finding. Every result has a location: the
 * driver's own source line that broke the rule (for a leak, the allocation),
 * the rest of its stacks as relatedLocations, and a partialFingerprints
 * entry that stays the same from run to run.  Findings are grouped by cause
 * (finding_groups.h): one result per rule and driver location, its
 * scenarios in properties, the details those of the first occurrence. */
#include "report.h"
#include "report_util.h"
#include "finding_groups.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define SRCROOT "SRCROOT"

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

/* The artifact of a source file: relative to %SRCROOT% when it lies under
 * --source-root (so reports built elsewhere name repository paths). */
static json_t *artifact_location(const char *path, const char *source_root)
{
    json_t *art = json_object();
    size_t n = source_root ? strlen(source_root) : 0;
    if (n && strncmp(path, source_root, n) == 0 && path[n]) {
        json_object_set_new(art, "uri", file_uri(path + n));
        json_object_set_new(art, "uriBaseId", json_string(SRCROOT));
    } else {
        json_object_set_new(art, "uri", file_uri(path));
    }
    return art;
}

static json_t *physical_location(const frame *f, const char *source_root)
{
    json_t *art = artifact_location(f->file, source_root);
    json_t *phys = json_object();
    json_object_set_new(phys, "artifactLocation", art);
    if (f->line > 0) {
        json_t *region = json_object();
        json_object_set_new(region, "startLine", json_integer(f->line));
        json_object_set_new(phys, "region", region);
    }
    return phys;
}

static json_t *frame_location(const frame *f, const char *source_root)
{
    json_t *loc = json_object();
    if (f->file)
        json_object_set_new(loc, "physicalLocation", physical_location(f, source_root));
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

static json_t *stack_json(const backtrace_t *bt, const char *what, const char *source_root)
{
    json_t *frames = json_array();
    for (size_t i = 0; i < bt->count; i++) {
        json_t *fr = json_object();
        json_object_set_new(fr, "location", frame_location(&bt->frames[i], source_root));
        if (bt->frames[i].module)
            json_object_set_new(fr, "module", report_json_text(bt->frames[i].module, 0));
        json_array_append_new(frames, fr);
    }
    json_t *stack = json_object();
    json_object_set_new(stack, "message", text_obj(what));
    json_object_set_new(stack, "frames", frames);
    return stack;
}

/* The rule's help: the sentence it enforces, the page to read, how to fix. */
static json_t *help_obj(const violation *v)
{
    char *text = NULL, *md = NULL;
    size_t tlen = 0, mlen = 0;
    FILE *t = open_memstream(&text, &tlen), *m = open_memstream(&md, &mlen);
    if (t && m) {
        fprintf(t, "%s", report_str_or(v->doc, ""));
        fprintf(m, "%s", report_str_or(v->summary, ""));
        if (v->doc_url && *v->doc_url) {
            fprintf(t, "\n%s", v->doc_url);
            fprintf(m, "\n\n> %s\n\n[WDK documentation](%s)", report_str_or(v->doc, ""), v->doc_url);
        }
        if (v->fix && *v->fix) {
            fprintf(t, "\nHow to fix: %s", v->fix);
            fprintf(m, "\n\n**How to fix:** %s", v->fix);
        }
    }
    if (t)
        fclose(t);
    if (m)
        fclose(m);
    json_t *help = json_object();
    json_object_set_new(help, "text", report_json_text(text ? text : "", 0));
    json_object_set_new(help, "markdown", report_json_text(md ? md : "", 0));
    free(text);
    free(md);
    return help;
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
    json_object_set_new(r, "help", help_obj(v));
    if (v->doc_url && *v->doc_url)
        json_object_set_new(r, "helpUri", report_json_text(v->doc_url, 0));
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

static json_t *fingerprints(const finding_group *fg)
{
    json_t *fp = json_object();
    json_object_set_new(fp, "mpconformFinding/v1", json_string(fg->fingerprint));
    return fp;
}

/* Where the finding is when no frame has a source line (a callback's
 * return value, a state-machine finding): the driver binary itself. */
static json_t *driver_location(const run_result *r, const violation *v)
{
    json_t *phys = json_object();
    json_object_set_new(phys, "artifactLocation", artifact_location(report_str_or(r->driver, ""), r->source_root));
    json_t *loc = json_object();
    json_object_set_new(loc, "physicalLocation", phys);
    char what[256];
    snprintf(what, sizeof what, "in %s (no source line: build the driver with -g)",
             report_str_or(v->callback, "the driver"));
    json_object_set_new(loc, "message", text_obj(what));
    return loc;
}

/* Every frame of both stacks but the primary one, innermost first. */
static void add_related(json_t *related, const backtrace_t *bt, const frame *primary, const char *what,
                        const char *source_root)
{
    for (size_t i = 0; i < bt->count; i++) {
        const frame *f = &bt->frames[i];
        if (f == primary || (!f->file && !f->function))
            continue;
        json_t *loc = frame_location(f, source_root);
        json_object_set_new(loc, "id", json_integer((json_int_t)json_array_size(related) + 1));
        if (!json_object_get(loc, "message"))
            json_object_set_new(loc, "message", text_obj(i == 0 ? what : "called from"));
        json_array_append_new(related, loc);
    }
}

static json_t *result_json(const run_result *r, const finding_group *fg, size_t index)
{
    const violation *v = fg->first;
    json_t *res = json_object();
    json_object_set_new(res, "ruleId", report_json_text(v->rule_id, 0));
    json_object_set_new(res, "ruleIndex", json_integer((json_int_t)index));
    json_object_set_new(res, "level", json_string(level_of(v->sev)));
    json_object_set_new(res, "message", text_obj(v->message ? v->message : v->summary));

    const frame *primary = violation_primary_frame(v);
    json_t *locs = json_array();
    json_array_append_new(locs, primary ? frame_location(primary, r->source_root) : driver_location(r, v));
    json_object_set_new(res, "locations", locs);
    json_t *related = json_array();
    add_related(related, &v->bt, primary, "offending call", r->source_root);
    add_related(related, &v->origin, primary, "allocated at", r->source_root);
    if (json_array_size(related))
        json_object_set_new(res, "relatedLocations", related);
    else
        json_decref(related);
    json_object_set_new(res, "partialFingerprints", fingerprints(fg));
    if (v->suppressed) {
        json_t *sup = json_object();
        json_object_set_new(sup, "kind", json_string("external"));
        json_object_set_new(sup, "justification", report_json_text(v->suppressed, 0));
        json_t *sups = json_array();
        json_array_append_new(sups, sup);
        json_object_set_new(res, "suppressions", sups);
    }
    if (r->baseline_used)
        json_object_set_new(res, "baselineState", json_string(v->baselined ? "unchanged" : "new"));

    json_t *stacks = json_array();
    if (v->bt.count)
        json_array_append_new(stacks, stack_json(&v->bt, "offending call", r->source_root));
    if (v->origin.count)
        json_array_append_new(stacks, stack_json(&v->origin, "allocated at", r->source_root));
    if (json_array_size(stacks))
        json_object_set_new(res, "stacks", stacks);
    else
        json_decref(stacks);

    json_t *props = json_object();
    /* scenario and eventIndex: where the details shown come from */
    json_object_set_new(props, "scenario", report_json_text(r->scenarios[fg->first_scenario].name, 0));
    json_object_set_new(props, "eventIndex", json_integer((json_int_t)v->event_index));
    json_t *names = json_array();
    for (size_t i = 0; i < fg->nscenarios; i++)
        json_array_append_new(names, report_json_text(r->scenarios[fg->scenarios[i]].name, 0));
    json_object_set_new(props, "scenarios", names);
    json_object_set_new(props, "occurrences", json_integer((json_int_t)fg->occurrences));
    json_object_set_new(props, "adapter", json_integer(v->adapter));
    json_object_set_new(props, "callback", report_json_text(v->callback, 0));
    json_object_set_new(props, "state", report_json_text(v->state, 0));
    json_object_set_new(res, "properties", props);
    return res;
}

static json_t *sarif_json(const run_result *r)
{
    finding_groups g;
    if (finding_groups_build(r, &g) != 0)
        return NULL;
    json_t *rules = json_array();
    json_t *results = json_array();
    for (size_t i = 0; i < g.count; i++) {
        size_t idx = rule_index(rules, g.items[i].first);
        json_array_append_new(results, result_json(r, &g.items[i], idx));
    }
    finding_groups_free(&g);

    json_t *driver = json_object();
    json_object_set_new(driver, "name", json_string("mpconform"));

    if (r->tool_version)
        json_object_set_new(driver, "version", report_json_text(r->tool_version, 0));
    json_object_set_new(driver, "rules", rules);
    json_t *tool = json_object();
    json_object_set_new(tool, "driver", driver);

    /* The run's own exit status: 1 when a finding reaches --fail-on. */
    json_t *inv = json_object();
    json_object_set_new(inv, "executionSuccessful", json_true());
    json_object_set_new(inv, "exitCode", json_integer(run_result_failed(r) ? 1 : 0));
    json_t *invs = json_array();
    json_array_append_new(invs, inv);

    json_t *run = json_object();
    json_object_set_new(run, "tool", tool);
    json_object_set_new(run, "invocations", invs);
    json_object_set_new(run, "results", results);
    if (r->source_root) {
        json_t *root_uri = json_object();
        json_object_set_new(root_uri, "uri", file_uri(r->source_root));
        json_t *bases = json_object();
        json_object_set_new(bases, SRCROOT, root_uri);
        json_object_set_new(run, "originalUriBaseIds", bases);
    }
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
