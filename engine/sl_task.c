/* sl_task.c — the learnable-step task: validation, signals, the tape build and the
 * fused kernel. The fused kernel repeats the tape's float32 operations in the same
 * order (8 loss accumulators, one running gradient sum), so the two agree bit for bit. */
#include "sl_task.h"

#include "sl_gradcheck.h"
#include "sl_mask_kernel.h"
#include "sl_tape_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void sl_task_config_default(SlTaskConfig *cfg)
{
    cfg->mask = SL_MASK_LOGISTIC;
    cfg->n = 64;
    cfg->t = 10.0f;
    cfg->target = 40.5f;
    cfg->k = 1.0f;
    cfg->width = 4.0f;
    cfg->signal = SL_SIGNAL_ONES;
    cfg->seed = 1;
}

SlStatus sl_task_validate(const SlTaskConfig *cfg, char *err, size_t err_len)
{
    if ((unsigned)cfg->mask >= SL_MASK_COUNT) {
        snprintf(err, err_len, "unknown mask family %d", (int)cfg->mask);
        return SL_ERR_ARG;
    }
    if (cfg->n < SL_TASK_N_MIN || cfg->n > SL_TASK_N_MAX) {
        snprintf(err, err_len, "n must be an integer from %d to %d, got %d", SL_TASK_N_MIN, SL_TASK_N_MAX, cfg->n);
        return SL_ERR_ARG;
    }
    if (!isfinite(cfg->t)) {
        snprintf(err, err_len, "t must be a finite number, got %g", (double)cfg->t);
        return SL_ERR_ARG;
    }
    if (!isfinite(cfg->target)) {
        snprintf(err, err_len, "target must be a finite number, got %g", (double)cfg->target);
        return SL_ERR_ARG;
    }
    if (!(isfinite(cfg->k) && cfg->k > 0.0f)) {
        snprintf(err, err_len, "k must be a finite number > 0, got %g", (double)cfg->k);
        return SL_ERR_ARG;
    }
    if (!(isfinite(cfg->width) && cfg->width > 0.0f)) {
        snprintf(err, err_len, "width must be a finite number > 0, got %g", (double)cfg->width);
        return SL_ERR_ARG;
    }
    if ((unsigned)cfg->signal >= SL_SIGNAL_COUNT) {
        snprintf(err, err_len, "unknown signal %d", (int)cfg->signal);
        return SL_ERR_ARG;
    }
    return SL_OK;
}

static const char *const signal_names[SL_SIGNAL_COUNT] = {"ones", "ramp", "sine", "noise"};

const char *sl_signal_name(SlSignalKind kind)
{
    return (unsigned)kind < SL_SIGNAL_COUNT ? signal_names[kind] : "?";
}

int sl_signal_parse(const char *name, SlSignalKind *out)
{
    for (int i = 0; i < SL_SIGNAL_COUNT; i++)
        if (name && strcmp(name, signal_names[i]) == 0) {
            *out = (SlSignalKind)i;
            return 1;
        }
    return 0;
}

void sl_signal_fill(SlSignalKind kind, uint32_t seed, int n, float *x)
{
    uint32_t s = seed * 2654435761u + 0x9e3779b9u;
    for (int i = 0; i < n; i++) {
        switch (kind) {
        case SL_SIGNAL_RAMP: x[i] = (float)(i + 1) / (float)n; break;
        case SL_SIGNAL_SINE: x[i] = 1.0f + 0.5f * sinf(6.28318531f * (float)i / 16.0f); break;
        case SL_SIGNAL_NOISE:
            s ^= s << 13; s ^= s >> 17; s ^= s << 5;  /* xorshift32: same numbers on every machine */
            x[i] = 0.5f + (float)(s >> 8) / 16777216.0f;
            break;
        case SL_SIGNAL_ONES: case SL_SIGNAL_COUNT: default: x[i] = 1.0f; break;
        }
    }
}

SlNode sl_task_build(SlTape *tape, const SlTaskConfig *cfg, const float *x, float t, SlNode *t_node)
{
    int n = cfg->n;
    SlNode pos = sl_arange(tape, n);
    SlNode tn = sl_param(tape, 1, 1, &t);
    SlNode d = sl_sub(tape, tn, pos);
    SlNode m = sl_mask_op(tape, cfg->mask, d, cfg->k, cfg->width);
    SlNode xs = sl_const(tape, 1, n, x);
    SlNode y = sl_mul(tape, xs, m);
    SlNode ystar = sl_const(tape, 1, n, NULL);
    if (ystar != SL_NIL) {
        float *ys = sl_value_mut(tape, ystar);
        for (int i = 0; i < n; i++) ys[i] = (float)i < cfg->target ? x[i] : 0.0f;
    }
    SlNode r = sl_sub(tape, y, ystar);
    SlNode sq = sl_square(tape, r);
    SlNode loss = sl_mean(tape, sq);
    sl_tape_label(tape, pos, "i");
    sl_tape_label(tape, tn, "t");
    sl_tape_label(tape, d, "t - i");
    sl_tape_label(tape, m, "m");
    sl_tape_label(tape, xs, "x");
    sl_tape_label(tape, y, "y");
    sl_tape_label(tape, ystar, "y*");
    sl_tape_label(tape, r, "y - y*");
    sl_tape_label(tape, sq, "(y - y*)^2");
    sl_tape_label(tape, loss, "L");
    if (t_node) *t_node = tn;
    return loss;
}

SlStatus sl_task_eval(SlTape *tape, const SlTaskConfig *cfg, const float *x, float t, SlTaskEval *out)
{
    sl_tape_reset(tape);
    SlNode tn = SL_NIL;
    SlNode loss = sl_task_build(tape, cfg, x, t, &tn);
    if (loss == SL_NIL) return sl_tape_status(tape);
    SlStatus st = sl_tape_backward(tape, loss);
    if (st != SL_OK) return st;
    const float *g = sl_grad(tape, tn);
    out->loss = sl_value(tape, loss)[0];
    out->state = sl_grad_state(tape, tn);
    out->grad = g ? g[0] : 0.0f;
    return SL_OK;
}

#define SL_CHUNK 64 /* elements per map pass; a multiple of the 8 lanes */

/* One fused pass for one family (kind is a constant after inlining, so each family
 * gets its own loop). A map pass writes each element's squared error and gradient
 * term into small buffers (a plain element-wise loop the compiler vectorises), then
 * eight lanes sum them in the order the tape's reductions use. */
static SL_ALWAYS_INLINE SlTaskEval fused(SlMaskKind kind, const SlTaskConfig *cfg, const float *x, float t)
{
    const int n = cfg->n;
    const float k = cfg->k, w = cfg->width, target = cfg->target, gscale = 1.0f / (float)n;
    float lacc[8] = {0}, gacc[8] = {0};
    float sq[SL_CHUNK], gt[SL_CHUNK];
    for (int base = 0; base < n; base += SL_CHUNK) {
        const int len = n - base < SL_CHUNK ? n - base : SL_CHUNK;
        const float *xb = x + base;
        for (int j = 0; j < len; j++) {
            float pos = (float)(base + j), xi = xb[j];
            float d = t - pos;
            float m = sl__mask_value(kind, d, k, w);
            float r = xi * m - (pos < target ? xi : 0.0f);
            sq[j] = r * r;
            gt[j] = ((gscale * (2.0f * r)) * xi) * sl__mask_slope(kind, d, m, k, w);
        }
        int j = 0;
        for (; j + 8 <= len; j += 8)
            for (int l = 0; l < 8; l++) {
                lacc[l] += sq[j + l];
                gacc[l] += gt[j + l];
            }
        for (; j < len; j++) {
            lacc[j & 7] += sq[j];
            gacc[j & 7] += gt[j];
        }
    }
    SlTaskEval e;
    e.loss = sl__lanes_sum(lacc) / (float)n;
    e.grad = kind == SL_MASK_HARD ? 0.0f : sl__lanes_sum(gacc);
    e.state = kind == SL_MASK_HARD ? SL_GRAD_NONE : sl_grad_state_of(1, e.grad);
    return e;
}

SlTaskEval sl_task_eval_fast(const SlTaskConfig *cfg, const float *x, float t)
{
    switch (cfg->mask) {
    case SL_MASK_HARD: return fused(SL_MASK_HARD, cfg, x, t);
    case SL_MASK_LOGISTIC: return fused(SL_MASK_LOGISTIC, cfg, x, t);
    case SL_MASK_SMOOTHSTEP: return fused(SL_MASK_SMOOTHSTEP, cfg, x, t);
    case SL_MASK_HARDSIGMOID: return fused(SL_MASK_HARDSIGMOID, cfg, x, t);
    case SL_MASK_STE: return fused(SL_MASK_STE, cfg, x, t);
    case SL_MASK_COUNT: break;
    }
    SlTaskEval bad = {NAN, NAN, SL_GRAD_NAN};
    return bad;
}

float sl_task_hard_loss(const SlTaskConfig *cfg, const float *x, float t)
{
    SlTaskConfig hard = *cfg;
    hard.mask = SL_MASK_HARD;
    return sl_task_eval_fast(&hard, x, t).loss;
}

SlStatus sl_task_fd(SlTape *tape, const SlTaskConfig *cfg, const float *x, float t, float h, float *fd)
{
    sl_tape_reset(tape);
    SlNode tn = SL_NIL;
    SlNode loss = sl_task_build(tape, cfg, x, t, &tn);
    if (loss == SL_NIL) return sl_tape_status(tape);
    return sl_gradcheck(tape, loss, tn, h, fd);
}
