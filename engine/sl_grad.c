/* sl_grad.c — classifying gradients into none / zero / nan / value. */
#include "sl_grad.h"

#include <math.h>

const char *sl_grad_state_name(SlGradState state)
{
    switch (state) {
    case SL_GRAD_NONE: return "none";
    case SL_GRAD_ZERO: return "zero";
    case SL_GRAD_NAN: return "nan";
    case SL_GRAD_VALUE: return "value";
    }
    return "?";
}


SlGradState sl_grad_state_of_array(int reached, const float *grad, size_t n)
{
    if (!reached || !grad) return SL_GRAD_NONE;
    int any_nonzero = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(grad[i])) return SL_GRAD_NAN;
        if (grad[i] != 0.0f) any_nonzero = 1;
    }
    return any_nonzero ? SL_GRAD_VALUE : SL_GRAD_ZERO;
}
