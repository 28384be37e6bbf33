/* sl_ops.c — every op of the tape: its constructor, forward kernel and backward
 * kernel. Backward always accumulates (+=). Edges into compare ops, the condition of
 * where, the mask of masked_select and the hard mask are cut: no gradient crosses. */
#include "sl_tape_internal.h"

#include <math.h>
#include <string.h>

static const char *const op_names[SL_OP_COUNT] = {
    "const", "param", "add", "sub", "mul", "div", "neg", "exp", "log", "square",
    "sigmoid", "clamp", "lt", "gt", "where", "sum", "mean", "nansum", "nanmean",
    "masked_select", "mask",
};

const char *sl_op_name(SlOp op) { return (unsigned)op < SL_OP_COUNT ? op_names[op] : "?"; }

/* ---- shapes and indexing ------------------------------------------------------- */

static int bcast_dim(int a, int b) { return a == b ? a : (a == 1 ? b : (b == 1 ? a : -1)); }

/* Flat index into x for output element (r, c) under broadcasting. */
static inline size_t bidx(const SlNodeRec *x, int r, int c)
{
    return (size_t)(x->rows == 1 ? 0 : r) * (size_t)x->cols + (size_t)(x->cols == 1 ? 0 : c);
}

int sl__edge_differentiable(const SlNodeRec *n, int j)
{
    switch (n->op) {
    case SL_OP_LT: case SL_OP_GT: return 0;
    case SL_OP_WHERE: return j != 0;
    case SL_OP_MASKED_SELECT: return j == 0;
    case SL_OP_MASK: return n->mask != SL_MASK_HARD;
    default: return j < n->n_inputs;
    }
}

static SlNode finish(SlTape *tape, SlNode id)
{
    SlNodeRec *n = &tape->nodes[id];
    for (int j = 0; j < n->n_inputs; j++)
        if (sl__edge_differentiable(n, j) && tape->nodes[n->in[j]].requires_grad) n->requires_grad = 1;
    sl__forward(tape, n);
    return tape->status == SL_OK ? id : SL_NIL;
}

/* ---- leaves ------------------------------------------------------------------ */

static SlNode leaf(SlTape *tape, SlOp op, int rows, int cols, const float *data)
{
    if (tape->status != SL_OK) return SL_NIL;
    SlNode id = sl__push(tape, op, rows, cols);
    if (id == SL_NIL) return SL_NIL;
    SlNodeRec *n = &tape->nodes[id];
    if (data) memcpy(n->val, data, sl__size(n) * sizeof(float));
    else memset(n->val, 0, sl__size(n) * sizeof(float));
    n->requires_grad = op == SL_OP_PARAM;
    return id;
}

SlNode sl_const(SlTape *tape, int rows, int cols, const float *data) { return leaf(tape, SL_OP_CONST, rows, cols, data); }
SlNode sl_param(SlTape *tape, int rows, int cols, const float *data) { return leaf(tape, SL_OP_PARAM, rows, cols, data); }
SlNode sl_scalar(SlTape *tape, float value) { return leaf(tape, SL_OP_CONST, 1, 1, &value); }

SlNode sl_arange(SlTape *tape, int n)
{
    SlNode id = leaf(tape, SL_OP_CONST, 1, n, NULL);
    if (id == SL_NIL) return SL_NIL;
    float *v = tape->nodes[id].val;
    for (int i = 0; i < n; i++) v[i] = (float)i;
    return id;
}

/* ---- constructors ---------------------------------------------------------------- */

static SlNode binary(SlTape *tape, SlOp op, SlNode a, SlNode b)
{
    if (!sl__valid(tape, a) || !sl__valid(tape, b)) return SL_NIL;
    int ra = tape->nodes[a].rows, ca = tape->nodes[a].cols;
    int rb = tape->nodes[b].rows, cb = tape->nodes[b].cols;
    int rows = bcast_dim(ra, rb), cols = bcast_dim(ca, cb);
    if (rows < 0 || cols < 0)
        return sl__fail(tape, SL_ERR_SHAPE, "%s: shapes %dx%d and %dx%d do not broadcast", sl_op_name(op), ra, ca, rb, cb);
    SlNode id = sl__push(tape, op, rows, cols);
    if (id == SL_NIL) return SL_NIL;
    SlNodeRec *n = &tape->nodes[id];
    n->n_inputs = 2;
    n->in[0] = a;
    n->in[1] = b;
    return finish(tape, id);
}

static SlNode unary(SlTape *tape, SlOp op, SlNode a, float p0, float p1)
{
    if (!sl__valid(tape, a)) return SL_NIL;
    SlNode id = sl__push(tape, op, tape->nodes[a].rows, tape->nodes[a].cols);
    if (id == SL_NIL) return SL_NIL;
    SlNodeRec *n = &tape->nodes[id];
    n->n_inputs = 1;
    n->in[0] = a;
    n->p0 = p0;
    n->p1 = p1;
    return finish(tape, id);
}

static SlNode reduce(SlTape *tape, SlOp op, SlNode a)
{
    if (!sl__valid(tape, a)) return SL_NIL;
    SlNode id = sl__push(tape, op, 1, 1);
    if (id == SL_NIL) return SL_NIL;
    SlNodeRec *n = &tape->nodes[id];
    n->n_inputs = 1;
    n->in[0] = a;
    return finish(tape, id);
}

SlNode sl_add(SlTape *t, SlNode a, SlNode b) { return binary(t, SL_OP_ADD, a, b); }
SlNode sl_sub(SlTape *t, SlNode a, SlNode b) { return binary(t, SL_OP_SUB, a, b); }
SlNode sl_mul(SlTape *t, SlNode a, SlNode b) { return binary(t, SL_OP_MUL, a, b); }
SlNode sl_div(SlTape *t, SlNode a, SlNode b) { return binary(t, SL_OP_DIV, a, b); }
SlNode sl_lt(SlTape *t, SlNode a, SlNode b) { return binary(t, SL_OP_LT, a, b); }
SlNode sl_gt(SlTape *t, SlNode a, SlNode b) { return binary(t, SL_OP_GT, a, b); }
SlNode sl_neg(SlTape *t, SlNode a) { return unary(t, SL_OP_NEG, a, 0, 0); }
SlNode sl_exp(SlTape *t, SlNode a) { return unary(t, SL_OP_EXP, a, 0, 0); }
SlNode sl_log(SlTape *t, SlNode a) { return unary(t, SL_OP_LOG, a, 0, 0); }
SlNode sl_square(SlTape *t, SlNode a) { return unary(t, SL_OP_SQUARE, a, 0, 0); }
SlNode sl_sigmoid(SlTape *t, SlNode a) { return unary(t, SL_OP_SIGMOID, a, 0, 0); }
SlNode sl_sum(SlTape *t, SlNode a) { return reduce(t, SL_OP_SUM, a); }
SlNode sl_mean(SlTape *t, SlNode a) { return reduce(t, SL_OP_MEAN, a); }
SlNode sl_nansum(SlTape *t, SlNode a) { return reduce(t, SL_OP_NANSUM, a); }
SlNode sl_nanmean(SlTape *t, SlNode a) { return reduce(t, SL_OP_NANMEAN, a); }

SlNode sl_clamp(SlTape *t, SlNode a, float lo, float hi)
{
    if (t->status == SL_OK && (isnan(lo) || isnan(hi) || lo > hi))
        return sl__fail(t, SL_ERR_ARG, "clamp: bounds [%g, %g] are not an interval", (double)lo, (double)hi);
    return unary(t, SL_OP_CLAMP, a, lo, hi);
}

SlNode sl_mask_op(SlTape *t, SlMaskKind kind, SlNode d, float k, float w)
{
    if (t->status != SL_OK) return SL_NIL;
    if ((unsigned)kind >= SL_MASK_COUNT) return sl__fail(t, SL_ERR_ARG, "mask: unknown family %d", (int)kind);
    if (!(isfinite(k) && k > 0.0f)) return sl__fail(t, SL_ERR_ARG, "mask: k must be finite and > 0, got %g", (double)k);
    if (!(isfinite(w) && w > 0.0f)) return sl__fail(t, SL_ERR_ARG, "mask: w must be finite and > 0, got %g", (double)w);
    if (!sl__valid(t, d)) return SL_NIL;
    SlNode id = sl__push(t, SL_OP_MASK, t->nodes[d].rows, t->nodes[d].cols);
    if (id == SL_NIL) return SL_NIL;
    SlNodeRec *n = &t->nodes[id];
    n->n_inputs = 1;
    n->in[0] = d;
    n->p0 = k;
    n->p1 = w;
    n->mask = kind;
    return finish(t, id);
}

SlNode sl_where(SlTape *tape, SlNode cond, SlNode a, SlNode b)
{
    if (!sl__valid(tape, cond) || !sl__valid(tape, a) || !sl__valid(tape, b)) return SL_NIL;
    const SlNodeRec *c = &tape->nodes[cond], *x = &tape->nodes[a], *y = &tape->nodes[b];
    int rows = bcast_dim(bcast_dim(c->rows, x->rows), y->rows);
    int cols = bcast_dim(bcast_dim(c->cols, x->cols), y->cols);
    if (bcast_dim(c->rows, x->rows) < 0 || bcast_dim(c->cols, x->cols) < 0 || rows < 0 || cols < 0)
        return sl__fail(tape, SL_ERR_SHAPE, "where: shapes %dx%d, %dx%d and %dx%d do not broadcast",
                        c->rows, c->cols, x->rows, x->cols, y->rows, y->cols);
    SlNode id = sl__push(tape, SL_OP_WHERE, rows, cols);
    if (id == SL_NIL) return SL_NIL;
    SlNodeRec *n = &tape->nodes[id];
    n->n_inputs = 3;
    n->in[0] = cond;
    n->in[1] = a;
    n->in[2] = b;
    return finish(tape, id);
}

static int count_selected(const SlNodeRec *a, const SlNodeRec *m)
{
    int k = 0;
    for (int r = 0; r < a->rows; r++)
        for (int c = 0; c < a->cols; c++) k += m->val[bidx(m, r, c)] != 0.0f;
    return k;
}

SlNode sl_masked_select(SlTape *tape, SlNode a, SlNode mask)
{
    if (!sl__valid(tape, a) || !sl__valid(tape, mask)) return SL_NIL;
    const SlNodeRec *x = &tape->nodes[a], *m = &tape->nodes[mask];
    if (bcast_dim(x->rows, m->rows) != x->rows || bcast_dim(x->cols, m->cols) != x->cols)
        return sl__fail(tape, SL_ERR_SHAPE, "masked_select: mask %dx%d does not broadcast to %dx%d",
                        m->rows, m->cols, x->rows, x->cols);
    SlNode id = sl__push(tape, SL_OP_MASKED_SELECT, 1, count_selected(x, m));
    if (id == SL_NIL) return SL_NIL;
    SlNodeRec *n = &tape->nodes[id];
    n->n_inputs = 2;
    n->in[0] = a;
    n->in[1] = mask;
    return finish(tape, id);
}

/* ---- forward ------------------------------------------------------------------- */

/* The cascaded float32 sum every reduction uses (sl_tape_internal.h): float32 like
 * PyTorch, without the error growth of one running float over millions of elements.
 * Skipped NaNs keep their lane: element i always goes to lane i % 8 of its block. */
static float sum_f32(const float *v, size_t n, int skip_nan, size_t *counted)
{
    SlSum sum;
    sl__sum_init(&sum);
    float acc[8] = {0};
    size_t cnt = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(skip_nan && isnan(v[i]))) {
            acc[i & 7u] += v[i];
            cnt++;
        }
        if ((i + 1) % SL_SUM_BLOCK == 0) sl__sum_flush(&sum, acc);
    }
    if (n % SL_SUM_BLOCK != 0) sl__sum_flush(&sum, acc);
    if (counted) *counted = cnt;
    return sl__sum_total(&sum);
}

static float binop(SlOp op, float x, float y)
{
    switch (op) {
    case SL_OP_ADD: return x + y;
    case SL_OP_SUB: return x - y;
    case SL_OP_MUL: return x * y;
    case SL_OP_DIV: return x / y;
    case SL_OP_LT: return x < y ? 1.0f : 0.0f;
    case SL_OP_GT: return x > y ? 1.0f : 0.0f;
    default: return NAN;
    }
}

static void forward_binary(SlNodeRec *n, const SlNodeRec *a, const SlNodeRec *b)
{
    size_t size = sl__size(n);
    if (sl__size(a) == size && sl__size(b) == size) {
        switch (n->op) { /* the common same-shape case, written so it vectorises */
        case SL_OP_ADD: for (size_t i = 0; i < size; i++) n->val[i] = a->val[i] + b->val[i]; return;
        case SL_OP_SUB: for (size_t i = 0; i < size; i++) n->val[i] = a->val[i] - b->val[i]; return;
        case SL_OP_MUL: for (size_t i = 0; i < size; i++) n->val[i] = a->val[i] * b->val[i]; return;
        default: break;
        }
    }
    for (int r = 0; r < n->rows; r++)
        for (int c = 0; c < n->cols; c++)
            n->val[(size_t)r * (size_t)n->cols + (size_t)c] = binop(n->op, a->val[bidx(a, r, c)], b->val[bidx(b, r, c)]);
}

static float unop(const SlNodeRec *n, float x)
{
    switch (n->op) {
    case SL_OP_NEG: return -x;
    case SL_OP_EXP: return expf(x);
    case SL_OP_LOG: return logf(x);
    case SL_OP_SQUARE: return x * x;
    case SL_OP_SIGMOID: return sl_sigmoidf(x);
    case SL_OP_CLAMP: return isnan(x) ? x : (x < n->p0 ? n->p0 : (x > n->p1 ? n->p1 : x));
    case SL_OP_MASK: return sl_mask_value(n->mask, x, n->p0, n->p1);
    default: return NAN;
    }
}

void sl__forward(SlTape *tape, SlNodeRec *n)
{
    const SlNodeRec *a = &tape->nodes[n->in[0]];
    size_t size = sl__size(n);
    switch (n->op) {
    case SL_OP_CONST: case SL_OP_PARAM: case SL_OP_COUNT:
        return;
    case SL_OP_ADD: case SL_OP_SUB: case SL_OP_MUL: case SL_OP_DIV: case SL_OP_LT: case SL_OP_GT:
        forward_binary(n, a, &tape->nodes[n->in[1]]);
        return;
    case SL_OP_NEG: case SL_OP_EXP: case SL_OP_LOG: case SL_OP_SQUARE: case SL_OP_SIGMOID:
    case SL_OP_CLAMP: case SL_OP_MASK:
        for (size_t i = 0; i < size; i++) n->val[i] = unop(n, a->val[i]);
        return;
    case SL_OP_WHERE: {
        const SlNodeRec *x = &tape->nodes[n->in[1]], *y = &tape->nodes[n->in[2]];
        for (int r = 0; r < n->rows; r++)
            for (int c = 0; c < n->cols; c++)
                n->val[(size_t)r * (size_t)n->cols + (size_t)c] =
                    a->val[bidx(a, r, c)] != 0.0f ? x->val[bidx(x, r, c)] : y->val[bidx(y, r, c)];
        return;
    }
    case SL_OP_SUM: n->val[0] = sum_f32(a->val, sl__size(a), 0, NULL); return;
    case SL_OP_NANSUM: n->val[0] = sum_f32(a->val, sl__size(a), 1, NULL); return;
    case SL_OP_MEAN: n->val[0] = sum_f32(a->val, sl__size(a), 0, NULL) / (float)sl__size(a); return;
    case SL_OP_NANMEAN: {
        size_t cnt = 0;
        float s = sum_f32(a->val, sl__size(a), 1, &cnt);
        n->val[0] = s / (float)cnt;  /* all NaN: 0/0 = NaN, as torch.nanmean */
        return;
    }
    case SL_OP_MASKED_SELECT: {
        const SlNodeRec *m = &tape->nodes[n->in[1]];
        if (count_selected(a, m) != n->cols) {
            sl__fail(tape, SL_ERR_STATE, "masked_select: the mask changed size on replay");
            return;
        }
        size_t k = 0;
        for (int r = 0; r < a->rows; r++)
            for (int c = 0; c < a->cols; c++)
                if (m->val[bidx(m, r, c)] != 0.0f) n->val[k++] = a->val[(size_t)r * (size_t)a->cols + (size_t)c];
        return;
    }
    }
}

/* ---- backward -------------------------------------------------------------------- */

/* d(a op b)/da and /db times the upstream g, torch's formulas. */
static inline void binary_partials(SlOp op, float g, float x, float y, float *da, float *db)
{
    switch (op) {
    case SL_OP_ADD: *da = g; *db = g; break;
    case SL_OP_SUB: *da = g; *db = -g; break;
    case SL_OP_MUL: *da = g * y; *db = g * x; break;
    case SL_OP_DIV: *da = g / y; *db = -g * x / (y * y); break; /* torch: -g * a / (b * b) */
    default: *da = *db = 0.0f; break;
    }
}

static void backward_binary(SlTape *tape, SlNodeRec *n)
{
    SlNodeRec *a = &tape->nodes[n->in[0]], *b = &tape->nodes[n->in[1]];
    float *ga = a->requires_grad ? sl__grad_buffer(tape, n->in[0]) : NULL;
    float *gb = b->requires_grad ? sl__grad_buffer(tape, n->in[1]) : NULL;
    if (tape->status != SL_OK) return;
    /* An input broadcast from one element sums its gradient as every other reduction
     * does (cascaded, sl_tape_internal.h), and so as the fused task kernel does. */
    size_t size = sl__size(n);
    int a_lanes = ga && sl__size(a) == 1 && size > 1, b_lanes = gb && sl__size(b) == 1 && size > 1;
    float la[8] = {0}, lb[8] = {0};
    SlSum sa, sb;
    sl__sum_init(&sa);
    sl__sum_init(&sb);
    size_t i = 0;
    for (int r = 0; r < n->rows; r++) {
        for (int c = 0; c < n->cols; c++, i++) {
            size_t ia = bidx(a, r, c), ib = bidx(b, r, c);
            float da, db;
            binary_partials(n->op, n->grad[i], a->val[ia], b->val[ib], &da, &db);
            if (a_lanes) la[i & 7u] += da;
            else if (ga) ga[ia] += da;
            if (b_lanes) lb[i & 7u] += db;
            else if (gb) gb[ib] += db;
            if ((i + 1) % SL_SUM_BLOCK == 0) {
                if (a_lanes) sl__sum_flush(&sa, la);
                if (b_lanes) sl__sum_flush(&sb, lb);
            }
        }
    }
    if (size % SL_SUM_BLOCK != 0) {
        if (a_lanes) sl__sum_flush(&sa, la);
        if (b_lanes) sl__sum_flush(&sb, lb);
    }
    if (a_lanes) ga[0] += sl__sum_total(&sa);
    if (b_lanes) gb[0] += sl__sum_total(&sb);
}

static float unop_grad(const SlNodeRec *n, float g, float x, float y)
{
    switch (n->op) {
    case SL_OP_NEG: return -g;
    case SL_OP_EXP: return g * y;
    case SL_OP_LOG: return g / x;
    case SL_OP_SQUARE: return g * (2.0f * x);
    case SL_OP_SIGMOID: return g * (y * (1.0f - y));  /* from the output: saturation gives exact 0 */
    case SL_OP_CLAMP: return (x >= n->p0 && x <= n->p1) ? g : 0.0f;
    case SL_OP_MASK: return sl_mask_grad(n->mask, g, x, y, n->p0, n->p1);
    default: return NAN;
    }
}

void sl__backward(SlTape *tape, SlNodeRec *n)
{
    SlNodeRec *a = &tape->nodes[n->in[0]];
    size_t size = sl__size(n);
    switch (n->op) {
    case SL_OP_CONST: case SL_OP_PARAM: case SL_OP_LT: case SL_OP_GT: case SL_OP_COUNT:
        return;
    case SL_OP_ADD: case SL_OP_SUB: case SL_OP_MUL: case SL_OP_DIV:
        backward_binary(tape, n);
        return;
    case SL_OP_NEG: case SL_OP_EXP: case SL_OP_LOG: case SL_OP_SQUARE: case SL_OP_SIGMOID:
    case SL_OP_CLAMP: case SL_OP_MASK: {
        if (!a->requires_grad || !sl__edge_differentiable(n, 0)) return;
        float *ga = sl__grad_buffer(tape, n->in[0]);
        if (!ga) return;
        for (size_t i = 0; i < size; i++) ga[i] += unop_grad(n, n->grad[i], a->val[i], n->val[i]);
        return;
    }
    case SL_OP_WHERE: {
        const SlNodeRec *c = a;
        for (int j = 1; j <= 2; j++) {
            SlNodeRec *x = &tape->nodes[n->in[j]];
            if (!x->requires_grad) continue;
            float *gx = sl__grad_buffer(tape, n->in[j]);
            if (!gx) return;
            for (int r = 0; r < n->rows; r++)
                for (int col = 0; col < n->cols; col++) {
                    int take = (c->val[bidx(c, r, col)] != 0.0f) == (j == 1);
                    /* the branch not taken gets an explicit 0, which the chain rule may turn into NaN */
                    gx[bidx(x, r, col)] += take ? n->grad[(size_t)r * (size_t)n->cols + (size_t)col] : 0.0f;
                }
        }
        return;
    }
    case SL_OP_SUM: case SL_OP_MEAN: case SL_OP_NANSUM: case SL_OP_NANMEAN: {
        if (!a->requires_grad) return;
        float *ga = sl__grad_buffer(tape, n->in[0]);
        if (!ga) return;
        size_t na = sl__size(a), cnt = na;
        if (n->op == SL_OP_NANMEAN) sum_f32(a->val, na, 1, &cnt);
        float g = n->grad[0];
        if (n->op == SL_OP_MEAN || n->op == SL_OP_NANMEAN) g = g / (float)cnt;
        int skip = n->op == SL_OP_NANSUM || n->op == SL_OP_NANMEAN;
        for (size_t i = 0; i < na; i++) ga[i] += (skip && isnan(a->val[i])) ? 0.0f : g;
        return;
    }
    case SL_OP_MASKED_SELECT: {
        if (!a->requires_grad) return;
        const SlNodeRec *m = &tape->nodes[n->in[1]];
        float *ga = sl__grad_buffer(tape, n->in[0]);
        if (!ga) return;
        size_t k = 0;
        for (int r = 0; r < a->rows; r++)
            for (int c = 0; c < a->cols; c++)
                if (m->val[bidx(m, r, c)] != 0.0f) ga[(size_t)r * (size_t)a->cols + (size_t)c] += n->grad[k++];
        return;
    }
    }
}
