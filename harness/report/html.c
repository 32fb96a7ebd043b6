/* One self-contained HTML page (inline CSS, SVG and script; nothing is
 * fetched): the verdict, the scenarios, the findings grouped by cause with
 * filters (html_findings.c), each scenario's state diagram and resource
 * timeline (html_diagram.c, html_timeline.c), what was not proven, and the
 * coverage. */
#include "html_parts.h"
#include "report_util.h"
#include "finding_groups.h"

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
    ".sev-info{color:#20609f}.never{background:#fff4e0}.muted{color:#777}"
    ".filters{margin:.5em 0 1em;display:flex;gap:1.2em;align-items:center;flex-wrap:wrap}"
    ".filters select{max-width:28em}"
    "ul.scenarios{margin:.2em 0;padding-left:1.2em;max-height:9em;overflow:auto}"
    "section.rule h3{font-size:1em;margin:1.5em 0 .3em}"
    "details.scenario{border:1px solid #ddd;border-radius:4px;margin:.6em 0;padding:.4em .8em}"
    "details.scenario summary{cursor:pointer;font-weight:bold}"
    "svg text{font:12px system-ui,sans-serif}"
    ".diagram .state rect{fill:#f4f4f4;stroke:#bbb;stroke-dasharray:4 3}"
    ".diagram .state text{fill:#999;text-anchor:middle}"
    ".diagram .state.visited rect{fill:#dcebfa;stroke:#2b6cb0;stroke-dasharray:none}"
    ".diagram .state.visited text{fill:#123;font-weight:bold}"
    ".diagram .edge line{stroke:#456;stroke-width:1.6}.diagram .edge text{fill:#456;text-anchor:middle}"
    ".diagram .edge.failed line{stroke:#b52020;stroke-dasharray:5 3}.diagram .edge.failed text{fill:#b52020}"
    ".timeline .axis line{stroke:#999}.timeline .axis text{fill:#777}"
    ".timeline .span rect{fill:#7fa7d0}.timeline .span.leak rect{fill:#d03030}"
    ".timeline .span.wrong-order rect{fill:#e08a00}"
    ".timeline .span.leak text.flag{fill:#b52020;font-weight:bold}"
    ".timeline .span.wrong-order text.flag{fill:#a06000;font-weight:bold}";

void html_put(FILE *out, const char *s)
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
        html_put(out, f->function);
        fputc(' ', out);
    }
    fputc('(', out);
    if (f->file && f->line > 0) {
        html_put(out, f->file);
        fprintf(out, ":%d", f->line);
    } else {
        html_put(out, report_str_or(f->module, "?"));
        fprintf(out, "+0x%llx", (unsigned long long)f->offset);
    }
    fputs(")\n", out);
}

void html_put_frames(FILE *out, const char *title, const backtrace_t *bt)
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
    finding_groups g;
    finding_counts c;
    memset(&c, 0, sizeof c);
    if (finding_groups_build(r, &g) == 0) {
        finding_groups_count(&g, &c);
        finding_groups_free(&g);
    }
    int failed = run_result_failed(r);
    fputs("<h1>mpconform report: ", out);
    html_put(out, report_str_or(r->driver, "?"));
    fputs("</h1>\n<p><span class=\"verdict ", out);
    fputs(failed ? "fail\">FAIL" : "pass\">PASS", out);
    /* as in the text report: findings grouped by cause, occurrences after */
    static const char *const names[3][2] = { { "info", "info" }, { "warning", "warnings" }, { "error", "errors" } };
    fputs("</span> ", out);
    for (int sev = SEV_ERROR; sev >= SEV_INFO; sev--) {
        fprintf(out, "%zu %s", c.groups[sev], names[sev][c.groups[sev] != 1]);
        if (c.occurrences[sev] != c.groups[sev])
            fprintf(out, " (%zu occurrences)", c.occurrences[sev]);
        fputs(sev ? ", " : "", out);
    }
    if (c.suppressed)
        fprintf(out, " (%zu suppressed)", c.suppressed);
    if (c.baselined)
        fprintf(out, " (%zu in the baseline)", c.baselined);
    fprintf(out, " (fail-on: %s)", severity_name(r->fail_on));
    if (r->tool_version) {
        fputs(" <span class=\"muted\">mpconform ", out);
        html_put(out, r->tool_version);
        fputs("</span>", out);
    }
    fputs("</p>\n", out);
}

/* One line per scenario, linking to its diagram and timeline. */
static void put_scenario_table(FILE *out, const run_result *r)
{
    fputs("<h2>Scenarios</h2>\n<table><tr><th>scenario</th><th>outcome</th>"
          "<th>events</th><th>findings</th><th>description</th></tr>\n", out);
    for (size_t s = 0; s < r->nscenarios; s++) {
        const scenario_result *sc = &r->scenarios[s];
        fprintf(out, "<tr><td><a href=\"#scenario-%zu\">", s);
        html_put(out, sc->name);
        fprintf(out, "</a></td><td>%s</td><td>%zu</td><td>%zu</td><td>", scenario_outcome_name(sc->outcome),
                sc->event_count, sc->violations.count);
        html_put(out, sc->description);
        fputs("</td></tr>\n", out);
    }
    fputs("</table>\n", out);
}

/* Per scenario: how it ended, then the adapter's states and the resources
 * it held. Scenarios with findings are open; the others one click away. */
static void put_scenario_stories(FILE *out, const run_result *r)
{
    fputs("<h2 id=\"scenarios\">Scenario by scenario</h2>\n", out);
    for (size_t s = 0; s < r->nscenarios; s++) {
        const scenario_result *sc = &r->scenarios[s];
        fprintf(out, "<details class=\"scenario\" id=\"scenario-%zu\" data-scenario=\"", s);
        html_put(out, sc->name);
        fprintf(out, "\"%s><summary>", sc->violations.count || sc->outcome != SCENARIO_COMPLETED ? " open" : "");
        html_put(out, sc->name);
        fprintf(out, " <span class=\"muted\">%s, %zu events, %zu finding%s</span></summary>\n",
                scenario_outcome_name(sc->outcome), sc->event_count, sc->violations.count,
                sc->violations.count == 1 ? "" : "s");
        if (sc->description && *sc->description) {
            fputs("<p>", out);
            html_put(out, sc->description);
            fputs("</p>\n", out);
        }
        fputs("<h4>Adapter states</h4>\n", out);
        html_put_state_diagram(out, sc);
        fputs("<h4>Resources</h4>\n", out);
        html_put_timeline(out, sc);
        fputs("</details>\n", out);
    }
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
        html_put(out, r->unproven.items[i].what);
        fputs("</td><td>", out);
        html_put(out, r->unproven.items[i].scenario);
        fputs("</td><td>", out);
        html_put(out, r->unproven.items[i].reason);
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
        html_put(out, c->group);
        fputs("</td><td>", out);
        html_put(out, c->name);
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
    html_put(out, report_str_or(r->driver, "report"));
    fprintf(out, "</title>\n<style>%s</style>\n</head><body>\n", style);
    put_summary(out, r);
    if (html_put_findings(out, r) != 0) {
        fclose(out);
        free(buf);
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    put_scenario_table(out, r);
    put_scenario_stories(out, r);
    put_not_proven(out, r);
    put_coverage(out, r);
    fputs("</body></html>\n", out);
    return report_finish_memstream(path, out, &buf, &len, err, errlen);
}
