/* One self-contained HTML page (no scripts, no external files): the verdict,
 * the scenarios, every finding with its location, and the coverage. */
#include "report.h"
#include "report_util.h"

#include <stdlib.h>
#include <string.h>

static const char *const style =
    "body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
    "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em}"
    "table{border-collapse:collapse;margin:.5em 0}"
    "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}"
    "th{background:#f3f3f3}code,pre{font:12px ui-monospace,monospace}"
    "pre{margin:.3em 0;white-space:pre-wrap}"
    ".verdict{font-weight:bold;padding:.2em .6em;border-radius:3px;color:#fff}"
    ".pass{background:#2a7d2a}.fail{background:#b52020}"
    ".sev-error{color:#b52020;font-weight:bold}.sev-warning{color:#a06000;font-weight:bold}"
    ".sev-info{color:#20609f}.never{background:#fff4e0}.muted{color:#777}";

/* Text for element content or a quoted attribute. */
static void put_html(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*s, out);
        }
    }
}

static void put_frame(FILE *out, const frame *f)
{
    fputs("at ", out);
    if (f->function) {
        put_html(out, f->function);
        fputc(' ', out);
    }
    fputc('(', out);
    if (f->file && f->line > 0) {
        put_html(out, f->file);
        fprintf(out, ":%d", f->line);
    } else {
        put_html(out, report_str_or(f->module, "?"));
        fprintf(out, "+0x%llx", (unsigned long long)f->offset);
    }
    fputs(")\n", out);
}

static void put_frames(FILE *out, const char *title, const backtrace_t *bt)
{
    if (bt->count == 0)
        return;
    fprintf(out, "<pre>%s", title);
    for (size_t i = 0; i < bt->count; i++) {
        fputs("  ", out);
        put_frame(out, &bt->frames[i]);
    }
    fputs("</pre>", out);
}

static void put_summary(FILE *out, const run_result *r)
{
    size_t n[3];
    run_result_counts(r, n);
    int failed = run_result_failed(r);
    fputs("<h1>mpconform report: ", out);
    put_html(out, report_str_or(r->driver, "?"));
    fputs("</h1>\n<p><span class=\"verdict ", out);
    fputs(failed ? "fail\">FAIL" : "pass\">PASS", out);
    fprintf(out, "</span> %zu errors, %zu warnings, %zu info (fail-on: %s)",
            n[SEV_ERROR], n[SEV_WARNING], n[SEV_INFO], severity_name(r->fail_on));
    if (r->tool_version) {
        fputs(" <span class=\"muted\">mpconform ", out);
        put_html(out, r->tool_version);
        fputs("</span>", out);
    }
    fputs("</p>\n<h2>Scenarios</h2>\n<table><tr><th>scenario</th><th>outcome</th>"
          "<th>events</th><th>findings</th><th>description</th></tr>\n", out);
    for (size_t s = 0; s < r->nscenarios; s++) {
        const scenario_result *sc = &r->scenarios[s];
        fputs("<tr><td>", out);
        put_html(out, sc->name);
        fprintf(out, "</td><td>%s</td><td>%zu</td><td>%zu</td><td>", scenario_outcome_name(sc->outcome),
                sc->event_count, sc->violations.count);
        put_html(out, sc->description);
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n", out);
}

static void put_finding(FILE *out, const violation *v, const char *scenario)
{
    const char *sev = severity_name(v->sev);
    fprintf(out, "<tr><td class=\"sev-%s\">%s</td><td><code>", sev, sev);
    put_html(out, v->rule_id);
    fputs("</code></td><td>", out);
    put_html(out, report_str_or(v->scenario, scenario));
    fputs("</td><td>", out);
    put_html(out, v->message);
    if (v->suppressed) {
        fputs("<br><em>suppressed, not counted: ", out);
        put_html(out, v->suppressed);
        fputs("</em>", out);
    } else if (v->baselined) {
        fputs("<br><em>in the baseline, not counted</em>", out);
    }
    if (v->doc && *v->doc) {
        fputs("<br><span class=\"muted\">", out);
        if (v->doc_url && *v->doc_url) {
            fputs("<a href=\"", out);
            put_html(out, v->doc_url);
            fputs("\">", out);
            put_html(out, v->doc);
            fputs("</a>", out);
        } else {
            put_html(out, v->doc);
        }
        fputs("</span>", out);
    }
    if (v->fix && *v->fix) {
        fputs("<br>How to fix: ", out);
        put_html(out, v->fix);
    }
    fputs("</td><td>in ", out);
    put_html(out, report_str_or(v->callback, "no callback"));
    fprintf(out, " (adapter %d, state ", v->adapter);
    put_html(out, report_str_or(v->state, "?"));
    fprintf(out, "), event #%llu", (unsigned long long)v->event_index);
    put_frames(out, "", &v->bt);
    put_frames(out, "allocated:\n", &v->origin);
    fputs("</td></tr>\n", out);
}

static void put_findings(FILE *out, const run_result *r)
{
    fputs("<h2>Findings</h2>\n", out);
    size_t total = 0;
    for (size_t s = 0; s < r->nscenarios; s++)
        total += r->scenarios[s].violations.count;
    if (total == 0) {
        fputs("<p>No findings.</p>\n", out);
        return;
    }
    fputs("<table><tr><th>severity</th><th>rule</th><th>scenario</th><th>message</th>"
          "<th>where</th></tr>\n", out);
    for (size_t s = 0; s < r->nscenarios; s++)
        for (size_t i = 0; i < r->scenarios[s].violations.count; i++)
            put_finding(out, &r->scenarios[s].violations.items[i], r->scenarios[s].name);
    fputs("</table>\n", out);
}

/* After the findings: what the run could not prove for this driver. */
static void put_not_proven(FILE *out, const run_result *r)
{
    fputs("<h2>Not proven for this driver</h2>\n", out);
    if (r->unproven.count == 0) {
        fputs("<p>Nothing: every scenario did what it was written for.</p>\n", out);
        return;
    }
    fputs("<p>The run could not exercise these, so a clean result says nothing about them.</p>\n"
          "<table><tr><th>contract or step</th><th>scenario</th><th>why</th></tr>\n", out);
    for (size_t i = 0; i < r->unproven.count; i++) {
        fputs("<tr><td>", out);
        put_html(out, r->unproven.items[i].what);
        fputs("</td><td>", out);
        put_html(out, r->unproven.items[i].scenario);
        fputs("</td><td>", out);
        put_html(out, r->unproven.items[i].reason);
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n", out);
}

static void put_coverage(FILE *out, const run_result *r)
{
    if (r->ncoverage == 0)
        return;
    size_t hit = 0;
    for (size_t i = 0; i < r->ncoverage; i++)
        hit += r->coverage[i].count > 0;
    fprintf(out, "<h2>Coverage: %zu of %zu exercised</h2>\n", hit, r->ncoverage);
    fputs("<table><tr><th>group</th><th>item</th><th>times seen</th></tr>\n", out);
    for (size_t i = 0; i < r->ncoverage; i++) {
        const coverage_item *c = &r->coverage[i];
        fputs(c->count ? "<tr><td>" : "<tr class=\"never\"><td>", out);
        put_html(out, c->group);
        fputs("</td><td>", out);
        put_html(out, c->name);
        if (c->count)
            fprintf(out, "</td><td>%u</td></tr>\n", c->count);
        else
            fputs("</td><td>NOT exercised</td></tr>\n", out);
    }
    fputs("</table>\n", out);
}

int report_write_html(const char *path, const run_result *r, char *err, size_t errlen)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (!out) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>mpconform: ", out);
    put_html(out, report_str_or(r->driver, "report"));
    fprintf(out, "</title>\n<style>%s</style>\n</head><body>\n", style);
    put_summary(out, r);
    put_findings(out, r);
    put_not_proven(out, r);
    put_coverage(out, r);
    fputs("</body></html>\n", out);
    return report_finish_memstream(path, out, &buf, &len, err, errlen);
}
