/* test_channels.c — the per-channel step filter: each t_c gets exactly the single
 * task's gradient (one tape, broadcasting C x 1 against 1 x N); training moves logistic
 * channels to their own targets and leaves hard channels where they are, state none. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "qa_assert.h"
#include "sl_channels.h"

static SlChannels ch;  /* large: kept off the stack */

static void setup_task(SlTaskConfig *task, SlOptConfig *opt, SlMaskKind mask)
{
    sl_task_config_default(task);
    task->mask = mask;
    task->signal = SL_SIGNAL_NOISE;
    sl_optim_default(opt, SL_OPT_SGD, 10.0f);
}

static void test_channels_default_targets(void **state)
{
    (void)state;
    static const float want[8] = {7.5f, 14.5f, 21.5f, 28.5f, 36.5f, 43.5f, 50.5f, 57.5f};
    for (int c = 0; c < 8; c++) assert_exact(sl_channels_default_target(c, 8, 64), want[c]);
}

static void test_channels_match_single_task(void **state)
{
    (void)state;
    SlTaskConfig task;
    SlOptConfig opt;
    setup_task(&task, &opt, SL_MASK_LOGISTIC);
    assert_int_equal(sl_channels_init(&ch, &task, 8, NULL, &opt), SL_OK);
    SlTape *tape = sl_tape_create();
    assert_non_null(tape);
    for (int c = 0; c < 8; c++) {
        SlTaskConfig one = task;
        one.target = ch.target[c];
        SlTaskEval e;
        assert_int_equal(sl_task_eval(tape, &one, ch.x + (size_t)c * 64, ch.t[c], &e), SL_OK);
        /* same float32 operations; the tape may reduce a broadcast scalar in another order */
        assert_rel(ch.grad[c], e.grad, 1e-6);
        assert_bits(ch.loss_c[c], e.loss);
        assert_int_equal(ch.state[c], SL_GRAD_VALUE);
    }
    /* channels have their own signals */
    assert_true(memcmp(ch.x, ch.x + 64, 64 * sizeof(float)) != 0);
    /* the total is the sum of the channels */
    double sum = 0.0;
    for (int c = 0; c < 8; c++) sum += ch.loss_c[c];
    assert_rel(ch.loss, sum, 1e-5);
    sl_tape_destroy(tape);
    sl_channels_deinit(&ch);
}

static void test_channels_logistic_learns(void **state)
{
    (void)state;
    SlTaskConfig task;
    SlOptConfig opt;
    setup_task(&task, &opt, SL_MASK_LOGISTIC);
    assert_int_equal(sl_channels_init(&ch, &task, 8, NULL, &opt), SL_OK);
    float start_dist[8];
    for (int c = 0; c < 8; c++) start_dist[c] = fabsf(ch.t[c] - ch.target[c]);
    float loss0 = ch.loss;
    for (int s = 0; s < 500; s++) assert_int_equal(sl_channels_step(&ch), SL_OK);
    assert_int_equal(ch.step, 500);
    for (int c = 0; c < 8; c++) {
        float dist = fabsf(ch.t[c] - ch.target[c]);
        assert_true(dist < 1.0f);
        assert_true(dist < start_dist[c]);
        assert_int_not_equal(ch.state[c], SL_GRAD_NONE);
    }
    assert_true(ch.loss < 0.1f * loss0);
    assert_string_equal(ch.message, "");
    /* the heat map is the current mask: near 1 below t_c, near 0 above */
    for (int c = 0; c < 8; c++) {
        assert_true(ch.m[(size_t)c * 64] > 0.99f);
        assert_true(ch.m[(size_t)c * 64 + 63] < 0.01f);
    }
    /* reset goes back to t0 */
    assert_int_equal(sl_channels_reset(&ch), SL_OK);
    for (int c = 0; c < 8; c++) assert_exact(ch.t[c], 10.0f);
    assert_rel(ch.loss, loss0, 1e-6);
    sl_channels_deinit(&ch);
}

static void test_channels_hard_stays_put(void **state)
{
    (void)state;
    SlTaskConfig task;
    SlOptConfig opt;
    setup_task(&task, &opt, SL_MASK_HARD);
    assert_int_equal(sl_channels_init(&ch, &task, 8, NULL, &opt), SL_OK);
    float loss0 = ch.loss;
    for (int s = 0; s < 50; s++) assert_int_equal(sl_channels_step(&ch), SL_OK);
    for (int c = 0; c < 8; c++) {
        assert_exact(ch.t[c], 10.0f);
        assert_int_equal(ch.state[c], SL_GRAD_NONE);
        assert_int_equal(ch.opt_state[c].steps, 0);
        assert_exact(ch.loss_c[c], ch.hard_loss_c[c]);
    }
    assert_exact(ch.loss, loss0);
    assert_non_null(strstr(ch.message, "8 of 8 channels have no gradient"));
    assert_non_null(strstr(ch.message, "Gradients do not exist for variables"));
    /* the hard heat map is exactly 0 or 1: 1 for i < 10 */
    for (int c = 0; c < 8; c++)
        for (int i = 0; i < 64; i++) assert_exact(ch.m[(size_t)c * 64 + (size_t)i], i < 10 ? 1.0f : 0.0f);
    /* switching the same filter to logistic makes it learn from where it is */
    assert_int_equal(sl_channels_set_mask(&ch, SL_MASK_LOGISTIC, 1.0f, 4.0f), SL_OK);
    for (int c = 0; c < 8; c++) assert_int_equal(ch.state[c], SL_GRAD_VALUE);
    assert_int_equal(sl_channels_step(&ch), SL_OK);
    assert_true(ch.t[7] > 10.0f);
    assert_true(ch.t[0] < 10.0f);
    sl_channels_deinit(&ch);
}

static void test_channels_adam_and_targets(void **state)
{
    (void)state;
    SlTaskConfig task;
    SlOptConfig opt;
    setup_task(&task, &opt, SL_MASK_SMOOTHSTEP);
    task.signal = SL_SIGNAL_ONES;
    sl_optim_default(&opt, SL_OPT_ADAM, 0.5f);
    const float targets[3] = {5.5f, 20.5f, 30.5f};
    assert_int_equal(sl_channels_init(&ch, &task, 3, targets, &opt), SL_OK);
    for (int s = 0; s < 300; s++) sl_channels_step(&ch);
    for (int c = 0; c < 3; c++) assert_abs(ch.t[c], targets[c], 1.0);
    sl_channels_deinit(&ch);
}

static void test_channels_set_t(void **state)
{
    (void)state;
    SlTaskConfig task;
    SlOptConfig opt;
    setup_task(&task, &opt, SL_MASK_LOGISTIC);
    assert_int_equal(sl_channels_init(&ch, &task, 2, NULL, &opt), SL_OK);
    /* far below every position the logistic saturates: zero, not none */
    assert_int_equal(sl_channels_set_t(&ch, 1, -200.0f), SL_OK);
    assert_int_equal(ch.state[1], SL_GRAD_ZERO);
    assert_int_equal(ch.state[0], SL_GRAD_VALUE);
    assert_int_equal(sl_channels_set_t(&ch, 2, 1.0f), SL_ERR_ARG);
    assert_int_equal(sl_channels_set_t(&ch, 0, NAN), SL_ERR_ARG);
    sl_channels_deinit(&ch);
}

/* Back gives t, the optimizer state, the evaluation and the verdicts of the step before,
 * bit for bit, even after the learning rate changed (an undo, not a replay). */
static void test_channels_back_restores_the_step_exactly(void **state)
{
    (void)state;
    SlTaskConfig task;
    SlOptConfig opt;
    setup_task(&task, &opt, SL_MASK_LOGISTIC);
    sl_optim_default(&opt, SL_OPT_ADAM, 0.5f);
    assert_int_equal(sl_channels_init(&ch, &task, 4, NULL, &opt), SL_OK);
    assert_false(sl_channels_back(&ch, NULL));
    for (int s = 0; s < 2; s++) assert_int_equal(sl_channels_step(&ch), SL_OK);
    static SlChannels at2;
    at2 = ch;
    ch.opt.lr = 2.0f;
    assert_int_equal(sl_channels_step(&ch), SL_OK);
    assert_true(memcmp(at2.t, ch.t, sizeof ch.t) != 0);
    SlStatus st = SL_ERR_ARG;
    assert_true(sl_channels_back(&ch, &st));
    assert_int_equal(st, SL_OK);
    assert_int_equal(ch.step, 2);
    assert_memory_equal(at2.t, ch.t, sizeof ch.t);
    assert_memory_equal(at2.opt_state, ch.opt_state, sizeof ch.opt_state);
    assert_memory_equal(at2.grad, ch.grad, sizeof ch.grad);
    assert_memory_equal(at2.loss_c, ch.loss_c, sizeof ch.loss_c);
    assert_memory_equal(at2.stop, ch.stop, sizeof ch.stop);
    assert_memory_equal(at2.recent, ch.recent, sizeof ch.recent);
    assert_memory_equal(at2.m, ch.m, (size_t)ch.c * (size_t)ch.n * sizeof(float));
    assert_bits(ch.loss, at2.loss);
    assert_int_equal(ch.since, at2.since);
    for (int s = 2; s > 0; s--) assert_true(sl_channels_back(&ch, NULL));
    assert_memory_equal(ch.t, ch.t0, sizeof ch.t);
    assert_false(sl_channels_back(&ch, NULL));
    /* reset forgets the history */
    assert_int_equal(sl_channels_step(&ch), SL_OK);
    assert_int_equal(sl_channels_reset(&ch), SL_OK);
    assert_false(sl_channels_back(&ch, NULL));
    sl_channels_deinit(&ch);
}

static void test_channels_bad_arguments(void **state)
{
    (void)state;
    SlTaskConfig task;
    SlOptConfig opt;
    setup_task(&task, &opt, SL_MASK_LOGISTIC);
    assert_int_equal(sl_channels_init(&ch, &task, 0, NULL, &opt), SL_ERR_ARG);
    assert_non_null(strstr(ch.message, "channels must be from 1 to 64"));
    assert_int_equal(sl_channels_init(&ch, &task, SL_CHANNELS_MAX + 1, NULL, &opt), SL_ERR_ARG);
    task.k = -1.0f;
    assert_int_equal(sl_channels_init(&ch, &task, 8, NULL, &opt), SL_ERR_ARG);
    assert_non_null(strstr(ch.message, "k must be"));
    task.k = 1.0f;
    const float bad[2] = {1.0f, INFINITY};
    assert_int_equal(sl_channels_init(&ch, &task, 2, bad, &opt), SL_ERR_ARG);
    assert_int_equal(sl_channels_init(&ch, &task, 2, NULL, &opt), SL_OK);
    assert_int_equal(sl_channels_set_mask(&ch, SL_MASK_LOGISTIC, 0.0f, 4.0f), SL_ERR_ARG);
    sl_channels_deinit(&ch);
    sl_channels_deinit(&ch);  /* twice is harmless */
}

/* Each t_c gets the trainer's verdict: hard channels "no gradient" at step 1; logistic
 * channels converge on their own t*_c, each at its own step, and the verdict is sticky;
 * moving one t_c starts the verdicts again. */
static void test_channels_verdicts_follow_the_trainer_rule(void **state)
{
    (void)state;
    SlTaskConfig task;
    SlOptConfig opt;
    setup_task(&task, &opt, SL_MASK_HARD);
    assert_int_equal(sl_channels_init(&ch, &task, 4, NULL, &opt), SL_OK);
    for (int c = 0; c < 4; c++) assert_int_equal(ch.stop[c], SL_STOP_RUNNING);
    for (int s = 0; s < 3; s++) assert_int_equal(sl_channels_step(&ch), SL_OK);
    for (int c = 0; c < 4; c++) {
        assert_int_equal(ch.stop[c], SL_STOP_NO_GRADIENT);
        assert_int_equal(ch.stop_step[c], 1);
    }
    sl_channels_deinit(&ch);

    setup_task(&task, &opt, SL_MASK_LOGISTIC);
    assert_int_equal(sl_channels_init(&ch, &task, 4, NULL, &opt), SL_OK);
    for (int s = 0; s < 600; s++) assert_int_equal(sl_channels_step(&ch), SL_OK);
    for (int c = 0; c < 4; c++) {
        assert_int_equal(ch.stop[c], SL_STOP_CONVERGED);
        assert_in_range(ch.stop_step[c], 2, 599);
        assert_true(fabsf(ch.t[c] - ch.target[c]) <= 1.0f);
    }
    assert_int_equal(sl_channels_set_t(&ch, 2, 5.0f), SL_OK);
    for (int c = 0; c < 4; c++) {
        assert_int_equal(ch.stop[c], SL_STOP_RUNNING);
        assert_int_equal(ch.stop_step[c], -1);
    }
    sl_channels_deinit(&ch);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_channels_default_targets),
        cmocka_unit_test(test_channels_match_single_task),
        cmocka_unit_test(test_channels_logistic_learns),
        cmocka_unit_test(test_channels_hard_stays_put),
        cmocka_unit_test(test_channels_adam_and_targets),
        cmocka_unit_test(test_channels_set_t),
        cmocka_unit_test(test_channels_verdicts_follow_the_trainer_rule),
        cmocka_unit_test(test_channels_back_restores_the_step_exactly),
        cmocka_unit_test(test_channels_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
