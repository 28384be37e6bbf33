/* test_tape.c — the tape: every differentiable op against central finite differences
 * (sl_gradcheck), broadcasting, the none/zero/nan/value states, += accumulation,
 * sticky errors, the stable sigmoid, and docs/task.md §7's lesson-6 NaN results built from
 * tape ops. Tolerance for finite differences: h = 1e-2 in float32, and
 * |analytic - fd| <= 1e-3 * max(1, |analytic|) per element (float32 rounding of an
 * O(10) loss over 2h is ~5e-5; truncation h^2 f'''/6 stays below 2e-4 here). */
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

#define FD_H 1e-2f
#define FD_TOL 1e-3
#define R 3
#define C 4

/* Distinct weights so a gradient sent to the wrong element shows up. */
static const float W34[R * C] = {0.7f, -1.3f, 0.4f, 1.9f, -0.6f, 1.1f, 2.3f, -0.9f, 0.25f, -1.7f, 0.85f, 1.4f};

/* Fills n values spread over [lo, hi] in a scrambled order. */
static void spread(float *v, int n, float lo, float hi)
{
    for (int i = 0; i < n; i++) {
        int j = (i * 7 + 3) % n;
        v[i] = lo + (hi - lo) * ((float)j + 0.5f) / (float)n;
    }
}

/* Runs backward, checks the analytic gradient of leaf against central differences,
 * and checks that the checker's own fresh backward leaves the same gradient. */
static void check_grad_at(SlTape *tape, SlNode loss, SlNode leaf, const char *what, const char *file, int line)
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
static SlNode weighted_sum(SlTape *tape, SlNode y)
{
    SlNode w = sl_const(tape, sl_rows(tape, y), sl_cols(tape, y), NULL);
    if (w == SL_NIL) return SL_NIL;
    float *wv = sl_value_mut(tape, w);
    size_t n = sl_size(tape, w);
    for (size_t i = 0; i < n; i++) wv[i] = W34[i % (R * C)] + 0.1f * (float)(i / (R * C));
    return sl_sum(tape, sl_mul(tape, y, w));
}

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
        cmocka_unit_test(test_tape_compare_ops_give_state_none),
        cmocka_unit_test(test_tape_hard_mask_gives_state_none),
        cmocka_unit_test(test_tape_path_with_value_zero_gives_state_zero),
        cmocka_unit_test(test_tape_node_used_twice_accumulates),
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
