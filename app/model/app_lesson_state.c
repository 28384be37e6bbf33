/* app_lesson_state.c — the lesson kinds' engine state and how it steps (see
 * app_lesson_state.h). Everything is computed by the engine modules sl_nandemo,
 * sl_threshold, sl_channels and sl_train; this file only owns and sequences them. */
#include "app_lesson_state.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SETTLED_MOVE 1e-6f  /* a step that moves nothing more than this changes nothing */

static const SlMaskKind k_ch_family[APP_CH_FAMILIES] = {SL_MASK_HARD, SL_MASK_LOGISTIC};

static SlStatus init_nan(AppLessonState *s, const SlLesson *L, char *err, size_t err_len)
{
    float x[SL_NAN_MAX_X];
    int n = L->value_count;
    if (n > 0) memcpy(x, L->values, (size_t)n * sizeof *x);
    else n = sl_nandemo_default_x(x, SL_NAN_MAX_X);
    if (n > SL_NAN_MAX_X) n = SL_NAN_MAX_X;
    char why[320];
    SlStatus st = sl_nandemo_run_all(s->tape, x, n, s->cases, why, sizeof why);
    if (st != SL_OK) snprintf(err, err_len, "lesson 6 cases: %s", why);
    return st;
}

static SlStatus init_threshold(AppLessonState *s, const SlLesson *L, char *err, size_t err_len)
{
    float x[SL_THRESH_MAX_X], dense[APP_CURVE_POINTS];
    int n = L->value_count;
    if (n > 0) memcpy(x, L->values, (size_t)n * sizeof *x);
    else n = sl_threshold_default_x(x, SL_THRESH_MAX_X);
    if (n > SL_THRESH_MAX_X) n = SL_THRESH_MAX_X;
    /* The curve spans the values and the threshold +-1, in double: every finite float32
     * the parser accepts (up to +-3.4e38) gives finite samples, where (hi - lo) * i in
     * float32 overflowed. */
    double lo = (double)x[0], hi = (double)x[0];
    for (int i = 1; i < n; i++) {
        lo = fmin(lo, (double)x[i]);
        hi = fmax(hi, (double)x[i]);
    }
    lo = fmin(lo, (double)L->threshold - 1.0);
    hi = fmax(hi, (double)L->threshold + 1.0);
    lo = fmax(lo, -(double)FLT_MAX);
    hi = fmin(hi, (double)FLT_MAX);
    for (int i = 0; i < APP_CURVE_POINTS; i++)
        dense[i] = (float)(lo + (hi - lo) * (double)i / (double)(APP_CURVE_POINTS - 1));
    char why[320];
    SlStatus st = sl_threshold_binary(s->tape, dense, APP_CURVE_POINTS, L->threshold, L->above, L->below, L->task.k,
                                      &s->curve, why, sizeof why);
    if (st == SL_OK)
        st = sl_threshold_binary(s->tape, x, n, L->threshold, L->above, L->below, L->task.k, &s->bin, why,
                                 sizeof why);
    if (st != SL_OK) {
        snprintf(err, err_len, "threshold: %s", why);
        return st;
    }
    st = sl_threshold_map_init(&s->map, L->map_rows, L->map_cols, 0.5f * (float)L->map_cols, L->above, L->below,
                               L->task.k, why, sizeof why);
    if (st != SL_OK) {
        snprintf(err, err_len, "threshold map: %s", why);
        return st;
    }
    s->map_ok = 1;
    st = sl_threshold_map_eval(&s->map, s->tape);
    if (st != SL_OK) {
        snprintf(err, err_len, "threshold map: %s", sl_tape_error(s->tape));
        return st;
    }
    s->gt_level = L->grad_threshold > 0.0f ? L->grad_threshold : 0.01f;
    for (int g = 0; g < APP_GT_COUNT; g++) {
        st = sl_trainer_init(&s->gt[g], &L->task, &L->opt, NULL, s->max_steps);
        if (st != SL_OK) {
            snprintf(err, err_len, "gradient thresholding: %s", s->gt[g].message);
            return st;
        }
        s->gt[g].grad_threshold = g == 0 ? 0.0f : s->gt_level;
    }
    return SL_OK;
}

static int hist_reserve(AppLessonState *s, int rows)
{
    if (rows <= s->hist_cap) return 1;
    int cap = s->hist_cap ? s->hist_cap : 256;
    while (cap < rows) cap *= 2;
    int C = s->ch[0].c;
    float *t = realloc(s->hist_t, (size_t)cap * APP_CH_FAMILIES * (size_t)C * sizeof *t);
    if (!t) return 0;
    s->hist_t = t;
    float *l = realloc(s->hist_loss, (size_t)cap * APP_CH_FAMILIES * sizeof *l);
    if (!l) return 0;
    s->hist_loss = l;
    s->hist_cap = cap;
    return 1;
}

/* Records the channels' current t and loss as history row s->step. */
static int hist_record(AppLessonState *s)
{
    if (!hist_reserve(s, s->step + 1)) return 0;
    int C = s->ch[0].c;
    for (int f = 0; f < APP_CH_FAMILIES; f++) {
        memcpy(s->hist_t + ((size_t)s->step * APP_CH_FAMILIES + (size_t)f) * (size_t)C, s->ch[f].t,
               (size_t)C * sizeof(float));
        s->hist_loss[(size_t)s->step * APP_CH_FAMILIES + (size_t)f] = s->ch[f].loss;
    }
    return 1;
}

static SlStatus init_channels(AppLessonState *s, const SlLesson *L, char *err, size_t err_len)
{
    for (int f = 0; f < APP_CH_FAMILIES; f++) {
        SlTaskConfig cfg = L->task;
        cfg.mask = k_ch_family[f];
        SlStatus st = sl_channels_init(&s->ch[f], &cfg, L->channels, L->target_count ? L->targets : NULL, &L->opt);
        if (st != SL_OK) {
            snprintf(err, err_len, "channels: %s", s->ch[f].message);
            for (int g = 0; g < f; g++) sl_channels_deinit(&s->ch[g]);
            return st;
        }
    }
    s->ch_ok = 1;
    if (!hist_record(s)) {
        snprintf(err, err_len, "out of memory for the channel history");
        return SL_ERR_NOMEM;
    }
    return SL_OK;
}

SlStatus app_lesson_state_init(AppLessonState *s, const SlLesson *lesson, char *err, size_t err_len)
{
    memset(s, 0, sizeof *s);
    s->kind = lesson->kind;
    s->max_steps = lesson->steps; /* 0: no training */
    s->graph_on = lesson->show_graph;  /* g toggles it from there */
    s->tape = sl_tape_create();
    if (!s->tape) {
        snprintf(err, err_len, "out of memory setting up the lesson");
        return SL_ERR_NOMEM;
    }
    SlStatus st = SL_OK;
    switch (lesson->kind) {
    case SL_LESSON_NAN: st = init_nan(s, lesson, err, err_len); break;
    case SL_LESSON_THRESHOLD: st = init_threshold(s, lesson, err, err_len); break;
    case SL_LESSON_CHANNELS: st = init_channels(s, lesson, err, err_len); break;
    case SL_LESSON_TASK:
    case SL_LESSON_KIND_COUNT: break;
    }
    if (st != SL_OK) app_lesson_state_deinit(s);
    return st;
}

void app_lesson_state_deinit(AppLessonState *s)
{
    for (int g = 0; g < APP_GT_COUNT; g++)
        if (s->gt[g].rows) sl_trainer_deinit(&s->gt[g]);
    if (s->map_ok) sl_threshold_map_deinit(&s->map);
    if (s->ch_ok)
        for (int f = 0; f < APP_CH_FAMILIES; f++) sl_channels_deinit(&s->ch[f]);
    free(s->hist_t);
    free(s->hist_loss);
    sl_tape_destroy(s->tape);
    memset(s, 0, sizeof *s);
}

/* One step of everything that trains in this kind, without touching s->step. */
static SlStatus step_once(AppLessonState *s, char *err, size_t err_len)
{
    SlStatus st = SL_OK;
    if (s->kind == SL_LESSON_THRESHOLD) {
        st = sl_threshold_map_step(&s->map, s->tape, &s->gt[0].opt);
        if (st != SL_OK) {
            snprintf(err, err_len, "threshold map: %s", sl_tape_error(s->tape));
            return st;
        }
        for (int g = 0; g < APP_GT_COUNT && st == SL_OK; g++) {
            st = sl_trainer_step(&s->gt[g]);
            if (st != SL_OK) snprintf(err, err_len, "gradient thresholding: %s", s->gt[g].message);
        }
    } else if (s->kind == SL_LESSON_CHANNELS) {
        for (int f = 0; f < APP_CH_FAMILIES && st == SL_OK; f++) {
            st = sl_channels_step(&s->ch[f]);
            if (st != SL_OK) snprintf(err, err_len, "channels: %s", s->ch[f].message);
        }
    }
    return st;
}

SlStatus app_lesson_state_step(AppLessonState *s, char *err, size_t err_len)
{
    if (s->kind != SL_LESSON_THRESHOLD && s->kind != SL_LESSON_CHANNELS) return SL_OK;
    SlStatus st = step_once(s, err, err_len);
    if (st != SL_OK) return st;
    s->step++;
    if (s->kind == SL_LESSON_CHANNELS && !hist_record(s)) {
        s->step--;
        snprintf(err, err_len, "out of memory for the channel history");
        return SL_ERR_NOMEM;
    }
    return SL_OK;
}

void app_lesson_state_reset(AppLessonState *s)
{
    s->step = 0;
    if (s->kind == SL_LESSON_THRESHOLD) {
        sl_threshold_map_reset(&s->map, s->tape);
        for (int g = 0; g < APP_GT_COUNT; g++) sl_trainer_reset(&s->gt[g]);
    } else if (s->kind == SL_LESSON_CHANNELS) {
        for (int f = 0; f < APP_CH_FAMILIES; f++) sl_channels_reset(&s->ch[f]);
    }
}

int app_lesson_state_back(AppLessonState *s)
{
    if (s->step == 0) return 0;
    /* Each object undoes its own last step from what it saved before it (no replay, so
     * settings changed since then cannot alter what the step showed). The step-0 check
     * and the shared step count keep them in lockstep; an evaluation that ran once
     * before cannot fail anew. */
    int undone = 0;
    if (s->kind == SL_LESSON_THRESHOLD) {
        undone = sl_threshold_map_back(&s->map, s->tape, NULL);
        for (int g = 0; g < APP_GT_COUNT && undone; g++) sl_trainer_back(&s->gt[g]);
    } else if (s->kind == SL_LESSON_CHANNELS) {
        for (int f = 0; f < APP_CH_FAMILIES; f++) undone = sl_channels_back(&s->ch[f], NULL);
    }
    if (!undone) return 0;
    s->step--;
    return 1;
}

int app_lesson_state_running(const AppLessonState *s)
{
    if (s->step >= s->max_steps) return 0;
    if (s->kind == SL_LESSON_THRESHOLD) {
        for (int g = 0; g < APP_GT_COUNT; g++)
            if (s->gt[g].stop == SL_STOP_RUNNING) return 1;
        if (s->step == 0) return 1;
        for (int i = 0; i < s->map.rows * s->map.cols; i++)
            if (s->map.state[i] == SL_GRAD_VALUE && fabsf(s->map.grad[i]) > SETTLED_MOVE) return 1;
        return 0;
    }
    if (s->kind == SL_LESSON_CHANNELS) {
        /* the trainer's verdict rule, per t_c of the soft family (the hard one never moves) */
        if (s->step == 0) return 1;
        for (int c = 0; c < s->ch[1].c; c++)
            if (s->ch[1].stop[c] == SL_STOP_RUNNING) return 1;
        return 0;
    }
    return 0;
}

void app_lesson_state_retask(AppLessonState *s, float k, float lr)
{
    if (!(isfinite(k) && k > 0.0f && isfinite(lr) && lr > 0.0f)) return;
    if (s->kind == SL_LESSON_CHANNELS) {
        for (int f = 0; f < APP_CH_FAMILIES; f++) {
            s->ch[f].opt.lr = lr;
            if (s->ch[f].task.k != k) sl_channels_set_mask(&s->ch[f], s->ch[f].task.mask, k, s->ch[f].task.width);
        }
    } else if (s->kind == SL_LESSON_THRESHOLD) {
        for (int g = 0; g < APP_GT_COUNT; g++) {
            if (s->gt[g].opt.lr == lr) continue;
            SlTaskConfig task = s->gt[g].task;
            SlOptConfig opt = s->gt[g].opt;
            opt.lr = lr;
            sl_trainer_retask(&s->gt[g], &task, &opt, NULL);
        }
    }
}

void app_lesson_state_set_grad_level(AppLessonState *s, float level)
{
    if (s->kind != SL_LESSON_THRESHOLD || !(level >= 0.0f) || !isfinite(level)) return;
    s->gt_level = level;
    s->gt[1].grad_threshold = level;
    /* Same task: the retask restarts the trainer's plateau window, so a run stopped by
     * the old level trains on under the new one. */
    SlTaskConfig task = s->gt[1].task;
    SlOptConfig opt = s->gt[1].opt;
    sl_trainer_retask(&s->gt[1], &task, &opt, NULL);
}

int app_lesson_state_subject_count(const AppLessonState *s, int families)
{
    switch (s->kind) {
    case SL_LESSON_NAN: return SL_NAN_CASE_COUNT;
    case SL_LESSON_THRESHOLD: return 3;
    case SL_LESSON_CHANNELS: return APP_CH_FAMILIES;
    case SL_LESSON_TASK:
    case SL_LESSON_KIND_COUNT: break;
    }
    return families > 0 ? families : 1;
}

const char *app_lesson_state_subject_name(const AppLessonState *s, int i)
{
    static const char *const thresh[3] = {"binary threshold (hard)", "threshold map (soft, learning)",
                                          "task with gradient thresholding"};
    static const char *const chan[APP_CH_FAMILIES] = {"hard channels", "logistic channels"};
    switch (s->kind) {
    case SL_LESSON_NAN: return i >= 0 && i < SL_NAN_CASE_COUNT ? s->cases[i].title : "?";
    case SL_LESSON_THRESHOLD: return i >= 0 && i < 3 ? thresh[i] : "?";
    case SL_LESSON_CHANNELS: return i >= 0 && i < APP_CH_FAMILIES ? chan[i] : "?";
    case SL_LESSON_TASK:
    case SL_LESSON_KIND_COUNT: break;
    }
    return NULL;
}

int app_lesson_state_next_subject(AppLessonState *s, int families)
{
    int n = app_lesson_state_subject_count(s, families);
    s->subject = n > 0 ? (s->subject + 1) % n : 0;
    return s->subject;
}

const SlTape *app_lesson_state_graph_tape(AppLessonState *s, char *caption, size_t len)
{
    int i = s->subject;
    const char *name = app_lesson_state_subject_name(s, i);
    switch (s->kind) {
    case SL_LESSON_NAN: {
        SlNanCase c;
        const SlNanCase *src = &s->cases[i];
        if (sl_nandemo_case(s->tape, src->id, src->x, src->n, &c, NULL, 0) != SL_OK) return NULL;
        snprintf(caption, len, "%s:  %s", c.title, c.expr);
        return s->tape;
    }
    case SL_LESSON_THRESHOLD: {
        SlThreshBinary b;
        if (i == 0) {
            /* sl_threshold_binary leaves the hard form's graph on the tape. */
            if (sl_threshold_binary(s->tape, s->bin.x, s->bin.n, s->bin.thr, s->bin.above, s->bin.below, s->bin.k,
                                    &b, NULL, 0) != SL_OK)
                return NULL;
            snprintf(caption, len, "%s:  where(x > %g, %g, %g)", name, (double)s->bin.thr, (double)s->bin.above,
                     (double)s->bin.below);
            return s->tape;
        }
        if (i == 1) {
            if (sl_threshold_map_eval(&s->map, s->tape) != SL_OK) return NULL;
            snprintf(caption, len, "%s at step %d", name, s->step);
            return s->tape;
        }
        const SlTrainer *tr = &s->gt[1];
        const SlTrainRow *row = sl_trainer_current(tr);
        SlTaskConfig cfg = tr->task;
        cfg.k = row->k;
        sl_tape_reset(s->tape);
        SlNode loss = sl_task_build(s->tape, &cfg, tr->x, row->t, NULL);
        if (loss == SL_NIL || sl_tape_backward(s->tape, loss) != SL_OK) return NULL;
        snprintf(caption, len, "%s (|g| < %g zeroed): t = %.4g", name, (double)s->gt_level, (double)row->t);
        return s->tape;
    }
    case SL_LESSON_CHANNELS:
        snprintf(caption, len, "%s at step %d (one tape, C = %d)", name, s->step, s->ch[i].c);
        return s->ch[i].tape;
    case SL_LESSON_TASK:
    case SL_LESSON_KIND_COUNT: break;
    }
    return NULL;
}

float app_lesson_state_hist_t(const AppLessonState *s, int f, int c, int step)
{
    if (!s->hist_t || step < 0 || step > s->step) return NAN;
    return s->hist_t[((size_t)step * APP_CH_FAMILIES + (size_t)f) * (size_t)s->ch[0].c + (size_t)c];
}

float app_lesson_state_hist_loss(const AppLessonState *s, int f, int step)
{
    if (!s->hist_loss || step < 0 || step > s->step) return NAN;
    return s->hist_loss[(size_t)step * APP_CH_FAMILIES + (size_t)f];
}

void app_lesson_state_binary_range(const AppLessonState *s, double *lo, double *hi)
{
    const SlThreshBinary *b = &s->bin, *cv = &s->curve;
    double l = fmin((double)b->below, (double)b->above), h = fmax((double)b->below, (double)b->above);
    for (int i = 0; i < cv->n; i++) {
        l = fmin(l, fmin((double)cv->pass[i], (double)cv->soft[i]));
        h = fmax(h, fmax((double)cv->pass[i], (double)cv->soft[i]));
    }
    if (!isfinite(l) || !isfinite(h)) l = 0.0, h = 1.0; /* not reached: the values are finite floats */
    double margin = 0.1 * (h - l > 0.0 ? h - l : 1.0);
    *lo = l - margin;
    *hi = h + margin;
}
