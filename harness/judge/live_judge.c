/* Judging a live run host by host: see live_judge.h. */
#include "live_judge.h"
#include "../trace/event_json.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A trace's lines go to the spool in blocks of about this size. */
#define SPOOL_BLOCK (1u << 20)

static void result_free(scenario_result *sr)
{
    if (!sr)
        return;
    run_result one = { .scenarios = sr, .nscenarios = 1 };
    run_result_free(&one);  /* frees sr too */
}

/* Unnamed from the start (O_TMPFILE, or a name removed at once): a run
 * that fails or is killed leaves nothing behind. */
static int spool_open(const char *dir)
{
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
    char path[4096];
    if (snprintf(path, sizeof path, "%s/.trace.jsonl.spool.XXXXXX", dir) >= (int)sizeof path)
        return -1;
    fd = mkostemp(path, O_CLOEXEC);
    if (fd >= 0)
        unlink(path);
    return fd;
}

int live_judge_init(live_judge *lj, const ruleset *rs, const coverage_plan *plan, int keep_story,
                    const char *spool_dir, char *err, size_t errlen)
{
    memset(lj, 0, sizeof *lj);
    lj->rs = rs;
    lj->plan = plan;
    lj->keep_story = keep_story;
    lj->spool_fd = -1;
    if (spool_dir && (lj->spool_fd = spool_open(spool_dir)) < 0) {
        snprintf(err, errlen, "%s: cannot create the trace's spool: %s", spool_dir, strerror(errno));
        live_judge_free(lj);
        return -1;
    }
    return 0;
}

int live_judge_add_slots(live_judge *lj, size_t n, size_t *first)
{
    live_slot *grown = realloc(lj->slots, (lj->nslots + n + 1) * sizeof *grown);
    if (!grown)
        return -1;
    memset(grown + lj->nslots, 0, (n + 1) * sizeof *grown);
    lj->slots = grown;
    *first = lj->nslots;
    lj->nslots += n;
    return 0;
}

/* The trace's JSON lines, appended to the spool in blocks. */
static int spool_trace(live_judge *lj, live_slot *s, const event_list *events)
{
    s->spool_off = lj->spool_size;
    json_text out = { 0 };
    int rc = 0;
    errno = 0;
    for (size_t i = 0; rc == 0 && i < events->count; i++) {
        rc = event_json_append(&out, &events->items[i]);
        if (rc == 0 && (out.len >= SPOOL_BLOCK || i + 1 == events->count)) {
            rc = report_write_all(lj->spool_fd, out.text, out.len);
            lj->spool_size += out.len;
            s->spool_len += out.len;
            out.len = 0;
        }
    }
    free(out.text);
    return rc;
}

/* What the run needs from it besides its judgement. */
static int extract(live_judge *lj, live_slot *s, const judged_trace *t, const live_needs *needs)
{
    const ndis_tables *tables = ruleset_tables(lj->rs);
    if (needs->sweep_points &&
        sweep_collect(&t->events, needs->scenario, tables, NULL, &s->points, &s->npoints) != 0)
        return -1;
    if (needs->within &&
        sweep_collect(&t->events, needs->scenario, tables, needs->within, &s->within_points,
                      &s->nwithin_points) != 0)
        return -1;
    if (needs->counts_coverage) {
        if (coverage_share_count(lj->plan, &t->events, &s->coverage) != 0)
            return -1;
        s->counted = 1;
    }
    return 0;
}

void live_judge_take(live_judge *lj, size_t slot, judged_trace *t, const live_needs *needs)
{
    live_slot *s = &lj->slots[slot];
    s->taken = 1;
    s->injected = event_list_has(&t->events, EV_OP, "fault_injected");
    if (needs->injected_run && !s->injected) {
        judged_trace_free(t);  /* dropped: the plain run again */
        return;
    }
    if (extract(lj, s, t, needs) != 0)
        lj->failed = 1;
    s->result = calloc(1, sizeof *s->result);
    if (!s->result) {
        lj->failed = 1;
    } else {
        s->judge_rc = judge_scenario(lj->rs, t, s->result);
        if (!lj->keep_story)  /* the bulk of what a judged scenario keeps */
            scenario_story_free(&s->result->story);
    }
    if (lj->spool_fd >= 0 && !lj->spool_errno && spool_trace(lj, s, &t->events) != 0)
        lj->spool_errno = errno ? errno : ENOMEM;
    judged_trace_free(t);
}

int live_judge_conclude(live_judge *lj, const size_t *order, size_t n, size_t sweep_from, run_result *r)
{
    r->scenarios = calloc(n ? n : 1, sizeof *r->scenarios);
    const coverage_share **shares = calloc(n ? n : 1, sizeof *shares);
    if (!r->scenarios || !shares) {
        free(shares);
        return -1;
    }
    int rc = lj->failed ? -1 : 0;
    size_t nshares = 0;
    for (size_t i = 0; i < n; i++) {
        live_slot *s = &lj->slots[order[i]];
        if (!s->result) {
            rc = rc ? rc : -1;
            continue;
        }
        r->scenarios[r->nscenarios++] = *s->result;
        free(s->result);
        s->result = NULL;
        if (rc == 0 && s->judge_rc != 0)
            rc = s->judge_rc;  /* the first in trace order, as judge_traces answers */
        if (i < sweep_from && s->counted)
            shares[nshares++] = &s->coverage;
    }
    coverage_item *items = NULL;
    size_t nitems = 0;
    if (rc == 0 && coverage_share_sum(lj->plan, shares, nshares, &items, &nitems) != 0)
        rc = -1;
    free(shares);
    if (rc == 0)
        return judge_conclude(r, sweep_from, items, nitems);
    for (size_t i = 0; i < nitems; i++) {
        free(items[i].name);
        free(items[i].group);
    }
    free(items);
    return rc;
}

/* One slot's lines, copied from the spool without passing through memory
 * when the kernel can (copy_file_range), else in blocks. */
static int copy_range(int from, uint64_t off, uint64_t len, int to)
{
    while (len > 0) {
        loff_t in = (loff_t)off;
        ssize_t n = copy_file_range(from, &in, to, NULL, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        off += (uint64_t)n;
        len -= (uint64_t)n;
    }
    char buf[65536];
    while (len > 0) {
        ssize_t n = pread(from, buf, len < sizeof buf ? len : sizeof buf, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO;  /* the spool is shorter than what was written to it */
            return -1;
        }
        if (report_write_all(to, buf, (size_t)n) != 0)
            return -1;
        off += (uint64_t)n;
        len -= (uint64_t)n;
    }
    return 0;
}

typedef struct {
    const live_judge *lj;
    const size_t *order;
    size_t n;
} trace_order;

static int fill_trace(int fd, void *ctx)
{
    const trace_order *to = ctx;
    for (size_t i = 0; i < to->n; i++) {
        const live_slot *s = &to->lj->slots[to->order[i]];
        if (copy_range(to->lj->spool_fd, s->spool_off, s->spool_len, fd) != 0)
            return -1;
    }
    return 0;
}

int live_judge_write_trace(live_judge *lj, const size_t *order, size_t n, const char *path, char *err,
                           size_t errlen)
{
    if (lj->spool_fd < 0 || lj->spool_errno) {  /* trace.jsonl would have failed the same way */
        snprintf(err, errlen, "%s: write failed: %s", path, strerror(lj->spool_errno ? lj->spool_errno : EBADF));
        return -1;
    }
    trace_order to = { lj, order, n };
    return report_atomic_write_with(path, fill_trace, &to, err, errlen);
}

void live_judge_free(live_judge *lj)
{
    for (size_t i = 0; i < lj->nslots; i++) {
        live_slot *s = &lj->slots[i];
        result_free(s->result);
        coverage_share_free(&s->coverage);
        sweep_points_free(s->points, s->npoints);
        sweep_points_free(s->within_points, s->nwithin_points);
    }
    free(lj->slots);
    if (lj->spool_fd >= 0)
        close(lj->spool_fd);
    memset(lj, 0, sizeof *lj);
    lj->spool_fd = -1;
}
