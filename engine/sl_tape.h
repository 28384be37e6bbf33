/* sl_tape.h — reverse-mode autodiff over float32 2-D tensors (a tape).
 * Ops run eagerly as they are recorded (forward), into memory owned by the tape;
 * sl_tape_backward walks the nodes in reverse and accumulates gradients with +=.
 * A node that no differentiable edge reaches has no gradient (state none), which is
 * how steplab tells "no path" (a hard mask) from "a path whose value is 0".
 * Broadcasting: a dimension of 1 stretches to match (1 x cols, rows x 1, scalars).
 * Errors are sticky: after a failed op every later op returns SL_NIL and the tape
 * keeps the first message (sl_tape_error). */
#ifndef SL_TAPE_H
#define SL_TAPE_H

#include <stddef.h>
#include "sl_grad.h"
#include "sl_mask.h"
#include "sl_status.h"

typedef int SlNode;  /* index of a node on its tape */
#define SL_NIL (-1)  /* what an op returns once the tape has an error */

#define SL_MAX_NODES 4096        /* nodes on one tape */
#define SL_MAX_ELEMENTS 50000000 /* elements in one tensor: larger is an error, not a crash */

typedef enum SlOp {
    SL_OP_CONST = 0, SL_OP_PARAM,
    SL_OP_ADD, SL_OP_SUB, SL_OP_MUL, SL_OP_DIV,
    SL_OP_NEG, SL_OP_EXP, SL_OP_LOG, SL_OP_SQUARE, SL_OP_SIGMOID,
    SL_OP_CLAMP,
    SL_OP_LT, SL_OP_GT,          /* compare: 1.0 / 0.0, not differentiable */
    SL_OP_WHERE,                 /* where(cond, a, b): no path through cond */
    SL_OP_SUM, SL_OP_MEAN, SL_OP_NANSUM, SL_OP_NANMEAN,
    SL_OP_MASKED_SELECT,         /* elements of a where mask != 0, as 1 x K */
    SL_OP_MASK,                  /* a mask family over d = t - i (sl_mask.h) */
    SL_OP_COUNT
} SlOp;

typedef struct SlTape SlTape;

/* Describes one node for drawing and auditing; pointers stay valid until the next
 * reset/destroy. edge_cut[j] is 1 when input j gets no gradient through this op. */
typedef struct SlNodeInfo {
    SlOp op;
    const char *op_name;  /* "add", "mask:logistic", ... */
    const char *label;    /* set by sl_tape_label, or NULL */
    int rows, cols;
    int n_inputs;
    SlNode inputs[3];
    int edge_cut[3];
    int requires_grad;    /* some parameter reaches this node through differentiable edges */
    const float *value;
    const float *grad;    /* NULL when backward did not reach the node */
    int value_has_nan, grad_has_nan;
} SlNodeInfo;

/* Creates an empty tape; returns NULL when out of memory. Free with sl_tape_destroy. */
SlTape *sl_tape_create(void);
/* Frees the tape and every tensor it owns. NULL is allowed. */
void sl_tape_destroy(SlTape *tape);
/* Forgets every node and clears the error, keeping memory for reuse (per-step arena). */
void sl_tape_reset(SlTape *tape);

/* SL_OK, or the first error since the last reset; the message names what was wrong. */
SlStatus sl_tape_status(const SlTape *tape);
const char *sl_tape_error(const SlTape *tape);

/* Leaves. Data is copied; data == NULL fills zeros. A param requires grad. */
SlNode sl_const(SlTape *tape, int rows, int cols, const float *data);
SlNode sl_scalar(SlTape *tape, float value);
SlNode sl_param(SlTape *tape, int rows, int cols, const float *data);
/* 1 x n constant holding 0, 1, ..., n-1 (positions). */
SlNode sl_arange(SlTape *tape, int n);
/* Names a node for the graph view and error messages; the string must outlive the tape's nodes. */
void sl_tape_label(SlTape *tape, SlNode node, const char *label);

/* Element-wise ops with broadcasting. */
SlNode sl_add(SlTape *tape, SlNode a, SlNode b);
SlNode sl_sub(SlTape *tape, SlNode a, SlNode b);
SlNode sl_mul(SlTape *tape, SlNode a, SlNode b);
SlNode sl_div(SlTape *tape, SlNode a, SlNode b);
SlNode sl_neg(SlTape *tape, SlNode a);
SlNode sl_exp(SlTape *tape, SlNode a);
SlNode sl_log(SlTape *tape, SlNode a);
SlNode sl_square(SlTape *tape, SlNode a);
SlNode sl_sigmoid(SlTape *tape, SlNode a);
/* clamp to [lo, hi]; the gradient passes where lo <= x <= hi, as torch.clamp. */
SlNode sl_clamp(SlTape *tape, SlNode a, float lo, float hi);
SlNode sl_lt(SlTape *tape, SlNode a, SlNode b);
SlNode sl_gt(SlTape *tape, SlNode a, SlNode b);
SlNode sl_where(SlTape *tape, SlNode cond, SlNode a, SlNode b);

/* Reductions to a 1 x 1 scalar. nansum/nanmean skip NaN elements: their backward
 * sends 0 to a NaN element (as PyTorch), yet the chain rule upstream may still turn
 * that 0 into NaN (0 * NaN), which lesson 6 shows. */
SlNode sl_sum(SlTape *tape, SlNode a);
SlNode sl_mean(SlTape *tape, SlNode a);
SlNode sl_nansum(SlTape *tape, SlNode a);
SlNode sl_nanmean(SlTape *tape, SlNode a);
/* The elements of a whose mask element is non-zero, in row-major order, as 1 x K.
 * Unselected elements get no gradient contribution (grad 0 in a reached tensor). */
SlNode sl_masked_select(SlTape *tape, SlNode a, SlNode mask);

/* A mask family applied element-wise to d (= t - i). k is the logistic/ste
 * steepness, w the smoothstep/hardsigmoid width; both must be finite and > 0. */
SlNode sl_mask_op(SlTape *tape, SlMaskKind kind, SlNode d, float k, float w);

/* Runs backward from a 1 x 1 loss: seeds dL/dL = 1 and accumulates into every
 * reached node. Returns SL_OK even if no parameter is reached (their state is none). */
SlStatus sl_tape_backward(SlTape *tape, SlNode loss);
/* Recomputes every node's value from its leaves (after a leaf value was changed in
 * place through sl_value_mut); clears gradients. Used by the finite-difference checker. */
SlStatus sl_tape_forward(SlTape *tape);

int sl_node_count(const SlTape *tape);
int sl_rows(const SlTape *tape, SlNode node);
int sl_cols(const SlTape *tape, SlNode node);
size_t sl_size(const SlTape *tape, SlNode node);
const float *sl_value(const SlTape *tape, SlNode node);
float *sl_value_mut(SlTape *tape, SlNode node);
/* The gradient of the last backward, or NULL when no path reached the node. */
const float *sl_grad(const SlTape *tape, SlNode node);
/* none / zero / nan / value for the whole node (sl_grad_state_of_array). */
SlGradState sl_grad_state(const SlTape *tape, SlNode node);
/* Fills *info for node; returns SL_ERR_ARG for a node not on the tape. */
SlStatus sl_node_info(const SlTape *tape, SlNode node, SlNodeInfo *info);
/* The short name of an op ("add", "where", ...). */
const char *sl_op_name(SlOp op);

#endif
