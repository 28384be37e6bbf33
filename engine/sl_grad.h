/* sl_grad.h — the four gradient states every face of steplab reports.
 * none: no differentiable path reached the parameter; zero: a path exists and the
 * value is exactly 0; nan: a NaN reached the gradient; value: finite and non-zero. */
#ifndef SL_GRAD_H
#define SL_GRAD_H

#include <stddef.h>

typedef enum SlGradState {
    SL_GRAD_NONE = 0,
    SL_GRAD_ZERO,
    SL_GRAD_NAN,
    SL_GRAD_VALUE
} SlGradState;

/* Returns "none", "zero", "nan" or "value". */
const char *sl_grad_state_name(SlGradState state);

/* Classifies one gradient element: reached == 0 gives none; NaN gives nan;
 * exactly +-0 gives zero; anything else (including +-inf) gives value. Inline: the
 * sweep classifies every lane's gradient at every step. */
static inline SlGradState sl_grad_state_of(int reached, float g)
{
    if (!reached) return SL_GRAD_NONE;
    if (g != g) return SL_GRAD_NAN;
    if (g == 0.0f) return SL_GRAD_ZERO;
    return SL_GRAD_VALUE;
}

/* Classifies a whole gradient tensor of n elements (grad may be NULL when !reached):
 * none if not reached, nan if any element is NaN, zero if all are 0, else value. */
SlGradState sl_grad_state_of_array(int reached, const float *grad, size_t n);

#endif
