/* The adapter's state diagram of one scenario, as inline SVG. */
#include "html_parts.h"
#include "report_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NODE_W 104
#define NODE_H 30
#define MAX_NODES 16

typedef struct {
    const char *name;
    int x, y;      /* centre */
    int visited;
} node;

/* NDIS's states where a reader expects them: the start on the left, the
 * Running loop in the middle, the ways out below. */
static const node layout[] = {
    { "Halted", 70, 110, 0 },     { "Initializing", 210, 40, 0 }, { "Paused", 350, 110, 0 },
    { "Restarting", 490, 40, 0 }, { "Running", 630, 110, 0 },     { "Pausing", 490, 180, 0 },
    { "Shutdown", 210, 180, 0 },
};
#define LAYOUT_COUNT (sizeof layout / sizeof layout[0])

static node *node_for(node *nodes, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(nodes[i].name, name) == 0)
            return &nodes[i];
    if (*n == MAX_NODES)
        return NULL;
    /* a state the layout does not know: a row along the bottom */
    size_t extra = *n - LAYOUT_COUNT;
    nodes[*n] = (node){ name, 70 + (int)extra * 140, 250, 0 };
    return &nodes[(*n)++];
}

typedef struct {
    const char *from, *to;
    unsigned count, failed;
} edge;

static void put_edge(FILE *out, const node *a, const node *b, const edge *e)
{
    double dx = b->x - a->x, dy = b->y - a->y, len = sqrt(dx * dx + dy * dy);
    if (len < 1)
        return;
    double ux = dx / len, uy = dy / len;
    /* Two directions between the same states run side by side: shift each
     * to its right. Ends stop at the boxes' edges. */
    double ox = -uy * 6, oy = ux * 6;
    double ta = fmin(fabs(ux) > 1e-9 ? (NODE_W / 2.0 + 2) / fabs(ux) : 1e9, fabs(uy) > 1e-9 ? (NODE_H / 2.0 + 2) / fabs(uy) : 1e9);
    double x1 = a->x + ux * ta + ox, y1 = a->y + uy * ta + oy;
    double x2 = b->x - ux * (ta + 4) + ox, y2 = b->y - uy * (ta + 4) + oy;
    fprintf(out, "<g class=\"edge%s\" data-from=\"", e->failed ? " failed" : "");
    html_put(out, e->from);
    fputs("\" data-to=\"", out);
    html_put(out, e->to);
    fprintf(out, "\" data-count=\"%u\"><title>", e->count);
    html_put(out, e->from);
    fputs(" -&gt; ", out);
    html_put(out, e->to);
    fprintf(out, ": %u time%s%s</title>", e->count, e->count == 1 ? "" : "s", e->failed ? " (failed)" : "");
    fprintf(out, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" marker-end=\"url(#arrow%s)\"/>", x1, y1, x2,
            y2, e->failed ? "-failed" : "");
    fprintf(out, "<text x=\"%.0f\" y=\"%.0f\">%u%s</text></g>\n", (x1 + x2) / 2 + ox * 1.6, (y1 + y2) / 2 + oy * 1.6 + 4,
            e->count, e->failed ? " failed" : "");
}

void html_put_state_diagram(FILE *out, const scenario_result *sc)
{
    const scenario_story *st = &sc->story;
    node nodes[MAX_NODES];
    size_t n = LAYOUT_COUNT;
    memcpy(nodes, layout, sizeof layout);
    edge *edges = calloc(st->nsteps + 1, sizeof *edges);
    size_t nedges = 0;
    if (!edges)
        return;
    for (size_t i = 0; i < st->nsteps; i++) {
        const state_step *s = &st->steps[i];
        node *a = node_for(nodes, &n, s->from), *b = node_for(nodes, &n, s->to);
        if (!a || !b)
            continue;
        a->visited = b->visited = 1;
        size_t k = 0;
        while (k < nedges && (strcmp(edges[k].from, s->from) || strcmp(edges[k].to, s->to)))
            k++;
        if (k == nedges)
            edges[nedges++] = (edge){ s->from, s->to, 0, 0 };
        edges[k].count++;
        edges[k].failed |= (unsigned)s->failed;
    }
    int height = n > LAYOUT_COUNT ? 280 : 215;
    fprintf(out, "<svg class=\"diagram\" viewBox=\"0 0 720 %d\" width=\"720\" height=\"%d\" role=\"img\" "
            "aria-label=\"adapter state diagram\">\n", height, height);
    fputs("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
          "orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#456\"/></marker>"
          "<marker id=\"arrow-failed\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" "
          "orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#b52020\"/></marker></defs>\n", out);
    for (size_t i = 0; i < nedges; i++)
        put_edge(out, node_for(nodes, &n, edges[i].from), node_for(nodes, &n, edges[i].to), &edges[i]);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, "<g class=\"state%s\" data-state=\"", nodes[i].visited ? " visited" : "");
        html_put(out, nodes[i].name);
        fprintf(out, "\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\"/><text x=\"%d\" y=\"%d\">",
                nodes[i].x - NODE_W / 2, nodes[i].y - NODE_H / 2, NODE_W, NODE_H, nodes[i].x, nodes[i].y + 5);
        html_put(out, nodes[i].name);
        fputs("</text></g>\n", out);
    }
    fputs("</svg>\n", out);
    if (st->nsteps == 0)
        fputs("<p class=\"muted\">No adapter state changed in this scenario.</p>\n", out);
    free(edges);
}
