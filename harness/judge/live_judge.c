/* Judging a live run host by host: see live_judge.h. */
#include "live_judge.h"
#include "../trace/event_json.h"
#include "scenario_judge.h"

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

/* A spool failure is remembered, not fatal: trace.jsonl alone is lost. */
static void spool_failed(live_judge *lj)
{
    if (!lj->spool_errno)
        lj->spool_errno = errno ? errno : ENOMEM;
}

/* Notes that the slot's lines go on at [off, off + len) of the spool. */
static int slot_add_block(live_slot *s, uint64_t off, uint64_t len)
{
    spool_block *last = s->nblocks ? &s->blocks[s->nblocks - 1] : NULL;
    if (last && last->off + last->len == off) {
        last->len += len;
        return 0;
    }
    if ((s->nblocks & (s->nblocks - 1)) == 0) {   /* 0, 1, 2, 4...: full */
        spool_block *grown = realloc(s->blocks, (s->nblocks ? 2 * s->nblocks : 1) * sizeof *grown);
        if (!grown)
            return -1;
        s->blocks = grown;
    }
    s->blocks[s->nblocks++] = (spool_block){ off, len };
    return 0;
}

/* Appends the slot's pending lines to the run's spool. */
static void slot_flush(live_judge *lj, live_slot *s)
{
    if (s->lines.len && lj->spool_fd >= 0 && !lj->spool_errno) {
        errno = 0;
        if (report_write_all(lj->spool_fd, s->lines.text, s->lines.len) != 0 ||
            slot_add_block(s, lj->spool_size, s->lines.len) != 0)
            spool_failed(lj);
        lj->spool_size += s->lines.len;
    }
    s->lines.len = 0;
}

/* The slot's lines will never be read: their disk space goes back now (a
 * file system that cannot punch holes keeps it until the run ends). */
static void slot_drop_lines(live_judge *lj, live_slot *s)
{
    for (size_t i = 0; i < s->nblocks && lj->spool_fd >= 0; i++)
        (void)fallocate(lj->spool_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)s->blocks[i].off,
                        (off_t)s->blocks[i].len);
    free(s->blocks);
    s->blocks = NULL;
    s->nblocks = 0;
}

/* What a running host's slot holds, dropped. */
static void slot_close(live_slot *s)
{
    scenario_judge_free(s->judge);
    s->judge = NULL;
    free(s->lines.text);
    memset(&s->lines, 0, sizeof s->lines);
}

static int slot_open(live_judge *lj, live_slot *s, const live_needs *needs)
{
    s->judge = scenario_judge_begin(lj->rs, needs->name, needs->counts_coverage ? lj->plan : NULL, lj->keep_story);
    return s->judge ? 0 : -1;
}

static int judge_event(live_judge *lj, live_slot *s, const event *ev, const live_needs *needs)
{
    const ndis_tables *tables = ruleset_tables(lj->rs);
    s->fed++;
    s->injected |= ev->kind == EV_OP && strcmp(ev->name, "fault_injected") == 0;
    (void)scenario_judge_feed(s->judge, ev);  /* a judge that failed says so at its end; the trace goes on */
    if (needs->sweep_points &&
        sweep_collect_event(ev, needs->scenario, tables, NULL, &s->points, &s->npoints) != 0)
        return -1;
    if (needs->within &&
        sweep_collect_event(ev, needs->scenario, tables, needs->within, &s->within_points, &s->nwithin_points) != 0)
        return -1;
    if (lj->spool_fd >= 0 && !lj->spool_errno) {
        if (event_json_append(&s->lines, ev) != 0)
            return -1;
        if (s->lines.len >= SPOOL_BLOCK)
            slot_flush(lj, s);
    }
    return 0;
}

void live_judge_feed(live_judge *lj, size_t slot, const event *ev, const live_needs *needs)
{
    live_slot *s = &lj->slots[slot];
    if ((!s->judge && slot_open(lj, s, needs) != 0) || judge_event(lj, s, ev, needs) != 0)
        lj->failed = 1;
}

/* len bytes of from at off, written at to's position (the spool's blocks
 * into trace.jsonl), without passing through memory when the kernel can
 * (copy_file_range), else in blocks. */
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

void live_judge_take(live_judge *lj, size_t slot, judged_trace *t, const live_needs *needs)
{
    live_slot *s = &lj->slots[slot];
    s->taken = 1;
    if (!s->judge && slot_open(lj, s, needs) != 0)
        lj->failed = 1;
    for (size_t i = 0; s->judge && i < t->events.count; i++) {
        t->events.items[i].index = s->fed;  /* after what was fed, the outcome's and memcheck's included */
        if (judge_event(lj, s, &t->events.items[i], needs) != 0)
            lj->failed = 1;
    }
    if (needs->injected_run && !s->injected) {  /* dropped: the plain run again */
        sweep_points_free(s->points, s->npoints);
        sweep_points_free(s->within_points, s->nwithin_points);
        s->points = s->within_points = NULL;
        s->npoints = s->nwithin_points = 0;
        slot_drop_lines(lj, s);
        slot_close(s);
        judged_trace_free(t);
        return;
    }
    s->result = calloc(1, sizeof *s->result);
    if (!s->result || !s->judge) {
        lj->failed = 1;
    } else {
        const event *last = t->events.count ? &t->events.items[t->events.count - 1] : NULL;
        s->judge_rc = scenario_judge_end(s->judge, t, last, s->result,
                                         needs->counts_coverage ? &s->coverage : NULL);
        s->judge = NULL;
        s->counted = needs->counts_coverage && s->judge_rc == 0;
    }
    slot_flush(lj, s);
    slot_close(s);
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
        for (size_t b = 0; b < s->nblocks; b++)
            if (copy_range(to->lj->spool_fd, s->blocks[b].off, s->blocks[b].len, fd) != 0)
                return -1;
    }
    return 0;
}

/* The spool holds the trace as it is: the slots' blocks, in trace order,
 * are the whole spool from its first byte. */
static int spool_is_trace(const trace_order *to)
{
    uint64_t at = 0;
    for (size_t i = 0; i < to->n; i++) {
        const live_slot *s = &to->lj->slots[to->order[i]];
        for (size_t b = 0; b < s->nblocks; b++) {
            if (s->blocks[b].off != at)
                return 0;
            at += s->blocks[b].len;
        }
    }
    return at == to->lj->spool_size;
}

int live_judge_write_trace(live_judge *lj, const size_t *order, size_t n, const char *path, char *err,
                           size_t errlen)
{
    if (lj->spool_fd < 0 || lj->spool_errno) {  /* trace.jsonl would have failed the same way */
        snprintf(err, errlen, "%s: write failed: %s", path, strerror(lj->spool_errno ? lj->spool_errno : EBADF));
        return -1;
    }
    trace_order to = { lj, order, n };
    if (spool_is_trace(&to)) {
        int adopted = report_atomic_adopt(path, lj->spool_fd, err, errlen);
        if (adopted <= 0)
            return adopted;
    }
    return report_atomic_write_with(path, fill_trace, &to, err, errlen);
}

void live_judge_free(live_judge *lj)
{
    for (size_t i = 0; i < lj->nslots; i++) {
        live_slot *s = &lj->slots[i];
        result_free(s->result);
        slot_close(s);
        free(s->blocks);
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
