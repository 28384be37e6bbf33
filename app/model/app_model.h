/* app_model.h — what the window shows, as engine state: one SlTrainer per mask family,
 * all from the same start and stepped side by side, the settings the controls edit, and
 * caches of the loss landscape and finite differences. Plain C (engine only, no SDL).
 * Invariant: every trainer runs the same task and optimizer except for its mask; a
 * setting change retasks them (never resets); only reset goes back to t0. */
#ifndef APP_MODEL_H
#define APP_MODEL_H

#include <stddef.h>
#include "app_lesson_state.h"
#include "sl_landscape.h"
#include "sl_lesson.h"
#include "sl_tape.h"
#include "sl_train.h"

#define APP_LAND_SAMPLES 401   /* samples of L(t) across the t axes for the soft families */
#define APP_STAIR_MAX 4096     /* up to this N the hard landscape is drawn stair by stair; past it one
                                * sample per pixel column (plus t*) holds every stair a column shows */
#define APP_PAR_MIN_N 65536    /* from this N the five trainers step (and set up) on both cores */
#define APP_FD_TAPE_MAX 4096   /* up to this N finite differences replay the tape; past it sl_landscape */
#define APP_GRAPH_WINDOW 4096  /* past this N the graph view's tape holds this many positions around t */
#define APP_N_MAX 2048         /* the upper end of N's range (the engine allows more) */
#define APP_FD_H 0.01f         /* finite-difference step h */

/* The settings a person edits one number at a time (the window's sliders show them in
 * this order). */
typedef enum AppSettingKind {
    APP_SET_K = 0, APP_SET_W, APP_SET_LR, APP_SET_T0, APP_SET_TARGET, APP_SET_N, APP_SET_COUNT
} AppSettingKind;

/* A setting's range for the current N: lo..hi, on a log scale (both > 0) or linear,
 * and whether values are whole numbers. */
typedef struct AppSettingRange {
    float lo, hi;
    int log;
    int integer;
} AppSettingRange;

typedef struct AppSettings {
    float k, w, lr, t0, target;
    float k1;                        /* annealing's end k (0: the lesson's, else k x 32 up to 64) */
    int n;
    SlOptKind opt;
    SlAnnealKind anneal;
    SlSignalKind signal;
} AppSettings;

/* The numbers a teacher points at for one family, as text with the digits the lessons
 * quote (app_readout_family). */
typedef struct AppFamilyNumbers {
    char t[24], loss[24], hard[24], gap[24];
} AppFamilyNumbers;

/* The chain rule dL/dt = sum over i of dL/dm_i * dm_i/dt for one family at its t
 * (app_readout_chain_rule). */
typedef struct AppChainRule {
    int count;                 /* terms (positions) */
    int best_i;                /* position of the largest |term| */
    float best_g, best_slope, best_term;
    float sum;
    int banded;                /* 1: past APP_FD_TAPE_MAX positions, summed over the band around t in
                                * double (sl_landscape), not in autodiff's order */
} AppChainRule;

/* Lesson 8: one family's channels summed up, for the summary and the table. */
typedef struct AppChannelSummary {
    int count;                 /* channels */
    int none, value;           /* how many t_c have no gradient, a value */
    double mean_dist;          /* mean |t_c - t*_c| */
    float loss;                /* the summed loss */
} AppChannelSummary;

/* What the panels read, derived from the trainers by app_model_refresh once per
 * revision (app_model_derived.c): a panel draws these and computes none of them. */
typedef struct AppDerived {
    unsigned revision;                    /* the model revision they hold (0: not yet computed) */
    AppFamilyNumbers numbers[SL_MASK_COUNT]; /* every family's readout */
    double t_lo, t_hi;                    /* the t-over-steps plot's axis (app_readout_t_axis) */
    double loss_lo, loss_hi;              /* the loss-over-steps plot's axis (app_readout_loss_axis) */
    int loss_log;                         /* 1: that axis is logarithmic */
    int lead;                             /* the family whose chain rule the lesson text shows, or -1 */
    int chain_ok;                         /* 1: chain holds lead's chain rule (0: no mask on its tape) */
    AppChainRule chain;
    AppChannelSummary channels[APP_CH_FAMILIES]; /* lesson 8: hard, logistic */
    const SlTape *graph_tape;             /* the graph view's tape while it is on, else NULL (not owned) */
    char graph_caption[200];              /* what that tape is, one line */
    unsigned graph_version;               /* bumps whenever graph_tape is recorded again */
} AppDerived;

typedef struct AppModel {
    SlLesson lesson;
    AppSettings set;
    int max_steps;
    unsigned shown;                  /* bit (1u << family) per visible family */
    SlTrainer tr[SL_MASK_COUNT];
    float *signal;                   /* the trainers' one signal, tr[0].task.n floats, owned: they borrow it */
    float *signal_old;               /* a former one a trainer may still read (a failed retask), owned */
    int playing;
    int page;                        /* lesson page shown in the explain panel */
    int map_on;                      /* the steepness map view (m) fills the work area */
    int loss_scale;                  /* AppLossScale of the loss-over-steps plot (y key) */
    float view_lo, view_hi;          /* the t axes' range: [0, N] widened to every t shown since reset */
    float want_t0, want_target;      /* the user's t0 and t*: kept while a small N clamps them */
    unsigned revision;               /* bumps whenever anything drawn may have changed: what a
                                      * cache of the picture (and m->derived) keys on */

    /* L(t): soft families sampled on land_t[0..land_count-1]; hard-forward families (hard,
     * ste) as stairs while n <= APP_STAIR_MAX: stair[j] is the loss for t in (j-1, j],
     * j = 0..n. Past that stair is NULL and every family, hard too, is sampled on land_t:
     * one t per pixel column of the plot (land_cols) and t* itself. */
    int land_valid, land_n;
    float land_key[9];               /* what the soft samples were built for (k, w, t*, signal, axis ends, n, columns, seed) */
    float stair_key[3];              /* what the stairs were built for (t*, signal, n) */
    int land_count, land_cap;
    int land_cols;                   /* pixel columns of the landscape plot (the window sets it; 0: unknown) */
    float *land_t;                   /* land_cap floats, owned */
    float *land_loss[SL_MASK_COUNT]; /* land_cap floats each, owned */
    float *stair;                    /* n + 1 floats while n <= APP_STAIR_MAX, owned; else NULL */
    float stair_max, soft_max;
    float land_max;
    unsigned land_version;           /* bumps whenever the samples or stairs are computed again */
    SlLandscape land;                /* prefix sums of the signal: the loss at a t in O(band), owned */
    double land_sig[3];              /* n, signal and seed the prefix sums were built for */
    const float *land_x;             /* and the signal they point at */

    SlTape *fd_tape;                 /* scratch tape for the finite differences, owned */
    SlTape *chain_tape;              /* one family's task at its current t, for the graph view, owned */
    double chain_key[9];             /* what chain_tape holds (family, t, k, w, t*, n, signal, seed, x) */
    SlNode chain_mask;               /* its mask node */
    int chain_lo, chain_len;         /* the positions it records: all N, or APP_GRAPH_WINDOW around t */
    unsigned chain_gen;              /* bumps whenever chain_tape is recorded again */
    float fd[SL_MASK_COUNT];         /* central difference (L(t+h) - L(t-h)) / 2h */
    float fd_h[SL_MASK_COUNT];       /* the step it took: APP_FD_H, or t's spacing (sl_fd_step) */
    float fd_key[SL_MASK_COUNT][2];  /* t and k the estimate was made at */

    char message[320];               /* the latest note for the user ("" = none) */
    int message_error;               /* 1: the note reports a failure */
    int message_stop;                /* 1: the note is the stop reasons; kept true as t and settings move */

    AppLessonState ls;               /* the lesson kind's own state (cases, map, channels), stepped with the trainers */
    AppDerived derived;              /* what the panels read, fresh after app_model_refresh */
} AppModel;

/* The y axis of the loss-over-steps plot: log where the losses drawn span decades
 * (lesson 5's gap shows only there), or as asked (y key cycles). */
typedef enum AppLossScale { APP_LOSS_AUTO = 0, APP_LOSS_LOG, APP_LOSS_LINEAR, APP_LOSS_SCALE_COUNT } AppLossScale;

/* Sets the model up from a lesson (copied). Returns SL_OK, or an error with one line
 * in err; on failure nothing needs freeing. Free with app_model_deinit. */
SlStatus app_model_init(AppModel *m, const SlLesson *lesson, char *err, size_t err_len);
void app_model_deinit(AppModel *m);

/* Training, all families together. Step returns 0 on an engine error (message set), at
 * the lesson's step limit (a note says so) and where nothing trains; 1 after a step. */
int app_model_step(AppModel *m);
/* Undoes the last step of every family and of the lesson's own objects; returns 0 at step 0
 * or, with a note, at the oldest step the lesson's bounded history kept. */
int app_model_back(AppModel *m);
void app_model_reset(AppModel *m);
/* One frame of play: steps when playing, pauses with the reasons once every shown
 * family has stopped. Returns 1 when a step was taken. */
int app_model_update(AppModel *m);
void app_model_set_playing(AppModel *m, int playing);

/* Whether anything trains in this lesson's view (lesson 6's cases are single forward and
 * backward passes: play, step and the sliders have nothing to act on). */
int app_model_trains(const AppModel *m);
/* Whether setting s reaches anything in this lesson's view: nothing trains in lesson 6;
 * only k and lr reach lesson 8's channels. */
int app_model_setting_applies(const AppModel *m, AppSettingKind s);
/* The step count shown (the longest history). */
int app_model_step_count(const AppModel *m);
/* Whether every shown family has a stop reason. */
int app_model_all_stopped(const AppModel *m);

/* Moves t of every family (a dragged handle), clamped to [app_model_t_min, N]; the
 * history is kept. A stop reason that no longer holds at the new t is cleared. */
void app_model_set_t(AppModel *m, float t);
/* The same for one family (a dragged marker after training: the others stay where
 * they trained to); only < 0, or before training, moves every family. */
void app_model_set_t_family(AppModel *m, int only, float t);
/* The lowest t a drag or the t0 slider may reach: -2N, so lesson 3 can put t at -60
 * and -120 where no position is. */
float app_model_t_min(const AppModel *m);
/* The range of the t axes (mask, landscape): [0, N], widened to take in t0, t* and every
 * shown family's t (within [-2N, 3N]; a t beyond is drawn as an arrow at the edge).
 * It only grows until reset or a new N, so a drag's axis does not jump. */
float app_model_t_view_lo(const AppModel *m);
float app_model_t_view_hi(const AppModel *m);
/* Whether family f's t lies off the t axes (beyond them, or not finite). */
int app_model_t_off_view(const AppModel *m, int f);
/* Shows or hides family f; refuses (returns 0, message set) to hide the last one. */
int app_model_toggle_family(AppModel *m, int f);
int app_model_shown_count(const AppModel *m);

/* Setting s: its range for the current N, its value, and setting it, clamped into the
 * range (NaN gives lo; N is rounded). Setting retasks the trainers at once; t0 moves t
 * only while at step 0. Returns 0 with an error note when the engine rejects the value
 * (the settings then as they were). */
AppSettingRange app_model_setting_range(const AppModel *m, AppSettingKind s);
float app_model_setting(const AppModel *m, AppSettingKind s);
int app_model_set(AppModel *m, AppSettingKind s, float value);
/* value clamped into r as app_model_set clamps it. */
float app_model_setting_clamp(AppSettingRange r, float value);
/* Steeper (dir > 0) or softer: k doubled and w halved, or the reverse. */
void app_model_steepness(AppModel *m, int dir);
/* Learning rate doubled (dir > 0) or halved. */
void app_model_lr(AppModel *m, int dir);
void app_model_cycle_optimizer(AppModel *m);
void app_model_cycle_anneal(AppModel *m);
/* The annealing schedule in effect (k0, k1, length), whatever its kind. */
SlAnneal app_model_anneal(const AppModel *m);
/* Sets annealing's end k (> 0), or the run's length in steps (1 .. 10^6: the step
 * limit, and where annealing reaches k1); a note says what now holds. Returns 0 with an
 * error note for a value out of range. */
int app_model_set_k1(AppModel *m, float k1);
int app_model_set_run_steps(AppModel *m, int steps);
/* Sets lesson 7's gradient-threshold level (>= 0, 0: off) for the thresholded run. */
int app_model_set_grad_level(AppModel *m, float level);
/* Starts the lesson again as its file sets it up: every setting, t, the page.
 * Returns 0 (error note set) when the engine refuses, the model then unchanged. */
int app_model_reset_lesson(AppModel *m);
void app_model_page(AppModel *m, int dir);

/* The task (t = t0), optimizer and annealing every trainer runs (the task's mask is
 * the lesson's), as the map's sweep takes them. */
void app_model_configs(const AppModel *m, SlTaskConfig *task, SlOptConfig *opt, SlAnneal *anneal);

/* The current row of family f. */
const SlTrainRow *app_model_row(const AppModel *m, int f);

/* Cycles m->loss_scale (auto, log, linear) and says which. */
void app_model_cycle_loss_scale(AppModel *m);

/* Brings everything the panels read up to date: the landscape and finite differences
 * (each cached by what it depends on), then m->derived, once per revision (cheap when
 * fresh). Call before drawing; drawing then only reads the model. */
void app_model_refresh(AppModel *m);
/* The family whose chain rule the lesson text shows: the first shown soft family in
 * lessons about the one t (task and threshold lessons, not in the map or graph view);
 * -1 when there is none. */
int app_model_lead_family(const AppModel *m);

/* The chain rule of family f at its current t, term by term over the band (O(band),
 * whatever N): the sum, the number of terms and the largest. Returns 0 when the
 * landscape could not be built (out of memory). */
int app_model_chain(AppModel *m, int f, SlChainTerms *out);

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

/* Clears the user note (a note that fades, or one no longer true). */
void app_model_clear_note(AppModel *m);

/* Writes the shown families' training history to path, in the CSV of `train --csv`
 * (app_csv.h; the family column tells the runs apart), through app_export (the old
 * file survives a failure). Returns SL_OK, or SL_ERR_IO (SL_ERR_NOMEM) with err filled. */
SlStatus app_model_export_csv(const AppModel *m, const char *path, char *err, size_t err_len);

#endif
