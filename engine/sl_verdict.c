/* sl_verdict.c — the stop rule and its words (see sl_verdict.h, docs/training.md).
 * Pure functions of what they are given: the trainer and the per-channel filter feed
 * them, so every face says the same thing for the same run. */
#include "sl_verdict.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *sl_stop_reason_str(SlStopReason reason)
{
    switch (reason) {
    case SL_STOP_RUNNING: return "running";
    case SL_STOP_CONVERGED: return "converged";
    case SL_STOP_DIVERGED: return "diverged";
    case SL_STOP_NO_GRADIENT: return "stalled: no gradient";
    case SL_STOP_STALLED: return "stalled: gradient vanished";
    case SL_STOP_ZERO_GRADIENT: return "stalled: zero gradient";
    case SL_STOP_ZERO_OUTSIDE: return "stalled: zero gradient (t is outside 0..N-1)";
    case SL_STOP_TOO_SMALL: return "stalled: update below t's float32 resolution";
    case SL_STOP_STEP_LIMIT: return "step limit";
    }
    return "?";
}

const char *sl_stop_reason_short(SlStopReason reason)
{
    static const char prefix[] = "stalled: ";
    const char *s = sl_stop_reason_str(reason);
    return strncmp(s, prefix, sizeof prefix - 1) == 0 ? s + sizeof prefix - 1 : s;
}

/* The loss blew up: three orders of magnitude above where the run started (and above
 * the floor, so a run that starts at a perfect 0 is not "diverged" for any small loss). */
static int blew_up(float loss, float start)
{
    float base = start > SL_VERDICT_BLOWUP_FLOOR ? start : SL_VERDICT_BLOWUP_FLOOR;
    return loss > SL_VERDICT_BLOWUP * base;
}

SlStopReason sl_verdict_judge(const SlVerdictInput *in)
{
    if (!isfinite(in->t) || !isfinite(in->loss) || in->state == SL_GRAD_NAN || blew_up(in->loss, in->loss_start))
        return SL_STOP_DIVERGED;
    if (in->state == SL_GRAD_NONE) return SL_STOP_NO_GRADIENT;
    int stopped = in->since >= 1 && in->fixed_point;
    if (in->since >= SL_VERDICT_WINDOW && fabsf(in->t - in->window_t) < SL_VERDICT_MOVE) stopped = 1;
    if (stopped) {
        if (fabsf(in->t - in->target) <= SL_VERDICT_NEAR || in->hard_loss == 0.0f) return SL_STOP_CONVERGED;
        if (in->state == SL_GRAD_ZERO)
            return (in->t < 0.0f || in->t > (float)(in->n - 1)) ? SL_STOP_ZERO_OUTSIDE : SL_STOP_ZERO_GRADIENT;
        if (fabsf(in->grad) < SL_VERDICT_VANISHED / (float)in->n) return SL_STOP_STALLED;
        if (in->since >= 1 && in->t == in->prev_t) return SL_STOP_TOO_SMALL;
        /* a healthy gradient and t still moving, slowly: not stalled */
    }
    if (in->max_steps > 0 && in->step >= in->max_steps) return SL_STOP_STEP_LIMIT;
    return SL_STOP_RUNNING;
}

void sl_verdict_no_gradient_note(char *buf, size_t len, SlMaskKind mask, const char *param, int stuck,
                                 int total, float t)
{
    static const char tf[] = "(TensorFlow: \"Gradients do not exist for variables ['t'] when minimizing the loss.\")";
    if (total <= 1)
        snprintf(buf, len,
                 "%s has no gradient: the %s mask cuts every path from the loss to %s, so the optimizer "
                 "leaves %s at %g. %s Use a soft mask such as logistic or smoothstep.",
                 param, sl_mask_name(mask), param, param, (double)t, tf);
    else
        snprintf(buf, len,
                 "%d of %d %s have no gradient: the %s mask cuts every path from the loss to %s, so the "
                 "optimizer leaves them where they are. %s",
                 stuck, total, strcmp(param, "t_c") == 0 ? "channels" : "parameters", sl_mask_name(mask), param, tf);
}
