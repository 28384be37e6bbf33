/* test_threshold.c — lesson 7: the binary threshold gives x and the threshold no
 * gradient (none), nn.Threshold's pass-through gives x 1/0 and the threshold none, the
 * soft threshold gives both; the per-element map learns only when soft; gradient
 * thresholding stops training early, or before it starts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "qa_assert.h"
#include "sl_threshold.h"

static SlTape *tape;
static SlThreshBinary b;

static int setup(void **state)
{
    (void)state;
    tape = sl_tape_create();
    return tape ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sl_tape_destroy(tape);
    return 0;
}

static void test_threshold_binary_has_no_gradient(void **state)
{
    (void)state;
    float x[SL_THRESH_MAX_X];
    int n = sl_threshold_default_x(x, SL_THRESH_MAX_X);
    assert_int_equal(n, 9);
    assert_int_equal(sl_threshold_binary(tape, x, n, 0.5f, 1.0f, 0.0f, 1.0f, &b, NULL, 0), SL_OK);
    static const float want[9] = {0, 0, 0, 0, 0, 0, 1, 1, 1};  /* strictly greater: 0.5 -> below */
    for (int i = 0; i < n; i++) assert_exact(b.hard[i], want[i]);
    assert_int_equal(b.hard_x_state, SL_GRAD_NONE);
    assert_int_equal(b.hard_thr_state, SL_GRAD_NONE);
    /* the tape holds the hard graph: its compare edge is cut */
    int cut = 0;
    for (int id = 0; id < sl_node_count(tape); id++) {
        SlNodeInfo info;
        assert_int_equal(sl_node_info(tape, id, &info), SL_OK);
        for (int j = 0; j < info.n_inputs; j++) cut += info.edge_cut[j];
    }
    assert_true(cut >= 2);
}

static void test_threshold_above_below_values(void **state)
{
    (void)state;
    const float x[4] = {-1.0f, 2.9f, 3.0f, 3.1f};
    assert_int_equal(sl_threshold_binary(tape, x, 4, 3.0f, 5.0f, -2.0f, 1.0f, &b, NULL, 0), SL_OK);
    assert_exact(b.hard[0], -2.0f);
    assert_exact(b.hard[1], -2.0f);
    assert_exact(b.hard[2], -2.0f);
    assert_exact(b.hard[3], 5.0f);
    /* nn.Threshold(3, -2): x above, the value below */
    assert_exact(b.pass[2], -2.0f);
    assert_exact(b.pass[3], 3.1f);
}

static void test_threshold_pass_and_soft_gradients(void **state)
{
    (void)state;
    float x[SL_THRESH_MAX_X];
    int n = sl_threshold_default_x(x, SL_THRESH_MAX_X);
    const float thr = 0.5f, above = 1.0f, below = 0.0f, k = 4.0f;
    assert_int_equal(sl_threshold_binary(tape, x, n, thr, above, below, k, &b, NULL, 0), SL_OK);
    double thr_grad = 0.0;
    for (int i = 0; i < n; i++) {
        /* pass-through: 1 where x passed, exactly 0 where it was replaced */
        assert_exact(b.pass_grad[i], x[i] > thr ? 1.0f : 0.0f);
        assert_int_equal(b.pass_state[i], x[i] > thr ? SL_GRAD_VALUE : SL_GRAD_ZERO);
        /* soft: (above - below) k s (1 - s), computed here in double */
        double s = 1.0 / (1.0 + exp(-(double)k * ((double)x[i] - thr)));
        double slope = (above - below) * k * s * (1.0 - s);
        assert_rel(b.soft[i], below + (above - below) * s, 1e-5);
        assert_rel(b.soft_grad[i], slope, 1e-4);
        assert_int_equal(b.soft_state[i], SL_GRAD_VALUE);
        thr_grad -= slope;
    }
    assert_int_equal(b.pass_thr_state, SL_GRAD_NONE);
    assert_int_equal(b.soft_thr_state, SL_GRAD_VALUE);
    assert_rel(b.soft_thr_grad, thr_grad, 1e-4);
    assert_rel(b.soft_thr_grad, -3.50341, 1e-4);
}

static void test_threshold_bad_arguments(void **state)
{
    (void)state;
    float x[2] = {0.0f, NAN};
    assert_int_equal(sl_threshold_binary(tape, x, 0, 0.5f, 1, 0, 1, &b, NULL, 0), SL_ERR_ARG);
    assert_int_equal(sl_threshold_binary(tape, x, SL_THRESH_MAX_X + 1, 0.5f, 1, 0, 1, &b, NULL, 0), SL_ERR_ARG);
    char err[320];
    /* A bad value is named, so that a lesson's author sees which (not "bad values"). */
    assert_int_equal(sl_threshold_binary(tape, x, 2, 0.5f, 1, 0, 1, &b, err, sizeof err), SL_ERR_ARG);
    assert_string_equal(err, "value 2 must be a finite number, got nan");
    assert_int_equal(sl_threshold_binary(tape, x, 1, 0.5f, 1, 0, 0.0f, &b, NULL, 0), SL_ERR_ARG);
    assert_int_equal(sl_threshold_binary(tape, x, 1, INFINITY, 1, 0, 1, &b, NULL, 0), SL_ERR_ARG);
    SlThreshMap map;
    assert_int_equal(sl_threshold_map_init(&map, 0, 16, 8.0f, 1, 0, 1, NULL, 0), SL_ERR_ARG);
    assert_int_equal(sl_threshold_map_init(&map, 8, SL_THRESH_MAP_MAX + 1, 8.0f, 1, 0, 1, err, sizeof err),
                     SL_ERR_ARG);
    assert_non_null(strstr(err, "rows and columns, got 8 x "));
    assert_int_equal(sl_threshold_map_init(&map, 8, 16, 8.0f, 1, 0, -1, err, sizeof err), SL_ERR_ARG);
    assert_string_equal(err, "k must be a finite number > 0, got -1");
    sl_threshold_map_deinit(&map);
}

static void test_threshold_map_learns_only_when_soft(void **state)
{
    (void)state;
    SlThreshMap map;
    assert_int_equal(sl_threshold_map_init(&map, 8, 16, 8.0f, 1.0f, 0.0f, 1.0f, NULL, 0), SL_OK);
    assert_int_equal(sl_threshold_map_eval(&map, tape), SL_OK);
    assert_int_equal(map.hard_state, SL_GRAD_NONE);
    /* row 0 wants its step at 4.5, row 7 at 11.5: no single threshold fits */
    assert_exact(map.target[0 * 16 + 4], 0.0f);
    assert_exact(map.target[0 * 16 + 5], 1.0f);
    assert_exact(map.target[7 * 16 + 11], 0.0f);
    assert_exact(map.target[7 * 16 + 12], 1.0f);
    /* hard output: X > T with T = 8 everywhere */
    assert_exact(map.hard[3 * 16 + 8], 0.0f);
    assert_exact(map.hard[3 * 16 + 9], 1.0f);
    int values = 0;
    for (int i = 0; i < 8 * 16; i++) values += map.state[i] == SL_GRAD_VALUE;
    assert_int_equal(values, 8 * 16);
    float hard0 = map.hard_loss, soft0 = map.soft_loss;
    assert_exact(hard0, 0.125f);  /* 16 of 128 elements on the wrong side */
    SlOptConfig opt;
    sl_optim_default(&opt, SL_OPT_SGD, 10.0f);
    for (int s = 0; s < 200; s++) assert_int_equal(sl_threshold_map_step(&map, tape, &opt), SL_OK);
    assert_true(map.soft_loss < 0.5f * soft0);
    assert_true(map.hard_loss < hard0);
    /* row 0 moved its thresholds down where its step is, row 7 up */
    assert_true(map.thresh[0 * 16 + 6] < 8.0f);
    assert_true(map.thresh[7 * 16 + 10] > 8.0f);
    assert_int_equal(sl_threshold_map_reset(&map, tape), SL_OK);
    assert_exact(map.thresh[0 * 16 + 6], 8.0f);
    assert_exact(map.hard_loss, hard0);
    sl_threshold_map_deinit(&map);
}

/* Back gives T, the optimizer states and the soft map's loss and gradient of the step
 * before, bit for bit, though the next step used another learning rate. */
static void test_threshold_map_back_restores_the_step_exactly(void **state)
{
    (void)state;
    SlThreshMap map;
    assert_int_equal(sl_threshold_map_init(&map, 8, 16, 8.0f, 1.0f, 0.0f, 1.0f, NULL, 0), SL_OK);
    assert_int_equal(sl_threshold_map_eval(&map, tape), SL_OK);
    assert_false(sl_threshold_map_back(&map, tape, NULL));
    SlOptConfig opt;
    sl_optim_default(&opt, SL_OPT_MOMENTUM, 2.0f);
    for (int s = 0; s < 2; s++) assert_int_equal(sl_threshold_map_step(&map, tape, &opt), SL_OK);
    enum { SIZE = 8 * 16 };
    float t2[SIZE], g2[SIZE], soft2[SIZE];
    SlOptState o2[SIZE];
    memcpy(t2, map.thresh, sizeof t2);
    memcpy(g2, map.grad, sizeof g2);
    memcpy(soft2, map.soft, sizeof soft2);
    memcpy(o2, map.opt_state, sizeof o2);
    float loss2 = map.soft_loss, hard2 = map.hard_loss;
    opt.lr = 8.0f;
    assert_int_equal(sl_threshold_map_step(&map, tape, &opt), SL_OK);
    assert_true(memcmp(t2, map.thresh, sizeof t2) != 0);
    SlStatus st = SL_ERR_ARG;
    assert_true(sl_threshold_map_back(&map, tape, &st));
    assert_int_equal(st, SL_OK);
    assert_int_equal(map.step, 2);
    assert_memory_equal(t2, map.thresh, sizeof t2);
    assert_memory_equal(g2, map.grad, sizeof g2);
    assert_memory_equal(soft2, map.soft, sizeof soft2);
    assert_memory_equal(o2, map.opt_state, sizeof o2);
    assert_bits(map.soft_loss, loss2);
    assert_bits(map.hard_loss, hard2);
    assert_true(sl_threshold_map_back(&map, tape, NULL));
    assert_true(sl_threshold_map_back(&map, tape, NULL));
    assert_exact(map.thresh[5], 8.0f);
    assert_false(sl_threshold_map_back(&map, tape, NULL));
    assert_int_equal(sl_threshold_map_step(&map, tape, &opt), SL_OK);
    assert_int_equal(sl_threshold_map_reset(&map, tape), SL_OK);
    assert_false(sl_threshold_map_back(&map, tape, NULL));  /* reset forgets the history */
    sl_threshold_map_deinit(&map);
}

static void test_threshold_gradient_thresholding(void **state)
{
    (void)state;
    SlTaskConfig task;
    SlOptConfig opt;
    sl_task_config_default(&task);
    sl_optim_default(&opt, SL_OPT_SGD, 10.0f);
    SlThreshTrain r;
    /* off: t reaches the target */
    assert_int_equal(sl_threshold_train(&task, &opt, 0.0f, 300, &r, NULL, 0), SL_OK);
    assert_abs(r.t, 40.4998, 1e-3);
    assert_int_equal(r.zeroed, 0);
    /* 0.01: stops one position short */
    assert_int_equal(sl_threshold_train(&task, &opt, 0.01f, 300, &r, NULL, 0), SL_OK);
    assert_true(r.t > 38.5f && r.t < 40.0f);
    assert_exact(r.hard_loss, 0.015625f);
    assert_true(r.zeroed > 0);
    assert_int_not_equal(r.stop, SL_STOP_RUNNING);
    /* 0.016 > 1/64: every gradient is zeroed, t never moves */
    assert_int_equal(sl_threshold_train(&task, &opt, 0.016f, 300, &r, NULL, 0), SL_OK);
    assert_exact(r.t, 10.0f);
    assert_int_equal(r.stop, SL_STOP_THRESHOLDED);
    assert_int_equal(r.zeroed, r.steps);
    char err[320];
    assert_int_equal(sl_threshold_train(&task, &opt, -1.0f, 300, &r, err, sizeof err), SL_ERR_ARG);
    assert_string_equal(err, "the gradient threshold must be a finite number >= 0, got -1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threshold_binary_has_no_gradient),
        cmocka_unit_test(test_threshold_above_below_values),
        cmocka_unit_test(test_threshold_pass_and_soft_gradients),
        cmocka_unit_test(test_threshold_bad_arguments),
        cmocka_unit_test(test_threshold_map_back_restores_the_step_exactly),
        cmocka_unit_test(test_threshold_map_learns_only_when_soft),
        cmocka_unit_test(test_threshold_gradient_thresholding),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
