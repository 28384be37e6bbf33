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

/* Every float32 reduction (the tape's sums and broadcast gradients, the fused task
 * kernel, a channel's loss) is cascaded: eight lanes (element i goes to lane i % 8) over
 * each block of SL_SUM_BLOCK elements, combined by sl__lanes_sum; then the block sums
 * pairwise, as a binary counter merges equal-sized partial sums. Up to one block the
 * result is the eight-lane sum itself (N = 64 is exactly as before); at N = 10^7 the
 * relative error is about 1e-7 instead of 5e-5 (docs/training.md). */
#define SL_SUM_BLOCK 64

typedef struct SlSum {
    float level[48];   /* level[k]: the sum of 2^k blocks, while bit k of blocks is set */
    unsigned long long blocks;
} SlSum;

static inline void sl__sum_init(SlSum *s) { s->blocks = 0; }

/* Adds one block's sum: equal-sized partial sums merge, earlier elements on the left. */
static inline void sl__sum_push(SlSum *s, float block)
{
    unsigned long long c = s->blocks;
    int k = 0;
    while (c & 1u) {
        block = s->level[k] + block;
        c >>= 1;
        k++;
    }
    s->level[k] = block;
    s->blocks++;
}

/* The total: the partial sums from the last (smallest) to the first; 0 for no blocks. */
static inline float sl__sum_total(const SlSum *s)
{
    float r = 0.0f;
    int have = 0;
    for (int k = 0; k < 48; k++)
        if (s->blocks >> k & 1u) {
            r = have ? s->level[k] + r : s->level[k];
            have = 1;
        }
    return r;
}

/* Pushes the eight lanes as one block's sum and clears them. */
static inline void sl__sum_flush(SlSum *s, float acc[8])
{
    sl__sum_push(s, sl__lanes_sum(acc));
    for (int l = 0; l < 8; l++) acc[l] = 0.0f;
}

/* The cascaded sum of v[0..n). */
static inline float sl__sum_array(const float *v, size_t n)
{
    SlSum s;
    sl__sum_init(&s);
    float acc[8] = {0};
    for (size_t i = 0; i < n; i++) {
        acc[i & 7u] += v[i];
        if ((i + 1) % SL_SUM_BLOCK == 0) sl__sum_flush(&s, acc);
    }
    if (n % SL_SUM_BLOCK != 0) sl__sum_flush(&s, acc);
    return sl__sum_total(&s);
}

static inline size_t sl__size(const SlNodeRec *n) { return (size_t)n->rows * (size_t)n->cols; }

#endif
