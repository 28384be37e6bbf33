/* sl_train.h — one learnable step trained by an optimizer, with its history.
 * Invariant: rows[0..count] are evaluations; rows[count] is always the current t,
 * and rows[s] is the state *before* update s (what `steplab train --csv` prints).
 * Stepping back restores t and the optimizer state exactly. A none gradient leaves
 * t where it is and sets a one-time message in words a student understands.
 * Annealing spans the run: k0 at row 0, k1 at row max_steps (docs/training.md). The
 * verdict (sl_verdict.h) is judged at every row from 1 on and is sticky: `stop` and
 * `stop_step` keep the first verdict until reset, retask or set_t. */
#ifndef SL_TRAIN_H
#define SL_TRAIN_H

#include "sl_optim.h"
#include "sl_task.h"
#include "sl_verdict.h"

typedef struct SlTrainRow {
    int step;
    float t, loss, grad;  /* grad: 0 for none, NaN for nan */
    SlGradState state;
    float k;              /* the steepness used at this step (annealing) */
    float hard_loss;      /* the hard-mask loss at this t: the soft-hard gap */
} SlTrainRow;

typedef struct SlTrainer {
    SlTaskConfig task;    /* task.t is the start t0 */
    SlOptConfig opt;
    SlAnneal anneal;      /* kind constant keeps task.k; anneal.steps is set to the run's max_steps */
    float grad_threshold; /* gradients with |g| below this are zeroed before the update (0: off) */
    int max_steps;        /* the run's last step: the step limit, and where annealing reaches k1
                           * (the history may grow past it) */
    const float *x;       /* the signal, task.n floats: x_own, or one shared by the caller */
    float *x_own;         /* the signal the trainer filled itself, owned; NULL while it shares one */
    SlOptState opt_state;
    SlTrainRow *rows;     /* count + 1 rows */
    SlOptState *states;   /* optimizer state before each row's update */
    int count, cap;
    SlStopReason stop;    /* the first verdict reached (SL_STOP_RUNNING: none yet) */
    int stop_step;        /* the row at which `stop` was first reached; -1 while running */
    int changed_at;       /* row of the last retask / set_t: a plateau is judged only after it */
    int none_reported;    /* the none message was produced once */
    char message[320];    /* the latest message for a person ("" when nothing to say) */
} SlTrainer;

/* Initialises *tr (caller's storage) and evaluates t0 as row 0. anneal may be NULL
 * (constant); its steps field is ignored: the schedule reaches k1 at row max_steps
 * (at row 1 when max_steps < 1). Returns SL_ERR_ARG with tr->message naming the bad value, or
 * SL_ERR_NOMEM; on failure nothing needs freeing. Free with sl_trainer_deinit. */
SlStatus sl_trainer_init(SlTrainer *tr, const SlTaskConfig *task, const SlOptConfig *opt,
                         const SlAnneal *anneal, int max_steps);
/* As sl_trainer_init, but the trainer reads the signal from x (task->n floats, as
 * sl_signal_fill gives for task's signal and seed) instead of filling its own: at large N
 * the five trainers of one window share one. x is borrowed, never freed or written: it must
 * outlive the trainer, or its next retask that changes N, signal or seed. NULL: as sl_trainer_init. */
SlStatus sl_trainer_init_shared(SlTrainer *tr, const SlTaskConfig *task, const SlOptConfig *opt,
                                const SlAnneal *anneal, int max_steps, const float *x);
void sl_trainer_deinit(SlTrainer *tr);

/* Applies one update from the current row and evaluates the new t as a new row.
 * Always appends a row (a none gradient appends t unchanged), also after a verdict.
 * Judges the new row when no verdict holds yet (tr->stop, tr->stop_step). */
SlStatus sl_trainer_step(SlTrainer *tr);
/* sl_trainer_step in two halves, for a caller that evaluates the task itself.
 * sl_trainer_advance applies the update from the current row and
 * gives the t and steepness k the next row is evaluated at (SL_ERR_NOMEM, with message);
 * sl_trainer_record appends that row from sl_task_eval_fast's and sl_task_hard_loss's
 * numbers at (t, k) and judges it as sl_trainer_step does. sl_trainer_step is advance,
 * evaluate, record. */
SlStatus sl_trainer_advance(SlTrainer *tr, float *t_next, float *k_next);
void sl_trainer_record(SlTrainer *tr, float t, SlTaskEval e, float hard_loss);
/* Whether every further step would append the current row again (only its step number
 * changing) and keep the verdict: plain SGD (stateless) at a constant k, a verdict
 * reached, and the current row's t and k bit for bit the previous row's, so the same
 * evaluation and the same update follow for ever. */
int sl_trainer_settled(const SlTrainer *tr);
/* Undoes the last step; returns 0 when already at step 0. The verdict is judged again
 * over the rows that remain. */
int sl_trainer_back(SlTrainer *tr);
/* Back to t0 with an empty history (the task settings stay). */
SlStatus sl_trainer_reset(SlTrainer *tr);
/* Changes the task (k, w, t*, N, signal, mask; not t) and optimizer without resetting:
 * the current t is kept and re-evaluated. A new t0 only applies at the next reset.
 * The verdict starts again, judged at the current row (after step 0). */
SlStatus sl_trainer_retask(SlTrainer *tr, const SlTaskConfig *task, const SlOptConfig *opt,
                           const SlAnneal *anneal);
/* As sl_trainer_retask, reading the new task's signal from the borrowed x (as in
 * sl_trainer_init_shared; its own signal, if any, is freed). On failure the trainer keeps
 * the signal it had. NULL: as sl_trainer_retask (a trainer that shared then fills its own). */
SlStatus sl_trainer_retask_shared(SlTrainer *tr, const SlTaskConfig *task, const SlOptConfig *opt,
                                  const SlAnneal *anneal, const float *x);
/* sl_trainer_retask then sl_trainer_reset, without evaluating the old t under the new
 * task first: the trainer as sl_trainer_init leaves it for these settings, reusing its
 * buffers and its own signal (filled again when N, signal or seed change). What a sweep
 * lane does between cells. */
SlStatus sl_trainer_restart(SlTrainer *tr, const SlTaskConfig *task, const SlOptConfig *opt, const SlAnneal *anneal);
/* Moves the current t (e.g. dragging a handle): re-evaluates the current row in place.
 * The verdict starts again, as after a retask. */
SlStatus sl_trainer_set_t(SlTrainer *tr, float t);

/* The current row (rows[count]). */
const SlTrainRow *sl_trainer_current(const SlTrainer *tr);

/* ---- many cells side by side (the vectorised sweep) ----
 * Trainers that only ever step forward to their step limit, lane l one cell, stepped as
 * sl_trainer_step steps (sl_trainer_advance, evaluate, sl_trainer_record) with
 * the same optimizer update and the same verdict rule, so every lane's rows, verdict and
 * verdict step are an SlTrainer's bit for bit; instead of the history each lane keeps its
 * current row and what the rule reads of earlier rows. The state is kept field by field
 * (an array of lanes per field) so the per-step bookkeeping runs over all lanes at once. */
#define SL_TRAIN_LANES_MAX 16
#define SL_TRAIN_LANES_RING 16 /* t of the latest rows: more than SL_VERDICT_WINDOW, a power of two */

typedef struct SlTrainLanes {
    /* the current row of each lane, field by field (sl_train_lanes_row puts one together) */
    int step[SL_TRAIN_LANES_MAX];             /* the row's step: the updates applied */
    float t[SL_TRAIN_LANES_MAX], loss[SL_TRAIN_LANES_MAX], grad[SL_TRAIN_LANES_MAX];
    SlGradState state[SL_TRAIN_LANES_MAX];
    float k[SL_TRAIN_LANES_MAX], hard_loss[SL_TRAIN_LANES_MAX];
    float prev_t[SL_TRAIN_LANES_MAX], prev_k[SL_TRAIN_LANES_MAX]; /* the row before it */
    float hist[SL_TRAIN_LANES_RING][SL_TRAIN_LANES_MAX];           /* t of row s at [s % RING][lane] */
    float loss_start[SL_TRAIN_LANES_MAX];     /* row 0's loss */
    float blowup[SL_TRAIN_LANES_MAX];         /* the loss above which the run diverged (from loss_start) */
    SlStopReason stop[SL_TRAIN_LANES_MAX];    /* as SlTrainer's stop and stop_step */
    int stop_step[SL_TRAIN_LANES_MAX];
    /* each lane's settings */
    SlOptState opt_state[SL_TRAIN_LANES_MAX];
    SlOptConfig opt[SL_TRAIN_LANES_MAX];
    SlAnneal anneal[SL_TRAIN_LANES_MAX];      /* steps set to the run's max_steps, as SlTrainer's */
    float task_k[SL_TRAIN_LANES_MAX], target[SL_TRAIN_LANES_MAX], threshold[SL_TRAIN_LANES_MAX];
    float lr[SL_TRAIN_LANES_MAX];             /* opt.lr */
    int n[SL_TRAIN_LANES_MAX], max_steps[SL_TRAIN_LANES_MAX], has_path[SL_TRAIN_LANES_MAX];
    int sgd[SL_TRAIN_LANES_MAX];              /* opt.kind is plain SGD (stateless) */
    int repeats[SL_TRAIN_LANES_MAX];          /* plain SGD at a constant k: a row with the t and k of the one
                                               * before repeats for ever (sl_trainer_settled) */
    int plain[SL_TRAIN_LANES_MAX];            /* plain SGD on a gradient path, no threshold, a constant k:
                                               * the next row is sl__optim_sgd of this one's, at task_k */
} SlTrainLanes;

/* Sets lane l to a cell's settings (checked as sl_trainer_init checks them: SL_ERR_ARG)
 * and gives the t and k row 0 is evaluated at; sl_train_lanes_first then records row 0
 * from sl_task_eval_fast_hard's numbers there (the raw gradient sum, classified here). */
SlStatus sl_train_lanes_set(SlTrainLanes *ln, int l, const SlTaskConfig *task, const SlOptConfig *opt,
                            const SlAnneal *anneal, int max_steps, float grad_threshold, float *t0, float *k0);
void sl_train_lanes_first(SlTrainLanes *ln, int l, float t0, float loss, float grad, float hard_loss);
/* sl_trainer_advance and sl_trainer_record for the lanes l < lanes whose bit l of
 * `active` is set: lane l's t and k (as advance gave them), loss, raw gradient sum
 * (classified as sl_task_eval_fast does: none for the hard mask) and hard loss at index l.
 * Every array holds SL_TRAIN_LANES_MAX floats (those of other lanes may be read and are
 * not used); advance writes t_next and k_next for every lane below `lanes` (and may write
 * past it), the current row's t and k for a lane it does not step. Lanes outside `active`
 * are left as they are. No memory to run out of.
 * advance returns the lanes of `active` whose next t or k is not bit for bit the current
 * row's (the others' evaluation repeats the current row's numbers); record returns the
 * lanes of `active` that have settled (sl_train_lanes_settled) at the row it recorded. */
unsigned sl_train_lanes_advance(SlTrainLanes *restrict ln, int lanes, unsigned active, float *restrict t_next,
                                float *restrict k_next);
unsigned sl_train_lanes_record(SlTrainLanes *restrict ln, int lanes, unsigned active, const float *restrict t,
                               const float *restrict k, const float *restrict loss, const float *restrict grad,
                               const float *restrict hard_loss);
/* The lanes' steps are compiled more than once (on x86: the baseline build, AVX2, AVX-512);
 * sl_train_lanes_advance and _record take the widest the CPU runs. Path i: 0 the baseline
 * build, 1 AVX2, 2 AVX-512, -1 the widest; returns 0 when this build or CPU has no path i
 * (*out untouched), else 1. Internal: for tests, which hold the paths to each other. */
typedef struct SlTrainLanesPath {
    const char *name;
    unsigned (*advance)(SlTrainLanes *restrict ln, int lanes, unsigned active, float *restrict t_next,
                        float *restrict k_next);
    unsigned (*record)(SlTrainLanes *restrict ln, int lanes, unsigned active, const float *restrict t,
                       const float *restrict k, const float *restrict loss, const float *restrict grad,
                       const float *restrict hard_loss);
} SlTrainLanesPath;
int sl__train_lanes_path(int i, SlTrainLanesPath *out);
/* Lane l's current row, as SlTrainer's rows[count] would be. */
SlTrainRow sl_train_lanes_row(const SlTrainLanes *ln, int l);
/* sl_trainer_settled for lane l. */
int sl_train_lanes_settled(const SlTrainLanes *ln, int l);

#endif
