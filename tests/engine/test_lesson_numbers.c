/* test_lesson_numbers.c — the numbers the shipped lessons tell students, recomputed
 * from each lesson file's own settings by the engine (SlTrainer, SlChannels). If the
 * engine or a lesson changes so that a page would say something false, this fails. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "qa_assert.h"
#include "sl_channels.h"
#include "sl_lesson.h"
#include "sl_train.h"

#define LESSON_DIR STEPLAB_ASSET_DIR "/lessons/"

static SlLesson lesson;
static SlTrainer tr;

static void load(const char *file)
{
    char err[512] = "";
    if (sl_lesson_load(file, &lesson, err, sizeof err) != SL_OK) {
        print_error("%s\n", err);
        fail();
    }
}

/* Trains lesson.task with the lesson's optimizer and annealing for up to steps steps. */
static void train(const SlTaskConfig *task, const SlAnneal *anneal, int steps)
{
    assert_int_equal(sl_trainer_init(&tr, task, &lesson.opt, anneal, steps), SL_OK);
    for (int s = 0; s < steps && tr.stop == SL_STOP_RUNNING; s++) assert_int_equal(sl_trainer_step(&tr), SL_OK);
}

/* The page text contains this exact phrase. */
static void says(const char *phrase)
{
    for (int p = 0; p < lesson.page_count; p++)
        if (strstr(lesson.pages[p].text, phrase)) return;
    print_error("no page of '%s' says '%s'\n", lesson.title, phrase);
    fail();
}

static void test_lesson_numbers_stuck_step(void **state)
{
    (void)state;
    load(LESSON_DIR "01-stuck-step.txt");
    says("0.484375 = 31/64");
    train(&lesson.task, NULL, lesson.steps);
    assert_exact(sl_trainer_current(&tr)->t, 10.0f);
    assert_exact(sl_trainer_current(&tr)->loss, 0.484375f);
    assert_int_equal(sl_trainer_current(&tr)->state, SL_GRAD_NONE);
    assert_int_equal(tr.stop, SL_STOP_NO_GRADIENT);
    sl_trainer_deinit(&tr);
}

static void test_lesson_numbers_soften_it(void **state)
{
    (void)state;
    load(LESSON_DIR "02-soften-it.txt");
    says("after 50 steps: t = 17.8125");
    says("after 281 steps: t = 40.4992, within 1 of the target 40.5 and barely moving: converged");
    says("after 300 steps: t = 40.4998");
    train(&lesson.task, NULL, 300);
    assert_exact(tr.rows[1].t - tr.rows[0].t, 0.15625f);
    assert_exact(tr.rows[50].t, 17.8125f);
    assert_int_equal(tr.stop, SL_STOP_CONVERGED);
    assert_int_equal(tr.count, 281);
    assert_abs(tr.rows[281].t, 40.4992, 5e-4);
    sl_trainer_deinit(&tr);

    says("The first step jumps to t = 11.25");
    SlTaskConfig steep = lesson.task;
    steep.k = 32.0f;
    train(&steep, NULL, 300);
    assert_abs(tr.rows[1].t, 11.25, 1e-6);
    assert_true(fabsf(sl_trainer_current(&tr)->t - 11.25f) < 1e-3f);
    assert_true(fabsf(sl_trainer_current(&tr)->grad) < 2e-7f);
    sl_trainer_deinit(&tr);

    says("10.456 after 50");
    says("never passes 10.5");
    SlTaskConfig narrow = lesson.task;
    narrow.mask = SL_MASK_SMOOTHSTEP;
    narrow.width = 1.0f;
    train(&narrow, NULL, 1000);
    assert_abs(tr.rows[50].t, 10.456, 1e-3);
    for (int s = 0; s <= tr.count; s++) assert_true(tr.rows[s].t < 10.5f);
    sl_trainer_deinit(&tr);

    says("k = 0.5: loss at t* is 0.0119");
    SlTaskConfig soft = lesson.task;
    float x[64];
    sl_signal_fill(soft.signal, soft.seed, 64, x);
    soft.k = 0.5f;
    assert_abs(sl_task_eval_fast(&soft, x, 40.5f).loss, 0.0119, 5e-5);
    soft.k = 1.0f;
    assert_abs(sl_task_eval_fast(&soft, x, 40.5f).loss, 0.0057, 5e-5);
}

static void test_lesson_numbers_straight_through(void **state)
{
    (void)state;
    load(LESSON_DIR "04-straight-through.txt");
    says("After about 200 steps t passes 40");
    train(&lesson.task, NULL, lesson.steps);
    const SlTrainRow *end = sl_trainer_current(&tr);
    assert_in_range(end->step, 190, 215);
    /* any t in (40, 41] gives the target's hard output; where it lands depends on ulps */
    assert_true(end->t > 40.0f && end->t <= 41.0f);
    assert_exact(end->loss, 0.0f);
    assert_int_equal(end->state, SL_GRAD_ZERO);
    sl_trainer_deinit(&tr);
}

static void test_lesson_numbers_anneal(void **state)
{
    (void)state;
    load(LESSON_DIR "05-anneal.txt");
    says("step 242: k = 8.19, t = 40.497");
    train(&lesson.task, &lesson.anneal, lesson.steps);
    assert_abs(tr.rows[100].t, 25.6, 0.05);
    assert_abs(tr.rows[200].t, 40.42, 0.01);
    assert_exact(tr.rows[200].hard_loss, 0.0f);
    assert_int_equal(tr.stop, SL_STOP_CONVERGED);
    assert_int_equal(tr.count, 242);
    assert_abs(sl_trainer_current(&tr)->k, 8.19, 5e-3);
    assert_abs(sl_trainer_current(&tr)->t, 40.497, 1e-3);
    assert_abs(sl_trainer_current(&tr)->loss, 8.4e-6, 0.1e-6);
    sl_trainer_deinit(&tr);

    says("Training stalls at t = 37.41");
    SlAnneal fast = lesson.anneal;
    fast.k0 = 1.0f;
    fast.k1 = 32.0f;
    train(&lesson.task, &fast, lesson.steps);
    assert_int_equal(tr.stop, SL_STOP_STALLED);
    assert_abs(sl_trainer_current(&tr)->t, 37.41, 0.01);
    assert_exact(sl_trainer_current(&tr)->hard_loss, 0.046875f);
    sl_trainer_deinit(&tr);
}

static void test_lesson_numbers_per_channel(void **state)
{
    (void)state;
    load(LESSON_DIR "08-per-channel.txt");
    says("7.5, 14.5, 21.5, 28.5, 36.5,");
    says("Channel 3 stops at 29.02");
    SlChannels *ch = test_malloc(sizeof *ch);
    assert_int_equal(sl_channels_init(ch, &lesson.task, lesson.channels, NULL, &lesson.opt), SL_OK);
    for (int s = 0; s < lesson.steps; s++) assert_int_equal(sl_channels_step(ch), SL_OK);
    assert_abs(ch->t[3], 29.02, 0.005);
    for (int c = 0; c < 8; c++) {
        if (c == 3) assert_true(ch->hard_loss_c[c] > 0.0f);
        else assert_exact(ch->hard_loss_c[c], 0.0f);
    }
    sl_channels_deinit(ch);
    test_free(ch);
}

static void test_lesson_numbers_smoothstep_and_thresholds(void **state)
{
    (void)state;
    load(LESSON_DIR "03-smoothstep.txt");
    says("converges at t = 40.4996 after 252 steps");
    says("t = 40.405 after 300 steps, loss 0.0146");
    train(&lesson.task, NULL, lesson.steps);
    assert_int_equal(tr.stop, SL_STOP_CONVERGED);
    assert_int_equal(tr.count, 252);
    assert_abs(sl_trainer_current(&tr)->t, 40.4996, 1e-4);
    sl_trainer_deinit(&tr);
    SlTaskConfig wide = lesson.task;
    wide.width = 16.0f;
    train(&wide, NULL, 300);
    assert_abs(tr.rows[300].t, 40.405, 1e-3);
    assert_abs(tr.rows[300].loss, 0.0146, 5e-5);
    sl_trainer_deinit(&tr);

    load(LESSON_DIR "07-thresholds.txt");
    says("level 0.01 (Shift+T, type 0.01, Enter): training stops at t = 39.05");
    says("level 0.016: t never moves");
    train(&lesson.task, NULL, lesson.steps);
    says("off: t converges at 40.4992 (step 281), 40.4998 at step 300");
    assert_abs(sl_trainer_current(&tr)->t, 40.4992, 5e-4);  /* off */
    sl_trainer_deinit(&tr);
    assert_int_equal(sl_trainer_init(&tr, &lesson.task, &lesson.opt, NULL, lesson.steps), SL_OK);
    tr.grad_threshold = 0.01f;
    for (int s = 0; s < lesson.steps && tr.stop == SL_STOP_RUNNING; s++) sl_trainer_step(&tr);
    assert_abs(sl_trainer_current(&tr)->t, 39.05, 0.005);
    assert_exact(sl_trainer_current(&tr)->hard_loss, 0.015625f);
    sl_trainer_deinit(&tr);
    /* The lesson's own level, 0.016: |g| = 1/64 is below it from the start. */
    assert_exact(lesson.grad_threshold, 0.016f);
    assert_int_equal(sl_trainer_init(&tr, &lesson.task, &lesson.opt, NULL, lesson.steps), SL_OK);
    tr.grad_threshold = lesson.grad_threshold;
    for (int s = 0; s < lesson.steps && tr.stop == SL_STOP_RUNNING; s++) sl_trainer_step(&tr);
    assert_exact(sl_trainer_current(&tr)->t, 10.0f);
    sl_trainer_deinit(&tr);
}

/* Lesson 9 reads the (k, lr) map: each claim is one cell, trained as the map trains it. */
static float run_cell(float k, float lr, float t0, SlStopReason *why)
{
    SlTaskConfig task = lesson.task;
    task.k = k;
    task.t = t0;
    SlOptConfig keep = lesson.opt;
    lesson.opt.lr = lr;
    train(&task, NULL, lesson.steps);
    lesson.opt = keep;
    *why = tr.stop;
    return sl_trainer_current(&tr)->t;
}

static void test_lesson_numbers_tune_the_steepness(void **state)
{
    (void)state;
    load(LESSON_DIR "09-tune-the-steepness.txt");
    assert_true(lesson.show_map);
    assert_int_equal(lesson.steps, 300);
    SlStopReason why;
    says("k = 1, lr = 2 only reaches t = 19.4 in 300 steps");
    assert_abs(run_cell(1.0f, 2.0f, 10.0f, &why), 19.4, 0.05);
    assert_int_equal(why, SL_STOP_STEP_LIMIT);
    sl_trainer_deinit(&tr);
    says("k = 32, lr = 10 jumps to 11.25 and stalls. The gradient vanished.");
    assert_abs(run_cell(32.0f, 10.0f, 10.0f, &why), 11.25, 1e-3);
    assert_int_equal(why, SL_STOP_STALLED);
    sl_trainer_deinit(&tr);
    says("the soft loss is 0.0057 while the hard mask at the same t has loss 0");
    run_cell(1.0f, 10.0f, 10.0f, &why);
    assert_int_equal(why, SL_STOP_CONVERGED);
    assert_abs(sl_trainer_current(&tr)->loss, 0.0057, 5e-5);
    assert_exact(sl_trainer_current(&tr)->hard_loss, 0.0f);
    sl_trainer_deinit(&tr);
    says("k = 8 with lr = 60 arrives with a soft loss of 1e-5");
    assert_abs(run_cell(8.0f, 60.0f, 10.0f, &why), 40.5, 0.5);
    assert_int_equal(why, SL_STOP_CONVERGED);
    assert_abs(sl_trainer_current(&tr)->loss, 1e-5, 2e-6);
    sl_trainer_deinit(&tr);
    says("Start at t0 = 35 and k = 8 arrives with lr = 10. From t0 = 10 it does not");
    assert_abs(run_cell(8.0f, 10.0f, 35.0f, &why), 40.5, 0.5);
    assert_int_equal(why, SL_STOP_CONVERGED);
    sl_trainer_deinit(&tr);
    assert_true(fabsf(run_cell(8.0f, 10.0f, 10.0f, &why) - 40.5f) > 5.0f);
    sl_trainer_deinit(&tr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lesson_numbers_stuck_step),
        cmocka_unit_test(test_lesson_numbers_soften_it),
        cmocka_unit_test(test_lesson_numbers_straight_through),
        cmocka_unit_test(test_lesson_numbers_anneal),
        cmocka_unit_test(test_lesson_numbers_per_channel),
        cmocka_unit_test(test_lesson_numbers_smoothstep_and_thresholds),
        cmocka_unit_test(test_lesson_numbers_tune_the_steepness),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
