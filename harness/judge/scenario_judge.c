/* One scenario judged event by event (scenario_judge.h). */
#include "scenario_judge.h"
#include "intent.h"
#include "../trace/backtrace.h"

#include <stdlib.h>
#include <string.h>

struct scenario_judge {
    violation_list findings;
    rule_run *rules;
    intent_feed *intent;
    coverage_feed *coverage;  /* NULL: not counted */
    scenario_story story;
    int keep_story;
    size_t events;
    int rc;                   /* the first failure; the rest is ignored */
};

void scenario_judge_free(scenario_judge *sj)
{
    if (!sj)
        return;
    ruleset_run_free(sj->rules);
    intent_free(sj->intent);
    coverage_feed_free(sj->coverage);
    violation_list_free(&sj->findings);
    scenario_story_free(&sj->story);
    free(sj);
}

scenario_judge *scenario_judge_begin(const ruleset *rs, const char *name, const coverage_plan *coverage,
                                     int keep_story)
{
    scenario_judge *sj = calloc(1, sizeof *sj);
    if (!sj)
        return NULL;
    sj->keep_story = keep_story;
    sj->rules = ruleset_run_begin(rs, &sj->findings, keep_story);
    sj->intent = intent_begin(strstr(name, JUDGE_SWEEP_MARK) != NULL);
    sj->coverage = coverage ? coverage_feed_begin(coverage) : NULL;
    if (!sj->rules || !sj->intent || (coverage && !sj->coverage)) {
        scenario_judge_free(sj);
        return NULL;
    }
    return sj;
}

int scenario_judge_feed(scenario_judge *sj, const event *ev)
{
    if (sj->rc != 0)
        return sj->rc;
    sj->events++;
    int rc = ruleset_run_feed(sj->rules, ev);
    if (rc == 0 && (intent_feed_event(sj->intent, ev) != 0 ||
                    (sj->coverage && coverage_feed_event(sj->coverage, ev) != 0) ||
                    (sj->keep_story && story_add_transition(&sj->story, ev) != 0)))
        rc = -1;
    sj->rc = rc;
    return rc;
}

int scenario_judge_end(scenario_judge *sj, const judged_trace *about, const event *last, scenario_result *out,
                       coverage_share *share)
{
    memset(out, 0, sizeof(*out));
    if (share)
        memset(share, 0, sizeof *share);
    out->name = strdup(about->name);
    out->description = strdup(about->description ? about->description : "");
    out->outcome = about->outcome;
    out->event_count = sj->events;
    out->wall_us = about->wall_us;
    int rc = sj->rc ? sj->rc : ruleset_run_end(sj->rules, last, sj->keep_story ? &sj->story : NULL);
    /* what the result owns from here on, also when judging failed */
    out->violations = sj->findings;
    memset(&sj->findings, 0, sizeof sj->findings);
    out->story = sj->story;
    memset(&sj->story, 0, sizeof sj->story);
    if (rc == 0) {
        for (size_t i = 0; i < out->violations.count; i++) {
            backtrace_symbolize(&out->violations.items[i].bt);
            backtrace_symbolize(&out->violations.items[i].origin);
        }
        violation_list_sort(&out->violations);
        rc = intent_end(sj->intent, last, out);
        sj->intent = NULL;
    }
    if (rc == 0 && sj->coverage && share) {
        coverage_feed_end(sj->coverage, share);
        sj->coverage = NULL;
    }
    scenario_judge_free(sj);
    return rc;
}
