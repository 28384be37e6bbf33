/* sl_tape_internal.h — the node record and arena shared by sl_tape.c (lifetimes,
 * backward driver) and sl_ops.c (op kernels). Not part of the public API. */
#ifndef SL_TAPE_INTERNAL_H
#define SL_TAPE_INTERNAL_H

#include "sl_tape.h"

typedef struct SlNodeRec {
    SlOp op;
    int rows, cols;
    int n_inputs;
    SlNode in[3];
    float *val;
    float *grad;        /* NULL until backward reaches the node */
    int reached;
    int requires_grad;
    float p0, p1;       /* clamp lo/hi; mask k/w */
    SlMaskKind mask;
    const char *label;
} SlNodeRec;

typedef struct SlArenaBlock {
    struct SlArenaBlock *next;
    size_t cap, used;   /* in floats */
    float data[];
} SlArenaBlock;

struct SlTape {
    SlNodeRec *nodes;
    int count, cap;
    SlArenaBlock *blocks;   /* newest first */
    SlStatus status;
    char error[256];
};

/* Records an error (the first one wins) and returns SL_NIL. */
SlNode sl__fail(SlTape *tape, SlStatus status, const char *fmt, ...);
/* Allocates n floats from the tape's arena (uninitialised); NULL sets SL_ERR_NOMEM. */
float *sl__alloc(SlTape *tape, size_t n);
/* Appends a node of the given shape with its value buffer; SL_NIL on error. */
SlNode sl__push(SlTape *tape, SlOp op, int rows, int cols);
/* Checks that node is a valid node on a healthy tape. */
int sl__valid(SlTape *tape, SlNode node);
/* Computes node's value from its inputs (the forward kernel). */
void sl__forward(SlTape *tape, SlNodeRec *node);
/* Accumulates node's gradient into its differentiable inputs (the backward kernel). */
void sl__backward(SlTape *tape, SlNodeRec *node);
/* Whether input j of an op gets gradient through it. */
int sl__edge_differentiable(const SlNodeRec *node, int j);
/* Returns the gradient buffer of node, allocating a zeroed one; NULL on NOMEM. */
float *sl__grad_buffer(SlTape *tape, SlNode node);

/* Combines eight lane accumulators in the fixed order every reduction uses. */
static inline float sl__lanes_sum(const float acc[8])
{
    return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

static inline size_t sl__size(const SlNodeRec *n) { return (size_t)n->rows * (size_t)n->cols; }

#endif
