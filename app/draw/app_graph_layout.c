/* app_graph_layout.c — layered left-to-right layout of a tape (see app_graph_layout.h).
 * Layers are longest paths from the leaves; within a layer nodes are ordered by where
 * their inputs sit (a barycentre pass), which keeps edges from crossing in small graphs;
 * an edge that skips layers is routed through free heights of the layers it crosses. */
#include "app_graph_layout.h"

#include <stdlib.h>
#include <string.h>

#define MIN_BOX 8

static void node_from_info(const SlNodeInfo *info, AppGraphNode *n)
{
    n->n_inputs = info->n_inputs;
    for (int j = 0; j < info->n_inputs && j < 3; j++) {
        n->inputs[j] = info->inputs[j];
        n->cut[j] = info->edge_cut[j];
    }
    n->value_nan = info->value_has_nan;
    n->grad_nan = info->grad_has_nan;
    n->reached = info->grad != NULL;
    n->requires_grad = info->requires_grad || info->op == SL_OP_PARAM;
}

int app_graph_from_tape(const SlTape *tape, AppGraphNode *nodes, int max)
{
    int count = tape ? sl_node_count(tape) : 0;
    if (count > max) return -1;
    for (int i = 0; i < count; i++) {
        SlNodeInfo info;
        memset(&nodes[i], 0, sizeof nodes[i]);
        if (sl_node_info(tape, i, &info) == SL_OK) node_from_info(&info, &nodes[i]);
    }
    return count;
}

void app_graph_facts_update(AppGraphFacts *f, const SlTape *tape, unsigned version)
{
    if (f->tape == tape && f->version == version && tape) return;
    f->tape = tape;
    f->version = version;
    int count = tape ? sl_node_count(tape) : 0;
    f->count = count > APP_GRAPH_MAX ? -1 : count;
    f->output_cut_off = 0;
    int params = 0;
    for (int i = 0; i < f->count; i++) {
        SlNodeInfo *in = &f->info[i];
        memset(&f->nodes[i], 0, sizeof f->nodes[i]);
        if (sl_node_info(tape, i, in) != SL_OK) {
            memset(in, 0, sizeof *in);
            in->op_name = "?";
            in->n_inputs = 0;
        } else {
            node_from_info(in, &f->nodes[i]);
        }
        params += in->op == SL_OP_PARAM;
        int n = in->rows * in->cols;
        f->grad_state[i] = sl_grad_state_of_array(in->grad != NULL, in->grad, (size_t)(n > 0 ? n : 0));
    }
    /* As app_graph_output_cut_off reads it. */
    f->output_cut_off = f->count > 0 && params > 0 && app_graph_node_constant(&f->info[f->count - 1]);
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
            e->slots = nodes[i].n_inputs;
            e->breaks = e->cut && nodes[in].requires_grad;
            e->nan = nodes[in].value_nan || (!e->cut && nodes[i].reached && nodes[in].grad_nan);
        }
}

static int col_x(const AppGraphLayout *g, int d)
{
    int L = g->layers;
    return L > 1 ? g->area.x + (int)((long)(g->area.w - g->node_w) * d / (L - 1)) : g->area.x + (g->area.w - g->node_w) / 2;
}

static float edge_start_y(const AppGraphLayout *g, const AppGraphEdge *e)
{
    AppRect a = g->box[e->from];
    return (float)a.y + (float)a.h * 0.5f;
}

static float edge_end_y(const AppGraphLayout *g, const AppGraphEdge *e)
{
    AppRect b = g->box[e->to];
    return (float)b.y + (float)b.h * (float)(e->slot + 1) / (float)(e->slots + 1);
}

/* A cubic from (x0, y0) to (x1, y1) leaving and arriving horizontally. */
static void bezier(float x0, float y0, float x1, float y1, float *xy)
{
    float dx = (x1 - x0) * 0.5f;
    for (int i = 0; i < APP_GRAPH_EDGE_SAMPLES; i++) {
        float u = (float)i / (float)(APP_GRAPH_EDGE_SAMPLES - 1), v = 1.0f - u;
        float b0 = v * v * v, b1 = 3.0f * v * v * u, b2 = 3.0f * v * u * u, b3 = u * u * u;
        xy[2 * i] = b0 * x0 + b1 * (x0 + dx) + b2 * (x1 - dx) + b3 * x1;
        xy[2 * i + 1] = b0 * y0 + b1 * y0 + b2 * y1 + b3 * y1;
    }
}

/* The height nearest want at which an edge crosses layer d without touching a box
 * (margin pixels clear of each); want itself when the layer has no free height. */
static int free_lane(const AppGraphLayout *g, int d, int want, int margin)
{
    int best = want, best_dist = -1, lo = g->area.y, end = g->area.y + g->area.h;
    for (int r = 0;; r++) {
        int box = -1;  /* the layer's box of rank r (ranks go top to bottom) */
        for (int i = 0; i < g->count && box < 0; i++)
            if (g->layer[i] == d && g->rank[i] == r) box = i;
        int hi = box >= 0 ? g->box[box].y - margin : end;
        if (hi >= lo) {
            int y = want < lo ? lo : want > hi ? hi : want;
            int dist = y > want ? y - want : want - y;
            if (best_dist < 0 || dist < best_dist) best = y, best_dist = dist;
        }
        if (box < 0) break;
        lo = g->box[box].y + g->box[box].h + margin;
    }
    return best;
}

/* Edges that skip layers get a lane through each layer they cross, so they never run
 * under a node they do not touch (which would read as that node's edge). */
static void route_edges(AppGraphLayout *g, int gap)
{
    int margin = gap / 3 > 2 ? gap / 3 : 2;
    for (int e = 0; e < g->edge_count; e++) {
        AppGraphEdge *ed = &g->edges[e];
        int da = g->layer[ed->from], db = g->layer[ed->to];
        ed->bends = 0;
        if (db - da - 1 < 1 || db - da - 1 > APP_GRAPH_BENDS) continue;
        float y0 = edge_start_y(g, ed), y1 = edge_end_y(g, ed);
        int prev = (int)y0;
        for (int d = da + 1; d < db; d++) {
            /* Aim along the straight line, but stay near the previous lane. */
            float u = (float)(d - da) / (float)(db - da);
            int want = (int)((1.0f - u) * y0 + u * y1);
            want = (want + prev) / 2;
            prev = ed->lane_y[ed->bends++] = free_lane(g, d, want, margin);
        }
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
    g->area = area;
    /* Layers spread over the whole width; each layer centred vertically. */
    for (int i = 0; i < count; i++) {
        int d = g->layer[i], k = per_layer[d];
        int x = col_x(g, d);
        /* At least h + gap apart (the shrink above guarantees room), at most twice that. */
        int pitch = k > 1 ? (area.h - h) / (k - 1) : 0;
        if (pitch > 2 * (h + gap)) pitch = 2 * (h + gap);
        int span = (k - 1) * pitch + h;
        int y = area.y + (area.h - span) / 2 + g->rank[i] * pitch;
        g->box[i] = (AppRect){x, y, w, h};
    }
    collect_edges(g, nodes, count);
    route_edges(g, gap);
    return 1;
}

int app_graph_edge_path(const AppGraphLayout *g, int e, float inset, float *xy, int max, int *mark)
{
    if (mark) *mark = 0;
    if (!g || e < 0 || e >= g->edge_count || !xy || max < APP_GRAPH_EDGE_SAMPLES) return 0;
    const AppGraphEdge *ed = &g->edges[e];
    AppRect a = g->box[ed->from], b = g->box[ed->to];
    float x = (float)(a.x + a.w), y = edge_start_y(g, ed);
    int n = 0, da = g->layer[ed->from];
    for (int k = 0; k <= ed->bends; k++) {
        float x1, y1;
        if (k < ed->bends) {
            x1 = (float)col_x(g, da + k + 1);
            y1 = (float)ed->lane_y[k];
        } else {
            x1 = (float)b.x - inset;
            y1 = edge_end_y(g, ed);
        }
        if (n + APP_GRAPH_EDGE_SAMPLES > max) break;
        if (mark) *mark = n + APP_GRAPH_EDGE_SAMPLES / 2;
        bezier(x, y, x1, y1, xy + 2 * n);
        n += APP_GRAPH_EDGE_SAMPLES;
        /* Straight across the column; the next curve starts at its right side. */
        x = x1 + (float)g->node_w;
        y = y1;
    }
    return n;
}

int app_graph_cut_count(const AppGraphLayout *g)
{
    int n = 0;
    for (int i = 0; i < g->edge_count; i++) n += g->edges[i].breaks;
    return n;
}

int app_graph_nan_count(const AppGraphLayout *g)
{
    int n = 0;
    for (int i = 0; i < g->edge_count; i++) n += g->edges[i].nan;
    return n;
}

int app_graph_node_constant(const SlNodeInfo *in)
{
    return in && !in->grad && !in->requires_grad && in->op != SL_OP_PARAM;
}

int app_graph_output_cut_off(const SlTape *tape)
{
    int n = tape ? sl_node_count(tape) : 0, params = 0;
    SlNodeInfo in;
    for (int i = 0; i < n; i++) params += sl_node_info(tape, i, &in) == SL_OK && in.op == SL_OP_PARAM;
    return params > 0 && sl_node_info(tape, n - 1, &in) == SL_OK && app_graph_node_constant(&in);
}
