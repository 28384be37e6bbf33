/* app_model_settings.c — the settings behind the window's controls: each setting's
 * range, value and change (every change retasks the trainers, never resets them), the
 * optimizer and annealing, the run's length, the page and the loss plot's scale.
 * Plain C (see app_model.h); what a control looks like is the window's. */
#include "app_model.h"

#include <math.h>
#include <string.h>

#include "app_model_internal.h"
#include "app_notes.h"
#include "sl_settings.h"

AppSettingRange app_model_setting_range(const AppModel *m, AppSettingKind s)
{
    float n = (float)m->set.n;
    switch (s) {
    case APP_SET_K: return (AppSettingRange){0.05f, 64.0f, 1, 0};
    case APP_SET_W: return (AppSettingRange){0.25f, 32.0f, 1, 0};
    case APP_SET_LR: return (AppSettingRange){0.001f, 100.0f, 1, 0};
    case APP_SET_T0: return (AppSettingRange){app_model_t_min(m), n, 0, 0};
    case APP_SET_TARGET: return (AppSettingRange){0.0f, n, 0, 0};
    case APP_SET_N: return (AppSettingRange){4.0f, (float)(m->set.n > APP_N_MAX ? m->set.n : APP_N_MAX), 1, 1};
    case APP_SET_COUNT: break;
    }
    return (AppSettingRange){0.0f, 1.0f, 0, 0};
}

float app_model_setting_clamp(AppSettingRange r, float v)
{
    if (isnan(v)) v = r.lo;
    if (v < r.lo) v = r.lo;
    if (v > r.hi) v = r.hi;
    if (r.integer) v = roundf(v);
    return v;
}

float app_model_setting(const AppModel *m, AppSettingKind s)
{
    switch (s) {
    case APP_SET_K: return m->set.k;
    case APP_SET_W: return m->set.w;
    case APP_SET_LR: return m->set.lr;
    case APP_SET_T0: return m->set.t0;
    case APP_SET_TARGET: return m->set.target;
    case APP_SET_N: return (float)m->set.n;
    case APP_SET_COUNT: break;
    }
    return 0.0f;
}

int app_model_setting_applies(const AppModel *m, AppSettingKind s)
{
    switch (m->lesson.kind) {
    case SL_LESSON_NAN: return 0;
    case SL_LESSON_CHANNELS: return s == APP_SET_K || s == APP_SET_LR;
    case SL_LESSON_TASK:
    case SL_LESSON_THRESHOLD:
    case SL_LESSON_KIND_COUNT: break;
    }
    return (unsigned)s < APP_SET_COUNT;
}

int app_model_set(AppModel *m, AppSettingKind s, float value)
{
    if ((unsigned)s >= APP_SET_COUNT) return 0;
    float v = app_model_setting_clamp(app_model_setting_range(m, s), value);
    AppSettings old = m->set;
    switch (s) {
    case APP_SET_K: m->set.k = v; break;
    case APP_SET_W: m->set.w = v; break;
    case APP_SET_LR: m->set.lr = v; break;
    case APP_SET_T0: m->set.t0 = m->want_t0 = v; break;
    case APP_SET_TARGET: m->set.target = m->want_target = v; break;
    case APP_SET_N:
        /* t0 and t* follow the user's values, clamped into the new range only for as
         * long as N is too small for them: N back, they are back. */
        m->set.n = (int)v;
        m->set.t0 = fminf(fmaxf(m->want_t0, -2.0f * v), v);
        m->set.target = fminf(fmaxf(m->want_target, 0.0f), v);
        break;
    case APP_SET_COUNT: return 0;
    }
    if (memcmp(&old, &m->set, sizeof old) == 0) return 1;
    int at_start = app_model_step_count(m) == 0;
    if (!app_model_retask(m, (s == APP_SET_T0 || s == APP_SET_N) && at_start)) {
        m->set = old;
        app_model_retask(m, 0);
        return 0;
    }
    if (s == APP_SET_N) {
        /* A new N: the t axes start again from [0, N]. */
        m->view_lo = 0.0f;
        m->view_hi = (float)m->set.n;
    }
    app_model_view_update(m);
    if (s == APP_SET_T0 && !at_start)
        app_model_note(m, 0, "t0 = %.4g applies at the next reset (r)", (double)m->set.t0);
    app_notes_renew(m);
    return 1;
}

void app_model_steepness(AppModel *m, int dir)
{
    AppSettingRange rk = app_model_setting_range(m, APP_SET_K), rw = app_model_setting_range(m, APP_SET_W);
    AppSettings old = m->set;
    m->set.k = app_model_setting_clamp(rk, dir > 0 ? m->set.k * 2.0f : m->set.k * 0.5f);
    m->set.w = app_model_setting_clamp(rw, dir > 0 ? m->set.w * 0.5f : m->set.w * 2.0f);
    if (!app_model_retask(m, 0)) {
        m->set = old;
        app_model_retask(m, 0);
    }
    app_notes_renew(m);
}

void app_model_lr(AppModel *m, int dir)
{
    app_model_set(m, APP_SET_LR, dir > 0 ? m->set.lr * 2.0f : m->set.lr * 0.5f);
}

void app_model_cycle_optimizer(AppModel *m)
{
    m->set.opt = (SlOptKind)((m->set.opt + 1) % SL_OPT_COUNT);
    app_model_retask(m, 0);
    if (m->set.opt == SL_OPT_ADAM && m->set.lr > 2.0f)
        app_model_note(m, 0, "optimizer: adam — it moves t by about lr = %.3g per step; try lr 0.5",
                       (double)m->set.lr);
    else
        app_model_note(m, 0, "optimizer: %s", sl_optim_name(m->set.opt));
}

void app_model_cycle_anneal(AppModel *m)
{
    m->set.anneal = (SlAnnealKind)((m->set.anneal + 1) % SL_ANNEAL_COUNT);
    app_model_retask(m, 0);
    SlTaskConfig task;
    SlOptConfig opt;
    SlAnneal an;
    app_model_configs(m, &task, &opt, &an);
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
    app_model_configs(m, &task, &opt, &an);
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
    if (!app_model_retask(m, 0)) {
        m->set.k1 = old;
        app_model_retask(m, 0);
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
    if (!app_model_retask(m, 0)) {
        set_max_steps(m, old);
        app_model_retask(m, 0);
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

void app_model_cycle_loss_scale(AppModel *m)
{
    static const char *const words[APP_LOSS_SCALE_COUNT] = {
        "automatic (log where the losses span decades)", "log", "linear"};
    m->loss_scale = (m->loss_scale + 1) % APP_LOSS_SCALE_COUNT;
    app_model_note(m, 0, "loss plot: %s scale", words[m->loss_scale]);
}
