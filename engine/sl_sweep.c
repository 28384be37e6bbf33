/* sl_sweep.c — the (k, lr) grid: one lean training loop per cell. */
#include "sl_sweep.h"

#include <math.h>
#include <stdio.h>

void sl_logspace(float lo, float hi, int count, float *out)
{
    for (int i = 0; i < count; i++) {
        double f = count > 1 ? (double)i / (double)(count - 1) : 0.0;
        out[i] = (float)exp(log((double)lo) + (log((double)hi) - log((double)lo)) * f);
    }
}

SlStatus sl_sweep_run(const SlTaskConfig *task, const SlOptConfig *opt, const float *x,
                      const float *ks, int nk, const float *lrs, int nlr, int steps,
                      SlSweepCell *cells, char *err, size_t err_len)
{
    if (sl_task_validate(task, err, err_len) != SL_OK) return SL_ERR_ARG;
    if (nk < 1 || nlr < 1 || steps < 0) {
        snprintf(err, err_len, "a sweep needs at least one k, one lr and steps >= 0");
        return SL_ERR_ARG;
    }
    for (int a = 0; a < nk; a++) {
        SlTaskConfig cfg = *task;
        cfg.k = ks[a];
        if (sl_task_validate(&cfg, err, err_len) != SL_OK) return SL_ERR_ARG;
        for (int b = 0; b < nlr; b++) {
            SlOptConfig o = *opt;
            o.lr = lrs[b];
            if (sl_optim_validate(&o, err, err_len) != SL_OK) return SL_ERR_ARG;
            SlOptState st = {0};
            float t = cfg.t;
            SlTaskEval e = sl_task_eval_fast(&cfg, x, t);
            SlSweepCell *c = &cells[a * nlr + b];
            c->stop = SL_STOP_STEP_LIMIT;
            int s = 0;
            for (; s < steps; s++) {
                if (e.state == SL_GRAD_NONE) { c->stop = SL_STOP_NO_GRADIENT; break; }
                if (e.state == SL_GRAD_NAN || !isfinite(t) || !isfinite(e.loss)) { c->stop = SL_STOP_DIVERGED; break; }
                sl_optim_step(&o, &st, &t, e.grad, e.state);
                e = sl_task_eval_fast(&cfg, x, t);
            }
            if (e.state == SL_GRAD_NAN || !isfinite(t) || !isfinite(e.loss)) c->stop = SL_STOP_DIVERGED;
            c->k = cfg.k;
            c->lr = o.lr;
            c->t = t;
            c->loss = e.loss;
            c->grad = e.grad;
            c->state = e.state;
            c->hard_loss = sl_task_hard_loss(&cfg, x, t);
            c->steps = s;
        }
    }
    return SL_OK;
}
