/* sl_gradcheck.c — central finite differences by replaying a tape.
 * The step is taken in float32 like everything else, so callers pick h and a
 * tolerance that float32 rounding allows (h ~ 1e-2 for losses of order 1); a step below
 * an element's float32 resolution becomes its spacing (sl_fd_step, docs/task.md §9). */
#include "sl_gradcheck.h"

#include <math.h>

float sl_fd_step(float x, float h)
{
    if (!isfinite(x) || (x + h > x && x - h < x)) return h; /* no spacing to take at NaN or inf */
    float a = fabsf(x);
    return nextafterf(a, INFINITY) - a;
}

SlStatus sl_gradcheck(SlTape *tape, SlNode loss, SlNode leaf, float h, float *fd_out)
{
    if (sl_tape_status(tape) != SL_OK) return sl_tape_status(tape);
    if (!(h > 0.0f) || sl_size(tape, loss) != 1 || sl_size(tape, leaf) == 0) return SL_ERR_ARG;
    float *x = sl_value_mut(tape, leaf);
    size_t n = sl_size(tape, leaf);
    for (size_t i = 0; i < n; i++) {
        float keep = x[i], step = sl_fd_step(keep, h);
        float hi = keep + step, lo = keep - step;
        x[i] = hi;
        SlStatus st = sl_tape_forward(tape);
        float plus = sl_value(tape, loss)[0];
        x[i] = lo;
        if (st == SL_OK) st = sl_tape_forward(tape);
        float minus = sl_value(tape, loss)[0];
        x[i] = keep;
        if (st != SL_OK) return st;
        fd_out[i] = (plus - minus) / (isfinite(keep) ? hi - lo : 2.0f * step);
    }
    SlStatus st = sl_tape_forward(tape);
    if (st != SL_OK) return st;
    return sl_tape_backward(tape, loss);
}

float sl_max_rel_diff(const float *a, const float *b, size_t n, float floor)
{
    float worst = 0.0f;
    for (size_t i = 0; i < n; i++) {
        if (isnan(a[i]) != isnan(b[i])) return NAN;
        if (isnan(a[i])) continue;
        float scale = fmaxf(fmaxf(fabsf(a[i]), fabsf(b[i])), floor);
        float rel = fabsf(a[i] - b[i]) / scale;
        if (rel > worst) worst = rel;
    }
    return worst;
}
