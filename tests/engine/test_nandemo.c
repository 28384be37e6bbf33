/* test_nandemo.c — lesson 6 against PyTorch 1.13 (float32): the per-element gradient
 * of where(x < 0, exp(x), 1) is [4.54e-5, 6.74e-3, 0 x 7, nan, nan]; the double where
 * gives zeros; masked semantics give none; a/0, nansum and masked-div give nan. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "qa_assert.h"
#include "sl_nandemo.h"

/* torch.exp(torch.tensor([-10., -5.])) printed with full precision */
#define PT_EXP_M10 4.5399929762484854e-05
#define PT_EXP_M5 6.7379470e-03

static SlTape *tape;
static float x[SL_NAN_MAX_X];
static int n;
static SlNanCase c;

static int setup(void **state)
{
    (void)state;
    tape = sl_tape_create();
    n = sl_nandemo_default_x(x, SL_NAN_MAX_X);
    return tape ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_tape_destroy(tape);
    return 0;
}

static void test_nandemo_default_x(void **state)
{
    (void)state;
    static const float want[] = {-10, -5, 0, 5, 10, 50, 60, 70, 80, 90, 100};
    assert_int_equal(n, 11);
    for (int i = 0; i < n; i++) assert_exact(x[i], want[i]);
    float few[3];
    assert_int_equal(sl_nandemo_default_x(few, 3), 3);
}

static void test_nandemo_naive_matches_pytorch(void **state)
{
    (void)state;
    assert_int_equal(sl_nandemo_case(tape, SL_NAN_NAIVE, x, n, &c, NULL, 0), SL_OK);
    assert_string_equal(c.name, "naive");
    assert_int_equal(c.n, 11);
    assert_rel(c.grad[0], PT_EXP_M10, 1e-3);
    assert_rel(c.grad[1], PT_EXP_M5, 1e-3);
    assert_int_equal(c.state[0], SL_GRAD_VALUE);
    assert_int_equal(c.state[1], SL_GRAD_VALUE);
    for (int i = 2; i <= 8; i++) {
        assert_exact(c.grad[i], 0.0f);
        assert_int_equal(c.state[i], SL_GRAD_ZERO);
    }
    assert_is_nan(c.grad[9]);
    assert_is_nan(c.grad[10]);
    assert_int_equal(c.state[9], SL_GRAD_NAN);
    assert_int_equal(c.state[10], SL_GRAD_NAN);
    assert_int_equal(c.overall, SL_GRAD_NAN);
    /* why: exp overflows in float32 above 88.72, exp(80) does not */
    assert_true(isinf(c.inner[9]) && isinf(c.inner[10]));
    assert_true(isfinite(c.inner[8]));
    assert_rel(c.inner[8], 5.5406223843935098e34, 1e-5);
    /* the forward is fine: exp for x < 0, then ones */
    assert_rel(c.value[0], PT_EXP_M10, 1e-3);
    for (int i = 2; i < 11; i++) assert_exact(c.value[i], 1.0f);
    assert_rel(c.loss, 9.0 + PT_EXP_M10 + PT_EXP_M5, 1e-6);
}

static void test_nandemo_double_where_gives_zeros(void **state)
{
    (void)state;
    assert_int_equal(sl_nandemo_case(tape, SL_NAN_DOUBLE_WHERE, x, n, &c, NULL, 0), SL_OK);
    assert_rel(c.grad[0], PT_EXP_M10, 1e-3);
    assert_rel(c.grad[1], PT_EXP_M5, 1e-3);
    for (int i = 2; i < 11; i++) {
        assert_exact(c.grad[i], 0.0f);
        assert_int_equal(c.state[i], SL_GRAD_ZERO);
        assert_exact(c.inner[i], 1.0f);  /* exp(0): nothing overflows */
    }
    assert_int_equal(c.overall, SL_GRAD_VALUE);
}

static void test_nandemo_masked_gives_none(void **state)
{
    (void)state;
    assert_int_equal(sl_nandemo_case(tape, SL_NAN_MASKED, x, n, &c, NULL, 0), SL_OK);
    assert_rel(c.grad[0], PT_EXP_M10, 1e-3);
    assert_rel(c.grad[1], PT_EXP_M5, 1e-3);
    assert_int_equal(c.state[0], SL_GRAD_VALUE);
    assert_true(c.present[0] && c.present[1]);
    for (int i = 2; i < 11; i++) {
        assert_int_equal(c.state[i], SL_GRAD_NONE);
        assert_false(c.present[i]);
    }
    assert_rel(c.loss, PT_EXP_M10 + PT_EXP_M5, 1e-5);
}

static void test_nandemo_masked_nothing_selected(void **state)
{
    (void)state;
    const float pos[3] = {1.0f, 2.0f, 3.0f};
    assert_int_equal(sl_nandemo_case(tape, SL_NAN_MASKED, pos, 3, &c, NULL, 0), SL_OK);
    for (int i = 0; i < 3; i++) assert_int_equal(c.state[i], SL_GRAD_NONE);
    assert_int_equal(c.overall, SL_GRAD_NONE);
    assert_exact(c.loss, 0.0f);
}

static void test_nandemo_where_div0_is_nan(void **state)
{
    (void)state;
    assert_int_equal(sl_nandemo_case(tape, SL_NAN_WHERE_DIV0, x, n, &c, NULL, 0), SL_OK);
    assert_int_equal(c.n, 1);
    assert_exact(c.value[0], 1.0f);  /* the output is fine */
    assert_true(isinf(c.inner[0]));
    assert_is_nan(c.grad[0]);         /* PyTorch: a.grad = tensor(nan) */
    assert_int_equal(c.state[0], SL_GRAD_NAN);
}

static void test_nandemo_nansum_is_nan(void **state)
{
    (void)state;
    assert_int_equal(sl_nandemo_case(tape, SL_NAN_NANSUM, x, n, &c, NULL, 0), SL_OK);
    assert_exact(c.loss, 3.0f);       /* nansum skips the nan in the forward pass */
    assert_int_equal(c.m, 3);
    assert_is_nan(c.value[2]);
    assert_is_nan(c.grad[0]);         /* PyTorch: b.grad = tensor(nan) */
    assert_int_equal(c.overall, SL_GRAD_NAN);
}

static void test_nandemo_masked_div_is_nan_one(void **state)
{
    (void)state;
    assert_int_equal(sl_nandemo_case(tape, SL_NAN_MASKED_DIV, x, n, &c, NULL, 0), SL_OK);
    assert_int_equal(c.n, 2);
    assert_is_nan(c.grad[0]);         /* PyTorch: x.grad = tensor([nan, 1.]) */
    assert_exact(c.grad[1], 1.0f);
    assert_int_equal(c.state[0], SL_GRAD_NAN);
    assert_int_equal(c.state[1], SL_GRAD_VALUE);
    assert_false(c.present[0]);
    assert_true(c.present[1]);
    assert_exact(c.loss, 1.0f);
}

static void test_nandemo_run_all_and_graph(void **state)
{
    (void)state;
    SlNanCase all[SL_NAN_CASE_COUNT];
    assert_int_equal(sl_nandemo_run_all(tape, x, n, all, NULL, 0), SL_OK);
    for (int i = 0; i < (int)SL_NAN_CASE_COUNT; i++) {
        assert_int_equal(all[i].id, i);
        assert_non_null(all[i].expr);
        assert_non_null(all[i].title);
    }
    /* the tape holds the last case; its NaN-carrying edge is visible to the graph view */
    assert_int_equal(sl_nandemo_case(tape, SL_NAN_NAIVE, x, n, &c, NULL, 0), SL_OK);
    int nan_grads = 0;
    for (int id = 0; id < sl_node_count(tape); id++) {
        SlNodeInfo info;
        assert_int_equal(sl_node_info(tape, id, &info), SL_OK);
        nan_grads += info.grad_has_nan;
    }
    assert_true(nan_grads >= 1);
}

static void test_nandemo_threshold_of_overflow(void **state)
{
    (void)state;
    /* float32 exp overflows between 88.72 and 88.73: the nan starts exactly there */
    const float edge[2] = {88.72f, 88.73f};
    assert_int_equal(sl_nandemo_case(tape, SL_NAN_NAIVE, edge, 2, &c, NULL, 0), SL_OK);
    assert_int_equal(c.state[0], SL_GRAD_ZERO);
    assert_int_equal(c.state[1], SL_GRAD_NAN);
}

static void test_nandemo_bad_arguments(void **state)
{
    (void)state;
    char err[320];
    /* Too few or too many values is the lesson's mistake: SL_ERR_ARG and a line saying
     * what the case takes (a bad case id or a NULL x is the caller's: an assertion). */
    assert_int_equal(sl_nandemo_case(tape, SL_NAN_NAIVE, x, 0, &c, err, sizeof err), SL_ERR_ARG);
    assert_string_equal(err, "naive takes 1 to 32 values, got 0");
    assert_int_equal(sl_nandemo_case(tape, SL_NAN_NAIVE, x, SL_NAN_MAX_X + 1, &c, NULL, 0), SL_ERR_ARG);
    SlNanCase all[SL_NAN_CASE_COUNT];
    assert_int_equal(sl_nandemo_run_all(tape, x, SL_NAN_MAX_X + 1, all, err, sizeof err), SL_ERR_ARG);
    assert_non_null(strstr(err, "values, got 33"));
    assert_int_equal(sl_nandemo_case(tape, SL_NAN_NAIVE, x, n, &c, err, sizeof err), SL_OK);
    assert_string_equal(err, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nandemo_default_x),
        cmocka_unit_test(test_nandemo_naive_matches_pytorch),
        cmocka_unit_test(test_nandemo_double_where_gives_zeros),
        cmocka_unit_test(test_nandemo_masked_gives_none),
        cmocka_unit_test(test_nandemo_masked_nothing_selected),
        cmocka_unit_test(test_nandemo_where_div0_is_nan),
        cmocka_unit_test(test_nandemo_nansum_is_nan),
        cmocka_unit_test(test_nandemo_masked_div_is_nan_one),
        cmocka_unit_test(test_nandemo_run_all_and_graph),
        cmocka_unit_test(test_nandemo_threshold_of_overflow),
        cmocka_unit_test(test_nandemo_bad_arguments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
