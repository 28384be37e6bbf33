/* test_app_model.c — the trainers behind the window: side-by-side training from one
 * start, settings that retask without resetting, step back, reset, family toggles and
 * the atomic CSV export. Plain C over the engine. A little over 600 lines on purpose:
 * one file for the one model, its cases sharing the lesson fixtures at the top. */
#define _POSIX_C_SOURCE 200809L
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app_model.h"
#include "app_notes.h"
#include "app_readout.h"

static int setup(void **state)
{
    static AppModel m;
    SlLesson lesson;
    char err[256];
    sl_lesson_default(&lesson);
    if (app_model_init(&m, &lesson, err, sizeof err) != SL_OK) return -1;
    *state = &m;
    return 0;
}

static int teardown(void **state)
{
    app_model_deinit(*state);
    return 0;
}

static void test_model_hard_is_stuck_and_soft_learns(void **state)
{
    AppModel *m = *state;
    float t0 = app_model_row(m, SL_MASK_HARD)->t;
    assert_float_equal(app_model_row(m, SL_MASK_LOGISTIC)->t, t0, 0.0f);
    for (int i = 0; i < 10; i++) assert_true(app_model_step(m));
    assert_int_equal(app_model_step_count(m), 10);
    assert_float_equal(app_model_row(m, SL_MASK_HARD)->t, t0, 0.0f);
    assert_int_equal(app_model_row(m, SL_MASK_HARD)->state, SL_GRAD_NONE);
    assert_true(app_model_row(m, SL_MASK_LOGISTIC)->t > t0 + 1.0f);
    assert_int_equal(app_model_row(m, SL_MASK_LOGISTIC)->state, SL_GRAD_VALUE);
    assert_int_equal(m->tr[SL_MASK_HARD].stop, SL_STOP_NO_GRADIENT);
}

/* The numbers table quotes what the lesson pages quote, digit for digit. */
static void test_model_numbers_match_the_lesson_texts(void **state)
{
    AppModel *m = *state;
    AppFamilyNumbers h, l, s;
    app_readout_family(m, SL_MASK_HARD, &h);
    app_readout_family(m, SL_MASK_LOGISTIC, &l);
    app_readout_family(m, SL_MASK_SMOOTHSTEP, &s);
    assert_string_equal(h.t, "10");
    assert_string_equal(h.loss, "0.484375");
    assert_string_equal(l.loss, "0.4609375");
    assert_string_equal(l.hard, "0.484375");
    assert_string_equal(l.gap, "0.02344");
    assert_string_equal(s.loss, "0.4685364");
    for (int i = 0; i < 281; i++) app_model_step(m);
    app_readout_family(m, SL_MASK_LOGISTIC, &l);
    assert_string_equal(l.t, "40.4992");
    assert_string_equal(l.hard, "0");
    assert_string_equal(l.loss, "0.0057053"); /* the blur floor, as lesson 2 writes it */
    /* Lesson 2's floors at t*: k = 0.5 and k = 8. */
    assert_true(app_model_set(m, APP_SET_K, 0.5f));
    app_model_set_t(m, 40.5f);
    app_readout_family(m, SL_MASK_LOGISTIC, &l);
    assert_non_null(strstr(l.loss, "0.0119"));
    assert_true(app_model_set(m, APP_SET_K, 8.0f));
    app_readout_family(m, SL_MASK_LOGISTIC, &l);
    assert_non_null(strstr(l.loss, "0.00001"));
}

/* Lesson 3 sends t to -60 and -120: t0 goes there and the t axes follow. */
static void test_model_t_goes_where_the_text_sends_it(void **state)
{
    AppModel *m = *state;
    assert_float_equal(app_model_t_view_lo(m), 0.0f, 0.0f);
    assert_true(app_model_set(m, APP_SET_T0, -120.0f));
    assert_float_equal(m->set.t0, -120.0f, 0.0f);
    assert_float_equal(app_model_row(m, SL_MASK_LOGISTIC)->t, -120.0f, 0.0f);
    assert_true(app_model_t_view_lo(m) <= -120.0f);
    assert_false(app_model_t_off_view(m, SL_MASK_LOGISTIC));
    app_model_set_t(m, -60.0f);
    assert_float_equal(app_model_row(m, SL_MASK_LOGISTIC)->t, -60.0f, 0.0f);
    /* A t beyond the axes' bounds is off the view (drawn as an arrow). */
    sl_trainer_set_t(&m->tr[SL_MASK_LOGISTIC], -1000.0f);
    assert_true(app_model_t_off_view(m, SL_MASK_LOGISTIC));
    app_model_reset(m);
    /* Reset goes back to t0 (the drag to -60 set it, before training), on the axes. */
    assert_float_equal(app_model_row(m, SL_MASK_LOGISTIC)->t, -60.0f, 0.0f);
    assert_false(app_model_t_off_view(m, SL_MASK_LOGISTIC));
}

/* N = 4 clamps t* and t0 only while it lasts: N back to 64, they are back. */
static void test_model_n_keeps_t0_and_target(void **state)
{
    AppModel *m = *state;
    /* The five trainers read the model's one signal (not five copies), the new one after N changes. */
    for (int f = 0; f < SL_MASK_COUNT; f++) assert_ptr_equal(m->tr[f].x, m->signal);
    assert_true(app_model_set(m, APP_SET_N, 4.0f));
    assert_true(m->set.target <= 4.0f);
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        assert_ptr_equal(m->tr[f].x, m->signal);
        assert_int_equal(m->tr[f].task.n, 4);
    }
    assert_null(m->signal_old);
    assert_true(app_model_set(m, APP_SET_N, 64.0f));
    for (int f = 0; f < SL_MASK_COUNT; f++) assert_ptr_equal(m->tr[f].x, m->signal);
    assert_float_equal(m->set.target, 40.5f, 0.0f);
    assert_float_equal(m->set.t0, 10.0f, 0.0f);
    assert_float_equal(app_model_row(m, SL_MASK_LOGISTIC)->t, 10.0f, 0.0f);
    /* Reset lesson puts every setting back. */
    assert_true(app_model_set(m, APP_SET_K, 8.0f));
    for (int i = 0; i < 3; i++) app_model_step(m);
    assert_true(app_model_reset_lesson(m));
    assert_float_equal(m->set.k, 1.0f, 0.0f);
    assert_int_equal(app_model_step_count(m), 0);
}

/* Lesson 5's gap shows on a log axis; a fresh run's losses do not span decades. */
static void test_model_loss_axis_goes_log_when_values_span_decades(void **state)
{
    AppModel *m = *state;
    double lo, hi;
    assert_int_equal(app_readout_loss_axis(m, &lo, &hi), 0);
    assert_true(app_model_set(m, APP_SET_K, 8.0f));
    for (int i = 0; i < 300; i++) app_model_step(m);
    assert_int_equal(app_readout_loss_axis(m, &lo, &hi), 1);
    assert_true(lo > 0.0 && lo < hi / 100.0);
    /* Its bottom is a decade at or below the smallest loss (no axis, so no plot, redrawn
     * at every step of a falling loss). */
    double smallest = INFINITY;
    for (int f = 0; f < SL_MASK_COUNT; f++)
        for (int i = 0; m->shown >> f & 1u && i <= m->tr[f].count; i++)
            if (m->tr[f].rows[i].loss > 0.0f && m->tr[f].rows[i].loss < smallest) smallest = m->tr[f].rows[i].loss;
    assert_true(lo <= smallest && lo > smallest / 10.0);
    assert_float_equal(log10(lo), round(log10(lo)), 1e-12);
    app_model_cycle_loss_scale(m); /* log */
    app_model_cycle_loss_scale(m); /* linear */
    assert_int_equal(app_readout_loss_axis(m, &lo, &hi), 0);
}

/* k1 and the annealing length (the run's length: k1 at its last step) are the
 * window's to change. */
static void test_model_anneal_end_and_length(void **state)
{
    AppModel *m = *state;
    app_model_cycle_anneal(m);
    assert_int_not_equal(m->set.anneal, SL_ANNEAL_CONSTANT);
    assert_true(app_model_set_k1(m, 32.0f));
    assert_true(app_model_set_run_steps(m, 250));
    SlAnneal an = app_model_anneal(m);
    assert_float_equal(an.k1, 32.0f, 0.0f);
    assert_int_equal(an.steps, 250);
    assert_int_equal(m->max_steps, 250);
    assert_float_equal(m->tr[SL_MASK_LOGISTIC].anneal.k1, 32.0f, 0.0f);
    assert_int_equal(m->tr[SL_MASK_LOGISTIC].anneal.steps, 250);
    assert_int_equal(m->tr[SL_MASK_LOGISTIC].max_steps, 250);
    for (int i = 0; i < 250; i++) app_model_step(m);
    assert_float_equal(app_model_row(m, SL_MASK_LOGISTIC)->k, 32.0f, 1e-4f);
    assert_false(app_model_step(m)); /* the limit moved with it */
    assert_false(app_model_set_k1(m, -1.0f));
    /* the range is the lesson key steps's: 0 (no training) to 1000000 */
    assert_false(app_model_set_run_steps(m, -1));
    assert_false(app_model_set_run_steps(m, 1000001));
    assert_true(app_model_set_run_steps(m, 0));
    assert_false(app_model_step(m)); /* a run of 0 steps takes none */
}

/* The chain-rule sum is autodiff's number to the last bit, also where the gradient is
 * tiny (it said 2.597e-10 against autodiff's 3.492e-10 when summed in another order). */
static void test_model_chain_rule_sum_is_autodiffs(void **state)
{
    AppModel *m = *state;
    int checked = 0;
    for (int s = 0; s <= 300; s++) {
        for (int f = SL_MASK_LOGISTIC; f <= SL_MASK_SMOOTHSTEP; f++) {
            AppChainRule cr;
            assert_true(app_readout_chain_rule(m, f, &cr));
            assert_int_equal(cr.count, 64);
            const SlTrainRow *row = app_model_row(m, f);
            if (row->state != SL_GRAD_VALUE && row->state != SL_GRAD_ZERO) continue;
            if (cr.sum != row->grad) fprintf(stderr, "step %d %s: %.9g vs %.9g\n", s, sl_mask_name((SlMaskKind)f), (double)cr.sum, (double)row->grad);
            assert_true(cr.sum == row->grad);
            checked++;
        }
        app_model_step(m);
    }
    assert_true(checked > 500);
    AppChainRule cr;
    assert_false(app_readout_chain_rule(m, SL_MASK_HARD, &cr));
}

static void test_model_setting_change_keeps_training(void **state)
{
    AppModel *m = *state;
    for (int i = 0; i < 5; i++) app_model_step(m);
    float t = app_model_row(m, SL_MASK_LOGISTIC)->t;
    assert_true(app_model_set(m, APP_SET_K, 2.0f));
    assert_int_equal(app_model_step_count(m), 5);
    assert_float_equal(app_model_row(m, SL_MASK_LOGISTIC)->t, t, 0.0f);
    assert_float_equal(m->tr[SL_MASK_LOGISTIC].task.k, 2.0f, 0.0f);
    app_model_steepness(m, 1);
    assert_float_equal(m->set.k, 4.0f, 0.0f);
    assert_float_equal(m->set.w, 2.0f, 0.0f);
    app_model_lr(m, -1);
    assert_float_equal(m->set.lr, 5.0f, 0.0f);
    assert_int_equal(app_model_step_count(m), 5);
    /* Bad values are refused by the slider ranges, never passed on as k <= 0. */
    assert_true(app_model_set(m, APP_SET_K, -3.0f));
    assert_true(m->set.k > 0.0f);
}

static void test_model_back_reset_and_t0(void **state)
{
    AppModel *m = *state;
    for (int i = 0; i < 3; i++) app_model_step(m);
    float t3 = app_model_row(m, SL_MASK_LOGISTIC)->t;
    app_model_step(m);
    assert_true(app_model_back(m));
    assert_int_equal(app_model_step_count(m), 3);
    assert_float_equal(app_model_row(m, SL_MASK_LOGISTIC)->t, t3, 0.0f);
    app_model_reset(m);
    assert_int_equal(app_model_step_count(m), 0);
    assert_float_equal(app_model_row(m, SL_MASK_LOGISTIC)->t, m->set.t0, 0.0f);
    assert_false(app_model_back(m));
    /* At step 0 a new t0 moves t at once. */
    assert_true(app_model_set(m, APP_SET_T0, 20.0f));
    assert_float_equal(app_model_row(m, SL_MASK_SMOOTHSTEP)->t, 20.0f, 0.0f);
    /* Dragging t before training also sets where training starts. */
    app_model_set_t(m, 30.0f);
    assert_float_equal(m->set.t0, 30.0f, 0.0f);
    assert_float_equal(app_model_row(m, SL_MASK_HARD)->t, 30.0f, 0.0f);
}

/* Past the threshold map's bounded history (64 MiB: 682 steps of a 64 x 64 map), Back
 * stops for everything at once: the trainers never step back past the map. */
static void test_model_back_stops_together_at_the_oldest_saved_step(void **state)
{
    (void)state;
    static AppModel m;
    SlLesson lesson;
    char err[256];
    sl_lesson_default(&lesson);
    lesson.kind = SL_LESSON_THRESHOLD;
    lesson.map_rows = SL_THRESH_MAP_MAX;
    lesson.map_cols = SL_THRESH_MAP_MAX;
    lesson.steps = 700;
    assert_int_equal(app_model_init(&m, &lesson, err, sizeof err), SL_OK);
    assert_int_equal(m.ls.kind, SL_LESSON_THRESHOLD);
    for (int s = 0; s < 700; s++) assert_true(app_model_step(&m));
    int backs = 0;
    while (app_model_back(&m)) backs++;
    assert_int_equal(backs, m.ls.map.hist.limit);
    assert_int_equal(m.ls.step, 700 - backs);
    assert_int_equal(app_model_step_count(&m), m.ls.step);
    for (int g = 0; g < APP_GT_COUNT; g++) assert_int_equal(m.ls.gt[g].count, m.ls.step);
    assert_true(m.message[0] != '\0');
    app_model_deinit(&m);
}

static void test_model_play_stops_with_reasons(void **state)
{
    AppModel *m = *state;
    /* Only the hard family: it stops at once, with a reason a student understands. */
    app_model_toggle_family(m, SL_MASK_LOGISTIC);
    app_model_toggle_family(m, SL_MASK_SMOOTHSTEP);
    assert_int_equal(app_model_shown_count(m), 1);
    assert_false(app_model_toggle_family(m, SL_MASK_HARD)); /* the last one stays */
    app_model_set_playing(m, 1);
    for (int i = 0; i < 5 && m->playing; i++) app_model_update(m);
    assert_false(m->playing);
    assert_non_null(strstr(m->message, "hard: no gradient"));
}

/* Play after an automatic stop takes no step and leaves no stale step number; after a
 * drag the rows say "paused", as the header does, not "running". */
static void test_model_play_after_stop_and_paused_rows(void **state)
{
    AppModel *m = *state;
    app_model_set_playing(m, 1);
    for (int i = 0; i < 400 && m->playing; i++) app_model_update(m);
    assert_false(m->playing);
    int steps = app_model_step_count(m);
    app_model_set_playing(m, 1);
    assert_false(m->playing);
    app_model_update(m);
    assert_int_equal(app_model_step_count(m), steps);
    char want[64];
    snprintf(want, sizeof want, "Stopped at step %d", steps);
    assert_non_null(strstr(m->message, want));
    /* A drag back to 20: logistic can train again; nothing plays. */
    app_model_set_t(m, 20.0f);
    assert_int_equal(m->tr[SL_MASK_LOGISTIC].stop, SL_STOP_RUNNING);
    assert_string_equal(app_notes_family_word(m, SL_MASK_LOGISTIC), "paused");
    app_model_set_playing(m, 1);
    assert_true(m->playing);
    assert_string_equal(app_notes_family_word(m, SL_MASK_LOGISTIC), "running");
}

/* The stop note is one short line (the explain panel gives it one): the odd families
 * by name, the largest group as "the others", in the table's words. */
static void test_model_stop_note_is_short_and_grouped(void **state)
{
    AppModel *m = *state;
    app_model_toggle_family(m, SL_MASK_HARDSIGMOID);
    app_model_toggle_family(m, SL_MASK_STE);
    assert_int_equal(app_model_shown_count(m), 5);
    app_model_set_playing(m, 1);
    for (int i = 0; i < 400 && m->playing; i++) app_model_update(m);
    assert_false(m->playing);
    assert_non_null(strstr(m->message, "Stopped at step"));
    assert_non_null(strstr(m->message, "hard: no gradient"));
    assert_null(strstr(m->message, "stalled: no gradient"));
    assert_true(strlen(m->message) <= 72);
    /* The largest group is "the others"; the table and the family lines name them. */
    assert_non_null(strstr(m->message, "the others: converged"));
    assert_null(strstr(m->message, "logistic"));
}

/* A stop note never outlives the stop: after t or t* is dragged so that a family can
 * train again, the "Stopped at step ..." line goes; while every family is still
 * stopped it is written again for the reasons that hold now. */
static void test_model_stop_note_follows_drags(void **state)
{
    AppModel *m = *state;
    app_model_set_playing(m, 1);
    for (int i = 0; i < 400 && m->playing; i++) app_model_update(m);
    assert_false(m->playing);
    assert_non_null(strstr(m->message, "Stopped"));
    assert_non_null(strstr(m->message, "converged"));
    app_model_refresh(m); /* as a frame does: the finite differences at the old t* */
    /* t* dragged away: a change restarts the engine's plateau window, so the runs that
     * sat at the old t* can train again and the stop note goes. */
    assert_true(app_model_set(m, APP_SET_TARGET, 20.0f));
    assert_int_equal(m->tr[SL_MASK_LOGISTIC].stop, SL_STOP_RUNNING);
    assert_false(app_model_all_stopped(m));
    assert_null(strstr(m->message, "Stopped"));
    /* The finite difference follows t* too: it agrees with autodiff at the new t*. */
    app_model_refresh(m);
    const SlTrainRow *row = app_model_row(m, SL_MASK_LOGISTIC);
    assert_true(row->grad > 0.01f);
    assert_float_equal(m->fd[SL_MASK_LOGISTIC], row->grad, 0.05f * row->grad);

    /* Again after a stop (before the step limit), by dragging t instead. */
    app_model_reset(m);
    app_model_set_playing(m, 1);
    for (int i = 0; i < 400 && m->playing; i++) app_model_update(m);
    assert_non_null(strstr(m->message, "Stopped"));
    assert_true(app_model_step_count(m) < m->max_steps);
    app_model_set_t(m, 5.0f);
    assert_false(app_model_all_stopped(m));
    assert_string_equal(m->message, "");
    /* Other notes are not touched by a drag. */
    app_model_note(m, 0, "a note");
    app_model_set_t(m, 6.0f);
    assert_string_equal(m->message, "a note");
}

static void test_model_refresh_fills_landscape_and_fd(void **state)
{
    AppModel *m = *state;
    app_model_refresh(m);
    assert_true(m->land_valid);
    assert_true(m->land_max > 0.4f && m->land_max < 1.0f);
    /* Finite differences agree with autodiff for a soft family. */
    float g = app_model_row(m, SL_MASK_LOGISTIC)->grad;
    assert_float_equal(m->fd[SL_MASK_LOGISTIC], g, 1e-3f);
    /* At t = 10 (a sample) the hard family's difference quotient jumps: -1/(N*2h). */
    assert_float_equal(m->fd[SL_MASK_HARD], -1.0f / (64.0f * 2.0f * APP_FD_H), 1e-3f);
    SlNode mask = SL_NIL;
    const SlTape *tape = app_model_chain_tape(m, SL_MASK_LOGISTIC, &mask);
    assert_non_null(tape);
    assert_true(mask != SL_NIL);
}

/* Past APP_STAIR_MAX and APP_PAR_MIN_N: the landscape takes one t per plot column plus
 * t*, where the hard loss is exactly 0; every sample equals the loss at its t; training
 * on both cores gives the very rows of one trainer stepped alone; the finite
 * difference and the chain rule come without a tape of N. */
static void test_model_large_n_samples_columns_and_trains_on_both_cores(void **state)
{
    (void)state;
    static AppModel m;
    SlLesson lesson;
    char err[256];
    sl_lesson_default(&lesson);
    lesson.task.n = 300000;
    lesson.task.target = 123456.5f;
    lesson.task.t = 100000.0f;
    lesson.task.signal = SL_SIGNAL_NOISE;
    assert_int_equal(app_model_init(&m, &lesson, err, sizeof err), SL_OK);
    m.land_cols = 500;
    app_model_refresh(&m);
    assert_true(m.land_valid);
    assert_null(m.stair);
    assert_true(m.land_count >= 501 && m.land_count <= 502);
    int at_target = -1;
    for (int i = 0; i < m.land_count; i++) {
        if (i > 0) assert_true(m.land_t[i] > m.land_t[i - 1]);
        if (m.land_t[i] == lesson.task.target) at_target = i;
    }
    assert_true(at_target > 0);
    assert_true(m.land_loss[SL_MASK_HARD][at_target] == 0.0f);
    /* Each sample is the loss at its t, as the fused kernel sums it (1e-5: its float32 sum). */
    SlTaskConfig cfg = m.tr[SL_MASK_LOGISTIC].task;
    for (int i = 0; i < m.land_count; i += 50) {
        for (int f = 0; f < SL_MASK_COUNT; f++) {
            cfg.mask = (SlMaskKind)f;
            float want = sl_task_eval_fast(&cfg, m.tr[f].x, m.land_t[i]).loss;
            float got = m.land_loss[f][i];
            assert_true(fabsf(got - want) <= 1e-5f * want + 1e-12f);
        }
    }
    /* The finite difference of a soft family is its gradient up to the rounding of the
     * two float32 losses it subtracts (a unit in the last place each, over 2h); the
     * chain rule's sum is the gradient. */
    const SlTrainRow *row = app_model_row(&m, SL_MASK_LOGISTIC);
    float ulp = nextafterf(row->loss, INFINITY) - row->loss;
    assert_true(fabsf(m.fd[SL_MASK_LOGISTIC] - row->grad) <= 2.0f * ulp / (2.0f * APP_FD_H) + 1e-3f * fabsf(row->grad));
    SlChainTerms ct;
    assert_true(app_model_chain(&m, SL_MASK_LOGISTIC, &ct));
    assert_int_equal(ct.count, 300000);
    assert_true(fabs(ct.sum - (double)row->grad) <= 1e-5 * fabs((double)row->grad));
    /* Both cores, same rows: against one trainer of the same task stepped alone. */
    SlTrainer alone;
    SlTaskConfig task = m.tr[SL_MASK_SMOOTHSTEP].task;
    assert_int_equal(sl_trainer_init(&alone, &task, &m.tr[SL_MASK_SMOOTHSTEP].opt, &m.tr[SL_MASK_SMOOTHSTEP].anneal,
                                     m.max_steps),
                     SL_OK);
    for (int i = 0; i < 4; i++) {
        assert_true(app_model_step(&m));
        assert_int_equal(sl_trainer_step(&alone), SL_OK);
    }
    assert_memory_equal(app_model_row(&m, SL_MASK_SMOOTHSTEP), sl_trainer_current(&alone), sizeof(SlTrainRow));
    sl_trainer_deinit(&alone);
    /* The graph view's tape holds APP_GRAPH_WINDOW positions around t, not 300 000: its
     * mask node's elements are the mask at those positions. */
    SlNode mask = SL_NIL;
    const SlTape *tape = app_model_chain_tape(&m, SL_MASK_LOGISTIC, &mask);
    assert_non_null(tape);
    assert_int_not_equal(mask, SL_NIL);
    row = app_model_row(&m, SL_MASK_LOGISTIC);
    assert_int_equal(m.chain_len, APP_GRAPH_WINDOW);
    assert_true((float)m.chain_lo <= row->t && row->t < (float)(m.chain_lo + m.chain_len));
    SlNodeInfo info;
    for (int i = 0; i < sl_node_count(tape); i++) {
        assert_int_equal(sl_node_info(tape, i, &info), SL_OK);
        assert_true(info.rows * info.cols <= APP_GRAPH_WINDOW);
    }
    assert_int_equal(sl_node_info(tape, mask, &info), SL_OK);
    for (int j = 0; j < m.chain_len; j += 97) {
        float d = row->t - (float)(m.chain_lo + j);
        float want = sl_mask_value(SL_MASK_LOGISTIC, d, row->k, m.tr[SL_MASK_LOGISTIC].task.width);
        assert_memory_equal(&info.value[j], &want, sizeof want);
    }
    app_model_deinit(&m);
}

/* docs/task.md §9: at N = 10^6 and t = 5e5, t + 0.01 rounds to t in float32; the window's
 * finite difference steps by t's spacing instead (sl_fd_step) and says which h it took,
 * the number `steplab eval` prints, never NaN. */
static void test_model_fd_below_t_resolution_takes_ts_spacing(void **state)
{
    (void)state;
    static AppModel m;
    SlLesson lesson;
    char err[256];
    sl_lesson_default(&lesson);
    lesson.task.n = 1000000;
    lesson.task.t = 500000.0f;
    lesson.task.target = 250000.5f;
    assert_int_equal(app_model_init(&m, &lesson, err, sizeof err), SL_OK);
    app_model_refresh(&m);
    const SlTrainRow *row = app_model_row(&m, SL_MASK_LOGISTIC);
    assert_true(isfinite(m.fd[SL_MASK_LOGISTIC]));
    assert_true(m.fd_h[SL_MASK_LOGISTIC] == 0.03125f);
    assert_true(fabsf(m.fd[SL_MASK_LOGISTIC] - row->grad) <= 0.5f * fabsf(row->grad));
    SlTaskConfig cfg = m.tr[SL_MASK_LOGISTIC].task;
    float want = sl_landscape_fd(&m.land, &cfg, row->t, APP_FD_H);
    assert_true(m.fd[SL_MASK_LOGISTIC] == want);
    char heading[64];
    app_readout_fd_heading(&m, heading, sizeof heading);
    assert_string_equal(heading, "diff. h=0.03125");
    app_model_deinit(&m);
}

static void test_model_export_csv_atomically(void **state)
{
    AppModel *m = *state;
    char path[] = "/tmp/steplab_test_exportXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    for (int i = 0; i < 3; i++) app_model_step(m);
    char err[256];
    assert_int_equal(app_model_export_csv(m, path, err, sizeof err), SL_OK);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[256];
    assert_non_null(fgets(line, sizeof line, f));
    /* the header of `train --csv`: its five columns first, the family last */
    assert_string_equal(line, "step,t,loss,grad,grad_state,k,hard_loss,family\n");
    int rows = 0, none_rows = 0;
    while (fgets(line, sizeof line, f)) {
        rows++;
        size_t n = strlen(line);
        if (n > 5 && strcmp(line + n - 6, ",hard\n") == 0 && strstr(line, ",,none,")) none_rows++;
    }
    fclose(f);
    assert_int_equal(rows, 3 * 4);  /* three families, steps 0..3 */
    assert_int_equal(none_rows, 4);
    remove(path);
    /* A path that cannot be written: an error naming it, and no file left behind. */
    assert_int_equal(app_model_export_csv(m, "/nonexistent-dir/steplab.csv", err, sizeof err), SL_ERR_IO);
    assert_non_null(strstr(err, "/nonexistent-dir/steplab.csv"));
}

/* The panels' numbers are derived once per revision: refresh fills m->derived as the
 * readout functions compute it, does nothing while the revision stands, and follows a
 * step, a hidden family and the graph view. */
static void test_model_refresh_derives_once_per_revision(void **state)
{
    AppModel *m = *state;
    for (int i = 0; i < 3; i++) assert_true(app_model_step(m));
    app_model_refresh(m);
    const AppDerived *d = &m->derived;
    assert_int_equal(d->revision, m->revision);
    AppFamilyNumbers num;
    app_readout_family(m, SL_MASK_LOGISTIC, &num);
    assert_string_equal(d->numbers[SL_MASK_LOGISTIC].t, num.t);
    assert_string_equal(d->numbers[SL_MASK_LOGISTIC].loss, num.loss);
    assert_string_equal(d->numbers[SL_MASK_LOGISTIC].hard, num.hard);
    assert_string_equal(d->numbers[SL_MASK_LOGISTIC].gap, num.gap);
    assert_int_equal(d->lead, SL_MASK_LOGISTIC);
    assert_true(d->chain_ok);
    assert_true(d->chain.sum == app_model_row(m, SL_MASK_LOGISTIC)->grad); /* autodiff's number, to the bit */
    double lo, hi;
    int lg = app_readout_loss_axis(m, &lo, &hi);
    assert_int_equal(d->loss_log, lg);
    assert_true(d->loss_lo == lo && d->loss_hi == hi);
    assert_null(d->graph_tape); /* the graph view is off */

    /* A step: new numbers at the next refresh, not before. */
    char was[24];
    memcpy(was, d->numbers[SL_MASK_LOGISTIC].t, sizeof was);
    assert_true(app_model_step(m));
    assert_int_not_equal(d->revision, m->revision);
    assert_string_equal(d->numbers[SL_MASK_LOGISTIC].t, was);
    app_model_refresh(m);
    app_readout_family(m, SL_MASK_LOGISTIC, &num);
    assert_string_equal(d->numbers[SL_MASK_LOGISTIC].t, num.t);
    assert_string_not_equal(num.t, was);

    /* logistic hidden: the chain rule is smoothstep's. */
    assert_true(app_model_toggle_family(m, SL_MASK_LOGISTIC));
    app_model_refresh(m);
    assert_int_equal(d->lead, SL_MASK_SMOOTHSTEP);
    AppChainRule cr;
    assert_true(app_readout_chain_rule(m, SL_MASK_SMOOTHSTEP, &cr));
    assert_true(d->chain.sum == cr.sum && d->chain.count == cr.count && d->chain.best_i == cr.best_i);

    /* The graph view: its tape is recorded once per revision. */
    m->ls.graph_on = 1;
    m->revision++;
    app_model_refresh(m);
    assert_int_equal(d->lead, -1);
    assert_non_null(d->graph_tape);
    assert_non_null(strstr(d->graph_caption, "hard mask"));
    unsigned v = d->graph_version;
    app_model_refresh(m);
    app_model_refresh(m);
    assert_int_equal(d->graph_version, v);
    app_model_set_t(m, 20.5f);
    app_model_refresh(m);
    assert_int_equal(d->graph_version, v + 1u);
    assert_non_null(strstr(d->graph_caption, "t = 20.5"));
}

/* The settings clamp into their ranges as the sliders do: NaN gives lo, N is whole. */
static void test_model_settings_clamp_into_their_ranges(void **state)
{
    AppModel *m = *state;
    AppSettingRange k = app_model_setting_range(m, APP_SET_K);
    assert_true(k.log && k.lo > 0.0f);
    assert_true(app_model_set(m, APP_SET_K, NAN));
    assert_float_equal(app_model_setting(m, APP_SET_K), k.lo, 0.0f);
    assert_true(app_model_set(m, APP_SET_K, 1e9f));
    assert_float_equal(app_model_setting(m, APP_SET_K), k.hi, 0.0f);
    assert_true(app_model_set(m, APP_SET_N, 100.4f));
    assert_int_equal(m->set.n, 100);
    assert_float_equal(app_model_setting_range(m, APP_SET_T0).lo, -200.0f, 0.0f); /* -2N */
    assert_false(app_model_set(m, APP_SET_COUNT, 1.0f));
    assert_true(app_model_setting_applies(m, APP_SET_TARGET));
}

/* Whatever changes the picture bumps the revision a picture cache keys on: a note, and
 * a note that fades; clearing no note changes nothing. */
static void test_model_notes_bump_the_revision(void **state)
{
    AppModel *m = *state;
    unsigned r = m->revision;
    app_model_note(m, 0, "a note");
    assert_true(m->revision != r);
    r = m->revision;
    app_model_clear_note(m);
    assert_string_equal(m->message, "");
    assert_true(m->revision != r);
    r = m->revision;
    app_model_clear_note(m);
    assert_int_equal(m->revision, r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_model_hard_is_stuck_and_soft_learns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_numbers_match_the_lesson_texts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_t_goes_where_the_text_sends_it, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_n_keeps_t0_and_target, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_loss_axis_goes_log_when_values_span_decades, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_anneal_end_and_length, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_chain_rule_sum_is_autodiffs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_setting_change_keeps_training, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_back_reset_and_t0, setup, teardown),
        cmocka_unit_test(test_model_back_stops_together_at_the_oldest_saved_step),
        cmocka_unit_test_setup_teardown(test_model_play_stops_with_reasons, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_stop_note_is_short_and_grouped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_play_after_stop_and_paused_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_stop_note_follows_drags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_refresh_fills_landscape_and_fd, setup, teardown),
        cmocka_unit_test(test_model_fd_below_t_resolution_takes_ts_spacing),
        cmocka_unit_test_setup_teardown(test_model_refresh_derives_once_per_revision, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_settings_clamp_into_their_ranges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_notes_bump_the_revision, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_export_csv_atomically, setup, teardown),
        cmocka_unit_test(test_model_large_n_samples_columns_and_trains_on_both_cores),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
