/* tape_check.h — what the tape tests share: the finite-difference check of one leaf's
 * gradient (sl_gradcheck, h = 1e-2 in float32, |analytic - fd| <= 1e-3 * max(1, |analytic|)
 * per element: float32 rounding of an O(10) loss over 2h is ~5e-5, truncation h^2 f'''/6
 * stays below 2e-4 here), a weighted sum that gives every element its own weight, and
 * scrambled inputs. Include after <cmocka.h>. Header-only (static inline). */
#ifndef TAPE_CHECK_H
#define TAPE_CHECK_H

#include <math.h>
#include <string.h>

#include "sl_gradcheck.h"
#include "sl_tape.h"

#define FD_H 1e-2f
#define FD_TOL 1e-3
#define R 3
#define C 4

/* Distinct weights so a gradient sent to the wrong element shows up. */
static const float W34[R * C] = {0.7f, -1.3f, 0.4f, 1.9f, -0.6f, 1.1f, 2.3f, -0.9f, 0.25f, -1.7f, 0.85f, 1.4f};

/* Fills n values spread over [lo, hi] in a scrambled order. */
static inline void spread(float *v, int n, float lo, float hi)
{
    for (int i = 0; i < n; i++) {
        int j = (i * 7 + 3) % n;
        v[i] = lo + (hi - lo) * ((float)j + 0.5f) / (float)n;
    }
}

/* Runs backward, checks the analytic gradient of leaf against central differences,
 * and checks that the checker's own fresh backward leaves the same gradient. */
static inline void check_grad_at(SlTape *tape, SlNode loss, SlNode leaf, const char *what, const char *file, int line)
{
    assert_int_equal(sl_tape_status(tape), SL_OK);
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    size_t n = sl_size(tape, leaf);
    assert_true(n > 0 && n <= 64);
    const float *g = sl_grad(tape, leaf);
    if (!g) {
        print_error("%s: leaf has no gradient (state %s)\n", what, sl_grad_state_name(sl_grad_state(tape, leaf)));
        _fail(file, line);
    }
    float analytic[64], fd[64];
    memcpy(analytic, g, n * sizeof(float));
    assert_int_equal(sl_gradcheck(tape, loss, leaf, FD_H, fd), SL_OK);
    for (size_t i = 0; i < n; i++) {
        double a = analytic[i], f = fd[i];
        double tol = FD_TOL * fmax(1.0, fabs(a));
        if (!(fabs(a - f) <= tol)) {
            print_error("%s: element %zu analytic %.7g vs finite difference %.7g (tol %.3g)\n", what, i, a, f, tol);
            _fail(file, line);
        }
    }
    const float *again = sl_grad(tape, leaf);
    assert_non_null(again);
    for (size_t i = 0; i < n; i++) {
        if (memcmp(&again[i], &analytic[i], sizeof(float)) != 0) {
            print_error("%s: gradient after gradcheck %.7g differs from before %.7g at %zu (not a fresh backward?)\n",
                        what, (double)again[i], (double)analytic[i], i);
            _fail(file, line);
        }
    }
}
#define check_grad(tape, loss, leaf, what) check_grad_at((tape), (loss), (leaf), (what), __FILE__, __LINE__)

/* loss = sum(W ⊙ y) for a 3x4 y: every element gets its own weight. */
static inline SlNode weighted_sum(SlTape *tape, SlNode y)
{
    SlNode w = sl_const(tape, sl_rows(tape, y), sl_cols(tape, y), NULL);
    if (w == SL_NIL) return SL_NIL;
    float *wv = sl_value_mut(tape, w);
    size_t n = sl_size(tape, w);
    for (size_t i = 0; i < n; i++) wv[i] = W34[i % (R * C)] + 0.1f * (float)(i / (R * C));
    return sl_sum(tape, sl_mul(tape, y, w));
}

#endif
