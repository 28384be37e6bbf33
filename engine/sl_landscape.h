/* sl_landscape.h — the task's loss and gradient at many t without O(N) work per t.
 * Outside a band around t every mask is exactly 1 (i well below t) or exactly 0 (well
 * above), and for the hard forward it is so everywhere: there a position adds fl(x_i^2)
 * or nothing, which block prefix sums of fl(x_i^2) give in O(block). Only the band is
 * summed element by element, with the fused kernel's float32 operations per element.
 * Sums are kept in double, so results agree with the direct float32 sum to its own
 * rounding (docs/task.md, the float32 facts). Invariant: x outlives the landscape. */
#ifndef SL_LANDSCAPE_H
#define SL_LANDSCAPE_H

#include "sl_status.h"
#include "sl_task.h"

#define SL_LAND_BLOCK 256  /* positions per prefix-sum block */

typedef struct SlLandscape {
    const float *x;   /* the signal, n floats, not owned */
    int n;
    double *block;    /* block[b] = sum of fl(x_j * x_j) for j < b * SL_LAND_BLOCK, owned */
} SlLandscape;

/* Builds the prefix sums of the signal x[0..n-1] (kept by pointer, not copied).
 * Returns SL_OK, SL_ERR_ARG for n outside the task's range, or SL_ERR_NOMEM; on
 * failure nothing needs freeing. Free with sl_landscape_deinit. */
SlStatus sl_landscape_init(SlLandscape *ls, const float *x, int n);
void sl_landscape_deinit(SlLandscape *ls);

/* Sum of fl(x_j * x_j) over lo <= j < hi (clamped to 0..n; 0 when empty), in double. */
double sl_landscape_sq_sum(const SlLandscape *ls, int lo, int hi);

/* The positions [*lo, *hi) (within 0..n) where cfg's mask at t may be neither exactly
 * 1 nor exactly 0, or its slope may be non-zero: below *lo the mask is exactly 1 and
 * its slope exactly 0, from *hi on both are exactly 0. For hard the band is empty at
 * the number of positions below t. ste has the hard forward but the logistic slope. */
void sl_landscape_band(const SlTaskConfig *cfg, float t, int *lo, int *hi);

/* Loss, gradient and state of cfg's task at t (cfg->t is ignored), in O(band + block).
 * Equal to sl_task_eval_fast to float32 rounding: the sums are exact or double. */
SlTaskEval sl_landscape_eval(const SlLandscape *ls, const SlTaskConfig *cfg, float t);

/* sl_task_fd's central difference without a tape of N: the two losses at t -+ s,
 * s = sl_fd_step(t, h) (t's spacing when h is below t's float32 resolution, docs/task.md
 * §9), in O(band + block), divided by the step float32 really took ((t+s) - (t-s)),
 * since at t ~ 10^5 and more t + h rounds to a multiple of 1/128 and 2h would be off by
 * a quarter. NaN when t is not finite or cfg does not fit the landscape. */
float sl_landscape_fd(const SlLandscape *ls, const SlTaskConfig *cfg, float t, float h);

/* The hard-mask loss at t for true location target, in O(block). */
float sl_landscape_hard_loss(const SlLandscape *ls, float target, float t);

/* The chain rule dL/dt = sum_i dL/dm_i * dm_i/dt of cfg's task at t, term by term over
 * the band (every term outside it is exactly 0): the sum in double and the largest
 * term (the first in position order when several are largest; position 0 when all
 * are 0). count is n, the number of terms. */
typedef struct SlChainTerms {
    double sum;
    int count;
    int best;           /* position of the largest |term| */
    float best_dl_dm;   /* dL/dm at it */
    float best_dm_dt;   /* dm/dt at it */
    double best_term;
} SlChainTerms;
void sl_landscape_chain(const SlLandscape *ls, const SlTaskConfig *cfg, float t, SlChainTerms *out);

#endif
