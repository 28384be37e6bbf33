/* sl_train.c — the training loop with history, step back and verdicts.
 * Each row is computed by the fused task kernel, which a test holds bit-equal to the
 * tape; rows[count] is always the current state (see sl_train.h). Every row is judged
 * by the one rule (sl_verdict_rule.h, which sl_verdict_judge is; docs/training.md).
 * Past 600 lines on purpose: the sweep's lanes (the end of the file) step with the
 * trainer's own static pieces (row_grad, store_row's row_grad_value, judge_row), so each
 * piece is written once and read beside its vectorised use. */
#include "sl_train.h"
#include "sl_optim_rule.h"
#include "sl_verdict_rule.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The small pieces the lanes' loops call on every lane: inlined also where nothing else
 * is (a build without optimisation, the sanitizers'), where a call per lane per piece
 * would cost several times the sweep's own work. */
#if defined(__GNUC__)
#define LANE_INLINE static inline __attribute__((always_inline))
#else
#define LANE_INLINE static inline
#endif

/* The schedule spans the run: k1 at row max_steps (row 1 for a run of no steps). */
static void set_anneal(SlTrainer *tr, const SlAnneal *anneal)
{
    if (anneal) tr->anneal = *anneal;
    tr->anneal.steps = tr->max_steps > 0 ? tr->max_steps : 1;
}

static inline float anneal_k(const SlAnneal *anneal, float k, int step)
{
    return anneal->kind == SL_ANNEAL_CONSTANT ? k : sl_anneal_k(anneal, step);
}

static float step_k(const SlTrainer *tr, int step) { return anneal_k(&tr->anneal, tr->task.k, step); }

/* A row's grad: NaN for a nan gradient, whatever its payload. */
LANE_INLINE float row_grad_value(float grad, SlGradState state) { return state == SL_GRAD_NAN ? NAN : grad; }

/* Writes one row from an evaluation at (t, k): the one place a row's fields are set (the
 * lanes' field by field copy is sl_train_lanes_record, held to it by test_train). */
static void store_row(SlTrainRow *row, int step, float t, float k, SlTaskEval e, float hard_loss)
{
    row->step = step;
    row->t = t;
    row->loss = e.loss;
    row->grad = row_grad_value(e.grad, e.state);
    row->state = e.state;
    row->k = k;
    row->hard_loss = hard_loss;
}

/* The row's numbers at (t, cfg->k), the hard loss from the same pass over x (bit-equal
 * to sl_task_hard_loss). */
static SlTaskEval eval_row(const SlTrainer *tr, const SlTaskConfig *cfg, float t, float *hard_loss)
{
    return sl_task_eval_fast_hard(cfg, tr->x, t, hard_loss);
}

static void evaluate(const SlTrainer *tr, SlTrainRow *row, int step, float t)
{
    SlTaskConfig cfg = tr->task;
    cfg.k = step_k(tr, step);
    float hard_loss;
    SlTaskEval e = eval_row(tr, &cfg, t, &hard_loss);
    store_row(row, step, t, cfg.k, e, hard_loss);
}

static SlStatus validate_all(SlTrainer *tr, const SlTaskConfig *task, const SlOptConfig *opt, const SlAnneal *anneal)
{
    char err[200];
    SlStatus st = sl_task_validate(task, err, sizeof err);
    if (st == SL_OK) st = sl_optim_validate(opt, err, sizeof err);
    if (st == SL_OK && anneal && anneal->kind != SL_ANNEAL_CONSTANT) {
        if ((unsigned)anneal->kind >= SL_ANNEAL_COUNT || !(isfinite(anneal->k0) && anneal->k0 > 0.0f) ||
            !(isfinite(anneal->k1) && anneal->k1 > 0.0f)) {
            snprintf(err, sizeof err, "annealing needs finite k0 > 0 and k1 > 0, got k0=%g k1=%g",
                     (double)anneal->k0, (double)anneal->k1);
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
    free(tr->x_own);
    tr->x = tr->x_own = x;
    return SL_OK;
}

static void share_signal(SlTrainer *tr, const float *x)
{
    if (x == tr->x_own) return;
    free(tr->x_own);
    tr->x_own = NULL;
    tr->x = x;
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
    return sl_trainer_init_shared(tr, task, opt, anneal, max_steps, NULL);
}

SlStatus sl_trainer_init_shared(SlTrainer *tr, const SlTaskConfig *task, const SlOptConfig *opt,
                                const SlAnneal *anneal, int max_steps, const float *x)
{
    assert(tr && task && opt);
    memset(tr, 0, sizeof *tr);
    SlStatus st = validate_all(tr, task, opt, anneal);
    if (st != SL_OK) return st;
    tr->task = *task;
    tr->opt = *opt;
    tr->max_steps = max_steps;
    tr->anneal.kind = SL_ANNEAL_CONSTANT;
    set_anneal(tr, anneal);
    if (x)
        share_signal(tr, x);
    else
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
    free(tr->x_own);
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
    tr->stop_step = -1;
    tr->none_reported = 0;
    tr->message[0] = '\0';
    evaluate(tr, &tr->rows[0], 0, tr->task.t);
    return SL_OK;
}

const SlTrainRow *sl_trainer_current(const SlTrainer *tr) { return &tr->rows[tr->count]; }

/* The gradient the optimizer uses at a row: small ones are zeroed by the threshold. */
static inline void row_grad(const SlTrainRow *row, float threshold, float *g, SlGradState *gs)
{
    *g = row->grad;
    *gs = row->state;
    if (*gs == SL_GRAD_VALUE && threshold > 0.0f && fabsf(*g) < threshold) {
        *g = 0.0f;
        *gs = SL_GRAD_ZERO;
    }
}

static void effective_grad(const SlTrainer *tr, const SlTrainRow *row, float *g, SlGradState *gs)
{
    row_grad(row, tr->grad_threshold, g, gs);
}

/* Plain SGD is stateless: the same t and k give the same update, so one that left t
 * unchanged will leave it unchanged for ever. */
LANE_INLINE int fixed_point(int since, int sgd, float t, float prev_t, float k, float prev_k)
{
    return (since >= 1) & (sgd != 0) & (t == prev_t) & (k == prev_k);
}

/* The verdict rule at row r (step s, `since` updates after the last change), given the
 * loss where the run (re)started and the t and k of the row before (since >= 1) and t
 * SL_VERDICT_WINDOW rows before (since >= that). */
static inline SlStopReason judge_row(const SlTrainRow *r, int s, int since, int max_steps, int n, float target,
                                     float threshold, SlOptKind opt, float loss_start, float prev_t, float prev_k,
                                     float window_t)
{
    SlVerdictInput in;
    in.step = s;
    in.since = since;
    in.max_steps = max_steps;
    in.n = n;
    in.target = target;
    in.t = r->t;
    in.loss = r->loss;
    in.hard_loss = r->hard_loss;
    row_grad(r, threshold, &in.grad, &in.state);
    in.thresholded = in.state == SL_GRAD_ZERO && r->state == SL_GRAD_VALUE;
    in.loss_start = loss_start;
    in.prev_t = since >= 1 ? prev_t : NAN;
    in.window_t = since >= SL_VERDICT_WINDOW ? window_t : NAN;
    in.fixed_point = fixed_point(since, opt == SL_OPT_SGD, r->t, prev_t, r->k, prev_k);
    return sl__verdict_judge(&in);
}

/* The verdict rule at row s, from the rows since the last change. */
static SlStopReason judge(const SlTrainer *tr, int s)
{
    const int since = s - tr->changed_at;
    const SlTrainRow *p = since >= 1 ? &tr->rows[s - 1] : NULL;
    return judge_row(&tr->rows[s], s, since, tr->max_steps, tr->task.n, tr->task.target, tr->grad_threshold,
                     tr->opt.kind, tr->rows[tr->changed_at].loss, p ? p->t : NAN, p ? p->k : NAN,
                     since >= SL_VERDICT_WINDOW ? tr->rows[s - SL_VERDICT_WINDOW].t : NAN);
}

/* Sticky: the first verdict holds until reset, retask or set_t. */
static void update_stop(SlTrainer *tr)
{
    if (tr->stop != SL_STOP_RUNNING || tr->count == 0) return;
    tr->stop = judge(tr, tr->count);
    tr->stop_step = tr->stop == SL_STOP_RUNNING ? -1 : tr->count;
}

/* After a change: the verdict starts again at the current row. */
static void restart_stop(SlTrainer *tr)
{
    tr->changed_at = tr->count;
    tr->stop = SL_STOP_RUNNING;
    tr->stop_step = -1;
    update_stop(tr);
}

static inline SlStatus advance(SlTrainer *tr, float *t_next, float *k_next)
{
    if (ensure_cap(tr, tr->count + 2) != SL_OK) {
        snprintf(tr->message, sizeof tr->message, "out of memory for the training history");
        return SL_ERR_NOMEM;
    }
    const SlTrainRow cur = tr->rows[tr->count];
    tr->states[tr->count] = tr->opt_state;
    float t = cur.t;
    float g;
    SlGradState gs;
    effective_grad(tr, &cur, &g, &gs);
    if (gs == SL_GRAD_NONE && !tr->none_reported) {
        tr->none_reported = 1;
        sl_verdict_no_gradient_note(tr->message, sizeof tr->message, tr->task.mask, "t", 1, 1, t);
    }
    sl__optim_step(&tr->opt, &tr->opt_state, &t, g, gs);
    *t_next = t;
    *k_next = step_k(tr, tr->count + 1);
    return SL_OK;
}

static inline void record(SlTrainer *tr, float t, SlTaskEval e, float hard_loss)
{
    tr->count++;
    store_row(&tr->rows[tr->count], tr->count, t, step_k(tr, tr->count), e, hard_loss);
    update_stop(tr);
}

SlStatus sl_trainer_advance(SlTrainer *tr, float *t_next, float *k_next) { return advance(tr, t_next, k_next); }

void sl_trainer_record(SlTrainer *tr, float t, SlTaskEval e, float hard_loss) { record(tr, t, e, hard_loss); }

/* A float's bits. A union, not memcpy: the same code optimised, and no library call per
 * lane in a build without optimisation (the sanitizer builds). */
typedef union FloatBits {
    float f;
    uint32_t u;
} FloatBits;

LANE_INLINE uint32_t bits(float x)
{
    FloatBits b;
    b.f = x;
    return b.u;
}

LANE_INLINE int same_bits(float a, float b) { return bits(a) == bits(b); }

int sl_trainer_settled(const SlTrainer *tr)
{
    if (tr->opt.kind != SL_OPT_SGD || tr->anneal.kind != SL_ANNEAL_CONSTANT || tr->stop == SL_STOP_RUNNING ||
        tr->count < 1)
        return 0;
    const SlTrainRow *r = &tr->rows[tr->count], *p = r - 1;
    return same_bits(r->t, p->t) && same_bits(r->k, p->k);
}

SlStatus sl_trainer_step(SlTrainer *tr)
{
    assert(tr && tr->rows);
    float t, k;
    SlStatus st = sl_trainer_advance(tr, &t, &k);
    if (st != SL_OK) return st;
    SlTaskConfig cfg = tr->task;
    cfg.k = k;
    float hard_loss;
    SlTaskEval e = eval_row(tr, &cfg, t, &hard_loss);
    sl_trainer_record(tr, t, e, hard_loss);
    return SL_OK;
}

int sl_trainer_back(SlTrainer *tr)
{
    if (tr->count == 0) return 0;
    tr->count--;
    tr->opt_state = tr->states[tr->count];
    if (tr->changed_at > tr->count) tr->changed_at = tr->count;
    /* Judge the remaining rows again: the verdict is the first one they reach. */
    tr->stop = SL_STOP_RUNNING;
    tr->stop_step = -1;
    for (int s = tr->changed_at > 0 ? tr->changed_at : 1; s <= tr->count && tr->stop == SL_STOP_RUNNING; s++) {
        tr->stop = judge(tr, s);
        if (tr->stop != SL_STOP_RUNNING) tr->stop_step = s;
    }
    return 1;
}

SlStatus sl_trainer_retask(SlTrainer *tr, const SlTaskConfig *task, const SlOptConfig *opt, const SlAnneal *anneal)
{
    return sl_trainer_retask_shared(tr, task, opt, anneal, NULL);
}

SlStatus sl_trainer_retask_shared(SlTrainer *tr, const SlTaskConfig *task, const SlOptConfig *opt,
                                  const SlAnneal *anneal, const float *x)
{
    SlStatus st = validate_all(tr, task, opt, anneal);
    if (st != SL_OK) return st;
    if (x) {
        share_signal(tr, x);
    } else if (!tr->x_own || task->n != tr->task.n || task->signal != tr->task.signal || task->seed != tr->task.seed) {
        st = set_signal(tr, task);
        if (st != SL_OK) return st;
    }
    float t = tr->rows[tr->count].t;
    tr->task = *task;
    tr->opt = *opt;
    if (anneal) set_anneal(tr, anneal);
    if (sl_mask_has_path(task->mask)) tr->none_reported = 0;  /* switching back to hard says it again */
    evaluate(tr, &tr->rows[tr->count], tr->count, t);
    restart_stop(tr);
    return SL_OK;
}

SlStatus sl_trainer_restart(SlTrainer *tr, const SlTaskConfig *task, const SlOptConfig *opt, const SlAnneal *anneal)
{
    SlStatus st = validate_all(tr, task, opt, anneal);
    if (st != SL_OK) return st;
    if (!tr->x_own || task->n != tr->task.n || task->signal != tr->task.signal || task->seed != tr->task.seed) {
        st = set_signal(tr, task);
        if (st != SL_OK) return st;
    }
    tr->task = *task;
    tr->opt = *opt;
    if (anneal) set_anneal(tr, anneal);
    return sl_trainer_reset(tr);
}

SlStatus sl_trainer_set_t(SlTrainer *tr, float t)
{
    if (!isfinite(t)) {
        snprintf(tr->message, sizeof tr->message, "t must be a finite number, got %g", (double)t);
        return SL_ERR_ARG;
    }
    evaluate(tr, &tr->rows[tr->count], tr->count, t);
    restart_stop(tr);
    return SL_OK;
}

/* ---- lanes: many cells side by side, without history ----
 * The same steps as advance() and record() above, from the same pieces (row_grad,
 * sl__optim_step and its sl__optim_sgd, store_row's row_grad_value, judge_row with
 * sl__verdict_judge and the gates it is built from), for trainers that never step back,
 * retask or move t: the rows the rule reads (row 0's loss, t one and SL_VERDICT_WINDOW rows
 * back) are kept instead of the whole history. */

_Static_assert(SL_TRAIN_LANES_RING > SL_VERDICT_WINDOW && (SL_TRAIN_LANES_RING & (SL_TRAIN_LANES_RING - 1)) == 0,
               "the ring holds t back to the verdict's window");

SlStatus sl_train_lanes_set(SlTrainLanes *ln, int l, const SlTaskConfig *task, const SlOptConfig *opt,
                            const SlAnneal *anneal, int max_steps, float grad_threshold, float *t0, float *k0)
{
    assert(ln && l >= 0 && l < SL_TRAIN_LANES_MAX && task && opt);
    char err[200];
    SlStatus st = sl_task_validate(task, err, sizeof err);
    if (st == SL_OK) st = sl_optim_validate(opt, err, sizeof err);
    if (st != SL_OK) return st;
    if (anneal && anneal->kind != SL_ANNEAL_CONSTANT &&
        ((unsigned)anneal->kind >= SL_ANNEAL_COUNT || !(isfinite(anneal->k0) && anneal->k0 > 0.0f) ||
         !(isfinite(anneal->k1) && anneal->k1 > 0.0f)))
        return SL_ERR_ARG;
    ln->has_path[l] = sl_mask_has_path(task->mask);
    ln->n[l] = task->n;
    ln->target[l] = task->target;
    ln->task_k[l] = task->k;
    ln->max_steps[l] = max_steps;
    ln->threshold[l] = grad_threshold;
    ln->opt[l] = *opt;
    ln->lr[l] = opt->lr;
    ln->sgd[l] = opt->kind == SL_OPT_SGD;
    ln->anneal[l].kind = SL_ANNEAL_CONSTANT;
    if (anneal) ln->anneal[l] = *anneal;
    ln->anneal[l].steps = max_steps > 0 ? max_steps : 1; /* set_anneal */
    ln->repeats[l] = ln->sgd[l] && ln->anneal[l].kind == SL_ANNEAL_CONSTANT;
    /* row_grad leaves such a lane's gradient as it is, and anneal_k gives task k */
    ln->plain[l] = ln->repeats[l] && ln->has_path[l] && !(grad_threshold > 0.0f);
    memset(&ln->opt_state[l], 0, sizeof ln->opt_state[l]);
    for (int i = 0; i < SL_TRAIN_LANES_RING; i++) ln->hist[i][l] = 0.0f;
    *t0 = task->t;
    *k0 = anneal_k(&ln->anneal[l], task->k, 0);
    return SL_OK;
}

/* A row's gradient as sl_task_eval_fast classifies the kernel's raw sum (no branch: the
 * lanes' loops vectorise). */
LANE_INLINE SlGradState lane_state(int has_path, float grad)
{
    const SlGradState st = sl_grad_state_of(1, grad);
    return has_path ? st : SL_GRAD_NONE;
}

LANE_INLINE float lane_grad(int has_path, float grad) { return has_path ? grad : 0.0f; }

SlTrainRow sl_train_lanes_row(const SlTrainLanes *ln, int l)
{
    SlTrainRow r;
    memset(&r, 0, sizeof r);
    r.step = ln->step[l];
    r.t = ln->t[l];
    r.loss = ln->loss[l];
    r.grad = ln->grad[l];
    r.state = ln->state[l];
    r.k = ln->k[l];
    r.hard_loss = ln->hard_loss[l];
    return r;
}

void sl_train_lanes_first(SlTrainLanes *ln, int l, float t0, float loss, float grad, float hard_loss)
{
    SlTaskEval e = {loss, lane_grad(ln->has_path[l], grad), lane_state(ln->has_path[l], grad)};
    SlTrainRow r;
    store_row(&r, 0, t0, anneal_k(&ln->anneal[l], ln->task_k[l], 0), e, hard_loss);
    ln->step[l] = r.step;
    ln->t[l] = r.t;
    ln->loss[l] = r.loss;
    ln->grad[l] = r.grad;
    ln->state[l] = r.state;
    ln->k[l] = r.k;
    ln->hard_loss[l] = r.hard_loss;
    ln->prev_t[l] = ln->prev_k[l] = 0.0f;
    ln->hist[0][l] = t0;
    ln->loss_start[l] = loss;
    ln->blowup[l] = sl__verdict_blowup_level(loss);
    ln->stop[l] = SL_STOP_RUNNING;
    ln->stop_step[l] = -1;
}

/* x where the mask a is all ones, y where it is 0, bit by bit: a select the compiler keeps
 * as one (it may turn `a ? x : y` back into a branch, which stops a loop vectorising). */
LANE_INLINE uint32_t pick_bits(uint32_t a, uint32_t x, uint32_t y) { return (x & a) | (y & ~a); }

LANE_INLINE float pick(uint32_t a, float x, float y)
{
    FloatBits r;
    r.u = pick_bits(a, bits(x), bits(y));
    return r.f;
}

/* The loops below run over all lanes of a vector width (a lane past `lanes` or outside
 * `active` is computed and not kept) with no branch in their bodies, selects only, so the
 * compiler vectorises them; a lane that needs more than they do (another optimizer,
 * annealing, a threshold, the hard mask; a verdict that may be reached) gets the scalar
 * steps above for itself, lane by lane. */
#define LANES SL_TRAIN_LANES_MAX

/* bit l: lane l's bit in a mask of lanes, loaded rather than shifted so a loop over lanes vectorises */
static const unsigned lane_bit[SL_TRAIN_LANES_MAX] = {0x1u,   0x2u,   0x4u,    0x8u,    0x10u,   0x20u,   0x40u,   0x80u,
                                                      0x100u, 0x200u, 0x400u, 0x800u, 0x1000u, 0x2000u, 0x4000u, 0x8000u};
_Static_assert(SL_TRAIN_LANES_MAX == 16, "a bit per lane in lane_bit");

LANE_INLINE unsigned lanes_mask(int lanes, unsigned active)
{
    assert(lanes >= 0 && lanes <= SL_TRAIN_LANES_MAX);
    return active & (lanes >= 32 ? ~0u : (1u << lanes) - 1u);
}

/* bit l of the result, l < n: v[l] != 0 */
LANE_INLINE unsigned bits_of(const int *v, int n)
{
    unsigned m = 0;
    for (int l = 0; l < n; l++) m |= (unsigned)(v[l] != 0) << l;
    return m;
}

/* The loops run over lanes 0 .. n-1: n is a constant of each compiled path (its vector
 * width, or SL_TRAIN_LANES_MAX), at least `lanes`. */
#define LANES_FN static inline __attribute__((always_inline))

LANES_FN unsigned lanes_advance(const int n, SlTrainLanes *restrict ln, int lanes, unsigned active, float *restrict t_next,
                                float *restrict k_next)
{
    active = lanes_mask(lanes, active);
    int act[LANES];
    for (int l = 0; l < n; l++) act[l] = (active & lane_bit[l]) != 0;
    /* plain lanes: advance() with row_grad a no-op (no threshold, never none), plain SGD
     * and anneal_k = task k; the others keep their row's t and k here */
    for (int l = 0; l < n; l++) {
        const uint32_t a = 0u - (uint32_t)(act[l] & ln->plain[l]);
        t_next[l] = pick(a, sl__optim_sgd(ln->lr[l], ln->t[l], ln->grad[l]), ln->t[l]);
        k_next[l] = pick(a, ln->task_k[l], ln->k[l]);
    }
    for (unsigned other = active & ~bits_of(ln->plain, n); other; other &= other - 1) {
        const int l = __builtin_ctz(other);
        const SlTrainRow cur = sl_train_lanes_row(ln, l);
        float t = cur.t, g;
        SlGradState gs;
        row_grad(&cur, ln->threshold[l], &g, &gs);
        sl__optim_step(&ln->opt[l], &ln->opt_state[l], &t, g, gs);
        t_next[l] = t;
        k_next[l] = anneal_k(&ln->anneal[l], ln->task_k[l], cur.step + 1);
    }
    int moved[LANES];
    for (int l = 0; l < n; l++) moved[l] = (int)!same_bits(t_next[l], ln->t[l]) | (int)!same_bits(k_next[l], ln->k[l]);
    return bits_of(moved, n) & active;
}

LANES_FN unsigned lanes_settled_mask(const int n, const SlTrainLanes *ln, int lanes, unsigned among)
{
    int settled[LANES];
    for (int l = 0; l < n; l++) /* sl_train_lanes_settled, with no branch */
        settled[l] = ln->repeats[l] & (ln->stop[l] != SL_STOP_RUNNING) & (ln->step[l] >= 1) &
                     same_bits(ln->t[l], ln->prev_t[l]) & same_bits(ln->k[l], ln->prev_k[l]);
    return bits_of(settled, n) & lanes_mask(lanes, among);
}

LANES_FN unsigned lanes_record(const int n, SlTrainLanes *restrict ln, int lanes, unsigned active, const float *restrict t,
                               const float *restrict k, const float *restrict loss, const float *restrict grad,
                               const float *restrict hard_loss)
{
    active = lanes_mask(lanes, active);
    int act[LANES], judge[LANES], same[LANES];
    float window[LANES];
    for (int l = 0; l < n; l++) act[l] = (active & lane_bit[l]) != 0;
    /* t SL_VERDICT_WINDOW rows back, and the new row's t into the ring: a row of the ring
     * at once when the active lanes are at one step, as they are when stepped together */
    const int s0 = active ? ln->step[__builtin_ctz(active)] : 0;
    for (int l = 0; l < n; l++) same[l] = !act[l] | (ln->step[l] == s0);
    if (bits_of(same, n) == (1u << n) - 1u) {
        const int s = s0 + 1;
        float *restrict row = ln->hist[s & (SL_TRAIN_LANES_RING - 1)];
        const float *restrict back = ln->hist[(s - SL_VERDICT_WINDOW) & (SL_TRAIN_LANES_RING - 1)];
        for (int l = 0; l < n; l++) {
            window[l] = back[l];
            row[l] = pick(0u - (uint32_t)act[l], t[l], row[l]);
        }
    } else {
        for (int l = 0; l < n; l++) window[l] = 0.0f;
        for (unsigned m = active; m; m &= m - 1) {
            const int l = __builtin_ctz(m), s = ln->step[l] + 1;
            window[l] = ln->hist[(s - SL_VERDICT_WINDOW) & (SL_TRAIN_LANES_RING - 1)][l];
            ln->hist[s & (SL_TRAIN_LANES_RING - 1)][l] = t[l];
        }
    }
    /* record(): the row's gradient as store_row has it */
    SlGradState state[LANES];
    float row_g[LANES];
    for (int l = 0; l < n; l++) {
        state[l] = lane_state(ln->has_path[l], grad[l]);
        row_g[l] = row_grad_value(lane_grad(ln->has_path[l], grad[l]), state[l]);
    }
    /* whether the rule may reach a verdict at this row (sl__verdict_quiet fails; a lane
     * whose verdict is reached is not judged again) */
    for (int l = 0; l < n; l++) {
        const int s = ln->step[l] + 1;
        const int stopped = sl__verdict_stopped(s, fixed_point(s, ln->sgd[l], t[l], ln->t[l], k[l], ln->k[l]), t[l],
                                                window[l]);
        const int quiet = sl__verdict_quiet(sl__verdict_diverged(t[l], loss[l], state[l], ln->blowup[l]), state[l],
                                            stopped, sl__verdict_at_limit(s, ln->max_steps[l]));
        judge[l] = act[l] & (ln->stop[l] == SL_STOP_RUNNING) & !quiet;
    }
    /* store_row, field by field, for the active lanes */
    for (int l = 0; l < n; l++) {
        const uint32_t a = 0u - (uint32_t)act[l];
        const float pt = ln->t[l], pk = ln->k[l];
        ln->step[l] = (int)pick_bits(a, (uint32_t)(ln->step[l] + 1), (uint32_t)ln->step[l]);
        ln->t[l] = pick(a, t[l], pt);
        ln->k[l] = pick(a, k[l], pk);
        ln->loss[l] = pick(a, loss[l], ln->loss[l]);
        ln->grad[l] = pick(a, row_g[l], ln->grad[l]);
        ln->state[l] = (SlGradState)pick_bits(a, (uint32_t)state[l], (uint32_t)ln->state[l]);
        ln->hard_loss[l] = pick(a, hard_loss[l], ln->hard_loss[l]);
        ln->prev_t[l] = pick(a, pt, ln->prev_t[l]);
        ln->prev_k[l] = pick(a, pk, ln->prev_k[l]);
    }
    /* update_stop, with changed_at 0, where sl__verdict_quiet did not rule it out */
    for (unsigned m = bits_of(judge, n); m; m &= m - 1) {
        const int l = __builtin_ctz(m), s = ln->step[l];
        const SlTrainRow r = sl_train_lanes_row(ln, l);
        ln->stop[l] = judge_row(&r, s, s, ln->max_steps[l], ln->n[l], ln->target[l], ln->threshold[l], ln->opt[l].kind,
                                ln->loss_start[l], ln->prev_t[l], ln->prev_k[l], window[l]);
        ln->stop_step[l] = ln->stop[l] == SL_STOP_RUNNING ? -1 : s;
    }
    return lanes_settled_mask(n, ln, lanes, active);
}

/* The same loops compiled for wider vectors where the CPU has them: AVX-512 holds all
 * sixteen lanes in one register, the baseline build (SSE2 on x86-64) four. Each path is the
 * same C, the same float32 operations lane by lane; test_train holds them to each other. */
#define LANES_PATH(suffix, attr, narrow)                                                                           \
    attr static unsigned advance_##suffix(SlTrainLanes *restrict ln, int lanes, unsigned active,                  \
                                          float *restrict t_next, float *restrict k_next)                          \
    {                                                                                                              \
        if (lanes <= (narrow)) return lanes_advance(narrow, ln, lanes, active, t_next, k_next);                    \
        return lanes_advance(LANES, ln, lanes, active, t_next, k_next);                                            \
    }                                                                                                              \
    attr static unsigned record_##suffix(SlTrainLanes *restrict ln, int lanes, unsigned active,                   \
                                         const float *restrict t, const float *restrict k,                         \
                                         const float *restrict loss, const float *restrict grad,                   \
                                         const float *restrict hard_loss)                                          \
    {                                                                                                              \
        if (lanes <= (narrow)) return lanes_record(narrow, ln, lanes, active, t, k, loss, grad, hard_loss);        \
        return lanes_record(LANES, ln, lanes, active, t, k, loss, grad, hard_loss);                                \
    }

/* A path's narrow form runs over as many lanes as one of its vectors holds, for the
 * kernels that run that many (SSE2: 4, AVX2: 8). */
LANES_PATH(base, , 4)
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define LANES_X86 1
LANES_PATH(avx2, __attribute__((target("avx2"))), 8)
LANES_PATH(avx512, __attribute__((target("avx512f"))), 16)
#endif

int sl__train_lanes_path(int i, SlTrainLanesPath *out)
{
    static const SlTrainLanesPath base = {"base", advance_base, record_base};
#ifdef LANES_X86
    static const SlTrainLanesPath avx2 = {"avx2", advance_avx2, record_avx2};
    static const SlTrainLanesPath avx512 = {"avx512", advance_avx512, record_avx512};
    if (i < 0) { /* the widest this CPU runs (asked at each call: a load and a test) */
        *out = __builtin_cpu_supports("avx512f") ? avx512 : __builtin_cpu_supports("avx2") ? avx2 : base;
        return 1;
    }
    if (i == 1 && __builtin_cpu_supports("avx2")) {
        *out = avx2;
        return 1;
    }
    if (i == 2 && __builtin_cpu_supports("avx512f")) {
        *out = avx512;
        return 1;
    }
#endif
    if (i <= 0) {
        *out = base;
        return 1;
    }
    return 0;
}

unsigned sl_train_lanes_advance(SlTrainLanes *restrict ln, int lanes, unsigned active, float *restrict t_next,
                                float *restrict k_next)
{
    SlTrainLanesPath p;
    sl__train_lanes_path(-1, &p);
    return p.advance(ln, lanes, active, t_next, k_next);
}

unsigned sl_train_lanes_record(SlTrainLanes *restrict ln, int lanes, unsigned active, const float *restrict t,
                               const float *restrict k, const float *restrict loss, const float *restrict grad,
                               const float *restrict hard_loss)
{
    SlTrainLanesPath p;
    sl__train_lanes_path(-1, &p);
    return p.record(ln, lanes, active, t, k, loss, grad, hard_loss);
}

int sl_train_lanes_settled(const SlTrainLanes *ln, int l) { return lanes_settled_mask(LANES, ln, l + 1, 1u << l) != 0; }
