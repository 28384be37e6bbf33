/* sl_sweep_simd.h — the task evaluated for many cells at once, one cell per SIMD lane:
 * each lane does exactly sl_task_eval_fast's (and sl_task_hard_loss's) float32 operations
 * in the same order, so its numbers are bit for bit the single cell's. AVX-512, AVX2 or
 * SSE2, chosen at run time from what the CPU has. Internal header (the sweep's). */
#ifndef SL_SWEEP_SIMD_H
#define SL_SWEEP_SIMD_H

#include "sl_mask.h"

#define SL_SWEEP_LANES_MAX 16

/* Evaluates the task (family kind, n positions, signal x, target t*) at lanes' own t, k
 * and w: the loss, the raw gradient sum (the caller classifies it; hard has none) and
 * the hard-mask loss at t, each as the trainer's row has it. */
typedef void (*SlSweepEvalFn)(SlMaskKind kind, int n, const float *x, float target, const float *t, const float *k,
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
