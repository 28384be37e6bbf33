/* sl_verdict_rule.h — the one definition of the stop rule (sl_verdict_judge, see
 * sl_verdict.h and docs/training.md), inline so the trainer's per-step judge compiles
 * it in place, with no call and no SlVerdictInput in memory. Internal header. */
#ifndef SL_VERDICT_RULE_H
#define SL_VERDICT_RULE_H

#include <math.h>

#include "sl_verdict.h"
#include "sl_rule_inline.h"


/* The loss above which a run that started at loss `start` blew up: three orders of
 * magnitude above it (and above the floor, so a run that starts at a perfect 0 is not
 * "diverged" for any small loss). A function of the start alone: a caller that judges many
 * rows of one run may keep it. */
SL__RULE_INLINE float sl__verdict_blowup_level(float start)
{
    float base = start > SL_VERDICT_BLOWUP_FLOOR ? start : SL_VERDICT_BLOWUP_FLOOR;
    return SL_VERDICT_BLOWUP * base;
}

/* The rule's gates, each a pure function of a row's numbers, written with & and | (no
 * branch) so that a loop over many runs side by side vectorises (sl_train.c's lanes).
 * sl__verdict_judge is built from them, and sl__verdict_quiet is their conjunction. */

/* Diverged: t or the loss is not finite, a NaN gradient, or the loss above blowup_level
 * (sl__verdict_blowup_level of the start loss). */
SL__RULE_INLINE int sl__verdict_diverged(float t, float loss, SlGradState state, float blowup_level)
{
    return !isfinite(t) | !isfinite(loss) | (state == SL_GRAD_NAN) | (loss > blowup_level);
}

/* t has stopped: a fixed point, or t moved less than SL_VERDICT_MOVE over the last
 * SL_VERDICT_WINDOW updates (window_t is read only when since reaches the window). */
SL__RULE_INLINE int sl__verdict_stopped(int since, int fixed_point, float t, float window_t)
{
    return ((since >= 1) & (fixed_point != 0)) |
           ((since >= SL_VERDICT_WINDOW) & (fabsf(t - window_t) < SL_VERDICT_MOVE));
}

SL__RULE_INLINE int sl__verdict_at_limit(int step, int max_steps) { return (max_steps > 0) & (step >= max_steps); }

/* Whether no gate of the rule opens at this row: not diverged, a gradient (not none),
 * t not stopped, before the step limit. Then sl__verdict_judge returns SL_STOP_RUNNING
 * (it tests exactly these gates first and can return anything else only through one of
 * them), so a caller that judges many runs may test this cheap conjunction for all of them
 * and call the rule only where it fails. The converse does not hold: a stopped t with a
 * healthy gradient that still moves is running too. test_train pins the two together. */
SL__RULE_INLINE int sl__verdict_quiet(int diverged, SlGradState state, int stopped, int at_limit)
{
    return !diverged & (state != SL_GRAD_NONE) & !stopped & !at_limit;
}

static inline SlStopReason sl__verdict_judge(const SlVerdictInput *in)
{
    if (sl__verdict_diverged(in->t, in->loss, in->state, sl__verdict_blowup_level(in->loss_start)))
        return SL_STOP_DIVERGED;
    if (in->state == SL_GRAD_NONE) return SL_STOP_NO_GRADIENT;
    if (sl__verdict_stopped(in->since, in->fixed_point, in->t, in->window_t)) {
        if (fabsf(in->t - in->target) <= SL_VERDICT_NEAR || in->hard_loss == 0.0f) return SL_STOP_CONVERGED;
        if (in->state == SL_GRAD_ZERO && in->thresholded) return SL_STOP_THRESHOLDED;
        if (in->state == SL_GRAD_ZERO)
            return (in->t < 0.0f || in->t > (float)(in->n - 1)) ? SL_STOP_ZERO_OUTSIDE : SL_STOP_ZERO_GRADIENT;
        if (fabsf(in->grad) < SL_VERDICT_VANISHED / (float)in->n) return SL_STOP_STALLED;
        if (in->since >= 1 && in->t == in->prev_t) return SL_STOP_TOO_SMALL;
        /* a healthy gradient and t still moving, slowly: not stalled */
    }
    if (sl__verdict_at_limit(in->step, in->max_steps)) return SL_STOP_STEP_LIMIT;
    return SL_STOP_RUNNING;
}

#endif
