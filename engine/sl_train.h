/* sl_train.h — one learnable step trained by an optimizer, with its history.
 * Invariant: rows[0..count] are evaluations; rows[count] is always the current t,
 * and rows[s] is the state *before* update s (what `steplab train --csv` prints).
 * Stepping back restores t and the optimizer state exactly. A none gradient leaves
 * t where it is and sets a one-time message in words a student understands. */
#ifndef SL_TRAIN_H
#define SL_TRAIN_H

#include "sl_optim.h"
#include "sl_task.h"

typedef enum SlStopReason {
    SL_STOP_RUNNING = 0,
    SL_STOP_CONVERGED,      /* t stopped moving at the target */
    SL_STOP_DIVERGED,       /* t, loss or gradient became NaN or infinite, or t flew far off the signal */
    SL_STOP_NO_GRADIENT,    /* gradient is none: nothing can move t */
    SL_STOP_STALLED,        /* t stopped moving away from the target (zero or vanishing gradient) */
    SL_STOP_STEP_LIMIT
} SlStopReason;

/* Returns a short phrase for a person, e.g. "stalled: no gradient". */
const char *sl_stop_reason_str(SlStopReason reason);

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
    SlAnneal anneal;      /* kind constant keeps task.k */
    float grad_threshold; /* gradients with |g| below this are zeroed before the update (0: off) */
    int max_steps;        /* step limit for the stop reason (the history may grow past it) */
    float *x;             /* the signal, task.n floats, owned */
    SlOptState opt_state;
    SlTrainRow *rows;     /* count + 1 rows */
    SlOptState *states;   /* optimizer state before each row's update */
    int count, cap;
    SlStopReason stop;
    int changed_at;       /* row of the last retask / set_t: a plateau is judged only after it */
    int none_reported;    /* the none message was produced once */
    char message[320];    /* the latest message for a person ("" when nothing to say) */
} SlTrainer;

/* Initialises *tr (caller's storage) and evaluates t0 as row 0. anneal may be NULL
 * (constant). Returns SL_ERR_ARG with tr->message naming the bad value, or
 * SL_ERR_NOMEM; on failure nothing needs freeing. Free with sl_trainer_deinit. */
SlStatus sl_trainer_init(SlTrainer *tr, const SlTaskConfig *task, const SlOptConfig *opt,
                         const SlAnneal *anneal, int max_steps);
void sl_trainer_deinit(SlTrainer *tr);

/* Applies one update from the current row and evaluates the new t as a new row.
 * Always appends a row (a none gradient appends t unchanged). Updates tr->stop. */
SlStatus sl_trainer_step(SlTrainer *tr);
/* Undoes the last step; returns 0 when already at step 0. */
int sl_trainer_back(SlTrainer *tr);
/* Back to t0 with an empty history (the task settings stay). */
SlStatus sl_trainer_reset(SlTrainer *tr);
/* Changes the task (k, w, t*, N, signal, mask; not t) and optimizer without resetting:
 * the current t is kept and re-evaluated. A new t0 only applies at the next reset. */
SlStatus sl_trainer_retask(SlTrainer *tr, const SlTaskConfig *task, const SlOptConfig *opt,
                           const SlAnneal *anneal);
/* Moves the current t (e.g. dragging a handle): re-evaluates the current row in place. */
SlStatus sl_trainer_set_t(SlTrainer *tr, float t);

/* The current row (rows[count]). */
const SlTrainRow *sl_trainer_current(const SlTrainer *tr);

#endif
