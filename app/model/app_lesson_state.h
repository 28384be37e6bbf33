/* app_lesson_state.h — the engine state a lesson kind brings beyond the side-by-side
 * trainers: the lesson-6 cases, the lesson-7 threshold forms, map and gradient-
 * thresholding trainers, the lesson-8 channels (hard and logistic), and which tape the
 * graph view shows. Plain C (engine only, no SDL). The model owns one and steps it with
 * the trainers: step, back (each engine object restores what it saved before its last
 * step), reset. Invariant: every number a panel shows is read from here. */
#ifndef APP_LESSON_STATE_H
#define APP_LESSON_STATE_H

#include <stddef.h>
#include "sl_channels.h"
#include "sl_lesson.h"
#include "sl_nandemo.h"
#include "sl_tape.h"
#include "sl_threshold.h"
#include "sl_train.h"

#define APP_CURVE_POINTS SL_THRESH_MAX_X  /* samples of the soft threshold curve */
#define APP_GT_COUNT 2                    /* gradient thresholding: off, at the lesson's level */
#define APP_CH_FAMILIES 2                 /* lesson 8: hard, logistic */

typedef struct AppLessonState {
    SlLessonKind kind;
    int step;                  /* updates taken since init/reset */
    int max_steps;
    int graph_on;              /* the graph view fills the work area */
    int subject;               /* which tape the graph shows (a family, a case, a form) */
    SlTape *tape;              /* scratch: nan cases, threshold forms, the graph's tape; owned */

    /* nan: every case of lesson 6, evaluated once (they do not train). */
    SlNanCase cases[SL_NAN_CASE_COUNT];

    /* threshold: the binary forms at the lesson's x, the same on a dense x for curves,
     * the threshold map, and one task trained with and one without gradient thresholding. */
    SlThreshBinary bin, curve;
    SlThreshMap map;
    int map_ok;
    SlTrainer gt[APP_GT_COUNT];
    float gt_level;            /* the lesson's grad_threshold (what gt[1] zeroes below) */

    /* channels: one SlChannels per family with its history (t_c and loss per step). */
    SlChannels ch[APP_CH_FAMILIES];
    int ch_ok;
    float *hist_t;             /* (step + 1) rows of APP_CH_FAMILIES * C floats, owned */
    float *hist_loss;          /* (step + 1) rows of APP_CH_FAMILIES floats, owned */
    int hist_cap;              /* rows allocated */
} AppLessonState;

/* Sets up what lesson->kind needs (nothing much for task lessons). Returns SL_OK, or an
 * error with one line in err; nothing to free then. Free with app_lesson_state_deinit. */
SlStatus app_lesson_state_init(AppLessonState *s, const SlLesson *lesson, char *err, size_t err_len);
void app_lesson_state_deinit(AppLessonState *s);

/* The y range of lesson 7's binary-threshold plot: above, below and every value of the
 * pass and soft curves, with a tenth of the span as margin, in double (values up to
 * +-3.4e38 overflow a float32 span). Always finite, *lo < *hi. */
void app_lesson_state_binary_range(const AppLessonState *s, double *lo, double *hi);

/* One training step of whatever trains in this lesson kind. Returns SL_OK or the engine's
 * status with one line in err. */
SlStatus app_lesson_state_step(AppLessonState *s, char *err, size_t err_len);
/* Undoes the last step of everything that trains here, exactly as it was shown whatever
 * settings changed since; returns 0 at step 0 or past the engine's bounded history. */
int app_lesson_state_back(AppLessonState *s);
void app_lesson_state_reset(AppLessonState *s);
/* Whether a step would still change something (not at the step limit, not settled). */
int app_lesson_state_running(const AppLessonState *s);

/* Applies the window's k and learning rate to what trains here (channels' logistic k,
 * all learning rates) without resetting. */
void app_lesson_state_retask(AppLessonState *s, float k, float lr);

/* Lesson 7: the level below which the thresholded run zeroes |g| (>= 0), from now on
 * (the run's history stays). Ignored by other kinds. */
void app_lesson_state_set_grad_level(AppLessonState *s, float level);

/* Number of graph subjects for this kind when the task shows `families` families, and
 * the name of subject i ("naive", "hard channels", ...) for task lessons NULL. */
int app_lesson_state_subject_count(const AppLessonState *s, int families);
const char *app_lesson_state_subject_name(const AppLessonState *s, int i);

/* Moves the graph to the next subject (wrapping) and returns its index. */
int app_lesson_state_next_subject(AppLessonState *s, int families);

/* The tape the graph view shows for the current subject, recorded and differentiated on
 * s->tape (or a channels tape); NULL for task lessons (the model's chain tape is used)
 * or on an engine error. caption gets one line saying what it is. */
const SlTape *app_lesson_state_graph_tape(AppLessonState *s, char *caption, size_t len);

/* Channel history: t_c of family f at step (0..s->step), and the summed loss. */
float app_lesson_state_hist_t(const AppLessonState *s, int f, int c, int step);
float app_lesson_state_hist_loss(const AppLessonState *s, int f, int step);

#endif
