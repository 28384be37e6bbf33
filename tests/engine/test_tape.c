/* test_tape.c — the tape's ops: every differentiable op against central finite
 * differences (tape_check.h gives the check and its tolerance), broadcasting, the mask
 * families as ops, and += accumulation. The gradient states, sticky errors, the stable
 * sigmoid and lesson 6 are test_tape_states.c. */
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

/* ---- binary ops with broadcasting --------------------------------------------- */

typedef SlNode (*BinaryOp)(SlTape *, SlNode, SlNode);

static void check_binary(BinaryOp op, const char *name, float blo, float bhi)
{
    static const int shapes[][2] = {{R, C}, {1, C}, {R, 1}, {1, 1}};
    SlTape *tape = sl_tape_create();
    assert_non_null(tape);
    for (int s = 0; s < 4; s++) {
        for (int swap = 0; swap < 2; swap++) {
            sl_tape_reset(tape);
            float av[R * C], bv[R * C];
            spread(av, R * C, -1.5f, 2.0f);
            spread(bv, shapes[s][0] * shapes[s][1], blo, bhi);
            SlNode a = sl_param(tape, R, C, av);
            SlNode b = sl_param(tape, shapes[s][0], shapes[s][1], bv);
            SlNode y = swap ? op(tape, b, a) : op(tape, a, b);
            if (swap && op == sl_div) { /* b / a: keep the divisor away from 0 */
                sl_tape_reset(tape);
                spread(av, R * C, 0.8f, 2.0f);
                a = sl_param(tape, R, C, av);
                b = sl_param(tape, shapes[s][0], shapes[s][1], bv);
                y = op(tape, b, a);
            }
            assert_int_equal(sl_rows(tape, y), R);
            assert_int_equal(sl_cols(tape, y), C);
            SlNode loss = weighted_sum(tape, y);
            char what[96];
            snprintf(what, sizeof what, "%s %s, wrt the %dx%d input", name, swap ? "(b, a)" : "(a, b)", R, C);
            check_grad(tape, loss, a, what);
            snprintf(what, sizeof what, "%s %s, wrt the %dx%d input", name, swap ? "(b, a)" : "(a, b)", shapes[s][0],
                     shapes[s][1]);
            check_grad(tape, loss, b, what);
        }
    }
    /* both inputs broadcast: 1 x C against R x 1 gives R x C */
    sl_tape_reset(tape);
    float rv[C] = {0.6f, -1.1f, 1.4f, 0.9f}, cv[R] = {0.8f, 1.7f, -1.2f};
    if (op == sl_div) cv[2] = 1.2f;
    SlNode a = sl_param(tape, 1, C, rv);
    SlNode b = sl_param(tape, R, 1, cv);
    SlNode y = op(tape, a, b);
    assert_int_equal(sl_rows(tape, y), R);
    assert_int_equal(sl_cols(tape, y), C);
    SlNode loss = weighted_sum(tape, y);
    check_grad(tape, loss, a, "1xC against Rx1, wrt 1xC");
    check_grad(tape, loss, b, "1xC against Rx1, wrt Rx1");
    sl_tape_destroy(tape);
}

static void test_tape_add_matches_finite_differences(void **state)
{
    (void)state;
    check_binary(sl_add, "add", -2.0f, 2.0f);
}

static void test_tape_sub_matches_finite_differences(void **state)
{
    (void)state;
    check_binary(sl_sub, "sub", -2.0f, 2.0f);
}

static void test_tape_mul_matches_finite_differences(void **state)
{
    (void)state;
    check_binary(sl_mul, "mul", -2.0f, 2.0f);
}

static void test_tape_div_matches_finite_differences(void **state)
{
    (void)state;
    check_binary(sl_div, "div", 0.8f, 2.0f);
}

/* The gradient of a broadcast input is the sum over the broadcast dimension. */
static void test_tape_broadcast_gradient_is_the_sum(void **state)
{
    (void)state;
    SlTape *tape = sl_tape_create();
    float av[R * C];
    spread(av, R * C, -1.0f, 1.0f);
    SlNode a = sl_param(tape, R, C, av);
    SlNode row = sl_param(tape, 1, C, NULL);
    SlNode col = sl_param(tape, R, 1, NULL);
    SlNode sc = sl_param(tape, 1, 1, NULL);
    SlNode w = sl_const(tape, R, C, W34);
    SlNode y = sl_add(tape, sl_add(tape, sl_add(tape, a, row), col), sc);
    SlNode loss = sl_sum(tape, sl_mul(tape, y, w));
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    const float *grow = sl_grad(tape, row), *gcol = sl_grad(tape, col), *gsc = sl_grad(tape, sc);
    assert_non_null(grow);
    assert_non_null(gcol);
    assert_non_null(gsc);
    double total = 0.0;
    for (int c = 0; c < C; c++) {
        double s = 0.0;
        for (int r = 0; r < R; r++) s += W34[r * C + c];
        assert_rel(grow[c], s, 1e-6);
        total += s;
    }
    for (int r = 0; r < R; r++) {
        double s = 0.0;
        for (int c = 0; c < C; c++) s += W34[r * C + c];
        assert_rel(gcol[r], s, 1e-6);
    }
    assert_rel(gsc[0], total, 1e-6);
    sl_tape_destroy(tape);
}

/* ---- unary ops ------------------------------------------------------------------ */

typedef SlNode (*UnaryOp)(SlTape *, SlNode);

static void check_unary(UnaryOp op, const char *name, float lo, float hi)
{
    SlTape *tape = sl_tape_create();
    float xv[R * C];
    spread(xv, R * C, lo, hi);
    SlNode x = sl_param(tape, R, C, xv);
    SlNode loss = weighted_sum(tape, op(tape, x));
    check_grad(tape, loss, x, name);
    sl_tape_destroy(tape);
}

static void test_tape_neg_matches_finite_differences(void **state)
{
    (void)state;
    check_unary(sl_neg, "neg", -3.0f, 3.0f);
}

static void test_tape_exp_matches_finite_differences(void **state)
{
    (void)state;
    check_unary(sl_exp, "exp", -3.0f, 2.0f);
}

static void test_tape_log_matches_finite_differences(void **state)
{
    (void)state;
    check_unary(sl_log, "log", 0.5f, 4.0f);
}

static void test_tape_square_matches_finite_differences(void **state)
{
    (void)state;
    check_unary(sl_square, "square", -3.0f, 3.0f);
}

static void test_tape_sigmoid_matches_finite_differences(void **state)
{
    (void)state;
    check_unary(sl_sigmoid, "sigmoid", -6.0f, 6.0f);
}

static void test_tape_clamp_matches_finite_differences(void **state)
{
    (void)state;
    SlTape *tape = sl_tape_create();
    /* inside, below and above [-0.5, 0.8], every point at least 0.05 from a bound */
    const float xv[R * C] = {-2.0f, -0.3f, 0.1f, 0.6f, 1.5f, -0.9f, 0.0f, 0.75f, 3.0f, -0.45f, 0.9f, 0.2f};
    SlNode x = sl_param(tape, R, C, xv);
    SlNode y = sl_clamp(tape, x, -0.5f, 0.8f);
    SlNode loss = weighted_sum(tape, y);
    check_grad(tape, loss, x, "clamp");
    const float *g = sl_grad(tape, x);
    assert_true(g[0] == 0.0f && g[4] == 0.0f && g[8] == 0.0f); /* outside: exactly 0 */
    assert_true(g[1] != 0.0f);
    sl_tape_destroy(tape);
}

static void test_tape_where_matches_finite_differences_on_both_branches(void **state)
{
    (void)state;
    SlTape *tape = sl_tape_create();
    const float cv[R * C] = {1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1};
    float av[R * C], bv[C];
    spread(av, R * C, -2.0f, 2.0f);
    spread(bv, C, -1.0f, 3.0f);
    SlNode cond = sl_const(tape, R, C, cv);
    SlNode a = sl_param(tape, R, C, av);
    SlNode b = sl_param(tape, 1, C, bv); /* broadcast b branch */
    SlNode y = sl_where(tape, cond, sl_square(tape, a), sl_exp(tape, b));
    SlNode loss = weighted_sum(tape, y);
    check_grad(tape, loss, a, "where, a branch");
    check_grad(tape, loss, b, "where, b branch (1 x C broadcast)");
    const float *ga = sl_grad(tape, a), *gb = sl_grad(tape, b);
    for (int i = 0; i < R * C; i++) {
        if (cv[i] == 0.0f) assert_true(ga[i] == 0.0f);
        else assert_true(ga[i] != 0.0f);
    }
    /* column 0 takes b only in row 2: its gradient is W[2][0] * exp(b0) */
    assert_rel(gb[0], (double)W34[2 * C + 0] * exp((double)bv[0]), 1e-5);
    sl_tape_destroy(tape);
}

/* ---- reductions and selection -------------------------------------------------- */

typedef SlNode (*ReduceOp)(SlTape *, SlNode);

static void check_reduce(ReduceOp op, const char *name, int with_nan)
{
    SlTape *tape = sl_tape_create();
    float xv[R * C];
    spread(xv, R * C, -2.0f, 2.0f);
    if (with_nan) xv[5] = NAN;
    SlNode x = sl_param(tape, R, C, xv);
    SlNode w = sl_const(tape, R, C, W34);
    SlNode red = op(tape, sl_mul(tape, x, w));
    SlNode loss = sl_square(tape, red); /* the gradient depends on the reduced value */
    assert_int_equal(sl_rows(tape, red), 1);
    assert_int_equal(sl_cols(tape, red), 1);
    assert_true(!isnan(sl_value(tape, loss)[0]));
    check_grad(tape, loss, x, name);
    if (with_nan) assert_true(sl_grad(tape, x)[5] == 0.0f);
    sl_tape_destroy(tape);
}

static void test_tape_sum_matches_finite_differences(void **state)
{
    (void)state;
    check_reduce(sl_sum, "sum", 0);
}

static void test_tape_mean_matches_finite_differences(void **state)
{
    (void)state;
    check_reduce(sl_mean, "mean", 0);
}

static void test_tape_nansum_matches_finite_differences(void **state)
{
    (void)state;
    check_reduce(sl_nansum, "nansum", 0);
    check_reduce(sl_nansum, "nansum with a NaN element", 1);
}

static void test_tape_nanmean_matches_finite_differences(void **state)
{
    (void)state;
    check_reduce(sl_nanmean, "nanmean", 0);
    check_reduce(sl_nanmean, "nanmean with a NaN element", 1);
}

static void test_tape_reductions_compute_the_right_values(void **state)
{
    (void)state;
    SlTape *tape = sl_tape_create();
    const float xv[5] = {1.0f, NAN, 2.0f, 4.0f, NAN};
    SlNode x = sl_const(tape, 1, 5, xv);
    assert_is_nan(sl_value(tape, sl_sum(tape, x))[0]);
    assert_is_nan(sl_value(tape, sl_mean(tape, x))[0]);
    assert_exact(sl_value(tape, sl_nansum(tape, x))[0], 7.0);
    assert_rel(sl_value(tape, sl_nanmean(tape, x))[0], 7.0 / 3.0, 1e-7);
    const float yv[4] = {1.0f, 2.0f, 3.0f, 6.0f};
    SlNode y = sl_const(tape, 2, 2, yv);
    assert_exact(sl_value(tape, sl_sum(tape, y))[0], 12.0);
    assert_exact(sl_value(tape, sl_mean(tape, y))[0], 3.0);
    sl_tape_destroy(tape);
}

static void test_tape_masked_select_matches_finite_differences(void **state)
{
    (void)state;
    SlTape *tape = sl_tape_create();
    float xv[R * C];
    spread(xv, R * C, -2.0f, 2.0f);
    const float mv[R * C] = {1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1};
    SlNode x = sl_param(tape, R, C, xv);
    SlNode m = sl_const(tape, R, C, mv);
    SlNode sel = sl_masked_select(tape, sl_square(tape, x), m);
    assert_int_equal(sl_rows(tape, sel), 1);
    assert_int_equal(sl_cols(tape, sel), 7);
    /* row-major order of the selected elements */
    const float *sv = sl_value(tape, sel);
    int k = 0;
    for (int i = 0; i < R * C; i++)
        if (mv[i] != 0.0f) assert_bits(sv[k++], xv[i] * xv[i]);
    SlNode loss = weighted_sum(tape, sel);
    check_grad(tape, loss, x, "masked_select");
    const float *g = sl_grad(tape, x);
    for (int i = 0; i < R * C; i++)
        if (mv[i] == 0.0f) assert_true(g[i] == 0.0f);

    /* a 1 x C mask broadcasts over the rows */
    sl_tape_reset(tape);
    const float mrow[C] = {0, 1, 1, 0};
    x = sl_param(tape, R, C, xv);
    sel = sl_masked_select(tape, x, sl_const(tape, 1, C, mrow));
    assert_int_equal(sl_cols(tape, sel), 2 * R);
    loss = weighted_sum(tape, sl_exp(tape, sel));
    check_grad(tape, loss, x, "masked_select with a 1 x C mask");

    /* nothing selected: an empty 1 x 0 tensor, sum 0, and a reached gradient of zeros */
    sl_tape_reset(tape);
    x = sl_param(tape, R, C, xv);
    sel = sl_masked_select(tape, x, sl_const(tape, 1, 1, NULL));
    assert_int_equal(sl_tape_status(tape), SL_OK);
    assert_int_equal(sl_cols(tape, sel), 0);
    loss = sl_sum(tape, sl_exp(tape, sel));
    assert_bits(sl_value(tape, loss)[0], 0.0f);
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    assert_int_equal(sl_grad_state(tape, x), SL_GRAD_ZERO);
    sl_tape_destroy(tape);
}

/* ---- mask families as ops ------------------------------------------------------ */

/* d values away from the smoothstep/hardsigmoid kinks at +-w/2 = +-2, some outside the band */
static const float D_VALUES[R * C] = {-5.0f, -2.6f, -1.7f, -0.9f, -0.3f, 0.0f, 0.2f, 0.8f, 1.3f, 1.8f, 2.4f, 6.0f};

static void check_mask(SlMaskKind kind, float k, float w)
{
    SlTape *tape = sl_tape_create();
    SlNode d = sl_param(tape, R, C, D_VALUES);
    SlNode m = sl_mask_op(tape, kind, d, k, w);
    /* forward agrees with the scalar definition */
    for (int i = 0; i < R * C; i++) assert_bits(sl_value(tape, m)[i], sl_mask_value(kind, D_VALUES[i], k, w));
    SlNode loss = weighted_sum(tape, m);
    char what[64];
    snprintf(what, sizeof what, "mask %s k=%g w=%g", sl_mask_name(kind), (double)k, (double)w);
    check_grad(tape, loss, d, what);
    sl_tape_destroy(tape);
}

static void test_tape_mask_logistic_matches_finite_differences(void **state)
{
    (void)state;
    check_mask(SL_MASK_LOGISTIC, 1.0f, 4.0f);
    check_mask(SL_MASK_LOGISTIC, 2.5f, 4.0f);
    check_mask(SL_MASK_LOGISTIC, 0.3f, 4.0f);
}

static void test_tape_mask_smoothstep_matches_finite_differences(void **state)
{
    (void)state;
    check_mask(SL_MASK_SMOOTHSTEP, 1.0f, 4.0f);
    SlTape *tape = sl_tape_create();
    SlNode d = sl_param(tape, R, C, D_VALUES);
    SlNode loss = weighted_sum(tape, sl_mask_op(tape, SL_MASK_SMOOTHSTEP, d, 1.0f, 4.0f));
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    /* outside the band (|d| > 2) exactly 0; inside 6u(1-u)/w times the weight */
    const float *g = sl_grad(tape, d);
    for (int i = 0; i < R * C; i++) {
        double u = (double)D_VALUES[i] / 4.0 + 0.5;
        if (u < 0.0 || u > 1.0) assert_true(g[i] == 0.0f);
        else assert_rel(g[i], (double)W34[i] * 6.0 * u * (1.0 - u) / 4.0, 1e-5);
    }
    sl_tape_destroy(tape);
}

static void test_tape_mask_hardsigmoid_matches_finite_differences(void **state)
{
    (void)state;
    check_mask(SL_MASK_HARDSIGMOID, 1.0f, 4.0f);
    check_mask(SL_MASK_HARDSIGMOID, 1.0f, 7.0f);
}

/* ste: the forward is exactly hard, the backward is the logistic surrogate k σ(kd)(1-σ(kd)). */
static void test_tape_ste_is_hard_forward_logistic_backward(void **state)
{
    (void)state;
    const float k = 1.5f;
    SlTape *tape = sl_tape_create();
    SlNode d = sl_param(tape, R, C, D_VALUES);
    SlNode m = sl_mask_op(tape, SL_MASK_STE, d, k, 4.0f);
    for (int i = 0; i < R * C; i++)
        assert_bits(sl_value(tape, m)[i], sl_mask_value(SL_MASK_HARD, D_VALUES[i], k, 4.0f));
    assert_bits(sl_value(tape, m)[0], 0.0f);  /* d = -5 */
    assert_bits(sl_value(tape, m)[5], 0.0f);  /* d = 0: i < t is false at i = t */
    assert_bits(sl_value(tape, m)[11], 1.0f); /* d = 6 */
    SlNode loss = weighted_sum(tape, m);
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    assert_int_equal(sl_grad_state(tape, d), SL_GRAD_VALUE);
    const float *g = sl_grad(tape, d);
    for (int i = 0; i < R * C; i++) {
        /* σ' as y(1-y) from the float32 σ (docs/task.md §2); near σ = 1 that float rounding
         * alone moves 1 - σ by up to ~3e-4 relative, so the exact σ' is only a loose check */
        float sf = sl_sigmoidf(k * D_VALUES[i]);
        assert_rel(g[i], (double)W34[i] * (double)k * (double)sf * (1.0 - (double)sf), 1e-5);
        double s = 1.0 / (1.0 + exp(-(double)k * (double)D_VALUES[i]));
        assert_rel(g[i], (double)W34[i] * (double)k * s * (1.0 - s), 1e-3);
    }
    sl_tape_destroy(tape);
}

/* ---- accumulation ---------------------------------------------------------------- */

static void test_tape_node_used_twice_accumulates(void **state)
{
    (void)state;
    SlTape *tape = sl_tape_create();
    float xv[R * C];
    spread(xv, R * C, -2.0f, 2.0f);
    SlNode x = sl_param(tape, R, C, xv);
    SlNode loss = weighted_sum(tape, sl_mul(tape, x, x));
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    float gmul[R * C];
    memcpy(gmul, sl_grad(tape, x), sizeof gmul);
    check_grad(tape, loss, x, "x * x");

    sl_tape_reset(tape);
    x = sl_param(tape, R, C, xv);
    loss = weighted_sum(tape, sl_square(tape, x));
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    for (int i = 0; i < R * C; i++) {
        assert_bits(gmul[i], sl_grad(tape, x)[i]);
        assert_rel(gmul[i], 2.0 * (double)W34[i] * (double)xv[i], 1e-6);
    }

    /* x on two separate branches: d/dx [sum(x) + sum(exp(x))] = 1 + e^x */
    sl_tape_reset(tape);
    x = sl_param(tape, R, C, xv);
    loss = sl_add(tape, sl_sum(tape, x), sl_sum(tape, sl_exp(tape, x)));
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    for (int i = 0; i < R * C; i++) assert_rel(sl_grad(tape, x)[i], 1.0 + exp((double)xv[i]), 1e-6);

    /* a second backward recomputes rather than adding onto the first */
    assert_int_equal(sl_tape_backward(tape, loss), SL_OK);
    for (int i = 0; i < R * C; i++) assert_rel(sl_grad(tape, x)[i], 1.0 + exp((double)xv[i]), 1e-6);
    sl_tape_destroy(tape);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tape_add_matches_finite_differences),
        cmocka_unit_test(test_tape_sub_matches_finite_differences),
        cmocka_unit_test(test_tape_mul_matches_finite_differences),
        cmocka_unit_test(test_tape_div_matches_finite_differences),
        cmocka_unit_test(test_tape_broadcast_gradient_is_the_sum),
        cmocka_unit_test(test_tape_neg_matches_finite_differences),
        cmocka_unit_test(test_tape_exp_matches_finite_differences),
        cmocka_unit_test(test_tape_log_matches_finite_differences),
        cmocka_unit_test(test_tape_square_matches_finite_differences),
        cmocka_unit_test(test_tape_sigmoid_matches_finite_differences),
        cmocka_unit_test(test_tape_clamp_matches_finite_differences),
        cmocka_unit_test(test_tape_where_matches_finite_differences_on_both_branches),
        cmocka_unit_test(test_tape_sum_matches_finite_differences),
        cmocka_unit_test(test_tape_mean_matches_finite_differences),
        cmocka_unit_test(test_tape_nansum_matches_finite_differences),
        cmocka_unit_test(test_tape_nanmean_matches_finite_differences),
        cmocka_unit_test(test_tape_reductions_compute_the_right_values),
        cmocka_unit_test(test_tape_masked_select_matches_finite_differences),
        cmocka_unit_test(test_tape_mask_logistic_matches_finite_differences),
        cmocka_unit_test(test_tape_mask_smoothstep_matches_finite_differences),
        cmocka_unit_test(test_tape_mask_hardsigmoid_matches_finite_differences),
        cmocka_unit_test(test_tape_ste_is_hard_forward_logistic_backward),
        cmocka_unit_test(test_tape_node_used_twice_accumulates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
