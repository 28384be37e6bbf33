/* sl_sweep.h — many trainings of the task at once: a grid over two of k, lr, w, t0,
 * momentum, k0 and k1, each cell trained from its own start by the one trainer
 * (SlTrainer) that `steplab train` and the window run, keeping the end, the verdict and
 * when t settled. Shared by `steplab sweep`, `steplab bench` and the window's map view.
 * Invariant: every cell is bit for bit what an SlTrainer run of the same settings gives. */
#ifndef SL_SWEEP_H
#define SL_SWEEP_H

#include <stdatomic.h>
#include <stddef.h>

#include "sl_optim.h"
#include "sl_task.h"
#include "sl_train.h"

typedef enum SlSweepParam {
    SL_SWEEP_K, SL_SWEEP_LR, SL_SWEEP_W, SL_SWEEP_T0, SL_SWEEP_MOMENTUM, SL_SWEEP_K0, SL_SWEEP_K1,
    SL_SWEEP_PARAM_COUNT
} SlSweepParam;

#define SL_SWEEP_AXIS_MAX 4096  /* values along one axis */
#define SL_SWEEP_SETTLE_RADIUS 0.5f /* |t - t*| below this counts as settled (settle_step) */

typedef struct SlSweepAxis {
    SlSweepParam param;
    float lo, hi;
    int count;        /* >= 1 */
    int log_spaced;   /* 1: geometric spacing (lo, hi > 0); 0: linear */
} SlSweepAxis;

/* What every cell shares: the task (task.t is t0), optimizer, annealing, gradient
 * threshold and step limit, as SlTrainer takes them. */
typedef struct SlSweepSetup {
    SlTaskConfig task;
    SlOptConfig opt;
    SlAnneal anneal;
    float grad_threshold;
    int steps;
} SlSweepSetup;

typedef struct SlSweepCell {
    float x, y;                          /* the two swept values */
    float t, loss, hard_loss, gap, grad; /* at the last row (row `steps`), gap = hard_loss - loss */
    SlGradState state;
    SlStopReason verdict;                /* the trainer's verdict, same words as `train` and the window */
    int verdict_step;                    /* the step at which the verdict was first reached (tr->stop_step; steps for step limit) */
    int settle_step;                     /* first step from which |t - t*| stays < SL_SWEEP_SETTLE_RADIUS to the end; -1 if never */
} SlSweepCell;

/* "k", "lr", "w", "t0", "momentum", "k0", "k1" ("?" otherwise). */
const char *sl_sweep_param_name(SlSweepParam p);
/* Parses one of those names; returns 1 and sets *out, or 0 for an unknown name. */
int sl_sweep_param_parse(const char *name, SlSweepParam *out);

/* The i-th value of an axis (0 <= i < count): lo at 0, hi at count - 1. */
float sl_sweep_axis_value(const SlSweepAxis *a, int i);

/* Checks setup and axes: counts, ranges, every value valid for the trainer, and that
 * each swept parameter changes the result. Returns SL_OK, or SL_ERR_ARG with a one-line
 * message in err, e.g. "k does nothing for smoothstep: sweep w". */
SlStatus sl_sweep_check(const SlSweepSetup *s, const SlSweepAxis *ax, const SlSweepAxis *ay, char *err, size_t err_len);

/* The settings of cell (ix, iy): s with the two swept values applied. */
void sl_sweep_cell_setup(const SlSweepSetup *s, const SlSweepAxis *ax, const SlSweepAxis *ay, int ix, int iy,
                         SlSweepSetup *out);

/* Trains one cell (ix along ax, iy along ay) with SlTrainer, stepping as `steplab train`
 * does (every step to the step limit); x holds the task's signal
 * (task.n floats). Returns SL_OK, SL_ERR_ARG for bad settings, or SL_ERR_NOMEM. */
SlStatus sl_sweep_cell(const SlSweepSetup *s, const float *x, const SlSweepAxis *ax, const SlSweepAxis *ay,
                       int ix, int iy, SlSweepCell *out);

/* Trains cells[iy * ax->count + ix] for all cells, on `threads` threads (<= 0: all
 * cores), each cell equal to sl_sweep_cell's. Stops early and returns SL_ERR_CANCELLED
 * when *cancel becomes non-zero (cancel may be NULL); cells then hold partial results.
 * Returns SL_ERR_ARG (with err) for what sl_sweep_check rejects, SL_ERR_NOMEM. */
SlStatus sl_sweep_run(const SlSweepSetup *s, const float *x, const SlSweepAxis *ax, const SlSweepAxis *ay,
                      int threads, const atomic_int *cancel, SlSweepCell *cells, char *err, size_t err_len);

/* sl_sweep_run with a chosen code path, for tests and benchmarks: lanes 0 takes the
 * widest SIMD kernel this CPU runs (cell by cell for N > 65536, where a trainer per lane
 * would hold too many copies of the signal), 1 trains cell by cell, 4, 8 or 16 that
 * kernel (SL_ERR_ARG when this machine has none). Every path gives the same cells. */
SlStatus sl_sweep_run_lanes(const SlSweepSetup *s, const float *x, const SlSweepAxis *ax, const SlSweepAxis *ay,
                            int threads, int lanes, const atomic_int *cancel, SlSweepCell *cells, char *err, size_t err_len);

/* Which code path sl_sweep_run takes on this machine: "avx512", "avx2", "sse2" or "scalar". */
const char *sl_sweep_simd_name(void);

#endif
