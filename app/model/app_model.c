/* app_model.c — the trainers behind the window, stepped side by side (plain C, see
 * app_model.h): set up, step, back, reset, moving t, the families shown, the t axes.
 * Every number comes from the engine's trainers. The settings are app_model_settings.c,
 * the wording of notes app_notes.c, and what the panels derive from the trainers
 * (landscape, finite differences, chain rule) app_model_derived.c. */
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
#include "app_model_internal.h"
#include "app_notes.h"
#include "app_par.h"

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

void app_model_clear_note(AppModel *m)
{
    if (!m->message[0] && !m->message_error && !m->message_stop) return;
    m->message[0] = '\0';
    m->message_error = 0;
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
    app_model_view_update(m);
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
int app_model_retask(AppModel *m, int reset_start)
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
    app_model_view_update(m);
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
    app_notes_renew(m);
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
    app_model_view_update(m); /* a t0 below 0 stays on the axes */
    m->message[0] = '\0';
    m->message_error = 0;
    m->revision++;
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
        app_notes_stop_reasons(m);
    }
    return 1;
}

void app_model_set_playing(AppModel *m, int playing)
{
    if (playing && app_model_trains(m) && app_model_step_count(m) > 0 && app_model_all_stopped(m)) {
        /* Every family has stopped: a step would change nothing and the stop note would
         * go stale. Say so again, with the way on. */
        m->playing = 0;
        app_notes_stop_reasons(m);
        size_t used = strlen(m->message);
        snprintf(m->message + used, sizeof m->message - used, " r starts again.");
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

void app_model_view_update(AppModel *m)
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
        app_model_retask(m, 0);
    }
    int all = only < 0 || only >= SL_MASK_COUNT || app_model_step_count(m) == 0;
    FamJob job;
    job.op = FAM_SET_T;
    job.t = t;
    job.only = all ? -1 : only;
    fam_run(m, &job, m->tr[0].task.n);
    app_model_view_update(m);
    m->revision++;
    app_notes_renew(m);
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
    app_notes_renew(m);
    return 1;
}

const SlTrainRow *app_model_row(const AppModel *m, int f)
{
    return sl_trainer_current(&m->tr[f]);
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
