/* app_model_derived.c — the numbers the panels show that are derived from the trainers,
 * computed in the model's refresh and cached by what they depend on (plain C, see
 * app_model.h): the loss landscape and the hard stairs (sl_landscape, O(band) per t, so
 * any N the engine accepts draws at once), the finite differences (sl_task_fd up to
 * APP_FD_TAPE_MAX positions, sl_landscape_fd past it), the chain rule's terms and tape,
 * and once per model revision m->derived: the readout, the plots' axes, the chain rule the
 * lesson text shows, lesson 8's channel summary and the graph view's tape. */
#include "app_model.h"

#include "app_format.h"
#include "app_readout.h"
#include "sl_gradcheck.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>



/* The prefix sums follow the trainers' signal: a new N, signal or seed rebuilds them
 * (O(N), once per such change). Returns 0 when out of memory (a note says so). */
static int ensure_prefix(AppModel *m)
{
    const SlTrainer *tr = &m->tr[SL_MASK_HARD];
    double key[3] = {(double)tr->task.n, (double)tr->task.signal, (double)tr->task.seed};
    if (m->land.block && m->land_x == tr->x && memcmp(key, m->land_sig, sizeof key) == 0) return 1;
    sl_landscape_deinit(&m->land);
    m->land_valid = 0;
    m->stair_key[0] = NAN;
    if (sl_landscape_init(&m->land, tr->x, tr->task.n) != SL_OK) {
        app_model_note(m, 1, "out of memory for the loss landscape");
        return 0;
    }
    m->land_x = tr->x;
    memcpy(m->land_sig, key, sizeof key);
    return 1;
}

static int ensure_samples(AppModel *m, int count)
{
    if (count <= m->land_cap) return 1;
    float *t = realloc(m->land_t, (size_t)count * sizeof *t);
    if (!t) return 0;
    m->land_t = t;
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        float *l = realloc(m->land_loss[f], (size_t)count * sizeof *l);
        if (!l) return 0;
        m->land_loss[f] = l;
    }
    m->land_cap = count;
    return 1;
}

/* The hard landscape stair by stair: stair[j] = |sum of x_i^2 between j and the number
 * of positions below t*| / n, both ends from one running sum so the stair at t* is 0. */
static int refresh_stairs(AppModel *m, int n)
{
    float key[3] = {m->set.target, (float)m->set.signal, (float)n};
    if (m->stair && memcmp(key, m->stair_key, sizeof key) == 0) return 1;
    float *s = realloc(m->stair, ((size_t)n + 1u) * sizeof *s);
    if (!s) return 0;
    m->stair = s;
    const float *x = m->land.x;
    int below = 0;
    while (below < n && (float)below < m->set.target) below++;
    double at_target = 0.0, p = 0.0;
    for (int j = 0; j < below; j++) at_target += (double)(x[j] * x[j]);
    float mx = 0.0f;
    for (int j = 0; j <= n; j++) {
        float l = (float)fabs(p - at_target) / (float)n;
        s[j] = l;
        if (l > mx) mx = l;
        if (j < n) p += (double)(x[j] * x[j]);
    }
    m->stair_max = mx;
    memcpy(m->stair_key, key, sizeof key);
    return 1;
}

static void refresh_landscape(AppModel *m)
{
    const SlTrainer *ref = &m->tr[SL_MASK_LOGISTIC];
    float k = sl_trainer_current(ref)->k;
    float lo = app_model_t_view_lo(m), hi = app_model_t_view_hi(m);
    int n = ref->task.n;
    int stairs = n <= APP_STAIR_MAX;
    int cols = m->land_cols > 0 ? m->land_cols : 1024;
    if (!ensure_prefix(m)) return;
    float key[9] = {k, m->set.w, m->set.target, (float)m->set.signal, lo, hi, (float)n, stairs ? 0.0f : (float)cols,
                    (float)ref->task.seed};
    int stairs_fresh = !stairs || (m->stair && memcmp(m->stair_key, (float[3]){m->set.target, (float)m->set.signal,
                                                                                (float)n}, sizeof m->stair_key) == 0);
    if (m->land_valid && m->land_n == n && stairs_fresh && memcmp(key, m->land_key, sizeof key) == 0) return;

    if (stairs) {
        if (!refresh_stairs(m, n)) {
            app_model_note(m, 1, "out of memory for the loss landscape");
            return;
        }
    } else {
        free(m->stair);
        m->stair = NULL;
    }
    /* Up to APP_STAIR_MAX: the soft families at APP_LAND_SAMPLES t. Past it: one t per
     * pixel column and t* itself, where the hard landscape has its 0. */
    int count = stairs ? APP_LAND_SAMPLES : cols + 2;
    if (!ensure_samples(m, count)) {
        app_model_note(m, 1, "out of memory for the loss landscape");
        return;
    }
    int steps = stairs ? APP_LAND_SAMPLES - 1 : cols;
    count = 0;
    for (int i = 0; i <= steps; i++) {
        float t = lo + (hi - lo) * (float)i / (float)steps;
        if (!stairs && m->set.target > lo && m->set.target < t && (count == 0 || m->land_t[count - 1] < m->set.target))
            m->land_t[count++] = m->set.target;
        m->land_t[count++] = t;
    }
    m->land_count = count;
    SlTaskConfig cfg = ref->task;
    cfg.k = k;
    float mx = 0.0f;
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        int hard_forward = f == SL_MASK_HARD || f == SL_MASK_STE;
        if (hard_forward && stairs) continue;
        cfg.mask = (SlMaskKind)f;
        for (int i = 0; i < count; i++) {
            float l = hard_forward ? sl_landscape_hard_loss(&m->land, cfg.target, m->land_t[i])
                                   : sl_landscape_eval(&m->land, &cfg, m->land_t[i]).loss;
            m->land_loss[f][i] = l;
            if (isfinite(l) && l > mx) mx = l;
        }
    }
    m->soft_max = mx;
    if (stairs && m->stair_max > mx) mx = m->stair_max;
    m->land_max = mx > 0.0f ? mx : 1.0f;
    m->land_n = n;
    memcpy(m->land_key, key, sizeof key);
    m->land_valid = 1;
    m->land_version++;
    m->revision++;
}

static void refresh_fd(AppModel *m)
{
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        if (!(m->shown >> f & 1u)) continue;
        const SlTrainRow *row = sl_trainer_current(&m->tr[f]);
        if (row->t == m->fd_key[f][0] && row->k == m->fd_key[f][1]) continue;
        SlTaskConfig cfg = m->tr[f].task;
        cfg.k = row->k;
        /* The engine's two finite differences: sl_task_fd replays the task's tape (as
         * `steplab eval` does); past APP_FD_TAPE_MAX the same quotient from the
         * landscape, O(band) instead of a tape of N. */
        float fd = NAN;
        if (cfg.n > APP_FD_TAPE_MAX) {
            if (ensure_prefix(m)) fd = sl_landscape_fd(&m->land, &cfg, row->t, APP_FD_H);
        } else if (sl_task_fd(m->fd_tape, &cfg, m->tr[f].x, row->t, APP_FD_H, &fd) != SL_OK) {
            fd = NAN;
        }
        m->fd[f] = fd;
        m->fd_h[f] = sl_fd_step(row->t, APP_FD_H);
        m->fd_key[f][0] = row->t;
        m->fd_key[f][1] = row->k;
    }
}

int app_model_chain(AppModel *m, int f, SlChainTerms *out)
{
    memset(out, 0, sizeof *out);
    if (f < 0 || f >= SL_MASK_COUNT || !ensure_prefix(m)) return 0;
    const SlTrainRow *row = sl_trainer_current(&m->tr[f]);
    SlTaskConfig cfg = m->tr[f].task;
    cfg.k = row->k;
    sl_landscape_chain(&m->land, &cfg, row->t, out);
    return 1;
}

const SlTape *app_model_chain_tape(AppModel *m, int f, SlNode *mask)
{
    *mask = SL_NIL;
    if (f < 0 || f >= SL_MASK_COUNT) return NULL;
    const SlTrainRow *row = sl_trainer_current(&m->tr[f]);
    SlTaskConfig cfg = m->tr[f].task;
    cfg.k = row->k;
    /* Rebuilt only when what it records changed: at large N a tape is O(N). */
    double key[9] = {(double)f, (double)row->t, (double)cfg.k, (double)cfg.width, (double)cfg.target,
                     (double)cfg.n, (double)cfg.signal, (double)cfg.seed, (double)(uintptr_t)m->tr[f].x};
    if (m->chain_mask != SL_NIL && memcmp(key, m->chain_key, sizeof key) == 0) {
        *mask = m->chain_mask;
        return m->chain_tape;
    }
    m->chain_mask = SL_NIL;
    m->chain_gen++;
    SlNode t_node = SL_NIL;
    sl_tape_reset(m->chain_tape);
    /* At large N tensors of N (ten of them, with gradients: 800 MB at N = 10^7) would
     * cost seconds for a view that shows three elements of each: the tape then holds
     * the positions around t, where the band of non-zero gradient terms is, and the
     * caption gives the loss and gradient over all N (docs/task.md §1). */
    int len = cfg.n, lo = 0;
    if (cfg.n > APP_GRAPH_WINDOW) {
        len = APP_GRAPH_WINDOW;
        double c = isfinite(row->t) ? floor((double)row->t) - (double)(len / 2) : 0.0;
        lo = c <= 0.0 ? 0 : c >= (double)(cfg.n - len) ? cfg.n - len : (int)c;
    }
    m->chain_lo = lo;
    m->chain_len = len;
    SlNode loss = sl_task_build_window(m->chain_tape, &cfg, m->tr[f].x, row->t, lo, len, &t_node);
    if (loss == SL_NIL || sl_tape_backward(m->chain_tape, loss) != SL_OK) return NULL;
    SlNodeInfo info;
    for (int i = sl_node_count(m->chain_tape) - 1; i >= 0; i--) {
        if (sl_node_info(m->chain_tape, i, &info) == SL_OK && info.op == SL_OP_MASK) {
            *mask = i;
            break;
        }
    }
    m->chain_mask = *mask;
    memcpy(m->chain_key, key, sizeof key);
    return m->chain_tape;
}

int app_model_lead_family(const AppModel *m)
{
    static const int prefer[] = {SL_MASK_LOGISTIC, SL_MASK_SMOOTHSTEP, SL_MASK_HARDSIGMOID, SL_MASK_STE};
    SlLessonKind kind = m->lesson.kind;
    /* Lessons whose view is about elements (NaN) or channels, and the map view (many
     * runs) and the graph view, are not about the one learnable t. */
    if (m->ls.graph_on || (kind != SL_LESSON_TASK && kind != SL_LESSON_THRESHOLD) || (m->map_on && kind == SL_LESSON_TASK))
        return -1;
    for (size_t i = 0; i < sizeof prefer / sizeof prefer[0]; i++)
        if (m->shown >> prefer[i] & 1u) return prefer[i];
    return -1;
}

/* The graph view's tape: a lesson kind's own (a case, a form, channels), or the task of
 * the shown family the subject names, recorded at its t, with a caption. */
static void refresh_graph(AppModel *m)
{
    AppDerived *d = &m->derived;
    d->graph_tape = NULL;
    d->graph_caption[0] = '\0';
    if (!m->ls.graph_on) return;
    d->graph_version++;
    if (m->lesson.kind != SL_LESSON_TASK) {
        d->graph_tape = app_lesson_state_graph_tape(&m->ls, d->graph_caption, sizeof d->graph_caption);
        return;
    }
    int want = m->ls.subject, k = 0, fam = -1;
    for (int f = 0; f < SL_MASK_COUNT && fam < 0; f++)
        if (m->shown >> f & 1u) {
            if (k == want) fam = f;
            k++;
        }
    for (int f = 0; f < SL_MASK_COUNT && fam < 0; f++)
        if (m->shown >> f & 1u) fam = f;
    if (fam < 0) return;
    SlNode mask = SL_NIL;
    d->graph_tape = app_model_chain_tape(m, fam, &mask);
    const SlTrainRow *row = app_model_row(m, fam);
    if (d->graph_tape && m->chain_len < m->tr[fam].task.n) {
        /* The tape holds a window of positions: say which, and the numbers over all N. */
        char l[24], g[24];
        app_format_value((double)row->loss, 4, l, sizeof l);
        if (row->state == SL_GRAD_NONE)
            snprintf(g, sizeof g, "none");
        else
            app_format_value((double)row->grad, 4, g, sizeof g);
        snprintf(d->graph_caption, sizeof d->graph_caption,
                 "the %s mask at t = %.6g, step %d: positions %d-%d of N = %d (all N: L = %s, dL/dt = %s)",
                 sl_mask_name((SlMaskKind)fam), (double)row->t, app_model_step_count(m), m->chain_lo,
                 m->chain_lo + m->chain_len - 1, m->tr[fam].task.n, l, g);
        return;
    }
    snprintf(d->graph_caption, sizeof d->graph_caption, "the task with the %s mask at t = %.6g, step %d",
             sl_mask_name((SlMaskKind)fam), (double)row->t, app_model_step_count(m));
}

/* Everything in m->derived, for the model as it is now. */
static void refresh_derived(AppModel *m)
{
    AppDerived *d = &m->derived;
    for (int f = 0; f < SL_MASK_COUNT; f++) app_readout_family(m, f, &d->numbers[f]);
    app_readout_t_axis(m, &d->t_lo, &d->t_hi);
    d->loss_log = app_readout_loss_axis(m, &d->loss_lo, &d->loss_hi);
    d->lead = app_model_lead_family(m);
    d->chain_ok = d->lead >= 0 && app_readout_chain_rule(m, d->lead, &d->chain);
    if (!d->chain_ok) memset(&d->chain, 0, sizeof d->chain);
    for (int f = 0; f < APP_CH_FAMILIES; f++) app_readout_channels(m, f, &d->channels[f]);
    refresh_graph(m); /* last: the task's graph tape may be the one the chain rule used */
}

void app_model_refresh(AppModel *m)
{
    refresh_landscape(m);
    refresh_fd(m);
    if (m->derived.revision == m->revision && m->revision != 0) return;
    refresh_derived(m);
    m->derived.revision = m->revision;
}
