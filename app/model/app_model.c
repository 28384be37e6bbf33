/* app_model.c — the trainers behind the window and the controls that edit them
 * (plain C, see app_model.h). Every number comes from the engine's trainers; what the
 * panels derive from them (landscape, finite differences, chain rule) is computed in
 * app_model_derived.c. */
#include "app_model.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_csv.h"
#include "app_escape.h"
#include "app_export.h"
#include "app_par.h"
#include "sl_settings.h"

#define ALL_FAMILIES ((1u << SL_MASK_COUNT) - 1u)

void app_model_note(AppModel *m, int is_error, const char *fmt, ...)
{
    char raw[sizeof m->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    app_escape_line(raw, m->message, sizeof m->message); /* a file name cannot break the note's line */
    m->message_error = is_error;
    m->message_stop = 0;
    m->revision++;
}

static void note_stop_reasons(AppModel *m);
static void view_update(AppModel *m);

/* After t or a setting moved: a stop note must still be true. It is written again for
 * the reasons that hold now, or goes once a family can train again. */
static void renew_stop_note(AppModel *m)
{
    if (!m->message_stop || !m->message[0]) {
        m->message_stop = 0; /* the note was cleared meanwhile */
        return;
    }
    if (app_model_step_count(m) > 0 && app_model_all_stopped(m)) {
        note_stop_reasons(m);
        return;
    }
    m->message[0] = '\0';
    m->message_stop = 0;
    m->revision++;
}

static void make_configs(const AppModel *m, SlTaskConfig *task, SlOptConfig *opt, SlAnneal *anneal)
{
    *task = m->lesson.task;
    task->k = m->set.k;
    task->width = m->set.w;
    task->t = m->set.t0;
    task->target = m->set.target;
    task->n = m->set.n;
    task->signal = m->set.signal;

    if (m->set.opt == m->lesson.opt.kind) {
        *opt = m->lesson.opt;
        opt->lr = m->set.lr;
    } else {
        sl_optim_default(opt, m->set.opt, m->set.lr);
    }

    const SlAnneal *la = &m->lesson.anneal;
    anneal->kind = m->set.anneal;
    anneal->k0 = m->set.k;
    if (m->set.k1 > 0.0f)
        anneal->k1 = m->set.k1;
    else if (la->kind != SL_ANNEAL_CONSTANT && la->k1 > 0.0f)
        anneal->k1 = la->k1;
    else
        anneal->k1 = fminf(m->set.k * 32.0f, 64.0f);
    anneal->steps = m->max_steps; /* the window's step limit: k1 at its last step (docs/training.md) */
}

void app_model_configs(const AppModel *m, SlTaskConfig *task, SlOptConfig *opt, SlAnneal *anneal)
{
    make_configs(m, task, opt, anneal);
}

/* What the five trainers do together. Each family's call is O(N) and independent of
 * the others, so from APP_PAR_MIN_N positions they run on both cores (app_par.h);
 * statuses land per family and are read in family order, as one loop would. */
typedef enum FamOp { FAM_INIT, FAM_RETASK, FAM_RETASK_RESET, FAM_STEP, FAM_RESET, FAM_SET_T } FamOp;

typedef struct FamJob {
    AppModel *m;
    FamOp op;
    SlTaskConfig task;
    SlOptConfig opt;
    SlAnneal anneal;
    const float *x;       /* FAM_INIT, FAM_RETASK*: the shared signal (NULL: unchanged) */
    float t;
    int only;             /* FAM_SET_T: the one family to move, or -1 for all */
    SlStatus st[SL_MASK_COUNT];
} FamJob;

static void fam_one(int f, void *arg)
{
    FamJob *j = arg;
    SlTrainer *tr = &j->m->tr[f];
    SlTaskConfig task = j->task;
    task.mask = (SlMaskKind)f;
    SlStatus st = SL_OK;
    switch (j->op) {
    case FAM_INIT: st = sl_trainer_init_shared(tr, &task, &j->opt, &j->anneal, j->m->max_steps, j->x); break;
    case FAM_RETASK:
    case FAM_RETASK_RESET:
        st = sl_trainer_retask_shared(tr, &task, &j->opt, &j->anneal, j->x ? j->x : tr->x);
        if (st == SL_OK && j->op == FAM_RETASK_RESET) st = sl_trainer_reset(tr);
        break;
    case FAM_STEP: st = sl_trainer_step(tr); break;
    case FAM_RESET: st = sl_trainer_reset(tr); break;
    case FAM_SET_T:
        if (j->only < 0 || j->only == f) st = sl_trainer_set_t(tr, j->t);
        break;
    }
    j->st[f] = st;
}

/* The signal the five trainers share (one O(N) fill and N floats, not five), made
 * anew for task's N, signal and seed. The former one stays in signal_old until no
 * trainer reads it. Returns NULL when out of memory. */
static float *new_signal(AppModel *m, const SlTaskConfig *task)
{
    float *x = malloc((size_t)task->n * sizeof *x);
    if (!x) return NULL;
    sl_signal_fill(task->signal, task->seed, task->n, x);
    free(m->signal_old);
    m->signal_old = m->signal;
    m->signal = x;
    return x;
}

static void drop_old_signal(AppModel *m)
{
    for (int f = 0; f < SL_MASK_COUNT; f++)
        if (m->signal_old && m->tr[f].x == m->signal_old) return;
    free(m->signal_old);
    m->signal_old = NULL;
}

static void fam_run(AppModel *m, FamJob *j, int n)
{
    j->m = m;
    app_par_run(SL_MASK_COUNT, n >= APP_PAR_MIN_N, fam_one, j);
}

SlStatus app_model_init(AppModel *m, const SlLesson *lesson, char *err, size_t err_len)
{
    memset(m, 0, sizeof *m);
    m->lesson = *lesson;
    m->set.k = lesson->anneal.kind != SL_ANNEAL_CONSTANT && lesson->anneal.k0 > 0.0f ? lesson->anneal.k0
                                                                                     : lesson->task.k;
    m->set.w = lesson->task.width;
    m->set.lr = lesson->opt.lr;
    m->set.t0 = m->want_t0 = lesson->task.t;
    m->set.target = m->want_target = lesson->task.target;
    m->set.n = lesson->task.n;
    m->set.opt = lesson->opt.kind;
    m->set.anneal = lesson->anneal.kind;
    m->set.signal = lesson->task.signal;
    m->max_steps = lesson->steps; /* 0: the lesson shows its start and does not train */
    m->map_on = lesson->show_map && lesson->kind == SL_LESSON_TASK;
    m->shown = lesson->families & ALL_FAMILIES;
    if (!m->shown) m->shown = (1u << SL_MASK_HARD) | (1u << SL_MASK_LOGISTIC) | (1u << SL_MASK_SMOOTHSTEP);

    m->fd_tape = sl_tape_create();
    m->chain_tape = sl_tape_create();
    if (!m->fd_tape || !m->chain_tape) {
        snprintf(err, err_len, "out of memory setting up the lesson");
        app_model_deinit(m);
        return SL_ERR_NOMEM;
    }
    m->land_n = m->set.n;
    m->view_lo = 0.0f;
    m->view_hi = (float)m->set.n;

    FamJob job;
    job.op = FAM_INIT;
    make_configs(m, &job.task, &job.opt, &job.anneal);
    SlStatus vst = sl_task_validate(&job.task, err, err_len);
    job.x = vst == SL_OK ? new_signal(m, &job.task) : NULL;
    if (!job.x) {
        if (vst == SL_OK) snprintf(err, err_len, "out of memory for n = %d", job.task.n);
        app_model_deinit(m);
        return vst == SL_OK ? SL_ERR_NOMEM : vst;
    }
    fam_run(m, &job, job.task.n);
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        SlStatus st = job.st[f];
        if (st != SL_OK) {
            snprintf(err, err_len, "%s", m->tr[f].message[0] ? m->tr[f].message : sl_status_str(st));
            for (int g = 0; g < SL_MASK_COUNT; g++)
                if (job.st[g] == SL_OK) sl_trainer_deinit(&m->tr[g]);
            memset(m->tr, 0, sizeof m->tr);
            app_model_deinit(m);
            return st;
        }
    }
    for (int f = 0; f < SL_MASK_COUNT; f++) m->fd_key[f][0] = NAN;
    m->chain_mask = SL_NIL;
    m->stair_key[0] = NAN;
    SlStatus lst = app_lesson_state_init(&m->ls, lesson, err, err_len);
    if (lst != SL_OK) {
        app_model_deinit(m);
        return lst;
    }
    view_update(m);
    m->revision = 1;
    return SL_OK;
}

void app_model_deinit(AppModel *m)
{
    for (int f = 0; f < SL_MASK_COUNT; f++)
        if (m->tr[f].rows) sl_trainer_deinit(&m->tr[f]);
    if (m->ls.tape) app_lesson_state_deinit(&m->ls);
    sl_tape_destroy(m->fd_tape);
    sl_tape_destroy(m->chain_tape);
    free(m->stair);
    free(m->land_t);
    for (int f = 0; f < SL_MASK_COUNT; f++) free(m->land_loss[f]);
    sl_landscape_deinit(&m->land);
    free(m->signal);
    free(m->signal_old);
    memset(m, 0, sizeof *m);
}

/* Pushes the settings into every trainer; reset_start also moves t back to t0 (used
 * while nothing has been trained yet, so a new t0 shows at once). */
static int retask_all(AppModel *m, int reset_start)
{
    FamJob job;
    char err[256];
    make_configs(m, &job.task, &job.opt, &job.anneal);
    if (sl_task_validate(&job.task, err, sizeof err) != SL_OK || sl_optim_validate(&job.opt, err, sizeof err) != SL_OK) {
        app_model_note(m, 1, "%s", err);
        return 0;
    }
    int ok = 1;
    job.op = reset_start ? FAM_RETASK_RESET : FAM_RETASK;
    const SlTaskConfig *was = &m->tr[0].task;
    job.x = NULL;
    if (job.task.n != was->n || job.task.signal != was->signal || job.task.seed != was->seed) {
        job.x = new_signal(m, &job.task);
        if (!job.x) {
            app_model_note(m, 1, "out of memory for n = %d", job.task.n);
            return 0;
        }
    }
    fam_run(m, &job, job.task.n > m->tr[0].task.n ? job.task.n : m->tr[0].task.n);
    drop_old_signal(m);
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        SlStatus st = job.st[f];
        if (st != SL_OK && ok) {
            app_model_note(m, 1, "%s", m->tr[f].message[0] ? m->tr[f].message : sl_status_str(st));
            ok = 0;
        }
    }
    app_lesson_state_retask(&m->ls, m->set.k, m->set.lr);
    /* The task changed (t*, w, N, ...): every finite difference is stale, not only
     * those whose t or k moved. */
    for (int f = 0; f < SL_MASK_COUNT; f++) m->fd_key[f][0] = NAN;
    m->revision++;
    return ok;
}

int app_model_step_count(const AppModel *m)
{
    int n = 0;
    for (int f = 0; f < SL_MASK_COUNT; f++)
        if (m->tr[f].count > n) n = m->tr[f].count;
    return n;
}

int app_model_all_stopped(const AppModel *m)
{
    for (int f = 0; f < SL_MASK_COUNT; f++)
        if ((m->shown >> f & 1u) && m->tr[f].stop == SL_STOP_RUNNING) return 0;
    return !app_lesson_state_running(&m->ls);
}

int app_model_trains(const AppModel *m)
{
    return m->lesson.kind != SL_LESSON_NAN;
}

int app_model_ctrl_applies(const AppModel *m, int ctrl)
{
    if (ctrl == APP_CTRL_SHOT || ctrl == APP_CTRL_HELP) return 1;
    switch (m->lesson.kind) {
    case SL_LESSON_NAN: return 0;
    case SL_LESSON_CHANNELS:
        return ctrl == APP_CTRL_K || ctrl == APP_CTRL_LR || (ctrl >= APP_CTRL_PLAY && ctrl <= APP_CTRL_RESET);
    case SL_LESSON_TASK:
    case SL_LESSON_THRESHOLD:
    case SL_LESSON_KIND_COUNT: break;
    }
    return ctrl >= 0 && ctrl < APP_CTRL_COUNT;
}

int app_model_step(AppModel *m)
{
    int ok = 1;
    if (!app_model_trains(m)) return 0;
    /* The step limit holds for Step as for Play: the counter never passes it. */
    if (app_model_step_count(m) >= m->max_steps) {
        app_model_note(m, 0, "Step %d is the limit of this lesson: r starts again.", m->max_steps);
        return 0;
    }
    FamJob job;
    job.op = FAM_STEP;
    fam_run(m, &job, m->tr[0].task.n);
    for (int f = 0; f < SL_MASK_COUNT; f++) {
        SlStatus st = job.st[f];
        if (st != SL_OK && ok) {
            app_model_note(m, 1, "%s: %s", sl_mask_name((SlMaskKind)f),
                           m->tr[f].message[0] ? m->tr[f].message : sl_status_str(st));
            ok = 0;
        }
    }
    char err[320];
    if (ok && app_lesson_state_step(&m->ls, err, sizeof err) != SL_OK) {
        app_model_note(m, 1, "%s", err);
        ok = 0;
    }
    view_update(m);
    m->revision++;
    return ok;
}

int app_model_back(AppModel *m)
{
    int top = app_model_step_count(m), any = 0;
    m->playing = 0;
    /* The lesson's own objects keep a bounded history: when theirs is used up, nothing
     * steps back, so every panel stays at one step. */
    if (m->ls.step > 0) {
        if (!app_lesson_state_back(&m->ls)) {
            app_model_note(m, 0, "Step %d is the oldest step kept: Back stops here.", m->ls.step);
            m->revision++;
            return 0;
        }
        any = 1;
    }
    for (int f = 0; f < SL_MASK_COUNT; f++)
        if (top > 0 && m->tr[f].count == top) any |= sl_trainer_back(&m->tr[f]);
    m->revision++;
    renew_stop_note(m);
    return any;
}

void app_model_reset(AppModel *m)
{
    m->playing = 0;
    FamJob job;
    job.op = FAM_RESET;
    fam_run(m, &job, m->tr[0].task.n);
    app_lesson_state_reset(&m->ls);
    m->view_lo = 0.0f;
    m->view_hi = (float)m->set.n;
    view_update(m); /* a t0 below 0 stays on the axes */
    m->message[0] = '\0';
    m->message_error = 0;
    m->revision++;
}

const char *app_model_stop_word(SlStopReason why, int steps)
{
    if (why == SL_STOP_RUNNING) return steps ? "running" : "ready";
    return sl_stop_reason_short(why); /* the engine's verdict words (docs/training.md) */
}

static void append(char *buf, size_t n, const char *s)
{
    size_t l = strlen(buf);
    if (l + 1 < n) snprintf(buf + l, n - l, "%s", s);
}

/* One short line for the status block: "every family, step limit", or the smaller
 * groups by name and the largest as "the others" ("hard: no gradient; the others:
 * converged"). */
static void note_stop_reasons(AppModel *m)
{
    enum { REASONS = SL_STOP_STEP_LIMIT + 1 };
    int count[REASONS] = {0}, big = 0;
    for (int f = 0; f < SL_MASK_COUNT; f++)
        if (m->shown >> f & 1u && (int)m->tr[f].stop < REASONS) count[m->tr[f].stop]++;
    for (int r = 1; r < REASONS; r++)
        if (count[r] > count[big]) big = r;
    int total = app_model_shown_count(m), step = app_model_step_count(m);
    if (count[big] == total && total > 1) {
        app_model_note(m, 0, "Stopped at step %d: every family, %s.", step, app_model_stop_word((SlStopReason)big, 1));
        m->message_stop = 1;
        return;
    }
    char buf[256] = "";
    for (int r = 0; r < REASONS; r++) {
        if (!count[r] || (r == big && count[big] > 1)) continue;
        if (buf[0]) append(buf, sizeof buf, "; ");
        for (int f = 0, first = 1; f < SL_MASK_COUNT; f++) {
            if (!(m->shown >> f & 1u) || (int)m->tr[f].stop != r) continue;
            if (!first) append(buf, sizeof buf, ", ");
            append(buf, sizeof buf, sl_mask_name((SlMaskKind)f));
            first = 0;
        }
        append(buf, sizeof buf, ": ");
        append(buf, sizeof buf, app_model_stop_word((SlStopReason)r, 1));
    }
    if (count[big] > 1) {
        append(buf, sizeof buf, "; the others: ");
        append(buf, sizeof buf, app_model_stop_word((SlStopReason)big, 1));
    }
    app_model_note(m, 0, "Stopped at step %d \xe2\x80\x94 %s.", step, buf);
    m->message_stop = 1;
}

int app_model_update(AppModel *m)
{
    if (!m->playing) return 0;
    if (!app_model_step(m)) {
        m->playing = 0;
        return 1;
    }
    if (app_model_all_stopped(m)) {
        m->playing = 0;
        note_stop_reasons(m);
    }
    return 1;
}

void app_model_set_playing(AppModel *m, int playing)
{
    if (playing && app_model_trains(m) && app_model_step_count(m) > 0 && app_model_all_stopped(m)) {
        /* Every family has stopped: a step would change nothing and the stop note would
         * go stale. Say so again, with the way on. */
        m->playing = 0;
        note_stop_reasons(m);
        append(m->message, sizeof m->message, " r starts again.");
        m->message_stop = 1;
        m->revision++;
        return;
    }
    m->playing = playing != 0 && app_model_trains(m);
    if (m->playing && m->message[0] && !m->message_error) m->message[0] = '\0';
    m->revision++;
}

float app_model_t_min(const AppModel *m)
{
    return -2.0f * (float)m->set.n;
}

/* Widens the sticky t-axis range to take in v (within [-2N, 3N]). */
static void view_take(AppModel *m, float v)
{
    float n = (float)m->set.n, lo = -2.0f * n, hi = 3.0f * n;
    if (!isfinite(v)) return;
    if (v < lo) v = lo;
    if (v > hi) v = hi;
    /* A little room past the point, so its marker is not on the frame. */
    if (v < m->view_lo) m->view_lo = fmaxf(lo, v - 0.04f * (n - v));
    if (v > m->view_hi) m->view_hi = fminf(hi, v + 0.04f * (v - 0.0f));
}

static void view_update(AppModel *m)
{
    float lo = m->view_lo, hi = m->view_hi;
    view_take(m, m->set.t0);
    view_take(m, m->set.target);
    for (int f = 0; f < SL_MASK_COUNT; f++)
        if (m->shown >> f & 1u) view_take(m, sl_trainer_current(&m->tr[f])->t);
    if (lo != m->view_lo || hi != m->view_hi) m->revision++;
}

float app_model_t_view_lo(const AppModel *m)
{
    return m->view_lo;
}

float app_model_t_view_hi(const AppModel *m)
{
    return m->view_hi;
}

int app_model_t_off_view(const AppModel *m, int f)
{
    float t = app_model_row(m, f)->t;
    return !isfinite(t) || t < m->view_lo || t > m->view_hi;
}

void app_model_set_t(AppModel *m, float t)
{
    app_model_set_t_family(m, -1, t);
}

void app_model_set_t_family(AppModel *m, int only, float t)
{
    if (!isfinite(t)) return;
    float lo = app_model_t_min(m), hi = (float)m->set.n;
    t = t < lo ? lo : t > hi ? hi : t;
    if (app_model_step_count(m) == 0 && t != m->set.t0) {
        /* Before training, where t is put is where training starts. */
        m->set.t0 = m->want_t0 = t;
        retask_all(m, 0);
    }
    int all = only < 0 || only >= SL_MASK_COUNT || app_model_step_count(m) == 0;
    FamJob job;
    job.op = FAM_SET_T;
    job.t = t;
    job.only = all ? -1 : only;
    fam_run(m, &job, m->tr[0].task.n);
    view_update(m);
    m->revision++;
    renew_stop_note(m);
}

const char *app_model_family_word(const AppModel *m, int f)
{
    const SlTrainer *tr = &m->tr[f];
    if (tr->stop != SL_STOP_RUNNING) return app_model_stop_word(tr->stop, tr->count);
    if (tr->count == 0) return "ready";
    /* Not stopped, but not playing either (a drag cleared the stop): the header says
     * "paused", so does the row. */
    return m->playing ? "running" : "paused";
}

int app_model_shown_count(const AppModel *m)
{
    int n = 0;
    for (int f = 0; f < SL_MASK_COUNT; f++) n += (int)(m->shown >> f & 1u);
    return n;
}

int app_model_toggle_family(AppModel *m, int f)
{
    if (f < 0 || f >= SL_MASK_COUNT) return 0;
    unsigned bit = 1u << f;
    if ((m->shown & bit) && app_model_shown_count(m) == 1) {
        app_model_note(m, 0, "%s is the only family shown; show another one first", sl_mask_name((SlMaskKind)f));
        return 0;
    }
    m->shown ^= bit;
    m->revision++;
    renew_stop_note(m);
    return 1;
}

AppSliderSpec app_model_slider_spec(const AppModel *m, int ctrl)
{
    float n = (float)m->set.n;
    AppSliderSpec s = {"?", "", 0.0f, 1.0f, 0, 0};
    switch (ctrl) {
    case APP_CTRL_K: s = (AppSliderSpec){"k", "steepness", 0.05f, 64.0f, 1, 0}; break;
    case APP_CTRL_W: s = (AppSliderSpec){"w", "band width", 0.25f, 32.0f, 1, 0}; break;
    case APP_CTRL_LR: s = (AppSliderSpec){"lr", "learning rate", 0.001f, 100.0f, 1, 0}; break;
    case APP_CTRL_T0: s = (AppSliderSpec){"t0", "start of t", app_model_t_min(m), n, 0, 0}; break;
    case APP_CTRL_TARGET: s = (AppSliderSpec){"t*", "true step", 0.0f, n, 0, 0}; break;
    case APP_CTRL_N:
        s = (AppSliderSpec){"N", "positions", 4.0f, (float)(m->set.n > APP_N_MAX ? m->set.n : APP_N_MAX), 1, 1};
        break;
    default: break;
    }
    return s;
}

float app_model_slider_value(const AppModel *m, int ctrl)
{
    switch (ctrl) {
    case APP_CTRL_K: return m->set.k;
    case APP_CTRL_W: return m->set.w;
    case APP_CTRL_LR: return m->set.lr;
    case APP_CTRL_T0: return m->set.t0;
    case APP_CTRL_TARGET: return m->set.target;
    case APP_CTRL_N: return (float)m->set.n;
    default: return 0.0f;
    }
}

int app_model_set_slider(AppModel *m, int ctrl, float value)
{
    AppSliderSpec s = app_model_slider_spec(m, ctrl);
    float v = app_slider_clamp(&s, value);
    AppSettings old = m->set;
    switch (ctrl) {
    case APP_CTRL_K: m->set.k = v; break;
    case APP_CTRL_W: m->set.w = v; break;
    case APP_CTRL_LR: m->set.lr = v; break;
    case APP_CTRL_T0: m->set.t0 = m->want_t0 = v; break;
    case APP_CTRL_TARGET: m->set.target = m->want_target = v; break;
    case APP_CTRL_N:
        /* t0 and t* follow the user's values, clamped into the new range only for as
         * long as N is too small for them: N back, they are back. */
        m->set.n = (int)v;
        m->set.t0 = fminf(fmaxf(m->want_t0, -2.0f * v), v);
        m->set.target = fminf(fmaxf(m->want_target, 0.0f), v);
        break;
    default: return 0;
    }
    if (memcmp(&old, &m->set, sizeof old) == 0) return 1;
    int at_start = app_model_step_count(m) == 0;
    if (!retask_all(m, (ctrl == APP_CTRL_T0 || ctrl == APP_CTRL_N) && at_start)) {
        m->set = old;
        retask_all(m, 0);
        return 0;
    }
    if (ctrl == APP_CTRL_N) {
        /* A new N: the t axes start again from [0, N]. */
        m->view_lo = 0.0f;
        m->view_hi = (float)m->set.n;
    }
    view_update(m);
    if (ctrl == APP_CTRL_T0 && !at_start)
        app_model_note(m, 0, "t0 = %.4g applies at the next reset (r)", (double)m->set.t0);
    renew_stop_note(m);
    return 1;
}

void app_model_steepness(AppModel *m, int dir)
{
    AppSliderSpec sk = app_model_slider_spec(m, APP_CTRL_K), sw = app_model_slider_spec(m, APP_CTRL_W);
    AppSettings old = m->set;
    m->set.k = app_slider_clamp(&sk, dir > 0 ? m->set.k * 2.0f : m->set.k * 0.5f);
    m->set.w = app_slider_clamp(&sw, dir > 0 ? m->set.w * 0.5f : m->set.w * 2.0f);
    if (!retask_all(m, 0)) {
        m->set = old;
        retask_all(m, 0);
    }
    renew_stop_note(m);
}

void app_model_lr(AppModel *m, int dir)
{
    app_model_set_slider(m, APP_CTRL_LR, dir > 0 ? m->set.lr * 2.0f : m->set.lr * 0.5f);
}

void app_model_cycle_optimizer(AppModel *m)
{
    m->set.opt = (SlOptKind)((m->set.opt + 1) % SL_OPT_COUNT);
    retask_all(m, 0);
    if (m->set.opt == SL_OPT_ADAM && m->set.lr > 2.0f)
        app_model_note(m, 0, "optimizer: adam — it moves t by about lr = %.3g per step; try lr 0.5",
                       (double)m->set.lr);
    else
        app_model_note(m, 0, "optimizer: %s", sl_optim_name(m->set.opt));
}

void app_model_cycle_anneal(AppModel *m)
{
    m->set.anneal = (SlAnnealKind)((m->set.anneal + 1) % SL_ANNEAL_COUNT);
    retask_all(m, 0);
    SlTaskConfig task;
    SlOptConfig opt;
    SlAnneal an;
    make_configs(m, &task, &opt, &an);
    if (m->set.anneal == SL_ANNEAL_CONSTANT)
        app_model_note(m, 0, "annealing off: k stays %.3g", (double)m->set.k);
    else
        app_model_note(m, 0, "annealing %s: k from %.3g to %.3g over %d steps", sl_anneal_name(an.kind),
                       (double)an.k0, (double)an.k1, an.steps);
}

SlAnneal app_model_anneal(const AppModel *m)
{
    SlTaskConfig task;
    SlOptConfig opt;
    SlAnneal an;
    make_configs(m, &task, &opt, &an);
    return an;
}

int app_model_set_k1(AppModel *m, float k1)
{
    if (!(k1 > 0.0f) || !isfinite(k1)) {
        app_model_note(m, 1, "k1 must be a finite number > 0, got %g", (double)k1);
        return 0;
    }
    float old = m->set.k1;
    m->set.k1 = k1;
    if (!retask_all(m, 0)) {
        m->set.k1 = old;
        retask_all(m, 0);
        return 0;
    }
    SlAnneal an = app_model_anneal(m);
    app_model_note(m, 0, "annealing ends at k1 = %g (step %d)%s", (double)an.k1, an.steps,
                   m->set.anneal == SL_ANNEAL_CONSTANT ? "; a turns annealing on" : "");
    return 1;
}

/* The run's length is annealing's length too: k reaches k1 at the last step
 * (docs/training.md), so one number sets both. */
static void set_max_steps(AppModel *m, int steps)
{
    m->max_steps = steps;
    for (int f = 0; f < SL_MASK_COUNT; f++) m->tr[f].max_steps = steps;
    m->ls.max_steps = steps;
    for (int g = 0; g < APP_GT_COUNT; g++)
        if (m->ls.gt[g].rows) m->ls.gt[g].max_steps = steps;
}

int app_model_set_run_steps(AppModel *m, int steps)
{
    const SlSetting *row = sl_setting_by_key("steps"); /* the lesson key's range, as a file and --steps have it */
    if (steps < (int)row->lo || steps > (int)row->hi) {
        char range[96];
        sl_setting_range_text(row, range, sizeof range);
        app_model_note(m, 1, "the run's length in steps must be %s, got %d", range, steps);
        return 0;
    }
    int old = m->max_steps;
    set_max_steps(m, steps);
    if (!retask_all(m, 0)) {
        set_max_steps(m, old);
        retask_all(m, 0);
        return 0;
    }
    SlAnneal an = app_model_anneal(m);
    if (m->set.anneal == SL_ANNEAL_CONSTANT)
        app_model_note(m, 0, "the run is %d steps long (with annealing on, k reaches k1 = %g at its last step)", steps,
                       (double)an.k1);
    else
        app_model_note(m, 0, "the run is %d steps: k goes from %g to %g at its last step", steps, (double)an.k0,
                       (double)an.k1);
    return 1;
}

int app_model_set_grad_level(AppModel *m, float level)
{
    if (m->lesson.kind != SL_LESSON_THRESHOLD) {
        app_model_note(m, 0, "gradient thresholding is lesson 7's: this lesson has no thresholded run");
        return 0;
    }
    if (!(level >= 0.0f) || !isfinite(level)) {
        app_model_note(m, 1, "the gradient-threshold level must be a finite number >= 0, got %g", (double)level);
        return 0;
    }
    app_lesson_state_set_grad_level(&m->ls, level);
    m->revision++;
    app_model_note(m, 0, "gradient thresholding: |g| < %g is set to 0 before each update", (double)level);
    return 1;
}

int app_model_reset_lesson(AppModel *m)
{
    char err[256];
    AppModel fresh; /* set up beside the old model, so a failure leaves it as it was */
    if (app_model_init(&fresh, &m->lesson, err, sizeof err) != SL_OK) {
        app_model_note(m, 1, "cannot reset the lesson: %s", err);
        return 0;
    }
    fresh.page = m->page;
    fresh.loss_scale = m->loss_scale;
    fresh.revision = m->revision + 1;
    app_model_deinit(m);
    *m = fresh;
    app_model_note(m, 0, "The lesson is as its file sets it up again.");
    return 1;
}

void app_model_page(AppModel *m, int dir)
{
    int n = m->lesson.page_count;
    int p = m->page + dir;
    if (p < 0) p = 0;
    if (p > n - 1) p = n - 1;
    if (p < 0) p = 0;
    if (p != m->page) {
        m->page = p;
        m->revision++;
    }
}

const SlTrainRow *app_model_row(const AppModel *m, int f)
{
    return sl_trainer_current(&m->tr[f]);
}

void app_model_cycle_loss_scale(AppModel *m)
{
    static const char *const words[APP_LOSS_SCALE_COUNT] = {
        "automatic (log where the losses span decades)", "log", "linear"};
    m->loss_scale = (m->loss_scale + 1) % APP_LOSS_SCALE_COUNT;
    app_model_note(m, 0, "loss plot: %s scale", words[m->loss_scale]);
}
SlStatus app_model_export_csv(const AppModel *m, const char *path, char *err, size_t err_len)
{
    AppExport out;
    SlStatus st = app_export_open(&out, path, err, err_len);
    if (st != SL_OK) return st;
    int ok = app_csv_history_header(&out);
    for (int fam = 0; ok && fam < SL_MASK_COUNT; fam++) {
        if (!(m->shown >> fam & 1u)) continue;
        const SlTrainer *tr = &m->tr[fam];
        for (int i = 0; ok && i <= tr->count; i++) ok = app_csv_history_row(&out, &tr->rows[i], (SlMaskKind)fam);
    }
    return app_export_commit(&out, err, err_len); /* reports a failed row too */
}
