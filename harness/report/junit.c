/* JUnit XML for CI dashboards: one testsuite per scenario, one testcase per
 * rule that fired there (or one passing "conformance" case).  A testcase
 * fails when a finding of its rule is at or above --fail-on; findings below
 * that threshold are listed in the case's system-out. */
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

/* Index of the first finding of rule in the list before `before`, or `before`. */
static size_t first_of_rule(const violation_list *vl, size_t before, const char *rule)
{
    for (size_t i = 0; i < before; i++)
        if (strcmp(report_str_or(vl->items[i].rule_id, ""), rule) == 0)
            return i;
    return before;
}

/* One testcase for rule, first seen at index `first`. */
/* A finding fails its test case when it reaches --fail-on and is neither
 * suppressed nor in the baseline (those are listed in system-out). */
static int counts_against(const violation *v, severity fail_on)
{
    return v->sev >= fail_on && violation_active(v);
}

static void put_rule_case(FILE *out, const scenario_result *sc, size_t first, severity fail_on)
{
    const violation_list *vl = &sc->violations;
    const char *rule = report_str_or(vl->items[first].rule_id, "");
    const violation *failing = NULL;
    for (size_t i = first; i < vl->count; i++)
        if (strcmp(report_str_or(vl->items[i].rule_id, ""), rule) == 0 && counts_against(&vl->items[i], fail_on)) {
            failing = &vl->items[i];
            break;
        }

    fputs("    <testcase classname=\"mpconform.", out);
    put_xml(out, report_str_or(sc->name, "scenario"), 1);
    fputs("\" name=\"", out);
    put_xml(out, rule, 1);
    fputs("\" time=\"0\">\n", out);
    if (failing) {
        fputs("      <failure type=\"", out);
        put_xml(out, rule, 1);
        fputs("\" message=\"", out);
        put_xml(out, report_str_or(failing->message, report_str_or(failing->summary, rule)), 1);
        fputs("\">", out);
        int shown = 0;
        for (size_t i = first; i < vl->count; i++)
            if (strcmp(report_str_or(vl->items[i].rule_id, ""), rule) == 0 && counts_against(&vl->items[i], fail_on)) {
                if (shown++)
                    fputc('\n', out);
                put_details(out, &vl->items[i]);
            }
        fputs("</failure>\n", out);
    }
    int below = 0;
    for (size_t i = first; i < vl->count; i++)
        if (strcmp(report_str_or(vl->items[i].rule_id, ""), rule) == 0 && !counts_against(&vl->items[i], fail_on)) {
            fputs(below++ ? "\n" : "      <system-out>", out);
            put_details(out, &vl->items[i]);
        }
    if (below)
        fputs("</system-out>\n", out);
    fputs("    </testcase>\n", out);
}

/* <property name="not_exercised" value="what: reason"/>, one per item. */
static void put_unproven_properties(FILE *out, const char *name, const unproven_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        fprintf(out, "      <property name=\"%s\" value=\"", name);
        put_xml(out, l->items[i].what, 1);
        fputs(": ", out);
        put_xml(out, l->items[i].reason, 1);
        fputs("\"/>\n", out);
    }
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

static void put_suite(FILE *out, const scenario_result *sc, severity fail_on)
{
    const violation_list *vl = &sc->violations;
    size_t cases = 0, failures = 0;
    for (size_t i = 0; i < vl->count; i++) {
        const char *rule = report_str_or(vl->items[i].rule_id, "");
        if (first_of_rule(vl, i, rule) != i)
            continue;
        cases++;
        for (size_t k = i; k < vl->count; k++)
            if (strcmp(report_str_or(vl->items[k].rule_id, ""), rule) == 0 && counts_against(&vl->items[k], fail_on)) {
                failures++;
                break;
            }
    }
    int not_exercised = cases == 0 && sc->outcome == SCENARIO_NOT_EXERCISED;
    int errored = cases == 0 && sc->outcome != SCENARIO_COMPLETED && !not_exercised;

    fputs("  <testsuite name=\"", out);
    put_xml(out, report_str_or(sc->name, "scenario"), 1);
    fprintf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%d\" skipped=\"%d\" time=\"0\">\n",
            cases ? cases : 1, failures, errored, not_exercised);
    fputs("    <properties>\n      <property name=\"outcome\" value=\"", out);
    put_xml(out, scenario_outcome_name(sc->outcome), 1);
    fprintf(out, "\"/>\n      <property name=\"events\" value=\"%zu\"/>\n", sc->event_count);
    if (sc->description && *sc->description) {
        fputs("      <property name=\"description\" value=\"", out);
        put_xml(out, sc->description, 1);
        fputs("\"/>\n", out);
    }
    put_unproven_properties(out, "not_exercised", &sc->not_exercised);
    put_unproven_properties(out, "skipped", &sc->skipped);
    fputs("    </properties>\n", out);

    if (cases == 0) {
        fputs("    <testcase classname=\"mpconform.", out);
        put_xml(out, report_str_or(sc->name, "scenario"), 1);
        fputs("\" name=\"conformance\" time=\"0\"", out);
        if (errored) {
            fputs(">\n      <error type=\"outcome\" message=\"scenario ", out);
            put_xml(out, scenario_outcome_name(sc->outcome), 1);
            fputs("\"/>\n    </testcase>\n", out);
        } else if (not_exercised) {
            /* Nothing failed, but nothing was proven either: skipped, never passed. */
            fputs(">\n      <skipped message=\"not exercised: ", out);
            put_xml(out, sc->not_exercised.items[0].reason, 1);
            fputs("\"/>\n    </testcase>\n", out);
        } else {
            fputs("/>\n", out);
        }
    }
    for (size_t i = 0; i < vl->count; i++)
        if (first_of_rule(vl, i, report_str_or(vl->items[i].rule_id, "")) == i)
            put_rule_case(out, sc, i, fail_on);
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
    for (size_t s = 0; s < r->nscenarios; s++)
        put_suite(out, &r->scenarios[s], r->fail_on);
    put_not_proven(out, r);
    fputs("</testsuites>\n", out);
    return report_finish_memstream(path, out, &buf, &len, err, errlen);
}
