/* The resource timeline of one scenario, as inline SVG: each resource the
 * miniport held, from its allocation to its release, on the scenario's
 * event axis. */
#include "html_parts.h"
#include "report_util.h"

#include <inttypes.h>
#include <stdlib.h>

#define LABEL_W 330
#define AXIS_W 420
#define ROW_H 18
#define MARGIN_R 150   /* room after a bar for "released out of order" */
/* Beyond this many rows the timeline keeps every leak and wrong-order
 * release and the earliest of the others, and says how many it left out. */
#define MAX_ROWS 60

static int flagged(const resource_span *s)
{
    return s->leaked || s->out_of_order;
}

/* Whether row i is drawn: every flagged one, and others while *room lasts. */
static int drawn(const resource_span *s, size_t *room)
{
    if (flagged(s))
        return 1;
    if (*room == 0)
        return 0;
    (*room)--;
    return 1;
}

static double x_of(uint64_t index, size_t events)
{
    return LABEL_W + (double)AXIS_W * (double)index / (double)(events ? events : 1);
}

static void put_row(FILE *out, const resource_span *s, size_t row, size_t events)
{
    const char *cls = s->leaked ? "span leak" : s->out_of_order ? "span wrong-order" : "span";
    uint64_t end = s->leaked ? events : s->free_index;
    double x1 = x_of(s->alloc_index, events), x2 = x_of(end, events);
    if (x2 - x1 < 3)
        x2 = x1 + 3;  /* a resource freed at once is still visible */
    int y = 22 + (int)row * ROW_H;
    fprintf(out, "<g class=\"%s\" data-kind=\"", cls);
    html_put(out, s->kind);
    fprintf(out, "\" data-alloc=\"%" PRIu64 "\" data-free=\"", s->alloc_index);
    if (s->leaked)
        fputs("leaked", out);
    else
        fprintf(out, "%" PRIu64, s->free_index);
    fputs("\"><title>", out);
    html_put(out, s->kind);
    fprintf(out, " 0x%" PRIx64 ": allocated by ", s->handle);
    html_put(out, s->alloc_ddi);
    fprintf(out, " at event #%" PRIu64, s->alloc_index);
    if (s->leaked) {
        fputs(", never released (leak)", out);
    } else {
        fputs(", released by ", out);
        html_put(out, s->free_ddi);
        fprintf(out, " at event #%" PRIu64 "%s", s->free_index, s->out_of_order ? " (out of order)" : "");
    }
    fprintf(out, "</title><text x=\"4\" y=\"%d\">", y + 12);
    html_put(out, s->kind);
    fputs(" · ", out);
    html_put(out, s->alloc_ddi);
    if (s->adapter >= 0)
        fprintf(out, " · adapter %d", s->adapter);
    fprintf(out, "</text><rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"3\"/>", x1, y + 2, x2 - x1,
            ROW_H - 5);
    if (flagged(s))
        fprintf(out, "<text class=\"flag\" x=\"%.1f\" y=\"%d\">%s</text>", x2 + 6, y + 12,
                s->leaked ? "leaked" : "released out of order");
    fputs("</g>\n", out);
}

void html_put_timeline(FILE *out, const scenario_result *sc)
{
    const scenario_story *st = &sc->story;
    if (st->nspans == 0) {
        fputs("<p class=\"muted\">The miniport held no resource the ledger tracks in this scenario.</p>\n", out);
        return;
    }
    size_t nflagged = 0;
    for (size_t i = 0; i < st->nspans; i++)
        nflagged += flagged(&st->spans[i]);
    size_t others_kept = nflagged >= MAX_ROWS ? 0 : MAX_ROWS - nflagged, rows = 0, left_out = 0;
    for (size_t i = 0; i < st->nspans; i++)
        if (drawn(&st->spans[i], &others_kept))
            rows++;
        else
            left_out++;
    /* the events axis along the top, the last event at the right */
    int height = 30 + (int)rows * ROW_H;
    fprintf(out, "<svg class=\"timeline\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
            "aria-label=\"resource timeline\">\n", LABEL_W + AXIS_W + MARGIN_R, height, LABEL_W + AXIS_W + MARGIN_R, height);
    fprintf(out, "<g class=\"axis\"><line x1=\"%d\" y1=\"16\" x2=\"%d\" y2=\"16\"/><text x=\"%d\" y=\"12\">event 0</text>"
            "<text x=\"%d\" y=\"12\" text-anchor=\"end\">event %zu</text></g>\n", LABEL_W, LABEL_W + AXIS_W, LABEL_W,
            LABEL_W + AXIS_W, sc->event_count);
    others_kept = nflagged >= MAX_ROWS ? 0 : MAX_ROWS - nflagged;
    size_t row = 0;
    for (size_t i = 0; i < st->nspans; i++)
        if (drawn(&st->spans[i], &others_kept))
            put_row(out, &st->spans[i], row++, sc->event_count);
    fputs("</svg>\n", out);
    if (left_out)
        fprintf(out, "<p class=\"muted\">%zu more resources, all released in order, are not drawn.</p>\n", left_out);
}
