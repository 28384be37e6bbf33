/* app_graph_layout.c — layered left-to-right layout of a tape (see app_graph_layout.h).
 * Layers are longest paths from the leaves; within a layer nodes are ordered by where
 * their inputs sit (a barycentre pass), which keeps edges from crossing in small graphs. */
#include "app_graph_layout.h"

#include <stdlib.h>
#include <string.h>

#define MIN_BOX 8

int app_graph_from_tape(const SlTape *tape, AppGraphNode *nodes, int max)
{
    int count = tape ? sl_node_count(tape) : 0;
    if (count > max) return -1;
    for (int i = 0; i < count; i++) {
        SlNodeInfo info;
        AppGraphNode *n = &nodes[i];
        memset(n, 0, sizeof *n);
        if (sl_node_info(tape, i, &info) != SL_OK) continue;
        n->n_inputs = info.n_inputs;
        for (int j = 0; j < info.n_inputs && j < 3; j++) {
            n->inputs[j] = info.inputs[j];
            n->cut[j] = info.edge_cut[j];
        }
        n->value_nan = info.value_has_nan;
        n->grad_nan = info.grad_has_nan;
        n->reached = info.grad != NULL;
    }
    return count;
}

static int valid_input(const AppGraphNode *nodes, int i, int j)
{
    int in = nodes[i].inputs[j];
    return j < nodes[i].n_inputs && in >= 0 && in < i;
}

/* Sort key: barycentre of a node's inputs (or consumers, for a leaf) in [0, 1]. */
typedef struct Key {
    double key;
    int node;
} Key;

static int cmp_key(const void *a, const void *b)
{
    const Key *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->node - y->node;
}

static void assign_layers(AppGraphLayout *g, const AppGraphNode *nodes, int count)
{
    int max_layer = 0;
    for (int i = 0; i < count; i++) {
        int d = 0;
        for (int j = 0; j < 3; j++)
            if (valid_input(nodes, i, j) && g->layer[nodes[i].inputs[j]] + 1 > d) d = g->layer[nodes[i].inputs[j]] + 1;
        g->layer[i] = d;
    }
    /* A leaf moves right, next to the first op that uses it. */
    for (int i = 0; i < count; i++) {
        if (nodes[i].n_inputs > 0) continue;
        int first = -1;
        for (int k = i + 1; k < count; k++)
            for (int j = 0; j < 3; j++)
                if (valid_input(nodes, k, j) && nodes[k].inputs[j] == i && (first < 0 || g->layer[k] < first))
                    first = g->layer[k];
        if (first > 0) g->layer[i] = first - 1;
    }
    for (int i = 0; i < count; i++)
        if (g->layer[i] > max_layer) max_layer = g->layer[i];
    g->layers = count > 0 ? max_layer + 1 : 0;
}

static void order_layers(AppGraphLayout *g, const AppGraphNode *nodes, int count, int *per_layer)
{
    Key keys[APP_GRAPH_MAX];
    for (int d = 0; d < g->layers; d++) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (g->layer[i] != d) continue;
            double sum = 0.0;
            int k = 0;
            for (int j = 0; j < 3; j++) {
                if (!valid_input(nodes, i, j)) continue;
                int in = nodes[i].inputs[j];
                sum += ((double)g->rank[in] + 0.5) / (double)per_layer[g->layer[in]];
                k++;
            }
            if (k == 0) {
                /* A leaf: the consumers' order on the tape is the best guess. */
                for (int c = i + 1; c < count; c++)
                    for (int j = 0; j < 3; j++)
                        if (valid_input(nodes, c, j) && nodes[c].inputs[j] == i) {
                            sum += (double)c / (double)count + (double)j * 0.01;
                            k++;
                        }
            }
            keys[n].key = k ? sum / k : (double)i / (double)count;
            keys[n].node = i;
            n++;
        }
        qsort(keys, (size_t)n, sizeof keys[0], cmp_key);
        for (int r = 0; r < n; r++) g->rank[keys[r].node] = r;
    }
}

static void collect_edges(AppGraphLayout *g, const AppGraphNode *nodes, int count)
{
    g->edge_count = 0;
    for (int i = 0; i < count; i++)
        for (int j = 0; j < 3; j++) {
            if (!valid_input(nodes, i, j)) continue;
            int in = nodes[i].inputs[j];
            AppGraphEdge *e = &g->edges[g->edge_count++];
            e->from = in;
            e->to = i;
            e->slot = j;
            e->cut = nodes[i].cut[j] != 0;
            e->nan = nodes[in].value_nan || (!e->cut && nodes[i].reached && nodes[in].grad_nan);
        }
}

int app_graph_layout(AppGraphLayout *g, const AppGraphNode *nodes, int count, AppRect area, int node_w, int node_h,
                     int gap)
{
    memset(g, 0, sizeof *g);
    if (count < 1 || count > APP_GRAPH_MAX || node_w < 1 || node_h < 1 || gap < 0) return 0;
    assign_layers(g, nodes, count);
    int per_layer[APP_GRAPH_MAX] = {0}, tallest = 0;
    for (int i = 0; i < count; i++) per_layer[g->layer[i]]++;
    for (int d = 0; d < g->layers; d++)
        if (per_layer[d] > tallest) tallest = per_layer[d];
    order_layers(g, nodes, count, per_layer);

    int L = g->layers;
    int w = node_w, h = node_h;
    if (L * w + (L - 1) * gap > area.w) w = (area.w - (L - 1) * gap) / L;
    if (tallest * h + (tallest - 1) * gap > area.h) h = (area.h - (tallest - 1) * gap) / tallest;
    if (w < MIN_BOX || h < MIN_BOX) {
        memset(g, 0, sizeof *g);
        return 0;
    }
    g->count = count;
    g->node_w = w;
    g->node_h = h;
    /* Layers spread over the whole width; each layer centred vertically. */
    for (int i = 0; i < count; i++) {
        int d = g->layer[i], k = per_layer[d];
        int x = L > 1 ? area.x + (int)((long)(area.w - w) * d / (L - 1)) : area.x + (area.w - w) / 2;
        /* At least h + gap apart (the shrink above guarantees room), at most twice that. */
        int pitch = k > 1 ? (area.h - h) / (k - 1) : 0;
        if (pitch > 2 * (h + gap)) pitch = 2 * (h + gap);
        int span = (k - 1) * pitch + h;
        int y = area.y + (area.h - span) / 2 + g->rank[i] * pitch;
        g->box[i] = (AppRect){x, y, w, h};
    }
    collect_edges(g, nodes, count);
    return 1;
}

int app_graph_cut_count(const AppGraphLayout *g)
{
    int n = 0;
    for (int i = 0; i < g->edge_count; i++) n += g->edges[i].cut;
    return n;
}

int app_graph_nan_count(const AppGraphLayout *g)
{
    int n = 0;
    for (int i = 0; i < g->edge_count; i++) n += g->edges[i].nan;
    return n;
}
