/* sl_sweep_simd.h — the task evaluated for many cells at once, one cell per SIMD lane:
 * each lane does exactly sl_task_eval_fast's (and sl_task_hard_loss's) float32 operations
 * in the same order, so its numbers are bit for bit the single cell's. AVX-512, AVX2 or
 * SSE2, chosen at run time from what the CPU has. Internal header (the sweep's). */
#ifndef SL_SWEEP_SIMD_H
#define SL_SWEEP_SIMD_H

#include "sl_mask.h"

#define SL_SWEEP_LANES_MAX 16

/* The task's signal as the kernel reads it, prepared once per sweep by
 * sl__sweep_signal_prepare. Where a lane's mask is exactly 1 (0) its squared error is
 * sq_hi[i] (sq_lo[i]), the same float32 product x_i x_i the full computation forms. */
typedef struct SlSweepSignal {
    const float *x;      /* n values */
    const float *sq_hi;  /* (float)i >= target ? x_i^2 : 0 */
    const float *sq_lo;  /* (float)i <  target ? x_i^2 : 0 */
    int n;
    float target;        /* t* */
    int first_at;        /* the first i with (float)i >= target (n when none) */
    int tame;            /* every x_i finite with |x_i| <= 2^32: the kernel may skip exact zeros */
    float zcut;          /* tame: from t* on, a logistic position with z < zcut and d <= -1 adds exactly +0 */
    const float *hard_at; /* NULL, or n + 1 values: the hard loss with the mask 1 on positions 0 .. c-1, at c */
    float tiny[256][8];  /* tame, by the binary exponent of the lanes' smallest k: the logistic kernel's z
                          * thresholds for products that may be subnormal (sl__sweep_signal_prepare) */
} SlSweepSignal;

#define SL_SWEEP_HARD_TABLE_N 1024 /* the longest signal with a hard_at table (its n + 1 cascaded sums) */

/* Fills *sig for x (n values) and target; sq_hi and sq_lo are the caller's n floats each,
 * hard_at NULL or n + 1 floats (n <= SL_SWEEP_HARD_TABLE_N). */
void sl__sweep_signal_prepare(SlSweepSignal *sig, const float *x, int n, float target, float *sq_hi, float *sq_lo,
                              float *hard_at);

/* Evaluates the task (family kind on signal sig) at lanes' own t, k and w: the loss,
 * the raw gradient sum (the caller classifies it; hard has none) and the hard-mask loss
 * at t, each as the trainer's row has it. */
typedef void (*SlSweepEvalFn)(SlMaskKind kind, const SlSweepSignal *sig, const float *t, const float *k,
                              const float *w, float *loss, float *grad, float *hard);

typedef struct SlSweepKernel {
    const char *name;  /* "avx512", "avx2", "sse2" */
    int lanes;         /* 16, 8, 4 */
    SlSweepEvalFn eval;
} SlSweepKernel;

/* The kernel with `lanes` lanes (0: the widest this CPU runs). Returns 0 when this CPU
 * or build has no such kernel (then *out is untouched), else 1. */
int sl__sweep_kernel(int lanes, SlSweepKernel *out);

#endif
