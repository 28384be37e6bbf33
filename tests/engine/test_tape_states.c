/* test_tape_states.c — what the tape says besides numbers: the none and zero gradient
 * states (docs/task.md §3), sticky errors, the stable sigmoid, and docs/task.md §7's
 * lesson-6 NaN results built from tape ops. The ops against finite differences are
 * test_tape.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "qa_assert.h"
#include "sl_gradcheck.h"
#include "sl_tape.h"
#include "tape_check.h"

/* ---- the none state: no path ---------------------------------------------------- */

static void test_tape_compare_ops_give_state_none(void **state)
{
    (void)state;
    SlTape *tape = sl_tape_create();
    const float xv[5] = {-2.0f, -0.5f, 0.0f, 0.5f, 2.0f};
    for (int which = 0; which < 2; which++) {
        sl_tape_reset(tape);
        SlNode x = sl_param(tape, 1, 5, xv);
        SlNode zero = sl_scalar(tape, 0.0f);
        SlNode cmp = which ? sl_gt(tape, x, zero) : sl_lt(tape, x, zero);
        const float *cv = sl_value(tape, cmp);
        for (int i = 0; i < 5; i++)
            assert_bits(cv[i], (which ? xv[i] > 0.0f : xv[i] < 0.0f) ? 1.0f : 0.0f);
        SlNode loss = sl_sum(tape, cmp);
        assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
        assert_int_equal(sl_grad_state(tape, x), SL_GRAD_NONE);
        assert_null(sl_grad(tape, x));
        SlNodeInfo info;
        assert_int_equal(sl_node_info(tape, cmp, &info), SL_OK);
        assert_int_equal(info.requires_grad, 0);
        assert_int_equal(info.edge_cut[0], 1);
        assert_int_equal(info.edge_cut[1], 1);
    }
    /* a compare that multiplies a real path: the path's parameter has a value, x has none */
    sl_tape_reset(tape);
    SlNode x = sl_param(tape, 1, 5, xv);
    SlNode y = sl_param(tape, 1, 5, xv);
    SlNode loss = sl_sum(tape, sl_mul(tape, sl_lt(tape, x, sl_scalar(tape, 0.0f)), sl_square(tape, y)));
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    assert_int_equal(sl_grad_state(tape, x), SL_GRAD_NONE);
    assert_null(sl_grad(tape, x));
    assert_int_equal(sl_grad_state(tape, y), SL_GRAD_VALUE);
    assert_rel(sl_grad(tape, y)[0], -4.0, 1e-7);
    assert_true(sl_grad(tape, y)[4] == 0.0f);
    /* where's condition is not a path either */
    sl_tape_reset(tape);
    x = sl_param(tape, 1, 5, xv);
    loss = sl_sum(tape, sl_where(tape, x, sl_scalar(tape, 2.0f), sl_scalar(tape, 3.0f)));
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    assert_int_equal(sl_grad_state(tape, x), SL_GRAD_NONE);
    assert_null(sl_grad(tape, x));
    sl_tape_destroy(tape);
}

static void test_tape_hard_mask_gives_state_none(void **state)
{
    (void)state;
    SlTape *tape = sl_tape_create();
    float t = 3.5f;
    SlNode tn = sl_param(tape, 1, 1, &t);
    SlNode m = sl_mask_op(tape, SL_MASK_HARD, sl_sub(tape, tn, sl_arange(tape, 8)), 1.0f, 4.0f);
    for (int i = 0; i < 8; i++) assert_bits(sl_value(tape, m)[i], i < 3.5f ? 1.0f : 0.0f);
    float target[8] = {1, 1, 1, 1, 1, 1, 0, 0};
    SlNode loss = sl_mean(tape, sl_square(tape, sl_sub(tape, m, sl_const(tape, 1, 8, target))));
    assert_rel(sl_value(tape, loss)[0], 2.0 / 8.0, 1e-7);
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    assert_int_equal(sl_grad_state(tape, tn), SL_GRAD_NONE);
    assert_null(sl_grad(tape, tn));
    SlNodeInfo info;
    assert_int_equal(sl_node_info(tape, m, &info), SL_OK);
    assert_int_equal(info.edge_cut[0], 1);
    assert_int_equal(info.requires_grad, 0);
    /* a soft family on the same graph has a path */
    sl_tape_reset(tape);
    tn = sl_param(tape, 1, 1, &t);
    m = sl_mask_op(tape, SL_MASK_LOGISTIC, sl_sub(tape, tn, sl_arange(tape, 8)), 1.0f, 4.0f);
    loss = sl_mean(tape, sl_square(tape, sl_sub(tape, m, sl_const(tape, 1, 8, target))));
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    assert_int_equal(sl_grad_state(tape, tn), SL_GRAD_VALUE);
    assert_int_equal(sl_node_info(tape, m, &info), SL_OK);
    assert_int_equal(info.edge_cut[0], 0);
    sl_tape_destroy(tape);
}

/* ---- the zero state: a path whose value is exactly 0 ---------------------------- */

static void test_tape_path_with_value_zero_gives_state_zero(void **state)
{
    (void)state;
    SlTape *tape = sl_tape_create();
    /* smoothstep far outside its band */
    const float dv[3] = {100.0f, -100.0f, 37.0f};
    SlNode d = sl_param(tape, 1, 3, dv);
    SlNode loss = weighted_sum(tape, sl_mask_op(tape, SL_MASK_SMOOTHSTEP, d, 1.0f, 4.0f));
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    assert_int_equal(sl_grad_state(tape, d), SL_GRAD_ZERO);
    assert_non_null(sl_grad(tape, d));
    for (int i = 0; i < 3; i++) assert_bits(sl_grad(tape, d)[i], 0.0f);

    /* a saturated sigmoid: float32 σ(20) is exactly 1, so σ' = y(1-y) = 0 */
    sl_tape_reset(tape);
    float x = 20.0f;
    SlNode xn = sl_param(tape, 1, 1, &x);
    loss = sl_sum(tape, sl_sigmoid(tape, xn));
    assert_bits(sl_value(tape, loss)[0], 1.0f);
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    assert_int_equal(sl_grad_state(tape, xn), SL_GRAD_ZERO);
    assert_non_null(sl_grad(tape, xn));
    assert_bits(sl_grad(tape, xn)[0], 0.0f);

    /* ... while on the far side σ'(-80) stays tiny but positive (≈ e^-80) */
    sl_tape_reset(tape);
    x = -80.0f;
    xn = sl_param(tape, 1, 1, &x);
    loss = sl_sum(tape, sl_sigmoid(tape, xn));
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    assert_int_equal(sl_grad_state(tape, xn), SL_GRAD_VALUE);
    assert_true(sl_grad(tape, xn)[0] > 0.0f);
    assert_rel(sl_grad(tape, xn)[0], exp(-80.0), 1e-3);

    /* the logistic mask family saturates the same way: k(t - i) = 20 */
    sl_tape_reset(tape);
    x = 20.0f;
    xn = sl_param(tape, 1, 1, &x);
    loss = sl_sum(tape, sl_mask_op(tape, SL_MASK_LOGISTIC, xn, 1.0f, 4.0f));
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    assert_int_equal(sl_grad_state(tape, xn), SL_GRAD_ZERO);
    sl_tape_destroy(tape);
}

/* ---- sticky errors ----------------------------------------------------------------- */

static void test_tape_shape_mismatch_is_sticky(void **state)
{
    (void)state;
    SlTape *tape = sl_tape_create();
    SlNode a = sl_param(tape, 2, 3, NULL);
    SlNode b = sl_param(tape, 3, 2, NULL);
    SlNode bad = sl_add(tape, a, b);
    assert_int_equal(bad, SL_NIL);
    assert_int_equal(sl_tape_status(tape), SL_ERR_SHAPE);
    const char *msg = sl_tape_error(tape);
    assert_non_null(msg);
    assert_true(strlen(msg) > 0);
    assert_non_null(strstr(msg, "2x3"));
    assert_non_null(strstr(msg, "3x2"));
    char first[256];
    snprintf(first, sizeof first, "%s", msg);
    /* every later op returns SL_NIL, including ops on good nodes and on SL_NIL itself */
    assert_int_equal(sl_mul(tape, a, a), SL_NIL);
    assert_int_equal(sl_exp(tape, bad), SL_NIL);
    assert_int_equal(sl_sum(tape, bad), SL_NIL);
    assert_int_equal(sl_where(tape, a, a, a), SL_NIL);
    assert_int_equal(sl_masked_select(tape, a, a), SL_NIL);
    assert_int_equal(sl_mask_op(tape, SL_MASK_LOGISTIC, a, 1.0f, 1.0f), SL_NIL);
    assert_int_equal(sl_const(tape, 1, 1, NULL), SL_NIL);
    assert_int_equal(sl_scalar(tape, 1.0f), SL_NIL);
    assert_int_equal(sl_clamp(tape, a, 1.0f, 0.0f), SL_NIL);
    assert_true(sl_tape_backward(tape, bad) != SL_OK);
    assert_true(sl_tape_forward(tape) != SL_OK);
    float fd[6];
    assert_true(sl_gradcheck(tape, bad, a, FD_H, fd) != SL_OK);
    /* the first message is kept */
    assert_int_equal(sl_tape_status(tape), SL_ERR_SHAPE);
    assert_string_equal(sl_tape_error(tape), first);
    /* reset clears it */
    sl_tape_reset(tape);
    assert_int_equal(sl_tape_status(tape), SL_OK);
    assert_true(sl_scalar(tape, 1.0f) != SL_NIL);
    sl_tape_destroy(tape);
}

static void test_tape_bad_arguments_are_errors_not_crashes(void **state)
{
    (void)state;
    SlTape *tape = sl_tape_create();
    SlNode a = sl_param(tape, 1, 4, NULL);
    /* SL_NIL as an input */
    assert_int_equal(sl_exp(tape, SL_NIL), SL_NIL);
    assert_int_equal(sl_tape_status(tape), SL_ERR_ARG);
    sl_tape_reset(tape);
    a = sl_param(tape, 1, 4, NULL);
    assert_int_equal(sl_add(tape, a, 99), SL_NIL);
    assert_int_equal(sl_tape_status(tape), SL_ERR_ARG);
    /* mask steepness/width must be finite and > 0 */
    const float bad_values[] = {0.0f, -1.0f, NAN, INFINITY};
    for (size_t i = 0; i < sizeof bad_values / sizeof bad_values[0]; i++) {
        sl_tape_reset(tape);
        a = sl_param(tape, 1, 4, NULL);
        assert_int_equal(sl_mask_op(tape, SL_MASK_LOGISTIC, a, bad_values[i], 1.0f), SL_NIL);
        assert_int_equal(sl_tape_status(tape), SL_ERR_ARG);
        assert_non_null(strstr(sl_tape_error(tape), "k"));
        sl_tape_reset(tape);
        a = sl_param(tape, 1, 4, NULL);
        assert_int_equal(sl_mask_op(tape, SL_MASK_SMOOTHSTEP, a, 1.0f, bad_values[i]), SL_NIL);
        assert_int_equal(sl_tape_status(tape), SL_ERR_ARG);
    }
    /* clamp bounds that are not an interval */
    sl_tape_reset(tape);
    a = sl_param(tape, 1, 4, NULL);
    assert_int_equal(sl_clamp(tape, a, 1.0f, -1.0f), SL_NIL);
    assert_int_equal(sl_tape_status(tape), SL_ERR_ARG);
    /* backward needs a 1 x 1 loss */
    sl_tape_reset(tape);
    a = sl_param(tape, 1, 4, NULL);
    assert_int_equal(sl_tape_backward(tape, sl_exp(tape, a)), SL_ERR_SHAPE);
    assert_true(strlen(sl_tape_error(tape)) > 0);
    /* a tensor over the element limit is an error, not a crash */
    sl_tape_reset(tape);
    assert_int_equal(sl_const(tape, 100000, 100000, NULL), SL_NIL);
    assert_int_equal(sl_tape_status(tape), SL_ERR_NOMEM);
    /* where with shapes that do not broadcast */
    sl_tape_reset(tape);
    a = sl_param(tape, 1, 4, NULL);
    SlNode b = sl_param(tape, 1, 3, NULL);
    assert_int_equal(sl_where(tape, a, a, b), SL_NIL);
    assert_int_equal(sl_tape_status(tape), SL_ERR_SHAPE);
    /* more nodes than SL_MAX_NODES */
    sl_tape_reset(tape);
    SlNode x = sl_scalar(tape, 1.0f);
    for (int i = 0; i < SL_MAX_NODES + 10; i++) x = sl_neg(tape, x);
    assert_int_equal(x, SL_NIL);
    assert_int_equal(sl_tape_status(tape), SL_ERR_NOMEM);
    sl_tape_destroy(tape);
}

/* ---- the stable sigmoid ------------------------------------------------------------ */

static void test_tape_sigmoidf_is_finite_for_every_finite_input(void **state)
{
    (void)state;
    const float xs[] = {-FLT_MAX, -1e30f, -1000.0f, -104.0f, -88.8f, -88.72f, -88.7f, -50.0f, -16.6355324f,
                        -1.0f, -FLT_MIN, -1e-45f, -0.0f, 0.0f, 1e-45f, FLT_MIN, 1.0f, 16.5f, 16.6355324f,
                        50.0f, 88.7f, 88.8f, 1000.0f, 1e30f, FLT_MAX};
    float prev = -1.0f;
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        float s = sl_sigmoidf(xs[i]);
        if (isnan(s) || s < 0.0f || s > 1.0f || s < prev) {
            print_error("sl_sigmoidf(%g) = %g (previous %g)\n", (double)xs[i], (double)s, (double)prev);
            fail();
        }
        prev = s;
    }
    assert_bits(sl_sigmoidf(-FLT_MAX), 0.0f);
    assert_bits(sl_sigmoidf(FLT_MAX), 1.0f);
    assert_bits(sl_sigmoidf(0.0f), 0.5f);
    assert_rel(sl_sigmoidf(-1.0f), 1.0 / (1.0 + exp(1.0)), 1e-6);
    /* float32 facts of docs/task.md §6: exactly 1 from 16.6355324, below it not yet */
    assert_bits(sl_sigmoidf(16.6355324f), 1.0f);
    assert_true(sl_sigmoidf(16.5f) < 1.0f);
    assert_true(sl_sigmoidf(-88.0f) > 0.0f);
    /* the mask families with k (t - i) at the float32 extremes */
    const float ks[] = {1e-30f, 1.0f, 1e30f, FLT_MAX};
    const float ds[] = {-FLT_MAX, -1e20f, -1.0f, 0.0f, 1.0f, 1e20f, FLT_MAX};
    for (size_t a = 0; a < sizeof ks / sizeof ks[0]; a++)
        for (size_t b = 0; b < sizeof ds / sizeof ds[0]; b++)
            for (int kind = 0; kind < SL_MASK_COUNT; kind++) {
                float m = sl_mask_value((SlMaskKind)kind, ds[b], ks[a], 4.0f);
                float slope = sl_mask_slope((SlMaskKind)kind, ds[b], m, ks[a], 4.0f);
                if (isnan(m) || m < 0.0f || m > 1.0f || isnan(slope)) {
                    print_error("%s at k=%g d=%g: m=%g slope=%g\n", sl_mask_name((SlMaskKind)kind),
                                (double)ks[a], (double)ds[b], (double)m, (double)slope);
                    fail();
                }
            }
}

/* ---- lesson 6: zero is not NaN (docs/task.md §7) ----------------------------------------- */

static const float L6_X[11] = {-10, -5, 0, 5, 10, 50, 60, 70, 80, 90, 100};

/* grad of sum(where(x < 0, exp(x), 1)) is [4.54e-5, 6.74e-3, 0 x7, nan, nan] */
static void test_tape_lesson6_where_exp_gives_nan_where_exp_overflows(void **state)
{
    (void)state;
    SlTape *tape = sl_tape_create();
    SlNode x = sl_param(tape, 1, 11, L6_X);
    SlNode cond = sl_lt(tape, x, sl_scalar(tape, 0.0f));
    SlNode e = sl_exp(tape, x);
    SlNode loss = sl_sum(tape, sl_where(tape, cond, e, sl_scalar(tape, 1.0f)));
    assert_true(isinf(sl_value(tape, e)[9]) != 0);  /* exp(90) overflows float32 */
    assert_true(!isinf(sl_value(tape, e)[8])); /* exp(80) does not */
    assert_true(!isnan(sl_value(tape, loss)[0]));
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    const float *g = sl_grad(tape, x);
    assert_non_null(g);
    assert_rel(g[0], 4.54e-5, 1e-3);
    assert_rel(g[1], 6.74e-3, 1e-3);
    assert_rel(g[0], exp(-10.0), 1e-6);
    assert_rel(g[1], exp(-5.0), 1e-6);
    for (int i = 2; i <= 8; i++) assert_bits(g[i], 0.0f);
    assert_is_nan(g[9]);
    assert_is_nan(g[10]);
    assert_int_equal(sl_grad_state(tape, x), SL_GRAD_NAN);
    SlNodeInfo info;
    assert_int_equal(sl_node_info(tape, x, &info), SL_OK);
    assert_int_equal(info.grad_has_nan, 1);
    assert_int_equal(info.value_has_nan, 0);
    sl_tape_destroy(tape);
}

/* the double-where fix exp(where(x < 0, x, 0)) then where: zeros where PyTorch had nan */
static void test_tape_lesson6_double_where_gives_zeros(void **state)
{
    (void)state;
    SlTape *tape = sl_tape_create();
    SlNode x = sl_param(tape, 1, 11, L6_X);
    SlNode cond = sl_lt(tape, x, sl_scalar(tape, 0.0f));
    SlNode safe = sl_where(tape, cond, x, sl_scalar(tape, 0.0f));
    SlNode loss = sl_sum(tape, sl_where(tape, cond, sl_exp(tape, safe), sl_scalar(tape, 1.0f)));
    assert_rel(sl_value(tape, loss)[0], 9.0 + exp(-10.0) + exp(-5.0), 1e-6);
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    const float *g = sl_grad(tape, x);
    assert_non_null(g);
    assert_rel(g[0], exp(-10.0), 1e-6);
    assert_rel(g[1], exp(-5.0), 1e-6);
    for (int i = 2; i < 11; i++) assert_bits(g[i], 0.0f);
    assert_int_equal(sl_grad_state(tape, x), SL_GRAD_VALUE);
    sl_tape_destroy(tape);
}

/* masked semantics: sum(exp(x[x < 0])) — unselected elements get 0, never NaN */
static void test_tape_lesson6_masked_select_gives_unselected_zero(void **state)
{
    (void)state;
    SlTape *tape = sl_tape_create();
    SlNode x = sl_param(tape, 1, 11, L6_X);
    SlNode cond = sl_lt(tape, x, sl_scalar(tape, 0.0f));
    SlNode sel = sl_masked_select(tape, x, cond);
    assert_int_equal(sl_cols(tape, sel), 2);
    SlNode loss = sl_sum(tape, sl_exp(tape, sel));
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    const float *g = sl_grad(tape, x); /* reached: a tensor with zeros, not none */
    assert_non_null(g);
    assert_rel(g[0], exp(-10.0), 1e-6);
    assert_rel(g[1], exp(-5.0), 1e-6);
    for (int i = 2; i < 11; i++) assert_bits(g[i], 0.0f);
    assert_int_equal(sl_grad_state(tape, x), SL_GRAD_VALUE);
    sl_tape_destroy(tape);
}

/* where(False, a / 0, 1): the untaken branch's 0 meets 1/0 in div's backward: 0/0 = nan */
static void test_tape_lesson6_where_false_div_zero_gives_nan(void **state)
{
    (void)state;
    SlTape *tape = sl_tape_create();
    float a = 1.0f;
    SlNode an = sl_param(tape, 1, 1, &a);
    SlNode q = sl_div(tape, an, sl_scalar(tape, 0.0f));
    SlNode loss = sl_sum(tape, sl_where(tape, sl_scalar(tape, 0.0f), q, sl_scalar(tape, 1.0f)));
    assert_bits(sl_value(tape, loss)[0], 1.0f);
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    assert_non_null(sl_grad(tape, an));
    assert_is_nan(sl_grad(tape, an)[0]);
    assert_int_equal(sl_grad_state(tape, an), SL_GRAD_NAN);
    sl_tape_destroy(tape);
}

/* nansum(a * b) with a NaN in a: the forward skips it, b's gradient 0 * ... = a = NaN */
static void test_tape_lesson6_nansum_with_nan_gives_nan_grad(void **state)
{
    (void)state;
    SlTape *tape = sl_tape_create();
    const float av[3] = {1.0f, NAN, 3.0f}, bv[3] = {2.0f, 3.0f, 4.0f};
    SlNode a = sl_param(tape, 1, 3, av);
    SlNode b = sl_param(tape, 1, 3, bv);
    SlNode loss = sl_nansum(tape, sl_mul(tape, a, b));
    assert_bits(sl_value(tape, loss)[0], 14.0f);
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    const float *gb = sl_grad(tape, b), *ga = sl_grad(tape, a);
    assert_non_null(gb);
    assert_bits(gb[0], 1.0f);
    assert_is_nan(gb[1]);
    assert_bits(gb[2], 3.0f);
    assert_int_equal(sl_grad_state(tape, b), SL_GRAD_NAN);
    /* PyTorch: a.grad = [2, 0, 4] (0 * b, no NaN) */
    assert_bits(ga[0], 2.0f);
    assert_bits(ga[1], 0.0f);
    assert_bits(ga[2], 4.0f);
    sl_tape_destroy(tape);
}

/* (x / div)[div != 0].sum() with div = [0, 1]: grad of x is [nan, 1] */
static void test_tape_lesson6_masked_division_gives_nan_then_one(void **state)
{
    (void)state;
    SlTape *tape = sl_tape_create();
    const float xv[2] = {1.0f, 1.0f}, dv[2] = {0.0f, 1.0f};
    SlNode x = sl_param(tape, 1, 2, xv);
    SlNode div = sl_const(tape, 1, 2, dv);
    SlNode zero = sl_scalar(tape, 0.0f);
    SlNode nonzero = sl_add(tape, sl_lt(tape, div, zero), sl_gt(tape, div, zero)); /* div != 0 */
    SlNode sel = sl_masked_select(tape, sl_div(tape, x, div), nonzero);
    assert_int_equal(sl_cols(tape, sel), 1);
    SlNode loss = sl_sum(tape, sel);
    assert_bits(sl_value(tape, loss)[0], 1.0f);
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    const float *g = sl_grad(tape, x);
    assert_non_null(g);
    assert_is_nan(g[0]);
    assert_bits(g[1], 1.0f);
    assert_int_equal(sl_grad_state(tape, x), SL_GRAD_NAN);
    sl_tape_destroy(tape);
}

/* ---- the state classifier itself ------------------------------------------------------ */

static void test_tape_grad_state_classifies_each_state(void **state)
{
    (void)state;
    assert_int_equal(sl_grad_state_of(0, 1.0f), SL_GRAD_NONE);
    assert_int_equal(sl_grad_state_of(1, NAN), SL_GRAD_NAN);
    assert_int_equal(sl_grad_state_of(1, 0.0f), SL_GRAD_ZERO);
    assert_int_equal(sl_grad_state_of(1, -0.0f), SL_GRAD_ZERO);
    assert_int_equal(sl_grad_state_of(1, 1e-45f), SL_GRAD_VALUE);
    assert_int_equal(sl_grad_state_of(1, INFINITY), SL_GRAD_VALUE);
    const float zeros[3] = {0.0f, -0.0f, 0.0f}, mixed[3] = {0.0f, 2.0f, NAN}, vals[3] = {0.0f, 2.0f, 0.0f};
    assert_int_equal(sl_grad_state_of_array(0, NULL, 3), SL_GRAD_NONE);
    assert_int_equal(sl_grad_state_of_array(1, zeros, 3), SL_GRAD_ZERO);
    assert_int_equal(sl_grad_state_of_array(1, mixed, 3), SL_GRAD_NAN);
    assert_int_equal(sl_grad_state_of_array(1, vals, 3), SL_GRAD_VALUE);
    assert_string_equal(sl_grad_state_name(SL_GRAD_NONE), "none");
    assert_string_equal(sl_grad_state_name(SL_GRAD_ZERO), "zero");
    assert_string_equal(sl_grad_state_name(SL_GRAD_NAN), "nan");
    assert_string_equal(sl_grad_state_name(SL_GRAD_VALUE), "value");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tape_compare_ops_give_state_none),
        cmocka_unit_test(test_tape_hard_mask_gives_state_none),
        cmocka_unit_test(test_tape_path_with_value_zero_gives_state_zero),
        cmocka_unit_test(test_tape_shape_mismatch_is_sticky),
        cmocka_unit_test(test_tape_bad_arguments_are_errors_not_crashes),
        cmocka_unit_test(test_tape_sigmoidf_is_finite_for_every_finite_input),
        cmocka_unit_test(test_tape_lesson6_where_exp_gives_nan_where_exp_overflows),
        cmocka_unit_test(test_tape_lesson6_double_where_gives_zeros),
        cmocka_unit_test(test_tape_lesson6_masked_select_gives_unselected_zero),
        cmocka_unit_test(test_tape_lesson6_where_false_div_zero_gives_nan),
        cmocka_unit_test(test_tape_lesson6_nansum_with_nan_gives_nan_grad),
        cmocka_unit_test(test_tape_lesson6_masked_division_gives_nan_then_one),
        cmocka_unit_test(test_tape_grad_state_classifies_each_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
