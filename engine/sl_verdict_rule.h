/* sl_verdict_rule.h — the one definition of the stop rule (sl_verdict_judge, see
 * sl_verdict.h and docs/training.md), inline so the trainer's per-step judge compiles
 * it in place, with no call and no SlVerdictInput in memory. Internal header. */
#ifndef SL_VERDICT_RULE_H
#define SL_VERDICT_RULE_H

#include <math.h>

#include "sl_verdict.h"

/* The loss blew up: three orders of magnitude above where the run started (and above
 * the floor, so a run that starts at a perfect 0 is not "diverged" for any small loss). */
static inline int sl__verdict_blew_up(float loss, float start)
{
    float base = start > SL_VERDICT_BLOWUP_FLOOR ? start : SL_VERDICT_BLOWUP_FLOOR;
    return loss > SL_VERDICT_BLOWUP * base;
}

static inline SlStopReason sl__verdict_judge(const SlVerdictInput *in)
{
    if (!isfinite(in->t) || !isfinite(in->loss) || in->state == SL_GRAD_NAN ||
        sl__verdict_blew_up(in->loss, in->loss_start))
        return SL_STOP_DIVERGED;
    if (in->state == SL_GRAD_NONE) return SL_STOP_NO_GRADIENT;
    int stopped = in->since >= 1 && in->fixed_point;
    if (in->since >= SL_VERDICT_WINDOW && fabsf(in->t - in->window_t) < SL_VERDICT_MOVE) stopped = 1;
    if (stopped) {
        if (fabsf(in->t - in->target) <= SL_VERDICT_NEAR || in->hard_loss == 0.0f) return SL_STOP_CONVERGED;
        if (in->state == SL_GRAD_ZERO && in->thresholded) return SL_STOP_THRESHOLDED;
        if (in->state == SL_GRAD_ZERO)
            return (in->t < 0.0f || in->t > (float)(in->n - 1)) ? SL_STOP_ZERO_OUTSIDE : SL_STOP_ZERO_GRADIENT;
        if (fabsf(in->grad) < SL_VERDICT_VANISHED / (float)in->n) return SL_STOP_STALLED;
        if (in->since >= 1 && in->t == in->prev_t) return SL_STOP_TOO_SMALL;
        /* a healthy gradient and t still moving, slowly: not stalled */
    }
    if (in->max_steps > 0 && in->step >= in->max_steps) return SL_STOP_STEP_LIMIT;
    return SL_STOP_RUNNING;
}

#endif
