/* sl_task.h — the learnable-step task of docs/task.md §1.
 * target y*_i = x_i [i < t*], output y_i = x_i m_i(t), loss L = mean (y - y*)^2.
 * sl_task_eval builds it on a tape (the source of truth, and what the graph view
 * draws); sl_task_eval_fast is a fused kernel for sweeps and benchmarks that a test
 * holds to the tape's numbers. */
#ifndef SL_TASK_H
#define SL_TASK_H

#include <stddef.h>
#include <stdint.h>
#include "sl_grad.h"
#include "sl_mask.h"
#include "sl_status.h"
#include "sl_tape.h"

#define SL_TASK_N_MIN 2
#define SL_TASK_N_MAX 10000000

typedef enum SlSignalKind {
    SL_SIGNAL_ONES = 0,  /* x_i = 1 (default) */
    SL_SIGNAL_RAMP,      /* x_i = (i + 1) / N */
    SL_SIGNAL_SINE,      /* x_i = 1 + 0.5 sin(2 pi i / 16) */
    SL_SIGNAL_NOISE,     /* x_i uniform in [0.5, 1.5), from --seed */
    SL_SIGNAL_COUNT
} SlSignalKind;

typedef struct SlTaskConfig {
    SlMaskKind mask;
    int n;          /* positions 0 .. n-1, >= 2 */
    float t;        /* learnable step location (start) */
    float target;   /* true location t* */
    float k;        /* steepness, > 0 (logistic, ste) */
    float width;    /* band width w, > 0 (smoothstep, hardsigmoid) */
    SlSignalKind signal;
    uint32_t seed;
} SlTaskConfig;

/* What one evaluation reports. grad is meaningful for state zero/value; for none it is 0
 * and for nan it is NaN. */
typedef struct SlTaskEval {
    float loss;
    float grad;
    SlGradState state;
} SlTaskEval;

/* The defaults of docs/task.md §1: logistic, N=64, t=10, t*=40.5, k=1, w=4, ones. */
void sl_task_config_default(SlTaskConfig *cfg);

/* Checks every field; on failure writes one line naming the bad value into err. */
SlStatus sl_task_validate(const SlTaskConfig *cfg, char *err, size_t err_len);

const char *sl_signal_name(SlSignalKind kind);
int sl_signal_parse(const char *name, SlSignalKind *out);
/* Fills x[0..n-1] with the signal (deterministic for a seed). */
void sl_signal_fill(SlSignalKind kind, uint32_t seed, int n, float *x);

/* Records the task on tape (after a reset) with t as a 1x1 parameter, and returns
 * the loss node; *t_node receives the parameter node. x holds cfg->n floats.
 * On error returns SL_NIL and the tape holds the message. */
SlNode sl_task_build(SlTape *tape, const SlTaskConfig *cfg, const float *x, float t, SlNode *t_node);
/* sl_task_build on positions lo .. lo+len-1 only (x holds cfg->n floats): every
 * element is the full tape's at that position, L is their mean (not the task's loss
 * unless the window is all of 0..n-1). What the graph view records at large N instead of
 * tensors of N. A window outside 0..n-1 returns SL_NIL with *t_node = SL_NIL. */
SlNode sl_task_build_window(SlTape *tape, const SlTaskConfig *cfg, const float *x, float t, int lo, int len,
                            SlNode *t_node);

/* Resets tape, builds the task at t, runs backward and reports loss/grad/state. */
SlStatus sl_task_eval(SlTape *tape, const SlTaskConfig *cfg, const float *x, float t, SlTaskEval *out);

/* The same numbers without a tape: one fused pass, no allocation. The hard family
 * reports state none. Agrees with sl_task_eval to float32 rounding. */
SlTaskEval sl_task_eval_fast(const SlTaskConfig *cfg, const float *x, float t);

/* sl_task_eval_fast, and in the same pass over x the hard-mask loss at t into
 * *hard_loss, bit-equal to sl_task_hard_loss (one O(N) pass instead of two). */
SlTaskEval sl_task_eval_fast_hard(const SlTaskConfig *cfg, const float *x, float t, float *hard_loss);

/* The central finite difference (L(t+s) - L(t-s)) / ((t+s) - (t-s)) of the task at t,
 * s = sl_fd_step(t, h) (h, or t's spacing when h is below t's float32 resolution;
 * docs/task.md §9), computed by sl_gradcheck on the task's tape (left holding the task at t). For the hard mask
 * it is 0 between samples and a spike when [t-h, t+h] holds a sample: a step has no slope. */
SlStatus sl_task_fd(SlTape *tape, const SlTaskConfig *cfg, const float *x, float t, float h, float *fd);

/* The hard-mask loss at t (the "soft-hard gap" is loss(soft) vs this). */
float sl_task_hard_loss(const SlTaskConfig *cfg, const float *x, float t);

/* The soft-hard gap, the one definition every face shows (README, docs/map.md):
 * hard_loss - loss, the hard mask's loss at the learned t minus the soft loss there,
 * exact in double. Positive when hardening the mask costs loss. */
double sl_task_gap(float loss, float hard_loss);

#endif
