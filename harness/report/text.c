/* The human-readable report: what `mpconform run` prints.  Each finding says
 * what rule broke, where in the driver's life it happened and at which source
 * line; the coverage part says what the run never exercised. */
#include "report.h"
#include "report_util.h"
#include "finding_groups.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FRAMES 6

/* ANSI colours, or empty strings when colour is off. */
typedef struct {
    const char *bold, *red, *yellow, *cyan, *green, *dim, *reset;
} palette;

static const palette colours = { "\033[1m", "\033[1;31m", "\033[33m", "\033[36m",
                                 "\033[32m", "\033[2m", "\033[0m" };
static const palette plain = { "", "", "", "", "", "", "" };

static const char *sev_colour(const palette *p, severity s)
{
    switch (s) {
    case SEV_ERROR: return p->red;
    case SEV_WARNING: return p->yellow;
    default: return p->cyan;
    }
}

static const char *base_name(const char *path)
{
    if (!path)
        return "?";
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void put_upper(FILE *out, const char *s)
{
    for (; *s; s++)
        fputc(toupper((unsigned char)*s), out);
}

/* "function (file:line)", "function (module+0xoff)" or "module+0xoff". */
static void put_frame(FILE *out, const frame *f)
{
    if (f->function && f->file && f->line > 0)
        fprintf(out, "%s (%s:%d)", f->function, f->file, f->line);
    else if (f->function && f->file)
        fprintf(out, "%s (%s)", f->function, f->file);
    else if (f->function)
        fprintf(out, "%s (%s+0x%llx)", f->function, base_name(f->module),
                (unsigned long long)f->offset);
    else
        fprintf(out, "%s+0x%llx", base_name(f->module), (unsigned long long)f->offset);
}

/* Frames after the first `skip`, one per line, at most MAX_FRAMES in all. */
static void put_frames(FILE *out, const backtrace_t *bt, size_t skip)
{
    size_t shown = bt->count < MAX_FRAMES ? bt->count : MAX_FRAMES;
    for (size_t i = skip; i < shown; i++) {
        fputs("    at ", out);
        put_frame(out, &bt->frames[i]);
        fputc('\n', out);
    }
    if (bt->count > shown)
        fprintf(out, "    ... %zu more frame%s\n", bt->count - shown,
                bt->count - shown == 1 ? "" : "s");
}

/* Suppressed and baselined findings are shown, marked, never hidden. */
static void put_policy_mark(FILE *out, const violation *v, const palette *p)
{
    if (v->suppressed)
        fprintf(out, "  %s(suppressed, not counted: %s)%s\n", p->dim, v->suppressed, p->reset);
    else if (v->baselined)
        fprintf(out, "  %s(in the baseline, not counted)%s\n", p->dim, p->reset);
}

/* One finding in full, once for all the scenarios it occurred in: the
 * details (callback, event, backtrace) are those of its first occurrence. */
static void put_finding(FILE *out, const run_result *r, const finding_group *fg, const palette *p)
{
    const violation *v = fg->first;
    fputs(sev_colour(p, v->sev), out);
    put_upper(out, severity_name(v->sev));
    fprintf(out, "%s %s%s%s  %s\n", p->reset, p->bold, report_str_or(v->rule_id, "?"), p->reset,
            report_str_or(v->message, report_str_or(v->summary, "")));
    put_policy_mark(out, v, p);
    fprintf(out, "  occurred in %zu scenario%s", fg->nscenarios, fg->nscenarios == 1 ? "" : "s");
    if (fg->occurrences != fg->nscenarios)
        fprintf(out, " (%zu times)", fg->occurrences);
    fputs(": ", out);
    finding_group_put_scenarios(out, r, fg);
    fputc('\n', out);

    fprintf(out, "  in %s (", report_str_or(v->callback, "no callback"));
    if (v->adapter < 0)
        fputs("driver-wide", out);
    else
        fprintf(out, "adapter %d", v->adapter);
    fprintf(out, ", state %s), event #%llu\n", report_str_or(v->state, "?"),
            (unsigned long long)v->event_index);

    put_frames(out, &v->bt, 0);
    if (v->origin.count > 0) {
        fputs("  allocated at ", out);
        put_frame(out, &v->origin.frames[0]);
        fputc('\n', out);
        put_frames(out, &v->origin, 1);
    }
    if (v->doc && *v->doc)
        fprintf(out, "  %sdoc: %s%s\n", p->dim, v->doc, p->reset);
    if (v->doc_url && *v->doc_url)
        fprintf(out, "  %s     %s%s\n", p->dim, v->doc_url, p->reset);
    if (v->fix && *v->fix)
        fprintf(out, "  fix: %s\n", v->fix);
}

static void put_header(FILE *out, const run_result *r, const palette *p)
{
    fprintf(out, "%smpconform %s%s\n", p->bold, report_str_or(r->tool_version, ""), p->reset);
    fprintf(out, "driver: %s\n", report_str_or(r->driver, "?"));

    size_t by_outcome[SCENARIO_OUTCOME_COUNT] = { 0 };
    for (size_t s = 0; s < r->nscenarios; s++)
        if ((unsigned)r->scenarios[s].outcome < SCENARIO_OUTCOME_COUNT)
            by_outcome[r->scenarios[s].outcome]++;
    fprintf(out, "scenarios run: %zu", r->nscenarios);
    const char *sep = " (";
    for (int o = SCENARIO_COMPLETED; o < SCENARIO_OUTCOME_COUNT; o++) {
        if (!by_outcome[o])
            continue;
        fprintf(out, "%s%zu %s", sep, by_outcome[o], scenario_outcome_name(o));
        sep = ", ";
    }
    fputs(*sep == ',' ? ")\n" : "\n", out);
}

/* What the scenario could not do: unmet expectations, skipped steps. */
static void put_unproven_lines(FILE *out, const scenario_result *sc, const palette *p)
{
    for (size_t i = 0; i < sc->not_exercised.count; i++)
        fprintf(out, "       %snot exercised%s: %s\n", p->yellow, p->reset, sc->not_exercised.items[i].reason);
    for (size_t i = 0; i < sc->skipped.count; i++)
        fprintf(out, "       %sskipped%s: %s: %s\n", p->yellow, p->reset, sc->skipped.items[i].what,
                sc->skipped.items[i].reason);
}

/* The tag of a scenario in the outcome list: how it ended, else whether
 * it had findings, else whether it did what it was written for. */
static const char *scenario_tag(const scenario_result *sc, size_t active, const palette *p, const char **colour)
{
    *colour = p->red;
    switch (sc->outcome) {
    case SCENARIO_CRASHED: return "CRASH";
    case SCENARIO_HUNG: return "HUNG";
    case SCENARIO_LOAD_ERROR: return "LOAD";
    default: break;
    }
    if (active)
        return "!!";
    *colour = sc->outcome == SCENARIO_NOT_EXERCISED ? p->yellow : p->green;
    return sc->outcome == SCENARIO_NOT_EXERCISED ? "--" : "ok";
}

/* One line per scenario: "   ok  name (N events)", or with its findings
 * counted by severity and the rules that fired ("!!", "CRASH", ...). */
static void put_scenario_line(FILE *out, const scenario_result *sc, const palette *p)
{
    size_t by_sev[3] = { 0 }, inactive = 0;
    const violation_list *vl = &sc->violations;
    for (size_t i = 0; i < vl->count; i++) {
        if (!violation_active(&vl->items[i]))
            inactive++;
        else if ((unsigned)vl->items[i].sev <= SEV_ERROR)
            by_sev[vl->items[i].sev]++;
    }
    const char *colour;
    const char *tag = scenario_tag(sc, by_sev[0] + by_sev[1] + by_sev[2], p, &colour);
    fprintf(out, "%s%5s%s  %s (", colour, tag, p->reset, report_str_or(sc->name, "?"));
    if (sc->outcome != SCENARIO_COMPLETED && sc->outcome != SCENARIO_NOT_EXERCISED)
        fprintf(out, "%s, ", scenario_outcome_name(sc->outcome));
    fprintf(out, "%zu events)", sc->event_count);
    const char *sep = ": ";
    for (int sev = SEV_ERROR; sev >= SEV_INFO; sev--) {
        if (!by_sev[sev])
            continue;
        fprintf(out, "%s%zu %s%s", sep, by_sev[sev], severity_name(sev),
                by_sev[sev] > 1 && sev != SEV_INFO ? "s" : "");
        sep = ", ";
    }
    if (inactive)
        fprintf(out, "%s%zu not counted (suppressed or in the baseline)", sep, inactive);
    /* the rules, each once, in the order they fired */
    for (size_t i = 0; i < vl->count; i++) {
        size_t k = 0;
        while (k < i && strcmp(report_str_or(vl->items[k].rule_id, ""), report_str_or(vl->items[i].rule_id, "")))
            k++;
        if (k == i)
            fprintf(out, "%s%s", i ? ", " : " [", report_str_or(vl->items[i].rule_id, "?"));
    }
    fputs(vl->count ? "]\n" : "\n", out);
    put_unproven_lines(out, sc, p);
}

static void put_scenarios(FILE *out, const run_result *r, const palette *p)
{
    fprintf(out, "\n%sScenarios%s\n", p->bold, p->reset);
    for (size_t s = 0; s < r->nscenarios; s++)
        put_scenario_line(out, &r->scenarios[s], p);
}

static void put_findings(FILE *out, const run_result *r, const finding_groups *g, const palette *p)
{
    if (g->count == 0) {
        fprintf(out, "\n%sFindings%s: none\n", p->bold, p->reset);
        return;
    }
    size_t occurrences = 0;
    for (size_t i = 0; i < g->count; i++)
        occurrences += g->items[i].occurrences;
    fprintf(out, "\n%sFindings%s (%zu, grouped by cause: the same rule at the same driver location is one finding; "
            "%zu occurrence%s in all)\n", p->bold, p->reset, g->count, occurrences, occurrences == 1 ? "" : "s");
    for (size_t i = 0; i < g->count; i++) {
        fputc('\n', out);
        put_finding(out, r, &g->items[i], p);
    }
}

static int same_group(const coverage_item *a, const coverage_item *b)
{
    return strcmp(report_str_or(a->group, ""), report_str_or(b->group, "")) == 0;
}

/* Groups are listed in the order they first appear; items keep their order. */
static void put_coverage(FILE *out, const run_result *r, const palette *p)
{
    if (r->ncoverage == 0)
        return;
    size_t exercised = 0;
    for (size_t i = 0; i < r->ncoverage; i++)
        exercised += r->coverage[i].count > 0;
    fprintf(out, "\n%sCoverage%s: %zu of %zu items exercised\n", p->bold, p->reset, exercised,
            r->ncoverage);

    for (size_t g = 0; g < r->ncoverage; g++) {
        const coverage_item *head = &r->coverage[g];
        size_t k = 0;
        while (k < g && !same_group(&r->coverage[k], head))
            k++;
        if (k < g)
            continue; /* group already listed */
        size_t total = 0, hit = 0;
        for (size_t i = g; i < r->ncoverage; i++)
            if (same_group(&r->coverage[i], head)) {
                total++;
                hit += r->coverage[i].count > 0;
            }
        fprintf(out, "  %s: %zu of %zu\n", report_str_or(head->group, "other"), hit, total);
        for (size_t i = g; i < r->ncoverage; i++)
            if (same_group(&r->coverage[i], head) && r->coverage[i].count > 0)
                fprintf(out, "    %6u  %s\n", r->coverage[i].count, report_str_or(r->coverage[i].name, "?"));
    }

    if (exercised == r->ncoverage) {
        fputs("Everything listed was exercised.\n", out);
        return;
    }
    fprintf(out, "%sNOT exercised%s (%zu):\n", p->yellow, p->reset, r->ncoverage - exercised);
    for (size_t i = 0; i < r->ncoverage; i++)
        if (r->coverage[i].count == 0)
            fprintf(out, "    %s [%s]\n", report_str_or(r->coverage[i].name, "?"),
                    report_str_or(r->coverage[i].group, "other"));
}

/* The honest verdict: after the findings, what this run could not prove
 * for this driver, so that silence is not read as "verified". */
static void put_unproven(FILE *out, const run_result *r, const palette *p)
{
    if (r->unproven.count == 0) {
        fprintf(out, "\n%sNot proven%s: nothing; every scenario did what it was written for.\n", p->bold, p->reset);
        return;
    }
    fprintf(out, "\n%sNot proven for this driver%s (%zu): the run could not exercise these, so a clean result "
            "says nothing about them\n", p->bold, p->reset, r->unproven.count);
    for (size_t i = 0; i < r->unproven.count; i++) {
        const unproven_item *it = &r->unproven.items[i];
        fprintf(out, "  - %s [%s]\n      %s\n", it->what, report_str_or(it->scenario, "?"), it->reason);
    }
}

/* Per rule: its severity, how many findings (groups) and in how many scenarios. */
static void put_rule_table(FILE *out, const run_result *r, const finding_groups *g, const palette *p)
{
    if (g->count == 0)
        return;
    int width = 4;
    for (size_t i = 0; i < g->count; i++) {
        int n = (int)strlen(report_str_or(g->items[i].first->rule_id, "?"));
        width = n > width ? n : width;
    }
    fprintf(out, "\n%sPer rule%s\n  %-*s  %-8s  %8s  %9s\n", p->bold, p->reset, width, "rule", "severity",
            "findings", "scenarios");
    for (size_t i = 0; i < g->count; i++) {
        const char *rule = report_str_or(g->items[i].first->rule_id, "?");
        size_t k = 0;
        while (k < i && strcmp(report_str_or(g->items[k].first->rule_id, "?"), rule) != 0)
            k++;
        if (k < i)
            continue;  /* rule already listed */
        size_t findings = 0;
        int *seen = calloc(r->nscenarios + 1, sizeof *seen);
        size_t nscen = 0;
        for (size_t j = i; j < g->count; j++) {
            if (strcmp(report_str_or(g->items[j].first->rule_id, "?"), rule) != 0)
                continue;
            findings++;
            for (size_t s = 0; seen && s < g->items[j].nscenarios; s++)
                if (!seen[g->items[j].scenarios[s]]++)
                    nscen++;
        }
        free(seen);
        fprintf(out, "  %-*s  %-8s  %8zu  %9zu\n", width, rule, severity_name(g->items[i].first->sev), findings,
                nscen);
    }
}

/* Counts are of findings (grouped by cause); when a finding occurred more
 * than once, the occurrences follow in parentheses. */
static void put_count(FILE *out, const finding_counts *c, severity sev, const char *one, const char *many)
{
    fprintf(out, "%zu %s", c->groups[sev], c->groups[sev] == 1 ? one : many);
    if (c->occurrences[sev] != c->groups[sev])
        fprintf(out, " (%zu occurrences)", c->occurrences[sev]);
}

static void put_summary(FILE *out, const run_result *r, const finding_groups *g, const palette *p)
{
    finding_counts c;
    finding_groups_count(g, &c);
    int failed = run_result_failed(r);
    fputc('\n', out);
    put_count(out, &c, SEV_ERROR, "error", "errors");
    fputs(", ", out);
    put_count(out, &c, SEV_WARNING, "warning", "warnings");
    fputs(", ", out);
    put_count(out, &c, SEV_INFO, "info", "info");
    if (c.suppressed)
        fprintf(out, " (%zu suppressed)", c.suppressed);
    if (c.baselined)
        fprintf(out, " (%zu in the baseline)", c.baselined);
    fprintf(out, " — %s%s%s (fail-on: %s)\n", failed ? p->red : p->green, failed ? "FAIL" : "PASS", p->reset,
            severity_name(r->fail_on));
}

int report_write_text(FILE *out, const run_result *r, int color)
{
    const palette *p = color ? &colours : &plain;
    finding_groups g;
    if (finding_groups_build(r, &g) != 0)
        return -1;
    put_header(out, r, p);
    put_scenarios(out, r, p);
    put_findings(out, r, &g, p);
    put_unproven(out, r, p);
    put_coverage(out, r, p);
    put_rule_table(out, r, &g, p);
    put_summary(out, r, &g, p);
    finding_groups_free(&g);
    fflush(out);
    return ferror(out) ? -1 : 0;
}
