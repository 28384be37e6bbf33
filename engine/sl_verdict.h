/* sl_verdict.h — the one rule that says why a training run stopped, and the words for it.
 * The trainer (train, the window, the threshold lesson) judges every row with
 * sl_verdict_judge; the CLI, the window and the per-channel filter print these words
 * and no others. The rule and its constants are documented in docs/training.md. */
#ifndef SL_VERDICT_H
#define SL_VERDICT_H

#include <stddef.h>
#include "sl_grad.h"
#include "sl_mask.h"

typedef enum SlStopReason {
    SL_STOP_RUNNING = 0,
    SL_STOP_CONVERGED,      /* t stopped within SL_VERDICT_NEAR of t*, or where the hard step is exact */
    SL_STOP_DIVERGED,       /* t or the loss is not finite, a NaN gradient, or the loss blew up */
    SL_STOP_NO_GRADIENT,    /* the gradient is none: nothing can move t */
    SL_STOP_STALLED,        /* t stopped with a gradient orders of magnitude below its scale 1/N */
    SL_STOP_ZERO_GRADIENT,  /* t stopped on an exactly zero gradient, t inside 0..N-1 */
    SL_STOP_ZERO_OUTSIDE,   /* t stopped on an exactly zero gradient, t outside 0..N-1 */
    SL_STOP_TOO_SMALL,      /* a healthy gradient, but lr * g is below t's float32 resolution */
    SL_STOP_THRESHOLDED,    /* t stopped because gradient thresholding zeroed its gradient */
    SL_STOP_STEP_LIMIT      /* none of the above by the last step (always the last value) */
} SlStopReason;

#define SL_STOP_REASON_COUNT (SL_STOP_STEP_LIMIT + 1)

#define SL_VERDICT_WINDOW 10         /* steps over which t must move ... */
#define SL_VERDICT_MOVE 1e-3f        /* ... at least this far, or it has stopped */
#define SL_VERDICT_NEAR 1.0f         /* stopped within a sample of t*: converged */
#define SL_VERDICT_VANISHED 1e-3f    /* |g| below this times 1/N: the gradient vanished */
#define SL_VERDICT_BLOWUP 1000.0f    /* loss above this times max(start loss, ... */
#define SL_VERDICT_BLOWUP_FLOOR 1e-3f /* ... this floor): diverged (three orders of magnitude) */

/* The verdict for a person, e.g. "stalled: no gradient" (static, never NULL). */
const char *sl_stop_reason_str(SlStopReason reason);
/* The same words without the "stalled: " prefix, for a line that names the family
 * first ("hard: no gradient"). */
const char *sl_stop_reason_short(SlStopReason reason);

/* What the rule sees at row `step` of a run (the state after `step` updates). */
typedef struct SlVerdictInput {
    int step;            /* the row being judged */
    int since;           /* updates since the run (re)started: reset, retask or a moved t */
    int max_steps;       /* the step limit (<= 0: none) */
    int n;               /* positions 0..n-1 */
    float target;        /* t* */
    float t, loss;       /* at this row */
    float hard_loss;     /* the hard mask's loss at t: 0 when its step reproduces the target */
    float grad;          /* the gradient the optimizer will use at this row (after thresholding) */
    SlGradState state;   /* its state */
    int thresholded;     /* 1: the task's gradient was a value that thresholding zeroed */
    float loss_start;    /* the loss where the run (re)started */
    float prev_t;        /* t one row earlier (meaningful when since >= 1) */
    float window_t;      /* t SL_VERDICT_WINDOW rows earlier (meaningful when since >= that) */
    int fixed_point;     /* the next update provably repeats the last one, which left t
                          * where it was (plain SGD with the same t and k) */
} SlVerdictInput;

/* The rule, in order: diverged; no gradient; then, once t has stopped (a fixed point, or
 * moved less than SL_VERDICT_MOVE over SL_VERDICT_WINDOW updates): converged within
 * SL_VERDICT_NEAR of t* or where the hard step at t reproduces the target (hard loss 0),
 * gradient below the threshold (thresholding zeroed a value), zero gradient (inside or
 * outside 0..N-1), gradient vanished (|g| < SL_VERDICT_VANISHED/N),
 * update below t's float32 resolution (the last update left t unchanged); else the step
 * limit at max_steps; else running. A stopped t with a healthy gradient that still moves
 * is running (slow, not stalled). */
SlStopReason sl_verdict_judge(const SlVerdictInput *in);

/* The one wording of "no gradient" for a person: `stuck` of `total` learnable parameters
 * named `param` ("t", "t_c") have no gradient under mask; t is where the single one stays
 * (total == 1). Writes at most len bytes into buf. */
void sl_verdict_no_gradient_note(char *buf, size_t len, SlMaskKind mask, const char *param, int stuck,
                                 int total, float t);

#endif
