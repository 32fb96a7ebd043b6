/* The findings of the HTML report: grouped by rule, one row per cause
 * (finding_groups.h) with the scenarios it occurred in, and filters by
 * severity, rule and scenario that hide rows in the browser. */
#include "html_parts.h"
#include "finding_groups.h"
#include "report_util.h"

#include <string.h>

/* Plain JS, no library: a row stays visible when it matches every filter;
 * a rule's section hides when none of its rows is left.  The filters also
 * read the address (#severity=error&rule=ID&scenario=NAME), so a link can
 * point at a view. */
static const char *const filter_script =
    "(function(){\n"
    "var sel={severity:document.getElementById('f-severity'),rule:document.getElementById('f-rule'),"
    "scenario:document.getElementById('f-scenario')};\n"
    "function apply(){var shown=0,total=0;\n"
    " document.querySelectorAll('tr.finding').forEach(function(tr){total++;\n"
    "  var ok=(!sel.severity.value||tr.dataset.severity===sel.severity.value)&&"
    "(!sel.rule.value||tr.dataset.rule===sel.rule.value)&&"
    "(!sel.scenario.value||tr.dataset.scenarios.split('\\n').indexOf(sel.scenario.value)>=0);\n"
    "  tr.hidden=!ok;if(ok)shown++;});\n"
    " document.querySelectorAll('section.rule').forEach(function(s){"
    "s.hidden=!s.querySelector('tr.finding:not([hidden])');});\n"
    " document.getElementById('f-count').textContent=shown+' of '+total+' findings shown';}\n"
    "function fromHash(){new URLSearchParams(location.hash.slice(1)).forEach(function(v,k){"
    "if(sel[k])sel[k].value=v;});}\n"
    "Object.keys(sel).forEach(function(k){sel[k].addEventListener('change',apply);});\n"
    "window.addEventListener('hashchange',function(){fromHash();apply();});\n"
    "fromHash();apply();})();\n";

static void put_option(FILE *out, const char *value)
{
    fputs("<option value=\"", out);
    html_put(out, value);
    fputs("\">", out);
    html_put(out, value);
    fputs("</option>", out);
}

static int rule_listed_before(const finding_groups *g, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (strcmp(report_str_or(g->items[k].first->rule_id, ""), report_str_or(g->items[i].first->rule_id, "")) == 0)
            return 1;
    return 0;
}

static void put_filters(FILE *out, const run_result *r, const finding_groups *g)
{
    fputs("<form class=\"filters\" onsubmit=\"return false\"><label>severity <select id=\"f-severity\">"
          "<option value=\"\">all</option><option value=\"error\">error</option>"
          "<option value=\"warning\">warning</option><option value=\"info\">info</option></select></label>\n"
          "<label>rule <select id=\"f-rule\"><option value=\"\">all</option>", out);
    for (size_t i = 0; i < g->count; i++)
        if (!rule_listed_before(g, i))
            put_option(out, report_str_or(g->items[i].first->rule_id, "?"));
    fputs("</select></label>\n<label>scenario <select id=\"f-scenario\"><option value=\"\">all</option>", out);
    for (size_t s = 0; s < r->nscenarios; s++)
        if (r->scenarios[s].violations.count)
            put_option(out, report_str_or(r->scenarios[s].name, "?"));
    fputs("</select></label> <span id=\"f-count\"></span></form>\n", out);
}

static void put_group_row(FILE *out, const run_result *r, const finding_group *fg)
{
    const violation *v = fg->first;
    const char *sev = severity_name(v->sev);
    fprintf(out, "<tr class=\"finding\" data-severity=\"%s\" data-rule=\"", sev);
    html_put(out, v->rule_id);
    fputs("\" data-scenarios=\"", out);
    for (size_t i = 0; i < fg->nscenarios; i++) {
        if (i)
            fputs("&#10;", out);
        html_put(out, r->scenarios[fg->scenarios[i]].name);
    }
    fprintf(out, "\"><td class=\"sev-%s\">%s</td><td>", sev, sev);
    html_put(out, v->message);
    if (v->suppressed) {
        fputs("<br><em>suppressed, not counted: ", out);
        html_put(out, v->suppressed);
        fputs("</em>", out);
    } else if (v->baselined) {
        fputs("<br><em>in the baseline, not counted</em>", out);
    }
    if (v->fix && *v->fix) {
        fputs("<br>How to fix: ", out);
        html_put(out, v->fix);
    }
    fprintf(out, "</td><td>%zu scenario%s", fg->nscenarios, fg->nscenarios == 1 ? "" : "s");
    if (fg->occurrences != fg->nscenarios)
        fprintf(out, ", %zu times", fg->occurrences);
    fputs("<ul class=\"scenarios\">", out);
    for (size_t i = 0; i < fg->nscenarios; i++) {
        fprintf(out, "<li><a href=\"#scenario-%zu\">", fg->scenarios[i]);
        html_put(out, r->scenarios[fg->scenarios[i]].name);
        fputs("</a></li>", out);
    }
    fputs("</ul></td><td>first in <a href=\"#scenario-", out);
    fprintf(out, "%zu\">", fg->first_scenario);
    html_put(out, r->scenarios[fg->first_scenario].name);
    fputs("</a>: ", out);
    html_put(out, report_str_or(v->callback, "no callback"));
    fprintf(out, " (adapter %d, state ", v->adapter);
    html_put(out, report_str_or(v->state, "?"));
    fprintf(out, "), event #%llu", (unsigned long long)v->event_index);
    html_put_frames(out, "", &v->bt);
    html_put_frames(out, "allocated:\n", &v->origin);
    fputs("</td></tr>\n", out);
}

int html_put_findings(FILE *out, const run_result *r)
{
    finding_groups g;
    if (finding_groups_build(r, &g) != 0)
        return -1;
    size_t occurrences = 0;
    for (size_t i = 0; i < g.count; i++)
        occurrences += g.items[i].occurrences;
    fprintf(out, "<h2 id=\"findings\">Findings: %zu, grouped by cause (%zu occurrence%s)</h2>\n", g.count, occurrences,
            occurrences == 1 ? "" : "s");
    if (g.count == 0) {
        fputs("<p>No findings.</p>\n", out);
        finding_groups_free(&g);
        return 0;
    }
    put_filters(out, r, &g);
    for (size_t i = 0; i < g.count; i++) {
        if (rule_listed_before(&g, i))
            continue;
        const violation *v = g.items[i].first;
        fputs("<section class=\"rule\" data-rule=\"", out);
        html_put(out, v->rule_id);
        fprintf(out, "\"><h3><span class=\"sev-%s\">%s</span> <code>", severity_name(v->sev), severity_name(v->sev));
        html_put(out, v->rule_id);
        fputs("</code> ", out);
        html_put(out, v->summary);
        fputs("</h3>\n", out);
        if (v->doc && *v->doc) {
            fputs("<p class=\"muted\">", out);
            if (v->doc_url && *v->doc_url) {
                fputs("<a href=\"", out);
                html_put(out, v->doc_url);
                fputs("\">", out);
                html_put(out, v->doc);
                fputs("</a>", out);
            } else {
                html_put(out, v->doc);
            }
            fputs("</p>\n", out);
        }
        fputs("<table><tr><th>severity</th><th>message</th><th>scenarios</th><th>where</th></tr>\n", out);
        for (size_t k = i; k < g.count; k++)
            if (strcmp(report_str_or(g.items[k].first->rule_id, ""), report_str_or(v->rule_id, "")) == 0)
                put_group_row(out, r, &g.items[k]);
        fputs("</table></section>\n", out);
    }
    fprintf(out, "<script>%s</script>\n", filter_script);
    finding_groups_free(&g);
    return 0;
}
