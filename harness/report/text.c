/* The human-readable report: what `mpconform run` prints.  Each finding says
 * what rule broke, where in the driver's life it happened and at which source
 * line; the coverage part says what the run never exercised. */
#include "report.h"
#include "report_util.h"

#include <ctype.h>
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

static void put_finding(FILE *out, const violation *v, const palette *p)
{
    fputs(sev_colour(p, v->sev), out);
    put_upper(out, severity_name(v->sev));
    fprintf(out, "%s %s%s%s  %s\n", p->reset, p->bold, report_str_or(v->rule_id, "?"), p->reset,
            report_str_or(v->message, report_str_or(v->summary, "")));

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
}

static int same_place(const backtrace_t *a, const backtrace_t *b)
{
    if (a->count == 0 || b->count == 0)
        return a->count == b->count;
    return a->frames[0].offset == b->frames[0].offset &&
           strcmp(report_str_or(a->frames[0].module, ""), report_str_or(b->frames[0].module, "")) == 0;
}

/* The earlier scenario that already showed this finding (same rule, same
 * call site, same allocation site), or NULL. */
static const char *shown_before(const run_result *r, size_t scenario, const violation *v)
{
    for (size_t s = 0; s < scenario; s++) {
        const violation_list *vl = &r->scenarios[s].violations;
        for (size_t i = 0; i < vl->count; i++)
            if (strcmp(report_str_or(vl->items[i].rule_id, ""), report_str_or(v->rule_id, "")) == 0 &&
                same_place(&vl->items[i].bt, &v->bt) && same_place(&vl->items[i].origin, &v->origin))
                return r->scenarios[s].name;
    }
    return NULL;
}

/* A finding already shown in full: one line. */
static void put_repeat(FILE *out, const violation *v, const char *first, const palette *p)
{
    fputs(sev_colour(p, v->sev), out);
    put_upper(out, severity_name(v->sev));
    fprintf(out, "%s %s%s%s  %s\n    %s(same place as in scenario %s)%s\n", p->reset, p->bold,
            report_str_or(v->rule_id, "?"), p->reset, report_str_or(v->message, report_str_or(v->summary, "")),
            p->dim, first, p->reset);
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

static void put_scenario(FILE *out, const run_result *r, size_t index, const palette *p)
{
    const scenario_result *sc = &r->scenarios[index];
    if (sc->violations.count == 0 && sc->outcome == SCENARIO_COMPLETED) {
        /* A clean scenario is one line: the findings are what a reader looks for. */
        fprintf(out, "   ok  %s (%zu events)\n", report_str_or(sc->name, "?"), sc->event_count);
        return;
    }
    fprintf(out, "\n%s== %s%s (%s, %zu events)", p->bold, report_str_or(sc->name, "?"), p->reset,
            scenario_outcome_name(sc->outcome), sc->event_count);
    if (sc->description && *sc->description)
        fprintf(out, " — %s%s%s", p->dim, sc->description, p->reset);
    fputc('\n', out);
    if (sc->violations.count == 0)
        fputs("no findings\n", out);
    for (size_t i = 0; i < sc->violations.count; i++) {
        const char *first = shown_before(r, index, &sc->violations.items[i]);
        if (first)
            put_repeat(out, &sc->violations.items[i], first, p);
        else
            put_finding(out, &sc->violations.items[i], p);
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

static void put_summary(FILE *out, const run_result *r, const palette *p)
{
    size_t n[3];
    run_result_counts(r, n);
    int failed = run_result_failed(r);
    fprintf(out, "\n%zu error%s, %zu warning%s, %zu info — %s%s%s (fail-on: %s)\n",
            n[SEV_ERROR], n[SEV_ERROR] == 1 ? "" : "s", n[SEV_WARNING],
            n[SEV_WARNING] == 1 ? "" : "s", n[SEV_INFO], failed ? p->red : p->green,
            failed ? "FAIL" : "PASS", p->reset, severity_name(r->fail_on));
}

int report_write_text(FILE *out, const run_result *r, int color)
{
    const palette *p = color ? &colours : &plain;
    put_header(out, r, p);
    for (size_t s = 0; s < r->nscenarios; s++)
        put_scenario(out, r, s, p);
    put_coverage(out, r, p);
    put_summary(out, r, p);
    fflush(out);
    return ferror(out) ? -1 : 0;
}
