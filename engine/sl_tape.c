/* sl_tape.c — tape lifetime, the per-step arena, the backward driver and accessors.
 * Nodes are stored in creation order, which is a topological order, so backward is
 * one reverse walk. The arena keeps its memory across resets (one block after the
 * first reset that needed several), so a training step allocates nothing. */
#include "sl_tape_internal.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SL_ARENA_FIRST_FLOATS 4096

SlTape *sl_tape_create(void)
{
    SlTape *tape = calloc(1, sizeof *tape);
    if (!tape) return NULL;
    tape->cap = 64;
    tape->nodes = malloc((size_t)tape->cap * sizeof *tape->nodes);
    if (!tape->nodes) {
        free(tape);
        return NULL;
    }
    return tape;
}

static void free_blocks(SlArenaBlock *b)
{
    while (b) {
        SlArenaBlock *next = b->next;
        free(b);
        b = next;
    }
}

void sl_tape_destroy(SlTape *tape)
{
    if (!tape) return;
    free_blocks(tape->blocks);
    free(tape->nodes);
    free(tape);
}

void sl_tape_reset(SlTape *tape)
{
    tape->count = 0;
    tape->status = SL_OK;
    tape->error[0] = '\0';
    if (!tape->blocks) return;
    if (tape->blocks->next) {
        /* coalesce into one block big enough for what the last step needed */
        size_t total = 0;
        for (SlArenaBlock *b = tape->blocks; b; b = b->next) total += b->cap;
        free_blocks(tape->blocks);
        tape->blocks = malloc(sizeof(SlArenaBlock) + total * sizeof(float));
        if (!tape->blocks) return; /* the next allocation will retry and report */
        tape->blocks->next = NULL;
        tape->blocks->cap = total;
    }
    tape->blocks->used = 0;
}

SlStatus sl_tape_status(const SlTape *tape) { return tape->status; }
const char *sl_tape_error(const SlTape *tape) { return tape->error; }

SlNode sl__fail(SlTape *tape, SlStatus status, const char *fmt, ...)
{
    if (tape->status == SL_OK) {
        tape->status = status;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(tape->error, sizeof tape->error, fmt, ap);
        va_end(ap);
    }
    return SL_NIL;
}

float *sl__alloc(SlTape *tape, size_t n)
{
    if (n == 0) n = 1;
    /* keep every buffer 8-float aligned so kernels vectorise */
    size_t want = (n + 7u) & ~(size_t)7u;
    SlArenaBlock *b = tape->blocks;
    if (!b || b->cap - b->used < want) {
        size_t cap = b ? b->cap * 2 : SL_ARENA_FIRST_FLOATS;
        if (cap < want) cap = want;
        SlArenaBlock *nb = malloc(sizeof(SlArenaBlock) + cap * sizeof(float) + 32);
        if (!nb) {
            sl__fail(tape, SL_ERR_NOMEM, "out of memory allocating %zu floats", n);
            return NULL;
        }
        nb->cap = cap;
        nb->used = 0;
        nb->next = b;
        tape->blocks = b = nb;
    }
    float *p = b->data + b->used;
    b->used += want;
    return p;
}

int sl__valid(SlTape *tape, SlNode node)
{
    if (tape->status != SL_OK) return 0;
    if (node < 0 || node >= tape->count) {
        sl__fail(tape, SL_ERR_ARG, "node %d is not on this tape", node);
        return 0;
    }
    return 1;
}

SlNode sl__push(SlTape *tape, SlOp op, int rows, int cols)
{
    if (tape->status != SL_OK) return SL_NIL;
    if (rows < 1 || cols < 0 || (long long)rows * cols > SL_MAX_ELEMENTS)
        return sl__fail(tape, SL_ERR_NOMEM, "a %d x %d tensor is larger than steplab allows (%d elements)",
                        rows, cols, SL_MAX_ELEMENTS);
    if (tape->count == tape->cap) {
        if (tape->cap >= SL_MAX_NODES)
            return sl__fail(tape, SL_ERR_NOMEM, "more than %d nodes on one tape", SL_MAX_NODES);
        int cap = tape->cap * 2;
        SlNodeRec *nodes = realloc(tape->nodes, (size_t)cap * sizeof *nodes);
        if (!nodes) return sl__fail(tape, SL_ERR_NOMEM, "out of memory growing the tape");
        tape->nodes = nodes;
        tape->cap = cap;
    }
    float *val = sl__alloc(tape, (size_t)rows * (size_t)cols);
    if (!val) return SL_NIL;
    SlNodeRec *n = &tape->nodes[tape->count];
    memset(n, 0, sizeof *n);
    n->op = op;
    n->rows = rows;
    n->cols = cols;
    n->val = val;
    n->in[0] = n->in[1] = n->in[2] = SL_NIL;
    return tape->count++;
}

float *sl__grad_buffer(SlTape *tape, SlNode node)
{
    SlNodeRec *n = &tape->nodes[node];
    if (!n->grad) {
        n->grad = sl__alloc(tape, sl__size(n));
        if (!n->grad) return NULL;
    }
    if (!n->reached) {
        memset(n->grad, 0, sl__size(n) * sizeof(float));
        n->reached = 1;
    }
    return n->grad;
}

void sl_tape_label(SlTape *tape, SlNode node, const char *label)
{
    if (node >= 0 && node < tape->count) tape->nodes[node].label = label;
}

SlStatus sl_tape_backward(SlTape *tape, SlNode loss)
{
    assert(tape);
    if (!sl__valid(tape, loss)) return tape->status;
    SlNodeRec *l = &tape->nodes[loss];
    if (sl__size(l) != 1) {
        sl__fail(tape, SL_ERR_SHAPE, "backward needs a 1 x 1 loss, got %d x %d", l->rows, l->cols);
        return tape->status;
    }
    for (int i = 0; i < tape->count; i++) tape->nodes[i].reached = 0;
    /* A loss no parameter reaches has no path: every parameter stays none. */
    if (!l->requires_grad) return SL_OK;
    float *g = sl__grad_buffer(tape, loss);
    if (!g) return tape->status;
    g[0] = 1.0f;
    for (int i = loss; i >= 0; i--) {
        SlNodeRec *n = &tape->nodes[i];
        if (!n->reached || !n->requires_grad || n->n_inputs == 0) continue;
        sl__backward(tape, n);
        if (tape->status != SL_OK) return tape->status;
    }
    return SL_OK;
}

SlStatus sl_tape_forward(SlTape *tape)
{
    if (tape->status != SL_OK) return tape->status;
    for (int i = 0; i < tape->count; i++) {
        SlNodeRec *n = &tape->nodes[i];
        n->reached = 0;
        if (n->n_inputs > 0) sl__forward(tape, n);
        if (tape->status != SL_OK) return tape->status;
    }
    return SL_OK;
}

int sl_node_count(const SlTape *tape) { return tape->count; }

static const SlNodeRec *get(const SlTape *tape, SlNode node)
{
    return (node >= 0 && node < tape->count) ? &tape->nodes[node] : NULL;
}

int sl_rows(const SlTape *tape, SlNode node) { const SlNodeRec *n = get(tape, node); return n ? n->rows : 0; }
int sl_cols(const SlTape *tape, SlNode node) { const SlNodeRec *n = get(tape, node); return n ? n->cols : 0; }
size_t sl_size(const SlTape *tape, SlNode node) { const SlNodeRec *n = get(tape, node); return n ? sl__size(n) : 0; }
const float *sl_value(const SlTape *tape, SlNode node) { const SlNodeRec *n = get(tape, node); return n ? n->val : NULL; }

float *sl_value_mut(SlTape *tape, SlNode node)
{
    return (node >= 0 && node < tape->count) ? tape->nodes[node].val : NULL;
}

const float *sl_grad(const SlTape *tape, SlNode node)
{
    const SlNodeRec *n = get(tape, node);
    return (n && n->reached) ? n->grad : NULL;
}

SlGradState sl_grad_state(const SlTape *tape, SlNode node)
{
    const SlNodeRec *n = get(tape, node);
    if (!n) return SL_GRAD_NONE;
    return sl_grad_state_of_array(n->reached, n->grad, sl__size(n));
}

static int any_nan(const float *p, size_t n)
{
    if (!p) return 0;
    for (size_t i = 0; i < n; i++)
        if (isnan(p[i])) return 1;
    return 0;
}

SlStatus sl_node_info(const SlTape *tape, SlNode node, SlNodeInfo *info)
{
    const SlNodeRec *n = get(tape, node);
    if (!n) return SL_ERR_ARG;
    memset(info, 0, sizeof *info);
    info->op = n->op;
    info->op_name = n->op == SL_OP_MASK ? sl_mask_name(n->mask) : sl_op_name(n->op);
    info->label = n->label;
    info->rows = n->rows;
    info->cols = n->cols;
    info->n_inputs = n->n_inputs;
    for (int j = 0; j < 3; j++) {
        info->inputs[j] = n->in[j];
        info->edge_cut[j] = j < n->n_inputs ? !sl__edge_differentiable(n, j) : 0;
    }
    info->requires_grad = n->requires_grad;
    info->value = n->val;
    info->grad = n->reached ? n->grad : NULL;
    info->value_has_nan = any_nan(n->val, sl__size(n));
    info->grad_has_nan = n->reached && any_nan(n->grad, sl__size(n));
    return SL_OK;
}
