/* app_model.h — what the window shows, as engine state: one SlTrainer per mask family,
 * all from the same start and stepped side by side, the settings the controls edit, and
 * caches of the loss landscape and finite differences. Plain C (engine only, no SDL).
 * Invariant: every trainer runs the same task and optimizer except for its mask; a
 * setting change retasks them (never resets); only reset goes back to t0. */
#ifndef APP_MODEL_H
#define APP_MODEL_H

#include <stddef.h>
#include "app_layout.h"
#include "app_lesson_state.h"
#include "app_widget.h"
#include "sl_lesson.h"
#include "sl_tape.h"
#include "sl_train.h"

#define APP_LAND_SAMPLES 401   /* samples of L(t) across [app_model_t_view_lo, N] for the soft families */
#define APP_N_MAX 2048         /* the N slider's upper end (the engine allows more) */
#define APP_FD_H 0.01f         /* finite-difference step h */

typedef struct AppSettings {
    float k, w, lr, t0, target;
    int n;
    SlOptKind opt;
    SlAnnealKind anneal;
    SlSignalKind signal;
} AppSettings;

typedef struct AppModel {
    SlLesson lesson;
    AppSettings set;
    int max_steps;
    unsigned shown;                  /* bit (1u << family) per visible family */
    SlTrainer tr[SL_MASK_COUNT];
    int playing;
    int page;                        /* lesson page shown in the explain panel */
    int t_view_neg;                  /* t went below 0: the t axes show [app_model_t_min, N] until reset */
    unsigned revision;               /* bumps whenever anything drawn may have changed */

    /* L(t): soft families sampled on land_t[]; hard-forward families (hard, ste) as
     * stairs: stair[j] is the loss for t in (j-1, j], j = 0..n. */
    int land_valid, land_n;
    float land_key[5];               /* k, w, target, signal, t axis start the cache was built for */
    float land_t[APP_LAND_SAMPLES];
    float land_loss[SL_MASK_COUNT][APP_LAND_SAMPLES];
    float *stair;                    /* n + 1 floats, owned */
    float land_max;

    SlTape *fd_tape;                 /* scratch tape for the finite differences, owned */
    SlTape *chain_tape;              /* one family's task at its current t, for the chain rule, owned */
    float fd[SL_MASK_COUNT];         /* central difference (L(t+h) - L(t-h)) / 2h */
    float fd_key[SL_MASK_COUNT][2];  /* t and k the estimate was made at */

    char message[320];               /* the latest note for the user ("" = none) */
    int message_error;               /* 1: the note reports a failure */
    int message_stop;                /* 1: the note is the stop reasons; kept true as t and settings move */

    AppLessonState ls;               /* the lesson kind's own state (cases, map, channels), stepped with the trainers */
} AppModel;

/* Sets the model up from a lesson (copied). Returns SL_OK, or an error with one line
 * in err; on failure nothing needs freeing. Free with app_model_deinit. */
SlStatus app_model_init(AppModel *m, const SlLesson *lesson, char *err, size_t err_len);
void app_model_deinit(AppModel *m);

/* Training, all families together. Step returns 0 on an engine error (message set), at
 * the lesson's step limit (a note says so) and where nothing trains; 1 after a step. */
int app_model_step(AppModel *m);
/* Undoes the last step of every family; returns 0 when already at step 0. */
int app_model_back(AppModel *m);
void app_model_reset(AppModel *m);
/* One frame of play: steps when playing, pauses with the reasons once every shown
 * family has stopped. Returns 1 when a step was taken. */
int app_model_update(AppModel *m);
void app_model_set_playing(AppModel *m, int playing);

/* Whether anything trains in this lesson's view (lesson 6's cases are single forward and
 * backward passes: play, step and the sliders have nothing to act on). */
int app_model_trains(const AppModel *m);
/* Whether control ctrl (a slider or button, AppCtrl) changes anything in this lesson's
 * view: nothing that trains in lesson 6; only k and lr reach lesson 8's channels. */
int app_model_ctrl_applies(const AppModel *m, int ctrl);
/* The step count shown (the longest history). */
int app_model_step_count(const AppModel *m);
/* A word or two for stop reason why ("no gradient", "step limit"; before one: "ready"
 * at step 0, else "running"), short enough for a table cell. */
const char *app_model_stop_word(SlStopReason why, int steps);
/* Whether every shown family has a stop reason. */
int app_model_all_stopped(const AppModel *m);

/* Moves t of every family (a dragged handle), clamped to [app_model_t_min, N]; the
 * history is kept. A stop reason that no longer holds at the new t is cleared. */
void app_model_set_t(AppModel *m, float t);
/* The lowest t a drag or the t0 slider may reach: -N/4, so lesson 3 can put the band
 * where no position is. */
float app_model_t_min(const AppModel *m);
/* The lower end of the t axes (mask, landscape, t over steps): 0, or app_model_t_min
 * once t or t0 has been below 0 (kept until reset so a drag's axis does not jump). */
float app_model_t_view_lo(const AppModel *m);
/* Shows or hides family f; refuses (returns 0, message set) to hide the last one. */
int app_model_toggle_family(AppModel *m, int f);
int app_model_shown_count(const AppModel *m);

/* Slider ctrl (APP_CTRL_K .. APP_CTRL_N): its spec for the current N, its value, and
 * setting it (retasks the trainers at once; t0 moves t only while at step 0).
 * Returns 0 with an error message when the engine rejects the value. */
AppSliderSpec app_model_slider_spec(const AppModel *m, int ctrl);
float app_model_slider_value(const AppModel *m, int ctrl);
int app_model_set_slider(AppModel *m, int ctrl, float value);
/* Steeper (dir > 0) or softer: k doubled and w halved, or the reverse. */
void app_model_steepness(AppModel *m, int dir);
/* Learning rate doubled (dir > 0) or halved. */
void app_model_lr(AppModel *m, int dir);
void app_model_cycle_optimizer(AppModel *m);
void app_model_cycle_anneal(AppModel *m);
void app_model_page(AppModel *m, int dir);

/* The current row of family f. */
const SlTrainRow *app_model_row(const AppModel *m, int f);

/* The numbers a teacher points at for family f, as drawn: t (6 significant digits, so
 * 40.4992 is not 40.5), the loss and the hard-mask loss at that t (7 significant digits:
 * 0.4609375, 0.484375) and the gap hard - loss (4). "-" where a number says nothing (the
 * hard family's own gap). */
typedef struct AppFamilyNumbers {
    char t[24], loss[24], hard[24], gap[24];
} AppFamilyNumbers;
void app_model_family_numbers(const AppModel *m, int f, AppFamilyNumbers *out);
/* Brings the landscape and finite-difference caches up to date (cheap when fresh). */
void app_model_refresh(AppModel *m);

/* Records family f's task at its current t on a tape of its own and runs backward, so
 * the explain panel can read dL/dm_i and m_i; returns that tape and the mask node
 * through *mask (SL_NIL when the task has none), or NULL on an engine error. */
const SlTape *app_model_chain_tape(AppModel *m, int f, SlNode *mask);

/* Sets the user note (printf-style). */
void app_model_note(AppModel *m, int is_error, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Writes the shown families' training history as CSV (step,family,t,loss,grad,
 * grad_state,k,hard_loss) to path atomically. Returns 1, or 0 with err filled. */
int app_model_export_csv(const AppModel *m, const char *path, char *err, size_t err_len);

#endif
