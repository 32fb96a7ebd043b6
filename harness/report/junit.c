/* JUnit XML for CI dashboards: one testcase per scenario, named after it
 * (the same names and count in every run of the same suite), with the
 * host's wall time.  A crashed, hung or unloadable scenario is an <error>;
 * findings at or above --fail-on that count are a <failure> listing them;
 * a scenario that did not do what it is for is <skipped>.  Findings that
 * do not count (below --fail-on, suppressed, baselined) go to system-out.
 * The contracts no scenario proved follow as a suite of skipped cases. */
#include "report.h"
#include "report_util.h"

#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s, 0 when it is not one. */
static size_t utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    size_t n = s[0] >= 0xc2 && s[0] <= 0xdf ? 2
             : s[0] >= 0xe0 && s[0] <= 0xef ? 3
             : s[0] >= 0xf0 && s[0] <= 0xf4 ? 4
                                            : 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return n;
}

/* XML 1.0 text or attribute value: markup characters as entities; control
 * characters XML cannot carry and broken UTF-8 as '?'.  Newlines in
 * attributes are kept as character references so parsers do not fold them. */
static void put_xml(FILE *out, const char *s, int attribute)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        switch (*p) {
        case '&': fputs("&amp;", out); p++; continue;
        case '<': fputs("&lt;", out); p++; continue;
        case '>': fputs("&gt;", out); p++; continue;
        case '"': fputs("&quot;", out); p++; continue;
        case '\'': fputs("&apos;", out); p++; continue;
        case '\n': fputs(attribute ? "&#10;" : "\n", out); p++; continue;
        case '\t': fputs(attribute ? "&#9;" : "\t", out); p++; continue;
        case '\r': fputs("&#13;", out); p++; continue;
        default: break;
        }
        size_t n = *p < 0x20 ? 0 : utf8_len(p);
        if (n == 0) {
            fputc('?', out);
            p++;
        } else {
            fwrite(p, 1, n, out);
            p += n;
        }
    }
}

static void put_frames(FILE *out, const char *title, const backtrace_t *bt)
{
    if (bt->count == 0)
        return;
    fprintf(out, "%s\n", title);
    for (size_t i = 0; i < bt->count; i++) {
        const frame *f = &bt->frames[i];
        fputs("  at ", out);
        if (f->function) {
            put_xml(out, f->function, 0);
            fputc(' ', out);
        }
        /* "function (file:line)", "function (module+0xoff)", "module+0xoff" */
        if (f->function)
            fputc('(', out);
        if (f->file && f->line > 0) {
            put_xml(out, f->file, 0);
            fprintf(out, ":%d", f->line);
        } else {
            put_xml(out, report_str_or(f->module, "?"), 0);
            fprintf(out, "+0x%llx", (unsigned long long)f->offset);
        }
        fputs(f->function ? ")\n" : "\n", out);
    }
}

/* Plain-text details of one finding, escaped for element content. */
static void put_details(FILE *out, const violation *v)
{
    fputs(severity_name(v->sev), out);
    fputc(' ', out);
    put_xml(out, v->rule_id, 0);
    fputs(": ", out);
    put_xml(out, v->message, 0);
    fputs("\nin ", out);
    put_xml(out, report_str_or(v->callback, "no callback"), 0);
    fprintf(out, " (adapter %d, state ", v->adapter);
    put_xml(out, report_str_or(v->state, "?"), 0);
    fprintf(out, "), event #%llu\n", (unsigned long long)v->event_index);
    if (v->doc && *v->doc) {
        fputs("doc: ", out);
        put_xml(out, v->doc, 0);
        fputc('\n', out);
    }
    if (v->doc_url && *v->doc_url) {
        fputs("     ", out);
        put_xml(out, v->doc_url, 0);
        fputc('\n', out);
    }
    if (v->fix && *v->fix) {
        fputs("fix: ", out);
        put_xml(out, v->fix, 0);
        fputc('\n', out);
    }
    put_frames(out, "backtrace:", &v->bt);
    put_frames(out, "allocated at:", &v->origin);
}

/* A finding fails its test case when it reaches --fail-on and is neither
 * suppressed nor in the baseline (those are listed in system-out). */
static int counts_against(const violation *v, severity fail_on)
{
    return v->sev >= fail_on && violation_active(v);
}

static int errored(const scenario_result *sc)
{
    return sc->outcome == SCENARIO_CRASHED || sc->outcome == SCENARIO_HUNG || sc->outcome == SCENARIO_LOAD_ERROR;
}

/* Seconds with millisecond precision, as JUnit readers expect. */
static void put_seconds(FILE *out, uint64_t us)
{
    fprintf(out, "%llu.%03llu", (unsigned long long)(us / 1000000), (unsigned long long)(us / 1000 % 1000));
}

/* "mpconform.initialize-fails": the scenario's name up to its run label
 * (" [allocation #3: ...]"), so every run of one scenario file is one class. */
static void put_classname(FILE *out, const char *name)
{
    const char *cut = strstr(name, " [");
    size_t n = cut ? (size_t)(cut - name) : strlen(name);
    char *base = strndup(name, n);
    fputs("mpconform.", out);
    put_xml(out, base ? base : name, 1);
    free(base);
}

/* The rules of the scenario's counted findings, each once: "HALT-FREE-ALL, ...". */
static void put_failing_rules(FILE *out, const scenario_result *sc, severity fail_on)
{
    const violation_list *vl = &sc->violations;
    int shown = 0;
    for (size_t i = 0; i < vl->count; i++) {
        if (!counts_against(&vl->items[i], fail_on))
            continue;
        size_t k = 0;
        while (k < i && (!counts_against(&vl->items[k], fail_on) ||
                         strcmp(report_str_or(vl->items[k].rule_id, ""), report_str_or(vl->items[i].rule_id, ""))))
            k++;
        if (k < i)
            continue;
        if (shown++)
            fputs(", ", out);
        put_xml(out, report_str_or(vl->items[i].rule_id, "?"), 1);
    }
}

static void put_findings_text(FILE *out, const scenario_result *sc, severity fail_on, int counted)
{
    int shown = 0;
    for (size_t i = 0; i < sc->violations.count; i++)
        if (counts_against(&sc->violations.items[i], fail_on) == counted) {
            if (shown++)
                fputc('\n', out);
            put_details(out, &sc->violations.items[i]);
        }
}

static void put_case(FILE *out, const scenario_result *sc, severity fail_on)
{
    const violation_list *vl = &sc->violations;
    size_t failing = 0;
    for (size_t i = 0; i < vl->count; i++)
        failing += counts_against(&vl->items[i], fail_on);
    const char *name = report_str_or(sc->name, "scenario");

    fputs("    <testcase classname=\"", out);
    put_classname(out, name);
    fputs("\" name=\"", out);
    put_xml(out, name, 1);
    fputs("\" time=\"", out);
    put_seconds(out, sc->wall_us);
    fputs("\">\n", out);
    if (errored(sc)) {
        fprintf(out, "      <error type=\"%s\" message=\"scenario %s", scenario_outcome_name(sc->outcome),
                scenario_outcome_name(sc->outcome));
        if (failing) {
            fprintf(out, "; %zu finding%s: ", failing, failing == 1 ? "" : "s");
            put_failing_rules(out, sc, fail_on);
        }
        fputs("\">", out);
        put_findings_text(out, sc, fail_on, 1);
        fputs("</error>\n", out);
    } else if (failing) {
        fputs("      <failure type=\"", out);
        put_failing_rules(out, sc, fail_on);
        fprintf(out, "\" message=\"%zu finding%s: ", failing, failing == 1 ? "" : "s");
        put_failing_rules(out, sc, fail_on);
        fputs("\">", out);
        put_findings_text(out, sc, fail_on, 1);
        fputs("</failure>\n", out);
    } else if (sc->outcome == SCENARIO_NOT_EXERCISED) {
        /* Nothing failed, but nothing was proven either: skipped, never passed. */
        fputs("      <skipped message=\"not exercised: ", out);
        put_xml(out, sc->not_exercised.count ? sc->not_exercised.items[0].reason : "", 1);
        fputs("\"/>\n", out);
    }
    /* What the scenario is, how it ended and what it could not do; then
     * the findings that do not count. */
    fprintf(out, "      <system-out>%s, %zu events", scenario_outcome_name(sc->outcome), sc->event_count);
    if (sc->description && *sc->description) {
        fputs(": ", out);
        put_xml(out, sc->description, 0);
    }
    fputc('\n', out);
    for (size_t i = 0; i < sc->not_exercised.count; i++) {
        fputs("not exercised: ", out);
        put_xml(out, sc->not_exercised.items[i].reason, 0);
        fputc('\n', out);
    }
    for (size_t i = 0; i < sc->skipped.count; i++) {
        fputs("skipped: ", out);
        put_xml(out, sc->skipped.items[i].what, 0);
        fputs(": ", out);
        put_xml(out, sc->skipped.items[i].reason, 0);
        fputc('\n', out);
    }
    if (failing < vl->count) {
        fputs("not counted for the verdict:\n", out);
        put_findings_text(out, sc, fail_on, 0);
    }
    fputs("</system-out>\n", out);
    fputs("    </testcase>\n", out);
}

/* The honest verdict as its own suite: one skipped case per contract the
 * run could not exercise, so a CI dashboard shows them next to the passes. */
static void put_not_proven(FILE *out, const run_result *r)
{
    if (r->unproven.count == 0)
        return;
    fprintf(out, "  <testsuite name=\"not proven\" tests=\"%zu\" failures=\"0\" errors=\"0\" skipped=\"%zu\" "
            "time=\"0\">\n", r->unproven.count, r->unproven.count);
    for (size_t i = 0; i < r->unproven.count; i++) {
        const unproven_item *it = &r->unproven.items[i];
        fputs("    <testcase classname=\"mpconform.not-proven.", out);
        put_xml(out, report_str_or(it->scenario, "run"), 1);
        fputs("\" name=\"", out);
        put_xml(out, it->what, 1);
        fputs("\" time=\"0\">\n      <skipped message=\"", out);
        put_xml(out, it->reason, 1);
        fputs("\"/>\n    </testcase>\n", out);
    }
    fputs("  </testsuite>\n", out);
}

/* The scenarios as one suite: one test case each, in run order. */
static void put_suite(FILE *out, const run_result *r)
{
    size_t failures = 0, errors = 0, skipped = 0;
    uint64_t us = 0;
    for (size_t s = 0; s < r->nscenarios; s++) {
        const scenario_result *sc = &r->scenarios[s];
        size_t failing = 0;
        for (size_t i = 0; i < sc->violations.count; i++)
            failing += counts_against(&sc->violations.items[i], r->fail_on);
        if (errored(sc))
            errors++;
        else if (failing)
            failures++;
        else if (sc->outcome == SCENARIO_NOT_EXERCISED)
            skipped++;
        us += sc->wall_us;
    }
    fprintf(out, "  <testsuite name=\"scenarios\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" "
            "time=\"", r->nscenarios, failures, errors, skipped);
    put_seconds(out, us);
    fputs("\">\n", out);
    for (size_t s = 0; s < r->nscenarios; s++)
        put_case(out, &r->scenarios[s], r->fail_on);
    fputs("  </testsuite>\n", out);
}

int report_write_junit(const char *path, const run_result *r, char *err, size_t errlen)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (!out) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
    fputs("<testsuites name=\"mpconform ", out);
    put_xml(out, report_str_or(r->driver, ""), 1);
    fputs("\">\n", out);
    put_suite(out, r);
    put_not_proven(out, r);
    fputs("</testsuites>\n", out);
    return report_finish_memstream(path, out, &buf, &len, err, errlen);
}
