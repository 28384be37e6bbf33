/* sl_threshold.h — lesson 7, thresholds: a binary threshold with chosen above/below
 * values (and why neither x nor the threshold gets a gradient through it), a
 * per-element 2-D threshold map, and gradient thresholding during training.
 * Every gradient comes from the tape; "loss" for the element-wise demos is sum(y),
 * standing for whatever the model does downstream. */
#ifndef SL_THRESHOLD_H
#define SL_THRESHOLD_H

#include "sl_grad.h"
#include "sl_history.h"
#include "sl_optim.h"
#include "sl_status.h"
#include "sl_tape.h"
#include "sl_train.h"

#define SL_THRESH_MAX_X 32
#define SL_THRESH_MAP_MAX 64  /* rows and cols */

/* x at which to show the binary threshold when the lesson gives none: writes up to max
 * values (9, from -2 to 2) and returns how many. */
int sl_threshold_default_x(float *x, int max);

/* Three ways to threshold x at level thr, each differentiated by the tape:
 *   hard: where(x > thr, above, below)           -> x: none, thr: none
 *   pass: where(x > thr, x, below) (nn.Threshold) -> x: 1 above / 0 below, thr: none
 *   soft: below + (above - below) sigmoid(k (x - thr)) -> x and thr: values */
typedef struct SlThreshBinary {
    int n;
    float thr, above, below, k;
    float x[SL_THRESH_MAX_X];
    float hard[SL_THRESH_MAX_X];
    SlGradState hard_x_state, hard_thr_state;
    float pass[SL_THRESH_MAX_X];
    float pass_grad[SL_THRESH_MAX_X];
    SlGradState pass_state[SL_THRESH_MAX_X];
    SlGradState pass_thr_state;
    float soft[SL_THRESH_MAX_X];
    float soft_grad[SL_THRESH_MAX_X];  /* d sum(soft) / dx */
    SlGradState soft_state[SL_THRESH_MAX_X];
    float soft_thr_grad;               /* d sum(soft) / d thr */
    SlGradState soft_thr_state;
} SlThreshBinary;

/* Evaluates the three forms for x[0..n) (1 <= n <= SL_THRESH_MAX_X; all values finite,
 * k > 0). The tape is left holding the hard form's graph (its cut edges). Returns SL_OK,
 * or SL_ERR_ARG naming the bad value, or the tape's error, with one line in err (may be
 * NULL when err_len is 0). */
SlStatus sl_threshold_binary(SlTape *tape, const float *x, int n, float thr, float above, float below,
                             float k, SlThreshBinary *out, char *err, size_t err_len);

/* A per-element threshold map T (rows x cols) over a field X, with target Y*: row r of X
 * is the positions 0..cols-1 and row r wants its step at its own t*_r, so no single
 * threshold fits every row. Loss L = mean((out - Y*)^2). The hard map gives T no
 * gradient (none); the soft map (logistic with steepness k) gives each T element its own. */
typedef struct SlThreshMap {
    int rows, cols;
    float above, below, k;
    float *input;         /* X, rows x cols, owned (all arrays row-major) */
    float *thresh;        /* T, the learnable map */
    float *thresh0;       /* T at the start */
    float *target;        /* Y* */
    float *hard;          /* where(X > T, above, below) */
    float *soft;          /* below + (above - below) sigmoid(k (X - T)) */
    float *grad;          /* dL/dT of the soft map */
    SlGradState *state;   /* per element, soft map */
    SlOptState *opt_state;
    SlGradState hard_state;  /* the hard map's T: none */
    float hard_loss, soft_loss;
    int step;
    SlHistory hist;       /* before each update: T and the optimizer states (sl_threshold_map_back) */
    unsigned char *snap;  /* scratch for one snapshot, owned */
} SlThreshMap;

/* Allocates a rows x cols map (1..SL_THRESH_MAP_MAX each) with the default field, targets
 * t*_r spread from 30% to 70% of the row, and T starting at t0 everywhere. Returns
 * SL_ERR_ARG for bad sizes or values, SL_ERR_NOMEM, with one line in err; nothing to free
 * then. Free with sl_threshold_map_deinit. Call sl_threshold_map_eval before reading the
 * outputs. */
SlStatus sl_threshold_map_init(SlThreshMap *map, int rows, int cols, float t0, float above, float below,
                               float k, char *err, size_t err_len);
void sl_threshold_map_deinit(SlThreshMap *map);

/* Records both maps on the tape (the soft one last: the tape holds its graph) and fills
 * hard, soft, grad, state, the losses and hard_state. */
SlStatus sl_threshold_map_eval(SlThreshMap *map, SlTape *tape);

/* One optimizer update of every T element from the soft map's gradient, then an eval. */
SlStatus sl_threshold_map_step(SlThreshMap *map, SlTape *tape, const SlOptConfig *opt);

/* Undoes the last step: T and the optimizer states as they were before it, evaluated,
 * whatever optimizer settings later steps used. Returns 0 at step 0 or when the bounded
 * history (sl_history.h) holds no older step, 1 otherwise; *status gets the evaluation's
 * status (may be NULL). */
int sl_threshold_map_back(SlThreshMap *map, SlTape *tape, SlStatus *status);

/* Back to T = thresh0 with fresh optimizer state and an empty history, evaluated. */
SlStatus sl_threshold_map_reset(SlThreshMap *map, SlTape *tape);

/* Where training ends with gradient thresholding: zero |g| < grad_threshold before each
 * update (0 = off), for at most max_steps steps or until the trainer stops. */
typedef struct SlThreshTrain {
    float t, loss, hard_loss;
    int steps;           /* updates taken */
    int zeroed;          /* updates whose gradient the threshold zeroed */
    SlStopReason stop;
} SlThreshTrain;

/* Trains the task with the optimizer (no annealing) and reports where it ended.
 * Returns SL_OK, or SL_ERR_ARG / SL_ERR_NOMEM (as sl_trainer_init) with one line in err;
 * nothing to free. */
SlStatus sl_threshold_train(const SlTaskConfig *task, const SlOptConfig *opt, float grad_threshold,
                            int max_steps, SlThreshTrain *out, char *err, size_t err_len);

#endif
