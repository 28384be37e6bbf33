/* sl_verdict.c — the stop rule and its words (see sl_verdict.h, docs/training.md).
 * Pure functions of what they are given: the trainer and the per-channel filter feed
 * them, so every face says the same thing for the same run. */
#include "sl_verdict.h"
#include "sl_verdict_rule.h"

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
    case SL_STOP_THRESHOLDED: return "stalled: gradient below the threshold";
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

SlStopReason sl_verdict_judge(const SlVerdictInput *in) { return sl__verdict_judge(in); }

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
