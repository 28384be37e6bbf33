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
#define APP_GRAPH_BENDS 8 /* layers an edge can be routed across (a longer one goes straight) */
#define APP_GRAPH_EDGE_SAMPLES 17 /* points of one curve between two columns */
#define APP_GRAPH_PATH_MAX ((APP_GRAPH_BENDS + 1) * APP_GRAPH_EDGE_SAMPLES)

/* What the layout needs of one node (filled from sl_node_info, or by a test). */
typedef struct AppGraphNode {
    int n_inputs;
    int inputs[3];
    int cut[3];          /* 1: input j gets no gradient through this node (non-differentiable) */
    int value_nan;       /* the node's value holds a NaN */
    int grad_nan;        /* the node's gradient holds a NaN */
    int reached;         /* backward reached the node (it has a gradient) */
    int requires_grad;   /* a parameter reaches the node through differentiable edges */
} AppGraphNode;

typedef struct AppGraphEdge {
    int from, to, slot;  /* input node, consumer node, which input of the consumer */
    int cut;             /* drawn cut: no gradient flows back along it */
    int breaks;          /* cut where a parameter's path breaks: the input requires grad (marked ✕) */
    int nan;             /* carries NaN: in the value passed forward or the gradient passed back */
    int slots;           /* the consumer's input count (where along its left side the edge ends) */
    int bends;           /* layers crossed between the two nodes, each at lane_y (0: adjacent) */
    int lane_y[APP_GRAPH_BENDS];
} AppGraphEdge;

typedef struct AppGraphLayout {
    int count, layers;
    AppRect area;
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

/* The drawn path of edge e, from its input's right side to inset pixels left of its
 * consumer (room for the arrowhead): a curve through each gap between columns, straight
 * across each column it crosses, at a height where that column has no box. Writes up to
 * max points (x, y pairs) into xy and returns how many; *mark is the point where a cut or
 * NaN mark goes: mid-gap just before the consumer, so it is plain which input is meant. */
int app_graph_edge_path(const AppGraphLayout *g, int e, float inset, float *xy, int max, int *mark);

/* 1 when the node is a constant to autograd: not a parameter, and no parameter reaches it
 * through differentiable edges (PyTorch: requires_grad False, no grad_fn). The graph view
 * draws these receding, as "constant" or "no path to t", apart from a parameter's "none". */
int app_graph_node_constant(const SlNodeInfo *in);
/* 1 when the tape's output (its last node) is such a constant although the tape has a
 * parameter: every path from the parameter to the output is cut. */
int app_graph_output_cut_off(const SlTape *tape);

/* What the graph view reads of a tape, read once per version of it: sl_node_info scans
 * every element for NaN and the gradient state every gradient, which at N = 10^7 must
 * not happen several times a node on every frame. */
typedef struct AppGraphFacts {
    const SlTape *tape;             /* the tape read (not owned) */
    unsigned version;               /* its version when read */
    int count;                      /* nodes, or -1: more than APP_GRAPH_MAX */
    int output_cut_off;             /* app_graph_output_cut_off of the tape */
    SlNodeInfo info[APP_GRAPH_MAX];
    SlGradState grad_state[APP_GRAPH_MAX];
    AppGraphNode nodes[APP_GRAPH_MAX];
} AppGraphFacts;

/* Reads tape into f unless f already holds this tape at this version (a caller whose
 * tape may have changed under the same version passes a new version each time). */
void app_graph_facts_update(AppGraphFacts *f, const SlTape *tape, unsigned version);

/* How many edges break a parameter's path (cut, from a node that requires grad), and how
 * many carry NaN. A cut edge out of a constant changes nothing and is not counted. */
int app_graph_cut_count(const AppGraphLayout *g);
int app_graph_nan_count(const AppGraphLayout *g);

#endif
