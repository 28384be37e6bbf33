/* app_graph_layout.h — where the graph view puts a tape's nodes and edges. Plain C
 * (engine only, no SDL), so tests check the layout without a display. Nodes go in
 * layers left to right, inputs before the ops that use them; a leaf sits one layer left
 * of its first consumer. Invariants of a successful layout: every node has a box inside
 * the area, every input's box lies left of its consumer's, and no two boxes overlap. */
#ifndef APP_GRAPH_LAYOUT_H
#define APP_GRAPH_LAYOUT_H

#include "app_map.h"
#include "sl_tape.h"

#define APP_GRAPH_MAX 48  /* nodes the view draws; a larger tape is reported, not drawn */

/* What the layout needs of one node (filled from sl_node_info, or by a test). */
typedef struct AppGraphNode {
    int n_inputs;
    int inputs[3];
    int cut[3];          /* 1: input j gets no gradient through this node (non-differentiable) */
    int value_nan;       /* the node's value holds a NaN */
    int grad_nan;        /* the node's gradient holds a NaN */
    int reached;         /* backward reached the node (it has a gradient) */
} AppGraphNode;

typedef struct AppGraphEdge {
    int from, to, slot;  /* input node, consumer node, which input of the consumer */
    int cut;             /* drawn cut: no gradient flows back along it */
    int nan;             /* carries NaN: in the value passed forward or the gradient passed back */
} AppGraphEdge;

typedef struct AppGraphLayout {
    int count, layers;
    int layer[APP_GRAPH_MAX];
    int rank[APP_GRAPH_MAX];       /* position within its layer, top = 0 */
    AppRect box[APP_GRAPH_MAX];
    int node_w, node_h;            /* box size used (shrunk to fit the area when needed) */
    int edge_count;
    AppGraphEdge edges[APP_GRAPH_MAX * 3];
} AppGraphLayout;

/* Fills nodes[0..count) from the tape. Returns the node count, or -1 when the tape has
 * more than max nodes (nothing filled then). */
int app_graph_from_tape(const SlTape *tape, AppGraphNode *nodes, int max);

/* Lays out count nodes (inputs[] must refer to lower indices, as on a tape) in area with
 * boxes of at most node_w x node_h and at least gap pixels between them, shrinking boxes
 * to fit. Returns 1, or 0 when count is out of range or the area cannot hold the nodes
 * even with boxes of 8 x 8 pixels (g->count is 0 then). */
int app_graph_layout(AppGraphLayout *g, const AppGraphNode *nodes, int count, AppRect area, int node_w, int node_h,
                     int gap);

/* How many edges are cut, and how many carry NaN. */
int app_graph_cut_count(const AppGraphLayout *g);
int app_graph_nan_count(const AppGraphLayout *g);

#endif
