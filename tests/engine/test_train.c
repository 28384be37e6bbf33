/* test_train.c — SlTrainer: the history contract (rows[0] the start, rows[s] the state
 * before update s), the hard mask's frozen t and its one-time message, step back restoring
 * t and optimizer state bit for bit, retask keeping t, divergence, gradient thresholding,
 * the stop reasons a student sees, and the sweep's lanes (SlTrainLanes) held to the trainer
 * and the rule. About 900 lines on purpose: one file for the one trainer, so its whole
 * contract reads in one place. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qa_assert.h"
#include "sl_train.h"
#include "sl_verdict_rule.h"

static void init_trainer(SlTrainer *tr, SlMaskKind mask, float k, SlOptKind opt_kind, float lr, int max_steps)
{
    SlTaskConfig task;
    sl_task_config_default(&task);
    task.mask = mask;
    task.k = k;
    SlOptConfig opt;
    sl_optim_default(&opt, opt_kind, lr);
    SlStatus st = sl_trainer_init(tr, &task, &opt, NULL, max_steps);
    if (st != SL_OK) {
        print_error("sl_trainer_init: %s\n", tr->message);
        fail();
    }
}

static int run_until_stop(SlTrainer *tr, int limit)
{
    int s = 0;
    while (tr->stop == SL_STOP_RUNNING && s < limit) {
        assert_int_equal(sl_trainer_step(tr), SL_OK);
        s++;
    }
    return s;
}

static void assert_rows_equal(const SlTrainRow *a, const SlTrainRow *b, int n)
{
    for (int s = 0; s < n; s++) {
        if (a[s].step != b[s].step || memcmp(&a[s].t, &b[s].t, sizeof(float)) != 0 ||
            memcmp(&a[s].loss, &b[s].loss, sizeof(float)) != 0 || memcmp(&a[s].grad, &b[s].grad, sizeof(float)) != 0 ||
            a[s].state != b[s].state || memcmp(&a[s].k, &b[s].k, sizeof(float)) != 0) {
            print_error("row %d differs: t %.9g/%.9g loss %.9g/%.9g grad %.9g/%.9g\n", s, (double)a[s].t,
                        (double)b[s].t, (double)a[s].loss, (double)b[s].loss, (double)a[s].grad, (double)b[s].grad);
            fail();
        }
    }
}

static void assert_opt_state_equal(const SlOptState *a, const SlOptState *b)
{
    assert_bits(a->velocity, b->velocity);
    assert_bits(a->m, b->m);
    assert_bits(a->v, b->v);
    assert_int_equal(a->steps, b->steps);
    assert_int_equal(a->has_buffer, b->has_buffer);
}

/* rows[0] is t0 evaluated; each step appends the state before the next update. */
static void test_train_rows_follow_the_history_contract(void **state)
{
    (void)state;
    SlTrainer tr;
    init_trainer(&tr, SL_MASK_LOGISTIC, 1.0f, SL_OPT_SGD, 10.0f, 0);
    assert_int_equal(tr.count, 0);
    assert_int_equal(tr.stop, SL_STOP_RUNNING);
    assert_int_equal(tr.rows[0].step, 0);
    assert_exact(tr.rows[0].t, 10.0);
    assert_rel(tr.rows[0].loss, 0.4609375, 1e-5);
    assert_rel(tr.rows[0].grad, -0.0156250037, 1e-5);
    assert_int_equal(tr.rows[0].state, SL_GRAD_VALUE);
    assert_exact(tr.rows[0].hard_loss, 0.484375);
    assert_exact(tr.rows[0].k, 1.0);
    for (int s = 0; s < 50; s++) assert_int_equal(sl_trainer_step(&tr), SL_OK);
    assert_int_equal(tr.count, 50);
    assert_ptr_equal(sl_trainer_current(&tr), &tr.rows[50]);
    for (int s = 0; s <= 50; s++) {
        assert_int_equal(tr.rows[s].step, s);
        if (s > 0) assert_exact(tr.rows[s].t - tr.rows[s - 1].t, 0.15625);
        /* each row is the evaluation at its own t */
        SlTaskEval e = sl_task_eval_fast(&tr.task, tr.x, tr.rows[s].t);
        assert_bits(tr.rows[s].loss, e.loss);
        assert_bits(tr.rows[s].grad, e.grad);
    }
    assert_exact(tr.rows[50].t, 17.8125);
    for (int s = 50; s < 300; s++) sl_trainer_step(&tr);
    assert_rel(tr.rows[300].t, 40.4998, 1e-5);
    sl_trainer_deinit(&tr);
}

/* Hard mask: t never moves, the stop reason says no gradient, and the message comes once. */
static void test_train_hard_mask_never_moves_and_says_so_once(void **state)
{
    (void)state;
    const SlOptKind kinds[] = {SL_OPT_SGD, SL_OPT_MOMENTUM, SL_OPT_ADAM};
    for (int o = 0; o < 3; o++) {
        SlTrainer tr;
        init_trainer(&tr, SL_MASK_HARD, 1.0f, kinds[o], 10.0f, 0);
        assert_int_equal(tr.rows[0].state, SL_GRAD_NONE);
        assert_int_equal(tr.none_reported, 0);
        assert_int_equal(sl_trainer_step(&tr), SL_OK);
        assert_int_equal(tr.stop, SL_STOP_NO_GRADIENT);
        assert_int_equal(tr.none_reported, 1);
        if (!strstr(tr.message, "no gradient")) {
            print_error("message after a none gradient: \"%s\"\n", tr.message);
            fail();
        }
        assert_non_null(strstr(sl_stop_reason_str(tr.stop), "no gradient"));
        /* produced once: a cleared message is not written again by later steps */
        tr.message[0] = '\0';
        for (int s = 1; s < 20; s++) assert_int_equal(sl_trainer_step(&tr), SL_OK);
        assert_string_equal(tr.message, "");
        assert_int_equal(tr.none_reported, 1);
        assert_int_equal(tr.count, 20);
        for (int s = 0; s <= 20; s++) {
            assert_exact(tr.rows[s].t, 10.0);
            assert_int_equal(tr.rows[s].state, SL_GRAD_NONE);
            assert_exact(tr.rows[s].loss, 0.484375);
        }
        /* the optimizer never advanced */
        assert_int_equal(tr.opt_state.steps, 0);
        assert_int_equal(tr.opt_state.has_buffer, 0);
        assert_int_equal(tr.stop, SL_STOP_NO_GRADIENT);
        sl_trainer_deinit(&tr);
    }
}

/* Train 20, back 10, train 10 again: the same rows bit for bit and the same Adam state. */
static void test_train_step_back_restores_t_and_optimizer_state(void **state)
{
    (void)state;
    const SlOptKind kinds[] = {SL_OPT_ADAM, SL_OPT_MOMENTUM};
    for (int o = 0; o < 2; o++) {
        SlTrainer tr;
        init_trainer(&tr, SL_MASK_LOGISTIC, 1.0f, kinds[o], kinds[o] == SL_OPT_ADAM ? 0.5f : 10.0f, 0);
        for (int s = 0; s < 20; s++) assert_int_equal(sl_trainer_step(&tr), SL_OK);
        SlTrainRow first[21];
        memcpy(first, tr.rows, sizeof first);
        SlOptState after20 = tr.opt_state;
        assert_true(after20.steps == 20 || after20.has_buffer == 1);
        for (int s = 0; s < 10; s++) assert_int_equal(sl_trainer_back(&tr), 1);
        assert_int_equal(tr.count, 10);
        assert_bits(sl_trainer_current(&tr)->t, first[10].t);
        if (kinds[o] == SL_OPT_ADAM) assert_int_equal(tr.opt_state.steps, 10);
        for (int s = 0; s < 10; s++) assert_int_equal(sl_trainer_step(&tr), SL_OK);
        assert_int_equal(tr.count, 20);
        assert_rows_equal(tr.rows, first, 21);
        assert_opt_state_equal(&tr.opt_state, &after20);
        /* all the way back is t0 with a fresh optimizer, and no further */
        for (int s = 0; s < 20; s++) assert_int_equal(sl_trainer_back(&tr), 1);
        assert_int_equal(sl_trainer_back(&tr), 0);
        assert_int_equal(tr.count, 0);
        assert_exact(sl_trainer_current(&tr)->t, 10.0);
        assert_int_equal(tr.opt_state.steps, 0);
        assert_int_equal(tr.opt_state.has_buffer, 0);
        sl_trainer_deinit(&tr);
    }
}

/* Changing k mid-run keeps t and the history; the current row is re-evaluated at the new k. */
static void test_train_retask_keeps_t_and_history(void **state)
{
    (void)state;
    SlTrainer tr;
    init_trainer(&tr, SL_MASK_LOGISTIC, 1.0f, SL_OPT_SGD, 10.0f, 0);
    for (int s = 0; s < 20; s++) sl_trainer_step(&tr);
    SlTrainRow before[21];
    memcpy(before, tr.rows, sizeof before);
    SlTaskConfig task = tr.task;
    task.k = 2.0f;
    assert_int_equal(sl_trainer_retask(&tr, &task, &tr.opt, NULL), SL_OK);
    assert_int_equal(tr.count, 20);
    assert_rows_equal(tr.rows, before, 20);
    const SlTrainRow *cur = sl_trainer_current(&tr);
    assert_bits(cur->t, before[20].t);
    assert_exact(cur->k, 2.0);
    SlTaskEval e = sl_task_eval_fast(&task, tr.x, cur->t);
    assert_bits(cur->loss, e.loss);
    assert_true(cur->loss != before[20].loss);
    assert_int_equal(tr.stop, SL_STOP_RUNNING);
    /* t0 is still the original start for a reset */
    assert_int_equal(sl_trainer_reset(&tr), SL_OK);
    assert_exact(sl_trainer_current(&tr)->t, 10.0);
    assert_exact(sl_trainer_current(&tr)->k, 2.0);
    /* a bad retask is refused with a message and changes nothing */
    for (int s = 0; s < 5; s++) sl_trainer_step(&tr);
    float t5 = sl_trainer_current(&tr)->t;
    task.k = -1.0f;
    assert_int_equal(sl_trainer_retask(&tr, &task, &tr.opt, NULL), SL_ERR_ARG);
    assert_non_null(strstr(tr.message, "-1"));
    assert_bits(sl_trainer_current(&tr)->t, t5);
    assert_exact(tr.task.k, 2.0);
    sl_trainer_deinit(&tr);
}

/* A huge learning rate sends t to infinity: diverged, reported, and stepping on does not crash. */
static void test_train_divergence_stops_without_crashing(void **state)
{
    (void)state;
    const SlOptKind kinds[] = {SL_OPT_SGD, SL_OPT_MOMENTUM};
    for (int o = 0; o < 2; o++) {
        SlTrainer tr;
        /* k = 1000 at t = 10: dL/dt ≈ -3.9, and lr = 3e38 turns that into t = +inf */
        init_trainer(&tr, SL_MASK_LOGISTIC, 1000.0f, kinds[o], 3e38f, 0);
        int steps = run_until_stop(&tr, 100);
        assert_true(steps >= 1 && steps < 100);
        assert_int_equal(tr.stop, SL_STOP_DIVERGED);
        assert_true(!isfinite(sl_trainer_current(&tr)->t) || !isfinite(sl_trainer_current(&tr)->loss) ||
                    sl_trainer_current(&tr)->state == SL_GRAD_NAN);
        for (int s = 0; s < 10; s++) assert_int_equal(sl_trainer_step(&tr), SL_OK);
        assert_int_equal(tr.stop, SL_STOP_DIVERGED);
        assert_int_equal(sl_trainer_back(&tr), 1);
        sl_trainer_deinit(&tr);
    }
    /* ... and an unreasonable but finite lr with momentum keeps going without NaN rows:
     * t is thrown to about 1.6e5, coasts on the momentum buffer (the gradient is exactly 0
     * there) until the updates are lost in t's rounding, and stalls outside 0..N-1. */
    SlTrainer tr;
    init_trainer(&tr, SL_MASK_LOGISTIC, 1.0f, SL_OPT_MOMENTUM, 1e6f, 200);
    for (int s = 0; s < 200; s++) assert_int_equal(sl_trainer_step(&tr), SL_OK);
    for (int s = 0; s <= tr.count; s++) {
        assert_true(isfinite(tr.rows[s].t));
        assert_true(isfinite(tr.rows[s].loss));
        assert_int_not_equal(tr.rows[s].state, SL_GRAD_NAN);
    }
    assert_true(tr.rows[1].t > 1e4f);
    assert_int_equal(tr.stop, SL_STOP_ZERO_OUTSIDE);
    assert_in_range(tr.stop_step, 100, 199);
    assert_exact(tr.rows[tr.stop_step].t, tr.rows[200].t);
    sl_trainer_deinit(&tr);
}

/* grad_threshold zeroes gradients smaller than it before the update. */
static void test_train_grad_threshold_zeroes_small_gradients(void **state)
{
    (void)state;
    SlTrainer tr;
    init_trainer(&tr, SL_MASK_LOGISTIC, 1.0f, SL_OPT_SGD, 10.0f, 0);
    tr.grad_threshold = 0.02f; /* |dL/dt| = 0.015625 at t = 10: below it */
    for (int s = 0; s < 5; s++) sl_trainer_step(&tr);
    for (int s = 0; s <= 5; s++) assert_exact(tr.rows[s].t, 10.0);
    run_until_stop(&tr, 100);
    /* the gradient the optimizer sees is exactly 0 because of the threshold: the verdict
     * says so, at step 1 */
    assert_int_equal(tr.stop, SL_STOP_THRESHOLDED);
    assert_int_equal(tr.stop_step, 1);
    assert_exact(sl_trainer_current(&tr)->t, 10.0);
    sl_trainer_deinit(&tr);

    init_trainer(&tr, SL_MASK_LOGISTIC, 1.0f, SL_OPT_SGD, 10.0f, 0);
    tr.grad_threshold = 0.01f; /* above the threshold: untouched */
    sl_trainer_step(&tr);
    assert_exact(tr.rows[1].t, 10.15625);
    sl_trainer_deinit(&tr);
}

/* Stop reasons: logistic k=1 converges to t*, k=32 stalls far from it, the step limit. */
static void test_train_stop_reasons(void **state)
{
    (void)state;
    SlTrainer tr;
    init_trainer(&tr, SL_MASK_LOGISTIC, 1.0f, SL_OPT_SGD, 10.0f, 0);
    run_until_stop(&tr, 5000);
    assert_int_equal(tr.stop, SL_STOP_CONVERGED);
    assert_true(fabsf(sl_trainer_current(&tr)->t - 40.5f) < 0.5f);
    assert_string_equal(sl_stop_reason_str(SL_STOP_CONVERGED), "converged");
    sl_trainer_deinit(&tr);

    init_trainer(&tr, SL_MASK_LOGISTIC, 32.0f, SL_OPT_SGD, 10.0f, 0);
    run_until_stop(&tr, 5000);
    assert_int_equal(tr.stop, SL_STOP_STALLED);
    assert_exact(tr.rows[1].t, 11.25);
    assert_true(sl_trainer_current(&tr)->t < 11.3f);
    assert_abs(sl_trainer_current(&tr)->grad, -1.1e-7, 0.1e-7);
    assert_non_null(strstr(sl_stop_reason_str(SL_STOP_STALLED), "stalled"));
    sl_trainer_deinit(&tr);

    /* smoothstep w=1 sticks near 10.456 (after 50 steps; it creeps on ever slower): stalled */
    SlTaskConfig task;
    sl_task_config_default(&task);
    task.mask = SL_MASK_SMOOTHSTEP;
    task.width = 1.0f;
    SlOptConfig opt;
    sl_optim_default(&opt, SL_OPT_SGD, 10.0f);
    assert_int_equal(sl_trainer_init(&tr, &task, &opt, NULL, 0), SL_OK);
    run_until_stop(&tr, 5000);
    assert_int_equal(tr.stop, SL_STOP_STALLED);
    assert_true(tr.count > 10);
    assert_true(sl_trainer_current(&tr)->t > 10.4f && sl_trainer_current(&tr)->t < 10.5f);
    sl_trainer_deinit(&tr);

    init_trainer(&tr, SL_MASK_LOGISTIC, 1.0f, SL_OPT_SGD, 10.0f, 7);
    int steps = run_until_stop(&tr, 100);
    assert_int_equal(steps, 7);
    assert_int_equal(tr.stop, SL_STOP_STEP_LIMIT);
    sl_trainer_deinit(&tr);
}

/* Annealing sets k per row and spans the run: linear 1 -> 9 over a run of 8 steps gives
 * k = 1 + s, k1 at row 8 (the last row), and k1 after it; the SlAnneal's own steps field
 * does not change that. */
static void test_train_annealing_sets_k_per_row(void **state)
{
    (void)state;
    SlTaskConfig task;
    sl_task_config_default(&task);
    SlOptConfig opt;
    sl_optim_default(&opt, SL_OPT_SGD, 10.0f);
    SlAnneal an = {SL_ANNEAL_LINEAR, 1.0f, 9.0f, 300};
    SlTrainer tr;
    assert_int_equal(sl_trainer_init(&tr, &task, &opt, &an, 8), SL_OK);
    for (int s = 0; s < 10; s++) sl_trainer_step(&tr);
    for (int s = 0; s <= 10; s++) {
        double want = s < 8 ? 1.0 + s : 9.0;
        assert_rel(tr.rows[s].k, want, 1e-6);
        SlTaskConfig at = task;
        at.k = tr.rows[s].k;
        assert_bits(tr.rows[s].loss, sl_task_eval_fast(&at, tr.x, tr.rows[s].t).loss);
    }
    sl_trainer_deinit(&tr);
}

/* Bad settings are refused with a message naming the value; nothing to free. */
static void test_train_init_rejects_bad_settings(void **state)
{
    (void)state;
    SlTaskConfig task;
    sl_task_config_default(&task);
    SlOptConfig opt;
    sl_optim_default(&opt, SL_OPT_SGD, 10.0f);
    SlTrainer tr;
    task.k = 0.0f;
    assert_int_equal(sl_trainer_init(&tr, &task, &opt, NULL, 0), SL_ERR_ARG);
    assert_non_null(strstr(tr.message, "k"));
    assert_null(tr.rows);
    sl_task_config_default(&task);
    task.n = 1;
    assert_int_equal(sl_trainer_init(&tr, &task, &opt, NULL, 0), SL_ERR_ARG);
    assert_non_null(strstr(tr.message, "1"));
    sl_task_config_default(&task);
    opt.lr = NAN;
    assert_int_equal(sl_trainer_init(&tr, &task, &opt, NULL, 0), SL_ERR_ARG);
    assert_non_null(strstr(tr.message, "nan"));
    sl_optim_default(&opt, SL_OPT_SGD, 10.0f);
    SlAnneal an = {SL_ANNEAL_GEOMETRIC, 0.0f, 8.0f, 10};
    assert_int_equal(sl_trainer_init(&tr, &task, &opt, &an, 0), SL_ERR_ARG);
    assert_true(strlen(tr.message) > 0);
    /* set_t refuses NaN and keeps the row */
    assert_int_equal(sl_trainer_init(&tr, &task, &opt, NULL, 0), SL_OK);
    assert_int_equal(sl_trainer_set_t(&tr, NAN), SL_ERR_ARG);
    assert_exact(sl_trainer_current(&tr)->t, 10.0);
    assert_int_equal(sl_trainer_set_t(&tr, 20.0f), SL_OK);
    assert_exact(sl_trainer_current(&tr)->t, 20.0);
    sl_trainer_deinit(&tr);
}

/* A change of task restarts the plateau window: a run that converged at the old t*
 * is running again toward the new one, not "stalled" on its old history. */
/* restart: a used trainer given new settings is, row for row, a fresh one with them
 * (momentum state, verdict, history and annealing all start again). */
static void test_train_restart_equals_a_fresh_trainer(void **state)
{
    (void)state;
    SlTrainer used, fresh;
    init_trainer(&used, SL_MASK_LOGISTIC, 1.0f, SL_OPT_MOMENTUM, 10.0f, 0);
    run_until_stop(&used, 400);
    SlTaskConfig task = used.task;
    task.k = 4.0f;
    task.t = 30.0f;
    task.target = 12.5f;
    SlOptConfig opt;
    sl_optim_default(&opt, SL_OPT_MOMENTUM, 3.0f);
    SlAnneal anneal = {SL_ANNEAL_LINEAR, 1.0f, 8.0f, 0};
    used.max_steps = 100; /* the schedule spans the new run */
    assert_int_equal(sl_trainer_restart(&used, &task, &opt, &anneal), SL_OK);
    assert_int_equal(sl_trainer_init(&fresh, &task, &opt, &anneal, 100), SL_OK);
    for (int s = 0; s < 120; s++) {
        assert_int_equal(used.count, fresh.count);
        assert_memory_equal(sl_trainer_current(&used), sl_trainer_current(&fresh), sizeof(SlTrainRow));
        assert_int_equal(used.stop, fresh.stop);
        assert_int_equal(used.stop_step, fresh.stop_step);
        assert_int_equal(sl_trainer_step(&used), SL_OK);
        assert_int_equal(sl_trainer_step(&fresh), SL_OK);
    }
    task.k = -1.0f;
    assert_int_equal(sl_trainer_restart(&used, &task, &opt, &anneal), SL_ERR_ARG);
    sl_trainer_deinit(&used);
    sl_trainer_deinit(&fresh);
}

static void test_train_retask_restarts_the_plateau_window(void **state)
{
    (void)state;
    SlTrainer tr;
    init_trainer(&tr, SL_MASK_LOGISTIC, 1.0f, SL_OPT_SGD, 10.0f, 0);
    run_until_stop(&tr, 5000);
    assert_int_equal(tr.stop, SL_STOP_CONVERGED);
    SlTaskConfig moved = tr.task;
    moved.target = 20.5f;
    assert_int_equal(sl_trainer_retask(&tr, &moved, &tr.opt, NULL), SL_OK);
    assert_int_equal(tr.stop, SL_STOP_RUNNING);
    run_until_stop(&tr, 5000);
    assert_int_equal(tr.stop, SL_STOP_CONVERGED);
    assert_true(fabsf(sl_trainer_current(&tr)->t - 20.5f) < 0.5f);
    /* moving t by hand restarts it too */
    assert_int_equal(sl_trainer_set_t(&tr, 30.0f), SL_OK);
    assert_int_equal(tr.stop, SL_STOP_RUNNING);
    sl_trainer_deinit(&tr);
}

/* The verdict is sticky and names its step: logistic k=1 converges at step 281 of 300;
 * stepping on keeps "converged at 281"; stepping back before it judges the rows again. */
static void test_train_verdict_is_sticky_and_names_its_step(void **state)
{
    (void)state;
    SlTrainer tr;
    init_trainer(&tr, SL_MASK_LOGISTIC, 1.0f, SL_OPT_SGD, 10.0f, 300);
    assert_int_equal(tr.stop_step, -1);
    for (int s = 0; s < 300; s++) assert_int_equal(sl_trainer_step(&tr), SL_OK);
    assert_int_equal(tr.stop, SL_STOP_CONVERGED);
    assert_int_equal(tr.stop_step, 281);
    assert_int_equal(tr.count, 300);
    while (tr.count > 290) sl_trainer_back(&tr);
    assert_int_equal(tr.stop, SL_STOP_CONVERGED);
    assert_int_equal(tr.stop_step, 281);
    while (tr.count > 280) sl_trainer_back(&tr);
    assert_int_equal(tr.stop, SL_STOP_RUNNING);
    assert_int_equal(tr.stop_step, -1);
    sl_trainer_step(&tr);
    assert_int_equal(tr.stop, SL_STOP_CONVERGED);
    assert_int_equal(tr.stop_step, 281);
    /* a moved t starts the verdict again */
    assert_int_equal(sl_trainer_set_t(&tr, 12.0f), SL_OK);
    assert_int_equal(tr.stop, SL_STOP_RUNNING);
    assert_int_equal(tr.stop_step, -1);
    sl_trainer_deinit(&tr);
}

/* A far-away t that does not move has not diverged: at t = 300 sigma is exactly 1 at every
 * position, the gradient is exactly 0, and plain SGD can never move t again: said at
 * step 1. The hard mask there has no gradient at all. */
static void test_train_far_t_is_zero_gradient_not_diverged(void **state)
{
    (void)state;
    const SlMaskKind masks[] = {SL_MASK_LOGISTIC, SL_MASK_HARD};
    const SlStopReason want[] = {SL_STOP_ZERO_OUTSIDE, SL_STOP_NO_GRADIENT};
    for (int i = 0; i < 2; i++) {
        SlTrainer tr;
        init_trainer(&tr, masks[i], 1.0f, SL_OPT_SGD, 10.0f, 5);
        assert_int_equal(sl_trainer_set_t(&tr, 300.0f), SL_OK);
        for (int s = 0; s < 5; s++) sl_trainer_step(&tr);
        assert_int_equal(tr.stop, want[i]);
        assert_int_equal(tr.stop_step, 1);
        assert_exact(sl_trainer_current(&tr)->t, 300.0);
        sl_trainer_deinit(&tr);
    }
    assert_string_equal(sl_stop_reason_str(SL_STOP_ZERO_OUTSIDE), "stalled: zero gradient (t is outside 0..N-1)");
}

/* Gradient thresholding (docs/training.md): at level 0.016 the gradient -0.0156 is zeroed
 * before every update, so t never moves; the verdict says the threshold did it, not a
 * zero gradient the task has (the rows keep the task's gradient, -0.0156). */
static void test_train_threshold_verdict_names_the_threshold(void **state)
{
    (void)state;
    SlTrainer tr;
    init_trainer(&tr, SL_MASK_LOGISTIC, 1.0f, SL_OPT_SGD, 10.0f, 20);
    tr.grad_threshold = 0.016f;
    for (int s = 0; s < 20; s++) sl_trainer_step(&tr);
    assert_int_equal(tr.stop, SL_STOP_THRESHOLDED);
    assert_int_equal(tr.stop_step, 1);
    assert_exact(sl_trainer_current(&tr)->t, 10.0);
    assert_int_equal(sl_trainer_current(&tr)->state, SL_GRAD_VALUE);
    assert_string_equal(sl_stop_reason_str(SL_STOP_THRESHOLDED), "stalled: gradient below the threshold");
    sl_trainer_deinit(&tr);
    /* a task's own zero gradient is still "zero gradient" with a threshold set */
    init_trainer(&tr, SL_MASK_LOGISTIC, 1.0f, SL_OPT_SGD, 10.0f, 5);
    tr.grad_threshold = 0.016f;
    assert_int_equal(sl_trainer_set_t(&tr, 300.0f), SL_OK);
    for (int s = 0; s < 5; s++) sl_trainer_step(&tr);
    assert_int_equal(tr.stop, SL_STOP_ZERO_OUTSIDE);
    sl_trainer_deinit(&tr);
}

/* lr = 1e-30: the gradient is a healthy -0.0156, but lr * g is far below half an ulp of
 * t = 10, so t never moves. Plain SGD says so at step 1 (it is stateless, so the same
 * update repeats for ever); momentum and Adam after the plateau window. */
static void test_train_update_below_resolution_is_not_vanished(void **state)
{
    (void)state;
    const SlOptKind kinds[] = {SL_OPT_SGD, SL_OPT_MOMENTUM, SL_OPT_ADAM};
    const int when[] = {1, 10, 10};
    for (int i = 0; i < 3; i++) {
        SlTrainer tr;
        init_trainer(&tr, SL_MASK_LOGISTIC, 1.0f, kinds[i], 1e-30f, 50);
        for (int s = 0; s < 50; s++) sl_trainer_step(&tr);
        assert_int_equal(tr.stop, SL_STOP_TOO_SMALL);
        assert_int_equal(tr.stop_step, when[i]);
        assert_true(fabsf(sl_trainer_current(&tr)->grad) > 0.015f);
        sl_trainer_deinit(&tr);
    }
    assert_string_equal(sl_stop_reason_str(SL_STOP_TOO_SMALL), "stalled: update below t's float32 resolution");
}

/* The rule itself, on hand-made rows: what "diverged" means and what it does not. */
static void test_train_verdict_rule_by_hand(void **state)
{
    (void)state;
    SlVerdictInput in = {0};
    in.step = 5;
    in.since = 5;
    in.n = 64;
    in.target = 40.5f;
    in.t = 20.0f;
    in.loss = 0.3f;
    in.hard_loss = 0.3f;
    in.grad = -0.0156f;
    in.state = SL_GRAD_VALUE;
    in.loss_start = 0.46f;
    in.prev_t = 19.0f;
    in.window_t = NAN;
    assert_int_equal(sl_verdict_judge(&in), SL_STOP_RUNNING);
    /* not finite: diverged */
    in.t = INFINITY;
    assert_int_equal(sl_verdict_judge(&in), SL_STOP_DIVERGED);
    in.t = 20.0f;
    in.state = SL_GRAD_NAN;
    assert_int_equal(sl_verdict_judge(&in), SL_STOP_DIVERGED);
    in.state = SL_GRAD_VALUE;
    /* the loss: 1000x its start is diverged, 999x is not; from a perfect 0 the floor
     * 1e-3 holds, so any loss up to 1 is not */
    in.loss = 0.46f * 999.0f;
    assert_int_equal(sl_verdict_judge(&in), SL_STOP_RUNNING);
    in.loss = 0.46f * 1001.0f;
    assert_int_equal(sl_verdict_judge(&in), SL_STOP_DIVERGED);
    in.loss_start = 0.0f;
    in.loss = 1.0f;
    assert_int_equal(sl_verdict_judge(&in), SL_STOP_RUNNING);
    in.loss = 1.001f;
    assert_int_equal(sl_verdict_judge(&in), SL_STOP_DIVERGED);
    in.loss = 0.3f;
    in.loss_start = 0.46f;
    /* t stopped (window) with a healthy gradient and t still creeping: running, not stalled */
    in.since = SL_VERDICT_WINDOW;
    in.window_t = 19.9995f;
    assert_int_equal(sl_verdict_judge(&in), SL_STOP_RUNNING);
    /* ... with a vanished gradient: stalled */
    in.grad = -1e-7f;
    assert_int_equal(sl_verdict_judge(&in), SL_STOP_STALLED);
    /* ... where the hard step reproduces the target: converged */
    in.hard_loss = 0.0f;
    assert_int_equal(sl_verdict_judge(&in), SL_STOP_CONVERGED);
    /* the step limit only when nothing else holds */
    in.hard_loss = 0.3f;
    in.grad = -0.0156f;
    in.max_steps = 5;
    assert_int_equal(sl_verdict_judge(&in), SL_STOP_STEP_LIMIT);
}


/* Five trainers reading one borrowed signal give, family by family, the very rows of
 * trainers that fill their own, through steps and a retask to a new N and signal; the
 * hard loss of every row is sl_task_hard_loss's, bit for bit (hard and ste reuse their
 * own loss for it). The shared signal is read, never freed or written. */
static void test_train_shared_signal_gives_the_rows_of_an_own_one(void **state)
{
    (void)state;
    SlTaskConfig task;
    sl_task_config_default(&task);
    task.n = 300;
    task.signal = SL_SIGNAL_NOISE;
    task.seed = 7;
    SlOptConfig opt;
    sl_optim_default(&opt, SL_OPT_ADAM, 0.5f);
    float *x = malloc((size_t)task.n * sizeof *x);
    float *copy = malloc((size_t)task.n * sizeof *copy);
    assert_non_null(x);
    assert_non_null(copy);
    sl_signal_fill(task.signal, task.seed, task.n, x);
    memcpy(copy, x, (size_t)task.n * sizeof *x);
    SlTaskConfig task2 = task;
    task2.n = 500;
    task2.signal = SL_SIGNAL_SINE;
    float *x2 = malloc((size_t)task2.n * sizeof *x2);
    assert_non_null(x2);
    sl_signal_fill(task2.signal, task2.seed, task2.n, x2);
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        SlTrainer own, shared;
        task.mask = task2.mask = (SlMaskKind)f;
        assert_int_equal(sl_trainer_init(&own, &task, &opt, NULL, 40), SL_OK);
        assert_int_equal(sl_trainer_init_shared(&shared, &task, &opt, NULL, 40, x), SL_OK);
        assert_ptr_equal(shared.x, x);
        assert_null(shared.x_own);
        for (int s = 0; s < 25; s++) {
            assert_int_equal(sl_trainer_step(&own), SL_OK);
            assert_int_equal(sl_trainer_step(&shared), SL_OK);
        }
        assert_int_equal(sl_trainer_retask(&own, &task2, &opt, NULL), SL_OK);
        assert_int_equal(sl_trainer_retask_shared(&shared, &task2, &opt, NULL, x2), SL_OK);
        assert_ptr_equal(shared.x, x2);
        for (int s = 0; s < 10; s++) {
            assert_int_equal(sl_trainer_step(&own), SL_OK);
            assert_int_equal(sl_trainer_step(&shared), SL_OK);
        }
        assert_int_equal(own.count, shared.count);
        for (int s = 0; s <= own.count; s++) {
            assert_bits(own.rows[s].t, shared.rows[s].t);
            assert_bits(own.rows[s].loss, shared.rows[s].loss);
            assert_bits(own.rows[s].grad, shared.rows[s].grad);
            assert_bits(own.rows[s].hard_loss, shared.rows[s].hard_loss);
            const SlTaskConfig *c = s < 25 ? &task : &task2; /* the retask re-evaluated row 25 */
            SlTaskConfig ck = *c;
            ck.k = own.rows[s].k;
            assert_bits(own.rows[s].hard_loss, sl_task_hard_loss(&ck, s < 25 ? copy : x2, own.rows[s].t));
        }
        /* Retasking without a shared signal makes it fill its own again. */
        assert_int_equal(sl_trainer_retask(&shared, &task2, &opt, NULL), SL_OK);
        assert_non_null(shared.x_own);
        assert_ptr_equal(shared.x, shared.x_own);
        sl_trainer_deinit(&own);
        sl_trainer_deinit(&shared);
    }
    assert_memory_equal(x, copy, (size_t)task.n * sizeof *x);
    free(x);
    free(x2);
    free(copy);
}

/* One step of the reference trainer, and the kernel's numbers for the lanes at (t, k). */
static void reference_step(SlTrainer *tr, float t, float k, float *loss, float *grad, float *hard)
{
    assert_int_equal(sl_trainer_step(tr), SL_OK);
    SlTaskConfig c = tr->task;
    c.k = k;
    SlTaskEval e = sl_task_eval_fast_hard(&c, tr->x, t, hard);
    *loss = e.loss;
    *grad = e.grad;
}

/* SlTrainLanes, the sweep's trainers side by side, against SlTrainer row by row (and each
 * compiled path of the lanes' steps this CPU runs against the one the sweep takes): sixteen
 * cells at a time, each evaluated by the trainer's own fused kernel, for every family,
 * optimizer, schedule and threshold, learning rates from tiny to past float32's range and
 * starts inside and outside the signal. Every row (all fields, bit for bit), the verdict
 * and its step, and whether the lane has settled must be the trainer's at every step, and
 * the cells must reach every verdict. */
static void test_train_lanes_step_as_the_trainer(void **state)
{
    (void)state;
    enum { LANES = SL_TRAIN_LANES_MAX, STEPS = 150, PATHS = 3, WIDTHS = 3, COPIES = PATHS * WIDTHS };
    static const int width[WIDTHS] = {4, 8, LANES}; /* each path, also in its narrow forms (lanes 0 .. width-1) */
    int seen[SL_STOP_REASON_COUNT] = {0}, bad = 0, cells = 0, paths_run = 0;
    SlTrainLanesPath path[PATHS];
    int has_path[PATHS];
    for (int i = 0; i < PATHS; i++) has_path[i] = sl__train_lanes_path(i, &path[i]);
    assert_true(has_path[0]);
    const SlMaskKind masks[] = {SL_MASK_LOGISTIC, SL_MASK_STE, SL_MASK_SMOOTHSTEP, SL_MASK_HARDSIGMOID, SL_MASK_HARD};
    for (size_t m = 0; m < sizeof masks / sizeof masks[0]; m++)
        for (int o = 0; o < SL_OPT_COUNT; o++)
            for (int a = 0; a < SL_ANNEAL_COUNT; a++)
                for (int v = 0; v < 4; v++) {
                    const int th = v & 1; /* gradient threshold off or on; v >> 1: another spread of t0, k, w */
                    if (a != SL_ANNEAL_CONSTANT && !sl_mask_uses_k(masks[m])) continue;
                    SlTrainer tr[LANES];
                    SlTrainLanes *ln = calloc(1, sizeof *ln), *lp = calloc(COPIES, sizeof *lp);
                    assert_non_null(ln);
                    assert_non_null(lp);
                    float t[LANES], k[LANES], loss[LANES], grad[LANES], hard[LANES];
                    for (int l = 0; l < LANES; l++) {
                        SlTaskConfig task;
                        sl_task_config_default(&task);
                        task.mask = masks[m];
                        task.k = 0.25f * (float)(l % 5 + 1) * (float)(l % 3 + 1) * (v >> 1 ? 3.0f : 1.0f);
                        task.width = 0.5f + (float)(l % 4) * 3.0f + (float)(v >> 1);
                        task.t = l % 4 == 3 ? -30.0f + (float)l * 11.0f : 10.0f + (float)l + (float)(v >> 1) * 27.5f;
                        SlOptConfig opt;
                        sl_optim_default(&opt, (SlOptKind)o, 0.01f * powf(10.0f, (float)l * 0.5f)); /* to 3e5 */
                        if (l == 0) opt.lr = 1e-9f; /* lr g below t's resolution */
                        if (l == LANES - 1) opt.lr = 3e37f;
                        if (l == LANES - 2) { /* a steep step at t*: lr g overflows, t becomes infinite */
                            opt.lr = 3.4e38f;
                            task.k = 1000.0f;
                            task.width = 0.01f;
                            task.t = 40.3f;
                        }
                        SlAnneal an = {(SlAnnealKind)a, 0.5f + (float)(l % 3), 4.0f + (float)(l % 5) * 8.0f, 0};
                        assert_int_equal(sl_trainer_init(&tr[l], &task, &opt, &an, STEPS), SL_OK);
                        tr[l].grad_threshold = th ? 1e-3f : 0.0f;
                        float t0, k0;
                        assert_int_equal(sl_train_lanes_set(ln, l, &task, &opt, &an, STEPS, tr[l].grad_threshold, &t0, &k0),
                                         SL_OK);
                        const SlTrainRow *r0 = sl_trainer_current(&tr[l]);
                        assert_memory_equal(&t0, &r0->t, sizeof t0);
                        assert_memory_equal(&k0, &r0->k, sizeof k0);
                        SlTaskConfig c = task;
                        c.k = k0;
                        SlTaskEval e = sl_task_eval_fast_hard(&c, tr[l].x, t0, &hard[l]);
                        sl_train_lanes_first(ln, l, t0, e.loss, e.grad, hard[l]);
                        for (int i = 0; i < COPIES; i++) {
                            float t1, k1;
                            assert_int_equal(sl_train_lanes_set(&lp[i], l, &task, &opt, &an, STEPS, tr[l].grad_threshold,
                                                                &t1, &k1), SL_OK);
                            sl_train_lanes_first(&lp[i], l, t0, e.loss, e.grad, hard[l]);
                        }
                        cells++;
                    }
                    const unsigned all = (1u << LANES) - 1u;
                    for (int s = 0; s <= STEPS; s++) {
                        for (int l = 0; l < LANES; l++) {
                            const SlTrainRow *want = sl_trainer_current(&tr[l]), got_row = sl_train_lanes_row(ln, l);
                            const SlTrainRow *got = &got_row;
                            if ((memcmp(want, got, sizeof *want) != 0 || tr[l].stop != ln->stop[l] ||
                                 tr[l].stop_step != ln->stop_step[l] ||
                                 sl_trainer_settled(&tr[l]) != sl_train_lanes_settled(ln, l)) &&
                                bad++ < 3)
                                print_error("%s %s anneal %d thr %d lane %d step %d: trainer t=%.9g loss=%.9g %s@%d, "
                                            "lanes t=%.9g loss=%.9g %s@%d\n",
                                            sl_mask_name(masks[m]), sl_optim_name((SlOptKind)o), a, th, l, s,
                                            (double)want->t, (double)want->loss, sl_stop_reason_str(tr[l].stop),
                                            tr[l].stop_step, (double)got->t, (double)got->loss,
                                            sl_stop_reason_str(ln->stop[l]), ln->stop_step[l]);
                        }
                        if (s == STEPS) break;
                        const unsigned moved = sl_train_lanes_advance(ln, LANES, all, t, k);
                        for (int i = 0; i < COPIES; i++) { /* every compiled path: the same numbers */
                            const int p = i / WIDTHS, w = width[i % WIDTHS];
                            const unsigned mask = (1u << w) - 1u;
                            float tp[LANES], kp[LANES];
                            if (has_path[p] && (path[p].advance(&lp[i], w, all, tp, kp) != (moved & mask) ||
                                                memcmp(tp, t, (size_t)w * sizeof *t) != 0 ||
                                                memcmp(kp, k, (size_t)w * sizeof *k) != 0))
                                bad++;
                        }
                        for (int l = 0; l < LANES; l++) reference_step(&tr[l], t[l], k[l], &loss[l], &grad[l], &hard[l]);
                        const unsigned settled = sl_train_lanes_record(ln, LANES, all, t, k, loss, grad, hard);
                        for (int i = 0; i < COPIES; i++) {
                            const int p = i / WIDTHS, w = width[i % WIDTHS];
                            if (!has_path[p]) continue;
                            paths_run++;
                            if (path[p].record(&lp[i], w, all, t, k, loss, grad, hard) != (settled & ((1u << w) - 1u)))
                                bad++;
                            for (int l = 0; l < w; l++) {
                                const SlTrainRow ra = sl_train_lanes_row(ln, l), rb = sl_train_lanes_row(&lp[i], l);
                                if (memcmp(&ra, &rb, sizeof ra) != 0 || ln->stop[l] != lp[i].stop[l] ||
                                    ln->stop_step[l] != lp[i].stop_step[l] ||
                                    memcmp(&ln->prev_t[l], &lp[i].prev_t[l], sizeof ln->prev_t[l]) != 0)
                                    bad++;
                                for (int r = 0; r < SL_TRAIN_LANES_RING; r++)
                                    if (memcmp(&ln->hist[r][l], &lp[i].hist[r][l], sizeof ln->hist[r][l]) != 0) bad++;
                            }
                        }
                    }
                    for (int l = 0; l < LANES; l++) {
                        seen[tr[l].stop]++;
                        sl_trainer_deinit(&tr[l]);
                    }
                    free(ln);
                    free(lp);
                }
    assert_int_equal(bad, 0);
    assert_true(cells >= 1000);
    assert_true(paths_run > 0);
    for (int v = SL_STOP_CONVERGED; v < SL_STOP_REASON_COUNT; v++)
        if (seen[v] == 0) {
            print_error("no lane reached '%s': the settings must show every verdict\n", sl_stop_reason_str((SlStopReason)v));
            fail();
        }
}

/* sl__verdict_quiet, the conjunction of the rule's gates that the lanes test for all of
 * them at once: wherever it holds, the rule (sl_verdict_judge) says running, so skipping
 * the rule there changes no verdict. Over rows at and around every gate: t, the loss and
 * the gradient state going wrong, the blow-up level, a fixed point, the window, the step
 * limit. It must also fail somewhere the rule says running (a creeping t), or it would be
 * no cheaper than the rule, and hold for ordinary rows, or it would skip nothing. */
static void test_train_verdict_quiet_rows_are_running(void **state)
{
    (void)state;
    const float ts[] = {20.0f, 40.6f, -5.0f, 70.0f, INFINITY, -INFINITY, NAN};
    const float losses[] = {0.3f, 0.46f * 999.0f, 0.46f * 1001.0f, 1.0f, 1.001f, 0.0f, INFINITY, NAN};
    const float starts[] = {0.46f, 0.0f};
    const int steps[] = {0, 1, 5, SL_VERDICT_WINDOW - 1, SL_VERDICT_WINDOW, 149, 150, 151};
    const int limits[] = {0, 150};
    const float moves[] = {0.0f, 5e-4f, 0.01f, NAN}; /* window_t = t + move */
    const float grads[] = {-0.0156f, -1e-7f, 0.0f};
    int quiet_rows = 0, creeping = 0, rows = 0;
    for (size_t a = 0; a < sizeof ts / sizeof ts[0]; a++)
        for (size_t b = 0; b < sizeof losses / sizeof losses[0]; b++)
            for (size_t c = 0; c < sizeof starts / sizeof starts[0]; c++)
                for (int st = 0; st < 4; st++)
                    for (size_t d = 0; d < sizeof steps / sizeof steps[0]; d++)
                        for (size_t e = 0; e < sizeof limits / sizeof limits[0]; e++)
                            for (size_t f = 0; f < sizeof moves / sizeof moves[0]; f++)
                                for (int fp = 0; fp < 2; fp++)
                                    for (size_t h = 0; h < sizeof grads / sizeof grads[0]; h++) {
                                        SlVerdictInput in = {0};
                                        in.step = in.since = steps[d];
                                        in.max_steps = limits[e];
                                        in.n = 64;
                                        in.target = 40.5f;
                                        in.t = ts[a];
                                        in.loss = losses[b];
                                        in.hard_loss = 0.3f;
                                        in.grad = grads[h];
                                        in.state = (SlGradState)st;
                                        in.loss_start = starts[c];
                                        in.prev_t = fp ? in.t : in.t - 1e-4f;
                                        in.window_t = in.since >= SL_VERDICT_WINDOW ? in.t + moves[f] : NAN;
                                        in.fixed_point = fp && in.since >= 1;
                                        const int quiet = sl__verdict_quiet(
                                            sl__verdict_diverged(in.t, in.loss, in.state, sl__verdict_blowup_level(in.loss_start)),
                                            in.state, sl__verdict_stopped(in.since, in.fixed_point, in.t, in.window_t),
                                            sl__verdict_at_limit(in.step, in.max_steps));
                                        const SlStopReason v = sl_verdict_judge(&in);
                                        rows++;
                                        quiet_rows += quiet;
                                        creeping += !quiet && v == SL_STOP_RUNNING;
                                        if (quiet && v != SL_STOP_RUNNING) {
                                            print_error("quiet, but the rule says %s: t=%g loss=%g start=%g state=%d "
                                                        "step=%d limit=%d window_t=%g fixed=%d grad=%g\n",
                                                        sl_stop_reason_str(v), (double)in.t, (double)in.loss,
                                                        (double)in.loss_start, st, in.step, in.max_steps,
                                                        (double)in.window_t, in.fixed_point, (double)in.grad);
                                            fail();
                                        }
                                    }
    assert_true(quiet_rows > rows / 20);
    assert_true(creeping > 0);
}

/* The lanes a caller leaves out of `active` keep their rows, verdicts and optimizer state,
 * and the lanes it steps go on as their trainers do, also when the lanes are at different
 * steps (some were left out for a while), mix optimizers and schedules, and fewer than
 * SL_TRAIN_LANES_MAX are used. advance's moved lanes and record's settled lanes are the
 * trainers'. */
static void test_train_lanes_left_out_keep_their_rows(void **state)
{
    (void)state;
    enum { LANES = SL_TRAIN_LANES_MAX, USED = LANES - 3, STEPS = 150 };
    SlTrainer tr[USED];
    SlTrainLanes *ln = calloc(1, sizeof *ln);
    assert_non_null(ln);
    float t[LANES] = {0}, k[LANES] = {0}, loss[LANES] = {0}, grad[LANES] = {0}, hard[LANES] = {0};
    for (int l = 0; l < USED; l++) {
        SlTaskConfig task;
        sl_task_config_default(&task);
        task.mask = l == 5 ? SL_MASK_HARD : SL_MASK_LOGISTIC;
        task.k = 0.25f * (float)(l % 5 + 1) * (float)(l % 3 + 1);
        task.t = l % 4 == 3 ? -30.0f + (float)l * 11.0f : 10.0f + (float)l;
        SlOptConfig opt;
        static const float lrs[USED] = {1e-9f, 30.0f, 1.0f, 300.0f, 300.0f, 10.0f, 3e37f, 100.0f, 0.5f, 300.0f, 100.0f, 3.0f, 1000.0f};
        sl_optim_default(&opt, l % 3 == 1 ? SL_OPT_MOMENTUM : (l % 3 == 2 ? SL_OPT_ADAM : SL_OPT_SGD), lrs[l]);
        SlAnneal an = {l % 5 == 4 ? SL_ANNEAL_LINEAR : SL_ANNEAL_CONSTANT, 0.5f, 8.0f, 0};
        assert_int_equal(sl_trainer_init(&tr[l], &task, &opt, &an, STEPS), SL_OK);
        tr[l].grad_threshold = l == 7 ? 1e-3f : 0.0f;
        float t0, k0;
        assert_int_equal(sl_train_lanes_set(ln, l, &task, &opt, &an, STEPS, tr[l].grad_threshold, &t0, &k0), SL_OK);
        SlTaskConfig c = task;
        c.k = k0;
        SlTaskEval e = sl_task_eval_fast_hard(&c, tr[l].x, t0, &hard[l]);
        sl_train_lanes_first(ln, l, t0, e.loss, e.grad, hard[l]);
    }
    int bad = 0, left_out = 0, settled_seen = 0;
    for (int s = 0; s < STEPS; s++) {
        /* lanes left out for a step now and then early on, some more often than others (so
         * they are at different steps from then on); past step 60 lanes 9.. for good */
        unsigned active = 0;
        for (int l = 0; l < USED; l++)
            if ((s >= 40 || (s + l) % (l % 4 + 3) != 0) && !(s >= 60 && l >= 9)) active |= 1u << l;
        left_out += USED - __builtin_popcount(active);
        const unsigned moved = sl_train_lanes_advance(ln, USED, active, t, k);
        for (int l = 0; l < USED; l++) {
            const SlTrainRow cur = sl_train_lanes_row(ln, l);
            const int want_moved = (active >> l & 1u) && (memcmp(&t[l], &cur.t, sizeof t[l]) != 0 ||
                                                          memcmp(&k[l], &cur.k, sizeof k[l]) != 0);
            if (!(active >> l & 1u) && (memcmp(&t[l], &cur.t, sizeof t[l]) != 0 || memcmp(&k[l], &cur.k, sizeof k[l]) != 0))
                bad++; /* a lane left out is given its row's t and k */
            if (want_moved != (int)(moved >> l & 1u)) bad++;
            if (!(active >> l & 1u)) continue;
            reference_step(&tr[l], t[l], k[l], &loss[l], &grad[l], &hard[l]);
        }
        const unsigned settled = sl_train_lanes_record(ln, USED, active, t, k, loss, grad, hard);
        for (int l = 0; l < USED; l++) {
            const SlTrainRow want = *sl_trainer_current(&tr[l]), got = sl_train_lanes_row(ln, l);
            const int want_settled = (active >> l & 1u) && sl_trainer_settled(&tr[l]);
            settled_seen += want_settled;
            if ((memcmp(&want, &got, sizeof want) != 0 || tr[l].stop != ln->stop[l] ||
                 tr[l].stop_step != ln->stop_step[l] || want_settled != (int)(settled >> l & 1u) ||
                 sl_trainer_settled(&tr[l]) != sl_train_lanes_settled(ln, l)) &&
                bad++ < 3)
                print_error("lane %d step %d (active %d): trainer t=%.9g step %d %s@%d, lanes t=%.9g step %d %s@%d\n", l,
                            s, (int)(active >> l & 1u), (double)want.t, want.step, sl_stop_reason_str(tr[l].stop),
                            tr[l].stop_step, (double)got.t, got.step, sl_stop_reason_str(ln->stop[l]), ln->stop_step[l]);
        }
    }
    int converged = 0; /* momentum and Adam lanes: t stopped over the window, read from the ring */
    for (int l = 0; l < USED; l++) {
        converged += tr[l].stop == SL_STOP_CONVERGED;
        sl_trainer_deinit(&tr[l]);
    }
    free(ln);
    assert_int_equal(bad, 0);
    assert_true(left_out > 100);
    assert_true(settled_seen > 0);
    assert_true(converged >= 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_train_rows_follow_the_history_contract),
        cmocka_unit_test(test_train_hard_mask_never_moves_and_says_so_once),
        cmocka_unit_test(test_train_step_back_restores_t_and_optimizer_state),
        cmocka_unit_test(test_train_retask_keeps_t_and_history),
        cmocka_unit_test(test_train_divergence_stops_without_crashing),
        cmocka_unit_test(test_train_grad_threshold_zeroes_small_gradients),
        cmocka_unit_test(test_train_stop_reasons),
        cmocka_unit_test(test_train_restart_equals_a_fresh_trainer),
        cmocka_unit_test(test_train_retask_restarts_the_plateau_window),
        cmocka_unit_test(test_train_annealing_sets_k_per_row),
        cmocka_unit_test(test_train_verdict_is_sticky_and_names_its_step),
        cmocka_unit_test(test_train_far_t_is_zero_gradient_not_diverged),
        cmocka_unit_test(test_train_threshold_verdict_names_the_threshold),
        cmocka_unit_test(test_train_update_below_resolution_is_not_vanished),
        cmocka_unit_test(test_train_verdict_rule_by_hand),
        cmocka_unit_test(test_train_init_rejects_bad_settings),
        cmocka_unit_test(test_train_shared_signal_gives_the_rows_of_an_own_one),
        cmocka_unit_test(test_train_lanes_step_as_the_trainer),
        cmocka_unit_test(test_train_verdict_quiet_rows_are_running),
        cmocka_unit_test(test_train_lanes_left_out_keep_their_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
