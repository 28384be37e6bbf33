/* sl_sweep.c — the sweep grid: axes, checks, one cell through SlTrainer, groups of
 * cells trained side by side (SlTrainLanes) on the SIMD kernel (sl_sweep_simd.h), and the threads that
 * share them. No stop rule lives here: every verdict is the trainer's. Threads take
 * groups from one atomic counter and look at the cancel flag between groups, so a cancel
 * is answered within one group's training. */
#define _POSIX_C_SOURCE 200809L
#include "sl_sweep.h"
#include "sl_sweep_simd.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SL_SWEEP_THREADS_MAX 64
#define SL_SWEEP_LANES_N_MAX 65536  /* longer signals train cell by cell (memory, see sl_sweep_run_lanes) */

static const char *const param_names[SL_SWEEP_PARAM_COUNT] = {"k", "lr", "w", "t0", "momentum", "k0", "k1"};

const char *sl_sweep_param_name(SlSweepParam p)
{
    return (unsigned)p < SL_SWEEP_PARAM_COUNT ? param_names[p] : "?";
}

int sl_sweep_param_parse(const char *name, SlSweepParam *out)
{
    for (int i = 0; i < SL_SWEEP_PARAM_COUNT; i++)
        if (name && strcmp(name, param_names[i]) == 0) {
            *out = (SlSweepParam)i;
            return 1;
        }
    return 0;
}

float sl_sweep_axis_value(const SlSweepAxis *a, int i)
{
    if (i <= 0 || a->count <= 1) return a->lo;
    if (i >= a->count - 1) return a->hi;
    double f = (double)i / (double)(a->count - 1);
    if (a->log_spaced) return (float)exp(log((double)a->lo) + (log((double)a->hi) - log((double)a->lo)) * f);
    return (float)((double)a->lo + ((double)a->hi - (double)a->lo) * f);
}

static void apply_value(SlSweepSetup *s, SlSweepParam p, float v)
{
    switch (p) {
    case SL_SWEEP_K: s->task.k = v; break;
    case SL_SWEEP_LR: s->opt.lr = v; break;
    case SL_SWEEP_W: s->task.width = v; break;
    case SL_SWEEP_T0: s->task.t = v; break;
    case SL_SWEEP_MOMENTUM: s->opt.momentum = v; break;
    case SL_SWEEP_K0: s->anneal.k0 = v; break;
    case SL_SWEEP_K1: s->anneal.k1 = v; break;
    case SL_SWEEP_PARAM_COUNT: break;
    }
}

void sl_sweep_cell_setup(const SlSweepSetup *s, const SlSweepAxis *ax, const SlSweepAxis *ay, int ix, int iy,
                         SlSweepSetup *out)
{
    *out = *s;
    apply_value(out, ax->param, sl_sweep_axis_value(ax, ix));
    apply_value(out, ay->param, sl_sweep_axis_value(ay, iy));
}

/* Why a parameter changes nothing for this setup, with the one that does; NULL when it matters. */
static const char *useless(const SlSweepSetup *s, SlSweepParam p, char *buf, size_t len)
{
    const char *mask = sl_mask_name(s->task.mask);
    int annealed = s->anneal.kind != SL_ANNEAL_CONSTANT;
    switch (p) {
    case SL_SWEEP_K:
    case SL_SWEEP_K0:
    case SL_SWEEP_K1:
        if (s->task.mask == SL_MASK_HARD)
            snprintf(buf, len, "%s does nothing for the hard mask (no gradient reaches t): sweep t0, or use --mask logistic",
                     param_names[p]);
        else if (!sl_mask_uses_k(s->task.mask))
            snprintf(buf, len, "%s does nothing for %s: sweep w", param_names[p], mask);
        else if (p == SL_SWEEP_K && annealed)
            snprintf(buf, len, "k does nothing with --anneal %s (k runs from k0 to k1): sweep k0 or k1",
                     sl_anneal_name(s->anneal.kind));
        else if (p != SL_SWEEP_K && !annealed)
            snprintf(buf, len, "%s does nothing without annealing: sweep k, or use --anneal linear or geometric",
                     param_names[p]);
        else
            return NULL;
        return buf;
    case SL_SWEEP_W:
        if (sl_mask_uses_width(s->task.mask)) return NULL;
        if (s->task.mask == SL_MASK_HARD)
            snprintf(buf, len, "w does nothing for the hard mask (no gradient reaches t): sweep t0, or use --mask smoothstep");
        else
            snprintf(buf, len, "w does nothing for %s: sweep %s", mask, annealed ? "k0 or k1" : "k");
        return buf;
    case SL_SWEEP_MOMENTUM:
        if (s->opt.kind == SL_OPT_MOMENTUM) return NULL;
        snprintf(buf, len, "momentum does nothing for %s: sweep lr, or use --optimizer momentum", sl_optim_name(s->opt.kind));
        return buf;
    case SL_SWEEP_LR:
    case SL_SWEEP_T0:
    case SL_SWEEP_PARAM_COUNT:
        break;
    }
    return NULL;
}

static SlStatus check_axis(const SlSweepSetup *s, const SlSweepAxis *a, const char *which, char *err, size_t err_len)
{
    if ((unsigned)a->param >= SL_SWEEP_PARAM_COUNT) {
        snprintf(err, err_len, "unknown swept parameter %d on the %s axis", (int)a->param, which);
        return SL_ERR_ARG;
    }
    const char *name = param_names[a->param];
    if (a->count < 1 || a->count > SL_SWEEP_AXIS_MAX) {
        snprintf(err, err_len, "%s axis (%s) needs a count from 1 to %d, got %d", which, name, SL_SWEEP_AXIS_MAX, a->count);
        return SL_ERR_ARG;
    }
    if (!isfinite(a->lo) || !isfinite(a->hi)) {
        snprintf(err, err_len, "%s axis (%s) needs finite ends, got %g and %g", which, name, (double)a->lo, (double)a->hi);
        return SL_ERR_ARG;
    }
    if (a->log_spaced && !(a->lo > 0.0f && a->hi > 0.0f)) {
        snprintf(err, err_len, "%s axis (%s) is log-spaced and needs ends > 0, got %g and %g", which, name,
                 (double)a->lo, (double)a->hi);
        return SL_ERR_ARG;
    }
    char why[200];
    if (useless(s, a->param, why, sizeof why)) {
        snprintf(err, err_len, "%s", why);
        return SL_ERR_ARG;
    }
    return SL_OK;
}

/* The trainer's own checks on one cell's settings. */
static SlStatus check_cell(const SlSweepSetup *c, char *err, size_t err_len)
{
    SlTrainer tr;
    SlStatus st = sl_trainer_init(&tr, &c->task, &c->opt, &c->anneal, c->steps);
    if (st != SL_OK) snprintf(err, err_len, "%.*s", (int)sizeof tr.message, tr.message);
    else sl_trainer_deinit(&tr);
    return st;
}

SlStatus sl_sweep_check(const SlSweepSetup *s, const SlSweepAxis *ax, const SlSweepAxis *ay, char *err, size_t err_len)
{
    assert(s && ax && ay && (err || err_len == 0));
    if (s->steps < 0) {
        snprintf(err, err_len, "a sweep needs steps >= 0, got %d", s->steps);
        return SL_ERR_ARG;
    }
    if (!(isfinite(s->grad_threshold) && s->grad_threshold >= 0.0f)) {
        snprintf(err, err_len, "grad-threshold must be a finite number >= 0, got %g", (double)s->grad_threshold);
        return SL_ERR_ARG;
    }
    if (check_axis(s, ax, "x", err, err_len) != SL_OK || check_axis(s, ay, "y", err, err_len) != SL_OK)
        return SL_ERR_ARG;
    if (ax->param == ay->param) {
        snprintf(err, err_len, "both axes sweep %s: choose two different parameters", param_names[ax->param]);
        return SL_ERR_ARG;
    }
    /* Spacing is monotone, so the four corners hold every axis's extremes. */
    for (int cx = 0; cx < 2; cx++)
        for (int cy = 0; cy < 2; cy++) {
            SlSweepSetup c;
            sl_sweep_cell_setup(s, ax, ay, cx ? ax->count - 1 : 0, cy ? ay->count - 1 : 0, &c);
            char why[sizeof ((SlTrainer *)0)->message];
            if (check_cell(&c, why, sizeof why) != SL_OK) {
                snprintf(err, err_len, "sweep cell %s=%g, %s=%g: %s", param_names[ax->param],
                         (double)sl_sweep_axis_value(ax, cx ? ax->count - 1 : 0), param_names[ay->param],
                         (double)sl_sweep_axis_value(ay, cy ? ay->count - 1 : 0), why);
                return SL_ERR_ARG;
            }
        }
    return SL_OK;
}

/* Follows one trainer row by row: the step from which t has stayed within
 * SL_SWEEP_SETTLE_RADIUS of t* (-1 while it is outside). The verdict and its step are the
 * trainer's own (tr->stop, tr->stop_step). */
typedef struct SlSweepWatch {
    int settle;
} SlSweepWatch;

/* The settle step after a row at (step, t) of a run towards t*, from the one before;
 * `keep` gives the one before unchanged. Integer masks, no branch: the lanes' loop
 * vectorises. */
static inline int watch_settle_or(int keep, int settle, int step, float t, float target)
{
    const unsigned inside = 0u - (unsigned)(fabsf(t - target) < SL_SWEEP_SETTLE_RADIUS);
    const unsigned outside_before = 0u - (unsigned)(settle < 0), old = (unsigned)settle;
    const unsigned kept = ((unsigned)step & outside_before) | (old & ~outside_before);
    const unsigned now = (kept & inside) | ~inside; /* -1 outside */
    const unsigned k = 0u - (unsigned)(keep != 0);
    return (int)((old & k) | (now & ~k));
}

static inline int watch_settle(int settle, int step, float t, float target)
{
    return watch_settle_or(0, settle, step, t, target);
}

static void watch_row(SlSweepWatch *w, const SlTrainer *tr)
{
    const SlTrainRow *r = sl_trainer_current(tr);
    w->settle = watch_settle(w->settle, r->step, r->t, tr->task.target);
}

static void fill_cell(SlSweepCell *out, const SlTrainer *tr, const SlSweepWatch *w, float xv, float yv)
{
    const SlTrainRow *r = sl_trainer_current(tr);
    out->x = xv;
    out->y = yv;
    out->t = r->t;
    out->loss = r->loss;
    out->hard_loss = r->hard_loss;
    out->gap = (float)sl_task_gap(r->loss, r->hard_loss);
    out->grad = r->grad;
    out->state = r->state;
    /* Every cell runs all its steps: one that is still running at the end stopped at
     * the step limit (also for a run of 0 steps). */
    out->verdict = tr->stop == SL_STOP_RUNNING ? SL_STOP_STEP_LIMIT : tr->stop;
    out->verdict_step = tr->stop == SL_STOP_RUNNING ? tr->count : tr->stop_step;
    out->settle_step = w->settle;
}

/* Steps a trainer the way `steplab train` does: every step to the step limit. */
static SlStatus run_trainer(SlTrainer *tr, int steps, SlSweepWatch *w)
{
    w->settle = -1;
    watch_row(w, tr);
    for (int s = 0; s < steps; s++) {
        SlStatus st = sl_trainer_step(tr);
        if (st != SL_OK) return st;
        watch_row(w, tr);
    }
    return SL_OK;
}

static SlStatus cell_with(SlTrainer *tr, const SlSweepSetup *c, const float *x, float xv, float yv, SlSweepCell *out)
{
    SlStatus st = sl_trainer_init(tr, &c->task, &c->opt, &c->anneal, c->steps);
    if (st != SL_OK) return st;
    tr->grad_threshold = c->grad_threshold;
    if (x != tr->x) {
        memcpy(tr->x_own, x, (size_t)c->task.n * sizeof *x); /* sl_trainer_init filled its own */
        st = sl_trainer_reset(tr);
    }
    SlSweepWatch w;
    if (st == SL_OK) st = run_trainer(tr, c->steps, &w);
    if (st == SL_OK) fill_cell(out, tr, &w, xv, yv);
    sl_trainer_deinit(tr);
    return st;
}

SlStatus sl_sweep_cell(const SlSweepSetup *s, const float *x, const SlSweepAxis *ax, const SlSweepAxis *ay,
                       int ix, int iy, SlSweepCell *out)
{
    SlSweepSetup c;
    sl_sweep_cell_setup(s, ax, ay, ix, iy, &c);
    SlTrainer tr;
    return cell_with(&tr, &c, x, sl_sweep_axis_value(ax, ix), sl_sweep_axis_value(ay, iy), out);
}

/* ---- many cells at once ----
 * A group of `lanes` consecutive cells trains side by side, lane l one cell of an
 * SlTrainLanes, which applies the optimizer and judges the verdict as SlTrainer does; the
 * evaluation of the task, the bulk of the work, runs on the SIMD kernel, lane by lane the
 * same float32 operations as the trainer's own (row 0 too). A lane whose (t, k) did not
 * change from its current row's keeps its numbers (the same inputs give the same
 * outputs), and lends the kernel another lane's (t, k) so a NaN or infinite t does not
 * slow the others; lanes past the last cell repeat it and are not written. */

typedef struct SlSweepGroup {
    SlTrainLanes ln;
    int settle[SL_TRAIN_LANES_MAX]; /* each lane's SlSweepWatch */
    float t[SL_TRAIN_LANES_MAX], k[SL_TRAIN_LANES_MAX], w[SL_TRAIN_LANES_MAX];
    float loss[SL_TRAIN_LANES_MAX], grad[SL_TRAIN_LANES_MAX], hard[SL_TRAIN_LANES_MAX]; /* at the current row's t, k */
    float in_t[SL_TRAIN_LANES_MAX], in_k[SL_TRAIN_LANES_MAX];
    float out_loss[SL_TRAIN_LANES_MAX], out_grad[SL_TRAIN_LANES_MAX], out_hard[SL_TRAIN_LANES_MAX];
    float xv[SL_TRAIN_LANES_MAX], yv[SL_TRAIN_LANES_MAX];
    int cell[SL_TRAIN_LANES_MAX];  /* where each lane's cell goes */
} SlSweepGroup;

_Static_assert(SL_SWEEP_LANES_MAX <= SL_TRAIN_LANES_MAX, "a trainer lane per kernel lane");

/* fill_cell for lane l of a group. */
static void fill_lane(SlSweepCell *out, const SlSweepGroup *g, int l)
{
    const SlTrainRow r = sl_train_lanes_row(&g->ln, l);
    const SlStopReason stop = g->ln.stop[l];
    out->x = g->xv[l];
    out->y = g->yv[l];
    out->t = r.t;
    out->loss = r.loss;
    out->hard_loss = r.hard_loss;
    out->gap = r.hard_loss - r.loss;
    out->grad = r.grad;
    out->state = r.state;
    out->verdict = stop == SL_STOP_RUNNING ? SL_STOP_STEP_LIMIT : stop;
    out->verdict_step = stop == SL_STOP_RUNNING ? r.step : g->ln.stop_step[l];
    out->settle_step = g->settle[l];
}

/* Evaluates the lanes in `fresh` (bit l: lane l; at least one) on the kernel and keeps
 * their numbers. */
static void group_eval(SlSweepGroup *g, const SlSweepKernel *kern, const SlSweepSignal *sig, SlMaskKind mask,
                       unsigned fresh)
{
    const int lanes = kern->lanes;
    if (fresh == (1u << lanes) - 1u) { /* every lane: no lending, the numbers straight where they are kept */
        kern->eval(mask, sig, g->t, g->k, g->w, g->loss, g->grad, g->hard);
        return;
    }
    const int moved = 31 - __builtin_clz(fresh);
    for (int l = 0; l < lanes; l++) {
        g->in_t[l] = fresh >> l & 1u ? g->t[l] : g->t[moved];
        g->in_k[l] = fresh >> l & 1u ? g->k[l] : g->k[moved];
    }
    kern->eval(mask, sig, g->in_t, g->in_k, g->w, g->out_loss, g->out_grad, g->out_hard);
    for (unsigned m = fresh; m; m &= m - 1) {
        const int l = __builtin_ctz(m);
        g->loss[l] = g->out_loss[l];
        g->grad[l] = g->out_grad[l];
        g->hard[l] = g->out_hard[l];
    }
}

/* bit l: lane l's bit in a mask of lanes, loaded rather than shifted so a loop over lanes vectorises */
static const unsigned lane_bit[SL_TRAIN_LANES_MAX] = {0x1u,   0x2u,   0x4u,    0x8u,    0x10u,   0x20u,   0x40u,   0x80u,
                                                      0x100u, 0x200u, 0x400u, 0x800u, 0x1000u, 0x2000u, 0x4000u, 0x8000u};
_Static_assert(SL_TRAIN_LANES_MAX == 16, "a bit per lane in lane_bit");

/* Whether a group's lanes run along the y axis (the cells of one column) rather than
 * along x. Lanes that share the steepness (k, w, k0, k1) and differ in the rest saturate
 * at nearly the same positions, so the kernel computes fewer positions in full and meets
 * fewer subnormals (about a third less time for the (k, lr) map). */
static int lanes_along_y(const SlSweepAxis *ax, const SlSweepAxis *ay)
{
    const SlSweepParam steep[] = {SL_SWEEP_K, SL_SWEEP_W, SL_SWEEP_K0, SL_SWEEP_K1};
    int x_steep = 0, y_steep = 0;
    for (size_t i = 0; i < sizeof steep / sizeof steep[0]; i++) {
        x_steep |= ax->param == steep[i];
        y_steep |= ay->param == steep[i];
    }
    return x_steep || !y_steep;
}

/* Cell c of the run's order: lanes_along_y walks the grid column by column. */
static void cell_at(const SlSweepAxis *ax, const SlSweepAxis *ay, int along_y, int c, int *ix, int *iy)
{
    *ix = along_y ? c / ay->count : c % ax->count;
    *iy = along_y ? c % ay->count : c / ax->count;
}

static SlStatus group_run(SlSweepGroup *g, const SlSweepKernel *kern, const SlSweepSignal *sig, const SlSweepSetup *s,
                          const SlSweepAxis *ax, const SlSweepAxis *ay, int first, int count, SlSweepCell *cells)
{
    const int along_y = lanes_along_y(ax, ay);
    const int lanes = kern->lanes, nx = ax->count;
    const float target = s->task.target;
    const SlMaskKind mask = s->task.mask;
    for (int l = 0; l < lanes; l++) {
        int c = first + (l < count ? l : count - 1);
        SlSweepSetup cs;
        int ix, iy;
        cell_at(ax, ay, along_y, c, &ix, &iy);
        g->cell[l] = iy * nx + ix;
        sl_sweep_cell_setup(s, ax, ay, ix, iy, &cs);
        g->xv[l] = sl_sweep_axis_value(ax, ix);
        g->yv[l] = sl_sweep_axis_value(ay, iy);
        SlStatus st = sl_train_lanes_set(&g->ln, l, &cs.task, &cs.opt, &cs.anneal, cs.steps, cs.grad_threshold, &g->t[l],
                                         &g->k[l]);
        if (st != SL_OK) return st;
        g->w[l] = cs.task.width;
        g->settle[l] = -1;
    }
    unsigned active = lanes >= 32 ? ~0u : (1u << lanes) - 1u;
    /* row 0 */
    group_eval(g, kern, sig, mask, active);
    for (int l = 0; l < lanes; l++) {
        sl_train_lanes_first(&g->ln, l, g->t[l], g->loss[l], g->grad[l], g->hard[l]);
        g->settle[l] = watch_settle(g->settle[l], g->ln.step[l], g->ln.t[l], target);
    }
    /* A lane whose trainer has settled (sl_train_lanes_settled; only a lane whose t and k
     * did not change can be) stops: its remaining rows would repeat its current one, which
     * is what its cell reports. (A lane that moved cannot have settled: the test is kept as
     * the statement of why a lane stops.) */
    for (int step = 0; step < s->steps && active; step++) {
        const unsigned moved = sl_train_lanes_advance(&g->ln, lanes, active, g->t, g->k);
        if (moved) group_eval(g, kern, sig, mask, moved);
        const unsigned settled = sl_train_lanes_record(&g->ln, lanes, active, g->t, g->k, g->loss, g->grad, g->hard);
        for (int l = 0; l < SL_TRAIN_LANES_MAX; l++) /* no branch: it vectorises */
            g->settle[l] = watch_settle_or((active & lane_bit[l]) == 0, g->settle[l], g->ln.step[l], g->ln.t[l], target);
        active &= ~(settled & ~moved);
    }
    for (int l = 0; l < count && l < lanes; l++) fill_lane(&cells[g->cell[l]], g, l);
    return SL_OK;
}

/* ---- threads ---- */

typedef struct SlSweepJob {
    const SlSweepSetup *s;
    const float *x;
    const SlSweepAxis *ax, *ay;
    const atomic_int *cancel;
    SlSweepCell *cells;
    SlSweepKernel kern;   /* lanes 1: cell by cell through sl_sweep_cell */
    SlSweepSignal sig;    /* x as the kernel reads it */
    int total;            /* cells */
    atomic_int next;      /* the first cell of the next group to take */
    atomic_int failed;    /* an SlStatus other than SL_OK, first one wins */
} SlSweepJob;

static int cancelled(const SlSweepJob *job)
{
    return job->cancel && atomic_load_explicit(job->cancel, memory_order_relaxed) != 0;
}

static void *worker(void *arg)
{
    SlSweepJob *job = arg;
    const int nx = job->ax->count, lanes = job->kern.lanes;
    SlSweepGroup *g = lanes > 1 ? calloc(1, sizeof *g) : NULL;
    SlStatus st = lanes > 1 && !g ? SL_ERR_NOMEM : SL_OK;
    while (st == SL_OK) {
        int first = atomic_fetch_add(&job->next, lanes);
        if (first >= job->total || atomic_load(&job->failed) != SL_OK) break;
        if (cancelled(job)) {
            st = SL_ERR_CANCELLED;
            break;
        }
        int count = job->total - first < lanes ? job->total - first : lanes;
        if (lanes > 1) {
            st = group_run(g, &job->kern, &job->sig, job->s, job->ax, job->ay, first, count, job->cells);
        } else {
            int ix, iy;
            cell_at(job->ax, job->ay, 0, first, &ix, &iy);
            st = sl_sweep_cell(job->s, job->x, job->ax, job->ay, ix, iy, &job->cells[iy * nx + ix]);
        }
    }
    if (st != SL_OK) {
        int ok = SL_OK;
        atomic_compare_exchange_strong(&job->failed, &ok, (int)st);
    }
    free(g);
    return NULL;
}

static int core_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (n > SL_SWEEP_THREADS_MAX ? SL_SWEEP_THREADS_MAX : (int)n);
}

SlStatus sl_sweep_run_lanes(const SlSweepSetup *s, const float *x, const SlSweepAxis *ax, const SlSweepAxis *ay,
                            int threads, int lanes, const atomic_int *cancel, SlSweepCell *cells, char *err, size_t err_len)
{
    assert(x && cells);
    SlStatus st = sl_sweep_check(s, ax, ay, err, err_len);
    if (st != SL_OK) return st;
    SlSweepKernel kern = {"scalar", 1, NULL};
    /* Each lane's trainer holds its own copy of the signal: for a long one, cell by cell. */
    if (lanes == 0 && s->task.n > SL_SWEEP_LANES_N_MAX) lanes = 1;
    if (lanes != 1 && !sl__sweep_kernel(lanes, &kern)) {
        snprintf(err, err_len, "this machine has no %d-lane sweep kernel", lanes);
        return SL_ERR_ARG;
    }
    SlSweepJob job = {s, x, ax, ay, cancel, cells, kern, {0}, ax->count * ay->count, 0, SL_OK};
    float *sq = NULL;
    if (kern.lanes > 1) {
        const size_t n_sq = 2 * (size_t)s->task.n, n_hard = s->task.n <= SL_SWEEP_HARD_TABLE_N ? (size_t)s->task.n + 1 : 0;
        sq = malloc((n_sq + n_hard) * sizeof *sq);
        if (!sq) {
            snprintf(err, err_len, "out of memory for the sweep's signal");
            return SL_ERR_NOMEM;
        }
        sl__sweep_signal_prepare(&job.sig, x, s->task.n, s->task.target, sq, sq + s->task.n, n_hard ? sq + n_sq : NULL);
    }
    int groups = (job.total + kern.lanes - 1) / kern.lanes;
    int n = threads <= 0 ? core_count() : (threads > SL_SWEEP_THREADS_MAX ? SL_SWEEP_THREADS_MAX : threads);
    if (n > groups) n = groups;
    pthread_t tid[SL_SWEEP_THREADS_MAX];
    int started = 0;
    for (int i = 1; i < n; i++) {
        if (pthread_create(&tid[started], NULL, worker, &job) != 0) break; /* fewer threads still finish the job */
        started++;
    }
    worker(&job);
    for (int i = 0; i < started; i++) pthread_join(tid[i], NULL);
    free(sq);
    st = (SlStatus)atomic_load(&job.failed);
    if (st == SL_ERR_CANCELLED) snprintf(err, err_len, "sweep cancelled");
    else if (st == SL_ERR_NOMEM) snprintf(err, err_len, "out of memory for a sweep cell's training history");
    else if (st != SL_OK) snprintf(err, err_len, "a sweep cell failed: %s", sl_status_str(st));
    return st;
}

SlStatus sl_sweep_run(const SlSweepSetup *s, const float *x, const SlSweepAxis *ax, const SlSweepAxis *ay,
                      int threads, const atomic_int *cancel, SlSweepCell *cells, char *err, size_t err_len)
{
    return sl_sweep_run_lanes(s, x, ax, ay, threads, 0, cancel, cells, err, err_len);
}

const char *sl_sweep_simd_name(void)
{
    SlSweepKernel k;
    return sl__sweep_kernel(0, &k) ? k.name : "scalar";
}
