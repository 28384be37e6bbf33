/* sl_train.c — the training loop with history, step back and stop reasons.
 * Each row is computed by the fused task kernel, which a test holds bit-equal to the
 * tape; rows[count] is always the current state (see sl_train.h). */
#include "sl_train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SL_STALL_WINDOW 10       /* steps over which t must move ... */
#define SL_STALL_MOVE 1e-3f      /* ... at least this far, or training has stopped */
#define SL_CONVERGED_RADIUS 1.0f /* stopped within a sample of t*: converged */
#define SL_DIVERGED_SPAN 8.0f    /* t this many half-widths from the middle has flown off the signal */

const char *sl_stop_reason_str(SlStopReason reason)
{
    switch (reason) {
    case SL_STOP_RUNNING: return "running";
    case SL_STOP_CONVERGED: return "converged";
    case SL_STOP_DIVERGED: return "diverged";
    case SL_STOP_NO_GRADIENT: return "stalled: no gradient";
    case SL_STOP_STALLED: return "stalled: gradient vanished";
    case SL_STOP_STEP_LIMIT: return "step limit";
    }
    return "?";
}

static float step_k(const SlTrainer *tr, int step)
{
    return tr->anneal.kind == SL_ANNEAL_CONSTANT ? tr->task.k : sl_anneal_k(&tr->anneal, step);
}

static void evaluate(const SlTrainer *tr, SlTrainRow *row, int step, float t)
{
    SlTaskConfig cfg = tr->task;
    cfg.k = step_k(tr, step);
    SlTaskEval e = sl_task_eval_fast(&cfg, tr->x, t);
    row->step = step;
    row->t = t;
    row->loss = e.loss;
    row->grad = e.state == SL_GRAD_NAN ? NAN : e.grad;
    row->state = e.state;
    row->k = cfg.k;
    row->hard_loss = sl_task_hard_loss(&cfg, tr->x, t);
}

static SlStatus validate_all(SlTrainer *tr, const SlTaskConfig *task, const SlOptConfig *opt, const SlAnneal *anneal)
{
    char err[200];
    SlStatus st = sl_task_validate(task, err, sizeof err);
    if (st == SL_OK) st = sl_optim_validate(opt, err, sizeof err);
    if (st == SL_OK && anneal && anneal->kind != SL_ANNEAL_CONSTANT) {
        if ((unsigned)anneal->kind >= SL_ANNEAL_COUNT || !(isfinite(anneal->k0) && anneal->k0 > 0.0f) ||
            !(isfinite(anneal->k1) && anneal->k1 > 0.0f) || anneal->steps < 1) {
            snprintf(err, sizeof err, "annealing needs k0 > 0, k1 > 0 and steps >= 1, got k0=%g k1=%g steps=%d",
                     (double)anneal->k0, (double)anneal->k1, anneal->steps);
            st = SL_ERR_ARG;
        }
    }
    if (st != SL_OK) snprintf(tr->message, sizeof tr->message, "%s", err);
    return st;
}

static SlStatus set_signal(SlTrainer *tr, const SlTaskConfig *task)
{
    float *x = malloc((size_t)task->n * sizeof *x);
    if (!x) {
        snprintf(tr->message, sizeof tr->message, "out of memory for n = %d", task->n);
        return SL_ERR_NOMEM;
    }
    sl_signal_fill(task->signal, task->seed, task->n, x);
    free(tr->x);
    tr->x = x;
    return SL_OK;
}

static SlStatus ensure_cap(SlTrainer *tr, int rows)
{
    if (rows <= tr->cap) return SL_OK;
    int cap = tr->cap ? tr->cap * 2 : 256;
    while (cap < rows) cap *= 2;
    SlTrainRow *r = realloc(tr->rows, (size_t)cap * sizeof *r);
    if (!r) return SL_ERR_NOMEM;
    tr->rows = r;
    SlOptState *s = realloc(tr->states, (size_t)cap * sizeof *s);
    if (!s) return SL_ERR_NOMEM;
    tr->states = s;
    tr->cap = cap;
    return SL_OK;
}

SlStatus sl_trainer_init(SlTrainer *tr, const SlTaskConfig *task, const SlOptConfig *opt,
                         const SlAnneal *anneal, int max_steps)
{
    memset(tr, 0, sizeof *tr);
    SlStatus st = validate_all(tr, task, opt, anneal);
    if (st != SL_OK) return st;
    tr->task = *task;
    tr->opt = *opt;
    if (anneal) tr->anneal = *anneal;
    else tr->anneal.kind = SL_ANNEAL_CONSTANT;
    tr->max_steps = max_steps;
    st = set_signal(tr, task);
    if (st == SL_OK) st = sl_trainer_reset(tr);
    if (st != SL_OK) {
        char keep[sizeof tr->message];
        memcpy(keep, tr->message, sizeof keep);
        sl_trainer_deinit(tr);
        memcpy(tr->message, keep, sizeof keep);
    }
    return st;
}

void sl_trainer_deinit(SlTrainer *tr)
{
    free(tr->x);
    free(tr->rows);
    free(tr->states);
    memset(tr, 0, sizeof *tr);
}

SlStatus sl_trainer_reset(SlTrainer *tr)
{
    if (ensure_cap(tr, 1) != SL_OK) return SL_ERR_NOMEM;
    tr->count = 0;
    tr->changed_at = 0;
    memset(&tr->opt_state, 0, sizeof tr->opt_state);
    tr->stop = SL_STOP_RUNNING;
    tr->none_reported = 0;
    tr->message[0] = '\0';
    evaluate(tr, &tr->rows[0], 0, tr->task.t);
    return SL_OK;
}

const SlTrainRow *sl_trainer_current(const SlTrainer *tr) { return &tr->rows[tr->count]; }

/* Training has stopped moving t: over the last window it moved less than
 * SL_STALL_MOVE. (Not the loss: with a hard forward pass, as ste's, the loss stays
 * flat between samples while t still walks.) */
static int plateau(const SlTrainer *tr)
{
    if (tr->count - tr->changed_at < SL_STALL_WINDOW) return 0; /* a change restarts the window */
    return fabsf(tr->rows[tr->count].t - tr->rows[tr->count - SL_STALL_WINDOW].t) < SL_STALL_MOVE;
}

/* Diverged and no gradient first; then a plateau (converged near t*, else stalled);
 * the step limit only when nothing else explains the stop. */
static void update_stop(SlTrainer *tr, int moved_by_update)
{
    const SlTrainRow *cur = &tr->rows[tr->count];
    float half = 0.5f * (float)tr->task.n;
    int near = fabsf(cur->t - tr->task.target) <= SL_CONVERGED_RADIUS;
    if (!isfinite(cur->t) || !isfinite(cur->loss) || cur->state == SL_GRAD_NAN ||
        fabsf(cur->t - half) > SL_DIVERGED_SPAN * half) {
        tr->stop = SL_STOP_DIVERGED;
    } else if (cur->state == SL_GRAD_NONE) {
        tr->stop = SL_STOP_NO_GRADIENT;
    } else if (plateau(tr) || (!moved_by_update && tr->opt.kind == SL_OPT_SGD && cur->state == SL_GRAD_ZERO)) {
        tr->stop = near ? SL_STOP_CONVERGED : SL_STOP_STALLED;
    } else if (tr->max_steps > 0 && tr->count >= tr->max_steps) {
        tr->stop = SL_STOP_STEP_LIMIT;
    } else {
        tr->stop = SL_STOP_RUNNING;
    }
}

SlStatus sl_trainer_step(SlTrainer *tr)
{
    if (ensure_cap(tr, tr->count + 2) != SL_OK) {
        snprintf(tr->message, sizeof tr->message, "out of memory for the training history");
        return SL_ERR_NOMEM;
    }
    const SlTrainRow cur = tr->rows[tr->count];
    tr->states[tr->count] = tr->opt_state;
    float t = cur.t;
    float g = cur.grad;
    SlGradState gs = cur.state;
    if (gs == SL_GRAD_VALUE && tr->grad_threshold > 0.0f && fabsf(g) < tr->grad_threshold) {
        g = 0.0f;
        gs = SL_GRAD_ZERO;
    }
    if (gs == SL_GRAD_NONE && !tr->none_reported) {
        tr->none_reported = 1;
        snprintf(tr->message, sizeof tr->message,
                 "t has no gradient: the %s mask cuts every path from the loss to t, so the optimizer "
                 "leaves t at %g. (TensorFlow: \"Gradients do not exist for variables ['t'] when "
                 "minimizing the loss.\") Use a soft mask such as logistic or smoothstep.",
                 sl_mask_name(tr->task.mask), (double)t);
    }
    sl_optim_step(&tr->opt, &tr->opt_state, &t, g, gs);
    tr->count++;
    evaluate(tr, &tr->rows[tr->count], tr->count, t);
    update_stop(tr, t != cur.t);
    return SL_OK;
}

int sl_trainer_back(SlTrainer *tr)
{
    if (tr->count == 0) return 0;
    tr->count--;
    tr->opt_state = tr->states[tr->count];
    if (tr->changed_at > tr->count) tr->changed_at = tr->count;
    update_stop(tr, 1);
    return 1;
}

SlStatus sl_trainer_retask(SlTrainer *tr, const SlTaskConfig *task, const SlOptConfig *opt, const SlAnneal *anneal)
{
    SlStatus st = validate_all(tr, task, opt, anneal);
    if (st != SL_OK) return st;
    if (task->n != tr->task.n || task->signal != tr->task.signal || task->seed != tr->task.seed) {
        st = set_signal(tr, task);
        if (st != SL_OK) return st;
    }
    float t = tr->rows[tr->count].t;
    tr->task = *task;
    tr->opt = *opt;
    if (anneal) tr->anneal = *anneal;
    if (sl_mask_has_path(task->mask)) tr->none_reported = 0;  /* switching back to hard says it again */
    tr->changed_at = tr->count;
    evaluate(tr, &tr->rows[tr->count], tr->count, t);
    update_stop(tr, 1);
    return SL_OK;
}

SlStatus sl_trainer_set_t(SlTrainer *tr, float t)
{
    if (!isfinite(t)) {
        snprintf(tr->message, sizeof tr->message, "t must be a finite number, got %g", (double)t);
        return SL_ERR_ARG;
    }
    tr->changed_at = tr->count;
    evaluate(tr, &tr->rows[tr->count], tr->count, t);
    update_stop(tr, 1);
    return SL_OK;
}
