/* sl_sweep.h — many trainings of the task at once: a grid of (k, lr) cells, each
 * trained from the same start for the same number of steps, keeping only the end.
 * The same fused kernel and optimizer as SlTrainer, without the history. */
#ifndef SL_SWEEP_H
#define SL_SWEEP_H

#include "sl_optim.h"
#include "sl_task.h"
#include "sl_train.h"

typedef struct SlSweepCell {
    float k, lr;
    float t, loss, hard_loss, grad;  /* at the end */
    SlGradState state;
    SlStopReason stop;               /* diverged / no gradient / step limit */
    int steps;                       /* steps taken (fewer when it diverged) */
} SlSweepCell;

/* Trains nk * nlr cells (row-major: k varies slowest) for `steps` steps each, writing
 * cells[nk * nlr]. x holds task->n floats. Returns SL_ERR_ARG (with err) for a bad task,
 * optimizer, count or steps. */
SlStatus sl_sweep_run(const SlTaskConfig *task, const SlOptConfig *opt, const float *x,
                      const float *ks, int nk, const float *lrs, int nlr, int steps,
                      SlSweepCell *cells, char *err, size_t err_len);

/* Fills out[0..count) with count values spaced evenly in log from lo to hi (lo, hi > 0). */
void sl_logspace(float lo, float hi, int count, float *out);

#endif
